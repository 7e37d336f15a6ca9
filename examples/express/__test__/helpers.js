'use strict'

// Shared by the example's suites: a temporary data directory, a clock the
// tests move, a real SMTP server on loopback that collects what it receives,
// the app built in-process around them, and codes computed with otpauth —
// an implementation independent of totp-native.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const OTPAuth = require('otpauth')
const { SMTPServer } = require('smtp-server')
const { createApp } = require('../app')
const { openStore } = require('../store')
const { createMailer } = require('../mailer')

/** A step boundary (2030-01-01T00:00:00Z is one), so tests know which step a time is in. */
const START = Date.UTC(2030, 0, 1)

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'totp-example-'))
}

function makeClock(start = START) {
  let now = start
  return {
    now: () => now,
    advance(ms) {
      now += ms
    },
  }
}

/** A logger that keeps its lines, so tests can check what would have been logged. */
function makeLogger() {
  const lines = []
  return { lines, info: (line) => lines.push(line), error: (line) => lines.push(line) }
}

/**
 * An SMTP server on 127.0.0.1 and a free port, without TLS or auth (loopback
 * only), that keeps every message it receives.
 */
async function startSmtp() {
  const messages = []
  const waiting = []
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = []
      stream.on('data', (chunk) => chunks.push(chunk))
      stream.on('end', () => {
        const message = {
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          raw: Buffer.concat(chunks).toString('utf8'),
        }
        messages.push(message)
        for (const waiter of waiting.splice(0)) waiter()
        callback()
      })
    },
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.server.address()

  /** The next message to `address` (waits up to `timeout` ms). */
  async function mailTo(address, { timeout = 5000, after = 0 } = {}) {
    const deadline = Date.now() + timeout
    for (;;) {
      const found = messages.slice(after).find((message) => message.to.includes(address))
      if (found) return found
      if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeout} ms`)
      await new Promise((resolve) => {
        waiting.push(resolve)
        setTimeout(resolve, 50)
      })
    }
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    mailTo,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

/** The app in-process on a store in `dataDir`; close() closes the store and mailer. */
function buildApp({ dataDir, clock = makeClock(), smtpUrl, secretsKey, issuer = 'Example Co' }) {
  const logger = makeLogger()
  const store = openStore({ dataDir, secretsKey })
  const mailer = createMailer({ smtpUrl, outboxDir: path.join(dataDir, 'outbox'), from: 'no-reply@example.com', logger })
  const app = createApp({ store, mailer, clock, issuer, logger })
  return {
    app,
    store,
    clock,
    logger,
    close() {
      mailer.close()
      store.close()
    },
  }
}

/** An otpauth TOTP for an enrollment's URI: the authenticator app's side. */
function authenticator(uri) {
  return OTPAuth.URI.parse(uri)
}

/** The code the authenticator shows at `timestamp`. */
function codeAt(uri, timestamp) {
  return authenticator(uri).generate({ timestamp })
}

module.exports = { START, tempDir, makeClock, makeLogger, startSmtp, buildApp, authenticator, codeAt }
