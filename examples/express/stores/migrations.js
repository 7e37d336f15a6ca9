'use strict'

// The schema's versions, one SQL file each per database:
// migrations/<dialect>/<version>-<name>.sql. A store records the version it
// is at (SQLite: PRAGMA user_version; PostgreSQL: the schema_version table)
// and, when it opens, applies every later file in order, in one transaction.
// Version 1 was the enrollment-only schema of the first example (SQLite
// only); version 2 replaces it with accounts. To change the schema, add the
// next file for both dialects; never edit one that has shipped.

const fs = require('node:fs')
const path = require('node:path')

/** @returns {{ version: number, name: string, sql: string }[]} ascending by version */
function migrations(dialect) {
  const dir = path.join(__dirname, 'migrations', dialect)
  return fs
    .readdirSync(dir)
    .map((file) => {
      const match = file.match(/^(\d+)-([a-z0-9-]+)\.sql$/)
      if (!match) throw new Error(`${path.join(dir, file)}: migration files are named <version>-<name>.sql`)
      return { version: Number(match[1]), name: match[2], sql: fs.readFileSync(path.join(dir, file), 'utf8') }
    })
    .sort((a, b) => a.version - b.version)
}

/** The version a fresh database ends at: the highest migration of either dialect. */
const SCHEMA_VERSION = Math.max(...migrations('sqlite').map((m) => m.version))

module.exports = { migrations, SCHEMA_VERSION }
