#!/usr/bin/env node
'use strict'

// Keeps the per-platform packages in step with package.json: for each Rust
// target in `napi.targets`, npm/<platform>/package.json (its name, version,
// and the os/cpu/libc npm matches against the machine installing it), and
// the main package's `optionalDependencies` on exactly those packages at
// exactly its own version. Run by `npm version` (the "version" script), so a
// release bumps all of them together; `--check` only reports what differs
// (the package spec runs it).

const fs = require('node:fs')
const path = require('node:path')
const { targetOf } = require('../lib/platform')

const root = path.resolve(__dirname, '..')
const manifestPath = path.join(root, 'package.json')
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'))
const { binaryName, targets } = manifest.napi

function platformManifest(target) {
  const binary = `${binaryName}.${target.platform}.node`
  return {
    name: `${binaryName}-${target.platform}`,
    version: manifest.version,
    description: `The ${target.triple} native module of ${manifest.name}`,
    license: manifest.license,
    main: binary,
    files: [binary],
    os: [target.os],
    cpu: [target.cpu],
    ...(target.libc ? { libc: [target.libc] } : {}),
    engines: manifest.engines,
  }
}

/** Every file this script owns, as it should read: { path: text }. */
function expectedFiles() {
  const files = {}
  const optional = {}
  for (const target of targets.map(targetOf)) {
    const pkg = platformManifest(target)
    files[path.join(root, 'npm', target.platform, 'package.json')] = `${JSON.stringify(pkg, null, 2)}\n`
    optional[pkg.name] = manifest.version
  }
  const main = { ...manifest, optionalDependencies: optional }
  files[manifestPath] = `${JSON.stringify(main, null, 2)}\n`
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
for (const dir of fs.existsSync(path.join(root, 'npm')) ? fs.readdirSync(path.join(root, 'npm'), { withFileTypes: true }) : []) {
  if (dir.isDirectory() && !targets.some((triple) => targetOf(triple).platform === dir.name)) stale.push(`npm/${dir.name} (no such target in napi.targets)`)
}
if (check && stale.length) {
  console.error(`out of step with package.json (run node scripts/sync-packages.js): ${stale.join(', ')}`)
  process.exit(1)
}
if (!check) console.log(stale.length ? `wrote ${stale.join(', ')}` : 'all packages in step')
