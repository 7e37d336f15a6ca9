'use strict'

// The per-platform packages and the loader that finds them. A release
// publishes one package a platform (npm/<platform>), each carrying only its
// binary and declaring the os/cpu/libc npm installs it for; the WebAssembly
// build (npm/wasm32-wasi) and the packages that install it wherever no
// native one matches (npm/other-*); and the main package, which lists them
// as optional dependencies only when scripts/release.js publishes it. The
// loader takes the module beside it first, then the package, then the
// WebAssembly build, and otherwise says what to do.
// (scripts/test-registry.js installs all of it from a real registry.)

const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { platformName } = require('../../lib/platform')
const manifest = require('../../package.json')
const { family, optionalDependencies } = require('../../scripts/packages')

const root = path.resolve(__dirname, '..', '..')

// napi-rs's names and npm's os/cpu/libc values for the platforms Node
// backends run on (as @node-rs/* publish them).
const EXPECTED = {
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
  'win32-arm64-msvc': { os: ['win32'], cpu: ['arm64'] },
  'linux-x64-gnu': { os: ['linux'], cpu: ['x64'], libc: ['glibc'] },
  'linux-x64-musl': { os: ['linux'], cpu: ['x64'], libc: ['musl'] },
  'linux-arm64-gnu': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
  'linux-arm-gnueabihf': { os: ['linux'], cpu: ['arm'], libc: ['glibc'] },
}

const FALLBACKS = ['other-cpu', 'other-libc', 'other-os']

describe('the per-platform packages', () => {
  const dirs = fs.readdirSync(path.join(root, 'npm')).sort()

  test('exist for exactly the nine platforms, the WebAssembly build and its fallbacks', () => {
    expect(dirs).toEqual([...Object.keys(EXPECTED), 'wasm32-wasi', ...FALLBACKS].sort())
  })

  test.each(Object.keys(EXPECTED))('%s declares its os, cpu and libc, and ships its binary as its only file', (platform) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'npm', platform, 'package.json'), 'utf8'))
    const binary = `totp-native.${platform}.node`
    expect(pkg).toMatchObject({ name: `totp-native-${platform}`, version: manifest.version, main: binary, files: [binary], ...EXPECTED[platform] })
    if (!EXPECTED[platform].libc) expect(pkg.libc).toBeUndefined()
    expect(pkg.scripts).toBeUndefined()
  })

  test('the WebAssembly build installs anywhere, and carries the runtime it loads through', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'npm', 'wasm32-wasi', 'package.json'), 'utf8'))
    expect(pkg).toMatchObject({ name: 'totp-native-wasm32-wasi', version: manifest.version })
    expect([pkg.os, pkg.cpu, pkg.libc]).toEqual([undefined, undefined, undefined])
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@emnapi/core', '@emnapi/runtime', '@napi-rs/wasm-runtime'])
    // The runtime the module was built against: the same emnapi version on both sides.
    for (const name of Object.keys(pkg.dependencies)) expect(pkg.dependencies[name]).toBe(manifest.devDependencies[name])
    expect(pkg.files).toEqual(['totp-native.wasm32-wasip1.wasm', 'totp-native.wasip1.cjs', 'index.js'])
  })

  test.each(FALLBACKS)('%s depends on the WebAssembly build at this version and exports it', (dir) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'npm', dir, 'package.json'), 'utf8'))
    expect(pkg.dependencies).toEqual({ 'totp-native-wasm32-wasi': manifest.version })
    expect(fs.readFileSync(path.join(root, 'npm', dir, pkg.main), 'utf8')).toContain("module.exports = require('totp-native-wasm32-wasi')")
  })

  test('are not optional dependencies of the committed package.json (yarn refuses one no registry has), only of the published one', () => {
    expect(manifest.optionalDependencies).toBeUndefined()
    expect(manifest.dependencies).toBeUndefined()
    const expected = Object.fromEntries([...Object.keys(EXPECTED), ...FALLBACKS].map((dir) => [`totp-native-${dir}`, manifest.version]))
    expect(optionalDependencies(manifest)).toEqual(expected)
  })

  describe('as npm matches them against a machine (its own npm-install-checks)', () => {
    // npm's own rules for os, cpu and libc, from the npm that came with this
    // Node (beside it, or wherever `npm root -g` says).
    const npmRoots = [path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules'), path.join(path.dirname(process.execPath), 'node_modules')]
    const found = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' })
    if (found.status === 0) npmRoots.push(found.stdout.trim())
    const checks = npmRoots.map((dir) => path.join(dir, 'npm', 'node_modules', 'npm-install-checks')).find((dir) => fs.existsSync(dir))
    // A Node with no npm beside it (Node for Windows from its npm package,
    // as test:platforms runs it under wine) cannot say: these are skipped.
    const testWithNpm = checks ? test : test.skip
    const { checkPlatform } = checks ? require(checks) : { checkPlatform: () => {} }
    const packages = family(manifest).filter((pkg) => pkg.dir !== 'wasm32-wasi')
    const installs = (environment) =>
      packages
        .filter((pkg) => {
          try {
            checkPlatform(pkg.manifest, false, environment)
            return true
          } catch {
            return false
          }
        })
        .map((pkg) => pkg.dir)

    const machines = []
    for (const os of ['linux', 'darwin', 'win32', 'freebsd', 'openbsd', 'android', 'aix', 'sunos']) {
      for (const cpu of ['x64', 'arm64', 'arm', 'ia32', 'riscv64', 'ppc64', 's390x', 'loong64', 'mips64el']) {
        // No Node runs on 32-bit ARM macOS or Windows: the one CPU list of
        // the fallback counts 32-bit ARM as covered there (it is, on Linux).
        if (cpu === 'arm' && (os === 'darwin' || os === 'win32')) continue
        if (os === 'linux') for (const libc of ['glibc', 'musl']) machines.push({ os, cpu, libc })
        else machines.push({ os, cpu })
      }
    }
    const name = ({ os, cpu, libc }) => `${os}-${cpu}${libc ? ` (${libc})` : ''}`

    testWithNpm.each(machines.map((machine) => [name(machine), machine]))('%s gets exactly one: its native package, or else a WebAssembly fallback', (_, machine) => {
      const native = Object.entries(EXPECTED)
        .filter(([, fields]) => fields.os.includes(machine.os) && fields.cpu.includes(machine.cpu) && (!fields.libc || fields.libc.includes(machine.libc)))
        .map(([platform]) => platform)
      const got = installs(machine)
      expect(got).toHaveLength(1)
      if (native.length) expect(got).toEqual(native)
      else expect(FALLBACKS).toContain(got[0])
    })

    testWithNpm('FreeBSD and Android get the OS fallback, riscv64, ppc64 and 32-bit Windows the CPU one, Alpine on 32-bit ARM the libc one', () => {
      expect(installs({ os: 'freebsd', cpu: 'x64' })).toEqual(['other-os'])
      expect(installs({ os: 'android', cpu: 'arm64' })).toEqual(['other-os'])
      expect(installs({ os: 'linux', cpu: 'riscv64', libc: 'glibc' })).toEqual(['other-cpu'])
      expect(installs({ os: 'linux', cpu: 'ppc64', libc: 'glibc' })).toEqual(['other-cpu'])
      expect(installs({ os: 'win32', cpu: 'ia32' })).toEqual(['other-cpu'])
      expect(installs({ os: 'linux', cpu: 'arm', libc: 'musl' })).toEqual(['other-libc'])
    })
  })

  test('are in step with package.json as scripts/sync-packages.js writes them', () => {
    const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'sync-packages.js'), '--check'], { encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
})

describe('platform names', () => {
  test.each([
    ['linux', 'x64', false, 'linux-x64-gnu'],
    ['linux', 'x64', true, 'linux-x64-musl'],
    ['linux', 'arm64', false, 'linux-arm64-gnu'],
    ['linux', 'arm64', true, 'linux-arm64-musl'],
    ['linux', 'arm', false, 'linux-arm-gnueabihf'],
    ['darwin', 'arm64', false, 'darwin-arm64'],
    ['win32', 'x64', false, 'win32-x64-msvc'],
    ['win32', 'arm64', false, 'win32-arm64-msvc'],
  ])('%s %s (musl: %s) is %s', (platform, arch, musl, name) => {
    expect(platformName(platform, arch, musl)).toBe(name)
  })

  test('on x64 Linux, this machine is linux-x64-gnu or linux-x64-musl, by the libc the runtime reports', () => {
    if (process.platform !== 'linux' || process.arch !== 'x64') return
    // A glibc Node reports its glibc; a musl one (test:platforms' musl userland) none.
    const glibc = process.report.getReport().header.glibcVersionRuntime
    if (glibc !== undefined) expect(glibc).toMatch(/^2\.\d+$/)
    expect(platformName()).toBe(glibc === undefined ? 'linux-x64-musl' : 'linux-x64-gnu')
  })
})

describe('the loader', () => {
  let work

  // A package folder with the loader (binding.js, which @napi-rs/cli
  // writes, under lib/native.js, which names what is missing) and its
  // manifest but no binary beside them, as a release's main package is.
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-native-loader-'))
    const pkg = path.join(work, 'node_modules', 'totp-native')
    fs.mkdirSync(path.join(pkg, 'lib'), { recursive: true })
    for (const file of ['binding.js', 'package.json', 'lib/platform.js', 'lib/native.js']) fs.copyFileSync(path.join(root, file), path.join(pkg, file))
  })

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

  /** Loads node_modules/totp-native/lib/native.js in a fresh node, as `platform`/`arch` if given. */
  function load({ platform, arch } = {}) {
    const fake = platform ? `Object.defineProperty(process, 'platform', { value: '${platform}' }); Object.defineProperty(process, 'arch', { value: '${arch}' });` : ''
    const script = `${fake}
      try {
        const binding = require(${JSON.stringify(path.join(work, 'node_modules', 'totp-native', 'lib', 'native.js'))})
        const loaded = Object.keys(require.cache).filter((file) => file.endsWith('.node'))
        console.log(JSON.stringify({ exports: Object.keys(binding).length, loaded }))
      } catch (e) {
        console.log(JSON.stringify({ code: e.code, message: e.message, supported: e.supported }))
      }`
    // Only what this folder holds: nothing pointed at elsewhere, no WebAssembly build forced.
    const env = { ...process.env }
    for (const name of ['NAPI_RS_NATIVE_LIBRARY_PATH', 'NAPI_RS_FORCE_WASI', 'NODE_PATH']) delete env[name]
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: work, env, encoding: 'utf8' }))
  }

  test('with no module beside it and no platform package, throws ERR_TOTP_NATIVE_MISSING saying how to get one', () => {
    const { code, message, supported } = load()
    expect(code).toBe('ERR_TOTP_NATIVE_MISSING')
    expect(supported).toEqual(Object.keys(EXPECTED))
    expect(message).toContain(`no native module for ${platformName()}`)
    for (const platform of Object.keys(EXPECTED)) expect(message).toContain(platform)
    expect(message).toContain(`totp-native-${platformName()}@${manifest.version}`)
    expect(message).toContain('--omit=optional')
  })

  test('on a platform no package is built for, says so and how to build one', () => {
    const { code, message } = load({ platform: 'freebsd', arch: 'x64' })
    expect(code).toBe('ERR_TOTP_NATIVE_MISSING')
    expect(message).toContain('no native module for freebsd-x64')
    expect(message).toContain('There is none for freebsd-x64')
    expect(message).toContain('npm run build')
    expect(message).toContain('NAPI_RS_NATIVE_LIBRARY_PATH')
  })

  test('loads the binary from the platform package when none is beside it', () => {
    const platform = platformName()
    const dir = path.join(work, 'node_modules', `totp-native-${platform}`)
    fs.mkdirSync(dir, { recursive: true })
    fs.copyFileSync(path.join(root, 'npm', platform, 'package.json'), path.join(dir, 'package.json'))
    fs.copyFileSync(path.join(root, `totp-native.${platform}.node`), path.join(dir, `totp-native.${platform}.node`))
    try {
      const { exports, loaded } = load()
      expect(exports).toBeGreaterThan(10)
      expect(loaded).toEqual([fs.realpathSync(path.join(dir, `totp-native.${platform}.node`))])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  test('a platform package that is there but cannot load reports its own error, not a missing module', () => {
    const platform = platformName()
    const dir = path.join(work, 'node_modules', `totp-native-${platform}`)
    fs.mkdirSync(dir, { recursive: true })
    fs.copyFileSync(path.join(root, 'npm', platform, 'package.json'), path.join(dir, 'package.json'))
    fs.writeFileSync(path.join(dir, `totp-native.${platform}.node`), 'not a shared object')
    try {
      const { code, message } = load()
      expect(code).not.toBe('ERR_TOTP_NATIVE_MISSING')
      expect(message).toContain(`totp-native.${platform}.node`)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
