'use strict'

// The addon in several worker_threads at once: each worker loads it into its
// own napi environment, and every worker's codes must agree with otpauth.

const { Worker } = require('node:worker_threads')
const path = require('node:path')
const OTPAuth = require('otpauth')

const SECRET = 'JBSWY3DPEHPK3PXP'

test('four workers load the addon together and compute the codes otpauth computes', async () => {
  const script = `
    const { parentPort, workerData } = require('node:worker_threads')
    const totp = require(${JSON.stringify(path.resolve(__dirname, '..', '..'))})
    const codes = []
    for (let i = 0; i < 2000; i++) codes.push(totp.generate(workerData.secret, { timestamp: (workerData.offset + i) * 30000 }))
    let error
    try { totp.generate('') } catch (e) { error = { name: e.name, code: e.code } }
    parentPort.postMessage({ codes, error })
  `
  const runs = [0, 1, 2, 3].map(
    (n) =>
      new Promise((resolve, reject) => {
        const worker = new Worker(script, { eval: true, workerData: { secret: SECRET, offset: n * 2000 } })
        worker.once('message', (message) => resolve({ n, ...message }))
        worker.once('error', reject)
      }),
  )
  const secret = OTPAuth.Secret.fromBase32(SECRET)
  for (const { n, codes, error } of await Promise.all(runs)) {
    const expected = codes.map((_, i) => OTPAuth.TOTP.generate({ secret, timestamp: (n * 2000 + i) * 30000 }))
    expect(codes).toEqual(expected)
    expect(error).toEqual({ name: 'Error', code: 'ERR_TOTP_INVALID_SECRET' })
  }
})

test('workers render QR codes on their own, and agree with the main thread', async () => {
  const qr = require('../../lib/qr')
  const texts = ['otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME', '0123456789'.repeat(30), 'Ж'.repeat(200)]
  const script = `
    const { parentPort, workerData } = require('node:worker_threads')
    const qr = require(${JSON.stringify(path.resolve(__dirname, '..', '..', 'lib', 'qr'))})
    Promise.all(workerData.texts.map((text) => qr.toDataURL(text, { errorCorrectionLevel: 'Q' })))
      .then((urls) => parentPort.postMessage({ urls, svg: qr.toStringSync(workerData.texts[0], { type: 'svg' }) }))
  `
  const runs = [0, 1, 2].map(
    () =>
      new Promise((resolve, reject) => {
        const worker = new Worker(script, { eval: true, workerData: { texts } })
        worker.once('message', resolve)
        worker.once('error', reject)
      }),
  )
  const expected = texts.map((text) => qr.toDataURLSync(text, { errorCorrectionLevel: 'Q' }))
  for (const { urls, svg } of await Promise.all(runs)) {
    expect(urls).toEqual(expected)
    expect(svg).toBe(qr.toStringSync(texts[0], { type: 'svg' }))
  }
})
