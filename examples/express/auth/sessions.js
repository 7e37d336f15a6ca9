'use strict'

// Server-side sessions in the app's own store (a table beside the users), not
// express-session: the two stores share one interface with the rest of the
// state, a session can be upgraded from "password verified" to "signed in"
// in one conditional statement that two instances cannot both win, and the
// cookie carries only a random token whose SHA-256 is the row's key — so a
// copy of the database holds no usable session.
//
// OWASP Session Management Cheat Sheet: 256-bit random ids, a new id after
// each factor (and after every change of the second factor), HttpOnly,
// SameSite=Strict, Secure (with the __Host- prefix) over HTTPS, non-persistent
// cookies, an idle and an absolute timeout enforced on the server.

const crypto = require('node:crypto')

const TIMEOUTS = {
  /** A session that has passed the password only: time to type a code. */
  secondFactorMs: 5 * 60 * 1000,
  /** A signed-in session unused this long expires... */
  idleMs: 30 * 60 * 1000,
  /** ...and any signed-in session this long after sign-in. */
  absoluteMs: 12 * 60 * 60 * 1000,
}
// A signed-in session's expiry is pushed forward at most once a minute: not a write per request.
const EXTEND_AFTER_MS = 60 * 1000
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/ // 32 bytes, base64url

const hashToken = (token) => crypto.createHash('sha256').update(token).digest()

/** The cookie's name: the __Host- prefix makes browsers insist on Secure, Path=/ and no Domain. */
const cookieName = (req) => (req.secure ? '__Host-sid' : 'sid')

function readToken(req) {
  const header = req.headers.cookie
  if (!header) return undefined
  const name = cookieName(req)
  for (const part of header.split(';')) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === name) {
      const value = part.slice(at + 1).trim()
      return TOKEN_PATTERN.test(value) ? value : undefined
    }
  }
  return undefined
}

/**
 * @param {{ store: import('../stores').Store, clock: { now(): number } }} deps
 */
function createSessions({ store, clock }) {
  const cookieOptions = (req) => ({ httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' })

  function fresh(userId, stage, now, createdAt = now) {
    const token = crypto.randomBytes(32).toString('base64url')
    const expiresAt =
      stage === 'password'
        ? now + TIMEOUTS.secondFactorMs
        : Math.min(now + TIMEOUTS.idleMs, createdAt + TIMEOUTS.absoluteMs)
    return { token, session: { idHash: hashToken(token), userId, stage, createdAt, expiresAt } }
  }

  function setCookie(req, res, token) {
    res.cookie(cookieName(req), token, cookieOptions(req))
  }

  return {
    /** Middleware: `req.session` is the request's live session, or undefined. */
    async load(req, _res, next) {
      const token = readToken(req)
      if (token === undefined) return next()
      const idHash = hashToken(token)
      const now = clock.now()
      const row = await store.getSession(idHash, now)
      if (row === undefined) return next()
      if (row.stage === 'full') {
        const wanted = Math.min(now + TIMEOUTS.idleMs, row.createdAt + TIMEOUTS.absoluteMs)
        if (wanted - row.expiresAt >= EXTEND_AFTER_MS) {
          await store.extendSession(idHash, wanted)
          row.expiresAt = wanted
        }
      }
      req.session = { idHash, ...row }
      next()
    },

    /** A new session for `userId` at `stage`, replacing the request's own, if any. */
    async start(req, res, userId, stage) {
      if (req.session) await store.deleteSession(req.session.idHash)
      const { token, session } = fresh(userId, stage, clock.now())
      await store.createSession(session)
      setCookie(req, res, token)
      req.session = session
    },

    /**
     * Swaps the request's session (at `stage`) for a new signed-in one, under a
     * new id. False when the session was already swapped — by a concurrent
     * request, on any instance — so one half-signed session upgrades once.
     */
    async promote(req, res) {
      const now = clock.now()
      const old = req.session
      const createdAt = old.stage === 'full' ? old.createdAt : now
      const { token, session } = fresh(old.userId, 'full', now, createdAt)
      if (!(await store.replaceSession(old.idHash, old.stage, session, now))) return false
      setCookie(req, res, token)
      req.session = session
      return true
    },

    /**
     * Swaps the request's half-signed session for a signed-in one, spending
     * the recovery code `code` in the same transaction: 'ok', or 'used' (no
     * such unused code) or 'gone' (the session was swapped already), and then
     * neither the code nor the session has changed.
     */
    async promoteWithRecoveryCode(req, res, code) {
      const now = clock.now()
      const old = req.session
      const { token, session } = fresh(old.userId, 'full', now)
      const outcome = await store.replaceSessionWithRecoveryCode(old.idHash, session, code, now)
      if (outcome !== 'ok') return outcome
      setCookie(req, res, token)
      req.session = session
      return outcome
    },

    async end(req, res) {
      if (req.session) await store.deleteSession(req.session.idHash)
      res.clearCookie(cookieName(req), cookieOptions(req))
      req.session = undefined
    },
  }
}

module.exports = { createSessions, TIMEOUTS, hashToken }
