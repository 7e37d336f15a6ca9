'use strict'

// The migrated app and suite are the legacy ones with the module names
// swapped for totp-native's drop-ins, and nothing else; each migrated test
// file is checked against the snapshots its legacy twin wrote on the real
// package, in this toolchain's format.

const fs = require('fs')
const path = require('path')

const app = path.join(__dirname, '..', 'app')
const DROP_INS = {
  v0: { qrcode: 'totp-native/compat/qrcode', 'totp-generator': 'totp-native/compat/totp-generator-0' },
  v1: { 'totp-generator': 'totp-native/compat/totp-generator-1' },
  v2: { 'totp-generator': 'totp-native/compat/totp-generator' },
}

const sources = (dir) => fs.readdirSync(dir).filter((name) => /\.(ts|js)$/.test(name)).sort()
const read = (...parts) => fs.readFileSync(path.join(app, ...parts), 'utf8')

/** @param {string} toolchain the toolchain's directory, with its snapshot-resolver.js */
module.exports = function migrationChecks(toolchain) {
  const resolver = require(path.join(toolchain, 'snapshot-resolver.js'))

  describe.each(Object.entries(DROP_INS))('%s', (major, dropIns) => {
    test('the migrated files are the legacy ones with the module names swapped for the drop-ins', () => {
      const files = sources(path.join(app, 'legacy', major))
      expect(sources(path.join(app, 'migrated', major))).toEqual(files)
      let swapped = 0
      for (const file of files) {
        let expected = read('legacy', major, file)
        for (const [name, dropIn] of Object.entries(dropIns)) {
          swapped += expected.split(`'${name}'`).length - 1
          expected = expected.split(`'${name}'`).join(`'${dropIn}'`)
        }
        expect([file, read('migrated', major, file)]).toEqual([file, expected])
      }
      expect(swapped).toBeGreaterThanOrEqual(2)
    })

    test('each migrated test file is checked against the snapshots its legacy twin wrote', () => {
      const tests = sources(path.join(app, 'legacy', major)).filter((file) => /\.test\.(ts|js)$/.test(file))
      const written = tests.filter((file) => fs.existsSync(resolver.resolveSnapshotPath(path.join(app, 'legacy', major, file), '.snap')))
      expect(written.length).toBeGreaterThan(0)
      for (const file of written) {
        const legacy = resolver.resolveSnapshotPath(path.join(app, 'legacy', major, file), '.snap')
        expect(resolver.resolveSnapshotPath(path.join(app, 'migrated', major, file), '.snap')).toBe(legacy)
        expect(resolver.resolveTestPath(legacy, '.snap')).toBe(path.join(app, 'legacy', major, file))
      }
    })
  })
}
