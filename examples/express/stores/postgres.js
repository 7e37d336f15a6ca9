'use strict'

// The shared store: PostgreSQL through `pg`, for any number of app instances
// on one database. Everything an instance must agree on with the others is
// here, and every decision two instances could race on is one statement (a
// conditional UPDATE or an upsert, which PostgreSQL serialises on the row) or
// one transaction: the last accepted time step, throttle counts, the
// activation of a pending secret, the one-time use of a recovery code and of
// a half-signed session.

const pg = require('pg')
const { loadKey, makeKeys, wrongKeyError } = require('./keys')
const { migrations } = require('./migrations')

// Any constant will do: it only has to be the same in every instance.
const MIGRATION_LOCK = 7_261_500_015

// bigint columns hold times in ms and time steps: well inside 2^53, so numbers.
const INT8_OID = 20
const types = {
  getTypeParser: (oid, format) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)),
}

/** Returned by a transaction's work to roll it back and answer `value`. */
class Rollback {
  constructor(value) {
    this.value = value
  }
}

async function transaction(pool, work) {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const result = await work(client)
    if (result instanceof Rollback) {
      await client.query('ROLLBACK')
      return result.value
    }
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}

async function migrate(pool) {
  await transaction(pool, async (client) => {
    // Instances starting together queue here; the first applies, the rest find it done.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)')
    const { rows } = await client.query('SELECT max(version) AS version FROM schema_version')
    const current = rows[0].version ?? 0
    for (const { version, sql } of migrations('postgres')) {
      if (version <= current) continue
      await client.query(sql)
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [version])
    }
  })
}

/**
 * Connects to `databaseUrl` and migrates the schema.
 * @param {{ databaseUrl: string, dataDir: string, secretsKey?: string, poolSize?: number }} options
 * @returns {Promise<import('./index').Store>}
 */
async function openPostgresStore({ databaseUrl, dataDir, secretsKey, poolSize = 10 }) {
  const { key, created: keyCreated } = loadKey({ secretsKey, dataDir })
  const keys = makeKeys(key)
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types })
  // An idle client losing its connection (the server restarting) must not
  // crash the process: the pool drops it and the next query reconnects.
  pool.on('error', () => {})
  try {
    await migrate(pool)
    await pool.query("INSERT INTO settings (name, value) VALUES ('key_check', $1) ON CONFLICT (name) DO NOTHING", [
      keys.check,
    ])
    const { rows } = await pool.query("SELECT value FROM settings WHERE name = 'key_check'")
    if (rows[0].value !== keys.check) throw wrongKeyError()
  } catch (error) {
    await pool.end()
    throw error
  }

  const one = async (text, values) => (await pool.query(text, values)).rows[0]
  const changed = async (text, values) => (await pool.query(text, values)).rowCount === 1

  async function replaceCodes(client, userId, codes) {
    await client.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId])
    await client.query('INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])', [
      userId,
      codes.map((code) => keys.hashRecoveryCode(userId, code)),
    ])
  }

  const { hostname, port, pathname } = new URL(databaseUrl)
  return {
    kind: 'postgres',
    // The URL may carry a password: only where it points is shown.
    describe: `PostgreSQL ${hostname ? `${hostname}:${port || 5432}` : '(socket)'}${pathname}`,
    keyCreated,
    pool,

    async createUser(email, passwordHash, now) {
      const row = await one(
        `INSERT INTO users (email, password_hash, password_normalized, created_at) VALUES ($1, $2, true, $3)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [email, passwordHash, now],
      )
      return row && row.id
    },
    async findUserByEmail(email) {
      const row = await one(
        `SELECT id, password_hash, password_normalized, totp_secret IS NOT NULL AS totp, email_codes
         FROM users WHERE email = $1`,
        [email],
      )
      return (
        row && {
          id: row.id,
          passwordHash: row.password_hash,
          passwordNormalized: row.password_normalized,
          totpEnabled: row.totp,
          emailCodes: row.email_codes,
        }
      )
    },
    async getAccount(userId) {
      const row = await one(
        `SELECT email, totp_secret IS NOT NULL AS enabled, totp_enabled_at, totp_pending IS NOT NULL AS pending, email_codes,
                (SELECT count(*) FROM recovery_codes r WHERE r.user_id = users.id AND r.used_at IS NULL) AS codes_left
         FROM users WHERE id = $1`,
        [userId],
      )
      return (
        row && {
          email: row.email,
          totpEnabled: row.enabled,
          totpEnabledAt: row.totp_enabled_at ?? undefined,
          totpPending: row.pending,
          emailCodes: row.email_codes,
          recoveryCodesLeft: row.codes_left,
        }
      )
    },
    async setPasswordHash(userId, passwordHash) {
      await pool.query('UPDATE users SET password_hash = $1, password_normalized = true WHERE id = $2', [
        passwordHash,
        userId,
      ])
    },
    async setEmailCodes(userId, enabled) {
      await pool.query('UPDATE users SET email_codes = $1 WHERE id = $2', [enabled, userId])
    },

    async getTotp(userId) {
      const row = await one(
        'SELECT totp_secret, totp_last_step FROM users WHERE id = $1 AND totp_secret IS NOT NULL',
        [userId],
      )
      return row && { secret: keys.open(userId, row.totp_secret), lastStep: row.totp_last_step ?? undefined }
    },
    // Compare-and-set: a concurrent UPDATE of the row waits for this one and
    // then re-reads the condition, so one step is accepted once, whichever
    // instance asks.
    async markStepUsed(userId, step) {
      return changed(
        `UPDATE users SET totp_last_step = $1
         WHERE id = $2 AND totp_secret IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $1)`,
        [step, userId],
      )
    },
    async setPendingTotp(userId, secret, now) {
      await pool.query('UPDATE users SET totp_pending = $1, totp_pending_at = $2 WHERE id = $3', [
        keys.seal(userId, secret),
        now,
        userId,
      ])
    },
    async getPendingTotp(userId) {
      const row = await one('SELECT totp_pending FROM users WHERE id = $1 AND totp_pending IS NOT NULL', [userId])
      return row && { secret: keys.open(userId, row.totp_pending), sealed: row.totp_pending }
    },
    async activateTotp(userId, sealed, step, recoveryCodes, now) {
      return transaction(pool, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE users SET totp_secret = totp_pending, totp_last_step = $1, totp_enabled_at = $2,
                            totp_pending = NULL, totp_pending_at = NULL
           WHERE id = $3 AND totp_pending = $4`,
          [step, now, userId, sealed],
        )
        if (rowCount !== 1) return false
        await replaceCodes(client, userId, recoveryCodes)
        return true
      })
    },
    async disableTotp(userId) {
      await transaction(pool, async (client) => {
        await client.query(
          `UPDATE users SET totp_secret = NULL, totp_last_step = NULL, totp_enabled_at = NULL,
                            totp_pending = NULL, totp_pending_at = NULL
           WHERE id = $1`,
          [userId],
        )
        await client.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId])
      })
    },
    async replaceRecoveryCodes(userId, codes) {
      await transaction(pool, (client) => replaceCodes(client, userId, codes))
    },
    async useRecoveryCode(userId, code, now) {
      return changed(
        'UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL',
        [now, userId, keys.hashRecoveryCode(userId, code)],
      )
    },

    async createSession({ idHash, userId, stage, createdAt, expiresAt }) {
      await pool.query(
        'INSERT INTO sessions (id_hash, user_id, stage, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [idHash, userId, stage, createdAt, expiresAt],
      )
    },
    async getSession(idHash, now) {
      const row = await one(
        'SELECT user_id, stage, created_at, expires_at, mailed_step FROM sessions WHERE id_hash = $1 AND expires_at > $2',
        [idHash, now],
      )
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
      return transaction(pool, async (client) => {
        const { rowCount } = await client.query(
          'DELETE FROM sessions WHERE id_hash = $1 AND stage = $2 AND expires_at > $3',
          [oldHash, oldStage, now],
        )
        if (rowCount !== 1) return false
        await client.query(
          'INSERT INTO sessions (id_hash, user_id, stage, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
          [session.idHash, session.userId, session.stage, session.createdAt, session.expiresAt],
        )
        return true
      })
    },
    // The session's row is deleted first: a concurrent swap of it, with this
    // code or another, waits on that row, then finds it gone and spends
    // nothing. The code is spent only if the swap commits.
    async replaceSessionWithRecoveryCode(oldHash, session, code, now) {
      return transaction(pool, async (client) => {
        const deleted = await client.query(
          "DELETE FROM sessions WHERE id_hash = $1 AND stage = 'password' AND expires_at > $2",
          [oldHash, now],
        )
        if (deleted.rowCount !== 1) return new Rollback('gone')
        const used = await client.query(
          'UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL',
          [now, session.userId, keys.hashRecoveryCode(session.userId, code)],
        )
        if (used.rowCount !== 1) return new Rollback('used')
        await client.query(
          'INSERT INTO sessions (id_hash, user_id, stage, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
          [session.idHash, session.userId, session.stage, session.createdAt, session.expiresAt],
        )
        return 'ok'
      })
    },
    async setMailedStep(idHash, step) {
      await pool.query("UPDATE sessions SET mailed_step = $1 WHERE id_hash = $2 AND stage = 'password'", [step, idHash])
    },
    async extendSession(idHash, expiresAt) {
      await pool.query('UPDATE sessions SET expires_at = $1 WHERE id_hash = $2', [expiresAt, idHash])
    },
    async deleteSession(idHash) {
      await pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash])
    },
    async deleteOtherSessions(userId, keepHash) {
      await pool.query('DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2', [userId, keepHash])
    },

    // One upsert: concurrent attempts from any instance are counted one by one.
    async takeThrottle(key, windowMs, now) {
      const row = await one(
        `INSERT INTO throttles (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           count        = CASE WHEN throttles.window_start <= $3 THEN 1 ELSE throttles.count + 1 END,
           window_start = CASE WHEN throttles.window_start <= $3 THEN excluded.window_start ELSE throttles.window_start END
         RETURNING count, window_start`,
        [key, now, now - windowMs],
      )
      return { count: row.count, windowStart: row.window_start }
    },
    async refundThrottle(key, windowStart) {
      await pool.query('UPDATE throttles SET count = count - 1 WHERE key = $1 AND window_start = $2 AND count > 0', [
        key,
        windowStart,
      ])
    },
    async clearThrottle(key) {
      await pool.query('DELETE FROM throttles WHERE key = $1', [key])
    },

    async prune({ now, throttlesBefore }) {
      await pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now])
      await pool.query('DELETE FROM throttles WHERE window_start <= $1', [throttlesBefore])
    },
    async close() {
      await pool.end()
    },
  }
}

module.exports = { openPostgresStore }
