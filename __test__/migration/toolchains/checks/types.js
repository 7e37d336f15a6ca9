'use strict'

// Code written against every published version of totp-generator's types,
// compiled with `tsc --strict` by the toolchain's TypeScript: against those
// types, and, with nothing changed but what `totp-generator` resolves to,
// against the drop-in's. @types/totp-generator 0.0.2 to 0.0.8 for 0.0.x
// (`totp-native/compat/totp-generator-0`), the types 1.0.0 bundles for 1.0
// (`-1`), those of 1.1.0, 2.0.0 and 2.0.1 for 1.1 and 2.x
// (`compat/totp-generator`). Each fixture is compiled as written and in the
// other import styles its types allow, with esModuleInterop and without.
// Each `@ts-expect-error` in a fixture is a mistake the real types catch: if
// the drop-in's types let it through, the check fails.

const fs = require('fs')
const path = require('path')

const modules = path.join(__dirname, '..', 'node_modules')
const fixtures = path.join(__dirname, 'types')
const compat = path.join(modules, 'totp-native', 'compat')

const ZERO = { dropIn: path.join(compat, 'totp-generator-0.d.ts'), styles: 'function' }
const ONE = { dropIn: path.join(compat, 'totp-generator-1.d.ts'), styles: 'named' }
const TWO = { dropIn: path.join(compat, 'totp-generator.d.ts'), styles: 'named' }
const bundled = (pkg) => path.join(modules, pkg, 'lib', 'cjs', 'index.d.ts')

const VERSIONS = [
  { name: '@types/totp-generator 0.0.2', real: path.join(modules, 'types-totp-generator-0.0.2', 'index.d.ts'), fixture: 'types-0.0.2.ts', ...ZERO },
  { name: '@types/totp-generator 0.0.3', real: path.join(modules, 'types-totp-generator-0.0.3', 'index.d.ts'), fixture: 'types-0.0.3.ts', ...ZERO },
  { name: '@types/totp-generator 0.0.4', real: path.join(modules, 'types-totp-generator-0.0.4', 'index.d.ts'), fixture: 'types-0.0.4.ts', ...ZERO },
  { name: '@types/totp-generator 0.0.5', real: path.join(modules, 'types-totp-generator-0.0.5', 'index.d.ts'), fixture: 'types-0.0.5.ts', ...ZERO },
  { name: '@types/totp-generator 0.0.6', real: path.join(modules, 'types-totp-generator-0.0.6', 'index.d.ts'), fixture: 'types-0.0.5.ts', ...ZERO },
  { name: '@types/totp-generator 0.0.8', real: path.join(modules, 'types-totp-generator-0.0.8', 'index.d.ts'), fixture: 'types-0.0.5.ts', ...ZERO },
  { name: 'totp-generator 1.0.0', real: bundled('totp-generator-1'), fixture: 'totp-generator-1.0.ts', ...ONE },
  { name: 'totp-generator 1.1.0', real: bundled('totp-generator-1.1.0'), fixture: 'totp-generator-2.x.ts', ...TWO },
  { name: 'totp-generator 2.0.0', real: bundled('totp-generator-2.0.0'), fixture: 'totp-generator-2.x.ts', ...TWO },
  { name: 'totp-generator 2.0.1', real: bundled('totp-generator'), fixture: 'totp-generator-2.x.ts', ...TWO },
]

// The import styles each kind of module allows: 0.0.x's module is the
// function (`export =`), which a default import reaches only with
// esModuleInterop (and a namespace import cannot be called); 1.0 and 2.x
// export a class.
const AS_WRITTEN = "import totp from 'totp-generator'"
const STYLES = {
  function: [
    { style: 'import totp from', interop: [true], rewrite: (source) => source },
    { style: 'import totp = require', interop: [true, false], rewrite: (source) => source.replace(AS_WRITTEN, "import totp = require('totp-generator')") },
  ],
  named: [{ style: 'import { TOTP } from', interop: [true, false], rewrite: (source) => source }],
}

/**
 * A compiler for one TypeScript: each program reads the library and
 * declaration files once between them, and the fixture variants from memory.
 * @param {typeof import('typescript')} ts
 */
function compiler(ts) {
  const parsed = new Map()
  return function diagnostics(fileName, source, { types, esModuleInterop }) {
    const options = {
      strict: true,
      noEmit: true,
      esModuleInterop,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.NodeJs,
      target: ts.ScriptTarget.ES2020,
      lib: ['lib.es2020.d.ts'],
      types: [],
      // The declaration files are checked, TypeScript's own library is not.
      skipLibCheck: false,
      skipDefaultLibCheck: true,
      paths: { 'totp-generator': [types] },
    }
    const host = ts.createCompilerHost(options)
    const getSourceFile = host.getSourceFile
    host.getSourceFile = (name, languageVersion, ...rest) => {
      if (name === fileName) return ts.createSourceFile(name, source, languageVersion)
      if (!parsed.has(name)) parsed.set(name, getSourceFile.call(host, name, languageVersion, ...rest))
      return parsed.get(name)
    }
    const program = ts.createProgram([fileName], options, host)
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${path.basename(diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}: ` : ''
      return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    })
  }
}

/** @param {typeof import('typescript')} ts the toolchain's TypeScript */
module.exports = function typeChecks(ts) {
  const diagnostics = compiler(ts)
  const runs = VERSIONS.flatMap((version) =>
    STYLES[version.styles].flatMap(({ style, interop, rewrite }) =>
      interop.map((esModuleInterop) => {
        const source = rewrite(fs.readFileSync(path.join(fixtures, version.fixture), 'utf8'))
        // One name a variant, so that no two programs share a file of different text.
        const fileName = path.join(fixtures, `${path.basename(version.fixture, '.ts')}.${style.replace(/\W+/g, '-')}.ts`)
        return [`${version.name}, ${style} (esModuleInterop: ${esModuleInterop})`, { ...version, esModuleInterop, source, fileName }]
      }),
    ),
  )

  describe(`TypeScript ${ts.version}: code written against each version's types, checked with tsc --strict`, () => {
    // Rows as arrays and names by %s: jest 26 has no $name.
    test.each(runs)('%s: compiles against those types', (_, { real, fileName, source, esModuleInterop }) => {
      expect(diagnostics(fileName, source, { types: real, esModuleInterop })).toEqual([])
    })

    test.each(runs)('%s: compiles against the drop-in’s', (_, { dropIn, fileName, source, esModuleInterop }) => {
      expect(diagnostics(fileName, source, { types: dropIn, esModuleInterop })).toEqual([])
    })

    test('the fixtures tell types apart: the old ones’ code does not compile against the newer types, nor one major’s against another’s', () => {
      const [zeroTwo, zeroFive, one, two] = ['types-0.0.2.ts', 'types-0.0.5.ts', 'totp-generator-1.0.ts', 'totp-generator-2.x.ts'].map((fixture) => [
        path.join(fixtures, fixture),
        fs.readFileSync(path.join(fixtures, fixture), 'utf8'),
      ])
      const against = ([fileName, source], types) => diagnostics(fileName, source, { types, esModuleInterop: true })
      // A string algorithm and a numeric code, refused by 0.0.5's union and string.
      expect(against(zeroTwo, VERSIONS[3].real)).not.toEqual([])
      expect(against(zeroFive, TWO.dropIn)).not.toEqual([])
      expect(against(one, TWO.dropIn)).not.toEqual([])
      expect(against(two, ONE.dropIn)).not.toEqual([])
    })
  })
}
