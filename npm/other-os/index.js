'use strict'

// An operating system no native module is built for (any but darwin, win32, linux): the WebAssembly build.
module.exports = require('totp-native-wasm32-wasi')
