#!/usr/bin/env node
'use strict'

// Load run of the example: starts server.js on 127.0.0.1 with a fresh data
// directory and drives it with autocannon. A benchmark, not a test: it prints
// requests/s and latency percentiles, and checks only that the answers were
// the expected ones.
//
//   node bench/load.js [--duration SECONDS] [--connections N]
//
// 1. POST /api/enroll, a new address per request (secret, SQLite write, QR PNG).
// 2. POST /api/verify with each enrolled user's right code, once per user (200).
// 3. POST /api/verify with wrong codes over all users: 401 until a user has
//    5 failures, then 429 (throttle check, decrypt, HMAC, SQLite write).

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { parseArgs } = require('node:util')
const autocannon = require('autocannon')
const OTPAuth = require('otpauth')

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
  },
})
const DURATION = Number(values.duration)
const CONNECTIONS = Number(values.connections)

function startServer(dataDir) {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'server.js')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SMTP_URL: '', SECRETS_KEY: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (chunk) => {
      // Keep draining after start-up (the request log), only look until the address shows.
      if (text === null) return
      text += chunk
      const match = text.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//)
      if (match) {
        text = null
        resolve({ child, url: match[1] })
      }
    })
    child.once('exit', (code) => reject(new Error(`server.js exited with ${code}`)))
  })
}

function run(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)))
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false })
  })
}

function summary(name, result) {
  const statuses = Object.entries(result.statusCodeStats || {})
    .map(([status, { count }]) => `${status}×${count}`)
    .join(' ')
  return {
    name,
    'req/s': Math.round(result.requests.total / result.duration),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'max ms': result.latency.max,
    requests: result.requests.total,
    statuses,
    errors: result.errors + result.timeouts,
  }
}

const json = { 'Content-Type': 'application/json' }

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-load-'))
  const { child, url } = await startServer(dataDir)
  const rows = []
  try {
    // 1. Enrollment: every request a new address; keep the URIs for the next runs.
    const users = []
    let next = 0
    const enroll = await run({
      url,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [
        {
          method: 'POST',
          path: '/api/enroll',
          headers: json,
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ email: `user${next++}@load.test` }) }),
          onResponse: (status, body) => {
            if (status === 201) users.push(OTPAuth.URI.parse(JSON.parse(body).uri))
          },
        },
      ],
    })
    rows.push(summary('POST /api/enroll (new user each)', enroll))

    // 2. Right codes, each user once (a second time would be a replay).
    let cursor = 0
    const valid = await run({
      url,
      connections: CONNECTIONS,
      amount: users.length,
      requests: [
        {
          method: 'POST',
          path: '/api/verify',
          headers: json,
          setupRequest: (request) => {
            const user = users[cursor++ % users.length]
            return { ...request, body: JSON.stringify({ email: user.label, code: user.generate() }) }
          },
        },
      ],
    })
    rows.push(summary('POST /api/verify (right code, 200)', valid))

    // 3. Wrong codes, round-robin over the users: the brute-force path.
    cursor = 0
    const wrong = await run({
      url,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [
        {
          method: 'POST',
          path: '/api/verify',
          headers: json,
          setupRequest: (request) => {
            const user = users[cursor++ % users.length]
            return { ...request, body: JSON.stringify({ email: user.label, code: 'xxxxxx' }) }
          },
        },
      ],
    })
    rows.push(summary('POST /api/verify (wrong code, 401/429)', wrong))
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }

  console.log(`\n${os.cpus().length} CPUs (${os.cpus()[0].model}), Node ${process.version}, ${CONNECTIONS} connections, ${DURATION} s runs`)
  console.table(rows)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
