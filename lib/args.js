'use strict'

// Type checks for the public API. The Rust core checks every value (ranges,
// names, formats); types are checked here, where they are visible, so that a
// wrong type is a TypeError with a stable code instead of a napi conversion
// message. Bytes and Dates are recognised with util.types rather than
// instanceof, so values from another realm (a vm context, a jest sandbox)
// are accepted, as the native side accepts them.

const { isUint8Array, isDate } = require('node:util').types

function withCode(error, code) {
  error.code = code
  return error
}

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

function typeError(argument, expected, value, code) {
  return withCode(new TypeError(`${argument} must be ${expected} (got ${describe(value)})`), code)
}

/** A secret: a string in `encoding` (base32 by default) or raw bytes. */
function secret(value, argument = 'secret') {
  if (typeof value === 'string' || isUint8Array(value)) return value
  throw typeError(argument, 'a string or a Buffer/Uint8Array', value, 'ERR_TOTP_INVALID_SECRET')
}

/** A token typed by the user. Numbers are refused: they lose leading zeros. */
function token(value) {
  if (typeof value === 'string') return value
  throw typeError(
    'token',
    'a string (numbers lose leading zeros: pass the code exactly as typed)',
    value,
    'ERR_TOTP_INVALID_TOKEN',
  )
}

/**
 * An options argument: undefined or a plain object. A Date, Map or array is
 * refused rather than read as "no options": `generate(s, new Map([['digits',
 * 8]]))` would otherwise quietly give a 6-digit code. The tag is compared, not
 * the prototype, so plain objects from another realm (a jest sandbox) pass.
 */
function options(value, argument = 'options') {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'object' && isPlainObject(value)) return value
  throw typeError(argument, 'a plain object', value, 'ERR_TOTP_INVALID_OPTION')
}

function isPlainObject(value) {
  try {
    return Object.prototype.toString.call(value) === '[object Object]'
  } catch {
    // A revoked Proxy throws on any inspection.
    return false
  }
}

function optionalString(opts, name) {
  const value = opts[name]
  if (value === undefined || typeof value === 'string') return value
  throw typeError(`option "${name}"`, 'a string', value, 'ERR_TOTP_INVALID_OPTION')
}

function optionalNumber(opts, name) {
  const value = opts[name]
  if (value === undefined || typeof value === 'number') return value
  throw typeError(`option "${name}"`, 'a number', value, 'ERR_TOTP_INVALID_OPTION')
}

/** A time in ms: a number or a Date (its getTime(); an invalid Date is NaN, refused by the core). */
function time(value, name) {
  if (typeof value === 'number') return value
  if (isDate(value)) return value.getTime()
  throw typeError(`option "${name}"`, 'a number of milliseconds or a Date', value, 'ERR_TOTP_INVALID_OPTION')
}

function optionalTime(opts, name) {
  const value = opts[name]
  return value === undefined ? undefined : time(value, name)
}

/** `window`: a number of steps on each side, or `[past, future]`. */
function window(opts) {
  const value = opts.window
  if (value === undefined) return [undefined, undefined]
  if (typeof value === 'number') return [value, value]
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number') {
    return value
  }
  throw typeError('option "window"', 'a number or [past, future]', value, 'ERR_TOTP_INVALID_OPTION')
}

module.exports = {
  isUint8Array,
  withCode,
  typeError,
  secret,
  token,
  options,
  optionalString,
  optionalNumber,
  optionalTime,
  time,
  window,
}
