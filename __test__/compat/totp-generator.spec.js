'use strict'

// The 2.x drop-in against the real totp-generator 2.0.1, side by side: every
// expected value comes from the peer, or from the peer's own test suite.

const { TOTP: Real } = require('totp-generator')
const { TOTP } = require('../../compat/totp-generator')
const { UNSUPPORTED, JSSHA_ONLY, isFarStep, randomCalls, listedCalls, compareCalls, settle } = require('../compat/totp-generator-cases')

/** Where the drop-in may refuse what 2.0.1 answers: an HMAC the core lacks (jsSHA's fallback), a time step out of its range. */
function isKnownGap(_key, options) {
  try {
    const o = { algorithm: 'SHA-1', period: 30, timestamp: Date.now(), ...options }
    if (JSSHA_ONLY.includes(o.algorithm)) return 'algorithm'
    // WebCrypto's SHA-3 (Node 24 and later), named in any ASCII case.
    if (typeof o.algorithm === 'string' && /^SHA3-(256|384|512)$/i.test(o.algorithm)) return 'algorithm'
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

describe('compat/totp-generator gives the answers of totp-generator 2.0.1', () => {
  test("on 2.0.1's own test vectors", async () => {
    // src/index.spec.ts at its tag v2.0.1: [key, options, clock, code].
    const vectors = [
      ['jbswY3dpehpk3pxp', undefined, 0, '282760'],
      ['JBSWY3DPEHPK3PXP', undefined, 0, '282760'],
      ['JBSWY3DPEHPK3PXP', undefined, 1465324707000, '341128'],
      ['JBSWY3DPEHPK3PXP', undefined, 1665644340001, '886842'],
      ['JBSWY3DPEHPK3PXP', undefined, 1665644339999, '134996'],
      ['JBSWY3DPEHPK3PXP', undefined, 1365324707000, '089029'],
      ['CI2FM6EQCI2FM6EQKU======', undefined, 1465324707000, '984195'],
      ['JBSWY3DPEHPK3PXP', { period: 60 }, 1465324707000, '313995'],
      ['JBSWY3DPEHPK3PXP', { digits: 8 }, 1465324707000, '43341128'],
      ['JBSWY3DPEHPK3PXP', { algorithm: 'SHA-1' }, 1465324707000, '341128'],
      ['JBSWY3DPEHPK3PXP', { algorithm: 'SHA-256' }, 1465324707000, '461529'],
      ['JBSWY3DPEHPK3PXP', { algorithm: 'SHA-384' }, 1465324707000, '988682'],
      ['JBSWY3DPEHPK3PXP', { algorithm: 'SHA-512' }, 1465324707000, '093730'],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000 }, 0, '341128'],
      ['3IS523AYRNFUE===', { digits: 9 }, 1634193300000, '97859470'],
      ['3IS523AYRNFUE===', { digits: 9, explicitZeroPad: true }, 1634193300000, '097859470'],
      // Its RFC 6238 ASCII vectors.
      ...[
        [59, '94287082'],
        [1111111109, '07081804'],
        [1111111111, '14050471'],
        [1234567890, '89005924'],
        [2000000000, '69279037'],
        [20000000000, '65353130'],
      ].map(([seconds, code]) => ['12345678901234567890', { encoding: 'ascii', digits: 8 }, seconds * 1000, code]),
    ]
    const start = 1665644340000
    const expiries = [
      [start - 1, { otp: '134996', expires: start }],
      [start, { otp: '886842', expires: start + 30000 }],
      [start + 29999, { otp: '886842', expires: start + 30000 }],
      [start + 30000, { otp: '421127', expires: start + 60000 }],
    ]
    jest.useFakeTimers()
    try {
      for (const [key, options, now, code] of vectors) {
        jest.setSystemTime(now)
        expect([key, options, now, (await TOTP.generate(key, options)).otp]).toEqual([key, options, now, code])
      }
      for (const [now, expected] of expiries) {
        jest.setSystemTime(now)
        expect([now, await TOTP.generate('JBSWY3DPEHPK3PXP')]).toEqual([now, expected])
      }
      await expect(TOTP.generate('ABSWY3DPEHPK3!@#')).rejects.toThrow(new Error('Invalid base32 character in key'))
    } finally {
      jest.useRealTimers()
    }
  })

  test('on 3,000 random keys, options and clocks: the same code, expiry or error, all delivered through the promise', async () => {
    const names = ['digits', 'algorithm', 'encoding', 'period', 'timestamp', 'explicitZeroPad']
    const result = await compare(randomCalls(20261203, 3000, names))
    expect(result.mismatches).toEqual([])
    // The random calls must exercise the failure paths and the odd inputs too.
    expect(result.counts.errors).toBeGreaterThan(500)
    expect(result.counts.codes).toBeGreaterThan(1800)
    expect(result.counts.gaps).toBeLessThan(240)
  })

  test('on its quirks: spread defaults, slice, whole-key upper-casing, WebCrypto names then jsSHA, odd steps', async () => {
    const list = [
      // Spread: an explicit undefined wins; only own enumerable options count.
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, digits: undefined }],
      ['JBSWY3DPEHPK3PXP', { timestamp: undefined }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, algorithm: undefined }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, encoding: undefined }],
      ['JBSWY3DPEHPK3PXP', () => Object.assign(Object.create({ digits: 8, timestamp: 0 }), { timestamp: 59000 })],
      ['JBSWY3DPEHPK3PXP', () => Object.defineProperty({ timestamp: 0 }, 'digits', { value: 8, enumerable: false })],
      ['JBSWY3DPEHPK3PXP', () => Object.defineProperty({ timestamp: 0 }, 'digits', { get: () => 7, enumerable: true })],
      ['JBSWY3DPEHPK3PXP', null],
      ['JBSWY3DPEHPK3PXP', 'digits'],
      ['JBSWY3DPEHPK3PXP', () => Object.assign(['x'], { timestamp: 30000, explicitZeroPad: true })],
      // slice and padStart: 0, negative, fractional and string digits; any truthy explicitZeroPad.
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, digits: 0 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, digits: -2 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, digits: 6.5, explicitZeroPad: 'yes' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1365324707000, digits: '9', explicitZeroPad: 1 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1365324707000, digits: 12, explicitZeroPad: true }],
      // Odd clocks and periods.
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, period: 0 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, period: 0.5 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: -1465324707000 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: -5000 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: NaN }],
      ['JBSWY3DPEHPK3PXP', { timestamp: Infinity }],
      ['JBSWY3DPEHPK3PXP', { timestamp: '1465324707000' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 10n }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1e22 }],
      // Keys: leftover bits, whole-key upper-casing, the empty key, ASCII bytes, non-strings.
      ['JBSWY3DPEHPK3PXPAB', { timestamp: 0 }],
      ['ßAAAAAAA', { timestamp: 0 }],
      ['ﬆAAAAAAA', { timestamp: 0 }],
      ['JBSW Y3DP', { timestamp: 0 }],
      ['', { timestamp: 0 }],
      ['A', { timestamp: 0 }],
      ['A'.repeat(2000), { timestamp: 0 }],
      ['é€', { encoding: 'ascii', timestamp: 0 }],
      ['x'.repeat(1500), { encoding: 'ascii', timestamp: 0 }],
      [() => new String('JBSWY3DPEHPK3PXP'), { timestamp: 0 }],
      [() => ['A'], { timestamp: 0, encoding: 'ascii' }],
      [5, { timestamp: 0, encoding: 'ascii' }],
      [5, { timestamp: 0 }],
      [undefined, {}],
      [null, { encoding: 'ascii' }],
      // WebCrypto's names (case-insensitive, read with String()), then jsSHA's for an empty key or a name WebCrypto lacks.
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, algorithm: 'sha-256' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, algorithm: 'ſha-1' }],
      ['JBSWY3DPEHPK3PXP', () => ({ timestamp: 0, algorithm: ['sha-384'] })],
      ['JBSWY3DPEHPK3PXP', () => ({ timestamp: 0, algorithm: new String('sha-512') })],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, algorithm: Symbol('SHA-1') }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, algorithm: 'SHA1' }],
      ['', { timestamp: 0, algorithm: 'sha-1' }],
      ['', { timestamp: 0, algorithm: 'SHA-256' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, algorithm: 'SHAKE128' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, algorithm: 'KMAC128' }],
      // Which error comes first: the clock's, then the key's, then the algorithm's.
      ['bad!', { timestamp: 10n, algorithm: 'MD5' }],
      ['bad!', { timestamp: 0, algorithm: 'MD5' }],
    ]
    const result = await compare(listedCalls(list))
    expect(result.mismatches).toEqual([])
    // 1e22 ms: a 9-byte time step.
    expect(result.counts.gaps).toBe(1)
  })

  test('returns a promise, as 2.x does, and rejects it even for a key that is no string', async () => {
    expect(await settle(() => TOTP.generate('JBSWY3DPEHPK3PXP', { timestamp: 0 }))).toEqual({ delivery: 'resolved', value: { otp: '282760', expires: 30000 } })
    expect(await settle(() => TOTP.generate('not base32!'))).toEqual({ delivery: 'rejected', error: { class: 'Error', message: 'Invalid base32 character in key' } })
    expect(await settle(() => TOTP.generate(undefined))).toEqual(await settle(() => Real.generate(undefined)))
  })

  test('works when generate is called without its class, as 2.x does', async () => {
    const { generate } = TOTP
    const { generate: realGenerate } = Real
    expect(await generate('JBSWY3DPEHPK3PXP', { timestamp: 0 })).toEqual(await realGenerate('JBSWY3DPEHPK3PXP', { timestamp: 0 }))
  })

  test('refuses, with a code, what it cannot compute: jsSHA-only HMACs and steps beyond 2^53 - 1', async () => {
    for (const algorithm of JSSHA_ONLY) {
      expect((await Real.generate('JBSWY3DPEHPK3PXP', { algorithm, timestamp: 0 })).otp).toMatch(/^\d{1,6}$/)
      await expect(TOTP.generate('JBSWY3DPEHPK3PXP', { algorithm, timestamp: 0 })).rejects.toMatchObject({ code: UNSUPPORTED, message: expect.stringContaining(algorithm) })
    }
    // 2.0.1's own "leftpad fix" test: a 9-byte time step.
    jest.useFakeTimers().setSystemTime(1.2312354132421333e25) // its literal 12312354132421332222222222, as a double
    try {
      expect((await Real.generate('JBSWY3DPEHPK3PXP')).otp).toBe('895896')
      await expect(TOTP.generate('JBSWY3DPEHPK3PXP')).rejects.toMatchObject({ name: 'RangeError', code: UNSUPPORTED })
    } finally {
      jest.useRealTimers()
    }
  })
})
