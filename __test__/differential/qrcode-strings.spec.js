'use strict'

// totp-native/compat/qrcode against qrcode 1.5.4 (a devDependency), side by
// side on generated texts and option sets — every fallback, string numerics
// (`margin: '2'`, `width: '150'`), invalid colours and level objects
// included: `create`'s whole result, the SVG, utf8 and terminal strings and
// the files made of them, the options object afterwards, and every error by
// class and message and by when it is delivered (thrown, passed to the
// callback before the call returns, or later). No Kanji mode here: qrcode
// keeps it on for the rest of the process once asked (see
// compat-qrcode-kanji.spec.js).

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const QRCode = require('qrcode')
const compat = require('../../compat/qrcode')
const { cases, forModule, outcome, delivery, promised, symbolShape, label, tally } = require('../compat/qrcode-cases')
const { caseCount, timeout } = require('../helpers')

const count = tally('compat/qrcode strings, symbols and files against qrcode 1.5.4')

const URI = 'otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co'

/** Runs `call(module, options)` on both packages with their own copies of the options. */
async function both(call, options) {
  const theirOptions = forModule(options, QRCode)
  const ourOptions = forModule(options, compat)
  const theirs = await outcome(() => call(QRCode, theirOptions))
  const ours = await outcome(() => call(compat, ourOptions))
  return { theirs, ours, theirOptions, ourOptions }
}

describe('the same strings and errors as qrcode, on generated texts and options', () => {
  const types = ['svg', 'utf8', 'terminal', undefined]

  const strings = caseCount(150)
  test.each(types)(`toString with type %p: ${strings} cases, and the options object afterwards`, async (type) => {
    let errors = 0
    for (const { text, options } of cases(1000 + types.indexOf(type), strings)) {
      const withType = { ...options, type, small: type === 'terminal' ? options.margin === 2 : undefined }
      const { theirs, ours, theirOptions, ourOptions } = await both((module, opts) => module.toString(text, opts), withType)
      expect({ case: label(text, withType), ...ours, options: ourOptions }).toEqual({
        case: label(text, withType),
        ...theirs,
        options: theirOptions,
      })
      count(`toString ${type}`, theirs)
      if (theirs.error) errors++
    }
    // Both outcomes occur: errors are compared, not only strings.
    expect(errors).toBeGreaterThan(strings * 0.1)
    expect(errors).toBeLessThan(strings * 0.9)
  }, timeout(300_000))

  const created = caseCount(300)
  test(`create: the whole result on ${created} cases (modules, reserved modules, segments, level objects)`, async () => {
    let symbols = 0
    for (const { text, options } of cases(2000, created)) {
      const { theirs, ours } = await both((module, opts) => symbolShape(module.create(text, opts)), options)
      expect({ case: label(text, options), ...ours }).toEqual({ case: label(text, options), ...theirs })
      count('create', theirs)
      if (theirs.value) symbols++
    }
    expect(symbols).toBeGreaterThan(created * 0.5)
  }, timeout(300_000))

  test('a level object create returned is taken back, and a copy of one is "too big" as in qrcode', () => {
    for (const module of [QRCode, compat]) {
      const high = module.create('HELLO', { errorCorrectionLevel: 'H' }).errorCorrectionLevel
      expect(module.create('HELLO', { errorCorrectionLevel: high }).errorCorrectionLevel).toBe(high)
      expect(() => module.create('HELLO', { errorCorrectionLevel: { ...high } })).toThrow(
        'The amount of data is too big to be stored in a QR Code',
      )
    }
  })

  test('string numerics are read as qrcode reads them: the SVG and utf8 it writes for them', async () => {
    for (const options of [
      { margin: '2' },
      { margin: '0' },
      { width: '150' },
      { width: '150', margin: '1' },
      { scale: '3' },
      { margin: '4', width: '200', scale: '3' },
    ]) {
      for (const type of ['svg', 'utf8']) {
        const call = (module) => module.toString(URI, { ...options, type })
        expect(await outcome(() => call(compat))).toEqual(await outcome(() => call(QRCode)))
      }
    }
    // qrcode's bug, reproduced: the string is concatenated into the path.
    const svg = await compat.toString('A', { type: 'svg', margin: '2' })
    expect(svg).toContain('d="M02 0.52')
    expect((await compat.toString('A', { margin: '2' })).split('\n')[1].startsWith('21')).toBe(true)
  })

  test('invalid colours are written into the SVG as qrcode writes them; utf8 ignores colours', async () => {
    for (const dark of ['red', '#gg0000', '##000000', '1234567', '#12345z', '#FFFFFF', 'fff', 0xff]) {
      for (const type of ['svg', 'utf8']) {
        const call = (module) => module.toString(URI, { type, color: { dark } })
        expect(await outcome(() => call(compat))).toEqual(await outcome(() => call(QRCode)))
      }
    }
    expect(await compat.toString('A', { type: 'svg', color: { dark: 'red' } })).toContain('stroke="#rreedd" stroke-opacity=".00"')
    expect(await compat.toString('A', { color: { dark: 'red' } })).toBe(await compat.toString('A'))
  })
})

describe('when results and errors are delivered, as in qrcode', () => {
  const CALLS = {
    toString: (module, text, options, cb) => module.toString(text, options, cb),
    toDataURL: (module, text, options, cb) => module.toDataURL(text, options, cb),
    toBuffer: (module, text, options, cb) => module.toBuffer(text, options, cb),
    create: (module, text, options) => module.create(text, options),
  }
  const length = (value) => (value === undefined || value === null ? value : typeof value === 'string' ? `string(${value.length})` : `bytes`)
  const FAILING = [
    ['', {}],
    [undefined, {}],
    [42, {}],
    [{}, {}],
    ['x'.repeat(3000), { errorCorrectionLevel: 'H' }],
    [URI, { version: 1 }],
    [URI, { version: 1, color: { dark: 'nope' } }],
    [URI, { color: { dark: true } }],
    [URI, { color: { light: '#12345' } }],
    [URI, { type: 'svg' }],
    [URI, { margin: 3, type: 'utf8' }],
    ['\ud800', {}],
    [[{ data: 'abc', mode: 'numeric' }], {}],
    [[null], {}],
    [URI, null],
  ]

  test.each(Object.keys(CALLS).filter((name) => name !== 'create'))('%s with a callback: data and option errors reach it before the call returns', async (name) => {
    for (const [text, options] of [...FAILING, [URI, {}], [URI, { type: 'terminal' }]]) {
      const run = (module) => delivery((cb) => CALLS[name](module, text, forModule(options, module), cb), length)
      expect({ case: label(text, options), ...(await run(compat)) }).toEqual({ case: label(text, options), ...(await run(QRCode)) })
    }
  })

  test.each(Object.keys(CALLS))('%s without a callback: what is thrown, and what the promise settles with', async (name) => {
    for (const [text, options] of [...FAILING, [URI, {}]]) {
      const run = (module) => promised(() => CALLS[name](module, text, forModule(options, module)), length)
      expect({ case: label(text, options), ...(await run(compat)) }).toEqual({ case: label(text, options), ...(await run(QRCode)) })
    }
  })

  test('a callback that throws is called again with its own error, as qrcode calls it', () => {
    for (const module of [QRCode, compat]) {
      const calls = []
      const returned = module.toString(URI, { type: 'svg' }, (error, svg) => {
        calls.push(error ? error.message : typeof svg)
        if (!error) throw new Error('the callback failed')
      })
      expect(calls).toEqual(['string', 'the callback failed'])
      expect(returned).toBeUndefined()
    }
  })
})

describe('toFile with SVG and text, as qrcode writes them', () => {
  let dir
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compat-qrcode-strings-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  test('the same files on 120 generated cases, with callbacks and promises', async () => {
    let written = 0
    for (const [index, { text, options }] of cases(3000, 120).entries()) {
      const name = ['qr.svg', 'qr.txt', 'qr.SVG', 'qr.utf8', 'qr'][index % 5]
      const type = index % 7 === 0 ? 'svg' : index % 11 === 0 ? 'utf8' : undefined
      const withType = type ? { ...options, type } : options
      if (!/svg|txt|utf8/i.test(name) && !type) continue
      const write = async (module, file) => {
        const opts = forModule(withType, module)
        const result = await (index % 2 ? module.toFile(file, text, opts) : new Promise((resolve, reject) => module.toFile(file, text, opts, (error) => (error ? reject(error) : resolve()))))
        return { result, contents: fs.readFileSync(file, 'utf8') }
      }
      const theirs = await outcome(() => write(QRCode, path.join(dir, `theirs-${index}-${name}`)))
      const ours = await outcome(() => write(compat, path.join(dir, `ours-${index}-${name}`)))
      expect({ case: label(text, withType), name, ...ours }).toEqual({ case: label(text, withType), name, ...theirs })
      count('toFile (SVG, text)', theirs)
      if (theirs.value) written++
    }
    expect(written).toBeGreaterThan(20)
  }, timeout(120_000))

  test('a write error reaches the callback later; a data error at once', async () => {
    const missing = path.join(dir, 'no-such-dir', 'qr.svg')
    for (const module of [QRCode, compat]) {
      expect(await delivery((cb) => module.toFile(missing, URI, cb))).toEqual({
        returned: undefined,
        seen: [{ sync: false, error: expect.stringContaining('ENOENT'), value: undefined }],
      })
      expect(await delivery((cb) => module.toFile(path.join(dir, 'x.svg'), '', cb))).toEqual({
        returned: undefined,
        seen: [{ sync: true, error: 'Error: No input text', value: undefined }],
      })
    }
  })
})
