#!/usr/bin/env node
'use strict'

// Runs qrcode 1.5.4's own tests of its public API — test/e2e/*.test.js and
// test/unit/core/qrcode.test.js — against totp-native/compat/qrcode.
//
// qrcode's test runner puts its own directory and lib/ on NODE_PATH, and its
// tests require `lib`, `core/qrcode`, `helper/to-sjis`… by those names. Here
// NODE_PATH points at a directory of small modules instead, so that those
// names are the drop-in: `lib` and `core/qrcode` are compat/qrcode,
// `helper/to-sjis` its helper, `core/error-correction-level` the level
// objects the drop-in returns. Two names stay qrcode's own, as the tests use
// them only to compute what to expect: `core/version` (its capacity table)
// and `test/*` (its test helpers). `lib/browser`, qrcode's browser build, is
// not part of the drop-in; using it fails, and those tests are reported.
//
// Nothing is fetched. Prepare a copy once, then run this script:
//
//   git --git-dir=<a clone of github.com/soldair/node-qrcode> archive v1.5.4 \
//     | tar -x -C /tmp/node-qrcode-1.5.4
//   (cd /tmp/node-qrcode-1.5.4-deps && npm init -y &&
//    npm install tap@16 sinon@9 canvas@npm:@napi-rs/canvas)
//   node scripts/qrcode-own-tests.js
//
// (qrcode's tests draw on node-canvas, which builds from source or downloads
// a binary; `@napi-rs/canvas` stands in for it under its name.) Without the
// copy the script says so and exits 0. QRCODE_TESTS_DIR and
// QRCODE_TESTS_DEPS override the two directories. Tests that delete
// `global.Promise` are left out unless `--include-no-promise` is given: the
// drop-in supports the runtimes that have one.
//
// Some of those tests race: `toFile png` writes one path from several calls
// it does not wait for (and the `toFile` test before it leaves one more
// running), then reads the file back, so it fails now and then on qrcode
// itself, depending on the order the writes land in. `--runs=N` runs the
// tests N times and counts the failures; `--peer` runs them on qrcode, the
// package installed in node_modules, instead of the drop-in; `--both` runs
// the two in turn, N times each, so that both see the same load, and
// compares how often each fails:
//
//   node scripts/qrcode-own-tests.js --both --runs=40 test/e2e/toFile.test.js

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const copy = process.env.QRCODE_TESTS_DIR || '/tmp/node-qrcode-1.5.4'
const deps = process.env.QRCODE_TESTS_DEPS || `${copy}-deps`
const peerDir = path.join(root, 'node_modules', 'qrcode')
const withoutPromise = process.argv.includes('--include-no-promise')
const runsArg = process.argv.find((arg) => arg.startsWith('--runs='))
const runs = runsArg ? Number(runsArg.slice('--runs='.length)) : 1
if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`--runs takes a positive whole number (got ${runsArg})`)
const targets = process.argv.includes('--both') ? ['drop-in', 'qrcode'] : process.argv.includes('--peer') ? ['qrcode'] : ['drop-in']

const TESTS = [
  'test/e2e/toCanvas.test.js',
  'test/e2e/toDataURL.test.js',
  'test/e2e/toFile.test.js',
  'test/e2e/toFileStream.test.js',
  'test/e2e/toString.test.js',
  'test/unit/core/qrcode.test.js',
]

function skip(reason) {
  console.log(`qrcode's own tests: skipped (${reason})`)
  process.exit(0)
}

if (!fs.existsSync(path.join(copy, 'test', 'e2e'))) skip(`no copy of qrcode 1.5.4 at ${copy}`)
const tap = path.join(deps, 'node_modules', 'tap', 'bin', 'run.js')
if (!fs.existsSync(tap)) skip(`no tap in ${deps}/node_modules`)
const versionOf = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version
if (versionOf(copy) !== '1.5.4') skip(`the copy at ${copy} is qrcode ${versionOf(copy)}, not 1.5.4`)
if (targets.includes('qrcode') && versionOf(peerDir) !== '1.5.4') skip(`node_modules/qrcode is ${versionOf(peerDir)}, not 1.5.4`)

const quoted = (file) => JSON.stringify(file)

/**
 * The directory of modules the tests require by name, for the drop-in.
 * @returns {string}
 */
function dropInShims() {
  const shims = fs.mkdtempSync(path.join(os.tmpdir(), 'qrcode-own-tests-'))
  const compat = path.join(root, 'compat', 'qrcode.js')
  const write = (name, source) => {
    const file = path.join(shims, name)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, `'use strict'\n${source}\n`)
  }
  write('lib/index.js', `module.exports = require(${quoted(compat)})`)
  write(
    'lib/browser.js',
    `const missing = () => { throw new Error("qrcode's browser build (lib/browser) is not part of totp-native/compat/qrcode") }
module.exports = { create: missing, toCanvas: missing, toDataURL: missing, toString: missing }`,
  )
  write('core/qrcode.js', `exports.create = require(${quoted(compat)}).create`)
  // The drop-in's level objects are the ones its create returns.
  write(
    'core/error-correction-level.js',
    `const { create } = require(${quoted(compat)})
for (const name of ['L', 'M', 'Q', 'H']) exports[name] = create('1', { errorCorrectionLevel: name }).errorCorrectionLevel`,
  )
  // qrcode's capacity table, reached with the drop-in's level objects.
  write(
    'core/version.js',
    `const version = require(${quoted(path.join(copy, 'lib', 'core', 'version.js'))})
const levels = require(${quoted(path.join(copy, 'lib', 'core', 'error-correction-level.js'))})
const NAMES = { 1: 'L', 0: 'M', 3: 'Q', 2: 'H' }
module.exports = { ...version, getCapacity: (v, level, mode) => version.getCapacity(v, levels[NAMES[level.bit]], mode) }`,
  )
  write('helper/to-sjis.js', `module.exports = require(${quoted(path.join(root, 'compat', 'qrcode', 'helper', 'to-sjis.js'))})`)
  write('test/helpers.js', `module.exports = require(${quoted(path.join(copy, 'test', 'helpers.js'))})`)
  write('test/mocks/writable-stream.js', `module.exports = require(${quoted(path.join(copy, 'test', 'mocks', 'writable-stream.js'))})`)
  return shims
}

// On qrcode itself the names are found as its own runner finds them (its
// directory, then lib/), in the installed package; `test/*` in the copy.
const NODE_PATHS = {
  'drop-in': () => [dropInShims()],
  qrcode: () => [peerDir, path.join(peerDir, 'lib'), copy],
}

/**
 * One tap run of `files` against `target`.
 * @returns {{ passed: number, failed: number, failures: string[], summary: string, stderr: string }}
 */
function runOnce(target, files) {
  const paths = NODE_PATHS[target]()
  const args = [tap, '--no-coverage', '--reporter=tap', '--jobs=1', '--timeout=60']
  if (!withoutPromise) args.push('--invert', '--grep=no promise available')
  const run = spawnSync(process.execPath, [...args, ...files], {
    cwd: copy,
    env: { ...process.env, NODE_PATH: [...paths, path.join(deps, 'node_modules')].join(path.delimiter) },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  if (target === 'drop-in') fs.rmSync(paths[0], { recursive: true, force: true })
  if (run.error) throw run.error
  return { ...countAssertions(run.stdout), summary: run.stdout.split('\n').filter((line) => /^# /.test(line)).join('\n'), stderr: run.stderr }
}

/** The TAP stream: each file's assertions counted, and the failures named. */
function countAssertions(output) {
  let passed = 0
  let failed = 0
  const failures = []
  const stack = []
  for (const line of output.split('\n')) {
    const match = /^(\s*)(not ok|ok) \d+ - (.*?)(?: # (?:time|SKIP).*)?$/.exec(line)
    if (!match) {
      const subtest = /^(\s*)# Subtest: (.*)$/.exec(line)
      if (subtest) stack[subtest[1].length / 4] = subtest[2]
      continue
    }
    const depth = match[1].length / 4
    // Leaves only: a line followed by its subtest's lines is a summary.
    const isSummary = stack[depth] === match[3] && stack.length > depth
    if (isSummary) {
      stack.length = depth
      continue
    }
    if (match[2] === 'ok') passed++
    else {
      failed++
      failures.push([...stack.slice(0, depth), match[3]].join(' › '))
    }
  }
  return { passed, failed, failures }
}

const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'))
const files = only.length ? only : TESTS
const NAMES = { 'drop-in': 'the drop-in', qrcode: 'qrcode 1.5.4' }

if (runs === 1 && targets.length === 1) {
  const [target] = targets
  const { passed, failed, failures, summary, stderr } = runOnce(target, files)
  console.log(summary)
  console.log(`\nqrcode's own tests against ${NAMES[target]}: ${passed} assertions passed, ${failed} failed`)
  for (const failure of failures) console.log(`  not ok: ${failure}`)
  if (!withoutPromise) console.log("  left out: the tests named 'no promise available' (they delete global.Promise)")
  if (stderr.trim()) console.error(stderr.trim().split('\n').slice(-20).join('\n'))
  process.exit(failed === 0 ? 0 : 1)
}

// N runs: how many failed, and which assertions failed how often.
const tally = Object.fromEntries(targets.map((target) => [target, { failedRuns: 0, assertions: new Map() }]))
for (let run = 1; run <= runs; run++) {
  for (const target of targets) {
    const { failures } = runOnce(target, files)
    const counts = tally[target]
    if (failures.length > 0) counts.failedRuns++
    for (const failure of failures) counts.assertions.set(failure, (counts.assertions.get(failure) || 0) + 1)
  }
  process.stdout.write(`\r${run}/${runs} runs`)
}
process.stdout.write('\n')
for (const target of targets) {
  const { failedRuns, assertions } = tally[target]
  console.log(`${NAMES[target]}: ${failedRuns} of ${runs} runs failed`)
  for (const [failure, count] of assertions) console.log(`  ${count}× not ok: ${failure}`)
}
