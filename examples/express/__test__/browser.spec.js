'use strict'

// The page as a person uses it, in headless Debian Chromium driven by
// playwright-core: type an address, scan the QR code on the screen (decoded
// with jsQR from a screenshot, as a phone's camera would), compute the code
// as an authenticator app would (otpauth), type it, and see the result.
//
// Set BROWSER_SCREENSHOTS=<dir> to keep the screenshots for a look.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const jsQR = require('jsqr')
const { PNG } = require('pngjs')
const OTPAuth = require('otpauth')
const { tempDir, buildApp } = require('./helpers')

const CHROMIUM = '/usr/bin/chromium'
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

const hasChromium = fs.existsSync(CHROMIUM)
const browserTest = hasChromium
  ? test
  : (name, fn) => test.skip(`${name} [skipped: ${CHROMIUM} not found; install Debian package chromium]`, fn)

let server
let listener
let base
let dataDir
let profileDir
let context

beforeAll(async () => {
  if (!hasChromium) return
  dataDir = tempDir()
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-chromium-'))
  server = buildApp({ dataDir, clock: { now: Date.now }, issuer: 'Browser Test' })
  await new Promise((resolve) => {
    listener = server.app.listen(0, '127.0.0.1', resolve)
  })
  base = `http://127.0.0.1:${listener.address().port}`
  const { chromium } = require('playwright-core')
  // A persistent context is how playwright takes a user-data-dir: a fresh, empty one.
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 900, height: 1000 },
  })
}, 60000)

afterAll(async () => {
  if (!hasChromium) return
  if (context) await context.close()
  if (listener) await new Promise((resolve) => listener.close(resolve))
  if (server) server.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
  fs.rmSync(profileDir, { recursive: true, force: true })
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

browserTest('a person enrolls by scanning the QR code on the page and signs in with the code', async () => {
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (error) => problems.push(error.message))
  // Script errors only: Chromium also logs every 4xx answer, such as the expected 401 of the replay.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text())
  })
  page.on('response', (response) => response.status() === 404 && problems.push(`404 ${response.url()}`))

  await page.goto(base)
  await page.getByLabel('E-mail address').fill('  Browser.User@Example.com ')
  await page.getByRole('button', { name: 'Show QR code' }).click()
  const qr = page.locator('#qr')
  await qr.waitFor({ state: 'visible' })
  await page.waitForFunction(() => document.getElementById('qr').naturalWidth > 0)

  // The phone's side: read the screen, not the API response.
  const uri = decodeQr(await screenshot(page, '1-enrolled'))
  expect(uri).toMatch(/^otpauth:\/\/totp\//)
  const app = OTPAuth.URI.parse(uri)
  expect(app.issuer).toBe('Browser Test')
  expect(app.label).toBe('browser.user@example.com')
  // The key shown for manual entry is the one in the QR code.
  const shownKey = (await page.locator('#secret').textContent()).replace(/\s+/g, '')
  expect(shownKey).toBe(app.secret.base32)

  const code = app.generate()
  await page.getByLabel('Code from the app').fill(code)
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.locator('#verify-status')).toHaveTextAfterwards(/Success: you are signed in\./)
  await screenshot(page, '2-signed-in')

  // The same code again is refused, and the page says why.
  await page.getByLabel('Code from the app').fill(code)
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.locator('#verify-status')).toHaveTextAfterwards(/not valid \(wrong, expired or already used\)/)
  await screenshot(page, '3-replay-refused')

  expect(problems).toEqual([])
  await page.close()
})

browserTest('the page explains a malformed address instead of failing silently', async () => {
  const page = await context.newPage()
  await page.goto(base)
  await page.getByLabel('E-mail address').fill('not an address')
  await page.getByRole('button', { name: 'Show QR code' }).click()
  await expect(page.locator('#enroll-status')).toHaveTextAfterwards(/email is not a valid address/)
  expect(await page.locator('#enrollment').isHidden()).toBe(true)
  await page.close()
})

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
