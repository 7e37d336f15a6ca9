'use strict'

// A drop-in for `totp-generator` 2.x: `TOTP.generate(key, options)` resolves
// to `{ otp, expires }` with its answers, quirks and failures. The codes come
// from the native HOTP; this file only adapts the package's conventions.

const { hotp } = require('..')

const DEFAULTS = { digits: 6, algorithm: 'SHA-1', encoding: 'hex', period: 30, explicitZeroPad: false }

// WebCrypto HMAC names are case-insensitive. Other names make totp-generator
// fall back to jsSHA, which rejects them with this message (jsSHA-only
// variants such as SHA-224 and SHA3-* are the one thing not reproduced: they
// reject here too, see README "Migrating").
const ALGORITHMS = new Map([
  ['SHA-1', 'SHA1'],
  ['SHA-256', 'SHA256'],
  ['SHA-384', 'SHA384'],
  ['SHA-512', 'SHA512'],
])

function algorithmOf(name, keyIsEmpty) {
  const algorithm = typeof name === 'string' ? ALGORITHMS.get(name.toUpperCase()) : undefined
  // An empty key fails WebCrypto's importKey, so the jsSHA fallback (whose
  // names are case-sensitive) decides.
  if (algorithm === undefined || (keyIsEmpty && !ALGORITHMS.has(name))) {
    throw new Error('Chosen SHA variant is not supported')
  }
  return algorithm
}

// Its `encoding: 'hex'` means base32: upper-cased, trailing '=' stripped, any
// other character outside A-Z2-7 (spaces included) refused.
/**
 * The key as totp-generator reads it, checked its way. It stays a string: the
 * native call decodes base32 itself, faster than a Buffer can be made here.
 */
function base32Key(key) {
  const unpadded = key.toUpperCase().replace(/=+$/, '')
  if (/[^A-Z2-7]/.test(unpadded)) throw new Error('Invalid base32 character in key')
  // Under 8 bits is no whole byte: an empty key.
  return unpadded.length < 2 ? Buffer.alloc(0) : unpadded
}

// Its `encoding: 'ascii'`: one byte per UTF-16 unit, charCodeAt & 0xff.
function asciiKey(key) {
  if (typeof key === 'string') return Buffer.from(key, 'latin1')
  const bytes = Buffer.alloc(key.length >>> 0)
  for (let i = 0; i < bytes.length; i++) bytes[i] = key.charCodeAt(i)
  return bytes
}

// totp-generator writes the step as Math.round(step).toString(16), pads it to
// 16 characters and reads it back two characters at a time with parseInt,
// storing each into a byte. For ordinary steps that is the step itself; for
// NaN, negative or infinite steps (a timestamp of undefined, a period of 0)
// it is an odd but definite counter, reproduced here.
function counterOf(timestamp, period) {
  const step = Math.floor(Math.floor(timestamp / 1000) / period)
  if (Number.isSafeInteger(step) && step >= 0) return step
  const hex = ((step < 15.5 ? '0' : '') + Math.round(step).toString(16)).padStart(16, '0')
  let counter = 0
  for (let i = 0; i < 16; i += 2) counter = counter * 256 + (parseInt(hex.slice(i, i + 2), 16) & 0xff)
  if (hex.length !== 16 || !Number.isSafeInteger(counter)) {
    throw new RangeError(`timestamp ${timestamp} is too far from 1970 for this drop-in (steps up to 2^53 - 1)`)
  }
  return counter
}

// totp-generator merges `{ ...defaults, timestamp: Date.now(), ...options }`:
// an own enumerable option wins, even when it is undefined. Reading the six
// options that way gives the same values without building the merged object,
// which cost more than the HMAC.
const isOwnEnumerable = Function.prototype.call.bind(Object.prototype.propertyIsEnumerable)

function merged(options) {
  // Spreading null or undefined adds nothing.
  const given = options === undefined || options === null ? {} : options
  const pick = (name, fallback) => (isOwnEnumerable(given, name) ? given[name] : fallback)
  return {
    digits: pick('digits', DEFAULTS.digits),
    algorithm: pick('algorithm', DEFAULTS.algorithm),
    encoding: pick('encoding', DEFAULTS.encoding),
    period: pick('period', DEFAULTS.period),
    timestamp: pick('timestamp', Date.now()),
    explicitZeroPad: pick('explicitZeroPad', DEFAULTS.explicitZeroPad),
  }
}

function generateSync(key, options) {
  const o = merged(options)
  const keyBytes = o.encoding === 'hex' ? base32Key(key) : asciiKey(key)
  const algorithm = algorithmOf(o.algorithm, keyBytes.length === 0)
  // HMAC pads keys to the block size with zeros, so an empty key (which
  // jsSHA accepts) signs exactly as the one-byte key 0x00.
  const hmacKey = keyBytes.length === 0 ? Buffer.alloc(1) : keyBytes
  const value = String(Number(hotp.generate(hmacKey, counterOf(o.timestamp, o.period), { algorithm, digits: 10 })))
  const trimmed = value.slice(-o.digits)
  const periodMs = o.period * 1000
  return {
    otp: o.explicitZeroPad ? trimmed.padStart(o.digits, '0') : trimmed,
    expires: Math.ceil((o.timestamp + 1) / periodMs) * periodMs,
  }
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

module.exports = { TOTP }
