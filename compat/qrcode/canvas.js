'use strict'

// qrcode 1.5.4's `toCanvas` (`browser.js` `renderCanvas`, which its server
// build exports too, and `renderer/canvas.js`): the same argument forms, and
// the same calls on the canvas — `getContext('2d')`, `createImageData`, the
// pixels written into its `data`, `clearRect`, the canvas resized, then
// `putImageData` — so any 2D canvas works: a browser's, `@napi-rs/canvas`,
// node-canvas. The pixels are the RGBA raster `qr.toImageDataSync` draws,
// qrcode's own.

const { qr } = require('../../index.js')
const { rendererOptions, imageSide, rasterOptions } = require('./options')
const { symbolOf } = require('./symbol')

function canvasElement() {
  try {
    // A browser's document, or one a test environment (jsdom) provides.
    return document.createElement('canvas')
  } catch {
    throw new Error('You need to specify a canvas element')
  }
}

/**
 * Whether one `set` of the pixels into `data` does what qrcode's writes one
 * by one do: for a Uint8ClampedArray (of any realm), which is what a 2D
 * canvas's image data is. Other data takes the writes: into a DataView they
 * make properties, into a BigInt64Array the first one fails — where `set`
 * would throw, with another message.
 * @param {unknown} data
 * @returns {data is Uint8ClampedArray}
 */
function isClampedBytes(data) {
  return ArrayBuffer.isView(data) && Object.prototype.toString.call(data) === '[object Uint8ClampedArray]'
}

/**
 * qrcode writes the pixels one by one into `data`: as far as it goes.
 * @param {any} data the canvas's image data: a typed array, or whatever a canvas of the caller's makes
 * @param {Uint8ClampedArray} pixels
 */
function writePixels(data, pixels) {
  if (isClampedBytes(data)) {
    data.set(pixels.length > data.length ? pixels.subarray(0, data.length) : pixels)
    return
  }
  for (let i = 0; i < pixels.length; i++) data[i] = pixels[i]
}

/**
 * @param {import('./symbol').QrcodeSymbol} qrData
 * @param {any} canvas the caller's (a 2D canvas), or the options
 * @param {any} options the caller's
 */
function render(qrData, canvas, options) {
  let opts = options
  let canvasEl = canvas
  if (typeof opts === 'undefined' && (!canvas || !canvas.getContext)) {
    opts = canvas
    canvas = undefined
  }
  if (!canvas) canvasEl = canvasElement()
  opts = rendererOptions(opts)
  const size = imageSide(qrData.modules.size, opts)
  const ctx = canvasEl.getContext('2d')
  const image = ctx.createImageData(size, size)
  // No pixels below one a side (and qrcode never finishes an infinite one).
  if (size >= 1 && Number.isFinite(size)) {
    // The raster calls read a symbol's size and modules alone.
    const symbol = /** @type {import('../../index').qr.QrSymbol} */ ({ size: qrData.modules.size, modules: qrData.modules.data })
    writePixels(image.data, qr.toImageDataSync(symbol, rasterOptions(opts)).data)
  }
  ctx.clearRect(0, 0, canvasEl.width, canvasEl.height)
  if (!canvasEl.style) canvasEl.style = {}
  canvasEl.height = size
  canvasEl.width = size
  canvasEl.style.height = size + 'px'
  canvasEl.style.width = size + 'px'
  ctx.putImageData(image, 0, 0)
  return canvasEl
}

/**
 * `([canvas,] text[, options][, callback])`: a canvas is an object with
 * `getContext`; without a callback, a promise of the canvas. The symbol is
 * made first, as the drop-in's `create` makes it, as qrcode makes it.
 * Every argument is the caller's, whichever it turns out to be.
 * @param {any} canvas
 * @param {any} [text]
 * @param {any} [opts]
 * @param {any} [cb]
 */
function toCanvas(canvas, text, opts, cb) {
  const count = arguments.length
  const lastIsCallback = typeof arguments[count - 1] === 'function'
  if (lastIsCallback) {
    if (count < 2) throw new Error('Too few arguments provided')
    if (count === 2) {
      cb = text
      text = canvas
      canvas = opts = undefined
    } else if (count === 3) {
      if (canvas.getContext && typeof cb === 'undefined') {
        cb = opts
        opts = undefined
      } else {
        cb = opts
        opts = text
        text = canvas
        canvas = undefined
      }
    }
  } else {
    if (count < 1) throw new Error('Too few arguments provided')
    if (count === 1) {
      text = canvas
      canvas = opts = undefined
    } else if (count === 2 && !canvas.getContext) {
      opts = text
      text = canvas
      canvas = undefined
    }
    return new Promise((resolve, reject) => {
      try {
        resolve(render(symbolOf(text, opts), canvas, opts))
      } catch (error) {
        reject(error)
      }
    })
  }
  try {
    cb(null, render(symbolOf(text, opts), canvas, opts))
  } catch (error) {
    cb(error)
  }
}

module.exports = { toCanvas }
