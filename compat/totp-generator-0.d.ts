// The types of `totp-generator` 0.0.x, as wide as every version of
// `@types/totp-generator` (0.0.2 to 0.0.8) was, so that code written against
// any of them compiles: the module is the function, so `import totp from`
// (esModuleInterop) and `import totp = require(…)` (with it or without)
// type-check as they do with those types. The function's runtime `.default`
// (itself) is left out on purpose: a property `jest.Mock` lacks would make
// `totp as jest.Mock` a type error.

/**
 * A TOTP code as `totp-generator` 0.0.x gives it: the last `digits` digits,
 * not zero-padded, as a string. The options object passed in is written
 * back with the values used (`period`, `algorithm`, `digits`, `timestamp`).
 *
 * `@types/totp-generator` 0.0.2 and 0.0.3 declared the code a number; it
 * has always been a string. The type parameter lets code written against
 * those versions (`const code: number = totp(key)`) compile unchanged; left
 * to itself the result is a `string`.
 *
 * @example
 * import totp from 'totp-native/compat/totp-generator-0'
 * const code = totp('JBSWY3DPEHPK3PXP', { timestamp: 1465324707000 }) // '341128'
 */
declare function totp<Code extends string | number = string>(key: string, options?: totp.TotpOptions): Code

declare namespace totp {
  /**
   * jsSHA's names, as `@types/totp-generator` 0.0.5 to 0.0.8 list them.
   * SHA-224 and SHA3-* throw here (code `ERR_TOTP_COMPAT_UNSUPPORTED`): the
   * native core has no such hash.
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

  /** Each falsy value (0, NaN, '', undefined) means the default. */
  export interface TotpOptions {
    /** Seconds per code. @default 30 */
    period?: number | undefined
    /**
     * The hash, by jsSHA's name. These work: `'SHA-1'` (also `''`),
     * `'SHA-256'`, `'SHA-384'` and `'SHA-512'`. `'SHA-224'` and
     * `'SHA3-224'` to `'SHA3-512'`, which 0.0.x computes with jsSHA, throw
     * here (code `ERR_TOTP_COMPAT_UNSUPPORTED`). Any other string throws as
     * in 0.0.x: `'SHAKE128'` and `'SHAKE256'` with `Variant does not support
     * HMAC`, the rest (names are case-sensitive: `'sha-1'`, `'SHA1'`) with
     * `Chosen SHA variant is not supported`.
     *
     * Typed as any string, as `@types/totp-generator` 0.0.2 to 0.0.4 typed
     * it, so that an algorithm read from configuration compiles.
     *
     * @default 'SHA-1'
     */
    algorithm?: TotpAlgorithm | (string & {}) | undefined
    /** Digits kept from the end of the code. @default 6 */
    digits?: number | undefined
    /** Milliseconds since the Unix epoch. @default Date.now() */
    timestamp?: number | undefined
  }
}

export = totp
