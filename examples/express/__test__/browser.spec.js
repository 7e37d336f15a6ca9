'use strict'

// The page as a person uses it, in headless Debian Chromium driven by
// playwright-core, through the whole lifecycle: sign up, give the password
// again to set up two-factor sign-in, enroll by scanning the QR code on the
// screen (decoded with jsQR from a screenshot, as a phone's camera would) and
// typing the code an authenticator app computes from it (otpauth), note a
// recovery code, turn e-mailed codes off and on again, sign out, sign in with
// password and code, with a mailed code, and with a recovery code (and see
// its second use fail, and sign out everywhere else), turn two-factor sign-in
// off — with each security notice arriving at a real SMTP server on loopback.
// On SQLite, and on PostgreSQL when present.
//
// Set BROWSER_SCREENSHOTS=<dir> to keep the screenshots for a look.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const jsQR = require('jsqr')
const { PNG } = require('pngjs')
const OTPAuth = require('otpauth')
const { describeStore, makeTarget } = require('./support/targets')
const { Client } = require('./support/client')
const { startApp, startSmtp, PASSWORD } = require('./helpers')

const CHROMIUM = '/usr/bin/chromium'
// Without the background-networking flags Chromium keeps trying to reach
// Google's services, which a closed network refuses, many at a time.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
const STEP = 30 * 1000

const hasChromium = fs.existsSync(CHROMIUM)

// Waits (up to 10 s) for a locator's text to match: playwright-core has no
// test runner, so no web-first assertions.
expect.extend({
  async toHaveTextAfterwards(locator, pattern) {
    const deadline = Date.now() + 10000
    let text = ''
    while (Date.now() < deadline) {
      text = (await locator.textContent()) || ''
      if (pattern.test(text)) return { pass: true, message: () => `expected text not to match ${pattern}` }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return { pass: false, message: () => `expected text to match ${pattern}, got ${JSON.stringify(text)}` }
  },
})

async function screenshot(page, name) {
  const png = await page.screenshot({ fullPage: true })
  if (process.env.BROWSER_SCREENSHOTS) {
    fs.mkdirSync(process.env.BROWSER_SCREENSHOTS, { recursive: true })
    fs.writeFileSync(path.join(process.env.BROWSER_SCREENSHOTS, `${name}.png`), png)
  }
  return png
}

function decodeQr(pngBytes) {
  const image = PNG.sync.read(pngBytes)
  const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)
  return found && found.data
}

for (const kind of ['sqlite', 'postgres']) {
  const describeHere = hasChromium
    ? describeStore
    : (_k, name, body) => describe.skip(`${name} [skipped: ${CHROMIUM} not found; install Debian package chromium]`, body)

  describeHere(kind, `the page in Chromium, on ${kind}`, () => {
    let target
    let server
    let smtp
    let profileDir
    let context

    beforeAll(async () => {
      target = await makeTarget(kind)
      smtp = await startSmtp()
      server = await startApp({ target, clock: { now: Date.now }, issuer: 'Browser Test', smtpUrl: smtp.url })
      profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-chromium-'))
      const { chromium } = require('playwright-core')
      // A persistent context is how playwright takes a user-data-dir: a fresh, empty one.
      context = await chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: FLAGS,
        viewport: { width: 900, height: 1100 },
      })
    }, 60000)

    afterAll(async () => {
      if (context) await context.close()
      if (server) await server.close()
      if (smtp) await smtp.close()
      if (target) target.destroy()
      if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true })
    })

    test('sign up, give the password again, enroll by scanning, sign in with the app and a recovery code, sign out elsewhere, turn it off', async () => {
      const page = await context.newPage()
      const problems = []
      page.on('pageerror', (error) => problems.push(error.message))
      // Script errors only: Chromium also logs every 4xx answer, such as the expected 401s.
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text())
      })
      page.on('response', (response) => response.status() === 404 && problems.push(`404 ${response.url()}`))
      const status = page.locator('#status')
      const EMAIL = 'browser.user@example.com'
      /** The notice with `subject` that reaches the SMTP server. */
      const notice = (subject) => smtp.mailTo(EMAIL, { subject, timeout: 10000 })
      async function signOut() {
        await page.getByRole('button', { name: 'Sign out', exact: true }).click()
        await page.locator('#view-signed-out').waitFor({ state: 'visible' })
      }
      async function signIn() {
        const form = page.locator('#signin-form')
        await form.getByLabel('E-mail address').fill(EMAIL)
        await form.getByLabel('Password').fill(PASSWORD)
        await form.getByRole('button', { name: 'Sign in' }).click()
        await expect(status).toHaveTextAfterwards(/Password accepted/)
      }
      const manageCode = page.getByLabel('Current code from the app, or a recovery code')

      // 1. Sign up.
      await page.goto(server.base)
      const signup = page.locator('#signup-form')
      await signup.getByLabel('E-mail address').fill('  Browser.User@Example.com ')
      await signup.getByLabel('Password').fill(PASSWORD)
      await signup.getByRole('button', { name: 'Create account' }).click()
      await expect(page.locator('#account-email')).toHaveTextAfterwards(/^browser\.user@example\.com$/)
      await expect(page.locator('#factor-state')).toHaveTextAfterwards(/is off/)

      // 2. Setting it up asks for the password first: a wrong one shows no QR code.
      await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click()
      const stepUp = page.getByLabel('Your password, to turn on two-factor sign-in')
      await stepUp.waitFor({ state: 'visible' })
      await stepUp.fill('not my password at all')
      await page.getByRole('button', { name: 'Continue' }).click()
      await expect(status).toHaveTextAfterwards(/^Wrong password\.$/)
      expect(await page.locator('#enrollment').isHidden()).toBe(true)
      expect(await stepUp.inputValue()).toBe('')
      await stepUp.fill(PASSWORD)
      await page.getByRole('button', { name: 'Continue' }).click()

      // 3. Enroll: the phone's side reads the screen, not the API response.
      await page.locator('#qr').waitFor({ state: 'visible' })
      await page.waitForFunction(() => document.getElementById('qr').naturalWidth > 0)
      expect(await page.locator('#stepup-form').isHidden()).toBe(true)
      const uri = decodeQr(await screenshot(page, '1-enroll'))
      expect(uri).toMatch(/^otpauth:\/\/totp\//)
      const app = OTPAuth.URI.parse(uri)
      expect(app.issuer).toBe('Browser Test')
      expect(app.label).toBe(EMAIL)
      // The key shown for manual entry is the one in the QR code.
      const shownKey = await page.locator('#secret').textContent()
      expect(shownKey.replace(/\s+/g, '')).toBe(app.secret.base32)

      // 4. Confirm with the app's code; the notice is mailed; the QR code, key and URI leave the page.
      const confirmedAt = Date.now()
      await page.getByLabel('Code the app shows now').fill(app.generate({ timestamp: confirmedAt }))
      await page.getByRole('button', { name: 'Turn on' }).click()
      await expect(page.locator('#factor-state')).toHaveTextAfterwards(/is on\. Recovery codes left: 10\./)
      expect((await notice(/^Browser Test: two-factor sign-in turned on$/)).text).toMatch(/^Two-factor sign-in was turned on/)
      expect(await page.locator('#enrollment').isHidden()).toBe(true)
      expect(await page.locator('#qr').getAttribute('src')).toBeNull()
      let html = await page.content()
      for (const gone of [app.secret.base32, shownKey, uri, uri.replace(/&/g, '&amp;')]) expect(html).not.toContain(gone)

      // 5. Note the recovery codes; once saved, they leave the page too.
      const codes = await page.locator('#recovery-list li').allTextContents()
      expect(codes).toHaveLength(10)
      for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/)
      await screenshot(page, '2-recovery-codes')
      await page.getByRole('button', { name: 'I have saved them' }).click()
      expect(await page.locator('#recovery-codes').isHidden()).toBe(true)
      html = await page.content()
      for (const code of codes) expect(html).not.toContain(code)

      // 6. Sign out, sign in with the password, then the app's code (the
      // next step's: the confirming step is used, and one step ahead is
      // inside the window).
      await signOut()
      await expect(status).toHaveTextAfterwards(/Signed out/)
      await signIn()
      expect(await page.locator('#view-account').isHidden()).toBe(true)
      await screenshot(page, '3-code-prompt')
      await page.getByLabel('Code from the app', { exact: true }).fill(app.generate({ timestamp: confirmedAt + STEP }))
      await page.getByRole('button', { name: 'Verify' }).click()
      await page.locator('#view-account').waitFor({ state: 'visible' })
      await expect(page.locator('#account-email')).toHaveTextAfterwards(/^browser\.user@example\.com$/)

      // 7. Another device is signed in (with a recovery code, through the API).
      // The page signs in with a recovery code, is mailed about it, and offers
      // to sign out everywhere else, which ends the other device's session.
      const device = new Client(server.base)
      const deviceSignedIn = smtp.messages.length
      await device.post('/api/signin', { email: EMAIL, password: PASSWORD })
      expect((await device.post('/api/signin/recovery', { code: codes[4] })).status).toBe(200)
      expect((await device.get('/api/me')).status).toBe(200)
      await signOut()
      await signIn()
      await page.getByLabel('Recovery code', { exact: true }).fill(codes[0].toUpperCase())
      await page.getByRole('button', { name: 'Use recovery code' }).click()
      await expect(status).toHaveTextAfterwards(/Signed in with a recovery code\. Recovery codes left: 8\./)
      await expect(page.locator('#factor-state')).toHaveTextAfterwards(/Recovery codes left: 8\./)
      // One notice for the device's sign-in, one for the page's.
      for (const left of [9, 8]) {
        await smtp.mailTo(EMAIL, {
          subject: /^Browser Test: signed in with a recovery code$/,
          text: new RegExp(`\\nRecovery codes left: ${left}\\.\\n`),
          after: deviceSignedIn,
          timeout: 10000,
        })
      }
      await page.locator('#after-recovery').waitFor({ state: 'visible' })
      await screenshot(page, '4-after-recovery-code')
      await page.getByRole('button', { name: 'Sign out everywhere else' }).click()
      await expect(status).toHaveTextAfterwards(/Every other session of your account is signed out\./)
      expect((await device.get('/api/me')).status).toBe(401)
      expect(await page.locator('#after-recovery').isHidden()).toBe(true)

      // 8. A recovery code works once.
      await signOut()
      await signIn()
      await page.getByLabel('Recovery code', { exact: true }).fill(codes[0])
      await page.getByRole('button', { name: 'Use recovery code' }).click()
      await expect(status).toHaveTextAfterwards(/^Invalid recovery code\.$/)
      await screenshot(page, '5-recovery-code-reused')
      expect(await page.locator('#view-second-factor').isVisible()).toBe(true)
      await page.getByLabel('Recovery code', { exact: true }).fill(codes[1])
      await page.getByRole('button', { name: 'Use recovery code' }).click()
      await expect(page.locator('#factor-state')).toHaveTextAfterwards(/Recovery codes left: 7\./)

      // 9. Turn two-factor sign-in off (with a recovery code: the phone's next code may be minutes away).
      await manageCode.fill(codes[2])
      await page.getByRole('button', { name: 'Turn off two-factor sign-in' }).click()
      await expect(page.locator('#factor-state')).toHaveTextAfterwards(/is off/)
      await notice(/^Browser Test: two-factor sign-in turned off$/)
      await signOut()
      const form = page.locator('#signin-form')
      await form.getByLabel('E-mail address').fill(EMAIL)
      await form.getByLabel('Password').fill(PASSWORD)
      await form.getByRole('button', { name: 'Sign in' }).click()
      await expect(status).toHaveTextAfterwards(/^Signed in\.$/)
      await screenshot(page, '6-signed-in-without-code')

      expect(problems).toEqual([])
      await page.close()
    })

    test('e-mailed codes: turned off and on again from the page, and a sign-in with a code that arrives by mail', async () => {
      await context.clearCookies()
      const page = await context.newPage()
      const problems = []
      page.on('pageerror', (error) => problems.push(error.message))
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text())
      })
      const status = page.locator('#status')
      const state = page.locator('#email-codes-state')
      const EMAIL = 'mail.user@example.com'
      const notice = (subject) => smtp.mailTo(EMAIL, { subject, timeout: 10000 })
      async function signIn() {
        await page.getByRole('button', { name: 'Sign out', exact: true }).click()
        const form = page.locator('#signin-form')
        await form.waitFor({ state: 'visible' })
        await form.getByLabel('E-mail address').fill(EMAIL)
        await form.getByLabel('Password').fill(PASSWORD)
        await form.getByRole('button', { name: 'Sign in' }).click()
        await expect(status).toHaveTextAfterwards(/Password accepted/)
      }

      // An account with two-factor sign-in on (the key read off the page, as typed by hand).
      await page.goto(server.base)
      const signup = page.locator('#signup-form')
      await signup.getByLabel('E-mail address').fill(EMAIL)
      await signup.getByLabel('Password').fill(PASSWORD)
      await signup.getByRole('button', { name: 'Create account' }).click()
      await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click()
      await page.getByLabel('Your password, to turn on two-factor sign-in').fill(PASSWORD)
      await page.getByRole('button', { name: 'Continue' }).click()
      await page.locator('#qr').waitFor({ state: 'visible' })
      const key = (await page.locator('#secret').textContent()).replace(/\s+/g, '')
      const app = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key) })
      await page.getByLabel('Code the app shows now').fill(app.generate())
      await page.getByRole('button', { name: 'Turn on' }).click()
      await expect(page.locator('#factor-state')).toHaveTextAfterwards(/is on\./)
      const codes = await page.locator('#recovery-list li').allTextContents()
      await page.getByRole('button', { name: 'I have saved them' }).click()

      // On by default; turned off, the notice goes out and the sign-in does not offer them.
      await expect(state).toHaveTextAfterwards(/^On:/)
      await page.getByRole('button', { name: 'Turn off e-mailed codes' }).click()
      await expect(state).toHaveTextAfterwards(/^Off: only your authenticator app or a recovery code/)
      await notice(/^Browser Test: e-mailed codes turned off$/)
      await signIn()
      expect(await page.getByRole('button', { name: 'E-mail me a code' }).isHidden()).toBe(true)
      await page.getByLabel('Recovery code', { exact: true }).fill(codes[0])
      await page.getByRole('button', { name: 'Use recovery code' }).click()
      await page.locator('#view-account').waitFor({ state: 'visible' })

      // On again: only with a code (a recovery code here), and mailed too.
      await page.getByRole('button', { name: 'Allow e-mailed codes' }).click()
      await expect(status).toHaveTextAfterwards(/^Type a current code from your app, or a recovery code, first\.$/)
      await page.getByLabel('Current code from the app, or a recovery code').fill(codes[1])
      await page.getByRole('button', { name: 'Allow e-mailed codes' }).click()
      await expect(state).toHaveTextAfterwards(/^On:/)
      await notice(/^Browser Test: e-mailed codes turned on$/)

      // A sign-in with the code the mail brings; the notice of it follows.
      await signIn()
      const asked = smtp.messages.length
      await page.getByRole('button', { name: 'E-mail me a code' }).click()
      await expect(status).toHaveTextAfterwards(/on its way/)
      const mail = await smtp.mailTo(EMAIL, { after: asked, subject: /^Your Browser Test sign-in code$/ })
      await page.getByLabel('Code from the app', { exact: true }).fill(mail.text.match(/code is (\d{6})\./)[1])
      await page.getByRole('button', { name: 'Verify' }).click()
      await page.locator('#view-account').waitFor({ state: 'visible' })
      await notice(/^Browser Test: signed in with a code sent by e-mail$/)
      await screenshot(page, '7-email-codes')
      expect(problems).toEqual([])
      await page.close()
    })

    test('the page explains a refused input instead of failing silently', async () => {
      await context.clearCookies()
      const page = await context.newPage()
      await page.goto(server.base)
      const signup = page.locator('#signup-form')
      await signup.getByLabel('E-mail address').fill('not an address')
      await signup.getByLabel('Password').fill('short')
      await signup.getByRole('button', { name: 'Create account' }).click()
      await expect(page.locator('#status')).toHaveTextAfterwards(/email is not a valid address/)
      await signup.getByLabel('E-mail address').fill('someone@example.com')
      await signup.getByRole('button', { name: 'Create account' }).click()
      await expect(page.locator('#status')).toHaveTextAfterwards(/at least 15 characters/)
      const signin = page.locator('#signin-form')
      await signin.getByLabel('E-mail address').fill('nobody@example.com')
      await signin.getByLabel('Password').fill(PASSWORD)
      await signin.getByRole('button', { name: 'Sign in' }).click()
      await expect(page.locator('#status')).toHaveTextAfterwards(/Wrong e-mail address or password\./)
      expect(await page.locator('#view-account').isHidden()).toBe(true)
      await page.close()
    })
  })
}
