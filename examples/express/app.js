'use strict'

// The Express application: accounts with a password, server-side sessions,
// and a second factor (an authenticator app, recovery codes, or a code by
// e-mail) on totp-native, with a security notice mailed for every change of
// it. Everything with state or side effects comes in as an argument (the
// store, the mailer, the clock), so tests build the app in-process on either
// store, with a real SMTP server on loopback and a clock they move.

const path = require('node:path')
const express = require('express')
const { enroll, validate, generate, timeStep } = require('totp-native')
const passwords = require('./auth/passwords')
const { createSessions } = require('./auth/sessions')
const { makeRecoveryCodes, normalizeRecoveryCode } = require('./auth/recovery-codes')
const { notice } = require('./notices')

/** The TOTP period used throughout (the authenticator apps' default). */
const PERIOD_SECONDS = 30

const MINUTE = 60 * 1000
/**
 * Attempts allowed per window. Each counts before the check it guards, in one
 * atomic statement of the store, so concurrent attempts on any number of
 * instances add up to one count.
 */
const LIMITS = {
  /** Wrong passwords for one address (unknown addresses alike); a sign-in clears it. */
  signInPerAccount: { max: 10, windowMs: 15 * MINUTE },
  /** Wrong passwords from one client address, whatever the account: slows spraying one password over many. */
  signInPerAddress: { max: 100, windowMs: 15 * MINUTE },
  /**
   * Right passwords from one client address (SIGN_IN_CEILING): each costs an
   * argon2id verification, so a flood of correct sign-ins from one address
   * is not free. Generous: a few hundred people behind one NAT sign in
   * within a quarter of an hour.
   */
  signInCeiling: { max: 300, windowMs: 15 * MINUTE },
  /** New accounts from one client address. */
  signUpPerAddress: { max: 20, windowMs: 60 * MINUTE },
  /** Wrong second-factor codes (app, recovery or mailed) for one account; a success clears it. */
  secondFactor: { max: 5, windowMs: 15 * MINUTE },
  /**
   * Wrong second-factor codes from one client address, whatever the account:
   * with many stolen passwords, the per-account limit alone would let one
   * client guess on every account in turn.
   */
  secondFactorPerAddress: { max: 20, windowMs: 15 * MINUTE },
  /** Code mails to one account: the endpoint must not be a mail cannon. */
  mail: { max: 5, windowMs: 15 * MINUTE },
}
/** How far back `prune` may forget throttle windows: the longest of them. */
const LONGEST_WINDOW_MS = Math.max(...Object.values(LIMITS).map((limit) => limit.windowMs))

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

/**
 * The password as typed, checked. Lengths count the characters of its
 * normalized form, which is what is hashed.
 */
function passwordField(body, { forNewAccount }) {
  const { password } = body
  if (typeof password !== 'string') throw new HttpError(400, 'password must be a string')
  // JSON can carry half of a UTF-16 surrogate pair alone ("\ud800"); it has
  // no UTF-8 form, and hashing would silently make it U+FFFD, so two
  // different passwords would be one.
  if (!password.isWellFormed()) {
    throw new HttpError(400, 'password is not valid Unicode text: it has a lone surrogate (half of a UTF-16 pair)')
  }
  const length = [...passwords.normalizePassword(password)].length
  if (length > passwords.MAX_PASSWORD_LENGTH) {
    throw new HttpError(400, `password must be at most ${passwords.MAX_PASSWORD_LENGTH} characters`)
  }
  if (forNewAccount && length < passwords.MIN_PASSWORD_LENGTH) {
    throw new HttpError(400, `password must be at least ${passwords.MIN_PASSWORD_LENGTH} characters`)
  }
  if (length === 0) throw new HttpError(400, 'password must not be empty')
  if (forNewAccount && passwords.UNASSIGNED.test(password)) {
    throw new HttpError(400, 'password has a character Unicode has not assigned yet')
  }
  return password
}

function codeField(body, name = 'code') {
  if (typeof body[name] !== 'string') throw new HttpError(400, `${name} must be a string (as typed, leading zeros kept)`)
  return body[name].trim()
}

/**
 * The proof a sensitive change asks for when two-factor sign-in is on:
 * `{ code }` from the app or `{ recoveryCode }`.
 */
function proofField(body) {
  if (typeof body.code === 'string') return { kind: 'totp', value: body.code.trim() }
  if (typeof body.recoveryCode === 'string') return { kind: 'recovery', value: body.recoveryCode }
  throw new HttpError(400, 'this change needs a current code from your app (code) or a recovery code (recoveryCode)')
}

const consoleLogger = {
  info: (message) => console.log(`${new Date().toISOString()} ${message}`),
  error: (message) => console.error(`${new Date().toISOString()} ${message}`),
}

/**
 * @param {object} options
 * @param {import('./stores').Store} options.store
 * @param {ReturnType<import('./mailer').createMailer>} options.mailer
 * @param {{ now(): number }} [options.clock] the time in ms; tests move it
 * @param {string} [options.issuer] the name authenticator apps show
 * @param {boolean | string | number} [options.trustProxy] Express's `trust proxy`: whose
 *   X-Forwarded-For/-Proto to believe (client address for throttles; HTTPS for Secure cookies)
 * @param {string} [options.publicOrigin] the origin browsers reach the app at (PUBLIC_ORIGIN),
 *   e.g. https://app.example.com; unset, a request's own scheme and Host header
 * @param {boolean} [options.emailCodes] false: no code is mailed, whatever an account chose (EMAIL_CODES=off)
 * @param {number} [options.signInCeiling] correct sign-ins allowed per client address in 15 minutes
 * @param {{ info(m: string): void, error(m: string): void }} [options.logger]
 */
function createApp({
  store,
  mailer,
  clock = { now: Date.now },
  issuer = 'totp-native example',
  trustProxy = false,
  publicOrigin,
  emailCodes = true,
  signInCeiling = LIMITS.signInCeiling.max,
  logger = consoleLogger,
}) {
  const sessions = createSessions({ store, clock })
  const ceiling = { ...LIMITS.signInCeiling, max: signInCeiling }

  async function take(limit, key, now) {
    const { count, windowStart } = await store.takeThrottle(key, limit.windowMs, now)
    if (count > limit.max) {
      const retryAfter = Math.max(1, Math.ceil((windowStart + limit.windowMs - now) / 1000))
      throw new HttpError(429, 'too many attempts; try again later', { 'Retry-After': String(retryAfter) })
    }
    return { key, windowStart }
  }

  // Mail goes out after the answer, and a failure is logged, not answered:
  // nothing about delivery is told to the client. The ones on their way are
  // kept, so that a stopping server (and a test) can wait for them.
  const outgoing = new Set()
  function deliver(userId, what, sending) {
    const settled = sending.then(
      () => logger.info(`account ${userId}: ${what} mailed`),
      (error) => logger.error(`could not mail account ${userId} (${what}): ${error.code || error.name}: ${error.message}`),
    )
    outgoing.add(settled)
    settled.then(() => outgoing.delete(settled))
  }

  /** Mails the account a security notice (notices.js) about this request. */
  function notify(req, userId, email, kind, details = {}) {
    const message = notice(kind, { issuer, email, at: clock.now(), address: req.ip, ...details })
    deliver(userId, `notice ${kind}`, mailer.send(message))
  }

  /**
   * One attempt at a second factor, counted for the account and for the
   * client address before it is checked; `succeeded()` clears the account's
   * count and takes the attempt off the address's.
   */
  async function secondFactorAttempt(userId, req, now) {
    const byAddress = await take(LIMITS.secondFactorPerAddress, `second-factor-address:${req.ip}`, now)
    const byAccount = await take(LIMITS.secondFactor, `second-factor:${userId}`, now)
    return {
      async succeeded() {
        await store.clearThrottle(byAccount.key)
        await store.refundThrottle(byAddress.key, byAddress.windowStart)
      },
    }
  }

  /**
   * The app's current code for the user's active secret, once: validate, then
   * compare-and-set the step. Resolves the step it was for, or undefined.
   */
  async function checkTotp(userId, code, now) {
    const totp = await store.getTotp(userId)
    if (!totp) return undefined
    // `after` refuses the step last accepted and every earlier one (RFC 6238 §5.2).
    const match = validate(code, totp.secret, { timestamp: now, period: PERIOD_SECONDS, after: totp.lastStep })
    return match !== null && (await store.markStepUsed(userId, match.timeStep)) ? match.timeStep : undefined
  }

  /**
   * Throws 401 (or 429) unless `proof` is a current app code or an unused
   * recovery code of the user's, which it then spends. Resolves the app
   * code's step.
   */
  async function requireSecondFactor(userId, proof, req, now) {
    const attempt = await secondFactorAttempt(userId, req, now)
    let step
    let ok = false
    if (proof.kind === 'totp') {
      step = await checkTotp(userId, proof.value, now)
      ok = step !== undefined
    } else {
      const code = normalizeRecoveryCode(proof.value)
      ok = code !== undefined && (await store.useRecoveryCode(userId, code, now))
    }
    if (!ok) throw new HttpError(401, proof.kind === 'totp' ? 'invalid code' : 'invalid recovery code')
    await attempt.succeeded()
    return step
  }

  /**
   * The account's password, checked under the sign-in throttles (a wrong one
   * counts as a failed sign-in). Resolves the user, or undefined for a wrong
   * password or unknown address; a hash from older parameters, or of the
   * password as typed before passwords were normalized, is made again.
   */
  async function checkPasswordOf(email, password, req, now) {
    const byAddress = await take(LIMITS.signInPerAddress, `sign-in-address:${req.ip}`, now)
    const byAccount = await take(LIMITS.signInPerAccount, `sign-in-account:${email}`, now)
    const user = await store.findUserByEmail(email)
    // An unknown address costs the same verification (against a decoy) and gets the same answer.
    let checked
    try {
      checked = await passwords.checkPassword(user, password)
    } catch (error) {
      // Refused unchecked (the hashing queue is full): no attempt was made.
      if (passwords.isBusy(error)) {
        await store.refundThrottle(byAccount.key, byAccount.windowStart)
        await store.refundThrottle(byAddress.key, byAddress.windowStart)
      }
      throw error
    }
    if (!checked.ok) return undefined
    await store.clearThrottle(byAccount.key)
    await store.refundThrottle(byAddress.key, byAddress.windowStart)
    if (checked.rehash) {
      try {
        await store.setPasswordHash(user.id, await passwords.hashPassword(passwords.normalizePassword(password)))
      } catch (error) {
        // The password was right: a full queue only puts the rehash off to the next sign-in.
        if (!passwords.isBusy(error)) throw error
      }
    }
    return user
  }

  function requireSignedIn(req) {
    if (!req.session) throw new HttpError(401, 'not signed in')
    if (req.session.stage !== 'full') throw new HttpError(401, 'second factor required: finish signing in first')
    return req.session
  }

  function requireHalfSignedIn(req) {
    if (!req.session || req.session.stage !== 'password') {
      throw new HttpError(401, 'no sign-in in progress: sign in with your password first')
    }
    return req.session
  }

  async function promote(req, res) {
    if (!(await sessions.promote(req, res))) throw new HttpError(401, 'this sign-in was already completed or has expired')
  }

  /**
   * After the second factor changed: the account's other sessions end, and
   * this one gets a new id. The change is made already, so it is answered
   * even if a concurrent request renewed this session first — then every
   * session of the account ends, that one too.
   */
  async function renewAfterFactorChange(req, res) {
    const { userId, idHash } = req.session
    const renewed = await sessions.promote(req, res)
    await store.deleteOtherSessions(userId, renewed ? req.session.idHash : idHash)
  }

  /** Which second factors a half-signed session of this account is offered. */
  const methodsFor = (user) => ['totp', 'recovery-code', ...(emailCodes && user.emailCodes ? ['email'] : [])]

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', trustProxy)
  /** Resolves once every mail on its way has been handed to the mail server (or failed). */
  app.locals.mailSent = () => Promise.all([...outgoing])

  app.use((req, res, next) => {
    const started = process.hrtime.bigint()
    // Only method, path and status: bodies hold passwords and codes, and query strings are not ours to log.
    // The path is read now: routers rewrite req.path on the way down.
    const { method, path: route } = req
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      logger.info(`${method} ${route} ${res.statusCode} ${ms.toFixed(1)}ms`)
    })
    res.set({
      // The page shows a secret, a QR code and recovery codes, and the API
      // answers carry them: no copy may be kept, by the browser or on the way.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy':
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; " +
        "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      // No window of another origin keeps a handle on the page, no other
      // origin embeds its files, and it asks for no device.
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    })
    if (req.secure) res.set('Strict-Transport-Security', 'max-age=31536000')
    next()
  })

  app.use(express.static(path.join(__dirname, 'public'), { index: 'index.html', cacheControl: false }))

  const api = express.Router()
  api.use((req, _res, next) => {
    // Cross-site request forgery: every state-changing call must come from
    // this origin. Browsers say where a request comes from (Sec-Fetch-Site;
    // Origin on every cross-origin POST), and a page elsewhere can change
    // neither; clients that are not browsers send neither, and carry no
    // victim's cookie either. SameSite=Strict and the JSON-only bodies are
    // the second and third lines of this defence. The Host header is the
    // client's to choose, so where the public origin is known it is that
    // one (PUBLIC_ORIGIN) that Origin must be.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const site = req.get('sec-fetch-site')
      const origin = req.get('origin')
      const expected = publicOrigin ?? `${req.protocol}://${req.host}`
      if ((site !== undefined && site !== 'same-origin') || (origin !== undefined && origin !== expected)) {
        throw new HttpError(403, 'cross-site request refused')
      }
    }
    next()
  })
  api.use(express.json({ limit: '4kb' }))
  api.use(sessions.load)

  /** Where the caller stands, and half-signed, which second factors it is offered: the page asks on load. */
  api.get('/session', async (req, res) => {
    if (!req.session) return res.json({ stage: 'none' })
    if (req.session.stage === 'full') return res.json({ stage: 'full' })
    const account = await store.getAccount(req.session.userId)
    res.json({ stage: 'second-factor', methods: methodsFor(account) })
  })

  api.post('/signup', async (req, res) => {
    const body = requireBody(req)
    const email = normalizeEmail(body.email)
    const password = passwordField(body, { forNewAccount: true })
    const now = clock.now()
    await take(LIMITS.signUpPerAddress, `sign-up-address:${req.ip}`, now)
    const userId = await store.createUser(email, await passwords.hashPassword(passwords.normalizePassword(password)), now)
    // Sign-up cannot help telling that an address has an account (short of
    // confirming addresses by mail first); the per-address limit slows
    // anyone who would list them that way.
    if (userId === undefined) throw new HttpError(409, 'an account with this address already exists: sign in instead')
    await sessions.start(req, res, userId, 'full')
    logger.info(`account ${userId} created`)
    res.status(201).json({ stage: 'full' })
  })

  api.post('/signin', async (req, res) => {
    const body = requireBody(req)
    const email = normalizeEmail(body.email)
    const password = passwordField(body, { forNewAccount: false })
    const now = clock.now()
    // Counted before the check, like every throttle: once over the ceiling,
    // a flood costs no argon2 time. A wrong password gives its place back.
    const signIns = await take(ceiling, `sign-ins-address:${req.ip}`, now)
    let user
    try {
      user = await checkPasswordOf(email, password, req, now)
    } finally {
      if (!user) await store.refundThrottle(signIns.key, signIns.windowStart)
    }
    if (!user) {
      logger.info('sign-in refused: wrong address or password')
      throw new HttpError(401, 'wrong e-mail address or password')
    }
    const stage = user.totpEnabled ? 'password' : 'full'
    await sessions.start(req, res, user.id, stage)
    logger.info(`account ${user.id}: password accepted${user.totpEnabled ? ', second factor next' : ''}`)
    res.json(stage === 'full' ? { stage: 'full' } : { stage: 'second-factor', methods: methodsFor(user) })
  })

  api.post('/signin/totp', async (req, res) => {
    const code = codeField(requireBody(req))
    const session = requireHalfSignedIn(req)
    const step = await requireSecondFactor(session.userId, { kind: 'totp', value: code }, req, clock.now())
    await promote(req, res)
    // A mailed code is the app's code of its step: the step mailed to this
    // sign-in is what tells that the mailbox was (or could have been) used.
    const byMail = session.mailedStep === step
    logger.info(`account ${session.userId}: signed in with ${byMail ? 'a mailed' : 'an app'} code`)
    const account = byMail && (await store.getAccount(session.userId))
    res.json({ stage: 'full' })
    if (account) notify(req, session.userId, account.email, 'signed-in-with-email-code')
  })

  // The recovery code is spent in the same transaction that swaps the
  // half-signed session for a signed-in one: of several codes sent at once
  // on one session, one signs in and the others stay unused.
  api.post('/signin/recovery', async (req, res) => {
    const code = normalizeRecoveryCode(codeField(requireBody(req)))
    const session = requireHalfSignedIn(req)
    const now = clock.now()
    const attempt = await secondFactorAttempt(session.userId, req, now)
    const outcome = code === undefined ? 'used' : await sessions.promoteWithRecoveryCode(req, res, code)
    if (outcome === 'gone') throw new HttpError(401, 'this sign-in was already completed or has expired')
    if (outcome !== 'ok') throw new HttpError(401, 'invalid recovery code')
    await attempt.succeeded()
    const { email, recoveryCodesLeft } = await store.getAccount(session.userId)
    logger.info(`account ${session.userId}: signed in with a recovery code, ${recoveryCodesLeft} left`)
    res.json({ stage: 'full', recoveryCodesLeft })
    notify(req, session.userId, email, 'signed-in-with-recovery-code', { recoveryCodesLeft })
  })

  // The seeds' "e-mail me the code": the app's code for this step, by mail.
  // Whoever reads the mailbox then has a second factor, weaker than the app:
  // the account chooses whether to allow it, and EMAIL_CODES=off forbids it
  // for all. 202 before the mail is out, and nothing said about delivery.
  api.post('/signin/email-code', async (req, res) => {
    const session = requireHalfSignedIn(req)
    if (!emailCodes) throw new HttpError(403, 'e-mailed codes are turned off on this server')
    const now = clock.now()
    const [account, totp] = await Promise.all([store.getAccount(session.userId), store.getTotp(session.userId)])
    if (account && !account.emailCodes) throw new HttpError(403, 'e-mailed codes are turned off for this account')
    await take(LIMITS.mail, `mail:${session.userId}`, now)
    res.status(202).json({ ok: true })
    if (!account || !totp) return

    // The current step's code, unless that step is already used (the person
    // just used the app elsewhere): then the next step's, which verification
    // accepts too (validate's default window is one step either side).
    const current = timeStep({ timestamp: now, period: PERIOD_SECONDS })
    const step = totp.lastStep === undefined ? current : Math.max(current, totp.lastStep + 1)
    if (step > current + 1) {
      logger.info(`account ${session.userId}: no code mailed, its next codes are already used`)
      return
    }
    try {
      await store.setMailedStep(session.idHash, step)
    } catch (error) {
      logger.error(`account ${session.userId}: no code mailed: ${error.code || error.name}: ${error.message}`)
      return
    }
    const stepMs = PERIOD_SECONDS * 1000
    const code = generate(totp.secret, { timestamp: step * stepMs, period: PERIOD_SECONDS })
    // Accepted until the step after its own ends.
    const validSeconds = Math.floor(((step + 2) * stepMs - now) / 1000)
    deliver(session.userId, 'code', mailer.sendCode({ to: account.email, code, validSeconds, issuer }))
  })

  api.post('/signout', async (req, res) => {
    await sessions.end(req, res)
    res.json({ stage: 'none' })
  })

  // The page offers it after a recovery-code sign-in: whoever used the
  // code may not have been the only one holding a session.
  api.post('/signout/others', async (req, res) => {
    const session = requireSignedIn(req)
    await store.deleteOtherSessions(session.userId, session.idHash)
    logger.info(`account ${session.userId}: other sessions signed out`)
    res.json({ stage: 'full' })
  })

  api.get('/me', async (req, res) => {
    const session = requireSignedIn(req)
    const account = await store.getAccount(session.userId)
    res.json({
      email: account.email,
      twoFactor: { enabled: account.totpEnabled, pending: account.totpPending, enabledAt: account.totpEnabledAt ?? null },
      emailCodes: { enabled: account.emailCodes, available: emailCodes },
      recoveryCodesLeft: account.recoveryCodesLeft,
    })
  })

  // A new secret, pending until its first code confirms it. With two-factor
  // sign-in off, only with the account's password again (step-up): a stolen
  // session alone must not put a second factor of the thief's on the account
  // and lock its owner out. With it on, only with a current code or a
  // recovery code: a stolen session alone must not move it to another phone.
  api.post('/2fa/enroll', async (req, res) => {
    const body = requireBody(req)
    const session = requireSignedIn(req)
    const now = clock.now()
    const account = await store.getAccount(session.userId)
    if (account.totpEnabled) await requireSecondFactor(session.userId, proofField(body), req, now)
    else {
      if (body.password === undefined) {
        throw new HttpError(400, 'turning on two-factor sign-in needs your password (password)')
      }
      const password = passwordField(body, { forNewAccount: false })
      if (!(await checkPasswordOf(account.email, password, req, now))) throw new HttpError(401, 'wrong password')
    }
    const { secret, uri, qrDataUrl } = await enroll({ account: account.email, issuer, period: PERIOD_SECONDS })
    await store.setPendingTotp(session.userId, secret, now)
    logger.info(`account ${session.userId}: new secret pending`)
    res.status(201).json({ uri, qrDataUrl })
  })

  api.post('/2fa/confirm', async (req, res) => {
    const code = codeField(requireBody(req))
    const session = requireSignedIn(req)
    const now = clock.now()
    const attempt = await secondFactorAttempt(session.userId, req, now)
    const [account, pending] = await Promise.all([store.getAccount(session.userId), store.getPendingTotp(session.userId)])
    if (!pending) throw new HttpError(409, 'no pending enrollment: start one with POST /api/2fa/enroll')
    const match = validate(code, pending.secret, { timestamp: now, period: PERIOD_SECONDS })
    if (!match) throw new HttpError(401, 'invalid code')
    const recoveryCodes = makeRecoveryCodes()
    if (!(await store.activateTotp(session.userId, pending.sealed, match.timeStep, recoveryCodes, now))) {
      throw new HttpError(409, 'the pending enrollment changed meanwhile: scan the newest QR code')
    }
    await attempt.succeeded()
    await renewAfterFactorChange(req, res)
    logger.info(`account ${session.userId}: two-factor sign-in ${account.totpEnabled ? 'moved to a new secret' : 'on'}`)
    res.json({ recoveryCodes })
    notify(req, session.userId, account.email, account.totpEnabled ? 'authenticator-replaced' : 'two-factor-on')
  })

  api.post('/2fa/disable', async (req, res) => {
    const body = requireBody(req)
    const session = requireSignedIn(req)
    const account = await store.getAccount(session.userId)
    // A pending secret alone protects nothing yet: it is dropped without a code.
    if (account.totpEnabled) await requireSecondFactor(session.userId, proofField(body), req, clock.now())
    await store.disableTotp(session.userId)
    await renewAfterFactorChange(req, res)
    logger.info(`account ${session.userId}: two-factor sign-in off`)
    res.json({ twoFactor: { enabled: false, pending: false } })
    if (account.totpEnabled) notify(req, session.userId, account.email, 'two-factor-off')
  })

  // New codes void the old ones, and end the account's other sessions: the
  // codes may be asked for because someone else saw or used the old ones.
  api.post('/2fa/recovery-codes', async (req, res) => {
    const body = requireBody(req)
    const session = requireSignedIn(req)
    const account = await store.getAccount(session.userId)
    if (!account.totpEnabled) throw new HttpError(409, 'two-factor sign-in is off: there are no recovery codes')
    await requireSecondFactor(session.userId, proofField(body), req, clock.now())
    const recoveryCodes = makeRecoveryCodes()
    await store.replaceRecoveryCodes(session.userId, recoveryCodes)
    await renewAfterFactorChange(req, res)
    logger.info(`account ${session.userId}: new recovery codes`)
    res.json({ recoveryCodes })
    notify(req, session.userId, account.email, 'recovery-codes-replaced')
  })

  // The account's choice of e-mailed codes. Turning them off weakens nothing;
  // turning them back on with two-factor sign-in on lets the mailbox stand in
  // for the phone, so it needs a code or a recovery code, as any change of
  // the second factor does.
  api.post('/2fa/email-codes', async (req, res) => {
    const body = requireBody(req)
    const session = requireSignedIn(req)
    if (typeof body.enabled !== 'boolean') throw new HttpError(400, 'enabled must be true or false')
    const account = await store.getAccount(session.userId)
    if (body.enabled && !account.emailCodes && account.totpEnabled) {
      await requireSecondFactor(session.userId, proofField(body), req, clock.now())
    }
    await store.setEmailCodes(session.userId, body.enabled)
    logger.info(`account ${session.userId}: e-mailed codes ${body.enabled ? 'allowed' : 'refused'}`)
    res.json({ emailCodes: { enabled: body.enabled, available: emailCodes } })
    if (body.enabled !== account.emailCodes && account.totpEnabled) {
      notify(req, session.userId, account.email, body.enabled ? 'email-codes-on' : 'email-codes-off')
    }
  })

  api.use((req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${req.baseUrl}${req.path}` })
  })
  app.use('/api', api)

  // JSON errors: a message, never a stack. body-parser's errors carry a
  // status (400 bad JSON, 413 too large, 415 bad charset); anything else is
  // ours and logged without the request.
  // eslint-disable-next-line no-unused-vars
  app.use((error, req, res, _next) => {
    if (error instanceof HttpError) {
      return res.status(error.status).set(error.headers).json({ error: error.message })
    }
    if (passwords.isBusy(error)) {
      logger.info(`${req.method} ${req.originalUrl.split('?')[0]}: refused, ${error.message}`)
      return res.status(503).set('Retry-After', '1').json({ error: 'the server is busy: try again in a moment' })
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

module.exports = { createApp, normalizeEmail, LIMITS, LONGEST_WINDOW_MS, PERIOD_SECONDS }
