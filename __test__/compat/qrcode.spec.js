'use strict'

// totp-native/compat/qrcode against the real qrcode 1.5.4 (a devDependency),
// side by side: PNG images, calling conventions, files and streams. Strings,
// symbols and their errors on generated cases are in
// compat-qrcode-strings.spec.js, segment arrays and Kanji mode in their own
// files, the ways the module is loaded and mocked in
// compat-qrcode-modules.spec.js.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { PassThrough } = require('node:stream')
const { PNG } = require('pngjs')
const QRCode = require('qrcode')
const compat = require('../../compat/qrcode')
const { ALPHABETS, cases, outcome } = require('../compat/qrcode-cases')
const { caseCount, timeout } = require('../helpers')

const URI = 'otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co'

// The PNG cases: options qrcode draws something sensible for.
const PNG_VALUES = {
  errorCorrectionLevel: [undefined, 'L', 'M', 'Q', 'H', 'low', 'Medium', 'QUARTILE', 'high', 'x', '', 3, null, { bit: 2 }, { bit: 9 }],
  version: [undefined, 1, 2, 5, 10, 40, 0, 41, -1, 7.9, '6', 'six', NaN, null],
  maskPattern: [undefined, 0, 3, 7, 8, -1, 2.5, '4', 'x', null, ''],
  margin: [undefined, null, 0, 1, 2, 4, 6, -2, 3],
  scale: [undefined, 0, 1, 2, 3.5, 8],
  width: [undefined, 0, 10, 21, 64, 100, 333.3],
  dark: [undefined, '#000', '#000000', '#123456', '#AbCdEf', '1234', 'abcdef80', '#fff', 0x123456, '', 'zz', '#12345', 'red'],
  light: [undefined, '#fff', '#ffffff', '#ffffff00', '#00000000', '#000', 'FFFFFF', '#eeeeeecc', 42, '1234567890'],
}
const PNG_ALPHABETS = ALPHABETS.slice(0, 4)

function pixels(png) {
  const image = PNG.sync.read(png)
  return { width: image.width, height: image.height, data: image.data.toString('base64') }
}

/** Copies, because both packages give the options object a `color`. */
const clone = (options) => structuredClone(options)

// ---------------------------------------------------------------------------

describe('the same answers as qrcode, on random texts and options', () => {
  const count = caseCount(25)
  test(`toBuffer and toDataURL: the same pixels, or the same errors, on ${count} random cases`, async () => {
    let images = 0
    // qrcode's PNG encoder is the slow side: short texts keep this quick.
    for (const { text, options } of cases(200, count, { alphabets: PNG_ALPHABETS, values: PNG_VALUES }).map(({ text, options }) => ({ text: text.slice(0, 80), options }))) {
      const theirs = await outcome(() => QRCode.toBuffer(text, clone(options)))
      const ours = await outcome(() => compat.toBuffer(text, clone(options)))
      if (ours.error && ours.error.includes('does not support')) continue
      if (theirs.error) {
        expect({ text, options, error: ours.error }).toEqual({ text, options, error: theirs.error })
        continue
      }
      expect(ours.error).toBeUndefined()
      expect(pixels(ours.value)).toEqual(pixels(theirs.value))
      const url = await compat.toDataURL(text, clone(options))
      expect(url.startsWith('data:image/png;base64,')).toBe(true)
      expect(pixels(Buffer.from(url.slice(22), 'base64'))).toEqual(pixels(theirs.value))
      images++
    }
    expect(images).toBeGreaterThan(count * 0.3)
  }, timeout(120_000))

  test('the options object is given a color, as qrcode gives it one', async () => {
    const theirs = {}
    const ours = {}
    await QRCode.toString(URI, theirs)
    await compat.toString(URI, ours)
    expect(ours).toEqual(theirs)
    expect(ours.color).toEqual({})
  })
})

describe('calling conventions', () => {
  test('a missing text throws synchronously, even where a promise would be returned', () => {
    for (const call of ['toString', 'toDataURL', 'toBuffer']) {
      expect(() => QRCode[call]()).toThrow('String required as first argument')
      expect(() => compat[call]()).toThrow('String required as first argument')
    }
  })

  test('toString with a callback calls it before returning, and returns the string too', () => {
    const seen = { theirs: [], ours: [] }
    const theirs = QRCode.toString(URI, { type: 'svg' }, (error, svg) => seen.theirs.push([error, svg]))
    const ours = compat.toString(URI, { type: 'svg' }, (error, svg) => seen.ours.push([error, svg]))
    expect(ours).toBe(theirs)
    expect(seen.ours).toEqual(seen.theirs)
    expect(seen.ours).toEqual([[null, theirs]])
    expect(compat.toString(URI, () => {})).toBe(QRCode.toString(URI, () => {}))
  })

  test('a callback receives the error instead of a throw, synchronously for strings', () => {
    const errors = { theirs: [], ours: [] }
    expect(QRCode.toString('', (error) => errors.theirs.push(error.message))).toBeUndefined()
    expect(compat.toString('', (error) => errors.ours.push(error.message))).toBeUndefined()
    expect(errors.ours).toEqual(errors.theirs)
    expect(errors.ours).toEqual(['No input text'])
  })

  test('image callbacks are called later, with the same data URL and buffer', async () => {
    const call = (module, name, ...args) =>
      new Promise((resolve) => {
        let returned
        const result = module[name](...args, (error, value) => resolve({ error, value, returned, sync: returned === undefined }))
        returned = result === undefined ? 'undefined' : result
      })
    for (const name of ['toDataURL', 'toBuffer']) {
      const theirs = await call(QRCode, name, URI, { scale: 2 })
      const ours = await call(compat, name, URI, { scale: 2 })
      expect([ours.error, ours.returned, ours.sync]).toEqual([theirs.error, theirs.returned, theirs.sync])
      const png = (value) => (typeof value === 'string' ? Buffer.from(value.slice(22), 'base64') : value)
      expect(pixels(png(ours.value))).toEqual(pixels(png(theirs.value)))
    }
  })

  test('promises reject with the same errors', async () => {
    for (const [text, options] of [
      ['', undefined],
      [42, undefined],
      ['x'.repeat(3000), { errorCorrectionLevel: 'H' }],
      [URI, { version: 1 }],
      [URI, { color: { dark: true } }],
      [URI, { color: { light: '#12345' } }],
      [URI, { type: 'svg' }],
    ]) {
      const theirs = await outcome(() => QRCode.toDataURL(text, options && clone(options)))
      const ours = await outcome(() => compat.toDataURL(text, options && clone(options)))
      expect({ text: String(text).slice(0, 20), ...ours }).toEqual({ text: String(text).slice(0, 20), ...theirs })
      expect(ours.error).toBeDefined()
    }
  })

  test('null options beside a callback fail as in qrcode', () => {
    const message = (call) => {
      try {
        call()
        return undefined
      } catch (error) {
        return `${error.constructor.name}: ${error.message}`
      }
    }
    expect(message(() => compat.toDataURL(URI, null, () => {}))).toBe(message(() => QRCode.toDataURL(URI, null, () => {})))
    expect(message(() => compat.toDataURL(URI, null, () => {}))).toMatch(/^TypeError/)
  })
})

describe('files and streams', () => {
  let dir
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compat-qrcode-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  test.each([
    ['qr.svg', undefined],
    ['qr.SVG', undefined],
    ['qr.txt', undefined],
    ['qr.png', undefined],
    ['qr', undefined],
    ['.svg', undefined],
    ['qr.png', { type: 'svg' }],
    ['qr.svg', { type: 'utf8', margin: 2 }],
  ])('toFile(%p, text, %p) writes what qrcode writes', async (name, options) => {
    const theirs = path.join(dir, `theirs-${name}`)
    const ours = path.join(dir, `ours-${name}`)
    await QRCode.toFile(theirs, URI, options && clone(options))
    await compat.toFile(ours, URI, options && clone(options))
    const [a, b] = [fs.readFileSync(theirs), fs.readFileSync(ours)]
    if (a.subarray(1, 4).toString() === 'PNG') expect(pixels(b)).toEqual(pixels(a))
    else expect(b.toString()).toBe(a.toString())
  })

  test('toFile with a callback, and its argument checks', async () => {
    const file = path.join(dir, 'callback.svg')
    const error = await new Promise((resolve) => compat.toFile(file, URI, { margin: 1 }, resolve))
    expect(error).toBeNull()
    expect(fs.readFileSync(file, 'utf8')).toBe(
      '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' +
        (await QRCode.toString(URI, { type: 'svg', margin: 1 })),
    )
    expect(() => compat.toFile(42, URI)).toThrow('Invalid argument')
    expect(() => QRCode.toFile(42, URI)).toThrow('Invalid argument')
  })

  test('toFileStream pipes the PNG into the stream, and emits errors on it', async () => {
    const collect = (module, text) =>
      new Promise((resolve) => {
        const stream = new PassThrough()
        const chunks = []
        stream.on('data', (chunk) => chunks.push(chunk))
        stream.on('end', () => resolve({ png: Buffer.concat(chunks) }))
        stream.on('error', (error) => resolve({ error: error.message }))
        module.toFileStream(stream, text, { scale: 3 })
      })
    const theirs = await collect(QRCode, URI)
    const ours = await collect(compat, URI)
    expect(pixels(ours.png)).toEqual(pixels(theirs.png))
    expect(await collect(compat, '')).toEqual(await collect(QRCode, ''))
    expect(() => compat.toFileStream(new PassThrough())).toThrow('Too few arguments provided')
  })

  test('toFileStream: a write a chunk, and end() in the tick of the last write, as with qrcode', async () => {
    const record = (module) =>
      new Promise((resolve) => {
        const calls = []
        let lastWriteTick = null
        const stream = new PassThrough()
        const { write, end } = stream
        stream.write = function (chunk, ...rest) {
          const tick = {}
          lastWriteTick = tick
          process.nextTick(() => {
            if (lastWriteTick === tick) lastWriteTick = null
          })
          calls.push(['write', chunk.toString('latin1', 4, 8)])
          return write.call(this, chunk, ...rest)
        }
        stream.end = function (...args) {
          calls.push(['end', lastWriteTick === null ? 'a tick after the last write' : 'with the last write'])
          resolve(calls)
          return end.apply(this, args)
        }
        stream.resume()
        module.toFileStream(stream, URI, { scale: 3 })
      })
    const theirs = await record(QRCode)
    expect(theirs.at(-1)).toEqual(['end', 'with the last write'])
    expect(await record(compat)).toEqual(theirs)
  })

  test('toFile begins the image in the tick after the call, once the file is being opened, as pngjs does', async () => {
    // Where each package begins the image: pngjs filters the rows as it
    // packs; the drop-in asks the engine for the PNG.
    const packer = require(require.resolve('pngjs/lib/packer', { paths: [path.dirname(require.resolve('qrcode'))] }))
    const { qr } = require('../..')
    const observe = async (module, owner, method) => {
      const order = []
      const [realOpen, realBegin] = [fs.open, owner[method]]
      fs.open = function (...args) {
        order.push('open')
        return realOpen.apply(this, args)
      }
      owner[method] = function (...args) {
        order.push('image')
        return realBegin.apply(this, args)
      }
      try {
        const written = module.toFile(path.join(dir, 'order.png'), URI)
        order.push('returned')
        await written
      } finally {
        fs.open = realOpen
        owner[method] = realBegin
      }
      return order
    }
    const theirs = await observe(QRCode, packer.prototype, 'filterData')
    expect(theirs).toEqual(['returned', 'open', 'image'])
    expect(await observe(compat, qr, 'toPngStream')).toEqual(theirs)
  })
})
