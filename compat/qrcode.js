'use strict'

// Drop-in for the server side of `qrcode` 1.5 (`require('qrcode')`): the same
// exports, the same callback-or-promise calling conventions, the same option
// handling — including where qrcode silently falls back to a default, and
// where its handling is a bug — and the same error messages. The symbols and
// renderings come from totp-native's QR engine, which draws module for
// module what qrcode draws; `qrcode/symbol.js` asks it for qrcode's symbol
// (segments, Kanji mode, `create`'s result), `qrcode/strings.js` for its
// SVG, utf8 and terminal strings.

const fs = require('node:fs')
const { qr } = require('..')
const { create, request, engine, unsupported } = require('./qrcode/symbol')
const strings = require('./qrcode/strings')

// --- qrcode's calling convention (server.js) ---------------------------------

/** `can-promise`. */
const canPromise = () => typeof Promise === 'function' && Promise.prototype && Promise.prototype.then

/**
 * `checkParams`: `(text, cb)`, `(text, opts, cb)` or, without a callback, a
 * promise (with `opts` in the callback's place).
 */
function checkParams(text, opts, cb) {
  if (typeof text === 'undefined') throw new Error('String required as first argument')
  if (typeof cb === 'undefined') {
    cb = opts
    opts = {}
  }
  if (typeof cb !== 'function') {
    if (!canPromise()) throw new Error('Callback required as last argument')
    opts = cb || {}
    cb = null
  }
  return { opts, cb }
}

/**
 * `render` for the renderers that draw at once (strings, and the files made
 * of them): `draw` makes the output, `deliver(output, cb)` hands it over —
 * by default by calling `cb(null, output)` and returning the output. With a
 * callback everything happens before the call returns, errors included (and
 * a callback that throws is called again with its own error, as in qrcode);
 * without one, a promise.
 */
function renderNow(draw, params, deliver = (output, cb) => (cb(null, output), output)) {
  if (!params.cb) {
    return new Promise((resolve, reject) => {
      try {
        deliver(draw(), (error, output) => (error ? reject(error) : resolve(output)))
      } catch (error) {
        reject(error)
      }
    })
  }
  try {
    return deliver(draw(), params.cb)
  } catch (error) {
    params.cb(error)
  }
}

/** `getStringRendererFromType`. */
function stringRenderer(type) {
  if (type === 'svg') return strings.svg
  if (type === 'terminal') return strings.terminal
  return strings.utf8
}

// --- PNG ---------------------------------------------------------------------

/**
 * qrcode's colour rule for the PNG renderer: a number is read as its decimal
 * digits; the first '#' anywhere is dropped; 3, 4, 6 or 8 digits.
 */
function colorOf(value, fallback) {
  const given = value || fallback
  const hex = typeof given === 'number' ? given.toString() : given
  if (typeof hex !== 'string') throw new Error('Color should be defined as hex string')
  const digits = hex.replace('#', '')
  if (digits.length < 3 || digits.length === 5 || digits.length > 8) throw new Error('Invalid hex color: ' + hex)
  if (digits.length === 7 || !/^[0-9a-fA-F]+$/.test(digits)) {
    throw unsupported(`the colour ${JSON.stringify(hex)} in a PNG: use 3, 4, 6 or 8 hex digits`)
  }
  return digits
}

/** qrcode's PNG options (`getOptions`), for the engine. */
function pngOptions(options) {
  if (!options.color) options.color = {}
  const margin = options.margin === undefined || options.margin === null || options.margin < 0 ? 4 : +options.margin
  if (!Number.isInteger(margin)) throw unsupported(`the margin ${String(margin)} in a PNG: use a whole number of modules`)
  const width = options.width && options.width >= 21 ? +options.width : undefined
  return {
    margin,
    width,
    scale: width ? 4 : +options.scale || 4,
    color: { dark: colorOf(options.color.dark, '#000000ff'), light: colorOf(options.color.light, '#ffffffff') },
  }
}

/**
 * An image: qrcode makes the symbol (data errors go to the callback at
 * once), reads the options (theirs too), and calls back later with the
 * image, drawn here on the libuv pool.
 */
function renderImage(pooled, text, params) {
  const draw = () => {
    const asked = request(text, params.opts)
    let options
    try {
      options = pngOptions(params.opts)
    } catch (optionError) {
      engine(qr.create, asked)
      throw optionError
    }
    // Checked at once, drawn later.
    engine(qr.create, asked)
    return engine(pooled, asked, options)
  }
  if (!params.cb) {
    return new Promise((resolve) => resolve(draw()))
  }
  let image
  try {
    image = draw()
  } catch (error) {
    params.cb(error)
    return undefined
  }
  image.then(
    (output) => params.cb(null, output),
    (error) => params.cb(error),
  )
  return undefined
}

/**
 * `getRendererFromType` for images: qrcode's SVG and utf8 renderers have no
 * data URL or buffer form, so with those types the call fails with the
 * TypeError of calling undefined.
 */
function imageRenderer(type, pooled) {
  if (type === 'svg' || type === 'txt' || type === 'utf8') {
    return () => {
      throw new TypeError('renderFunc is not a function')
    }
  }
  return pooled
}

function runImage(pooled, text, params) {
  if (pooled !== qr.toBuffer && pooled !== qr.toDataURL) {
    return renderNow(() => {
      request(text, params.opts)
      return pooled()
    }, params)
  }
  return renderImage(pooled, text, params)
}

// --- The exports ---------------------------------------------------------------

function toString(text, opts, cb) {
  const params = checkParams(text, opts, cb)
  const type = params.opts ? params.opts.type : undefined
  const renderer = stringRenderer(type)
  return renderNow(() => strings.draw(renderer, text, params.opts), params)
}

function toDataURL(text, opts, cb) {
  const params = checkParams(text, opts, cb)
  return runImage(imageRenderer(params.opts.type, qr.toDataURL), text, params)
}

function toBuffer(text, opts, cb) {
  const params = checkParams(text, opts, cb)
  return runImage(imageRenderer(params.opts.type, qr.toBuffer), text, params)
}

const SVG_PROLOG =
  '<?xml version="1.0" encoding="utf-8"?>' +
  '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'

/** `getTypeFromFilename`: the text after the last dot, lower-cased (none for a dot in first place). */
function typeFromFilename(path) {
  return path.slice(((path.lastIndexOf('.') - 1) >>> 0) + 2).toLowerCase()
}

/** A string file (SVG or utf8): drawn at once, then written with `fs.writeFile`. */
function writeString(path, draw, params) {
  return renderNow(draw, params, (contents, cb) => {
    fs.writeFile(path, contents, cb)
  })
}

function toFile(path, text, opts, cb) {
  if (typeof path !== 'string' || !(typeof text === 'string' || typeof text === 'object')) {
    throw new Error('Invalid argument')
  }
  if (arguments.length < 3 && !canPromise()) throw new Error('Too few arguments provided')
  const params = checkParams(text, opts, cb)
  const type = params.opts.type || typeFromFilename(path)
  if (type === 'svg') return writeString(path, () => SVG_PROLOG + strings.draw(strings.svg, text, params.opts), params)
  if (type === 'txt' || type === 'utf8') return writeString(path, () => strings.draw(strings.utf8, text, params.opts), params)
  const written = new Promise((resolve, reject) => {
    renderImage(qr.toBuffer, text, {
      opts: params.opts,
      cb: (error, png) => (error ? reject(error) : fs.writeFile(path, png, (error) => (error ? reject(error) : resolve()))),
    })
  })
  if (!params.cb) return written
  written.then(
    () => params.cb(null),
    (error) => params.cb(error),
  )
  return undefined
}

function toFileStream(stream, text, opts) {
  if (arguments.length < 2) throw new Error('Too few arguments provided')
  const params = checkParams(text, opts, stream.emit.bind(stream, 'error'))
  let png
  try {
    const asked = request(text, params.opts)
    png = engine(qr.toBufferSync, asked, pngOptions(params.opts || {}))
  } catch (error) {
    params.cb(error)
    return
  }
  stream.end(png)
}

function toCanvas() {
  throw unsupported('toCanvas: it draws on a browser canvas; on the server use toDataURL, toBuffer or toString')
}

module.exports = { create, toCanvas, toString, toDataURL, toBuffer, toFile, toFileStream }
