'use strict'

// What the totp-generator drop-ins share (0.0.x, 1.0 and 2.x), over the
// public API: the HMAC-based value itself, how totp-generator turns a time
// step into the 8-byte message it signs, and jsSHA's rules for algorithm
// names. Each major's own file decides the order in which these run, because
// the order decides which error a bad call gets.

const { createHash } = require('crypto')
const { hotp, base32 } = require('..')

const UNSUPPORTED = 'ERR_TOTP_COMPAT_UNSUPPORTED'

/**
 * @param {ErrorConstructor | RangeErrorConstructor} ErrorClass
 * @param {string} message
 */
function unsupported(ErrorClass, message) {
  const error = /** @type {Error & { code?: string }} */ (new ErrorClass(message))
  error.code = UNSUPPORTED
  return error
}

/** @typedef {'SHA1' | 'SHA256' | 'SHA384' | 'SHA512'} CoreAlgorithm */

// HMAC zero-pads its key to the hash's block size and hashes longer keys
// first (RFC 2104 §2). So an empty key signs as the key 0x00, and a key over
// the public API's 1024 bytes as its own digest: the same codes.
const ZERO_KEY = Buffer.alloc(1)
const MAX_KEY_BYTES = 1024
// Longer base32 text may decode to more than MAX_KEY_BYTES.
const MAX_BASE32_KEY = Math.floor((MAX_KEY_BYTES * 8) / 5)

// 10 digits keep the whole 31-bit value (under 2^31 < 10^10), zero-padded.
// One frozen options object per algorithm, made once rather than per call.
const WHOLE_VALUE = {
  SHA1: Object.freeze({ algorithm: 'SHA1', digits: 10 }),
  SHA256: Object.freeze({ algorithm: 'SHA256', digits: 10 }),
  SHA384: Object.freeze({ algorithm: 'SHA384', digits: 10 }),
  SHA512: Object.freeze({ algorithm: 'SHA512', digits: 10 }),
}

/**
 * The dynamically truncated 31-bit value of RFC 4226 §5.3, unpadded, as
 * totp-generator prints it before cutting it to `digits`.
 * @param {string | Uint8Array} key base32 text of [A-Za-z2-7] (the core decodes it, dropping leftover bits) or bytes
 * @param {number} counter 0 to 2^53 - 1
 * @param {CoreAlgorithm} algorithm
 */
function truncatedHmac(key, counter, algorithm) {
  if (typeof key === 'string' && key.length > MAX_BASE32_KEY) key = base32.decode(key)
  if (isEmptyKey(key)) key = ZERO_KEY
  else if (typeof key !== 'string' && key.length > MAX_KEY_BYTES) key = createHash(algorithm).update(key).digest()
  return unpadded(hotp.generate(key, counter, WHOLE_VALUE[algorithm]))
}

/**
 * No key bytes: none given, or base32 text of under 8 bits.
 * @param {string | Uint8Array} key
 */
function isEmptyKey(key) {
  return key.length === 0 || (typeof key === 'string' && key.length < 2)
}

/**
 * The digits without their leading zeros (a fifth of the cost of String(Number(…))).
 * @param {string} digits
 */
function unpadded(digits) {
  let zeros = 0
  while (zeros < digits.length - 1 && digits.charCodeAt(zeros) === 48) zeros++
  return zeros === 0 ? digits : digits.slice(zeros)
}

/**
 * Runs `sign` (the steps up to and including the HMAC). Where the drop-in
 * cannot compute the HMAC, it gives a stand-in value and the refusal, for the
 * caller to throw once the rest of the call has run: where the peer would
 * have failed later in the call (on its `digits`, say), that failure comes
 * first, as it does there.
 * @param {() => string} sign
 * @returns {{ value: string, refusal?: Error }}
 */
function signOrDefer(sign) {
  try {
    return { value: sign() }
  } catch (error) {
    if (!(error instanceof Error) || /** @type {{ code?: string }} */ (error).code !== UNSUPPORTED) throw error
    return { value: '0', refusal: error }
  }
}

// --- Time steps ------------------------------------------------------------

/**
 * totp-generator's dec2hex: a leading '0' below 15.5 (negatives included), then Math.round in base 16.
 * @param {number} step
 */
function stepHex(step) {
  return (step < 15.5 ? '0' : '') + Math.round(step).toString(16)
}

/**
 * @param {number} step
 * @param {number} bytes
 */
function tooFar(step, bytes) {
  return unsupported(
    RangeError,
    `time step ${step} makes totp-generator sign ${bytes === 8 ? 'a counter over 2^53 - 1' : `a ${bytes}-byte message`}; ` +
      'this drop-in signs 8-byte counters from 0 to 2^53 - 1',
  )
}

/**
 * @param {Uint8Array} bytes
 * @param {number} step
 */
function counterOf(bytes, step) {
  let counter = 0
  for (const byte of bytes) counter = counter * 256 + byte
  if (bytes.length !== 8 || !Number.isSafeInteger(counter)) throw tooFar(step, bytes.length)
  return counter
}

/**
 * The counter 0.0.x and 1.0 sign: the step's hex, left-padded to 16 digits
 * (longer ones kept), given to jsSHA as HEX input. jsSHA refuses an odd
 * length and any pair parseInt cannot read, and ORs each parsed pair into a
 * 32-bit word: a pair such as '-5' (from a negative step) sets the bits of
 * the bytes before it in its word as well.
 * @param {number} step
 */
function jsshaCounter(step) {
  // The hex round trip is the identity on ordinary steps.
  if (Number.isSafeInteger(step) && step >= 0) return step + 0
  let hex = stepHex(step)
  if (hex.length <= 17) hex = hex.padStart(16, '0')
  if (hex.length % 2 !== 0) throw new Error('String of HEX type must be in byte increments')
  const words = new Int32Array(Math.ceil(hex.length / 8))
  for (let i = 0; i < hex.length; i += 2) {
    const pair = parseInt(hex.slice(i, i + 2), 16)
    if (Number.isNaN(pair)) throw new Error('String of HEX type contains invalid characters')
    const byte = i / 2
    words[byte >> 2] |= pair << (8 * (3 - (byte % 4)))
  }
  const bytes = new Uint8Array(hex.length / 2)
  for (let byte = 0; byte < bytes.length; byte++) bytes[byte] = words[byte >> 2] >>> (8 * (3 - (byte % 4)))
  return counterOf(bytes, step)
}

/**
 * The counter 2.x signs: the step's hex padded to 16 digits, read two digits
 * at a time with parseInt into a Uint8Array of half its length, so an
 * unreadable pair is 0, a negative one wraps, and an odd last digit is
 * dropped.
 * @param {number} step
 */
function bytewiseCounter(step) {
  if (Number.isSafeInteger(step) && step >= 0) return step + 0
  const hex = stepHex(step).padStart(16, '0')
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < hex.length; i += 2) bytes[i / 2] = parseInt(hex.slice(i, i + 2), 16)
  return counterOf(bytes, step)
}

// --- jsSHA's algorithm names -----------------------------------------------

// The variants whose HMAC the core computes, by their jsSHA names.
/** @type {Map<string, CoreAlgorithm>} */
const CORE_ALGORITHMS = new Map([
  ['SHA-1', 'SHA1'],
  ['SHA-256', 'SHA256'],
  ['SHA-384', 'SHA384'],
  ['SHA-512', 'SHA512'],
])
// HMACs jsSHA computes that the core has no hash for.
const JSSHA_ONLY = new Set(['SHA-224', 'SHA3-224', 'SHA3-256', 'SHA3-384', 'SHA3-512'])
const WITHOUT_HMAC = new Set(['SHAKE128', 'SHAKE256', 'CSHAKE128', 'CSHAKE256'])
const KMAC = new Set(['KMAC128', 'KMAC256'])

/**
 * `new jsSHA(name, …)`: the name, or jsSHA's constructor error. Its front
 * compares with `==` but each hash class checks with `===`, so only these
 * exact strings get through.
 * @param {unknown} name
 * @returns {string}
 */
function jsshaVariant(name) {
  if (typeof name !== 'string') throw new Error('Chosen SHA variant is not supported')
  if (CORE_ALGORITHMS.has(name) || JSSHA_ONLY.has(name) || WITHOUT_HMAC.has(name)) return name
  // A KMAC needs its key among the constructor's options, which totp-generator never passes.
  if (KMAC.has(name)) throw new Error('kmacKey must include a value and format')
  throw new Error('Chosen SHA variant is not supported')
}

/**
 * `setHMACKey` on a variant: SHAKE and cSHAKE refuse it.
 * @param {string} variant
 */
function refuseWithoutHmac(variant) {
  if (WITHOUT_HMAC.has(variant)) throw new Error('Variant does not support HMAC')
}

/**
 * The core's name for a jsSHA variant that got this far, or the drop-in's refusal.
 * @param {string} variant
 * @returns {CoreAlgorithm}
 */
function coreAlgorithm(variant) {
  const algorithm = CORE_ALGORITHMS.get(variant)
  if (algorithm !== undefined) return algorithm
  throw unsupported(
    Error,
    `algorithm ${variant} is not supported by this drop-in: totp-generator computes it with jsSHA, the native core has SHA-1, SHA-256, SHA-384 and SHA-512`,
  )
}

// --- Keys ------------------------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const BASE32_TEXT = /^[A-Za-z2-7]*$/
const TRAILING_PADDING = /=+$/

/**
 * The key as 0.0.x (from 0.0.9) and 1.0 read it: trailing '=' stripped, then
 * each character upper-cased on its own and looked up in the alphabet, so
 * 'ı' reads as 'I' and 'ﬆ' (upper-cased 'ST') as 'S', while 'ß' ('SS') is
 * refused; leftover bits are dropped.
 * @param {any} key whatever the caller passed: 0.0.x and 1.0 call its `replace`
 * @returns {string | Uint8Array} base32 text for the core, or the bytes
 */
function perCharacterBase32(key) {
  // A null or undefined key fails here, with the engine's own message.
  if (typeof key.replace !== 'function') throw new TypeError('base32.replace is not a function')
  const text = key.replace(TRAILING_PADDING, '')
  if (typeof text === 'string' && BASE32_TEXT.test(text)) return text
  let bits = 0
  let value = 0
  /** @type {number[]} */
  const bytes = []
  for (let i = 0; i < text.length; i++) {
    const digit = ALPHABET.indexOf(text.charAt(i).toUpperCase())
    if (digit === -1) throw new Error('Invalid base32 character in key')
    value = ((value << 5) | digit) & 0xffff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes.push((value >>> bits) & 0xff)
    }
  }
  return Uint8Array.from(bytes)
}

module.exports = {
  UNSUPPORTED,
  unsupported,
  truncatedHmac,
  isEmptyKey,
  signOrDefer,
  jsshaCounter,
  bytewiseCounter,
  jsshaVariant,
  refuseWithoutHmac,
  coreAlgorithm,
  CORE_ALGORITHMS,
  perCharacterBase32,
}
