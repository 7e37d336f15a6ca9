'use strict'

// Segment arrays — `create([{ data, mode }])`, `['text']`, byte-mode Buffer,
// Uint8Array and Uint8ClampedArray data — through totp-native/compat/qrcode
// and qrcode 1.5.4 side by side, on generated arrays: the same symbols and
// segments, the same strings, or the same errors. Kanji mode stays off in
// this file (qrcode keeps it on once asked; see compat-qrcode-kanji.spec.js),
// so `mode: 'kanji'` means byte data here, as it does in qrcode.

const QRCode = require('qrcode')
const compat = require('../../compat/qrcode')
const { seeded, timeout } = require('../helpers')
const { randomText, forModule, outcome, symbolShape, label, tally } = require('../compat/qrcode-cases')

const count = tally('compat/qrcode segment arrays against qrcode 1.5.4')

const MODES = [undefined, 'numeric', 'alphanumeric', 'byte', 'kanji', 'Byte', 'NUMERIC', 'Alphanumeric', 'unknown', '', 42]
const SHORT = ['0123456789', '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:', 'abcdef0123ABC', 'é€ЖΩ中文😀 aB1', '漢字かなカナ']

/** One element of a segment array, as callers write them — sensible and not. */
function randomSegment(random) {
  const text = randomText(random, SHORT).slice(0, random.int(1, 40))
  const mode = random.pick(MODES)
  switch (random.int(0, 11)) {
    case 0:
    case 1:
      return text
    case 2:
      return { data: Buffer.from(random.bytes(random.int(1, 30))), mode: random.pick(['byte', undefined, 'byte']) }
    case 3:
      return { data: new Uint8Array(random.bytes(random.int(0, 30))), mode: random.pick(['byte', undefined]) }
    case 4:
      return { data: new Uint8ClampedArray(random.bytes(random.int(1, 10))), mode: 'byte' }
    case 5:
      // A Buffer of text, with no mode: qrcode chooses by its text.
      return { data: Buffer.from(random.pick(['12345', 'HELLO WORLD', 'hello', '987654321', 'AB', 'HELLO WORLD1', 'A+B'])), mode: random.pick([undefined, 'byte']) }
    case 6:
      return random.pick([{ data: '' }, { data: 0 }, { data: null }, { mode: 'byte' }, 17, true, { data: 123, mode: 'numeric' }, { data: [1, 2, 300], mode: 'byte' }])
    case 7:
      // A mode object from a create result, passed back.
      return { data: text, mode: { perModule: (module) => module.create(text).segments[0].mode } }
    default:
      return { data: text, mode }
  }
}

function randomArray(random) {
  const count = random.next() < 0.1 ? 0 : random.int(1, random.next() < 0.8 ? 4 : 40)
  return Array.from({ length: count }, () => randomSegment(random))
}

const OPTIONS = [{}, { errorCorrectionLevel: 'H' }, { errorCorrectionLevel: 'L', version: 2 }, { version: 40, maskPattern: 5 }, { margin: 1 }]

describe('segment arrays: the same results as qrcode on 1500 generated arrays', () => {
  test('create: symbols, reserved modules and segments, or the same errors', async () => {
    const random = seeded(4000)
    let symbols = 0
    let errors = 0
    let unsupported = 0
    for (let i = 0; i < 1500; i++) {
      const array = randomArray(random)
      const options = random.pick(OPTIONS)
      const theirs = await outcome(() => symbolShape(QRCode.create(forModule(array, QRCode), { ...options })))
      const ours = await outcome(() => symbolShape(compat.create(forModule(array, compat), { ...options })))
      if (ours.error && ours.error.includes('does not support')) {
        // Only where qrcode writes bits no character stands for.
        expect(ours.error).toMatch(/invalid characters|Kanji segments of non-text/)
        count('create', 'refused')
        unsupported++
        continue
      }
      expect({ case: label(array, options), ...ours }).toEqual({ case: label(array, options), ...theirs })
      count('create', theirs)
      if (theirs.error) errors++
      else symbols++
    }
    expect(symbols).toBeGreaterThan(700)
    expect(errors).toBeGreaterThan(100)
    expect(unsupported).toBeLessThan(60)
  }, timeout(300_000))

  test('toString (utf8 and SVG): the same strings, or the same errors', async () => {
    const random = seeded(4100)
    let strings = 0
    for (let i = 0; i < 400; i++) {
      const array = randomArray(random)
      const options = { ...random.pick(OPTIONS), type: random.pick(['utf8', 'svg']) }
      const theirs = await outcome(() => QRCode.toString(forModule(array, QRCode), { ...options }))
      const ours = await outcome(() => compat.toString(forModule(array, compat), { ...options }))
      if (ours.error && ours.error.includes('does not support')) {
        count('toString', 'refused')
        continue
      }
      expect({ case: label(array, options), ...ours }).toEqual({ case: label(array, options), ...theirs })
      count('toString', theirs)
      if (theirs.value) strings++
    }
    expect(strings).toBeGreaterThan(200)
  }, timeout(120_000))
})

describe('segment arrays, case by case', () => {
  test('qrcode README and test cases: mixed modes, byte data, plain strings', () => {
    for (const array of [
      [{ data: 'ABCDEFG', mode: 'alphanumeric' }, { data: '0123456', mode: 'numeric' }],
      [{ data: new Uint8ClampedArray([253, 254, 255]), mode: 'byte' }],
      [{ data: new Uint8ClampedArray([1, 2, 3, 4, 5]), mode: 'byte' }],
      [{ data: 'abcdefg', mode: 'byte' }],
      [{ data: '12345678901234567', mode: 'numeric' }],
      ['text'],
      ['HELLO', '123', 'world'],
      [],
      [''],
    ]) {
      expect(symbolShape(compat.create(array))).toEqual(symbolShape(QRCode.create(array)))
    }
  })

  test('data a mode cannot hold fails with qrcode message, naming the mode it needs', () => {
    for (const array of [[{ data: 'abc', mode: 'numeric' }], [{ data: 'abc', mode: 'alphanumeric' }], [{ data: '漢字', mode: 'alphanumeric' }], [{ data: 'A1', mode: 'NUMERIC' }]]) {
      const theirs = (() => {
        try {
          QRCode.create(array)
        } catch (error) {
          return error.message
        }
      })()
      expect(() => compat.create(array)).toThrow(theirs)
      expect(theirs).toMatch(/cannot be encoded with mode .*\n Suggested mode is: /)
    }
  })

  test('a Buffer of alphanumeric text with no mode is written as qrcode writes it (its bug)', () => {
    // qrcode reads the Buffer's text as alphanumeric, then looks its bytes
    // (numbers) up among the characters and writes what that gives.
    const array = [{ data: Buffer.from('HELLO WORLD1') }]
    expect(symbolShape(compat.create(array))).toEqual(symbolShape(QRCode.create(array)))
    expect(QRCode.create(array).segments[0].mode.id).toBe('Alphanumeric')
    // An odd one ends in a 6-bit 63, which no character is: refused, clearly.
    expect(() => compat.create([{ data: Buffer.from('HELLO') }])).toThrow(expect.objectContaining({ code: 'ERR_QR_COMPAT_UNSUPPORTED' }))
  })

  test('entries qrcode cannot read fail with its TypeErrors', () => {
    for (const array of [[null], [undefined], ['A', null]]) {
      const message = (module) => {
        try {
          module.create(array)
        } catch (error) {
          return `${error.constructor.name}: ${error.message}`
        }
      }
      expect(message(compat)).toBe(message(QRCode))
      expect(message(compat)).toMatch(/^TypeError/)
    }
  })
})
