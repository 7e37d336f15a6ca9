'use strict'

// The one options checker of the public API: every call that takes an
// options object (OTP, URIs, secrets, QR) reads it through `options`, so one
// rule holds everywhere:
//
// - `undefined` or `null` means no options; anything but a plain object (a
//   Map, a Date, an array, a primitive) is a TypeError, not a silent "no
//   options": `generate(s, new Map([['digits', 8]]))` would otherwise give a
//   6-digit code. The tag is compared, not the prototype, so plain objects
//   from another realm (a vm context, a jest sandbox), class instances and
//   `Object.create(null)` pass.
// - Each option is read once, as an ordinary property: inherited ones count,
//   a getter runs once per call.
// - An option that is `undefined` or `null` is not given, and the core's
//   default applies.
//
// The values themselves are checked by the native module: a wrong type is a
// TypeError, a wrong value a RangeError, each naming the option.

/**
 * @param {Error & { code?: string }} error
 * @param {string} code
 */
function withCode(error, code) {
  error.code = code
  return error
}

/** @param {unknown} value */
function describe(value) {
  if (value === null) return 'null'
  if (typeof value === 'object') {
    try {
      if (Array.isArray(value)) return 'an array'
      return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`
    } catch {
      return 'a revoked Proxy'
    }
  }
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)})`
  return `${typeof value} (${String(value)})`
}

/**
 * @param {string} argument
 * @param {string} expected
 * @param {unknown} value
 * @param {string} code
 */
function typeError(argument, expected, value, code) {
  return withCode(new TypeError(`${argument} must be ${expected} (got ${describe(value)})`), code)
}

/** No options: read like any other options object. */
const NONE = Object.freeze({})

/** @param {object} value */
function isPlainObject(value) {
  try {
    // An object literal of this realm, the common case, needs no tag read.
    return Object.getPrototypeOf(value) === Object.prototype || Object.prototype.toString.call(value) === '[object Object]'
  } catch {
    // A revoked Proxy throws on any inspection.
    return false
  }
}

/**
 * The options argument of a call: `NONE` for `undefined` or `null`, the
 * object itself when it is a plain object, a TypeError otherwise.
 *
 * @template {object} T
 * @param {T | null | undefined} value
 * @param {string} code the error code of the call's options
 * @param {string} [argument] how the message names it
 * @returns {Partial<T>}
 */
function options(value, code, argument = 'options') {
  if (value === undefined || value === null) return NONE
  if (typeof value === 'object' && isPlainObject(value)) return value
  throw typeError(argument, 'a plain object', value, code)
}

/**
 * A `timestamp` option: the time given (a number or a Date, checked by the
 * native module), or now — left to the native module, which reads the
 * system clock itself, while `Date.now` is the engine's own; otherwise (jest's
 * or sinon's fake timers, a test that set `Date.now`) the value of
 * `Date.now()`, read here in the caller's realm, so faked time moves codes.
 *
 * @param {number | Date | null | undefined} value
 * @returns {number | Date | undefined}
 */
function timestamp(value) {
  if (value !== undefined && value !== null) return value
  return clockIsSystem() ? undefined : Date.now()
}

/** The `Date.now` last looked at, and whether it is the engine's own. */
let lastNow = /** @type {unknown} */ (undefined)
let lastNowIsSystem = false

/**
 * Whether `Date.now` is the engine's own function, which reads the system
 * clock the native module reads: `Date.now()` costs a tenth of a `generate`,
 * and then need not be called. A faked `Date.now` is JavaScript; the engine's
 * prints as native code. Looked at once per function, then compared.
 */
function clockIsSystem() {
  const now = Date.now
  if (now !== lastNow) {
    lastNow = now
    lastNowIsSystem = typeof now === 'function' && /^function now\(\) \{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(now))
  }
  return lastNowIsSystem
}

/**
 * `window`: a number of steps on each side, or `[past, future]`; either
 * side is then checked by the native module.
 *
 * @param {number | [number, number] | null | undefined} value
 * @returns {[number | undefined, number | undefined]}
 */
function window(value) {
  if (value === undefined || value === null) return [undefined, undefined]
  if (typeof value === 'number') return [value, value]
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number') {
    return [value[0], value[1]]
  }
  throw typeError('option "window"', 'a number or [past, future]', value, 'ERR_TOTP_INVALID_OPTION')
}

module.exports = { options, timestamp, clockIsSystem, window, typeError }
