'use strict'

// The flood of bench/flood.js, in a worker of its own so that its sending
// and counting never delay the probes' timers in the main thread: correct
// sign-ins over `connections` connections for `seconds`, each from its
// account's own address, then the counts to the main thread.

const { parentPort, workerData } = require('node:worker_threads')

const PASSWORD = workerData.password
const json = { 'Content-Type': 'application/json' }

const autocannon = require('autocannon')
const { url, accounts, connections, seconds } = workerData
let next = 0
const instance = autocannon(
  {
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/signin',
        setupRequest: (request) => {
          const account = accounts[next++ % accounts.length]
          return {
            ...request,
            headers: { ...json, 'x-forwarded-for': account.address },
            body: JSON.stringify({ email: account.email, password: PASSWORD }),
          }
        },
      },
    ],
  },
  (error, result) => {
    if (error) throw error
    const statuses = Object.fromEntries(Object.entries(result.statusCodeStats || {}).map(([s, { count }]) => [s, count]))
    const errors = result.errors + result.timeouts
    parentPort.postMessage({
      requests: Object.values(statuses).reduce((sum, count) => sum + count, errors),
      seconds: (new Date(result.finish) - new Date(result.start)) / 1000,
      statuses,
      errors,
    })
  },
)
// Until the main thread's probes have all been answered.
parentPort.on('message', () => instance.stop())
