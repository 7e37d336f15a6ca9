#!/usr/bin/env node
'use strict'

// What a built native module is, read from the file itself: its format (ELF,
// PE or Mach-O) and CPU from the headers; the libraries it needs; the glibc
// symbol versions it references; whether it exports the N-API registration
// function Node looks for; whether it is stripped; and on macOS the minimum
// OS version and the code signature arm64 Macs require. Headers are parsed
// here; symbol tables are read by LLVM's readers (Debian's `llvm`), which
// know every format, whatever machine built the file.
//
//   node scripts/inspect-binary.js FILE…   prints what it found, as JSON

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const ELF_MACHINES = new Map([
  [0x3e, 'x86_64'],
  [0xb7, 'aarch64'],
  [0x28, 'arm'],
  [0x03, 'i386'],
])
const PE_MACHINES = new Map([
  [0x8664, 'x86_64'],
  [0xaa64, 'aarch64'],
  [0x14c, 'i386'],
])
const MACHO_CPUS = new Map([
  [0x01000007, 'x86_64'],
  [0x0100000c, 'aarch64'],
])

/** An LLVM tool: on PATH (CI runners), else Debian's unversioned or newest versioned one. */
function llvmTool(name) {
  const fromPath = (process.env.PATH || '').split(path.delimiter).map((dir) => path.join(dir, name + (process.platform === 'win32' ? '.exe' : '')))
  const debian = fs.existsSync('/usr/lib')
    ? fs
        .readdirSync('/usr/lib')
        .filter((dir) => /^llvm-\d+$/.test(dir))
        .sort((a, b) => Number(b.slice(5)) - Number(a.slice(5)))
        .map((dir) => `/usr/lib/${dir}/bin/${name}`)
    : []
  const found = [...fromPath, ...debian].find((file) => fs.existsSync(file))
  if (!found) throw new Error(`${name} not found (Debian: apt-get install llvm)`)
  return found
}

const run = (tool, args) => execFileSync(llvmTool(tool), args, { encoding: 'utf8', maxBuffer: 64 << 20 })

function elf(file, bytes) {
  const bits = bytes[4] === 2 ? 64 : 32
  const machine = ELF_MACHINES.get(bytes.readUInt16LE(18)) || `machine 0x${bytes.readUInt16LE(18).toString(16)}`
  const dynamic = run('llvm-readelf', ['--dynamic-table', '-W', file])
  const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((match) => match[1])
  const versions = run('llvm-readelf', ['--version-info', '-W', file])
  const glibc = [...new Set([...versions.matchAll(/Name: (GLIBC_[\d.]+)/g)].map((match) => match[1]))].sort(compareVersions)
  const symbols = run('llvm-readelf', ['--dyn-syms', '-W', file])
  const exported = [...symbols.matchAll(/^\s*\d+:\s+\S+\s+\d+\s+\w+\s+GLOBAL\s+\w+\s+(\d+)\s+(\S+?)(?:@\S*)?$/gm)].map((match) => match[2])
  const sections = run('llvm-readelf', ['--section-headers', '-W', file])
  return {
    format: `ELF${bits}`,
    arch: machine,
    needed,
    glibc,
    newestGlibc: glibc.at(-1) || null,
    exports: exported,
    stripped: !/\s\.symtab\s/.test(sections) && !/\s\.debug_\w+\s/.test(sections),
  }
}

function pe(file, bytes) {
  const header = bytes.readUInt32LE(0x3c)
  const machine = bytes.readUInt16LE(header + 4)
  const symbolTable = bytes.readUInt32LE(header + 12)
  const characteristics = bytes.readUInt16LE(header + 22)
  const exportsText = run('llvm-readobj', ['--coff-exports', file])
  const importsText = run('llvm-readobj', ['--coff-imports', file])
  const sections = run('llvm-readobj', ['--sections', file])
  return {
    format: characteristics & 0x2000 ? 'PE DLL' : 'PE',
    arch: PE_MACHINES.get(machine) || `machine 0x${machine.toString(16)}`,
    needed: [...new Set([...importsText.matchAll(/^\s*Name: (\S+\.(?:dll|exe))$/gim)].map((match) => match[1]))],
    exports: [...exportsText.matchAll(/^\s*Name: (\S+)$/gm)].map((match) => match[1]),
    stripped: symbolTable === 0 && !/Name: \.debug_/.test(sections),
  }
}

const LC = { SYMTAB: 0x2, LOAD_DYLIB: 0xc, CODE_SIGNATURE: 0x1d, VERSION_MIN_MACOSX: 0x24, BUILD_VERSION: 0x32, LOAD_WEAK_DYLIB: 0x80000018 }
const version = (packed) => `${packed >>> 16}.${(packed >>> 8) & 0xff}${packed & 0xff ? `.${packed & 0xff}` : ''}`

function macho(file, bytes) {
  const cpu = bytes.readUInt32LE(4)
  const filetype = bytes.readUInt32LE(12)
  const count = bytes.readUInt32LE(16)
  const facts = { format: filetype === 6 ? 'Mach-O dylib' : filetype === 8 ? 'Mach-O bundle' : `Mach-O type ${filetype}`, arch: MACHO_CPUS.get(cpu) || `cpu 0x${cpu.toString(16)}`, needed: [], signed: false }
  let at = 32
  for (let i = 0; i < count; i++) {
    const command = bytes.readUInt32LE(at)
    const size = bytes.readUInt32LE(at + 4)
    if (command === LC.BUILD_VERSION) facts.minOs = version(bytes.readUInt32LE(at + 12))
    if (command === LC.VERSION_MIN_MACOSX) facts.minOs = version(bytes.readUInt32LE(at + 8))
    if (command === LC.CODE_SIGNATURE) facts.signed = true
    if (command === LC.SYMTAB) facts.symbols = bytes.readUInt32LE(at + 12)
    if (command === LC.LOAD_DYLIB || command === LC.LOAD_WEAK_DYLIB) {
      const name = at + bytes.readUInt32LE(at + 8)
      facts.needed.push(bytes.toString('latin1', name, bytes.indexOf(0, name)))
    }
    at += size
  }
  const nm = run('llvm-nm', ['--extern-only', file])
  facts.exports = [...nm.matchAll(/^[0-9a-f]+ T _(\S+)$/gm)].map((match) => match[1])
  // N-API functions stay undefined, looked up in the host process at load (napi-build's `-undefined dynamic_lookup`).
  facts.hostSymbols = [...nm.matchAll(/^\s+U _(napi_\S+)$/gm)].length
  // What stripping leaves: the exports, the imports, no debugging (stab)
  // entries, and no local symbols but the `__thunk` stubs zig's linker
  // makes for calls into other libraries.
  const all = run('llvm-nm', ['-a', file])
  facts.stripped = !/^[0-9a-f]+ - /m.test(all) && [...all.matchAll(/^[0-9a-f]+ [tdbs] (\S+)$/gm)].every((match) => match[1].endsWith('__thunk'))
  return facts
}

/** A WebAssembly module's exports, the modules its imports come from (its host interfaces), and whether it keeps a name section. */
function wasm(bytes) {
  let at = 8
  const leb = () => {
    let value = 0
    let shift = 0
    for (;;) {
      const byte = bytes[at++]
      value += (byte & 0x7f) * 2 ** shift
      shift += 7
      if (byte < 0x80) return value
    }
  }
  const name = () => {
    const length = leb()
    at += length
    return bytes.toString('utf8', at - length, at)
  }
  const limits = () => {
    const flags = leb()
    leb()
    if (flags & 1) leb()
  }
  const facts = { format: 'wasm', arch: 'wasm32', needed: [], exports: [], stripped: true }
  while (at < bytes.length) {
    const id = bytes[at++]
    const size = leb()
    const end = at + size
    if (id === 0 && name() === 'name') facts.stripped = false
    if (id === 2) {
      for (let count = leb(); count > 0; count--) {
        const module = name()
        name()
        const kind = bytes[at++]
        if (kind === 0) leb() // function: its type
        else if (kind === 1) {
          at++ // table: its element type, then its limits
          limits()
        } else if (kind === 2) limits() // memory
        else if (kind === 3) at += 2 // global: type and mutability
        else if (kind === 4) {
          at++ // tag: attribute, then its type
          leb()
        }
        if (!facts.needed.includes(module)) facts.needed.push(module)
      }
    }
    if (id === 7) {
      for (let count = leb(); count > 0; count--) {
        facts.exports.push(name())
        at++
        leb()
      }
    }
    at = end
  }
  return facts
}

function compareVersions(a, b) {
  const parts = (v) => v.replace(/^\D+/, '').split('.').map(Number)
  const [x, y] = [parts(a), parts(b)]
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) - (y[i] || 0)
  return 0
}

/** Everything above for one file, with its size. */
function inspect(file) {
  const bytes = fs.readFileSync(file)
  let facts
  if (bytes.readUInt32BE(0) === 0x7f454c46) facts = elf(file, bytes)
  else if (bytes.readUInt16BE(0) === 0x4d5a) facts = pe(file, bytes)
  else if (bytes.readUInt32LE(0) === 0xfeedfacf) facts = macho(file, bytes)
  else if (bytes.readUInt32BE(0) === 0x0061736d) facts = wasm(bytes)
  else facts = { format: 'unknown', arch: 'unknown', needed: [], exports: [] }
  return { file, size: bytes.length, ...facts }
}

module.exports = { inspect, compareVersions, llvmTool }

if (require.main === module) {
  for (const file of process.argv.slice(2)) console.log(JSON.stringify(inspect(file), null, 2))
}
