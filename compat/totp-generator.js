'use strict'

// A drop-in for `totp-generator` 2.x: `TOTP.generate(key, options)` resolves
// to `{ otp, expires }` with its answers, quirks and failures. It follows 2.x
// step by step: WebCrypto's algorithm names first, then, where WebCrypto
// refuses (another name, an empty key), the jsSHA fallback's.

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

// WebCrypto reads the hash name as a string (String(), a Symbol refused) and
// matches it case-insensitively by toUpperCase, so 'sha-256', a String
// object and even 'ſha-1' are accepted.
/** @param {unknown} name */
function webCryptoAlgorithm(name) {
  // A name written as WebCrypto writes it is found as it is.
  const exact = typeof name === 'string' ? common.CORE_ALGORITHMS.get(name) : undefined
  if (exact !== undefined) return exact
  if (typeof name === 'symbol') return undefined
  try {
    return common.CORE_ALGORITHMS.get(String(name).toUpperCase())
  } catch {
    return undefined
  }
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
 * @param {unknown} key
 * @param {any} options spread over the defaults, as 2.x spreads whatever it is given
 * @returns {{ otp: string, expires: number }}
 */
function generateSync(key, options) {
  // Spread, as 2.x merges: an own enumerable option wins, even undefined.
  // (Defaults written in the literal: spreading a constant object into it
  // instead costs most of a microsecond.)
  const o = { digits: 6, algorithm: 'SHA-1', encoding: 'hex', period: 30, timestamp: Date.now(), explicitZeroPad: false, ...options }
  const step = Math.floor(Math.floor(o.timestamp / 1000) / o.period)
  const keyData = o.encoding === 'hex' ? base32Key(key) : asciiKey(key)
  const { value, refusal } = common.signOrDefer(() => {
    const algorithm = (!common.isEmptyKey(keyData) && webCryptoAlgorithm(o.algorithm)) || jsshaAlgorithm(o.algorithm)
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
    return generateSync(key, options)
  }
}

exports.TOTP = TOTP
