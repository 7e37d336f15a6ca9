// The types of `totp-generator` 2.x, so code written against it type-checks unchanged.

export type TOTPAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512'
export type TOTPEncoding = 'hex' | 'ascii'

/** Options of {@link TOTP.generate}, with totp-generator's defaults. */
type Options = {
  /** Digits kept from the end of the code; shorter codes are not padded unless `explicitZeroPad`. @default 6 */
  digits?: number
  /** @default 'SHA-1' */
  algorithm?: TOTPAlgorithm
  /** `'hex'` means a **base32** key (totp-generator's naming); `'ascii'` the key's own characters. @default 'hex' */
  encoding?: TOTPEncoding
  /** Seconds per code. @default 30 */
  period?: number
  /** Milliseconds since the Unix epoch. @default Date.now() */
  timestamp?: number
  /** Pad codes with leading zeros to `digits`. @default false */
  explicitZeroPad?: boolean
}

export declare class TOTP {
  /**
   * A TOTP code and when it expires (ms since the Unix epoch).
   *
   * @example
   * const { TOTP } = require('totp-native/compat/totp-generator')
   * const { otp, expires } = await TOTP.generate('JBSWY3DPEHPK3PXP')
   */
  static generate(key: string, options?: Options): Promise<{ otp: string; expires: number }>
}
export {}
