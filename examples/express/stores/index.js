'use strict'

// One store interface, two implementations: SQLite (sqlite.js), embedded,
// the default, for one process; PostgreSQL (postgres.js), when DATABASE_URL
// says so, for several instances on one database. The app sees only this
// interface, and the same test suite runs against both.
//
// Times are ms since the epoch and always come from the caller (the app's
// clock), never from the database, so tests can move time on either store.

const { openSqliteStore } = require('./sqlite')
const { openPostgresStore } = require('./postgres')

/**
 * @typedef {'password' | 'full'} Stage  a session after the first factor only, or after both
 * @typedef {{ idHash: Buffer, userId: number, stage: Stage, createdAt: number, expiresAt: number }} NewSession
 *
 * @typedef {object} Store
 * @property {'sqlite' | 'postgres'} kind
 * @property {string} describe                       where the data is, for the start-up log
 * @property {string} [keyCreated]                    the key file written on this open, if one was
 * @property {(email: string, passwordHash: string, now: number) => Promise<number | undefined>} createUser
 *   the new user's id; undefined when the address is taken. `passwordHash` is of the normalized password
 * @property {(email: string) => Promise<{ id: number, passwordHash: string, passwordNormalized: boolean, totpEnabled: boolean, emailCodes: boolean } | undefined>} findUserByEmail
 *   passwordNormalized: false for a hash of the password as typed (made before version 3 of the schema)
 * @property {(userId: number) => Promise<{ email: string, totpEnabled: boolean, totpEnabledAt?: number, totpPending: boolean, emailCodes: boolean, recoveryCodesLeft: number } | undefined>} getAccount
 * @property {(userId: number, passwordHash: string) => Promise<void>} setPasswordHash  a hash of the normalized password
 * @property {(userId: number, enabled: boolean) => Promise<void>} setEmailCodes  the account's choice of e-mailed codes
 * @property {(userId: number) => Promise<{ secret: string, lastStep?: number } | undefined>} getTotp
 *   the active secret and the last time step accepted for it
 * @property {(userId: number, step: number) => Promise<boolean>} markStepUsed
 *   compare-and-set: true when `step` is later than the stored one and is now stored; false for a replay
 * @property {(userId: number, secret: string, now: number) => Promise<void>} setPendingTotp
 *   a new secret waiting for its first code; the active one (if any) stays active
 * @property {(userId: number) => Promise<{ secret: string, sealed: Buffer } | undefined>} getPendingTotp
 * @property {(userId: number, sealed: Buffer, step: number, recoveryCodes: string[], now: number) => Promise<boolean>} activateTotp
 *   in one transaction: the pending secret `sealed` (and only it) becomes active with `step` used, and the
 *   recovery codes are replaced; false when that pending secret is no longer there
 * @property {(userId: number) => Promise<void>} disableTotp            active and pending secrets and recovery codes gone
 * @property {(userId: number, codes: string[]) => Promise<void>} replaceRecoveryCodes
 * @property {(userId: number, code: string, now: number) => Promise<boolean>} useRecoveryCode
 *   true once per unused code
 * @property {(session: NewSession) => Promise<void>} createSession
 * @property {(idHash: Buffer, now: number) => Promise<{ userId: number, stage: Stage, createdAt: number, expiresAt: number, mailedStep?: number } | undefined>} getSession
 * @property {(oldHash: Buffer, oldStage: Stage, session: NewSession, now: number) => Promise<boolean>} replaceSession
 *   in one transaction: deletes the unexpired session `oldHash` of stage `oldStage` and creates `session`;
 *   false (and nothing created) when there was no such session — it was used already
 * @property {(oldHash: Buffer, session: NewSession, code: string, now: number) => Promise<'ok' | 'used' | 'gone'>} replaceSessionWithRecoveryCode
 *   in one transaction: deletes the unexpired half-signed session `oldHash`, spends the unused recovery code
 *   `code` of `session.userId`, and creates `session`. 'gone' when the session was not there (swapped
 *   already), 'used' when the code was not there to spend; then nothing changes, so a code is spent only
 *   by a sign-in it completes
 * @property {(idHash: Buffer, step: number) => Promise<void>} setMailedStep
 *   the time step of the code mailed to the half-signed session `idHash`
 * @property {(idHash: Buffer, expiresAt: number) => Promise<void>} extendSession
 * @property {(idHash: Buffer) => Promise<void>} deleteSession
 * @property {(userId: number, keepHash: Buffer) => Promise<void>} deleteOtherSessions
 * @property {(key: string, windowMs: number, now: number) => Promise<{ count: number, windowStart: number }>} takeThrottle
 *   counts one attempt in the key's current window (a new window starts when the last is `windowMs` old)
 *   and returns the count including it: atomic, whichever instance asks
 * @property {(key: string, windowStart: number) => Promise<void>} refundThrottle  un-counts one attempt of that window
 * @property {(key: string) => Promise<void>} clearThrottle
 * @property {(limits: { now: number, throttlesBefore: number }) => Promise<void>} prune
 *   deletes expired sessions and throttle windows started before `throttlesBefore`
 * @property {() => Promise<void>} close
 */

/**
 * PostgreSQL when `databaseUrl` is set, else SQLite in `dataDir`.
 * @param {{ databaseUrl?: string, dataDir: string, secretsKey?: string }} options
 * @returns {Promise<Store>}
 */
async function openStore({ databaseUrl, dataDir, secretsKey }) {
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use the embedded SQLite)')
    }
    return openPostgresStore({ databaseUrl, dataDir, secretsKey })
  }
  return openSqliteStore({ dataDir, secretsKey })
}

module.exports = { openStore }
