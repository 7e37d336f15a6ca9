'use strict'

// The `qr` namespace: QR codes drawn module for module as the `qrcode` npm
// package (1.5.4) draws them, with its option names and defaults. This file
// only shapes the API: it reads the options through the one options checker
// (lib/options.js) and makes the promises. The Rust core (src/qr) checks
// every value, applies every default and draws every image; the
// promise-returning calls render on the libuv thread pool, so an enrollment
// route never blocks the event loop.

const fs = require('fs')
const { Readable } = require('stream')
const zlib = require('zlib')
const native = require('./native')
const { NAMES, options, read, typeError, isUint8Array } = require('./options')

/**
 * What any QR call may be given; each call's own options type is narrower.
 * @typedef {import('./qr').QrRenderOptions & { small?: boolean, inverse?: boolean, type?: string }} QrOptions
 */

/** @typedef {import('./qr').QrData} QrData */

const CODE = 'ERR_QR_INVALID_OPTION'

/**
 * The native arguments after the data: the options object the binding
 * takes, and `toSJISFunc` (Kanji mode), which the binding calls.
 *
 * @param {QrOptions | null | undefined} opts
 * @returns {[import('../binding').QrCallOptions, ((character: string) => unknown) | undefined]}
 */
function nativeOptions(opts) {
  const toSJIS = options(opts, CODE).toSJISFunc
  if (toSJIS !== undefined && toSJIS !== null && typeof toSJIS !== 'function') {
    throw typeError('option "toSJISFunc"', 'a function', toSJIS, CODE)
  }
  return [read(opts, NAMES.qr, CODE), toSJIS ?? undefined]
}

/**
 * The data to encode: a string, or a list of segments (strings or
 * `{ data, mode }`, data a string, a Buffer, a Uint8Array or a
 * Uint8ClampedArray), its types checked.
 *
 * @param {unknown} text
 * @param {string} [expected] what the message says `text` must be
 * @returns {import('../binding').QrInput}
 */
function data(text, expected = 'a string or an array of segments') {
  if (typeof text === 'string') return text
  if (!Array.isArray(text)) throw typeError('text', expected, text, CODE)
  text.forEach((segment, index) => {
    if (typeof segment === 'string') return
    const name = `text[${index}]`
    if (typeof segment !== 'object' || segment === null || Array.isArray(segment)) {
      throw typeError(name, 'a string or { data, mode }', segment, CODE)
    }
    const { data, mode } = segment
    const bytes = isUint8Array(data) || Object.prototype.toString.call(data) === '[object Uint8ClampedArray]'
    if (typeof data !== 'string' && !bytes) throw typeError(`${name}.data`, 'a string, a Buffer or a Uint8Array', data, CODE)
    if (mode !== undefined && mode !== null && typeof mode !== 'string') throw typeError(`${name}.mode`, 'a string', mode, CODE)
  })
  return text
}

/**
 * What a raster draws: data, or a symbol from `create` (its `size` and
 * `modules`).
 *
 * @param {unknown} text
 * @returns {import('../binding').RasterInput}
 */
function rasterData(text) {
  if (typeof text === 'object' && text !== null && !Array.isArray(text) && 'modules' in text) {
    const { size, modules } = /** @type {{ size?: unknown, modules: unknown }} */ (text)
    if (typeof size !== 'number') throw typeError('text.size', 'a number', size, CODE)
    if (!isUint8Array(modules)) throw typeError('text.modules', 'a Uint8Array', modules, CODE)
    return { size, modules }
  }
  return data(text, 'a string, an array of segments or a symbol from qr.create')
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
  const [options, toSJIS] = nativeOptions(opts)
  const { version, errorCorrectionLevel, maskPattern, size, modules } = native.qrCreate(data(text), options, toSJIS)
  // The segments as JS objects cost a fifth of the call: made when first
  // read, from the same text and options (a string cannot change since; a
  // segment list could, so its segments are made at once).
  const kanji = toSJIS !== undefined
  /** @type {import('../binding').QrSegmentOutput[] | undefined} */
  let segments = typeof text === 'string' ? undefined : native.qrSegments(data(text), options, kanji)
  return {
    version,
    errorCorrectionLevel,
    maskPattern,
    size,
    modules,
    get segments() {
      if (segments === undefined) segments = native.qrSegments(data(text), options, kanji)
      return segments
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
async function toDataURL(text, opts) {
  if (pngEncoding(opts) === 'qrcode') return 'data:image/png;base64,' + (await toBuffer(text, opts)).toString('base64')
  return pooled(() => native.qrToDataUrlAsync(data(text), ...nativeOptions(opts)))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrImageOptions} [opts]
 */
function toDataURLSync(text, opts) {
  refuseSyncQrcodePng(opts)
  return native.qrToDataUrl(data(text), ...nativeOptions(opts))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrImageOptions} [opts]
 * @returns {Promise<Buffer>}
 */
async function toBuffer(text, opts) {
  if (pngEncoding(opts) === 'qrcode') return collect(toPngStream(text, opts))
  return pooled(() => native.qrToBufferAsync(data(text), ...nativeOptions(opts)))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrImageOptions} [opts]
 */
function toBufferSync(text, opts) {
  refuseSyncQrcodePng(opts)
  return native.qrToBuffer(data(text), ...nativeOptions(opts))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrStringOptions} [opts]
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: `qr.toString` mirrors qrcode's export
function toString(text, opts) {
  return pooled(() => native.qrToStringAsync(data(text), ...nativeOptions(opts)))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrStringOptions} [opts]
 */
function toStringSync(text, opts) {
  return native.qrToString(data(text), ...nativeOptions(opts))
}

/**
 * @param {string} path
 * @param {QrData} text
 * @param {import('./qr').QrFileOptions} [opts]
 * @returns {Promise<void>}
 */
async function toFile(path, text, opts) {
  if (typeof path !== 'string' || path === '') throw typeError('path', 'a non-empty string', path, CODE)
  const contents = await pooled(() => native.qrFileContentsAsync(path, data(text), ...nativeOptions(opts)))
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
  if (typeof character !== 'string') throw typeError('character', 'a string', character, CODE)
  return native.qrToSjis(character) ?? undefined
}

/**
 * Which modules of a `version` symbol are function patterns, format or
 * version information (1) or data (0).
 *
 * @param {number} version
 */
function reservedModules(version) {
  if (typeof version !== 'number') throw typeError('version', 'a number', version, CODE)
  return native.qrReservedModules(version)
}

// --- Rasters: RGBA image data, and qrcode's own PNG ------------------------
//
// `png: 'qrcode'` makes the PNG file qrcode 1.5.4 writes, byte for byte: the
// core draws the RGBA pixels qrcode draws and packs and filters them as
// pngjs 5 does; the deflate is this Node's own zlib with pngjs's parameters,
// and each piece of its output becomes one IDAT chunk, as pngjs's packer
// lays them out. Only the asynchronous calls have it: a synchronous deflate
// makes one piece where the stream makes several.

/**
 * @param {import('./qr').QrImageOptions | null | undefined} opts
 * @returns {'compact' | 'qrcode'}
 */
function pngEncoding(opts) {
  const png = opts === undefined || opts === null ? undefined : options(opts, CODE).png
  if (png === undefined || png === null || png === 'compact') return 'compact'
  if (png === 'qrcode') return 'qrcode'
  if (typeof png !== 'string') throw typeError('option "png"', "'compact' or 'qrcode'", png, CODE)
  throw Object.assign(new RangeError(`option "png" must be 'compact' or 'qrcode' (got ${JSON.stringify(png)})`), { code: CODE })
}

/** @param {import('./qr').QrImageOptions | null | undefined} opts */
function refuseSyncQrcodePng(opts) {
  if (pngEncoding(opts) === 'qrcode') {
    const message = `option "png": 'qrcode' needs Node's asynchronous zlib stream; use the asynchronous call`
    throw Object.assign(new RangeError(message), { code: CODE })
  }
}

/** pngjs's defaults, from the core (`defaults.qr.pngjs`). */
const PNGJS = native.defaults().qr.pngjs

/**
 * pngjs's options from `rendererOpts`: the packing ones for the core (which
 * checks them), the deflate ones for zlib (which checks them, with its own
 * errors), with pngjs's defaults as pngjs applies them.
 *
 * @param {import('./qr').QrImageOptions} opts
 */
function pngjsOptions(opts) {
  const renderer = options(options(opts, CODE).rendererOpts, CODE, 'option "rendererOpts"')
  const factory = renderer.deflateFactory
  if (factory !== undefined && factory !== null && typeof factory !== 'function') {
    throw typeError('option "rendererOpts.deflateFactory"', 'a function', factory, CODE)
  }
  return {
    pack: read(renderer, NAMES.pngjs, CODE, 'option "rendererOpts"'),
    deflate: {
      chunkSize: renderer.deflateChunkSize || PNGJS.deflateChunkSize,
      level: renderer.deflateLevel != null ? renderer.deflateLevel : PNGJS.deflateLevel,
      strategy: renderer.deflateStrategy != null ? renderer.deflateStrategy : PNGJS.deflateStrategy,
    },
    factory: factory || zlib.createDeflate,
  }
}

/**
 * @param {QrData | import('./qr').QrSymbol} text
 * @param {import('./qr').QrImageOptions} [opts]
 * @returns {Readable}
 */
function toPngStream(text, opts) {
  const stream = new Readable({ read() {} })
  /** @param {unknown} error */
  const fail = (error) => stream.destroy(/** @type {Error} */ (native.inThisRealm(error)))
  if (pngEncoding(opts) === 'compact') {
    native.qrToBufferAsync(data(text), ...nativeOptions(opts)).then((png) => {
      stream.push(png)
      stream.push(null)
    }, fail)
    return stream
  }
  const pngjs = pngjsOptions(opts || {})
  // Checked and started before the deflate exists, so a bad option is
  // thrown by this call whichever it is; then the deflate, whose options
  // zlib checks as it is made, as pngjs's constructor does.
  const image = native.qrPngjsImageAsync(rasterData(text), ...nativeOptions(opts), pngjs.pack)
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
    deflate.on('data', (/** @type {Buffer} */ piece) => stream.push(native.qrPngChunk('IDAT', piece)))
    deflate.on('end', () => {
      stream.push(native.qrPngChunk('IEND'))
      stream.push(null)
    })
    deflate.end(png.scanlines)
  }, fail)
  return stream
}

/**
 * @param {Readable} stream
 * @returns {Promise<Buffer>}
 */
async function collect(stream) {
  const chunks = []
  for await (const chunk of stream) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/**
 * @param {QrData | import('./qr').QrSymbol} text
 * @param {import('./qr').QrRasterOptions} [opts]
 */
function toImageData(text, opts) {
  return pooled(() => native.qrToImageDataAsync(rasterData(text), ...nativeOptions(opts)))
}

/**
 * @param {QrData | import('./qr').QrSymbol} text
 * @param {import('./qr').QrRasterOptions} [opts]
 */
function toImageDataSync(text, opts) {
  return native.qrToImageData(rasterData(text), ...nativeOptions(opts))
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
  toImageData,
  toImageDataSync,
  toPngStream,
}
