'use strict'

// The whole HTTP API, in-process: enrollment, verification with replay and
// brute-force protection, e-mailed codes through a real SMTP server on
// loopback, malformed requests, and state surviving a restart of the store.
// Codes are computed with otpauth from the enrollment URI, as an
// authenticator app would.

const fs = require('node:fs')
const path = require('node:path')
const request = require('supertest')
const jsQR = require('jsqr')
const { PNG } = require('pngjs')
const { START, tempDir, makeClock, startSmtp, buildApp, authenticator, codeAt } = require('./helpers')

const STEP = 30 * 1000
const MINUTE = 60 * 1000
// A wrong code that can never be right, so that no test depends on luck.
const WRONG_CODE = 'xxxxxx'

let smtp
let dataDir
let server // { app, store, clock, logger, close }

beforeAll(async () => {
  smtp = await startSmtp()
})
afterAll(() => smtp.close())

beforeEach(() => {
  dataDir = tempDir()
  server = buildApp({ dataDir, smtpUrl: smtp.url })
})
afterEach(() => {
  server.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

const post = (path, body) => request(server.app).post(path).send(body)
const enroll = async (email) => {
  const response = await post('/api/enroll', { email }).expect(201)
  return response.body.uri
}
const verify = (email, code) => post('/api/verify', { email, code })

/** Errors are JSON with a message and nothing else: no stack, no internals. */
function expectJsonError(response, status) {
  expect(response.status).toBe(status)
  expect(response.headers['content-type']).toMatch(/^application\/json/)
  expect(Object.keys(response.body)).toEqual(['error'])
  expect(typeof response.body.error).toBe('string')
  expect(response.text).not.toMatch(/\bat .*\.js:\d+/)
}

describe('GET /', () => {
  test('serves the page with its script and stylesheet, under a strict content security policy', async () => {
    const page = await request(server.app).get('/').expect(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.text).toMatch(/<form id="enroll-form"/)
    expect(page.text).toMatch(/<form id="verify-form"/)
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/)
    expect(page.headers['x-powered-by']).toBeUndefined()
    await request(server.app).get('/main.js').expect(200).expect('content-type', /javascript/)
    await request(server.app).get('/style.css').expect(200).expect('content-type', /css/)
  })
})

describe('POST /api/enroll', () => {
  test('answers 201 with an otpauth URI and a PNG data URL of its QR code', async () => {
    const response = await post('/api/enroll', { email: 'alice@example.com' }).expect(201)
    expect(Object.keys(response.body).sort()).toEqual(['qrDataUrl', 'uri'])
    expect(response.headers['cache-control']).toBe('no-store')

    const totp = authenticator(response.body.uri)
    expect(totp.issuer).toBe('Example Co')
    expect(totp.label).toBe('alice@example.com')
    expect(totp.secret.bytes.length).toBeGreaterThanOrEqual(16)
    expect([totp.algorithm, totp.digits, totp.period]).toEqual(['SHA1', 6, 30])

    const [, base64] = response.body.qrDataUrl.match(/^data:image\/png;base64,(.+)$/)
    const png = PNG.sync.read(Buffer.from(base64, 'base64'))
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height).data).toBe(response.body.uri)
  })

  test('normalises the address: spaces trimmed, letters lowercased', async () => {
    const uri = await enroll('  Alice@Example.COM ')
    expect(authenticator(uri).label).toBe('alice@example.com')
    await verify('ALICE@example.com', codeAt(uri, START)).expect(200, { ok: true })
  })

  test('gives every enrollment a fresh random secret', async () => {
    const a = authenticator(await enroll('a@example.com')).secret.base32
    const b = authenticator(await enroll('b@example.com')).secret.base32
    const again = authenticator(await enroll('a@example.com')).secret.base32
    expect(new Set([a, b, again]).size).toBe(3)
  })

  test('re-enrolling replaces the secret: codes of the old one stop working', async () => {
    const old = await enroll('alice@example.com')
    const fresh = await enroll('alice@example.com')
    expectJsonError(await verify('alice@example.com', codeAt(old, START)), 401)
    await verify('alice@example.com', codeAt(fresh, START)).expect(200)
  })
})

describe('POST /api/verify', () => {
  test("accepts the authenticator's current code once, and never again (replay)", async () => {
    const uri = await enroll('alice@example.com')
    const code = codeAt(uri, START)
    await verify('alice@example.com', code).expect(200, { ok: true })
    const replay = await verify('alice@example.com', code)
    expectJsonError(replay, 401)
    expect(replay.body.error).toBe('invalid code')
    server.clock.advance(STEP / 2)
    expectJsonError(await verify('alice@example.com', code), 401)
  })

  test('accepts the next step after one was used, but no earlier step than the last used', async () => {
    const uri = await enroll('alice@example.com')
    server.clock.advance(STEP)
    // One step back is inside the window: it works first...
    await verify('alice@example.com', codeAt(uri, START)).expect(200)
    // ...then the current step, later than it, works too...
    await verify('alice@example.com', codeAt(uri, START + STEP)).expect(200)
    // ...and a step before the last accepted one is refused even inside the window.
    const fresh = await enroll('bob@example.com')
    server.clock.advance(STEP)
    await verify('bob@example.com', codeAt(fresh, START + 3 * STEP)).expect(200)
    expectJsonError(await verify('bob@example.com', codeAt(fresh, START + STEP)), 401)
  })

  test('accepts a code one step old or one step ahead, and refuses an expired one', async () => {
    const uri = await enroll('alice@example.com')
    server.clock.advance(10 * STEP)
    await verify('alice@example.com', codeAt(uri, START + 9 * STEP)).expect(200)
    await verify('alice@example.com', codeAt(uri, START + 11 * STEP)).expect(200)
    const other = await enroll('bob@example.com')
    expectJsonError(await verify('bob@example.com', codeAt(other, START + 8 * STEP)), 401)
  })

  test('answers a wrong code and an unknown account identically, with 401', async () => {
    const uri = await enroll('alice@example.com')
    const good = codeAt(uri, START)
    const wrongCode = await verify('alice@example.com', WRONG_CODE)
    const unknown = await verify('nobody@example.com', good)
    expectJsonError(wrongCode, 401)
    expectJsonError(unknown, 401)
    expect(unknown.body).toEqual(wrongCode.body)
    expect(unknown.headers['content-length']).toBe(wrongCode.headers['content-length'])
  })

  test('treats malformed codes as wrong codes (401), not as errors', async () => {
    await enroll('alice@example.com')
    // Five of them: a sixth would be throttled.
    for (const code of ['', 'abcdef', '12345', '1234567', '١٢٣٤٥٦']) {
      expectJsonError(await verify('alice@example.com', code), 401)
    }
  })

  test('accepts a code with surrounding spaces, as people paste it', async () => {
    const uri = await enroll('alice@example.com')
    await verify('alice@example.com', ` ${codeAt(uri, START)} `).expect(200)
  })
})

describe('throttling', () => {
  async function fail(email, times) {
    for (let i = 0; i < times; i++) expectJsonError(await verify(email, WRONG_CODE), 401)
  }

  test('after 5 failures in 15 minutes answers 429, even to the right code, until the window passes', async () => {
    const uri = await enroll('alice@example.com')
    await fail('alice@example.com', 5)
    const blocked = await verify('alice@example.com', codeAt(uri, START))
    expectJsonError(blocked, 429)
    expect(Number(blocked.headers['retry-after'])).toBe(15 * 60)

    server.clock.advance(15 * MINUTE - 1000)
    const stillBlocked = await verify('alice@example.com', codeAt(uri, START + 15 * MINUTE - 1000))
    expectJsonError(stillBlocked, 429)
    expect(Number(stillBlocked.headers['retry-after'])).toBe(1)

    server.clock.advance(1000)
    await verify('alice@example.com', codeAt(uri, START + 15 * MINUTE)).expect(200)
  })

  test('counts failures over a sliding window: old failures stop counting', async () => {
    const uri = await enroll('alice@example.com')
    await fail('alice@example.com', 3)
    server.clock.advance(10 * MINUTE)
    await fail('alice@example.com', 2)
    expectJsonError(await verify('alice@example.com', WRONG_CODE), 429)
    // The first three are now over 15 minutes old: two remain, so three more tries are allowed.
    server.clock.advance(6 * MINUTE)
    await fail('alice@example.com', 3)
    expectJsonError(await verify('alice@example.com', codeAt(uri, START + 16 * MINUTE)), 429)
  })

  test('a success clears the failures', async () => {
    const uri = await enroll('alice@example.com')
    await fail('alice@example.com', 4)
    await verify('alice@example.com', codeAt(uri, START)).expect(200)
    await fail('alice@example.com', 4)
    server.clock.advance(STEP)
    await verify('alice@example.com', codeAt(uri, START + STEP)).expect(200)
  })

  test('throttles per account, unknown accounts alike', async () => {
    const uri = await enroll('alice@example.com')
    await fail('mallory@example.com', 5)
    expectJsonError(await verify('mallory@example.com', WRONG_CODE), 429)
    await verify('alice@example.com', codeAt(uri, START)).expect(200)
  })

  test('counts the normalised address: case and spaces do not buy more tries', async () => {
    await enroll('alice@example.com')
    await fail('alice@example.com', 2)
    await fail('ALICE@example.com', 2)
    await fail(' alice@EXAMPLE.com', 1)
    expectJsonError(await verify('alice@example.com', WRONG_CODE), 429)
  })

  test('re-enrolling does not reset the failures', async () => {
    await enroll('alice@example.com')
    await fail('alice@example.com', 5)
    const uri = await enroll('alice@example.com')
    expectJsonError(await verify('alice@example.com', codeAt(uri, START)), 429)
  })
})

describe('POST /api/email-code', () => {
  function codeInMail(message) {
    const match = message.raw.match(/sign-in code is (\d{6})\./)
    expect(match).not.toBeNull()
    return match[1]
  }

  test('answers 202 and mails the current code over SMTP; the mailed code then verifies, once', async () => {
    const uri = await enroll('carol@example.com')
    const before = smtp.messages.length
    await post('/api/email-code', { email: 'Carol@Example.com' }).expect(202)
    const message = await smtp.mailTo('carol@example.com', { after: before })
    expect(message.from).toBe('no-reply@example.com')
    expect(message.raw).toMatch(/^Subject: Your Example Co sign-in code/m)
    const code = codeInMail(message)
    expect(code).toBe(codeAt(uri, START))
    // START is the first millisecond of its step: the code holds for this step and the next.
    expect(message.raw).toMatch(/valid for about 60 seconds and can be used once/)
    await verify('carol@example.com', code).expect(200, { ok: true })
    expectJsonError(await verify('carol@example.com', code), 401)
  })

  test("mails the next step's code when the current one was just used with the app", async () => {
    const uri = await enroll('carol@example.com')
    await verify('carol@example.com', codeAt(uri, START)).expect(200)
    const before = smtp.messages.length
    await post('/api/email-code', { email: 'carol@example.com' }).expect(202)
    const message = await smtp.mailTo('carol@example.com', { after: before })
    const code = codeInMail(message)
    expect(code).toBe(codeAt(uri, START + STEP))
    expect(message.raw).toMatch(/valid for about 90 seconds/)
    await verify('carol@example.com', code).expect(200, { ok: true })
  })

  test('answers an unknown address with the same 202 and sends nothing', async () => {
    await enroll('carol@example.com')
    const before = smtp.messages.length
    const unknown = await post('/api/email-code', { email: 'nobody@example.com' }).expect(202)
    const known = await post('/api/email-code', { email: 'carol@example.com' }).expect(202)
    expect(unknown.body).toEqual(known.body)
    await smtp.mailTo('carol@example.com', { after: before })
    expect(smtp.messages.slice(before).flatMap((message) => message.to)).not.toContain('nobody@example.com')
  })

  test('sends at most 5 mails per address in 15 minutes, then answers 429', async () => {
    await enroll('dave@example.com')
    for (let i = 0; i < 5; i++) await post('/api/email-code', { email: 'dave@example.com' }).expect(202)
    expectJsonError(await post('/api/email-code', { email: 'dave@example.com' }), 429)
    server.clock.advance(15 * MINUTE)
    await post('/api/email-code', { email: 'dave@example.com' }).expect(202)
  })
})

describe('malformed requests', () => {
  const endpoints = ['/api/enroll', '/api/verify', '/api/email-code']

  test.each(endpoints)('%s answers 400 to a missing, empty, non-string or invalid email', async (endpoint) => {
    for (const body of [{}, { email: '' }, { email: '   ' }, { email: 42 }, { email: null }, { email: ['a@b.c'] }, { email: { a: 1 } }, { email: 'not-an-address' }, { email: 'a@b.c:d' }, { email: `${'a'.repeat(250)}@b.co` }]) {
      expectJsonError(await post(endpoint, { code: '123456', ...body }), 400)
    }
  })

  test.each(endpoints)('%s answers 400 to bodies that are not a JSON object', async (endpoint) => {
    expectJsonError(await request(server.app).post(endpoint).set('Content-Type', 'application/json').send('{"email": '), 400)
    expectJsonError(await request(server.app).post(endpoint).set('Content-Type', 'application/json').send('["a@b.c"]'), 400)
    expectJsonError(await request(server.app).post(endpoint).set('Content-Type', 'text/plain').send('a@b.c'), 400)
    expectJsonError(await request(server.app).post(endpoint), 400)
  })

  test('/api/verify answers 400 to a missing or non-string code', async () => {
    await enroll('alice@example.com')
    for (const code of [undefined, 123456, null, ['123456'], { code: '1' }]) {
      expectJsonError(await post('/api/verify', { email: 'alice@example.com', code }), 400)
    }
  })

  test('malformed requests do not count as failed attempts', async () => {
    const uri = await enroll('alice@example.com')
    for (let i = 0; i < 10; i++) await post('/api/verify', { email: 'alice@example.com', code: 123456 }).expect(400)
    await verify('alice@example.com', codeAt(uri, START)).expect(200)
  })

  test('a body over 4 kB is refused with 413', async () => {
    expectJsonError(await post('/api/enroll', { email: 'a@example.com', padding: 'x'.repeat(5000) }), 413)
  })

  test('unknown API paths answer 404 in JSON', async () => {
    expectJsonError(await request(server.app).get('/api/verify'), 404)
    expectJsonError(await post('/api/nothing', {}), 404)
  })
})

describe('persistence across a restart', () => {
  test('enrollments, last used steps and failure counts survive closing and reopening the store', async () => {
    const uri = await enroll('alice@example.com')
    const code = codeAt(uri, START)
    await verify('alice@example.com', code).expect(200)
    for (let i = 0; i < 4; i++) await verify('bob@example.com', WRONG_CODE).expect(401)

    server.close()
    server = buildApp({ dataDir, smtpUrl: smtp.url, clock: makeClock(START + 1000) })

    expectJsonError(await verify('alice@example.com', code), 401) // still used
    server.clock.advance(STEP)
    await verify('alice@example.com', codeAt(uri, START + STEP + 1000)).expect(200) // still enrolled
    await verify('bob@example.com', WRONG_CODE).expect(401) // the fifth failure
    expectJsonError(await verify('bob@example.com', WRONG_CODE), 429)
  })

  test('the generated key is mode 0600 and the database never holds a secret in clear', async () => {
    const uri = await enroll('alice@example.com')
    const secret = authenticator(uri).secret.base32
    expect(fs.statSync(path.join(dataDir, 'secrets.key')).mode & 0o777).toBe(0o600)
    server.close()
    const files = fs.readdirSync(dataDir).filter((name) => name.startsWith('totp.db'))
    expect(files).toContain('totp.db')
    for (const name of files) {
      const bytes = fs.readFileSync(path.join(dataDir, name))
      expect(bytes.includes(secret)).toBe(false)
      expect(bytes.includes(secret.toLowerCase())).toBe(false)
    }
    server = buildApp({ dataDir, smtpUrl: smtp.url })
  })

  test('SECRETS_KEY replaces the key file; with another key the secrets cannot be read', async () => {
    const key = 'ab'.repeat(32)
    server.close()
    const keyed = tempDir()
    server = buildApp({ dataDir: keyed, smtpUrl: smtp.url, secretsKey: key })
    const uri = await enroll('alice@example.com')
    expect(fs.existsSync(path.join(keyed, 'secrets.key'))).toBe(false)
    server.close()

    // The same key in base64 reads the same secrets.
    server = buildApp({ dataDir: keyed, smtpUrl: smtp.url, secretsKey: Buffer.from(key, 'hex').toString('base64') })
    await verify('alice@example.com', codeAt(uri, START)).expect(200)
    server.close()

    server = buildApp({ dataDir: keyed, smtpUrl: smtp.url, secretsKey: 'cd'.repeat(32) })
    const response = await verify('alice@example.com', codeAt(uri, START + STEP))
    expectJsonError(response, 500)
    expect(response.body.error).toBe('internal error')
    server.close()
    fs.rmSync(keyed, { recursive: true, force: true })
    server = buildApp({ dataDir, smtpUrl: smtp.url })
  })

  test('a malformed SECRETS_KEY or a key file others can read stops the start with a clear message', () => {
    const other = tempDir()
    expect(() => buildApp({ dataDir: other, secretsKey: 'too short' })).toThrow(/SECRETS_KEY must be 32 bytes/)
    buildApp({ dataDir: other }).close()
    fs.chmodSync(path.join(other, 'secrets.key'), 0o644)
    expect(() => buildApp({ dataDir: other })).toThrow(/readable by other users.*chmod 600/)
    fs.rmSync(other, { recursive: true, force: true })
  })
})

describe('logs', () => {
  test('never contain a secret or a code, only methods, paths, statuses and outcomes', async () => {
    const uri = await enroll('alice@example.com')
    const { secret } = authenticator(uri)
    const code = codeAt(uri, START)
    await verify('alice@example.com', '000000')
    await verify('alice@example.com', code)
    const before = smtp.messages.length
    await post('/api/email-code', { email: 'alice@example.com' }).expect(202)
    const mailed = (await smtp.mailTo('alice@example.com', { after: before })).raw.match(/code is (\d{6})/)[1]
    const text = server.logger.lines.join('\n')
    expect(text).toMatch(/POST \/api\/verify 200/)
    expect(text).not.toContain(secret.base32)
    expect(text).not.toContain(code)
    expect(text).not.toContain(mailed)
    expect(text).not.toContain('000000')
  })
})
