'use strict'

// A drop-in for `totp-generator` 1.0: `TOTP.generate(key, options)` returns
// `{ otp, expires }` synchronously. Its quirks are kept: defaults by
// Object.assign (an explicit `undefined` wins, so `timestamp: undefined`
// gives NaN), no zero padding, `digits: 0` an empty code, a `generate`
// called without its class failing as there, and jsSHA's errors.

const common = require('./totp-generator-common')

Object.defineProperty(exports, '__esModule', { value: true })

class TOTP {
  /**
   * A TOTP code as `totp-generator` 1.0 gives it, and when it expires (ms since the Unix epoch).
   * @param {string} key base32
   * @param {{ digits?: number, algorithm?: string, period?: number, timestamp?: number }} [options]
   *   `digits` (default 6), `algorithm` ('SHA-1'), `period` (30 s), `timestamp` (now, in ms)
   * @returns {{ otp: string, expires: number }}
   */
  static generate(key, options) {
    const o = Object.assign({ digits: 6, algorithm: 'SHA-1', period: 30, timestamp: Date.now() }, options)
    const epoch = Math.floor(o.timestamp / 1000)
    // 1.0 reaches its helpers through `this`: a detached `generate` fails here.
    if (this === undefined || this === null) throw new TypeError(`Cannot read properties of ${this} (reading 'leftpad')`)
    const step = Math.floor(epoch / o.period)
    const variant = common.jsshaVariant(o.algorithm)
    const keyData = common.perCharacterBase32(key)
    common.refuseWithoutHmac(variant)
    const { value, refusal } = common.signOrDefer(() =>
      common.truncatedHmac(keyData, common.jsshaCounter(step), common.coreAlgorithm(variant)),
    )
    // substring, not substr: a start past the end or NaN digits give ''.
    const start = Math.max(value.length - o.digits, 0)
    const otp = value.substring(start, start + o.digits)
    const expires = Math.ceil((o.timestamp + 1) / (o.period * 1000)) * o.period * 1000
    if (refusal) throw refusal
    return { otp, expires }
  }
}

exports.TOTP = TOTP
