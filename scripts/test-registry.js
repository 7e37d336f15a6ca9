#!/usr/bin/env node
'use strict'

// The release's packaging, proved through a real registry: Verdaccio (from
// npm) on loopback, with no uplinks and its storage in a temporary folder,
// taking anonymous publishes. The packed checkout is staged as the release
// pipeline stages it — its binary taken out as a build job's artifact, moved
// into npm/linux-x64-gnu by `release.js artifacts`, then `release.js
// publish` — and `npm install totp-native` in fresh folders installs it as
// users would. The other eight platforms cannot be built here: their
// packages carry a placeholder file, made in the temporary folder for this
// simulation alone, so that npm's choice of package can be checked; none is
// ever loaded. The registry and the folder are removed at the end.
//
//   node scripts/test-registry.js

const { execFileSync, spawn, spawnSync } = require('node:child_process')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')
const { after, before, describe, test } = require('node:test')
const { targetOf } = require('../lib/platform')
const { nodeBinary, npmTool, pack, smokeProject } = require('./tools')

const root = path.resolve(__dirname, '..')
const manifest = require('../package.json')
const platforms = manifest.napi.targets.map((triple) => targetOf(triple).platform)
const PLACEHOLDER = 'placeholder made by scripts/test-registry.js for a registry simulation: not a native module\n'

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
function npm(args, cwd) {
  return execFileSync('npm', [...args, '--registry', registry, '--userconfig', userconfig(), '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** The checkout staged and published as the release pipeline does it. */
function publishLikeTheRelease() {
  const staging = path.join(work, 'stage')
  fs.mkdirSync(staging)
  execFileSync('tar', ['-xzf', pack(work), '-C', staging])
  const checkout = path.join(staging, 'package')
  fs.cpSync(path.join(root, 'npm'), path.join(checkout, 'npm'), { recursive: true })
  // What the build jobs upload: the real binary of this platform, and the
  // placeholders standing in for the ones only the pipeline can build.
  const artifacts = path.join(work, 'artifacts')
  for (const platform of platforms) {
    const dir = path.join(artifacts, `bindings-${platform}`)
    fs.mkdirSync(dir, { recursive: true })
    const binary = path.join(dir, `totp-native.${platform}.node`)
    const built = path.join(checkout, `totp-native.${platform}.node`)
    if (fs.existsSync(built)) fs.renameSync(built, binary)
    else fs.writeFileSync(binary, PLACEHOLDER)
  }
  const release = (args) => execFileSync(process.execPath, [path.join(__dirname, 'release.js'), ...args, '--root', checkout], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  release(['artifacts', artifacts])
  release(['publish', '--registry', registry, '--userconfig', userconfig(), '--loglevel=error'])
}

/** A fresh project with `npm install totp-native` (and `flags`): the totp-native packages it got. */
function installFresh(name, flags = [], withSmoke = false) {
  const dir = path.join(work, name)
  if (withSmoke) {
    smokeProject(dir, ['totp-native'], ['--registry', registry])
  } else {
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }))
    npm(['install', 'totp-native', ...flags], dir)
  }
  const installed = fs.readdirSync(path.join(dir, 'node_modules')).filter((entry) => entry.startsWith('totp-native'))
  return { dir, installed: installed.sort() }
}

/** Runs `script` with node in `dir`, optionally as another platform; its stdout parsed as JSON. */
function nodeIn(dir, script, { platform, arch } = {}) {
  const fake = platform ? `Object.defineProperty(process, 'platform', { value: '${platform}' }); Object.defineProperty(process, 'arch', { value: '${arch}' });\n` : ''
  const env = { ...process.env }
  delete env.NAPI_RS_NATIVE_LIBRARY_PATH
  return JSON.parse(execFileSync(process.execPath, ['-e', fake + script], { cwd: dir, env, encoding: 'utf8' }))
}

const loadReport = `
  try {
    const totp = require('totp-native')
    const modules = Object.keys(require.cache).filter((file) => file.endsWith('.node'))
    console.log(JSON.stringify({ code: totp.generate('JBSWY3DPEHPK3PXP', { timestamp: 0 }), modules }))
  } catch (e) {
    console.log(JSON.stringify({ error: e.code, message: e.message }))
  }`

describe(`totp-native ${manifest.version} through a local registry`, () => {
  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-native-registry-'))
    await startRegistry()
    publishLikeTheRelease()
  })

  after(() => {
    if (verdaccio && verdaccio.exitCode === null) verdaccio.kill()
    if (work) fs.rmSync(work, { recursive: true, force: true })
  })

  test('the registry holds the main package and the nine platform packages, each at the release version', () => {
    for (const name of [manifest.name, ...platforms.map((platform) => `totp-native-${platform}`)]) {
      assert.equal(JSON.parse(npm(['view', name, 'version', '--json'], work)), manifest.version, name)
    }
  })

  test('the published main package carries no binary, and each platform package only its own', () => {
    const files = (spec) => JSON.parse(npm(['pack', spec, '--dry-run', '--json'], work))[0].files.map((file) => file.path)
    const main = files(`${manifest.name}@${manifest.version}`)
    assert.ok(main.includes('binding.js') && main.includes('index.js'), main.join(' '))
    assert.deepEqual(main.filter((file) => file.endsWith('.node')), [])
    for (const platform of ['linux-x64-gnu', 'darwin-arm64']) {
      assert.deepEqual(files(`totp-native-${platform}@${manifest.version}`).sort(), ['package.json', `totp-native.${platform}.node`])
    }
  })

  test('on this machine (linux-x64, glibc) npm installs linux-x64-gnu alone, and the module loads from it', () => {
    const { dir, installed } = installFresh('linux-app', [], true)
    assert.deepEqual(installed, ['totp-native', 'totp-native-linux-x64-gnu'])
    assert.deepEqual(fs.readdirSync(path.join(dir, 'node_modules', 'totp-native')).filter((file) => file.endsWith('.node')), [])
    const { code, modules } = nodeIn(dir, loadReport)
    // totp-generator's test vector for JBSWY3DPEHPK3PXP at t = 0.
    assert.equal(code, '282760')
    assert.deepEqual(modules, [fs.realpathSync(path.join(dir, 'node_modules', 'totp-native-linux-x64-gnu', 'totp-native.linux-x64-gnu.node'))])
    const smoke = spawnSync(process.execPath, ['smoke.cjs'], { cwd: dir, encoding: 'utf8' })
    assert.equal(smoke.status, 0, smoke.stdout + smoke.stderr)
    assert.match(smoke.stdout, /^12 passed, 0 failed$/m)
  })

  for (const [flags, platform] of [
    [['--os=darwin', '--cpu=arm64'], 'darwin-arm64'],
    [['--os=darwin', '--cpu=x64'], 'darwin-x64'],
    [['--os=win32', '--cpu=x64'], 'win32-x64-msvc'],
    [['--os=win32', '--cpu=arm64'], 'win32-arm64-msvc'],
    [['--os=linux', '--cpu=x64', '--libc=musl'], 'linux-x64-musl'],
    [['--os=linux', '--cpu=arm64', '--libc=glibc'], 'linux-arm64-gnu'],
    [['--os=linux', '--cpu=arm64', '--libc=musl'], 'linux-arm64-musl'],
    [['--os=linux', '--cpu=arm', '--libc=glibc'], 'linux-arm-gnueabihf'],
  ]) {
    test(`npm install ${flags.join(' ')} selects totp-native-${platform} alone`, () => {
      const { installed } = installFresh(`app-${platform}`, flags)
      assert.deepEqual(installed, ['totp-native', `totp-native-${platform}`])
    })
  }

  test('node_modules installed for musl, run on glibc, throws ERR_TOTP_NATIVE_MISSING naming the package to install', () => {
    const { dir } = fs.existsSync(path.join(work, 'app-linux-x64-musl')) ? { dir: path.join(work, 'app-linux-x64-musl') } : installFresh('app-linux-x64-musl', ['--os=linux', '--cpu=x64', '--libc=musl'])
    const { error, message } = nodeIn(dir, loadReport)
    assert.equal(error, 'ERR_TOTP_NATIVE_MISSING')
    for (const platform of platforms) assert.ok(message.includes(platform), `${platform} in: ${message}`)
    assert.ok(message.includes(`totp-native-linux-x64-gnu@${manifest.version}`), message)
    assert.ok(message.includes('run `npm install` on this machine again'), message)
  })

  test('with --omit=optional nothing but the main package is installed, and the error says to install without it', () => {
    const { dir, installed } = installFresh('app-omit', ['--omit=optional'])
    assert.deepEqual(installed, ['totp-native'])
    const { error, message } = nodeIn(dir, loadReport)
    assert.equal(error, 'ERR_TOTP_NATIVE_MISSING')
    assert.ok(message.includes('without --omit=optional'), message)
  })

  test('a platform with no package (freebsd-x64) installs none, and the error says how to build one', () => {
    const { dir, installed } = installFresh('app-freebsd', ['--os=freebsd', '--cpu=x64'])
    assert.deepEqual(installed, ['totp-native'])
    const { error, message } = nodeIn(dir, loadReport, { platform: 'freebsd', arch: 'x64' })
    assert.equal(error, 'ERR_TOTP_NATIVE_MISSING')
    assert.ok(message.includes('no native module for freebsd-x64'), message)
    assert.ok(message.includes('npm run build'), message)
  })
})
