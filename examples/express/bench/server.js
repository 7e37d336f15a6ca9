'use strict'

// server.js as `npm start` runs it, in a child process on a free loopback
// port, for the benchmarks: SMTP off (mail to the outbox) and the proxy's
// X-Forwarded-For trusted, so that each simulated client has an address.

const { spawn } = require('node:child_process')
const path = require('node:path')

/**
 * @param {Record<string, string>} env added to this process's environment
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, url: string }>}
 */
function startServer(env) {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'server.js')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SMTP_URL: '', TRUST_PROXY: 'loopback', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (chunk) => {
      // Keep draining after start-up (the request log); look only until the address shows.
      if (text === null) return
      text += chunk
      const match = text.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//)
      if (match) {
        text = null
        resolve({ child, url: match[1] })
      }
    })
    child.once('exit', (code) => reject(new Error(`server.js exited with ${code}`)))
  })
}

module.exports = { startServer }
