'use strict'

// Drop-in for the server side of `qrcode` 1.5 (`require('qrcode')`): the same
// exports, the same callback-or-promise calling conventions, the same option
// handling — including where qrcode silently falls back to a default — and
// the same error messages. The symbols and renderings come from totp-native's
// QR engine, which draws module for module what qrcode draws; this file only
// translates qrcode's lenient options into the engine's strict ones.
//
// Where qrcode would draw something meaningless (a colour with non-hex digits
// or seven digits, a fractional or non-numeric margin) or allocate without
// bound (an image of a million pixels a side), this module throws a clear
// error instead. Segment arrays and Kanji mode (`toSJISFunc`) are not
// supported, and say so.

const fs = require('node:fs')
const qr = require('../lib/qr')
const png = require('./qrcode/png')

const NOT_SUPPORTED = 'ERR_QR_COMPAT_UNSUPPORTED'

function unsupported(what) {
  const error = new Error(`totp-native/compat/qrcode does not support ${what}`)
  error.code = NOT_SUPPORTED
  return error
}

// --- Symbol options: qrcode's fallbacks, made explicit -------------------

const LEVEL_BY_NAME = { l: 'L', low: 'L', m: 'M', medium: 'M', q: 'Q', quartile: 'Q', h: 'H', high: 'H' }

/**
 * An unknown or malformed level is M, as in qrcode. An object with a `bit`
 * passes qrcode's check but is not one of its own level objects, which its
 * capacity tables are keyed by: every text is then "too big" there.
 */
function levelOf(value) {
  if (value && value.bit !== undefined && value.bit >= 0 && value.bit < 4) throw tooBig()
  if (typeof value === 'string') return LEVEL_BY_NAME[value.toLowerCase()] || 'M'
  return 'M'
}

const tooBig = () => new Error('The amount of data is too big to be stored in a QR Code')

/** A version outside 1–40 (or not a number) means "choose", as in qrcode; 7.9 is 7. */
function versionOf(value) {
  // The loose comparisons are qrcode's: '5' and [5] are versions there.
  const version = !isNaN(value) && value >= 1 && value <= 40 ? parseInt(value, 10) : undefined
  return version || undefined
}

/** A mask outside 0–7 (or not a number) means "choose", as in qrcode. */
function maskOf(value) {
  const mask = value != null && value !== '' && !isNaN(value) && value >= 0 && value <= 7 ? parseInt(value, 10) : NaN
  return Number.isNaN(mask) ? undefined : mask
}

function symbolOptions(options) {
  if (typeof options === 'undefined') return undefined
  // Read in qrcode's order, so that null options fail with its TypeError.
  const symbol = {
    errorCorrectionLevel: levelOf(options.errorCorrectionLevel),
    version: versionOf(options.version),
    maskPattern: maskOf(options.maskPattern),
  }
  if (options.toSJISFunc) throw unsupported('Kanji mode (toSJISFunc)')
  return symbol
}

function checkData(text) {
  if (typeof text === 'undefined' || text === '') throw new Error('No input text')
  if (Array.isArray(text)) throw unsupported('segment arrays as data: pass the text as a string')
  if (typeof text !== 'string') throw new Error('Invalid data')
}

/** The engine's errors, reworded as qrcode words them. */
function asQrcodeError(error) {
  if (error && error.code === 'ERR_QR_DATA_TOO_LONG') {
    const minimum = /minimum version for this text is (\d+)/.exec(error.message)
    if (minimum) {
      return new Error(
        '\nThe chosen QR Code version cannot contain this amount of data.\n' +
          `Minimum version required to store current data is: ${minimum[1]}.\n`,
      )
    }
    return tooBig()
  }
  return error
}

// --- Rendering options ----------------------------------------------------

/**
 * qrcode's colour rule: a number is read as its decimal digits; the first
 * '#' anywhere is dropped; 3, 4, 6 or 8 digits. Returns the digits for the
 * engine, which keeps their case (qrcode writes them into SVG as given).
 */
function colorOf(value, fallback) {
  const given = value || fallback
  const hex = typeof given === 'number' ? given.toString() : given
  if (typeof hex !== 'string') throw new Error('Color should be defined as hex string')
  const digits = hex.replace('#', '')
  if (digits.length < 3 || digits.length === 5 || digits.length > 8) throw new Error('Invalid hex color: ' + hex)
  if (digits.length === 7 || !/^[0-9a-fA-F]+$/.test(digits)) {
    throw unsupported(`the colour ${JSON.stringify(hex)}: use 3, 4, 6 or 8 hex digits`)
  }
  return digits
}

/** qrcode's renderer options (`getOptions`), for the engine. */
function renderOptions(options, symbol) {
  // qrcode gives the caller's options object a `color` when it has none.
  if (!options.color) options.color = {}
  const margin = options.margin === undefined || options.margin === null || options.margin < 0 ? 4 : options.margin
  if (typeof margin !== 'number' || !Number.isInteger(margin)) {
    throw unsupported(`the margin ${String(margin)}: use a whole number of modules`)
  }
  const width = options.width && options.width >= 21 ? options.width : undefined
  return {
    ...symbol,
    margin,
    width,
    scale: width ? 4 : options.scale || 4,
    color: { dark: colorOf(options.color.dark, '#000000ff'), light: colorOf(options.color.light, '#ffffffff') },
  }
}

function terminalOptions(options, symbol) {
  // qrcode's terminal renderers ignore margin, size and colours.
  return { ...symbol, type: 'terminal', small: Boolean(options && options.small), inverse: Boolean(options && options.inverse) }
}

// --- Renderings: each is (text, options) → options for a lib/qr call -----

const RENDERINGS = {
  svg: { sync: qr.toStringSync, pooled: qr.toString, options: (o, s) => ({ ...renderOptions(o, s), type: 'svg' }), string: true },
  utf8: {
    sync: qr.toStringSync,
    pooled: qr.toString,
    string: true,
    options(o, s) {
      const options = { ...renderOptions(o, s), type: 'utf8' }
      // qrcode builds margin/2 blank lines with Array(margin / 2 + 1): an odd
      // margin throws there.
      if (options.margin % 2 === 1) throw new RangeError('Invalid array length')
      return options
    },
  },
  terminal: { sync: qr.toStringSync, pooled: qr.toString, options: (o, s) => terminalOptions(o, s), string: true },
}

/**
 * The engine's options for one call. qrcode makes the symbol before it reads
 * the rendering options, so a data error wins over an option error.
 */
function engineOptions(rendering, text, options) {
  checkData(text)
  const symbol = symbolOptions(options)
  try {
    return rendering.options(options || {}, symbol)
  } catch (optionError) {
    try {
      qr.create(text, symbol)
    } catch (dataError) {
      throw asQrcodeError(dataError)
    }
    throw optionError
  }
}

function renderSync(rendering, text, options) {
  const engine = engineOptions(rendering, text, options)
  try {
    return rendering.sync(text, engine)
  } catch (error) {
    throw asQrcodeError(error)
  }
}

async function renderPooled(rendering, text, options) {
  const engine = engineOptions(rendering, text, options)
  try {
    return await rendering.pooled(text, engine)
  } catch (error) {
    throw asQrcodeError(error)
  }
}

/**
 * qrcode's calling convention: `(text, cb)`, `(text, opts, cb)` or, without a
 * callback, a promise (with `opts` in the callback's place).
 */
function callArguments(text, opts, cb) {
  if (typeof text === 'undefined') throw new Error('String required as first argument')
  if (typeof cb === 'undefined') {
    cb = opts
    opts = {}
  }
  if (typeof cb !== 'function') {
    opts = cb || {}
    cb = null
  }
  return { opts, cb }
}

/**
 * Runs a rendering the way qrcode does: a promise, or the callback — called
 * synchronously for string renderings (which then also return the string),
 * later for images.
 */
function run(rendering, text, { opts, cb }) {
  // Strings take microseconds: drawn on the calling thread, as qrcode draws
  // them, they skip the thread pool's round trip. Images go to the pool.
  if (!cb && rendering.string) return new Promise((resolve) => resolve(renderSync(rendering, text, opts)))
  if (!cb) return renderPooled(rendering, text, opts)
  if (rendering.string) {
    let result
    try {
      result = renderSync(rendering, text, opts)
    } catch (error) {
      cb(error)
      return undefined
    }
    cb(null, result)
    return result
  }
  renderPooled(rendering, text, opts).then(
    (result) => cb(null, result),
    (error) => cb(error),
  )
  return undefined
}

/**
 * The renderer qrcode picks for an image type (`getRendererFromType`): its
 * SVG and utf8 renderers have no data URL or buffer form, so with those
 * types the call fails with the TypeError of calling undefined.
 */
function imageRenderer(type) {
  return type === 'svg' || type === 'txt' || type === 'utf8' ? {} : png
}

/**
 * qrcode's `render` (server.js), which its PNG renderings go through: the
 * symbol is made first, and whatever fails while it is made or the image
 * begun goes to the callback at once, or rejects the promise.
 */
function renderWith(renderFunc, text, params) {
  if (!params.cb) {
    return new Promise((resolve, reject) => {
      try {
        const data = create(text, params.opts)
        return renderFunc(data, params.opts, (error, output) => (error ? reject(error) : resolve(output)))
      } catch (error) {
        reject(error)
      }
    })
  }
  try {
    const data = create(text, params.opts)
    return renderFunc(data, params.opts, params.cb)
  } catch (error) {
    params.cb(error)
  }
}

function stringRendering(type) {
  if (type === 'svg') return RENDERINGS.svg
  if (type === 'terminal') return RENDERINGS.terminal
  return RENDERINGS.utf8
}

// --- The exports ----------------------------------------------------------

/** The BitMatrix of qrcode's `create` result: `size`, `data`, `get`. */
class BitMatrix {
  constructor(size, data) {
    this.size = size
    this.data = data
  }

  get(row, col) {
    return this.data[row * this.size + col]
  }
}

const LEVEL_BITS = { L: 1, M: 0, Q: 3, H: 2 }

function create(text, options) {
  checkData(text)
  let symbol
  try {
    symbol = qr.create(text, symbolOptions(options))
  } catch (error) {
    throw asQrcodeError(error)
  }
  return {
    modules: new BitMatrix(symbol.size, symbol.modules),
    version: symbol.version,
    errorCorrectionLevel: { bit: LEVEL_BITS[symbol.errorCorrectionLevel] },
    maskPattern: symbol.maskPattern,
  }
}

function toString(text, opts, cb) {
  const call = callArguments(text, opts, cb)
  const type = call.opts ? call.opts.type : undefined
  return run(stringRendering(type), text, call)
}

function toDataURL(text, opts, cb) {
  const call = callArguments(text, opts, cb)
  return renderWith(imageRenderer(call.opts.type).renderToDataURL, text, call)
}

function toBuffer(text, opts, cb) {
  const call = callArguments(text, opts, cb)
  return renderWith(imageRenderer(call.opts.type).renderToBuffer, text, call)
}

const SVG_PROLOG =
  '<?xml version="1.0" encoding="utf-8"?>' +
  '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'

function fileRendering(type) {
  if (type === 'svg') return RENDERINGS.svg
  if (type === 'txt' || type === 'utf8') return RENDERINGS.utf8
  return undefined
}

function extensionOf(path) {
  const dot = path.lastIndexOf('.')
  return dot > 0 ? path.slice(dot + 1).toLowerCase() : ''
}

function toFile(path, text, opts, cb) {
  if (typeof path !== 'string' || !(typeof text === 'string' || typeof text === 'object')) {
    throw new Error('Invalid argument')
  }
  const call = callArguments(text, opts, cb)
  const rendering = fileRendering(call.opts.type || extensionOf(path))
  if (!rendering) return renderWith(png.renderToFile.bind(null, path), text, call)
  const contents = rendering === RENDERINGS.svg ? (svg) => SVG_PROLOG + svg : (contents) => contents
  const write = (data) => fs.promises.writeFile(path, data)
  const written = renderPooled(rendering, text, call.opts).then(contents).then(write)
  if (!call.cb) return written
  written.then(
    () => call.cb(null),
    (error) => call.cb(error),
  )
  return undefined
}

function toFileStream(stream, text, opts) {
  if (arguments.length < 2) throw new Error('Too few arguments provided')
  const call = callArguments(text, opts, stream.emit.bind(stream, 'error'))
  renderWith(png.renderToFileStream.bind(null, stream), text, call)
}

const { toCanvas } = require('./qrcode/canvas')(create)

module.exports = { create, toCanvas, toString, toDataURL, toBuffer, toFile, toFileStream }
