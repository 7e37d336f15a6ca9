'use strict'

// The `qr` namespace: QR codes drawn module for module as the `qrcode` npm
// package (1.5.4) draws them, with its option names and defaults. This file
// only shapes the API: it reads the options through the one options checker
// (lib/options.js), flattens `color` for the binding, and makes the
// promises. The binding checks every type, the Rust core (src/qr) every
// value, applies every default and draws every image; the promise-returning
// calls render on the libuv thread pool, so an enrollment route never
// blocks the event loop.

const fs = require('node:fs')
const native = require('./native')
const { options, typeError } = require('./options')

/**
 * What any QR call may be given; each call's own options type is narrower.
 * @typedef {import('./qr').QrRenderOptions & { small?: boolean, inverse?: boolean, type?: string }} QrOptions
 */

/** @typedef {import('./qr').QrData} QrData */

const CODE = 'ERR_QR_INVALID_OPTION'

/**
 * The options for the binding, with `color.dark`/`color.light` flattened;
 * `undefined` without options, so every default applies in the core.
 *
 * @param {QrOptions | null | undefined} opts
 * @returns {import('../binding').QrArgs | undefined}
 */
function nativeOptions(opts) {
  if (opts === undefined || opts === null) return undefined
  const o = options(opts, CODE)
  const color = options(o.color, CODE, 'option "color"')
  return {
    errorCorrectionLevel: o.errorCorrectionLevel,
    version: o.version,
    maskPattern: o.maskPattern,
    margin: o.margin,
    scale: o.scale,
    width: o.width,
    dark: color.dark,
    light: color.light,
    small: o.small,
    inverse: o.inverse,
    type: o.type,
    toSJISFunc: o.toSJISFunc,
  }
}

/**
 * Runs a native render on the thread pool. Argument errors (thrown before
 * the work is queued) and rendering errors both reject the promise.
 *
 * @template T
 * @param {() => Promise<T>} render
 * @returns {Promise<T>}
 */
async function pooled(render) {
  try {
    return await render()
  } catch (error) {
    throw native.inThisRealm(error)
  }
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrSymbolOptions} [opts]
 */
function create(text, opts) {
  const options = nativeOptions(opts)
  const { version, errorCorrectionLevel, maskPattern, size, modules } = native.qrCreate(text, options)
  // The segments as JS objects cost a fifth of the call: made when first
  // read, from the same text and options (a string cannot change since; a
  // segment list could, so its segments are made at once).
  /** @type {import('../binding').QrSegmentOutput[] | undefined} */
  let segments = typeof text === 'string' ? undefined : native.qrSegments(text, options)
  return {
    version,
    errorCorrectionLevel,
    maskPattern,
    size,
    modules,
    get segments() {
      return (segments ??= native.qrSegments(text, options))
    },
    set segments(value) {
      segments = value
    },
  }
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrImageOptions} [opts]
 */
function toDataURL(text, opts) {
  return pooled(() => native.qrToDataUrlAsync(text, nativeOptions(opts)))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrImageOptions} [opts]
 */
function toDataURLSync(text, opts) {
  return native.qrToDataUrl(text, nativeOptions(opts))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrImageOptions} [opts]
 */
function toBuffer(text, opts) {
  return pooled(() => native.qrToBufferAsync(text, nativeOptions(opts)))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrImageOptions} [opts]
 */
function toBufferSync(text, opts) {
  return native.qrToBuffer(text, nativeOptions(opts))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrStringOptions} [opts]
 */
function toString(text, opts) {
  return pooled(() => native.qrToStringAsync(text, nativeOptions(opts)))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrStringOptions} [opts]
 */
function toStringSync(text, opts) {
  return native.qrToString(text, nativeOptions(opts))
}

/**
 * @param {string} path
 * @param {QrData} text
 * @param {import('./qr').QrFileOptions} [opts]
 * @returns {Promise<void>}
 */
async function toFile(path, text, opts) {
  if (typeof path !== 'string' || path === '') throw typeError('path', 'a non-empty string', path, CODE)
  const contents = await pooled(() => native.qrFileContentsAsync(path, text, nativeOptions(opts)))
  await fs.promises.writeFile(path, contents)
}

/**
 * The Shift JIS code Kanji mode uses for `character` (one character), else
 * undefined: the `toSJISFunc` for Kanji mode.
 *
 * @param {string} character
 * @returns {number | undefined}
 */
function toSJIS(character) {
  return native.qrToSjis(character) ?? undefined
}

/**
 * Which modules of a `version` symbol are function patterns, format or
 * version information (1) or data (0).
 *
 * @param {number} version
 */
function reservedModules(version) {
  return native.qrReservedModules(version)
}

module.exports = {
  create,
  reservedModules,
  toSJIS,
  toDataURL,
  toDataURLSync,
  toBuffer,
  toBufferSync,
  toString,
  toStringSync,
  toFile,
}
