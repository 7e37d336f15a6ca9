// Code written against totp-generator 1.0's bundled types.
import { TOTP } from 'totp-generator'

const { otp, expires } = TOTP.generate('JBSWY3DPEHPK3PXP')
const sha: { otp: string; expires: number } = TOTP.generate('JBSWY3DPEHPK3PXP', { algorithm: 'SHA-224', digits: 8, period: 30, timestamp: 0 })
const generate: typeof TOTP.generate = (key) => TOTP.generate(key, { timestamp: undefined })
void [otp.length, expires.toFixed(), sha, generate]

// @ts-expect-error: 1.0 is synchronous
TOTP.generate('JBSWY3DPEHPK3PXP').then(() => undefined)
// @ts-expect-error: no encoding option before 2.x
TOTP.generate('JBSWY3DPEHPK3PXP', { encoding: 'ascii' })
