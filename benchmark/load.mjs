// `npm run bench:load`: sustained load, for memory growth and event-loop lag.
// 1,000,000 generate + verify calls, then 20,000 QR renders on the thread
// pool (bounded concurrency, as a busy enrollment route has), 20,000 on the
// calling thread (PNG data URLs and SVG), and enrollments. Each phase runs in
// two halves: memory is printed before, after the first half and after the
// second (each after a full collection), with its peak. A leak shows as a
// second half that ends higher than the first. RSS alone misleads: V8 grows
// its young generation (heapTotal, in steps of several MB) when allocation
// is fast, and keeps it; so the live JS heap (heapUsed) and the memory
// outside V8's heap (RSS − heapTotal: the addon, its allocations, the thread
// pool) are the figures that must stay flat. While the pooled renders run,
// the event loop's delay is sampled. Run with --expose-gc (the npm script
// does) so that the figures are taken after a collection.
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

const growth = []
const peak = { rss: 0, heapUsed: 0 }
const outside = (usage) => usage.rss - usage.heapTotal

/**
 * Records memory towards the phase's peak. A timer does it while the event
 * loop turns; synchronous loops call it themselves, since no timer fires
 * while they run.
 */
function sample() {
  const now = process.memoryUsage()
  peak.rss = Math.max(peak.rss, now.rss)
  peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed)
}

/**
 * Runs `work(from, to)` over `count` operations in two halves, sampling
 * memory every 20 ms. `work` may return a note to print (or a promise of one).
 */
async function phase(name, count, work) {
  const before = settle()
  peak.rss = before.rss
  peak.heapUsed = before.heapUsed
  const sampler = setInterval(sample, 20)
  const started = performance.now()
  const half = Math.floor(count / 2)
  const notes = [await work(0, half)]
  const middle = settle()
  notes.push(await work(half, count))
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  sample()
  const after = settle()
  growth.push({
    name,
    rss: after.rss - middle.rss,
    heap: after.heapUsed - middle.heapUsed,
    outside: outside(after) - outside(middle),
  })
  const row = (label, pick, peakValue) =>
    `  ${label} ${mb(pick(before))} → ${mb(pick(middle))} at half → ${mb(pick(after))} at the end` +
    (peakValue === undefined ? '' : ` (peak ${mb(peakValue)})`)
  console.log(
    `${name}: ${seconds.toFixed(1)} s (${((seconds / count) * 1e6).toFixed(2)} µs each)\n` +
      [
        row('RSS              ', (m) => m.rss, peak.rss),
        row('JS heap used     ', (m) => m.heapUsed, peak.heapUsed),
        row('JS heap reserved ', (m) => m.heapTotal),
        row('outside the heap ', outside),
      ].join('\n') +
      notes
        .filter(Boolean)
        .map((note, i) => `\n  ${i === 0 ? 'first' : 'second'} half: ${note}`)
        .join(''),
  )
}

/** Runs `render(i)` for i in [from, to), `CONCURRENCY` at a time, measuring the event loop's delay. */
async function pooled(from, to, render) {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  let next = from
  const worker = async () => {
    while (next < to) await render(next++)
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  delay.disable()
  // The histogram holds the time between its 10 ms timer's runs: the delay
  // is what exceeds those 10 ms.
  const ms = (ns) => Math.max(0, (ns - 10e6) / 1e6).toFixed(2)
  return `event-loop delay p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms`
}

console.log(
  `Node ${process.version}, ${CALLS} calls, ${RENDERS} renders${globalThis.gc ? '' : ' (no --expose-gc: figures are taken without a collection)'}\n`,
)

// Warm up, so that first-use allocations (the addon, JIT, the thread pool)
// are not counted as growth.
for (let i = 0; i < 10_000; i++) totp.verify(totp.generate(secret), secret)
await Promise.all(Array.from({ length: CONCURRENCY }, () => totp.qr.toDataURL(uri)))

await phase(`generate + verify × ${CALLS}`, CALLS, (from, to) => {
  let accepted = 0
  for (let i = from; i < to; i++) {
    const timestamp = 1_700_000_000_000 + i * 1000
    if (totp.verify(totp.generate(secret, { timestamp }), secret, { timestamp })) accepted++
    if (i % 50_000 === 0) sample()
  }
  if (accepted !== to - from) throw new Error(`only ${accepted} of ${to - from} codes verified`)
})

await phase(`verify, window 1, wrong code × ${CALLS}`, CALLS, (from, to) => {
  // A fixed code matches one step in a million by chance; those are counted, not failures.
  let matched = 0
  for (let i = from; i < to; i++) {
    if (totp.verify('000000', secret, { timestamp: 1_700_000_000_000 + i * 1000, window: 1 })) matched++
    if (i % 50_000 === 0) sample()
  }
  return matched ? `${matched} chance matches` : ''
})

await phase(`qr.toDataURL (thread pool) × ${RENDERS}, ${CONCURRENCY} at a time`, RENDERS, (from, to) =>
  pooled(from, to, (i) => totp.qr.toDataURL(`${uri}&n=${i}`)),
)

await phase(`qr.toDataURLSync × ${RENDERS}`, RENDERS, (from, to) => {
  for (let i = from; i < to; i++) {
    totp.qr.toDataURLSync(`${uri}&n=${i}`)
    if (i % 1000 === 0) sample()
  }
})

await phase(`qr.toStringSync svg × ${RENDERS}`, RENDERS, (from, to) => {
  for (let i = from; i < to; i++) {
    totp.qr.toStringSync(`${uri}&n=${i}`, { type: 'svg' })
    if (i % 1000 === 0) sample()
  }
})

await phase(`enroll × ${RENDERS / 4}, ${CONCURRENCY} at a time`, RENDERS / 4, (from, to) =>
  pooled(from, to, (i) => totp.enroll({ account: `user${i}@example.com`, issuer: 'ACME' })),
)

const signed = (bytes) => `${bytes >= 0 ? '+' : '−'}${mb(Math.abs(bytes))}`
console.log('\nGrowth over each second half (a leak would show in the last two columns):')
console.log('| phase | RSS | JS heap used | outside the heap |\n|---|---:|---:|---:|')
for (const { name, rss, heap, outside: native } of growth) {
  console.log(`| ${name} | ${signed(rss)} | ${signed(heap)} | ${signed(native)} |`)
}
