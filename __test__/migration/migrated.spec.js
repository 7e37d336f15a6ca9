'use strict'

const fs = require('node:fs')
const path = require('node:path')

require('./app-tests')(require('./app'))

const read = (name) => fs.readFileSync(path.join(__dirname, name), 'utf8').split('\n')

test('the migration is the two require lines and nothing else', () => {
  const before = read('legacy-app.js')
  const after = read('app.js')
  expect(after.length).toBe(before.length)
  const changed = before.map((line, i) => [line, after[i]]).filter(([a, b]) => a !== b)
  expect(changed).toEqual([
    ["const QRCode = require('qrcode')", "const QRCode = require('totp-native/compat/qrcode')"],
    ["const { TOTP } = require('totp-generator')", "const { TOTP } = require('totp-native/compat/totp-generator')"],
  ])
})

test('the snapshots checked here are the ones the old packages wrote', () => {
  const snapshots = (spec) => read(path.join('__snapshots__', `${spec}.snap`)).join('\n')
  expect(snapshots('migrated.spec.js')).toBe(snapshots('legacy.spec.js'))
})
