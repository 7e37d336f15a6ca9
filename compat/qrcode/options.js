'use strict'

// qrcode 1.5.4's rendering options (`renderer/utils.js` `getOptions`), with
// its leniency: values are kept as given and later read as JavaScript's
// arithmetic reads them, so `margin: '2'` stays the string '2', a negative or
// missing margin is 4, and a colour string is read digit by digit the way
// `hex2rgba` reads it — `'red'` or `'#gg0000'` become the transparent black
// that `parseInt` of non-hex digits gives there.

/**
 * A colour as qrcode reads it: its channels, the `hex` it writes into SVG
 * and `engine`, the same colour as the engine's 8 hex digits.
 * @typedef {{ r: number, g: number, b: number, a: number, hex: string, engine: string }} QrcodeColor
 */

/**
 * The options as `getOptions` returns them. `margin`, `width` and `scale`
 * are the caller's values as given (a number, or a string such as '2', or
 * anything else qrcode's arithmetic then reads); `type` is not read here.
 * @typedef {{
 *   width: any,
 *   scale: any,
 *   margin: any,
 *   color: { dark: QrcodeColor, light: QrcodeColor },
 *   type: unknown,
 *   rendererOpts: any,
 * }} RendererOptions
 */

/**
 * A colour as qrcode's `hex2rgba` reads it: a number by its decimal digits,
 * the first `#` dropped, 3 or 4 digits doubled, `FF` alpha added to 6, and
 * the digits read with `parseInt(…, 16)` — which stops at the first non-hex
 * digit (and reads nothing from `red`), and reads 7 digits as one number.
 * Returns the channels, the `hex` qrcode writes into SVG, and `engine`: the
 * same colour as the 8 hex digits the native engine takes.
 * @param {unknown} value
 * @returns {QrcodeColor}
 */
function qrcodeColor(value) {
  const given = typeof value === 'number' ? value.toString() : value
  if (typeof given !== 'string') throw new Error('Color should be defined as hex string')
  let digits = given.replace('#', '').split('')
  if (digits.length < 3 || digits.length === 5 || digits.length > 8) throw new Error('Invalid hex color: ' + given)
  if (digits.length < 5) digits = digits.flatMap((digit) => [digit, digit])
  if (digits.length === 6) digits.push('F', 'F')
  const number = parseInt(digits.join(''), 16)
  const channel = (/** @type {number} */ shift) => (number >> shift) & 255
  const rgba = [channel(24), channel(16), channel(8), channel(0)]
  return {
    r: rgba[0],
    g: rgba[1],
    b: rgba[2],
    a: rgba[3],
    hex: '#' + digits.slice(0, 6).join(''),
    engine: '#' + rgba.map((byte) => byte.toString(16).padStart(2, '0')).join(''),
  }
}

/**
 * `getOptions`: note that it gives the caller's options object a `color`
 * when it has none, as qrcode does.
 * @param {any} options whatever the caller passed, read as qrcode reads it
 * @returns {RendererOptions}
 */
function rendererOptions(options) {
  if (!options) options = {}
  // qrcode's module is sloppy-mode code: on a frozen object this assignment
  // is silently lost.
  if (!options.color && (typeof options === 'object' || typeof options === 'function')) Reflect.set(options, 'color', {})
  const margin = options.margin === undefined || options.margin === null || options.margin < 0 ? 4 : options.margin
  const width = options.width && options.width >= 21 ? options.width : undefined
  const scale = options.scale || 4
  return {
    width,
    scale: width ? 4 : scale,
    margin,
    color: {
      dark: qrcodeColor(options.color.dark || '#000000ff'),
      light: qrcodeColor(options.color.light || '#ffffffff'),
    },
    type: options.type,
    rendererOpts: options.rendererOpts || {},
  }
}

/**
 * `getScale`: the width's scale if the symbol fits in it, else `scale` (as
 * given: '3' stays a string).
 * @param {number} size modules a side
 * @param {RendererOptions} opts
 */
function scaleOf(size, opts) {
  return opts.width && opts.width >= size + opts.margin * 2 ? opts.width / (size + opts.margin * 2) : opts.scale
}

/**
 * `getImageWidth`: the image side in pixels (NaN, 0 or negative for some options).
 * @param {number} size modules a side
 * @param {RendererOptions} opts
 */
function imageSide(size, opts) {
  return Math.floor((size + opts.margin * 2) * scaleOf(size, opts))
}

/**
 * The native engine's raster options for the same pixels: the values as
 * numbers (the width only where qrcode uses it), the colours as 8 digits.
 * @param {RendererOptions} opts
 * @returns {import('../../index').qr.QrRasterOptions}
 */
function rasterOptions(opts) {
  return {
    margin: +opts.margin,
    scale: +opts.scale,
    width: opts.width === undefined ? undefined : +opts.width,
    color: { dark: opts.color.dark.engine, light: opts.color.light.engine },
  }
}

module.exports = { qrcodeColor, rendererOptions, imageSide, rasterOptions }
