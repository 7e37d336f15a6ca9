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

const CODE = 'ERR_QR_INVALID_OPTION'

/**
 * The options as the binding takes them: positional arguments after the
 * text, in the order of `QrArgs` in binding.d.ts, with `color` flattened.
 * None without options, so every default applies in the core.
 *
 * @param {QrOptions | null | undefined} opts
 * @returns {QrArguments}
 */
function nativeOptions(opts) {
  if (opts === undefined || opts === null) return []
  const o = options(opts, CODE)
  const color = options(o.color, CODE, 'option "color"')
  return [
    o.errorCorrectionLevel,
    o.version,
    o.maskPattern,
    o.margin,
    o.scale,
    o.width,
    color.dark,
    color.light,
    o.small,
    o.inverse,
    o.type,
  ]
}

/**
 * @typedef {[
 *   errorCorrectionLevel?: string,
 *   version?: number,
 *   maskPattern?: number,
 *   margin?: number,
 *   scale?: number,
 *   width?: number,
 *   dark?: string,
 *   light?: string,
 *   small?: boolean,
 *   inverse?: boolean,
 *   type?: string,
 * ]} QrArguments
 */

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
 * @param {string} text
 * @param {import('./qr').QrSymbolOptions} [opts]
 */
function create(text, opts) {
  return native.qrCreate(text, ...nativeOptions(opts))
}

/**
 * @param {string} text
 * @param {import('./qr').QrImageOptions} [opts]
 */
function toDataURL(text, opts) {
  return pooled(() => native.qrToDataUrlAsync(text, ...nativeOptions(opts)))
}

/**
 * @param {string} text
 * @param {import('./qr').QrImageOptions} [opts]
 */
function toDataURLSync(text, opts) {
  return native.qrToDataUrl(text, ...nativeOptions(opts))
}

/**
 * @param {string} text
 * @param {import('./qr').QrImageOptions} [opts]
 */
function toBuffer(text, opts) {
  return pooled(() => native.qrToBufferAsync(text, ...nativeOptions(opts)))
}

/**
 * @param {string} text
 * @param {import('./qr').QrImageOptions} [opts]
 */
function toBufferSync(text, opts) {
  return native.qrToBuffer(text, ...nativeOptions(opts))
}

/**
 * @param {string} text
 * @param {import('./qr').QrStringOptions} [opts]
 */
function toString(text, opts) {
  return pooled(() => native.qrToStringAsync(text, ...nativeOptions(opts)))
}

/**
 * @param {string} text
 * @param {import('./qr').QrStringOptions} [opts]
 */
function toStringSync(text, opts) {
  return native.qrToString(text, ...nativeOptions(opts))
}

/**
 * @param {string} path
 * @param {string} text
 * @param {import('./qr').QrFileOptions} [opts]
 * @returns {Promise<void>}
 */
async function toFile(path, text, opts) {
  if (typeof path !== 'string' || path === '') throw typeError('path', 'a non-empty string', path, CODE)
  const contents = await pooled(() => native.qrFileContentsAsync(path, text, ...nativeOptions(opts)))
  await fs.promises.writeFile(path, contents)
}

module.exports = {
  create,
  toDataURL,
  toDataURLSync,
  toBuffer,
  toBufferSync,
  toString,
  toStringSync,
  toFile,
}
