'use strict'

// server.js as `npm start` runs it: a child process configured only by its
// environment. Resolves once it logs its address; every process started is
// killed by killAll() (a failed test must not leave one running).

const { spawn } = require('node:child_process')
const path = require('node:path')

const SERVER = path.join(__dirname, '..', '..', 'server.js')
const children = new Set()

/**
 * Starts server.js with `env` over a clean environment of its own settings.
 * @returns {{ child: import('node:child_process').ChildProcess, output: { text: string }, exited: Promise<{ code: number | null, signal: string | null }>, url: Promise<string> }}
 */
function startServer(env) {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, SMTP_URL: '', SECRETS_KEY: '', DATABASE_URL: '', TRUST_PROXY: '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  const output = { text: '' }
  child.stdout.on('data', (chunk) => (output.text += chunk))
  child.stderr.on('data', (chunk) => (output.text += chunk))
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child)
      resolve({ code, signal })
    }),
  )
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server.js did not start:\n${output.text}`)), 20000)
    child.stdout.on('data', () => {
      const match = output.text.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`server.js exited:\n${output.text}`))
    })
  })
  url.catch(() => {}) // awaited only by the tests that expect a start
  return { child, output, exited, url }
}

function killAll() {
  for (const child of children) child.kill('SIGKILL')
}

async function waitFor(predicate, what, timeout = 5000) {
  const deadline = Date.now() + timeout
  for (;;) {
    const value = predicate()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

module.exports = { startServer, killAll, waitFor }
