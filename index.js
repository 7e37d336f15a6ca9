'use strict'

// The public API. This file shapes: it checks argument types, applies the
// defaults that belong to JavaScript (the current time comes from Date.now(),
// so jest's fake timers move it), and unpacks options into the flat arguments
// of the native binding. Every value is checked, and every default other than
// the time is applied, by the Rust core.

const native = require('./lib/native')
const args = require('./lib/args')

/** The shared OTP options, type-checked and unpacked. */
function otpOptions(opts) {
  return {
    encoding: args.optionalString(opts, 'encoding'),
    algorithm: args.optionalString(opts, 'algorithm'),
    digits: args.optionalNumber(opts, 'digits'),
    period: args.optionalNumber(opts, 'period'),
    epoch: args.optionalTime(opts, 'epoch'),
    timestamp: opts.timestamp === undefined ? Date.now() : args.time(opts.timestamp, 'timestamp'),
  }
}

// Without options, the native calls get only the arguments they need: each
// argument costs time to convert, even an undefined one.

function generate(secret, opts) {
  args.secret(secret)
  opts = args.options(opts)
  if (opts === undefined) return native.totpGenerate(secret, Date.now())
  const o = otpOptions(opts)
  return native.totpGenerate(secret, o.timestamp, o.encoding, o.algorithm, o.digits, o.period, o.epoch)
}

function validate(token, secret, opts) {
  args.token(token)
  args.secret(secret)
  opts = args.options(opts)
  if (opts === undefined) return native.totpValidate(token, secret, Date.now())
  const o = otpOptions(opts)
  const [past, future] = args.window(opts)
  const after = args.optionalNumber(opts, 'after')
  return native.totpValidate(token, secret, o.timestamp, o.encoding, o.algorithm, o.digits, o.period, o.epoch, past, future, after)
}

function verify(token, secret, opts) {
  return validate(token, secret, opts) !== null
}

function clockArgs(opts) {
  opts = args.options(opts) || {}
  return [
    opts.timestamp === undefined ? Date.now() : args.time(opts.timestamp, 'timestamp'),
    args.optionalNumber(opts, 'period'),
    args.optionalTime(opts, 'epoch'),
  ]
}

function timeStep(opts) {
  return native.timeStep(...clockArgs(opts))
}

function remaining(opts) {
  return native.remaining(...clockArgs(opts))
}

function counterArg(counter) {
  if (typeof counter === 'number') return counter
  throw args.typeError('counter', 'a number', counter, 'ERR_TOTP_INVALID_OPTION')
}

function hotpValidate(token, secret, counter, opts) {
  args.token(token)
  args.secret(secret)
  counterArg(counter)
  opts = args.options(opts) || {}
  const [past, future] = args.window(opts)
  return native.hotpValidate(
    token,
    secret,
    counter,
    args.optionalString(opts, 'encoding'),
    args.optionalString(opts, 'algorithm'),
    args.optionalNumber(opts, 'digits'),
    past,
    future,
    args.optionalNumber(opts, 'after'),
  )
}

const hotp = {
  generate(secret, counter, opts) {
    args.secret(secret)
    counterArg(counter)
    opts = args.options(opts)
    if (opts === undefined) return native.hotpGenerate(secret, counter)
    return native.hotpGenerate(
      secret,
      counter,
      args.optionalString(opts, 'encoding'),
      args.optionalString(opts, 'algorithm'),
      args.optionalNumber(opts, 'digits'),
    )
  },
  validate: hotpValidate,
  verify(token, secret, counter, opts) {
    return hotpValidate(token, secret, counter, opts) !== null
  },
}

function generateSecret(opts) {
  opts = args.options(opts) || {}
  return native.generateSecret(args.optionalNumber(opts, 'bytes'))
}

function deriveSecret(masterKey, identity, opts) {
  args.secret(masterKey, 'masterKey')
  if (typeof identity !== 'string') {
    throw args.typeError('identity', 'a string', identity, 'ERR_TOTP_INVALID_OPTION')
  }
  opts = args.options(opts) || {}
  return native.deriveSecret(masterKey, identity, args.optionalNumber(opts, 'bytes'), args.optionalString(opts, 'info'))
}

const base32 = {
  encode(bytes, opts) {
    if (!args.isUint8Array(bytes)) {
      throw args.typeError('bytes', 'a Buffer or Uint8Array', bytes, 'ERR_TOTP_INVALID_OPTION')
    }
    opts = args.options(opts) || {}
    const padding = opts.padding === undefined ? false : opts.padding
    if (typeof padding !== 'boolean') {
      throw args.typeError('option "padding"', 'a boolean', padding, 'ERR_TOTP_INVALID_OPTION')
    }
    return native.base32Encode(bytes, padding)
  },
  decode(str) {
    if (typeof str !== 'string') throw args.typeError('str', 'a string', str, 'ERR_TOTP_INVALID_BASE32')
    return native.base32Decode(str)
  },
}

function keyUri(opts) {
  if (args.options(opts) === undefined) {
    throw args.typeError('options', 'an object with secret and account', opts, 'ERR_TOTP_INVALID_OPTION')
  }
  args.secret(opts.secret)
  if (typeof opts.account !== 'string') {
    throw args.typeError('option "account"', 'a string', opts.account, 'ERR_TOTP_INVALID_OPTION')
  }
  return native.keyUri(
    opts.secret,
    args.optionalString(opts, 'encoding'),
    opts.account,
    args.optionalString(opts, 'issuer'),
    args.optionalString(opts, 'type'),
    args.optionalString(opts, 'algorithm'),
    args.optionalNumber(opts, 'digits'),
    args.optionalNumber(opts, 'period'),
    args.optionalNumber(opts, 'counter'),
    args.optionalString(opts, 'image'),
  )
}

function parseUri(uri) {
  if (typeof uri !== 'string') throw args.typeError('uri', 'a string', uri, 'ERR_TOTP_INVALID_URI')
  return native.parseUri(uri)
}

/**
 * The enrollment route in one call: a new secret (unless one is given), its
 * otpauth:// URI and that URI as a PNG data URL, rendered on the libuv pool.
 * The secret comes back as base32, the form to store and to show for manual
 * entry, whatever form it was given in.
 */
async function enroll(opts) {
  if (args.options(opts) === undefined) {
    throw args.typeError('options', 'an object with account (and issuer)', opts, 'ERR_TOTP_INVALID_OPTION')
  }
  const given = opts.secret !== undefined
  const uriOptions = { ...opts, secret: given ? opts.secret : generateSecret({ bytes: opts.bytes }) }
  delete uriOptions.bytes
  delete uriOptions.qr
  const uri = keyUri(uriOptions)
  // keyUri has normalised a given secret (hex, ascii, bytes, lower case) to
  // base32; reading it back from the URI is the one place that does so.
  const secret = given ? parseUri(uri).secret : uriOptions.secret
  const qrDataUrl = await qr.toDataURL(uri, args.options(opts.qr, 'option "qr"'))
  return { secret, uri, qrDataUrl }
}

const qr = require('./lib/qr')

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
}
