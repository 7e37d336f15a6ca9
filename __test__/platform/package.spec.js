'use strict'

// The package as users get it: `npm pack`, then `npm install` of the tarball
// into an empty project, offline, with a PATH that has node and npm but no
// cargo or rustc. npm 11 runs no install script of a dependency, so the
// prebuilt .node must come inside the tarball and load at once, from
// CommonJS, ESM and TypeScript.

const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const OTPAuth = require('otpauth')

const root = path.resolve(__dirname, '..', '..')
const manifest = require('../../package.json')
const tarballName = `${manifest.name}-${manifest.version}.tgz`
const SECRET = 'JBSWY3DPEHPK3PXP'

let work
let project
let installed
let env
let packed

const RUST = /^(cargo|rustc|rustdoc|rustup|rust-gdb|rust-gdbserver|rust-lldb|rustfmt|clippy-driver|cargo-\w+)([-.].*)?$/

/** A folder of links to node's own folder's and the system's programs, but none of Rust's: its path. */
function withoutRust(bin) {
  fs.mkdirSync(bin)
  for (const dir of [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin']) {
    if (!fs.existsSync(dir)) continue
    for (const name of fs.readdirSync(dir)) {
      const link = path.join(bin, name)
      if (!RUST.test(name) && !fs.existsSync(link)) fs.symlinkSync(path.join(dir, name), link)
    }
  }
  return bin
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-native-pack-'))
  const json = execFileSync('npm', ['pack', root, '--json', '--pack-destination', work], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  packed = JSON.parse(json)[0]
  project = path.join(work, 'app')
  fs.mkdirSync(project)
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }))
  // node, npm and the system's programs, but no Rust: a folder of links to
  // them without cargo, rustc and their kin (Debian's rustc-web puts a
  // rustc in /usr/bin itself), and nothing that would point the loader
  // somewhere else.
  env = { ...process.env, PATH: withoutRust(path.join(work, 'bin')) }
  for (const name of ['NAPI_RS_NATIVE_LIBRARY_PATH', 'CARGO', 'CARGO_HOME', 'RUSTUP_HOME', 'RUSTC', 'NODE_PATH']) delete env[name]
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(work, tarballName)], { cwd: project, env, stdio: 'pipe' })
  installed = path.join(project, 'node_modules', manifest.name)
}, 180000)

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true })
})

/** Runs node in the temporary project with the stripped PATH; its stdout, or the failure with stderr. */
function node(args) {
  const result = spawnSync(process.execPath, args, { cwd: project, env, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}:\n${result.stderr}`)
  return result.stdout.trim()
}

const otpauthAt = (timestamp) => OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(SECRET), timestamp })

describe('the tarball', () => {
  test('is named after the package and version', () => {
    expect(packed.filename).toBe(tarballName)
    expect(fs.existsSync(path.join(work, tarballName))).toBe(true)
  })

  test('carries the prebuilt module, the loader, both entries and the types', () => {
    const files = packed.files.map((file) => file.path)
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'index.js', 'index.mjs', 'index.d.ts', 'binding.js', 'totp-native.linux-x64-gnu.node']),
    )
    // Every file the JS entries require is in the tarball. (binding.js, the
    // loader @napi-rs/cli writes, names every platform's module; only this
    // machine's is packed, and the others come as platform packages.)
    let checked = 0
    for (const file of files.filter((f) => (f.endsWith('.js') || f.endsWith('.mjs')) && f !== 'binding.js')) {
      const source = fs.readFileSync(path.join(root, file), 'utf8')
      for (const [, relative] of source.matchAll(/(?:require\(|from )'(\.{1,2}\/[^']+)'/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), relative))
        const candidates = [target, `${target}.js`, `${target}/index.js`]
        expect({ file, relative, found: candidates.some((c) => files.includes(c)) }).toEqual({ file, relative, found: true })
        checked++
      }
    }
    expect(checked).toBeGreaterThan(3)
  })

  test('carries no sources, build output, tests or dependencies', () => {
    const files = packed.files.map((file) => file.path)
    for (const file of files) {
      expect(file).not.toMatch(/^(src|target|__test__|node_modules|fuzz|benches|benchmark|scripts|\.ci)\//)
      expect(file).not.toMatch(/^Cargo\.(toml|lock)$/)
    }
    expect(packed.size).toBeLessThan(2 * 1024 * 1024)
  })

  test('declares no dependencies, optional ones included, and no install scripts', () => {
    const inside = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'))
    expect(inside.dependencies || {}).toEqual({})
    // The platform packages are added when a release publishes (scripts/release.js):
    // this tarball carries its own module, and yarn refuses an optional
    // dependency that no registry has.
    expect(inside.optionalDependencies).toBeUndefined()
    const scripts = inside.scripts || {}
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts[hook]).toBeUndefined()
  })
})

describe('installed from the tarball without Rust', () => {
  test('the PATH used has node and npm but no cargo or rustc', () => {
    const found = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { env, encoding: 'utf8' }).stdout.trim()
    expect(found('node')).not.toBe('')
    expect(found('npm')).not.toBe('')
    expect(found('cargo')).toBe('')
    expect(found('rustc')).toBe('')
  })

  test('the package is installed as a real copy, not a link to the repository', () => {
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false)
    expect(fs.existsSync(path.join(installed, 'totp-native.linux-x64-gnu.node'))).toBe(true)
    expect(fs.existsSync(path.join(installed, 'src'))).toBe(false)
  })

  test('require() resolves into node_modules and gives the code otpauth gives', () => {
    const script = `
      const totp = require('totp-native')
      console.log(JSON.stringify({ at: require.resolve('totp-native'), code: totp.generate('${SECRET}', { timestamp: 1465324707000 }) }))
    `
    const { at, code } = JSON.parse(node(['-e', script]))
    expect(at).toBe(path.join(fs.realpathSync(installed), 'index.js'))
    expect(code).toBe(otpauthAt(1465324707000))
  })

  test('require() verifies the current code, and errors carry their codes', () => {
    const now = Date.now()
    const script = `
      const totp = require('totp-native')
      let error
      try { totp.generate('') } catch (e) { error = { name: e.name, code: e.code } }
      console.log(JSON.stringify({ valid: totp.verify(process.argv[1], '${SECRET}', { timestamp: ${now} }), error }))
    `
    expect(JSON.parse(node(['-e', script, otpauthAt(now)]))).toEqual({ valid: true, error: { name: 'Error', code: 'ERR_TOTP_INVALID_SECRET' } })
  })

  test('an ESM file imports { verify } by name, and the default export, with the same exports as require()', () => {
    const now = Date.now()
    fs.writeFileSync(
      path.join(project, 'check.mjs'),
      [
        "import { createRequire } from 'node:module'",
        "import { verify, generate, validate } from 'totp-native'",
        "import * as named from 'totp-native'",
        "import totp from 'totp-native'",
        "const required = createRequire(import.meta.url)('totp-native')",
        `const code = generate('${SECRET}', { timestamp: ${now} })`,
        'console.log(JSON.stringify({',
        `  code, valid: verify(process.argv[2], '${SECRET}', { timestamp: ${now} }),`,
        `  match: validate(code, '${SECRET}', { timestamp: ${now} }) !== null,`,
        "  named: Object.keys(named).filter((k) => k !== 'default').sort(),",
        '  required: Object.keys(required).sort(),',
        '  sameObject: totp === required,',
        '}))',
      ].join('\n'),
    )
    const result = JSON.parse(node(['check.mjs', otpauthAt(now)]))
    expect(result.code).toBe(otpauthAt(now))
    expect(result.valid).toBe(true)
    expect(result.match).toBe(true)
    expect(result.named).toEqual(result.required)
    expect(result.sameObject).toBe(true)
  })

  test('the totp-generator drop-in resolves from CommonJS and ESM', () => {
    fs.writeFileSync(
      path.join(project, 'compat.mjs'),
      [
        "import { TOTP } from 'totp-native/compat/totp-generator'",
        "const { TOTP: required } = (await import('node:module')).createRequire(import.meta.url)('totp-native/compat/totp-generator')",
        "const { otp } = await TOTP.generate('JBSWY3DPEHPK3PXP', { timestamp: 0 })",
        "const { otp: again } = await required.generate('JBSWY3DPEHPK3PXP', { timestamp: 0 })",
        'console.log(JSON.stringify([otp, again]))',
      ].join('\n'),
    )
    // totp-generator's own test vector: key JBSWY3DPEHPK3PXP at t = 0.
    expect(JSON.parse(node(['compat.mjs']))).toEqual(['282760', '282760'])
  })

  test('TypeScript resolves the installed types by package name, from a .ts and a .mts file', () => {
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          typeRoots: [path.join(root, 'node_modules', '@types')],
          types: ['node'],
        },
        files: ['login.ts', 'login.mts'],
      }),
    )
    const body = [
      "const match: { delta: number; timeStep: number } | null = validate('123456', 'JBSWY3DPEHPK3PXP', { window: [1, 0] })",
      "const ok: boolean = verify('123456', 'JBSWY3DPEHPK3PXP')",
      'void [match, ok]',
      '// @ts-expect-error: an unknown option name',
      "verify('123456', 'JBSWY3DPEHPK3PXP', { windows: 1 })",
    ].join('\n')
    fs.writeFileSync(path.join(project, 'login.ts'), `import { verify, validate } from 'totp-native'\n${body}\n`)
    fs.writeFileSync(path.join(project, 'login.mts'), `import { verify, validate } from 'totp-native'\n${body}\n`)
    const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: project, env, encoding: 'utf8' })
    expect(result.stdout + result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
})
