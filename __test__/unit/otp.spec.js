'use strict'

// HOTP and TOTP against the RFCs' published vectors and two independent
// implementations: otpauth (JavaScript, on node:crypto) and oathtool (C,
// Debian's OATH Toolkit). Every expected code comes from one of those; window
// and `after` expectations are plain arithmetic over codes otpauth computed.

const { spawnSync } = require('node:child_process')
const crypto = require('node:crypto')
const OTPAuth = require('otpauth')
const totp = require('../..')
const rfc4226 = require('../fixtures/rfc4226-appendix-d.json')
const rfc6238 = require('../fixtures/rfc6238-appendix-b.json')
const { seeded, testWith, hasCommand } = require('../helpers')

const ALGORITHMS = ['SHA1', 'SHA256', 'SHA384', 'SHA512']
const YEAR_10000 = 253402300799999 // 9999-12-31T23:59:59.999Z, in ms
const LAST_DATE = 8.64e15 // the latest time a Date holds (ECMA-262 §21.4.1.1)
const MAX_COUNTER = 2 ** 53 - 1

/** A whole number from min to max with 53 bits of randomness (helpers' int has 32). */
function wide(random, min, max) {
  const bits53 = Math.floor(random.next() * 2 ** 32) * 2 ** 21 + Math.floor(random.next() * 2 ** 21)
  return min + (bits53 % (max - min + 1))
}

/** A timestamp in ms: uniform to year 10000, near today, or on either side of a step boundary. */
function randomTimestamp(random, period) {
  const kind = random.int(0, 3)
  if (kind === 0) return wide(random, 0, YEAR_10000)
  if (kind === 1) return wide(random, 1.5e12, 2.3e12)
  const boundary = Math.floor(wide(random, 0, YEAR_10000) / (period * 1000)) * period * 1000
  return Math.max(0, boundary + random.pick([-1, 0, 1, period * 1000 - 1]))
}

function randomPeriod(random) {
  return random.pick([30, 30, 60, 15, 10, 1, 90, random.int(1, 86400)])
}

/** otpauth's HOTP code for one counter: the reference every window test is built on. */
function otpauthCode(key, counter, { algorithm = 'SHA1', digits = 6 } = {}) {
  return OTPAuth.HOTP.generate({ secret: new OTPAuth.Secret({ buffer: key }), algorithm, digits, counter })
}

/**
 * What validate must return, by the contract in DESIGN.md: the latest step in
 * [expected − past, expected + future], skipping steps below 0, above 2^53 − 1
 * and at or before `after`, whose otpauth code is the token.
 */
function modelMatch({ key, token, expected, past, future, after, algorithm, digits }) {
  if (token.length !== digits || !/^[0-9]+$/.test(token)) return null
  const first = Math.max(0, expected - past, after === undefined ? 0 : after + 1)
  const last = Math.min(expected + future, MAX_COUNTER)
  let latest = null
  for (let step = first; step <= last; step++) {
    if (otpauthCode(key, step, { algorithm, digits }) === token) latest = step
  }
  return latest === null ? null : { delta: latest - expected, step: latest }
}

describe('RFC 4226 Appendix D', () => {
  const key = Buffer.from(rfc4226.secretAscii, 'ascii')

  test.each(rfc4226.vectors)('the fixture row for counter $counter is consistent with node:crypto', (row) => {
    // Guards the fixture against a typo: the RFC's HMAC is node:crypto's, and
    // its truncated value is the RFC's dynamic truncation of that HMAC.
    const message = Buffer.alloc(8)
    message.writeBigUInt64BE(BigInt(row.counter))
    const hmac = crypto.createHmac('sha1', key).update(message).digest()
    expect(hmac.toString('hex')).toBe(row.hmacSha1)
    const offset = hmac[19] & 0x0f
    expect(hmac.readUInt32BE(offset) & 0x7fffffff).toBe(parseInt(row.truncatedHex, 16))
    expect(parseInt(row.truncatedHex, 16)).toBe(row.truncated)
  })

  test.each(rfc4226.vectors)('hotp.generate at counter $counter is $hotp, from a Buffer and from an ascii string', ({ counter, hotp }) => {
    expect(totp.hotp.generate(key, counter)).toBe(hotp)
    expect(totp.hotp.generate(rfc4226.secretAscii, counter, { encoding: 'ascii' })).toBe(hotp)
    expect(totp.hotp.generate(key.toString('hex'), counter, { encoding: 'hex' })).toBe(hotp)
  })

  test.each(rfc4226.vectors)('hotp.generate at counter $counter with 10 digits is the whole truncated decimal $truncated, zero-padded', ({ counter, truncated }) => {
    expect(totp.hotp.generate(key, counter, { digits: 10 })).toBe(String(truncated).padStart(10, '0'))
  })

  test.each(rfc4226.vectors)('hotp.generate at counter $counter with d digits is the truncated decimal mod 10^d, for d = 1 to 10', ({ counter, truncated }) => {
    for (let digits = 1; digits <= 10; digits++) {
      expect(totp.hotp.generate(key, counter, { digits })).toBe(String(truncated % 10 ** digits).padStart(digits, '0'))
    }
  })

  test.each(rfc4226.vectors)('hotp.validate finds $hotp at counter $counter', ({ counter, hotp }) => {
    expect(totp.hotp.validate(hotp, key, counter, { window: 0 })).toEqual({ delta: 0, counter })
    expect(totp.hotp.verify(hotp, key, counter)).toBe(true)
  })
})

describe('RFC 6238 Appendix B', () => {
  const rows = rfc6238.vectors.flatMap((row) =>
    ['SHA1', 'SHA256', 'SHA512'].map((algorithm) => ({ ...row, algorithm, code: row[algorithm] })),
  )

  test.each(rfc6238.vectors)('the fixture row at $seconds s has the RFC UTC time $utc', ({ seconds, utc }) => {
    expect(Date.parse(utc.replace(' ', 'T') + 'Z')).toBe(seconds * 1000)
  })

  test.each(rows)('generate at $seconds s with $algorithm is $code', ({ seconds, utc, algorithm, code }) => {
    const seed = rfc6238.secretsAscii[algorithm]
    const options = { algorithm, digits: 8, timestamp: seconds * 1000 }
    expect(totp.generate(Buffer.from(seed, 'ascii'), options)).toBe(code)
    expect(totp.generate(new Uint8Array(Buffer.from(seed, 'ascii')), options)).toBe(code)
    expect(totp.generate(seed, { ...options, encoding: 'ascii' })).toBe(code)
    expect(totp.generate(Buffer.from(seed, 'ascii').toString('hex'), { ...options, encoding: 'hex' })).toBe(code)
    expect(totp.generate(seed, { ...options, encoding: 'ascii', timestamp: new Date(utc.replace(' ', 'T') + 'Z') })).toBe(code)
    // Anywhere inside the same 30-second step gives the same code.
    const stepStart = Math.floor(seconds / 30) * 30 * 1000
    expect(totp.generate(seed, { ...options, encoding: 'ascii', timestamp: stepStart })).toBe(code)
    expect(totp.generate(seed, { ...options, encoding: 'ascii', timestamp: stepStart + 29999 })).toBe(code)
  })

  test.each(rows)('verify and validate accept $code at $seconds s with $algorithm and report step T', ({ seconds, step, algorithm, code }) => {
    const seed = rfc6238.secretsAscii[algorithm]
    const options = { algorithm, digits: 8, timestamp: seconds * 1000, encoding: 'ascii' }
    expect(totp.verify(code, seed, { ...options, window: 0 })).toBe(true)
    expect(totp.validate(code, seed, options)).toEqual({ delta: 0, timeStep: parseInt(step, 16) })
    // The same code is refused with another hash or another length.
    const other = algorithm === 'SHA1' ? 'SHA256' : 'SHA1'
    expect(totp.verify(code, seed, { ...options, algorithm: other, window: 0 })).toBe(false)
    expect(totp.verify(code.slice(2), seed, options)).toBe(false)
  })

  test.each(rfc6238.vectors)('timeStep at $seconds s is T = $step', ({ seconds, step }) => {
    expect(totp.timeStep({ timestamp: seconds * 1000 })).toBe(parseInt(step, 16))
  })
})

describe('agreement with otpauth', () => {
  test('generate agrees on 4000 random keys (10–64 bytes), SHA1/256/384/512, 1–10 digits, periods and times up to year 10000', () => {
    const random = seeded(4226)
    for (let i = 0; i < 4000; i++) {
      const key = random.bytes(random.int(10, 64))
      const algorithm = random.pick(ALGORITHMS)
      const digits = random.int(1, 10)
      const period = randomPeriod(random)
      const timestamp = randomTimestamp(random, period)
      const expected = OTPAuth.TOTP.generate({ secret: new OTPAuth.Secret({ buffer: key }), algorithm, digits, period, timestamp })
      const form = random.int(0, 2)
      const secret = form === 0 ? key : form === 1 ? new OTPAuth.Secret({ buffer: key }).base32 : key.toString('hex')
      const encoding = form === 2 ? 'hex' : undefined
      const code = totp.generate(secret, { algorithm, digits, period, timestamp, encoding })
      expect({ i, code }).toEqual({ i, code: expected })
    }
  })

  test('hotp.generate agrees for 1000 counters from 0 to 2^53 − 1, past 2^32 without wrapping', () => {
    const random = seeded(6238)
    const counters = [0, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 52, MAX_COUNTER - 1, MAX_COUNTER]
    while (counters.length < 1000) counters.push(wide(random, 0, MAX_COUNTER))
    for (const counter of counters) {
      const key = random.bytes(random.int(10, 64))
      const algorithm = random.pick(ALGORITHMS)
      const digits = random.int(1, 10)
      const expected = otpauthCode(key, counter, { algorithm, digits })
      expect({ counter, code: totp.hotp.generate(key, counter, { algorithm, digits }) }).toEqual({ counter, code: expected })
    }
  })

  test('validate agrees with the window/after model on 2000 random cases: windows [past, future], after, 1–10 digits, periods, epochs', () => {
    const random = seeded(5)
    let matched = 0
    for (let i = 0; i < 2000; i++) {
      const key = random.bytes(random.int(10, 64))
      const algorithm = random.pick(ALGORITHMS)
      const digits = random.int(1, 10)
      const period = randomPeriod(random)
      const epoch = random.next() < 0.3 ? wide(random, 0, 2e12) : 0
      const timestamp = epoch + randomTimestamp(random, period) % (YEAR_10000 - epoch)
      const past = random.int(0, 10)
      const future = random.next() < 0.5 ? past : random.int(0, 10)
      const expected = Math.floor((timestamp - epoch) / (period * 1000))
      const offset = random.int(-past - 2, future + 2)
      const after = random.next() < 0.3 ? expected + random.int(-past - 2, future + 1) : undefined
      const token = expected + offset >= 0 ? otpauthCode(key, expected + offset, { algorithm, digits }) : '0'.repeat(digits)
      const window = past === future && random.next() < 0.5 ? past : [past, future]
      const model = modelMatch({ key, token, expected, past, future, after: after < 0 ? undefined : after, algorithm, digits })
      const options = { algorithm, digits, period, epoch, timestamp, window }
      if (after !== undefined && after >= 0) options.after = after
      const ours = totp.validate(token, key, options)
      expect({ i, match: ours }).toEqual({ i, match: model && { delta: model.delta, timeStep: model.step } })
      expect({ i, valid: totp.verify(token, key, options) }).toEqual({ i, valid: model !== null })
      if (model) matched++
    }
    // The cases must exercise both outcomes.
    expect(matched).toBeGreaterThan(800)
    expect(matched).toBeLessThan(1800)
  })

  test('hotp.validate agrees with the window/after model on 800 random counters up to 2^53 − 1', () => {
    const random = seeded(55)
    for (let i = 0; i < 800; i++) {
      const key = random.bytes(random.int(10, 64))
      const algorithm = random.pick(ALGORITHMS)
      const digits = random.int(1, 10)
      const counter = random.pick([random.int(0, 15), wide(random, 0, MAX_COUNTER), MAX_COUNTER - random.int(0, 12)])
      const past = random.int(0, 10)
      const future = random.int(0, 10)
      const target = Math.min(Math.max(counter + random.int(-past - 2, future + 2), 0), MAX_COUNTER)
      const token = otpauthCode(key, target, { algorithm, digits })
      const after = random.next() < 0.3 ? Math.min(Math.max(0, counter + random.int(-past - 2, future + 1)), MAX_COUNTER) : undefined
      const model = modelMatch({ key, token, expected: counter, past, future, after, algorithm, digits })
      const options = { algorithm, digits, window: [past, future] }
      if (after !== undefined) options.after = after
      const ours = totp.hotp.validate(token, key, counter, options)
      expect({ i, match: ours }).toEqual({ i, match: model && { delta: model.delta, counter: model.step } })
      expect({ i, valid: totp.hotp.verify(token, key, counter, options) }).toEqual({ i, valid: model !== null })
    }
  })

  test('validate gives the delta otpauth gives whenever the token matches a single step of a symmetric window', () => {
    const random = seeded(9)
    for (let i = 0; i < 500; i++) {
      const key = random.bytes(20)
      const secret = new OTPAuth.Secret({ buffer: key })
      const window = random.int(0, 5)
      const timestamp = wide(random, 30 * 20 * 1000, YEAR_10000)
      const offset = random.int(-window - 1, window + 1)
      const token = OTPAuth.TOTP.generate({ secret, timestamp: timestamp + offset * 30000 })
      const theirs = OTPAuth.TOTP.validate({ token, secret, timestamp, window })
      const ours = totp.validate(token, key, { timestamp, window })
      expect({ i, delta: ours && ours.delta }).toEqual({ i, delta: theirs })
    }
  })
})

describe('agreement with oathtool', () => {
  const withOathtool = testWith('oathtool', 'oathtool')

  // A missing oathtool skips these tests (and says so in their names);
  // where the outside tools are required (TEST_TOOLS=required: .ci/run,
  // which installs them), a missing one is a failure.
  if (process.env.TEST_TOOLS === 'required') {
    test('oathtool is installed where the outside tools are required', () => expect(hasCommand('oathtool')).toBe(true))
  }

  /**
   * Runs many oathtool invocations through one shell (a process each, but
   * one spawn from node), and returns each one's output lines and exit status.
   * Every argument is a number, a hex string or an option name: nothing to quote.
   */
  function oathtool(invocations) {
    const script = invocations.map((args) => `oathtool ${args.join(' ')} 2>&1; echo "== $?"`).join('\n')
    const result = spawnSync('sh', ['-s'], { input: script, encoding: 'utf8', maxBuffer: 64 << 20 })
    expect(result.status).toBe(0)
    const runs = []
    let lines = []
    for (const line of result.stdout.split('\n')) {
      const end = /^== (\d+)$/.exec(line)
      if (end) {
        runs.push({ lines, status: Number(end[1]) })
        lines = []
      } else if (line !== '') {
        lines.push(line)
      }
    }
    expect(runs).toHaveLength(invocations.length)
    return runs
  }

  withOathtool('generate agrees on 1000 random keys, SHA1/256/512, 6–8 digits, periods, start times and times to year 10000, 5 steps each', () => {
    // oathtool writes 6 to 8 digits, SHA1/256/512 only, and whole seconds.
    const random = seeded(2026)
    const cases = Array.from({ length: 1000 }, () => {
      const period = randomPeriod(random)
      const seconds = Math.floor(randomTimestamp(random, period) / 1000)
      return {
        key: random.bytes(random.int(10, 64)),
        algorithm: random.pick(['SHA1', 'SHA256', 'SHA512']),
        digits: random.int(6, 8),
        period,
        seconds,
        start: random.next() < 0.3 ? random.int(0, Math.min(seconds, 2 ** 31)) : 0,
        ms: random.int(0, 999),
      }
    })
    const runs = oathtool(
      cases.map((c) => [
        `--totp=${c.algorithm}`,
        `--digits=${c.digits}`,
        `--time-step-size=${c.period}s`,
        `--start-time=@${c.start}`,
        `--now=@${c.seconds}`,
        // -w 4 prints the codes of this step and the four after it.
        '--window=4',
        c.key.toString('hex'),
      ]),
    )
    cases.forEach((c, i) => {
      expect({ i, status: runs[i].status, count: runs[i].lines.length }).toEqual({ i, status: 0, count: 5 })
      const ours = runs[i].lines.map((_, k) =>
        totp.generate(c.key, {
          algorithm: c.algorithm,
          digits: c.digits,
          period: c.period,
          epoch: c.start * 1000,
          timestamp: (c.seconds + k * c.period) * 1000 + c.ms,
        }),
      )
      expect({ i, codes: ours }).toEqual({ i, codes: runs[i].lines })
    })
  })

  withOathtool('hotp.generate agrees on 300 random keys and counters up to 2^53, 10 counters each', () => {
    const random = seeded(4)
    const cases = Array.from({ length: 300 }, () => ({
      key: random.bytes(random.int(10, 64)),
      counter: random.pick([random.int(0, 1000), wide(random, 0, MAX_COUNTER - 9), 2 ** 32 - random.int(0, 9)]),
      digits: random.int(6, 8),
    }))
    const runs = oathtool(cases.map((c) => ['--hotp', `--digits=${c.digits}`, `--counter=${c.counter}`, '--window=9', c.key.toString('hex')]))
    cases.forEach((c, i) => {
      expect({ i, status: runs[i].status, count: runs[i].lines.length }).toEqual({ i, status: 0, count: 10 })
      const ours = runs[i].lines.map((_, k) => totp.hotp.generate(c.key, c.counter + k, { digits: c.digits }))
      expect({ i, codes: ours }).toEqual({ i, codes: runs[i].lines })
    })
  })

  withOathtool('verify accepts exactly what oathtool accepts, at the same distance, on 500 random TOTP windows', () => {
    // oathtool validates against a symmetric window and prints how many steps
    // away the code matched (without a sign), or exits 2 when it does not.
    const random = seeded(77)
    const cases = Array.from({ length: 500 }, () => {
      const window = random.int(0, 10)
      const algorithm = random.pick(['SHA1', 'SHA256', 'SHA512'])
      const digits = random.int(6, 8)
      const period = randomPeriod(random)
      const seconds = Math.max(Math.floor(randomTimestamp(random, period) / 1000), 20 * period)
      const key = random.bytes(random.int(10, 64))
      const step = Math.floor(seconds / period)
      const token = otpauthCode(key, step + random.int(-window - 1, window + 1), { algorithm, digits })
      return { window, algorithm, digits, period, seconds, key, token }
    })
    const runs = oathtool(
      cases.map((c) => [
        `--totp=${c.algorithm}`,
        `--digits=${c.digits}`,
        `--time-step-size=${c.period}s`,
        `--now=@${c.seconds}`,
        `--window=${c.window}`,
        c.key.toString('hex'),
        c.token,
      ]),
    )
    let accepted = 0
    cases.forEach((c, i) => {
      const theirs = runs[i].status === 0 ? Number(runs[i].lines[0]) : null
      const ours = totp.validate(c.token, c.key, {
        algorithm: c.algorithm,
        digits: c.digits,
        period: c.period,
        timestamp: c.seconds * 1000,
        window: c.window,
      })
      expect({ i, distance: ours && Math.abs(ours.delta) }).toEqual({ i, distance: theirs })
      if (ours) accepted++
    })
    expect(accepted).toBeGreaterThan(250)
    expect(accepted).toBeLessThan(500)
  })

  withOathtool('hotp.verify with window [0, w] accepts exactly what oathtool accepts, on 200 random counters', () => {
    // oathtool's HOTP window looks ahead only: counter .. counter + w.
    const random = seeded(78)
    const cases = Array.from({ length: 200 }, () => {
      const window = random.int(0, 10)
      const counter = random.int(0, 2 ** 40)
      const key = random.bytes(random.int(10, 64))
      const token = otpauthCode(key, counter + random.int(-2, window + 2))
      return { window, counter, key, token }
    })
    const runs = oathtool(cases.map((c) => ['--hotp', `--counter=${c.counter}`, `--window=${c.window}`, c.key.toString('hex'), c.token]))
    cases.forEach((c, i) => {
      const theirs = runs[i].status === 0 ? Number(runs[i].lines[0]) : null
      const ours = totp.hotp.validate(c.token, c.key, c.counter, { window: [0, c.window] })
      expect({ i, delta: ours && ours.delta }).toEqual({ i, delta: theirs })
    })
  })
})

describe('verification windows', () => {
  const key = Buffer.from(rfc4226.secretAscii, 'ascii')
  const now = 1_700_000_000_000
  const step = Math.floor(now / 30000)
  const codeAt = (offset) => otpauthCode(key, step + offset)

  test('the codes around now are all different, so each window test below is unambiguous', () => {
    const codes = Array.from({ length: 25 }, (_, k) => codeAt(k - 12))
    expect(new Set(codes).size).toBe(25)
  })

  test('the default window of 1 accepts the previous, current and next code and nothing further', () => {
    expect([-2, -1, 0, 1, 2].map((k) => totp.verify(codeAt(k), key, { timestamp: now }))).toEqual([false, true, true, true, false])
  })

  test('window 0 accepts only the current code', () => {
    expect([-1, 0, 1].map((k) => totp.verify(codeAt(k), key, { timestamp: now, window: 0 }))).toEqual([false, true, false])
  })

  test('a window of n accepts exactly ±n steps and refuses ±(n + 1), for every n from 0 to 10', () => {
    for (let window = 0; window <= 10; window++) {
      expect({ window, at: totp.validate(codeAt(-window), key, { timestamp: now, window }) }).toEqual({ window, at: { delta: 0 - window, timeStep: step - window } })
      expect({ window, at: totp.validate(codeAt(window), key, { timestamp: now, window }) }).toEqual({ window, at: { delta: window, timeStep: step + window } })
      expect({ window, at: totp.validate(codeAt(-window - 1), key, { timestamp: now, window }) }).toEqual({ window, at: null })
      expect({ window, at: totp.validate(codeAt(window + 1), key, { timestamp: now, window }) }).toEqual({ window, at: null })
    }
  })

  test('[past, future] windows are exact on each side, for every pair from 0 to 10', () => {
    for (let past = 0; past <= 10; past++) {
      for (let future = 0; future <= 10; future++) {
        const options = { timestamp: now, window: [past, future] }
        const accepted = [-past - 1, -past, future, future + 1].map((k) => totp.verify(codeAt(k), key, options))
        expect({ past, future, accepted }).toEqual({ past, future, accepted: [false, true, true, false] })
      }
    }
  })

  test('hotp windows are exact on each side too', () => {
    const counter = 1000
    const hotpAt = (k) => otpauthCode(key, counter + k)
    expect(totp.hotp.validate(hotpAt(-3), key, counter, { window: [3, 0] })).toEqual({ delta: -3, counter: counter - 3 })
    expect(totp.hotp.validate(hotpAt(-4), key, counter, { window: [3, 0] })).toBeNull()
    expect(totp.hotp.validate(hotpAt(1), key, counter, { window: [3, 0] })).toBeNull()
    expect(totp.hotp.validate(hotpAt(10), key, counter, { window: [0, 10] })).toEqual({ delta: 10, counter: counter + 10 })
    expect(totp.hotp.validate(hotpAt(11), key, counter, { window: [0, 10] })).toBeNull()
  })

  test('after refuses its own step and every earlier one, and accepts every later one in the window', () => {
    const window = 3
    for (let after = step - window - 2; after <= step + window + 1; after++) {
      for (let offset = -window; offset <= window; offset++) {
        const match = totp.validate(codeAt(offset), key, { timestamp: now, window, after })
        const expected = step + offset > after ? { delta: offset, timeStep: step + offset } : null
        expect({ after: after - step, offset, match }).toEqual({ after: after - step, offset, match: expected })
      }
    }
  })

  test('a code accepted once is refused when its step comes back as after, even later in its window', () => {
    const first = totp.validate(codeAt(0), key, { timestamp: now })
    expect(first).toEqual({ delta: 0, timeStep: step })
    expect(totp.verify(codeAt(0), key, { timestamp: now + 10000, after: first.timeStep })).toBe(false)
    expect(totp.verify(codeAt(0), key, { timestamp: now + 30000, after: first.timeStep })).toBe(false)
    expect(totp.verify(codeAt(1), key, { timestamp: now + 30000, after: first.timeStep })).toBe(true)
  })

  test('an after beyond the window refuses everything, and after 2^53 − 1 is allowed', () => {
    expect(totp.validate(codeAt(1), key, { timestamp: now, after: step + 5 })).toBeNull()
    expect(totp.validate(codeAt(0), key, { timestamp: now, after: MAX_COUNTER })).toBeNull()
    expect(totp.hotp.validate(otpauthCode(key, 0), key, 0, { after: MAX_COUNTER })).toBeNull()
  })

  describe('when one code matches two steps of the window', () => {
    // With one digit, codes repeat often: find a step s where the codes of
    // s − 1 and s + 1 are the same digit and the code of s is another.
    const digitAt = (s) => otpauthCode(key, s, { digits: 1 })
    let s = 100
    while (!(digitAt(s - 1) === digitAt(s + 1) && digitAt(s) !== digitAt(s - 1))) s++
    const token = digitAt(s - 1)

    test('validate reports the latest step, where otpauth reports the earliest', () => {
      expect(totp.validate(token, key, { digits: 1, timestamp: s * 30000 })).toEqual({ delta: 1, timeStep: s + 1 })
      // otpauth tries 0, −1, +1: it stops at −1, which would let the same
      // code through again at s + 1 if −1 were stored as the last step used.
      expect(OTPAuth.TOTP.validate({ token, secret: new OTPAuth.Secret({ buffer: key }), digits: 1, timestamp: s * 30000 })).toBe(-1)
    })

    test('storing that latest step as after refuses the code at both steps', () => {
      const match = totp.validate(token, key, { digits: 1, timestamp: s * 30000 })
      expect(totp.verify(token, key, { digits: 1, timestamp: s * 30000, after: match.timeStep })).toBe(false)
      expect(totp.verify(token, key, { digits: 1, timestamp: (s + 1) * 30000, after: match.timeStep })).toBe(false)
    })

    test('after the earlier step still lets the later one match', () => {
      expect(totp.validate(token, key, { digits: 1, timestamp: s * 30000, after: s - 1 })).toEqual({ delta: 1, timeStep: s + 1 })
    })

    test('hotp.validate reports the latest counter too', () => {
      expect(totp.hotp.validate(token, key, s, { digits: 1 })).toEqual({ delta: 1, counter: s + 1 })
    })
  })

  test('steps below zero are skipped, not errors', () => {
    const code = otpauthCode(key, 0)
    expect(totp.validate(code, key, { timestamp: 0, window: 10 })).toEqual({ delta: 0, timeStep: 0 })
    expect(totp.validate(code, key, { timestamp: 45000, window: [10, 0] })).toEqual({ delta: -1, timeStep: 0 })
    expect(totp.hotp.validate(code, key, 3, { window: 10 })).toEqual({ delta: -3, counter: 0 })
  })

  test('counters above 2^53 − 1 are skipped at the top of the range, not errors', () => {
    const code = otpauthCode(key, MAX_COUNTER)
    expect(totp.hotp.validate(code, key, MAX_COUNTER, { window: 10 })).toEqual({ delta: 0, counter: MAX_COUNTER })
    expect(totp.hotp.validate(code, key, MAX_COUNTER - 10, { window: [0, 10] })).toEqual({ delta: 10, counter: MAX_COUNTER })
    expect(totp.hotp.validate(otpauthCode(key, MAX_COUNTER - 1), key, MAX_COUNTER, { window: 1 })).toEqual({ delta: -1, counter: MAX_COUNTER - 1 })
  })

  test('malformed token strings are simply not valid', () => {
    const code = codeAt(0)
    const malformed = ['', code.slice(1), code + '0', code.slice(0, 5) + 'a', ' ' + code, code + ' ', code.slice(0, 3) + ' ' + code.slice(3),
      '１２３４５６', '-' + code.slice(1), '+' + code.slice(1), code.slice(0, 5) + '\0', '1e5000', '0x1234', '\uD800'.repeat(6), '1'.repeat(100000)]
    for (const token of malformed) {
      expect({ token, valid: totp.verify(token, key, { timestamp: now }) }).toEqual({ token, valid: false })
      expect({ token, match: totp.validate(token, key, { timestamp: now }) }).toEqual({ token, match: null })
      expect({ token, valid: totp.hotp.verify(token, key, 0) }).toEqual({ token, valid: false })
      expect({ token, match: totp.hotp.validate(token, key, 0) }).toEqual({ token, match: null })
    }
    expect(totp.verify(code, key, { timestamp: now })).toBe(true)
  })

  test('a code with a digit replaced by a character whose low byte is that digit is refused', () => {
    // U+0130 'İ' has low byte 0x30 ('0'): a reader keeping only low bytes would see a digit.
    const code = codeAt(0)
    for (let position = 0; position < 6; position++) {
      const disguised = code.slice(0, position) + String.fromCharCode(0x100 + code.charCodeAt(position)) + code.slice(position + 1)
      expect(totp.verify(disguised, key, { timestamp: now })).toBe(false)
    }
  })

  test('a code of another length is refused even when it is a prefix or suffix of the right one', () => {
    const eight = otpauthCode(key, step, { digits: 8 })
    expect(totp.verify(eight, key, { timestamp: now, digits: 8 })).toBe(true)
    expect(totp.verify(eight.slice(2), key, { timestamp: now, digits: 8 })).toBe(false)
    expect(totp.verify(eight, key, { timestamp: now })).toBe(false)
  })
})

describe('algorithms', () => {
  const key = crypto.randomBytes(32)
  const timestamp = 1_234_567_890_000

  test.each([
    ['SHA1', ['sha1', 'SHA-1', 'sha-1', 'Sha1']],
    ['SHA256', ['sha256', 'SHA-256', 'sha-256']],
    ['SHA384', ['sha384', 'SHA-384', 'sha-384']],
    ['SHA512', ['sha512', 'SHA-512', 'Sha-512']],
  ])('%s is also accepted as %j', (algorithm, names) => {
    const expected = OTPAuth.TOTP.generate({ secret: new OTPAuth.Secret({ buffer: key }), algorithm, timestamp })
    expect(totp.generate(key, { algorithm, timestamp })).toBe(expected)
    for (const name of names) expect({ name, code: totp.generate(key, { algorithm: name, timestamp }) }).toEqual({ name, code: expected })
  })

  test('the default algorithm is SHA1', () => {
    expect(totp.generate(key, { timestamp })).toBe(OTPAuth.TOTP.generate({ secret: new OTPAuth.Secret({ buffer: key }), timestamp }))
  })
})

describe('time', () => {
  const SECRET = 'JBSWY3DPEHPK3PXP'
  const otpauthAt = (timestamp, period = 30) => OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(SECRET), timestamp, period })

  afterEach(() => jest.useRealTimers())

  test('timeStep and remaining follow plain arithmetic on 2000 random periods, epochs and times', () => {
    const random = seeded(30)
    for (let i = 0; i < 2000; i++) {
      const period = randomPeriod(random)
      const epoch = random.next() < 0.5 ? 0 : wide(random, 0, 2e12)
      const timestamp = epoch + randomTimestamp(random, period) % (YEAR_10000 - epoch)
      const elapsed = timestamp - epoch
      const periodMs = period * 1000
      expect({ i, step: totp.timeStep({ period, epoch, timestamp }) }).toEqual({ i, step: Math.floor(elapsed / periodMs) })
      expect({ i, left: totp.remaining({ period, epoch, timestamp }) }).toEqual({ i, left: periodMs - (elapsed % periodMs) })
    }
  })

  test('a step boundary is exact: the last millisecond of a step and the first of the next', () => {
    expect(totp.timeStep({ timestamp: 59999 })).toBe(1)
    expect(totp.timeStep({ timestamp: 60000 })).toBe(2)
    expect(totp.remaining({ timestamp: 59999 })).toBe(1)
    expect(totp.remaining({ timestamp: 60000 })).toBe(30000)
    expect(totp.generate(SECRET, { timestamp: 59999 })).toBe(otpauthAt(59999))
    expect(totp.generate(SECRET, { timestamp: 60000 })).toBe(otpauthAt(60000))
    expect(otpauthAt(59999)).not.toBe(otpauthAt(60000))
  })

  test('Date objects are read as their time, for timestamp and epoch', () => {
    const date = new Date('2033-05-18T03:33:20Z')
    expect(totp.generate(SECRET, { timestamp: date })).toBe(otpauthAt(date.getTime()))
    expect(totp.timeStep({ timestamp: date })).toBe(Math.floor(date.getTime() / 30000))
    expect(totp.remaining({ timestamp: new Date(61234) })).toBe(28766)
    expect(totp.timeStep({ timestamp: new Date(90000), epoch: new Date(30000) })).toBe(2)
    expect(totp.verify(otpauthAt(date.getTime()), SECRET, { timestamp: date, window: 0 })).toBe(true)
  })

  test('epoch shifts the steps: the code at epoch + t is the code at t without one', () => {
    const random = seeded(600)
    for (let i = 0; i < 200; i++) {
      const epoch = wide(random, 0, 4e12)
      const t = wide(random, 0, 4e12)
      const period = randomPeriod(random)
      expect({ i, code: totp.generate(SECRET, { epoch, period, timestamp: epoch + t }) }).toEqual({ i, code: otpauthAt(t, period) })
      expect({ i, step: totp.timeStep({ epoch, period, timestamp: epoch + t }) }).toEqual({ i, step: Math.floor(t / (period * 1000)) })
    }
  })

  test('the default time is Date.now(), so jest fake timers set it', () => {
    const at = Date.UTC(2031, 6, 1, 12, 0, 7, 250)
    jest.useFakeTimers().setSystemTime(at)
    const expected = otpauthAt(at)
    expect(totp.generate(SECRET)).toBe(expected)
    expect(totp.generate(SECRET, {})).toBe(expected)
    expect(totp.verify(expected, SECRET, { window: 0 })).toBe(true)
    expect(totp.validate(expected, SECRET)).toEqual({ delta: 0, timeStep: Math.floor(at / 30000) })
    expect(totp.timeStep()).toBe(Math.floor(at / 30000))
    expect(totp.remaining()).toBe(30000 - (at % 30000))
  })

  test('advancing fake timers by remaining() moves to the next code', () => {
    const at = Date.UTC(2040, 1, 29, 23, 59, 41, 3)
    jest.useFakeTimers().setSystemTime(at)
    const first = totp.generate(SECRET)
    expect(first).toBe(otpauthAt(at))
    jest.advanceTimersByTime(totp.remaining() - 1)
    expect(totp.generate(SECRET)).toBe(first)
    jest.advanceTimersByTime(1)
    expect(totp.remaining()).toBe(30000)
    expect(totp.generate(SECRET)).toBe(otpauthAt(at + 30000 - (at % 30000)))
    expect(totp.verify(first, SECRET, { window: 0 })).toBe(false)
    expect(totp.validate(first, SECRET)).toEqual({ delta: -1, timeStep: Math.floor(at / 30000) })
  })

  test('times past 2038, past 2^32 steps and up to the last Date work', () => {
    for (const timestamp of [2 ** 31 * 1000, 2 ** 32 * 30000 + 5, YEAR_10000, LAST_DATE - 1, LAST_DATE]) {
      expect({ timestamp, code: totp.generate(SECRET, { timestamp }) }).toEqual({ timestamp, code: otpauthAt(timestamp) })
      expect(totp.timeStep({ timestamp })).toBe(Math.floor(timestamp / 30000))
    }
    expect(totp.timeStep({ timestamp: LAST_DATE })).toBe(288e9)
    expect(totp.timeStep({ timestamp: LAST_DATE, period: 1 })).toBe(8.64e12)
    expect(totp.generate(SECRET, { timestamp: new Date(LAST_DATE) })).toBe(otpauthAt(LAST_DATE))
  })
})

describe('values from another realm', () => {
  test('a Uint8Array secret and a Date made in a vm context are read like local ones', () => {
    const vm = require('node:vm')
    const key = vm.runInNewContext('new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])')
    const when = vm.runInNewContext('new Date(1465324707000)')
    const expected = OTPAuth.TOTP.generate({ secret: new OTPAuth.Secret({ buffer: Buffer.from(key) }), timestamp: 1465324707000 })
    expect(totp.generate(key, { timestamp: when })).toBe(expected)
    expect(totp.base32.encode(key)).toBe(new OTPAuth.Secret({ buffer: Buffer.from(key) }).base32)
  })
})
