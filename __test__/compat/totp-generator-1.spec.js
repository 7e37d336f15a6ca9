'use strict'

// The 1.0 drop-in against the real totp-generator 1.0.0 (installed as
// totp-generator-1), side by side: every expected value comes from the peer,
// or from the peer's own test suite.

const { TOTP: Real } = require('totp-generator-1')
const { TOTP } = require('../../compat/totp-generator-1')
const { UNSUPPORTED, JSSHA_ONLY, isFarStep, randomCalls, listedCalls, compareCalls, settle, thrownBy } = require('../compat/totp-generator-cases')

/** Where the drop-in may refuse what 1.0.0 answers: an HMAC the core lacks, a time step out of its range. */
function isKnownGap(_key, options) {
  try {
    const o = Object.assign({ algorithm: 'SHA-1', period: 30, timestamp: Date.now() }, options)
    if (JSSHA_ONLY.includes(o.algorithm)) return 'algorithm'
    return isFarStep(Math.floor(Math.floor(o.timestamp / 1000) / o.period)) && 'time step'
  } catch {
    return false
  }
}

const compare = (calls) =>
  compareCalls(
    calls,
    (key, options) => Real.generate(key, options),
    (key, options) => TOTP.generate(key, options),
    { isKnownGap },
  )

describe('compat/totp-generator-1 gives the answers of totp-generator 1.0.0', () => {
  test("on 1.0.0's own test vectors", () => {
    // src/index.spec.ts at its tag v1.0.0: [key, options, clock, code].
    const vectors = [
      ['JBSWY3DPEHPK3PXP', undefined, 0, '282760'],
      ['JBSWY3DPEHPK3PXP', undefined, 1465324707000, '341128'],
      ['JBSWY3DPEHPK3PXP', undefined, 1665644340001, '886842'],
      ['JBSWY3DPEHPK3PXP', undefined, 1665644339999, '134996'],
      ['JBSWY3DPEHPK3PXP', undefined, 1365324707000, '089029'],
      ['CI2FM6EQCI2FM6EQKU======', undefined, 1465324707000, '984195'],
      ['JBSWY3DPEHPK3PXP', { period: 60 }, 1465324707000, '313995'],
      ['JBSWY3DPEHPK3PXP', { digits: 8 }, 1465324707000, '43341128'],
      ['JBSWY3DPEHPK3PXP', { algorithm: 'SHA-512' }, 1465324707000, '093730'],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000 }, 0, '341128'],
      ['3IS523AYRNFUE===', { digits: 9 }, 1634193300000, '97859470'],
    ]
    const start = 1665644340000
    const expiries = [
      [start - 1, { otp: '134996', expires: start }],
      [start, { otp: '886842', expires: start + 30000 }],
      [start + 1, { otp: '886842', expires: start + 30000 }],
      [start + 29999, { otp: '886842', expires: start + 30000 }],
      [start + 30000, { otp: '421127', expires: start + 60000 }],
      [start + 30001, { otp: '421127', expires: start + 60000 }],
    ]
    jest.useFakeTimers()
    try {
      for (const [key, options, now, code] of vectors) {
        jest.setSystemTime(now)
        expect([key, options, now, TOTP.generate(key, options).otp]).toEqual([key, options, now, code])
      }
      for (const [now, expected] of expiries) {
        jest.setSystemTime(now)
        expect([now, TOTP.generate('JBSWY3DPEHPK3PXP')]).toEqual([now, expected])
      }
      expect(() => TOTP.generate('JBSWY3DPEHPK3!@#')).toThrow(new Error('Invalid base32 character in key'))
    } finally {
      jest.useRealTimers()
    }
  })

  test('on 4,000 random keys, options and clocks: the same code, expiry or error', async () => {
    const result = await compare(randomCalls(20261202, 4000, ['digits', 'algorithm', 'period', 'timestamp', 'encoding']))
    expect(result.mismatches).toEqual([])
    // The random calls must exercise the failure paths and the odd inputs too.
    expect(result.counts.errors).toBeGreaterThan(800)
    expect(result.counts.codes).toBeGreaterThan(2000)
    expect(result.counts.gaps).toBeLessThan(320)
  })

  test('on its quirks: Object.assign defaults, substring, per-character upper-casing, jsSHA errors, hex time steps', async () => {
    const list = [
      // Object.assign: an explicit undefined wins over the default.
      ['JBSWY3DPEHPK3PXP', { timestamp: undefined }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, digits: undefined }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, period: undefined }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, algorithm: undefined }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, digits: 0, period: 0 }],
      ['JBSWY3DPEHPK3PXP', undefined],
      ['JBSWY3DPEHPK3PXP', null],
      ['JBSWY3DPEHPK3PXP', 'digits'],
      ['JBSWY3DPEHPK3PXP', () => Object.freeze({ timestamp: 1 })],
      ['JBSWY3DPEHPK3PXP', () => Object.assign(Object.create({ digits: 8 }), { timestamp: 59000 })],
      ['JBSWY3DPEHPK3PXP', () => Object.defineProperty({ timestamp: 0 }, 'digits', { value: 8, enumerable: false })],
      // substring: digits past the code, negative, fractional, as a string.
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, digits: 12 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, digits: -2 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, digits: 6.5 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, digits: '8' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, digits: NaN }],
      // Its arithmetic on odd clocks and periods, expiry included.
      ['JBSWY3DPEHPK3PXP', { timestamp: '1465324707000' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, period: '60' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, period: 0 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, period: -30 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: -5000 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: -1465324707000 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: NaN }],
      ['JBSWY3DPEHPK3PXP', { timestamp: Infinity }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1e22 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 10n }],
      // Keys.
      ['jbswy3dpehpk3pxp====', { timestamp: 0 }],
      ['ıAAAAAAA', { timestamp: 0 }],
      ['ﬆAAAAAAA', { timestamp: 0 }],
      ['ßAAAAAAA', { timestamp: 0 }],
      ['', { timestamp: 0 }],
      ['A', { timestamp: 0 }],
      ['A'.repeat(2000), { timestamp: 0 }],
      [() => new String('JBSWY3DPEHPK3PXP'), { timestamp: 0 }],
      [undefined, { timestamp: 0 }],
      [5, { timestamp: 0 }],
      // jsSHA's names.
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, algorithm: 'sha-1' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, algorithm: 'SHAKE256' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, algorithm: 'KMAC256' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, algorithm: 'SHA-384' }],
      // Which error comes first: the clock's, then the algorithm's, then the key's, then HMAC support, then the step's.
      ['bad!', { timestamp: 10n, algorithm: 'MD5' }],
      ['bad!', { timestamp: 0, algorithm: 'MD5' }],
      ['bad!', { timestamp: 0, algorithm: 'SHAKE128' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: Infinity, algorithm: 'SHAKE128' }],
      ['bad!', { timestamp: Infinity }],
    ]
    const result = await compare(listedCalls(list))
    expect(result.mismatches).toEqual([])
    // 1e22 ms: a 9-byte time step.
    expect(result.counts.gaps).toBe(1)
  })

  test('returns synchronously, and throws synchronously', async () => {
    expect(await settle(() => TOTP.generate('JBSWY3DPEHPK3PXP', { timestamp: 0 }))).toEqual({ delivery: 'returned', value: { otp: '282760', expires: 30000 } })
    expect(await settle(() => TOTP.generate('not base32!'))).toEqual({ delivery: 'thrown', error: { class: 'Error', message: 'Invalid base32 character in key' } })
  })

  test('fails as 1.0.0 does when generate is called without its class, and works with any other', () => {
    const { generate } = TOTP
    const { generate: realGenerate } = Real
    expect(thrownBy(() => generate('JBSWY3DPEHPK3PXP'))).toEqual(thrownBy(() => realGenerate('JBSWY3DPEHPK3PXP')))
    expect(thrownBy(() => generate.call(null, 'JBSWY3DPEHPK3PXP'))).toEqual(thrownBy(() => realGenerate.call(null, 'JBSWY3DPEHPK3PXP')))
    class Subclass extends TOTP {}
    expect(Subclass.generate('JBSWY3DPEHPK3PXP', { timestamp: 0 })).toEqual(Real.generate('JBSWY3DPEHPK3PXP', { timestamp: 0 }))
  })

  test('refuses, with a code, what it cannot compute: jsSHA-only HMACs and steps beyond 2^53 - 1', () => {
    for (const algorithm of JSSHA_ONLY) {
      expect(Real.generate('JBSWY3DPEHPK3PXP', { algorithm, timestamp: 0 }).otp).toMatch(/^\d{1,6}$/)
      expect(thrownBy(() => TOTP.generate('JBSWY3DPEHPK3PXP', { algorithm, timestamp: 0 }))).toMatchObject({ code: UNSUPPORTED, message: expect.stringContaining(algorithm) })
    }
    // 1.0.0's own "leftpad fix" test: a 9-byte time step.
    jest.useFakeTimers().setSystemTime(1.2312354132421333e25) // its literal 12312354132421332222222222, as a double
    try {
      expect(Real.generate('JBSWY3DPEHPK3PXP').otp).toBe('895896')
      expect(thrownBy(() => TOTP.generate('JBSWY3DPEHPK3PXP'))).toMatchObject({ name: 'RangeError', code: UNSUPPORTED })
    } finally {
      jest.useRealTimers()
    }
  })
})
