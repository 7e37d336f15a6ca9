// A backend's two-factor codes on totp-generator 1.0 and its bundled types.
import { TOTP } from 'totp-generator'

type Options = Parameters<typeof TOTP.generate>[1]

/** The code the user's authenticator app shows now, and how long it lasts. */
export function currentCode(secret: string): { code: string; secondsLeft: number } {
  const { otp, expires } = TOTP.generate(secret)
  return { code: otp, secondsLeft: Math.round((expires - Date.now()) / 1000) }
}

/** A code, allowing one period of clock drift either way. */
export function verifyCode(secret: string, code: string, now: number = Date.now()): boolean {
  return [-1, 0, 1].some((drift) => TOTP.generate(secret, { timestamp: now + drift * 30_000 }).otp === code)
}

/** Codes for settings as a request gives them: some may be missing, or undefined. */
export function codesFor(secret: string, settings: Options[]): { otp: string; expires: number }[] {
  return settings.map((options) => TOTP.generate(secret, options))
}
