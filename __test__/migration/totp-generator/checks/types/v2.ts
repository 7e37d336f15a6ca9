// Code written against totp-generator 2.x's bundled types.
import { TOTP, type TOTPAlgorithm, type TOTPEncoding } from 'totp-generator'

export async function codes(): Promise<string[]> {
  const algorithm: TOTPAlgorithm = 'SHA-256'
  const encoding: TOTPEncoding = 'ascii'
  const { otp, expires } = await TOTP.generate('12345678901234567890', { algorithm, encoding, digits: 8, explicitZeroPad: true })
  const pending: Promise<{ otp: string; expires: number }> = TOTP.generate('JBSWY3DPEHPK3PXP', { period: 60, timestamp: Date.now() })
  return [otp, String(expires), (await pending).otp]
}

// @ts-expect-error: 2.x is asynchronous
void TOTP.generate('JBSWY3DPEHPK3PXP').otp
// @ts-expect-error: jsSHA-only names left its types in 2.x
void TOTP.generate('JBSWY3DPEHPK3PXP', { algorithm: 'SHA-224' })
