#!/usr/bin/env node
'use strict'

// Load run of the example with autocannon, on each store: server.js on
// 127.0.0.1 with a fresh SQLite directory, then on a fresh PostgreSQL
// database (DATABASE_URL if given, else a throwaway cluster as the tests
// start one). A benchmark, not a test: it prints requests/s and latency
// percentiles, and checks only that the answers were the expected ones.
//
//   node bench/load.js [--users N] [--connections N] [--store sqlite|postgres]
//
// 1. POST /api/signup, a new account per request (argon2id hash, one insert, a session).
// 2. Each account enrolls and confirms the app (not measured).
// 3. POST /api/signin, each account once, right password, 2FA on: argon2id
//    verification, throttle upserts, a half-signed session.
// 4. POST /api/signin/totp, each half-signed session once with the app's next
//    code: session lookup, throttle upsert, decrypt, HMAC, the last-step
//    compare-and-set, the session swap.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { parseArgs } = require('node:util')
const autocannon = require('autocannon')
const OTPAuth = require('otpauth')
const { startServer } = require('./server')

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '16' },
    store: { type: 'string', multiple: true },
  },
})
const USERS = Number(values.users)
const CONNECTIONS = Number(values.connections)
const STORES = values.store || ['sqlite', 'postgres']
const PASSWORD = 'correct horse battery staple'
const STEP = 30 * 1000

function run(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { connections: CONNECTIONS, ...options },
      (error, result) => (error ? reject(error) : resolve(result)),
    )
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false })
  })
}

// CPU time the server process has used (all its threads: argon2 runs on
// libuv's pool), from /proc: wall-clock figures move with whatever else the
// machine runs, CPU time per request much less.
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }))
function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND // utime + stime
}

async function measured(pid, options) {
  const before = cpuMs(pid)
  const result = await run(options)
  result.cpuMsPerRequest = (cpuMs(pid) - before) / result.requests.total
  return result
}

function summary(store, name, result) {
  const statuses = Object.entries(result.statusCodeStats || {})
    .map(([status, { count }]) => `${status}×${count}`)
    .join(' ')
  return {
    store,
    name,
    'req/s': Math.round(result.requests.total / ((new Date(result.finish) - new Date(result.start)) / 1000)),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'app CPU ms/req': Number(result.cpuMsPerRequest.toFixed(2)),
    requests: result.requests.total,
    statuses,
    errors: result.errors + result.timeouts,
  }
}

function sessionCookie(headers) {
  const key = Object.keys(headers).find((name) => name.toLowerCase() === 'set-cookie')
  const lines = [].concat(headers[key] || [])
  const line = lines.find((l) => l.startsWith('sid='))
  return line && line.split(';')[0]
}

const json = { 'Content-Type': 'application/json' }
// A client address per account (IPv6 documentation prefix): sign-up allows 20 an hour per address.
const addressOf = (i) => `2001:db8::${(i + 1).toString(16)}`

async function post(url, route, body, cookie) {
  const response = await fetch(url + route, {
    method: 'POST',
    headers: { ...json, ...(cookie && { cookie }) },
    body: JSON.stringify(body),
  })
  const set = response.headers.getSetCookie().find((l) => l.startsWith('sid='))
  return { status: response.status, body: await response.json(), cookie: set ? set.split(';')[0] : cookie }
}

async function measure(store, env) {
  const { child, url } = await startServer(env)
  const rows = []
  try {
    const users = Array.from({ length: USERS }, (_, i) => ({ email: `user${i}@load.test`, address: addressOf(i) }))
    const perUser = (build, onResponse) => {
      let next = 0
      return {
        method: 'POST',
        path: '/api/signup',
        headers: json,
        setupRequest: (request, context) => {
          context.user = users[next++ % users.length]
          return build(request, context.user)
        },
        onResponse: (status, body, context, headers) => onResponse(context.user, status, body, headers),
      }
    }

    const signup = await measured(child.pid, {
      url,
      amount: USERS,
      requests: [
        perUser(
          (request, user) => ({
            ...request,
            headers: { ...json, 'x-forwarded-for': user.address },
            body: JSON.stringify({ email: user.email, password: PASSWORD }),
          }),
          (user, status, _body, headers) => {
            if (status === 201) user.cookie = sessionCookie(headers)
            return status === 201
          },
        ),
      ],
    })
    rows.push(summary(store, 'POST /api/signup (argon2id hash)', signup))

    // Enroll and confirm each account: setup, not measured.
    let cursor = 0
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (cursor < users.length) {
          const user = users[cursor++]
          const enrolled = await post(url, '/api/2fa/enroll', { password: PASSWORD }, user.cookie)
          user.totp = OTPAuth.URI.parse(enrolled.body.uri)
          const now = Date.now()
          const confirmed = await post(url, '/api/2fa/confirm', { code: user.totp.generate({ timestamp: now }) }, enrolled.cookie)
          if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`)
          user.lastStep = Math.floor(now / STEP)
        }
      }),
    )

    const signin = await measured(child.pid, {
      url,
      amount: USERS,
      requests: [
        perUser(
          (request, user) => ({
            ...request,
            path: '/api/signin',
            headers: { ...json, 'x-forwarded-for': user.address },
            body: JSON.stringify({ email: user.email, password: PASSWORD }),
          }),
          (user, status, _body, headers) => {
            if (status === 200) user.half = sessionCookie(headers)
            return status === 200
          },
        ),
      ],
    })
    rows.push(summary(store, 'POST /api/signin (argon2id verify)', signin))

    const totp = await measured(child.pid, {
      url,
      amount: USERS,
      requests: [
        perUser((request, user) => {
          // The first step after the confirming one that is accepted now.
          const step = Math.max(Math.floor(Date.now() / STEP), user.lastStep + 1)
          return {
            ...request,
            path: '/api/signin/totp',
            headers: { ...json, 'x-forwarded-for': user.address, cookie: user.half },
            body: JSON.stringify({ code: user.totp.generate({ timestamp: step * STEP }) }),
          }
        }, () => {}),
      ],
    })
    rows.push(summary(store, 'POST /api/signin/totp (right code)', totp))
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
  return rows
}

async function main() {
  const rows = []
  const secretsKey = 'b0'.repeat(32)
  if (STORES.includes('sqlite')) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-load-'))
    try {
      rows.push(...(await measure('SQLite', { DATA_DIR: dataDir, SECRETS_KEY: secretsKey, DATABASE_URL: '' })))
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
  if (STORES.includes('postgres')) {
    const { startPostgres, createDatabase } = require('../__test__/support/postgres')
    let server
    let databaseUrl = process.env.DATABASE_URL
    if (!databaseUrl) {
      server = await startPostgres()
      if (server.skip) throw new Error(`cannot start PostgreSQL: ${server.skip}`)
      databaseUrl = await createDatabase(server.url, 'load')
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-load-'))
    try {
      rows.push(...(await measure('PostgreSQL', { DATA_DIR: dataDir, SECRETS_KEY: secretsKey, DATABASE_URL: databaseUrl })))
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
      if (server) server.stop()
    }
  }
  console.log(
    `\n${os.cpus().length} CPUs (${os.cpus()[0].model}), Node ${process.version}, ${CONNECTIONS} connections, ${USERS} accounts`,
  )
  console.table(rows)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
