'use strict'

// argon2id on threads of its own. @node-rs/argon2's async calls run on
// libuv's thread pool — 4 threads unless UV_THREADPOOL_SIZE says otherwise —
// which also reads the static files, renders the enrollments' QR codes and
// looks up DNS names. A flood of correct sign-ins then fills every pool
// thread, and each of those waits behind every queued hash. Here the hashes run on worker threads that no other work
// shares, at a lower scheduling priority (hashing-worker.js), a few at once;
// sign-ins past that wait in order in this queue, costing nothing meanwhile.

const os = require('node:os')
const path = require('node:path')
const { Worker } = require('node:worker_threads')

/** Hashes at once: one core fewer than the machine has, so one stays for everything else. */
const SIZE = Math.max(1, os.availableParallelism() - 1)

/**
 * Hashes that may wait for a thread: about a second of work a thread. Past
 * that a request is refused at once (a 503 with Retry-After, app.js) rather
 * than kept waiting longer, and the queue's memory stays bounded however
 * many connections a flood opens.
 */
const QUEUE_LIMIT = 64 * SIZE
/** The `code` of the error a hash is refused with when the queue is full. */
const BUSY = 'ERR_HASHING_BUSY'

const idle = []
const waiting = []
let started = 0

function startWorker() {
  started++
  const worker = new Worker(path.join(__dirname, 'hashing-worker.js'))
  let ready = false
  let task
  let failure
  worker.on('message', (message) => {
    if (message.ready) {
      ready = true
      return release(worker)
    }
    const done = task
    task = undefined
    release(worker)
    if (message.error !== undefined) done.reject(new Error(message.error))
    else done.resolve(message.value)
  })
  worker.on('error', (error) => {
    failure = error
  })
  worker.on('exit', () => {
    started--
    const at = idle.indexOf(worker)
    if (at >= 0) idle.splice(at, 1)
    if (task) task.reject(failure || new Error('a password hashing thread stopped'))
    task = undefined
    // A thread that could not even start would fail again: what waits is
    // refused rather than left hanging. One that ran is replaced.
    if (!ready) for (const waiter of waiting.splice(0)) waiter.reject(failure || new Error('no password hashing thread'))
    else if (waiting.length > 0 && started < SIZE) startWorker()
  })
  worker.assign = (next) => {
    task = next
    // Referenced while it works: a pending hash keeps the process alive.
    worker.ref()
    worker.postMessage(next.message)
  }
}

function release(worker) {
  const next = waiting.shift()
  if (next) return worker.assign(next)
  idle.push(worker)
  // An idle thread does not keep the process alive; a working one does.
  worker.unref()
}

function run(message) {
  return new Promise((resolve, reject) => {
    const task = { message, resolve, reject }
    const worker = idle.pop()
    if (worker) return worker.assign(task)
    if (waiting.length >= QUEUE_LIMIT) {
      return reject(Object.assign(new Error(`${QUEUE_LIMIT} password hashes are waiting already`), { code: BUSY }))
    }
    waiting.push(task)
    if (started < SIZE) startWorker()
  })
}

module.exports = {
  /** @returns {Promise<string>} the PHC string */
  hash: (password, options) => run({ op: 'hash', password, options }),
  /** @returns {Promise<boolean>}; rejects for a malformed hash */
  verify: (hash, password) => run({ op: 'verify', hash, password }),
  SIZE,
  QUEUE_LIMIT,
  BUSY,
}
