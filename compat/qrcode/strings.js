'use strict'

// qrcode 1.5.4's string renderers (`renderer/svg-tag.js`, `utf8.js`,
// `terminal.js`) on totp-native's engine, with the same strings for the same
// options — also where qrcode's handling of a value is a bug:
//
// - a margin that is not a number (`'2'` from a query string) is added to
//   each SVG path coordinate as JavaScript adds it, so `M0 0.5` becomes
//   `M02 0.52`, and it gives utf8 lines the border `'2' + 1` = `'21'`;
// - a colour with non-hex digits is written into the SVG as given, with the
//   opacity `parseInt` leaves (often `.00`: an invisible code);
// - utf8 ignores colours but for swapping its block characters when the dark
//   colour is `#ffffff` or the light one `#000000` (compared as written), and
//   an odd margin makes it fail (`Invalid array length`).
//
// The engine draws every symbol; where qrcode's output follows plainly from
// its options it draws the whole string, and otherwise it draws the symbol
// without margin, and the margin, width and colours are applied here as
// qrcode applies them.

const { qr } = require('../../index.js')
const { rendererOptions } = require('./options')
const { request, engine } = require('./symbol')

/** @typedef {import('./options').RendererOptions} RendererOptions */

/**
 * The engine's string renderer on the text and symbol options asked for,
 * with these rendering options over them.
 * @typedef {(extra: import('../../index').qr.QrStringOptions) => string} Render
 */

/**
 * One of qrcode's string renderers: `options` as the caller gave them,
 * `opts` as `getOptions` read them.
 * @typedef {(render: Render, options: any, opts: RendererOptions) => string} StringRenderer
 */

/**
 * A margin the engine draws: a whole number of modules up to its cap.
 * @param {unknown} margin
 */
const plainMargin = (margin) => typeof margin === 'number' && Number.isInteger(margin) && margin >= 0 && margin <= 1000

/**
 * The colour option as the engine takes it, when qrcode reads it as plain
 * hex digits (3, 4, 6 or 8 of them, after its first `#` is dropped); else
 * undefined. The options were read by `rendererOptions` already, so the
 * value is a string or a number.
 * @param {unknown} value
 * @param {string} fallback
 */
function engineColor(value, fallback) {
  const given = /** @type {string | number} */ (value || fallback)
  const digits = (typeof given === 'number' ? given.toString() : given).replace('#', '')
  return /^(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(digits) ? digits : undefined
}

/** @param {any} options */
function engineColors(options) {
  const color = options.color || {}
  const dark = engineColor(color.dark, '#000000ff')
  const light = engineColor(color.light, '#ffffffff')
  return dark && light ? { dark, light } : undefined
}

// --- SVG --------------------------------------------------------------------

/**
 * svg-tag.js `getColorAttrib`.
 * @param {import('./options').QrcodeColor} color
 * @param {string} attribute
 */
function colorAttribute(color, attribute) {
  const alpha = color.a / 255
  const text = attribute + '="' + color.hex + '"'
  return alpha < 1 ? text + ' ' + attribute + '-opacity="' + alpha.toFixed(2).slice(1) + '"' : text
}

/** @type {StringRenderer} */
function svg(render, options, opts) {
  const colors = engineColors(options)
  const width = opts.width
  if (plainMargin(opts.margin) && colors && (width === undefined || (typeof width === 'number' && Number.isFinite(width)))) {
    return render({ type: 'svg', margin: opts.margin, width, color: colors })
  }
  // The symbol's runs from the engine, without margin; the rest as
  // qrcode writes it, with its arithmetic on the options as given.
  const bare = render({ type: 'svg', margin: 0 })
  // Both are there in every SVG the engine draws.
  const size = Number(/** @type {RegExpExecArray} */ (/viewBox="0 0 (\d+) /.exec(bare))[1])
  const runs = /** @type {RegExpExecArray} */ (/<path stroke="#000000" d="([^"]*)"/.exec(bare))[1]
  const margin = opts.margin
  const path = runs.replace(/M(\d+) (\d+\.5)/g, (_, column, row) => 'M' + (Number(column) + margin) + ' ' + (Number(row) + margin))
  const side = size + opts.margin * 2
  const background = !opts.color.light.a
    ? ''
    : '<path ' + colorAttribute(opts.color.light, 'fill') + ' d="M0 0h' + side + 'v' + side + 'H0z"/>'
  const stroke = '<path ' + colorAttribute(opts.color.dark, 'stroke') + ' d="' + path + '"/>'
  const viewBox = 'viewBox="' + '0 0 ' + side + ' ' + side + '"'
  const widthAttributes = !width ? '' : 'width="' + width + '" height="' + width + '" '
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" ' + widthAttributes + viewBox + ' shape-rendering="crispEdges">' + background + stroke + '</svg>\n'
  )
}

// --- utf8 -------------------------------------------------------------------

/** @type {StringRenderer} */
function utf8(render, _options, opts) {
  const inverted = opts.color.dark.hex === '#ffffff' || opts.color.light.hex === '#000000'
  // The engine swaps the blocks by the same rule; these colours ask it to.
  const color = inverted ? { dark: 'ffffff', light: 'ffffff' } : undefined
  const margin = opts.margin
  if (plainMargin(margin) && margin % 2 === 0) return render({ type: 'utf8', margin, color })
  const rows = render({ type: 'utf8', margin: 0, color }).split('\n')
  rows.pop()
  const blank = inverted ? '█' : ' '
  // qrcode's borders, made as it makes them: `Array(n).join(…)` throws for a
  // length that is not a whole number, and a string margin gives
  // `Array('2' + 1)`, one element.
  let hMargin = Array(rows.length > 0 ? rows[0].length + margin * 2 + 1 : margin * 2 + 1).join(blank)
  hMargin = Array(margin / 2 + 1).join(hMargin + '\n')
  const vMargin = Array(margin + 1).join(blank)
  let output = hMargin
  for (const row of rows) output += vMargin + row + vMargin + '\n'
  return output + hMargin.slice(0, -1)
}

// --- terminal ----------------------------------------------------------------

/**
 * qrcode's terminal renderer reads no colour or margin, and runs no
 * `getOptions`.
 * @param {Render} render
 * @param {any} options
 */
function terminal(render, options) {
  return render({
    type: 'terminal',
    small: Boolean(options && options.small),
    inverse: Boolean(options && options.inverse),
  })
}

/**
 * Draws `text` with one of qrcode's string renderers, as its `render` and
 * the renderer run: the symbol first (so its errors come first), then the
 * renderer's options — with `getOptions` giving the options object a
 * `color`, which it does only once the symbol is made.
 * @param {StringRenderer} renderer
 * @param {unknown} text
 * @param {any} options
 */
function draw(renderer, text, options) {
  const asked = request(text, options)
  let dataError = false
  /** @type {Render} */
  const render = (extra) => {
    try {
      return engine(qr.toStringSync, asked, extra)
    } catch (error) {
      dataError = true
      throw error
    }
  }
  if (renderer === terminal) return terminal(render, options)
  const owned = options !== null && typeof options === 'object' && Object.hasOwn(options, 'color')
  const before = owned ? options.color : undefined
  const undo = () => {
    if (options === null || typeof options !== 'object' || options.color === before) return
    if (owned) Reflect.set(options, 'color', before)
    else Reflect.deleteProperty(options, 'color')
  }
  let opts
  try {
    opts = rendererOptions(options)
  } catch (optionError) {
    engine(qr.create, asked)
    throw optionError
  }
  try {
    return renderer(render, options, opts)
  } catch (error) {
    if (dataError) undo()
    throw error
  }
}

module.exports = { draw, svg, utf8, terminal }
