'use strict'

// One thread of the password hashing pool (hashing-pool.js): argon2id, one
// hash at a time, run synchronously on this thread and no other. The thread
// lowers its own scheduling priority first, so that whenever the event loop,
// the database or libuv's threads want a core, they get it before a hash does.

const fs = require('node:fs')
const os = require('node:os')
const { parentPort } = require('node:worker_threads')
const argon2 = require('@node-rs/argon2')

/** The niceness the thread asks for: 10 weighs ~1/10 of a normal thread when both want one core. */
const NICENESS = 10

let lowered = false
try {
  // Linux alone names threads by id here, and setpriority() on a thread's
  // id applies to that thread only. Elsewhere the thread keeps the process's
  // priority, and the pool's size alone leaves a core free.
  const threadId = Number(fs.readlinkSync('/proc/thread-self').split('/').pop())
  os.setPriority(threadId, NICENESS)
  lowered = os.getPriority(threadId) === NICENESS
} catch {
  lowered = false
}

parentPort.on('message', ({ op, password, hash, options }) => {
  try {
    const value = op === 'hash' ? argon2.hashSync(password, options) : argon2.verifySync(hash, password)
    parentPort.postMessage({ value })
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) })
  }
})
parentPort.postMessage({ ready: true, lowered })
