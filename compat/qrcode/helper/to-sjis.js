'use strict'

// qrcode's `helper/to-sjis` (`require('qrcode/helper/to-sjis')`), the
// `toSJISFunc` qrcode's documentation gives for Kanji mode: the Shift JIS
// code of a character, or undefined. Its table is totp-native's
// (`qr.toSJIS`), which has the characters qrcode's has, with the same codes.
//
// Like qrcode's, it takes anything JavaScript can turn into a string (an
// array of one character is that character) and nothing empty. Given several
// characters, qrcode's looks them up as a substring of its table's rows and
// may answer with the first one's code; this one answers undefined.

const { qr } = require('../../../index.js')

/**
 * @param {unknown} utf8Char what qrcode's Kanji mode passes (a character), or anything
 * @returns {number | undefined}
 */
module.exports = function toSJIS(utf8Char) {
  if (!utf8Char || utf8Char === '') return undefined
  const character = `${utf8Char}`
  return character.length === 1 ? qr.toSJIS(character) : undefined
}
