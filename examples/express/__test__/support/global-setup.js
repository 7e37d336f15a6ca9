'use strict'

// One PostgreSQL server for the whole run; each suite makes its own database
// on it. Its URL (or why there is none) reaches the suites through the
// environment, which jest's workers inherit.

const { startPostgres } = require('./postgres')

module.exports = async function globalSetup() {
  const server = await startPostgres()
  if (server.skip) {
    process.env.TEST_POSTGRES_SKIP = server.skip
    console.warn(`\n! PostgreSQL tests skipped: ${server.skip}`)
    return
  }
  process.env.TEST_POSTGRES_URL = server.url
  process.env.TEST_POSTGRES_BIN = server.bin
  globalThis.__testPostgres = server
}
