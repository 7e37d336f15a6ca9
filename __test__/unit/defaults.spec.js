'use strict'

// The defaults live once, in the core, and reach JavaScript as
// `require('totp-native').defaults`. Every place that states a default —
// the types' `@default` tags, the README's option tables, the command
// line's help — is checked against them here, and the calls themselves are
// checked to behave as the stated default does.

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const OTPAuth = require('otpauth')
const QRCode = require('qrcode')
const totp = require('../..')

const { defaults } = totp
const root = path.join(__dirname, '..', '..')
const read = (file) => fs.readFileSync(path.join(root, file), 'utf8')

// Each option name as the docs write it → its default.
const stated = {
  algorithm: defaults.algorithm,
  digits: defaults.digits,
  period: defaults.period,
  epoch: defaults.epoch,
  encoding: defaults.encoding,
  window: defaults.window,
  bytes: defaults.secretBytes,
  info: defaults.deriveInfo,
  padding: defaults.padding,
  errorCorrectionLevel: defaults.qr.errorCorrectionLevel,
  margin: defaults.qr.margin,
  scale: defaults.qr.scale,
  dark: defaults.qr.dark,
  light: defaults.qr.light,
}

/** `'SHA1'` → 'SHA1', `6` → 6, `false` → false; anything else (`Date.now()`, prose) as written. */
function literal(text) {
  const value = text.trim().replace(/^`|`$/g, '')
  if (/^'[^']*'$/.test(value)) return value.slice(1, -1)
  if (value === 'true' || value === 'false') return value === 'true'
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value)
  return value
}

test('the defaults are those of the peers and RFCs the docs name', () => {
  // RFC 6238 §4 / Key Uri Format defaults, otpauth's, and qrcode's.
  const otpauth = new OTPAuth.TOTP()
  expect(defaults.algorithm).toBe(otpauth.algorithm)
  expect(defaults.digits).toBe(otpauth.digits)
  expect(defaults.period).toBe(otpauth.period)
  expect(defaults.epoch).toBe(0)
  const symbol = QRCode.create('a')
  expect(['L', 'M', 'Q', 'H'][[1, 0, 3, 2].indexOf(symbol.errorCorrectionLevel.bit)]).toBe(defaults.qr.errorCorrectionLevel)
})

test('the calls behave as their stated defaults', () => {
  const secret = 'JBSWY3DPEHPK3PXP'
  const at = { timestamp: 1_700_000_000_000 }
  expect(totp.generate(secret, at)).toBe(
    totp.generate(secret, { ...at, algorithm: defaults.algorithm, digits: defaults.digits, period: defaults.period, epoch: defaults.epoch, encoding: defaults.encoding }),
  )
  const next = totp.generate(secret, { timestamp: at.timestamp + defaults.period * 1000 * defaults.window })
  expect(totp.verify(next, secret, at)).toBe(true)
  expect(totp.verify(next, secret, { ...at, window: defaults.window - 1 })).toBe(false)
  expect(totp.base32.decode(totp.generateSecret())).toHaveLength(defaults.secretBytes)
  expect(totp.base32.encode(Buffer.from('f'))).toBe(totp.base32.encode(Buffer.from('f'), { padding: defaults.padding }))
  const key = 'k'.repeat(32)
  expect(totp.deriveSecret(key, 'alice')).toBe(totp.deriveSecret(key, 'alice', { bytes: defaults.secretBytes, info: defaults.deriveInfo }))
  const qr = defaults.qr
  expect(totp.qr.toStringSync('a')).toBe(
    totp.qr.toStringSync('a', { errorCorrectionLevel: qr.errorCorrectionLevel, margin: qr.margin, type: qr.type }),
  )
  expect(totp.qr.toDataURLSync('a')).toBe(
    totp.qr.toDataURLSync('a', { scale: qr.scale, margin: qr.margin, color: { dark: qr.dark, light: qr.light } }),
  )
})

describe('the @default tags of the types', () => {
  // `/** … @default X */ name?:`, the tag on the line of the name or just above it.
  const tags = ['index.d.ts', 'lib/qr.d.ts'].flatMap((file) =>
    [...read(file).matchAll(/@default ([^*\n]+?)\s*(?:\*\/|\n)[\s*/]*(?:\*\/\s*)?(\w+)\??:/g)].map((m) => [file, m[2], literal(m[1])]),
  )
  const checked = tags.filter(([, name]) => name in stated)

  test('every stated option has a tag checked here', () => {
    const names = new Set(checked.map(([, name]) => name))
    for (const name of Object.keys(stated)) expect([name, names.has(name)]).toEqual([name, true])
  })

  test.each(checked)('%s: %s is documented as %p', (_file, name, value) => {
    expect(value).toEqual(stated[name])
  })
})

test('the README option tables state the defaults', () => {
  const rows = [...read('README.md').matchAll(/^\| `(\w+)` \| (`[^|]+`) \|/gm)].map((m) => [m[1], literal(m[2])])
  const checked = rows.filter(([name]) => name in stated)
  expect(checked.map(([name]) => name)).toEqual(expect.arrayContaining(['algorithm', 'digits', 'period', 'epoch', 'encoding', 'window']))
  for (const [name, value] of checked) expect([name, value]).toEqual([name, stated[name]])
})

test('the command line help states the defaults', () => {
  const help = (command) => spawnSync(process.execPath, [path.join(root, 'bin/totp-native.js'), command, '--help'], { encoding: 'utf8' }).stdout
  expect(help('code')).toContain(`code length, 1 to 10 (default ${defaults.digits})`)
  expect(help('code')).toContain(`time step (default ${defaults.period})`)
  expect(help('code')).toContain(`(default ${defaults.algorithm})`)
  expect(help('verify')).toContain(`steps accepted on each side (default ${defaults.window})`)
  expect(help('secret')).toContain(`16 to 1024 bytes (default ${defaults.secretBytes})`)
  expect(help('qr')).toContain(`(default ${defaults.qr.errorCorrectionLevel})`)
})

test('the ErrorCode type lists every code the core and the wrapper throw, and no other', () => {
  const codes = (text) => new Set([...text.matchAll(/'?(ERR_(?:TOTP|QR)_[A-Z_]+)'?/g)].map((m) => m[1]))
  const declared = /export type ErrorCode =([^/]*?)\n\n/s.exec(read('index.d.ts'))[1]
  const thrown = new Set([
    ...codes(read('src/error.rs')),
    ...['index.js', 'lib/options.js', 'lib/native.js', 'lib/qr.js'].flatMap((file) => [...codes(read(file))]),
  ])
  expect([...codes(declared)].sort()).toEqual([...thrown].sort())
})
