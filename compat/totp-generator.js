'use strict'

// A drop-in for `totp-generator` 2.x: `TOTP.generate(key, options)` resolves
// to `{ otp, expires }` with its answers, quirks and failures. It follows 2.x
// step by step: WebCrypto's algorithm names first, then, where WebCrypto
// refuses (another name, an empty key), the jsSHA fallback's.

const { webcrypto } = require('crypto')
const common = require('./totp-generator-common')

Object.defineProperty(exports, '__esModule', { value: true })

const CANONICAL_BASE32 = /^[A-Z2-7]*$/

/**
 * Its `encoding: 'hex'` means base32: the whole key upper-cased (so 'ß'
 * becomes 'SS'), trailing '=' stripped, any other character outside A-Z2-7
 * (spaces included) refused, leftover bits dropped.
 * @returns {string} base32 text for the core
 */
/** @param {any} key whatever the caller passed: 2.x calls its `toUpperCase` */
function base32Key(key) {
  // Most keys are already upper-case base32, which the steps below leave as
  // it is: one test instead of three passes.
  if (typeof key === 'string' && CANONICAL_BASE32.test(key)) return key
  // A null or undefined key fails here, with the engine's own message; the
  // names in the other messages are those of 2.x's published build.
  if (typeof key.toUpperCase !== 'function') throw new TypeError('e.toUpperCase is not a function')
  const unpadded = key.toUpperCase().replace(/=+$/, '')
  if (/[^A-Z2-7]/.test(unpadded)) throw new Error('Invalid base32 character in key')
  return unpadded
}

/**
 * Its `encoding: 'ascii'`: one byte per UTF-16 unit, the low 8 bits.
 * @param {any} key whatever the caller passed: 2.x reads its `length` and `charCodeAt`
 */
function asciiKey(key) {
  if (typeof key === 'string') return Buffer.from(key, 'latin1')
  const bytes = new Uint8Array(key.length)
  for (let i = 0; i < key.length; i++) {
    if (typeof key.charCodeAt !== 'function') throw new TypeError('e.charCodeAt is not a function')
    bytes[i] = key.charCodeAt(i)
  }
  return bytes
}

// 2.x asks WebCrypto for an HMAC on the named hash. For a plain ASCII string
// every runtime answers alike: the name in any ASCII case. For anything else
// they differ (measured: Node 18 to 22 read String(name) and upper-case it as
// JavaScript does, so 'ſha-1' and a String object pass; Node 24 takes strings
// only, compared in ASCII case; Node 26 takes String(name), in ASCII case),
// so such a name is put to this runtime's WebCrypto, as 2.x puts it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: every ASCII unit, controls included, is what is tested for
const PLAIN_ASCII = /^[\x00-\x7f]*$/

// Hashes some runtimes' WebCrypto has and the core has not (Node 24 and 26
// have SHA-3): for those names the runtime is asked too.
const OTHER_WEBCRYPTO_HASHES = new Set(['SHA3-256', 'SHA3-384', 'SHA3-512'])

/**
 * What WebCrypto gives 2.x for `name`: the core's hash, `undefined` where
 * it refuses the name (2.x then tries jsSHA), or the refusal of a hash only
 * WebCrypto computes. A promise only where the runtime must be asked.
 * @param {unknown} name
 * @returns {WebCryptoHash | Promise<WebCryptoHash>}
 */
function webCryptoHash(name) {
  if (typeof name === 'string' && PLAIN_ASCII.test(name)) {
    const core = common.CORE_ALGORITHMS.get(name) ?? common.CORE_ALGORITHMS.get(name.toUpperCase())
    if (core !== undefined || !OTHER_WEBCRYPTO_HASHES.has(name.toUpperCase())) return core
  }
  return runtimeWebCryptoHash(name)
}

/** @typedef {import('./totp-generator-common').CoreAlgorithm | Error | undefined} WebCryptoHash */

const PROBE_KEY = new Uint8Array(1)

/**
 * `webCryptoHash`, asking this runtime's WebCrypto whether it takes `name`
 * as an HMAC's hash. A taken name is read by its String(), upper-cased: how
 * every runtime that takes more than plain ASCII reads it.
 * @param {unknown} name
 * @returns {Promise<WebCryptoHash>}
 */
async function runtimeWebCryptoHash(name) {
  try {
    await webcrypto.subtle.importKey('raw', PROBE_KEY, { name: 'HMAC', hash: { name: /** @type {string} */ (name) } }, false, ['sign'])
  } catch {
    return undefined
  }
  const upper = String(name).toUpperCase()
  return (
    common.CORE_ALGORITHMS.get(upper) ??
    common.unsupported(
      Error,
      `algorithm ${upper} is not supported by this drop-in: totp-generator computes it with this runtime's WebCrypto, the native core has SHA-1, SHA-256, SHA-384 and SHA-512`,
    )
  )
}

// Where WebCrypto refuses (an empty key, a name it lacks), 2.x falls back to
// jsSHA, with its case-sensitive names and its errors.
/** @param {unknown} name */
function jsshaAlgorithm(name) {
  const variant = common.jsshaVariant(name)
  common.refuseWithoutHmac(variant)
  return common.coreAlgorithm(variant)
}

/**
 * The steps of 2.x up to its WebCrypto call: the options merged, the time
 * step, the key read.
 * @param {unknown} key
 * @param {any} options spread over the defaults, as 2.x spreads whatever it is given
 */
function prepare(key, options) {
  // Spread, as 2.x merges: an own enumerable option wins, even undefined.
  // (Defaults written in the literal: spreading a constant object into it
  // instead costs most of a microsecond.)
  const o = { digits: 6, algorithm: 'SHA-1', encoding: 'hex', period: 30, timestamp: Date.now(), explicitZeroPad: false, ...options }
  const step = Math.floor(Math.floor(o.timestamp / 1000) / o.period)
  const keyData = o.encoding === 'hex' ? base32Key(key) : asciiKey(key)
  return { o, step, keyData }
}

/**
 * The rest: the HMAC with the hash WebCrypto gave (or, where it refused,
 * jsSHA's), the code cut to `digits`, and its expiry.
 * @param {ReturnType<typeof prepare>} call
 * @param {WebCryptoHash} webCrypto
 * @returns {{ otp: string, expires: number }}
 */
function finish({ o, step, keyData }, webCrypto) {
  const { value, refusal } = common.signOrDefer(() => {
    if (webCrypto instanceof Error) throw webCrypto
    const algorithm = webCrypto || jsshaAlgorithm(o.algorithm)
    return common.truncatedHmac(keyData, common.bytewiseCounter(step), algorithm)
  })
  const trimmed = value.slice(-o.digits)
  const otp = o.explicitZeroPad ? trimmed.padStart(o.digits, '0') : trimmed
  const periodMs = 1000 * o.period
  const expires = Math.ceil((o.timestamp + 1) / periodMs) * periodMs
  if (refusal) throw refusal
  return { otp, expires }
}

class TOTP {
  /**
   * Generates a TOTP code as `totp-generator` 2.x does.
   * @param {string} key base32 (`encoding: 'hex'`, the default) or ASCII text
   * @param {object} [options] digits, algorithm, encoding, period, timestamp, explicitZeroPad
   * @returns {Promise<{ otp: string, expires: number }>}
   */
  static async generate(key, options) {
    const call = prepare(key, options)
    // An empty key fails WebCrypto's importKey whatever the name.
    if (common.isEmptyKey(call.keyData)) return finish(call, undefined)
    const hash = webCryptoHash(call.o.algorithm)
    // Awaited only where the runtime is asked: a plain call takes no extra tick.
    return finish(call, hash instanceof Promise ? await hash : hash)
  }
}

exports.TOTP = TOTP
