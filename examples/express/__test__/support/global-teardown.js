'use strict'

module.exports = async function globalTeardown() {
  if (globalThis.__testPostgres) globalThis.__testPostgres.stop()
}
