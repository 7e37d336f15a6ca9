'use strict'

// The napi-rs names of platforms (`linux-x64-gnu`, `darwin-arm64`,
// `win32-x64-msvc`, …): the suffix of the native module's file name and of
// the per-platform package that carries it. The Rust targets a release
// builds are package.json's `napi.targets`; targetOf() turns one into its
// platform name and the `os`, `cpu` and `libc` npm matches a package against.

const fs = require('fs')

function isMusl() {
  try {
    // glibc's ldd is a shell script naming glibc; musl's is the musl loader.
    return fs.readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
  } catch {
    // No ldd: ask the runtime whether it runs on glibc.
    const report = /** @type {{ header?: { glibcVersionRuntime?: string } } | undefined} */ (process.report?.getReport?.())
    return !report?.header?.glibcVersionRuntime
  }
}

/**
 * @param {string} [platform] process.platform
 * @param {string} [arch] process.arch
 * @param {boolean} [musl] whether a Linux system's libc is musl
 * @returns {string}
 */
function platformName(platform = process.platform, arch = process.arch, musl = platform === 'linux' && isMusl()) {
  if (platform === 'linux') {
    const abi = musl ? 'musl' : 'gnu'
    // 32-bit ARM Linux is hard-float wherever Node runs, and napi-rs names it so.
    return `linux-${arch}-${arch === 'arm' ? `${abi}eabihf` : abi}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

/** @type {Record<string, string>} */
const CPUS = { x86_64: 'x64', aarch64: 'arm64', armv7: 'arm', i686: 'ia32' }
/** @type {Record<string, string>} */
const SYSTEMS = { darwin: 'darwin', windows: 'win32', linux: 'linux' }

/**
 * What a Rust target triple (`aarch64-unknown-linux-musl`) is to npm:
 * { triple, platform: 'linux-arm64-musl', os: 'linux', cpu: 'arm64', libc: 'musl' }.
 * @param {string} triple
 * @returns {{ triple: string, platform: string, os: string, cpu: string, libc?: 'glibc' | 'musl' }}
 */
function targetOf(triple) {
  const [arch, , system, abi] = triple.split('-')
  const cpu = CPUS[arch]
  const os = SYSTEMS[system]
  if (!cpu || !os) throw new Error(`unknown Rust target ${triple}`)
  if (os === 'linux') {
    const musl = (abi || '').startsWith('musl')
    return { triple, platform: platformName(os, cpu, musl), os, cpu, libc: musl ? 'musl' : 'glibc' }
  }
  return { triple, platform: platformName(os, cpu), os, cpu }
}

/**
 * The packages that bring the WebAssembly build (`<binaryName>-wasm32-wasi`)
 * where no native package matches, by the platforms they match: another OS,
 * another CPU, another libc (scripts/packages.js writes them). They are the
 * main package's optional dependencies, so a strict layout (pnpm's, yarn's
 * Plug'n'Play) lets the loader reach the WebAssembly build only through them.
 */
const WASM_FALLBACKS = ['other-os', 'other-cpu', 'other-libc']

module.exports = { platformName, targetOf, WASM_FALLBACKS }
