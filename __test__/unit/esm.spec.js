'use strict'

// The ESM entry of the repository itself (package.spec.js checks the same
// from an installed tarball): `import { verify } from 'totp-native'` through
// the package's "exports" map, with every CommonJS export also a named ESM
// export. Run in a child node, since jest runs this file as CommonJS.

const { spawnSync } = require('node:child_process')
const path = require('node:path')
const OTPAuth = require('otpauth')
const cjs = require('../..')

const root = path.resolve(__dirname, '..', '..')
const SECRET = 'JBSWY3DPEHPK3PXP'

/** Evaluates an ES module in the repository (so 'totp-native' resolves to this package) and parses what it prints. */
function esm(source) {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: root, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(result.stderr)
  return JSON.parse(result.stdout)
}

test('the "import" condition of the exports map names index.mjs, and the file exists', () => {
  const { exports } = require('../../package.json')
  expect(exports['.'].import).toBe('./index.mjs')
  expect(require('node:fs').existsSync(path.join(root, 'index.mjs'))).toBe(true)
})

test('every CommonJS export is a named ESM export, and the default export is the CommonJS object', () => {
  const result = esm(`
    import * as named from 'totp-native'
    import { createRequire } from 'node:module'
    const required = createRequire(import.meta.url)('totp-native')
    console.log(JSON.stringify({
      named: Object.keys(named).filter((k) => k !== 'default').sort(),
      sameDefault: named.default === required,
      sameFunctions: Object.keys(required).every((k) => named[k] === required[k]),
    }))
  `)
  expect(result.named).toEqual(Object.keys(cjs).sort())
  expect(result.sameDefault).toBe(true)
  expect(result.sameFunctions).toBe(true)
})

test('import { verify, generate, validate, hotp, base32 } works and gives otpauth\'s answers', () => {
  const timestamp = 1_465_324_707_000
  const expected = OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(SECRET), timestamp })
  const result = esm(`
    import { verify, generate, validate, hotp, base32, timeStep } from 'totp-native'
    console.log(JSON.stringify({
      code: generate('${SECRET}', { timestamp: ${timestamp} }),
      valid: verify('${expected}', '${SECRET}', { timestamp: ${timestamp} }),
      match: validate('${expected}', '${SECRET}', { timestamp: ${timestamp} }),
      step: timeStep({ timestamp: ${timestamp} }),
      hotp: hotp.generate(Buffer.from('12345678901234567890'), 0),
      base32: base32.encode(Buffer.from('foobar')),
    }))
  `)
  expect(result).toEqual({
    code: expected,
    valid: true,
    match: { delta: 0, timeStep: Math.floor(timestamp / 30000) },
    step: Math.floor(timestamp / 30000),
    hotp: '755224', // RFC 4226 Appendix D, counter 0
    base32: 'MZXW6YTBOI', // RFC 4648 §10, unpadded
  })
})

test('errors thrown through the ESM entry keep their class and code', () => {
  const result = esm(`
    import { generate, verify } from 'totp-native'
    const caught = (f) => { try { f() } catch (e) { return { name: e.name, code: e.code, isError: e instanceof Error } } }
    console.log(JSON.stringify([
      caught(() => generate('')),
      caught(() => generate('${SECRET}', { digits: 11 })),
      caught(() => verify(123456, '${SECRET}')),
    ]))
  `)
  expect(result).toEqual([
    { name: 'Error', code: 'ERR_TOTP_INVALID_SECRET', isError: true },
    { name: 'RangeError', code: 'ERR_TOTP_INVALID_OPTION', isError: true },
    { name: 'TypeError', code: 'ERR_TOTP_INVALID_TOKEN', isError: true },
  ])
})
