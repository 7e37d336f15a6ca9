'use strict'

// The package as users get it: `npm pack`, then `npm install` of the tarball
// into an empty project on a PATH without cargo or rustc, and no install
// scripts — the prebuilt .node must come inside the tarball.

const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const OTPAuth = require('otpauth')

const root = path.resolve(__dirname, '..')
const { version } = require('../package.json')

let project
let env

beforeAll(() => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-native-pack-'))
  execFileSync('npm', ['pack', root, '--pack-destination', work, '--silent'], { cwd: work, stdio: 'pipe' })
  project = path.join(work, 'app')
  fs.mkdirSync(project)
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }))
  // Only the directories of node and npm and the system's: no ~/.cargo/bin.
  env = { ...process.env, PATH: [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter) }
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(work, `totp-native-${version}.tgz`)], {
    cwd: project,
    env,
    stdio: 'pipe',
  })
}, 120000)

function node(args) {
  const result = spawnSync(process.execPath, args, { cwd: project, env, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(result.stderr)
  return result.stdout.trim()
}

test('the install runs with no Rust toolchain on the PATH', () => {
  const found = spawnSync('sh', ['-c', 'command -v cargo || command -v rustc'], { env })
  expect(found.status).not.toBe(0)
})

test('the tarball carries the prebuilt module and the loader, and no sources', () => {
  const installed = path.join(project, 'node_modules', 'totp-native')
  const files = fs.readdirSync(installed)
  expect(files).toEqual(expect.arrayContaining(['index.js', 'index.mjs', 'index.d.ts', 'binding.js', 'totp-native.linux-x64-gnu.node']))
  expect(files).not.toContain('src')
  expect(files).not.toContain('Cargo.toml')
})

test('require() works at once and gives the codes otpauth gives', () => {
  const code = node(['-e', "console.log(require('totp-native').generate('JBSWY3DPEHPK3PXP', { timestamp: 1465324707000 }))"])
  expect(code).toBe(OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32('JBSWY3DPEHPK3PXP'), timestamp: 1465324707000 }))
})

test('ESM named and default imports work, and the totp-generator drop-in resolves', () => {
  fs.writeFileSync(
    path.join(project, 'check.mjs'),
    [
      "import { verify, generate } from 'totp-native'",
      "import totp from 'totp-native'",
      "import { TOTP } from 'totp-native/compat/totp-generator'",
      "const code = generate('JBSWY3DPEHPK3PXP')",
      "const { otp } = await TOTP.generate('JBSWY3DPEHPK3PXP', { timestamp: 0 })",
      "console.log(JSON.stringify([verify(code, 'JBSWY3DPEHPK3PXP'), typeof totp.validate, otp]))",
    ].join('\n'),
  )
  expect(JSON.parse(node(['check.mjs']))).toEqual([true, 'function', '282760'])
})
