// Code written against totp-generator 1.0's bundled types.
import { TOTP } from 'totp-generator'

type Options = NonNullable<Parameters<typeof TOTP.generate>[1]>

const { otp, expires } = TOTP.generate('JBSWY3DPEHPK3PXP')
const options: Options = { algorithm: 'SHA-224', digits: 8, period: 30, timestamp: 0 }
const result: { otp: string; expires: number } = TOTP.generate('JBSWY3DPEHPK3PXP', options)
const generate: typeof TOTP.generate = (key) => TOTP.generate(key, { timestamp: undefined })
void [otp.length, expires.toFixed(), result, generate]

// @ts-expect-error: 1.0 is synchronous
TOTP.generate('JBSWY3DPEHPK3PXP').then(() => undefined)
// @ts-expect-error: no encoding option before 1.1
TOTP.generate('JBSWY3DPEHPK3PXP', { encoding: 'ascii' })
// @ts-expect-error: not one of jsSHA's names
TOTP.generate('JBSWY3DPEHPK3PXP', { algorithm: 'MD5' })
