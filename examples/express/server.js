#!/usr/bin/env node
'use strict'

// Starts the example: reads the environment, opens the store and the mailer,
// listens. Everything else is in app.js.
//
//   PORT          port to listen on (default 3000; 0 picks a free one)
//   HOST          address to listen on (default 127.0.0.1; 0.0.0.0 for all)
//   DATABASE_URL  postgres://… to keep all state in PostgreSQL (several instances);
//                 unset: SQLite in DATA_DIR
//   DATA_DIR      SQLite database, generated key and mail outbox (default ./data)
//   SECRETS_KEY   32-byte key for secrets at rest, 64 hex digits or base64
//                 (default: generated into DATA_DIR/secrets.key, mode 0600)
//   TRUST_PROXY   Express's "trust proxy": e.g. loopback, 1, 10.0.0.0/8 (default: none)
//   PUBLIC_ORIGIN the origin browsers use, e.g. https://app.example.com: what a
//                 POST's Origin must be (default: the request's scheme and Host header)
//   SMTP_URL      e.g. smtp://127.0.0.1:2525 (default: .eml files in DATA_DIR/outbox)
//   MAIL_FROM     sender of the code mails and notices
//   EMAIL_CODES   on (default) or off: off, no sign-in code is ever mailed
//   SIGN_IN_CEILING correct sign-ins per client address in 15 minutes (default 300)
//   TOTP_ISSUER   the name authenticator apps show (default "totp-native example")

const path = require('node:path')
const { createApp, LIMITS, LONGEST_WINDOW_MS } = require('./app')
const { openStore } = require('./stores')
const { createMailer } = require('./mailer')

/** Expired sessions and throttle windows are deleted this often. */
const PRUNE_EVERY_MS = 10 * 60 * 1000

function log(message) {
  console.log(`${new Date().toISOString()} ${message}`)
}

/** TRUST_PROXY as Express reads `trust proxy`: a boolean, a hop count, or addresses and names. */
function parseTrustProxy(value) {
  if (value === undefined || value === '' || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) return Number(value)
  return value
}

/** PUBLIC_ORIGIN as an origin (scheme, host, port), or undefined when unset. */
function parsePublicOrigin(value) {
  if (value === undefined || value === '') return undefined
  let url
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  // The origin alone, as browsers send it in Origin: no path, query or user.
  if (!url || !/^https?:$/.test(url.protocol) || value.replace(/\/$/, '').toLowerCase() !== url.origin) {
    throw new Error(`PUBLIC_ORIGIN must be an origin such as https://app.example.com, with no path (got ${JSON.stringify(value)})`)
  }
  return url.origin
}

function parseEmailCodes(value) {
  if (value === undefined || value === '' || value === 'on') return true
  if (value === 'off') return false
  throw new Error(`EMAIL_CODES must be on or off (got ${JSON.stringify(value)})`)
}

function parseSignInCeiling(value) {
  if (value === undefined || value === '') return LIMITS.signInCeiling.max
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1e6) {
    throw new Error(`SIGN_IN_CEILING must be a number of sign-ins, 1 to 1000000 (got ${JSON.stringify(value)})`)
  }
  return Number(value)
}

async function main(env = process.env) {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, 0 to 65535 (got ${JSON.stringify(env.PORT)})`)
  }
  const host = env.HOST || '127.0.0.1'
  const dataDir = path.resolve(env.DATA_DIR || path.join(__dirname, 'data'))
  const issuer = env.TOTP_ISSUER || 'totp-native example'
  const publicOrigin = parsePublicOrigin(env.PUBLIC_ORIGIN)
  const emailCodes = parseEmailCodes(env.EMAIL_CODES)
  const signInCeiling = parseSignInCeiling(env.SIGN_IN_CEILING)

  const store = await openStore({ databaseUrl: env.DATABASE_URL || undefined, dataDir, secretsKey: env.SECRETS_KEY })
  if (store.keyCreated) log(`generated a new secrets key in ${store.keyCreated} (mode 0600); keep it with the database`)
  const mailer = createMailer({
    smtpUrl: env.SMTP_URL || undefined,
    outboxDir: path.join(dataDir, 'outbox'),
    from: env.MAIL_FROM || `"${issuer}" <no-reply@localhost>`,
    logger: { info: log },
  })
  const app = createApp({
    store,
    mailer,
    issuer,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    publicOrigin,
    emailCodes,
    signInCeiling,
  })
  log(`data in ${store.describe}; mail via ${mailer.describe}`)
  log(
    `origin ${publicOrigin || "each request's own (set PUBLIC_ORIGIN behind a proxy)"}; e-mailed codes ${emailCodes ? 'on' : 'off'}; ` +
      `at most ${signInCeiling} sign-ins per client address in 15 minutes`,
  )

  const prune = setInterval(() => {
    const now = Date.now()
    store.prune({ now, throttlesBefore: now - LONGEST_WINDOW_MS }).catch((error) => log(`prune failed: ${error.message}`))
  }, PRUNE_EVERY_MS)
  prune.unref()

  const server = app.listen(port, host, () => {
    const { address, port: actual } = server.address()
    const shown = address.includes(':') ? `[${address}]` : address
    log(`totp-native example listening on http://${shown}:${actual}/`)
  })
  server.on('error', (error) => {
    console.error(`cannot listen on ${host}:${port}: ${error.message}`)
    process.exit(1)
  })

  let stopping = false
  function stop(signal) {
    if (stopping) return
    stopping = true
    log(`${signal}: shutting down`)
    clearInterval(prune)
    server.close(async () => {
      // Notices of changes already made still go out.
      await app.locals.mailSent()
      mailer.close()
      await store.close()
      process.exit(0)
    })
    // Keep-alive connections would hold close() open.
    server.closeAllConnections()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`totp-native example: ${error.message}`)
    process.exit(1)
  })
}

module.exports = { main, parseTrustProxy, parsePublicOrigin }
