'use strict'

// Shared by the suites: a seeded generator (so a failing case can be
// reproduced from its index) and a check for the Debian tools tests compare
// against.

const { spawnSync } = require('node:child_process')

function seeded(seed) {
  let state = seed >>> 0
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

module.exports = { seeded, hasCommand, testWith }
