'use strict'

// Node's built-in modules by their bare names in every file a user's
// require or import reaches: jest resolves `node:`-prefixed names only from
// jest 27, and backends still pin jest 26 (its resolver says `Cannot find
// module 'node:fs'`), where `qrcode` and `totp-generator`, which require
// `fs` and `crypto`, load. Types count too: old `@types/node` declares
// `stream`, not `node:stream`, and a declaration file's import is compiled
// by the user's tsc. __test__/migration/toolchains runs the drop-ins under
// jest 26; this check names the line wherever a `node:` name creeps back.

const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..', '..')

// What the package's `main`, `exports` and `types` reach, and what those load.
const ENTRY_FILES = ['index.js', 'index.mjs', 'index.d.ts', 'binding.js', 'binding.d.ts']
const ENTRY_DIRS = ['lib', 'compat']
const SOURCE = /\.(?:c|m)?js$|\.d\.(?:c|m)?ts$/

// `require('node:x')`, `require.resolve('node:x')`, `import('node:x')`,
// `import … from 'node:x'`, `export … from 'node:x'`, `import 'node:x'`.
const PREFIXED = [
  /\brequire(?:\.resolve)?\s*\(\s*['"`]node:/,
  /\bimport\s*\(\s*['"`]node:/,
  /\b(?:from|import)\s+['"]node:/,
]

/** @param {string} dir relative to the package root */
function filesUnder(dir) {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) return filesUnder(file)
      return SOURCE.test(entry.name) ? [file] : []
    })
}

const files = [...ENTRY_FILES.filter((file) => fs.existsSync(path.join(root, file))), ...ENTRY_DIRS.flatMap(filesUnder)].sort()

test('the files checked include the entry points, lib/ and every drop-in', () => {
  expect(files).toEqual(expect.arrayContaining(['index.js', 'binding.js', path.join('lib', 'qr.js'), path.join('compat', 'qrcode.js'), path.join('compat', 'totp-generator-0.d.ts')]))
})

test.each(files)('%s requires and imports built-ins by their bare names', (file) => {
  const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n')
  const prefixed = lines.flatMap((line, index) => (PREFIXED.some((pattern) => pattern.test(line)) ? [`${file}:${index + 1}: ${line.trim()}`] : []))
  expect(prefixed).toEqual([])
})
