// Compiled by `tsc -p __test__/types` in `npm test`: the API as users type
// it, and the mistakes the types must catch (each `@ts-expect-error` fails
// the check if the line compiles).
import totp = require('../..')
import { TOTP } from '../../compat/totp-generator'

const secret: string = totp.generateSecret({ bytes: 32 })
const code: string = totp.generate(secret, { algorithm: 'SHA256', digits: 8, period: 60, timestamp: new Date() })
const ok: boolean = totp.verify(code, secret, { window: [1, 0], after: 42 })
const match = totp.validate(code, Buffer.from('12345678901234567890'), { encoding: 'ascii' })
if (match) {
  const step: number = match.timeStep
  const delta: number = match.delta
  void [step, delta]
}
const hotpMatch = totp.hotp.validate('755224', secret, 0, { window: 2 })
const counter: number | undefined = hotpMatch?.counter
const step: number = totp.timeStep({ period: 30 })
const left: number = totp.remaining()
const derived: string = totp.deriveSecret('a master key of 32 characters!!', 'alice@example.com', { info: 'app' })
const bytes: Buffer = totp.base32.decode(totp.base32.encode(new Uint8Array([1, 2, 3]), { padding: true }))
const uri: string = totp.keyUri({ secret, account: 'alice@example.com', issuer: 'ACME', digits: 6 })
const parsed = totp.parseUri(uri)
const kind: 'totp' | 'hotp' = parsed.type
void [ok, counter, step, left, derived, bytes, kind]

async function legacy(): Promise<string> {
  const { otp, expires } = await TOTP.generate('JBSWY3DPEHPK3PXP', { algorithm: 'SHA-512', explicitZeroPad: true })
  void expires
  return otp
}
void legacy

// @ts-expect-error: an unknown option name
totp.generate(secret, { digit: 6 })
// @ts-expect-error: digits is a number
totp.generate(secret, { digits: '6' })
// @ts-expect-error: tokens are strings
totp.verify(123456, secret)
// @ts-expect-error: an unknown algorithm
totp.generate(secret, { algorithm: 'MD5' })
// @ts-expect-error: hotp needs a counter
totp.hotp.generate(secret)
// @ts-expect-error: keyUri needs an account
totp.keyUri({ secret })
// @ts-expect-error: totp-generator's algorithm names have a hyphen
TOTP.generate('JBSWY3DPEHPK3PXP', { algorithm: 'SHA1' })
