'use strict'

// The native binding, with its errors made in the caller's realm. Only
// index.js and lib/ use it (an architecture test holds everything else to
// the public API).
//
// Errors created by the addon belong to the realm Node loaded it in. Code
// running in another realm — every jest test file runs in its own vm context
// — then sees `err instanceof RangeError` as false, and jest's
// `toThrow(RangeError)` fails. Each function is wrapped so that such an error
// is re-created here, with the same class, message, code, fields and stack;
// an error already from this realm is rethrown as it is, so outside jest
// nothing changes.

const binding = require('../binding.js')

const CLASSES = { Error, TypeError, RangeError }

/**
 * @param {unknown} error
 * @returns {unknown}
 */
function inThisRealm(error) {
  if (error instanceof Error || error === null || typeof error !== 'object') return error
  const foreign = /** @type {Error & Record<string, unknown>} */ (error)
  const Class = CLASSES[/** @type {keyof typeof CLASSES} */ (foreign.name)] || Error
  const local = Object.assign(new Class(foreign.message), foreign)
  if (foreign.stack !== undefined) local.stack = foreign.stack
  return local
}

/**
 * Wraps one native function. `apply` with `arguments` passes exactly the
 * arguments the caller gave: one left out reaches the native side as absent,
 * which it reads for free, while an explicit `undefined` costs a type check.
 *
 * @template {(...args: any[]) => any} F
 * @param {F} fn
 * @returns {F}
 */
function adopt(fn) {
  return /** @type {F} */ (
    function native() {
      try {
        return fn.apply(undefined, /** @type {any} */ (arguments))
      } catch (error) {
        throw inThisRealm(error)
      }
    }
  )
}

/** @type {typeof binding & { inThisRealm: typeof inThisRealm }} */
const native = Object.assign(Object.create(null), { inThisRealm })
for (const [name, value] of Object.entries(binding)) {
  /** @type {Record<string, unknown>} */ (native)[name] = typeof value === 'function' ? adopt(value) : value
}

module.exports = native
