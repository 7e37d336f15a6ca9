// The types of `totp-generator` 0.0.x, as `@types/totp-generator` has them:
// the module is the function, so `import totp from` (esModuleInterop) and
// `import totp = require(…)` (with it or without) type-check as they do
// with those types. The
// function's runtime `.default` (itself) is left out on purpose: a property
// `jest.Mock` lacks would make `totp as jest.Mock` a type error.

/**
 * A TOTP code as `totp-generator` 0.0.x gives it: the last `digits` digits,
 * not zero-padded. The options object passed in is written back with the
 * values used (`period`, `algorithm`, `digits`, `timestamp`).
 *
 * @example
 * import totp from 'totp-native/compat/totp-generator-0'
 * const code = totp('JBSWY3DPEHPK3PXP', { timestamp: 1465324707000 }) // '341128'
 */
declare function totp(key: string, options?: totp.TotpOptions): string

declare namespace totp {
  /**
   * jsSHA's names, as `@types/totp-generator` lists them. SHA-224 and SHA3-*
   * throw here (code `ERR_TOTP_COMPAT_UNSUPPORTED`): the native core has no
   * such hash.
   */
  export type TotpAlgorithm =
    | 'SHA-1'
    | 'SHA-224'
    | 'SHA-256'
    | 'SHA-384'
    | 'SHA-512'
    | 'SHA3-224'
    | 'SHA3-256'
    | 'SHA3-384'
    | 'SHA3-512'

  /** Each falsy value (0, NaN, undefined) means the default. */
  export interface TotpOptions {
    /** Seconds per code. @default 30 */
    period?: number | undefined
    /** @default 'SHA-1' */
    algorithm?: TotpAlgorithm | undefined
    /** Digits kept from the end of the code. @default 6 */
    digits?: number | undefined
    /** Milliseconds since the Unix epoch. @default Date.now() */
    timestamp?: number | undefined
  }
}

export = totp
