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
const { NAPI_CROSS, napiCrossEnv } = require('./toolchains')
const { napi } = require('../package.json')

const root = path.resolve(__dirname, '..')

function option(name) {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : process.argv[at + 1]
}

function hostTriple() {
  const info = execFileSync('rustc', ['-vV'], { encoding: 'utf8' })
  return /^host: (.+)$/m.exec(info)[1].trim()
}

function chooseToolchain(triple) {
  const asked = option('--toolchain') || process.env.TOTP_NATIVE_TOOLCHAIN
  if (asked) return asked
  // napi-rs's cross toolchains run on x64 Linux hosts.
  if (NAPI_CROSS[triple] && process.platform === 'linux' && process.arch === 'x64') return 'napi-cross'
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
  let crossEnv
  try {
    crossEnv = napiCrossEnv(triple)
  } catch (error) {
    // No registry (offline, a mirror without it): still build, for here.
    if (explicit) throw error
    console.warn(`! napi-rs's cross toolchain for ${triple} could not be installed (${error.message.split('\n')[0]}); building with plain cargo`)
    toolchain = 'cargo'
  }
  if (crossEnv) {
    env = { ...process.env, ...crossEnv }
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
