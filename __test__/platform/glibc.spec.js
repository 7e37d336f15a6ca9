'use strict'

// The Linux glibc module must load on every glibc since 2.17 (RHEL/CentOS 7,
// Amazon Linux 2, Debian 11, Ubuntu 20.04, …), the baseline napi-rs packages
// keep. The dynamic loader refuses a library that references a symbol
// version its glibc lacks, so the check is the one it makes: every version
// the module's "Version References" name, read by binutils' objdump, must be
// one glibc 2.17 has.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { platformName } = require('../../lib/platform')
const { napi } = require('../../package.json')

const isGlibcLinux = process.platform === 'linux' && platformName().endsWith('-gnu')
const file = path.join(__dirname, '..', '..', `${napi.binaryName}.${platformName()}.node`)
const BASELINE = [2, 17]

// Libraries every glibc system has, with the GCC runtime: anything else
// (libstdc++, libssl, …) would have to be present, in a compatible version,
// on the machine that loads the module.
const SYSTEM_LIBRARIES = ['libc.so.6', 'libm.so.6', 'libdl.so.2', 'libpthread.so.0', 'librt.so.1', 'libgcc_s.so.1', /^ld-linux[-\w.]*\.so\.\d$/]

const newer = (version, than) => version[0] > than[0] || (version[0] === than[0] && (version[1] ?? 0) > than[1])

/** { needed: ['libc.so.6', …], references: { 'libc.so.6': ['GLIBC_2.14', …] } } as objdump -p prints them. */
function dynamicSection(library) {
  const text = execFileSync('objdump', ['-p', library], { encoding: 'utf8' })
  const needed = [...text.matchAll(/^\s+NEEDED\s+(\S+)$/gm)].map((match) => match[1])
  const references = {}
  let from
  for (const line of text.slice(text.indexOf('Version References:')).split('\n')) {
    const required = /required from (\S+):/.exec(line)
    if (required) {
      from = required[1]
      references[from] = []
    }
    const version = /0x[0-9a-f]+ 0x[0-9a-f]+ \d+ (\S+)$/.exec(line.trim())
    if (version && from) references[from].push(version[1])
  }
  return { needed, references }
}

/** The symbols objdump -T lists with a glibc version newer than the baseline: what the failure names. */
function symbolsNewerThanBaseline(library) {
  const text = execFileSync('objdump', ['-T', library], { encoding: 'utf8' })
  return [...text.matchAll(/\(GLIBC_(\d+)\.(\d+)(?:\.\d+)?\)\s+(\S+)$/gm)]
    .filter(([, major, minor]) => newer([Number(major), Number(minor)], BASELINE))
    .map(([, major, minor, name]) => `${name}@GLIBC_${major}.${minor}`)
}

const describeLinux = isGlibcLinux ? describe : describe.skip

describeLinux(`${path.basename(file)} on glibc`, () => {
  let dynamic

  beforeAll(() => {
    expect(fs.existsSync(file)).toBe(true)
    dynamic = dynamicSection(file)
  })

  test('references symbol versions of glibc itself (the check reads a real version table)', () => {
    expect(Object.keys(dynamic.references)).toContain('libc.so.6')
    expect(dynamic.references['libc.so.6'].length).toBeGreaterThan(0)
    expect(dynamic.references['libc.so.6'].every((version) => /^GLIBC_\d+\.\d+(\.\d+)?$/.test(version))).toBe(true)
  })

  test('needs no glibc symbol version newer than 2.17', () => {
    const versions = Object.values(dynamic.references)
      .flat()
      .filter((version) => version.startsWith('GLIBC_'))
    const tooNew = versions.filter((version) => newer(version.slice(6).split('.').map(Number), BASELINE))
    // On failure, name the symbols: the build linked against a newer glibc
    // than the napi-rs cross toolchain's (plain cargo does: it is for this machine only).
    expect({ tooNew, symbols: tooNew.length ? symbolsNewerThanBaseline(file) : [] }).toEqual({ tooNew: [], symbols: [] })
  })

  test('links to nothing but glibc and the GCC runtime', () => {
    const isSystem = (name) => SYSTEM_LIBRARIES.some((known) => (typeof known === 'string' ? known === name : known.test(name)))
    expect(dynamic.needed).toContain('libc.so.6')
    expect(dynamic.needed.filter((name) => !isSystem(name))).toEqual([])
  })
})
