'use strict'

// Loads the native module, as napi-rs packages lay it out: the file
// `totp-native.<platform>.node` beside this one (what `npm run build` writes
// and the npm tarball carries), else the per-platform package
// `totp-native-<platform>`. NAPI_RS_NATIVE_LIBRARY_PATH names a file to load
// instead. On a platform with neither, the error says which platforms exist.

const fs = require('node:fs')
const path = require('node:path')
const { platformName } = require('./lib/platform')
const { napi } = require('./package.json')

function load() {
  if (process.env.NAPI_RS_NATIVE_LIBRARY_PATH) return require(process.env.NAPI_RS_NATIVE_LIBRARY_PATH)
  const platform = platformName()
  const local = path.join(__dirname, `${napi.binaryName}.${platform}.node`)
  if (fs.existsSync(local)) return require(local)
  try {
    return require(`${napi.binaryName}-${platform}`)
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND') throw error
  }
  const built = napi.targets.join(', ')
  const failure = new Error(
    `totp-native has no native module for ${platform} (it is built for: ${built}). ` +
      `From a clone of the repository, \`npm run build\` compiles one with Rust.`,
  )
  failure.code = 'ERR_TOTP_NATIVE_MISSING'
  throw failure
}

module.exports = load()
