'use strict'

// compat/qrcode's PNGs against the real qrcode 1.5.4 (and its pngjs 5),
// byte for byte: thousands of random texts × options × rendererOpts through
// toDataURL, toBuffer, toFile('.png') and toFileStream, each compared as
// bytes, or as errors (class, message, code) delivered the same way — to the
// callback before the call returns, or after — and the caller's options
// object compared after the call (qrcode writes pngjs's defaults into it).

const { spawnSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Writable } = require('node:stream')
const util = require('node:util')
const QRCode = require('qrcode')
const compat = require('../../compat/qrcode')
const { seeded, caseCount, timeout } = require('../helpers')

const URI = 'otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co'

// ---------------------------------------------------------------------------
// Random cases, from a seed so that a failure reproduces.

const TEXTS = [
  () => URI,
  (random) => String(random.int(0, 1e9)).repeat(random.int(1, 30)),
  (random) => Array.from({ length: random.int(1, 120) }, () => random.pick([...'ABCXYZ0189 $%*+-./:'])).join(''),
  (random) => Array.from({ length: random.int(1, 60) }, () => random.pick([...'aé€ЖΩ中✓😀?&=#@'])).join(''),
  (random) => (random.next() < 0.5 ? '' : 'x'.repeat(random.int(3000, 3500))),
]

// Each option: values qrcode draws with, and (less often) values it fails
// on or reads oddly.
const OPTION_VALUES = {
  errorCorrectionLevel: [['L', 'M', 'Q', 'H', 'high'], ['x']],
  version: [[1, 3, 6, 12, '4'], [41]],
  maskPattern: [[0, 3, 7, '5'], [9]],
  margin: [[0, 1, 2, 4, 6, 0.5, 1.25, 2.75, '2', '0', '', -3, null, true, [3]], ['abc']],
  scale: [[1, 2, 3, 4, 5, 1.5, 2.25, '3', '2.5', 0, 0.3], [-2, 0.01, 'x']],
  width: [[10, 21, 40, 64, 100, 150, 201.5, 333.3, '150', '90', 400], []],
  dark: [['#000', '#000000', '#123456', '#AbCdEf80', '1234', '#fff', 0x123456, 'red', '#gg0000', '##000000', '1234567', '#12345g', '0x1234', ' fff', ''], ['zz', '#12345']],
  light: [['#fff', '#ffffff00', '#00000000', '#eeeeeecc', 'FFFFFF', 42, 'blue', '1234567', '#ff00'], []],
}

const RENDERER_VALUES = {
  deflateLevel: [[0, 1, 6, 9, -1, null], [10, '9']],
  deflateStrategy: [[0, 1, 2, 3, 4], [5]],
  deflateChunkSize: [[64, 100, 1024, 32768, 0], [10]],
  bitDepth: [[8, 16, 0], [4, '16']],
  colorType: [[0, 2, 4, 6, '2', -0], [3]],
  inputColorType: [[0, 2, 4, 6], [1]],
  inputHasAlpha: [[true, false, 0, 1, null], []],
  bgColor: [[{ red: 10 }, { red: 0, green: 128, blue: 300 }, { green: '40' }, {}, null], []],
  filterType: [[-1, 0, 1, 2, 3, 4], []],
}

function pickValue(random, [good, bad]) {
  return bad.length && random.next() < 0.06 ? random.pick(bad) : random.pick(good)
}

function randomOptions(random) {
  const options = {}
  for (const [name, values] of Object.entries(OPTION_VALUES)) {
    if (random.next() < 0.6) continue
    const value = pickValue(random, values)
    if (name === 'dark' || name === 'light') options.color = { ...options.color, [name]: value }
    else options[name] = value
  }
  if (random.next() < 0.5) {
    const rendererOpts = {}
    for (const [name, values] of Object.entries(RENDERER_VALUES)) {
      if (random.next() < 0.35) rendererOpts[name] = pickValue(random, values)
    }
    // Odd containers, now and then.
    options.rendererOpts = random.next() < 0.03 ? random.pick(['deflate', 7, true, Object.freeze({})]) : rendererOpts
  }
  return options
}

function cases(seed, count) {
  const random = seeded(seed)
  return Array.from({ length: count }, () => ({ text: random.pick(TEXTS)(random), options: randomOptions(random) }))
}

/** A copy each package can write into (both write into the options). */
function copy(options) {
  const { rendererOpts, ...rest } = options
  const copied = structuredClone(rest)
  if (rendererOpts === undefined) return copied
  if (rendererOpts === null || typeof rendererOpts !== 'object') return { ...copied, rendererOpts }
  const fresh = structuredClone(rendererOpts)
  return { ...copied, rendererOpts: Object.isFrozen(rendererOpts) ? Object.freeze(fresh) : fresh }
}

// ---------------------------------------------------------------------------
// Outcomes: what a call gave and how.

const digest = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex')

/** A value as compared: PNG bytes by their SHA-256 (and length), errors by class, message and code. */
function describeValue(value) {
  if (Buffer.isBuffer(value)) return { buffer: `${value.length} ${digest(value)}` }
  if (typeof value === 'string' && value.startsWith('data:image/png;base64,')) return { dataUrl: `${value.length} ${digest(value)}` }
  if (value instanceof Error || (value && typeof value.message === 'string' && value.stack)) {
    return { error: `${value.constructor.name}: ${value.message}`, code: value.code }
  }
  return { value }
}

/** Calls `call(callback)`: a synchronous throw, or each callback call and whether it came before the return. */
function withCallback(call) {
  return new Promise((resolve) => {
    const calls = []
    let returned = false
    // No deadline: both packages always call back (see compat/qrcode-cases.js).
    const finish = () => resolve({ calls })
    try {
      call((error, value) => {
        calls.push({ sync: !returned, ...(error ? { rejected: describeValue(error) } : describeValue(value)) })
        // A second call, if any, follows at once.
        if (calls.length === 1) setImmediate(finish)
      })
    } catch (error) {
      resolve({ thrown: describeValue(error) })
      return
    }
    returned = true
  })
}

async function withPromise(call) {
  let promise
  try {
    promise = call()
  } catch (error) {
    return { thrown: describeValue(error) }
  }
  try {
    return describeValue(await promise)
  } catch (error) {
    return { rejected: describeValue(error) }
  }
}

/** The options object after the call, with the functions in it named. */
function afterCall(options) {
  return util.inspect(options, { depth: 4, showHidden: false })
}

const counts = {}
function count(output, equal) {
  counts[output] = counts[output] || { equal: 0, bytes: 0, errors: 0 }
  counts[output].equal += equal ? 1 : 0
  return equal
}

afterAll(() => {
  const lines = Object.entries(counts).map(
    ([output, { equal, bytes, errors }]) => `${output}: ${equal} of ${bytes + errors} equal (${bytes} PNGs byte-identical, ${errors} errors alike)`,
  )
  process.stdout.write(`compat/qrcode PNG outputs against qrcode 1.5.4:\n  ${lines.join('\n  ')}\n`)
})

function tally(output, theirs, ours) {
  const equal = util.isDeepStrictEqual(theirs, ours)
  count(output, equal)
  const png = /"(buffer|dataUrl)"/.test(JSON.stringify(theirs))
  counts[output][png ? 'bytes' : 'errors']++
  return equal
}

// ---------------------------------------------------------------------------

describe('byte-identical PNGs, or the same errors the same way', () => {
  const promised = caseCount(50)
  test(`toBuffer, as a promise: ${promised} random cases, and the options object after`, async () => {
    let pngs = 0
    for (const [index, { text, options }] of cases(1, promised).entries()) {
      const [mine, theirs] = [copy(options), copy(options)]
      const expected = await withPromise(() => QRCode.toBuffer(text, theirs))
      const actual = await withPromise(() => compat.toBuffer(text, mine))
      tally('toBuffer', expected, actual)
      expect({ index, text, options, ...actual }).toEqual({ index, text, options, ...expected })
      expect(afterCall(mine)).toBe(afterCall(theirs))
      if (expected.buffer) pngs++
    }
    // Both kinds of outcome are exercised.
    expect(pngs).toBeGreaterThan(promised * 0.3)
    expect(pngs).toBeLessThan(promised)
  }, timeout(300_000))

  const called = caseCount(50)
  test(`toDataURL with a callback: ${called} random cases, the callback called as often and as soon`, async () => {
    for (const [index, { text, options }] of cases(2, called).entries()) {
      const expected = await withCallback((cb) => QRCode.toDataURL(text, copy(options), cb))
      const actual = await withCallback((cb) => compat.toDataURL(text, copy(options), cb))
      tally('toDataURL', expected, actual)
      expect({ index, text, options, ...actual }).toEqual({ index, text, options, ...expected })
    }
  }, timeout(300_000))

  const both = caseCount(20)
  test(`toBuffer with a callback and toDataURL as a promise: ${both} random cases each`, async () => {
    for (const [index, { text, options }] of cases(3, both).entries()) {
      const expected = await withCallback((cb) => QRCode.toBuffer(text, copy(options), cb))
      const actual = await withCallback((cb) => compat.toBuffer(text, copy(options), cb))
      tally('toBuffer', expected, actual)
      expect({ index, text, options, ...actual }).toEqual({ index, text, options, ...expected })
      const theirs = await withPromise(() => QRCode.toDataURL(text, copy(options)))
      const ours = await withPromise(() => compat.toDataURL(text, copy(options)))
      tally('toDataURL', theirs, ours)
      expect({ index, text, options, ...ours }).toEqual({ index, text, options, ...theirs })
    }
  }, timeout(300_000))

  test('every rendererOpts combination of bit depth, colour types, alpha and filter, on one text', async () => {
    let compared = 0
    for (const bitDepth of [8, 16]) {
      for (const colorType of [0, 2, 4, 6]) {
        for (const inputColorType of [0, 2, 4, 6]) {
          for (const inputHasAlpha of [true, false]) {
            for (const filterType of [-1, 0, 1, 2, 3, 4]) {
              const rendererOpts = { bitDepth, colorType, inputColorType, inputHasAlpha, filterType, bgColor: { red: 30, blue: 200 } }
              const options = { color: { dark: '#1a2b3c99', light: '#f0e0d040' }, scale: 3, margin: 1.5, rendererOpts }
              const expected = await QRCode.toBuffer('every combination', copy(options))
              const actual = await compat.toBuffer('every combination', copy(options))
              tally('toBuffer', describeValue(expected), describeValue(actual))
              expect({ rendererOpts, png: actual.toString('base64') }).toEqual({ rendererOpts, png: expected.toString('base64') })
              compared++
            }
          }
        }
      }
    }
    expect(compared).toBe(384)
  }, timeout(300_000))
})

describe('an unknown filterType', () => {
  // pngjs reads filterType only as it packs, a tick after the call, and
  // throws from there: the process dies of an uncaught exception. The
  // drop-in reports the same error to the call instead.
  function qrcodeInAChild(filterType) {
    const script = `process.on('uncaughtException', (e) => { console.log(JSON.stringify(e.constructor.name + ': ' + e.message)); process.exit(3) })
      require(${JSON.stringify(require.resolve('qrcode'))}).toBuffer('A', { rendererOpts: { filterType: ${util.inspect(filterType)} } }, () => {})`
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' })
    return { status: child.status, error: JSON.parse(child.stdout) }
  }

  test.each([5, 1.5, '2', NaN, undefined])('%p fails as pngjs fails, reported to the callback instead of ending the process', async (filterType) => {
    const theirs = qrcodeInAChild(filterType)
    expect(theirs.status).toBe(3)
    const ours = await withCallback((cb) => compat.toBuffer('A', { rendererOpts: { filterType } }, cb))
    expect(ours.calls).toEqual([{ sync: false, rejected: { error: theirs.error, code: undefined } }])
  })
})

describe('files and streams', () => {
  let dir
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compat-qrcode-png-'))
  })
  afterAll(() => {
    try {
      fs.rmSync(dir, { recursive: true, force: true })
    } catch (error) {
      // qrcode leaves the file of a call that failed at once open, and the
      // drop-in does too; Windows cannot remove an open file until the
      // process ends, so there the folder stays for the system to clear.
      if (process.platform !== 'win32') throw error
    }
  })

  const files = caseCount(20)
  test(`toFile('….png'): the same file, or the same error the same way, on ${files} random cases`, async () => {
    for (const [index, { text, options }] of cases(4, files).entries()) {
      const theirs = path.join(dir, `theirs-${index}.png`)
      const ours = path.join(dir, `ours-${index}.png`)
      const expected = await withCallback((cb) => QRCode.toFile(theirs, text, copy(options), cb))
      const actual = await withCallback((cb) => compat.toFile(ours, text, copy(options), cb))
      // qrcode opens the file before it reads the options: let a file opened
      // for a call that failed at once appear, empty, as it does.
      if (expected.calls.some((call) => call.sync)) await new Promise((resolve) => setTimeout(resolve, 50))
      const read = (file) => (fs.existsSync(file) ? digest(fs.readFileSync(file)) : null)
      const [a, b] = [{ ...expected, file: read(theirs) }, { ...actual, file: read(ours) }]
      tally('toFile', a.file && !a.calls[0].rejected ? { buffer: a.file } : a, b.file && !b.calls[0].rejected ? { buffer: b.file } : b)
      expect({ index, text, options, ...b }).toEqual({ index, text, options, ...a })
    }
  }, timeout(300_000))

  test('toFile to a folder that does not exist fails as qrcode fails', async () => {
    const missing = path.join(dir, 'missing', 'qr.png')
    const expected = await withCallback((cb) => QRCode.toFile(missing, URI, cb))
    const actual = await withCallback((cb) => compat.toFile(missing, URI, cb))
    expect(actual).toEqual(expected)
    expect(actual.calls[0].rejected.code).toBe('ENOENT')
  })

  /** A destination that records each write. */
  function recorder() {
    const writes = []
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        writes.push(`${chunk.length} ${digest(chunk)}`)
        callback()
      },
    })
    const errors = []
    // Done when the stream finishes or fails (and any error right after the
    // first has come): no deadline, which a busy machine would miss.
    const finished = new Promise((resolve) => {
      stream.on('finish', resolve)
      stream.on('error', (error) => {
        errors.push(describeValue(error))
        setImmediate(resolve)
      })
    })
    return { stream, writes, errors, finished }
  }

  async function streamed(lib, text, options) {
    const { stream, writes, errors, finished } = recorder()
    let thrown
    let syncErrors
    try {
      lib.toFileStream(stream, text, options)
      syncErrors = errors.length
    } catch (error) {
      thrown = describeValue(error)
    }
    if (!thrown) await finished
    return { thrown, syncErrors, writes, errors }
  }

  const streams = caseCount(20)
  test(`toFileStream: the same writes, one a chunk, or the same errors on the stream, on ${streams} random cases`, async () => {
    for (const [index, { text, options }] of cases(5, streams).entries()) {
      const expected = await streamed(QRCode, text, copy(options))
      const actual = await streamed(compat, text, copy(options))
      const bytes = (outcome) => (outcome.writes.length && !outcome.errors.length ? { buffer: outcome.writes.join('|') } : outcome)
      tally('toFileStream', bytes(expected), bytes(actual))
      expect({ index, text, options, ...actual }).toEqual({ index, text, options, ...expected })
    }
  }, timeout(300_000))

  test('toFileStream writes nothing before the call returns', () => {
    const { stream, writes } = recorder()
    compat.toFileStream(stream, URI)
    expect(writes).toEqual([])
  })

  test('toFileStream into a file: the file qrcode writes', async () => {
    const theirs = path.join(dir, 'stream-theirs.png')
    const ours = path.join(dir, 'stream-ours.png')
    for (const [lib, file] of [
      [QRCode, theirs],
      [compat, ours],
    ]) {
      const stream = fs.createWriteStream(file)
      lib.toFileStream(stream, URI, { width: 300, rendererOpts: { deflateChunkSize: 256 } })
      await new Promise((resolve, reject) => stream.on('close', resolve).on('error', reject))
    }
    expect(fs.readFileSync(ours).equals(fs.readFileSync(theirs))).toBe(true)
  })
})
