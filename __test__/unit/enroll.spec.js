'use strict'

// enroll(): the enrollment route in one call. Each part of its answer is read
// by an independent party: the QR image by jsQR and zbarimg, the URI by
// otpauth, and codes from the returned secret are computed by otpauth and
// then accepted by verify — the path an authenticator app takes.

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const jsQR = require('jsqr')
const { PNG } = require('pngjs')
const OTPAuth = require('otpauth')
const QRCode = require('qrcode')
const totp = require('../..')
const { testWith } = require('../helpers')

const PREFIX = 'data:image/png;base64,'

function pngOf(dataUrl) {
  expect(dataUrl.startsWith(PREFIX)).toBe(true)
  return Buffer.from(dataUrl.slice(PREFIX.length), 'base64')
}

function jsqrRead(png) {
  const image = PNG.sync.read(png)
  const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)
  return found && found.data
}

test('a new enrollment: a 20-byte secret, its URI, and a QR code of exactly that URI', async () => {
  const { secret, uri, qrDataUrl } = await totp.enroll({ account: 'alice@example.com', issuer: 'ACME Co' })
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  expect(jsqrRead(pngOf(qrDataUrl))).toBe(uri)

  const parsed = OTPAuth.URI.parse(uri)
  expect(parsed).toBeInstanceOf(OTPAuth.TOTP)
  expect(parsed.issuer).toBe('ACME Co')
  expect(parsed.label).toBe('alice@example.com')
  expect(parsed.secret.base32).toBe(secret)
  expect(parsed.secret.bytes.length).toBe(20)

  const timestamp = Date.now()
  expect(totp.verify(parsed.generate({ timestamp }), secret, { timestamp })).toBe(true)
})

test('every enrollment gets a different secret', async () => {
  const secrets = new Set()
  for (let i = 0; i < 50; i++) secrets.add((await totp.enroll({ account: 'a' })).secret)
  expect(secrets.size).toBe(50)
})

test('the QR code is the one qrcode draws for the URI, pixel for pixel', async () => {
  const { uri, qrDataUrl } = await totp.enroll({ account: 'bob', issuer: 'ACME' })
  const ours = PNG.sync.read(pngOf(qrDataUrl))
  const theirs = PNG.sync.read(pngOf(await QRCode.toDataURL(uri)))
  expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height])
  expect(ours.data.equals(theirs.data)).toBe(true)
})

test('OTP options go into the URI, and codes made with them verify', async () => {
  const options = { account: 'carol', issuer: 'ACME', algorithm: 'SHA256', digits: 8, period: 60, bytes: 32 }
  const { secret, uri } = await totp.enroll(options)
  expect(secret).toMatch(/^[A-Z2-7]{52}$/)
  const parsed = OTPAuth.URI.parse(uri)
  expect([parsed.algorithm, parsed.digits, parsed.period]).toEqual(['SHA256', 8, 60])
  const timestamp = 1_700_000_000_000
  expect(totp.verify(parsed.generate({ timestamp }), secret, { timestamp, algorithm: 'SHA256', digits: 8, period: 60 })).toBe(true)
})

test('a given secret is enrolled as given and comes back as base32, from any encoding', async () => {
  const bytes = Buffer.from('12345678901234567890')
  const base32 = new OTPAuth.Secret({ buffer: bytes }).base32
  const forms = [
    { secret: base32 },
    { secret: base32.toLowerCase().replace(/(.{4})/g, '$1 ') },
    { secret: bytes },
    { secret: new Uint8Array(bytes) },
    { secret: bytes.toString('hex'), encoding: 'hex' },
    { secret: '12345678901234567890', encoding: 'ascii' },
  ]
  for (const form of forms) {
    const { secret, uri } = await totp.enroll({ account: 'dave', ...form })
    expect(secret).toBe(base32)
    expect(OTPAuth.URI.parse(uri).secret.base32).toBe(base32)
  }
})

test('an HOTP enrollment carries its counter', async () => {
  const { secret, uri } = await totp.enroll({ account: 'erin', type: 'hotp', counter: 5 })
  const parsed = OTPAuth.URI.parse(uri)
  expect(parsed).toBeInstanceOf(OTPAuth.HOTP)
  expect(parsed.counter).toBe(5)
  expect(totp.hotp.verify(parsed.generate({ counter: 5 }), secret, 5)).toBe(true)
})

test('qr options shape the image', async () => {
  const plain = PNG.sync.read(pngOf((await totp.enroll({ account: 'f', secret: 'JBSWY3DPEHPK3PXP' })).qrDataUrl))
  const { uri, qrDataUrl } = await totp.enroll({
    account: 'f',
    secret: 'JBSWY3DPEHPK3PXP',
    qr: { scale: 8, margin: 1, errorCorrectionLevel: 'H', color: { dark: '#123456' } },
  })
  const png = pngOf(qrDataUrl)
  const image = PNG.sync.read(png)
  const theirs = PNG.sync.read(pngOf(await QRCode.toDataURL(uri, { scale: 8, margin: 1, errorCorrectionLevel: 'H', color: { dark: '#123456' } })))
  expect(image.width).not.toBe(plain.width)
  expect(image.width).toBe(theirs.width)
  expect(image.data.equals(theirs.data)).toBe(true)
  expect(jsqrRead(png)).toBe(uri)
})

testWith('zbarimg', 'zbar-tools')('zbarimg reads the enrollment QR code back, for awkward issuers and accounts', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enroll-'))
  try {
    const people = [
      ['ACME & Sons', 'o\'brien+2fa@example.com'],
      ['Société Générale', 'zoë@exämple.fr'],
      ['100% #1', 'user with spaces'],
      ['東京', 'ユーザー'],
    ]
    for (const [issuer, account] of people) {
      const { uri, qrDataUrl } = await totp.enroll({ issuer, account })
      const file = path.join(dir, 'qr.png')
      fs.writeFileSync(file, pngOf(qrDataUrl))
      const read = spawnSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'buffer' })
      expect(read.status).toBe(0)
      // zbarimg reads byte-mode data as UTF-8 text and ends it with a newline.
      expect(read.stdout.toString('utf8').trimEnd()).toBe(uri)
      const parsed = OTPAuth.URI.parse(uri)
      expect([parsed.issuer, parsed.label]).toEqual([issuer, account])
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('many enrollments at once all complete, on the thread pool', async () => {
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => totp.enroll({ account: `user${i}`, issuer: 'ACME' })))
  for (const [i, { uri, qrDataUrl }] of results.entries()) {
    expect(uri).toContain(`ACME:user${i}?`)
    expect(qrDataUrl.startsWith(PREFIX)).toBe(true)
  }
  expect(jsqrRead(pngOf(results[123].qrDataUrl))).toBe(results[123].uri)
})
