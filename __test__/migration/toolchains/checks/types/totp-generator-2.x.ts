// Code written against the bundled types of totp-generator 1.1 and 2.x.
import { TOTP } from 'totp-generator'
import type { TOTPAlgorithm, TOTPEncoding } from 'totp-generator'

export async function codes(): Promise<string[]> {
  const algorithm: TOTPAlgorithm = 'SHA-256'
  const encoding: TOTPEncoding = 'ascii'
  const { otp, expires } = await TOTP.generate('12345678901234567890', { algorithm, encoding, digits: 8, explicitZeroPad: true })
  const pending: Promise<{ otp: string; expires: number }> = TOTP.generate('JBSWY3DPEHPK3PXP', { period: 60, timestamp: Date.now() })
  return [otp, String(expires), (await pending).otp]
}

// @ts-expect-error: generate is asynchronous
void TOTP.generate('JBSWY3DPEHPK3PXP').otp
// @ts-expect-error: jsSHA-only names left the types in 1.1
void TOTP.generate('JBSWY3DPEHPK3PXP', { algorithm: 'SHA-224' })
// @ts-expect-error: the encodings are hex and ascii
void TOTP.generate('JBSWY3DPEHPK3PXP', { encoding: 'base32' })
