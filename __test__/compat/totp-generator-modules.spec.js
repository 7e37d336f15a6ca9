'use strict'

// The three totp-generator drop-ins as modules: the shapes that real code
// imports, requires and mocks, each compared with the real package's.

const { execFileSync } = require('node:child_process')
const path = require('node:path')
const { pathToFileURL } = require('node:url')

const root = path.resolve(__dirname, '..', '..')

// Each drop-in's subpath, the real package it stands in for, and a call of it.
const ENTRIES = [
  { major: '0.0.x', subpath: 'totp-native/compat/totp-generator-0', file: '../../compat/totp-generator-0', peer: 'totp-generator-0' },
  { major: '1.0', subpath: 'totp-native/compat/totp-generator-1', file: '../../compat/totp-generator-1', peer: 'totp-generator-1' },
  { major: '2.x', subpath: 'totp-native/compat/totp-generator', file: '../../compat/totp-generator', peer: 'totp-generator' },
]

/** Runs an ES module in a fresh node, from the package root (so `totp-native/…` resolves to this package); its JSON output. */
function esm(source) {
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', source], { cwd: root, encoding: 'utf8' }))
}

/** The names an ES module sees when it imports a CommonJS file: those Node's CJS lexer detects. */
function namesImportedFrom(file) {
  // A file URL: import() of an absolute Windows path (`C:\\…`) is refused as a URL of scheme `c:`.
  return esm(`const ns = await import(${JSON.stringify(pathToFileURL(require.resolve(file)).href)}); console.log(JSON.stringify(Object.keys(ns).sort()))`)
}

describe('the totp-generator drop-ins as modules', () => {
  test.each(ENTRIES)('$major: require() gives the shape of the real package', ({ file, peer }) => {
    const ours = require(file)
    const theirs = require(peer)
    expect(typeof ours).toBe(typeof theirs)
    expect(Object.keys(ours).filter((name) => name !== 'default')).toEqual(Object.keys(theirs))
    expect(ours.__esModule).toBe(theirs.__esModule)
    if (typeof theirs === 'function') return
    // generate is a real static method, as in the peer: not enumerable, on the class itself.
    expect(Object.getOwnPropertyDescriptor(ours.TOTP, 'generate')).toEqual({
      ...Object.getOwnPropertyDescriptor(theirs.TOTP, 'generate'),
      value: ours.TOTP.generate,
    })
    expect(ours.TOTP.generate.length).toBe(theirs.TOTP.generate.length)
  })

  test('0.0.x: require(…).default is the function itself, for code compiled without interop helpers', () => {
    const totp = require('../../compat/totp-generator-0')
    expect(totp.default).toBe(totp)
    expect(totp.default('JBSWY3DPEHPK3PXP', { timestamp: 1465324707000 })).toBe(require('totp-generator-0')('JBSWY3DPEHPK3PXP', { timestamp: 1465324707000 }))
  })

  test.each(ENTRIES)('$major: an ES module importing the CommonJS file sees the names it sees in the real package', ({ file, peer }) => {
    const peerNames = namesImportedFrom(peer)
    // 0.0.x adds `default` as a property; ESM gives `default` either way.
    expect(namesImportedFrom(file)).toEqual(peerNames)
  })

  test('ESM: default, namespace, named and dynamic imports through the exports map, one instance with require', () => {
    const result = esm(
      [
        "import totp from 'totp-native/compat/totp-generator-0'",
        "import * as totpNs from 'totp-native/compat/totp-generator-0'",
        "import { TOTP as TOTP1 } from 'totp-native/compat/totp-generator-1'",
        "import * as ns1 from 'totp-native/compat/totp-generator-1'",
        "import { TOTP as TOTP2 } from 'totp-native/compat/totp-generator'",
        "import { createRequire } from 'node:module'",
        'const require = createRequire(import.meta.url)',
        "const dynamic0 = (await import('totp-native/compat/totp-generator-0')).default",
        "const { TOTP: dynamic1 } = await import('totp-native/compat/totp-generator-1')",
        "const { TOTP: dynamic2 } = await import('totp-native/compat/totp-generator')",
        'const options = { timestamp: 1465324707000 }',
        'console.log(JSON.stringify({',
        "  codes: [totp('JBSWY3DPEHPK3PXP', { ...options }), totpNs.default('JBSWY3DPEHPK3PXP', { ...options }), TOTP1.generate('JBSWY3DPEHPK3PXP', options).otp, (await TOTP2.generate('JBSWY3DPEHPK3PXP', options)).otp],",
        '  namespaces: [Object.keys(totpNs), Object.keys(ns1)],',
        "  sameAsRequire: [totp === require('totp-native/compat/totp-generator-0'), TOTP1 === require('totp-native/compat/totp-generator-1').TOTP, TOTP2 === require('totp-native/compat/totp-generator').TOTP],",
        '  sameAsDynamic: [dynamic0 === totp, dynamic1 === TOTP1, dynamic2 === TOTP2],',
        '}))',
      ].join('\n'),
    )
    // totp-generator's README vector: JBSWY3DPEHPK3PXP at 1465324707000.
    expect(result).toEqual({
      codes: ['341128', '341128', '341128', '341128'],
      namespaces: [['default'], ['TOTP']],
      sameAsRequire: [true, true, true],
      sameAsDynamic: [true, true, true],
    })
  })

  test.each(ENTRIES)('$major: jest automocks it as it automocks the real package', ({ file, peer }) => {
    const ours = jest.createMockFromModule(file)
    const theirs = jest.createMockFromModule(peer)
    expect(Object.keys(ours).filter((name) => name !== 'default')).toEqual(Object.keys(theirs))
    if (typeof theirs === 'function') {
      expect(jest.isMockFunction(ours)).toBe(true)
      expect(ours.default).toBe(ours)
      ours.mockReturnValue('123456')
      expect(ours('JBSWY3DPEHPK3PXP')).toBe('123456')
      return
    }
    expect(jest.isMockFunction(ours.TOTP.generate)).toBe(jest.isMockFunction(theirs.TOTP.generate))
    ours.TOTP.generate.mockReturnValue({ otp: '123456', expires: 0 })
    expect(ours.TOTP.generate('JBSWY3DPEHPK3PXP')).toEqual({ otp: '123456', expires: 0 })
  })

  test('jest.spyOn replaces and restores generate, for the sync and the async class', async () => {
    const { TOTP: TOTP1 } = require('../../compat/totp-generator-1')
    const { TOTP: TOTP2 } = require('../../compat/totp-generator')
    const spy1 = jest.spyOn(TOTP1, 'generate').mockReturnValueOnce({ otp: '000000', expires: 1 })
    const spy2 = jest.spyOn(TOTP2, 'generate').mockResolvedValueOnce({ otp: '111111', expires: 2 })
    expect(TOTP1.generate('JBSWY3DPEHPK3PXP')).toEqual({ otp: '000000', expires: 1 })
    await expect(TOTP2.generate('JBSWY3DPEHPK3PXP')).resolves.toEqual({ otp: '111111', expires: 2 })
    // Spied without a mocked value, the calls go through, with `this` kept.
    expect(TOTP1.generate('JBSWY3DPEHPK3PXP', { timestamp: 0 }).otp).toBe('282760')
    expect(spy1).toHaveBeenCalledTimes(2)
    spy1.mockRestore()
    spy2.mockRestore()
    expect(jest.isMockFunction(TOTP1.generate) || jest.isMockFunction(TOTP2.generate)).toBe(false)
  })
})
