'use strict'

// What the compat-qrcode-*.spec.js suites share: seeded generators of the
// texts, segment arrays and options real callers pass to qrcode (fallbacks,
// string numerics and invalid values included), and the ways outcomes are
// compared — values, errors by class and message, and whether a callback
// was called before the call returned.

const { seeded } = require('../helpers')

const ALPHABETS = [
  '0123456789',
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:',
  'abcdefghijklmnopqrstuvwxyz0123456789?&=#@',
  'é€ЖΩ中文✓😀 aB1',
  'otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME',
  // Kanji-class characters (byte data without Kanji mode), line and
  // paragraph separators, a lone surrogate (qrcode's URIError).
  '漢字かなカナＡＢ１２αβЖ★※\u2028\u2029 \n',
  '\ud800ab',
]

/** A value that depends on the library: `(module) => value` (a level object from its own create). */
const perModule = (make) => ({ perModule: make })
const levelOf = (name) => perModule((module) => module.create('1', { errorCorrectionLevel: name }).errorCorrectionLevel)

const OPTION_VALUES = {
  errorCorrectionLevel: [
    undefined, 'L', 'M', 'Q', 'H', 'low', 'Medium', 'QUARTILE', 'high', 'x', '', 3, null,
    { bit: 2 }, { bit: 9 }, { bit: '1' }, levelOf('L'), levelOf('H'),
  ],
  version: [undefined, 1, 2, 5, 10, 40, 0, 41, -1, 7.9, '6', 'six', NaN, null, [5], true, '1e1', ' 3 '],
  maskPattern: [undefined, 0, 3, 7, 8, -1, 2.5, '4', 'x', null, '', true, [3]],
  margin: [undefined, null, 0, 1, 2, 4, 6, -2, 3, '2', '0', '4', ' 2', '3', '-1', '1e1', 'x', true, false, 2.5, 0.5, NaN, 1001, 2000],
  scale: [undefined, 0, 1, 2, 3.5, 8, '3', '0', 'x', '1.5'],
  width: [undefined, 0, 10, 21, 64, 100, 333.3, '150', '20', '21', '100.5', 'abc', true, Infinity, -5],
  dark: [
    undefined, '#000', '#000000', '#123456', '#AbCdEf', '1234', 'abcdef80', '#fff', '#ffffff', '#FFFFFF', 0x123456, 42,
    '', 'zz', '#12345', 'red', '#gg0000', '##000000', '1234567', '#12345z', '#0000', true, {},
  ],
  light: [
    undefined, '#fff', '#ffffff', '#ffffff00', '#00000000', '#000', '#000000', 'FFFFFF', '#eeeeeecc', 42, '1234567890',
    'red', '#gggggg', '##ffffff', '0000007', null,
  ],
}

function randomText(random, alphabets = ALPHABETS) {
  const alphabet = Array.from(random.pick(alphabets))
  const length = random.next() < 0.85 ? random.int(1, 60) : random.int(60, 700)
  let text = ''
  for (let i = 0; i < length; i++) text += alphabet[random.int(0, alphabet.length - 1)]
  return text
}

function randomOptions(random, values = OPTION_VALUES) {
  const options = {}
  for (const [name, choices] of Object.entries(values)) {
    if (random.next() < 0.45) continue
    const value = random.pick(choices)
    if (value === undefined) continue
    if (name === 'dark' || name === 'light') options.color = { ...options.color, [name]: value }
    else options[name] = value
  }
  return options
}

/** `count` { text, options } cases from `seed`. */
function cases(seed, count, { alphabets, values } = {}) {
  const random = seeded(seed)
  return Array.from({ length: count }, () => ({ text: randomText(random, alphabets), options: randomOptions(random, values) }))
}

/** The options for one module: per-module values made, the rest deep-copied (both packages write into them). */
function forModule(options, module) {
  if (options === undefined || options === null || typeof options !== 'object') return options
  if (options.perModule) return options.perModule(module)
  if (Array.isArray(options)) return options.map((item) => forModule(item, module))
  if (Buffer.isBuffer(options)) return Buffer.from(options)
  if (ArrayBuffer.isView(options)) return options.slice()
  return Object.fromEntries(Object.entries(options).map(([name, value]) => [name, forModule(value, module)]))
}

const describeError = (error) =>
  error instanceof Error || (error && error.constructor) ? `${error.constructor && error.constructor.name}: ${error.message}` : String(error)

/** A call's outcome: its value, or its error's class and message. */
async function outcome(call) {
  try {
    return { value: await call() }
  } catch (error) {
    return { error: describeError(error) }
  }
}

/**
 * How a call delivers, with a callback: what it returned, what its callback
 * got (error class and message, or the value through `shape`) and whether
 * that came before the call returned; or what it threw.
 */
function delivery(call, shape = (value) => value) {
  return new Promise((resolve) => {
    let returned
    let settled = false
    const seen = []
    // No timer decides that a callback will not come: on a busy machine
    // any such deadline is missed now and then. Both packages always call
    // back, and a call that never does fails on the test's own timeout.
    const callback = (error, value) => {
      seen.push({ sync: !settled, error: error ? describeError(error) : error, value: error ? undefined : shape(value) })
      // A second call, if any, comes at once.
      setImmediate(() => resolve({ returned: shape(returned), seen }))
    }
    try {
      returned = call(callback)
    } catch (error) {
      resolve({ threw: describeError(error), seen })
    }
    settled = true
  })
}

/**
 * Without a callback: whether the call threw before returning, or what its
 * promise settled with.
 */
async function promised(call, shape = (value) => value) {
  let promise
  try {
    promise = call()
  } catch (error) {
    return { threw: describeError(error) }
  }
  if (!promise || typeof promise.then !== 'function') return { returned: shape(promise) }
  try {
    return { resolved: shape(await promise) }
  } catch (error) {
    return { rejected: describeError(error) }
  }
}

/** Everything of a `create` result, as plain data. */
function symbolShape(symbol) {
  const { modules } = symbol
  return {
    keys: Object.keys(symbol),
    moduleKeys: Object.keys(modules),
    version: symbol.version,
    errorCorrectionLevel: symbol.errorCorrectionLevel,
    maskPattern: symbol.maskPattern,
    size: modules.size,
    data: Buffer.from(modules.data).toString('base64'),
    reservedBit: Buffer.from(modules.reservedBit).toString('base64'),
    methods: [modules.get(0, 0), modules.get(8, modules.size - 1), modules.isReserved(0, 0), modules.isReserved(modules.size - 1, modules.size - 1)],
    segments: symbol.segments.map((segment) => ({
      keys: Object.keys(segment),
      mode: segment.mode,
      data: typeof segment.data === 'string' ? segment.data : Array.from(segment.data),
      length: segment.getLength(),
      bits: segment.getBitsLength(),
    })),
  }
}

/** A short description of a case, for failure messages. */
function label(text, options) {
  const shown = typeof text === 'string' && text.length > 60 ? `${text.slice(0, 60)}… (${text.length})` : text
  return JSON.stringify({ text: shown, options }, (_key, value) => (typeof value === 'function' ? '<fn>' : value))
}

/**
 * Counts of compared cases, printed once the file's tests are done: for each
 * call, how many cases were equal, as values or as errors, and how many the
 * drop-in refused as not reproduced.
 */
function tally(title) {
  const rows = new Map()
  afterAll(() => {
    const lines = [...rows].map(
      ([call, { values, errors, refused }]) =>
        `${call}: ${values + errors} cases equal (${values} outputs, ${errors} errors alike)` + (refused ? `, ${refused} not reproduced` : ''),
    )
    process.stdout.write(`${title}:\n  ${lines.join('\n  ')}\n`)
  })
  return (call, outcome) => {
    const row = rows.get(call) || { values: 0, errors: 0, refused: 0 }
    if (outcome === 'refused') row.refused++
    else if (outcome.error) row.errors++
    else row.values++
    rows.set(call, row)
  }
}

module.exports = {
  tally, ALPHABETS, OPTION_VALUES, cases, randomText, randomOptions, forModule, outcome, delivery, promised, symbolShape, label, perModule }
