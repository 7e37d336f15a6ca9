'use strict'

// The `qr` namespace: QR codes drawn module for module as the `qrcode` npm
// package (1.5.4) draws them, with its option names and defaults. This file
// only shapes the API: it checks types (a wrong type is a TypeError with code
// ERR_QR_INVALID_OPTION), flattens the options for the binding, and makes the
// promises. Every value is checked, every default applied and every image
// drawn by the Rust core (src/qr); the promise-returning calls render on the
// libuv thread pool, so an enrollment route never blocks the event loop.

const fs = require('node:fs')
const { Readable } = require('node:stream')
const zlib = require('node:zlib')
const native = require('./native')
const { typeError, withCode, isUint8Array } = require('./args')

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
  if (pngEncoding(opts) === 'qrcode') return 'data:image/png;base64,' + (await toBuffer(text, opts)).toString('base64')
  return pooled(native.qrToDataUrlAsync, checkText(text), nativeOptions(opts))
}

function toDataURLSync(text, opts) {
  refuseSyncQrcodePng(opts)
  return native.qrToDataUrl(checkText(text), nativeOptions(opts))
}

async function toBuffer(text, opts) {
  if (pngEncoding(opts) === 'qrcode') return collect(toPngStream(text, opts))
  return pooled(native.qrToBufferAsync, checkText(text), nativeOptions(opts))
}

function toBufferSync(text, opts) {
  refuseSyncQrcodePng(opts)
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

// --- Rasters: RGBA image data, and qrcode's own PNG ------------------------
//
// `png: 'qrcode'` makes the PNG file qrcode 1.5.4 writes, byte for byte: the
// core draws the RGBA pixels qrcode draws and packs and filters them as
// pngjs 5 does; the deflate is this Node's own zlib with pngjs's parameters,
// and each piece of its output becomes one IDAT chunk, as pngjs's packer
// lays them out. Only the asynchronous calls have it: a synchronous deflate
// makes one piece where the stream makes several.

function pngEncoding(opts) {
  const png = opts === undefined || opts === null || typeof opts !== 'object' ? undefined : opts.png
  if (png === undefined || png === null || png === 'compact') return 'compact'
  if (png === 'qrcode') return 'qrcode'
  if (typeof png !== 'string') throw typeError('option "png"', "'compact' or 'qrcode'", png, CODE)
  throw withCode(new RangeError(`option "png" must be 'compact' or 'qrcode' (got ${JSON.stringify(png)})`), CODE)
}

function refuseSyncQrcodePng(opts) {
  if (pngEncoding(opts) === 'qrcode') {
    throw withCode(
      new RangeError(`option "png": 'qrcode' needs Node's asynchronous zlib stream; use the asynchronous call`),
      CODE,
    )
  }
}

function optionalNumber(opts, name) {
  return optional(opts, name, 'number', `option "rendererOpts.${name}"`)
}

/**
 * pngjs's options from `rendererOpts`: the packing ones for the core, the
 * deflate ones for zlib (which checks them, with its own errors), with
 * pngjs's defaults: level 9, strategy 3 (Z_RLE), 32 KiB chunks.
 */
function pngjsOptions(opts) {
  const renderer = opts.rendererOpts
  if (renderer === undefined || renderer === null) return { pack: undefined, deflate: deflateOptions({}), factory: zlib.createDeflate }
  if (typeof renderer !== 'object') throw typeError('option "rendererOpts"', 'an object', renderer, CODE)
  const bg = renderer.bgColor
  if (bg !== undefined && bg !== null && typeof bg !== 'object') {
    throw typeError('option "rendererOpts.bgColor"', 'an object with red, green and blue', bg, CODE)
  }
  const background = bg || {}
  const factory = renderer.deflateFactory
  if (factory !== undefined && factory !== null && typeof factory !== 'function') {
    throw typeError('option "rendererOpts.deflateFactory"', 'a function', factory, CODE)
  }
  return {
    pack: {
      bitDepth: optionalNumber(renderer, 'bitDepth'),
      colorType: optionalNumber(renderer, 'colorType'),
      inputColorType: optionalNumber(renderer, 'inputColorType'),
      inputHasAlpha: optional(renderer, 'inputHasAlpha', 'boolean', 'option "rendererOpts.inputHasAlpha"'),
      bgRed: optional(background, 'red', 'number', 'option "rendererOpts.bgColor.red"'),
      bgGreen: optional(background, 'green', 'number', 'option "rendererOpts.bgColor.green"'),
      bgBlue: optional(background, 'blue', 'number', 'option "rendererOpts.bgColor.blue"'),
      filterType: optionalNumber(renderer, 'filterType'),
    },
    deflate: deflateOptions(renderer),
    factory: factory || zlib.createDeflate,
  }
}

function deflateOptions(renderer) {
  return {
    chunkSize: renderer.deflateChunkSize || 32 * 1024,
    level: renderer.deflateLevel != null ? renderer.deflateLevel : 9,
    strategy: renderer.deflateStrategy != null ? renderer.deflateStrategy : 3,
  }
}

/** A text to encode, or a symbol `create` returned (its `size` and `modules`). */
function checkSource(input) {
  if (typeof input === 'string') return input
  if (input !== null && typeof input === 'object' && typeof input.size === 'number' && isUint8Array(input.modules)) {
    return { size: input.size, modules: input.modules }
  }
  throw typeError('text', 'a string or a symbol from qr.create', input, CODE)
}

function toPngStream(text, opts) {
  const input = checkSource(text)
  const options = nativeOptions(opts)
  const stream = new Readable({ read() {} })
  const fail = (error) => stream.destroy(native.inThisRealm(error))
  if (pngEncoding(opts) === 'compact') {
    native.qrToBufferAsync(checkText(input), options).then((png) => {
      stream.push(png)
      stream.push(null)
    }, fail)
    return stream
  }
  const pngjs = pngjsOptions(opts)
  // Checked and started before the deflate exists, so a bad option is
  // thrown by this call whichever it is; then the deflate, whose options
  // zlib checks as this call returns, as pngjs's constructor does.
  const image = native.qrPngjsImageAsync(input, options, pngjs.pack)
  let deflate
  try {
    deflate = pngjs.factory(pngjs.deflate)
  } catch (error) {
    throw native.inThisRealm(error)
  }
  image.then((png) => {
    stream.push(png.signature)
    stream.push(png.ihdr)
    deflate.on('error', fail)
    deflate.on('data', (piece) => stream.push(native.qrPngChunk('IDAT', piece)))
    deflate.on('end', () => {
      stream.push(native.qrPngChunk('IEND'))
      stream.push(null)
    })
    deflate.end(png.scanlines)
  }, fail)
  return stream
}

async function collect(stream) {
  const chunks = []
  for await (const chunk of stream) chunks.push(chunk)
  return Buffer.concat(chunks)
}

async function toImageData(text, opts) {
  return pooled(native.qrToImageDataAsync, checkSource(text), nativeOptions(opts))
}

function toImageDataSync(text, opts) {
  return native.qrToImageData(checkSource(text), nativeOptions(opts))
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
  toImageData,
  toImageDataSync,
  toPngStream,
}
