// Code written against @types/totp-generator 0.0.5 to 0.0.8: the algorithm
// one of jsSHA's names, the code a string.
import totp from 'totp-generator'

type Options = NonNullable<Parameters<typeof totp>[1]>

const options: Options = { digits: 8, algorithm: 'SHA-512', period: 60, timestamp: 1465324707000 }
const eight: string = totp('JBSWY3DPEHPK3PXP', options)
const sha3: string = totp('JBSWY3DPEHPK3PXP', { timestamp: undefined, algorithm: 'SHA3-256' })
const algorithms = ['SHA-1', 'SHA-256'] as const
const codes: string[] = algorithms.map((algorithm) => totp('JBSWY3DPEHPK3PXP', { algorithm }))
void [eight, sha3, codes]

// @ts-expect-error: the key is a string
totp(12345)
// @ts-expect-error: the code is a string, not an object
void totp('JBSWY3DPEHPK3PXP').otp
// @ts-expect-error: digits is a number
totp('JBSWY3DPEHPK3PXP', { digits: '8' })
