#!/usr/bin/env node
'use strict'

// The release's last two steps, as napi-rs's `artifacts` and `prepublish` do
// them:
//
//   node scripts/release.js artifacts DIR [--root ROOT]
//     copies every file a package of npm/ ships (totp-native.<platform>.node,
//     the WebAssembly module and its loader) from under DIR (the build jobs'
//     downloaded artifacts, or `npm run build:all`'s artifacts/) into
//     npm/<package>/ of ROOT;
//   node scripts/release.js publish [--root ROOT] [npm publish options…]
//     publishes each package of npm/ (scripts/packages.js), the WebAssembly
//     one before the fallbacks that depend on it, then the main package with
//     its optionalDependencies on them written into its package.json for
//     the publish (and taken out again after), as `napi prepublish` writes
//     them. The main package then carries no binary: each package manager
//     installs the one for its machine. Options after the command go to `npm
//     publish` (`--registry URL`, `--tag next`, `--dry-run`, `--provenance`).
//
// ROOT is this checkout unless given. Nothing here runs on a user's machine,
// and a checkout that was only built and packed keeps its binary inside its
// tarball, and no optional dependency: it installs on its own.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { family, optionalDependencies } = require('./packages')

const [command, ...rest] = process.argv.slice(2)
let root = path.resolve(__dirname, '..')
const at = rest.indexOf('--root')
if (at !== -1) root = path.resolve(rest.splice(at, 2)[1])

const manifestPath = path.join(root, 'package.json')
const manifestText = fs.readFileSync(manifestPath, 'utf8')
const manifest = JSON.parse(manifestText)
const packages = family(manifest)

/** The files of npm/<dir> that a build makes: what `files` lists beyond what scripts/sync-packages.js writes. */
const builtFiles = (pkg) => pkg.manifest.files.filter((file) => !(pkg.files && file in pkg.files))

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(full) : [full]
  })
}

function artifacts(dir) {
  if (!dir) throw new Error('usage: release.js artifacts DIR')
  const found = filesUnder(path.resolve(dir))
  for (const pkg of packages) {
    for (const name of builtFiles(pkg)) {
      const file = found.find((candidate) => path.basename(candidate) === name)
      if (!file) {
        console.log(`  ${pkg.dir}: no ${name}`)
        continue
      }
      const destination = path.join(root, 'npm', pkg.dir, name)
      fs.copyFileSync(file, destination)
      console.log(`  ${pkg.dir}: ${path.relative(root, destination)} (${fs.statSync(destination).size} bytes)`)
    }
  }
}

function publish(npmArgs) {
  // Everything is checked before anything is published: a half-published
  // release (some platforms, no main package) is the failure to avoid.
  const problems = []
  for (const pkg of packages) {
    const dir = path.join(root, 'npm', pkg.dir)
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    for (const name of pkg.manifest.files) if (!fs.existsSync(path.join(dir, name))) problems.push(`npm/${pkg.dir} has no ${name}`)
    if (JSON.stringify(onDisk) !== JSON.stringify(pkg.manifest)) problems.push(`npm/${pkg.dir}/package.json is out of step (node scripts/sync-packages.js)`)
  }
  if (manifest.optionalDependencies) problems.push('package.json already has optionalDependencies: this step writes them')
  const left = fs.readdirSync(root).filter((file) => file.endsWith('.node'))
  if (left.length) problems.push(`the main package would carry ${left.join(', ')}: take binaries out of the checkout before publishing`)
  if (problems.length) throw new Error(`not publishing:\n  ${problems.join('\n  ')}`)

  // Dependencies first: the fallbacks depend on the WebAssembly package.
  const order = [...packages.filter((pkg) => pkg.binary), ...packages.filter((pkg) => !pkg.binary)]
  for (const pkg of order) {
    console.log(`> npm publish npm/${pkg.dir}`)
    execFileSync('npm', ['publish', '--access', 'public', ...npmArgs], { cwd: path.join(root, 'npm', pkg.dir), stdio: 'inherit' })
  }
  console.log(`> npm publish ${manifest.name}, with optionalDependencies on ${Object.keys(optionalDependencies(manifest)).length} packages`)
  fs.writeFileSync(manifestPath, `${JSON.stringify({ ...manifest, optionalDependencies: optionalDependencies(manifest) }, null, 2)}\n`)
  try {
    execFileSync('npm', ['publish', '--access', 'public', ...npmArgs], { cwd: root, stdio: 'inherit' })
  } finally {
    fs.writeFileSync(manifestPath, manifestText)
  }
}

if (command === 'artifacts') artifacts(rest[0])
else if (command === 'publish') publish(rest)
else {
  console.error('usage: release.js artifacts DIR [--root ROOT] | release.js publish [--root ROOT] [npm publish options]')
  process.exit(2)
}
