'use strict'

// The native binding (binding.js, the loader @napi-rs/cli writes), with two
// things the generated loader does not do. Only index.js and lib/ use it (an
// architecture test holds everything else to the public API).
//
// - When no module loads, the error says which platforms have one and what
//   to do, with a stable code, instead of the loader's generic message.
// - Errors created by the addon belong to the realm Node loaded it in. Code
//   running in another realm — every jest test file runs in its own vm
//   context — then sees `err instanceof RangeError` as false, and jest's
//   `toThrow(RangeError)` fails. Each function is wrapped so that such an
//   error is re-created here, with the same class, message, code, fields
//   and stack; an error already from this realm is rethrown as it is.

const { platformName, targetOf, WASM_FALLBACKS } = require('./platform')
const { napi, version } = require('../package.json')

/**
 * @param {string} platform
 * @param {unknown} cause
 */
function missing(platform, cause) {
  const supported = napi.targets.map((triple) => targetOf(triple).platform)
  const known = supported.includes(platform)
  const message =
    `totp-native has no native module for ${platform}. ` +
    `Prebuilt modules exist for ${supported.join(', ')}; npm installs the one for the machine it runs on ` +
    `from the optional dependency ${napi.binaryName}-<platform>. ` +
    (known
      ? `For ${platform} that is ${napi.binaryName}-${platform}@${version}: run \`npm install\` on this machine again, ` +
        'without --omit=optional (or --no-optional), and do not copy node_modules from a machine of another OS, CPU or libc.'
      : `There is none for ${platform}: the WebAssembly build, ${napi.binaryName}-wasm32-wasi@${version}, runs there instead; ` +
        'npm installs it on such a machine unless optional dependencies are left out (install it yourself otherwise). ' +
        'Or build a native module from a clone of the repository with Rust (`npm run build`), and point NAPI_RS_NATIVE_LIBRARY_PATH at it.')
  return Object.assign(new Error(message), { code: 'ERR_TOTP_NATIVE_MISSING', platform, supported, cause })
}

/**
 * The WebAssembly build, through the package that installed it (see
 * WASM_FALLBACKS), or undefined when none did.
 */
function wasmFallback() {
  for (const fallback of WASM_FALLBACKS) {
    try {
      return require(`${napi.binaryName}-${fallback}`)
    } catch (error) {
      if (/** @type {any} */ (error).code !== 'MODULE_NOT_FOUND') throw error
    }
  }
  return undefined
}

/** @returns {typeof import('../binding')} */
function load() {
  // napi-rs's loader forces the WebAssembly build for NAPI_RS_FORCE_WASI
  // 'true' or 'error'; '1' says the same here. It is changed only while the
  // loader reads it: other napi-rs packages in the process keep their own
  // reading of the value the user set.
  const forced = process.env.NAPI_RS_FORCE_WASI
  if (forced === '1') process.env.NAPI_RS_FORCE_WASI = 'true'
  try {
    return require('../binding.js')
  } catch (error) {
    const message = error instanceof Error ? error.message : ''
    if (!/^(Cannot find native binding|Failed to load native binding)/.test(message)) throw error
    // A strict layout hides the WebAssembly package from this one: the
    // optional dependency that brought it still reaches it.
    const wasm = wasmFallback()
    if (wasm) return wasm
    // The loader tried every place and keeps each failure as a cause. A
    // module that is there but fails to load (a damaged file, a libc older
    // than it needs) says why itself; only when none was found is it missing.
    for (let cause = /** @type {any} */ (error).cause; cause; cause = cause.cause) {
      if (typeof cause.message === 'string' && !cause.message.startsWith('Cannot find module')) {
        throw Object.assign(new Error(cause.message), { cause: error })
      }
    }
    throw missing(platformName(), error)
  } finally {
    if (forced === '1') process.env.NAPI_RS_FORCE_WASI = forced
  }
}

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
 * A QR call whose JS callbacks (`toSJISFunc`, pngjs's packer) keep what
 * they throw: an error a callback throws must reach the caller as it was
 * thrown, and napi-rs on the WebAssembly build hands back a new Error with
 * only its message. The call rethrows (or rejects with) the callback's own
 * value. Only the WebAssembly build is wrapped: the native build passes
 * such an error through already.
 *
 * @template {(...args: any[]) => any} F
 * @param {F} fn
 * @returns {F}
 */
function keepingCallbackErrors(fn) {
  return /** @type {F} */ (
    (/** @type {any[]} */ ...args) => {
      /** @type {{ error: unknown } | undefined} */
      let thrown
      const traced = args.map((arg) =>
        typeof arg === 'function'
          ? (/** @type {any[]} */ ...inner) => {
              try {
                return arg(...inner)
              } catch (error) {
                thrown = { error }
                throw error
              }
            }
          : arg,
      )
      const instead = (/** @type {unknown} */ error) => {
        throw thrown ? thrown.error : error
      }
      try {
        const result = fn(...traced)
        return result instanceof Promise ? result.catch(instead) : result
      } catch (error) {
        return instead(error)
      }
    }
  )
}

/**
 * A string as V8 gives it to a native module: each lone surrogate read as
 * U+FFFD. emnapi, on the WebAssembly build, reads one otherwise (it joins
 * a lone high surrogate with the next character), so strings are made
 * well-formed before they cross there: each build then sees the same text.
 *
 * @param {unknown} value
 * @param {number} depth
 * @returns {unknown}
 */
function wellFormed(value, depth = 0) {
  if (typeof value === 'string') return /** @type {any} */ (value).toWellFormed()
  // Options nest three deep at most: a segment list's objects, a colour.
  if (depth > 3 || value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value
  if (Array.isArray(value)) return value.map((item) => wellFormed(item, depth + 1))
  // A plain object of any realm (a jest test's own, too): its prototype is
  // an Object.prototype, whose prototype is null.
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== null && Object.getPrototypeOf(prototype) !== null) return value
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, wellFormed(item, depth + 1)]))
}

/**
 * @template {(...args: any[]) => any} F
 * @param {F} fn
 * @returns {F}
 */
function withWellFormedStrings(fn) {
  return /** @type {F} */ ((/** @type {any[]} */ ...args) => fn(...args.map((arg) => wellFormed(arg))))
}

/**
 * @template {(...args: any[]) => any} F
 * @param {F} fn
 * @returns {F}
 */
function adopt(fn) {
  return /** @type {F} */ (
    (/** @type {any[]} */ ...args) => {
      try {
        return fn(...args)
      } catch (error) {
        throw inThisRealm(error)
      }
    }
  )
}

/**
 * On the WebAssembly build napi-rs rejects an async call's promise with a
 * new Error holding only the message: the class, code and fields the
 * binding made are lost there. A rejected call is run again through a sync
 * call that fails the same way from the same arguments (the work is
 * deterministic) and throws the binding's own error; a bad option still
 * throws at once, from the async call itself, and a call that succeeds
 * costs nothing more. If the sync call does not fail, the rejection stands.
 *
 * @template {(...args: any[]) => Promise<any>} F
 * @param {F} asyncCall
 * @param {(...args: any[]) => unknown} again
 * @returns {F}
 */
function withSyncErrors(asyncCall, again) {
  return /** @type {F} */ (
    (/** @type {any[]} */ ...args) =>
      asyncCall(...args).catch((/** @type {unknown} */ rejection) => {
        again(...args)
        throw rejection
      })
  )
}

/**
 * The sync call that fails as an async one does: its twin without `Async`,
 * or, for the two with none, the symbol they would encode (every failure
 * of their work is the data's).
 *
 * @param {Record<string, any>} binding
 * @param {string} name
 * @returns {((...args: any[]) => unknown) | undefined}
 */
function failingTheSameWay(binding, name) {
  if (name === 'qrPngjsImageAsync') return (text, options, toSJIS) => binding.qrCreate(text, options, toSJIS)
  if (name === 'qrFileContentsAsync') return (_path, text, options, toSJIS) => binding.qrCreate(text, options, toSJIS)
  const twin = binding[name.replace(/Async$/, '')]
  return typeof twin === 'function' ? twin : undefined
}

const binding = load()
// binding.js stamps what it loaded ('native', or 'wasm32-wasi'); the
// WebAssembly build reached through a fallback package carries no stamp.
const isWasm = /** @type {Record<string, unknown>} */ (binding).__napiBindingTarget !== 'native'

/** @type {typeof binding & { inThisRealm: typeof inThisRealm }} */
const native = Object.assign(Object.create(null), { inThisRealm })
for (const [name, value] of Object.entries(binding)) {
  const again = isWasm && name.endsWith('Async') ? failingTheSameWay(binding, name) : undefined
  const call = again ? withSyncErrors(/** @type {(...args: any[]) => Promise<any>} */ (value), again) : value
  // Only the QR calls take callbacks, and only the WebAssembly build loses
  // what they throw; the native build passes it through already.
  const kept = isWasm && typeof call === 'function' && name.startsWith('qr') ? keepingCallbackErrors(/** @type {(...args: any[]) => any} */ (call)) : call
  const exported = isWasm && typeof kept === 'function' ? withWellFormedStrings(kept) : kept
  Reflect.set(native, name, typeof exported === 'function' ? adopt(exported) : exported)
}

module.exports = native
