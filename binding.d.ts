// The native module's functions, generated from their declarations in
// src/binding/ (`natives!`) by `npm run build:dts`. Do not edit: a test
// fails when this file and the declarations differ.

export interface HotpMatch {
  delta: number
  counter: number
}

export interface TotpMatch {
  delta: number
  timeStep: number
}

export interface ParsedUri {
  type: string
  issuer?: string
  account: string
  secret: string
  algorithm: string
  digits: number
  period?: number
  counter?: number
  image?: string
}

export interface QrSegmentInput {
  data: string | Uint8Array | Uint8ClampedArray
  mode?: string | null
}

export interface QrArgs {
  errorCorrectionLevel?: string | null
  version?: number | null
  maskPattern?: number | null
  margin?: number | null
  scale?: number | null
  width?: number | null
  dark?: string | null
  light?: string | null
  small?: boolean | null
  inverse?: boolean | null
  type?: string | null
  toSJISFunc?: ((character: string) => number | null | undefined) | null
}

export interface QrCreated {
  version: number
  errorCorrectionLevel: string
  maskPattern: number
  size: number
  modules: Uint8Array
}

export interface QrSegmentOutput {
  mode: string
  data: string | Uint8Array
}

export interface QrImageData {
  width: number
  height: number
  data: Uint8ClampedArray
}

export interface QrPngjsArgs {
  bitDepth?: number | null
  colorType?: number | null
  inputColorType?: number | null
  inputHasAlpha?: boolean | null
  bgRed?: number | null
  bgGreen?: number | null
  bgBlue?: number | null
  filterType?: number | null
}

export interface QrPngjsImage {
  width: number
  height: number
  signature: Buffer
  ihdr: Buffer
  scanlines: Buffer
}

export interface Defaults {
  algorithm: string
  digits: number
  period: number
  epoch: number
  encoding: string
  window: number
  secretBytes: number
  deriveInfo: string
  padding: boolean
  qr: QrDefaults
}

export interface QrDefaults {
  errorCorrectionLevel: string
  margin: number
  scale: number
  dark: string
  light: string
  type: string
}

/**
 * The HOTP code of `secret` at `counter` (RFC 4226 §5.3), zero-padded.
 */
export declare function hotpGenerate(secret: string | Uint8Array, counter: number, encoding?: string | null, algorithm?: string | null, digits?: number | null): string

/**
 * Where `token` matches the HOTP codes of `secret` from `counter - past`
 * to `counter + future`, after `after`: the latest match, or null.
 */
export declare function hotpValidate(token: string, secret: string | Uint8Array, counter: number, encoding?: string | null, algorithm?: string | null, digits?: number | null, past?: number | null, future?: number | null, after?: number | null): HotpMatch | null

/**
 * The TOTP code of `secret` at `timestamp` ms (RFC 6238 §4.2), zero-padded.
 */
export declare function totpGenerate(secret: string | Uint8Array, timestamp: number | Date, encoding?: string | null, algorithm?: string | null, digits?: number | null, period?: number | null, epoch?: number | Date | null): string

/**
 * Where `token` matches the TOTP codes of `secret` around `timestamp`,
 * after the step `after`: the latest match, or null.
 */
export declare function totpValidate(token: string, secret: string | Uint8Array, timestamp: number | Date, encoding?: string | null, algorithm?: string | null, digits?: number | null, period?: number | null, epoch?: number | Date | null, past?: number | null, future?: number | null, after?: number | null): TotpMatch | null

/**
 * The time step at `timestamp` ms (RFC 6238 §4.2: T).
 */
export declare function timeStep(timestamp: number | Date, period?: number | null, epoch?: number | Date | null): number

/**
 * Milliseconds from `timestamp` until the time step changes.
 */
export declare function remaining(timestamp: number | Date, period?: number | null, epoch?: number | Date | null): number

/**
 * A new random secret of `bytes` bytes, as unpadded base32.
 */
export declare function generateSecret(bytes?: number | null): string

/**
 * The secret HKDF-SHA256 derives for `identity` from `masterKey`, as
 * unpadded base32.
 */
export declare function deriveSecret(masterKey: string | Uint8Array, identity: string, bytes?: number | null, info?: string | null): string

/**
 * `bytes` as RFC 4648 base32, with `=` padding if `padding`.
 */
export declare function base32Encode(bytes: Uint8Array, padding?: boolean | null): string

/**
 * The bytes of the base32 string `str`.
 */
export declare function base32Decode(str: string): Buffer

/**
 * The Key Uri Format URI of a secret.
 */
export declare function keyUri(secret: string | Uint8Array, account: string, encoding?: string | null, issuer?: string | null, kind?: string | null, algorithm?: string | null, digits?: number | null, period?: number | null, counter?: number | null, image?: string | null): string

/**
 * What an `otpauth://` URI says, read strictly.
 */
export declare function parseUri(uri: string): ParsedUri

/**
 * The QR symbol `qrcode` 1.5.4 makes for `text`: its version, level,
 * mask and modules (1 dark, 0 light, row-major).
 */
export declare function qrCreate(text: string | ReadonlyArray<string | QrSegmentInput>, options?: QrArgs | null): QrCreated

/**
 * The segments `qrCreate` encodes `text` in (made only when asked for:
 * turning them into JS objects costs a fifth of `qrCreate`).
 */
export declare function qrSegments(text: string | ReadonlyArray<string | QrSegmentInput>, options?: QrArgs | null): Array<QrSegmentOutput>

/**
 * `text` as SVG, utf8 or terminal text.
 */
export declare function qrToString(text: string | ReadonlyArray<string | QrSegmentInput>, options?: QrArgs | null): string

/**
 * `qrToString` on the libuv pool.
 */
export declare function qrToStringAsync(text: string | ReadonlyArray<string | QrSegmentInput>, options?: QrArgs | null): Promise<string>

/**
 * `text` as a PNG file's bytes.
 */
export declare function qrToBuffer(text: string | ReadonlyArray<string | QrSegmentInput>, options?: QrArgs | null): Buffer

/**
 * `qrToBuffer` on the libuv pool.
 */
export declare function qrToBufferAsync(text: string | ReadonlyArray<string | QrSegmentInput>, options?: QrArgs | null): Promise<Buffer>

/**
 * `text` as a PNG data URL, `data:image/png;base64,…`.
 */
export declare function qrToDataUrl(text: string | ReadonlyArray<string | QrSegmentInput>, options?: QrArgs | null): string

/**
 * `qrToDataUrl` on the libuv pool.
 */
export declare function qrToDataUrlAsync(text: string | ReadonlyArray<string | QrSegmentInput>, options?: QrArgs | null): Promise<string>

/**
 * The contents of a QR file at `path`, on the libuv pool: PNG, or SVG
 * (with its XML prolog) or utf8 text, by `type` or the extension. The
 * wrapper writes them with `fs`, so file errors are Node's own.
 */
export declare function qrFileContentsAsync(path: string, text: string | ReadonlyArray<string | QrSegmentInput>, options?: QrArgs | null): Promise<Buffer>

/**
 * The Shift JIS code Kanji mode uses for `character`, or null.
 */
export declare function qrToSjis(character: string): number | null

/**
 * 1 where a `version` symbol has function patterns, format or version
 * information, 0 where it has data, row by row.
 */
export declare function qrReservedModules(version: number): Uint8Array

/**
 * The RGBA pixels `qrcode` draws for `text` (or a symbol): `{ width,
 * height, data }`.
 */
export declare function qrToImageData(text: string | ReadonlyArray<string | QrSegmentInput> | { size: number, modules: Uint8Array }, options?: QrArgs | null): QrImageData

/**
 * `qrToImageData` on the libuv pool.
 */
export declare function qrToImageDataAsync(text: string | ReadonlyArray<string | QrSegmentInput> | { size: number, modules: Uint8Array }, options?: QrArgs | null): Promise<QrImageData>

/**
 * `qrcode`'s PNG before its deflate, on the libuv pool: the signature,
 * the IHDR chunk and the filtered scanlines, as pngjs 5 packs them.
 */
export declare function qrPngjsImageAsync(text: string | ReadonlyArray<string | QrSegmentInput> | { size: number, modules: Uint8Array }, options?: QrArgs | null, png?: QrPngjsArgs | null): Promise<QrPngjsImage>

/**
 * A PNG chunk of type `kind` (four ASCII letters) around `data`, with
 * its CRC: an IDAT around each piece of deflate output, and IEND.
 */
export declare function qrPngChunk(kind: string, data?: Uint8Array | null): Buffer

/**
 * Every default the core applies.
 */
export declare function defaults(): Defaults

/**
 * The text of `binding.d.ts`: these declarations.
 */
export declare function bindingDeclarations(): string
