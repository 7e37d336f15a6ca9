#!/usr/bin/env node
'use strict'

// The release's last two steps, as napi-rs's `artifacts` and `prepublish` do
// them:
//
//   node scripts/release.js artifacts DIR [--root ROOT]
//     moves every totp-native.<platform>.node found under DIR (the build
//     jobs' downloaded artifacts) into npm/<platform>/ of ROOT;
//   node scripts/release.js publish [--root ROOT] [npm publish options…]
//     publishes each npm/<platform> package, then the main package, which
//     then carries no binary: npm installs the one for its machine from the
//     optional dependency. Options after the command go to `npm publish`
//     (`--registry URL`, `--tag next`, `--dry-run`, `--provenance`).
//
// ROOT is this checkout unless given. Nothing here runs on a user's machine,
// and a checkout that was only built and packed keeps its binary inside its
// tarball, as before.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { targetOf } = require('../lib/platform')

const [command, ...rest] = process.argv.slice(2)
let root = path.resolve(__dirname, '..')
const at = rest.indexOf('--root')
if (at !== -1) root = path.resolve(rest.splice(at, 2)[1])

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const { binaryName, targets } = manifest.napi
const platforms = targets.map((triple) => targetOf(triple).platform)
const binaryOf = (platform) => `${binaryName}.${platform}.node`

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(full) : [full]
  })
}

function artifacts(dir) {
  if (!dir) throw new Error('usage: release.js artifacts DIR')
  const found = filesUnder(path.resolve(dir))
  for (const platform of platforms) {
    const file = found.find((candidate) => path.basename(candidate) === binaryOf(platform))
    if (!file) {
      console.log(`  ${platform}: no artifact`)
      continue
    }
    const destination = path.join(root, 'npm', platform, binaryOf(platform))
    fs.copyFileSync(file, destination)
    fs.rmSync(file)
    console.log(`  ${platform}: ${path.relative(root, destination)} (${fs.statSync(destination).size} bytes)`)
  }
}

function publish(npmArgs) {
  // Everything is checked before anything is published: a half-published
  // release (some platforms, no main package) is the failure to avoid.
  const problems = []
  for (const platform of platforms) {
    const dir = path.join(root, 'npm', platform)
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    if (!fs.existsSync(path.join(dir, binaryOf(platform)))) problems.push(`npm/${platform} has no ${binaryOf(platform)}`)
    if (pkg.version !== manifest.version) problems.push(`npm/${platform} is at ${pkg.version}, the main package at ${manifest.version}`)
    if (manifest.optionalDependencies?.[pkg.name] !== manifest.version) problems.push(`optionalDependencies does not pin ${pkg.name}@${manifest.version}`)
  }
  const left = fs.readdirSync(root).filter((file) => file.endsWith('.node'))
  if (left.length) problems.push(`the main package would carry ${left.join(', ')}: move binaries out with \`release.js artifacts\``)
  if (problems.length) throw new Error(`not publishing:\n  ${problems.join('\n  ')}`)

  for (const platform of platforms) {
    console.log(`> npm publish npm/${platform}`)
    execFileSync('npm', ['publish', '--access', 'public', ...npmArgs], { cwd: path.join(root, 'npm', platform), stdio: 'inherit' })
  }
  console.log(`> npm publish ${manifest.name}`)
  execFileSync('npm', ['publish', '--access', 'public', ...npmArgs], { cwd: root, stdio: 'inherit' })
}

if (command === 'artifacts') artifacts(rest[0])
else if (command === 'publish') publish(rest)
else {
  console.error('usage: release.js artifacts DIR [--root ROOT] | release.js publish [--root ROOT] [npm publish options]')
  process.exit(2)
}
