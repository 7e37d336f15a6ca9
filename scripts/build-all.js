#!/usr/bin/env node
'use strict'

// `npm run build:all`: builds the native module for every Rust target of
// package.json's `napi.targets` on this one x64 Linux machine, with `napi
// build` and the toolchains of scripts/toolchains.js, then checks each file
// it made. The release pipeline runs this same script, a target a job.
//
//   node scripts/build-all.js [--target TRIPLE,…] [--out DIR] [--jobs N]
//
// Targets build N at a time (default 2), each in a cargo target folder of
// its own under the cache (a link with codegen-units = 1 keeps one core
// busy for a minute; two builds keep both busy), with its output in
// DIR/logs/<platform>.log.
//
// Each module lands in DIR (default `artifacts/`) as
// `bindings-<platform>/totp-native.<platform>.node`, the layout the release's
// build jobs upload and `scripts/release.js artifacts` reads. The msvc
// targets need Microsoft's linker and libraries: here they are compiled,
// `cargo check`ed with their own std, so that no compile error for them
// reaches the pipeline, and the MinGW builds of the same source stand in
// for them (x86_64-pc-windows-gnu runs here under wine;
// aarch64-pc-windows-gnullvm is inspected). wasm32-wasip1 is the
// WebAssembly build. `--target` picks any of them. A summary table, and
// `DIR/build-report.json`, say what each file is.
//
// The checks, per file: the format and CPU its headers name; on Linux glibc
// no symbol version newer than GLIBC_2.17 and no library beyond glibc's and
// the GCC runtime; on musl no library but libc; on Windows no DLL that a
// Windows machine lacks; the exported napi_register_module_v1; stripped, and
// under a size bound (zig's macOS and MinGW links came out twice the size,
// every Rust symbol exported and nothing stripped); on macOS the minimum OS
// version and, on arm64, the code signature without which macOS refuses to
// load it; on wasm the registration export and WASI and N-API imports only.

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { targetOf } = require('../lib/platform')
const { cacheRoot } = require('./tools')
const { napiCrossEnv, zigBin, mingwLinker, wasiEnv, stdEnv, libnodeDir } = require('./toolchains')
const { inspect, compareVersions } = require('./inspect-binary')
const { WASM } = require('./packages')
const { napi } = require('../package.json')

const root = path.resolve(__dirname, '..')

// Beyond napi.targets: the MinGW builds of the Windows modules (wine runs
// the x64 one here; the registry simulation ships both in place of the
// msvc ones), and the WebAssembly build (scripts/packages.js).
const MINGW = { 'x86_64-pc-windows-gnu': { platform: 'win32-x64-gnu', zig: 'x86_64-windows-gnu', cpu: 'x64' }, 'aarch64-pc-windows-gnullvm': { platform: 'win32-arm64-gnullvm', zig: 'aarch64-windows-gnu', cpu: 'arm64' } }
const EXTRA_TARGETS = [...Object.keys(MINGW), WASM.triple]

// The macOS versions napi-rs packages (and Node's own builds) support; zig
// would otherwise stamp its own default, the newest macOS.
const MACOS_DEPLOYMENT_TARGET = { 'x86_64-apple-darwin': '10.12', 'aarch64-apple-darwin': '11.0' }

const GLIBC_BASELINE = 'GLIBC_2.17'
const GLIBC_LIBRARIES = ['libc.so.6', 'libm.so.6', 'libdl.so.2', 'libpthread.so.0', 'librt.so.1', 'libgcc_s.so.1', /^ld-linux[-\w.]*\.so\.\d$/]
// The musl loader answers to these names itself.
const MUSL_LIBRARIES = [/^libc\.so$/, /^libc\.musl-\w+\.so\.1$/]
// DLLs every Windows 10 and later has; a MinGW runtime DLL (libgcc_s_seh,
// libwinpthread) would be missing on a user's machine.
const WINDOWS_LIBRARIES = [/^(kernel32|ntdll|advapi32|bcrypt|bcryptprimitives|ws2_32|userenv|user32|shell32|ole32|oleaut32|synchronization|api-ms-win-[\w-]+)\.dll$/i, /^node\.exe$/i]
const MACOS_LIBRARIES = [/^\/usr\/lib\/libSystem\.B\.dylib$/, /^\/usr\/lib\/libiconv\.2\.dylib$/, /^\/usr\/lib\/libcharset\.1\.dylib$/, /^\/usr\/lib\/libresolv\.9\.dylib$/, /^\/System\/Library\/Frameworks\/CoreFoundation\.framework\//]
// A stripped module is about 1.0–1.3 MB; zig's unstripped macOS links,
// every symbol exported, were 2.6 MB. The MinGW stand-ins come out at 2.0
// MB with one export and no symbol table: their code is larger (Windows
// unwinding and std's MinGW support), and they are not what a release ships.
const MAX_BYTES = 1.75 * 1024 * 1024
const MAX_MINGW_BYTES = 2.25 * 1024 * 1024

function option(name) {
  const at = process.argv.indexOf(name)
  return at === -1 ? undefined : process.argv[at + 1]
}

const outDir = path.resolve(root, option('--out') || 'artifacts')
const targetRoot = process.env.CARGO_TARGET_DIR || path.join(cacheRoot, 'cargo-targets')
const jobs = Number(option('--jobs') || 2)
const chosen = option('--target') ? option('--target').split(',') : [...napi.targets, ...EXTRA_TARGETS]

/** The platform name of a triple, napi-rs's (`win32-x64-gnu` for the MinGW build). */
function platformOf(triple) {
  if (MINGW[triple]) return MINGW[triple].platform
  if (triple === WASM.triple) return WASM.platform
  return targetOf(triple).platform
}

/**
 * How each target is built here: 'napi-cross' (napi-rs's GCC and glibc 2.17),
 * 'zig' (`napi build -x`, cargo-zigbuild), 'mingw' (zig through
 * cargo-zigbuild for windows-gnu, which `-x` refuses: mingwLinker), 'native' (the host's own toolchain, on the
 * pipeline's Windows runners), or 'check' (compiled, not linked).
 */
function recipe(triple) {
  const std = () => stdEnv(triple)
  if (triple === 'x86_64-unknown-linux-gnu' || triple === 'aarch64-unknown-linux-gnu') {
    return { how: 'napi-cross', env: () => ({ ...std(), ...napiCrossEnv(triple) }), args: ['--target', triple] }
  }
  if (triple.endsWith('-linux-gnueabihf')) {
    // cargo-zigbuild reads the glibc version to link against off the triple.
    return { how: 'zig', env: std, args: ['-x', '--strip', '--target', `${triple}.2.17`] }
  }
  if (triple.endsWith('-linux-musl')) return { how: 'zig', env: std, args: ['-x', '--strip', '--target', triple] }
  if (triple.endsWith('-apple-darwin')) {
    const env = () => ({
      ...std(),
      MACOSX_DEPLOYMENT_TARGET: MACOS_DEPLOYMENT_TARGET[triple],
      // zig's ld64 ignores -exported_symbols_list, with which rustc keeps a
      // cdylib's Rust symbols out of its exports; exported, they could not
      // be dead-stripped either (2.6 MB against 1.2 MB). Hidden by default,
      // only the C-level exports (napi_register_module_v1) stay. And zig's
      // ld64 takes -x (no local symbols in the symbol table) where it
      // ignores -s: that is the strip, done in the link, before zig signs
      // the file (arm64 macOS loads only signed code).
      RUSTFLAGS: `${process.env.RUSTFLAGS || ''} -Zdefault-visibility=hidden -C link-arg=-Wl,-x`.trim(),
      RUSTC_BOOTSTRAP: '1',
      // rustc would strip after the link with rust-objcopy, which Debian's
      // rustc lacks and which would void that signature.
      CARGO_PROFILE_RELEASE_STRIP: 'false',
    })
    return { how: 'zig', env, args: ['-x', '--target', triple] }
  }
  if (MINGW[triple]) {
    const { zig, cpu } = MINGW[triple]
    const env = () => ({ ...std(), [`CARGO_TARGET_${triple.toUpperCase().replace(/-/g, '_')}_LINKER`]: mingwLinker(zig), LIBNODE_PATH: libnodeDir(cpu) })
    return { how: 'mingw', env, args: ['--target', triple] }
  }
  if (triple === WASM.triple) {
    // The module and napi-rs's loader for it, which the package ships.
    return { how: 'wasi', env: wasiEnv, args: ['--target', triple], outputs: [`${napi.binaryName}.${triple}.wasm`, `${napi.binaryName}.${WASM.loader}`] }
  }
  if (triple.endsWith('-windows-msvc')) {
    return process.platform === 'win32' ? { how: 'native', env: std, args: ['--target', triple] } : { how: 'check', env: std }
  }
  throw new Error(`no recipe for ${triple}`)
}

/** What must hold of the file built for `triple`: a list of problems, empty when it is right. */
function problemsOf(triple, facts) {
  if (triple === WASM.triple) {
    const problems = []
    if (facts.format !== 'wasm') problems.push(`format ${facts.format}`)
    if (!facts.exports.includes('napi_register_wasm_v1')) problems.push('does not export napi_register_wasm_v1')
    // What the module may ask of its host: WASI preview 1, and N-API as emnapi gives it.
    const unexpected = facts.needed.filter((module) => !['wasi_snapshot_preview1', 'napi', 'emnapi', 'env'].includes(module))
    if (unexpected.length) problems.push(`imports from ${unexpected.join(', ')}`)
    if (facts.size > MAX_BYTES) problems.push(`${facts.size} bytes, more than ${MAX_BYTES}`)
    return problems
  }
  const target = MINGW[triple] ? { os: 'win32', cpu: MINGW[triple].cpu } : targetOf(triple)
  const problems = []
  const arch = { x64: 'x86_64', arm64: 'aarch64', arm: 'arm' }[target.cpu]
  const format = { linux: /^ELF/, win32: /^PE DLL$/, darwin: /^Mach-O (dylib|bundle)$/ }[target.os]
  if (!format.test(facts.format)) problems.push(`format ${facts.format}`)
  if (facts.arch !== arch) problems.push(`CPU ${facts.arch}, not ${arch}`)
  if (target.os === 'linux' && facts.format !== (target.cpu === 'arm' ? 'ELF32' : 'ELF64')) problems.push(`${facts.format} for ${target.cpu}`)
  const known = (allowed) => (name) => allowed.some((rule) => (typeof rule === 'string' ? rule === name : rule.test(name)))
  const allowed = { glibc: GLIBC_LIBRARIES, musl: MUSL_LIBRARIES }[target.libc] || { win32: WINDOWS_LIBRARIES, darwin: MACOS_LIBRARIES }[target.os]
  const unexpected = facts.needed.filter((name) => !known(allowed)(name))
  if (unexpected.length) problems.push(`needs ${unexpected.join(', ')}`)
  if (target.libc === 'glibc') {
    if (!facts.newestGlibc) problems.push('references no glibc symbol version (not a glibc link?)')
    else if (compareVersions(facts.newestGlibc, GLIBC_BASELINE) > 0) problems.push(`needs ${facts.newestGlibc}, newer than ${GLIBC_BASELINE}`)
  }
  if (target.libc === 'musl' && facts.glibc.length) problems.push(`references glibc versions ${facts.glibc.join(', ')}`)
  if (!facts.exports.includes('napi_register_module_v1')) problems.push('does not export napi_register_module_v1')
  if (!facts.stripped) problems.push('not stripped')
  const bound = MINGW[triple] ? MAX_MINGW_BYTES : MAX_BYTES
  if (facts.size > bound) problems.push(`${facts.size} bytes, more than ${bound}`)
  if (target.os === 'darwin') {
    if (facts.minOs !== MACOS_DEPLOYMENT_TARGET[triple]) problems.push(`minimum macOS ${facts.minOs}, not ${MACOS_DEPLOYMENT_TARGET[triple]}`)
    if (target.cpu === 'arm64' && !facts.signed) problems.push('no code signature (arm64 macOS refuses to load unsigned code)')
    if (!facts.hostSymbols) problems.push('no N-API symbol left to the host')
  }
  return problems
}

function napiCli() {
  return path.join(root, 'node_modules', '@napi-rs', 'cli', 'dist', 'cli.js')
}

/** Runs a command with its output appended to `log`; resolves to its exit status. */
function run(command, args, options, log) {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(log, 'a')
    fs.writeSync(fd, `> ${command} ${args.join(' ')}\n`)
    const child = spawn(command, args, { ...options, stdio: ['ignore', fd, fd] })
    child.once('error', reject)
    child.once('exit', (status) => {
      fs.closeSync(fd)
      resolve(status)
    })
  })
}

async function build(triple) {
  const platform = platformOf(triple)
  const { how, env, args, outputs = [`${napi.binaryName}.${platform}.node`] } = recipe(triple)
  const started = Date.now()
  const seconds = () => (Date.now() - started) / 1000
  const zig = zigBin()
  const environment = { ...process.env, ...env(), PATH: `${zig}${path.delimiter}${process.env.PATH}`, CARGO_ZIGBUILD_ZIG_COMMAND: path.join(zig, 'zig'), CARGO_TERM_COLOR: 'never' }
  delete environment.NAPI_RS_NATIVE_LIBRARY_PATH
  const targetDir = path.join(targetRoot, triple)
  const log = path.join(outDir, 'logs', `${platform}.log`)
  fs.mkdirSync(path.dirname(log), { recursive: true })
  fs.writeFileSync(log, '')
  console.log(`> ${triple} (${platform}): ${how}, log in ${path.relative(root, log)}`)
  const failed = (what) => ({ triple, platform, how, ok: false, problems: [what], seconds: seconds(), log })
  if (how === 'check') {
    const status = await run('cargo', ['check', '--lib', '--release', '--target', triple, '--target-dir', targetDir], { cwd: root, env: environment }, log)
    return status === 0 ? { triple, platform, how, ok: true, problems: [], seconds: seconds(), log } : failed(`cargo check exited ${status}`)
  }
  // napi build writes the module, and the types and loaders it generates,
  // into a folder of its own: the checkout's binding.js and binding.d.ts
  // stay as they are.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `totp-native-${platform}-`))
  try {
    const status = await run(process.execPath, [napiCli(), 'build', '--platform', '--release', '--no-js', '--target-dir', targetDir, '--output-dir', scratch, ...args], { cwd: root, env: environment }, log)
    const missing = outputs.filter((name) => !fs.existsSync(path.join(scratch, name)))
    if (status !== 0 || missing.length) return failed(`napi build exited ${status}${missing.length ? `, without ${missing.join(', ')}` : ''}`)
    const dir = path.join(outDir, `bindings-${platform}`)
    fs.mkdirSync(dir, { recursive: true })
    for (const name of outputs) {
      fs.copyFileSync(path.join(scratch, name), path.join(dir, `${name}.tmp`))
      fs.renameSync(path.join(dir, `${name}.tmp`), path.join(dir, name))
    }
    const destination = path.join(dir, outputs[0])
    const facts = inspect(destination)
    const problems = problemsOf(triple, facts)
    return { triple, platform, how, ok: problems.length === 0, problems, seconds: seconds(), file: path.relative(root, destination), facts, log }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

async function buildAll() {
  const queue = [...chosen]
  const results = []
  const worker = async () => {
    for (let triple = queue.shift(); triple; triple = queue.shift()) {
      let result
      try {
        result = await build(triple)
      } catch (error) {
        result = { triple, platform: platformOf(triple), ok: false, problems: [error.message.split('\n')[0]], seconds: 0 }
      }
      results.push(result)
      if (result.ok) console.log(`ok ${triple}: ${result.file || 'compiled'} (${result.seconds.toFixed(0)} s)`)
      else {
        console.log(`FAILED ${triple}: ${result.problems.join('; ')}`)
        if (result.log) console.log(fs.readFileSync(result.log, 'utf8').split('\n').slice(-40).join('\n'))
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker))
  return chosen.map((triple) => results.find((result) => result.triple === triple))
}

const started = Date.now()
buildAll().then((results) => {
  fs.mkdirSync(outDir, { recursive: true })
  const report = path.join(outDir, 'build-report.json')
  const previous = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : {}
  const byPlatform = { ...previous, ...Object.fromEntries(results.map((result) => [result.platform, result])) }
  fs.writeFileSync(report, `${JSON.stringify(byPlatform, null, 2)}\n`)

  console.log('\n| target | platform | built with | file | size | newest glibc | needs | checks |')
  console.log('|---|---|---|---|---:|---|---|---|')
  for (const result of results) {
    const facts = result.facts || {}
    const size = facts.size ? `${(facts.size / 1024).toFixed(0)} KiB` : ''
    const file = facts.format ? `${facts.format} ${facts.arch}${facts.minOs ? `, macOS ≥ ${facts.minOs}` : ''}${facts.signed ? ', signed' : ''}` : result.how === 'check' ? 'compiled (cargo check)' : ''
    const needs = (facts.needed || []).join(' ')
    console.log(`| ${result.triple} | ${result.platform} | ${result.how || ''} | ${file} | ${size} | ${facts.newestGlibc || ''} | ${needs} | ${result.ok ? 'ok' : `FAILED: ${result.problems.join('; ')}`} |`)
  }
  const failed = results.filter((result) => !result.ok)
  console.log(`\nbuild:all: ${results.length - failed.length} of ${results.length} targets built and checked in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  process.exitCode = failed.length ? 1 : 0
})
