'use strict'

// The native binding, with its errors made in the caller's realm.
//
// Errors created by the addon belong to the realm Node loaded it in. Code
// running in another realm — every jest test file runs in its own vm context
// — then sees `err instanceof RangeError` as false, and jest's
// `toThrow(RangeError)` fails. Each function is wrapped so that such an error
// is re-created here, with the same class, message, code and stack; an error
// already from this realm is rethrown as it is, so outside jest nothing
// changes.

const binding = require('../binding.js')

const CLASSES = { Error, TypeError, RangeError }

function inThisRealm(error) {
  if (error instanceof Error || error === null || typeof error !== 'object') return error
  const Class = CLASSES[error.name] || Error
  const local = new Class(error.message)
  if (error.code !== undefined) local.code = error.code
  if (error.minVersion !== undefined) local.minVersion = error.minVersion
  if (error.stack !== undefined) local.stack = error.stack
  return local
}

function adopt(fn) {
  return function native(...args) {
    try {
      return fn(...args)
    } catch (error) {
      throw inThisRealm(error)
    }
  }
}

const native = { inThisRealm }
for (const [name, value] of Object.entries(binding)) {
  native[name] = typeof value === 'function' ? adopt(value) : value
}

module.exports = native
