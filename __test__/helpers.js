'use strict'

// Shared by the suites: a seeded generator (so a failing case can be
// reproduced from its index) and a check for the Debian tools tests compare
// against.

const { spawnSync } = require('node:child_process')

// Random-case suites take their seeds from here and their counts from
// `caseCount`: the defaults keep `npm test` quick on two cores, and
//   TEST_SEED=7 npm test       draws other cases (every seed moves by 7);
//   TEST_CASES=2000 npm test   runs each random loop 2000 times.
// A failing case is replayed with the same two values, which each file
// that draws cases prints.
const SEED_OFFSET = Number(process.env.TEST_SEED || 0)
const CASES = process.env.TEST_CASES ? Number(process.env.TEST_CASES) : undefined
let announced = false

// A slow test gives its own timeout through `timeout`, which jest's
// --testTimeout cannot raise; TEST_TIMEOUT_SCALE multiplies every such
// timeout where everything runs slower (about 15 times under qemu).
const TIMEOUT_SCALE = Number(process.env.TEST_TIMEOUT_SCALE || 1)

/** A slow test's timeout in milliseconds, times TEST_TIMEOUT_SCALE. */
function timeout(milliseconds) {
  return milliseconds * TIMEOUT_SCALE
}

/** How many cases a random loop runs: its default, or TEST_CASES. */
function caseCount(defaultCount) {
  return CASES ?? defaultCount
}

function seeded(seed) {
  if (!announced) {
    announced = true
    console.log(`random cases: TEST_SEED=${SEED_OFFSET}, TEST_CASES=${CASES ?? 'default'} (set both to replay this run)`)
  }
  let state = (seed + SEED_OFFSET) >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    bytes: (length) => Buffer.from(Array.from({ length }, () => Math.floor(next() * 256))),
  }
}

function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

/** `test`, or `test.skip` with the reason in the test's name when a tool is missing. */
function testWith(command, pkg) {
  if (hasCommand(command)) return test
  return (name, ...rest) => test.skip(`${name} [skipped: ${command} not found; install Debian package ${pkg}]`, ...rest)
}

module.exports = { seeded, caseCount, timeout, hasCommand, testWith }
