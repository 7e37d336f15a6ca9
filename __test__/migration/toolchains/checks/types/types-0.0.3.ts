// Code written against @types/totp-generator 0.0.3: 0.0.2's types and a
// timestamp option.
import totp from 'totp-generator'

interface Settings {
  algorithm: string
  digits: number
}
declare const settings: Settings

function codeAt(secret: string, timestamp: number): string {
  const code: number = totp(secret, { algorithm: settings.algorithm, digits: settings.digits, timestamp })
  return String(code)
}
const drift = [-1, 0, 1].map((step): number => totp('JBSWY3DPEHPK3PXP', { timestamp: Date.now() + step * 30000, period: 30 }))
const options: Parameters<typeof totp>[1] = { algorithm: 'SHA-512', timestamp: undefined }
void [codeAt, drift, options]

// @ts-expect-error: the timestamp is a number
totp('JBSWY3DPEHPK3PXP', { timestamp: new Date() })
