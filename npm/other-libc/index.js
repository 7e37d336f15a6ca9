'use strict'

// Linux on arm with musl, which no native module is built for: the WebAssembly build.
module.exports = require('totp-native-wasm32-wasi')
