'use strict'

// Loads the native module, as napi-rs packages lay it out: the file
// `totp-native.<platform>.node` beside this one (what `npm run build` writes,
// and what a tarball packed from a built checkout carries), else the
// per-platform package `totp-native-<platform>` that npm installs from
// `optionalDependencies` (what a release carries). NAPI_RS_NATIVE_LIBRARY_PATH
// names a file to load instead. On a platform with neither, the error says
// which platforms have a module and what to do.

const fs = require('node:fs')
const path = require('node:path')
const { platformName, targetOf } = require('./lib/platform')
const { napi, version } = require('./package.json')

/** @param {string} platform */
function missing(platform) {
  const supported = napi.targets.map((triple) => targetOf(triple).platform)
  const known = supported.includes(platform)
  const message =
    `totp-native has no native module for ${platform}. ` +
    `Prebuilt modules exist for ${supported.join(', ')}; npm installs the one for the machine it runs on ` +
    `from the optional dependency ${napi.binaryName}-<platform>. ` +
    (known
      ? `For ${platform} that is ${napi.binaryName}-${platform}@${version}: run \`npm install\` on this machine again, ` +
        'without --omit=optional (or --no-optional), and do not copy node_modules from a machine of another OS, CPU or libc.'
      : `There is none for ${platform}: build one from a clone of the repository with Rust (\`npm run build\`), ` +
        'and point NAPI_RS_NATIVE_LIBRARY_PATH at it.')
  return Object.assign(new Error(message), { code: 'ERR_TOTP_NATIVE_MISSING', platform, supported })
}

function load() {
  if (process.env.NAPI_RS_NATIVE_LIBRARY_PATH) return require(process.env.NAPI_RS_NATIVE_LIBRARY_PATH)
  const platform = platformName()
  const local = path.join(__dirname, `${napi.binaryName}.${platform}.node`)
  if (fs.existsSync(local)) return require(local)
  const pkg = `${napi.binaryName}-${platform}`
  let resolved
  try {
    resolved = require.resolve(pkg)
  } catch {
    throw missing(platform)
  }
  // A package that is there but fails to load (a damaged file, a libc older
  // than it needs) says why itself.
  return require(resolved)
}

module.exports = load()
