'use strict'

// The Express application: enrollment, verification and e-mailed codes on
// totp-native. Everything with state or side effects comes in as an argument
// (the store, the mailer, the clock), so tests build the app in-process with
// a temporary store, a real SMTP server on loopback and a clock they move.

const path = require('node:path')
const express = require('express')
const { enroll, validate, generate, timeStep } = require('totp-native')

/** Failed verifications an account may have within `FAILURE_WINDOW_MS` before it gets 429. */
const MAX_FAILURES = 5
const FAILURE_WINDOW_MS = 15 * 60 * 1000
/** Mails an account may be sent within `MAIL_WINDOW_MS`: the endpoint must not be a mail cannon. */
const MAX_MAILS = 5
const MAIL_WINDOW_MS = 15 * 60 * 1000
/** The TOTP period used throughout (the authenticator apps' default). */
const PERIOD_SECONDS = 30

// Unknown accounts are checked against this secret, so that an unknown
// address costs the same work as a known one and gets the same answer.
const DECOY_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

// The address syntax an <input type="email"> accepts (WHATWG HTML), lowercased
// by normalizeEmail first. It has no ':' — which an otpauth:// label cannot
// carry in its account part.
const EMAIL_PATTERN =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/

/** An HTTP error whose message is safe to show the client. */
class HttpError extends Error {
  constructor(status, message, headers = {}) {
    super(message)
    this.status = status
    this.headers = headers
  }
}

/** Trimmed and lowercased, so `Alice@Example.com ` and `alice@example.com` are one account. */
function normalizeEmail(value) {
  if (typeof value !== 'string') throw new HttpError(400, 'email must be a string')
  const email = value.trim().toLowerCase()
  if (email.length === 0) throw new HttpError(400, 'email must not be empty')
  if (email.length > 254 || !EMAIL_PATTERN.test(email)) throw new HttpError(400, 'email is not a valid address')
  return email
}

function requireBody(req) {
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
    throw new HttpError(400, 'expected a JSON object body (Content-Type: application/json)')
  }
  return req.body
}

/** Throws 429 when `email` has `max` attempts of `kind` within `windowMs` before `now`. */
function checkThrottle(store, email, kind, max, windowMs, now) {
  const { count, oldest } = store.recentAttempts(email, kind, now - windowMs)
  if (count < max) return
  const retryAfter = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000))
  throw new HttpError(429, 'too many attempts; try again later', { 'Retry-After': String(retryAfter) })
}

const consoleLogger = {
  info: (message) => console.log(`${new Date().toISOString()} ${message}`),
  error: (message) => console.error(`${new Date().toISOString()} ${message}`),
}

/**
 * @param {object} options
 * @param {ReturnType<import('./store').openStore>} options.store
 * @param {ReturnType<import('./mailer').createMailer>} options.mailer
 * @param {{ now(): number }} [options.clock] the time in ms; tests move it
 * @param {string} [options.issuer] the name authenticator apps show
 * @param {{ info(m: string): void, error(m: string): void }} [options.logger]
 */
function createApp({ store, mailer, clock = { now: Date.now }, issuer = 'totp-native example', logger = consoleLogger }) {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', false)

  app.use((req, res, next) => {
    const started = process.hrtime.bigint()
    // Only method, path and status: bodies hold codes, and query strings are not ours to log.
    // The path is read now: routers rewrite req.path on the way down.
    const { method, path: route } = req
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      logger.info(`${method} ${route} ${res.statusCode} ${ms.toFixed(1)}ms`)
    })
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy':
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    })
    next()
  })

  app.use(express.static(path.join(__dirname, 'public'), { index: 'index.html' }))

  const api = express.Router()
  api.use((req, res, next) => {
    // Responses carry secrets and live codes: never cache them.
    res.set('Cache-Control', 'no-store')
    next()
  })
  api.use(express.json({ limit: '4kb' }))

  // Enrollment replaces any earlier secret. In a real application this route
  // sits behind the first factor (a password session); the example has none.
  api.post('/enroll', async (req, res) => {
    const email = normalizeEmail(requireBody(req).email)
    const { secret, uri, qrDataUrl } = await enroll({ account: email, issuer, period: PERIOD_SECONDS })
    store.saveEnrollment(email, secret, clock.now())
    logger.info(`enrolled ${email}`)
    res.status(201).json({ uri, qrDataUrl })
  })

  api.post('/verify', (req, res) => {
    const body = requireBody(req)
    const email = normalizeEmail(body.email)
    if (typeof body.code !== 'string') throw new HttpError(400, 'code must be a string (as typed, leading zeros kept)')
    const now = clock.now()
    checkThrottle(store, email, 'verify-failure', MAX_FAILURES, FAILURE_WINDOW_MS, now)

    const enrollment = store.getEnrollment(email)
    const code = body.code.trim()
    // `after` refuses the step last accepted and every earlier one (RFC 6238 §5.2).
    const match = validate(code, enrollment ? enrollment.secret : DECOY_SECRET, {
      timestamp: now,
      period: PERIOD_SECONDS,
      after: enrollment ? enrollment.lastStep : undefined,
    })
    if (enrollment && match && store.markUsed(email, match.timeStep)) {
      store.clearAttempts(email, 'verify-failure')
      logger.info(`verified ${email}`)
      return res.json({ ok: true })
    }
    store.pruneAttempts(now - Math.max(FAILURE_WINDOW_MS, MAIL_WINDOW_MS))
    store.recordAttempt(email, 'verify-failure', now)
    logger.info(`verification failed for ${email}`)
    throw new HttpError(401, 'invalid code')
  })

  // 202 whether or not the address is enrolled, and before the mail is out:
  // the answer tells nothing about which addresses have accounts.
  api.post('/email-code', (req, res) => {
    const email = normalizeEmail(requireBody(req).email)
    const now = clock.now()
    checkThrottle(store, email, 'mail', MAX_MAILS, MAIL_WINDOW_MS, now)
    store.recordAttempt(email, 'mail', now)
    res.status(202).json({ ok: true })

    const enrollment = store.getEnrollment(email)
    if (!enrollment) return
    // The current step's code, unless that step is already used (the person
    // just signed in with the app): then the next step's, which verification
    // accepts too (validate's default window is one step either side).
    const current = timeStep({ timestamp: now, period: PERIOD_SECONDS })
    const step = enrollment.lastStep === undefined ? current : Math.max(current, enrollment.lastStep + 1)
    if (step > current + 1) {
      logger.info(`no code mailed to ${email}: its next codes are already used`)
      return
    }
    const stepMs = PERIOD_SECONDS * 1000
    const code = generate(enrollment.secret, { timestamp: step * stepMs, period: PERIOD_SECONDS })
    // Accepted until the step after its own ends.
    const validSeconds = Math.floor(((step + 2) * stepMs - now) / 1000)
    mailer
      .sendCode({ to: email, code, validSeconds, issuer })
      .then(() => logger.info(`code mailed to ${email}`))
      .catch((error) => logger.error(`could not mail ${email}: ${error.code || error.name}: ${error.message}`))
  })

  api.use((req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${req.baseUrl}${req.path}` })
  })
  app.use('/api', api)

  // JSON errors: a message, never a stack. body-parser's errors carry a
  // status (400 bad JSON, 413 too large, 415 bad charset); anything else is
  // ours and logged without the request.
  // eslint-disable-next-line no-unused-vars
  app.use((error, req, res, next) => {
    if (error instanceof HttpError) {
      return res.status(error.status).set(error.headers).json({ error: error.message })
    }
    if (error.type === 'entity.parse.failed') return res.status(400).json({ error: 'malformed JSON body' })
    if (error.type === 'entity.too.large') return res.status(413).json({ error: 'request body too large' })
    if (Number.isInteger(error.status) && error.status >= 400 && error.status < 500) {
      return res.status(error.status).json({ error: 'bad request' })
    }
    logger.error(`${req.method} ${req.originalUrl.split('?')[0]} failed: ${error.code || error.name}: ${error.message}`)
    res.status(500).json({ error: 'internal error' })
  })

  return app
}

module.exports = { createApp, normalizeEmail, MAX_FAILURES, FAILURE_WINDOW_MS, MAX_MAILS, MAIL_WINDOW_MS, PERIOD_SECONDS }
