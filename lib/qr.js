'use strict'

// The `qr` namespace: QR codes drawn module for module as the `qrcode` npm
// package (1.5.4) draws them, with its option names and defaults. This file
// only shapes the API: it checks types (a wrong type is a TypeError with code
// ERR_QR_INVALID_OPTION), flattens the options for the binding, and makes the
// promises. Every value is checked, every default applied and every image
// drawn by the Rust core (src/qr); the promise-returning calls render on the
// libuv thread pool, so an enrollment route never blocks the event loop.

const fs = require('node:fs')
const { isUint8Array, isUint8ClampedArray } = require('node:util').types
const native = require('./native')
const { typeError } = require('./args')

const CODE = 'ERR_QR_INVALID_OPTION'

/**
 * What to encode: a string, or an array of segments (strings, or
 * `{ data, mode }` with data a string or bytes), passed to the binding as
 * `{ data, mode }` objects with bytes as a Uint8Array.
 */
function checkText(text) {
  if (typeof text === 'string') return text
  if (Array.isArray(text)) return text.map(checkSegment)
  throw typeError('text', 'a string or an array of segments', text, CODE)
}

function checkSegment(segment, index) {
  const argument = `text[${index}]`
  if (typeof segment === 'string') return { data: segment }
  if (segment === null || typeof segment !== 'object') {
    throw typeError(argument, 'a string or { data, mode }', segment, CODE)
  }
  const { data, mode } = segment
  if (mode !== undefined && typeof mode !== 'string') throw typeError(`${argument}.mode`, 'a string', mode, CODE)
  if (typeof data === 'string') return { data, mode }
  if (isUint8Array(data) || isUint8ClampedArray(data)) {
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), mode }
  }
  throw typeError(`${argument}.data`, 'a string, a Buffer or a Uint8Array', data, CODE)
}

/**
 * `toSJISFunc`, as the binding calls it: for each character of a Kanji
 * segment, its Shift JIS code or undefined.
 */
function shiftJis(opts) {
  const convert = opts === undefined || opts === null ? undefined : opts.toSJISFunc
  if (convert === undefined || convert === null) return undefined
  if (typeof convert !== 'function') throw typeError('option "toSJISFunc"', 'a function', convert, CODE)
  return function toSJIS(character) {
    const code = convert(character)
    if (code === undefined || code === null || typeof code === 'number') return code
    throw typeError(`toSJISFunc(${JSON.stringify(character)})`, 'a number or undefined', code, CODE)
  }
}

/** `qr.toSJIS`: the Shift JIS code of a character Kanji mode holds. */
function toSJIS(character) {
  if (typeof character !== 'string') throw typeError('character', 'a string', character, CODE)
  return native.qrToSjis(character) ?? undefined
}

/** `qr.reservedModules`: where a version's function patterns are. */
function reservedModules(version) {
  if (typeof version !== 'number') throw typeError('version', 'a number', version, CODE)
  return native.qrReservedModules(version)
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
  return native.qrCreate(checkText(text), nativeOptions(opts), shiftJis(opts))
}

async function toDataURL(text, opts) {
  return pooled(native.qrToDataUrlAsync, checkText(text), nativeOptions(opts), shiftJis(opts))
}

function toDataURLSync(text, opts) {
  return native.qrToDataUrl(checkText(text), nativeOptions(opts), shiftJis(opts))
}

async function toBuffer(text, opts) {
  return pooled(native.qrToBufferAsync, checkText(text), nativeOptions(opts), shiftJis(opts))
}

function toBufferSync(text, opts) {
  return native.qrToBuffer(checkText(text), nativeOptions(opts), shiftJis(opts))
}

async function toString(text, opts) {
  return pooled(native.qrToStringAsync, checkText(text), nativeOptions(opts), shiftJis(opts))
}

function toStringSync(text, opts) {
  return native.qrToString(checkText(text), nativeOptions(opts), shiftJis(opts))
}

async function toFile(path, text, opts) {
  if (typeof path !== 'string' || path === '') throw typeError('path', 'a non-empty string', path, CODE)
  const contents = await pooled(native.qrFileContentsAsync, path, checkText(text), nativeOptions(opts), shiftJis(opts))
  await fs.promises.writeFile(path, contents)
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
