'use strict'

// compat/qrcode's toCanvas against qrcode 1.5.4's, both drawing into
// @napi-rs/canvas canvases (a real 2D canvas, Skia underneath): the same
// canvas size and style, the same pixels read back one by one, the same
// argument forms, callbacks, promises and errors.

const { createCanvas } = require('@napi-rs/canvas')
const QRCode = require('qrcode')
const compat = require('../../compat/qrcode')
const { seeded, caseCount, timeout } = require('../helpers')

const URI = 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME'

const OPTION_VALUES = {
  errorCorrectionLevel: ['L', 'M', 'Q', 'H'],
  margin: [0, 1, 2, 4, 0.5, 1.75, '3', -1, null],
  scale: [1, 2, 3, 2.5, '4', 0],
  width: [21, 60, 150, 200.5, '120'],
  dark: ['#000', '#123456', '#AbCdEf80', 'red', '#gg0000', '1234567', '#12345g', '#0000ff44'],
  light: ['#fff', '#ffffff00', '#eeeeeecc', 'blue', '##ffffff'],
}

function cases(seed, count) {
  const random = seeded(seed)
  return Array.from({ length: count }, () => {
    const options = {}
    for (const [name, values] of Object.entries(OPTION_VALUES)) {
      if (random.next() < 0.5) continue
      const value = random.pick(values)
      if (name === 'dark' || name === 'light') options.color = { ...options.color, [name]: value }
      else options[name] = value
    }
    const text = random.pick([URI, 'HELLO WORLD', '0123456789'.repeat(random.int(1, 20)), 'é€ЖΩ中✓'.repeat(random.int(1, 5))])
    return { text, options }
  })
}

/** What a canvas shows: its size, its style, and every pixel read back. */
function shown(canvas) {
  const { width, height } = canvas
  const pixels = width > 0 && height > 0 ? Buffer.from(canvas.getContext('2d').getImageData(0, 0, width, height).data) : Buffer.alloc(0)
  return { width, height, style: { ...canvas.style }, pixels }
}

/** The first pixel where two canvases differ, to say where a failure is. */
function firstDifference(a, b) {
  for (let i = 0; i < Math.max(a.pixels.length, b.pixels.length); i += 4) {
    if (a.pixels.readUInt32BE(i) !== b.pixels.readUInt32BE(i)) return { x: (i / 4) % a.width, y: Math.floor(i / 4 / a.width) }
  }
  return null
}

function outcome(call) {
  try {
    return { value: call() }
  } catch (error) {
    return { error: `${error.constructor.name}: ${error.message}` }
  }
}

describe('toCanvas draws what qrcode draws', () => {
  const canvases = caseCount(100)
  test(`the same canvas, pixel by pixel, on ${canvases} random texts and options`, async () => {
    let drawn = 0
    for (const [index, { text, options }] of cases(7, canvases).entries()) {
      const [theirs, ours] = [createCanvas(1, 1), createCanvas(1, 1)]
      const expected = await QRCode.toCanvas(theirs, text, structuredClone(options)).then(shown, (e) => `${e.constructor.name}: ${e.message}`)
      const actual = await compat.toCanvas(ours, text, structuredClone(options)).then(shown, (e) => `${e.constructor.name}: ${e.message}`)
      if (typeof expected === 'string') {
        expect({ index, options, actual }).toEqual({ index, options, actual: expected })
        continue
      }
      expect({ index, options, width: actual.width, style: actual.style }).toEqual({ index, options, width: expected.width, style: expected.style })
      expect({ index, options, difference: firstDifference(expected, actual) }).toEqual({ index, options, difference: null })
      expect(actual.pixels.equals(expected.pixels)).toBe(true)
      drawn++
    }
    expect(drawn).toBeGreaterThan(canvases * 0.8)
  }, timeout(120_000))

  test('a canvas already drawn on is cleared and resized', async () => {
    const [theirs, ours] = [createCanvas(500, 300), createCanvas(500, 300)]
    for (const canvas of [theirs, ours]) {
      const context = canvas.getContext('2d')
      context.fillStyle = '#f00'
      context.fillRect(0, 0, 500, 300)
    }
    await QRCode.toCanvas(theirs, URI, { color: { light: '#ffffff00' } })
    await compat.toCanvas(ours, URI, { color: { light: '#ffffff00' } })
    expect(shown(ours)).toEqual(shown(theirs))
  })
})

describe('toCanvas calling conventions', () => {
  test('(canvas, text, callback) and (canvas, text, options, callback) call back at once with the canvas', () => {
    for (const args of [[URI], [URI, { scale: 2 }]]) {
      const canvas = createCanvas(1, 1)
      let called
      compat.toCanvas(canvas, ...args, (error, result) => {
        called = { error, same: result === canvas }
      })
      expect(called).toEqual({ error: null, same: true })
    }
  })

  test('without a canvas or a document, the same error, called back or rejected', async () => {
    const calls = (lib) => {
      const seen = []
      lib.toCanvas(URI, (error) => seen.push(error.message))
      lib.toCanvas(URI, { scale: 2 }, (error) => seen.push(error.message))
      return seen
    }
    expect(calls(compat)).toEqual(calls(QRCode))
    expect(calls(compat)).toEqual(['You need to specify a canvas element', 'You need to specify a canvas element'])
    await expect(compat.toCanvas(URI)).rejects.toThrow('You need to specify a canvas element')
    await expect(compat.toCanvas(URI, {})).rejects.toThrow('You need to specify a canvas element')
  })

  test('with a document, a canvas of its own is made, as in a browser', async () => {
    global.document = { createElement: (tag) => (tag === 'canvas' ? createCanvas(1, 1) : null) }
    try {
      const [theirs, ours] = [await QRCode.toCanvas(URI, { scale: 3 }), await compat.toCanvas(URI, { scale: 3 })]
      expect(shown(ours)).toEqual(shown(theirs))
      expect(ours.width).toBe(theirs.width)
    } finally {
      delete global.document
    }
  })

  test('the same errors, in the same way, for bad input', async () => {
    const canvas = () => createCanvas(1, 1)
    for (const [text, options] of [
      ['', {}],
      ['x'.repeat(3000), {}],
      [URI, { version: 1 }],
      [URI, { color: { dark: '#12345' } }],
      [URI, { color: { light: {} } }],
      [42, {}],
    ]) {
      const theirs = await QRCode.toCanvas(canvas(), text, options).then(
        () => 'drawn',
        (e) => e.message,
      )
      const ours = await compat.toCanvas(canvas(), text, options).then(
        () => 'drawn',
        (e) => e.message,
      )
      expect({ text: String(text).slice(0, 20), options, ours }).toEqual({ text: String(text).slice(0, 20), options, ours: theirs })
      let sync = 'later'
      compat.toCanvas(canvas(), text, options, () => (sync = sync === 'later' ? 'at once' : sync))
      expect(sync).toBe('at once')
    }
    expect(outcome(() => compat.toCanvas())).toEqual(outcome(() => QRCode.toCanvas()))
    expect(outcome(() => compat.toCanvas(() => {}))).toEqual(outcome(() => QRCode.toCanvas(() => {})))
    expect(outcome(() => compat.toCanvas(undefined, URI, () => {}))).toEqual(outcome(() => QRCode.toCanvas(undefined, URI, () => {})))
  })

  test('an image wider than the raster cap is refused with a RangeError naming the width', async () => {
    await expect(compat.toCanvas(createCanvas(1, 1), URI, { width: 20_000 })).rejects.toThrow(RangeError)
    await expect(compat.toCanvas(createCanvas(1, 1), URI, { width: 20_000 })).rejects.toThrow(/width/)
  })
})

describe('a canvas whose image data is not a Uint8ClampedArray', () => {
  // Canvases made by hand in tests, or odd polyfills, hand back other data:
  // qrcode writes its pixels in one by one, whatever the data is, and so
  // must the drop-in (a fast copy is only for real canvases' data).
  function fakeCanvas(makeData) {
    const canvas = { width: 0, height: 0, style: {}, getContext: () => context }
    const context = {
      createImageData: (width, height) => ({ width, height, data: makeData(width * height * 4) }),
      clearRect() {},
      putImageData(image) {
        canvas.image = image
      },
    }
    return canvas
  }

  /** How one library's toCanvas ends on such a canvas: what it wrote, or its error. */
  function drawn(library, makeData) {
    return new Promise((resolve) => {
      const canvas = fakeCanvas(makeData)
      try {
        library.toCanvas(canvas, 'HELLO', {}, (error) => {
          if (error) return resolve({ error: `${error.constructor.name}: ${error.message}` })
          const { data } = canvas.image
          resolve({ width: canvas.width, kind: data.constructor.name, written: Object.entries(data).length, first: [data[0], data[3], data[4]] })
        })
      } catch (error) {
        resolve({ thrown: `${error.constructor.name}: ${error.message}` })
      }
    })
  }

  test.each([
    ['a DataView', (n) => new DataView(new ArrayBuffer(n))],
    ['a Float32Array', (n) => new Float32Array(n)],
    ['a plain array', (n) => new Array(n)],
    ['a Uint8ClampedArray too short', () => new Uint8ClampedArray(10)],
    ['a BigInt64Array', (n) => new BigInt64Array(n)],
  ])('%s gets what qrcode writes into it', async (_, makeData) => {
    expect(await drawn(compat, makeData)).toEqual(await drawn(QRCode, makeData))
  })
})
