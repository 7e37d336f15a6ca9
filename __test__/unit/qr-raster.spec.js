'use strict'

// The raster calls of the native API: qr.toImageData (the RGBA pixels qrcode
// draws), png: 'qrcode' (qrcode's own PNG file, byte for byte) and
// qr.toPngStream. Expected values come from qrcode 1.5.4 itself, decoded
// with pngjs where pixels are compared.

const { constants } = require('node:buffer')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { pipeline } = require('node:stream/promises')
const { PNG } = require('pngjs')
const QRCode = require('qrcode')
const { qr } = require('../..')
const { timeout } = require('../helpers')

const URI = 'otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME'

/** qrcode's PNG for the same text and options, decoded to RGBA. */
async function qrcodePixels(text, options) {
  const image = PNG.sync.read(await QRCode.toBuffer(text, structuredClone(options)))
  return { width: image.width, height: image.height, data: Buffer.from(image.data) }
}

const OPTIONS = [
  {},
  { scale: 1 },
  { scale: 7, margin: 0 },
  { margin: 1.5, scale: 2.5 },
  { width: 333.3 },
  { width: 30 },
  { errorCorrectionLevel: 'H', color: { dark: '#12345680', light: '#abcdef00' } },
]

describe('qr.toImageData', () => {
  test.each(OPTIONS)('has the pixels of qrcode for %p', async (options) => {
    const expected = await qrcodePixels(URI, options)
    const image = await qr.toImageData(URI, options)
    expect(Object.prototype.toString.call(image.data)).toBe('[object Uint8ClampedArray]')
    expect({ width: image.width, height: image.height }).toEqual({ width: expected.width, height: expected.height })
    expect(Buffer.from(image.data).equals(expected.data)).toBe(true)
    const sync = qr.toImageDataSync(URI, options)
    expect(Buffer.from(sync.data).equals(expected.data)).toBe(true)
  })

  test('draws a symbol from qr.create as it draws its text', () => {
    const symbol = qr.create(URI, { errorCorrectionLevel: 'Q' })
    const fromSymbol = qr.toImageDataSync(symbol, { scale: 3 })
    const fromText = qr.toImageDataSync(URI, { scale: 3, errorCorrectionLevel: 'Q' })
    expect(Buffer.from(fromSymbol.data).equals(Buffer.from(fromText.data))).toBe(true)
  })

  test('goes up to 16384 pixels a side, the largest canvas a browser draws', async () => {
    // A 32-bit Node's largest Buffer (buffer.constants.MAX_LENGTH, 2^30 - 1
    // bytes) is one byte short of 16384² RGBA pixels: there that side is
    // refused, naming the option, and 16383 is the largest drawn.
    const fits = 16384 * 16384 * 4 <= constants.MAX_LENGTH
    if (!fits) {
      const options = { width: 16384, margin: 0 }
      expect(() => qr.toImageDataSync('A', options)).toThrow(RangeError)
      await expect(qr.toImageData('A', options)).rejects.toThrow(RangeError)
      await expect(qr.toImageData('A', options)).rejects.toMatchObject({ code: 'ERR_QR_INVALID_OPTION', option: 'width' })
    }
    const side = fits ? 16384 : 16383
    const image = await qr.toImageData('A', { width: side, margin: 0 })
    expect(image.width).toBe(side)
    expect(image.data.length).toBe(side * side * 4)
    const module = side / 21
    const at = (x, y) => Array.from(image.data.subarray((y * side + x) * 4, (y * side + x) * 4 + 4))
    // The top-left finder pattern: dark ring, light ring, dark centre.
    expect(at(0, 0)).toEqual([0, 0, 0, 255])
    expect(at(Math.floor(1.5 * module), Math.floor(1.5 * module))).toEqual([255, 255, 255, 255])
    expect(at(Math.floor(3.5 * module), Math.floor(3.5 * module))).toEqual([0, 0, 0, 255])
  }, timeout(60_000))

  test('refuses what makes no image, with a code and the option named', async () => {
    const cases = [
      [{ width: 16385 }, RangeError, /width/],
      [{ scale: 1000 }, RangeError, /scale/],
      [{ scale: 0.01 }, RangeError, /scale/],
      [{ margin: -1 }, RangeError, /margin/],
      [{ margin: NaN }, RangeError, /margin/],
      [{ color: { dark: 'red' } }, RangeError, /color\.dark/],
      [{ margin: '2' }, TypeError, /margin/],
    ]
    for (const [options, Class, message] of cases) {
      expect(() => qr.toImageDataSync(URI, options)).toThrow(Class)
      expect(() => qr.toImageDataSync(URI, options)).toThrow(message)
      await expect(qr.toImageData(URI, options)).rejects.toMatchObject({ code: 'ERR_QR_INVALID_OPTION' })
    }
    expect(() => qr.toImageDataSync({ size: 5, modules: new Uint8Array(7) })).toThrow(/symbol/)
    expect(() => qr.toImageDataSync({ size: 21 })).toThrow(TypeError)
    await expect(qr.toImageData('')).rejects.toMatchObject({ code: 'ERR_QR_NO_DATA' })
  })
})

describe("png: 'qrcode'", () => {
  test.each([
    ...OPTIONS,
    { rendererOpts: { deflateLevel: 1, deflateStrategy: 0 } },
    { rendererOpts: { colorType: 2, bgColor: { red: 0, green: 64, blue: 255 } }, color: { dark: '#00000080' } },
    { rendererOpts: { colorType: 0, bitDepth: 16, filterType: 4 } },
    { rendererOpts: { deflateChunkSize: 256 }, width: 600 },
  ])('is the file qrcode writes for %p', async (options) => {
    const expected = await QRCode.toBuffer(URI, structuredClone(options))
    expect((await qr.toBuffer(URI, { ...options, png: 'qrcode' })).equals(expected)).toBe(true)
    expect(await qr.toDataURL(URI, { ...options, png: 'qrcode' })).toBe(await QRCode.toDataURL(URI, structuredClone(options)))
  })

  test('is larger than the compact PNG, which stays the default', async () => {
    const compact = await qr.toBuffer(URI)
    const exact = await qr.toBuffer(URI, { png: 'qrcode' })
    expect(compact.equals(await qr.toBuffer(URI, { png: 'compact' }))).toBe(true)
    expect(compact.length).toBeLessThan(exact.length)
    expect(PNG.sync.read(compact).data.equals(PNG.sync.read(exact).data)).toBe(true)
  })

  test('needs the asynchronous calls, and a known encoding', async () => {
    expect(() => qr.toBufferSync(URI, { png: 'qrcode' })).toThrow(expect.objectContaining({ code: 'ERR_QR_INVALID_OPTION', name: 'RangeError' }))
    expect(() => qr.toDataURLSync(URI, { png: 'qrcode' })).toThrow(/asynchronous/)
    await expect(qr.toBuffer(URI, { png: 'jpeg' })).rejects.toThrow(RangeError)
    await expect(qr.toBuffer(URI, { png: 1 })).rejects.toThrow(TypeError)
  })

  test('refuses rendererOpts pngjs cannot pack; zlib refuses its own with its own errors', async () => {
    for (const [rendererOpts, Class, code] of [
      [{ bitDepth: 4 }, RangeError, 'ERR_QR_INVALID_OPTION'],
      [{ colorType: 3 }, RangeError, 'ERR_QR_INVALID_OPTION'],
      [{ filterType: 5 }, RangeError, 'ERR_QR_INVALID_OPTION'],
      [{ bgColor: { red: NaN } }, RangeError, 'ERR_QR_INVALID_OPTION'],
      [{ bitDepth: '8' }, TypeError, 'ERR_QR_INVALID_OPTION'],
      [{ deflateLevel: 12 }, RangeError, 'ERR_OUT_OF_RANGE'],
      [{ deflateChunkSize: 10 }, RangeError, 'ERR_OUT_OF_RANGE'],
    ]) {
      await expect(qr.toBuffer(URI, { png: 'qrcode', rendererOpts })).rejects.toThrow(Class)
      await expect(qr.toBuffer(URI, { png: 'qrcode', rendererOpts })).rejects.toMatchObject({ code })
      expect(() => qr.toPngStream(URI, { png: 'qrcode', rendererOpts })).toThrow(Class)
    }
  })
})

describe('qr.toPngStream', () => {
  /** The chunks as 'data' delivers them (reading would join them). */
  function chunks(stream) {
    return new Promise((resolve, reject) => {
      const all = []
      stream.on('data', (chunk) => all.push(chunk))
      stream.on('end', () => resolve(all))
      stream.on('error', reject)
    })
  }

  test("with png: 'qrcode', streams qrcode's chunks: signature, header, one IDAT a deflate piece, IEND", async () => {
    const pieces = await chunks(qr.toPngStream(URI, { png: 'qrcode', rendererOpts: { deflateChunkSize: 512 } }))
    const types = pieces.slice(1).map((piece) => piece.toString('latin1', 4, 8))
    expect(pieces[0].toString('latin1', 1, 4)).toBe('PNG')
    expect(types[0]).toBe('IHDR')
    expect(types.at(-1)).toBe('IEND')
    expect(types.slice(1, -1).every((type) => type === 'IDAT')).toBe(true)
    expect(types.length).toBeGreaterThan(4)
    const expected = await QRCode.toBuffer(URI, { rendererOpts: { deflateChunkSize: 512 } })
    expect(Buffer.concat(pieces).equals(expected)).toBe(true)
  })

  test('streams the compact PNG by default, into a file', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qr-raster-')), 'qr.png')
    await pipeline(qr.toPngStream(URI, { scale: 6 }), fs.createWriteStream(file))
    expect(fs.readFileSync(file).equals(await qr.toBuffer(URI, { scale: 6 }))).toBe(true)
    fs.rmSync(path.dirname(file), { recursive: true })
  })

  test('throws bad options at once, and emits data errors', async () => {
    expect(() => qr.toPngStream(URI, { scale: -1 })).toThrow(RangeError)
    expect(() => qr.toPngStream(42)).toThrow(TypeError)
    await expect(chunks(qr.toPngStream('x'.repeat(4000), { png: 'qrcode' }))).rejects.toMatchObject({ code: 'ERR_QR_DATA_TOO_LONG' })
    await expect(chunks(qr.toPngStream(''))).rejects.toMatchObject({ code: 'ERR_QR_NO_DATA' })
  })
})
