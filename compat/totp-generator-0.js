'use strict'

// A drop-in for `totp-generator` 0.0.x (as 0.0.14, the last of them, has
// it): the module is a synchronous function `totp(key, options) → string`.
// Its quirks are kept: defaults by `||` (0, NaN, '' and undefined all mean
// the default, a missing timestamp means now), the defaults written back
// into the caller's options object, no zero padding, and jsSHA's errors.

const common = require('./totp-generator-common')

/**
 * A TOTP code as `totp-generator` 0.0.x gives it.
 * @param {string} key base32
 * @param {{ period?: number, algorithm?: string, digits?: number, timestamp?: number }} [options]
 *   written back with the values used: `period` (default 30), `algorithm` ('SHA-1'), `digits` (6), `timestamp` (now)
 * @returns {string} the last `digits` digits of the code, without zero padding
 */
function totp(key, options) {
  // The same reads and writes as 0.0.x, in its order: a frozen or primitive
  // options value fails as it does there, and the caller's object keeps the
  // values (so an options object used twice keeps its first timestamp).
  options = options || {}
  options.period = options.period || 30
  options.algorithm = options.algorithm || 'SHA-1'
  options.digits = options.digits || 6
  options.timestamp = options.timestamp || Date.now()
  const keyData = common.perCharacterBase32(key)
  const step = Math.floor(Math.floor(options.timestamp / 1000) / options.period)
  const variant = common.jsshaVariant(options.algorithm)
  common.refuseWithoutHmac(variant)
  const { value, refusal } = common.signOrDefer(() =>
    common.truncatedHmac(keyData, common.jsshaCounter(step), common.coreAlgorithm(variant)),
  )
  // substr: a fractional digits value cuts from a truncated start.
  const otp = value.substr(Math.max(value.length - options.digits, 0), options.digits)
  if (refusal) throw refusal
  return otp
}

// `require('…').default` and default imports compiled without interop helpers
// find the same function.
module.exports = Object.assign(totp, { default: totp })
