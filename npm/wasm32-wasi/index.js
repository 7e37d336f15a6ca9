'use strict'

// The loader `napi build --target wasm32-wasip1` writes, under the name that
// totp-native's own loader (binding.js) requires for its WebAssembly build.
// Each loader stamps the exports with the build it loaded, and binding.js
// stamps this package's as napi-rs's name for it, wasm32-wasi: the first
// stamp is taken off, or the second would refuse to overwrite it.
const binding = require('./totp-native.wasip1.cjs')
delete binding.__napiBindingTarget
module.exports = binding
