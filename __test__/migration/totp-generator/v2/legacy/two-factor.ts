// A backend's two-factor codes on totp-generator 2.x and its bundled types.
import { TOTP, type TOTPAlgorithm } from 'totp-generator'

/** The code the user's authenticator app shows now, and how long it lasts. */
export async function currentCode(secret: string): Promise<{ code: string; secondsLeft: number }> {
  const { otp, expires } = await TOTP.generate(secret)
  return { code: otp, secondsLeft: Math.round((expires - Date.now()) / 1000) }
}

/** A code, allowing one period of clock drift either way. */
export async function verifyCode(secret: string, code: string, now: number = Date.now()): Promise<boolean> {
  const codes = await Promise.all([-1, 0, 1].map((drift) => TOTP.generate(secret, { timestamp: now + drift * 30_000 })))
  return codes.some(({ otp }) => otp === code)
}

/** The codes of an account's settings, as stored: ASCII or base32 secrets, any algorithm, padded codes. */
export async function accountCode(account: { secret: string; ascii?: boolean; algorithm?: TOTPAlgorithm; digits?: number }): Promise<string> {
  const { otp } = await TOTP.generate(account.secret, {
    encoding: account.ascii ? 'ascii' : 'hex',
    algorithm: account.algorithm ?? 'SHA-1',
    digits: account.digits ?? 6,
    explicitZeroPad: true,
  })
  return otp
}
