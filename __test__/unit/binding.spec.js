'use strict'

// The edge between JavaScript and Rust: binding.d.ts (written by `napi
// build`) declares what the native module exports; every native function
// and the public call over it read each argument and option (each one is
// changed in turn, and the result compared with an independent
// implementation given the same change); errors carry structured fields;
// and nothing but index.js and lib/ reaches the binding.

const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const OTPAuth = require('otpauth')
const QRCode = require('qrcode')
const binding = require('../../binding.js')
const totp = require('../..')

const root = path.join(__dirname, '..', '..')

const declarations = fs.readFileSync(path.join(root, 'binding.d.ts'), 'utf8')
const natives = Object.keys(binding).filter((name) => typeof binding[name] === 'function')

test('binding.d.ts declares exactly the functions the native module exports', () => {
  const declared = [...declarations.matchAll(/^export declare function (\w+)\(/gm)].map((m) => m[1])
  expect(declared.sort()).toEqual(natives.sort())
})

describe('one way in', () => {
  // Every JavaScript file of the package and its tooling, outside the two
  // places allowed to use the binding.
  function sources(dir) {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) return ['node_modules', '.git', 'target', 'data'].includes(entry.name) ? [] : sources(file)
      return /\.(c|m)?js$/.test(entry.name) ? [file] : []
    })
  }
  // benchmark/napi-overhead.mjs measures the binding itself, against a
  // direct Node-API callback: it alone of the tooling loads it.
  const allowed = new Set([path.join(root, 'index.js'), path.join(root, 'binding.js'), path.join(root, 'benchmark', 'napi-overhead.mjs')])
  const checked = ['compat', 'bin', 'examples', 'benchmark', 'scripts']
    .map((dir) => path.join(root, dir))
    .filter((dir) => fs.existsSync(dir))
    .flatMap(sources)
    .concat([path.join(root, 'index.mjs')])
    .filter((file) => !allowed.has(file))

  test('the check covers compat/, bin/, the example and the tooling', () => {
    // Forward slashes on every OS: on Windows path.relative gives `compat\\qrcode.js`.
    const relative = checked.map((file) => path.relative(root, file).split(path.sep).join('/'))
    for (const expected of ['compat/qrcode.js', 'compat/totp-generator.js', 'bin/totp-native.js', 'examples/express/app.js']) {
      expect(relative).toContain(expected)
    }
  })

  test.each(checked.map((file) => [path.relative(root, file), file]))('%s uses only the public API', (name, file) => {
    const text = fs.readFileSync(file, 'utf8')
    const required = [...text.matchAll(/(?:require\s*\(|import\s*\(|from\s+)\s*['"]([^'"]+)['"]/g)].map((m) => m[1])
    // The package's users reach it by its name or its root; tooling
    // (scripts/) may use lib/'s helpers, but never the binding.
    const forbidden = name.startsWith('scripts') ? /^(binding|lib\/native)(\.js)?$/ : /^(binding(\.js)?|lib(\/.*)?)$/
    for (const specifier of required) {
      if (!specifier.startsWith('.')) continue
      const target = path.relative(root, path.resolve(path.dirname(file), specifier))
      expect([specifier, target]).not.toEqual([specifier, expect.stringMatching(forbidden)])
    }
  })
})

describe('every native function reads each argument and option', () => {
  // For each native function: a call with every argument given, a reference
  // that computes the expected result independently from the same named
  // arguments, and for each argument a second value. Changing one argument
  // must change the result exactly as the reference says, called directly
  // and through the public API; an option read under the wrong name, or
  // dropped by the wrapper, would differ.
  const SECRET = 'JBSWY3DPEHPK3PXP'
  const OTHER = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
  const T = 1_700_000_000_000

  const keyOf = (secret, encoding) =>
    encoding === 'ascii' ? OTPAuth.Secret.fromLatin1(secret) : OTPAuth.Secret.fromBase32(secret)
  const hotpCode = (a, counter) =>
    new OTPAuth.HOTP({ secret: keyOf(a.secret, a.encoding), algorithm: a.algorithm, digits: a.digits }).generate({ counter })
  const totpCode = (a, at) =>
    new OTPAuth.TOTP({ secret: keyOf(a.secret, a.encoding), algorithm: a.algorithm, digits: a.digits, period: a.period }).generate({
      timestamp: at - a.epoch,
    })
  // The latest counter in [expected − past, expected + future] after `after` whose code is the token.
  const find = (a, expected, code) => {
    const after = a.after === undefined ? -1 : a.after
    for (let counter = expected + a.future; counter >= Math.max(0, expected - a.past, after + 1); counter--) {
      if (code(counter) === a.token) return counter
    }
    return null
  }
  const step = (a) => Math.floor((a.timestamp - a.epoch) / (a.period * 1000))
  const qrArgs = { errorCorrectionLevel: 'M', version: 6, maskPattern: 2, margin: 4, scale: 4, width: 100, dark: '#000000ff', light: '#ffffffff', small: false, inverse: false, type: 'svg' }
  const qrcodeOptions = (o) => ({
    errorCorrectionLevel: o.errorCorrectionLevel,
    version: o.version,
    maskPattern: o.maskPattern,
    margin: o.margin,
    scale: o.scale,
    width: o.width,
    color: { dark: o.dark, light: o.light },
    small: o.small,
    type: o.type,
  })
  const qrPerturbed = { errorCorrectionLevel: 'H', version: 8, maskPattern: 6, margin: 2, scale: 2, width: 150, dark: '#102030ff', light: '#ffeeddff' }

  // name → [parameter names in declaration order, baseline values, changed
  // values, reference], or a list of those where an argument matters only
  // with others (a HOTP URI's counter).
  const cases = {
    hotpGenerate: [
      ['secret', 'counter', 'encoding', 'algorithm', 'digits'],
      { secret: SECRET, counter: 5, encoding: 'base32', algorithm: 'SHA1', digits: 6 },
      { secret: OTHER, counter: 6, encoding: 'ascii', algorithm: 'SHA256', digits: 8 },
      (a) => hotpCode(a, a.counter),
    ],
    hotpValidate: [
      ['token', 'secret', 'counter', 'encoding', 'algorithm', 'digits', 'past', 'future', 'after'],
      { token: '', secret: SECRET, counter: 10, encoding: 'base32', algorithm: 'SHA1', digits: 6, past: 1, future: 1, after: undefined },
      { counter: 12, encoding: 'ascii', algorithm: 'SHA512', digits: 7, past: 3, future: 4, after: 11 },
      (a) => {
        const counter = find(a, a.counter, (c) => hotpCode(a, c))
        return counter === null ? null : { delta: counter - a.counter, counter }
      },
    ],
    totpGenerate: [
      ['secret', 'timestamp', 'encoding', 'algorithm', 'digits', 'period', 'epoch'],
      { secret: SECRET, timestamp: T, encoding: 'base32', algorithm: 'SHA1', digits: 6, period: 30, epoch: 0 },
      { secret: OTHER, timestamp: T + 31_000, encoding: 'ascii', algorithm: 'SHA384', digits: 9, period: 45, epoch: 15_000_000 },
      (a) => totpCode(a, a.timestamp),
    ],
    totpValidate: [
      ['token', 'secret', 'timestamp', 'encoding', 'algorithm', 'digits', 'period', 'epoch', 'past', 'future', 'after'],
      { token: '', secret: SECRET, timestamp: T, encoding: 'base32', algorithm: 'SHA1', digits: 6, period: 30, epoch: 0, past: 1, future: 1, after: undefined },
      { timestamp: T + 61_000, encoding: 'ascii', algorithm: 'SHA256', digits: 8, period: 60, epoch: 120_000, past: 3, future: 2, after: Math.floor(T / 30_000) + 1 },
      (a) => {
        const expected = step(a)
        const counter = find(a, expected, (c) => totpCode(a, a.epoch + c * a.period * 1000))
        return counter === null ? null : { delta: counter - expected, timeStep: counter }
      },
    ],
    timeStep: [['timestamp', 'period', 'epoch'], { timestamp: T, period: 30, epoch: 0 }, { timestamp: T + 1e6, period: 7, epoch: 5e8 }, step],
    remaining: [
      ['timestamp', 'period', 'epoch'],
      { timestamp: T + 1234, period: 30, epoch: 0 },
      { timestamp: T + 4321, period: 7, epoch: 999 },
      (a) => a.period * 1000 - ((a.timestamp - a.epoch) % (a.period * 1000)),
    ],
    generateSecret: [['bytes'], { bytes: 20 }, { bytes: 37 }, (a) => Math.ceil((a.bytes * 8) / 5)],
    deriveSecret: [
      ['masterKey', 'identity', 'bytes', 'info'],
      { masterKey: 'k'.repeat(32), identity: 'alice', bytes: 20, info: 'totp-native' },
      { masterKey: 'm'.repeat(40), identity: 'bob', bytes: 33, info: 'app/v2' },
      (a) =>
        new OTPAuth.Secret({
          buffer: new Uint8Array(crypto.hkdfSync('sha256', a.masterKey, Buffer.alloc(0), `${a.info}\0${a.identity}`, a.bytes)).buffer,
        }).base32,
    ],
    base32Encode: [
      ['bytes', 'padding'],
      { bytes: Buffer.from('fooba!'), padding: false },
      { bytes: Buffer.from('foob'), padding: true },
      (a) => {
        const unpadded = new OTPAuth.Secret({ buffer: new Uint8Array(a.bytes).buffer }).base32
        return a.padding ? unpadded.padEnd(Math.ceil(unpadded.length / 8) * 8, '=') : unpadded
      },
    ],
    base32Decode: [['str'], { str: 'MZXW6YQ' }, { str: 'JBSWY3DPEHPK3PXP' }, (a) => Buffer.from(OTPAuth.Secret.fromBase32(a.str).bytes)],
    keyUri: [
      ['secret', 'account', 'encoding', 'issuer', 'kind', 'algorithm', 'digits', 'period', 'counter', 'image'],
      { secret: SECRET, account: 'alice', encoding: 'base32', issuer: 'ACME', kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30, counter: 4, image: 'https://a.example/i.png' },
      { secret: OTHER, account: 'bob', encoding: 'ascii', issuer: 'Initech', kind: 'hotp', algorithm: 'SHA512', digits: 8, period: 60, image: 'https://b.example/j.png' },
      // What an independent parser reads back from the URI.
      (a) => ({
        issuer: a.issuer,
        label: a.account,
        secret: keyOf(a.secret, a.encoding).base32,
        algorithm: a.algorithm,
        digits: a.digits,
        ...(a.kind === 'totp' ? { period: a.period } : { counter: a.counter }),
        image: a.image,
      }),
      (uri) => {
        const parsed = OTPAuth.URI.parse(uri)
        const image = new URL(uri).searchParams.get('image')
        return {
          issuer: parsed.issuer,
          label: parsed.label,
          secret: parsed.secret.base32,
          algorithm: parsed.algorithm,
          digits: parsed.digits,
          ...(parsed instanceof OTPAuth.TOTP ? { period: parsed.period } : { counter: parsed.counter }),
          image,
        }
      },
    ],
    // A HOTP URI, where the counter is written and the period is not.
    'keyUri (hotp)': [
      ['secret', 'account', 'encoding', 'issuer', 'kind', 'algorithm', 'digits', 'period', 'counter', 'image'],
      { secret: SECRET, account: 'alice', encoding: 'base32', issuer: 'ACME', kind: 'hotp', algorithm: 'SHA1', digits: 6, period: 30, counter: 4, image: 'https://a.example/i.png' },
      { counter: 9 },
    ],
    qrToSjis: [['character'], { character: '点' }, { character: '茗' }, (a) => require('qrcode/helper/to-sjis')(a.character)],
    // Segments depend on the version's count lengths: byte mode around the
    // digits at version 40, numeric at 5.
    qrSegments: [
      ['text', 'errorCorrectionLevel', 'version', 'maskPattern', 'margin', 'scale', 'width', 'dark', 'light', 'small', 'inverse', 'type', 'toSJISFunc'],
      { text: 'ab123456cd', version: 5 },
      { text: 'HELLO 123 world', version: 40 },
      (a) => QRCode.create(a.text, { version: a.version }).segments.map((segment) => ({ mode: segment.mode.id.toLowerCase(), data: segment.data })),
    ],
    qrReservedModules: [
      ['version'],
      { version: 1 },
      { version: 7 },
      (a) => new Uint8Array(QRCode.create('A', { version: a.version }).modules.reservedBit),
    ],
    parseUri: [
      ['uri'],
      { uri: `otpauth://totp/ACME:alice?secret=${SECRET}&issuer=ACME&digits=7&period=45` },
      { uri: `otpauth://hotp/Initech:bob?secret=${OTHER}&issuer=Initech&algorithm=SHA256&counter=3` },
      (a) => {
        const parsed = OTPAuth.URI.parse(a.uri)
        return {
          type: parsed instanceof OTPAuth.TOTP ? 'totp' : 'hotp',
          issuer: parsed.issuer,
          account: parsed.label,
          secret: parsed.secret.base32,
          algorithm: parsed.algorithm,
          digits: parsed.digits,
          ...(parsed instanceof OTPAuth.TOTP ? { period: parsed.period } : { counter: parsed.counter }),
        }
      },
    ],
  }
  // The QR calls: one options object, each field changed in turn.
  const qrCases = {
    qrToString: (text, o) => QRCode.toString(text, qrcodeOptions(o)),
    qrToStringAsync: (text, o) => QRCode.toString(text, qrcodeOptions(o)),
    qrCreate: async (text, o) => {
      const symbol = QRCode.create(text, qrcodeOptions(o))
      const levels = ['M', 'L', 'H', 'Q']
      return {
        version: symbol.version,
        errorCorrectionLevel: levels[symbol.errorCorrectionLevel.bit],
        maskPattern: symbol.maskPattern,
        size: symbol.modules.size,
        modules: new Uint8Array(symbol.modules.data),
      }
    },
  }

  // Cases that reuse another's parameters and reference: `name (variant)`.
  for (const [name, entry] of Object.entries(cases)) {
    const base = name.split(' ')[0]
    if (base !== name) cases[name] = [...entry, ...cases[base].slice(entry.length)]
  }
  const nativeName = (name) => name.split(' ')[0]

  test('every native function has a case here', () => {
    // The raster natives are compared with qrcode's pixels and bytes in
    // qr-raster.spec.js and differential/qrcode-png.spec.js.
    const rasters = ['qrToImageData', 'qrToImageDataAsync', 'qrPngjsImageAsync', 'qrPngChunk']
    const covered = [...new Set(Object.keys(cases).map(nativeName)), ...Object.keys(qrCases), 'qrToBuffer', 'qrToBufferAsync', 'qrToDataUrl', 'qrToDataUrlAsync', 'qrFileContentsAsync', 'defaults', ...rasters]
    expect(covered.sort()).toEqual(natives.sort())
  })

  // Each native function called with the named arguments, as index.js and
  // lib/ call it: positional arguments, then the options object.
  const nativeCalls = {
    hotpGenerate: (a) => binding.hotpGenerate(a.secret, a.counter, { encoding: a.encoding, algorithm: a.algorithm, digits: a.digits }),
    hotpValidate: (a) =>
      binding.hotpValidate(a.token, a.secret, a.counter, {
        encoding: a.encoding,
        algorithm: a.algorithm,
        digits: a.digits,
        past: a.past,
        future: a.future,
        after: a.after,
      }),
    totpGenerate: (a) =>
      binding.totpGenerate(a.secret, { timestamp: a.timestamp, encoding: a.encoding, algorithm: a.algorithm, digits: a.digits, period: a.period, epoch: a.epoch }),
    totpValidate: (a) =>
      binding.totpValidate(a.token, a.secret, {
        timestamp: a.timestamp,
        encoding: a.encoding,
        algorithm: a.algorithm,
        digits: a.digits,
        period: a.period,
        epoch: a.epoch,
        past: a.past,
        future: a.future,
        after: a.after,
      }),
    timeStep: (a) => binding.timeStep({ timestamp: a.timestamp, period: a.period, epoch: a.epoch }),
    remaining: (a) => binding.remaining({ timestamp: a.timestamp, period: a.period, epoch: a.epoch }),
    generateSecret: (a) => binding.generateSecret({ bytes: a.bytes }),
    deriveSecret: (a) => binding.deriveSecret(a.masterKey, a.identity, { bytes: a.bytes, info: a.info }),
    base32Encode: (a) => binding.base32Encode(a.bytes, a.padding),
    base32Decode: (a) => binding.base32Decode(a.str),
    keyUri: (a) =>
      binding.keyUri(a.secret, a.account, {
        encoding: a.encoding,
        issuer: a.issuer,
        type: a.kind,
        algorithm: a.algorithm,
        digits: a.digits,
        period: a.period,
        counter: a.counter,
        image: a.image,
      }),
    parseUri: (a) => binding.parseUri(a.uri),
    qrToSjis: (a) => binding.qrToSjis(a.character),
    qrSegments: (a) => binding.qrSegments(a.text, { version: a.version }, false),
    qrReservedModules: (a) => binding.qrReservedModules(a.version),
  }

  // The public calls over each native function: the same named arguments,
  // given as users give them. The wrapper must put each where the native
  // function reads it.
  const window = (a) => [a.past, a.future]
  const publicCalls = {
    hotpGenerate: (a) => totp.hotp.generate(a.secret, a.counter, { encoding: a.encoding, algorithm: a.algorithm, digits: a.digits }),
    hotpValidate: (a) =>
      totp.hotp.validate(a.token, a.secret, a.counter, { encoding: a.encoding, algorithm: a.algorithm, digits: a.digits, window: window(a), after: a.after }),
    totpGenerate: (a) =>
      totp.generate(a.secret, { timestamp: a.timestamp, encoding: a.encoding, algorithm: a.algorithm, digits: a.digits, period: a.period, epoch: a.epoch }),
    totpValidate: (a) =>
      totp.validate(a.token, a.secret, {
        timestamp: a.timestamp,
        encoding: a.encoding,
        algorithm: a.algorithm,
        digits: a.digits,
        period: a.period,
        epoch: a.epoch,
        window: window(a),
        after: a.after,
      }),
    timeStep: (a) => totp.timeStep({ timestamp: a.timestamp, period: a.period, epoch: a.epoch }),
    remaining: (a) => totp.remaining({ timestamp: a.timestamp, period: a.period, epoch: a.epoch }),
    generateSecret: (a) => totp.generateSecret({ bytes: a.bytes }),
    deriveSecret: (a) => totp.deriveSecret(a.masterKey, a.identity, { bytes: a.bytes, info: a.info }),
    base32Encode: (a) => totp.base32.encode(a.bytes, { padding: a.padding }),
    base32Decode: (a) => totp.base32.decode(a.str),
    keyUri: (a) =>
      totp.keyUri({
        secret: a.secret,
        account: a.account,
        encoding: a.encoding,
        issuer: a.issuer,
        type: a.kind,
        algorithm: a.algorithm,
        digits: a.digits,
        period: a.period,
        counter: a.counter,
        image: a.image,
      }),
    parseUri: (a) => totp.parseUri(a.uri),
    qrToSjis: (a) => totp.qr.toSJIS(a.character),
    qrSegments: (a) => totp.qr.create(a.text, { version: a.version }).segments,
    qrReservedModules: (a) => totp.qr.reservedModules(a.version),
  }

  for (const [name, [, baseline, changed, reference, read = (x) => x]] of Object.entries(cases)) {
    const call = (values) => {
      const result = nativeCalls[nativeName(name)](values)
      const viaApi = publicCalls[nativeName(name)](values)
      // Through the public API, the same answer (a random secret: the same length).
      if (name === 'generateSecret') {
        expect(viaApi.length).toBe(result.length)
        return result.length
      }
      expect(viaApi).toEqual(result)
      return read(result)
    }
    // A token that matches the baseline's code one step ahead, or for a
    // changed window side the code just inside the wider side, so that each
    // change to the window gains or loses a match.
    const withToken = (values, changing) => {
      if (!('token' in values)) return values
      const offset = changing === 'past' ? -changed.past : changing === 'future' ? changed.future : 1
      const a = { ...baseline, ...values }
      const token =
        name === 'hotpValidate' ? hotpCode(a, a.counter + offset) : totpCode(a, a.epoch + (step(a) + offset) * a.period * 1000)
      return { ...a, token }
    }

    test(`${name}: the baseline call agrees with the reference`, () => {
      const a = withToken(baseline)
      expect(call(a)).toEqual(reference(a))
    })

    test.each(Object.keys(changed))(`${name}: changing %s changes the result as the reference says`, (parameter) => {
      const base = withToken(baseline, parameter)
      const a = { ...base, [parameter]: changed[parameter] }
      const expected = reference(a)
      expect(call(a)).toEqual(expected)
      // The change must matter, or the case proves nothing about its place.
      expect(expected).not.toEqual(reference(base))
    })
  }

  // The QR options as the native calls take them: `color` an object.
  const nativeQr = ({ dark, light, ...rest }) => ({ ...rest, color: { dark, light } })

  for (const [name, reference] of Object.entries(qrCases)) {
    const text = 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP'
    const call = async (o) => {
      const result = await binding[name](text, nativeQr(o))
      return name === 'qrCreate' ? { ...result, modules: new Uint8Array(result.modules) } : result
    }
    test.each(Object.keys(qrPerturbed))(`${name}: changing option %s changes the output as qrcode's does`, async (option) => {
      const o = name === 'qrCreate' ? { ...qrArgs, type: undefined } : qrArgs
      const changedOptions = { ...o, [option]: qrPerturbed[option] }
      const expected = await reference(text, changedOptions)
      expect(await call(changedOptions)).toEqual(expected)
      expect(await call(o)).toEqual(await reference(text, o))
      // Options that only PNG reads leave text renderings and symbols alike;
      // every other change must show.
      const pngOnly = ['scale', 'width'].includes(option) || (name === 'qrCreate' && ['margin', 'dark', 'light'].includes(option))
      if (!pngOnly) expect(expected).not.toEqual(await reference(text, o))
    })
  }

  test('the PNG calls read every option from its place: their pixels are those of qrcode', async () => {
    const { PNG } = require('pngjs')
    const text = 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP'
    const base = { ...qrArgs, type: 'png' }
    for (const option of Object.keys(qrPerturbed)) {
      const o = { ...base, [option]: qrPerturbed[option] }
      const expected = PNG.sync.read(await QRCode.toBuffer(text, qrcodeOptions(o)))
      const fromUrl = (url) => Buffer.from(url.slice('data:image/png;base64,'.length), 'base64')
      const args = nativeQr(o)
      const outputs = {
        qrToBuffer: binding.qrToBuffer(text, args),
        qrToBufferAsync: await binding.qrToBufferAsync(text, args),
        qrToDataUrl: fromUrl(binding.qrToDataUrl(text, args)),
        qrToDataUrlAsync: fromUrl(await binding.qrToDataUrlAsync(text, args)),
        qrFileContentsAsync: await binding.qrFileContentsAsync('qr.png', text, args),
      }
      for (const [name, png] of Object.entries(outputs)) {
        const image = PNG.sync.read(png)
        expect([name, option, image.width, image.height]).toEqual([name, option, expected.width, expected.height])
        expect(image.data.equals(expected.data)).toBe(true)
      }
    }
  })
})

describe('structured error fields', () => {
  test('a QR version too small for the text says the smallest that holds it, as err.minVersion', () => {
    const text = 'x'.repeat(100)
    let error
    try {
      totp.qr.create(text, { version: 1 })
    } catch (caught) {
      error = caught
    }
    expect(error.code).toBe('ERR_QR_DATA_TOO_LONG')
    // qrcode itself names the same minimum in its message.
    const expected = (() => {
      try {
        QRCode.create(text, { version: 1 })
      } catch (qrcodeError) {
        return Number(/Minimum version required to store current data is: (\d+)/.exec(qrcodeError.message)[1])
      }
    })()
    expect(error.minVersion).toBe(expected)
  })

  test('text too long for any version has no minVersion', () => {
    let error
    try {
      totp.qr.create('x'.repeat(3000))
    } catch (caught) {
      error = caught
    }
    expect(error.code).toBe('ERR_QR_DATA_TOO_LONG')
    expect('minVersion' in error).toBe(false)
  })

  test('a bad base32 character is named with its position, as err.character and err.position', () => {
    expect(() => totp.base32.decode('MZXW1YQ')).toThrow(expect.objectContaining({ code: 'ERR_TOTP_INVALID_BASE32', character: '1', position: 4 }))
    expect(() => totp.generate('JBSW8Y3DP')).toThrow(expect.objectContaining({ code: 'ERR_TOTP_INVALID_SECRET', character: '8', position: 4 }))
  })

  test('an option out of range names the option, as err.option', () => {
    expect(() => totp.generate('JBSWY3DPEHPK3PXP', { digits: 11 })).toThrow(expect.objectContaining({ code: 'ERR_TOTP_INVALID_OPTION', option: 'digits' }))
    expect(() => totp.qr.create('a', { maskPattern: 9 })).toThrow(expect.objectContaining({ code: 'ERR_QR_INVALID_OPTION', option: 'maskPattern' }))
  })
})

test("called without the wrapper, a wrong type is napi-rs's own error, not a crash", () => {
  // The wrapper names the argument in a TypeError with the API's code
  // (bad-input.spec.js); the binding's own conversions are the backstop.
  const calls = [
    () => binding.totpGenerate(123, {}),
    () => binding.totpValidate(123456, 'JBSWY3DPEHPK3PXP', {}),
    () => binding.totpGenerate('JBSWY3DPEHPK3PXP', { timestamp: '0' }),
    () => binding.hotpGenerate('JBSWY3DPEHPK3PXP'),
    () => binding.hotpGenerate('JBSWY3DPEHPK3PXP', 0, { encoding: 1 }),
    () => binding.parseUri(1),
    () => binding.base32Decode(null),
    () => binding.qrToString('a', { margin: '4' }),
    () => binding.qrCreate([{ data: 1 }]),
  ]
  for (const call of calls) {
    let error
    try {
      call()
    } catch (caught) {
      error = caught
    }
    expect(error).toEqual(expect.objectContaining({ message: expect.any(String), code: expect.any(String) }))
  }
})
