'use strict'

// qrcode 1.5.4's `create` (core/qrcode.js) on totp-native's engine: its
// option fallbacks, its reading of segment arrays (core/segments.js
// `fromArray`), its Kanji mode, its errors and the shape of what it returns.
// The engine splits texts, chooses versions and masks and draws the symbol;
// this file decides, with qrcode's own (often lenient, sometimes buggy) rules,
// what the engine is asked for, and dresses the answer as qrcode's objects.

const { qr } = require('../../index.js')

/** @typedef {import('../../index').qr.QrData} QrData */
/** @typedef {import('../../index').qr.QrSegmentInput} QrSegmentInput */
/** @typedef {import('../qrcode').ErrorCorrectionLevel} ErrorCorrectionLevel */
/** @typedef {import('../qrcode').Mode} Mode */

const NOT_SUPPORTED = 'ERR_QR_COMPAT_UNSUPPORTED'

/** @param {string} what */
function unsupported(what) {
  const error = /** @type {Error & { code?: string }} */ (new Error(`totp-native/compat/qrcode does not support ${what}`))
  error.code = NOT_SUPPORTED
  return error
}

const tooBig = () => new Error('The amount of data is too big to be stored in a QR Code')

/** @param {number} minimum */
const versionTooSmall = (minimum) =>
  new Error(
    '\nThe chosen QR Code version cannot contain this amount of data.\n' +
      `Minimum version required to store current data is: ${minimum}.\n`,
  )

// --- Levels and modes: qrcode's objects, compared by identity there --------

/** @typedef {'L' | 'M' | 'Q' | 'H'} LevelName */

/**
 * `core/error-correction-level`: the objects `create` returns and takes back.
 * @type {Record<LevelName, ErrorCorrectionLevel>}
 */
const LEVELS = { L: { bit: 1 }, M: { bit: 0 }, Q: { bit: 3 }, H: { bit: 2 } }
/** @type {Record<string, LevelName>} */
const LEVEL_NAMES = { l: 'L', low: 'L', m: 'M', medium: 'M', q: 'Q', quartile: 'Q', h: 'H', high: 'H' }
const NAME_OF_LEVEL = new Map(
  /** @type {[ErrorCorrectionLevel, LevelName][]} */ (Object.entries(LEVELS).map(([name, level]) => [level, name])),
)

/**
 * `core/mode`.
 * @type {{
 *   NUMERIC: import('../qrcode').Mode<'Numeric'>,
 *   ALPHANUMERIC: import('../qrcode').Mode<'Alphanumeric'>,
 *   BYTE: import('../qrcode').Mode<'Byte'>,
 *   KANJI: import('../qrcode').Mode<'Kanji'>,
 * }}
 */
const MODES = {
  NUMERIC: { id: 'Numeric', bit: 1 << 0, ccBits: [10, 12, 14] },
  ALPHANUMERIC: { id: 'Alphanumeric', bit: 1 << 1, ccBits: [9, 11, 13] },
  BYTE: { id: 'Byte', bit: 1 << 2, ccBits: [8, 16, 16] },
  KANJI: { id: 'Kanji', bit: 1 << 3, ccBits: [8, 10, 12] },
}
/** @type {Record<import('../../index').qr.QrSegmentMode, Mode>} */
const MODE_BY_ENGINE_NAME = {
  numeric: MODES.NUMERIC,
  alphanumeric: MODES.ALPHANUMERIC,
  byte: MODES.BYTE,
  kanji: MODES.KANJI,
}

/**
 * `ECLevel.from`: an object with a `bit` from 0 to 3 is taken as the level
 * itself. qrcode's capacity tables are keyed by its own four objects, so any
 * other such object (a copy, `{ bit: 2 }`) makes every text "too big" there;
 * `FOREIGN` marks that. A name, in any case, else M.
 */
const FOREIGN = Symbol('a level object qrcode does not know')

/**
 * @param {any} value the option as given
 * @returns {ErrorCorrectionLevel | typeof FOREIGN}
 */
function levelOf(value) {
  if (value && typeof value.bit !== 'undefined' && value.bit >= 0 && value.bit < 4) {
    return NAME_OF_LEVEL.has(value) ? value : FOREIGN
  }
  if (typeof value === 'string') return LEVELS[LEVEL_NAMES[value.toLowerCase()]] || LEVELS.M
  return LEVELS.M
}

/**
 * `Version.from`: 1–40 after JavaScript's loose comparisons ('5', [5], 7.9), else "choose".
 * @param {any} value the option as given
 * @returns {number | undefined}
 */
function versionOf(value) {
  // biome-ignore lint/suspicious/noGlobalIsNan: qrcode's check, which coerces ('7' is a version, 'x' is not)
  const version = !isNaN(value) && value >= 1 && value <= 40 ? parseInt(value, 10) : undefined
  return version || undefined
}

/**
 * `MaskPattern.from`: 0–7 likewise, else "choose".
 * @param {any} value the option as given
 * @returns {number | undefined}
 */
function maskOf(value) {
  // biome-ignore lint/suspicious/noGlobalIsNan: qrcode's check, which coerces, as for the version
  const mask = value != null && value !== '' && !isNaN(value) && value >= 0 && value <= 7 ? parseInt(value, 10) : NaN
  return Number.isNaN(mask) ? undefined : mask
}

// --- Kanji mode ------------------------------------------------------------

// qrcode keeps `toSJISFunc` in a module variable (core/utils.js) that the
// first call passing one sets, and no call ever clears: from then on every
// call of the process — with or without the option — is in Kanji mode with
// the last function given. A bug, reproduced: the same calls give the same
// symbols in the same order.
/** @type {((character: string) => any) | undefined} */
let toSJISFunction

function isKanjiModeEnabled() {
  return typeof toSJISFunction !== 'undefined'
}

/** @param {unknown} value */
function setToSJISFunction(value) {
  if (typeof value !== 'function') throw new Error('"toSJISFunc" is not a valid function.')
  toSJISFunction = /** @type {(character: string) => any} */ (value)
}

/** @param {string} character */
const invalidSjis = (character) => new Error('Invalid SJIS character: ' + character + '\nMake sure your charset is UTF-8')

/**
 * The converter the engine calls for each character of a Kanji segment, as
 * qrcode's `KanjiData.write` uses `toSJIS`: a value in 0x8140–0x9FFC or
 * 0xE040–0xEBBF after JavaScript's comparisons (a numeric string passes), its
 * fraction dropped by the bit operations that follow, or "Invalid SJIS
 * character". qrcode calls it once per UTF-16 code unit.
 * @returns {((character: string) => number) | undefined}
 */
function kanjiConverter() {
  const convert = toSJISFunction
  if (convert === undefined) return undefined
  return function toSJIS(character) {
    const unit = character.length === 2 ? character[0] : character
    const value = convert(unit)
    if (!((value >= 0x8140 && value <= 0x9ffc) || (value >= 0xe040 && value <= 0xebbf))) throw invalidSjis(unit)
    // A code for half of a surrogate pair: qrcode would write two 13-bit
    // values for the one character, which Kanji mode cannot mean.
    if (unit !== character) throw unsupported('a Shift JIS code for half of a surrogate pair')
    return Math.floor(value)
  }
}

// --- Segment arrays: `Segments.fromArray` -----------------------------------

/**
 * A mode as qrcode takes it: one of its own, or any object with a truthy
 * `bit` and `ccBits` (which no segment is made for, see `singleSegment`).
 * @typedef {Mode | { id?: unknown, bit: any, ccBits: unknown }} ModeLike
 */

/**
 * `Mode.from`: a mode object (anything with `bit` and `ccBits`), a name in any case, else the fallback.
 * @param {any} value the segment's `mode` as given
 * @param {Mode} fallback
 * @returns {ModeLike}
 */
function modeOf(value, fallback) {
  if (value && value.bit && value.ccBits) return value
  if (typeof value !== 'string') return fallback
  switch (value.toLowerCase()) {
    case 'numeric':
      return MODES.NUMERIC
    case 'alphanumeric':
      return MODES.ALPHANUMERIC
    case 'kanji':
      return MODES.KANJI
    case 'byte':
      return MODES.BYTE
    default:
      return fallback
  }
}

/**
 * `Mode.toString`.
 * @param {ModeLike} mode
 */
function modeName(mode) {
  if (mode && mode.id) return mode.id
  throw new Error('Invalid mode')
}

// qrcode's Kanji expression (core/regex.js), as the ranges of UTF-16 code
// units it matches.
const KANJI_UNITS =
  '\\u3000-\\u30FF\\uFF00-\\uFFEF\\u4E00-\\u9FAF\\u2605\\u2606\\u2190-\\u2195\\u203B' +
  '\\u2010\\u2015\\u2018\\u2019\\u2025\\u2026\\u201C\\u201D\\u2225\\u2260\\u0391-\\u0451' +
  '\\u00A7\\u00A8\\u00B1\\u00B4\\u00D7\\u00F7'
const ALL_NUMERIC = /^[0-9]+$/
const ALL_ALPHANUMERIC = /^[A-Z0-9 $%*+\-./:]+$/
const ALL_KANJI = new RegExp(`^[${KANJI_UNITS}]+$`)

/**
 * `Mode.getBestModeForData`. The expressions test the data as JavaScript
 * turns it into a string, so a Buffer is read as its UTF-8 text and an
 * array as its elements joined by commas.
 * @param {any} data a segment's data as given
 * @returns {Mode}
 */
function bestModeOf(data) {
  if (ALL_NUMERIC.test(data)) return MODES.NUMERIC
  if (ALL_ALPHANUMERIC.test(data)) return MODES.ALPHANUMERIC
  if (ALL_KANJI.test(data)) return MODES.KANJI
  return MODES.BYTE
}

const ALPHANUMERIC_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
/** @param {unknown} element */
const alphanumericIndex = (element) => (typeof element === 'string' && element.length === 1 ? ALPHANUMERIC_CHARACTERS.indexOf(element) : -1)

/**
 * Alphanumeric data that is not a string (a Buffer whose text is
 * alphanumeric, say): qrcode looks each element up among the 45 characters,
 * finds none for a number, and writes what the arithmetic then gives — for
 * each pair `index₁ · 45 + index₂` in 11 bits, for a last odd one its index
 * in 6. Where those bits are those of two valid characters the same
 * characters are returned, so the engine writes the same bits; values no
 * pair of characters has (2025–2047, or 63 for an odd last element) cannot be
 * asked of it.
 * @param {any} data the segment's data as given: a Buffer, an array, even a
 *   number (without a `length`, no characters)
 */
function alphanumericEquivalent(data) {
  let text = ''
  const length = data.length
  for (let i = 0; i + 2 <= length; i += 2) {
    const value = (alphanumericIndex(data[i]) * 45 + alphanumericIndex(data[i + 1])) & 0x7ff
    if (value > 44 * 45 + 44) throw unsupported('alphanumeric segments of non-text data that qrcode writes as invalid characters')
    text += ALPHANUMERIC_CHARACTERS[Math.floor(value / 45)] + ALPHANUMERIC_CHARACTERS[value % 45]
  }
  if (length % 2) {
    const value = alphanumericIndex(data[length - 1]) & 0x3f
    if (value > 44) throw unsupported('alphanumeric segments of non-text data that qrcode writes as invalid characters')
    text += ALPHANUMERIC_CHARACTERS[value]
  }
  return text
}

/**
 * `buildSingleSegment`: the mode asked for (or the best one), refused if it
 * cannot hold the data, byte mode in place of Kanji without Kanji mode.
 * Returns the segment as qrcode keeps it (`qrcode`: mode and data as its
 * `*Data` object holds them) and as the engine is asked for it (`engine`).
 * A mode object qrcode does not know gives no segment (`undefined`), which
 * fails later as it does in qrcode.
 * @param {any} data the data as given: JavaScript's coercions read it
 * @param {unknown} modesHint
 * @returns {SingleSegment | undefined}
 */
function singleSegment(data, modesHint) {
  const bestMode = bestModeOf(data)
  let mode = modeOf(modesHint, bestMode)
  if (mode !== MODES.BYTE && mode.bit < bestMode.bit) {
    throw new Error(
      '"' + data + '"' + ' cannot be encoded with mode ' + modeName(mode) + '.\n Suggested mode is: ' + modeName(bestMode),
    )
  }
  if (mode === MODES.KANJI && !isKanjiModeEnabled()) mode = MODES.BYTE
  switch (mode) {
    case MODES.NUMERIC: {
      const digits = data.toString()
      return { qrcode: { mode: MODES.NUMERIC, data: digits }, engine: { data: digits, mode: 'numeric' } }
    }
    case MODES.ALPHANUMERIC: {
      const text = typeof data === 'string' ? data : alphanumericEquivalent(data)
      return { qrcode: { mode: MODES.ALPHANUMERIC, data }, engine: { data: text, mode: 'alphanumeric' } }
    }
    case MODES.KANJI:
      if (typeof data !== 'string') throw unsupported('Kanji segments of non-text data')
      return { qrcode: { mode: MODES.KANJI, data }, engine: { data, mode: 'kanji' } }
    case MODES.BYTE: {
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data)
      return { qrcode: { mode: MODES.BYTE, data: bytes }, engine: { data: bytes, mode: 'byte' } }
    }
    default:
      return undefined
  }
}

/**
 * A segment as qrcode keeps it (its mode, and its data: the digits as a
 * string, the bytes, the Kanji text, or for alphanumeric the data as given)
 * and as the engine is asked for it.
 * @typedef {{ qrcode: { mode: Mode, data: any }, engine: QrSegmentInput }} SingleSegment
 */

/**
 * `Segments.fromArray`: strings, and objects with a truthy `data`; other entries are skipped.
 * @param {any[]} array the caller's segment list
 */
function segmentsOf(array) {
  return array.reduce((/** @type {(SingleSegment | undefined)[]} */ segments, segment) => {
    if (typeof segment === 'string') segments.push(singleSegment(segment, null))
    else if (segment.data) segments.push(singleSegment(segment.data, segment.mode))
    return segments
  }, [])
}

// --- The engine's request, and its answer as qrcode's objects --------------

/**
 * qrcode's `create` up to the point where it needs the symbol: the options
 * read in its order (a `null` options object fails with its TypeError), then
 * the data checked. Returns what to ask the engine for.
 * @param {unknown} data
 * @param {any} options
 * @returns {Request}
 */
function request(data, options) {
  if (typeof data === 'undefined' || data === '') throw new Error('No input text')
  /** @type {ErrorCorrectionLevel | typeof FOREIGN} */
  let level = LEVELS.M
  let version
  let maskPattern
  if (typeof options !== 'undefined') {
    level = levelOf(options.errorCorrectionLevel)
    version = versionOf(options.version)
    maskPattern = maskOf(options.maskPattern)
    if (options.toSJISFunc) setToSJISFunction(options.toSJISFunc)
  }
  let input
  /** @type {SingleSegment[] | undefined} */
  let segments
  if (Array.isArray(data)) {
    const read = segmentsOf(data)
    // A mode object qrcode does not know left a hole, which qrcode reads
    // `.mode` of while choosing the version.
    if (read.includes(undefined)) throw new TypeError("Cannot read properties of undefined (reading 'mode')")
    segments = /** @type {SingleSegment[]} */ (read)
    input = segments.map((segment) => segment.engine)
  } else if (typeof data === 'string') {
    // qrcode measures byte runs with encodeURIComponent, which refuses a
    // lone surrogate.
    if (!isWellFormed(data)) throw new URIError('URI malformed')
    input = data
  } else {
    throw new Error('Invalid data')
  }
  if (level === FOREIGN) throw tooBig()
  return {
    input,
    segments,
    options: { errorCorrectionLevel: NAME_OF_LEVEL.get(level), version, maskPattern, toSJISFunc: kanjiConverter() },
  }
}

/**
 * What the engine is asked for: the text or the segments, the segments as
 * qrcode keeps them (for a segment list), and the symbol options as the
 * engine takes them.
 * @typedef {{ input: QrData, segments: SingleSegment[] | undefined, options: import('../../index').qr.QrSymbolOptions }} Request
 */

/**
 * ES2024's `String.prototype.isWellFormed`, which TypeScript's ES2022
 * library does not declare.
 * @typedef {{ isWellFormed(): boolean }} WellFormedTest
 */

/**
 * Whether a text has no lone surrogate: with `isWellFormed` where this Node
 * has it (20 and later).
 * @type {(text: string) => boolean}
 */
const isWellFormed =
  typeof (/** @type {String & Partial<WellFormedTest>} */ (String.prototype).isWellFormed) === 'function'
    ? (text) => /** @type {string & WellFormedTest} */ (text).isWellFormed()
    : (text) => {
        try {
          encodeURIComponent(text)
          return true
        } catch {
          return false
        }
      }

/**
 * The engine's data errors, as qrcode words them.
 * @param {unknown} error
 */
function asQrcodeError(error) {
  const engineError = /** @type {import('../../index').TotpError | null | undefined} */ (error)
  if (engineError && engineError.code === 'ERR_QR_DATA_TOO_LONG') {
    return engineError.minVersion === undefined ? tooBig() : versionTooSmall(engineError.minVersion)
  }
  return error
}

/**
 * Runs an engine call on a request, with its errors as qrcode's.
 * @template R
 * @param {(input: QrData, options: import('../../index').qr.QrStringOptions) => R} call
 * @param {Request} asked
 * @param {import('../../index').qr.QrStringOptions} [extra] rendering options over the symbol's
 * @returns {R}
 */
function engine(call, { input, options }, extra) {
  try {
    return call(input, extra ? { ...options, ...extra } : options)
  } catch (error) {
    throw asQrcodeError(error)
  }
}

/** @typedef {import('../qrcode').BitMatrix} QrcodeBitMatrix */

/**
 * `core/bit-matrix`: the modules, and which of them are function patterns.
 * @implements {QrcodeBitMatrix}
 */
class BitMatrix {
  /**
   * @param {number} size modules a side
   * @param {Uint8Array} data
   * @param {Uint8Array} reservedBit
   */
  constructor(size, data, reservedBit) {
    this.size = size
    this.data = data
    this.reservedBit = reservedBit
  }

  /**
   * @param {number} row
   * @param {number} col
   * @param {number} value
   * @param {boolean} reserved
   */
  set(row, col, value, reserved) {
    const index = row * this.size + col
    this.data[index] = value
    if (reserved) this.reservedBit[index] = 1
  }

  /**
   * @param {number} row
   * @param {number} col
   */
  get(row, col) {
    return this.data[row * this.size + col]
  }

  /**
   * @param {number} row
   * @param {number} col
   * @param {number} value
   */
  xor(row, col, value) {
    this.data[row * this.size + col] ^= value
  }

  /**
   * @param {number} row
   * @param {number} col
   */
  isReserved(row, col) {
    return this.reservedBit[row * this.size + col]
  }
}

/** @type {Map<number, Uint8Array>} */
const reservedByVersion = new Map()

/** @param {number} version */
function reservedBitOf(version) {
  let reserved = reservedByVersion.get(version)
  if (!reserved) {
    reserved = qr.reservedModules(version)
    reservedByVersion.set(version, reserved)
  }
  return new Uint8Array(reserved)
}

// The segments of a `create` result: qrcode's `NumericData`,
// `AlphanumericData`, `ByteData` and `KanjiData`, with their `mode` and
// `data` and the two length methods.

/** @typedef {SingleSegment['qrcode']} SegmentFields */

/**
 * @this {SegmentFields}
 * @param {Mode} mode
 * @param {any} data
 */
function Segment(mode, data) {
  this.mode = mode
  this.data = data
}

/** @this {SegmentFields} */
Segment.prototype.getLength = function getLength() {
  return this.data.length
}

/** @this {SegmentFields} */
Segment.prototype.getBitsLength = function getBitsLength() {
  const length = this.data.length
  switch (this.mode) {
    case MODES.NUMERIC:
      return 10 * Math.floor(length / 3) + (length % 3 ? (length % 3) * 3 + 1 : 0)
    case MODES.ALPHANUMERIC:
      return 11 * Math.floor(length / 2) + 6 * (length % 2)
    case MODES.KANJI:
      return length * 13
    default:
      return length * 8
  }
}

/**
 * `Segment`, as TypeScript reads no function as a constructor, and with
 * the public type of what it makes.
 * @type {new (mode: Mode, data: any) => import('../qrcode').GeneratedQRCodeSegment}
 */
const SegmentConstructor = /** @type {any} */ (Segment)

/**
 * `QRCode.create(data, options)`.
 * @param {unknown} data
 * @param {any} options
 * @returns {import('../qrcode').QRCode}
 */
function create(data, options) {
  const asked = request(data, options)
  const symbol = engine(qr.create, asked)
  const segments = (asked.segments || symbol.segments.map(engineSegment)).map(
    ({ qrcode }) => new SegmentConstructor(qrcode.mode, qrcode.data),
  )
  return {
    modules: new BitMatrix(symbol.size, symbol.modules, reservedBitOf(symbol.version)),
    version: symbol.version,
    errorCorrectionLevel: LEVELS[symbol.errorCorrectionLevel],
    // The engine's masks are 0 to 7.
    maskPattern: /** @type {import('../qrcode').QRCodeMaskPattern} */ (symbol.maskPattern),
    segments,
  }
}

/**
 * `create` for the drop-in's own renderers: the same request, checks and
 * errors, and the modules they draw, without the parts of the result only a
 * caller of `create` reads (its segments and reserved modules cost a second
 * call into the engine and a copy).
 * @param {unknown} data
 * @param {any} options
 * @returns {QrcodeSymbol}
 */
function symbolOf(data, options) {
  const symbol = engine(qr.create, request(data, options))
  return { modules: { size: symbol.size, data: symbol.modules }, version: symbol.version }
}

/**
 * What the drop-in's renderers draw: `create`'s result without its segments
 * and reserved modules.
 * @typedef {{ modules: { size: number, data: Uint8Array }, version: number }} QrcodeSymbol
 */

/**
 * A segment the engine chose for a text, as qrcode keeps it.
 * @param {import('../../index').qr.QrSegment} segment
 * @returns {{ qrcode: SegmentFields }}
 */
function engineSegment({ mode, data }) {
  return { qrcode: { mode: MODE_BY_ENGINE_NAME[mode], data } }
}

module.exports = { create, symbolOf, request, engine, asQrcodeError, unsupported }
