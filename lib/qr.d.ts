/**
 * QR codes, drawn module for module as the `qrcode` npm package (1.5.4)
 * draws them for the same text and options — the same segments, version and
 * mask — so SVG and text output are byte-identical to `qrcode`'s and PNG
 * output pixel-identical (the PNG file itself is a smaller 1-bit palette
 * image). Option names and defaults are `qrcode`'s; where `qrcode` silently
 * ignores a bad value, these calls refuse it.
 *
 * Errors: a wrong type is a `TypeError`, a bad option value a `RangeError`
 * (both with code `ERR_QR_INVALID_OPTION`); empty text is an `Error` with
 * code `ERR_QR_NO_DATA`; data too long for the level, or for the `version`
 * asked for (then `err.minVersion` is the smallest that holds it), one with
 * code `ERR_QR_DATA_TOO_LONG`; a segment its mode cannot hold, or a Kanji
 * character without a Shift JIS code, one with code `ERR_QR_INVALID_DATA`.
 * The promise-returning calls reject with them.
 *
 * @packageDocumentation
 */

/// <reference types="node" />

/**
 * The error correction level (ISO/IEC 18004 §5.3.8): how much of the symbol
 * may be damaged and still read — L ≈ 7 %, M ≈ 15 %, Q ≈ 25 %, H ≈ 30 %.
 * Also accepted as `low`, `medium`, `quartile`, `high`, in any case.
 */
export type ErrorCorrectionLevel = 'L' | 'M' | 'Q' | 'H' | 'low' | 'medium' | 'quartile' | 'high' | (string & {})

/** An encoding mode (ISO/IEC 18004 §7.3). */
export type QrSegmentMode = 'numeric' | 'alphanumeric' | 'byte' | 'kanji'

/**
 * One segment of a segment list: characters or bytes in one mode. Numeric
 * takes digits, alphanumeric `0-9 A-Z $%*+-./:` and space, byte any text (as
 * UTF-8) or bytes, Kanji the characters `toSJISFunc` converts.
 */
export interface QrSegmentInput {
  data: string | Uint8Array | Uint8ClampedArray
  /** @default the smallest mode that holds `data`, as `qrcode` picks it */
  mode?: QrSegmentMode
}

/**
 * What to encode: a text (as UTF-8, split into segments as `qrcode` splits
 * it), or segments in order — each a string (in its smallest mode) or a
 * {@link QrSegmentInput}. An empty array is a symbol holding no data.
 */
export type QrData = string | ReadonlyArray<string | QrSegmentInput>

/** What to encode with. */
export interface QrSymbolOptions {
  /** @default 'M' */
  errorCorrectionLevel?: ErrorCorrectionLevel
  /**
   * The symbol version, 1 (21×21 modules) to 40 (177×177). Too small for the
   * text is an `ERR_QR_DATA_TOO_LONG` error naming the minimum version.
   * @default the smallest version that holds the text
   */
  version?: number
  /**
   * The data mask, 0 to 7 (ISO/IEC 18004 §7.8.2).
   * @default the one with the lowest penalty, as `qrcode` scores it
   */
  maskPattern?: number
  /**
   * Kanji mode, as in `qrcode`: the Shift JIS code of a character, or
   * `undefined`. With it, texts are split with Kanji segments (13 bits a
   * character) and segments may have `mode: 'kanji'`; it is called for
   * each character of those, in order, and a character it gives no code in
   * Kanji mode's ranges for is an `ERR_QR_INVALID_DATA` error.
   *
   * @example
   * qr.create('点茗', { toSJISFunc: qr.toSJIS })
   */
  toSJISFunc?: (character: string) => number | undefined
}

/** How to draw it. */
export interface QrRenderOptions extends QrSymbolOptions {
  /**
   * The quiet zone around the symbol, in modules: a whole number from 0 to
   * 1000 (odd margins are drawn in `utf8` too, where `qrcode` throws).
   * @default 4
   */
  margin?: number
  /**
   * PNG pixels per module; may be fractional. The image side is
   * `floor((size + 2·margin) · scale)` and at most 10000 pixels.
   * @default 4
   */
  scale?: number
  /**
   * The PNG width (and height) in pixels, overriding `scale`, as in
   * `qrcode`: used only when at least 21; then the scale is
   * `width / (size + 2·margin)` if that is at least 1 pixel a module, and 4
   * otherwise. SVG writes it as the `width`/`height` attributes. At most
   * 10000 for PNG.
   */
  width?: number
  color?: {
    /**
     * Dark modules: hex `RGB`, `RGBA`, `RRGGBB` or `RRGGBBAA`, with or
     * without `#`.
     * @default '#000000ff'
     */
    dark?: string
    /**
     * Light modules and the margin, same forms. Fully transparent light
     * leaves the SVG without a background.
     * @default '#ffffffff'
     */
    light?: string
  }
}

/** Options of `toString`. */
export interface QrStringOptions extends QrRenderOptions {
  /**
   * `'svg'`: an `<svg>` element; `'utf8'`: two module rows a line in half
   * blocks; `'terminal'`: ANSI colours for a terminal (margin and colours
   * ignored, as by `qrcode`).
   * @default 'utf8'
   */
  type?: 'svg' | 'utf8' | 'terminal'
  /** `terminal` only: half blocks, half the height. @default false */
  small?: boolean
  /** `terminal` with `small` only: swap the colours. @default false */
  inverse?: boolean
}

/**
 * pngjs 5's options, as `qrcode` takes them in `rendererOpts`, for
 * `png: 'qrcode'`. The deflate ones go to this Node's `zlib.createDeflate`,
 * which checks them (its own `ERR_OUT_OF_RANGE`/`ERR_INVALID_ARG_TYPE`
 * errors); the others are checked by the core (`ERR_QR_INVALID_OPTION`).
 * As in `qrcode`, the pixels are 8-bit RGBA whatever these say: other
 * colour types and bit depths read those bytes the way pngjs reads them,
 * which is what makes `qrcode`'s file (with `bitDepth: 16`, a garbled one).
 */
export interface QrPngjsOptions {
  /** zlib level, -1 to 9. @default 9 */
  deflateLevel?: number
  /** zlib strategy, 0 to 4. @default 3 (Z_RLE) */
  deflateStrategy?: number
  /** zlib's output chunk size: one IDAT chunk each. @default 32768 */
  deflateChunkSize?: number
  /** Makes the deflate stream from `{ chunkSize, level, strategy }`. @default zlib.createDeflate */
  deflateFactory?: (options: { chunkSize: number; level: number; strategy: number }) => NodeJS.ReadWriteStream
  /** 8 or 16. @default 8 */
  bitDepth?: number
  /** PNG colour type: 0 grey, 2 RGB, 4 grey and alpha, 6 RGBA. @default 6 */
  colorType?: number
  /** What pngjs takes the 8-bit RGBA pixels to be (0, 2, 4 or 6). @default 6 */
  inputColorType?: number
  /** Whether the input's fourth sample is alpha. @default true */
  inputHasAlpha?: boolean
  /** What translucent pixels are composed over when the output has no alpha. @default white */
  bgColor?: { red?: number; green?: number; blue?: number }
  /** -1: the filter of least sum a row, as pngjs chooses; 0 to 4: that filter for every row. @default -1 */
  filterType?: number
}

/** Options of `toBuffer` and `toDataURL`: PNG is the only image type. */
export interface QrImageOptions extends QrRenderOptions {
  /** @default 'png' */
  type?: 'png' | 'image/png'
  /**
   * `'compact'`: a 1-bit palette PNG, small and fast. `'qrcode'`: the file
   * `qrcode` 1.5.4 writes, byte for byte (8-bit RGBA through pngjs 5 and
   * this Node's zlib; more bytes, and about 8× the time) — for snapshots, golden
   * strings and hashes made with `qrcode`. `'qrcode'` is refused by the
   * synchronous calls: only zlib's stream splits its output as pngjs does.
   * A fractional `margin` is drawn, and images go up to 16,384 pixels a side.
   * @default 'compact'
   */
  png?: 'compact' | 'qrcode'
  /** pngjs's options, with `png: 'qrcode'`. */
  rendererOpts?: QrPngjsOptions
}

/** Options of `toImageData`. */
export interface QrRasterOptions extends QrSymbolOptions {
  /**
   * The quiet zone in modules, as for the other calls; here it may be a
   * fraction (it is `margin · scale` pixels).
   * @default 4
   */
  margin?: number
  /** Pixels per module; may be fractional. @default 4 */
  scale?: number
  /** The image side, as for PNG (`qrcode`'s rule); at most 16,384. */
  width?: number
  color?: QrRenderOptions['color']
}

/**
 * An RGBA image, the shape of a DOM `ImageData`: `width × height` pixels,
 * four bytes each (red, green, blue, alpha), row by row.
 */
export interface QrImageData {
  width: number
  height: number
  data: Uint8ClampedArray
}

/** Options of `toFile`. */
export interface QrFileOptions extends QrRenderOptions {
  /**
   * The file format. Default: by the path's extension, as `qrcode` does —
   * `.svg` an SVG file (with XML declaration), `.txt` utf8 text, anything
   * else PNG.
   */
  type?: 'png' | 'image/png' | 'svg' | 'utf8' | 'txt'
}

/** A segment of a symbol: the characters, or for byte mode the bytes. */
export type QrSegment =
  | { mode: 'numeric' | 'alphanumeric' | 'kanji'; data: string }
  | { mode: 'byte'; data: Uint8Array }

/** A QR symbol, without its quiet zone. */
export interface QrSymbol {
  /** 1 to 40. */
  version: number
  errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H'
  /** 0 to 7. */
  maskPattern: number
  /** Modules a side: `17 + 4 · version`. */
  size: number
  /** `size × size` modules, row by row: 1 dark, 0 light. */
  modules: Uint8Array
  /** The segments encoded, in order (as `qrcode` chose them for a text). */
  segments: QrSegment[]
}

/**
 * Encodes `text` (as UTF-8) into the symbol `qrcode` would draw.
 *
 * @example
 * const { version, size, modules } = qr.create('otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP')
 * const darkAt = (row: number, col: number) => modules[row * size + col] === 1
 */
export function create(text: QrData, options?: QrSymbolOptions): QrSymbol

/**
 * Which modules of a `version` (1 to 40) symbol are function patterns
 * (finders, separators, timing, alignment) or format and version
 * information: 1, row by row, `(17 + 4 · version)²` of them; the data
 * modules are 0. (`qrcode`'s `reservedBit`.)
 *
 * @example
 * const reserved = qr.reservedModules(symbol.version)
 * const isFinderOrTiming = (row: number, col: number) => reserved[row * symbol.size + col] === 1
 */
export function reservedModules(version: number): Uint8Array

/**
 * The Shift JIS code of a character Kanji mode holds (JIS X 0208, as
 * `qrcode`'s `helper/to-sjis` knows it), else `undefined`: the
 * `toSJISFunc` to pass for Kanji mode.
 *
 * @example
 * qr.toSJIS('点') // → 0x935f
 */
export function toSJIS(character: string): number | undefined

/**
 * A PNG data URL, for an `<img src>`; rendered on the libuv thread pool.
 *
 * @example
 * const qrDataUrl = await qr.toDataURL(keyUri({ secret, account, issuer: 'ACME' }))
 * // → 'data:image/png;base64,iVBORw0KGgo…'
 */
export function toDataURL(text: QrData, options?: QrImageOptions): Promise<string>

/** {@link toDataURL}, on the calling thread. */
export function toDataURLSync(text: QrData, options?: QrImageOptions): string

/**
 * The PNG file; rendered on the libuv thread pool.
 *
 * @example
 * res.type('png').send(await qr.toBuffer(uri, { scale: 8 }))
 */
export function toBuffer(text: QrData, options?: QrImageOptions): Promise<Buffer>

/** {@link toBuffer}, on the calling thread. */
export function toBufferSync(text: QrData, options?: QrImageOptions): Buffer

/**
 * SVG markup, or text for a terminal; rendered on the libuv thread pool.
 *
 * @example
 * const svg = await qr.toString(uri, { type: 'svg', margin: 2 })
 * console.log(await qr.toString(uri, { type: 'terminal', small: true }))
 */
export function toString(text: QrData, options?: QrStringOptions): Promise<string>

/** {@link toString}, on the calling thread. */
export function toStringSync(text: QrData, options?: QrStringOptions): string

/**
 * The RGBA pixels `qrcode` draws for its PNG and its `toCanvas`, for a
 * canvas (`ctx.putImageData(new ImageData(data, width), 0, 0)`), sharp
 * (`sharp(data, { raw: { width, height, channels: 4 } })`) or jimp. Takes a
 * text, or a symbol `create` returned (its symbol options are then its own).
 * Rendered on the libuv thread pool; at most 16,384 pixels a side.
 *
 * @example
 * const { width, height, data } = await qr.toImageData(uri, { scale: 8 })
 */
export function toImageData(text: QrData | QrSymbol, options?: QrRasterOptions): Promise<QrImageData>

/** {@link toImageData}, on the calling thread. */
export function toImageDataSync(text: QrData | QrSymbol, options?: QrRasterOptions): QrImageData

/**
 * The PNG file as a stream: with `png: 'qrcode'`, `qrcode`'s file in the
 * chunks pngjs emits (signature, IHDR, one IDAT for each piece of deflate
 * output, IEND); otherwise the compact PNG in one chunk. Bad options are
 * thrown by the call; a data error (empty or too long) is the stream's
 * `'error'`.
 *
 * @example
 * res.type('png')
 * qr.toPngStream(uri, { png: 'qrcode' }).pipe(res)
 */
export function toPngStream(text: QrData | QrSymbol, options?: QrImageOptions): import('stream').Readable

/**
 * Writes a PNG, SVG or text file (by `type`, else by extension); rendered on
 * the libuv thread pool, written with `fs` (so file errors are Node's own).
 *
 * @example
 * await qr.toFile('enroll.svg', uri)
 */
export function toFile(path: string, text: QrData, options?: QrFileOptions): Promise<void>
