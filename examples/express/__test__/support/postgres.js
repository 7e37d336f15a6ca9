'use strict'

// A throwaway PostgreSQL server for the tests: Debian's `postgresql` binaries,
// a cluster initdb'd in a temporary directory, listening on a free loopback
// port and a socket in that directory, stopped and deleted at the end.
// PostgreSQL refuses to run as root, so as root the cluster belongs to the
// `postgres` user that Debian's package creates.

const { spawnSync, execFileSync } = require('node:child_process')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')

const INSTALL_HINT = 'install Debian package postgresql (npm test does, when run as root)'

/** The newest /usr/lib/postgresql/<version>/bin with initdb, or undefined. */
function findBinaries() {
  const root = '/usr/lib/postgresql'
  if (!fs.existsSync(root)) return undefined
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions.length ? path.join(root, versions[0], 'bin') : undefined
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts a cluster. Resolves `{ url, stop() }`, or `{ skip: reason }` when
 * PostgreSQL is not installed or cannot be run here.
 */
async function startPostgres() {
  const bin = findBinaries()
  if (!bin) return { skip: `PostgreSQL not found in /usr/lib/postgresql; ${INSTALL_HINT}` }
  const isRoot = process.getuid() === 0
  let owner
  if (isRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
    if (id.status !== 0) return { skip: `running as root and there is no postgres user to run PostgreSQL as; ${INSTALL_HINT}` }
    owner = { uid: Number(id.stdout), gid: Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout) }
  }
  const run = (tool, args) => {
    const command = isRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args]
    return execFileSync(command[0], command[1], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-pg-'))
  if (owner) fs.chownSync(dir, owner.uid, owner.gid)
  const data = path.join(dir, 'data')
  const port = await freePort()
  try {
    // Trust on loopback and the private socket only: a throwaway cluster.
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'])
    run('pg_ctl', [
      '-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
      'start',
    ])
  } catch (error) {
    const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8') : ''
    fs.rmSync(dir, { recursive: true, force: true })
    throw new Error(`could not start PostgreSQL: ${error.stderr || error.message}\n${log}`)
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    bin,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

/** A new, empty database on the test server; resolves its URL. */
async function createDatabase(serverUrl, prefix = 'test') {
  const { Client } = require('pg')
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

module.exports = { startPostgres, createDatabase, findBinaries }
