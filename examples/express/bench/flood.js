#!/usr/bin/env node
'use strict'

// What a flood of correct sign-ins does to everyone else. server.js on
// 127.0.0.1 (SQLite in a fresh directory, then PostgreSQL on a fresh
// database), the libuv thread pool at its default size. Autocannon, in a
// worker thread of its own, keeps 16 connections sending correct passwords
// of 64 accounts, each from a client address of its own (X-Forwarded-For,
// TRUST_PROXY=loopback) so that no per-address limit applies: argon2id at
// full tilt. Meanwhile probes fire at a fixed rate, whether or not the last
// one has answered (so a slow server is not asked less), and time each
// answer:
//
//   GET /                      the page: a static file
//   POST /api/signin/totp      the app's code on a half-signed session
//   POST /api/2fa/enroll       replacing the authenticator ({code}): a new
//                              secret and its QR code, rendered off the main thread
//   POST /api/2fa/enroll       a first enrollment ({password}): the password
//   (first, password)          again, then the QR code
//   POST /api/signin           another person's sign-in
//
// each for --quiet seconds with no flood, then for --seconds under it.
// A benchmark, not a test: it prints p50/p99 per probe and phase, and counts
// any answer that was not the expected one. Loopback only, bounded in time.
//
//   node bench/flood.js [--store sqlite|postgres] [--seconds 30] [--quiet 10] [--connections 16]

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { parseArgs } = require('node:util')
const { Worker } = require('node:worker_threads')
const { startServer } = require('./server')

const PASSWORD = 'correct horse battery staple'
const STEP = 30 * 1000
const json = { 'Content-Type': 'application/json' }


const { values } = parseArgs({
  options: {
    store: { type: 'string', multiple: true },
    seconds: { type: 'string', default: '30' },
    quiet: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
  },
})
const STORES = values.store || ['sqlite', 'postgres']
const FLOOD_SECONDS = Number(values.seconds)
const QUIET_SECONDS = Number(values.quiet)
const CONNECTIONS = Number(values.connections)
if (!(FLOOD_SECONDS > 0 && FLOOD_SECONDS <= 300 && QUIET_SECONDS >= 0 && QUIET_SECONDS <= 300)) {
  throw new Error('--seconds and --quiet are bounded: at most 300 each')
}
const FLOOD_ACCOUNTS = 64
/** Probes per second: the step probes use an account each, the others repeat. */
const RATES = { page: 10, totp: 4, replace: 4, first: 2, signin: 2 }

async function post(url, route, body, { cookie, address }) {
  const response = await fetch(url + route, {
    method: 'POST',
    headers: { ...json, 'x-forwarded-for': address, ...(cookie && { cookie }) },
    body: JSON.stringify(body),
  })
  const set = response.headers.getSetCookie().find((line) => line.startsWith('sid='))
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : undefined, cookie: set ? set.split(';')[0] : cookie }
}

/** Runs `work(i)` for i < n, `width` at a time. */
async function inBatches(n, width, work) {
  const results = new Array(n)
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++
        results[i] = await work(i)
      }
    }),
  )
  return results
}

/** The first code after `lastStep` the server accepts now (its window is one step either side). */
function nextCode(account) {
  const step = Math.max(Math.floor(Date.now() / STEP), account.lastStep + 1)
  account.lastStep = step
  return account.totp.generate({ timestamp: step * STEP })
}

let addressCount = 0
/** A client address of its own (IPv6 documentation prefix): sign-up allows 20 an hour per address. */
const newAddress = () => `2001:db8:${(++addressCount).toString(16)}::1`

async function makeAccounts(url, prefix, n, { twoFactor }) {
  const OTPAuth = require('otpauth')
  return inBatches(n, 8, async (i) => {
    const account = { email: `${prefix}${i}@flood.test`, address: newAddress() }
    const signedUp = await post(url, '/api/signup', { email: account.email, password: PASSWORD }, account)
    if (signedUp.status !== 201) throw new Error(`sign-up: ${signedUp.status} ${JSON.stringify(signedUp.body)}`)
    account.cookie = signedUp.cookie
    if (!twoFactor) return account
    // The password too: older versions of the example ignore it, newer ones ask for it.
    const enrolled = await post(url, '/api/2fa/enroll', { password: PASSWORD }, account)
    if (enrolled.status !== 201) throw new Error(`enroll: ${enrolled.status} ${JSON.stringify(enrolled.body)}`)
    account.totp = OTPAuth.URI.parse(enrolled.body.uri)
    const now = Date.now()
    const confirmed = await post(url, '/api/2fa/confirm', { code: account.totp.generate({ timestamp: now }) }, account)
    if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`)
    account.cookie = confirmed.cookie
    account.lastStep = Math.floor(now / STEP)
    return account
  })
}

/**
 * Fires `send()` `rate` times a second for `seconds`, without waiting for
 * answers; resolves each one's latency in ms and whether it was the expected answer.
 */
async function probe(rate, seconds, send) {
  const samples = []
  const inFlight = []
  const count = Math.round(rate * seconds)
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    const sent = performance.now()
    inFlight.push(
      send(i).then(
        (ok) => samples.push({ ms: performance.now() - sent, ok }),
        () => samples.push({ ms: performance.now() - sent, ok: false }),
      ),
    )
  }
  await Promise.all(inFlight)
  return samples
}

/** Nearest-rank percentile. */
function percentile(sorted, p) {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]
}

function summarize(store, phase, name, samples) {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b)
  return {
    store,
    phase,
    probe: name,
    n: samples.length,
    'p50 ms': Number(percentile(sorted, 0.5).toFixed(1)),
    'p99 ms': Number(percentile(sorted, 0.99).toFixed(1)),
    'max ms': Number(sorted[sorted.length - 1].toFixed(1)),
    unexpected: samples.filter((s) => !s.ok).length,
  }
}

async function measure(store, env) {
  const { child, url } = await startServer(env)
  const rows = []
  let flood
  try {
    const phases = [
      ['quiet', QUIET_SECONDS],
      ['flood', FLOOD_SECONDS],
    ].filter(([, seconds]) => seconds > 0)
    const totalSeconds = QUIET_SECONDS + FLOOD_SECONDS
    const floodAccounts = await makeAccounts(url, 'flood', FLOOD_ACCOUNTS, { twoFactor: false })
    const totpAccounts = await makeAccounts(url, 'totp', Math.ceil(RATES.totp * totalSeconds), { twoFactor: true })
    const replaceAccounts = await makeAccounts(url, 'replace', Math.ceil(RATES.replace * totalSeconds), { twoFactor: true })
    const [firstAccount] = await makeAccounts(url, 'first', 1, { twoFactor: false })
    const [signinAccount] = await makeAccounts(url, 'signin', 1, { twoFactor: false })
    // Each TOTP probe finishes a sign-in of its own: half-signed sessions, made beforehand.
    await inBatches(totpAccounts.length, 8, async (i) => {
      const account = totpAccounts[i]
      const half = await post(url, '/api/signin', { email: account.email, password: PASSWORD }, { address: account.address })
      if (half.body.stage !== 'second-factor') throw new Error(`sign-in: ${half.status} ${JSON.stringify(half.body)}`)
      account.half = half.cookie
    })

    let totpNext = 0
    let replaceNext = 0
    const probes = {
      'GET /': async () => {
        const response = await fetch(`${url}/`)
        await response.text()
        return response.status === 200
      },
      'POST /api/signin/totp': async () => {
        const account = totpAccounts[totpNext++]
        const answer = await post(url, '/api/signin/totp', { code: nextCode(account) }, { ...account, cookie: account.half })
        return answer.status === 200
      },
      'POST /api/2fa/enroll {code} (QR)': async () => {
        const account = replaceAccounts[replaceNext++]
        const answer = await post(url, '/api/2fa/enroll', { code: nextCode(account) }, account)
        return answer.status === 201 && answer.body.qrDataUrl.startsWith('data:image/png;base64,')
      },
      'POST /api/2fa/enroll {password} (QR)': async () => {
        const answer = await post(url, '/api/2fa/enroll', { password: PASSWORD }, firstAccount)
        return answer.status === 201 && answer.body.qrDataUrl.startsWith('data:image/png;base64,')
      },
      'POST /api/signin (another person)': async () => {
        const answer = await post(url, '/api/signin', { email: signinAccount.email, password: PASSWORD }, signinAccount)
        return answer.status === 200
      },
    }
    const rateOf = {
      'GET /': RATES.page,
      'POST /api/signin/totp': RATES.totp,
      'POST /api/2fa/enroll {code} (QR)': RATES.replace,
      'POST /api/2fa/enroll {password} (QR)': RATES.first,
      'POST /api/signin (another person)': RATES.signin,
    }

    for (const [phase, seconds] of phases) {
      let worker
      let floodDone
      if (phase === 'flood') {
        worker = new Worker(path.join(__dirname, 'flood-worker.js'), {
          workerData: { url, accounts: floodAccounts, connections: CONNECTIONS, seconds: seconds + 10, password: PASSWORD },
        })
        floodDone = new Promise((resolve, reject) => {
          worker.once('message', resolve)
          worker.once('error', reject)
        })
        // Let the flood fill the server's queues before the first probe.
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }
      const results = await Promise.all(
        Object.entries(probes).map(async ([name, send]) => [name, await probe(rateOf[name], seconds, send)]),
      )
      for (const [name, samples] of results) rows.push(summarize(store, phase, name, samples))
      if (worker) {
        worker.postMessage('stop')
        flood = await floodDone
        await worker.terminate()
      }
    }
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
  return { rows, flood }
}

async function main() {
  const rows = []
  const floods = []
  const secretsKey = 'f1'.repeat(32)
  for (const store of STORES) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-flood-'))
    let server
    try {
      let databaseUrl = ''
      if (store === 'postgres') {
        const { startPostgres, createDatabase } = require('../__test__/support/postgres')
        databaseUrl = process.env.DATABASE_URL
        if (!databaseUrl) {
          server = await startPostgres()
          if (server.skip) throw new Error(`cannot start PostgreSQL: ${server.skip}`)
          databaseUrl = await createDatabase(server.url, 'flood')
        }
      }
      const result = await measure(store === 'postgres' ? 'PostgreSQL' : 'SQLite', {
        DATA_DIR: dataDir,
        SECRETS_KEY: secretsKey,
        DATABASE_URL: databaseUrl,
      })
      rows.push(...result.rows)
      if (result.flood) {
        const { requests, seconds, statuses, errors } = result.flood
        floods.push({ store, 'sign-ins/s': Math.round(requests / seconds), requests, statuses: JSON.stringify(statuses), errors })
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
      if (server) server.stop()
    }
  }
  console.log(
    `\n${os.cpus().length} CPUs (${os.cpus()[0].model}), Node ${process.version}, flood: ${CONNECTIONS} connections of correct sign-ins for ${FLOOD_SECONDS} s; quiet: ${QUIET_SECONDS} s`,
  )
  console.table(rows)
  console.log('the flood itself:')
  console.table(floods)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
