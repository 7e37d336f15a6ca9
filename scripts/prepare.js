#!/usr/bin/env node
'use strict'

// Brings a fresh clone to a runnable state, so that `npm start` and `npm test`
// each work as the first command on a new machine with Rust and Node:
//   - npm dependencies (root, examples/express and the migration suites),
//     when missing or older than their lockfile;
//   - the release .node (cargo rebuilds only what changed);
//   - with --system, the Debian tools the tests check against (oathtool,
//     zbarimg, chromium, PostgreSQL), installed with apt-get when running as root.
// Uses nothing but Node itself: it runs before node_modules exist.

const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const example = path.join(root, 'examples', 'express')

function run(command, args, cwd = root, env = process.env) {
  console.log(`> ${command} ${args.join(' ')}${cwd === root ? '' : `  (in ${path.relative(root, cwd)})`}`)
  execFileSync(command, args, { cwd, stdio: 'inherit', env })
}

function isStale(dir) {
  const lock = path.join(dir, 'package-lock.json')
  const installed = path.join(dir, 'node_modules', '.package-lock.json')
  if (!fs.existsSync(lock)) return false
  if (!fs.existsSync(installed)) return true
  return fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs
}

// `npm install` with the committed lockfile installs exactly its versions.
// Not `npm ci`: the registry this project is built against serves some
// packages' binaries for other platforms (optional dependencies of jest's
// resolver, for one) only at older versions, so those edges cannot be locked
// and `npm ci` refuses the lockfile as out of sync, while `npm install` skips
// optional packages that do not exist.
function installNpm(dir) {
  if (isStale(dir)) run('npm', ['install', '--no-audit', '--no-fund'], dir, withNodeHeaders())
}

// The example's better-sqlite3 compiles from source (no prebuilt binary may be
// downloaded), and node-gyp would download Node's headers too unless pointed
// at the ones installed beside this node binary (Debian's nodejs and the
// official tarballs both ship include/node).
function withNodeHeaders() {
  const prefix = path.resolve(path.dirname(process.execPath), '..')
  if (process.env.npm_config_nodedir || !fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'))) return process.env
  return { ...process.env, npm_config_nodedir: prefix }
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

// Debian installs PostgreSQL's server programs off PATH, one directory per major version.
function hasPostgres() {
  const dir = '/usr/lib/postgresql'
  return fs.existsSync(dir) && fs.readdirSync(dir).some((version) => fs.existsSync(path.join(dir, version, 'bin', 'initdb')))
}

const systemTools = [
  { command: 'oathtool', pkg: 'oathtool', usedBy: 'OTP cross-checks' },
  { command: 'zbarimg', pkg: 'zbar-tools', usedBy: 'QR decoding checks' },
  { command: 'chromium', pkg: 'chromium', usedBy: 'the browser test of examples/express' },
  { command: 'initdb', pkg: 'postgresql', usedBy: 'the PostgreSQL tests of examples/express', present: hasPostgres },
]

function installSystem() {
  const missing = systemTools.filter((tool) => !(tool.present ? tool.present() : has(tool.command)))
  if (missing.length === 0) return
  const packages = missing.map((tool) => tool.pkg)
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isRoot && has('apt-get')) {
    process.env.DEBIAN_FRONTEND = 'noninteractive'
    run('apt-get', ['update', '-qq'])
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages])
    return
  }
  for (const tool of missing) {
    console.warn(`! ${tool.command} not found: ${tool.usedBy} will be skipped (install Debian package ${tool.pkg}).`)
  }
}

// pyotp reads our otpauth:// URIs in __test__/unit/uri.spec.js as an independent
// implementation; pinned so its quirks do not move under the tests.
const PYOTP = 'pyotp==2.12.0'

function installPython() {
  if (spawnSync('python3', ['-c', 'import pyotp'], { stdio: 'ignore' }).status === 0) return
  if (!has('python3')) return console.warn('! python3 not found: the pyotp cross-check will be skipped.')
  const pip = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', PYOTP]
  if (spawnSync('python3', pip, { stdio: 'inherit' }).status !== 0) {
    // Debian's own python marks itself externally managed.
    run('python3', [...pip, '--break-system-packages'])
  }
}

installNpm(root)
if (process.argv.includes('--system')) {
  installSystem()
  installPython()
}
run('npm', ['run', '--silent', 'build'])
if (fs.existsSync(path.join(example, 'package.json'))) installNpm(example)
// The TypeScript migration suites of the totp-generator drop-ins: their own
// ts-jest and TypeScript 5 (ts-jest has no support for the root's TypeScript 7).
installNpm(path.join(root, '__test__', 'migration', 'totp-generator'))
// One backend's suite under the toolchains backends still pin: the app's
// packages, then jest 26 (with TypeScript 4.1), jest 27 and jest 29.
const toolchains = path.join(root, '__test__', 'migration', 'toolchains')
for (const dir of ['.', 'jest26', 'jest27', 'jest29']) installNpm(path.join(toolchains, dir))
