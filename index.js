'use strict'

// The public API. This file only shapes it: it reads each options object
// once, through the one options checker (lib/options.js), and passes the
// values to the native binding as flat arguments, leaving out what the
// caller left out. The binding checks every type and the core every value
// and applies every default; the one default decided here is the current
// time, which comes from Date.now() whenever that is not the engine's own
// (fake timers), so that faked time moves codes.

const native = require('./lib/native')
const { options, timestamp, clockIsSystem, window, typeError } = require('./lib/options')
const qr = require('./lib/qr')

/** @typedef {import('./index').Secret} Secret */
/** @typedef {import('./index').TotpOptions} TotpOptions */
/** @typedef {import('./index').TotpVerifyOptions} TotpVerifyOptions */
/** @typedef {import('./index').HotpOptions} HotpOptions */
/** @typedef {import('./index').HotpVerifyOptions} HotpVerifyOptions */

const OPTION = 'ERR_TOTP_INVALID_OPTION'

/**
 * @param {Secret} secret
 * @param {TotpOptions} [opts]
 */
function generate(secret, opts) {
  // Without options, the native call gets only the arguments it needs: each
  // argument costs time to convert, even an undefined one.
  if (opts === undefined) return clockIsSystem() ? native.totpGenerate(secret) : native.totpGenerate(secret, Date.now())
  const o = options(opts, OPTION)
  return native.totpGenerate(secret, timestamp(o.timestamp), o.encoding, o.algorithm, o.digits, o.period, o.epoch)
}

/**
 * @param {string} token
 * @param {Secret} secret
 * @param {TotpVerifyOptions} [opts]
 */
function validate(token, secret, opts) {
  if (opts === undefined) {
    return clockIsSystem() ? native.totpValidate(token, secret) : native.totpValidate(token, secret, Date.now())
  }
  const o = options(opts, OPTION)
  const [past, future] = window(o.window)
  return native.totpValidate(
    token,
    secret,
    timestamp(o.timestamp),
    o.encoding,
    o.algorithm,
    o.digits,
    o.period,
    o.epoch,
    past,
    future,
    o.after,
  )
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
  const o = options(opts, OPTION)
  return native.timeStep(timestamp(o.timestamp), o.period, o.epoch)
}

/** @param {Pick<TotpOptions, 'period' | 'timestamp' | 'epoch'>} [opts] */
function remaining(opts) {
  const o = options(opts, OPTION)
  return native.remaining(timestamp(o.timestamp), o.period, o.epoch)
}

/**
 * @param {string} token
 * @param {Secret} secret
 * @param {number} counter
 * @param {HotpVerifyOptions} [opts]
 */
function hotpValidate(token, secret, counter, opts) {
  const o = options(opts, OPTION)
  const [past, future] = window(o.window)
  return native.hotpValidate(token, secret, counter, o.encoding, o.algorithm, o.digits, past, future, o.after)
}

const hotp = {
  /**
   * @param {Secret} secret
   * @param {number} counter
   * @param {HotpOptions} [opts]
   */
  generate(secret, counter, opts) {
    if (opts === undefined) return native.hotpGenerate(secret, counter)
    const o = options(opts, OPTION)
    return native.hotpGenerate(secret, counter, o.encoding, o.algorithm, o.digits)
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
  return native.generateSecret(options(opts, OPTION).bytes)
}

/**
 * @param {string | Uint8Array} masterKey
 * @param {string} identity
 * @param {import('./index').DeriveSecretOptions} [opts]
 */
function deriveSecret(masterKey, identity, opts) {
  const o = options(opts, OPTION)
  return native.deriveSecret(masterKey, identity, o.bytes, o.info)
}

const base32 = {
  /**
   * @param {Uint8Array} bytes
   * @param {{ padding?: boolean }} [opts]
   */
  encode(bytes, opts) {
    return native.base32Encode(bytes, options(opts, OPTION).padding)
  },
  /** @param {string} str */
  decode(str) {
    return native.base32Decode(str)
  },
}

/** @param {import('./index').KeyUriOptions} opts */
function keyUri(opts) {
  if (opts === undefined || opts === null) {
    throw typeError('options', 'an object with secret and account', opts, OPTION)
  }
  const o = options(opts, OPTION)
  return native.keyUri(
    /** @type {Secret} */ (o.secret),
    /** @type {string} */ (o.account),
    o.encoding,
    o.issuer,
    o.type,
    o.algorithm,
    o.digits,
    o.period,
    o.counter,
    o.image,
  )
}

/** @param {string} uri */
function parseUri(uri) {
  return native.parseUri(uri)
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
