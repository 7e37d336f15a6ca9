'use strict'

// The napi-rs name of this platform (`linux-x64-gnu`, `darwin-arm64`,
// `win32-x64-msvc`, …): the suffix of the native module's file name and of
// the per-platform package that would carry it.

const fs = require('node:fs')

function isMusl() {
  try {
    return fs.readFileSync('/usr/bin/ldd', 'utf8').includes('musl')
  } catch {
    // No ldd: ask Node whether it runs on glibc.
    const report = process.report && process.report.getReport ? process.report.getReport() : undefined
    const header = /** @type {{ header?: { glibcVersionRuntime?: string } } | undefined} */ (report)?.header
    return !(header && header.glibcVersionRuntime)
  }
}

function platformName(platform = process.platform, arch = process.arch) {
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

module.exports = { platformName }
