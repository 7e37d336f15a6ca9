'use strict'

// The native `qr.*` API's segment lists, byte data and Kanji mode, checked
// against qrcode 1.5.4 drawing the same data (its symbols are the reference),
// and its strictness: what qrcode silently reinterprets is an error with a
// stable code here. The Kanji tests come last: once given a `toSJISFunc`,
// qrcode stays in Kanji mode for the rest of the process.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const QRCode = require('qrcode')
const qrcodeToSJIS = require('qrcode/helper/to-sjis')
const { qr } = require('../..')
const { seeded } = require('../helpers')

const same = (ours, theirs) => {
  expect(ours.version).toBe(theirs.version)
  expect(ours.maskPattern).toBe(theirs.maskPattern)
  expect(Buffer.from(ours.modules).equals(Buffer.from(theirs.modules.data))).toBe(true)
}

const MODE_NAMES = { Numeric: 'numeric', Alphanumeric: 'alphanumeric', Byte: 'byte', Kanji: 'kanji' }
const segmentsOf = (symbol) =>
  symbol.segments.map((segment) => ({ mode: MODE_NAMES[segment.mode.id], data: typeof segment.data === 'string' ? segment.data : Buffer.from(segment.data) }))
const ours = (symbol) => symbol.segments.map(({ mode, data }) => ({ mode, data: typeof data === 'string' ? data : Buffer.from(data) }))

function randomList(random) {
  const pick = random.pick
  return Array.from({ length: random.int(1, 6) }, () => {
    switch (random.int(0, 5)) {
      case 0:
        return { data: String(random.int(0, 1e9)), mode: 'numeric' }
      case 1:
        return { data: pick(['HELLO', 'A1 B2', '$%*+-./:', 'TOTP']), mode: 'alphanumeric' }
      case 2:
        return { data: random.bytes(random.int(0, 40)), mode: 'byte' }
      case 3:
        return { data: pick(['hello', 'é€', 'ABC', '123', '😀']), mode: 'byte' }
      case 4:
        return pick(['text', '12345', 'ABC DEF', 'mixed Case 1'])
      default:
        return { data: pick(['987', 'QR CODE', 'lower']) }
    }
  })
}

describe('segment lists', () => {
  test('draw the symbol qrcode draws for the same list, on 600 generated lists', () => {
    const random = seeded(6000)
    for (let i = 0; i < 600; i++) {
      const list = randomList(random)
      const options = { errorCorrectionLevel: random.pick(['L', 'M', 'Q', 'H']) }
      const theirs = QRCode.create(list, options)
      const symbol = qr.create(list, options)
      same(symbol, theirs)
      expect(ours(symbol)).toEqual(segmentsOf(theirs))
    }
  })

  test('take Buffers, Uint8Arrays and Uint8ClampedArrays as byte data, copied', async () => {
    const bytes = [0, 1, 127, 128, 255]
    for (const data of [Buffer.from(bytes), new Uint8Array(bytes), new Uint8ClampedArray(bytes), new Uint8Array([9, ...bytes]).subarray(1)]) {
      const symbol = qr.create([{ data, mode: 'byte' }])
      same(symbol, QRCode.create([{ data: new Uint8ClampedArray(bytes), mode: 'byte' }]))
      expect(symbol.segments).toEqual([{ mode: 'byte', data: new Uint8Array(bytes) }])
      expect(await qr.toString([{ data }], { type: 'svg' })).toBe(await QRCode.toString([{ data: Buffer.from(bytes) }], { type: 'svg' }))
    }
  })

  test('every rendering takes them, on the thread pool too', async () => {
    const list = [{ data: 'ABC', mode: 'alphanumeric' }, { data: Buffer.from([1, 2, 3]) }, '42']
    expect(await qr.toString(list, { type: 'svg' })).toBe(qr.toStringSync(list, { type: 'svg' }))
    expect(await qr.toString(list, { type: 'svg' })).toBe(await QRCode.toString(list, { type: 'svg' }))
    expect((await qr.toBuffer(list)).equals(qr.toBufferSync(list))).toBe(true)
    expect(await qr.toDataURL(list)).toBe(qr.toDataURLSync(list))
    const file = path.join(os.tmpdir(), `qr-segments-${process.pid}.svg`)
    await qr.toFile(file, list)
    expect(fs.readFileSync(file, 'utf8')).toContain(qr.toStringSync(list, { type: 'svg' }))
    fs.rmSync(file)
  })

  test("create's segments are an own property, read when first asked for, of the data as it was given", () => {
    const symbol = qr.create('HELLO 123 world')
    expect(Object.keys(symbol)).toEqual(['version', 'errorCorrectionLevel', 'maskPattern', 'size', 'modules', 'segments'])
    expect(symbol.segments).toBe(symbol.segments)
    expect(JSON.parse(JSON.stringify(symbol)).segments).toEqual([{ mode: 'alphanumeric', data: 'HELLO 123 ' }, { mode: 'byte', data: { 0: 119, 1: 111, 2: 114, 3: 108, 4: 100 } }])
    symbol.segments = []
    expect(symbol.segments).toEqual([])
    const list = [{ data: '123' }]
    const fromList = qr.create(list)
    list[0].data = 'ABC'
    expect(fromList.segments).toEqual([{ mode: 'numeric', data: '123' }])
  })

  test('an empty list is a version 1 symbol holding nothing, as in qrcode; an empty text is refused', () => {
    same(qr.create([]), QRCode.create([]))
    expect(qr.create([]).segments).toEqual([])
    // An empty segment is one (qrcode skips `{ data: '' }`, but not '').
    same(qr.create([{ data: '' }]), QRCode.create(['']))
    expect(qr.create([{ data: '' }]).segments).toEqual([{ mode: 'byte', data: new Uint8Array() }])
    expect(() => qr.create('')).toThrow(expect.objectContaining({ code: 'ERR_QR_NO_DATA' }))
  })

  test('data a mode cannot hold is an ERR_QR_INVALID_DATA error naming the segment and the mode it needs', () => {
    for (const [list, needs] of [
      [[{ data: '12a', mode: 'numeric' }], 'byte'],
      [['ok', { data: 'abc', mode: 'alphanumeric' }], 'byte'],
      [[{ data: '漢字', mode: 'alphanumeric' }], 'kanji'],
      [[{ data: Buffer.from('1'), mode: 'numeric' }], undefined],
    ]) {
      const error = (() => {
        try {
          qr.create(list)
        } catch (caught) {
          return caught
        }
      })()
      expect(error).toBeInstanceOf(Error)
      expect(error.code).toBe('ERR_QR_INVALID_DATA')
      expect(error.message).toMatch(/segments\[\d\]/)
      if (needs) expect(error.message).toContain(`it needs ${needs} mode`)
    }
    // qrcode's leniency, refused: an unknown mode name, or one in capitals.
    for (const mode of ['Numeric', 'binary', '']) {
      expect(() => qr.create([{ data: '1', mode }])).toThrow(expect.objectContaining({ name: 'RangeError', code: 'ERR_QR_INVALID_OPTION' }))
    }
  })

  test('wrong types are TypeErrors naming the element', () => {
    for (const [list, name] of [
      [[null], 'text[0]'],
      [['a', 5], 'text[1]'],
      [[{ data: 5 }], 'text[0].data'],
      [[{ data: [1, 2] }], 'text[0].data'],
      [[{ data: 'a', mode: 1 }], 'text[0].mode'],
    ]) {
      expect(() => qr.create(list)).toThrow(expect.objectContaining({ name: 'TypeError', code: 'ERR_QR_INVALID_OPTION', message: expect.stringContaining(name) }))
    }
  })

  test('too much data is refused before any work, with the minimum version as a field when one was asked for', () => {
    expect(() => qr.create(Array(5000).fill(''))).toThrow(expect.objectContaining({ code: 'ERR_QR_DATA_TOO_LONG' }))
    expect(() => qr.create([{ data: Buffer.alloc(8000) }])).toThrow(expect.objectContaining({ code: 'ERR_QR_DATA_TOO_LONG' }))
    const list = [{ data: 'A'.repeat(30), mode: 'alphanumeric' }, { data: '1'.repeat(30) }]
    expect(() => qr.create(list, { version: 1 })).toThrow(
      expect.objectContaining({ code: 'ERR_QR_DATA_TOO_LONG', minVersion: QRCode.create(list).version }),
    )
  })
})

describe('reserved modules', () => {
  test("are qrcode's reservedBit for each of the 40 versions", () => {
    for (let version = 1; version <= 40; version++) {
      const theirs = QRCode.create('A', { version }).modules.reservedBit
      expect(Buffer.from(qr.reservedModules(version)).equals(Buffer.from(theirs))).toBe(true)
    }
  })

  test('only for versions 1 to 40', () => {
    for (const version of [0, 41, 2.5, NaN]) {
      expect(() => qr.reservedModules(version)).toThrow(expect.objectContaining({ name: 'RangeError', code: 'ERR_QR_INVALID_OPTION' }))
    }
    expect(() => qr.reservedModules('1')).toThrow(expect.objectContaining({ name: 'TypeError' }))
  })
})

describe('Kanji mode', () => {
  test('qr.toSJIS is the code of one character, undefined otherwise', () => {
    expect(qr.toSJIS('点')).toBe(0x935f)
    expect(qr.toSJIS('茗')).toBe(0xe4aa)
    for (const value of ['A', '', '点茗', '😀', 'ｱ']) expect(qr.toSJIS(value)).toBeUndefined()
    expect(() => qr.toSJIS(0x935f)).toThrow(expect.objectContaining({ name: 'TypeError', code: 'ERR_QR_INVALID_OPTION' }))
  })

  test('texts give the symbols qrcode gives with its helper, on 400 generated texts', () => {
    const random = seeded(6100)
    const jis = ['点', '茗', 'あ', 'ア', '漢', '字', 'Ω', 'Ж', '★', '　']
    const rest = ['A', '1', 'a', ' ', 'é', '😀', '\u2028']
    for (let i = 0; i < 400; i++) {
      const text = Array.from({ length: random.int(1, 60) }, () => (random.next() < 0.6 ? random.pick(jis) : random.pick(rest))).join('')
      const options = { errorCorrectionLevel: random.pick(['L', 'M', 'Q', 'H']) }
      const theirs = QRCode.create(text, { ...options, toSJISFunc: qrcodeToSJIS })
      const symbol = qr.create(text, { ...options, toSJISFunc: qr.toSJIS })
      same(symbol, theirs)
      expect(ours(symbol)).toEqual(segmentsOf(theirs))
    }
  })

  test('Kanji segments need toSJISFunc, and every character a code in Kanji mode\'s ranges', () => {
    const list = [{ data: '点茗', mode: 'kanji' }]
    same(qr.create(list, { toSJISFunc: qr.toSJIS }), QRCode.create(list, { toSJISFunc: qrcodeToSJIS }))
    expect(() => qr.create(list)).toThrow(expect.objectContaining({ code: 'ERR_QR_INVALID_OPTION', message: expect.stringContaining('toSJISFunc') }))
    for (const toSJISFunc of [() => undefined, () => 0x8000, () => 0x935f + 0.5, () => 0xebc0]) {
      expect(() => qr.create(list, { toSJISFunc })).toThrow(expect.objectContaining({ name: 'Error', code: 'ERR_QR_INVALID_DATA' }))
    }
    expect(() => qr.create('ｱ', { toSJISFunc: qr.toSJIS })).toThrow(expect.objectContaining({ code: 'ERR_QR_INVALID_DATA', message: expect.stringContaining("'ｱ'") }))
    expect(() => qr.create(list, { toSJISFunc: () => '33088' })).toThrow(expect.objectContaining({ name: 'TypeError', code: 'ERR_QR_INVALID_OPTION' }))
    expect(() => qr.create(list, { toSJISFunc: 'yes' })).toThrow(expect.objectContaining({ name: 'TypeError', code: 'ERR_QR_INVALID_OPTION' }))
  })

  test('the function is called for each Kanji character in order, on the calling thread, and its error comes through', async () => {
    const seen = []
    const failing = (character) => {
      seen.push(character)
      if (character === '字') throw new RangeError('no code')
      return qr.toSJIS(character)
    }
    expect(() => qr.create('漢字abc', { toSJISFunc: failing })).toThrow(new RangeError('no code'))
    expect(seen).toEqual(['漢', '字'])
    await expect(qr.toString('漢字', { toSJISFunc: failing })).rejects.toThrow('no code')
    await expect(qr.toDataURL('漢字', { toSJISFunc: failing })).rejects.toThrow('no code')
    expect(await qr.toString('漢字テスト', { type: 'svg', toSJISFunc: qr.toSJIS })).toBe(
      await QRCode.toString('漢字テスト', { type: 'svg', toSJISFunc: qrcodeToSJIS }),
    )
  })
})
