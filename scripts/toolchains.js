'use strict'

// The toolchains that build the native module for each Rust target of
// package.json's `napi.targets` on an x64 Linux machine, each taken from a
// registry and kept in the cache of scripts/tools.js:
//
//   - the standard library: rustup's where it has the target; elsewhere
//     built from source (cargo's build-std) by Debian's `rustc-web` with the
//     sources of `rust-web-src`, the one way to have a std for a target
//     rustup cannot install;
//   - Linux glibc (x64, arm64): napi-rs's cross toolchains from npm, GCC over
//     a real glibc 2.17 sysroot, as `napi build --use-napi-cross` sets them up;
//   - 32-bit ARM glibc, musl, macOS and MinGW: zig (PyPI `ziglang`) through
//     cargo-zigbuild (PyPI), `napi build --cross-compile`'s linker;
//   - WebAssembly: wasi-libc (Debian), emnapi's libraries (npm) and lld.
//
// Each function returns environment variables for `napi build`; none changes
// the machine outside the cache.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { cacheRoot, debPackage, npmTool, pipTool, shown } = require('./tools')

const root = path.resolve(__dirname, '..')

// napi-rs's cross toolchains this registry serves for an x64 host (there is
// none for armv7 here: zig links it).
const NAPI_CROSS = {
  'x86_64-unknown-linux-gnu': '@napi-rs/cross-toolchain-x64-target-x86_64@1.0.0',
  'aarch64-unknown-linux-gnu': '@napi-rs/cross-toolchain-x64-target-aarch64@1.0.3',
}
const ZIG = 'ziglang==0.15.2'
const CARGO_ZIGBUILD = 'cargo-zigbuild==0.24.1'

// Debian's second compiler: the one whose library sources are installed.
const SOURCE_RUSTC = '/usr/bin/rustc'
// Debian 13's wasi-libc (the upstream snapshot of 2024-12-09).
const WASI_LIBC = '0.0~git20241209'

/** The cross toolchain of `triple`, unpacked into the cache (once), as napi-rs unpacks it. */
function napiCrossToolchain(triple) {
  const spec = NAPI_CROSS[triple]
  if (!spec) throw new Error(`napi-rs has no cross toolchain here for ${triple}`)
  const dir = path.join(cacheRoot, 'napi-cross', spec.replace(/[/@]/g, '+'))
  if (!fs.existsSync(path.join(dir, 'bin', `${triple}-gcc`))) {
    const modules = npmTool(spec)
    const name = spec.slice(0, spec.lastIndexOf('@'))
    const archive = require(path.join(modules, name)).toolchainPath
    const staging = `${dir}.partial`
    fs.rmSync(staging, { recursive: true, force: true })
    fs.mkdirSync(staging, { recursive: true })
    console.error(`> unpacking ${path.basename(archive)} into ${shown(dir)}`)
    execFileSync('tar', ['-xJf', archive, '-C', staging], { stdio: 'inherit' })
    fs.rmSync(dir, { recursive: true, force: true })
    fs.renameSync(staging, dir)
    // The unpacked tree is what builds use; the archive's package is done with.
    fs.rmSync(path.dirname(modules), { recursive: true, force: true })
  }
  return dir
}

/** The variables napi-rs sets for `--use-napi-cross`: cargo links, and any C code compiles, with the toolchain. */
function napiCrossEnv(triple) {
  const toolchain = napiCrossToolchain(triple)
  const bin = (tool) => path.join(toolchain, 'bin', `${triple}-${tool}`)
  const envTriple = triple.replace(/-/g, '_')
  return {
    [`CARGO_TARGET_${envTriple.toUpperCase()}_LINKER`]: bin('gcc'),
    [`CC_${envTriple}`]: bin('gcc'),
    [`CXX_${envTriple}`]: bin('g++'),
    [`AR_${envTriple}`]: bin('ar'),
    TARGET_SYSROOT: path.join(toolchain, triple, 'sysroot'),
  }
}

/** A folder holding `zig` and `cargo-zigbuild`, for PATH: what `napi build -x` looks for. */
function zigBin() {
  const dir = path.join(cacheRoot, 'bin', `zig-${ZIG.split('==')[1]}-cargo-zigbuild-${CARGO_ZIGBUILD.split('==')[1]}`)
  if (fs.existsSync(path.join(dir, '.complete'))) return dir
  const zig = path.join(pipTool(ZIG), 'ziglang', 'zig')
  const zigbuild = path.join(pipTool(CARGO_ZIGBUILD), 'bin', 'cargo-zigbuild')
  fs.mkdirSync(dir, { recursive: true })
  const link = (target, name) => {
    fs.rmSync(path.join(dir, name), { force: true })
    fs.symlinkSync(target, path.join(dir, name))
  }
  link(zig, 'zig')
  link(zigbuild, 'cargo-zigbuild')
  // rustc makes the import libraries of Windows std's raw-dylib imports with
  // the MinGW dlltool of the target; cargo-zigbuild answers to that name
  // with zig's, as it does inside `cargo zigbuild`.
  link(zigbuild, 'x86_64-w64-mingw32-dlltool')
  link(zigbuild, 'aarch64-w64-mingw32-dlltool')
  fs.writeFileSync(path.join(dir, '.complete'), `${ZIG} ${CARGO_ZIGBUILD}\n`)
  return dir
}

function rustupTargets() {
  try {
    return execFileSync('rustup', ['target', 'list', '--installed'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')
  } catch {
    return []
  }
}

/**
 * How cargo gets a standard library for `triple`: rustup's prebuilt one when
 * it is installed (as on CI runners, where `rustup target add` works), else
 * build-std over Debian's rustc-web and its library sources. wasm is built
 * `panic=abort`, the only panic strategy its std supports.
 */
function stdEnv(triple, { panic = 'unwind' } = {}) {
  if (rustupTargets().includes(triple)) return {}
  const sysroot = fs.existsSync(SOURCE_RUSTC) ? execFileSync(SOURCE_RUSTC, ['--print', 'sysroot'], { encoding: 'utf8' }).trim() : undefined
  if (!sysroot || !fs.existsSync(path.join(sysroot, 'lib', 'rustlib', 'src', 'rust', 'library', 'std'))) {
    throw new Error(
      `no standard library for ${triple}: rustup has none installed (\`rustup target add ${triple}\`), ` +
        'and building one needs Debian\'s rustc-web and rust-web-src (apt-get install rustc-web rust-web-src)',
    )
  }
  return {
    RUSTC: SOURCE_RUSTC,
    // build-std is a nightly feature of cargo and rustc; this lets the stable ones use it.
    RUSTC_BOOTSTRAP: '1',
    CARGO_UNSTABLE_BUILD_STD: `std,panic_${panic}`,
  }
}

/** The manifest folder of the locked version of crate `name`, as cargo resolved it. */
function crateSource(name) {
  const metadata = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--manifest-path', path.join(root, 'Cargo.toml')], { encoding: 'utf8', maxBuffer: 64 << 20 }))
  const found = metadata.packages.find((pkg) => pkg.name === name)
  if (!found) throw new Error(`${name} is not in Cargo.lock`)
  return { version: found.version, dir: path.dirname(found.manifest_path) }
}

/**
 * What the MinGW link of a Node addon needs and no registry ships: an import
 * library of the N-API functions node.exe exports (napi-build links `-lnode`
 * from LIBNODE_PATH), written by llvm-dlltool from the names napi-sys
 * declares, and an empty `ssp_nonshared` archive, which Rust's
 * windows-gnu link line names although nothing is taken from it.
 */
function libnodeDir(cpu = 'x64') {
  const machine = { x64: 'i386:x86-64', arm64: 'arm64' }[cpu]
  const napiSys = crateSource('napi-sys')
  const dir = path.join(cacheRoot, 'libnode', `napi-sys-${napiSys.version}-${cpu}`)
  if (fs.existsSync(path.join(dir, 'libnode.dll'))) return dir
  const source = fs.readFileSync(path.join(napiSys.dir, 'src', 'functions.rs'), 'utf8')
  const names = [...new Set([...source.matchAll(/\bfn ((?:napi|node_api)_\w+)\s*\(/g)].map((match) => match[1]))].sort()
  if (names.length < 100) throw new Error(`found only ${names.length} N-API functions in napi-sys ${napiSys.version}`)
  const staging = `${dir}.partial`
  fs.rmSync(staging, { recursive: true, force: true })
  fs.mkdirSync(staging, { recursive: true })
  fs.writeFileSync(path.join(staging, 'node.def'), `LIBRARY node.exe\nEXPORTS\n${names.join('\n')}\n`)
  execFileSync(llvmTool('llvm-dlltool'), ['-m', machine, '-d', 'node.def', '-l', 'libnode.dll.a'], { cwd: staging })
  // zig's linker looks for `-lnode` as libnode.a; napi-build checks that a
  // file named libnode.dll exists before it links.
  fs.copyFileSync(path.join(staging, 'libnode.dll.a'), path.join(staging, 'libnode.a'))
  fs.copyFileSync(path.join(staging, 'libnode.dll.a'), path.join(staging, 'libnode.dll'))
  execFileSync(llvmTool('llvm-ar'), ['rc', 'libssp_nonshared.a'], { cwd: staging })
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(staging, dir)
  return dir
}

/**
 * A linker for a MinGW target: zig, through cargo-zigbuild's `zig cc`
 * (which supplies the MinGW libraries Rust's link line names), as `napi
 * build -x` would call it if it took windows-gnu. rustc names the
 * exports of a DLL in a .def file given as `-Wl,FILE.def`, which
 * cargo-zigbuild drops, so that every Rust symbol is exported (2.2 MB
 * against 1.2 MB, nothing dead-stripped); given as an input file, zig
 * takes it. The script moves it there.
 */
function mingwLinker(zigTarget) {
  const zig = zigBin()
  const file = path.join(zig, `zig-link-${zigTarget}`)
  if (!fs.existsSync(file)) {
    const script = [
      '#!/bin/sh',
      'for arg do',
      '  shift',
      '  case "$arg" in',
      `    -Wl,*.def) set -- "$@" "\${arg#-Wl,}" ;;`,
      '    *) set -- "$@" "$arg" ;;',
      '  esac',
      'done',
      `exec '${path.join(zig, 'cargo-zigbuild')}' zig cc -- -fno-sanitize=all -target ${zigTarget} "$@"`,
      '',
    ]
    fs.writeFileSync(`${file}.tmp`, script.join('\n'), { mode: 0o755 })
    fs.renameSync(`${file}.tmp`, file)
  }
  return file
}

/**
 * What `napi build --target wasm32-wasip1` needs besides emnapi (a
 * devDependency): a standard library, built from Debian's sources as for
 * the other targets, and a sysroot holding the C library that std and
 * napi-build's reactor startup link against. No wasm32 sysroot can be
 * installed with rustup here, so one is made in the cache: Debian's
 * host libraries and library sources, Debian 13's wasi-libc as the
 * target's self-contained objects (Debian 12's is from 2022, older than
 * what std 1.96 calls), and rustup's rust-lld, the linker wasm targets
 * use. RUSTC is a script giving Debian's rustc that sysroot.
 */
function wasiEnv() {
  const triple = 'wasm32-wasip1'
  // rustup's wasm32-wasip1 (where it can be installed) carries its own sysroot.
  if (rustupTargets().includes(triple)) return {}
  const rustcVersion = /^release: (\S+)$/m.exec(execFileSync(SOURCE_RUSTC, ['-vV'], { encoding: 'utf8' }))[1]
  const sysroot = path.join(cacheRoot, 'wasi-sysroot', `rustc-${rustcVersion}-wasi-libc-${WASI_LIBC}`)
  const rustc = path.join(sysroot, 'rustc')
  if (!fs.existsSync(rustc)) {
    stdEnv(triple) // says what to install when Debian's rustc is missing
    const debianRoot = execFileSync(SOURCE_RUSTC, ['--print', 'sysroot'], { encoding: 'utf8' }).trim()
    const hostTriple = /^host: (\S+)$/m.exec(execFileSync(SOURCE_RUSTC, ['-vV'], { encoding: 'utf8' }))[1]
    const rustupRoot = execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim()
    const rustupBin = path.join(rustupRoot, 'lib', 'rustlib', hostTriple, 'bin')
    if (!fs.existsSync(path.join(rustupBin, 'rust-lld'))) throw new Error(`rust-lld not found in ${rustupBin}: rustup's toolchain is needed for its wasm linker`)
    const libc = path.join(debPackage('wasi-libc', { arch: 'all', version: WASI_LIBC }), 'usr', 'lib', triple)
    const staging = `${sysroot}.partial`
    fs.rmSync(staging, { recursive: true, force: true })
    const rustlib = path.join(staging, 'lib', 'rustlib')
    fs.mkdirSync(path.join(rustlib, hostTriple, 'bin'), { recursive: true })
    fs.symlinkSync(path.join(debianRoot, 'lib', 'rustlib', hostTriple, 'lib'), path.join(rustlib, hostTriple, 'lib'))
    fs.symlinkSync(path.join(debianRoot, 'lib', 'rustlib', 'src'), path.join(rustlib, 'src'))
    for (const tool of ['rust-lld', 'gcc-ld']) fs.symlinkSync(path.join(rustupBin, tool), path.join(rustlib, hostTriple, 'bin', tool))
    const selfContained = path.join(rustlib, triple, 'lib', 'self-contained')
    fs.mkdirSync(selfContained, { recursive: true })
    for (const file of fs.readdirSync(libc)) fs.copyFileSync(path.join(libc, file), path.join(selfContained, file))
    fs.writeFileSync(path.join(staging, 'rustc'), `#!/bin/sh\nexec '${SOURCE_RUSTC}' --sysroot '${sysroot}' "$@"\n`, { mode: 0o755 })
    fs.rmSync(sysroot, { recursive: true, force: true })
    fs.renameSync(staging, sysroot)
  }
  return { ...stdEnv(triple, { panic: 'abort' }), RUSTC: rustc }
}

/** An LLVM tool from Debian's `llvm` (unversioned, or the newest versioned one). */
function llvmTool(name) {
  const candidates = [`/usr/bin/${name}`, ...fs.readdirSync('/usr/lib').filter((dir) => /^llvm-\d+$/.test(dir)).sort((a, b) => Number(b.slice(5)) - Number(a.slice(5))).map((dir) => `/usr/lib/${dir}/bin/${name}`)]
  const found = candidates.find((file) => fs.existsSync(file))
  if (!found) throw new Error(`${name} not found: apt-get install llvm`)
  return found
}

module.exports = { NAPI_CROSS, ZIG, CARGO_ZIGBUILD, napiCrossEnv, zigBin, mingwLinker, wasiEnv, stdEnv, libnodeDir, llvmTool, crateSource, debPackage }
