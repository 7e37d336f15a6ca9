// The types `qrcode` users have today (`@types/qrcode` 1.5), for the server
// side of qrcode 1.5, so code written against them type-checks unchanged.

/// <reference types="node" />

import type { Writable } from 'stream'

export type QRCodeErrorCorrectionLevel = 'low' | 'medium' | 'quartile' | 'high' | 'L' | 'M' | 'Q' | 'H'
export type QRCodeMaskPattern = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7
/** A character's Shift JIS code (see `totp-native/compat/qrcode/helper/to-sjis`). */
export type QRCodeToSJISFunc = (codePoint: string) => number

export interface QRCodeOptions {
  /** 1 to 40; anything else means the smallest that fits. @default automatic */
  version?: number | undefined
  /** An unknown level means M, as in qrcode. @default 'M' */
  errorCorrectionLevel?: QRCodeErrorCorrectionLevel | undefined
  /** 0 to 7; anything else means the lowest-penalty mask. @default automatic */
  maskPattern?: QRCodeMaskPattern | undefined
  /**
   * Kanji mode. As in qrcode, once any call has passed one, every later call
   * of the process is in Kanji mode with the last function given.
   */
  toSJISFunc?: QRCodeToSJISFunc | undefined
}

export interface QRCodeRenderersOptions extends QRCodeOptions {
  /** Quiet zone in modules; null or negative means 4. @default 4 */
  margin?: number | undefined
  /** Pixels per module; 0 means 4. @default 4 */
  scale?: number | undefined
  /** Image width in pixels; used when at least 21, and then takes precedence over `scale`. */
  width?: number | undefined
  color?:
    | {
        /** Hex RGB(A), 3, 4, 6 or 8 digits. @default '#000000ff' */
        dark?: string | undefined
        /** @default '#ffffffff' */
        light?: string | undefined
      }
    | undefined
}

export type QRCodeDataURLType = 'image/png' | 'image/jpeg' | 'image/webp'
export type QRCodeToDataURLOptions = QRCodeToDataURLOptionsJpegWebp | QRCodeToDataURLOptionsOther
export interface QRCodeToDataURLOptionsJpegWebp extends QRCodeRenderersOptions {
  /** Always PNG on the server, as in qrcode. */
  type: 'image/jpeg' | 'image/webp'
  rendererOpts?: { quality?: number | undefined } | undefined
}
export interface QRCodeToDataURLOptionsOther extends QRCodeRenderersOptions {
  /** @default 'image/png' */
  type?: 'image/png' | undefined
}

export type QRCodeStringType = 'utf8' | 'svg' | 'terminal'
export type QRCodeToStringOptions = QRCodeToStringOptionsTerminal | QRCodeToStringOptionsOther
export interface QRCodeToStringOptionsTerminal extends QRCodeRenderersOptions {
  type: 'terminal'
  /** Half blocks, half the height. @default false */
  small?: boolean | undefined
}
export interface QRCodeToStringOptionsOther extends QRCodeRenderersOptions {
  /** @default 'utf8' */
  type?: 'utf8' | 'svg' | undefined
}

/**
 * pngjs's packing options, as qrcode hands them over (@types/qrcode names
 * the first two; pngjs 5 reads them all). qrcode writes pngjs's defaults
 * back into this object.
 */
export interface QRCodePngRendererOptions {
  /** @default 9 */
  deflateLevel?: number | undefined
  /** @default 3 */
  deflateStrategy?: number | undefined
  /** zlib's output chunk size: one IDAT chunk each. @default 32768 */
  deflateChunkSize?: number | undefined
  /** Makes the deflate stream. @default zlib.createDeflate */
  deflateFactory?: ((options: { chunkSize: number; level: number; strategy: number }) => NodeJS.ReadWriteStream) | undefined
  /** 8 or 16 (qrcode's 8-bit pixels then read as 16-bit words). @default 8 */
  bitDepth?: 8 | 16 | undefined
  /** 0 grey, 2 RGB, 4 grey and alpha, 6 RGBA. @default 6 */
  colorType?: 0 | 2 | 4 | 6 | undefined
  /** What pngjs takes qrcode's RGBA pixels to be. @default 6 */
  inputColorType?: 0 | 2 | 4 | 6 | undefined
  /** @default true */
  inputHasAlpha?: boolean | undefined
  /** What translucent pixels are composed over without alpha. @default white */
  bgColor?: { red?: number; green?: number; blue?: number } | undefined
  /** -1 adaptive, 0 to 4 one filter. @default -1 */
  filterType?: -1 | 0 | 1 | 2 | 3 | 4 | undefined
}

export type QRCodeFileType = 'png' | 'svg' | 'utf8'
export type QRCodeToFileOptions = QRCodeToFileOptionsPng | QRCodeToFileOptionsOther
export interface QRCodeToFileOptionsPng extends QRCodeRenderersOptions {
  /** Default: by the file's extension (`.svg`, `.txt`; PNG otherwise). */
  type?: 'png' | undefined
  rendererOpts?: QRCodePngRendererOptions | undefined
}
export interface QRCodeToFileOptionsOther extends QRCodeRenderersOptions {
  type: 'svg' | 'utf8' | undefined
}

export type QRCodeFileStreamType = 'png'
export interface QRCodeToFileStreamOptions extends QRCodeRenderersOptions {
  type?: 'png' | undefined
  rendererOpts?: QRCodePngRendererOptions | undefined
}

export type QRCodeBufferType = 'png'
export interface QRCodeToBufferOptions extends QRCodeRenderersOptions {
  type?: 'png' | undefined
  rendererOpts?: QRCodePngRendererOptions | undefined
}

export type QRCodeSegmentMode = 'alphanumeric' | 'numeric' | 'byte' | 'kanji'
/** One segment of a segment list: a string alone takes its smallest mode. */
export type QRCodeSegment =
  | QRCodeNumericSegment
  | QRCodeAlphanumericSegment
  | QRCodeByteSegment
  | QRCodeKanjiSegment
  | { mode?: never; data: string | Buffer | Uint8ClampedArray | Uint8Array }
export interface QRCodeNumericSegment {
  mode: 'numeric'
  data: string | number
}
export interface QRCodeAlphanumericSegment {
  mode: 'alphanumeric'
  data: string
}
export interface QRCodeByteSegment {
  mode: 'byte'
  data: Buffer | Uint8ClampedArray | Uint8Array
}
export interface QRCodeKanjiSegment {
  mode: 'kanji'
  data: string
}

/** The data `create` and the renderers take: a text, or segments in order. */
type QRCodeData = string | QRCodeSegment[]

/** The modules of a symbol, and which of them are function patterns (`reservedBit`). */
export interface BitMatrix {
  /** Modules a side. */
  size: number
  /** `size × size` modules, row by row: 1 dark, 0 light. */
  data: Uint8Array
  /** 1 where a function pattern, format or version information is. */
  reservedBit: Uint8Array
  set(row: number, col: number, value: number, reserved: boolean): void
  get(row: number, col: number): number
  xor(row: number, col: number, value: number): void
  isReserved(row: number, col: number): number
}

/** The level objects `create` returns; the same object is accepted back as an option. */
export interface ErrorCorrectionLevel {
  bit: 0 | 1 | 2 | 3
}

export type ModeId = 'Numeric' | 'Alphanumeric' | 'Byte' | 'Kanji'
export interface Mode<TModeId extends ModeId = ModeId> {
  id: TModeId
  bit: number
  ccBits: readonly number[]
}

export interface DataSegment {
  getLength(): number
  getBitsLength(): number
}
export interface NumericData extends DataSegment {
  mode: Mode<'Numeric'>
  data: string
}
export interface AlphanumericData extends DataSegment {
  mode: Mode<'Alphanumeric'>
  data: string
}
export interface ByteData extends DataSegment {
  mode: Mode<'Byte'>
  data: Uint8Array
}
export interface KanjiData extends DataSegment {
  mode: Mode<'Kanji'>
  data: string
}
export type GeneratedQRCodeSegment = NumericData | AlphanumericData | ByteData | KanjiData

export interface QRCode {
  modules: BitMatrix
  version: number
  errorCorrectionLevel: ErrorCorrectionLevel
  maskPattern: QRCodeMaskPattern | undefined
  /** The segments encoded: for a text, those qrcode's optimal split chose. */
  segments: GeneratedQRCodeSegment[]
}

export function create(text: QRCodeData, options?: QRCodeOptions): QRCode

/**
 * A 2D canvas: a browser's `HTMLCanvasElement`, an `@napi-rs/canvas` or
 * node-canvas `Canvas` — anything `toCanvas` can draw on.
 */
export interface QRCodeCanvas {
  width: number
  height: number
  getContext(contextId: '2d', ...rest: any[]): any
}

/**
 * Draws into `canvas` (resized to the image), or into a canvas made with
 * `document.createElement('canvas')` where there is a document; calls back
 * with the canvas, or resolves to it.
 */
export function toCanvas(text: QRCodeData, callback: (error: Error | null | undefined, canvas: QRCodeCanvas) => void): void
export function toCanvas(text: QRCodeData, options: QRCodeRenderersOptions, callback: (error: Error | null | undefined, canvas: QRCodeCanvas) => void): void
export function toCanvas(text: QRCodeData, options?: QRCodeRenderersOptions): Promise<QRCodeCanvas>
export function toCanvas<C extends QRCodeCanvas>(canvas: C, text: QRCodeData, callback: (error: Error | null | undefined, canvas: C) => void): void
export function toCanvas<C extends QRCodeCanvas>(canvas: C, text: QRCodeData, options?: QRCodeRenderersOptions): Promise<C>
export function toCanvas<C extends QRCodeCanvas>(canvas: C, text: QRCodeData, options: QRCodeRenderersOptions, callback: (error: Error | null | undefined, canvas: C) => void): void
// Last, as in `@types/qrcode`: a spy or a mock of a function is typed by its
// last overload (`jest.spyOn(QRCode, 'toCanvas').mockImplementation(…)`).
export function toCanvas(canvas: QRCodeCanvas, text: QRCodeData, options: QRCodeRenderersOptions, callback: (error: Error | null | undefined) => void): void

export function toDataURL(text: QRCodeData, callback: (error: Error | null | undefined, url: string) => void): void
export function toDataURL(text: QRCodeData, options?: QRCodeToDataURLOptions): Promise<string>
export function toDataURL(
  text: QRCodeData,
  options: QRCodeToDataURLOptions,
  callback: (error: Error | null | undefined, url: string) => void,
): void

/** With a callback, the string is also returned (as qrcode returns it). */
export function toString(text: QRCodeData, callback: (error: Error | null | undefined, string: string) => void): string
export function toString(text: QRCodeData, options?: QRCodeToStringOptions): Promise<string>
export function toString(
  text: QRCodeData,
  options: QRCodeToStringOptions,
  callback: (error: Error | null | undefined, string: string) => void,
): string
// Last, as in `@types/qrcode`: a spy or a mock of a function is typed by its
// last overload, and a spy on toString mocked to resolve a promise is a
// common test (`jest.spyOn(QRCode, 'toString').mockResolvedValue(…)`).
export function toString(
  text: QRCodeData,
  options: QRCodeToStringOptions,
  callback: (error: Error | null | undefined, string: string) => void,
): void

export function toFile(path: string, text: QRCodeData, callback: (error: Error | null | undefined) => void): void
export function toFile(path: string, text: QRCodeData, options?: QRCodeToFileOptions): Promise<void>
export function toFile(
  path: string,
  text: QRCodeData,
  options: QRCodeToFileOptions,
  callback: (error: Error | null | undefined) => void,
): void

/**
 * Writes the PNG into the stream. Errors are emitted on the stream; the call
 * returns nothing and calls no callback (`@types/qrcode` declares a promise
 * and a callback, which qrcode has neither of: they are accepted here so
 * that code typed against it compiles, and behave as in qrcode).
 */
export function toFileStream(stream: Writable, text: QRCodeData, callback: (error: Error | null | undefined) => void): void
export function toFileStream(stream: Writable, text: QRCodeData, options?: QRCodeToFileStreamOptions): Promise<void>
export function toFileStream(
  stream: Writable,
  text: QRCodeData,
  options: QRCodeToFileStreamOptions,
  callback: (error: Error | null | undefined) => void,
): void

export function toBuffer(text: QRCodeData, callback: (error: Error | null | undefined, buffer: Buffer) => void): void
export function toBuffer(text: QRCodeData, options?: QRCodeToBufferOptions): Promise<Buffer>
export function toBuffer(
  text: QRCodeData,
  options: QRCodeToBufferOptions,
  callback: (error: Error | null | undefined, buffer: Buffer) => void,
): void
