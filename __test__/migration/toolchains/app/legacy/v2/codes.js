'use strict'

// A third backend's codes, in plain JavaScript, on totp-generator 2.x: an
// asynchronous TOTP.generate.
const { TOTP } = require('totp-generator')

async function currentCode(secret, now = Date.now()) {
  const { otp, expires } = await TOTP.generate(secret, { timestamp: now })
  return { code: otp, secondsLeft: Math.round((expires - now) / 1000) }
}

async function accountCode({ secret, ascii, algorithm, digits }) {
  const { otp } = await TOTP.generate(secret, { encoding: ascii ? 'ascii' : 'hex', algorithm, digits, explicitZeroPad: true, timestamp: 1465324707000 })
  return otp
}

module.exports = { currentCode, accountCode }
