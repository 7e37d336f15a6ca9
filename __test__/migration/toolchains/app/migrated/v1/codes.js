'use strict'

// Another backend's codes, in plain JavaScript, on totp-generator 1.0: a
// synchronous TOTP.generate.
const { TOTP } = require('totp-native/compat/totp-generator-1')

function currentCode(secret, now = Date.now()) {
  const { otp, expires } = TOTP.generate(secret, { timestamp: now })
  return { code: otp, secondsLeft: Math.round((expires - now) / 1000) }
}

function verify(secret, code, now = Date.now()) {
  return [-1, 0, 1].some((drift) => TOTP.generate(secret, { timestamp: now + drift * 30000 }).otp === code)
}

module.exports = { currentCode, verify }
