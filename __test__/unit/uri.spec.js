'use strict'

// otpauth:// URIs: what keyUri writes is read back by parseUri, by otpauth and
// by pyotp (two independent readers); what otpauth writes, parseUri reads.

const { spawnSync } = require('node:child_process')
const path = require('node:path')
const OTPAuth = require('otpauth')
const { keyUri, parseUri, generateSecret, base32 } = require('../..')
const { seeded } = require('../helpers')

const AWKWARD = [
  'ACME',
  'ACME Co',
  'Dev & Ops',
  '100% Secure',
  'Hash #1',
  'Why? Because',
  'a/b\\c',
  'x+y=z',
  'name@host',
  'Café Müller',
  '東京銀行',
  'Émoji 🔐 bank',
  "O'Brien \"quoted\"",
  '  padded',
]

function randomCases(count) {
  const random = seeded(6238)
  return Array.from({ length: count }, () => {
    const type = random.next() < 0.8 ? 'totp' : 'hotp'
    const options = {
      secret: base32.encode(random.bytes(random.int(16, 40))),
      account: random.pick(AWKWARD.filter((text) => !text.startsWith(' '))) + (random.next() < 0.5 ? '@example.com' : ''),
      issuer: random.next() < 0.9 ? random.pick(AWKWARD).trim() : undefined,
      type,
      algorithm: random.pick(['SHA1', 'SHA256', 'SHA384', 'SHA512']),
      digits: random.int(1, 10),
    }
    if (type === 'totp') options.period = random.pick([30, 60, 15, random.int(1, 86400)])
    else options.counter = random.int(0, 2 ** 53 - 1)
    return options
  })
}

function expectedFields(options) {
  const fields = {
    type: options.type,
    account: options.account,
    secret: options.secret,
    algorithm: options.algorithm,
    digits: options.digits,
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
  }
  if (options.type === 'totp') fields.period = options.period
  else fields.counter = options.counter
  return fields
}

describe('keyUri and parseUri', () => {
  test('parseUri reads back what keyUri wrote, for 400 awkward random cases', () => {
    for (const [i, options] of randomCases(400).entries()) {
      expect({ i, ...parseUri(keyUri(options)) }).toEqual({ i, ...expectedFields(options) })
    }
  })

  test('the label and issuer are percent-encoded, with %20 for spaces', () => {
    const uri = keyUri({ secret: 'JBSWY3DPEHPK3PXP', account: 'a b&c', issuer: 'X#Y%Z' })
    expect(uri).toBe(
      'otpauth://totp/X%23Y%25Z:a%20b%26c?secret=JBSWY3DPEHPK3PXP&issuer=X%23Y%25Z&algorithm=SHA1&digits=6&period=30',
    )
  })
})

describe('independent readers', () => {
  const cases = randomCases(600)

  test('otpauth reads every URI keyUri writes to the same fields', () => {
    for (const [i, options] of cases.entries()) {
      const read = OTPAuth.URI.parse(keyUri(options))
      const fields = {
        type: read instanceof OTPAuth.TOTP ? 'totp' : 'hotp',
        account: read.label,
        secret: read.secret.base32,
        algorithm: read.algorithm,
        digits: read.digits,
        ...(options.issuer === undefined ? {} : { issuer: read.issuer }),
        ...(read instanceof OTPAuth.TOTP ? { period: read.period } : { counter: read.counter }),
      }
      expect({ i, ...fields }).toEqual({ i, ...expectedFields(options) })
    }
  })

  const python = spawnSync('python3', ['-c', 'import pyotp'], { stdio: 'ignore' })
  const withPyotp = python.status === 0 ? test : (name, fn) => test.skip(`${name} [skipped: pyotp not importable; pip install pyotp==2.12.0]`, fn)

  withPyotp('pyotp.parse_uri reads every URI keyUri writes to the same fields', () => {
    // pyotp accepts 6 to 8 digits, SHA1, SHA256 and SHA512, and periods up to 120 s.
    const readable = cases.filter(
      (options) =>
        options.digits >= 6 && options.digits <= 8 && options.algorithm !== 'SHA384' && !(options.period > 120),
    )
    expect(readable.length).toBeGreaterThan(80)
    const result = spawnSync('python3', [path.join(__dirname, '..', 'fixtures', 'pyotp_read.py')], {
      input: JSON.stringify(readable.map(keyUri)),
      encoding: 'utf8',
    })
    expect(result.stderr).toBe('')
    const read = JSON.parse(result.stdout)
    readable.forEach((options, i) => {
      const expected = { ...expectedFields(options), issuer: options.issuer === undefined ? null : options.issuer }
      expect({ i, ...read[i] }).toEqual({ i, ...expected })
    })
  })
})

describe('independent writers', () => {
  test('parseUri reads URIs otpauth writes', () => {
    const random = seeded(9)
    for (let i = 0; i < 200; i++) {
      const secret = new OTPAuth.Secret({ buffer: random.bytes(20) })
      const issuer = random.pick(AWKWARD).trim()
      const label = random.pick(AWKWARD).trim()
      const algorithm = random.pick(['SHA1', 'SHA256', 'SHA512'])
      const digits = random.int(6, 8)
      const written =
        random.next() < 0.7
          ? new OTPAuth.TOTP({ issuer, label, secret, algorithm, digits, period: random.int(1, 120) })
          : new OTPAuth.HOTP({ issuer, label, secret, algorithm, digits, counter: random.int(0, 1e9) })
      const read = parseUri(written.toString())
      expect({ i, ...read }).toEqual({
        i,
        type: written instanceof OTPAuth.TOTP ? 'totp' : 'hotp',
        issuer,
        account: label,
        secret: secret.base32,
        algorithm,
        digits,
        ...(written instanceof OTPAuth.TOTP ? { period: written.period } : { counter: written.counter }),
      })
    }
  })

  test('a URI Google Authenticator documents is read as written', () => {
    expect(parseUri('otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example')).toEqual({
      type: 'totp',
      issuer: 'Example',
      account: 'alice@google.com',
      secret: 'JBSWY3DPEHPK3PXP',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    })
  })
})

describe('refusals', () => {
  const good = 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME'
  test.each([
    ['a wrong scheme', 'https://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP', 'otpauth'],
    ['a wrong type', 'otpauth://motp/ACME:alice?secret=JBSWY3DPEHPK3PXP', 'motp'],
    ['a missing secret', 'otpauth://totp/ACME:alice?issuer=ACME', 'secret'],
    ['a bad secret', 'otpauth://totp/ACME:alice?secret=JBSW1Y3D', 'secret'],
    ['an unknown algorithm', `${good}&algorithm=MD5`, 'algorithm'],
    ['11 digits', `${good}&digits=11`, 'digits'],
    ['digits that are not a number', `${good}&digits=six`, 'digits'],
    ['a zero period', `${good}&period=0`, 'period'],
    ['hotp without a counter', 'otpauth://hotp/ACME:alice?secret=JBSWY3DPEHPK3PXP', 'counter'],
    ['a counter past 2^53', 'otpauth://hotp/ACME:alice?secret=JBSWY3DPEHPK3PXP&counter=9007199254740992', 'counter'],
    ['an issuer prefix that disagrees with the issuer parameter', 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=Other', 'issuer'],
    ['two colons in the label', 'otpauth://totp/A:B:alice?secret=JBSWY3DPEHPK3PXP', 'colon'],
    ['more than 4096 bytes', `${good}&image=${'x'.repeat(5000)}`, '4096'],
  ])('%s is an Error with code ERR_TOTP_INVALID_URI saying what is wrong', (_, uri, words) => {
    let thrown
    try {
      parseUri(uri)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(Error)
    expect(thrown.code).toBe('ERR_TOTP_INVALID_URI')
    expect(thrown.message.toLowerCase()).toContain(words.toLowerCase())
  })

  test('keyUri refuses a colon in the issuer or the account, which no reader could split back', () => {
    expect(() => keyUri({ secret: generateSecret(), account: 'a:b', issuer: 'X' })).toThrow(RangeError)
    expect(() => keyUri({ secret: generateSecret(), account: 'a', issuer: 'X:Y' })).toThrow(
      expect.objectContaining({ code: 'ERR_TOTP_INVALID_OPTION' }),
    )
  })
})
