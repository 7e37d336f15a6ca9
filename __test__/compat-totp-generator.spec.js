'use strict'

// The drop-in against the real totp-generator 2.0.1, side by side: every
// expected value comes from the peer.

const real = require('totp-generator').TOTP
const { TOTP } = require('../compat/totp-generator')

async function outcome(generator, key, options) {
  try {
    return { value: await generator.generate(key, options) }
  } catch (error) {
    return { error: `${error.constructor.name}: ${error.message}` }
  }
}

/** Each [key, options] case resolves or rejects alike in both packages. */
async function expectSameOutcomes(cases) {
  // A fixed clock, so the cases that read it cannot straddle a step.
  jest.useFakeTimers().setSystemTime(new Date('2031-02-03T04:05:06Z'))
  try {
    for (const [key, options] of cases) {
      expect(await outcome(TOTP, key, options)).toEqual(await outcome(real, key, options))
    }
  } finally {
    jest.useRealTimers()
  }
}

// A small seeded generator, so a failure can be reproduced from its case.
function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function pick(rand, items) {
  return items[Math.floor(rand() * items.length)]
}

function randomCase(rand) {
  const options = {}
  const encoding = pick(rand, [undefined, 'hex', 'ascii'])
  if (encoding !== undefined) options.encoding = encoding
  const length = Math.floor(rand() * 64)
  let key = ''
  for (let i = 0; i < length; i++) {
    key += encoding === 'ascii' ? String.fromCharCode(32 + Math.floor(rand() * 95)) : pick(rand, BASE32)
  }
  if (encoding !== 'ascii') {
    if (rand() < 0.2) key = key.toLowerCase()
    if (rand() < 0.1) key += '='.repeat(1 + Math.floor(rand() * 6))
    if (rand() < 0.05) key = key.slice(0, 3) + pick(rand, [' ', '-', '1', '8', '!']) + key.slice(3)
  }
  const digits = pick(rand, [undefined, 6, 6, 8, 1, 4, 10, 12, 0])
  if (digits !== undefined) options.digits = digits
  const algorithm = pick(rand, [undefined, 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'sha-256', 'SHA1', 'MD5'])
  if (algorithm !== undefined) options.algorithm = algorithm
  const period = pick(rand, [undefined, 30, 60, 15, 1, 90])
  if (period !== undefined) options.period = period
  options.timestamp = Math.floor(rand() * 4102444800000) // up to 2100
  if (rand() < 0.3) options.explicitZeroPad = rand() < 0.5
  return { key, options }
}

describe('compat/totp-generator gives the answers of totp-generator 2.0.1', () => {
  test('on its own published vectors', async () => {
    const cases = [
      ['JBSWY3DPEHPK3PXP', { timestamp: 0 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1365324707000 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, algorithm: 'SHA-256' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, algorithm: 'SHA-384' }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, algorithm: 'SHA-512' }],
      ['12345678901234567890', { encoding: 'ascii', timestamp: 59000, digits: 8 }],
    ]
    await expectSameOutcomes(cases)
  })

  test('on 600 random keys and option sets, failures included', async () => {
    const rand = random(20261122)
    let rejected = 0
    for (let i = 0; i < 600; i++) {
      const { key, options } = randomCase(rand)
      const expected = await outcome(real, key, options)
      if (expected.error) rejected++
      expect({ i, key, options, ...(await outcome(TOTP, key, options)) }).toEqual({ i, key, options, ...expected })
    }
    // The random cases must exercise the failure paths too.
    expect(rejected).toBeGreaterThan(20)
  })

  test('on its quirks: explicit undefined options, short codes, odd steps, empty keys', async () => {
    const cases = [
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, digits: undefined }],
      ['JBSWY3DPEHPK3PXP', { timestamp: undefined }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 0, digits: -2 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, period: 0 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: -1465324707000 }],
      ['JBSWY3DPEHPK3PXP', { timestamp: 1465324707000, period: 0.5 }],
      ['JBSWY3DPEHPK3PXPAB', { timestamp: 0 }],
      ['', { timestamp: 0 }],
      ['', { timestamp: 0, algorithm: 'sha-1' }],
      ['é€', { encoding: 'ascii', timestamp: 0 }],
      [undefined, {}],
      [null, { encoding: 'ascii' }],
      // Options are merged by spreading: only own enumerable properties count.
      ['JBSWY3DPEHPK3PXP', Object.assign(Object.create({ digits: 8, timestamp: 0 }), { timestamp: 59000 })],
      ['JBSWY3DPEHPK3PXP', Object.defineProperty({ timestamp: 0 }, 'digits', { value: 8, enumerable: false })],
      ['JBSWY3DPEHPK3PXP', Object.defineProperty({ timestamp: 0 }, 'digits', { get: () => 7, enumerable: true })],
      ['JBSWY3DPEHPK3PXP', null],
      ['JBSWY3DPEHPK3PXP', 'digits'],
      ['JBSWY3DPEHPK3PXP', Object.assign(['x'], { timestamp: 30000, explicitZeroPad: true })],
    ]
    await expectSameOutcomes(cases)
  })

  test('returns a promise, as 2.x does, even for a bad key', () => {
    const result = TOTP.generate('not base32!')
    expect(result).toBeInstanceOf(Promise)
    return expect(result).rejects.toThrow('Invalid base32 character in key')
  })

  test('follows the clock when no timestamp is given', async () => {
    jest.useFakeTimers().setSystemTime(new Date('2030-05-01T12:00:00Z'))
    try {
      expect(await TOTP.generate('JBSWY3DPEHPK3PXP')).toEqual(
        await real.generate('JBSWY3DPEHPK3PXP', { timestamp: Date.parse('2030-05-01T12:00:00Z') }),
      )
    } finally {
      jest.useRealTimers()
    }
  })
})
