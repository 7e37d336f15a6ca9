'use strict'

// What a backend does with totp-native, run against the package as npm
// installed it, in whatever runtime runs this file: Node of any supported
// version, Bun or Deno (`deno run -A`), and in an old Linux userland. It
// runs from a project folder where `npm install` put totp-native, jsqr and
// pngjs (smokeProject in scripts/tools.js sets one up). Every expected value comes from an
// RFC, from totp-generator's own tests, from node:crypto's HMAC, or from
// jsqr decoding the image: none from totp-native itself.
//
// Prints one line a check and ends with "N passed, N failed"; exits 1 if any failed.

const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const jsQR = require('jsqr')
const { PNG } = require('pngjs')

const checks = []
const check = (name, run) => checks.push({ name, run })

function assertEqual(actual, expected, what) {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)]
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}

/** The error `run` throws (or its promise rejects with), as { name, code }. */
async function failure(run) {
  try {
    await run()
  } catch (error) {
    return { name: error.name, code: error.code }
  }
  return 'no error'
}

/** RFC 4226 HOTP with node:crypto's HMAC: the reference the codes are held to. */
function referenceHotp(key, counter, digits = 6, hash = 'sha1') {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = crypto.createHmac(hash, key).update(message).digest()
  const offset = mac[mac.length - 1] & 0x0f
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0')
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
function base32Decode(text) {
  let bits = ''
  for (const char of text.replace(/=+$/, '')) bits += BASE32.indexOf(char).toString(2).padStart(5, '0')
  return Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)))
}

/** The text jsqr reads off a PNG (bytes or a data URL). */
function decodeQr(png) {
  const bytes = typeof png === 'string' ? Buffer.from(png.replace(/^data:image\/png;base64,/, ''), 'base64') : png
  const image = PNG.sync.read(bytes)
  const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)
  if (!found) throw new Error('jsqr found no QR code in the image')
  return found.data
}

const totp = require('totp-native')
const URI = 'otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME'

check('generate gives the RFC 6238 codes (SHA1, SHA256, SHA512 at T = 59 s and 1111111109 s)', () => {
  const seeds = { SHA1: '12345678901234567890', SHA256: '12345678901234567890123456789012', SHA512: '1234567890123456789012345678901234567890123456789012345678901234' }
  const expected = { 59: { SHA1: '94287082', SHA256: '46119246', SHA512: '90693936' }, 1111111109: { SHA1: '07081804', SHA256: '68084774', SHA512: '25091201' } }
  for (const [seconds, codes] of Object.entries(expected)) {
    for (const [algorithm, code] of Object.entries(codes)) {
      const got = totp.generate(seeds[algorithm], { encoding: 'ascii', algorithm, digits: 8, timestamp: Number(seconds) * 1000 })
      assertEqual(got, code, `${algorithm} at ${seconds} s`)
    }
  }
})

check('verify accepts the current code and refuses a wrong one; validate names the step', () => {
  const secret = totp.generateSecret()
  const now = Date.now()
  const step = Math.floor(now / 30000)
  const code = referenceHotp(base32Decode(secret), step)
  assertEqual(totp.verify(code, secret, { timestamp: now }), true, 'verify(current code)')
  const wrong = code === '000000' ? '000001' : '000000'
  assertEqual(totp.verify(wrong, secret, { timestamp: now, window: 0 }), false, 'verify(wrong code)')
  assertEqual(totp.validate(code, secret, { timestamp: now }), { delta: 0, timeStep: step }, 'validate')
  assertEqual(totp.validate(code, secret, { timestamp: now, after: step }), null, 'validate after the step (replay)')
})

check('hotp.generate gives the RFC 4226 codes for counters 0 to 9', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']
  assertEqual(expected.map((_, counter) => totp.hotp.generate('12345678901234567890', counter, { encoding: 'ascii' })), expected, 'HOTP')
})

check('bad input throws errors with their class and stable code', async () => {
  assertEqual(await failure(() => totp.generate('')), { name: 'Error', code: 'ERR_TOTP_INVALID_SECRET' }, "generate('')")
  assertEqual(await failure(() => totp.generate('JBSWY3DPEHPK3PXP', { digits: 11 })), { name: 'RangeError', code: 'ERR_TOTP_INVALID_OPTION' }, 'digits: 11')
  assertEqual(await failure(() => totp.verify(123456, 'JBSWY3DPEHPK3PXP')), { name: 'TypeError', code: 'ERR_TOTP_INVALID_TOKEN' }, 'a numeric token')
  assertEqual(await failure(() => totp.parseUri('http://example.com')), { name: 'Error', code: 'ERR_TOTP_INVALID_URI' }, 'parseUri(http:)')
  assertEqual(await failure(() => totp.qr.toDataURL('x'.repeat(8000))), { name: 'Error', code: 'ERR_QR_DATA_TOO_LONG' }, 'qr.toDataURL rejects')
})

check('keyUri and parseUri agree with the URL parser', () => {
  const uri = totp.keyUri({ secret: 'JBSWY3DPEHPK3PXP', account: 'alice@example.com', issuer: 'ACME' })
  const url = new URL(uri)
  assertEqual([url.protocol, url.host, url.searchParams.get('secret'), url.searchParams.get('issuer')], ['otpauth:', 'totp', 'JBSWY3DPEHPK3PXP', 'ACME'], 'URL fields')
  const parsed = totp.parseUri(uri)
  assertEqual([parsed.issuer, parsed.account, parsed.secret], ['ACME', 'alice@example.com', 'JBSWY3DPEHPK3PXP'], 'parseUri')
})

check('qr.toBufferSync draws a PNG that jsqr reads back', () => {
  const png = totp.qr.toBufferSync(URI)
  assertEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature')
  assertEqual(decodeQr(png), URI, 'decoded text')
})

check('qr.toDataURL renders on the thread pool, and the image reads back', async () => {
  const urls = await Promise.all([URI, `${URI}&period=60`, `${URI}&digits=8`].map((text) => totp.qr.toDataURL(text)))
  assertEqual(urls.map(decodeQr), [URI, `${URI}&period=60`, `${URI}&digits=8`], 'decoded texts')
})

check('enroll makes a secret, its URI and a QR code of that URI', async () => {
  const { secret, uri, qrDataUrl } = await totp.enroll({ account: 'alice@example.com', issuer: 'ACME' })
  assertEqual(base32Decode(secret).length, 20, 'secret bytes')
  assertEqual(new URL(uri).searchParams.get('secret'), secret, 'secret in the URI')
  assertEqual(decodeQr(qrDataUrl), uri, 'QR text')
  const now = Date.now()
  assertEqual(totp.verify(referenceHotp(base32Decode(secret), Math.floor(now / 30000)), secret, { timestamp: now }), true, 'verify the enrolled secret')
})

check('the ESM entry gives the same functions as require()', async () => {
  const esm = await import('totp-native')
  assertEqual([typeof esm.verify, typeof esm.default.verify, esm.generate('JBSWY3DPEHPK3PXP', { timestamp: 0 })], ['function', 'function', '282760'], 'ESM exports')
})

check('compat/totp-generator gives totp-generator\'s own test vectors', async () => {
  const { TOTP } = require('totp-native/compat/totp-generator')
  const vectors = { 0: '282760', 1465324707000: '341128', 1365324707000: '089029' }
  for (const [timestamp, otp] of Object.entries(vectors)) {
    const result = await TOTP.generate('JBSWY3DPEHPK3PXP', { timestamp: Number(timestamp) })
    assertEqual(result.otp, otp, `otp at ${timestamp}`)
  }
})

check('compat/qrcode draws with callbacks and promises, as qrcode 1.5 does', async () => {
  const QRCode = require('totp-native/compat/qrcode')
  const fromCallback = await new Promise((resolve, reject) => QRCode.toDataURL(URI, (error, url) => (error ? reject(error) : resolve(url))))
  assertEqual(decodeQr(fromCallback), URI, 'callback data URL')
  const svg = await QRCode.toString(URI, { type: 'svg' })
  assertEqual(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"') && svg.endsWith('</svg>\n'), true, 'SVG document')
  assertEqual(await failure(() => QRCode.toDataURL('')), { name: 'Error', code: undefined }, "toDataURL('') rejects")
})

check('worker threads each load the module and compute the reference codes', async () => {
  let Worker
  try {
    ;({ Worker } = require('node:worker_threads'))
  } catch {
    return 'skipped: this runtime has no node:worker_threads'
  }
  const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'totp-native-smoke-')), 'worker.cjs')
  fs.writeFileSync(
    script,
    [
      "const { parentPort, workerData } = require('node:worker_threads')",
      `const totp = require(${JSON.stringify(require.resolve('totp-native'))})`,
      'const codes = workerData.steps.map((step) => totp.generate(workerData.secret, { timestamp: step * 30000 }))',
      'totp.qr.toDataURL(workerData.secret).then((url) => parentPort.postMessage({ codes, url }))',
    ].join('\n'),
  )
  const secret = 'JBSWY3DPEHPK3PXP'
  const results = await Promise.all(
    [0, 1, 2].map(
      (n) =>
        new Promise((resolve, reject) => {
          const steps = Array.from({ length: 200 }, (_, i) => n * 1000 + i)
          const worker = new Worker(script, { workerData: { secret, steps } })
          worker.once('message', (message) => resolve({ steps, ...message }))
          worker.once('error', reject)
        }),
    ),
  )
  fs.rmSync(path.dirname(script), { recursive: true, force: true })
  for (const { steps, codes, url } of results) {
    assertEqual(codes, steps.map((step) => referenceHotp(base32Decode(secret), step)), 'worker codes')
    assertEqual(decodeQr(url), secret, 'worker QR')
  }
})

async function main() {
  const runtime = typeof Bun !== 'undefined' ? `bun ${Bun.version}` : typeof Deno !== 'undefined' ? `deno ${Deno.version.deno}` : `node ${process.version}`
  console.log(`# totp-native smoke under ${runtime} (${process.platform}-${process.arch}), from ${path.dirname(require.resolve('totp-native'))}`)
  // Which build answered: a native module, or the WebAssembly build's loader.
  const binding = Object.keys(require.cache).find((file) => /totp-native\.[\w-]+\.node$|\.wasip?\d*\.cjs$/.test(file))
  console.log(`# binding: ${binding ? path.basename(binding) : 'none found in require.cache'}`)
  let passed = 0
  let failed = 0
  for (const { name, run } of checks) {
    try {
      const note = await run()
      passed++
      console.log(`ok - ${name}${note ? ` (${note})` : ''}`)
    } catch (error) {
      failed++
      console.log(`not ok - ${name}\n  ${String(error && error.stack ? error.stack : error).replace(/\n/g, '\n  ')}`)
    }
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exitCode = failed === 0 ? 0 : 1
}

main()
