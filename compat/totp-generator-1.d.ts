// The types of `totp-generator` 1.0, which it bundles: a synchronous
// `TOTP.generate`.

/** jsSHA's names. SHA-224 and SHA3-* throw here (code `ERR_TOTP_COMPAT_UNSUPPORTED`): the native core has no such hash. */
type Algorithm = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'SHA3-224' | 'SHA3-256' | 'SHA3-384' | 'SHA3-512'

/** Options of {@link TOTP.generate}; an option given as `undefined` replaces its default (a NaN timestamp). */
type Options = {
  /** Digits kept from the end of the code, not zero-padded; 0 gives ''. @default 6 */
  digits?: number
  /** @default 'SHA-1' */
  algorithm?: Algorithm
  /** Seconds per code. @default 30 */
  period?: number
  /** Milliseconds since the Unix epoch. @default Date.now() */
  timestamp?: number
}

export declare class TOTP {
  /**
   * A TOTP code and when it expires (ms since the Unix epoch), synchronously.
   *
   * @example
   * const { TOTP } = require('totp-native/compat/totp-generator-1')
   * const { otp, expires } = TOTP.generate('JBSWY3DPEHPK3PXP')
   */
  static generate(key: string, options?: Options): { otp: string; expires: number }
}
export {}
