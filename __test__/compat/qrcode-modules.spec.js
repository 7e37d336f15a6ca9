'use strict'

// The shapes in which real code loads and mocks qrcode, applied to
// totp-native/compat/qrcode: CommonJS, the default and namespace imports of
// ES modules and TypeScript's interop helpers, named ES imports from the
// CommonJS file itself (which need exports Node's CJS lexer can see), dynamic
// import(), jest's automatic mocks, spies and partial mocks. Each is checked
// against what the same shape gives with qrcode.

const { spawnSync } = require('node:child_process')
const path = require('node:path')
const { pathToFileURL } = require('node:url')

const root = path.resolve(__dirname, '..', '..')
const compatFile = path.join(root, 'compat', 'qrcode.js')
const URI = 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME'

/** Runs an ES module in a child Node (jest runs this file as CommonJS) and returns what it prints. */
function esm(source) {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: root, encoding: 'utf8' })
  expect(result.stderr).toBe('')
  return JSON.parse(result.stdout)
}

const shapeOf = (specifier) => `
  import Default, * as namespace from ${JSON.stringify(specifier)}
  import { create, toCanvas, toString, toDataURL, toBuffer, toFile, toFileStream } from ${JSON.stringify(specifier)}
  const dynamic = await import(${JSON.stringify(specifier)})
  const named = { create, toCanvas, toString, toDataURL, toBuffer, toFile, toFileStream }
  console.log(JSON.stringify({
    names: Object.keys(namespace).sort(),
    defaultIsModule: Object.keys(named).every((name) => Default[name] === named[name]),
    namespaceIsNamed: Object.keys(named).every((name) => namespace[name] === named[name]),
    dynamicIsStatic: dynamic.default === Default && dynamic.toDataURL === toDataURL,
    types: Object.fromEntries(Object.entries(named).map(([name, value]) => [name, typeof value])),
    svg: (await Default.toString('HELLO', { type: 'svg' })).slice(0, 40),
  }))
`

describe('ES modules', () => {
  test('default, namespace, named and dynamic imports of the package give what they give with qrcode', () => {
    const theirs = esm(shapeOf('qrcode'))
    expect(esm(shapeOf('totp-native/compat/qrcode'))).toEqual(theirs)
    expect(theirs.defaultIsModule && theirs.namespaceIsNamed && theirs.dynamicIsStatic).toBe(true)
  })

  test("named imports from the CommonJS file itself: Node's lexer finds every export", () => {
    const theirs = esm(shapeOf('qrcode'))
    expect(esm(shapeOf(pathToFileURL(compatFile).href))).toEqual(theirs)
  })

  test("the helper imports as qrcode's does (and without the extension, which qrcode's needs in ES modules)", () => {
    const run = (specifier) =>
      esm(`import toSJIS from ${JSON.stringify(specifier)}; console.log(JSON.stringify([typeof toSJIS, toSJIS('点'), toSJIS('A')]))`)
    const theirs = run('qrcode/helper/to-sjis.js')
    expect(theirs).toEqual(['function', 0x935f, null])
    expect(run('totp-native/compat/qrcode/helper/to-sjis.js')).toEqual(theirs)
    expect(run('totp-native/compat/qrcode/helper/to-sjis')).toEqual(theirs)
    expect(require('totp-native/compat/qrcode/helper/to-sjis')('点')).toBe(require('qrcode/helper/to-sjis')('点'))
  })
})

describe('CommonJS and transpiled imports', () => {
  const QRCode = require('qrcode')
  const compat = require('../../compat/qrcode')
  // What TypeScript (esModuleInterop) and Babel emit for the two imports.
  const importDefault = (module) => (module && module.__esModule ? module : { default: module })
  const importStar = (module) => (module && module.__esModule ? module : { ...module, default: module })

  test('the same exports, none of them an ES module marker or a default', () => {
    expect(Object.keys(compat).sort()).toEqual(Object.keys(QRCode).sort())
    for (const name of Object.keys(QRCode)) expect(typeof compat[name]).toBe(typeof QRCode[name])
    expect(compat.__esModule).toBe(QRCode.__esModule)
    expect(require('../../compat/qrcode').default).toBe(QRCode.default)
  })

  test('`import QRCode from` and `import * as QRCode from` as TypeScript compiles them', async () => {
    for (const interop of [importDefault, importStar]) {
      const theirs = interop(QRCode).default
      const ours = interop(compat).default
      expect(await ours.toString(URI, { type: 'svg' })).toBe(await theirs.toString(URI, { type: 'svg' }))
    }
    expect(await importStar(compat).toString(URI)).toBe(await importStar(QRCode).toString(URI))
  })

  test('a lazy require inside a function gives the same module', () => {
    const lazy = () => require('../../compat/qrcode')
    expect(lazy()).toBe(compat)
  })
})

describe('jest mocks', () => {
  test('an automatic mock has a mock function for every export qrcode has', () => {
    const theirs = jest.createMockFromModule('qrcode')
    const ours = jest.createMockFromModule('../../compat/qrcode')
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort())
    for (const name of Object.keys(theirs)) expect(jest.isMockFunction(ours[name])).toBe(jest.isMockFunction(theirs[name]))
    ours.toDataURL.mockResolvedValue('data:image/png;base64,AAAA')
    return expect(ours.toDataURL(URI)).resolves.toBe('data:image/png;base64,AAAA')
  })

  test('jest.mock with no factory, as a test suite writes it', () => {
    jest.isolateModules(() => {
      jest.doMock('../../compat/qrcode')
      const mocked = require('../../compat/qrcode')
      mocked.toString.mockReturnValue('<svg/>')
      expect(mocked.toString(URI, { type: 'svg' })).toBe('<svg/>')
      expect(mocked.toString).toHaveBeenCalledWith(URI, { type: 'svg' })
      jest.dontMock('../../compat/qrcode')
    })
  })

  test('spyOn(module, "create") sees direct calls, and not the renderers\' own, as with qrcode', async () => {
    const seen = {}
    for (const [name, module] of [
      ['theirs', require('qrcode')],
      ['ours', require('../../compat/qrcode')],
    ]) {
      const spy = jest.spyOn(module, 'create')
      module.create(URI)
      await module.toString(URI)
      seen[name] = spy.mock.calls.length
      spy.mockRestore()
    }
    expect(seen.ours).toBe(seen.theirs)
    expect(seen.ours).toBe(1)
  })

  test('{ ...jest.requireActual(…), toString: jest.fn() } keeps the rest real', async () => {
    let partial
    jest.isolateModules(() => {
      jest.doMock('../../compat/qrcode', () => ({ ...jest.requireActual('../../compat/qrcode'), toString: jest.fn(() => 'mocked') }))
      partial = require('../../compat/qrcode')
      jest.dontMock('../../compat/qrcode')
    })
    expect(partial.toString(URI)).toBe('mocked')
    expect(jest.isMockFunction(partial.create)).toBe(false)
    expect(partial.create(URI).version).toBe(require('qrcode').create(URI).version)
  })
})
