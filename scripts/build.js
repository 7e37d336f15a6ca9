#!/usr/bin/env node
'use strict'

// `npm run build`: `napi build` (release unless --debug), with the linker
// this project releases with.
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

// `napi build` runs cargo, copies the library to
// `totp-native.<platform>.node`, and writes the loader (binding.js) and the
// native types (binding.d.ts) from the `#[napi]` declarations.
const args = ['build', '--platform', '--js', 'binding.js', '--dts', 'binding.d.ts', ...(release ? ['--release'] : [])]
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
    args.push('--target', triple)
  }
} else if (toolchain === 'zig') {
  // napi build links other Linux targets with cargo-zigbuild.
  args.push('--target', triple, '--cross-compile')
} else if (toolchain === 'cargo') {
  if (explicit) args.push('--target', triple)
} else {
  throw new Error(`unknown toolchain ${toolchain}: napi-cross, zig or cargo`)
}

if (triple.includes('-musl')) {
  // A musl cdylib links libc dynamically, as napi-rs builds it (Rust's musl targets link it statically by default).
  env = { ...env, [`CARGO_TARGET_${triple.toUpperCase().replace(/-/g, '_')}_RUSTFLAGS`]: '-C target-feature=-crt-static' }
}

const napiCli = path.join(root, 'node_modules', '@napi-rs', 'cli', 'dist', 'cli.js')
const built = spawnSync(process.execPath, [napiCli, ...args], { cwd: root, env, stdio: 'inherit' })
if (built.error) throw built.error
if (built.status !== 0) process.exit(built.status ?? 1)

const output = path.join(root, `${napi.binaryName}.${explicit ? targetOf(triple).platform : platformName()}.node`)
const how = { cargo: 'cargo', zig: 'cargo zigbuild', 'napi-cross': "napi-rs's cross toolchain, glibc 2.17" }[toolchain]
console.log(`built ${path.relative(root, output)} (${release ? 'release' : 'debug'}, ${how}, ${fs.statSync(output).size} bytes)`)
const glibc = process.report.getReport().header.glibcVersionRuntime
if (toolchain === 'cargo' && !explicit && glibc) {
  console.warn(
    `! linked against this machine's glibc ${glibc}: this module is for this machine (and others with glibc ${glibc} or newer) only. ` +
      "Release builds link against glibc 2.17 with napi-rs's cross toolchain (the default on x64 Linux).",
  )
}
