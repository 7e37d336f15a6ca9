'use strict'

// HOTP and TOTP against the RFCs' published vectors and two independent
// implementations: otpauth (JavaScript) and oathtool (C, Debian's OATH Toolkit).

const { execFileSync } = require('node:child_process')
const OTPAuth = require('otpauth')
const totp = require('..')
const rfc4226 = require('./fixtures/rfc4226-appendix-d.json')
const rfc6238 = require('./fixtures/rfc6238-appendix-b.json')
const { seeded, testWith } = require('./helpers')

const ALGORITHMS = ['SHA1', 'SHA256', 'SHA384', 'SHA512']
const YEAR_10000 = 253402300799999 // 9999-12-31T23:59:59.999Z, in ms

describe('RFC vectors', () => {
  const rfc4226Key = Buffer.from(rfc4226.secretAscii, 'ascii')

  test.each(rfc4226.vectors)('HOTP counter $counter is $hotp (RFC 4226 Appendix D)', ({ counter, hotp }) => {
    expect(totp.hotp.generate(rfc4226Key, counter)).toBe(hotp)
    expect(totp.hotp.generate(rfc4226.secretAscii, counter, { encoding: 'ascii' })).toBe(hotp)
  })

  test.each(rfc4226.vectors)('HOTP counter $counter with 10 digits is the whole truncated value', ({ counter, truncated }) => {
    expect(totp.hotp.generate(rfc4226Key, counter, { digits: 10 })).toBe(String(truncated).padStart(10, '0'))
  })

  const rows = rfc6238.vectors.flatMap((row) =>
    ['SHA1', 'SHA256', 'SHA512'].map((algorithm) => ({ ...row, algorithm, code: row[algorithm] })),
  )
  test.each(rows)('TOTP at $seconds s with $algorithm is $code (RFC 6238 Appendix B)', ({ seconds, step, algorithm, code }) => {
    const secret = rfc6238.secretsAscii[algorithm]
    const options = { algorithm, digits: 8, timestamp: seconds * 1000 }
    expect(totp.generate(Buffer.from(secret, 'ascii'), options)).toBe(code)
    expect(totp.generate(secret, { ...options, encoding: 'ascii' })).toBe(code)
    expect(totp.generate(Buffer.from(secret, 'ascii').toString('hex'), { ...options, encoding: 'hex' })).toBe(code)
    expect(totp.timeStep({ timestamp: seconds * 1000 })).toBe(parseInt(step, 16))
    expect(totp.verify(code, secret, { ...options, encoding: 'ascii', window: 0 })).toBe(true)
  })
})

describe('agreement with otpauth', () => {
  test('generate agrees on 3000 random keys, algorithms, digits, periods and times up to year 10000', () => {
    const random = seeded(4226)
    for (let i = 0; i < 3000; i++) {
      const key = random.bytes(random.int(10, 64))
      const algorithm = random.pick(ALGORITHMS)
      const digits = random.int(1, 10)
      const period = random.pick([30, 60, 15, 1, 90, random.int(1, 86400)])
      const timestamp = random.int(0, YEAR_10000)
      const expected = OTPAuth.TOTP.generate({ secret: new OTPAuth.Secret({ buffer: key }), algorithm, digits, period, timestamp })
      const secret = random.next() < 0.5 ? key : OTPAuth.Secret.fromHex(key.toString('hex')).base32
      expect({ i, code: totp.generate(secret, { algorithm, digits, period, timestamp }) }).toEqual({ i, code: expected })
    }
  })

  test('hotp.generate agrees for counters past 2^32 up to 2^53 - 1', () => {
    const random = seeded(6238)
    const counters = [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1]
    for (let i = 0; i < 500; i++) counters.push(random.int(0, 2 ** 53 - 1))
    for (const counter of counters) {
      const key = random.bytes(20)
      const algorithm = random.pick(ALGORITHMS)
      const expected = OTPAuth.HOTP.generate({ secret: new OTPAuth.Secret({ buffer: key }), algorithm, counter })
      expect({ counter, code: totp.hotp.generate(key, counter, { algorithm }) }).toEqual({ counter, code: expected })
    }
  })

  test('validate finds the same delta as otpauth for codes from every step of a wide window', () => {
    const random = seeded(5)
    for (let i = 0; i < 400; i++) {
      const key = random.bytes(20)
      const secret = new OTPAuth.Secret({ buffer: key })
      const timestamp = random.int(30 * 20 * 1000, YEAR_10000)
      const offset = random.int(-4, 4)
      const token = OTPAuth.TOTP.generate({ secret, timestamp: timestamp + offset * 30000 })
      const theirs = OTPAuth.TOTP.validate({ token, secret, timestamp, window: 3 })
      const ours = totp.validate(token, key, { timestamp, window: 3 })
      // otpauth reports the first match it tries; both agree whenever the
      // token matches a single step, which is all but a few in a million.
      expect({ i, delta: ours && ours.delta }).toEqual({ i, delta: theirs })
      if (ours) expect(ours.timeStep).toBe(Math.floor(timestamp / 30000) + ours.delta)
    }
  })
})

describe('agreement with oathtool', () => {
  const withOathtool = testWith('oathtool', 'oathtool')

  withOathtool('TOTP codes agree for 1200 random keys, algorithms, digits, periods and times, 5 steps each', () => {
    const random = seeded(2026)
    for (let i = 0; i < 240; i++) {
      const key = random.bytes(random.int(10, 64))
      const algorithm = random.pick(['SHA1', 'SHA256', 'SHA512'])
      // oathtool writes 6 to 8 digits.
      const digits = random.int(6, 8)
      const period = random.pick([30, 60, 10, random.int(1, 3600)])
      const seconds = random.int(0, Math.floor(YEAR_10000 / 1000))
      // -w 4 prints the codes of this step and the four after it.
      const output = execFileSync('oathtool', [
        `--totp=${algorithm.toLowerCase()}`,
        `--digits=${digits}`,
        `--time-step-size=${period}s`,
        `--now=@${seconds}`,
        '--window=4',
        key.toString('hex'),
      ]).toString()
      const expected = output.trim().split('\n')
      expect(expected).toHaveLength(5)
      const ours = expected.map((_, k) =>
        totp.generate(key, { algorithm, digits, period, timestamp: (seconds + k * period) * 1000 }),
      )
      expect({ i, codes: ours }).toEqual({ i, codes: expected })
    }
  })

  withOathtool('HOTP codes agree for 200 random keys and counters, 5 counters each', () => {
    const random = seeded(4)
    for (let i = 0; i < 200; i++) {
      const key = random.bytes(random.int(10, 64))
      const counter = random.int(0, 2 ** 40)
      const digits = random.int(6, 8)
      const output = execFileSync('oathtool', ['--hotp', `--digits=${digits}`, `--counter=${counter}`, '--window=4', key.toString('hex')])
      const expected = output.toString().trim().split('\n')
      const ours = expected.map((_, k) => totp.hotp.generate(key, counter + k, { digits }))
      expect({ i, codes: ours }).toEqual({ i, codes: expected })
    }
  })
})

describe('verification windows', () => {
  const key = Buffer.from(rfc4226.secretAscii, 'ascii')
  const now = 1_700_000_000_000
  const step = Math.floor(now / 30000)
  const codeAt = (offset) => OTPAuth.HOTP.generate({ secret: new OTPAuth.Secret({ buffer: key }), counter: step + offset })

  test('a window of 1 accepts the previous, current and next code and nothing further', () => {
    expect([-2, -1, 0, 1, 2].map((k) => totp.verify(codeAt(k), key, { timestamp: now }))).toEqual([false, true, true, true, false])
  })

  test('window edges are exact: ±window accepted, ±(window + 1) refused, for every window up to 10', () => {
    for (let window = 0; window <= 10; window++) {
      expect(totp.verify(codeAt(-window), key, { timestamp: now, window })).toBe(true)
      expect(totp.verify(codeAt(window), key, { timestamp: now, window })).toBe(true)
      expect(totp.verify(codeAt(-window - 1), key, { timestamp: now, window })).toBe(false)
      expect(totp.verify(codeAt(window + 1), key, { timestamp: now, window })).toBe(false)
    }
  })

  test('[past, future] windows are asymmetric', () => {
    const options = { timestamp: now, window: [2, 0] }
    expect(totp.validate(codeAt(-2), key, options)).toEqual({ delta: -2, timeStep: step - 2 })
    expect(totp.verify(codeAt(1), key, options)).toBe(false)
    expect(totp.verify(codeAt(1), key, { timestamp: now, window: [0, 1] })).toBe(true)
    expect(totp.verify(codeAt(-1), key, { timestamp: now, window: [0, 1] })).toBe(false)
  })

  test('after refuses the step given and every earlier one, and accepts later ones', () => {
    expect(totp.validate(codeAt(0), key, { timestamp: now, after: step - 1 })).toEqual({ delta: 0, timeStep: step })
    expect(totp.validate(codeAt(0), key, { timestamp: now, after: step })).toBeNull()
    expect(totp.validate(codeAt(-1), key, { timestamp: now, after: step - 1 })).toBeNull()
    expect(totp.validate(codeAt(1), key, { timestamp: now, after: step })).toEqual({ delta: 1, timeStep: step + 1 })
  })

  test('a code used once is refused when its step is passed back as after', () => {
    const first = totp.validate(codeAt(0), key, { timestamp: now })
    expect(first).not.toBeNull()
    expect(totp.verify(codeAt(0), key, { timestamp: now + 10000, after: first.timeStep })).toBe(false)
  })

  test('when a code matches two steps of the window, the latest is reported', () => {
    // With one digit, codes repeat often: find a time where the previous and
    // next steps give the same digit but the current one does not.
    const secret = new OTPAuth.Secret({ buffer: key })
    const digitAt = (s) => OTPAuth.HOTP.generate({ secret, counter: s, digits: 1 })
    let s = 100
    while (!(digitAt(s - 1) === digitAt(s + 1) && digitAt(s) !== digitAt(s - 1))) s++
    const match = totp.validate(digitAt(s - 1), key, { digits: 1, timestamp: s * 30000 })
    expect(match).toEqual({ delta: 1, timeStep: s + 1 })
  })

  test('steps before zero are skipped, not errors', () => {
    const code = OTPAuth.HOTP.generate({ secret: new OTPAuth.Secret({ buffer: key }), counter: 0 })
    expect(totp.validate(code, key, { timestamp: 0, window: 10 })).toEqual({ delta: 0, timeStep: 0 })
    expect(totp.hotp.validate(code, key, 3, { window: 10 })).toEqual({ delta: -3, counter: 0 })
  })

  test('malformed tokens are simply not valid', () => {
    for (const token of ['', '12345', '1234567', '12345a', ' 123456', '１２３４５６', '1'.repeat(100000)]) {
      expect(totp.verify(token, key, { timestamp: now })).toBe(false)
      expect(totp.validate(token, key, { timestamp: now })).toBeNull()
      expect(totp.hotp.verify(token, key, 0)).toBe(false)
    }
  })

  test('a code with a digit replaced by a character whose low byte is that digit is refused', () => {
    // 'İ' is U+0130: a reader keeping only low bytes would see '0'.
    const code = codeAt(0)
    const disguised = String.fromCharCode(0x100 + code.charCodeAt(0)) + code.slice(1)
    expect(totp.verify(code, key, { timestamp: now })).toBe(true)
    expect(totp.verify(disguised, key, { timestamp: now })).toBe(false)
  })

  test('hotp.validate reports the counter that matched', () => {
    const code = rfc4226.vectors[7].hotp
    expect(totp.hotp.validate(code, key, 6)).toEqual({ delta: 1, counter: 7 })
    expect(totp.hotp.validate(code, key, 6, { after: 7 })).toBeNull()
    expect(totp.hotp.verify(code, key, 5)).toBe(false)
    expect(totp.hotp.verify(code, key, 5, { window: [0, 2] })).toBe(true)
  })
})

describe('time', () => {
  test('timeStep and remaining follow plain arithmetic on period and epoch', () => {
    const random = seeded(30)
    for (let i = 0; i < 500; i++) {
      const period = random.int(1, 600)
      const epoch = random.int(0, 1e12)
      const timestamp = epoch + random.int(0, 1e13)
      const elapsed = timestamp - epoch
      expect(totp.timeStep({ period, epoch, timestamp })).toBe(Math.floor(elapsed / (period * 1000)))
      expect(totp.remaining({ period, epoch, timestamp })).toBe(period * 1000 - (elapsed % (period * 1000)))
    }
  })

  test('Date objects are read as their time', () => {
    const date = new Date('2033-05-18T03:33:20Z')
    expect(totp.generate('JBSWY3DPEHPK3PXP', { timestamp: date })).toBe(
      totp.generate('JBSWY3DPEHPK3PXP', { timestamp: date.getTime() }),
    )
    expect(totp.timeStep({ timestamp: date })).toBe(Math.floor(date.getTime() / 30000))
  })

  test('epoch shifts the steps: a code at epoch + t equals the code at t without one', () => {
    const epoch = Date.UTC(2020, 0, 1)
    expect(totp.generate('JBSWY3DPEHPK3PXP', { epoch, timestamp: epoch + 59000 })).toBe(
      totp.generate('JBSWY3DPEHPK3PXP', { timestamp: 59000 }),
    )
  })

  test('the default time is Date.now(), so jest fake timers move it', () => {
    const at = Date.UTC(2031, 6, 1, 12, 0, 0)
    jest.useFakeTimers().setSystemTime(at)
    try {
      const expected = OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32('JBSWY3DPEHPK3PXP'), timestamp: at })
      expect(totp.generate('JBSWY3DPEHPK3PXP')).toBe(expected)
      expect(totp.verify(expected, 'JBSWY3DPEHPK3PXP', { window: 0 })).toBe(true)
      expect(totp.timeStep()).toBe(Math.floor(at / 30000))
      expect(totp.remaining()).toBe(30000)
    } finally {
      jest.useRealTimers()
    }
  })

  test('times past 2038 and up to the last Date work', () => {
    const last = 8.64e15
    const expected = OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32('JBSWY3DPEHPK3PXP'), timestamp: last })
    expect(totp.generate('JBSWY3DPEHPK3PXP', { timestamp: last })).toBe(expected)
  })
})
