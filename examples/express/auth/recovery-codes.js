'use strict'

// Recovery codes: ten at a time, shown once, each usable once. Ten characters
// of the base32 alphabet (50 random bits), written as two groups of five;
// typed back in any case, with or without the dash and spaces.

const crypto = require('node:crypto')

const COUNT = 10
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'

/** @returns {string[]} `COUNT` fresh codes, e.g. `k3vqa-7xmpe` */
function makeRecoveryCodes() {
  return Array.from({ length: COUNT }, () => {
    const bytes = crypto.randomBytes(10)
    // 32 divides 256: each byte's low five bits are uniform.
    const chars = [...bytes].map((byte) => ALPHABET[byte & 31]).join('')
    return `${chars.slice(0, 5)}-${chars.slice(5)}`
  })
}

/** The stored form of a code as typed, or undefined when it cannot be one. */
function normalizeRecoveryCode(text) {
  const compact = text.toLowerCase().replace(/[\s-]/g, '')
  if (!/^[a-z2-7]{10}$/.test(compact)) return undefined
  return `${compact.slice(0, 5)}-${compact.slice(5)}`
}

module.exports = { makeRecoveryCodes, normalizeRecoveryCode, RECOVERY_CODE_COUNT: COUNT }
