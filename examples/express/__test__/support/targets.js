'use strict'

// The two stores as test targets, so that one suite runs against both:
// SQLite in a temporary directory, and PostgreSQL in a database of its own
// on the run's throwaway server (see global-setup.js).

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { openStore } = require('../../stores')
const { migrations } = require('../../stores/migrations')
const { createDatabase } = require('./postgres')

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'totp-example-'))
}

/**
 * `{ kind, skip? }` for a store kind: skip says why its suite cannot run here.
 * @param {'sqlite' | 'postgres'} kind
 */
function target(kind) {
  if (kind === 'postgres' && !process.env.TEST_POSTGRES_URL) {
    return { kind, skip: process.env.TEST_POSTGRES_SKIP || 'PostgreSQL test server not started (run through jest)' }
  }
  return { kind }
}

/** `describe`, or `describe.skip` with the reason in its name when the store is not available. */
function describeStore(kind, name, body) {
  const { skip } = target(kind)
  if (skip) return describe.skip(`${name} [skipped: ${skip}]`, body)
  return describe(name, body)
}

/**
 * A place for one suite's data: `open()` opens a store on it (as often as
 * needed, e.g. to restart), `reset()` empties it between tests.
 */
async function makeTarget(kind) {
  const dataDir = tempDir()
  const databaseUrl = kind === 'postgres' ? await createDatabase(process.env.TEST_POSTGRES_URL) : undefined
  return {
    kind,
    dataDir,
    databaseUrl,
    /** @returns {Promise<import('../../stores').Store>} */
    open: ({ secretsKey, dir = dataDir } = {}) => openStore({ databaseUrl, dataDir: dir, secretsKey }),
    /** Deletes every row (PostgreSQL) or the files (SQLite), keeping the key. */
    async reset() {
      if (kind === 'postgres') {
        const store = await openStore({ databaseUrl, dataDir })
        await store.pool.query('TRUNCATE users, sessions, throttles, recovery_codes RESTART IDENTITY CASCADE')
        await store.close()
      } else {
        for (const name of fs.readdirSync(dataDir)) if (name.startsWith('totp.db')) fs.rmSync(path.join(dataDir, name))
      }
    },
    /**
     * Runs SQL on the database directly, beside any open store (SQLite in WAL
     * mode takes a second connection): what a row written by another
     * version of the code looks like.
     */
    async sql(statement) {
      if (kind === 'postgres') {
        const { Client } = require('pg')
        const client = new Client({ connectionString: databaseUrl })
        await client.connect()
        try {
          return (await client.query(statement)).rows
        } finally {
          await client.end()
        }
      }
      const Database = require('better-sqlite3')
      const db = new Database(path.join(dataDir, 'totp.db'))
      try {
        db.exec(statement)
      } finally {
        db.close()
      }
    },
    /** An empty database made by the migrations up to `version` only, as an older release left it. */
    async createAtVersion(version) {
      const steps = migrations(kind).filter((m) => m.version <= version)
      if (kind === 'postgres') {
        await this.sql('DROP SCHEMA public CASCADE; CREATE SCHEMA public')
        await this.sql('CREATE TABLE schema_version (version integer NOT NULL)')
        for (const step of steps) await this.sql(`${step.sql}; INSERT INTO schema_version VALUES (${step.version})`)
        return
      }
      for (const name of fs.readdirSync(dataDir)) if (name.startsWith('totp.db')) fs.rmSync(path.join(dataDir, name))
      const Database = require('better-sqlite3')
      const db = new Database(path.join(dataDir, 'totp.db'))
      try {
        db.pragma('journal_mode = WAL')
        for (const step of steps) db.exec(step.sql)
        db.pragma(`user_version = ${version}`)
      } finally {
        db.close()
      }
    },
    /** The schema version the database records. */
    async schemaVersion() {
      if (kind === 'postgres') {
        const { Client } = require('pg')
        const client = new Client({ connectionString: databaseUrl })
        await client.connect()
        try {
          return (await client.query('SELECT max(version) AS v FROM schema_version')).rows[0].v
        } finally {
          await client.end()
        }
      }
      const Database = require('better-sqlite3')
      const db = new Database(path.join(dataDir, 'totp.db'), { readonly: true })
      try {
        return db.pragma('user_version', { simple: true })
      } finally {
        db.close()
      }
    },
    destroy() {
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

module.exports = { target, describeStore, makeTarget, tempDir }
