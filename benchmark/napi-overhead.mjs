// `npm run bench:napi`: what napi-rs's `#[napi]` conversions add to a TOTP
// call. Three ways to the same core function, in one process:
//
//   direct  benchmark/direct, plain Node-API callbacks: the least a binding
//           can do (its arguments are positional, no options object)
//   #[napi] binding.js, the generated loader of the project's binding
//   public  index.js: argument and option checks, then the binding
//
// and `#[napi]` without the options object, which reads the clock instead
// of `timestamp`: the difference between it and `#[napi]` is the cost of
// reading an options object, field by field.
//
// Each is timed in rounds, in alternating order, so that a neighbour's load
// falls on all three alike; the overheads are taken within a round and the
// median of the rounds is printed with their range.
//
//   node benchmark/napi-overhead.mjs [--rounds N] [--callgrind]
//
// --callgrind also counts the machine instructions of one call of each,
// under valgrind: the figure that holds still on a busy machine. A call's
// count is the difference between two runs of different lengths, divided by
// the difference in calls, so start-up and JIT warm-up cancel out.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import os from 'node:os'
import path from 'node:path'
import { measure, do_not_optimize } from 'mitata'

const require = createRequire(import.meta.url)
const root = fileURLToPath(new URL('..', import.meta.url))
const crate = path.join(root, 'benchmark', 'direct')
const targetDir = path.join(crate, 'target')
const library = path.join(targetDir, 'release', 'libtotp_native_direct.so')

const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)

/** The direct callbacks, built first if the crate changed (cargo decides). */
function loadDirect() {
  if (!args.includes('--count')) {
    execFileSync('cargo', ['build', '--release', '--quiet', '--manifest-path', path.join(crate, 'Cargo.toml'), '--target-dir', targetDir], {
      stdio: 'inherit',
    })
  }
  const module = { exports: {} }
  process.dlopen(module, library)
  return module.exports
}

const direct = loadDirect()
// The binding itself is what is measured, so this file, alone of the
// tooling, loads it rather than the public API.
const binding = require('../binding.js')
const totp = require('../index.js')

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const timestamp = 1_700_000_000_000
const options = { timestamp }
// A code that matches no step of the window, so all three steps are tried
// (as in `npm run bench`'s verify row).
const wrong = String((Number(totp.generate(secret, options)) + 500000) % 1000000).padStart(6, '0')

const groups = {
  generate: {
    direct: () => direct.totpGenerate(secret, timestamp),
    '#[napi]': () => binding.totpGenerate(secret, options),
    public: () => totp.generate(secret, options),
    '#[napi], no options': () => binding.totpGenerate(secret),
  },
  'validate, window 1, wrong code': {
    direct: () => direct.totpValidate(wrong, secret, timestamp),
    '#[napi]': () => binding.totpValidate(wrong, secret, options),
    public: () => totp.validate(wrong, secret, options),
    'public verify': () => totp.verify(wrong, secret, options),
    '#[napi], no options': () => binding.totpValidate(wrong, secret),
  },
}

/** Each way agrees with otpauth, an independent implementation. */
function checkAgainstOtpauth() {
  const OTPAuth = require('otpauth')
  const reference = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) })
  for (const at of [0, 59_000, 1_111_111_109_000, 1_234_567_890_000, 2_000_000_000_000, 20_000_000_000_000]) {
    const code = reference.generate({ timestamp: at })
    assert.equal(direct.totpGenerate(secret, at), code, `direct at ${at}`)
    assert.equal(binding.totpGenerate(secret, { timestamp: at }), code, `#[napi] at ${at}`)
    assert.equal(totp.generate(secret, { timestamp: at }), code, `public at ${at}`)
    // The next step's code matches one step ahead, as otpauth says.
    const next = reference.generate({ timestamp: at + 30_000 })
    const match = { delta: reference.validate({ token: next, timestamp: at, window: 1 }), timeStep: Math.floor(at / 30_000) + 1 }
    assert.deepEqual({ ...direct.totpValidate(next, secret, at) }, match, `direct validate at ${at}`)
    assert.deepEqual({ ...binding.totpValidate(next, secret, { timestamp: at }) }, match, `#[napi] validate at ${at}`)
  }
  assert.equal(direct.totpValidate(wrong, secret, timestamp), null)
  assert.equal(binding.totpValidate(wrong, secret, options), null)
}

function format(ns) {
  return ns < 1e3 ? `${ns.toFixed(0)} ns` : `${(ns / 1e3).toFixed(2)} µs`
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const percent = (value) => `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`

async function timeGroups(rounds) {
  console.log(`Node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} cores; ${rounds} rounds, medians of rounds [range]\n`)
  console.log('| operation | call | median | over direct |')
  console.log('|---|---|---:|---:|')
  for (const [operation, ways] of Object.entries(groups)) {
    const names = Object.keys(ways)
    /** @type {Record<string, number[]>} */
    const samples = Object.fromEntries(names.map((name) => [name, []]))
    for (let round = 0; round < rounds; round++) {
      for (const name of round % 2 ? [...names].reverse() : names) {
        const fn = ways[name]
        const stats = await measure(() => do_not_optimize(fn()), { min_cpu_time: 200e6 })
        samples[name].push(stats.p50)
      }
    }
    for (const name of names) {
      const times = samples[name]
      const overheads = times.map((ns, round) => ((ns - samples.direct[round]) / samples.direct[round]) * 100)
      const over = name === 'direct' ? '—' : `${percent(median(overheads))} [${percent(Math.min(...overheads))} … ${percent(Math.max(...overheads))}]`
      console.log(`| ${operation} | ${name} | ${format(median(times))} [${format(Math.min(...times))} … ${format(Math.max(...times))}] | ${over} |`)
    }
  }
}

/** Calls one way `count` times and nothing else: what valgrind measures. */
function runCount(operation, name, count) {
  const fn = groups[operation][name]
  let last
  for (let i = 0; i < count; i++) last = fn()
  do_not_optimize(last)
}

/** Instructions valgrind counts for a run of `count` calls. */
function instructions(operation, name, count) {
  const run = spawnSync(
    'valgrind',
    ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, fileURLToPath(import.meta.url), '--count', operation, name, String(count)],
    { encoding: 'utf8' },
  )
  const collected = /Collected : (\d+)/.exec(run.stderr)
  if (run.status !== 0 || !collected) throw new Error(`valgrind failed (${run.status}):\n${run.stderr.slice(-2000)}`)
  return Number(collected[1])
}

function countGroups() {
  const [short, long] = [20_000, 120_000]
  console.log(`\nInstructions per call (callgrind, (runs of ${long} − ${short} calls) / ${long - short})\n`)
  console.log('| operation | call | instructions | over direct |')
  console.log('|---|---|---:|---:|')
  for (const [operation, ways] of Object.entries(groups)) {
    let base
    for (const name of Object.keys(ways)) {
      const perCall = (instructions(operation, name, long) - instructions(operation, name, short)) / (long - short)
      base ??= perCall
      console.log(`| ${operation} | ${name} | ${perCall.toFixed(0)} | ${name === 'direct' ? '—' : percent(((perCall - base) / base) * 100)} |`)
    }
  }
}

if (args.includes('--count')) {
  const at = args.indexOf('--count')
  runCount(args[at + 1], args[at + 2], Number(args[at + 3]))
} else {
  checkAgainstOtpauth()
  await timeGroups(Number(option('--rounds', 5)))
  if (args.includes('--callgrind')) countGroups()
}
