'use strict'

// The 0.0.x drop-in against the real totp-generator 0.0.14 (installed as
// totp-generator-0), side by side: every expected value comes from the peer,
// or from the peer's own test suite.

const real = require('totp-generator-0')
const totp = require('../../compat/totp-generator-0')
const { UNSUPPORTED, JSSHA_ONLY, isFarStep, randomCalls, listedCalls, compareCalls, settle, thrownBy } = require('../compat/totp-generator-cases')

/** Where the drop-in may refuse what 0.0.14 answers: an HMAC the core lacks, a time step out of its range. */
function isKnownGap(_key, options) {
  const o = options || {}
  if (JSSHA_ONLY.includes(o.algorithm || 'SHA-1')) return 'algorithm'
  try {
    return isFarStep(Math.floor(Math.floor((o.timestamp || Date.now()) / 1000) / (o.period || 30))) && 'time step'
  } catch {
    return false
  }
}

const compare = (calls) => compareCalls(calls, real, totp, { isKnownGap, withOptions: true })

describe('compat/totp-generator-0 gives the answers of totp-generator 0.0.14', () => {
  test("on 0.0.14's own test vectors", () => {
    // test/index.spec.js of the 0.0.14 package: [key, options, Date.now(), code].
    const vectors = [
      ['JBSWY3DPEHPK3PXP', undefined, 0, '282760'],
      ['JBSWY3DPEHPK3PXP', undefined, 1465324707000, '341128'],
      ['JBSWY3DPEHPK3PXP', undefined, 1665644340100, '886842'],
      ['JBSWY3DPEHPK3PXP', undefined, 1665644339900, '134996'],
      ['JBSWY3DPEHPK3PXP', undefined, 1365324707000, '089029'],
      ['CI2FM6EQCI2FM6EQKU======', undefined, 1465324707000, '984195'],
      ['JBSWY3DPEHPK3PXP', { period: 60 }, 1465324707000, '313995'],
      ['JBSWY3DPEHPK3PXP', { digits: 8 }, 1465324707000, '43341128'],
      ['JBSWY3DPEHPK3PXP', { algorithm: 'SHA-512' }, 1465324707000, '093730'],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000 }, 0, '341128'],
      ['3IS523AYRNFUE===', { digits: 9 }, 1634193300000, '97859470'],
    ]
    jest.useFakeTimers()
    try {
      for (const [key, options, now, code] of vectors) {
        jest.setSystemTime(now)
        expect([key, options, now, totp(key, options && { ...options })]).toEqual([key, options, now, code])
      }
      expect(() => totp('JBSWY3DPEHPK3!@#')).toThrow(new Error('Invalid base32 character in key'))
    } finally {
      jest.useRealTimers()
    }
  })

  test('on 4,000 random keys, options and clocks: the same code or error, and the same options left behind', async () => {
    const result = await compare(randomCalls(20261201, 4000, ['period', 'algorithm', 'digits', 'timestamp', 'encoding']))
    expect(result.mismatches).toEqual([])
    // The random calls must exercise the failure paths and the odd inputs too.
    expect(result.counts.errors).toBeGreaterThan(800)
    expect(result.counts.codes).toBeGreaterThan(2000)
    expect(result.counts.gaps).toBeLessThan(320)
  })

  test('on its quirks: || defaults, substr, per-character upper-casing, jsSHA errors, hex time steps', async () => {
    const list = [
      // || defaults: every falsy value is the default, a 0 timestamp is now.
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, digits: 0, period: 0, algorithm: '' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: undefined, digits: NaN, period: null }],
      ['JBSWY3DPEHPK3PXP', undefined],
      ['JBSWY3DPEHPK3PXP', null],
      ['JBSWY3DPEHPK3PXP', ''],
      // substr with Math.max: negative and fractional digits, more digits than the code has.
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, digits: -2 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, digits: 6.5 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, digits: '8' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, digits: 12 }],
      // Strings and odd numbers through its arithmetic.
      ['JBSWY3DPEHPK3PXP', { timestamp: '1465324707000', period: '60' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 'abc' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, period: -30 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, period: Infinity }],
      ['JBSWY3DPEHPK3PXP', { timestamp: -5000 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: -1465324707000 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: Infinity }],
      ['JBSWY3DPEHPK3PXP', { timestamp: -Infinity }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1e300 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 10n }],
      ['JBSWY3DPEHPK3PXP', { timestamp: Symbol('now') }],
      // Keys: padding, case, per-character upper-casing, leftover bits, the empty key, and non-strings.
      ['jbswy3dpehpk3pxp====', { timestamp: 0 }],
      ['ıAAAAAAA', { timestamp: 1 }],
      ['ﬆAAAAAAA', { timestamp: 1 }],
      ['ßAAAAAAA', { timestamp: 1 }],
      ['JBSW Y3DP', { timestamp: 1 }],
      ['JBSWY3DPEHPK3PXPA', { timestamp: 1 }],
      ['A', { timestamp: 1 }],
      ['', { timestamp: 1 }],
      ['=', { timestamp: 1 }],
      [() => new String('JBSWY3DPEHPK3PXP'), { timestamp: 1 }],
      [undefined, { timestamp: 1 }],
      [null, { timestamp: 1 }],
      [5, { timestamp: 1 }],
      [() => ['A'], { timestamp: 1 }],
      ['A'.repeat(2000), { timestamp: 1 }],
      // jsSHA's names: exact strings only, then each family's own failure.
      ['JBSWY3DPEHPK3PXP', { timestamp: 1, algorithm: 'sha-1' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1, algorithm: 'SHA1' }],
      ['JBSWY3DPEHPK3PXP', () => ({ timestamp: 1, algorithm: ['SHA-256'] })],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1, algorithm: 'SHAKE128' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1, algorithm: 'CSHAKE256' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1, algorithm: 'KMAC128' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1, algorithm: 'SHA-256' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1, algorithm: 'SHA-384' }],
      // Which error comes first: the key's, then the clock's, then the algorithm's, then the step's.
      ['bad!', { timestamp: 10n, algorithm: 'MD5' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 10n, algorithm: 'MD5' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: Infinity, algorithm: 'MD5' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: Infinity, algorithm: 'SHAKE128' }],
      // Options that cannot be written to.
      ['JBSWY3DPEHPK3PXP', 'digits'],
      ['JBSWY3DPEHPK3PXP', 5],
      ['JBSWY3DPEHPK3PXP', () => Object.freeze({ timestamp: 1 })],
      ['JBSWY3DPEHPK3PXP', () => Object.defineProperty({}, 'period', { get: () => 60, enumerable: true })],
      ['JBSWY3DPEHPK3PXP', () => Object.assign(Object.create({ digits: 8 }), { timestamp: 59000 })],
    ]
    const result = await compare(listedCalls(list))
    expect(result.mismatches).toEqual([])
    // 1e300 ms: a 127-byte time step.
    expect(result.counts.gaps).toBe(1)
  })

  test('writes the values it used back into the options object, so a reused object keeps its first timestamp', () => {
    jest.useFakeTimers().setSystemTime(1465324707000)
    try {
      const options = { digits: 8 }
      expect(totp('JBSWY3DPEHPK3PXP', options)).toBe(real('JBSWY3DPEHPK3PXP', { digits: 8 }))
      expect(options).toEqual({ digits: 8, period: 30, algorithm: 'SHA-1', timestamp: 1465324707000 })
      jest.setSystemTime(1465324707000 + 60000)
      const reused = { ...options }
      expect(totp('JBSWY3DPEHPK3PXP', options)).toBe(real('JBSWY3DPEHPK3PXP', reused))
      expect(options.timestamp).toBe(1465324707000)
    } finally {
      jest.useRealTimers()
    }
  })

  test('returns synchronously, and throws synchronously', async () => {
    expect(await settle(() => totp('JBSWY3DPEHPK3PXP', { timestamp: 1 }))).toEqual({ delivery: 'returned', value: '282760' })
    expect(await settle(() => totp('not base32!'))).toEqual({ delivery: 'thrown', error: { class: 'Error', message: 'Invalid base32 character in key' } })
  })

  test('refuses, with a code, what it cannot compute: jsSHA-only HMACs and steps beyond 2^53 - 1', () => {
    for (const algorithm of JSSHA_ONLY) {
      expect(real('JBSWY3DPEHPK3PXP', { algorithm, timestamp: 1 })).toMatch(/^\d{1,6}$/)
      expect(thrownBy(() => totp('JBSWY3DPEHPK3PXP', { algorithm, timestamp: 1 }))).toMatchObject({ code: UNSUPPORTED, message: expect.stringContaining(algorithm) })
    }
    // 0.0.14's own "leftpad fix" test: a 9-byte time step.
    jest.useFakeTimers().setSystemTime(1.2312354132421333e25) // its literal 12312354132421332222222222, as a double
    try {
      expect(real('JBSWY3DPEHPK3PXP')).toBe('895896')
      expect(thrownBy(() => totp('JBSWY3DPEHPK3PXP'))).toMatchObject({ name: 'RangeError', code: UNSUPPORTED })
    } finally {
      jest.useRealTimers()
    }
  })
})
