'use strict'

// The server's one secret key and what is made from it. Both stores use it the
// same way: TOTP secrets sealed with AES-256-GCM, recovery codes hashed with
// HMAC-SHA256, and a check value kept in the database so that a wrong key is
// refused at start instead of failing on the first sign-in.

const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

const KEY_FILE = 'secrets.key'
const KEY_BYTES = 32 // AES-256
const IV_BYTES = 12 // the GCM nonce size NIST SP 800-38D recommends
const TAG_BYTES = 16

/**
 * The 32-byte key: `SECRETS_KEY` (64 hex digits or base64 of 32 bytes) when
 * given, else `dataDir/secrets.key`, created with mode 0600 on first start.
 * @returns {{ key: Buffer, created?: string }}
 */
function loadKey({ secretsKey, dataDir }) {
  if (secretsKey !== undefined && secretsKey !== '') return { key: parseKey(secretsKey, 'SECRETS_KEY') }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const file = path.join(dataDir, KEY_FILE)
  const fresh = crypto.randomBytes(KEY_BYTES)
  try {
    // 'wx': never overwrite a key that exists, even if two processes race here.
    fs.writeFileSync(file, fresh.toString('hex') + '\n', { flag: 'wx', mode: 0o600 })
    return { key: fresh, created: file }
  } catch (error) {
    if (error.code !== 'EEXIST') throw error
  }
  const mode = fs.statSync(file).mode & 0o777
  if (mode & 0o077) {
    throw new Error(`${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`)
  }
  return { key: parseKey(fs.readFileSync(file, 'utf8'), file) }
}

/** A 32-byte key written as 64 hex digits or as base64 (44 characters). */
function parseKey(text, source) {
  const trimmed = text.trim()
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex')
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return Buffer.from(trimmed, 'base64')
  throw new Error(`${source} must be 32 bytes as 64 hex digits or base64 (make one with: openssl rand -hex 32)`)
}

/**
 * Subkeys by HKDF-SHA256 (RFC 5869), one per use, so that no two uses ever
 * share a key.
 * @param {Buffer} key
 */
function makeKeys(key) {
  const derive = (info) => Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), info, 32))
  const sealKey = derive('totp-native example: TOTP secrets')
  const recoveryKey = derive('totp-native example: recovery codes')
  const check = derive('totp-native example: key check').toString('hex')

  return {
    /** Stored at first open; a later open with another key is refused. */
    check,

    // The user id is the associated data: a ciphertext copied onto another
    // account's row fails to open instead of giving that account the secret.
    seal(userId, plaintext) {
      const iv = crypto.randomBytes(IV_BYTES)
      const cipher = crypto.createCipheriv('aes-256-gcm', sealKey, iv, { authTagLength: TAG_BYTES })
      cipher.setAAD(Buffer.from(`user:${userId}`, 'utf8'))
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },

    open(userId, blob) {
      const iv = blob.subarray(0, IV_BYTES)
      const tag = blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES)
      const decipher = crypto.createDecipheriv('aes-256-gcm', sealKey, iv, { authTagLength: TAG_BYTES })
      decipher.setAAD(Buffer.from(`user:${userId}`, 'utf8'))
      decipher.setAuthTag(tag)
      return Buffer.concat([decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
    },

    // Recovery codes carry 50 random bits: too many to guess online, but a
    // plain hash of them could be brute-forced offline from a stolen
    // database. Keyed, the database alone is not enough; and an HMAC, unlike
    // a password hash, lets a code be found by an indexed lookup.
    hashRecoveryCode(userId, code) {
      return crypto.createHmac('sha256', recoveryKey).update(`${userId}:${code}`).digest()
    },
  }
}

/** The refusal both stores give when the key does not match the database's check value. */
function wrongKeyError() {
  return new Error(
    'SECRETS_KEY (or secrets.key) is not the key this database was created with: its secrets cannot be read. ' +
      'Start with the original key.',
  )
}

module.exports = { loadKey, parseKey, makeKeys, wrongKeyError }
