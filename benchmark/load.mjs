// `npm run bench:load`: sustained load, for memory growth and event-loop lag.
// 1,000,000 generate/verify calls, then 20,000 QR renders on the thread pool
// (bounded concurrency, as a busy enrollment route has), then 20,000 on the
// calling thread. Prints RSS and heap before, after and at their peak, and
// the event loop's delay while the pooled renders run. Run with
// --expose-gc (the npm script does) so that "after" is after a collection.
import { createRequire } from 'node:module'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const require = createRequire(import.meta.url)
const totp = require('../index.js')

const CALLS = Number(process.env.LOAD_CALLS || 1_000_000)
const RENDERS = Number(process.env.LOAD_RENDERS || 20_000)
const CONCURRENCY = 64

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const uri = totp.keyUri({ secret, account: 'alice@example.com', issuer: 'ACME Co' })
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`

function settle() {
  if (globalThis.gc) {
    globalThis.gc()
    globalThis.gc()
  }
  return process.memoryUsage()
}

/** Runs `work`, sampling memory every 20 ms; returns before, after and peak. */
async function phase(name, work) {
  const before = settle()
  const peak = { rss: before.rss, heapUsed: before.heapUsed }
  const sampler = setInterval(() => {
    const now = process.memoryUsage()
    peak.rss = Math.max(peak.rss, now.rss)
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed)
  }, 20)
  const started = performance.now()
  const extra = await work()
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  const after = settle()
  console.log(
    `${name}: ${seconds.toFixed(1)} s; RSS ${mb(before.rss)} → ${mb(after.rss)} (peak ${mb(peak.rss)}), ` +
      `heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} (peak ${mb(peak.heapUsed)})${extra ? `; ${extra}` : ''}`,
  )
}

console.log(`Node ${process.version}, ${CALLS} calls, ${RENDERS} renders${globalThis.gc ? '' : ' (no --expose-gc: "after" is before a collection)'}`)

// Warm up, so that first-use allocations (the addon, JIT) are not counted as growth.
for (let i = 0; i < 10_000; i++) totp.verify(totp.generate(secret), secret)
await totp.qr.toDataURL(uri)

await phase(`generate + verify × ${CALLS}`, () => {
  let accepted = 0
  for (let i = 0; i < CALLS; i++) {
    const timestamp = 1_700_000_000_000 + i * 1000
    if (totp.verify(totp.generate(secret, { timestamp }), secret, { timestamp })) accepted++
  }
  if (accepted !== CALLS) throw new Error(`only ${accepted} of ${CALLS} codes verified`)
})

await phase(`qr.toDataURL (thread pool) × ${RENDERS}, ${CONCURRENCY} at a time`, async () => {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  let next = 0
  const worker = async () => {
    while (next < RENDERS) {
      next++
      await totp.qr.toDataURL(`${uri}&n=${next}`)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  delay.disable()
  // The histogram holds the time between its 10 ms timer's runs: the delay
  // is what exceeds those 10 ms.
  const ms = (ns) => Math.max(0, (ns - 10e6) / 1e6).toFixed(2)
  return `event-loop delay p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`
})

await phase(`qr.toStringSync svg × ${RENDERS}`, () => {
  for (let i = 0; i < RENDERS; i++) totp.qr.toStringSync(`${uri}&n=${i}`, { type: 'svg' })
})

await phase(`enroll × ${RENDERS / 4}`, async () => {
  for (let i = 0; i < RENDERS / 4; i += CONCURRENCY) {
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, j) => totp.enroll({ account: `user${i + j}@example.com`, issuer: 'ACME' })))
  }
})
