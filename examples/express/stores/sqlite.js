'use strict'

// The embedded store: one SQLite file through better-sqlite3. Every call is
// one statement or one transaction, run synchronously, so requests in this
// process never interleave inside one; the methods are async only to share
// the interface of the PostgreSQL store (see index.js for that interface).

const fs = require('node:fs')
const path = require('node:path')
const Database = require('better-sqlite3')
const { loadKey, makeKeys, wrongKeyError } = require('./keys')
const { migrations } = require('./migrations')

const DB_FILE = 'totp.db'

/** Thrown inside a transaction to roll it back: the recovery code was not there to spend. */
class RecoveryCodeUsed extends Error {}

function migrate(db) {
  // IMMEDIATE takes the write lock first: two processes opening one file
  // cannot both apply the same migration.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true })
    for (const { version, sql } of migrations('sqlite')) {
      if (version <= current) continue
      db.exec(sql)
      db.pragma(`user_version = ${version}`)
    }
  }).immediate()
}

/**
 * The database and the -wal and -shm files SQLite puts beside it are readable
 * by this user only, whatever the folder's mode and the umask. SQLite makes a
 * new database 0644 and gives -wal and -shm the database file's own mode, so
 * the database file is made (or, from an older version, changed to) 0600
 * before SQLite opens it; -wal and -shm left by an older version are changed too.
 */
function restrictFiles(file) {
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(name, 0o600)
    } catch (error) {
      if (error.code !== 'ENOENT') throw error
    }
  }
  fs.closeSync(fs.openSync(file, 'a', 0o600))
}

/**
 * Opens (creating or migrating on first use) `dataDir/totp.db`.
 * @param {{ dataDir: string, secretsKey?: string }} options
 * @returns {import('./index').Store}
 */
function openSqliteStore({ dataDir, secretsKey }) {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const { key, created: keyCreated } = loadKey({ secretsKey, dataDir })
  const keys = makeKeys(key)
  const file = path.join(dataDir, DB_FILE)
  restrictFiles(file)
  const db = new Database(file)
  try {
    // WAL with synchronous=NORMAL: readers never wait for the writer, and a
    // commit costs no fsync; a power cut may lose the last commits but never
    // corrupts the database (the setting SQLite recommends for WAL).
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db)
    db.prepare("INSERT INTO settings (name, value) VALUES ('key_check', ?) ON CONFLICT (name) DO NOTHING").run(keys.check)
    if (db.prepare("SELECT value FROM settings WHERE name = 'key_check'").pluck().get() !== keys.check) {
      throw wrongKeyError()
    }
  } catch (error) {
    db.close()
    throw error
  }

  const sql = (text) => db.prepare(text)
  const q = {
    createUser: sql(
      'INSERT INTO users (email, password_hash, password_normalized, created_at) VALUES (?, ?, 1, ?) ON CONFLICT (email) DO NOTHING RETURNING id',
    ).pluck(),
    userByEmail: sql(
      'SELECT id, password_hash, password_normalized, totp_secret IS NOT NULL AS totp, email_codes FROM users WHERE email = ?',
    ),
    account: sql(`
      SELECT email, totp_secret IS NOT NULL AS enabled, totp_enabled_at, totp_pending IS NOT NULL AS pending, email_codes,
             (SELECT count(*) FROM recovery_codes r WHERE r.user_id = users.id AND r.used_at IS NULL) AS codes_left
      FROM users WHERE id = ?`),
    setPasswordHash: sql('UPDATE users SET password_hash = ?, password_normalized = 1 WHERE id = ?'),
    setEmailCodes: sql('UPDATE users SET email_codes = ? WHERE id = ?'),
    totp: sql('SELECT totp_secret, totp_last_step FROM users WHERE id = ? AND totp_secret IS NOT NULL'),
    // Compare-and-set: only a step later than the stored one is accepted, so
    // two requests with one code cannot both succeed.
    markStepUsed: sql(
      'UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_secret IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < ?)',
    ),
    setPending: sql('UPDATE users SET totp_pending = ?, totp_pending_at = ? WHERE id = ?'),
    pending: sql('SELECT totp_pending FROM users WHERE id = ? AND totp_pending IS NOT NULL').pluck(),
    // Only the pending secret the caller checked: one replaced meanwhile is not activated.
    activate: sql(`
      UPDATE users SET totp_secret = totp_pending, totp_last_step = ?, totp_enabled_at = ?,
                       totp_pending = NULL, totp_pending_at = NULL
      WHERE id = ? AND totp_pending = ?`),
    disable: sql(`
      UPDATE users SET totp_secret = NULL, totp_last_step = NULL, totp_enabled_at = NULL,
                       totp_pending = NULL, totp_pending_at = NULL
      WHERE id = ?`),
    deleteCodes: sql('DELETE FROM recovery_codes WHERE user_id = ?'),
    addCode: sql('INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)'),
    useCode: sql('UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL'),
    createSession: sql('INSERT INTO sessions (id_hash, user_id, stage, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
    session: sql('SELECT user_id, stage, created_at, expires_at, mailed_step FROM sessions WHERE id_hash = ? AND expires_at > ?'),
    setMailedStep: sql("UPDATE sessions SET mailed_step = ? WHERE id_hash = ? AND stage = 'password'"),
    extendSession: sql('UPDATE sessions SET expires_at = ? WHERE id_hash = ?'),
    deleteSession: sql('DELETE FROM sessions WHERE id_hash = ?'),
    deleteSessionAt: sql('DELETE FROM sessions WHERE id_hash = ? AND stage = ? AND expires_at > ?'),
    deleteOtherSessions: sql('DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?'),
    // One window per key: a new one starts when the last has run out. The
    // upsert is one statement, so concurrent attempts are counted one by one.
    takeThrottle: sql(`
      INSERT INTO throttles (key, window_start, count) VALUES (?, ?, 1)
      ON CONFLICT (key) DO UPDATE SET
        count        = CASE WHEN throttles.window_start <= ? THEN 1 ELSE throttles.count + 1 END,
        window_start = CASE WHEN throttles.window_start <= ? THEN excluded.window_start ELSE throttles.window_start END
      RETURNING count, window_start`),
    refundThrottle: sql('UPDATE throttles SET count = count - 1 WHERE key = ? AND window_start = ? AND count > 0'),
    clearThrottle: sql('DELETE FROM throttles WHERE key = ?'),
    pruneSessions: sql('DELETE FROM sessions WHERE expires_at <= ?'),
    pruneThrottles: sql('DELETE FROM throttles WHERE window_start <= ?'),
  }

  const replaceCodes = (userId, codes) => {
    q.deleteCodes.run(userId)
    for (const code of codes) q.addCode.run(userId, keys.hashRecoveryCode(userId, code))
  }
  const activate = db.transaction((userId, sealed, step, codes, now) => {
    if (q.activate.run(step, now, userId, sealed).changes !== 1) return false
    replaceCodes(userId, codes)
    return true
  })
  const disable = db.transaction((userId) => {
    q.disable.run(userId)
    q.deleteCodes.run(userId)
  })
  const replaceRecoveryCodes = db.transaction(replaceCodes)
  const replaceSession = db.transaction((oldHash, oldStage, session, now) => {
    if (q.deleteSessionAt.run(oldHash, oldStage, now).changes !== 1) return false
    q.createSession.run(session.idHash, session.userId, session.stage, session.createdAt, session.expiresAt)
    return true
  })
  // A throw rolls the transaction back: a code is spent only with the swap.
  const replaceSessionWithRecoveryCode = db.transaction((oldHash, session, code, now) => {
    if (q.deleteSessionAt.run(oldHash, 'password', now).changes !== 1) return 'gone'
    if (q.useCode.run(now, session.userId, keys.hashRecoveryCode(session.userId, code)).changes !== 1) {
      throw new RecoveryCodeUsed()
    }
    q.createSession.run(session.idHash, session.userId, session.stage, session.createdAt, session.expiresAt)
    return 'ok'
  })

  return {
    kind: 'sqlite',
    describe: `SQLite ${file}`,
    file,
    keyCreated,

    async createUser(email, passwordHash, now) {
      return q.createUser.get(email, passwordHash, now)
    },
    async findUserByEmail(email) {
      const row = q.userByEmail.get(email)
      return (
        row && {
          id: row.id,
          passwordHash: row.password_hash,
          passwordNormalized: row.password_normalized === 1,
          totpEnabled: row.totp === 1,
          emailCodes: row.email_codes === 1,
        }
      )
    },
    async getAccount(userId) {
      const row = q.account.get(userId)
      return (
        row && {
          email: row.email,
          totpEnabled: row.enabled === 1,
          totpEnabledAt: row.totp_enabled_at ?? undefined,
          totpPending: row.pending === 1,
          emailCodes: row.email_codes === 1,
          recoveryCodesLeft: row.codes_left,
        }
      )
    },
    async setPasswordHash(userId, passwordHash) {
      q.setPasswordHash.run(passwordHash, userId)
    },
    async setEmailCodes(userId, enabled) {
      q.setEmailCodes.run(enabled ? 1 : 0, userId)
    },

    async getTotp(userId) {
      const row = q.totp.get(userId)
      return row && { secret: keys.open(userId, row.totp_secret), lastStep: row.totp_last_step ?? undefined }
    },
    async markStepUsed(userId, step) {
      return q.markStepUsed.run(step, userId, step).changes === 1
    },
    async setPendingTotp(userId, secret, now) {
      q.setPending.run(keys.seal(userId, secret), now, userId)
    },
    async getPendingTotp(userId) {
      const sealed = q.pending.get(userId)
      return sealed && { secret: keys.open(userId, sealed), sealed }
    },
    async activateTotp(userId, sealed, step, recoveryCodes, now) {
      return activate(userId, sealed, step, recoveryCodes, now)
    },
    async disableTotp(userId) {
      disable(userId)
    },
    async replaceRecoveryCodes(userId, codes) {
      replaceRecoveryCodes(userId, codes)
    },
    async useRecoveryCode(userId, code, now) {
      return q.useCode.run(now, userId, keys.hashRecoveryCode(userId, code)).changes === 1
    },

    async createSession({ idHash, userId, stage, createdAt, expiresAt }) {
      q.createSession.run(idHash, userId, stage, createdAt, expiresAt)
    },
    async getSession(idHash, now) {
      const row = q.session.get(idHash, now)
      return (
        row && {
          userId: row.user_id,
          stage: row.stage,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
          mailedStep: row.mailed_step ?? undefined,
        }
      )
    },
    async replaceSession(oldHash, oldStage, session, now) {
      return replaceSession(oldHash, oldStage, session, now)
    },
    async replaceSessionWithRecoveryCode(oldHash, session, code, now) {
      try {
        return replaceSessionWithRecoveryCode(oldHash, session, code, now)
      } catch (error) {
        if (error instanceof RecoveryCodeUsed) return 'used'
        throw error
      }
    },
    async setMailedStep(idHash, step) {
      q.setMailedStep.run(step, idHash)
    },
    async extendSession(idHash, expiresAt) {
      q.extendSession.run(expiresAt, idHash)
    },
    async deleteSession(idHash) {
      q.deleteSession.run(idHash)
    },
    async deleteOtherSessions(userId, keepHash) {
      q.deleteOtherSessions.run(userId, keepHash)
    },

    async takeThrottle(key, windowMs, now) {
      const row = q.takeThrottle.get(key, now, now - windowMs, now - windowMs)
      return { count: row.count, windowStart: row.window_start }
    },
    async refundThrottle(key, windowStart) {
      q.refundThrottle.run(key, windowStart)
    },
    async clearThrottle(key) {
      q.clearThrottle.run(key)
    },

    async prune({ now, throttlesBefore }) {
      q.pruneSessions.run(now)
      q.pruneThrottles.run(throttlesBefore)
    },
    async close() {
      db.close()
    },
  }
}

module.exports = { openSqliteStore, DB_FILE }
