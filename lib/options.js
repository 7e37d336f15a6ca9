'use strict'

// The one options checker of the public API. Every call reads its options
// object through `read`, so one rule holds everywhere:
//
// - `undefined` or `null` means no options; anything but a plain object (a
//   Map, a Date, an array, a primitive) is a TypeError, not a silent "no
//   options": `generate(s, new Map([['digits', 8]]))` would otherwise give a
//   6-digit code. The tag is compared, not the prototype, so plain objects
//   from another realm (a vm context, a jest sandbox), class instances and
//   `Object.create(null)` pass.
// - Each option the call takes is read once, as an ordinary property:
//   inherited ones count, a getter runs once per call. One that is
//   `undefined` or `null` is not given, and the core's default applies.
// - Its type is checked against TYPES, the one table of every option's
//   type, and the call gets a fresh object of the checked values, the
//   `#[napi(object)]` the native function takes (src/options.rs). Values are
//   checked by the core: a wrong value is a RangeError naming the option.

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
  if (typeof value === 'symbol') return `symbol (${String(value)})`
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

// Tags, not `instanceof`: a value from another realm (a jest sandbox, a vm
// context, a worker's transfer) is one too.
/** @param {unknown} value */
const isDate = (value) => Object.prototype.toString.call(value) === '[object Date]'
/** @param {unknown} value @returns {value is Uint8Array} */
const isUint8Array = (value) => ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]'

/**
 * A check of one option's type: the value the native side takes, or a
 * TypeError naming the option (`label`).
 * @typedef {(value: unknown, label: string, code: string) => unknown} Check
 */

/** @param {string} type @param {string} expected @returns {Check} */
const primitive = (type, expected) => (value, label, code) => {
  if (typeof value !== type) throw typeError(label, expected, value, code)
  return value
}

const STRING = primitive('string', 'a string')
const NUMBER = primitive('number', 'a number')
const BOOLEAN = primitive('boolean', 'a boolean')

/** A time: ms since the Unix epoch, or a Date of any realm (an invalid one is NaN, which the core refuses). @type {Check} */
const TIME = (value, label, code) => {
  if (typeof value === 'number') return value
  if (isDate(value)) return Date.prototype.getTime.call(value)
  throw typeError(label, 'a number of ms since the epoch or a Date', value, code)
}

/** `window`: steps on each side, or `[past, future]`; the core takes `{ past, future }`. @type {Check} */
const WINDOW = (value, label, code) => {
  if (typeof value === 'number') return { past: value, future: value }
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number') {
    return { past: value[0], future: value[1] }
  }
  throw typeError(label, 'a number or [past, future]', value, code)
}

/** @param {readonly string[]} names @returns {Check} */
const nested = (names) => (value, label, code) => read(value, names, code, label)

/**
 * The type of every option any call takes. Adding an option means a line
 * here, its field in src/options.rs and its line in index.d.ts.
 * @type {Record<string, Check>}
 */
const TYPES = {
  // OTP (src/options.rs: OtpOptions)
  encoding: STRING,
  algorithm: STRING,
  digits: NUMBER,
  period: NUMBER,
  epoch: TIME,
  timestamp: TIME,
  window: WINDOW,
  after: NUMBER,
  // Secrets (SecretOptions)
  bytes: NUMBER,
  info: STRING,
  padding: BOOLEAN,
  // URIs (UriOptions)
  issuer: STRING,
  type: STRING,
  counter: NUMBER,
  image: STRING,
  // QR codes (QrCallOptions, QrColor)
  errorCorrectionLevel: STRING,
  version: NUMBER,
  maskPattern: NUMBER,
  margin: NUMBER,
  scale: NUMBER,
  width: NUMBER,
  color: nested(['dark', 'light']),
  dark: STRING,
  light: STRING,
  small: BOOLEAN,
  inverse: BOOLEAN,
  // pngjs's `rendererOpts` (PngjsOptions, PngjsBackground)
  bitDepth: NUMBER,
  colorType: NUMBER,
  inputColorType: NUMBER,
  inputHasAlpha: BOOLEAN,
  bgColor: nested(['red', 'green', 'blue']),
  red: NUMBER,
  green: NUMBER,
  blue: NUMBER,
  filterType: NUMBER,
}

/**
 * The options each kind of call takes, by the struct of src/options.rs that
 * carries them.
 */
const HOTP = ['encoding', 'algorithm', 'digits']
const CLOCK = ['period', 'epoch', 'timestamp']
const NAMES = {
  hotp: HOTP,
  clock: CLOCK,
  totp: [...HOTP, ...CLOCK],
  verify: ['window', 'after'],
  secret: ['bytes', 'info'],
  uri: ['issuer', 'type', ...HOTP, 'period', 'counter', 'image'],
  qr: ['errorCorrectionLevel', 'version', 'maskPattern', 'margin', 'scale', 'width', 'color', 'small', 'inverse', 'type'],
  pngjs: ['bitDepth', 'colorType', 'inputColorType', 'inputHasAlpha', 'bgColor', 'filterType'],
}

/**
 * The options `names` of an options argument, their types checked: a new
 * object holding only the options given, as the native side takes them.
 *
 * @param {unknown} value the options argument
 * @param {readonly string[]} names the options the call takes
 * @param {string} code the error code of the call's options
 * @param {string} [argument] how messages name the argument (`option "color"` for a nested one)
 * @returns {Record<string, any>}
 */
function read(value, names, code, argument = 'options') {
  const given = /** @type {Record<string, unknown>} */ (options(/** @type {object} */ (value), code, argument))
  // Nested options are named with their parent: `option "color.dark"`.
  const parent = argument === 'options' ? '' : `${argument.slice('option "'.length, -1)}.`
  /** @type {Record<string, unknown>} */
  const out = {}
  for (const name of names) {
    const option = given[name]
    if (option === undefined || option === null) continue
    const checked = TYPES[name](option, `option "${parent}${name}"`, code)
    // `window` is the one option the core takes as two fields.
    if (name === 'window') Object.assign(out, checked)
    else out[name] = checked
  }
  return out
}

module.exports = { NAMES, options, read, typeError, isUint8Array }
