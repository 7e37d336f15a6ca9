'use strict'

// Shared by the example's suites: a clock the tests move, a real SMTP server
// on loopback that collects what it receives, the app built in-process around
// them on either store, codes computed with otpauth — an implementation
// independent of totp-native — and the steps of the sign-in flow.

const path = require('node:path')
const OTPAuth = require('otpauth')
const { SMTPServer } = require('smtp-server')
const { createApp } = require('../app')
const { createMailer } = require('../mailer')
const { Client } = require('./support/client')
const { tempDir } = require('./support/targets')

/** A step boundary (2030-01-01T00:00:00Z is one), so tests know which step a time is in. */
const START = Date.UTC(2030, 0, 1)

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
 * A received message's subject and body as text: headers unfolded (RFC 5322
 * §2.2.3), a quoted-printable body decoded (RFC 2045 §6.7).
 */
function readMessage(raw) {
  const split = raw.indexOf('\r\n\r\n')
  const headers = raw.slice(0, split).replace(/\r\n[ \t]/g, ' ')
  let body = raw.slice(split + 4)
  if (/^Content-Transfer-Encoding: quoted-printable$/im.test(headers)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
    body = Buffer.from(bytes, 'latin1').toString('utf8')
  }
  const subject = (headers.match(/^Subject: (.*)$/m) || [])[1]
  return { subject, text: body.replace(/\r\n/g, '\n') }
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
        const raw = Buffer.concat(chunks).toString('utf8')
        const message = {
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          raw,
          ...readMessage(raw),
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

  /**
   * The next message to `address` whose subject and text match `subject` and
   * `text` if given (waits up to `timeout` ms).
   */
  async function mailTo(address, { timeout = 5000, after = 0, subject, text } = {}) {
    const deadline = Date.now() + timeout
    for (;;) {
      const found = messages
        .slice(after)
        .find(
          (message) =>
            message.to.includes(address) && (!subject || subject.test(message.subject)) && (!text || text.test(message.text)),
        )
      if (found) return found
      if (Date.now() > deadline) throw new Error(`no mail to ${address}${subject ? ` with subject ${subject}` : ''} within ${timeout} ms`)
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

/**
 * The app in-process on a store of `target` (support/targets.js), listening
 * on a free loopback port; `close()` stops it and closes the store and mailer.
 */
async function startApp({ target, clock = makeClock(), smtpUrl, secretsKey, issuer = 'Example Co', trustProxy, ...options }) {
  const logger = makeLogger()
  const store = await target.open({ secretsKey })
  const mailer = createMailer({
    smtpUrl,
    outboxDir: path.join(target.dataDir, 'outbox'),
    from: 'no-reply@example.com',
    logger,
  })
  const app = createApp({ store, mailer, clock, issuer, logger, trustProxy, ...options })
  const listener = await new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server))
  })
  const base = `http://127.0.0.1:${listener.address().port}`
  return {
    app,
    store,
    clock,
    logger,
    base,
    /** A new browser, with no cookie yet. */
    client: (headers) => new Client(base, headers),
    async close() {
      listener.closeAllConnections()
      await new Promise((resolve) => listener.close(resolve))
      await app.locals.mailSent?.()
      mailer.close()
      await store.close()
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

/** A password that passes the sign-up rules (at least 15 characters). */
const PASSWORD = 'correct horse battery staple'

/** Signs up `email` on `client` (which is then signed in); fails the test unless 201. */
async function signUp(client, email, password = PASSWORD) {
  const response = await client.post('/api/signup', { email, password })
  if (response.status !== 201) throw new Error(`sign-up of ${email}: ${response.status} ${response.text}`)
  return response
}

/**
 * Enrolls (with the password, as two-factor sign-in is off) and confirms the
 * app on a signed-in `client` at `now`: resolves `{ uri, recoveryCodes, step }`
 * (the step whose code confirmed it, now used).
 */
async function enableTwoFactor(client, now, password = PASSWORD) {
  const enrolled = await client.post('/api/2fa/enroll', { password })
  if (enrolled.status !== 201) throw new Error(`enroll: ${enrolled.status} ${enrolled.text}`)
  const { uri } = enrolled.body
  const confirmed = await client.post('/api/2fa/confirm', { code: codeAt(uri, now) })
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${confirmed.text}`)
  return { uri, recoveryCodes: confirmed.body.recoveryCodes, step: Math.floor(now / 30000) }
}

module.exports = {
  START,
  PASSWORD,
  tempDir,
  makeClock,
  makeLogger,
  startSmtp,
  startApp,
  authenticator,
  codeAt,
  signUp,
  enableTwoFactor,
}
