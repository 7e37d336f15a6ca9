'use strict'

// The store suite on SQLite, and the one migration only SQLite has: from
// version 1, the enrollment-only schema of the first example.

const fs = require('node:fs')
const path = require('node:path')
const Database = require('better-sqlite3')
const { openStore } = require('../stores')
const { tempDir } = require('./support/targets')
const { SCHEMA_VERSION } = require('../stores/migrations')

require('./suites/store')('sqlite')

// Version 1 as the first example created it.
const VERSION_1 = `
  CREATE TABLE enrollments (email TEXT PRIMARY KEY, secret BLOB NOT NULL, last_step INTEGER, enrolled_at INTEGER NOT NULL) STRICT;
  CREATE TABLE attempts (email TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL) STRICT;
  CREATE INDEX attempts_by_email ON attempts (email, kind, at);
  PRAGMA user_version = 1;
`

test(`a version 1 database migrates to version ${SCHEMA_VERSION}: its unowned enrollments are dropped, accounts work`, async () => {
  const dir = tempDir()
  const old = new Database(path.join(dir, 'totp.db'))
  old.exec(VERSION_1)
  old.prepare('INSERT INTO enrollments VALUES (?, ?, NULL, 0)').run('victim@example.com', Buffer.alloc(40))
  old.close()

  const store = await openStore({ dataDir: dir })
  expect(await store.findUserByEmail('victim@example.com')).toBeUndefined()
  const id = await store.createUser('victim@example.com', 'hash', 1)
  expect(await store.findUserByEmail('victim@example.com')).toEqual({
    id,
    passwordHash: 'hash',
    passwordNormalized: true,
    totpEnabled: false,
    emailCodes: true,
  })
  await store.close()

  const db = new Database(path.join(dir, 'totp.db'), { readonly: true })
  expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()
  expect(tables).toEqual(['recovery_codes', 'sessions', 'settings', 'throttles', 'users'])
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

test('a database newer than this code knows is opened as it is, not migrated backwards', async () => {
  const dir = tempDir()
  const first = await openStore({ dataDir: dir })
  await first.close()
  const db = new Database(path.join(dir, 'totp.db'))
  db.pragma('user_version = 99')
  db.close()
  const again = await openStore({ dataDir: dir })
  await again.close()
  const check = new Database(path.join(dir, 'totp.db'), { readonly: true })
  expect(check.pragma('user_version', { simple: true })).toBe(99)
  check.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

test('the database, -wal and -shm files are 0600 in a folder anyone can read, and one left 0644 by an older version is made 0600', async () => {
  const dir = tempDir()
  fs.chmodSync(dir, 0o755)
  const previous = process.umask(0o022)
  try {
    const modes = () =>
      Object.fromEntries(
        fs
          .readdirSync(dir)
          .filter((name) => name.startsWith('totp.db'))
          .map((name) => [name, (fs.statSync(path.join(dir, name)).mode & 0o777).toString(8)]),
      )
    const store = await openStore({ dataDir: dir })
    await store.createUser('alice@example.com', 'hash', 1)
    expect(modes()).toEqual({ 'totp.db': '600', 'totp.db-wal': '600', 'totp.db-shm': '600' })
    await store.close()

    // As a release that let SQLite pick the modes left them after a crash
    // (a clean close deletes -wal and -shm; empty ones are valid).
    fs.chmodSync(path.join(dir, 'totp.db'), 0o644)
    for (const name of ['totp.db-wal', 'totp.db-shm']) fs.writeFileSync(path.join(dir, name), '', { mode: 0o644 })
    expect(modes()).toEqual({ 'totp.db': '644', 'totp.db-wal': '644', 'totp.db-shm': '644' })
    const again = await openStore({ dataDir: dir })
    await again.createUser('bob@example.com', 'hash', 1)
    expect(modes()).toEqual({ 'totp.db': '600', 'totp.db-wal': '600', 'totp.db-shm': '600' })
    expect(await again.findUserByEmail('alice@example.com')).toMatchObject({ passwordHash: 'hash' })
    await again.close()
  } finally {
    process.umask(previous)
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
