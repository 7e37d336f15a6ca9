'use strict'

// totp-native/compat/qrcode against the real qrcode 1.5.4 (a devDependency),
// side by side: the same calls on random texts and option sets — qrcode's
// fallbacks and failures included — must give the same strings, the same PNG
// pixels, the same symbols, the same errors (class and message) and the same
// calling conventions (callbacks, promises, synchronous throws).

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { PassThrough } = require('node:stream')
const { PNG } = require('pngjs')
const QRCode = require('qrcode')
const compat = require('../compat/qrcode')
const { seeded } = require('./helpers')

const URI = 'otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co'

// ---------------------------------------------------------------------------
// Random cases, from a seed so that a failure reproduces.

const ALPHABETS = [
  '0123456789',
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:',
  'abcdefghijklmnopqrstuvwxyz0123456789?&=#@',
  'é€ЖΩ中文✓😀 aB1',
]

const OPTION_VALUES = {
  errorCorrectionLevel: [undefined, 'L', 'M', 'Q', 'H', 'low', 'Medium', 'QUARTILE', 'high', 'x', '', 3, null, { bit: 2 }, { bit: 9 }],
  version: [undefined, 1, 2, 5, 10, 40, 0, 41, -1, 7.9, '6', 'six', NaN, null],
  maskPattern: [undefined, 0, 3, 7, 8, -1, 2.5, '4', 'x', null, ''],
  margin: [undefined, null, 0, 1, 2, 4, 6, -2, 3],
  scale: [undefined, 0, 1, 2, 3.5, 8],
  width: [undefined, 0, 10, 21, 64, 100, 333.3],
  dark: [undefined, '#000', '#000000', '#123456', '#AbCdEf', '1234', 'abcdef80', '#fff', 0x123456, '', 'zz', '#12345', 'red'],
  light: [undefined, '#fff', '#ffffff', '#ffffff00', '#00000000', '#000', 'FFFFFF', '#eeeeeecc', 42, '1234567890'],
}

function randomCase(random) {
  const alphabet = random.pick(ALPHABETS)
  const length = random.next() < 0.85 ? random.int(1, 60) : random.int(60, 700)
  let text = ''
  for (let i = 0; i < length; i++) text += Array.from(alphabet)[random.int(0, Array.from(alphabet).length - 1)]
  const options = {}
  for (const [name, values] of Object.entries(OPTION_VALUES)) {
    if (random.next() < 0.4) continue
    const value = random.pick(values)
    if (name === 'dark' || name === 'light') {
      if (value !== undefined) options.color = { ...options.color, [name]: value }
    } else if (value !== undefined) {
      options[name] = value
    }
  }
  return { text, options }
}

function cases(seed, count) {
  const random = seeded(seed)
  return Array.from({ length: count }, () => randomCase(random))
}

/** A call's outcome: its value, or its error's class and message. */
async function outcome(call) {
  try {
    return { value: await call() }
  } catch (error) {
    return { error: `${error && error.constructor && error.constructor.name}: ${error && error.message}` }
  }
}

function pixels(png) {
  const image = PNG.sync.read(png)
  return { width: image.width, height: image.height, data: image.data.toString('base64') }
}

/** Copies, because both packages give the options object a `color`. */
const clone = (options) => structuredClone(options)

// ---------------------------------------------------------------------------

describe('the same answers as qrcode, on random texts and options', () => {
  const types = ['svg', 'utf8', 'terminal', undefined]

  test.each(types)('toString with type %p: equal strings, or equal errors, on 250 random cases', async (type) => {
    let compared = 0
    let failures = 0
    for (const { text, options } of cases(100 + types.indexOf(type), 250)) {
      const withType = { ...options, type, small: type === 'terminal' ? options.margin === 2 : undefined }
      const theirs = await outcome(() => QRCode.toString(text, clone(withType)))
      const ours = await outcome(() => compat.toString(text, clone(withType)))
      if (ours.error && ours.error.includes('does not support')) continue
      expect({ text, options: withType, ...ours }).toEqual({ text, options: withType, ...theirs })
      compared++
      if (theirs.error) failures++
    }
    expect(compared).toBeGreaterThan(200)
    // Both outcomes occur: errors are compared, not only successes.
    expect(failures).toBeGreaterThan(10)
    expect(compared - failures).toBeGreaterThan(100)
  }, 120_000)

  test('toBuffer and toDataURL: the same pixels, or the same errors, on 80 random cases', async () => {
    let images = 0
    // qrcode's PNG encoder is the slow side: short texts keep this quick.
    for (const { text, options } of cases(200, 80).map(({ text, options }) => ({ text: text.slice(0, 80), options }))) {
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
    expect(images).toBeGreaterThan(25)
  }, 120_000)

  test('create: the same version, level, mask and modules, or the same errors, on 400 random cases', async () => {
    let symbols = 0
    for (const { text, options } of cases(300, 400)) {
      const theirs = await outcome(() => QRCode.create(text, options))
      const ours = await outcome(() => compat.create(text, options))
      if (ours.error && ours.error.includes('does not support')) continue
      if (theirs.error) {
        expect(ours.error).toBe(theirs.error)
        continue
      }
      const shape = (symbol) => ({
        version: symbol.version,
        errorCorrectionLevel: symbol.errorCorrectionLevel.bit,
        maskPattern: symbol.maskPattern,
        size: symbol.modules.size,
        modules: Buffer.from(symbol.modules.data).toString('base64'),
        corner: [symbol.modules.get(0, 0), symbol.modules.get(7, 7), symbol.modules.get(8, symbol.modules.size - 1)],
      })
      expect({ text, options, ...shape(ours.value) }).toEqual({ text, options, ...shape(theirs.value) })
      symbols++
    }
    expect(symbols).toBeGreaterThan(250)
  }, 120_000)

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

  test('what qrcode would draw meaninglessly is refused clearly, with a code', async () => {
    for (const options of [{ color: { dark: '#12345zz' } }, { color: { dark: '1234567' } }, { margin: 1.5 }, { margin: '2' }]) {
      const { error } = await outcome(() => compat.toString(URI, { ...options, type: 'svg' }))
      expect(error).toMatch(/does not support/)
    }
    expect(() => compat.create(URI, { toSJISFunc: () => 0 })).toThrow(expect.objectContaining({ code: 'ERR_QR_COMPAT_UNSUPPORTED' }))
    expect(() => compat.create([{ data: 'A', mode: 'alphanumeric' }])).toThrow(/segment arrays/)
    const huge = await outcome(() => compat.toBuffer(URI, { width: 1e6 }))
    expect(huge.error).toMatch(/^RangeError: .*width/)
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
})

test('ESM: the default import and the named imports are the CommonJS module', () => {
  // In a child node: jest runs this file as CommonJS.
  const result = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `
      import QRCode, * as named from 'totp-native/compat/qrcode'
      import { createRequire } from 'node:module'
      const required = createRequire(import.meta.url)('totp-native/compat/qrcode')
      const names = Object.keys(named).filter((name) => name !== 'default').sort()
      console.log(JSON.stringify({ names, sameDefault: QRCode === required, sameFunctions: names.every((name) => named[name] === required[name]) }))
      `,
    ],
    { cwd: path.resolve(__dirname, '..'), encoding: 'utf8' },
  )
  expect(result.stderr).toBe('')
  expect(JSON.parse(result.stdout)).toEqual({
    names: Object.keys(compat).sort(),
    sameDefault: true,
    sameFunctions: true,
  })
})
