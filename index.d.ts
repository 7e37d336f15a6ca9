/**
 * totp-native — two-factor login for Node.js, with a Rust core.
 *
 * Units, everywhere: `timestamp` and `epoch` are **milliseconds** since the
 * Unix epoch (like `Date.now()`), `period` is **seconds**, `window` and
 * `after` are **steps** (time steps for TOTP, counters for HOTP).
 *
 * Errors: a wrong type is a `TypeError`, a value out of range a `RangeError`,
 * malformed data (a secret, a URI, QR content) an `Error`. Every one has a
 * stable `code` (see {@link ErrorCode}) and a message naming the argument.
 *
 * @packageDocumentation
 */

/// <reference types="node" />

/**
 * A shared secret: a string in `encoding` (base32 by default: RFC 4648
 * alphabet, any case, spaces, hyphens and trailing `=` ignored) or raw key
 * bytes. 1 to 1024 bytes once decoded.
 */
export type Secret = string | Uint8Array

/** The HMAC hash. Also accepted in any case and with a hyphen: `sha1`, `SHA-256`, … */
export type Algorithm =
  | 'SHA1'
  | 'SHA256'
  | 'SHA384'
  | 'SHA512'
  | 'sha1'
  | 'sha256'
  | 'sha384'
  | 'sha512'
  | 'SHA-1'
  | 'SHA-256'
  | 'SHA-384'
  | 'SHA-512'
  | 'sha-1'
  | 'sha-256'
  | 'sha-384'
  | 'sha-512'

/** How a string secret is written. */
export type Encoding = 'base32' | 'hex' | 'ascii'

/**
 * The stable `code` of every error this package throws: those of the core
 * (src/error.rs), and those of the JavaScript side (a token that is not a
 * string, no native module for the platform). `ERR_TOTP_INTERNAL` is a bug
 * reported rather than answered with a plausible value.
 */
export type ErrorCode =
  | 'ERR_TOTP_INVALID_SECRET'
  | 'ERR_TOTP_INVALID_BASE32'
  | 'ERR_TOTP_INVALID_OPTION'
  | 'ERR_TOTP_INVALID_TOKEN'
  | 'ERR_TOTP_INVALID_URI'
  | 'ERR_TOTP_INTERNAL'
  | 'ERR_TOTP_NATIVE_MISSING'
  | 'ERR_QR_NO_DATA'
  | 'ERR_QR_DATA_TOO_LONG'
  | 'ERR_QR_INVALID_DATA'
  | 'ERR_QR_INVALID_OPTION'

/**
 * What every call throws (or rejects with): a `TypeError`, `RangeError` or
 * `Error` carrying one of the {@link ErrorCode}s.
 *
 * @example
 * try {
 *   verify(code, secret)
 * } catch (error) {
 *   if ((error as TotpError).code === 'ERR_TOTP_INVALID_SECRET') … // a corrupted stored secret
 * }
 */
export interface TotpError extends Error {
  code: ErrorCode
  /**
   * `ERR_QR_DATA_TOO_LONG` for a `version` too small: the smallest version
   * that holds the data.
   */
  minVersion?: number
}

/** Options of every HOTP call. */
export interface HotpOptions {
  /** HMAC hash. @default 'SHA1' */
  algorithm?: Algorithm
  /** Code length, 1 to 10. @default 6 */
  digits?: number
  /** How a string `secret` is written. Ignored for byte secrets. @default 'base32' */
  encoding?: Encoding
}

/** Options of every TOTP call. */
export interface TotpOptions extends HotpOptions {
  /** Seconds per time step (RFC 6238 X), a whole number ≥ 1. @default 30 */
  period?: number
  /** The time to compute for, in **milliseconds** since the Unix epoch, or a `Date`. @default Date.now() */
  timestamp?: number | Date
  /** T0: the time steps start from, in **milliseconds**, or a `Date`. @default 0 */
  epoch?: number | Date
}

/** Options of verification. */
export interface VerifyOptions {
  /**
   * How many steps before and after the current one are also accepted: a
   * number for both sides, or `[past, future]`. Each side 0 to 10.
   * @default 1
   */
  window?: number | [past: number, future: number]
  /**
   * Refuse every code from this step or before: pass the `timeStep` (or
   * `counter`) that `validate` returned for the last accepted code, and a
   * code is never accepted twice (RFC 6238 §5.2).
   */
  after?: number
}

export interface TotpVerifyOptions extends TotpOptions, VerifyOptions {}
export interface HotpVerifyOptions extends HotpOptions, VerifyOptions {}

/** Where a TOTP token matched. */
export interface TotpMatch {
  /** Steps from the current one: `-1` is the previous code, `0` the current, `1` the next. */
  delta: number
  /** The time step that matched; store it and pass it back as `after`. */
  timeStep: number
}

/** Where a HOTP token matched. */
export interface HotpMatch {
  /** Counters from the expected one. */
  delta: number
  /** The counter that matched; the next expected counter is `counter + 1`. */
  counter: number
}

/**
 * The current TOTP code (RFC 6238), zero-padded to `digits`.
 *
 * @example
 * const { generate } = require('totp-native')
 * generate('JBSWY3DPEHPK3PXP', { timestamp: 0 }) // → '282760'
 * generate(secret, { algorithm: 'SHA256', digits: 8, timestamp: new Date('2030-01-01') })
 */
export function generate(secret: Secret, options?: TotpOptions): string

/**
 * Whether `token` is the TOTP code of a step within `window` of now.
 * Compares in constant time. A token of the wrong length or with non-digits
 * is `false`, not an error, so user input can be passed straight in.
 *
 * @example
 * app.post('/login/2fa', (req, res) => {
 *   if (!verify(req.body.code, user.secret)) return res.sendStatus(401)
 *   // …
 * })
 */
export function verify(token: string, secret: Secret, options?: TotpVerifyOptions): boolean

/**
 * Like {@link verify}, but says where the token matched, or `null`. When two
 * steps in the window give the same code, the latest is reported, so storing
 * `timeStep` and passing it as `after` refuses both.
 *
 * @example
 * const match = validate(code, user.secret, { after: user.lastStep })
 * if (!match) return res.sendStatus(401)
 * user.lastStep = match.timeStep // the code can never be used again
 */
export function validate(token: string, secret: Secret, options?: TotpVerifyOptions): TotpMatch | null

/**
 * The current time step: `floor((timestamp − epoch) / (period · 1000))`.
 *
 * @example
 * timeStep({ timestamp: 1_700_000_000_000 }) // → 56666666
 */
export function timeStep(options?: Pick<TotpOptions, 'period' | 'timestamp' | 'epoch'>): number

/**
 * Milliseconds until the code changes.
 *
 * @example
 * setTimeout(refresh, remaining())
 */
export function remaining(options?: Pick<TotpOptions, 'period' | 'timestamp' | 'epoch'>): number

/** Counter-based codes (RFC 4226). `counter` is a whole number from 0 to 2^53 − 1. */
export namespace hotp {
  /**
   * The HOTP code for `counter`, zero-padded.
   *
   * @example
   * hotp.generate(Buffer.from('12345678901234567890'), 0) // → '755224' (RFC 4226 Appendix D)
   */
  function generate(secret: Secret, counter: number, options?: HotpOptions): string
  /**
   * Whether `token` is the code of a counter within `window` of `counter`.
   *
   * @example
   * hotp.verify('755224', key, 0) // → true
   */
  function verify(token: string, secret: Secret, counter: number, options?: HotpVerifyOptions): boolean
  /**
   * Where `token` matched, or `null`; the latest counter when several match.
   *
   * @example
   * const match = hotp.validate(code, key, user.counter, { window: [0, 10] })
   * if (match) user.counter = match.counter + 1
   */
  function validate(token: string, secret: Secret, counter: number, options?: HotpVerifyOptions): HotpMatch | null
}

/** Options of {@link generateSecret}. */
export interface GenerateSecretOptions {
  /** Secret size in bytes, 16 to 1024 (RFC 4226 requires ≥ 128 bits). @default 20 */
  bytes?: number
}

/**
 * A new random secret from the operating system's CSPRNG, as unpadded base32.
 *
 * @example
 * generateSecret() // → 'OVPTLYS2I3VNQBQV5MX6ABQ7VZDY37RR' (32 characters = 20 bytes)
 */
export function generateSecret(options?: GenerateSecretOptions): string

/** Options of {@link deriveSecret}. */
export interface DeriveSecretOptions {
  /** Secret size in bytes, 16 to 1024. @default 20 */
  bytes?: number
  /** Context string mixed into the derivation: no NUL characters, at most 1024 bytes of UTF-8. @default 'totp-native' */
  info?: string
}

/**
 * A stable per-user secret that only the holder of `masterKey` can compute:
 * HKDF-SHA256 (RFC 5869) with `masterKey` as input key, no salt, and
 * `info + '\0' + identity` as info. Returns unpadded base32.
 *
 * Unlike hashing an e-mail address — which anyone who knows the address can
 * redo — this needs a secret key. Rotating `masterKey` changes every secret.
 *
 * @param masterKey 16 to 1024 bytes; a string is used as its UTF-8 bytes.
 * @param identity e.g. the user's e-mail, normalised (trimmed, lower-cased) by the caller; at most 1024 bytes of UTF-8.
 * @example
 * deriveSecret(process.env.TOTP_MASTER_KEY, 'alice@example.com')
 */
export function deriveSecret(masterKey: string | Uint8Array, identity: string, options?: DeriveSecretOptions): string

/** RFC 4648 base32. */
export namespace base32 {
  /**
   * Encodes bytes.
   *
   * @example
   * base32.encode(Buffer.from('foo')) // → 'MZXW6'
   * base32.encode(Buffer.from('foo'), { padding: true }) // → 'MZXW6==='
   */
  function encode(bytes: Uint8Array, options?: { /** @default false */ padding?: boolean }): string
  /**
   * Decodes base32, ignoring case, spaces, hyphens and trailing `=`; bits
   * after the last whole byte are dropped. A bad character is an `Error`
   * (`ERR_TOTP_INVALID_BASE32`) naming it and its position.
   *
   * @example
   * base32.decode('mzxw 6===') // → <Buffer 66 6f 6f>
   */
  function decode(str: string): Buffer
}

/** Options of {@link keyUri}. */
export interface KeyUriOptions {
  /** The shared secret; written as unpadded base32. */
  secret: Secret
  /** How a string `secret` is written. @default 'base32' */
  encoding?: Encoding
  /** The user's account name, e.g. an e-mail address. Not empty, no `:`. */
  account: string
  /** The service, shown by the app above the code. No `:`. Written as the label prefix and as `issuer=`. */
  issuer?: string
  /** @default 'totp' */
  type?: 'totp' | 'hotp'
  /** Google Authenticator ignores this parameter; other apps honour it. @default 'SHA1' */
  algorithm?: Algorithm
  /** 1 to 10; most apps accept only 6 to 8. @default 6 */
  digits?: number
  /** TOTP step in seconds. @default 30 */
  period?: number
  /** HOTP only, and required there: the initial counter. */
  counter?: number
  /** A logo URL (an extension some apps read). */
  image?: string
}

/** What {@link parseUri} reads from an `otpauth://` URI. */
export interface ParsedUri {
  type: 'totp' | 'hotp'
  /** From the `issuer` parameter, else the label prefix. */
  issuer?: string
  account: string
  /** Unpadded base32. */
  secret: string
  algorithm: 'SHA1' | 'SHA256' | 'SHA384' | 'SHA512'
  digits: number
  /** TOTP only. */
  period?: number
  /** HOTP only. */
  counter?: number
  image?: string
}

/**
 * An `otpauth://` URI in Google's Key Uri Format, for a QR code or a link:
 * label `issuer:account`, both percent-encoded, and `issuer=` as well;
 * `algorithm`, `digits` and `period` (or `counter`) always written.
 *
 * @example
 * keyUri({ secret, account: 'alice@example.com', issuer: 'ACME' })
 * // → 'otpauth://totp/ACME:alice@example.com?secret=…&issuer=ACME&algorithm=SHA1&digits=6&period=30'
 */
export function keyUri(options: KeyUriOptions): string

/**
 * Reads an `otpauth://` URI strictly, refusing what an authenticator app
 * would refuse (an `Error` with code `ERR_TOTP_INVALID_URI` saying what is
 * wrong): wrong scheme or type, a missing or bad secret, bad
 * algorithm/digits/period/counter, an issuer prefix that disagrees with the
 * `issuer` parameter. Surrounding whitespace is ignored; at most 4096 bytes.
 *
 * @example
 * parseUri('otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME')
 * // → { type: 'totp', issuer: 'ACME', account: 'alice', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 }
 */
export function parseUri(uri: string): ParsedUri

/** Options of {@link enroll}: those of {@link keyUri}, with the secret optional. */
export interface EnrollOptions extends Omit<KeyUriOptions, 'secret'> {
  /**
   * An existing secret to enroll (in `encoding`, or bytes).
   * @default a new one from {@link generateSecret}
   */
  secret?: Secret
  /** Bytes of a new secret: 16 to 1024. Ignored when `secret` is given. @default 20 */
  bytes?: number
  /** How the QR code is drawn (`qr.toDataURL`'s options). */
  qr?: import('./lib/qr').QrImageOptions
}

/** What {@link enroll} gives the enrollment page. */
export interface Enrollment {
  /** Unpadded base32: store it (encrypted), and show it for manual entry. */
  secret: string
  /** The `otpauth://` URI, as {@link keyUri} writes it. */
  uri: string
  /** The URI as a PNG QR code, `data:image/png;base64,…`, for an `<img src>`. */
  qrDataUrl: string
}

/**
 * The whole enrollment route in one call: a new secret (or the one given),
 * its `otpauth://` URI, and that URI as a QR code rendered on the libuv
 * thread pool. Bad options reject with the errors of {@link generateSecret},
 * {@link keyUri} and `qr.toDataURL`.
 *
 * @example
 * const { secret, qrDataUrl } = await enroll({ account: 'alice@example.com', issuer: 'ACME' })
 * // store `secret` for alice; put `qrDataUrl` in <img src>
 */
export function enroll(options: EnrollOptions): Promise<Enrollment>

/**
 * Every default the core applies, as the option docs above state them (a
 * test checks that they agree): read them rather than copy them.
 *
 * @example
 * const { defaults } = require('totp-native')
 * defaults.digits // → 6
 * defaults.qr.errorCorrectionLevel // → 'M'
 */
export const defaults: Readonly<{
  /** `algorithm` of the OTP calls. */
  algorithm: 'SHA1'
  /** `digits`. */
  digits: number
  /** `period`, in seconds. */
  period: number
  /** `epoch`, in milliseconds. */
  epoch: number
  /** `encoding` of a string secret. */
  encoding: Encoding
  /** `window`, in steps on each side. */
  window: number
  /** `bytes` of {@link generateSecret} and {@link deriveSecret}. */
  secretBytes: number
  /** `info` of {@link deriveSecret}. */
  deriveInfo: string
  /** `padding` of `base32.encode`. */
  padding: boolean
  /** The QR calls' defaults. */
  qr: Readonly<{
    errorCorrectionLevel: 'M'
    margin: number
    scale: number
    /** `color.dark`. */
    dark: string
    /** `color.light`. */
    light: string
    /** `type` of `qr.toString`. */
    type: 'utf8'
    /** pngjs's, which `png: 'qrcode'` and the `qrcode` drop-in apply to `rendererOpts`. */
    pngjs: Readonly<{
      deflateChunkSize: number
      deflateLevel: number
      deflateStrategy: number
      bitDepth: number
      colorType: number
      inputColorType: number
      inputHasAlpha: boolean
      filterType: number
    }>
  }>
}>

/** QR codes, drawn as the `qrcode` package draws them; see `lib/qr.d.ts`. */
export * as qr from './lib/qr'
