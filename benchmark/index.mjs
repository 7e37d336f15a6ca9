// `npm run bench`: totp-native against the packages it replaces, side by
// side in one process. Pass filters to run only the operations whose names
// contain one of them: `npm run bench -- verify`, `npm run bench -- qr enroll`.
// Without filters it also times `require('totp-native')` in fresh processes
// and gives the size of the native module.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { compare, printTable } from './harness.mjs'
import { cases as otpCases } from './otp.mjs'
import { cases as qrCases } from './qr.mjs'

const filters = process.argv.slice(2)
const cases = [...otpCases, ...qrCases].filter((c) => filters.length === 0 || filters.some((f) => c.name.includes(f)))

console.log(`Node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} cores\n`)
printTable(await compare(cases))

if (filters.length === 0 || filters.includes('require')) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  // A fresh process each time: the first require is the one a server pays,
  // the module cache hides every later one.
  const timings = Array.from({ length: 11 }, () => {
    const child = spawnSync(
      process.execPath,
      ['-e', 'const t = process.hrtime.bigint(); require(process.argv[1]); console.log(Number(process.hrtime.bigint() - t) / 1e6)', root],
      { encoding: 'utf8' },
    )
    return Number(child.stdout)
  }).sort((a, b) => a - b)
  const binary = readdirSync(root).find((name) => name.endsWith('.node'))
  console.log(`\nrequire('totp-native') in a fresh process: ${timings[5].toFixed(1)} ms (median of 11)`)
  if (binary) console.log(`${binary}: ${(statSync(new URL(`../${binary}`, import.meta.url)).size / 2 ** 20).toFixed(2)} MiB`)
}
