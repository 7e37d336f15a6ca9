'use strict'

// One jest project per totp-generator major and side: `legacy/` is an app and
// its suite as written against the real package and its types, `migrated/`
// the same files with the import swapped for totp-native's drop-in. Both run
// under ts-jest with `strict`; `checks/` compares the two sides and
// type-checks code written for each major's types against the drop-ins'.

const path = require('node:path')

// In legacy code the module is `totp-generator`; three majors live side by
// side here, so each legacy project maps the name (for jest and for tsc) to
// the major it was written for.
const MAJORS = [
  { major: 'v0', peer: 'totp-generator-0', types: 'node_modules/@types/totp-generator' },
  { major: 'v1', peer: 'totp-generator-1', types: 'node_modules/totp-generator-1' },
  // 2.x is the package's own name here.
  { major: 'v2' },
]

// What a ts-jest project of an older backend typically has: CommonJS output,
// Node resolution, esModuleInterop, and strict.
const compilerOptions = {
  strict: true,
  esModuleInterop: true,
  module: 'commonjs',
  moduleResolution: 'node',
  target: 'es2020',
  types: ['jest'],
  skipLibCheck: false,
}

function project(major, side, peer, types) {
  const mapped = side === 'legacy' && peer !== undefined
  return {
    displayName: `${major} ${side}`,
    rootDir: __dirname,
    roots: [`<rootDir>/${major}/${side}`],
    testEnvironment: 'node',
    testMatch: ['**/*.test.ts'],
    moduleNameMapper: mapped ? { '^totp-generator$': peer } : {},
    transform: {
      '^.+\\.ts$': [
        'ts-jest',
        {
          tsconfig: mapped ? { ...compilerOptions, paths: { 'totp-generator': [path.join(__dirname, types)] } } : compilerOptions,
        },
      ],
    },
  }
}

module.exports = {
  projects: [
    ...MAJORS.flatMap(({ major, peer, types }) => ['legacy', 'migrated'].map((side) => project(major, side, peer, types))),
    { displayName: 'checks', rootDir: __dirname, roots: ['<rootDir>/checks'], testEnvironment: 'node', testMatch: ['**/*.test.js'] },
  ],
  testTimeout: 60000,
}
