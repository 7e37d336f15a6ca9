'use strict'

// The whole HTTP API on one store, through real HTTP on loopback: accounts
// and the password, sessions and their cookie, the second factor at sign-in
// (app code, recovery code, mailed code over a real SMTP server), the
// enrollment lifecycle, throttles, attacks, malformed requests, restarts and
// keys. api.sqlite.spec.js and api.postgres.spec.js run it on each store.
// Codes come from otpauth reading the enrollment URI, as an authenticator app
// would; the clock is the app's, moved by the tests.

const crypto = require('node:crypto')
const fs = require('node:fs')
const http = require('node:http')
const path = require('node:path')
const jsQR = require('jsqr')
const { PNG } = require('pngjs')
const { Client } = require('../support/client')
const { describeStore, makeTarget } = require('../support/targets')
const { dumpDatabase } = require('../support/dump')
const { LIMITS } = require('../../app')
const { START, PASSWORD, tempDir, makeClock, startSmtp, startApp, authenticator, codeAt, signUp, enableTwoFactor } =
  require('../helpers')

const STEP = 30 * 1000
const MINUTE = 60 * 1000
// A wrong code that can never be right, so that no test depends on luck.
const WRONG_CODE = 'xxxxxx'
const WRONG_RECOVERY = 'aaaaa-aaaaa'

/** Errors are JSON with a message and nothing else: no stack, no internals. */
function expectError(response, status, message) {
  expect({ status: response.status, body: response.body }).toEqual({
    status,
    body: { error: message === undefined ? expect.any(String) : expect.stringMatching(message) },
  })
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  expect(response.text).not.toMatch(/\bat .*\.js:\d+/)
}

function sessionCookie(response) {
  return response.setCookies.find((line) => /^(__Host-)?sid=/.test(line))
}

/** A POST with any Host header (fetch sends its own): what a client that is not a browser can do. */
function postWithHost(base, route, headers, body = {}) {
  const { hostname, port } = new URL(base)
  const payload = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const request = http.request(
      { hostname, port, path: route, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk) => (text += chunk))
        response.on('end', () => resolve({ status: response.statusCode, body: JSON.parse(text) }))
      },
    )
    request.on('error', reject)
    request.end(payload)
  })
}

/** The "When:" line of a notice for a time. */
const noticeTime = (ms) => `When: ${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`

module.exports = function apiSuite(kind) {
  describeStore(kind, `the API on ${kind}`, () => {
    let smtp
    let target
    let server // startApp()
    let clock

    beforeAll(async () => {
      smtp = await startSmtp()
      target = await makeTarget(kind)
    })
    afterAll(async () => {
      await smtp.close()
      target.destroy()
    })
    beforeEach(async () => {
      await target.reset()
      clock = makeClock()
      server = await startApp({ target, clock, smtpUrl: smtp.url, trustProxy: 'loopback' })
    })
    afterEach(() => server.close())

    /** `count` six-digit codes that are none of the codes `uri` accepts now: wrong for sure, not by luck. */
    function wrongDigits(uri, count) {
      const valid = [-1, 0, 1].map((steps) => codeAt(uri, clock.now() + steps * STEP))
      const codes = []
      for (let n = 123456; codes.length < count; n++) if (!valid.includes(String(n))) codes.push(String(n))
      return codes
    }

    /** A signed-up user with two-factor sign-in on (confirmed at START), signed in on `client`. */
    async function userWithTwoFactor(email = 'alice@example.com', headers) {
      const client = server.client(headers)
      await signUp(client, email)
      const { uri, recoveryCodes } = await enableTwoFactor(client, clock.now())
      return { client, uri, recoveryCodes, email }
    }

    /** A new browser that has passed the password of `email` (2FA on): half-signed. */
    async function halfSignedIn(email = 'alice@example.com', headers) {
      const client = server.client(headers)
      const response = await client.post('/api/signin', { email, password: PASSWORD })
      expect(response.status).toBe(200)
      expect(response.body).toEqual({ stage: 'second-factor', methods: ['totp', 'recovery-code', 'email'] })
      return client
    }

    describe('the page', () => {
      test('is served with its script and stylesheet under a strict content security policy', async () => {
        const client = server.client()
        const page = await client.get('/')
        expect(page.status).toBe(200)
        expect(page.headers.get('content-type')).toMatch(/^text\/html/)
        expect(page.text).toMatch(/<form id="signin-form"/)
        expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/)
        expect(page.headers.get('x-powered-by')).toBeNull()
        expect((await client.get('/main.js')).headers.get('content-type')).toMatch(/javascript/)
        expect((await client.get('/style.css')).headers.get('content-type')).toMatch(/css/)
      })
    })

    describe('sign-up', () => {
      test('creates the account and signs it in with an HttpOnly, SameSite=Strict session cookie', async () => {
        const client = server.client()
        expect((await client.get('/api/session')).body).toEqual({ stage: 'none' })
        const response = await client.post('/api/signup', { email: '  Alice@Example.COM ', password: PASSWORD })
        expect(response.status).toBe(201)
        expect(response.body).toEqual({ stage: 'full' })
        expect(response.headers.get('cache-control')).toBe('no-store')
        const cookie = sessionCookie(response)
        expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/)
        expect((await client.get('/api/session')).body).toEqual({ stage: 'full' })
        const me = await client.get('/api/me')
        expect(me.status).toBe(200)
        expect(me.body).toEqual({
          email: 'alice@example.com',
          twoFactor: { enabled: false, pending: false, enabledAt: null },
          emailCodes: { enabled: true, available: true },
          recoveryCodesLeft: 0,
        })
      })

      test('refuses an address that has an account, whatever its case, with 409', async () => {
        await signUp(server.client(), 'alice@example.com')
        const again = await server.client().post('/api/signup', { email: 'ALICE@example.com', password: `${PASSWORD}!` })
        expectError(again, 409, /already exists/)
        // The first password still signs in; the second never became one.
        expect((await server.client().post('/api/signin', { email: 'alice@example.com', password: PASSWORD })).status).toBe(200)
        expectError(await server.client().post('/api/signin', { email: 'alice@example.com', password: `${PASSWORD}!` }), 401)
      })

      test('asks for 15 to 128 characters, counted as characters, and nothing else of the password', async () => {
        const client = server.client()
        expectError(await client.post('/api/signup', { email: 'a@example.com', password: 'x'.repeat(14) }), 400, /at least 15/)
        expectError(await client.post('/api/signup', { email: 'a@example.com', password: 'x'.repeat(129) }), 400, /at most 128/)
        expectError(await client.post('/api/signup', { email: 'a@example.com', password: 1234567890123456 }), 400, /must be a string/)
        // 15 emoji are 30 UTF-16 units and 60 bytes, and 15 characters.
        expect((await server.client().post('/api/signup', { email: 'b@example.com', password: '🔑'.repeat(15) })).status).toBe(201)
        expect((await server.client().post('/api/signup', { email: 'c@example.com', password: 'aaaaaaaaaaaaaaa' })).status).toBe(201)
        expect((await server.client().post('/api/signin', { email: 'b@example.com', password: '🔑'.repeat(15) })).status).toBe(200)
      })

      test("stores the password as an argon2id hash with OWASP's parameters (m=19456, t=2, p=1)", async () => {
        await signUp(server.client(), 'alice@example.com')
        const user = await server.store.findUserByEmail('alice@example.com')
        expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
        expect(user.passwordHash).not.toContain(PASSWORD)
      })

      test('allows 20 sign-ups an hour from one client address; others are not held up', async () => {
        const from = (address) => ({ 'x-forwarded-for': address })
        for (let i = 0; i < 20; i++) await signUp(server.client(from('203.0.113.7')), `user${i}@example.com`)
        const refused = await server.client(from('203.0.113.7')).post('/api/signup', { email: 'x@example.com', password: PASSWORD })
        expectError(refused, 429)
        expect(Number(refused.headers.get('retry-after'))).toBe(60 * 60)
        await signUp(server.client(from('198.51.100.1')), 'y@example.com')
        clock.advance(60 * MINUTE)
        await signUp(server.client(from('203.0.113.7')), 'x@example.com')
      })
    })

    describe('sign-in with a password', () => {
      test('without two-factor sign-in: signs in under a new session id, not the one the browser had', async () => {
        const client = server.client()
        await signUp(client, 'alice@example.com')
        const before = client.cookie
        const response = await client.post('/api/signin', { email: 'alice@example.com', password: PASSWORD })
        expect(response.status).toBe(200)
        expect(response.body).toEqual({ stage: 'full' })
        expect(client.cookie).not.toBe(before)
        expect((await client.get('/api/me')).status).toBe(200)
        // The session it replaced is gone.
        const old = new Client(server.base)
        old.cookie = before
        expect((await old.get('/api/session')).body).toEqual({ stage: 'none' })
      })

      test('answers a wrong password and an unknown address identically, with 401 and no session', async () => {
        await signUp(server.client(), 'alice@example.com')
        const wrong = await server.client().post('/api/signin', { email: 'alice@example.com', password: 'not the password at all' })
        const unknown = await server.client().post('/api/signin', { email: 'nobody@example.com', password: PASSWORD })
        expectError(wrong, 401, /^wrong e-mail address or password$/)
        expect(unknown.body).toEqual(wrong.body)
        expect(unknown.headers.get('content-length')).toBe(wrong.headers.get('content-length'))
        expect(wrong.setCookies).toEqual([])
        expect(unknown.setCookies).toEqual([])
      })

      test('after 10 wrong passwords for an account answers 429, even to the right one, until 15 minutes pass', async () => {
        await signUp(server.client(), 'alice@example.com')
        const attempt = (password) => server.client().post('/api/signin', { email: 'alice@example.com', password })
        for (let i = 0; i < 10; i++) expectError(await attempt(`wrong password number ${i}`), 401)
        const blocked = await attempt(PASSWORD)
        expectError(blocked, 429)
        expect(Number(blocked.headers.get('retry-after'))).toBe(15 * 60)
        clock.advance(15 * MINUTE - 1000)
        expect(Number((await attempt(PASSWORD)).headers.get('retry-after'))).toBe(1)
        clock.advance(1000)
        expect((await attempt(PASSWORD)).status).toBe(200)
      })

      test('throttles unknown addresses alike, and a success clears the count', async () => {
        await signUp(server.client(), 'alice@example.com')
        for (let i = 0; i < 10; i++) {
          expectError(await server.client().post('/api/signin', { email: 'nobody@example.com', password: PASSWORD }), 401)
        }
        expectError(await server.client().post('/api/signin', { email: 'nobody@example.com', password: PASSWORD }), 429)
        const attempt = (password) => server.client().post('/api/signin', { email: 'alice@example.com', password })
        for (let i = 0; i < 9; i++) expectError(await attempt('a wrong password here'), 401)
        expect((await attempt(PASSWORD)).status).toBe(200)
        for (let i = 0; i < 9; i++) expectError(await attempt('a wrong password here'), 401)
        expect((await attempt(PASSWORD)).status).toBe(200)
      })

      test('after 100 wrong passwords from one client address refuses it for any account; successes do not count', async () => {
        const from = { 'x-forwarded-for': '203.0.113.9' }
        await signUp(server.client(), 'alice@example.com')
        for (let i = 0; i < 99; i++) {
          expectError(await server.client(from).post('/api/signin', { email: `victim${i}@example.com`, password: PASSWORD }), 401)
        }
        for (let i = 0; i < 3; i++) {
          expect((await server.client(from).post('/api/signin', { email: 'alice@example.com', password: PASSWORD })).status).toBe(200)
        }
        expectError(await server.client(from).post('/api/signin', { email: 'last@example.com', password: PASSWORD }), 401)
        expectError(await server.client(from).post('/api/signin', { email: 'alice@example.com', password: PASSWORD }), 429)
        // Another client address, and the account itself, are not held up.
        const other = await server.client({ 'x-forwarded-for': '198.51.100.2' }).post('/api/signin', {
          email: 'alice@example.com',
          password: PASSWORD,
        })
        expect(other.status).toBe(200)
      })

      test('rehashes a password hashed with older, weaker parameters at the next sign-in', async () => {
        const argon2 = require('@node-rs/argon2')
        const client = server.client()
        await signUp(client, 'alice@example.com')
        const { id } = await server.store.findUserByEmail('alice@example.com')
        const weak = await argon2.hash(PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 })
        await server.store.setPasswordHash(id, weak)
        expect((await server.client().post('/api/signin', { email: 'alice@example.com', password: PASSWORD })).status).toBe(200)
        const { passwordHash } = await server.store.findUserByEmail('alice@example.com')
        expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
        expect((await server.client().post('/api/signin', { email: 'alice@example.com', password: PASSWORD })).status).toBe(200)
      })
    })

    describe('the second factor at sign-in', () => {
      test('a correct password alone gives a half-signed session that protected routes refuse', async () => {
        await userWithTwoFactor()
        const client = await halfSignedIn()
        expect((await client.get('/api/session')).body).toEqual({ stage: 'second-factor', methods: ['totp', 'recovery-code', 'email'] })
        expectError(await client.get('/api/me'), 401, /second factor required/)
        expectError(await client.post('/api/2fa/enroll', {}), 401, /second factor required/)
        expectError(await client.post('/api/2fa/disable', {}), 401, /second factor required/)
        expectError(await client.post('/api/2fa/recovery-codes', {}), 401, /second factor required/)
      })

      test("the app's code completes it, under a new session id; the half-signed id is dead", async () => {
        const { uri } = await userWithTwoFactor()
        clock.advance(STEP)
        const client = await halfSignedIn()
        const half = client.cookie
        const response = await client.post('/api/signin/totp', { code: codeAt(uri, clock.now()) })
        expect(response.status).toBe(200)
        expect(response.body).toEqual({ stage: 'full' })
        expect(client.cookie).not.toBe(half)
        expect(sessionCookie(response)).toMatch(/; HttpOnly; SameSite=Strict$/)
        expect((await client.get('/api/me')).body.email).toBe('alice@example.com')
        const old = new Client(server.base)
        old.cookie = half
        expect((await old.get('/api/session')).body).toEqual({ stage: 'none' })
        expectError(await old.get('/api/me'), 401, /not signed in/)
      })

      test('accepts a code once: not again, not on another sign-in, and not the step that confirmed enrollment', async () => {
        const { uri } = await userWithTwoFactor()
        // START's code confirmed the enrollment: it is used.
        expectError(await (await halfSignedIn()).post('/api/signin/totp', { code: codeAt(uri, START) }), 401, /^invalid code$/)
        clock.advance(STEP)
        const code = codeAt(uri, clock.now())
        const first = await halfSignedIn()
        expect((await first.post('/api/signin/totp', { code })).status).toBe(200)
        expectError(await (await halfSignedIn()).post('/api/signin/totp', { code }), 401, /^invalid code$/)
        clock.advance(STEP / 2)
        expectError(await (await halfSignedIn()).post('/api/signin/totp', { code }), 401)
      })

      test('accepts a code one step old or one step ahead, then no earlier step; refuses two steps old', async () => {
        const { uri } = await userWithTwoFactor()
        clock.advance(10 * STEP)
        expect((await (await halfSignedIn()).post('/api/signin/totp', { code: codeAt(uri, START + 9 * STEP) })).status).toBe(200)
        expect((await (await halfSignedIn()).post('/api/signin/totp', { code: codeAt(uri, START + 11 * STEP) })).status).toBe(200)
        // Step 10 is inside the window but before step 11, the last accepted.
        expectError(await (await halfSignedIn()).post('/api/signin/totp', { code: codeAt(uri, START + 10 * STEP) }), 401)
        clock.advance(3 * STEP) // now step 13: step 11 is two steps old
        await userWithTwoFactor('bob@example.com').then(async ({ uri: bob }) => {
          expectError(await (await halfSignedIn('bob@example.com')).post('/api/signin/totp', { code: codeAt(bob, clock.now() - 2 * STEP) }), 401)
        })
      })

      test('after 5 wrong codes answers 429, even to the right code, until 15 minutes pass; malformed codes count as wrong', async () => {
        const { uri } = await userWithTwoFactor()
        const client = await halfSignedIn()
        for (const code of ['', 'abcdef', '12345', '1234567', WRONG_CODE]) {
          expectError(await client.post('/api/signin/totp', { code }), 401, /^invalid code$/)
        }
        clock.advance(STEP)
        const blocked = await client.post('/api/signin/totp', { code: codeAt(uri, clock.now()) })
        expectError(blocked, 429)
        expect(Number(blocked.headers.get('retry-after'))).toBe(15 * 60 - 30)
        // A new half-signed session does not buy more tries: the count is the account's.
        expectError(await (await halfSignedIn()).post('/api/signin/recovery', { code: WRONG_RECOVERY }), 429)
        clock.advance(15 * MINUTE)
        expect((await (await halfSignedIn()).post('/api/signin/totp', { code: codeAt(uri, clock.now()) })).status).toBe(200)
      })

      test('a half-signed session expires after 5 minutes', async () => {
        const { uri } = await userWithTwoFactor()
        const client = await halfSignedIn()
        clock.advance(5 * MINUTE)
        expectError(await client.post('/api/signin/totp', { code: codeAt(uri, clock.now()) }), 401, /no sign-in in progress/)
        expect((await client.get('/api/session')).body).toEqual({ stage: 'none' })
      })

      test('the code step needs a half-signed session: none, or a signed-in one, is refused', async () => {
        const { client: signedIn, uri } = await userWithTwoFactor()
        clock.advance(STEP)
        const code = codeAt(uri, clock.now())
        expectError(await server.client().post('/api/signin/totp', { code }), 401, /no sign-in in progress/)
        expectError(await signedIn.post('/api/signin/totp', { code }), 401, /no sign-in in progress/)
        expectError(await server.client().post('/api/signin/email-code', {}), 401, /no sign-in in progress/)
        // Neither attempt used the code.
        expect((await (await halfSignedIn()).post('/api/signin/totp', { code })).status).toBe(200)
      })

      test('a recovery code completes it once; typed in any case and without the dash; then it is spent', async () => {
        const { recoveryCodes } = await userWithTwoFactor()
        const [first, second] = recoveryCodes
        const client = await halfSignedIn()
        const response = await client.post('/api/signin/recovery', { code: ` ${first.toUpperCase().replace('-', ' ')} ` })
        expect(response.status).toBe(200)
        expect(response.body).toEqual({ stage: 'full', recoveryCodesLeft: 9 })
        expect((await client.get('/api/me')).body.recoveryCodesLeft).toBe(9)
        expectError(await (await halfSignedIn()).post('/api/signin/recovery', { code: first }), 401, /^invalid recovery code$/)
        expect((await (await halfSignedIn()).post('/api/signin/recovery', { code: second })).body.recoveryCodesLeft).toBe(8)
      })

      test('another account\'s recovery code does not work', async () => {
        const alice = await userWithTwoFactor('alice@example.com')
        await userWithTwoFactor('bob@example.com')
        expectError(await (await halfSignedIn('bob@example.com')).post('/api/signin/recovery', { code: alice.recoveryCodes[0] }), 401)
        expect((await (await halfSignedIn('alice@example.com')).post('/api/signin/recovery', { code: alice.recoveryCodes[0] })).status).toBe(200)
      })
    })

    describe('the e-mailed code', () => {
      function codeInMail(message) {
        const match = message.raw.match(/sign-in code is (\d{6})\./)
        expect(match).not.toBeNull()
        return match[1]
      }

      test("mails the app's current code over SMTP to a half-signed user; it completes the sign-in once", async () => {
        const { uri } = await userWithTwoFactor('carol@example.com')
        clock.advance(STEP)
        const client = await halfSignedIn('carol@example.com')
        const before = smtp.messages.length
        const response = await client.post('/api/signin/email-code', {})
        expect(response.status).toBe(202)
        expect(response.body).toEqual({ ok: true })
        const message = await smtp.mailTo('carol@example.com', { after: before, subject: /sign-in code/ })
        expect(message.from).toBe('no-reply@example.com')
        expect(message.raw).toMatch(/^Subject: Your Example Co sign-in code/m)
        const code = codeInMail(message)
        expect(code).toBe(codeAt(uri, clock.now()))
        // The first millisecond of its step: the code holds for this step and the next.
        expect(message.raw).toMatch(/valid for about 60 seconds and can be used once/)
        expect((await client.post('/api/signin/totp', { code })).status).toBe(200)
        expectError(await (await halfSignedIn('carol@example.com')).post('/api/signin/totp', { code }), 401)
      })

      test("mails the next step's code when the current one was just used with the app", async () => {
        const { uri } = await userWithTwoFactor('carol@example.com')
        const client = await halfSignedIn('carol@example.com')
        const before = smtp.messages.length
        await client.post('/api/signin/email-code', {})
        const code = codeInMail(await smtp.mailTo('carol@example.com', { after: before, subject: /sign-in code/ }))
        expect(code).toBe(codeAt(uri, START + STEP))
        expect((await client.post('/api/signin/totp', { code })).status).toBe(200)
      })

      test('sends at most 5 mails per account in 15 minutes, then answers 429', async () => {
        await userWithTwoFactor('dave@example.com')
        const client = await halfSignedIn('dave@example.com')
        for (let i = 0; i < 5; i++) expect((await client.post('/api/signin/email-code', {})).status).toBe(202)
        expectError(await client.post('/api/signin/email-code', {}), 429)
        clock.advance(15 * MINUTE)
        expect((await (await halfSignedIn('dave@example.com')).post('/api/signin/email-code', {})).status).toBe(202)
      })
    })

    describe('enrollment', () => {
      test('makes a pending secret, shown as an otpauth URI and its QR code; 2FA is not on until confirmed', async () => {
        const client = server.client()
        await signUp(client, 'alice@example.com')
        const response = await client.post('/api/2fa/enroll', { password: PASSWORD })
        expect(response.status).toBe(201)
        expect(Object.keys(response.body).sort()).toEqual(['qrDataUrl', 'uri'])
        const totp = authenticator(response.body.uri)
        expect(totp.issuer).toBe('Example Co')
        expect(totp.label).toBe('alice@example.com')
        expect(totp.secret.bytes.length).toBeGreaterThanOrEqual(16)
        expect([totp.algorithm, totp.digits, totp.period]).toEqual(['SHA1', 6, 30])
        const [, base64] = response.body.qrDataUrl.match(/^data:image\/png;base64,(.+)$/)
        const png = PNG.sync.read(Buffer.from(base64, 'base64'))
        expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height).data).toBe(response.body.uri)

        expect((await client.get('/api/me')).body.twoFactor).toEqual({ enabled: false, pending: true, enabledAt: null })
        // A failed scan locks nobody out: sign-in still asks for the password only.
        expect((await server.client().post('/api/signin', { email: 'alice@example.com', password: PASSWORD })).body).toEqual({
          stage: 'full',
        })
      })

      test('needs a signed-in session', async () => {
        expectError(await server.client().post('/api/2fa/enroll', {}), 401, /^not signed in$/)
        expectError(await server.client().post('/api/2fa/confirm', { code: '123456' }), 401, /^not signed in$/)
      })

      test('a wrong code leaves it pending; the right one turns it on and shows 10 distinct recovery codes', async () => {
        const client = server.client()
        await signUp(client, 'alice@example.com')
        const { uri } = (await client.post('/api/2fa/enroll', { password: PASSWORD })).body
        expectError(await client.post('/api/2fa/confirm', { code: WRONG_CODE }), 401, /^invalid code$/)
        expect((await client.get('/api/me')).body.twoFactor.pending).toBe(true)
        const before = client.cookie
        const response = await client.post('/api/2fa/confirm', { code: codeAt(uri, START) })
        expect(response.status).toBe(200)
        const { recoveryCodes } = response.body
        expect(recoveryCodes).toHaveLength(10)
        expect(new Set(recoveryCodes).size).toBe(10)
        for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/)
        expect(client.cookie).not.toBe(before)
        expect((await client.get('/api/me')).body).toEqual({
          email: 'alice@example.com',
          twoFactor: { enabled: true, pending: false, enabledAt: START },
          emailCodes: { enabled: true, available: true },
          recoveryCodesLeft: 10,
        })
        // Shown once: nothing gives them again.
        expect(JSON.stringify((await client.get('/api/me')).body)).not.toContain(recoveryCodes[0])
        expectError(await client.post('/api/2fa/confirm', { code: codeAt(uri, START + STEP) }), 409, /no pending enrollment/)
      })

      test('turning it on signs out the account\'s other sessions', async () => {
        const phone = server.client()
        await signUp(phone, 'alice@example.com')
        const laptop = server.client()
        await laptop.post('/api/signin', { email: 'alice@example.com', password: PASSWORD })
        expect((await laptop.get('/api/me')).status).toBe(200)
        await enableTwoFactor(phone, clock.now())
        expectError(await laptop.get('/api/me'), 401, /^not signed in$/)
        expect((await phone.get('/api/me')).status).toBe(200)
      })

      test('two confirmations racing with one code: exactly one turns it on', async () => {
        const client = server.client()
        await signUp(client, 'alice@example.com')
        const { uri } = (await client.post('/api/2fa/enroll', { password: PASSWORD })).body
        const code = codeAt(uri, START)
        const twin = client.clone()
        const results = await Promise.all([client.post('/api/2fa/confirm', { code }), twin.post('/api/2fa/confirm', { code })])
        const winners = results.filter((r) => r.status === 200)
        expect(winners).toHaveLength(1)
        // The loser found the enrollment confirmed (409) or its session already renewed (401).
        expect([401, 409]).toContain(results.find((r) => r.status !== 200).status)
        const winner = results[0].status === 200 ? client : twin
        expect((await winner.get('/api/me')).body).toMatchObject({ twoFactor: { enabled: true }, recoveryCodesLeft: 10 })
        clock.advance(STEP)
        expect((await (await halfSignedIn()).post('/api/signin/recovery', { code: winners[0].body.recoveryCodes[0] })).status).toBe(200)
      })

      test('replacing an active secret needs a current code; the old one works until the new one is confirmed', async () => {
        const { client, uri: old } = await userWithTwoFactor()
        expectError(await client.post('/api/2fa/enroll', {}), 400, /needs a current code/)
        expectError(await client.post('/api/2fa/enroll', { code: WRONG_CODE }), 401)
        // The code that confirmed the old secret is used: it cannot authorise the change either.
        expectError(await client.post('/api/2fa/enroll', { code: codeAt(old, START) }), 401)
        clock.advance(STEP)
        const replaced = await client.post('/api/2fa/enroll', { code: codeAt(old, clock.now()) })
        expect(replaced.status).toBe(201)
        const fresh = replaced.body.uri
        expect(authenticator(fresh).secret.base32).not.toBe(authenticator(old).secret.base32)

        clock.advance(STEP)
        expect((await (await halfSignedIn()).post('/api/signin/totp', { code: codeAt(old, clock.now()) })).status).toBe(200)
        const { recoveryCodes } = (await client.post('/api/2fa/confirm', { code: codeAt(fresh, clock.now()) })).body
        clock.advance(STEP)
        expectError(await (await halfSignedIn()).post('/api/signin/totp', { code: codeAt(old, clock.now()) }), 401)
        expect((await (await halfSignedIn()).post('/api/signin/totp', { code: codeAt(fresh, clock.now()) })).status).toBe(200)
        expect(recoveryCodes).toHaveLength(10)
      })

      test('a recovery code can authorise the replacement (a lost phone), and is spent by it', async () => {
        const { client, recoveryCodes } = await userWithTwoFactor()
        const response = await client.post('/api/2fa/enroll', { recoveryCode: recoveryCodes[0] })
        expect(response.status).toBe(201)
        expect((await client.get('/api/me')).body.recoveryCodesLeft).toBe(9)
        expectError(await client.post('/api/2fa/enroll', { recoveryCode: recoveryCodes[0] }), 401, /invalid recovery code/)
      })

      test('turning it off needs a code; then sign-in asks for the password only and the recovery codes are gone', async () => {
        const { client, uri, recoveryCodes } = await userWithTwoFactor()
        expectError(await client.post('/api/2fa/disable', {}), 400)
        expectError(await client.post('/api/2fa/disable', { recoveryCode: WRONG_RECOVERY }), 401)
        expect((await client.get('/api/me')).body.twoFactor.enabled).toBe(true)
        clock.advance(STEP)
        const response = await client.post('/api/2fa/disable', { code: codeAt(uri, clock.now()) })
        expect(response.status).toBe(200)
        expect((await client.get('/api/me')).body).toMatchObject({ twoFactor: { enabled: false, pending: false }, recoveryCodesLeft: 0 })
        expect((await server.client().post('/api/signin', { email: 'alice@example.com', password: PASSWORD })).body).toEqual({
          stage: 'full',
        })
        const again = await enableTwoFactor(client, clock.now() + STEP)
        clock.advance(2 * STEP)
        expectError(await (await halfSignedIn()).post('/api/signin/recovery', { code: recoveryCodes[1] }), 401)
        expect((await (await halfSignedIn()).post('/api/signin/recovery', { code: again.recoveryCodes[1] })).status).toBe(200)
      })

      test('new recovery codes need a code, and replace the old ones', async () => {
        const { client, uri, recoveryCodes } = await userWithTwoFactor()
        expectError(await client.post('/api/2fa/recovery-codes', {}), 400)
        clock.advance(STEP)
        const response = await client.post('/api/2fa/recovery-codes', { code: codeAt(uri, clock.now()) })
        expect(response.status).toBe(200)
        const fresh = response.body.recoveryCodes
        expect(fresh).toHaveLength(10)
        expect(fresh.filter((code) => recoveryCodes.includes(code))).toEqual([])
        expectError(await (await halfSignedIn()).post('/api/signin/recovery', { code: recoveryCodes[2] }), 401)
        expect((await (await halfSignedIn()).post('/api/signin/recovery', { code: fresh[2] })).status).toBe(200)
      })

      test('new recovery codes are refused while two-factor sign-in is off', async () => {
        const client = server.client()
        await signUp(client, 'alice@example.com')
        expectError(await client.post('/api/2fa/recovery-codes', { code: '123456' }), 409, /is off/)
      })
    })

    describe('sign-out', () => {
      test('ends the session on the server and clears the cookie', async () => {
        const client = server.client()
        await signUp(client, 'alice@example.com')
        const stolen = client.clone()
        const response = await client.post('/api/signout', {})
        expect(response.body).toEqual({ stage: 'none' })
        expect(sessionCookie(response)).toMatch(/^sid=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/)
        expect(client.cookie).toBeUndefined()
        // A copy of the cookie taken before is worth nothing now.
        expectError(await stolen.get('/api/me'), 401, /^not signed in$/)
      })
    })

    describe('session lifetime', () => {
      test('a signed-in session expires after 30 idle minutes, and after 12 hours however busy', async () => {
        const idle = server.client()
        await signUp(idle, 'alice@example.com')
        clock.advance(29 * MINUTE)
        expect((await idle.get('/api/me')).status).toBe(200) // used: pushed forward
        clock.advance(29 * MINUTE)
        expect((await idle.get('/api/me')).status).toBe(200)
        clock.advance(30 * MINUTE)
        expectError(await idle.get('/api/me'), 401, /^not signed in$/)

        const busy = server.client()
        await busy.post('/api/signin', { email: 'alice@example.com', password: PASSWORD })
        for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
          clock.advance(20 * MINUTE)
          expect((await busy.get('/api/me')).status).toBe(200)
        }
        clock.advance(20 * MINUTE)
        expectError(await busy.get('/api/me'), 401)
      })
    })

    describe('attacks', () => {
      test('the old takeover — enroll anyone\'s address, then verify — no longer exists', async () => {
        const victim = await userWithTwoFactor('victim@example.com')
        expectError(await server.client().post('/api/enroll', { email: 'victim@example.com' }), 404)
        expectError(await server.client().post('/api/2fa/enroll', { email: 'victim@example.com' }), 401, /not signed in/)
        // Signed in as himself, naming the victim: he enrolls his own account, nothing else.
        const attacker = server.client()
        await signUp(attacker, 'mallory@example.com')
        const response = await attacker.post('/api/2fa/enroll', { email: 'victim@example.com', password: PASSWORD })
        expect(authenticator(response.body.uri).label).toBe('mallory@example.com')
        clock.advance(STEP)
        expect((await (await halfSignedIn('victim@example.com')).post('/api/signin/totp', { code: codeAt(victim.uri, clock.now()) })).status).toBe(200)
      })

      test('a stolen signed-in session cannot replace or turn off the second factor without a code', async () => {
        const victim = await userWithTwoFactor()
        const thief = victim.client.clone()
        expectError(await thief.post('/api/2fa/enroll', {}), 400)
        expectError(await thief.post('/api/2fa/disable', {}), 400)
        expectError(await thief.post('/api/2fa/recovery-codes', {}), 400)
        for (const code of wrongDigits(victim.uri, 5)) expectError(await thief.post('/api/2fa/disable', { code }), 401)
        expectError(await thief.post('/api/2fa/disable', { code: '123456' }), 429)
        expect((await victim.client.get('/api/me')).body.twoFactor).toEqual({ enabled: true, pending: false, enabledAt: START })
      })

      test('a half-signed session cannot reach /api/me, and a guessed or forged cookie is no session at all', async () => {
        await userWithTwoFactor()
        const half = await halfSignedIn()
        expectError(await half.get('/api/me'), 401, /second factor required/)
        for (const cookie of ['sid=', 'sid=abc', `sid=${'A'.repeat(43)}`, `sid=${crypto.randomBytes(32).toString('base64url')}`]) {
          const forged = new Client(server.base)
          forged.cookie = cookie
          expectError(await forged.get('/api/me'), 401, /^not signed in$/)
          expect((await forged.get('/api/session')).body).toEqual({ stage: 'none' })
        }
      })

      test('refuses cross-site POSTs (Origin or Sec-Fetch-Site) with 403, and they change nothing', async () => {
        const { client, uri } = await userWithTwoFactor()
        clock.advance(STEP)
        const code = codeAt(uri, clock.now())
        const evil = [
          { origin: 'https://evil.example' },
          { origin: 'null' },
          { origin: server.base.replace('127.0.0.1', 'localhost') },
          { 'sec-fetch-site': 'cross-site' },
          { 'sec-fetch-site': 'same-site' },
        ]
        for (const headers of evil) {
          expectError(await client.post('/api/2fa/disable', { code }, headers), 403, /^cross-site request refused$/)
          expectError(await client.post('/api/signout', {}, headers), 403)
          expectError(await server.client().post('/api/signup', { email: 'csrf@example.com', password: PASSWORD }, headers), 403)
        }
        expect((await client.get('/api/me')).body.twoFactor.enabled).toBe(true)
        // The code was not spent by the refused requests; from this origin it works.
        const ok = await client.post('/api/2fa/disable', { code }, { origin: server.base, 'sec-fetch-site': 'same-origin' })
        expect(ok.status).toBe(200)
        expectError(await server.client().post('/api/signin', { email: 'csrf@example.com', password: PASSWORD }), 401)
      })

      test('every signed-in route refuses a request with no session', async () => {
        const anonymous = server.client()
        expectError(await anonymous.get('/api/me'), 401, /^not signed in$/)
        for (const route of ['/api/2fa/enroll', '/api/2fa/disable', '/api/2fa/recovery-codes']) {
          expectError(await anonymous.post(route, { code: '123456' }), 401, /^not signed in$/)
        }
        expectError(await anonymous.post('/api/2fa/confirm', { code: '123456' }), 401, /^not signed in$/)
        for (const route of ['/api/signin/totp', '/api/signin/recovery']) {
          expectError(await anonymous.post(route, { code: '123456' }), 401, /no sign-in in progress/)
        }
      })

      test('behind a trusted proxy over HTTPS: a Secure __Host- cookie, HSTS, and the https origin', async () => {
        const https = { 'x-forwarded-proto': 'https' }
        const client = server.client(https)
        const response = await client.post('/api/signup', { email: 'alice@example.com', password: PASSWORD })
        expect(sessionCookie(response)).toMatch(/^__Host-sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/)
        expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000')
        expect((await client.get('/api/me')).status).toBe(200)
        const origin = server.base.replace('http:', 'https:')
        expect((await client.post('/api/signout', {}, { origin })).status).toBe(200)
        // The http origin is another origin.
        const again = server.client(https)
        await again.post('/api/signin', { email: 'alice@example.com', password: PASSWORD })
        expectError(await again.post('/api/signout', {}, { origin: server.base }), 403)
      })
    })

    describe('step-up: turning two-factor sign-in on asks for the password', () => {
      test('a stolen session on an account without it cannot put the thief\'s phone on the account', async () => {
        const victim = server.client()
        await signUp(victim, 'alice@example.com')
        const laptop = server.client()
        await laptop.post('/api/signin', { email: 'alice@example.com', password: PASSWORD })
        const thief = victim.clone()
        const before = smtp.messages.length
        expectError(await thief.post('/api/2fa/enroll', {}), 400, /needs your password/)
        expectError(await thief.post('/api/2fa/enroll', { password: 'a guess at the password' }), 401, /^wrong password$/)
        expectError(await thief.post('/api/2fa/confirm', { code: '123456' }), 409, /no pending enrollment/)
        // Nothing changed: no factor, no recovery codes, the owner's sessions alive, nothing pending.
        for (const client of [victim, laptop]) {
          expect((await client.get('/api/me')).body).toMatchObject({
            twoFactor: { enabled: false, pending: false },
            recoveryCodesLeft: 0,
          })
        }
        expect((await server.client().post('/api/signin', { email: 'alice@example.com', password: PASSWORD })).body).toEqual({
          stage: 'full',
        })
        await server.app.locals.mailSent()
        expect(smtp.messages.slice(before).filter((m) => m.to.includes('alice@example.com'))).toEqual([])
      })

      test('wrong passwords there count as failed sign-ins: 10 lock the account\'s password sign-in too', async () => {
        const victim = server.client()
        await signUp(victim, 'alice@example.com')
        const thief = victim.clone()
        for (let i = 0; i < 10; i++) expectError(await thief.post('/api/2fa/enroll', { password: `guess number ${i} here` }), 401)
        expectError(await thief.post('/api/2fa/enroll', { password: PASSWORD }), 429)
        expectError(await server.client().post('/api/signin', { email: 'alice@example.com', password: PASSWORD }), 429)
        clock.advance(15 * MINUTE)
        expect((await victim.post('/api/2fa/enroll', { password: PASSWORD })).status).toBe(201)
      })

      test('the right password makes a pending secret; once on, a password is no proof for a change', async () => {
        const client = server.client()
        await signUp(client, 'alice@example.com')
        expectError(await client.post('/api/2fa/enroll', { password: 12345 }), 400, /password must be a string/)
        expectError(await client.post('/api/2fa/enroll', { password: `${PASSWORD}\ud800` }), 400, /lone surrogate/)
        const enrolled = await client.post('/api/2fa/enroll', { password: PASSWORD })
        expect(enrolled.status).toBe(201)
        expect((await client.get('/api/me')).body.twoFactor).toEqual({ enabled: false, pending: true, enabledAt: null })
        expect((await client.post('/api/2fa/confirm', { code: codeAt(enrolled.body.uri, clock.now()) })).status).toBe(200)
        expectError(await client.post('/api/2fa/enroll', { password: PASSWORD }), 400, /needs a current code/)
        expectError(await client.post('/api/2fa/disable', { password: PASSWORD }), 400, /needs a current code/)
      })
    })

    describe('security notices by mail', () => {
      const from = { 'x-forwarded-for': '203.0.113.5' }

      /** The notice with `subject` to alice@example.com since message `after`, checked for what every notice says. */
      async function notice(subject, { after, at = clock.now(), address = '203.0.113.5' }) {
        const message = await smtp.mailTo('alice@example.com', { after, subject })
        expect(message.from).toBe('no-reply@example.com')
        expect(message.text).toContain('Account: alice@example.com\n')
        expect(message.text).toContain(`${noticeTime(at)}\n`)
        expect(message.text).toContain(`From the address: ${address}\n`)
        expect(message.text).toMatch(/If this was you, there is nothing to do\.\nIf it was not you, /)
        return message
      }

      /** How many messages the SMTP server has, once every mail on its way is out: what comes later is new. */
      async function mark() {
        await server.app.locals.mailSent()
        return smtp.messages.length
      }

      /** Nothing more to alice@example.com since `after` with `subject`, once every mail on its way is out. */
      async function noNotice(subject, after) {
        await server.app.locals.mailSent()
        expect(smtp.messages.slice(after).filter((m) => m.to.includes('alice@example.com') && subject.test(m.subject))).toEqual([])
      }

      test('two-factor sign-in turned on, then off: each is mailed, with when and from where, and no secret', async () => {
        const client = server.client(from)
        await signUp(client, 'alice@example.com')
        const before = await mark()
        const { uri, recoveryCodes } = await enableTwoFactor(client, clock.now())
        const on = await notice(/^Example Co: two-factor sign-in turned on$/, { after: before })
        expect(on.text).toMatch(/^Two-factor sign-in was turned on for your account/)
        const secret = authenticator(uri).secret.base32
        for (const secretThing of [secret, codeAt(uri, clock.now()), ...recoveryCodes]) expect(on.raw).not.toContain(secretThing)
        clock.advance(STEP)
        const afterOn = await mark()
        expect((await client.post('/api/2fa/disable', { code: codeAt(uri, clock.now()) })).status).toBe(200)
        const off = await notice(/^Example Co: two-factor sign-in turned off$/, { after: afterOn })
        expect(off.text).toMatch(/your password alone now signs you in/)
        // A pending secret dropped is no change of the second factor: no notice.
        await client.post('/api/2fa/enroll', { password: PASSWORD })
        const afterOff = await mark()
        expect((await client.post('/api/2fa/disable', {})).status).toBe(200)
        await noNotice(/turned off/, afterOff)
      })

      test('a replaced authenticator is mailed when the new one is confirmed', async () => {
        const { client, uri } = await userWithTwoFactor('alice@example.com', from)
        clock.advance(STEP)
        const fresh = (await client.post('/api/2fa/enroll', { code: codeAt(uri, clock.now()) })).body.uri
        const before = await mark()
        expect((await client.post('/api/2fa/confirm', { code: codeAt(fresh, clock.now()) })).status).toBe(200)
        const message = await notice(/^Example Co: authenticator app replaced$/, { after: before })
        expect(message.text).toMatch(/codes from the app you used until now no longer work/)
        await noNotice(/turned on/, before)
      })

      test('new recovery codes are mailed', async () => {
        const { client, uri } = await userWithTwoFactor('alice@example.com', from)
        clock.advance(STEP)
        const before = await mark()
        const { recoveryCodes } = (await client.post('/api/2fa/recovery-codes', { code: codeAt(uri, clock.now()) })).body
        const message = await notice(/^Example Co: new recovery codes$/, { after: before })
        for (const code of recoveryCodes) expect(message.raw).not.toContain(code)
      })

      test('a sign-in with a recovery code is mailed, with how many codes are left', async () => {
        const { recoveryCodes } = await userWithTwoFactor()
        clock.advance(MINUTE)
        const before = await mark()
        const half = await halfSignedIn('alice@example.com', { 'x-forwarded-for': '198.51.100.23' })
        expect((await half.post('/api/signin/recovery', { code: recoveryCodes[3] })).status).toBe(200)
        const message = await notice(/^Example Co: signed in with a recovery code$/, { after: before, address: '198.51.100.23' })
        expect(message.text).toMatch(/\nRecovery codes left: 9\.\n/)
        expect(message.raw).not.toContain(recoveryCodes[3])
        // A wrong one is no sign-in: no notice.
        const wrong = await halfSignedIn()
        const afterFirst = await mark()
        expectError(await wrong.post('/api/signin/recovery', { code: WRONG_RECOVERY }), 401)
        await noNotice(/recovery code/, afterFirst)
      })

      test("a sign-in with an e-mailed code is mailed; one with the app's code is not", async () => {
        const { uri } = await userWithTwoFactor()
        clock.advance(STEP)
        const before = await mark()
        const byApp = await halfSignedIn()
        expect((await byApp.post('/api/signin/totp', { code: codeAt(uri, clock.now()) })).status).toBe(200)
        await noNotice(/signed in with/, before)

        clock.advance(STEP)
        const half = await halfSignedIn('alice@example.com', from)
        const asked = await mark()
        await half.post('/api/signin/email-code', {})
        const code = (await smtp.mailTo('alice@example.com', { after: asked, subject: /sign-in code/ })).text.match(/code is (\d{6})\./)[1]
        expect((await half.post('/api/signin/totp', { code })).status).toBe(200)
        const message = await notice(/^Example Co: signed in with a code sent by e-mail$/, { after: asked })
        expect(message.text).toMatch(/can read this mailbox/)
        expect(message.raw).not.toContain(code)
      })
    })

    describe('floods and fan-out', () => {
      test('correct sign-ins from one client address stop at the ceiling; wrong ones and other addresses do not count', async () => {
        await server.close()
        server = await startApp({ target, clock, smtpUrl: smtp.url, trustProxy: 'loopback', signInCeiling: 5 })
        await signUp(server.client(), 'alice@example.com')
        const from = (address) => server.client({ 'x-forwarded-for': address })
        for (let i = 0; i < 3; i++) expectError(await from('203.0.113.7').post('/api/signin', { email: 'alice@example.com', password: 'not it at all, no' }), 401)
        for (let i = 0; i < 5; i++) {
          expect((await from('203.0.113.7').post('/api/signin', { email: 'alice@example.com', password: PASSWORD })).status).toBe(200)
        }
        const refused = await from('203.0.113.7').post('/api/signin', { email: 'alice@example.com', password: PASSWORD })
        expectError(refused, 429)
        expect(Number(refused.headers.get('retry-after'))).toBe(15 * 60)
        expect((await from('198.51.100.4').post('/api/signin', { email: 'alice@example.com', password: PASSWORD })).status).toBe(200)
        clock.advance(15 * MINUTE)
        expect((await from('203.0.113.7').post('/api/signin', { email: 'alice@example.com', password: PASSWORD })).status).toBe(200)
      })

      test('a flood of correct sign-ins leaves libuv threads to the page and to QR codes', async () => {
        const { client, uri } = await userWithTwoFactor('qr@example.com')
        // Several accounts: one account's password throttle counts sign-ins in flight, and would refuse some.
        const ACCOUNTS = 8
        for (let i = 0; i < ACCOUNTS; i++) await signUp(server.client(), `user${i}@example.com`)
        clock.advance(STEP)
        const FLOOD = 48
        let answered = 0
        const flood = Array.from({ length: FLOOD }, (_, i) =>
          server
            .client({ 'x-forwarded-for': `2001:db8::${i + 1}` })
            .post('/api/signin', { email: `user${i % ACCOUNTS}@example.com`, password: PASSWORD })
            .then((response) => {
              answered++
              return response.status
            }),
        )
        // Once the first hash is done, every sign-in of the flood is waiting for one.
        while (answered === 0) await new Promise((resolve) => setTimeout(resolve, 1))
        const [page, enrollment] = await Promise.all([
          server.client().get('/').then((response) => ({ status: response.status, answeredBefore: answered })),
          client
            .post('/api/2fa/enroll', { code: codeAt(uri, clock.now()) })
            .then((response) => ({ status: response.status, answeredBefore: answered })),
        ])
        expect(await Promise.all(flood)).toEqual(Array(FLOOD).fill(200))
        expect(page.status).toBe(200)
        expect(enrollment.status).toBe(201)
        // Queued in the pool behind every hash waiting, they would come after most of the flood.
        expect(page.answeredBefore).toBeLessThan(FLOOD / 4)
        expect(enrollment.answeredBefore).toBeLessThan(FLOOD / 4)
      })

      test('a full hashing queue answers 503 with Retry-After, counts no attempt, and drains', async () => {
        const pool = require('../../auth/hashing-pool')
        await signUp(server.client(), 'alice@example.com')
        // Every hashing thread busy with a slow hash, and the queue behind
        // them full of quick ones: the state a flood leaves it in.
        const slow = { ...require('../../auth/passwords').OPTIONS, timeCost: 150 }
        const quick = { memoryCost: 8, timeCost: 1, parallelism: 1 }
        const settled = (promise) => promise.then(() => 'hashed', (error) => error.code)
        const filling = [
          ...Array.from({ length: pool.SIZE }, () => settled(pool.hash('a slow filler', slow))),
          ...Array.from({ length: pool.QUEUE_LIMIT + 1 }, () => settled(pool.hash('a quick filler', quick))),
        ]
        // More wrong passwords than the account's limit, and a right one.
        const client = server.client()
        for (let i = 0; i <= LIMITS.signInPerAccount.max; i++) {
          const refused = await client.post('/api/signin', { email: 'alice@example.com', password: 'not the password at all' })
          expectError(refused, 503, 'the server is busy: try again in a moment')
          expect(refused.headers.get('retry-after')).toBe('1')
        }
        expectError(await client.post('/api/signin', { email: 'alice@example.com', password: PASSWORD }), 503)
        const outcomes = await Promise.all(filling)
        expect(outcomes.at(-1)).toBe(pool.BUSY)
        expect(outcomes.filter((outcome) => outcome !== 'hashed' && outcome !== pool.BUSY)).toEqual([])
        // Drained, the right password signs in: the refused attempts were not counted.
        expect((await client.post('/api/signin', { email: 'alice@example.com', password: PASSWORD })).status).toBe(200)
      })

      const onLinux = process.platform === 'linux' ? test : test.skip
      onLinux('the hashes run on a thread of their own, at a lower priority than the event loop (Linux)', async () => {
        await signUp(server.client(), 'alice@example.com')
        // /proc/<pid>/task/<tid>/stat: the 19th field is the thread's niceness (proc(5)).
        const niceness = (task) => {
          const stat = fs.readFileSync(`/proc/self/task/${task}/stat`, 'utf8')
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
        }
        const threads = fs.readdirSync('/proc/self/task').map((task) => ({ task, niceness: niceness(task) }))
        expect(threads.find((t) => t.task === String(process.pid)).niceness).toBe(0)
        expect(threads.filter((t) => t.niceness === 10).length).toBeGreaterThanOrEqual(1)
      })

      test('20 wrong second-factor codes from one client address, over any accounts, then 429 on every account', async () => {
        const users = []
        for (let i = 0; i < 6; i++) users.push(await userWithTwoFactor(`user${i}@example.com`))
        clock.advance(STEP)
        const attacker = { 'x-forwarded-for': '203.0.113.66' }
        // Four wrong codes (app and recovery) on each of five accounts: under every account's limit of 5.
        for (const user of users.slice(0, 5)) {
          const half = await halfSignedIn(user.email, attacker)
          const [first, second, third] = wrongDigits(user.uri, 3)
          for (const code of [first, second, third]) expectError(await half.post('/api/signin/totp', { code }), 401)
          expectError(await half.post('/api/signin/recovery', { code: WRONG_RECOVERY }), 401)
        }
        const sixth = users[5]
        const blocked = await (await halfSignedIn(sixth.email, attacker)).post('/api/signin/totp', { code: codeAt(sixth.uri, clock.now()) })
        expectError(blocked, 429)
        expect(Number(blocked.headers.get('retry-after'))).toBe(15 * 60)
        expectError(await (await halfSignedIn(sixth.email, attacker)).post('/api/signin/recovery', { code: sixth.recoveryCodes[0] }), 429)
        // The accounts themselves are not locked: from elsewhere their owners sign in.
        const owner = await halfSignedIn(sixth.email, { 'x-forwarded-for': '198.51.100.9' })
        expect((await owner.post('/api/signin/totp', { code: codeAt(sixth.uri, clock.now()) })).status).toBe(200)
        clock.advance(15 * MINUTE)
        const later = await halfSignedIn(users[0].email, attacker)
        expect((await later.post('/api/signin/totp', { code: codeAt(users[0].uri, clock.now()) })).status).toBe(200)
      })

      test('right codes from one client address are not counted toward its limit', async () => {
        const users = []
        for (let i = 0; i < 2; i++) users.push(await userWithTwoFactor(`user${i}@example.com`))
        const office = { 'x-forwarded-for': '203.0.113.80' }
        for (let round = 1; round <= 25; round++) {
          clock.advance(STEP)
          const user = users[round % 2]
          expect((await (await halfSignedIn(user.email, office)).post('/api/signin/totp', { code: codeAt(user.uri, clock.now()) })).status).toBe(200)
        }
        const [wrong] = wrongDigits(users[0].uri, 1)
        expectError(await (await halfSignedIn(users[0].email, office)).post('/api/signin/totp', { code: wrong }), 401)
      })
    })

    describe('e-mailed codes are the account\'s choice', () => {
      test('turned off, the sign-in does not offer them and none is mailed; on again needs a code; both are mailed', async () => {
        const { client, uri } = await userWithTwoFactor()
        const before = smtp.messages.length
        const off = await client.post('/api/2fa/email-codes', { enabled: false })
        expect(off.status).toBe(200)
        expect(off.body).toEqual({ emailCodes: { enabled: false, available: true } })
        expect((await client.get('/api/me')).body.emailCodes).toEqual({ enabled: false, available: true })
        expect((await smtp.mailTo('alice@example.com', { after: before, subject: /e-mailed codes turned off$/ })).text).toMatch(
          /only your authenticator app or a recovery code/,
        )

        const half = await server.client().post('/api/signin', { email: 'alice@example.com', password: PASSWORD })
        expect(half.body).toEqual({ stage: 'second-factor', methods: ['totp', 'recovery-code'] })
        const withPassword = server.client()
        await withPassword.post('/api/signin', { email: 'alice@example.com', password: PASSWORD })
        expect((await withPassword.get('/api/session')).body).toEqual({ stage: 'second-factor', methods: ['totp', 'recovery-code'] })
        const asked = smtp.messages.length
        expectError(await withPassword.post('/api/signin/email-code', {}), 403, /turned off for this account/)
        await server.app.locals.mailSent()
        expect(smtp.messages.slice(asked).filter((m) => /sign-in code/.test(m.subject))).toEqual([])

        // A stolen session cannot turn them back on without a second factor.
        expectError(await client.post('/api/2fa/email-codes', { enabled: true }), 400, /needs a current code/)
        expectError(await client.post('/api/2fa/email-codes', { enabled: true, code: WRONG_CODE }), 401)
        expectError(await client.post('/api/2fa/email-codes', { enabled: 'yes' }), 400, /enabled must be true or false/)
        clock.advance(STEP)
        const on = await client.post('/api/2fa/email-codes', { enabled: true, code: codeAt(uri, clock.now()) })
        expect(on.body).toEqual({ emailCodes: { enabled: true, available: true } })
        await smtp.mailTo('alice@example.com', { after: asked, subject: /e-mailed codes turned on$/ })
        const again = await halfSignedIn()
        expect((await again.post('/api/signin/email-code', {})).status).toBe(202)
        await smtp.mailTo('alice@example.com', { after: asked, subject: /sign-in code/ })
      })

      test('EMAIL_CODES=off: no account is offered them or mailed one, whatever it chose', async () => {
        await server.close()
        server = await startApp({ target, clock, smtpUrl: smtp.url, trustProxy: 'loopback', emailCodes: false })
        const { client } = await userWithTwoFactor()
        expect((await client.get('/api/me')).body.emailCodes).toEqual({ enabled: true, available: false })
        const half = server.client()
        expect((await half.post('/api/signin', { email: 'alice@example.com', password: PASSWORD })).body).toEqual({
          stage: 'second-factor',
          methods: ['totp', 'recovery-code'],
        })
        const before = smtp.messages.length
        expectError(await half.post('/api/signin/email-code', {}), 403, /turned off on this server/)
        await server.app.locals.mailSent()
        expect(smtp.messages.slice(before).filter((m) => /sign-in code/.test(m.subject))).toEqual([])
      })
    })

    describe('passwords in Unicode', () => {
      // "Ångström café, ﬁne ＡＢＣ", typed three ways: precomposed (NFC),
      // decomposed (NFD, as macOS file names and some keyboards give it), and
      // with the compatibility forms NFKC folds (ligature, full-width letters).
      const NFC = 'Ångström café, fine ABC'.normalize('NFC')
      const NFD = NFC.normalize('NFD')
      const COMPAT = 'Ångström café, ﬁne ＡＢＣ'

      test('a password typed decomposed, or in compatibility forms, signs in to an account made precomposed', async () => {
        expect(NFD).not.toBe(NFC)
        await signUp(server.client(), 'alice@example.com', NFC)
        for (const typed of [NFC, NFD, COMPAT]) {
          expect((await server.client().post('/api/signin', { email: 'alice@example.com', password: typed })).status).toBe(200)
        }
        await signUp(server.client(), 'bob@example.com', NFD)
        expect((await server.client().post('/api/signin', { email: 'bob@example.com', password: NFC })).status).toBe(200)
        expectError(await server.client().post('/api/signin', { email: 'bob@example.com', password: NFC.replace('A', 'a') }), 401)
      })

      test('a lone surrogate is refused with 400, at sign-up and at sign-in, rather than read as U+FFFD', async () => {
        const high = `${PASSWORD}\ud800`
        const low = `${PASSWORD}\udc00`
        expectError(await server.client().post('/api/signup', { email: 'alice@example.com', password: high }), 400, /lone surrogate/)
        // Raw JSON with the escape, as a client would send it.
        const raw = `{"email":"alice@example.com","password":"${PASSWORD}\\udfff"}`
        expectError(await server.client().post('/api/signup', raw), 400, /lone surrogate/)
        await signUp(server.client(), 'alice@example.com', `${PASSWORD}\ufffd`)
        expectError(await server.client().post('/api/signin', { email: 'alice@example.com', password: low }), 400, /lone surrogate/)
        expect((await server.client().post('/api/signin', { email: 'alice@example.com', password: `${PASSWORD}\ufffd` })).status).toBe(200)
      })

      test('a hash made from the password as typed, before normalization, still signs in, and is made again from NFKC', async () => {
        const argon2 = require('@node-rs/argon2')
        await signUp(server.client(), 'alice@example.com')
        // As a release before this one stored it: the decomposed password, as typed.
        const legacy = await argon2.hash(NFD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 })
        await target.sql(`UPDATE users SET password_hash = '${legacy}', password_normalized = (1 = 0) WHERE email = 'alice@example.com'`)
        expect(await server.store.findUserByEmail('alice@example.com')).toMatchObject({ passwordHash: legacy, passwordNormalized: false })
        expectError(await server.client().post('/api/signin', { email: 'alice@example.com', password: 'not the password at all' }), 401)
        expect((await server.client().post('/api/signin', { email: 'alice@example.com', password: NFD })).status).toBe(200)
        const rehashed = await server.store.findUserByEmail('alice@example.com')
        expect(rehashed.passwordNormalized).toBe(true)
        expect(rehashed.passwordHash).not.toBe(legacy)
        expect(await argon2.verify(rehashed.passwordHash, NFC)).toBe(true)
        for (const typed of [NFC, NFD, COMPAT]) {
          expect((await server.client().post('/api/signin', { email: 'alice@example.com', password: typed })).status).toBe(200)
        }
      })
    })

    describe('recovery codes are spent only by a sign-in they complete', () => {
      test('three different codes raced on one half-signed session: one signs in, the other two stay unused', async () => {
        const { recoveryCodes } = await userWithTwoFactor()
        clock.advance(MINUTE)
        let left = 10
        const losers = []
        for (let round = 0; round < 3; round++) {
          const half = await halfSignedIn()
          const codes = recoveryCodes.slice(round * 3, round * 3 + 3)
          const answers = await Promise.all(codes.map((code) => half.clone().post('/api/signin/recovery', { code })))
          expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401])
          // The session was swapped already: when they were read, or when they were to be swapped.
          for (const loser of answers.filter((a) => a.status === 401)) {
            expect(loser.body.error).toMatch(/^(this sign-in was already completed|no sign-in in progress)/)
          }
          expect(answers.find((a) => a.status === 200).body.recoveryCodesLeft).toBe(--left)
          losers.push(...codes.filter((_code, i) => answers[i].status !== 200))
        }
        // Every losing code was left unspent: each still signs in, once.
        for (const code of losers) {
          expect((await (await halfSignedIn()).post('/api/signin/recovery', { code })).body.recoveryCodesLeft).toBe(--left)
          expectError(await (await halfSignedIn()).post('/api/signin/recovery', { code }), 401, /^invalid recovery code$/)
        }
        expect(left).toBe(1)
      })
    })

    describe('sessions after sensitive changes', () => {
      test("new recovery codes end the account's other sessions; this one goes on under a new id", async () => {
        const { client, uri } = await userWithTwoFactor()
        clock.advance(STEP)
        const laptop = await halfSignedIn()
        expect((await laptop.post('/api/signin/totp', { code: codeAt(uri, clock.now()) })).status).toBe(200)
        const stolen = client.clone()
        clock.advance(STEP)
        expect((await client.post('/api/2fa/recovery-codes', { code: codeAt(uri, clock.now()) })).status).toBe(200)
        expect(client.cookie).not.toBe(stolen.cookie)
        expectError(await laptop.get('/api/me'), 401, /^not signed in$/)
        expectError(await stolen.get('/api/me'), 401, /^not signed in$/)
        expect((await client.get('/api/me')).status).toBe(200)
      })

      test('"sign out everywhere else" ends every other session of the account, half-signed ones too, and no one else\'s', async () => {
        const { client, recoveryCodes } = await userWithTwoFactor()
        const thief = client.clone()
        const half = await halfSignedIn()
        const bob = server.client()
        await signUp(bob, 'bob@example.com')
        clock.advance(MINUTE)
        const me = await halfSignedIn()
        expect((await me.post('/api/signin/recovery', { code: recoveryCodes[0] })).status).toBe(200)
        expectError(await server.client().post('/api/signout/others', {}), 401, /^not signed in$/)
        expectError(await half.post('/api/signout/others', {}), 401, /second factor required/)
        expect((await me.post('/api/signout/others', {})).status).toBe(200)
        expectError(await thief.get('/api/me'), 401, /^not signed in$/)
        expect((await half.get('/api/session')).body).toEqual({ stage: 'none' })
        expect((await me.get('/api/me')).status).toBe(200)
        expect((await bob.get('/api/me')).status).toBe(200)
      })
    })

    describe('headers and origin', () => {
      test('the page and every answer: no-store, a CSP with base-uri and object-src none, COOP, CORP, Permissions-Policy', async () => {
        const client = server.client()
        for (const route of ['/', '/main.js', '/style.css', '/api/session']) {
          const { headers } = await client.get(route)
          expect(headers.get('cache-control')).toBe('no-store')
          const csp = headers.get('content-security-policy').split(/;\s*/)
          expect(csp).toEqual(expect.arrayContaining(["default-src 'self'", "base-uri 'none'", "object-src 'none'", "frame-ancestors 'none'"]))
          expect(headers.get('cross-origin-opener-policy')).toBe('same-origin')
          expect(headers.get('cross-origin-resource-policy')).toBe('same-origin')
          expect(headers.get('permissions-policy')).toMatch(/^camera=\(\), microphone=\(\), geolocation=\(\)/)
        }
      })

      test('with PUBLIC_ORIGIN, an Origin that matches a forged Host header is refused; the public origin is not', async () => {
        await server.close()
        server = await startApp({ target, clock, smtpUrl: smtp.url, publicOrigin: 'https://app.example.com' })
        const signup = { email: 'alice@example.com', password: PASSWORD }
        for (const host of ['evil.example', new URL(server.base).host]) {
          const forged = await postWithHost(server.base, '/api/signup', { host, origin: `http://${host}` }, signup)
          expect(forged).toEqual({ status: 403, body: { error: 'cross-site request refused' } })
        }
        const proxied = await postWithHost(server.base, '/api/signup', { host: 'app.example.com', origin: 'https://app.example.com' }, signup)
        expect(proxied.status).toBe(201)
        // Clients that send no Origin (not browsers) carry no victim's cookie, as before.
        expect((await server.client().post('/api/signin', signup)).status).toBe(200)
      })
    })

    describe('malformed requests', () => {
      const routes = ['/api/signup', '/api/signin', '/api/signin/totp', '/api/signin/recovery', '/api/2fa/enroll', '/api/2fa/confirm']

      test.each(routes)('%s answers 400 to a body that is not a JSON object', async (route) => {
        const client = server.client()
        expectError(await client.post(route, '{"email": '), 400, /malformed JSON/)
        expectError(await client.post(route, '["a@b.c"]'), 400)
        expectError(await client.post(route, 'a@b.c', { 'content-type': 'text/plain' }), 400)
        expectError(await client.request('POST', route), 400)
      })

      test('sign-up and sign-in answer 400 to a missing, empty, non-string or invalid email', async () => {
        for (const route of ['/api/signup', '/api/signin']) {
          for (const email of [undefined, '', '   ', 42, null, ['a@b.c'], { a: 1 }, 'not-an-address', 'a@b.c:d', `${'a'.repeat(250)}@b.co`]) {
            expectError(await server.client().post(route, { email, password: PASSWORD }), 400, /email/)
          }
          expectError(await server.client().post(route, { email: 'a@example.com' }), 400, /password must be a string/)
        }
      })

      test('a non-string code is 400 and does not count as a failed attempt', async () => {
        const { uri } = await userWithTwoFactor()
        const client = await halfSignedIn()
        for (const code of [undefined, 123456, null, ['123456'], { code: '1' }]) {
          for (let i = 0; i < 2; i++) expectError(await client.post('/api/signin/totp', { code }), 400, /code must be a string/)
        }
        clock.advance(STEP)
        expect((await client.post('/api/signin/totp', { code: codeAt(uri, clock.now()) })).status).toBe(200)
      })

      test('a body over 4 kB is refused with 413; unknown API paths answer 404 in JSON', async () => {
        expectError(await server.client().post('/api/signup', { email: 'a@example.com', padding: 'x'.repeat(5000) }), 413)
        expectError(await server.client().get('/api/signin'), 404)
        expectError(await server.client().post('/api/nothing', {}), 404, /no such endpoint: POST \/api\/nothing/)
      })
    })

    describe('restarts and keys', () => {
      test('accounts, sessions, used steps and throttle counts survive a restart', async () => {
        const { client, uri } = await userWithTwoFactor()
        clock.advance(STEP)
        const code = codeAt(uri, clock.now())
        expect((await (await halfSignedIn()).post('/api/signin/totp', { code })).status).toBe(200)
        for (let i = 0; i < 4; i++) expectError(await server.client().post('/api/signin', { email: 'bob@example.com', password: PASSWORD }), 401)
        const cookie = client.cookie

        await server.close()
        server = await startApp({ target, clock, smtpUrl: smtp.url })
        const again = new Client(server.base)
        again.cookie = cookie
        expect((await again.get('/api/me')).body.twoFactor.enabled).toBe(true)
        expectError(await (await halfSignedIn()).post('/api/signin/totp', { code }), 401)
        for (let i = 0; i < 6; i++) expectError(await server.client().post('/api/signin', { email: 'bob@example.com', password: PASSWORD }), 401)
        expectError(await server.client().post('/api/signin', { email: 'bob@example.com', password: PASSWORD }), 429)
      })

      test('the database holds no password, TOTP secret, session token or recovery code in clear', async () => {
        const { client, uri, recoveryCodes } = await userWithTwoFactor()
        await client.post('/api/2fa/recovery-codes', { recoveryCode: recoveryCodes[0] }).then((r) => recoveryCodes.push(...r.body.recoveryCodes))
        const secret = authenticator(uri).secret.base32
        const token = client.cookie.split('=')[1]
        await server.close()
        const dump = await dumpDatabase(target)
        expect(dump).toContain('alice@example.com') // the dump does read the data
        for (const clear of [PASSWORD, secret, secret.toLowerCase(), token, ...recoveryCodes, ...recoveryCodes.map((c) => c.replace('-', ''))]) {
          expect(dump).not.toContain(clear)
        }
        server = await startApp({ target, clock, smtpUrl: smtp.url })
      })

      test('a generated key file is mode 0600; a key readable by others, or a malformed SECRETS_KEY, stops the start', async () => {
        expect(fs.statSync(path.join(target.dataDir, 'secrets.key')).mode & 0o777).toBe(0o600)
        const dir = tempDir()
        await expect(target.open({ dir, secretsKey: 'too short' })).rejects.toThrow(/SECRETS_KEY must be 32 bytes/)
        fs.writeFileSync(path.join(dir, 'secrets.key'), `${'ab'.repeat(32)}\n`, { mode: 0o644 })
        await expect(target.open({ dir })).rejects.toThrow(/readable by other users.*chmod 600/)
        fs.rmSync(dir, { recursive: true, force: true })
      })

      test('another key than the database was made with is refused at start, before any secret is touched', async () => {
        await userWithTwoFactor()
        await server.close()
        const key = fs.readFileSync(path.join(target.dataDir, 'secrets.key'), 'utf8').trim()
        await expect(target.open({ secretsKey: 'cd'.repeat(32) })).rejects.toThrow(/not the key this database was created with/)
        // The same key as base64 is the same key.
        const same = await target.open({ secretsKey: Buffer.from(key, 'hex').toString('base64') })
        expect((await same.getAccount(1)).totpEnabled).toBe(true)
        expect((await same.getTotp(1)).secret).toMatch(/^[A-Z2-7]+$/)
        await same.close()
        server = await startApp({ target, clock, smtpUrl: smtp.url })
      })
    })

    describe('logs', () => {
      test('name methods, paths, statuses and account ids, never an address, password, secret, code or token', async () => {
        const { client, uri, recoveryCodes } = await userWithTwoFactor()
        clock.advance(STEP)
        const half = await halfSignedIn()
        const before = smtp.messages.length
        await half.post('/api/signin/email-code', {})
        const mailed = (await smtp.mailTo('alice@example.com', { after: before, subject: /sign-in code/ })).raw.match(/code is (\d{6})/)[1]
        const [wrong] = wrongDigits(uri, 1)
        await half.post('/api/signin/totp', { code: wrong })
        await half.post('/api/signin/totp', { code: mailed })
        await server.client().post('/api/signin', { email: 'alice@example.com', password: 'the wrong password' })
        const text = server.logger.lines.join('\n')
        expect(text).toMatch(/POST \/api\/signin\/totp 200/)
        expect(text).toMatch(/account 1: signed in with a mailed code/)
        for (const secretThing of [
          'alice@example.com',
          PASSWORD,
          'the wrong password',
          authenticator(uri).secret.base32,
          codeAt(uri, START),
          mailed,
          wrong,
          recoveryCodes[0],
          client.cookie.split('=')[1],
          half.cookie.split('=')[1],
        ]) {
          expect(text).not.toContain(secretThing)
        }
      })
    })
  })
}
