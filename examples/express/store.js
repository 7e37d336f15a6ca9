'use strict'

// The example's persistent state, in one SQLite file: enrollments (secret
// encrypted at rest, last accepted time step) and attempt records for
// throttling. Everything is synchronous (better-sqlite3): each call is one
// statement or one transaction, so concurrent requests in this process never
// interleave inside it.

const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const Database = require('better-sqlite3')

const KEY_FILE = 'secrets.key'
const DB_FILE = 'totp.db'
const KEY_BYTES = 32 // AES-256
const IV_BYTES = 12 // the GCM nonce size NIST SP 800-38D recommends
const TAG_BYTES = 16

// Version 1 of the schema. `IF NOT EXISTS` makes opening idempotent; a later
// version would check `PRAGMA user_version` and migrate.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS enrollments (
    email       TEXT PRIMARY KEY,
    secret      BLOB NOT NULL,     -- iv || tag || AES-256-GCM(base32 secret), AAD = email
    last_step   INTEGER,           -- highest time step accepted, NULL until the first success
    enrolled_at INTEGER NOT NULL   -- ms since the epoch
  ) STRICT;
  CREATE TABLE IF NOT EXISTS attempts (
    email TEXT NOT NULL,
    kind  TEXT NOT NULL,           -- 'verify-failure' | 'mail'
    at    INTEGER NOT NULL         -- ms since the epoch
  ) STRICT;
  CREATE INDEX IF NOT EXISTS attempts_by_email ON attempts (email, kind, at);
  PRAGMA user_version = 1;
`

/**
 * The 32-byte key that encrypts secrets: `SECRETS_KEY` (64 hex digits or
 * base64 of 32 bytes) when given, else `DATA_DIR/secrets.key`, created with
 * mode 0600 on first start.
 */
function loadKey(dataDir, secretsKey) {
  if (secretsKey !== undefined && secretsKey !== '') return { key: parseKey(secretsKey, 'SECRETS_KEY') }
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

// The e-mail address is the associated data: a ciphertext copied onto
// another account's row fails to decrypt instead of giving that account
// someone else's secret.
function encrypt(key, email, plaintext) {
  const iv = crypto.randomBytes(IV_BYTES)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(Buffer.from(email, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body])
}

function decrypt(key, email, blob) {
  const iv = blob.subarray(0, IV_BYTES)
  const tag = blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES)
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  decipher.setAAD(Buffer.from(email, 'utf8'))
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
}

/**
 * Opens (creating on first use) the store in `dataDir`.
 * @param {{ dataDir: string, secretsKey?: string }} options
 */
function openStore({ dataDir, secretsKey }) {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const { key, created: keyCreated } = loadKey(dataDir, secretsKey)
  const file = path.join(dataDir, DB_FILE)
  const db = new Database(file)
  // WAL with synchronous=NORMAL: readers never wait for the writer, and a
  // commit costs no fsync; a power cut may lose the last commits but never
  // corrupts the database (the setting SQLite recommends for WAL).
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec(SCHEMA)

  const statements = {
    upsert: db.prepare(`
      INSERT INTO enrollments (email, secret, last_step, enrolled_at) VALUES (?, ?, NULL, ?)
      ON CONFLICT (email) DO UPDATE SET secret = excluded.secret, last_step = NULL, enrolled_at = excluded.enrolled_at`),
    get: db.prepare('SELECT secret, last_step FROM enrollments WHERE email = ?'),
    // Compare-and-set: only a step later than the stored one is accepted, so
    // two requests with one code cannot both succeed.
    markUsed: db.prepare(
      'UPDATE enrollments SET last_step = ? WHERE email = ? AND (last_step IS NULL OR last_step < ?)',
    ),
    addAttempt: db.prepare('INSERT INTO attempts (email, kind, at) VALUES (?, ?, ?)'),
    recentAttempts: db.prepare(
      'SELECT count(*) AS count, min(at) AS oldest FROM attempts WHERE email = ? AND kind = ? AND at > ?',
    ),
    clearAttempts: db.prepare('DELETE FROM attempts WHERE email = ? AND kind = ?'),
    pruneAttempts: db.prepare('DELETE FROM attempts WHERE at <= ?'),
  }

  return {
    file,
    /** The key file written on this open, if one was (so the server can say so). */
    keyCreated,

    /** Stores a new secret for `email`, replacing any earlier enrollment and its last step. */
    saveEnrollment(email, secret, now) {
      statements.upsert.run(email, encrypt(key, email, secret), now)
    },

    /** `{ secret, lastStep }` for an enrolled address, else `undefined`. */
    getEnrollment(email) {
      const row = statements.get.get(email)
      if (row === undefined) return undefined
      return { secret: decrypt(key, email, row.secret), lastStep: row.last_step ?? undefined }
    },

    /** Records `timeStep` as used; false when it is not later than the one stored (a replay). */
    markUsed(email, timeStep) {
      return statements.markUsed.run(timeStep, email, timeStep).changes === 1
    },

    recordAttempt(email, kind, now) {
      statements.addAttempt.run(email, kind, now)
    },

    /** `{ count, oldest }` of the attempts of `kind` after `since` (ms). */
    recentAttempts(email, kind, since) {
      const { count, oldest } = statements.recentAttempts.get(email, kind, since)
      return { count, oldest: oldest ?? undefined }
    },

    clearAttempts(email, kind) {
      statements.clearAttempts.run(email, kind)
    },

    /** Deletes attempt records at or before `before` (ms); they no longer count. */
    pruneAttempts(before) {
      statements.pruneAttempts.run(before)
    },

    close() {
      db.close()
    },
  }
}

module.exports = { openStore, parseKey }
