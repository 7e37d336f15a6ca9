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

/**
 * Passwords are hashed and checked in Unicode normalization form NFKC (NIST
 * SP 800-63B §5.1.1.2, and SP 800-63B-4 §3.1.1.2: NFKC or NFKD). A password
 * is typed again on other keyboards and systems: NFKC makes the ones that
 * write "é" as one code point and the ones that write "e" and a combining
 * accent agree (as NFC would), and also full-width and half-width forms,
 * ligatures such as "ﬁ" and the no-break space, which look the same to the
 * person typing. It merges only variants of one character, so a password of
 * 15 or more characters keeps its strength.
 * @param {string} password well-formed (no lone surrogates)
 */
function normalizePassword(password) {
  return password.normalize('NFKC')
}

/**
 * Code points Unicode has not assigned yet: a later Unicode version may give
 * them a decomposition, and then the same password would normalize to
 * something else. UAX #15 §12.1 (stabilized strings, which NIST names) refuses them.
 */
const UNASSIGNED = /\p{Cn}/u

/** @param {string} normalized */
function hashPassword(normalized) {
  return pool.hash(normalized, OPTIONS)
}

async function verify(hash, password) {
  try {
    return await pool.verify(hash, password)
  } catch (error) {
    if (isBusy(error)) throw error
    return false // a malformed stored hash matches nothing
  }
}

/** True for the error of a hash refused because too many wait already (hashing-pool.js). */
function isBusy(error) {
  return error instanceof Error && /** @type {any} */ (error).code === pool.BUSY
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
  // A decoy refused while the queue was full is made again next time.
  decoy ??= hashPassword(crypto.randomBytes(24).toString('base64')).catch((error) => {
    decoy = undefined
    throw error
  })
  return decoy
}

/**
 * Checks a typed password against an account's hash, or against the decoy
 * when there is no account. `rehash`: the hash should be made again, from the
 * normalized password, with today's parameters.
 * @param {{ passwordHash: string, passwordNormalized: boolean } | undefined} user
 * @param {string} typed as received (well-formed)
 * @returns {Promise<{ ok: boolean, rehash: boolean }>}
 */
async function checkPassword(user, typed) {
  const normalized = normalizePassword(typed)
  let ok = await verify(user ? user.passwordHash : await decoyHash(), normalized)
  if (normalized !== typed) {
    // Hashes made before passwords were normalized are of what was typed
    // then. This second check runs whenever the two forms differ, against
    // the decoy when not against such a hash, so its cost does not tell
    // which accounts exist or still have one.
    const legacy = user !== undefined && !user.passwordNormalized
    ok = (await verify(legacy ? user.passwordHash : await decoyHash(), typed)) || ok
  }
  ok = ok && user !== undefined
  return { ok, rehash: ok && (!user.passwordNormalized || needsRehash(user.passwordHash)) }
}

module.exports = {
  normalizePassword,
  hashPassword,
  checkPassword,
  needsRehash,
  isBusy,
  decoyHash,
  UNASSIGNED,
  OPTIONS,
  MIN_PASSWORD_LENGTH,
  MAX_PASSWORD_LENGTH,
}
