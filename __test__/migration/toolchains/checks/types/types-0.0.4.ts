// Code written against @types/totp-generator 0.0.4: the algorithm still any
// string, the code a string.
import totp from 'totp-generator'

declare const config: { [name: string]: string | undefined }

const algorithm: string = config.TOTP_ALGORITHM || 'SHA-1'
const code: string = totp('JBSWY3DPEHPK3PXP', { algorithm, digits: 8, period: 30, timestamp: Date.now() })
const length: number = totp('JBSWY3DPEHPK3PXP').padStart(6, '0').length
const matches = (input: string): boolean => totp('JBSWY3DPEHPK3PXP', { algorithm: config.TOTP_ALGORITHM }) === input
const generate: (key: string) => string = totp
void [code, length, matches, generate]

// @ts-expect-error: the key is a string
totp(new Uint8Array(10))
