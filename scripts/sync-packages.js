#!/usr/bin/env node
'use strict'

// Keeps npm/ in step with package.json: each package scripts/packages.js
// describes (one per Rust target of `napi.targets`, the WebAssembly build
// and its fallbacks) as npm/<dir>/package.json and the files beside it.
// Run by `npm version` (the "version" script), so a release bumps all of
// them together; `--check` only reports what differs (the platforms spec
// runs it). The main package's optionalDependencies are not written here:
// scripts/release.js adds them when it publishes.

const fs = require('node:fs')
const path = require('node:path')
const { family } = require('./packages')

const root = path.resolve(__dirname, '..')
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))

/** Every file this script owns, as it should read: { path: text }. */
function expectedFiles() {
  const files = {}
  for (const pkg of family(manifest)) {
    files[path.join(root, 'npm', pkg.dir, 'package.json')] = `${JSON.stringify(pkg.manifest, null, 2)}\n`
    for (const [name, text] of Object.entries(pkg.files || {})) files[path.join(root, 'npm', pkg.dir, name)] = text
  }
  return files
}

const check = process.argv.includes('--check')
const stale = []
for (const [file, text] of Object.entries(expectedFiles())) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined
  if (current === text) continue
  stale.push(path.relative(root, file))
  if (!check) {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, text)
  }
}
const dirs = new Set(family(manifest).map((pkg) => pkg.dir))
for (const dir of fs.existsSync(path.join(root, 'npm')) ? fs.readdirSync(path.join(root, 'npm'), { withFileTypes: true }) : []) {
  if (dir.isDirectory() && !dirs.has(dir.name)) stale.push(`npm/${dir.name} (no such package in scripts/packages.js)`)
}
if (manifest.optionalDependencies) stale.push('package.json has optionalDependencies (scripts/release.js adds them at publish time)')
if (check && stale.length) {
  console.error(`out of step with package.json (run node scripts/sync-packages.js): ${stale.join(', ')}`)
  process.exit(1)
}
if (!check) console.log(stale.length ? `wrote ${stale.join(', ')}` : 'all packages in step')
