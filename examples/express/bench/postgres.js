#!/usr/bin/env node
'use strict'

// What one PostgreSQL primary holds of the writes every sign-in makes, with
// pgbench: the schema from the store's own migrations, 10,000 accounts, and
// the store's own statements, durable (fsync and synchronous_commit on, the
// defaults), from 16 clients at once.
//
//   node bench/postgres.js [--seconds N] [--clients N]
//
// Uses DATABASE_URL if given (its database is filled with bench data: give
// it an empty one), else a throwaway cluster as the tests start one.
//
// - cas: the last-step compare-and-set, each time with a later step
// - throttle: the throttle upsert (take a ticket)
// - totp-step: every statement POST /api/signin/totp runs — session lookup,
//   the client address's and the account's throttle upserts, secret read,
//   compare-and-set, the account's throttle clear and the address's refund,
//   and the session swap transaction — i.e. one complete second-factor
//   sign-in (the swap puts the same session back, so that the next round
//   finds one)

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { parseArgs } = require('node:util')
const { openStore } = require('../stores')
const { startPostgres, createDatabase, findBinaries } = require('../__test__/support/postgres')

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '15' }, clients: { type: 'string', default: '16' } },
})
const ACCOUNTS = 10000

const SCRIPTS = {
  cas: `
\\set id random(1, ${ACCOUNTS})
UPDATE users SET totp_last_step = s.step
  FROM (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS step) s
  WHERE id = :id AND totp_secret IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < s.step);
`,
  throttle: `
\\set id random(1, ${ACCOUNTS})
INSERT INTO throttles (key, window_start, count) VALUES ('second-factor:' || :id, 1, 1)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN throttles.window_start <= 0 THEN 1 ELSE throttles.count + 1 END,
    window_start = CASE WHEN throttles.window_start <= 0 THEN excluded.window_start ELSE throttles.window_start END
  RETURNING count, window_start;
`,
  'totp-step': `
\\set id random(1, ${ACCOUNTS})
SELECT user_id, stage, created_at, expires_at, mailed_step FROM sessions WHERE id_hash = sha256(('s' || :id)::bytea) AND expires_at > 0;
INSERT INTO throttles (key, window_start, count) VALUES ('second-factor-address:' || :id, 1, 1)
  ON CONFLICT (key) DO UPDATE SET count = throttles.count + 1 RETURNING count, window_start;
INSERT INTO throttles (key, window_start, count) VALUES ('second-factor:' || :id, 1, 1)
  ON CONFLICT (key) DO UPDATE SET count = throttles.count + 1 RETURNING count, window_start;
SELECT totp_secret, totp_last_step FROM users WHERE id = :id AND totp_secret IS NOT NULL;
UPDATE users SET totp_last_step = s.step
  FROM (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS step) s
  WHERE id = :id AND totp_secret IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < s.step);
DELETE FROM throttles WHERE key = 'second-factor:' || :id;
UPDATE throttles SET count = count - 1 WHERE key = 'second-factor-address:' || :id AND window_start = 1 AND count > 0;
BEGIN;
DELETE FROM sessions WHERE id_hash = sha256(('s' || :id)::bytea) AND stage = 'password' AND expires_at > 0;
INSERT INTO sessions (id_hash, user_id, stage, created_at, expires_at)
  VALUES (sha256(('s' || :id)::bytea), :id, 'password', 1, 9000000000000) ON CONFLICT (id_hash) DO NOTHING;
COMMIT;
`,
}

async function main() {
  const bin = findBinaries()
  if (!bin) throw new Error('PostgreSQL not found in /usr/lib/postgresql (Debian package postgresql)')
  let server
  let databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) {
    server = await startPostgres()
    if (server.skip) throw new Error(server.skip)
    databaseUrl = await createDatabase(server.url, 'pgbench')
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-pgbench-'))
  const scripts = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-pgbench-scripts-'))
  try {
    const store = await openStore({ databaseUrl, dataDir, secretsKey: 'c0'.repeat(32) })
    await store.pool.query(
      `INSERT INTO users (email, password_hash, created_at, totp_secret, totp_last_step, totp_enabled_at)
       SELECT 'user' || i || '@bench.test', '$argon2id$', 0, decode(md5(i::text) || md5(i::text), 'hex'), 0, 0
       FROM generate_series(1, $1) i`,
      [ACCOUNTS],
    )
    await store.pool.query(
      `INSERT INTO sessions (id_hash, user_id, stage, created_at, expires_at)
       SELECT sha256(('s' || id)::bytea), id, 'password', 1, 9000000000000 FROM users`,
    )
    await store.pool.query('VACUUM ANALYZE')
    const { rows } = await store.pool.query(
      "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync, version() AS version",
    )
    await store.close()

    const { hostname, port, pathname, username } = new URL(databaseUrl)
    const results = []
    for (const [name, script] of Object.entries(SCRIPTS)) {
      const file = path.join(scripts, `${name}.sql`)
      fs.writeFileSync(file, script)
      const output = execFileSync(
        path.join(bin, 'pgbench'),
        ['-n', '-h', hostname, '-p', port || '5432', '-U', username || 'postgres', '-c', values.clients, '-j', '2',
          '-T', values.seconds, '-f', file, '-r', pathname.slice(1)],
        { encoding: 'utf8' },
      )
      const tps = Number(output.match(/tps = ([\d.]+)/)[1])
      const latency = Number(output.match(/latency average = ([\d.]+) ms/)[1])
      results.push({ script: name, 'transactions/s': Math.round(tps), 'latency avg ms': latency })
    }
    console.log(`\n${os.cpus().length} CPUs, ${rows[0].version.split(' on ')[0]}, fsync=${rows[0].fsync}, synchronous_commit=${rows[0].sync}, ${values.clients} clients, ${values.seconds} s each, ${ACCOUNTS} accounts`)
    console.table(results)
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
    fs.rmSync(scripts, { recursive: true, force: true })
    if (server) server.stop()
  }
}

main().catch((error) => {
  console.error(error.stderr || error)
  process.exit(1)
})
