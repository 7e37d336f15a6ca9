#!/usr/bin/env node
'use strict'

// `npm run build`: compiles the crate with cargo (release unless --debug) and
// copies the library to `totp-native.<platform>.node`, the name binding.js
// loads. This is all `napi build` does for a single target; doing it here
// keeps @napi-rs/cli (and the dozens of per-platform packages its tree
// pulls in, which a platform-filtered registry cannot lock) out of the
// dependencies.

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { platformName } = require('../lib/platform')
const { napi } = require('../package.json')

const root = path.resolve(__dirname, '..')
const release = !process.argv.includes('--debug')
const args = ['build', '--lib', '--message-format=json-render-diagnostics', ...(release ? ['--release'] : [])]

const cargo = spawnSync('cargo', args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 })
if (cargo.error) throw cargo.error
if (cargo.status !== 0) process.exit(cargo.status ?? 1)

const library = cargo.stdout
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .map((line) => JSON.parse(line))
  .filter((message) => message.reason === 'compiler-artifact' && message.target.kind.includes('cdylib'))
  .flatMap((message) => message.filenames)
  .find((file) => /\.(so|dylib|dll)$/.test(file))
if (!library) throw new Error('cargo built no cdylib')

const target = path.join(root, `${napi.binaryName}.${platformName()}.node`)
// Copy to a temporary name and rename, so a running process that has the old
// module mapped is not handed a half-written file.
fs.copyFileSync(library, `${target}.tmp`)
fs.renameSync(`${target}.tmp`, target)
console.log(`built ${path.relative(root, target)} (${release ? 'release' : 'debug'}, ${fs.statSync(target).size} bytes)`)
