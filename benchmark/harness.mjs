// Measures each case and its peers in this one process and prints medians and
// the ratio peer/ours. Medians (not means) because these machines are shared
// and noisy; mitata batches sub-microsecond calls so the timer does not
// dominate.
import { measure, do_not_optimize } from 'mitata'

function format(ns) {
  if (ns < 1e3) return `${ns.toFixed(0)} ns`
  if (ns < 1e6) return `${(ns / 1e3).toFixed(2)} µs`
  return `${(ns / 1e6).toFixed(2)} ms`
}

export async function median(fn) {
  // A call that returns a promise is timed until it settles: what a caller
  // awaiting it waits for.
  const first = fn()
  const isAsync = typeof (first && first.then) === 'function'
  await first
  const stats = await measure(isAsync ? async () => do_not_optimize(await fn()) : () => do_not_optimize(fn()), {
    min_cpu_time: 300e6,
  })
  return stats.p50
}

/**
 * @param {Array<{ name: string, ours: Function, peers: Record<string, Function> }>} cases
 * @returns {Promise<Array<{ name: string, ours: number, peer: string, theirs: number, ratio: number }>>}
 */
export async function compare(cases) {
  const rows = []
  for (const { name, ours, peers } of cases) {
    const oursNs = await median(ours)
    if (Object.keys(peers).length === 0) rows.push({ name, ours: oursNs, peer: '—', theirs: NaN, ratio: NaN })
    for (const [peer, fn] of Object.entries(peers)) {
      const theirs = await median(fn)
      rows.push({ name, ours: oursNs, peer, theirs, ratio: theirs / oursNs })
    }
  }
  return rows
}

export function printTable(rows) {
  const lines = [
    '| operation | totp-native (median) | peer | peer (median) | peer / ours |',
    '|---|---:|---|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${format(r.ours)} | ${r.peer} | ${Number.isNaN(r.theirs) ? '—' : format(r.theirs)} | ${Number.isNaN(r.ratio) ? '—' : `${r.ratio.toFixed(1)}×`} |`,
    ),
  ]
  console.log(lines.join('\n'))
}
