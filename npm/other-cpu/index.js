'use strict'

// Darwin, win32, linux on a CPU no native module is built for (any but x64, arm64, arm): the WebAssembly build.
module.exports = require('totp-native-wasm32-wasi')
