'use strict'

// Everything a store has written, as one string, to look for what must never
// be there in clear: SQLite's files byte for byte (database, WAL and shared
// memory), or every row of every table in PostgreSQL.

const fs = require('node:fs')
const path = require('node:path')

async function dumpDatabase(target) {
  if (target.kind === 'sqlite') {
    return fs
      .readdirSync(target.dataDir)
      .filter((name) => name.startsWith('totp.db'))
      .map((name) => fs.readFileSync(path.join(target.dataDir, name)).toString('latin1'))
      .join('\n')
  }
  const { Client } = require('pg')
  const client = new Client({ connectionString: target.databaseUrl })
  await client.connect()
  try {
    const { rows: tables } = await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    const parts = []
    for (const { tablename } of tables) {
      const { rows } = await client.query(`SELECT row_to_json(t)::text AS row FROM ${tablename} t`)
      parts.push(...rows.map((r) => r.row))
    }
    return parts.join('\n')
  } finally {
    await client.end()
  }
}

module.exports = { dumpDatabase }
