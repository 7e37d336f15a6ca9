'use strict'

// Each major's migrated app and suite are its legacy ones with the module
// name swapped, and nothing else; the snapshots the drop-in is checked
// against are the ones the real package wrote.

const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const DROP_INS = {
  v0: 'totp-native/compat/totp-generator-0',
  v1: 'totp-native/compat/totp-generator-1',
  v2: 'totp-native/compat/totp-generator',
}

const sources = (dir) => fs.readdirSync(dir).filter((name) => name.endsWith('.ts')).sort()
const read = (...parts) => fs.readFileSync(path.join(root, ...parts), 'utf8')

describe.each(Object.entries(DROP_INS))('%s', (major, dropIn) => {
  test(`the migrated files are the legacy ones with 'totp-generator' replaced by '${dropIn}'`, () => {
    const files = sources(path.join(root, major, 'legacy'))
    expect(sources(path.join(root, major, 'migrated'))).toEqual(files)
    let swapped = 0
    for (const file of files) {
      const legacy = read(major, 'legacy', file)
      swapped += legacy.split("'totp-generator'").length - 1
      expect([file, read(major, 'migrated', file)]).toEqual([file, legacy.replaceAll("'totp-generator'", `'${dropIn}'`)])
    }
    // The app and its mocks import the module: the swap had something to do.
    expect(swapped).toBeGreaterThanOrEqual(3)
  })

  test('the snapshots checked on the drop-in are the ones the real package wrote', () => {
    const snapshots = (side) => {
      const dir = path.join(root, major, side, '__snapshots__')
      return Object.fromEntries(fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]))
    }
    const legacy = snapshots('legacy')
    expect(Object.keys(legacy).length).toBeGreaterThan(0)
    expect(snapshots('migrated')).toEqual(legacy)
  })
})
