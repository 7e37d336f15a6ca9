// Code written against @types/totp-generator 0.0.2: the algorithm any string
// (here one read from the configuration), no timestamp option, and the code
// declared a number.
import totp from 'totp-generator'

interface Settings {
  algorithm: string
  digits: number
  period: number
}
declare const settings: Settings

const code: number = totp('JBSWY3DPEHPK3PXP', { algorithm: settings.algorithm, digits: settings.digits, period: settings.period })
const padded: string = totp('JBSWY3DPEHPK3PXP', settings).toString().padStart(settings.digits, '0')
const shown = `code ${totp('JBSWY3DPEHPK3PXP', { algorithm: undefined })}`
function current(secret: string): number {
  return totp(secret, {})
}
const generate: (key: string, options?: { algorithm?: string }) => number = totp
void [code, padded, shown, current, generate]

// @ts-expect-error: the key is a string
totp(12345)
// @ts-expect-error: the period is a number
totp('JBSWY3DPEHPK3PXP', { period: '30' })
// @ts-expect-error: the code is not an object
void totp('JBSWY3DPEHPK3PXP').otp
