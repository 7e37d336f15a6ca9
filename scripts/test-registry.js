#!/usr/bin/env node
'use strict'

// The release's packaging, proved through a real registry: Verdaccio (from
// npm) on loopback, with no uplinks and its storage in a temporary folder,
// taking anonymous publishes. The packed checkout is staged as the release
// pipeline stages it — the modules `npm run build:all` made taken as the
// build jobs' artifacts, moved into npm/<package> by `release.js
// artifacts`, then `release.js publish` — and fresh folders install
// totp-native from it as users would, with npm, pnpm, yarn 1 and yarn 4
// (each from npm): each must take this machine's package (linux-x64-gnu)
// and load it, or on a machine no native package is built for, the
// WebAssembly one; the tarball `npm pack` makes of a built checkout must
// install with each of them on its own. The registry and the folder are
// removed at the end.
//
// Every package carries a real module built here. The two msvc packages
// carry the MinGW builds of the same source for the same CPUs when no msvc
// module is at hand (build:all compiles the msvc targets but cannot link
// them here; the release pipeline has them); their binaries are inspected,
// never loaded, in this simulation.
//
//   node scripts/test-registry.js [--clients npm,pnpm,yarn1,yarn4]

const { execFileSync, spawn, spawnSync } = require('node:child_process')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')
const { after, before, describe, test } = require('node:test')
const { targetOf } = require('../lib/platform')
const { nodeBinary, npmTool, pack } = require('./tools')
const { family, optionalDependencies } = require('./packages')

const root = path.resolve(__dirname, '..')
const manifest = require('../package.json')
const platforms = manifest.napi.targets.map((triple) => targetOf(triple).platform)
const artifacts = path.join(root, 'artifacts')
// The MinGW builds that stand in for the msvc ones (see above).
const STAND_INS = { 'win32-x64-msvc': 'win32-x64-gnu', 'win32-arm64-msvc': 'win32-arm64-gnullvm' }

const CLIENTS = {
  npm: { label: 'npm' },
  pnpm: { label: 'pnpm', spec: 'pnpm@12.26.0', bin: 'pnpm/bin/pnpm.mjs' },
  yarn1: { label: 'yarn 1', spec: 'yarn@1.22.22', bin: 'yarn/bin/yarn.js' },
  yarn4: { label: 'yarn 4', spec: '@yarnpkg/cli-dist@4.18.1', bin: '@yarnpkg/cli-dist/bin/yarn.js' },
}
const chosen = (() => {
  const at = process.argv.indexOf('--clients')
  return at === -1 ? Object.keys(CLIENTS) : process.argv[at + 1].split(',')
})()

let work
let registry
let verdaccio

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.once('error', reject)
  })
}

async function startRegistry() {
  const port = await freePort()
  registry = `http://127.0.0.1:${port}/`
  const config = path.join(work, 'verdaccio.yaml')
  fs.writeFileSync(
    config,
    [
      `storage: ${path.join(work, 'storage')}`,
      'uplinks: {}',
      'auth:',
      '  htpasswd:',
      `    file: ${path.join(work, 'htpasswd')}`,
      '    max_users: -1',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $all',
      'max_body_size: 100mb',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  )
  // Verdaccio 6.10 wants Node ≥ 22: run it on the pinned LTS.
  const main = path.join(npmTool('verdaccio@6.10.4'), 'verdaccio', 'bin', 'verdaccio')
  verdaccio = spawn(nodeBinary(24), [main, '--config', config, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  verdaccio.stdout.on('data', (chunk) => (log += chunk))
  verdaccio.stderr.on('data', (chunk) => (log += chunk))
  for (let tries = 0; tries < 100; tries++) {
    if (verdaccio.exitCode !== null) throw new Error(`verdaccio exited ${verdaccio.exitCode}:\n${log}`)
    try {
      if ((await fetch(`${registry}-/ping`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`verdaccio did not answer on ${registry} in 20 s:\n${log}`)
}

/** An npmrc for the local registry, with a placeholder token: npm will not publish without one, and Verdaccio's `publish: $all` takes it as anonymous. */
function userconfig() {
  const file = path.join(work, 'npmrc')
  fs.writeFileSync(file, `registry=${registry}\n//${new URL(registry).host}/:_authToken=anonymous-test-publish\n`)
  return file
}

/** npm against the local registry. */
function npm(args, cwd, extra = {}) {
  return execFileSync('npm', [...args, '--registry', registry, '--userconfig', userconfig(), '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    ...extra,
  })
}

/**
 * What the installs need from a registry besides totp-native: jsqr and
 * pngjs (the smoke reads QR codes back with them) and the runtime the
 * WebAssembly package depends on, each with its dependencies, at the
 * versions this checkout's node_modules holds, packed from there (the local
 * registry has no uplink).
 */
function publishDependencies() {
  const seen = new Set()
  const visit = (name, from) => {
    // Found as Node finds it, by folder: a package's `exports` may hide its package.json.
    let dir
    for (let at = from; !dir; at = path.dirname(at)) {
      const candidate = path.join(at, 'node_modules', name)
      if (fs.existsSync(path.join(candidate, 'package.json'))) dir = candidate
      else if (at === path.dirname(at)) throw new Error(`${name} is not installed under ${from}`)
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    const id = `${pkg.name}@${pkg.version}`
    if (seen.has(id)) return
    seen.add(id)
    const [packed] = JSON.parse(execFileSync('npm', ['pack', dir, '--json', '--ignore-scripts', '--pack-destination', work], { cwd: work, encoding: 'utf8' }))
    // npm publishes a prerelease only under a tag of its own.
    npm(['publish', path.join(work, packed.filename), ...(pkg.version.includes('-') ? ['--tag', 'next'] : [])], work)
    for (const dependency of Object.keys(pkg.dependencies || {})) visit(dependency, dir)
  }
  const wasm = family(manifest).find((pkg) => pkg.dir === 'wasm32-wasi').manifest
  for (const name of ['jsqr', 'pngjs', ...Object.keys(wasm.dependencies)]) visit(name, root)
}

/** The file build:all made for a package of npm/ (or its MinGW stand-in), under the name the package ships it as. */
function artifactFor(dir, name) {
  const own = path.join(artifacts, `bindings-${dir}`, name)
  if (fs.existsSync(own)) return own
  const built = STAND_INS[dir]
  const file = built ? path.join(artifacts, `bindings-${built}`, name.replace(dir, built)) : own
  if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run \`npm run build:all\` first`)
  return file
}

/** The checkout staged and published as the release pipeline does it. */
function publishLikeTheRelease() {
  const staging = path.join(work, 'stage')
  fs.mkdirSync(staging)
  execFileSync('tar', ['-xzf', pack(work), '-C', staging])
  const checkout = path.join(staging, 'package')
  fs.cpSync(path.join(root, 'npm'), path.join(checkout, 'npm'), { recursive: true })
  for (const file of fs.readdirSync(checkout).filter((name) => name.endsWith('.node'))) fs.rmSync(path.join(checkout, file))
  // What the build jobs upload: one folder per package.
  const uploaded = path.join(work, 'artifacts')
  for (const pkg of family(manifest)) {
    for (const name of pkg.manifest.files.filter((file) => !(pkg.files && file in pkg.files))) {
      const dir = path.join(uploaded, `bindings-${pkg.dir}`)
      fs.mkdirSync(dir, { recursive: true })
      fs.copyFileSync(artifactFor(pkg.dir, name), path.join(dir, name))
    }
  }
  const release = (args) => execFileSync(process.execPath, [path.join(__dirname, 'release.js'), ...args, '--root', checkout], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  release(['artifacts', uploaded])
  release(['publish', '--registry', registry, '--userconfig', userconfig(), '--loglevel=error'])
}

// --- the clients ------------------------------------------------------------

/**
 * Runs `client` in `dir` with `args` (an install), set up for the local
 * registry and a cache of its own in the work folder. `machine` makes it
 * install for another platform: npm's --os/--cpu/--libc, pnpm's and yarn 4's
 * supportedArchitectures; yarn 1 has no such setting and is run with
 * process.platform and process.arch made to say so.
 */
function runClient(client, dir, args, machine) {
  const env = { ...process.env, CI: '', npm_config_registry: registry }
  delete env.NAPI_RS_NATIVE_LIBRARY_PATH
  delete env.NODE_OPTIONS
  const node = (script, scriptArgs) => {
    const result = spawnSync(process.execPath, [script, ...scriptArgs], { cwd: dir, env, encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${client} ${scriptArgs.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`)
    return result.stdout
  }
  const bin = CLIENTS[client].spec && path.join(npmTool(CLIENTS[client].spec), CLIENTS[client].bin)
  if (client === 'npm') {
    const flags = machine ? [`--os=${machine.os}`, `--cpu=${machine.cpu}`, ...(machine.libc ? [`--libc=${machine.libc}`] : [])] : []
    return npm([...args, ...flags], dir, { env })
  }
  if (client === 'pnpm') {
    const settings = [`storeDir: ${JSON.stringify(path.join(work, 'pnpm-store'))}`, `cacheDir: ${JSON.stringify(path.join(work, 'pnpm-cache'))}`]
    if (machine) settings.push('supportedArchitectures:', `  os: [${machine.os}]`, `  cpu: [${machine.cpu}]`, ...(machine.libc ? [`  libc: [${machine.libc}]`] : []))
    fs.writeFileSync(path.join(dir, 'pnpm-workspace.yaml'), `${settings.join('\n')}\n`)
    fs.writeFileSync(path.join(dir, '.npmrc'), `registry=${registry}\n`)
    return node(bin, [args[0] === 'install' ? 'add' : args[0], ...args.slice(1)])
  }
  if (client === 'yarn1') {
    fs.writeFileSync(path.join(dir, '.yarnrc'), `registry "${registry}"\n`)
    if (machine) {
      const fake = path.join(work, `as-${machine.os}-${machine.cpu}.cjs`)
      fs.writeFileSync(fake, `Object.defineProperty(process, 'platform', { value: '${machine.os}' })\nObject.defineProperty(process, 'arch', { value: '${machine.cpu}' })\n`)
      env.NODE_OPTIONS = `--require ${fake}`
    }
    return node(bin, [args[0] === 'install' ? 'add' : args[0], ...args.slice(1), '--cache-folder', path.join(work, 'yarn1-cache'), '--non-interactive', '--no-progress'])
  }
  // yarn 4 with its node_modules linker (Plug'n'Play: README, "Where the
  // native module comes from"), a registry over plain HTTP on loopback, the
  // cache in the project. Every version here was published a moment ago:
  // yarn 4 quarantines new versions unless told not to.
  const yarnrc = [
    `npmRegistryServer: "${registry}"`,
    'unsafeHttpWhitelist: ["127.0.0.1"]',
    'nodeLinker: node-modules',
    'enableGlobalCache: false',
    // Its metadata cache too: a registry of an earlier run had another port.
    `globalFolder: ${JSON.stringify(path.join(work, 'yarn4-global'))}`,
    'enableTelemetry: false',
    'enableImmutableInstalls: false',
    'npmMinimalAgeGate: 0',
  ]
  if (machine) yarnrc.push('supportedArchitectures:', `  os: [${machine.os}]`, `  cpu: [${machine.cpu}]`, ...(machine.libc ? [`  libc: [${machine.libc}]`] : []))
  fs.writeFileSync(path.join(dir, '.yarnrc.yml'), `${yarnrc.join('\n')}\n`)
  if (!fs.existsSync(path.join(dir, 'yarn.lock'))) fs.writeFileSync(path.join(dir, 'yarn.lock'), '')
  return node(bin, [args[0] === 'install' ? 'add' : args[0], ...args.slice(1)])
}

/** How to run node in a project `client` installed: yarn 4's Plug'n'Play needs its runtime loaded. */
function nodeArgs(client, dir) {
  if (client !== 'yarn4' || !fs.existsSync(path.join(dir, '.pnp.cjs'))) return []
  const loader = path.join(dir, '.pnp.loader.mjs')
  return ['--require', path.join(dir, '.pnp.cjs'), ...(fs.existsSync(loader) ? ['--experimental-loader', `file://${loader}`] : [])]
}

/** A fresh project where `client` installed `packages`: its folder, and the totp-native packages it holds. */
function installFresh(client, name, packages, machine) {
  const dir = path.join(work, name)
  fs.mkdirSync(dir)
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }))
  runClient(client, dir, ['install', ...packages], machine)
  return { dir, installed: installedPackages(client, dir) }
}

/** The totp-native packages in a project, whatever the layout its client gave it. */
function installedPackages(client, dir) {
  if (client === 'pnpm') {
    const store = path.join(dir, 'node_modules', '.pnpm')
    return [...new Set(fs.readdirSync(store).filter((entry) => entry.startsWith('totp-native')).map((entry) => entry.split('@')[0]))].sort()
  }
  return fs.readdirSync(path.join(dir, 'node_modules')).filter((entry) => entry.startsWith('totp-native')).sort()
}

/** Runs `script` with node in `dir` (with the client's runtime), optionally as another platform; its stdout parsed as JSON. */
function nodeIn(client, dir, script, { platform, arch } = {}) {
  const fake = platform ? `Object.defineProperty(process, 'platform', { value: '${platform}' }); Object.defineProperty(process, 'arch', { value: '${arch}' });\n` : ''
  const env = { ...process.env }
  delete env.NAPI_RS_NATIVE_LIBRARY_PATH
  delete env.NODE_OPTIONS
  const output = execFileSync(process.execPath, [...nodeArgs(client, dir), '-e', fake + script], { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  return JSON.parse(output.trim().split('\n').at(-1))
}

const loadReport = `
  try {
    const totp = require('totp-native')
    const modules = Object.keys(require.cache).filter((file) => /\\.(node|wasm|cjs)$/.test(file) && /totp-native[.-]/.test(file) && !file.endsWith('binding.js'))
    console.log(JSON.stringify({ code: totp.generate('JBSWY3DPEHPK3PXP', { timestamp: 0 }), modules }))
  } catch (e) {
    console.log(JSON.stringify({ error: e.code, message: e.message }))
  }`

function smoke(client, dir) {
  fs.copyFileSync(path.join(__dirname, 'smoke.cjs'), path.join(dir, 'smoke.cjs'))
  const env = { ...process.env }
  delete env.NAPI_RS_NATIVE_LIBRARY_PATH
  delete env.NODE_OPTIONS
  return spawnSync(process.execPath, [...nodeArgs(client, dir), 'smoke.cjs'], { cwd: dir, env, encoding: 'utf8' })
}

// totp-generator's test vector for JBSWY3DPEHPK3PXP at t = 0.
const CODE_AT_ZERO = '282760'

describe(`totp-native ${manifest.version} through a local registry`, () => {
  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-native-registry-'))
    await startRegistry()
    publishDependencies()
    publishLikeTheRelease()
  })

  after(() => {
    if (verdaccio && verdaccio.exitCode === null) verdaccio.kill()
    if (work) fs.rmSync(work, { recursive: true, force: true })
  })

  test('the registry holds the main package, the nine platform packages, the WebAssembly one and its fallbacks, at the release version', () => {
    for (const name of [manifest.name, ...family(manifest).map((pkg) => pkg.manifest.name)]) {
      assert.equal(JSON.parse(npm(['view', name, 'version', '--json'], work)), manifest.version, name)
    }
  })

  test('the published main package carries no binary and names them all as optional dependencies; each platform package carries only its own', () => {
    const files = (spec) => JSON.parse(npm(['pack', spec, '--dry-run', '--json'], work))[0].files.map((file) => file.path)
    const main = files(`${manifest.name}@${manifest.version}`)
    assert.ok(main.includes('binding.js') && main.includes('index.js'), main.join(' '))
    assert.deepEqual(main.filter((file) => /\.(node|wasm)$/.test(file)), [])
    assert.deepEqual(JSON.parse(npm(['view', `${manifest.name}@${manifest.version}`, 'optionalDependencies', '--json'], work)), optionalDependencies(manifest))
    for (const platform of ['linux-x64-gnu', 'darwin-arm64']) {
      assert.deepEqual(files(`totp-native-${platform}@${manifest.version}`).sort(), ['package.json', `totp-native.${platform}.node`])
    }
    assert.deepEqual(files(`totp-native-wasm32-wasi@${manifest.version}`).sort(), ['index.js', 'package.json', 'totp-native.wasip1.cjs', 'totp-native.wasm32-wasip1.wasm'])
  })

  for (const client of chosen) {
    const { label } = CLIENTS[client]

    test(`${label}: on this machine (linux-x64, glibc) takes linux-x64-gnu, loads it, and passes the smoke`, () => {
      const { dir, installed } = installFresh(client, `${client}-here`, ['totp-native', 'jsqr', 'pngjs'])
      // yarn 1 does not read `libc`: it takes the musl package too, which
      // the loader then passes over. yarn 4 does not read the negations of
      // `os` and `cpu` lists: it takes the WebAssembly fallbacks too, which
      // the loader reaches only when no native module loads.
      const expected = {
        yarn1: ['totp-native', 'totp-native-linux-x64-gnu', 'totp-native-linux-x64-musl'],
        yarn4: ['totp-native', 'totp-native-linux-x64-gnu', 'totp-native-other-cpu', 'totp-native-other-os', 'totp-native-wasm32-wasi'],
      }[client] || ['totp-native', 'totp-native-linux-x64-gnu']
      assert.deepEqual(installed, expected)
      const { code, modules, error, message } = nodeIn(client, dir, loadReport)
      assert.equal(error, undefined, message)
      assert.equal(code, CODE_AT_ZERO)
      assert.equal(modules.length, 1)
      assert.match(modules[0], /totp-native-linux-x64-gnu[\\/]totp-native\.linux-x64-gnu\.node$/)
      const result = smoke(client, dir)
      assert.equal(result.status, 0, result.stdout + result.stderr)
      assert.match(result.stdout, /^12 passed, 0 failed$/m)
    })

    test(`${label}: on FreeBSD, which no native package is built for, takes the WebAssembly package and loads it`, () => {
      const { dir, installed } = installFresh(client, `${client}-freebsd`, ['totp-native'], { os: 'freebsd', cpu: 'x64' })
      assert.deepEqual(installed, ['totp-native', 'totp-native-other-os', 'totp-native-wasm32-wasi'])
      const { code, modules, error, message } = nodeIn(client, dir, loadReport, { platform: 'freebsd', arch: 'x64' })
      assert.equal(error, undefined, message)
      assert.equal(code, CODE_AT_ZERO)
      assert.ok(modules.some((file) => /totp-native\.wasip1\.cjs$/.test(file)), modules.join(' '))
    })

    test(`${label}: the tarball npm pack makes of a built checkout installs on its own and loads its module`, () => {
      const tarball = pack(fs.mkdtempSync(path.join(work, 'packed-')))
      const { dir, installed } = installFresh(client, `${client}-tarball`, [client === 'yarn4' || client === 'pnpm' ? `totp-native@file:${tarball}` : tarball])
      assert.deepEqual(installed, ['totp-native'])
      const { code, modules, error, message } = nodeIn(client, dir, loadReport)
      assert.equal(error, undefined, message)
      assert.equal(code, CODE_AT_ZERO)
      assert.match(modules[0], /totp-native[\\/]totp-native\.linux-x64-gnu\.node$/)
    })
  }

  for (const [flags, platform] of [
    [['--os=darwin', '--cpu=arm64'], 'darwin-arm64'],
    [['--os=darwin', '--cpu=x64'], 'darwin-x64'],
    [['--os=win32', '--cpu=x64'], 'win32-x64-msvc'],
    [['--os=win32', '--cpu=arm64'], 'win32-arm64-msvc'],
    [['--os=linux', '--cpu=x64', '--libc=musl'], 'linux-x64-musl'],
    [['--os=linux', '--cpu=arm64', '--libc=glibc'], 'linux-arm64-gnu'],
    [['--os=linux', '--cpu=arm64', '--libc=musl'], 'linux-arm64-musl'],
    [['--os=linux', '--cpu=arm', '--libc=glibc'], 'linux-arm-gnueabihf'],
    [['--os=linux', '--cpu=riscv64', '--libc=glibc'], 'other-cpu'],
    [['--os=linux', '--cpu=arm', '--libc=musl'], 'other-libc'],
    [['--os=android', '--cpu=arm64'], 'other-os'],
  ]) {
    test(`npm install ${flags.join(' ')} selects totp-native-${platform} alone${platform.startsWith('other') ? ', and the WebAssembly package with it' : ''}`, () => {
      const dir = path.join(work, `npm-${platform}`)
      fs.mkdirSync(dir)
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }))
      npm(['install', 'totp-native', ...flags], dir)
      const expected = ['totp-native', `totp-native-${platform}`, ...(platform.startsWith('other') ? ['totp-native-wasm32-wasi'] : [])]
      assert.deepEqual(installedPackages('npm', dir), expected.sort())
    })
  }

  test('node_modules installed for musl, run on glibc, throws ERR_TOTP_NATIVE_MISSING naming the package to install', () => {
    const dir = path.join(work, 'npm-linux-x64-musl')
    const { error, message } = nodeIn('npm', dir, loadReport)
    assert.equal(error, 'ERR_TOTP_NATIVE_MISSING')
    for (const platform of platforms) assert.ok(message.includes(platform), `${platform} in: ${message}`)
    assert.ok(message.includes(`totp-native-linux-x64-gnu@${manifest.version}`), message)
    assert.ok(message.includes('run `npm install` on this machine again'), message)
  })

  test('with --omit=optional nothing but the main package is installed, and the error says to install without it', () => {
    const dir = path.join(work, 'npm-omit')
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }))
    npm(['install', 'totp-native', '--omit=optional'], dir)
    assert.deepEqual(installedPackages('npm', dir), ['totp-native'])
    const { error, message } = nodeIn('npm', dir, loadReport)
    assert.equal(error, 'ERR_TOTP_NATIVE_MISSING')
    assert.ok(message.includes('without --omit=optional'), message)
  })
})
