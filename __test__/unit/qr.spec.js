'use strict'

// QR codes: every rendering is read back by two independent decoders (zbarimg
// from Debian's zbar-tools, and jsQR), and a differential run against the
// `qrcode` package (1.5.4, a devDependency) over thousands of random texts ×
// levels × options checks that we draw exactly what it draws: the same
// module matrix (so the same segments, version and mask), the same SVG, utf8
// and terminal strings, and PNGs with the same pixels.

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const QRCode = require('qrcode')
const jsQR = require('jsqr')
const { PNG } = require('pngjs')
const qr = require('../../lib/qr')
const { seeded, caseCount, testWith } = require('../helpers')

const LEVELS = ['L', 'M', 'Q', 'H']
const URI = 'otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30'

// Cases per differential test: TEST_CASES sets them all for a longer run (helpers.js).
// qrcode is the slow side of every comparison; on a busy machine a
// differential test can take a while.
const DIFFERENTIAL_TIMEOUT = 300_000

// ---------------------------------------------------------------------------
// Random texts of every kind qrcode's segmenter distinguishes.

const DIGITS = '0123456789'
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
const ASCII = 'abcdefghijklmnopqrstuvwxyz?&=_#@!~,;()[]{}<>\'"\\^`|\n\t'
const WIDE = ['é', 'ß', 'Ω', 'Ж', 'ש', 'ع', 'ह', '中', '文', '語', '€', '✓', '😀', '🔐', '\u0000', '\u00a0', '\u2028']

// Characters a version 40-L symbol holds, by kind (ISO/IEC 18004 Table 7).
const CAPACITY = { numeric: 7089, alphanumeric: 4296, byte: 2953 }

function textGenerator(seed) {
  const random = seeded(seed)
  const from = (alphabet, length) => {
    let text = ''
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random.next() * alphabet.length)]
    return text
  }
  const wide = (length) => Array.from({ length }, () => random.pick(WIDE)).join('')
  // Mostly short texts (where versions 1–9 are), some medium, a few up to and
  // past the largest symbol's capacity.
  const length = (capacity) => {
    const roll = random.next()
    if (roll < 0.7) return random.int(1, 40)
    if (roll < 0.95) return random.int(40, 400)
    return random.int(Math.floor(capacity * 0.5), Math.floor(capacity * 1.02))
  }
  const kinds = {
    numeric: () => from(DIGITS, length(CAPACITY.numeric)),
    alphanumeric: () => from(DIGITS + ALNUM, length(CAPACITY.alphanumeric)),
    byte: () => from(ASCII + DIGITS + 'ABC', length(CAPACITY.byte)),
    utf8: () => wide(Math.ceil(length(CAPACITY.byte) / 3)),
    mixed: () => {
      let text = ''
      const pieces = random.next() < 0.9 ? random.int(2, 12) : random.int(30, 120)
      for (let i = 0; i < pieces; i++) {
        text += random.pick([
          () => from(DIGITS, random.int(1, 14)),
          () => from(ALNUM, random.int(1, 10)),
          () => from(ASCII, random.int(1, 8)),
          () => wide(random.int(1, 3)),
        ])()
      }
      return text
    },
    uri: () => {
      const issuer = random.pick(['ACME', 'Example Co', 'Zürich Bank', 'a&b', '東京'])
      const account = random.pick(['alice@example.com', 'bob', 'ALICE', 'user+2fa@mail.example'])
      const secret = from('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', random.pick([16, 26, 32, 52, 103]))
      const e = encodeURIComponent
      return `otpauth://totp/${e(issuer)}:${e(account)}?secret=${secret}&issuer=${e(issuer)}` +
        random.pick(['', '&algorithm=SHA256&digits=8&period=60'])
    },
  }
  return { random, kinds, text: (kind) => kinds[kind]() }
}

const KINDS = ['numeric', 'alphanumeric', 'byte', 'utf8', 'mixed', 'uri']

// ---------------------------------------------------------------------------
// The peer, for comparison.

function peerSymbol(text, options) {
  try {
    const symbol = QRCode.create(text, options)
    return { symbol }
  } catch (error) {
    return { error }
  }
}

function decodePng(buffer) {
  const png = PNG.sync.read(buffer)
  return { width: png.width, height: png.height, data: png.data }
}

/** What qrcode says the minimum version is, from its message. */
function minimumVersion(error) {
  const match = /Minimum version required to store current data is: (\d+)/.exec(error.message)
  return match ? Number(match[1]) : undefined
}

/**
 * Runs one symbol comparison: either both draw the same symbol, or both
 * refuse for the same reason. Returns whether a symbol was drawn.
 */
function expectSameSymbol(text, options) {
  const peer = peerSymbol(text, options)
  let ours
  try {
    ours = qr.create(text, options)
  } catch (error) {
    if (!peer.error) throw new Error(`we refused what qrcode drew (${JSON.stringify({ text, options })}): ${error.message}`)
    expect(error.code).toBe('ERR_QR_DATA_TOO_LONG')
    const minimum = minimumVersion(peer.error)
    if (minimum === undefined) expect(peer.error.message).toMatch(/too big to be stored/)
    else {
      expect(error.message).toContain(`the minimum version for this text is ${minimum}`)
      expect(error.minVersion).toBe(minimum)
    }
    return false
  }
  if (peer.error) throw new Error(`qrcode refused what we drew (${JSON.stringify({ text, options })}): ${peer.error.message}`)
  const { symbol } = peer
  const context = JSON.stringify({ text: text.length > 80 ? `${text.slice(0, 80)}… (${text.length})` : text, options })
  expect({ context, version: ours.version, mask: ours.maskPattern, size: ours.size }).toEqual({
    context,
    version: symbol.version,
    mask: symbol.maskPattern,
    size: symbol.modules.size,
  })
  if (!Buffer.from(ours.modules).equals(Buffer.from(symbol.modules.data))) {
    throw new Error(`module matrices differ for ${context}`)
  }
  return true
}

// ---------------------------------------------------------------------------

describe('the symbol', () => {
  test('is the namespace the package exports as qr', () => {
    expect(require('../..').qr).toBe(qr)
  })

  test('create gives the version, level, mask, size and modules, row by row', () => {
    const symbol = qr.create('HELLO WORLD', { errorCorrectionLevel: 'Q' })
    expect(symbol).toMatchObject({ version: 1, errorCorrectionLevel: 'Q', size: 21 })
    expect(symbol.maskPattern).toBeGreaterThanOrEqual(0)
    expect(symbol.modules).toBeInstanceOf(Uint8Array)
    expect(symbol.modules).toHaveLength(21 * 21)
    // The top-left finder pattern: a dark 7×7 ring.
    expect(Array.from(symbol.modules.slice(0, 7))).toEqual([1, 1, 1, 1, 1, 1, 1])
    expect(Array.from(symbol.modules.slice(21, 28))).toEqual([1, 0, 0, 0, 0, 0, 1])
  })

  test('levels are read by letter or word, in any case', () => {
    for (const [name, level] of [['l', 'L'], ['Medium', 'M'], ['QUARTILE', 'Q'], ['high', 'H']]) {
      expect(qr.create('A', { errorCorrectionLevel: name }).errorCorrectionLevel).toBe(level)
    }
  })

  const differentialTexts = caseCount(100)
  test.each(KINDS)(`is module for module qrcode's for ${differentialTexts} random %s texts at every level`, (kind) => {
    const generator = textGenerator(1000 + KINDS.indexOf(kind))
    let drawn = 0
    let refused = 0
    for (let i = 0; i < differentialTexts; i++) {
      const text = generator.text(kind)
      for (const level of LEVELS) {
        if (expectSameSymbol(text, { errorCorrectionLevel: level })) drawn++
        else refused++
      }
    }
    expect(drawn).toBeGreaterThan(differentialTexts * 3)
    // Keep the counts visible in a failing run's context.
    expect({ kind, drawn, refused }).toEqual({ kind, drawn: expect.any(Number), refused: expect.any(Number) })
  }, DIFFERENTIAL_TIMEOUT)

  const requested = caseCount(100)
  test(`is qrcode's for ${requested} requested versions and masks, including versions too small`, () => {
    const generator = textGenerator(77)
    let tooSmall = 0
    for (let i = 0; i < requested; i++) {
      const text = generator.text(generator.random.pick(KINDS))
      const options = { errorCorrectionLevel: generator.random.pick(LEVELS) }
      if (generator.random.next() < 0.7) options.version = generator.random.int(1, 40)
      if (generator.random.next() < 0.7) options.maskPattern = generator.random.int(0, 7)
      if (!expectSameSymbol(text, options)) tooSmall++
    }
    expect(tooSmall).toBeGreaterThan(0)
  }, DIFFERENTIAL_TIMEOUT)

  test('names the minimum version when the one asked for is too small', () => {
    expect(() => qr.create('a'.repeat(100), { version: 3 })).toThrow(
      expect.objectContaining({
        name: 'Error',
        code: 'ERR_QR_DATA_TOO_LONG',
        message: expect.stringContaining('the minimum version for this text is 6'),
        minVersion: 6,
      }),
    )
    // Only a version asked for has a minimum to name.
    expect(() => qr.create('1'.repeat(7090), { errorCorrectionLevel: 'L' })).toThrow(
      expect.not.objectContaining({ minVersion: expect.anything() }),
    )
  })

  test('refuses text over the largest symbol at the level, empty text and bad options, with codes', () => {
    expect(() => qr.create('1'.repeat(7090), { errorCorrectionLevel: 'L' })).toThrow(
      expect.objectContaining({ name: 'Error', code: 'ERR_QR_DATA_TOO_LONG' }),
    )
    expect(qr.create('1'.repeat(7089), { errorCorrectionLevel: 'L' }).version).toBe(40)
    expect(() => qr.create('x'.repeat(10_000_000))).toThrow(expect.objectContaining({ code: 'ERR_QR_DATA_TOO_LONG' }))
    expect(() => qr.create('')).toThrow(expect.objectContaining({ name: 'Error', code: 'ERR_QR_NO_DATA' }))
    for (const options of [{ errorCorrectionLevel: 'X' }, { version: 0 }, { version: 41 }, { version: 2.5 }, { maskPattern: 8 }, { maskPattern: -1 }]) {
      expect(() => qr.create('A', options)).toThrow(RangeError)
      expect(() => qr.create('A', options)).toThrow(expect.objectContaining({ code: 'ERR_QR_INVALID_OPTION' }))
    }
  })
})

// ---------------------------------------------------------------------------

/**
 * A spread of rendering options, valid for both packages. `small` keeps PNGs
 * under about 400 pixels a side: qrcode takes ~0.1 s to deflate one at
 * level 9, and pngjs as long again to decode it.
 */
function renderOptions(random, small) {
  const options = { errorCorrectionLevel: random.pick(LEVELS) }
  const margin = random.pick([undefined, 0, 1, 2, 3, 4, 5, 8, 10])
  if (margin !== undefined) options.margin = margin
  switch (random.int(0, 5)) {
    case 1: options.scale = random.pick([1, 2, 3, 5, 8, 10]); break
    case 2: options.scale = random.pick([0.5, 1.5, 2.25, 3.7, 4.4]); break
    case 3: options.width = random.pick([21, 50, 99, 100, 128, 200, 256, 301, 333, small ? 150 : 512]); break
    case 4: options.width = random.pick([5, 20, 25, 30, 40]); break
    case 5: options.width = random.int(21, small ? 400 : 700); options.scale = random.int(1, 9); break
  }
  const colours = random.pick([
    undefined,
    { dark: '#000', light: '#fff' },
    { dark: '#0f08', light: '#fff8' },
    { dark: '112233', light: 'FFEEDD80' },
    { dark: '#AbCdEf' },
    { light: '#00000000' },
    { dark: '#ffffff', light: '#000000' },
    { dark: '#FFFFFF', light: '#000' },
    { dark: '#123456fe', light: '#abcdef01' },
    { dark: '#1a237e', light: '#fff8e1' },
  ])
  if (colours) options.color = colours
  return options
}

function renderCases(seed, count, small = false) {
  const generator = textGenerator(seed)
  const cases = []
  while (cases.length < count) {
    const kind = generator.random.pick(KINDS)
    const text = generator.text(kind)
    if (text.length > 300) continue
    const options = renderOptions(generator.random, small)
    // qrcode's default scale 4 on a long text is a large image too.
    if (small && text.length > 120 && options.scale === undefined && options.width === undefined) options.scale = 2
    cases.push({ text, options })
  }
  return cases
}

describe('renderings', () => {
  const stringCases = caseCount(150)
  test(`SVG, utf8 and terminal strings equal qrcode's for ${stringCases} random texts and options`, async () => {
    let compared = 0
    for (const { text, options } of renderCases(4242, stringCases)) {
      const context = JSON.stringify({ text, options })
      const svg = qr.toStringSync(text, { ...options, type: 'svg' })
      expect({ context, svg }).toEqual({ context, svg: await QRCode.toString(text, { ...options, type: 'svg' }) })
      if ((options.margin ?? 4) % 2 === 0) {
        // qrcode throws for odd margins in utf8.
        const utf8 = qr.toStringSync(text, options)
        expect({ context, utf8 }).toEqual({ context, utf8: await QRCode.toString(text, { ...options, type: 'utf8' }) })
      }
      for (const extra of [{}, { small: true }, { small: true, inverse: true }]) {
        const terminal = qr.toStringSync(text, { ...options, ...extra, type: 'terminal' })
        expect({ context, terminal }).toEqual({
          context,
          terminal: await QRCode.toString(text, { ...options, ...extra, type: 'terminal' }),
        })
      }
      compared++
    }
    expect(compared).toBe(stringCases)
  }, DIFFERENTIAL_TIMEOUT)

  const pngCases = caseCount(30)
  test(`PNG pixels equal qrcode's for ${pngCases} random texts, sizes and colours`, async () => {
    for (const { text, options } of renderCases(1515, pngCases, true)) {
      const ours = decodePng(qr.toBufferSync(text, options))
      const theirs = decodePng(await QRCode.toBuffer(text, options))
      const context = JSON.stringify({ text, options })
      expect({ context, width: ours.width, height: ours.height }).toEqual({ context, width: theirs.width, height: theirs.height })
      if (!ours.data.equals(theirs.data)) throw new Error(`pixels differ for ${context}`)
    }
  }, DIFFERENTIAL_TIMEOUT)

  test('a data URL is the PNG in base64, and smaller than qrcode\'s', async () => {
    const url = qr.toDataURLSync(URI)
    expect(url.startsWith('data:image/png;base64,')).toBe(true)
    const png = Buffer.from(url.slice('data:image/png;base64,'.length), 'base64')
    expect(png).toEqual(qr.toBufferSync(URI))
    const theirs = await QRCode.toDataURL(URI)
    expect(decodePng(png).data.equals(decodePng(Buffer.from(theirs.split(',')[1], 'base64')).data)).toBe(true)
    expect(url.length).toBeLessThan(theirs.length)
  })

  test('an odd margin is drawn in utf8 (where qrcode throws), half a line at a time', () => {
    const lines = qr.toStringSync('A', { margin: 1 }).split('\n')
    expect(lines).toHaveLength(Math.ceil((21 + 2) / 2))
    expect(lines.every((line) => [...line].length === 23)).toBe(true)
  })

  test('refuses absurd sizes and bad colours and types with RangeErrors, before allocating', () => {
    for (const options of [
      { width: 1e6 },
      { scale: 1e6 },
      { scale: 0 },
      { scale: -1 },
      { scale: NaN },
      { margin: -1 },
      { margin: 1.5 },
      { margin: 5000 },
      { color: { dark: '#12345' } },
      { color: { light: 'white' } },
      { color: { dark: 'ff00zz' } },
      { type: 'image/jpeg' },
    ]) {
      expect(() => qr.toDataURLSync('A', options)).toThrow(RangeError)
      expect(() => qr.toDataURLSync('A', options)).toThrow(expect.objectContaining({ code: 'ERR_QR_INVALID_OPTION' }))
    }
    expect(() => qr.toStringSync('A', { type: 'png' })).toThrow(RangeError)
  })

  test('wrong types are TypeErrors with code ERR_QR_INVALID_OPTION', () => {
    const typeError = expect.objectContaining({ name: 'TypeError', code: 'ERR_QR_INVALID_OPTION' })
    for (const call of [
      () => qr.create(42),
      () => qr.create(undefined),
      () => qr.toDataURLSync([42]),
      () => qr.toDataURLSync([{ data: 42 }]),
      () => qr.create('A', { toSJISFunc: 'yes' }),
      () => qr.toDataURLSync('A', 'M'),
      () => qr.toDataURLSync('A', { errorCorrectionLevel: 1 }),
      () => qr.toDataURLSync('A', { version: '2' }),
      () => qr.toDataURLSync('A', { margin: '4' }),
      () => qr.toDataURLSync('A', { color: '#000' }),
      () => qr.toDataURLSync('A', { color: { dark: 0 } }),
      () => qr.toStringSync('A', { small: 'yes' }),
    ]) {
      expect(call).toThrow(TypeError)
      expect(call).toThrow(typeError)
    }
  })
})

// ---------------------------------------------------------------------------

describe('the promise calls', () => {
  test('give what the sync calls give', async () => {
    const options = { errorCorrectionLevel: 'H', margin: 2, color: { dark: '#123' } }
    expect(await qr.toDataURL(URI, options)).toBe(qr.toDataURLSync(URI, options))
    expect(await qr.toBuffer(URI, options)).toEqual(qr.toBufferSync(URI, options))
    expect(Buffer.isBuffer(await qr.toBuffer(URI))).toBe(true)
    for (const type of ['svg', 'utf8', 'terminal']) {
      expect(await qr.toString(URI, { ...options, type })).toBe(qr.toStringSync(URI, { ...options, type }))
    }
  })

  test('reject (not throw) on bad input, with errors of this realm', async () => {
    const promise = qr.toDataURL('A', { errorCorrectionLevel: 'X' })
    expect(promise).toBeInstanceOf(Promise)
    await expect(promise).rejects.toThrow(RangeError)
    await expect(qr.toDataURL(42)).rejects.toThrow(TypeError)
    await expect(qr.toBuffer('x'.repeat(3000))).rejects.toThrow(expect.objectContaining({ code: 'ERR_QR_DATA_TOO_LONG' }))
    await expect(qr.toString('')).rejects.toThrow(expect.objectContaining({ code: 'ERR_QR_NO_DATA' }))
  })

  test('render on the thread pool: the event loop turns before they settle', async () => {
    const order = []
    const renders = Promise.all(
      Array.from({ length: 8 }, () => qr.toDataURL('9'.repeat(3000), { errorCorrectionLevel: 'H' })),
    ).then(() => order.push('rendered'))
    setImmediate(() => order.push('event loop'))
    await renders
    expect(order).toEqual(['event loop', 'rendered'])
  })

  test('many at once all resolve to the right images', async () => {
    const texts = Array.from({ length: 64 }, (_, i) => `${URI}&n=${i}`)
    const urls = await Promise.all(texts.map((text) => qr.toDataURL(text)))
    for (const [i, url] of urls.entries()) expect(url).toBe(qr.toDataURLSync(texts[i]))
  })
})

// ---------------------------------------------------------------------------

describe('decoded by independent readers', () => {
  let dir
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-native-qr-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  const generator = textGenerator(2024)
  const cases = [
    { text: URI, options: {} },
    { text: 'HELLO WORLD', options: { errorCorrectionLevel: 'H', scale: 2 } },
    { text: '0123456789'.repeat(30), options: { errorCorrectionLevel: 'Q', margin: 2 } },
    { text: 'Zürich 中文 😀 line one\nline two', options: { errorCorrectionLevel: 'M' } },
    { text: `${URI}&image=${encodeURIComponent('https://example.com/logo.png')}`, options: { errorCorrectionLevel: 'H', width: 400 } },
    { text: 'x'.repeat(1200), options: { errorCorrectionLevel: 'L', scale: 3 } },
    { text: 'dark blue on cream', options: { color: { dark: '#1a237e', light: '#fff8e1' } } },
    { text: 'see-through background', options: { color: { light: '#ffffff00' } } },
    ...LEVELS.map((level) => ({ text: generator.text('mixed'), options: { errorCorrectionLevel: level } })),
    ...LEVELS.map((level) => ({ text: generator.text('uri'), options: { errorCorrectionLevel: level, margin: 1 } })),
    ...[2, 3, 6].map((scale) => ({ text: generator.text('alphanumeric').slice(0, 300), options: { scale } })),
  ]

  test.each(cases.map((c, i) => [i, c.text.length, c]))('case %i (%i characters): jsQR reads the text back', (_i, _n, { text, options }) => {
    const png = decodePng(qr.toBufferSync(text, options))
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
    expect(decoded).not.toBeNull()
    expect(Buffer.from(decoded.binaryData)).toEqual(Buffer.from(text, 'utf8'))
  })

  testWith('zbarimg', 'zbar-tools')('zbarimg reads every one back, from PNG files written by toFile', async () => {
    for (const [i, { text, options }] of cases.entries()) {
      const file = path.join(dir, `case-${i}.png`)
      await qr.toFile(file, text, options)
      const result = spawnSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'buffer' })
      expect({ i, status: result.status }).toEqual({ i, status: 0 })
      // --raw prints the data and a newline.
      expect(result.stdout.subarray(0, -1).toString('utf8')).toBe(text)
    }
  })

  test('toFile writes SVG and text by extension, PNG otherwise', async () => {
    await qr.toFile(path.join(dir, 'a.svg'), 'hello')
    await qr.toFile(path.join(dir, 'a.txt'), 'hello')
    await qr.toFile(path.join(dir, 'a.png'), 'hello')
    await qr.toFile(path.join(dir, 'a'), 'hello', { type: 'svg' })
    const svg = fs.readFileSync(path.join(dir, 'a.svg'), 'utf8')
    expect(svg).toBe(
      '<?xml version="1.0" encoding="utf-8"?>' +
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' +
        (await QRCode.toString('hello', { type: 'svg' })),
    )
    expect(fs.readFileSync(path.join(dir, 'a'), 'utf8')).toBe(svg)
    expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe(await QRCode.toString('hello', { type: 'utf8' }))
    expect(fs.readFileSync(path.join(dir, 'a.png')).subarray(1, 4).toString()).toBe('PNG')
    await expect(qr.toFile(path.join(dir, 'missing', 'a.png'), 'hello')).rejects.toThrow(expect.objectContaining({ code: 'ENOENT' }))
  })
})
