'use strict'

// The `qr` namespace: QR codes drawn module for module as the `qrcode` npm
// package (1.5.4) draws them, with its option names and defaults. This file
// only shapes the API: it reads the options through the one options checker
// (lib/options.js), flattens `color` for the binding, and makes the
// promises. The binding checks every type, the Rust core (src/qr) every
// value, applies every default and draws every image; the promise-returning
// calls render on the libuv thread pool, so an enrollment route never
// blocks the event loop.

const fs = require('fs')
const { Readable } = require('stream')
const zlib = require('zlib')
const native = require('./native')
const { options, typeError } = require('./options')

/**
 * What any QR call may be given; each call's own options type is narrower.
 * @typedef {import('./qr').QrRenderOptions & { small?: boolean, inverse?: boolean, type?: string }} QrOptions
 */

/** @typedef {import('./qr').QrData} QrData */

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
    o.toSJISFunc,
  ]
}

/** How many positional arguments the options are (`QrArgs` in binding.d.ts). */
const QR_ARGUMENTS = 12

/**
 * The options as all twelve positional arguments, for a call that takes
 * more arguments after them.
 *
 * @param {QrOptions | null | undefined} opts
 * @returns {QrArguments}
 */
function paddedOptions(opts) {
  const args = nativeOptions(opts)
  args.length = QR_ARGUMENTS
  return args
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
 *   toSJISFunc?: (character: string) => number | null | undefined,
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
 * @param {QrData} text
 * @param {import('./qr').QrSymbolOptions} [opts]
 */
function create(text, opts) {
  const options = nativeOptions(opts)
  const { version, errorCorrectionLevel, maskPattern, size, modules } = native.qrCreate(text, ...options)
  // The segments as JS objects cost a fifth of the call: made when first
  // read, from the same text and options (a string cannot change since; a
  // segment list could, so its segments are made at once).
  /** @type {import('../binding').QrSegmentOutput[] | undefined} */
  let segments = typeof text === 'string' ? undefined : native.qrSegments(text, ...options)
  return {
    version,
    errorCorrectionLevel,
    maskPattern,
    size,
    modules,
    get segments() {
      return (segments ??= native.qrSegments(text, ...options))
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
  return pooled(() => native.qrToDataUrlAsync(text, ...nativeOptions(opts)))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrImageOptions} [opts]
 */
function toDataURLSync(text, opts) {
  refuseSyncQrcodePng(opts)
  return native.qrToDataUrl(text, ...nativeOptions(opts))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrImageOptions} [opts]
 * @returns {Promise<Buffer>}
 */
async function toBuffer(text, opts) {
  if (pngEncoding(opts) === 'qrcode') return collect(toPngStream(text, opts))
  return pooled(() => native.qrToBufferAsync(text, ...nativeOptions(opts)))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrImageOptions} [opts]
 */
function toBufferSync(text, opts) {
  refuseSyncQrcodePng(opts)
  return native.qrToBuffer(text, ...nativeOptions(opts))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrStringOptions} [opts]
 */
function toString(text, opts) {
  return pooled(() => native.qrToStringAsync(text, ...nativeOptions(opts)))
}

/**
 * @param {QrData} text
 * @param {import('./qr').QrStringOptions} [opts]
 */
function toStringSync(text, opts) {
  return native.qrToString(text, ...nativeOptions(opts))
}

/**
 * @param {string} path
 * @param {QrData} text
 * @param {import('./qr').QrFileOptions} [opts]
 * @returns {Promise<void>}
 */
async function toFile(path, text, opts) {
  if (typeof path !== 'string' || path === '') throw typeError('path', 'a non-empty string', path, CODE)
  const contents = await pooled(() => native.qrFileContentsAsync(path, text, ...nativeOptions(opts)))
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

/**
 * pngjs's options from `rendererOpts`: the packing ones for the core (which
 * checks them), the deflate ones for zlib (which checks them, with its own
 * errors), with pngjs's defaults: level 9, strategy 3 (Z_RLE), 32 KiB pieces.
 *
 * @param {import('./qr').QrImageOptions} opts
 */
function pngjsOptions(opts) {
  const renderer = options(options(opts, CODE).rendererOpts, CODE, 'option "rendererOpts"')
  const background = options(renderer.bgColor, CODE, 'option "rendererOpts.bgColor"')
  const factory = renderer.deflateFactory
  if (factory !== undefined && factory !== null && typeof factory !== 'function') {
    throw typeError('option "rendererOpts.deflateFactory"', 'a function', factory, CODE)
  }
  return {
    pack: {
      bitDepth: renderer.bitDepth,
      colorType: renderer.colorType,
      inputColorType: renderer.inputColorType,
      inputHasAlpha: renderer.inputHasAlpha,
      bgRed: background.red,
      bgGreen: background.green,
      bgBlue: background.blue,
      filterType: renderer.filterType,
    },
    deflate: {
      chunkSize: renderer.deflateChunkSize || 32 * 1024,
      level: renderer.deflateLevel != null ? renderer.deflateLevel : 9,
      strategy: renderer.deflateStrategy != null ? renderer.deflateStrategy : 3,
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
    native.qrToBufferAsync(/** @type {QrData} */ (text), ...nativeOptions(opts)).then((png) => {
      stream.push(png)
      stream.push(null)
    }, fail)
    return stream
  }
  const pngjs = pngjsOptions(opts || {})
  // Checked and started before the deflate exists, so a bad option is
  // thrown by this call whichever it is; then the deflate, whose options
  // zlib checks as it is made, as pngjs's constructor does.
  const image = native.qrPngjsImageAsync(text, ...paddedOptions(opts), pngjs.pack)
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
  return pooled(() => native.qrToImageDataAsync(text, ...nativeOptions(opts)))
}

/**
 * @param {QrData | import('./qr').QrSymbol} text
 * @param {import('./qr').QrRasterOptions} [opts]
 */
function toImageDataSync(text, opts) {
  return native.qrToImageData(text, ...nativeOptions(opts))
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
