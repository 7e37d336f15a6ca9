'use strict'

// What the totp-generator differential suites share: random calls (keys and
// options of every kind, the absurd ones included), and a runner that makes
// each call on the real package and on the drop-in under one fixed clock and
// compares what comes back, how it comes back (returned, thrown, resolved,
// rejected), and for 0.0.x what the call left in the options object.

const { isDeepStrictEqual } = require('node:util')
const { seeded } = require('../helpers')

const UNSUPPORTED = 'ERR_TOTP_COMPAT_UNSUPPORTED'

// The HMACs jsSHA computes that the native core has no hash for.
const JSSHA_ONLY = ['SHA-224', 'SHA3-224', 'SHA3-256', 'SHA3-384', 'SHA3-512']

/**
 * Steps whose 8-byte counter would pass 2^53 - 1: positive ones from 2^53,
 * negative ones from -2^32 (their sign fills the high bytes).
 */
function isFarStep(step) {
  return step >= 2 ** 53 || step <= -(2 ** 32)
}

const ALGORITHMS = [
  'SHA-1',
  'SHA-256',
  'SHA-384',
  'SHA-512',
  ...JSSHA_ONLY,
  'SHAKE128',
  'SHAKE256',
  'CSHAKE128',
  'CSHAKE256',
  'KMAC128',
  'KMAC256',
  'sha-1',
  'sha-256',
  'Sha-384',
  'sha-512',
  'ſha-1',
  'SHA1',
  'SHA256',
  'sha3-256',
  'MD5',
  '',
]

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
// Characters some reading refuses or reads oddly: upper-casing 'ı' gives 'I',
// 'ß' gives 'SS', 'ﬆ' gives 'ST'.
const ODD_CHARACTERS = [' ', '-', '=', '0', '1', '8', '9', '!', 'é', 'ı', 'ß', 'ﬆ', '€', '😀', '\u0000']

// Each option's values: the ordinary ones often, then every odd kind.
const VALUES = {
  digits: [6, 6, 8, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 0, -2, 6.5, '8', '', 'abc', NaN, Infinity, 1000, null, undefined, true],
  period: [30, 30, 60, 15, 1, 90, 0, 0.5, -30, '60', '', 'abc', NaN, Infinity, -Infinity, 1e-9, 1e9, null, undefined],
  encoding: ['hex', 'hex', 'ascii', 'ascii', 'base32', 'HEX', '', null, undefined],
  explicitZeroPad: [true, false, 1, 0, 'yes', '', null, undefined],
}

/** An algorithm name: mostly one every major knows, then every other kind. */
function algorithm(random) {
  const roll = random.next()
  if (roll < 0.6) return random.pick(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'])
  if (roll < 0.93) return random.pick(ALGORITHMS)
  return random.pick([null, undefined, 5, ['SHA-256'], 'String:sha-512'])
}

/** A timestamp in ms: mostly an ordinary date, then the edges and the absurd. */
function timestamp(random) {
  const roll = random.next()
  if (roll < 0.6) return random.int(0, 4102444800000) // up to 2100
  if (roll < 0.7) return random.int(-4102444800000, -1)
  return random.pick([
    0,
    1,
    -1,
    29999,
    30000,
    1465324707000,
    1465324709999,
    8.64e15,
    -8.64e15,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 * 1000,
    2 ** 64 * 30000,
    1e20,
    1e22,
    1e300,
    Number.MAX_VALUE,
    -1e300,
    1.5,
    '1465324707000',
    '',
    'abc',
    NaN,
    Infinity,
    -Infinity,
    null,
    undefined,
    {},
    [],
    true,
    10n,
  ])
}

function randomText(random, length, alphabet) {
  let text = ''
  for (let i = 0; i < length; i++) text += alphabet[random.int(0, alphabet.length - 1)]
  return text
}

/** A key: base32 or ASCII text, often altered, sometimes not a string at all. Returned as a maker: objects must be fresh per call. */
function key(random, encoding) {
  const roll = random.next()
  if (roll < 0.06) {
    return random.pick([
      () => undefined,
      () => null,
      () => 5,
      () => 0,
      () => true,
      () => [],
      () => ['JBSWY3DP'],
      () => ({}),
      () => new String('JBSWY3DPEHPK3PXP'),
      () => 10n,
    ])
  }
  const length = roll < 0.08 ? random.int(1200, 2400) : random.int(0, 64)
  let text
  if (encoding === 'ascii' && random.next() < 0.8) {
    text = randomText(random, length, Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)))
    if (random.next() < 0.1) text += random.pick(['é', '€', 'ÿ', '\u0100', '😀'])
  } else {
    text = randomText(random, length, BASE32)
    if (random.next() < 0.2) text = text.toLowerCase()
    if (random.next() < 0.1) text += '='.repeat(random.int(1, 6))
    if (random.next() < 0.1) {
      const at = random.int(0, text.length)
      text = text.slice(0, at) + random.pick(ODD_CHARACTERS) + text.slice(at)
    }
  }
  return () => text
}

/** An options value: usually an object with some of the options, sometimes something else. A maker, as for keys. */
function options(random, names) {
  const roll = random.next()
  if (roll < 0.04) return random.pick([() => undefined, () => null, () => 'digits', () => 5, () => 0, () => Object.freeze({}), () => Object.freeze({ digits: 8 })])
  const entries = []
  for (const name of names) {
    if (random.next() < 0.45) continue
    let value
    if (name === 'timestamp') value = timestamp(random)
    else if (name === 'algorithm') value = algorithm(random)
    else value = random.pick(VALUES[name])
    entries.push([name, value])
  }
  const shape = random.next()
  return () => {
    // Objects in values (a String, an array) must not be shared between the two packages either.
    const fresh = entries.map(([name, value]) => [name, value === 'String:sha-512' ? new String('sha-512') : Array.isArray(value) ? [...value] : value])
    if (shape < 0.05) return Object.assign(Object.create(Object.fromEntries(fresh)), { period: 30 })
    if (shape < 0.08) return Object.assign(['x'], Object.fromEntries(fresh))
    return Object.fromEntries(fresh)
  }
}

/**
 * Random calls, from a seed so that a failing case reproduces from its index.
 * @param {string[]} names the options this major reads
 * @returns {{ index: number, now: number, args: () => [unknown, unknown] }[]}
 */
function randomCalls(seed, count, names) {
  const random = seeded(seed)
  return Array.from({ length: count }, (_, index) => {
    const makeOptions = options(random, names)
    const sample = makeOptions()
    const encoding = sample && typeof sample === 'object' ? sample.encoding : undefined
    const makeKey = key(random, encoding)
    // The clock, for the calls that read it: anywhere up to 2100, step boundaries included.
    const now = random.next() < 0.2 ? random.int(0, 4102444) * 1000 * 30 - random.int(0, 1) : random.int(0, 4102444800000)
    return { index, now, args: () => [makeKey(), makeOptions()] }
  })
}

function describeError(error) {
  if (!(error instanceof Error)) return { thrown: error }
  return { class: error.constructor.name, message: error.message, ...(error.code === undefined ? {} : { code: error.code }) }
}

/** An options value as a call left it: its own properties, and whether it inherits any (the two calls' prototypes are not the same object). */
function ownProperties(value) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value
  const own = Object.fromEntries(Reflect.ownKeys(value).map((name) => [name, value[name]]))
  return { own, plain: Object.getPrototypeOf(value) === Object.prototype, frozen: Object.isFrozen(value) }
}

/** What a call gives back and how: returned/thrown synchronously, or resolved/rejected later. */
async function settle(call) {
  let result
  try {
    result = call()
  } catch (error) {
    return { delivery: 'thrown', error: describeError(error) }
  }
  if (result === null || typeof result !== 'object' || typeof result.then !== 'function') return { delivery: 'returned', value: result }
  try {
    return { delivery: 'resolved', value: await result }
  } catch (error) {
    return { delivery: 'rejected', error: describeError(error) }
  }
}

/**
 * Makes each call on the peer and on the drop-in under the call's fixed
 * clock and compares them. A drop-in error with code ERR_TOTP_COMPAT_UNSUPPORTED
 * counts as a known difference only where the peer gave a code and
 * `isKnownGap(key, options)` names why the drop-in cannot ('algorithm': an
 * HMAC the core lacks; 'time step': one out of its range); anything else is
 * a mismatch.
 * @param {(key: unknown, options: unknown) => unknown} peer
 * @param {(key: unknown, options: unknown) => unknown} dropIn
 * @returns {Promise<{ mismatches: object[], mismatched: number, counts: Record<string, number> }>} the first five mismatches, their number, and counts of equal codes, equal errors and known gaps
 */
async function compareCalls(calls, peer, dropIn, { isKnownGap, withOptions = false }) {
  const counts = { calls: 0, codes: 0, errors: 0, gaps: 0 }
  const mismatches = []
  jest.useFakeTimers()
  try {
    for (const { index, now, args } of calls) {
      jest.setSystemTime(now)
      const theirArgs = args()
      const ourArgs = args()
      const theirs = await settle(() => peer(...theirArgs))
      const ours = await settle(() => dropIn(...ourArgs))
      if (withOptions) {
        theirs.options = ownProperties(theirArgs[1])
        ours.options = ownProperties(ourArgs[1])
      }
      counts.calls++
      const gap = ours.error && ours.error.code === UNSUPPORTED && theirs.value !== undefined && isKnownGap(...args())
      if (gap) {
        counts.gaps++
        counts[`gaps: ${gap}`] = (counts[`gaps: ${gap}`] || 0) + 1
      } else if (isDeepStrictEqual(ours, theirs)) {
        counts[theirs.error ? 'errors' : 'codes']++
      } else {
        mismatches.push({ index, now, args: args(), theirs, ours })
      }
    }
  } finally {
    jest.useRealTimers()
  }
  return { mismatches: mismatches.slice(0, 5), mismatched: mismatches.length, counts }
}

/** A fresh copy of a listed argument: a maker is called, a plain object copied. */
function fresh(value) {
  if (typeof value === 'function') return value()
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return { ...value }
  return value
}

/** The calls of a fixed list of [key, options] pairs, each under the same clock. */
function listedCalls(list, now = Date.parse('2031-02-03T04:05:06Z')) {
  return list.map(([key, options], index) => ({ index, now, args: () => [fresh(key), fresh(options)] }))
}

/** The error a call throws (the test fails if it throws none). */
function thrownBy(call) {
  try {
    call()
  } catch (error) {
    return error
  }
  throw new Error('expected the call to throw')
}

module.exports = { UNSUPPORTED, JSSHA_ONLY, isFarStep, randomCalls, listedCalls, compareCalls, settle, thrownBy }
