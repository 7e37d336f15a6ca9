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
    const totp = require(${JSON.stringify(path.resolve(__dirname, '..'))})
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
