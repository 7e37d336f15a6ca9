'use strict'

// The jest projects each toolchain (jest26/, jest27/, jest29/) runs, from
// its own jest.config.js:
//   - `legacy v0`, `legacy v1`, `legacy v2`: app/legacy, the backend and its
//     suite as written against the real packages (qrcode with totp-generator
//     0.0.x, typed by @types/totp-generator 0.0.3, in TypeScript; 1.0 and
//     2.x in JavaScript). Their snapshots are the ones these packages write.
//   - `migrated`: app/migrated, the same files with the imports swapped for
//     totp-native's drop-ins, checked against those snapshots (`jest --ci`
//     writes none).
//   - `checks`: that the two sides differ by the imports alone and share
//     their snapshots, and the types of every totp-generator version against
//     the drop-ins', with this toolchain's TypeScript.
// In legacy code the module is `totp-generator` whatever its major: each
// legacy project points the name at the major it was written for, here
// where three live side by side.

const path = require('path')

const here = __dirname
const modules = path.join(here, 'node_modules')

// The legacy majors: where `totp-generator` leads, for jest and for tsc.
const MAJORS = {
  v0: { peer: 'totp-generator-0', types: path.join(modules, '@types', 'totp-generator', 'index.d.ts') },
  v1: { peer: 'totp-generator-1' },
  v2: {},
}

/**
 * @param {string} toolchain the toolchain's directory, whose node_modules has jest, ts-jest, TypeScript and the @types
 * @param {{ tsJestOptions: 'globals' | 'transform' }} style where this ts-jest reads its options (26 and 27: `globals`)
 */
module.exports = function projects(toolchain, { tsJestOptions }) {
  // What a ts-jest project of such a backend has: CommonJS, Node
  // resolution, esModuleInterop, strict, and the @types of its toolchain.
  const compilerOptions = (paths) => ({
    strict: true,
    esModuleInterop: true,
    module: 'commonjs',
    moduleResolution: 'node',
    target: 'es2019',
    types: ['jest', 'node'],
    typeRoots: [path.join(toolchain, 'node_modules', '@types')],
    skipLibCheck: false,
    ...(paths ? { paths } : {}),
  })
  // TypeScript alone is transformed. Not the JavaScript: neither the
  // suites, whose jest.mock calls come first, nor totp-native, which jest
  // reaches through the `file:` link at its real path, outside any
  // node_modules, where the default babel-jest would take it for source;
  // installed from the registry it is loaded as it is.
  const typescript = (paths) =>
    tsJestOptions === 'globals'
      ? { transform: { '^.+\\.ts$': 'ts-jest' }, globals: { 'ts-jest': { tsconfig: compilerOptions(paths) } } }
      : { transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: compilerOptions(paths) }] } }
  // rootDir is the toolchain, so that jest finds ts-jest, its environment
  // and its runner there, and not the package root's jest 30 above.
  const base = (displayName, roots) => ({
    displayName,
    rootDir: toolchain,
    roots: roots.map((root) => path.join(here, root)),
    testEnvironment: 'node',
    testMatch: ['**/*.test.ts', '**/*.test.js'],
    snapshotResolver: path.join(toolchain, 'snapshot-resolver.js'),
  })
  const legacy = Object.entries(MAJORS).map(([major, { peer, types }]) => ({
    ...base(`legacy ${major}`, [`app/legacy/${major}`]),
    ...typescript(types ? { 'totp-generator': [types] } : undefined),
    moduleNameMapper: peer ? { '^totp-generator$': peer } : {},
  }))
  return {
    projects: [
      ...legacy,
      { ...base('migrated', ['app/migrated']), ...typescript() },
      { ...base('checks', [path.relative(here, toolchain)]), testMatch: ['<rootDir>/*.test.js'] },
    ],
    testTimeout: 60000,
  }
}
