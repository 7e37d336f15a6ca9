#!/usr/bin/env node
'use strict'

// `npm run build`: compiles the crate with cargo (release unless --debug) and
// copies the library to `totp-native.<platform>.node`, the name binding.js
// loads. This is all `napi build` does for a single target; doing it here
// keeps @napi-rs/cli (and the dozens of per-platform packages its tree
// pulls in, which a platform-filtered registry cannot lock) out of the
// dependencies.
//
//   node scripts/build.js [--debug] [--target TRIPLE] [--toolchain napi-cross|zig|cargo]
//
// Linux glibc binaries are linked against glibc 2.17, as napi-rs packages
// are, so that one binary loads on every glibc distribution of the last ten
// years (RHEL/CentOS 7 and Amazon Linux 2 up), not only on machines as new
// as the one that built it. The toolchain is napi-rs's own, the one
// `napi build --use-napi-cross` uses: a GCC with a glibc 2.17 sysroot,
// published on npm as @napi-rs/cross-toolchain-<host>-target-<arch>. It is
// installed from the registry on first use (scripts/tools.js), and cargo is
// pointed at it the way napi-rs does: the target's linker and C compiler.
// `--toolchain zig` links with `cargo zigbuild` instead (musl and 32-bit ARM
// in the release pipeline), and `--toolchain cargo` (or TOTP_NATIVE_TOOLCHAIN=
// cargo, or a host the cross toolchain does not run on) links against this
// machine's own glibc: that binary is for this machine alone.

const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { platformName, targetOf } = require('../lib/platform')
const { cacheRoot, npmTool } = require('./tools')
const { napi } = require('../package.json')

const root = path.resolve(__dirname, '..')

// napi-rs's cross toolchains this registry serves, by host and target.
const NAPI_CROSS = {
  'x64 x86_64-unknown-linux-gnu': '@napi-rs/cross-toolchain-x64-target-x86_64@1.0.0',
  'x64 aarch64-unknown-linux-gnu': '@napi-rs/cross-toolchain-x64-target-aarch64@1.0.3',
}

function option(name) {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : process.argv[at + 1]
}

function hostTriple() {
  const info = execFileSync('rustc', ['-vV'], { encoding: 'utf8' })
  return /^host: (.+)$/m.exec(info)[1].trim()
}

/** The cross toolchain unpacked into the cache (once), as napi-rs unpacks it. */
function napiCrossToolchain(spec, triple) {
  const dir = path.join(cacheRoot, 'napi-cross', spec.replace(/[/@]/g, '+'))
  if (!fs.existsSync(path.join(dir, 'bin', `${triple}-gcc`))) {
    const modules = npmTool(spec)
    const name = spec.slice(0, spec.lastIndexOf('@'))
    const archive = require(path.join(modules, name)).toolchainPath
    const staging = `${dir}.partial`
    fs.rmSync(staging, { recursive: true, force: true })
    fs.mkdirSync(staging, { recursive: true })
    console.error(`> unpacking ${path.basename(archive)}`)
    execFileSync('tar', ['-xJf', archive, '-C', staging], { stdio: 'inherit' })
    fs.rmSync(dir, { recursive: true, force: true })
    fs.renameSync(staging, dir)
    // The unpacked tree is what builds use; the archive's package is done with.
    fs.rmSync(path.dirname(modules), { recursive: true, force: true })
  }
  return dir
}

/** The variables napi-rs sets for `--use-napi-cross`: cargo links, and any C code compiles, with the toolchain. */
function napiCrossEnv(toolchain, triple) {
  const bin = (tool) => path.join(toolchain, 'bin', `${triple}-${tool}`)
  const sysroot = path.join(toolchain, triple, 'sysroot')
  const key = triple.toUpperCase().replace(/-/g, '_')
  const envTriple = triple.replace(/-/g, '_')
  return {
    [`CARGO_TARGET_${key}_LINKER`]: bin('gcc'),
    [`CC_${envTriple}`]: bin('gcc'),
    [`CXX_${envTriple}`]: bin('g++'),
    [`AR_${envTriple}`]: bin('ar'),
    TARGET_SYSROOT: sysroot,
    PATH: `${path.join(toolchain, 'bin')}${path.delimiter}${process.env.PATH}`,
  }
}

function chooseToolchain(triple) {
  const asked = option('--toolchain') || process.env.TOTP_NATIVE_TOOLCHAIN
  if (asked) return asked
  if (NAPI_CROSS[`${process.arch} ${triple}`] && process.platform === 'linux') return 'napi-cross'
  if (triple.includes('-linux-') && triple !== hostTriple()) return 'zig'
  return 'cargo'
}

const release = !process.argv.includes('--debug')
const explicit = option('--target')
const triple = explicit || hostTriple()
let toolchain = chooseToolchain(triple)

const args = ['build', '--lib', '--message-format=json-render-diagnostics', ...(release ? ['--release'] : [])]
let env = process.env
if (toolchain === 'napi-cross') {
  const spec = NAPI_CROSS[`${process.arch} ${triple}`]
  if (!spec) throw new Error(`napi-rs has no cross toolchain here for ${process.arch} → ${triple}`)
  let unpacked
  try {
    unpacked = napiCrossToolchain(spec, triple)
  } catch (error) {
    // No registry (offline, a mirror without it): still build, for here.
    if (explicit) throw error
    console.warn(`! ${spec} could not be installed (${error.message.split('\n')[0]}); building with plain cargo`)
    toolchain = 'cargo'
  }
  if (unpacked) {
    env = { ...process.env, ...napiCrossEnv(unpacked, triple) }
    args.splice(1, 0, '--target', triple)
  }
} else if (toolchain === 'zig') {
  // cargo-zigbuild reads a glibc version off the triple; musl needs none.
  args.splice(0, 1, 'zigbuild', '--target', targetOf(triple).libc === 'glibc' ? `${triple}.2.17` : triple)
} else if (toolchain === 'cargo') {
  if (explicit) args.splice(1, 0, '--target', triple)
} else {
  throw new Error(`unknown toolchain ${toolchain}: napi-cross, zig or cargo`)
}

if (triple.includes('-musl')) {
  // A musl cdylib links libc dynamically, as napi-rs builds it (Rust's musl targets link it statically by default).
  env = { ...env, [`CARGO_TARGET_${triple.toUpperCase().replace(/-/g, '_')}_RUSTFLAGS`]: '-C target-feature=-crt-static' }
}

const cargo = spawnSync('cargo', args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 })
if (cargo.error) throw cargo.error
if (cargo.status !== 0) process.exit(cargo.status ?? 1)

const library = cargo.stdout
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .map((line) => JSON.parse(line))
  .filter((message) => message.reason === 'compiler-artifact' && message.target.kind.includes('cdylib'))
  .flatMap((message) => message.filenames)
  .find((file) => /\.(so|dylib|dll)$/.test(file))
if (!library) throw new Error('cargo built no cdylib')

const output = path.join(root, `${napi.binaryName}.${explicit ? targetOf(triple).platform : platformName()}.node`)
// Copy to a temporary name and rename, so a running process that has the old
// module mapped is not handed a half-written file.
fs.copyFileSync(library, `${output}.tmp`)
fs.renameSync(`${output}.tmp`, output)
const how = { cargo: 'cargo', zig: 'cargo zigbuild', 'napi-cross': "napi-rs's cross toolchain, glibc 2.17" }[toolchain]
console.log(`built ${path.relative(root, output)} (${release ? 'release' : 'debug'}, ${how}, ${fs.statSync(output).size} bytes)`)
const glibc = process.report.getReport().header.glibcVersionRuntime
if (toolchain === 'cargo' && !explicit && glibc) {
  console.warn(
    `! linked against this machine's glibc ${glibc}: this module is for this machine (and others with glibc ${glibc} or newer) only. ` +
      "Release builds link against glibc 2.17 with napi-rs's cross toolchain (the default on x64 Linux).",
  )
}
