// A backend's two-factor codes on totp-generator 0.0.x, with its types from
// @types/totp-generator.
import totp from 'totp-native/compat/totp-generator-0'

export const PERIOD_SECONDS = 30

/** The code the user's authenticator app shows now. */
export function currentCode(secret: string): string {
  return totp(secret)
}

/** A code, allowing one period of clock drift either way. */
export function verifyCode(secret: string, code: string, now: number = Date.now()): boolean {
  return [-1, 0, 1].some((drift) => totp(secret, { timestamp: now + drift * PERIOD_SECONDS * 1000 }) === code)
}

/** A code with the settings it was made with, for the audit log. */
export function codeWithSettings(secret: string, digits: number): { code: string; settings: object } {
  const settings = { digits, algorithm: 'SHA-512' as const }
  const code = totp(secret, settings)
  return { code, settings }
}
