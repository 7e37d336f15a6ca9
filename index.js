'use strict'

// The public API. This file only shapes it: it checks the arguments'
// types, reads each options object once through the one options checker
// (lib/options.js), and hands the native binding the options it takes as
// one object (the `#[napi(object)]`s of src/options.rs). The core checks
// every value and applies every default; the one default decided here is
// the current time, read with Date.now() in the caller's realm, so that
// faked time (jest's or sinon's timers) moves codes.

const native = require('./lib/native')
const { NAMES, options, read, typeError, isUint8Array } = require('./lib/options')
const qr = require('./lib/qr')

/** @typedef {import('./index').Secret} Secret */
/** @typedef {import('./index').TotpOptions} TotpOptions */
/** @typedef {import('./index').TotpVerifyOptions} TotpVerifyOptions */
/** @typedef {import('./index').HotpOptions} HotpOptions */
/** @typedef {import('./index').HotpVerifyOptions} HotpVerifyOptions */

const OPTION = 'ERR_TOTP_INVALID_OPTION'

const TOTP_VERIFY = [...NAMES.totp, ...NAMES.verify]
const HOTP_VERIFY = [...NAMES.hotp, ...NAMES.verify]

/**
 * @param {unknown} secret
 * @param {string} [argument]
 * @returns {Secret}
 */
function secretArgument(secret, argument = 'secret') {
  if (typeof secret === 'string' || isUint8Array(secret)) return /** @type {Secret} */ (secret)
  throw typeError(argument, 'a base32 string or a Uint8Array of the key', secret, 'ERR_TOTP_INVALID_SECRET')
}

/** @param {unknown} token */
function tokenArgument(token) {
  if (typeof token === 'string') return token
  throw typeError('token', 'a string (numbers lose leading zeros: pass the code exactly as typed)', token, 'ERR_TOTP_INVALID_TOKEN')
}

/**
 * @param {unknown} value
 * @param {string} argument
 */
function numberArgument(value, argument) {
  if (typeof value === 'number') return value
  throw typeError(argument, 'a number', value, OPTION)
}

/**
 * @param {unknown} value
 * @param {string} argument
 * @param {string} [code]
 */
function stringArgument(value, argument, code = OPTION) {
  if (typeof value === 'string') return value
  throw typeError(argument, 'a string', value, code)
}

/**
 * TOTP options with the time read now, in this realm.
 * @param {unknown} opts
 * @param {readonly string[]} names
 */
function atTime(opts, names) {
  const options = read(opts, names, OPTION)
  if (options.timestamp === undefined) options.timestamp = Date.now()
  return options
}

/**
 * @param {Secret} secret
 * @param {TotpOptions} [opts]
 */
function generate(secret, opts) {
  return native.totpGenerate(secretArgument(secret), atTime(opts, NAMES.totp))
}

/**
 * @param {string} token
 * @param {Secret} secret
 * @param {TotpVerifyOptions} [opts]
 */
function validate(token, secret, opts) {
  return native.totpValidate(tokenArgument(token), secretArgument(secret), atTime(opts, TOTP_VERIFY))
}

/**
 * @param {string} token
 * @param {Secret} secret
 * @param {TotpVerifyOptions} [opts]
 */
function verify(token, secret, opts) {
  return validate(token, secret, opts) !== null
}

/** @param {Pick<TotpOptions, 'period' | 'timestamp' | 'epoch'>} [opts] */
function timeStep(opts) {
  return native.timeStep(atTime(opts, NAMES.clock))
}

/** @param {Pick<TotpOptions, 'period' | 'timestamp' | 'epoch'>} [opts] */
function remaining(opts) {
  return native.remaining(atTime(opts, NAMES.clock))
}

/**
 * @param {string} token
 * @param {Secret} secret
 * @param {number} counter
 * @param {HotpVerifyOptions} [opts]
 */
function hotpValidate(token, secret, counter, opts) {
  return native.hotpValidate(
    tokenArgument(token),
    secretArgument(secret),
    numberArgument(counter, 'counter'),
    read(opts, HOTP_VERIFY, OPTION),
  )
}

const hotp = {
  /**
   * @param {Secret} secret
   * @param {number} counter
   * @param {HotpOptions} [opts]
   */
  generate(secret, counter, opts) {
    return native.hotpGenerate(secretArgument(secret), numberArgument(counter, 'counter'), read(opts, NAMES.hotp, OPTION))
  },
  validate: hotpValidate,
  /**
   * @param {string} token
   * @param {Secret} secret
   * @param {number} counter
   * @param {HotpVerifyOptions} [opts]
   */
  verify(token, secret, counter, opts) {
    return hotpValidate(token, secret, counter, opts) !== null
  },
}

/** @param {import('./index').GenerateSecretOptions} [opts] */
function generateSecret(opts) {
  return native.generateSecret(read(opts, ['bytes'], OPTION))
}

/**
 * @param {string | Uint8Array} masterKey
 * @param {string} identity
 * @param {import('./index').DeriveSecretOptions} [opts]
 */
function deriveSecret(masterKey, identity, opts) {
  return native.deriveSecret(secretArgument(masterKey, 'masterKey'), stringArgument(identity, 'identity'), read(opts, NAMES.secret, OPTION))
}

const base32 = {
  /**
   * @param {Uint8Array} bytes
   * @param {{ padding?: boolean }} [opts]
   */
  encode(bytes, opts) {
    if (!isUint8Array(bytes)) throw typeError('bytes', 'a Uint8Array (a Buffer is one)', bytes, OPTION)
    return native.base32Encode(bytes, read(opts, ['padding'], OPTION).padding)
  },
  /** @param {string} str */
  decode(str) {
    return native.base32Decode(stringArgument(str, 'str', 'ERR_TOTP_INVALID_BASE32'))
  },
}

/** @param {import('./index').KeyUriOptions} opts */
function keyUri(opts) {
  if (opts === undefined || opts === null) {
    throw typeError('options', 'an object with secret and account', opts, OPTION)
  }
  const given = options(opts, OPTION)
  return native.keyUri(secretArgument(given.secret), stringArgument(given.account, 'option "account"'), read(opts, NAMES.uri, OPTION))
}

/** @param {string} uri */
function parseUri(uri) {
  return native.parseUri(stringArgument(uri, 'uri', 'ERR_TOTP_INVALID_URI'))
}

/**
 * The enrollment route in one call: a new secret (unless one is given), its
 * otpauth:// URI and that URI as a PNG data URL, rendered on the libuv pool.
 * The secret comes back as base32, the form to store and to show for manual
 * entry, whatever form it was given in.
 *
 * @param {import('./index').EnrollOptions} opts
 * @returns {Promise<import('./index').Enrollment>}
 */
async function enroll(opts) {
  if (opts === undefined || opts === null) {
    throw typeError('options', 'an object with account (and issuer)', opts, OPTION)
  }
  const o = options(opts, OPTION)
  const given = o.secret !== undefined && o.secret !== null
  const secret = given ? /** @type {Secret} */ (o.secret) : generateSecret({ bytes: o.bytes })
  const uri = keyUri({
    secret,
    account: /** @type {string} */ (o.account),
    encoding: o.encoding,
    issuer: o.issuer,
    type: o.type,
    algorithm: o.algorithm,
    digits: o.digits,
    period: o.period,
    counter: o.counter,
    image: o.image,
  })
  // keyUri has normalised a given secret (hex, ascii, bytes, lower case) to
  // base32; reading it back from the URI is the one place that does so.
  const stored = given ? parseUri(uri).secret : /** @type {string} */ (secret)
  const qrDataUrl = await qr.toDataURL(uri, options(o.qr, OPTION, 'option "qr"'))
  return { secret: stored, uri, qrDataUrl }
}

/**
 * Every default the core applies, as the documentation states them: the
 * OTP options', secrets' and QR codes'.
 */
const defaults = deepFreeze(native.defaults())

/**
 * @template {object} T
 * @param {T} value
 * @returns {Readonly<T>}
 */
function deepFreeze(value) {
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null) deepFreeze(inner)
  }
  return Object.freeze(value)
}

module.exports = {
  generate,
  verify,
  validate,
  timeStep,
  remaining,
  hotp,
  generateSecret,
  deriveSecret,
  base32,
  keyUri,
  parseUri,
  enroll,
  qr,
  defaults,
}
