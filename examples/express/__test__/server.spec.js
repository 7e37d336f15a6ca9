'use strict'

// server.js as `npm start` runs it: a child process configured only by its
// environment, with no SMTP server (mail goes to the outbox folder and the
// path is logged), stopped with SIGTERM and started again on the same data.

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { tempDir, codeAt } = require('./helpers')

const SERVER = path.join(__dirname, '..', 'server.js')

const children = []

/** Starts server.js; resolves once it logs its address. */
function start(env) {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, SMTP_URL: '', SECRETS_KEY: '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  const output = { text: '' }
  child.stdout.on('data', (chunk) => (output.text += chunk))
  child.stderr.on('data', (chunk) => (output.text += chunk))
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server.js did not start:\n${output.text}`)), 10000)
    child.stdout.on('data', () => {
      const match = output.text.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`server.js exited:\n${output.text}`))
    })
  })
  url.catch(() => {}) // awaited only by the tests that expect a start
  return { child, output, exited, url }
}

async function waitFor(predicate, what, timeout = 5000) {
  const deadline = Date.now() + timeout
  for (;;) {
    const value = predicate()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

async function post(base, route, body) {
  const response = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: await response.json() }
}

let dataDir
beforeEach(() => {
  dataDir = tempDir()
})
afterEach(() => {
  // A failed test must not leave a server running (jest would wait for it).
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  fs.rmSync(dataDir, { recursive: true, force: true })
})

test('starts from nothing, mails to the logged outbox file, stops on SIGTERM and keeps its state on restart', async () => {
  const first = start({ DATA_DIR: dataDir, TOTP_ISSUER: 'Outbox Test' })
  const base = await first.url
  expect(first.output.text).toMatch(/generated a new secrets key in .*secrets\.key \(mode 0600\)/)
  expect(first.output.text).toMatch(/mail via outbox .*outbox/)

  const enrolled = await post(base, '/api/enroll', { email: 'erin@example.com' })
  expect(enrolled.status).toBe(201)
  expect(await post(base, '/api/email-code', { email: 'erin@example.com' })).toEqual({ status: 202, body: { ok: true } })

  const file = (await waitFor(() => first.output.text.match(/mail to erin@example\.com written to (\S+\.eml)/), 'the outbox line'))[1]
  expect(path.dirname(file)).toBe(path.join(dataDir, 'outbox'))
  expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  const mail = fs.readFileSync(file, 'utf8')
  expect(mail).toMatch(/^To: erin@example\.com$/m)
  expect(mail).toMatch(/^Subject: Your Outbox Test sign-in code$/m)
  const code = mail.match(/sign-in code is (\d{6})\./)[1]
  // The mailed code is the authenticator's code now (or, at a step boundary, a step ago).
  const now = Date.now()
  expect([codeAt(enrolled.body.uri, now), codeAt(enrolled.body.uri, now - 30000)]).toContain(code)

  expect(await post(base, '/api/verify', { email: 'erin@example.com', code })).toEqual({ status: 200, body: { ok: true } })
  expect(first.output.text).not.toContain(code)
  expect(first.output.text).not.toContain(new URL(enrolled.body.uri).searchParams.get('secret'))

  first.child.kill('SIGTERM')
  expect(await first.exited).toEqual({ code: 0, signal: null })

  const second = start({ DATA_DIR: dataDir })
  const again = await second.url
  expect(second.output.text).not.toMatch(/generated a new secrets key/)
  expect((await post(again, '/api/verify', { email: 'erin@example.com', code })).status).toBe(401)
  second.child.kill('SIGTERM')
  expect(await second.exited).toEqual({ code: 0, signal: null })
})

test('refuses a bad PORT or SECRETS_KEY with a message and exit status 1', async () => {
  const badPort = start({ DATA_DIR: dataDir, PORT: 'eighty' })
  expect(await badPort.exited).toEqual({ code: 1, signal: null })
  expect(badPort.output.text).toMatch(/PORT must be a port number/)

  const badKey = start({ DATA_DIR: dataDir, SECRETS_KEY: 'hunter2' })
  expect(await badKey.exited).toEqual({ code: 1, signal: null })
  expect(badKey.output.text).toMatch(/SECRETS_KEY must be 32 bytes/)
  expect(badKey.output.text).not.toMatch(/\n\s+at /)
})
