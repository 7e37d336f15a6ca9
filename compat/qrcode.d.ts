// The types `qrcode` users have today (from @types/qrcode), for the server
// side of qrcode 1.5, so code written against it type-checks unchanged.

/// <reference types="node" />

import type { Writable } from 'node:stream'

export type QRCodeErrorCorrectionLevel = 'low' | 'medium' | 'quartile' | 'high' | 'L' | 'M' | 'Q' | 'H'
export type QRCodeMaskPattern = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7
export type QRCodeToSJISFunc = (codePoint: string) => number

export interface QRCodeOptions {
  /** 1 to 40; anything else means the smallest that fits. @default automatic */
  version?: number
  /** An unknown level means M, as in qrcode. @default 'M' */
  errorCorrectionLevel?: QRCodeErrorCorrectionLevel
  /** 0 to 7; anything else means the lowest-penalty mask. @default automatic */
  maskPattern?: QRCodeMaskPattern
  /** Kanji mode: not supported by this module (an error with code `ERR_QR_COMPAT_UNSUPPORTED`). */
  toSJISFunc?: QRCodeToSJISFunc
}

export interface QRCodeRenderersOptions extends QRCodeOptions {
  /** Quiet zone in modules; null or negative means 4. @default 4 */
  margin?: number
  /** Pixels per module; 0 means 4. @default 4 */
  scale?: number
  /** Image width in pixels; used when at least 21, and then takes precedence over `scale`. */
  width?: number
  color?: {
    /** Hex RGB(A), 3, 4, 6 or 8 digits. @default '#000000ff' */
    dark?: string
    /** @default '#ffffffff' */
    light?: string
  }
}

export interface QRCodeToDataURLOptions extends QRCodeRenderersOptions {
  /** Always PNG on the server, as in qrcode. @default 'image/png' */
  type?: 'image/png' | 'image/jpeg' | 'image/webp'
  rendererOpts?: { quality?: number }
}

export interface QRCodeToStringOptions extends QRCodeRenderersOptions {
  /** @default 'utf8' */
  type?: 'utf8' | 'svg' | 'terminal'
  /** `terminal` only: half blocks. @default false */
  small?: boolean
}

export interface QRCodeToFileOptions extends QRCodeRenderersOptions {
  /** Default: by the file's extension (`.svg`, `.txt`; PNG otherwise). */
  type?: 'png' | 'svg' | 'utf8'
  rendererOpts?: { deflateLevel?: number; deflateStrategy?: number }
}

export interface QRCodeToFileStreamOptions extends QRCodeRenderersOptions {
  type?: 'png'
  rendererOpts?: { deflateLevel?: number; deflateStrategy?: number }
}

export interface QRCodeToBufferOptions extends QRCodeRenderersOptions {
  type?: 'png'
  rendererOpts?: { deflateLevel?: number; deflateStrategy?: number }
}

export interface BitMatrix {
  /** Modules a side. */
  size: number
  /** `size × size` modules, row by row: 1 dark, 0 light. */
  data: Uint8Array
  get(row: number, col: number): number
}

export interface QRCode {
  modules: BitMatrix
  version: number
  errorCorrectionLevel: { bit: number }
  maskPattern: number
}

export function create(text: string, options?: QRCodeOptions): QRCode

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
export function toCanvas<C extends QRCodeCanvas>(canvas: C, text: string, callback: (error: Error | null | undefined, canvas: C) => void): void
export function toCanvas<C extends QRCodeCanvas>(canvas: C, text: string, options: QRCodeRenderersOptions, callback: (error: Error | null | undefined, canvas: C) => void): void
export function toCanvas<C extends QRCodeCanvas>(canvas: C, text: string, options?: QRCodeRenderersOptions): Promise<C>
export function toCanvas(text: string, callback: (error: Error | null | undefined, canvas: QRCodeCanvas) => void): void
export function toCanvas(text: string, options: QRCodeRenderersOptions, callback: (error: Error | null | undefined, canvas: QRCodeCanvas) => void): void
export function toCanvas(text: string, options?: QRCodeRenderersOptions): Promise<QRCodeCanvas>

export function toDataURL(text: string, callback: (error: Error | null | undefined, url: string) => void): void
export function toDataURL(text: string, options: QRCodeToDataURLOptions, callback: (error: Error | null | undefined, url: string) => void): void
export function toDataURL(text: string, options?: QRCodeToDataURLOptions): Promise<string>

export function toString(text: string, callback: (error: Error | null | undefined, string: string) => void): string
export function toString(text: string, options: QRCodeToStringOptions, callback: (error: Error | null | undefined, string: string) => void): string
export function toString(text: string, options?: QRCodeToStringOptions): Promise<string>

export function toBuffer(text: string, callback: (error: Error | null | undefined, buffer: Buffer) => void): void
export function toBuffer(text: string, options: QRCodeToBufferOptions, callback: (error: Error | null | undefined, buffer: Buffer) => void): void
export function toBuffer(text: string, options?: QRCodeToBufferOptions): Promise<Buffer>

export function toFile(path: string, text: string, callback: (error: Error | null | undefined) => void): void
export function toFile(path: string, text: string, options: QRCodeToFileOptions, callback: (error: Error | null | undefined) => void): void
export function toFile(path: string, text: string, options?: QRCodeToFileOptions): Promise<void>

export function toFileStream(stream: Writable, text: string, options?: QRCodeToFileStreamOptions): void
