'use strict'

// The per-platform packages and the loader that finds them. A release
// publishes one package a platform (npm/<platform>), each carrying only its
// binary and declaring the os/cpu/libc npm installs it for, and the main
// package lists them all as optional dependencies. The loader takes the
// module beside it first, then the package, and otherwise says what to do.
// (scripts/test-registry.js installs all of it from a real registry.)

const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { platformName } = require('../../lib/platform')
const manifest = require('../../package.json')

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

describe('the per-platform packages', () => {
  const dirs = fs.readdirSync(path.join(root, 'npm')).sort()

  test('exist for exactly the nine platforms', () => {
    expect(dirs).toEqual(Object.keys(EXPECTED).sort())
  })

  test.each(Object.keys(EXPECTED))('%s declares its os, cpu and libc, and ships its binary as its only file', (platform) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'npm', platform, 'package.json'), 'utf8'))
    const binary = `totp-native.${platform}.node`
    expect(pkg).toMatchObject({ name: `totp-native-${platform}`, version: manifest.version, main: binary, files: [binary], ...EXPECTED[platform] })
    if (!EXPECTED[platform].libc) expect(pkg.libc).toBeUndefined()
    expect(pkg.scripts).toBeUndefined()
  })

  test('are the main package\'s optional dependencies, each pinned to its version', () => {
    const expected = Object.fromEntries(Object.keys(EXPECTED).map((platform) => [`totp-native-${platform}`, manifest.version]))
    expect(manifest.optionalDependencies).toEqual(expected)
    expect(manifest.dependencies).toBeUndefined()
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

  test('this machine is linux-x64-gnu, by the libc the runtime reports', () => {
    if (process.platform !== 'linux' || process.arch !== 'x64') return
    expect(process.report.getReport().header.glibcVersionRuntime).toMatch(/^2\.\d+$/)
    expect(platformName()).toBe('linux-x64-gnu')
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
    const env = { ...process.env }
    delete env.NAPI_RS_NATIVE_LIBRARY_PATH
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
