'use strict'

// The `qr` namespace: QR codes drawn module for module as the `qrcode` npm
// package (1.5.4) draws them, with its option names and defaults. This file
// only shapes the API: it checks types (a wrong type is a TypeError with code
// ERR_QR_INVALID_OPTION), flattens the options for the binding, and makes the
// promises. Every value is checked, every default applied and every image
// drawn by the Rust core (src/qr); the promise-returning calls render on the
// libuv thread pool, so an enrollment route never blocks the event loop.

const fs = require('node:fs')
const native = require('./native')
const { typeError } = require('./args')

const CODE = 'ERR_QR_INVALID_OPTION'

function checkText(text) {
  if (typeof text === 'string') return text
  throw typeError('text', 'a string', text, CODE)
}

function optional(opts, name, type, argument = `option "${name}"`) {
  const value = opts[name]
  if (value === undefined || value === null) return undefined
  if (typeof value === type) return value
  throw typeError(argument, `a ${type}`, value, CODE)
}

/**
 * The options object flattened for the binding: `undefined` where the user
 * gave nothing (or null), so that `qrcode`'s default applies in the core.
 */
function nativeOptions(opts) {
  if (opts === undefined || opts === null) return undefined
  if (typeof opts !== 'object' || Array.isArray(opts)) throw typeError('options', 'an object', opts, CODE)
  const color = opts.color
  if (color !== undefined && color !== null && (typeof color !== 'object' || Array.isArray(color))) {
    throw typeError('option "color"', 'an object with dark and light', color, CODE)
  }
  const colors = color || {}
  return {
    errorCorrectionLevel: optional(opts, 'errorCorrectionLevel', 'string'),
    version: optional(opts, 'version', 'number'),
    maskPattern: optional(opts, 'maskPattern', 'number'),
    margin: optional(opts, 'margin', 'number'),
    scale: optional(opts, 'scale', 'number'),
    width: optional(opts, 'width', 'number'),
    dark: optional(colors, 'dark', 'string', 'option "color.dark"'),
    light: optional(colors, 'light', 'string', 'option "color.light"'),
    small: optional(opts, 'small', 'boolean'),
    inverse: optional(opts, 'inverse', 'boolean'),
    type: optional(opts, 'type', 'string'),
  }
}

/**
 * Runs a native render on the thread pool. Argument errors (thrown before
 * the work is queued) and rendering errors both reject the promise.
 */
async function pooled(render, ...input) {
  try {
    return await render(...input)
  } catch (error) {
    throw native.inThisRealm(error)
  }
}

function create(text, opts) {
  return native.qrCreate(checkText(text), nativeOptions(opts))
}

async function toDataURL(text, opts) {
  return pooled(native.qrToDataUrlAsync, checkText(text), nativeOptions(opts))
}

function toDataURLSync(text, opts) {
  return native.qrToDataUrl(checkText(text), nativeOptions(opts))
}

async function toBuffer(text, opts) {
  return pooled(native.qrToBufferAsync, checkText(text), nativeOptions(opts))
}

function toBufferSync(text, opts) {
  return native.qrToBuffer(checkText(text), nativeOptions(opts))
}

async function toString(text, opts) {
  return pooled(native.qrToStringAsync, checkText(text), nativeOptions(opts))
}

function toStringSync(text, opts) {
  return native.qrToString(checkText(text), nativeOptions(opts))
}

async function toFile(path, text, opts) {
  if (typeof path !== 'string' || path === '') throw typeError('path', 'a non-empty string', path, CODE)
  const contents = await pooled(native.qrFileContentsAsync, path, checkText(text), nativeOptions(opts))
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
