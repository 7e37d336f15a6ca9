'use strict'

// server.js as `npm start` runs it: from an empty data directory on SQLite,
// and with DATABASE_URL on PostgreSQL; with no SMTP server (the code mail and
// the notices go to the outbox folder and their paths are logged); stopped
// with SIGTERM and started again on the same data, sessions and used codes
// intact; and the settings read from the environment.

const fs = require('node:fs')
const path = require('node:path')
const { Client } = require('./support/client')
const { startServer, killAll, waitFor } = require('./support/processes')
const { target, tempDir } = require('./support/targets')
const { createDatabase } = require('./support/postgres')
const { PASSWORD, codeAt } = require('./helpers')

let dataDir
beforeEach(() => {
  dataDir = tempDir()
})
afterEach(() => {
  killAll()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

test('starts from nothing, mails the code to the logged outbox file, stops on SIGTERM, keeps its state on restart', async () => {
  const first = startServer({ DATA_DIR: dataDir, TOTP_ISSUER: 'Outbox Test' })
  const base = await first.url
  expect(first.output.text).toMatch(/generated a new secrets key in .*secrets\.key \(mode 0600\)/)
  expect(first.output.text).toMatch(/data in SQLite .*totp\.db; mail via outbox .*outbox/)

  const browser = new Client(base)
  expect((await browser.post('/api/signup', { email: 'erin@example.com', password: PASSWORD })).status).toBe(201)
  const { uri } = (await browser.post('/api/2fa/enroll', { password: PASSWORD })).body
  const confirmedAt = Date.now()
  expect((await browser.post('/api/2fa/confirm', { code: codeAt(uri, confirmedAt) })).status).toBe(200)
  // The notice that two-factor sign-in is on, in the outbox.
  const noticeFile = (await waitFor(() => first.output.text.match(/written to (\S+\.eml)/), 'the notice in the outbox'))[1]
  expect(fs.readFileSync(noticeFile, 'utf8')).toMatch(/^Subject: Outbox Test: two-factor sign-in turned on$/m)
  // SQLite's files, like the key and the outbox, are this user's alone, whatever the umask (022 here).
  for (const name of ['totp.db', 'totp.db-wal', 'totp.db-shm', 'secrets.key']) {
    expect([name, fs.statSync(path.join(dataDir, name)).mode & 0o777]).toEqual([name, 0o600])
  }
  await browser.post('/api/signout', {})
  expect((await browser.post('/api/signin', { email: 'erin@example.com', password: PASSWORD })).body.stage).toBe('second-factor')
  const askedAt = Date.now()
  expect(await browser.post('/api/signin/email-code', {})).toMatchObject({ status: 202, body: { ok: true } })
  const answeredAt = Date.now()

  const file = (await waitFor(() => [...first.output.text.matchAll(/written to (\S+\.eml)/g)][1], 'the outbox line'))[1]
  expect(path.dirname(file)).toBe(path.join(dataDir, 'outbox'))
  expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  const mail = fs.readFileSync(file, 'utf8')
  expect(mail).toMatch(/^To: erin@example\.com$/m)
  expect(mail).toMatch(/^Subject: Your Outbox Test sign-in code$/m)
  const code = mail.match(/sign-in code is (\d{6})\./)[1]
  // The app's code now, or, while the confirming step is still current (it is used), the next step's.
  const mailable = (at) => codeAt(uri, Math.max(Math.floor(at / 30000), Math.floor(confirmedAt / 30000) + 1) * 30000)
  expect([mailable(askedAt), mailable(answeredAt)]).toContain(code)
  expect((await browser.post('/api/signin/totp', { code })).status).toBe(200)
  expect(first.output.text).not.toContain(code)
  expect(first.output.text).not.toContain(new URL(uri).searchParams.get('secret'))
  expect(first.output.text).not.toContain('erin@example.com')

  first.child.kill('SIGTERM')
  expect(await first.exited).toEqual({ code: 0, signal: null })

  const second = startServer({ DATA_DIR: dataDir })
  const again = await second.url
  expect(second.output.text).not.toMatch(/generated a new secrets key/)
  const sameBrowser = browser.clone(again)
  expect((await sameBrowser.get('/api/me')).body.email).toBe('erin@example.com')
  const other = new Client(again)
  await other.post('/api/signin', { email: 'erin@example.com', password: PASSWORD })
  expect((await other.post('/api/signin/totp', { code })).status).toBe(401)
  second.child.kill('SIGTERM')
  expect(await second.exited).toEqual({ code: 0, signal: null })
})

test('refuses a bad PORT, SECRETS_KEY, DATABASE_URL, PUBLIC_ORIGIN, EMAIL_CODES or SIGN_IN_CEILING with a message and exit status 1', async () => {
  const cases = [
    [{ PORT: 'eighty' }, /PORT must be a port number/],
    [{ SECRETS_KEY: 'hunter2' }, /SECRETS_KEY must be 32 bytes/],
    [{ DATABASE_URL: 'mysql://db.example/x' }, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/],
    [{ PUBLIC_ORIGIN: 'https://app.example.com/login' }, /PUBLIC_ORIGIN must be an origin such as https:\/\/app\.example\.com/],
    [{ PUBLIC_ORIGIN: 'app.example.com' }, /PUBLIC_ORIGIN must be an origin/],
    [{ EMAIL_CODES: 'no' }, /EMAIL_CODES must be on or off/],
    [{ SIGN_IN_CEILING: '0' }, /SIGN_IN_CEILING must be a number of sign-ins/],
    [{ SIGN_IN_CEILING: 'lots' }, /SIGN_IN_CEILING must be a number of sign-ins/],
  ]
  for (const [env, message] of cases) {
    const started = startServer({ DATA_DIR: dataDir, ...env })
    expect(await started.exited).toEqual({ code: 1, signal: null })
    expect(started.output.text).toMatch(message)
    expect(started.output.text).not.toMatch(/\n\s+at /)
  }
})

test('PUBLIC_ORIGIN, EMAIL_CODES=off and SIGN_IN_CEILING as server.js reads them', async () => {
  const started = startServer({
    DATA_DIR: dataDir,
    PUBLIC_ORIGIN: 'https://App.Example.com/',
    EMAIL_CODES: 'off',
    SIGN_IN_CEILING: '2',
    TRUST_PROXY: 'loopback',
  })
  const base = await started.url
  expect(started.output.text).toMatch(/origin https:\/\/app\.example\.com; e-mailed codes off; at most 2 sign-ins per client address in 15 minutes/)
  const from = { 'x-forwarded-for': '203.0.113.40' }
  const browser = new Client(base, from)
  expect((await browser.post('/api/signup', { email: 'kim@example.com', password: PASSWORD })).status).toBe(201)
  // Its own origin, as the Host header tells it, is not the public one.
  expect((await browser.post('/api/signout', {}, { origin: base })).status).toBe(403)
  expect((await browser.post('/api/signout', {}, { origin: 'https://app.example.com' })).status).toBe(200)
  for (let i = 0; i < 2; i++) {
    expect((await new Client(base, from).post('/api/signin', { email: 'kim@example.com', password: PASSWORD })).status).toBe(200)
  }
  expect((await new Client(base, from).post('/api/signin', { email: 'kim@example.com', password: PASSWORD })).status).toBe(429)
  // From another address: signed in, and two-factor sign-in turned on.
  const signedIn = await browser.post('/api/signin', { email: 'kim@example.com', password: PASSWORD }, { 'x-forwarded-for': '203.0.113.41' })
  expect(signedIn.status).toBe(200)
  const { uri } = (await browser.post('/api/2fa/enroll', { password: PASSWORD })).body
  expect((await browser.post('/api/2fa/confirm', { code: codeAt(uri, Date.now()) })).status).toBe(200)
  await browser.post('/api/signout', {})
  const half = new Client(base, { 'x-forwarded-for': '203.0.113.42' })
  expect((await half.post('/api/signin', { email: 'kim@example.com', password: PASSWORD })).body).toEqual({
    stage: 'second-factor',
    methods: ['totp', 'recovery-code'],
  })
  expect((await half.post('/api/signin/email-code', {})).status).toBe(403)
  started.child.kill('SIGTERM')
  expect(await started.exited).toEqual({ code: 0, signal: null })
})

const postgres = target('postgres')
const onPostgres = postgres.skip ? test.skip : test
onPostgres(`DATABASE_URL runs it on PostgreSQL${postgres.skip ? ` [skipped: ${postgres.skip}]` : ''}`, async () => {
  const databaseUrl = await createDatabase(process.env.TEST_POSTGRES_URL, 'server')
  const key = 'ef'.repeat(32)
  const started = startServer({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SECRETS_KEY: key })
  const base = await started.url
  const { host, pathname } = new URL(databaseUrl)
  expect(started.output.text).toContain(`data in PostgreSQL ${host}${pathname};`)
  const browser = new Client(base)
  expect((await browser.post('/api/signup', { email: 'pat@example.com', password: PASSWORD })).status).toBe(201)
  expect(fs.readdirSync(dataDir)).toEqual([]) // nothing on disk: no SQLite file, no key file
  started.child.kill('SIGTERM')
  expect(await started.exited).toEqual({ code: 0, signal: null })

  const wrongKey = startServer({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SECRETS_KEY: 'ab'.repeat(32) })
  expect(await wrongKey.exited).toEqual({ code: 1, signal: null })
  expect(wrongKey.output.text).toMatch(/not the key this database was created with/)
})
