// Code written against @types/totp-generator with esModuleInterop.
import totp from 'totp-generator'

const code: string = totp('JBSWY3DPEHPK3PXP')
const options = { digits: 8, algorithm: 'SHA-512' as const, period: 60, timestamp: Date.now() }
const eight: string = totp('JBSWY3DPEHPK3PXP', options)
const partial: string = totp('JBSWY3DPEHPK3PXP', { timestamp: undefined, algorithm: 'SHA3-256' })
const generate: (key: string) => string = totp
void [code, eight, partial, generate]

// @ts-expect-error: the key is a string
totp(12345)
// @ts-expect-error: the code is a string, not an object
void totp('JBSWY3DPEHPK3PXP').otp
