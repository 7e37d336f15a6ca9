'use strict'

// Kanji mode through `toSJISFunc`, totp-native/compat/qrcode against qrcode
// 1.5.4 side by side, with qrcode's own `helper/to-sjis` as the function:
// generated Kanji texts and segment arrays, the same symbols, segments,
// strings and errors. qrcode keeps the last `toSJISFunc` it was given for
// every later call of the process, so this file's calls run in one order on
// both packages, and the first test checks that stickiness itself.

const QRCode = require('qrcode')
const qrcodeToSJIS = require('qrcode/helper/to-sjis')
const compat = require('../../compat/qrcode')
const ourToSJIS = require('../../compat/qrcode/helper/to-sjis')
const { qr } = require('../..')
const { seeded, timeout } = require('../helpers')
const { forModule, outcome, symbolShape, label, tally } = require('../compat/qrcode-cases')

const count = tally('compat/qrcode Kanji mode against qrcode 1.5.4 (its helper/to-sjis as toSJISFunc)')

/** Every UTF-16 code unit qrcode's helper has a code for. */
const JIS = Array.from({ length: 0x10000 }, (_, unit) => String.fromCharCode(unit)).filter((c) => qrcodeToSJIS(c) !== undefined)

/** Characters qrcode puts in Kanji segments that have no Shift JIS code (half-width kana, unlisted ideographs). */
const KANJI_CLASS_WITHOUT_CODE = ['ｱ', 'ﾝ', '丂', '゠', '\u3099', '\uff00', 'ϗ']
const OTHERS = ['A', 'B', '1', '2', '0', ' ', ':', 'a', 'z', '?', '&', 'é', '😀', '\u2028', '\u2029', '\n', 'ε', 'Ж']

function kanjiText(random, { withoutCode = false } = {}) {
  const length = random.next() < 0.9 ? random.int(1, 50) : random.int(50, 500)
  let text = ''
  for (let i = 0; i < length; i++) {
    const roll = random.next()
    if (roll < 0.6) text += random.pick(JIS)
    else if (withoutCode && roll < 0.63) text += random.pick(KANJI_CLASS_WITHOUT_CODE)
    else text += random.pick(OTHERS)
  }
  return text
}

const LEVELS = ['L', 'M', 'Q', 'H']

test("the helper gives qrcode's helper's code for every UTF-16 code unit, and its answers to other values", () => {
  let coded = 0
  for (let unit = 0; unit < 0x10000; unit++) {
    const character = String.fromCharCode(unit)
    expect(ourToSJIS(character)).toBe(qrcodeToSJIS(character))
    if (qrcodeToSJIS(character) !== undefined) coded++
  }
  expect(coded).toBe(6848)
  for (const value of ['', undefined, null, 0, 65, ['あ'], ['あ', 'い'], '😀', {}]) {
    expect(ourToSJIS(value)).toBe(qrcodeToSJIS(value))
  }
  // The native table behind it, too.
  expect(qr.toSJIS('点')).toBe(0x935f)
})

test('Kanji mode is off until a toSJISFunc is given, then on for every later call, as in qrcode', () => {
  const shapes = (module, toSJIS) => [
    symbolShape(module.create('漢字テスト')),
    symbolShape(module.create('漢字テスト', { toSJISFunc: toSJIS })),
    symbolShape(module.create('漢字テスト')),
  ]
  const theirs = shapes(QRCode, qrcodeToSJIS)
  const ours = shapes(compat, qrcodeToSJIS)
  expect(ours).toEqual(theirs)
  expect(theirs.map((shape) => shape.segments.map((segment) => segment.mode.id))).toEqual([['Byte'], ['Kanji'], ['Kanji']])
  expect(() => compat.create('A', { toSJISFunc: 'no' })).toThrow('"toSJISFunc" is not a valid function.')
})

describe('Kanji texts: the same results as qrcode on generated cases', () => {
  test('create on 1500 texts: symbols and segments, or the same errors', async () => {
    const random = seeded(5000)
    let kanji = 0
    let errors = 0
    for (let i = 0; i < 1500; i++) {
      const text = kanjiText(random, { withoutCode: i % 3 === 0 })
      const options = { errorCorrectionLevel: random.pick(LEVELS), toSJISFunc: qrcodeToSJIS }
      if (i % 5 === 0) options.version = random.int(1, 12)
      const theirs = await outcome(() => symbolShape(QRCode.create(text, { ...options })))
      const ours = await outcome(() => symbolShape(compat.create(text, { ...options })))
      expect({ case: label(text, options), ...ours }).toEqual({ case: label(text, options), ...theirs })
      count('create (texts)', theirs)
      if (theirs.error) errors++
      else if (theirs.value.segments.some((segment) => segment.mode.id === 'Kanji')) kanji++
    }
    expect(kanji).toBeGreaterThan(800)
    // Characters without a code, versions too small, texts too long.
    expect(errors).toBeGreaterThan(150)
  }, timeout(300_000))

  test('toString (SVG, utf8, terminal) on 300 texts', async () => {
    const random = seeded(5100)
    for (let i = 0; i < 300; i++) {
      const text = kanjiText(random)
      const options = { type: random.pick(['svg', 'utf8', 'terminal']), margin: random.pick([0, 2, 4]), errorCorrectionLevel: random.pick(LEVELS) }
      const theirs = await outcome(() => QRCode.toString(text, { ...options }))
      const ours = await outcome(() => compat.toString(text, { ...options }))
      expect({ case: label(text, options), ...ours }).toEqual({ case: label(text, options), ...theirs })
      count('toString (texts)', theirs)
    }
  }, timeout(120_000))

  test('segment arrays with Kanji segments, on 500 arrays', async () => {
    const random = seeded(5200)
    let symbols = 0
    for (let i = 0; i < 500; i++) {
      const array = Array.from({ length: random.int(1, 4) }, () => {
        const data = kanjiText(random, { withoutCode: i % 4 === 0 }).slice(0, random.int(1, 20))
        return random.pick([data, { data, mode: 'kanji' }, { data, mode: 'byte' }, { data }, { data, mode: 'Kanji' }])
      })
      const options = { errorCorrectionLevel: random.pick(LEVELS) }
      const theirs = await outcome(() => symbolShape(QRCode.create(forModule(array, QRCode), { ...options })))
      const ours = await outcome(() => symbolShape(compat.create(forModule(array, compat), { ...options })))
      expect({ case: label(array, options), ...ours }).toEqual({ case: label(array, options), ...theirs })
      count('create (segment arrays)', theirs)
      if (theirs.value) symbols++
    }
    expect(symbols).toBeGreaterThan(150)
  }, timeout(120_000))
})

describe('toSJISFunc functions other than the helper', () => {
  const run = async (toSJIS, text = '点茗あいう') => {
    const theirs = await outcome(() => symbolShape(QRCode.create(text, { toSJISFunc: toSJIS })))
    const ours = await outcome(() => symbolShape(compat.create(text, { toSJISFunc: toSJIS })))
    expect(ours).toEqual(theirs)
    return theirs
  }

  test('numbers as strings and fractions are read as qrcode reads them', async () => {
    expect((await run((c) => String(qrcodeToSJIS(c)))).value).toBeDefined()
    expect((await run((c) => qrcodeToSJIS(c) + 0.75)).value).toBeDefined()
  })

  test('a code outside Kanji mode fails with qrcode message, naming the character', async () => {
    expect((await run(() => 0x8000)).error).toBe('Error: Invalid SJIS character: 点\nMake sure your charset is UTF-8')
    expect((await run((c) => (c === 'う' ? 0xebc0 : qrcodeToSJIS(c)))).error).toMatch(/Invalid SJIS character: う/)
    expect((await run(() => undefined)).error).toMatch(/Invalid SJIS character/)
  })

  test("the function's own error comes through unchanged, once it is called", async () => {
    const calls = { theirs: [], ours: [] }
    const failing = (log) => (character) => {
      log.push(character)
      if (character === 'い') throw new RangeError('no code for い')
      return qrcodeToSJIS(character)
    }
    const theirs = await outcome(() => QRCode.create('点茗あいう', { toSJISFunc: failing(calls.theirs) }))
    const ours = await outcome(() => compat.create('点茗あいう', { toSJISFunc: failing(calls.ours) }))
    expect(ours).toEqual(theirs)
    expect(theirs.error).toBe('RangeError: no code for い')
    // Called for the same characters, in the same order, stopping at the throw.
    expect(calls.ours).toEqual(calls.theirs)
    expect(calls.theirs).toEqual(['点', '茗', 'あ', 'い'])
    // Not called when the data is too long anyway: that error comes first.
    calls.theirs.length = calls.ours.length = 0
    const longTheirs = await outcome(() => QRCode.create('点'.repeat(2000), { toSJISFunc: failing(calls.theirs), version: 3 }))
    const longOurs = await outcome(() => compat.create('点'.repeat(2000), { toSJISFunc: failing(calls.ours), version: 3 }))
    expect(longOurs).toEqual(longTheirs)
    expect(calls.ours).toEqual([])
    expect(calls.theirs).toEqual([])
    // The helper again, for what follows in this process.
    await run(qrcodeToSJIS)
  })
})
