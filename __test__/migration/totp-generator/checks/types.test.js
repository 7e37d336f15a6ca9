'use strict'

// `tsc --strict` on code written against each major's own types (those of
// @types/totp-generator for 0.0.x, the bundled ones for 1.0 and 2.x): with
// the module name pointed at the real types it compiles, and pointed at the
// drop-in's types it compiles too, with esModuleInterop and without. Each
// `@ts-expect-error` in the fixtures makes a mistake the real types catch
// fail the check if the drop-in's types let it through.

const path = require('node:path')
const ts = require('typescript')

const here = __dirname
const modules = path.join(here, '..', 'node_modules')
const REAL = {
  v0: path.join(modules, '@types', 'totp-generator', 'index.d.ts'),
  v1: path.join(modules, 'totp-generator-1', 'lib', 'cjs', 'index.d.ts'),
  v2: path.join(modules, 'totp-generator', 'lib', 'cjs', 'index.d.ts'),
}
// The drop-ins' types as an installed totp-native has them.
const compat = path.join(modules, 'totp-native', 'compat')
const DROP_IN = {
  v0: path.join(compat, 'totp-generator-0.d.ts'),
  v1: path.join(compat, 'totp-generator-1.d.ts'),
  v2: path.join(compat, 'totp-generator.d.ts'),
}

// Which fixture is code for which major, and under which esModuleInterop it was written.
const FIXTURES = [
  { file: 'v0-interop.ts', major: 'v0', interop: [true] },
  { file: 'v0-require.ts', major: 'v0', interop: [true, false] },
  { file: 'v1.ts', major: 'v1', interop: [true, false] },
  { file: 'v2.ts', major: 'v2', interop: [true, false] },
]

/** The diagnostics of one fixture, with `totp-generator` resolving to `types`. */
function diagnostics(file, { types, esModuleInterop }) {
  const program = ts.createProgram([path.join(here, 'types', file)], {
    strict: true,
    noEmit: true,
    esModuleInterop,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2020,
    lib: ['lib.es2020.d.ts'],
    types: [],
    paths: { 'totp-generator': [types] },
  })
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

const runs = FIXTURES.flatMap((fixture) => fixture.interop.map((esModuleInterop) => ({ ...fixture, esModuleInterop })))

describe('code written against each major’s types, checked with tsc --strict', () => {
  test.each(runs)('$file (esModuleInterop: $esModuleInterop) compiles against the real types', ({ file, major, esModuleInterop }) => {
    expect(diagnostics(file, { types: REAL[major], esModuleInterop })).toEqual([])
  })

  test.each(runs)('$file (esModuleInterop: $esModuleInterop) compiles against the drop-in’s types', ({ file, major, esModuleInterop }) => {
    expect(diagnostics(file, { types: DROP_IN[major], esModuleInterop })).toEqual([])
  })

  test('the check fails where the types do not fit: each major’s code against another major’s drop-in', () => {
    expect(diagnostics('v0-interop.ts', { types: DROP_IN.v2, esModuleInterop: true })).not.toEqual([])
    expect(diagnostics('v1.ts', { types: DROP_IN.v2, esModuleInterop: true })).not.toEqual([])
    expect(diagnostics('v2.ts', { types: DROP_IN.v1, esModuleInterop: true })).not.toEqual([])
  })
})
