// A backend's two-factor enrollment as written in the jest 26 days: qrcode
// for the QR code, totp-generator 0.0.x for the codes, typed by
// @types/totp-generator 0.0.3 (whose `algorithm` is any string and whose
// code is declared a number), the algorithm read from the configuration.
import QRCode from 'totp-native/compat/qrcode'
import totp from 'totp-native/compat/totp-generator-0'
import { Writable } from 'stream'

export interface TwoFactorSettings {
  issuer: string
  algorithm: string
  digits: number
  period: number
}

export const defaults: TwoFactorSettings = {
  issuer: process.env.TOTP_ISSUER || 'ACME',
  algorithm: process.env.TOTP_ALGORITHM || 'SHA-1',
  digits: Number(process.env.TOTP_DIGITS || 6),
  period: Number(process.env.TOTP_PERIOD || 30),
}

export function otpauthUri(account: string, secret: string, settings: TwoFactorSettings = defaults): string {
  const label = encodeURIComponent(`${settings.issuer}:${account}`)
  const algorithm = settings.algorithm.replace('-', '')
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(settings.issuer)}&algorithm=${algorithm}&digits=${settings.digits}&period=${settings.period}`
}

/** The code at `timestamp`; the types say a number, so it is made a string. */
export function codeAt(secret: string, timestamp: number, settings: TwoFactorSettings = defaults): string {
  const code: number = totp(secret, { algorithm: settings.algorithm, digits: settings.digits, period: settings.period, timestamp })
  return String(code)
}

/** A code of this period or the one either side of it. */
export function verify(secret: string, code: string, now: number, settings: TwoFactorSettings = defaults): boolean {
  return [-1, 0, 1].some((drift) => codeAt(secret, now + drift * settings.period * 1000, settings) === code)
}

export function qrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { width: 200, margin: 2, color: { dark: '#1a237e', light: '#ffffff' } })
}

export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'H' })
}

export function qrTerminal(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'terminal', small: true })
}

export function qrPng(uri: string): Promise<Buffer> {
  return QRCode.toBuffer(uri, { scale: 3, errorCorrectionLevel: 'Q' })
}

export function qrFile(path: string, uri: string): Promise<void> {
  return new Promise((resolve, reject) => {
    QRCode.toFile(path, uri, { scale: 2 }, (error) => (error ? reject(error) : resolve()))
  })
}

/** Writes the PNG into a response, as a route does with `res`. */
export function qrInto(response: Writable, uri: string): void {
  QRCode.toFileStream(response, uri)
}
