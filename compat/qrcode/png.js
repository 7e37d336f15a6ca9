'use strict'

// qrcode 1.5.4's PNG renderer (`renderer/png.js`) on totp-native: the same
// bytes, events and failures. qrcode hands its `rendererOpts` to pngjs 5,
// whose `PNG` object it uses as a legacy stream; `PngImage` below is that
// object's part qrcode touches, fed by `qr.toPngStream(…, { png: 'qrcode' })`,
// which makes the file pngjs makes (see lib/qr.js). What pngjs does to the
// options object, this file does too: it writes pngjs's defaults back into
// the caller's `rendererOpts`, in pngjs's order, and refuses what pngjs's
// constructor refuses, with pngjs's messages.
//
// pngjs does its work when it packs, a tick after `pack()`: it filters the
// rows on the main thread, then queues the deflate on the thread pool. By
// then `toFile`'s `fs.createWriteStream` has queued the file's open, so the
// open is ahead of the deflate and the signature and header wait for it;
// calls that write one path at once (qrcode's own `toFile png` test does)
// land in that order. So the image here is begun in that tick too, not when
// it is set up: begun earlier, the engine's work would run ahead of the
// open and its pieces reach the file in fewer, earlier writes, changing
// which call's bytes the file ends with.

const fs = require('fs')
const Stream = require('stream')
const zlib = require('zlib')
const { qr, defaults } = require('../../index.js')
const { rendererOptions, imageSide, rasterOptions } = require('./options')

/** @typedef {import('./symbol').QrcodeSymbol} QrcodeSymbol */

/**
 * pngjs's options object: qrcode's `rendererOpts`, as the caller gave it
 * (pngjs reads and writes whatever it is).
 * @typedef {any} PngjsOptions
 */

const COLOR_TYPES = [0, 2, 6, 4]

/**
 * pngjs's constructors (`PNG`, its parser and `Packer`) on qrcode's
 * `rendererOpts`: each default written into the object, then the colour
 * types and bit depth checked. Assigning into a string or a frozen object
 * throws here as it does in pngjs (both strict code).
 * @param {PngjsOptions} options
 */
function pngjsDefaults(options) {
  const pngjs = defaults.qr.pngjs
  options.checkCRC = options.checkCRC !== false
  options.deflateChunkSize = options.deflateChunkSize || pngjs.deflateChunkSize
  options.deflateLevel = options.deflateLevel != null ? options.deflateLevel : pngjs.deflateLevel
  options.deflateStrategy = options.deflateStrategy != null ? options.deflateStrategy : pngjs.deflateStrategy
  options.inputHasAlpha = options.inputHasAlpha != null ? options.inputHasAlpha : pngjs.inputHasAlpha
  options.deflateFactory = options.deflateFactory || zlib.createDeflate
  options.bitDepth = options.bitDepth || pngjs.bitDepth
  options.colorType = typeof options.colorType === 'number' ? options.colorType : pngjs.colorType
  options.inputColorType = typeof options.inputColorType === 'number' ? options.inputColorType : pngjs.inputColorType
  if (!COLOR_TYPES.includes(options.colorType)) {
    throw new Error('option color type:' + options.colorType + ' is not supported at present')
  }
  if (!COLOR_TYPES.includes(options.inputColorType)) {
    throw new Error('option input color type:' + options.inputColorType + ' is not supported at present')
  }
  if (options.bitDepth !== 8 && options.bitDepth !== 16) {
    throw new Error('option bit depth:' + options.bitDepth + ' is not supported at present')
  }
}

/**
 * pngjs's deflate stream, made as its packer makes it (and so checked by zlib).
 * @param {PngjsOptions} options
 */
function createDeflate(options) {
  if (typeof options.deflateFactory !== 'function') {
    throw new TypeError('this._options.deflateFactory is not a function')
  }
  return options.deflateFactory({
    chunkSize: options.deflateChunkSize,
    level: options.deflateLevel,
    strategy: options.deflateStrategy,
  })
}

/**
 * pngjs reads `filterType` when it packs, not before: an unknown one fails
 * then (thrown from a tick of its own, which ends the process; here it is
 * reported as the error of the call instead). Returns the engine's
 * `filterType`, or the error pngjs would throw.
 * @param {PngjsOptions} options
 * @returns {{ filterType?: number, error?: Error }}
 */
function filterTypeOf(options) {
  if (!('filterType' in options) || options.filterType === -1) return { filterType: -1 }
  const type = options.filterType
  if (typeof type !== 'number') return { error: new Error('unrecognised filter types') }
  if (!(Number.isInteger(type) && type >= 0 && type <= 4)) {
    return { error: new TypeError('filters[sel] is not a function') }
  }
  return { filterType: type }
}

/** @param {PngjsOptions} options */
const maxValue = (options) => (options.bitDepth === 16 ? 65535 : 255)

/**
 * The background pngjs composes translucent pixels over when it converts
 * them, as numbers: a missing channel is white.
 * @param {PngjsOptions} options
 */
function backgroundOf(options) {
  const given = options.bgColor || {}
  const channel = (/** @type {any} */ value) => (value === undefined ? maxValue(options) : +value)
  return { red: channel(given.red), green: channel(given.green), blue: channel(given.blue) }
}

/**
 * As pngjs converts, it writes those white channels into the caller's `bgColor`.
 * @param {PngjsOptions} options
 */
function fillBackground(options) {
  const bgColor = options.bgColor || {}
  for (const channel of ['red', 'green', 'blue']) {
    if (bgColor[channel] === undefined) bgColor[channel] = maxValue(options)
  }
}

/**
 * Whether pngjs converts the pixels (and so reads `bgColor`): not on its fast route.
 * @param {PngjsOptions} options
 */
function converts(options) {
  return options.colorType !== options.inputColorType || options.bitDepth !== 8
}

/**
 * The part of pngjs's `PNG` qrcode uses: a legacy stream (so `pipe` is
 * `Stream`'s own, skipping writes to an ended destination) whose `pack()`
 * fails at once without pixels, and otherwise begins the file a tick later
 * and emits it chunk by chunk, ending with its IEND chunk, as pngjs's packer
 * does.
 */
class PngImage extends Stream {
  /**
   * @param {(() => Stream.Readable) | Stream.Readable | null} source the file, what begins it, or none for an image without pixels
   * @param {Error} [packError] what pngjs fails with once it packs
   * @param {() => void} [onPack] run as pngjs begins to pack (given with every source)
   */
  constructor(source, packError, onPack) {
    super()
    this.readable = this.writable = true
    this.source = source
    this.packError = packError
    this.onPack = onPack
  }

  pack() {
    const begin = this.source
    if (!begin) {
      this.emit('error', 'No data provided')
      return this
    }
    process.nextTick(() => {
      this.onPack?.()
      /** @type {Stream.Readable} */
      let source
      try {
        source = typeof begin === 'function' ? begin() : begin
      } catch (error) {
        // A refusal the engine makes only as the work begins (none is
        // expected: the ones it can make are asked for when the image is
        // set up), reported as pngjs reports its packing errors.
        this.emit('error', error)
        return
      }
      let chunks = 0
      let ended = false
      const onData = (/** @type {Buffer} */ chunk) => {
        this.emit('data', chunk)
        // With a bad filter type pngjs gets as far as the signature and the
        // header, then fails.
        if (this.packError && ++chunks === 2) {
          source.off('data', onData)
          source.destroy()
          this.emit('error', this.packError)
        }
        // pngjs ends in the tick that gives it the IEND chunk, not a tick later.
        if (isIend(chunk)) {
          ended = true
          this.emit('end')
        }
      }
      source.on('data', onData)
      source.on('end', () => {
        if (!ended) this.emit('end')
      })
      source.on('error', (error) => this.emit('error', error))
    })
    return this
  }
}

/** @param {Buffer} chunk a PNG chunk, or the signature */
const isIend = (chunk) => chunk.length === 12 && chunk.toString('latin1', 4, 8) === 'IEND'

/**
 * Whether the engine may refuse these pixels: it draws at most 16,384 a
 * side (`qr.toPngStream`'s documented limit, which qrcode has not), and
 * composes only over a background of finite numbers. Such an image is begun
 * at once, so that the refusal comes before the call returns, as qrcode's
 * option errors do.
 * @param {number} side the image side, as qrcode computes it
 * @param {{ bgColor?: { red: number, green: number, blue: number } }} rendererOpts
 */
function mayBeRefused(side, rendererOpts) {
  const background = rendererOpts.bgColor
  const finite = !background || [background.red, background.green, background.blue].every(Number.isFinite)
  return side > 16384 || !finite
}

/**
 * qrcode's `render`: the options read, pngjs set up, the image begun.
 * @param {QrcodeSymbol} qrData
 * @param {any} options the caller's
 */
function render(qrData, options) {
  const opts = rendererOptions(options)
  const pngOpts = opts.rendererOpts
  const size = imageSide(qrData.modules.size, opts)
  // qrcode's own code is sloppy-mode: these two assignments are silently
  // lost on a string or a frozen object.
  if (pngOpts !== null && (typeof pngOpts === 'object' || typeof pngOpts === 'function')) {
    Reflect.set(pngOpts, 'width', size)
    Reflect.set(pngOpts, 'height', size)
  }
  // pngjs allocates `width | 0` pixels a side, and has none below one.
  const drawn = (size | 0) > 0
  pngjsDefaults(pngOpts)
  if (!drawn) {
    createDeflate(pngOpts)
    return new PngImage(null)
  }
  const { filterType, error } = filterTypeOf(pngOpts)
  const converting = converts(pngOpts)
  const rendererOpts = {
    deflateChunkSize: pngOpts.deflateChunkSize,
    deflateLevel: pngOpts.deflateLevel,
    deflateStrategy: pngOpts.deflateStrategy,
    deflateFactory: pngOpts.deflateFactory,
    bitDepth: pngOpts.bitDepth,
    colorType: pngOpts.colorType,
    inputColorType: pngOpts.inputColorType,
    inputHasAlpha: Boolean(pngOpts.inputHasAlpha),
    // Read now, though pngjs reads it as it packs, a tick later; only where
    // pngjs reads it at all.
    bgColor: converting ? backgroundOf(pngOpts) : undefined,
    filterType,
  }
  if (typeof rendererOpts.deflateFactory !== 'function') createDeflate(pngOpts)
  // The raster calls read a symbol's size and modules alone.
  const symbol = /** @type {import('../../index').qr.QrSymbol} */ ({ size: qrData.modules.size, modules: qrData.modules.data })
  /** @type {any} */
  let deflate
  const engineOptions = {
    ...rasterOptions(opts),
    png: /** @type {const} */ ('qrcode'),
    rendererOpts: { ...rendererOpts, deflateFactory: () => (deflate ??= createDeflate(pngOpts)) },
  }
  const begin = () => qr.toPngStream(symbol, engineOptions)
  const onPack = () => {
    if (converting) fillBackground(pngOpts)
  }
  if (mayBeRefused(size, rendererOpts)) return new PngImage(begin(), error, onPack)
  // pngjs makes its deflate stream as the image is set up, so zlib refuses
  // bad settings (and a caller's factory runs, or throws) before the call returns.
  deflate = createDeflate(pngOpts)
  return new PngImage(begin, error, onPack)
}

/**
 * @param {QrcodeSymbol} qrData
 * @param {any} options the caller's (or, in qrcode's `(qrData, cb)` form, the callback)
 * @param {(error: unknown, url?: string) => void} cb
 */
function renderToDataURL(qrData, options, cb) {
  if (typeof cb === 'undefined') {
    cb = options
    options = undefined
  }
  renderToBuffer(qrData, options, (err, output) => {
    // qrcode goes on after an error here, and so fails a second time (its
    // callback then sees that TypeError too).
    if (err) cb(err)
    cb(null, 'data:image/png;base64,' + /** @type {Buffer} */ (output).toString('base64'))
  })
}

/**
 * @param {QrcodeSymbol} qrData
 * @param {any} options the caller's (or, in qrcode's `(qrData, cb)` form, the callback)
 * @param {(error: unknown, buffer?: Buffer) => void} cb
 */
function renderToBuffer(qrData, options, cb) {
  if (typeof cb === 'undefined') {
    cb = options
    options = undefined
  }
  const png = render(qrData, options)
  /** @type {Buffer[]} */
  const chunks = []
  png.on('error', cb)
  png.on('data', (chunk) => chunks.push(chunk))
  png.on('end', () => cb(null, Buffer.concat(chunks)))
  png.pack()
}

/**
 * @param {string} path
 * @param {QrcodeSymbol} qrData
 * @param {any} options the caller's (or, in qrcode's `(qrData, cb)` form, the callback)
 * @param {(error?: unknown) => void} cb
 */
function renderToFile(path, qrData, options, cb) {
  if (typeof cb === 'undefined') {
    cb = options
    options = undefined
  }
  let called = false
  const done = (/** @type {[error?: unknown]} */ ...args) => {
    if (called) return
    called = true
    cb(...args)
  }
  const stream = fs.createWriteStream(path)
  stream.on('error', done)
  stream.on('close', done)
  renderToFileStream(stream, qrData, options)
}

/**
 * @param {any} stream the caller's destination: anything `pipe` writes to
 * @param {QrcodeSymbol} qrData
 * @param {any} options the caller's
 */
function renderToFileStream(stream, qrData, options) {
  const png = render(qrData, options)
  // A failure while packing goes to the destination, rather than being
  // thrown from a tick of its own as pngjs throws it.
  if (png.packError) png.on('error', (error) => stream.emit('error', error))
  png.pack().pipe(stream)
}

module.exports = { render, renderToDataURL, renderToBuffer, renderToFile, renderToFileStream }
