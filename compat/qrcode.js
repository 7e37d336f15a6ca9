'use strict'

// Drop-in for the server side of `qrcode` 1.5 (`require('qrcode')`): the same
// exports, the same callback-or-promise calling conventions, the same option
// handling — including where qrcode silently falls back to a default, and
// where its handling is a bug — and the same error messages. The symbols and
// renderings come from totp-native's QR engine, which draws module for
// module what qrcode draws; `qrcode/symbol.js` asks it for qrcode's symbol
// (segments, Kanji mode, `create`'s result), `qrcode/strings.js` for its
// SVG, utf8 and terminal strings, `qrcode/png.js` for its PNG files (byte
// for byte) and `qrcode/canvas.js` for its canvas.

const fs = require('fs')
const { create, symbolOf } = require('./qrcode/symbol')
const strings = require('./qrcode/strings')
const png = require('./qrcode/png')

/** @typedef {import('./qrcode/symbol').QrcodeSymbol} QrcodeSymbol */

/**
 * The caller's callback: qrcode calls it with an error, or with `null` and
 * the output.
 * @typedef {(error: unknown, output?: any) => void} Callback
 */

/**
 * The options as the caller gave them (anything: qrcode reads what it
 * finds), and the callback, or none for a promise.
 * @typedef {{ opts: any, cb: Callback | null }} Params
 */

/**
 * A PNG renderer: it takes the symbol and the options, and calls back.
 * @typedef {(qrData: QrcodeSymbol, options: any, cb: Callback) => unknown} ImageRender
 */

// --- qrcode's calling convention (server.js) ---------------------------------

/** `can-promise`. */
const canPromise = () => typeof Promise === 'function' && Promise.prototype && Promise.prototype.then

/**
 * `checkParams`: `(text, cb)`, `(text, opts, cb)` or, without a callback, a
 * promise (with `opts` in the callback's place).
 * @param {unknown} text
 * @param {any} opts
 * @param {any} cb
 * @returns {Params}
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
 * @template T
 * @param {() => T} draw
 * @param {Params} params
 * @param {(output: T, cb: Callback) => unknown} [deliver]
 */
function renderNow(
  draw,
  params,
  deliver = (output, cb) => {
    cb(null, output)
    return output
  },
) {
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

/**
 * `getStringRendererFromType`.
 * @param {unknown} type
 */
function stringRenderer(type) {
  if (type === 'svg') return strings.svg
  if (type === 'terminal') return strings.terminal
  return strings.utf8
}

// --- PNG ---------------------------------------------------------------------

/**
 * `render` for the PNG renderers, which take the symbol and call back (an
 * image, later; a failure while the symbol is made or the image begun, at
 * once). Without a callback, a promise.
 * @param {ImageRender} renderFunc
 * @param {unknown} text
 * @param {Params} params
 */
function render(renderFunc, text, params) {
  if (!params.cb) {
    return new Promise((resolve, reject) => {
      try {
        const data = symbolOf(text, params.opts)
        return renderFunc(data, params.opts, (error, output) => (error ? reject(error) : resolve(output)))
      } catch (error) {
        reject(error)
      }
    })
  }
  try {
    const data = symbolOf(text, params.opts)
    return renderFunc(data, params.opts, params.cb)
  } catch (error) {
    params.cb(error)
  }
}

/**
 * `getRendererFromType` for images: qrcode's SVG and utf8 renderers have no
 * data URL or buffer form, so with those types `render` fails with the
 * TypeError of calling undefined (so `{}` is typed as `png`: the call is
 * what fails, as there).
 * @param {unknown} type
 * @returns {typeof png}
 */
function imageRenderer(type) {
  return type === 'svg' || type === 'txt' || type === 'utf8' ? /** @type {typeof png} */ ({}) : png
}

// --- The exports ---------------------------------------------------------------

/**
 * @param {unknown} text
 * @param {any} [opts]
 * @param {any} [cb]
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: qrcode's export is named toString
function toString(text, opts, cb) {
  const params = checkParams(text, opts, cb)
  const type = params.opts ? params.opts.type : undefined
  const renderer = stringRenderer(type)
  return renderNow(() => strings.draw(renderer, text, params.opts), params)
}

/**
 * @param {unknown} text
 * @param {any} [opts]
 * @param {any} [cb]
 */
function toDataURL(text, opts, cb) {
  const params = checkParams(text, opts, cb)
  return render(imageRenderer(params.opts.type).renderToDataURL, text, params)
}

/**
 * @param {unknown} text
 * @param {any} [opts]
 * @param {any} [cb]
 */
function toBuffer(text, opts, cb) {
  const params = checkParams(text, opts, cb)
  return render(imageRenderer(params.opts.type).renderToBuffer, text, params)
}

const SVG_PROLOG =
  '<?xml version="1.0" encoding="utf-8"?>' +
  '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'

/**
 * `getTypeFromFilename`: the text after the last dot, lower-cased (none for a dot in first place).
 * @param {string} path
 */
function typeFromFilename(path) {
  return path.slice(((path.lastIndexOf('.') - 1) >>> 0) + 2).toLowerCase()
}

/**
 * A string file (SVG or utf8): drawn at once, then written with `fs.writeFile`.
 * @param {string} path
 * @param {() => string} draw
 * @param {Params} params
 */
function writeString(path, draw, params) {
  return renderNow(draw, params, (contents, cb) => {
    fs.writeFile(path, contents, cb)
  })
}

/**
 * @param {unknown} path
 * @param {unknown} text
 * @param {any} [opts]
 * @param {any} [cb]
 */
function toFile(path, text, opts, cb) {
  if (typeof path !== 'string' || !(typeof text === 'string' || typeof text === 'object')) {
    throw new Error('Invalid argument')
  }
  if (arguments.length < 3 && !canPromise()) throw new Error('Too few arguments provided')
  const params = checkParams(text, opts, cb)
  const type = params.opts.type || typeFromFilename(path)
  if (type === 'svg') return writeString(path, () => SVG_PROLOG + strings.draw(strings.svg, text, params.opts), params)
  if (type === 'txt' || type === 'utf8') return writeString(path, () => strings.draw(strings.utf8, text, params.opts), params)
  return render(png.renderToFile.bind(null, path), text, params)
}

/**
 * @param {any} stream the caller's destination, whose `emit` gets the errors
 * @param {unknown} [text]
 * @param {any} [opts]
 */
function toFileStream(stream, text, opts) {
  if (arguments.length < 2) throw new Error('Too few arguments provided')
  const params = checkParams(text, opts, stream.emit.bind(stream, 'error'))
  render(png.renderToFileStream.bind(null, stream), text, params)
}

const { toCanvas } = require('./qrcode/canvas')

module.exports = { create, toCanvas, toString, toDataURL, toBuffer, toFile, toFileStream }
