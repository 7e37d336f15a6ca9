// `npm run bench`: totp-native against the packages it replaces, side by
// side in one process. Pass a filter to run only matching operations:
// `npm run bench -- verify`.
import os from 'node:os'
import { compare, printTable } from './harness.mjs'
import { cases as otpCases } from './otp.mjs'
import { cases as qrCases } from './qr.mjs'

const filter = process.argv[2]
const cases = [...otpCases, ...qrCases].filter((c) => !filter || c.name.includes(filter))

console.log(`Node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} cores\n`)
printTable(await compare(cases))
