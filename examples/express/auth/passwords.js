'use strict'

// The first factor: passwords hashed with argon2id (@node-rs/argon2), on
// threads of their own, off the event loop (hashing-pool.js).
//
// Parameters: OWASP's Password Storage Cheat Sheet's first recommendation for
// argon2id, m = 19 MiB, t = 2, p = 1 (RFC 9106's second recommended option,
// m = 64 MiB, t = 3, costs ~5× more memory and time per sign-in). The hash
// is what limits sign-in (README, "Scaling"), and a password guessed offline
// costs an attacker the same.
// Hashes made with other parameters still verify, and are rehashed with these
// at the next successful sign-in.

const crypto = require('node:crypto')
const pool = require('./hashing-pool')

const ARGON2ID = 2 // argon2.Algorithm.Argon2id: a const enum, absent at run time
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 }
const CURRENT_PREFIX = `$argon2id$v=19$m=${OPTIONS.memoryCost},t=${OPTIONS.timeCost},p=${OPTIONS.parallelism}$`

// NIST SP 800-63B-4 §3.1.1.2: at least 15 characters for a password that may
// be the only factor (2FA is optional here), no composition rules, and at
// least 64 allowed. The upper bound keeps one request's hashing work bounded.
const MIN_PASSWORD_LENGTH = 15
const MAX_PASSWORD_LENGTH = 128

/** @param {string} password */
function hashPassword(password) {
  return pool.hash(password, OPTIONS)
}

/** @param {string} hash @param {string} password */
async function verifyPassword(hash, password) {
  try {
    return await pool.verify(hash, password)
  } catch {
    return false // a malformed stored hash matches nothing
  }
}

/** True for a hash made with other parameters than today's. */
function needsRehash(hash) {
  return !hash.startsWith(CURRENT_PREFIX)
}

let decoy
/**
 * A hash of a random password, made once: unknown addresses are checked
 * against it, so they cost the same time as known ones and get the same answer.
 */
function decoyHash() {
  decoy ??= hashPassword(crypto.randomBytes(24).toString('base64'))
  return decoy
}

module.exports = { hashPassword, verifyPassword, needsRehash, decoyHash, OPTIONS, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH }
