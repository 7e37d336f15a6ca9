// `npm run bench:wasm`: every operation of `npm run bench` on the native
// module and on the WebAssembly build (the package npm installs where no
// native one matches), each in a process of its own: the same cases, the
// same harness, NAPI_RS_FORCE_WASI=1 in the second. Needs the WebAssembly
// build `npm run build:all` made (artifacts/bindings-wasm32-wasi) and Node
// 22 or newer (@emnapi/core is ES modules only). Filters work as for
// `npm run bench`: `npm run bench:wasm -- qr`.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { median } from './harness.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const filters = process.argv.slice(2).filter((arg) => arg !== '--child')

function format(ns) {
  if (ns < 1e3) return `${ns.toFixed(0)} ns`
  if (ns < 1e6) return `${(ns / 1e3).toFixed(2)} µs`
  return `${(ns / 1e6).toFixed(2)} ms`
}

if (process.argv.includes('--child')) {
  // In the child: our side of every case, as JSON.
  const { cases: otpCases } = await import('./otp.mjs')
  const { cases: qrCases } = await import('./qr.mjs')
  const cases = [...otpCases, ...qrCases].filter((c) => filters.length === 0 || filters.some((f) => c.name.includes(f)))
  const totp = (await import('node:module')).createRequire(import.meta.url)('../lib/native.js')
  const results = []
  for (const { name, ours } of cases) results.push({ name, ns: await median(ours) })
  console.log(JSON.stringify({ binding: totp.__napiBindingTarget ?? 'wasm32-wasi', results }))
} else {
  // The WebAssembly package as npm would install it: its manifest, its entry and the build's files.
  const modules = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-native-bench-wasm-'))
  const pkg = path.join(modules, 'totp-native-wasm32-wasi')
  fs.mkdirSync(pkg)
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'npm', 'wasm32-wasi', 'package.json'), 'utf8'))
  for (const file of ['package.json', ...manifest.files]) {
    const from = [path.join(root, 'npm', 'wasm32-wasi', file), path.join(root, 'artifacts', 'bindings-wasm32-wasi', file)].find((candidate) => fs.existsSync(candidate))
    if (!from) throw new Error(`${file} of the WebAssembly package is missing: run \`npm run build:all -- --target wasm32-wasip1\``)
    fs.copyFileSync(from, path.join(pkg, file))
  }
  const run = (wasm) => {
    const env = { ...process.env, NODE_PATH: [modules, path.join(root, 'node_modules')].join(path.delimiter) }
    delete env.NAPI_RS_NATIVE_LIBRARY_PATH
    if (wasm) env.NAPI_RS_FORCE_WASI = '1'
    else delete env.NAPI_RS_FORCE_WASI
    const child = spawnSync(process.execPath, ['--no-warnings', fileURLToPath(import.meta.url), '--child', ...filters], { env, encoding: 'utf8', maxBuffer: 16 << 20 })
    if (child.status !== 0) throw new Error(`the ${wasm ? 'WebAssembly' : 'native'} run failed:\n${child.stderr}`)
    return JSON.parse(child.stdout.trim().split('\n').at(-1))
  }
  try {
    const native = run(false)
    const wasm = run(true)
    if (native.binding !== 'native' || wasm.binding !== 'wasm32-wasi') throw new Error(`loaded ${native.binding} and ${wasm.binding}, not native and wasm32-wasi`)
    console.log(`Node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} cores\n`)
    console.log('| operation | native (median) | WebAssembly (median) | WebAssembly / native |\n|---|---:|---:|---:|')
    for (const { name, ns } of native.results) {
      const other = wasm.results.find((row) => row.name === name).ns
      console.log(`| ${name} | ${format(ns)} | ${format(other)} | ${(other / ns).toFixed(1)}× |`)
    }
    const size = fs.statSync(path.join(pkg, manifest.files.find((file) => file.endsWith('.wasm')))).size
    console.log(`\n${manifest.files.find((file) => file.endsWith('.wasm'))}: ${(size / 2 ** 20).toFixed(2)} MiB`)
  } finally {
    fs.rmSync(modules, { recursive: true, force: true })
  }
}
