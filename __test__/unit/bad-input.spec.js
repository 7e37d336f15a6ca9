'use strict'

// Every exported function, fed bad input: a wrong type is a TypeError, a value
// out of range a RangeError, malformed data an Error — each with a stable
// code and a message naming the argument — while a token that is a malformed
// string is simply not valid. Nothing crashes, hangs or aborts the process.

const { spawnSync } = require('node:child_process')
const path = require('node:path')
const totp = require('../..')

const SECRET = 'JBSWY3DPEHPK3PXP'
const MASTER = 'a master key of at least 16 bytes'
const NOW = 1_700_000_000_000
const TEN_MB = 10 * 1024 * 1024

/** A Uint8Array whose ArrayBuffer has been transferred away: length 0, no memory. */
function detached() {
  const bytes = new Uint8Array(20).fill(7)
  structuredClone(bytes.buffer, { transfer: [bytes.buffer] })
  return bytes
}

// Every OTP call, with a way to pass it one option.
const otpCalls = {
  generate: (o) => totp.generate(SECRET, o),
  verify: (o) => totp.verify('123456', SECRET, o),
  validate: (o) => totp.validate('123456', SECRET, o),
  'hotp.generate': (o) => totp.hotp.generate(SECRET, 0, o),
  'hotp.verify': (o) => totp.hotp.verify('123456', SECRET, 0, o),
  'hotp.validate': (o) => totp.hotp.validate('123456', SECRET, 0, o),
}
const clockCalls = {
  timeStep: (o) => totp.timeStep(o),
  remaining: (o) => totp.remaining(o),
}
const totpCalls = ['generate', 'verify', 'validate']
const verifyCalls = ['verify', 'validate', 'hotp.verify', 'hotp.validate']

// Which numeric options each call reads.
const numericOptions = [
  ...Object.keys(otpCalls).map((name) => [name, otpCalls[name], 'digits']),
  ...[...totpCalls.map((n) => [n, otpCalls[n]]), ...Object.entries(clockCalls)].flatMap(([name, call]) =>
    ['period', 'timestamp', 'epoch'].map((option) => [name, call, option]),
  ),
  ...verifyCalls.flatMap((name) => ['window', 'after'].map((option) => [name, otpCalls[name], option])),
  ['generateSecret', (o) => totp.generateSecret(o), 'bytes'],
  ['deriveSecret', (o) => totp.deriveSecret(MASTER, 'alice', o), 'bytes'],
]
const stringOptions = [
  ...Object.keys(otpCalls).flatMap((name) => ['algorithm', 'encoding'].map((option) => [name, otpCalls[name], option])),
  ['deriveSecret', (o) => totp.deriveSecret(MASTER, 'alice', o), 'info'],
]

// Numbers no option accepts: not whole, negative, or past 2^53 − 1.
const outOfRange = [NaN, Infinity, -Infinity, -1, -0.5, 1.5, 2 ** 53, 2 ** 64, 1e300, Number.MIN_VALUE]
// Values of the wrong type for a number option (a Date is a time, so it is
// left out there). `null`, like `undefined`, means the option is not given.
const notNumbers = ['6', '', true, [], [1], {}, Symbol('x'), 10n, () => 6, new Number(6)]
const notStrings = [1, true, [], ['SHA1'], {}, Symbol('SHA1'), 1n, () => 'SHA1', new String('SHA1')]

/** Calls `call` and returns what it threw, failing the test if it returned. */
function thrownBy(call) {
  try {
    call()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw, got a return')
}

/** The class, code and argument name an error must have. */
function expectError(error, Class, code, argument) {
  expect(error).toBeInstanceOf(Class)
  expect(error.name).toBe(Class.name) // exact class: a TypeError is not an Error here
  expect(error.code).toBe(code)
  expect(error.message).toContain(argument)
}

describe('numeric options', () => {
  const rangeCases = numericOptions.flatMap(([name, call, option]) => outOfRange.map((value) => [name, option, value, call]))
  test.each(rangeCases)('%s with option %s = %p is a RangeError naming it', (_name, option, value, call) => {
    expectError(thrownBy(() => call({ [option]: value })), RangeError, 'ERR_TOTP_INVALID_OPTION', `"${option}"`)
  })

  const typeCases = numericOptions.flatMap(([name, call, option]) =>
    notNumbers.filter((value) => !(option === 'window' && Array.isArray(value) && value.length === 2)).map((value) => [name, option, value, call]),
  )
  test.each(typeCases)('%s with option %s = %p is a TypeError naming it', (_name, option, value, call) => {
    expectError(thrownBy(() => call({ [option]: value })), TypeError, 'ERR_TOTP_INVALID_OPTION', `"${option}"`)
  })

  test.each([
    ['digits', [0, 11, 100, 2 ** 32, 2 ** 40]],
    ['period', [0, 2 ** 32]],
    ['timestamp', [8.64e15 + 1, 2 ** 53 - 1]],
    ['epoch', [8.64e15 + 1]],
  ])('generate with %s outside its own range %p is a RangeError', (option, values) => {
    for (const value of values) {
      expectError(thrownBy(() => totp.generate(SECRET, { [option]: value })), RangeError, 'ERR_TOTP_INVALID_OPTION', `"${option}"`)
    }
  })

  test('the widest window is 10 on each side; 11, 1e9 and [0, 2^32] are RangeErrors', () => {
    for (const window of [10, [10, 10], [0, 10], [10, 0]]) expect(totp.verify('123456', SECRET, { window })).toBe(false)
    for (const window of [11, 1e9, 2 ** 32, [11, 0], [0, 11], [0, 2 ** 32], [1e9, 1e9], [1.5, 1], [1, NaN], [-1, 1]]) {
      for (const name of verifyCalls) {
        expectError(thrownBy(() => otpCalls[name]({ window })), RangeError, 'ERR_TOTP_INVALID_OPTION', '"window"')
      }
    }
  })

  test('window arrays of the wrong shape are TypeErrors', () => {
    for (const window of [[], [1], [1, 2, 3], ['1', 1], [1, null], [1n, 1], { 0: 1, 1: 1, length: 2 }]) {
      expectError(thrownBy(() => totp.verify('123456', SECRET, { window })), TypeError, 'ERR_TOTP_INVALID_OPTION', '"window"')
    }
  })

  test('a timestamp before the epoch is a RangeError naming the epoch', () => {
    for (const call of [...totpCalls.map((n) => otpCalls[n]), ...Object.values(clockCalls)]) {
      expectError(thrownBy(() => call({ timestamp: 1000, epoch: 2000 })), RangeError, 'ERR_TOTP_INVALID_OPTION', 'epoch')
    }
  })

  test('an invalid Date as timestamp or epoch is a RangeError', () => {
    for (const option of ['timestamp', 'epoch']) {
      for (const call of [...totpCalls.map((n) => otpCalls[n]), ...Object.values(clockCalls)]) {
        expectError(thrownBy(() => call({ [option]: new Date('not a date') })), RangeError, 'ERR_TOTP_INVALID_OPTION', `"${option}"`)
      }
    }
  })

  test('the edges of each range are accepted', () => {
    expect(totp.generate(SECRET, { digits: 1, timestamp: 0 })).toMatch(/^\d$/)
    expect(totp.generate(SECRET, { digits: 10, timestamp: 0 })).toMatch(/^\d{10}$/)
    expect(totp.generate(SECRET, { timestamp: -0 })).toBe(totp.generate(SECRET, { timestamp: 0 }))
    expect(totp.timeStep({ timestamp: 8.64e15, epoch: 8.64e15 })).toBe(0)
    expect(totp.timeStep({ timestamp: 1e12, period: 2 ** 32 - 1 })).toBe(0)
    expect(totp.hotp.generate(SECRET, 2 ** 53 - 1)).toMatch(/^\d{6}$/)
    expect(totp.verify('123456', SECRET, { after: 2 ** 53 - 1 })).toBe(false)
    expect(totp.generateSecret({ bytes: 16 })).toHaveLength(26)
  })
})

describe('string options', () => {
  const typeCases = stringOptions.flatMap(([name, call, option]) => notStrings.map((value) => [name, option, value, call]))
  test.each(typeCases)('%s with option %s = %p is a TypeError naming it', (_name, option, value, call) => {
    expectError(thrownBy(() => call({ [option]: value })), TypeError, 'ERR_TOTP_INVALID_OPTION', `"${option}"`)
  })

  const valueCases = [
    ...Object.keys(otpCalls).flatMap((name) =>
      ['MD5', 'SHA3-256', 'SHA224', 'sha 1', 'SHA--1', ' SHA1', 'SHA1\0', ''].map((value) => [name, 'algorithm', value]),
    ),
    ...Object.keys(otpCalls).flatMap((name) => ['base64', 'utf8', 'latin1', 'base 32', ''].map((value) => [name, 'encoding', value])),
  ]
  test.each(valueCases)('%s with option %s = %p is a RangeError naming it', (name, option, value) => {
    expectError(thrownBy(() => otpCalls[name]({ [option]: value })), RangeError, 'ERR_TOTP_INVALID_OPTION', `"${option}"`)
  })
})

describe('options arguments', () => {
  // Objects that are not plain options: reading them as "no options" would
  // silently apply the defaults the caller meant to change.
  const notObjects = ['SHA1', 6, true, [], [6], Symbol('o'), 6n, () => ({}), new Date(0), new Map([['digits', 8]]), new Proxy([], {})]
  const calls = {
    ...Object.fromEntries(Object.entries(otpCalls)),
    ...clockCalls,
    generateSecret: (o) => totp.generateSecret(o),
    deriveSecret: (o) => totp.deriveSecret(MASTER, 'alice', o),
    'base32.encode': (o) => totp.base32.encode(Buffer.from('foo'), o),
  }
  const cases = Object.entries(calls).flatMap(([name, call]) => notObjects.map((value) => [name, value, call]))
  test.each(cases)('%s with options %p is a TypeError naming options', (_name, value, call) => {
    expectError(thrownBy(() => call(value)), TypeError, 'ERR_TOTP_INVALID_OPTION', 'options')
  })

  // Not in the table above: a revoked Proxy cannot even be printed in a test name.
  test.each(Object.keys(calls))('%s with a revoked Proxy as options is a TypeError naming options', (name) => {
    const revocable = Proxy.revocable({}, {})
    revocable.revoke()
    expectError(thrownBy(() => calls[name](revocable.proxy)), TypeError, 'ERR_TOTP_INVALID_OPTION', 'options')
  })

  test('null and undefined options mean the defaults, for every function that takes options', () => {
    jest.useFakeTimers().setSystemTime(NOW)
    try {
      const code = totp.generate(SECRET, { timestamp: NOW })
      for (const options of [null, undefined]) {
        expect(totp.generate(SECRET, options)).toBe(code)
        expect(totp.verify(code, SECRET, options)).toBe(true)
        expect(totp.validate(code, SECRET, options)).toEqual({ delta: 0, timeStep: Math.floor(NOW / 30000) })
        expect(totp.timeStep(options)).toBe(Math.floor(NOW / 30000))
        expect(totp.remaining(options)).toBe(30000 - (NOW % 30000))
        expect(totp.hotp.generate(SECRET, 0, options)).toBe('282760')
        expect(totp.hotp.verify('282760', SECRET, 0, options)).toBe(true)
        expect(totp.hotp.validate('282760', SECRET, 0, options)).toEqual({ delta: 0, counter: 0 })
        expect(totp.generateSecret(options)).toMatch(/^[A-Z2-7]{32}$/)
        expect(totp.deriveSecret(MASTER, 'alice', options)).toBe(totp.deriveSecret(MASTER, 'alice'))
        expect(totp.base32.encode(Buffer.from('f'), options)).toBe('MY')
      }
    } finally {
      jest.useRealTimers()
    }
  })

  test('options whose value is undefined mean the defaults', () => {
    const explicit = { algorithm: undefined, digits: undefined, period: undefined, timestamp: 0, epoch: undefined, encoding: undefined }
    expect(totp.generate(SECRET, explicit)).toBe(totp.generate(SECRET, { timestamp: 0 }))
    expect(totp.verify('282760', SECRET, { ...explicit, window: undefined, after: undefined })).toBe(true)
  })
})

describe('secrets', () => {
  const secretCalls = {
    generate: (s) => totp.generate(s),
    verify: (s) => totp.verify('123456', s),
    validate: (s) => totp.validate('123456', s),
    'hotp.generate': (s) => totp.hotp.generate(s, 0),
    'hotp.verify': (s) => totp.hotp.verify('123456', s, 0),
    'hotp.validate': (s) => totp.hotp.validate('123456', s, 0),
    keyUri: (s) => totp.keyUri({ secret: s, account: 'alice' }),
  }
  const notSecrets = [undefined, null, 123456, true, {}, [], [1, 2, 3], Symbol('s'), 10n, () => SECRET, new ArrayBuffer(20), new Uint16Array(10), new DataView(new ArrayBuffer(20)), new String(SECRET)]
  const typeCases = Object.entries(secretCalls).flatMap(([name, call]) => notSecrets.map((value) => [name, value, call]))
  test.each(typeCases)('%s with secret %p is a TypeError naming the secret', (_name, value, call) => {
    expectError(thrownBy(() => call(value)), TypeError, 'ERR_TOTP_INVALID_SECRET', 'secret')
  })

  const malformed = [
    ['an empty string', '', Error],
    ['padding alone', '========', Error],
    ['spaces alone', '    ', Error],
    ['one symbol (no whole byte)', 'A', Error],
    ['an empty Buffer', Buffer.alloc(0), Error],
    ['a detached Uint8Array', detached(), Error],
    ['a digit outside base32', 'JBSW0Y3D', Error],
    ['a letter above U+00FF whose low byte is a base32 letter', 'JBSW\u0159Y3D', Error],
    ['a 2 KB Buffer', Buffer.alloc(2048, 1), RangeError],
    ['a base32 secret of 1025 bytes', 'A'.repeat(1640), RangeError],
  ]
  const malformedCases = Object.keys(secretCalls)
    .filter((name) => name !== 'keyUri')
    .flatMap((name) => malformed.map(([what, value, Class]) => [name, what, value, Class]))
  test.each(malformedCases)('%s with %s is an %p naming the secret', (name, _, value, Class) => {
    expectError(thrownBy(() => secretCalls[name](value)), Class, 'ERR_TOTP_INVALID_SECRET', 'secret')
  })

  test.each([
    ['odd-length hex', 'abc', 'hex', 'even'],
    ['non-hex in hex', '0g', 'hex', "'g' at position 1"],
    ['spaces in hex', '31 32', 'hex', 'hex'],
    ['non-ASCII in ascii', 'pässword', 'ascii', "'ä' at position 1"],
    ['an empty ascii string', '', 'ascii', 'empty'],
  ])('generate with %s is an Error naming the secret and the fault', (_, secret, encoding, words) => {
    const error = thrownBy(() => totp.generate(secret, { encoding }))
    expectError(error, Error, 'ERR_TOTP_INVALID_SECRET', 'secret')
    expect(error.message).toContain(words)
  })

  test.each([
    ['base32', 'A'.repeat(TEN_MB)],
    ['base32 with a bad character at the end', 'A'.repeat(TEN_MB) + '1'],
    ['base32 of non-ASCII', 'é'.repeat(TEN_MB)],
    ['hex', 'a'.repeat(TEN_MB)],
    ['ascii', 'a'.repeat(TEN_MB)],
  ])('a 10 MB %s secret is refused at once, not hashed', (encoding, secret) => {
    const started = process.hrtime.bigint()
    const error = thrownBy(() =>
      totp.verify('123456', secret, { encoding: ['hex', 'ascii'].includes(encoding) ? encoding : undefined }),
    )
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    expect(error.code).toBe('ERR_TOTP_INVALID_SECRET')
    expect(error.message).toContain('secret')
    expect(ms).toBeLessThan(2000)
  })

  test('a 10 MB Buffer secret is refused at once', () => {
    const started = Date.now()
    expectError(thrownBy(() => totp.generate(Buffer.alloc(TEN_MB, 1))), RangeError, 'ERR_TOTP_INVALID_SECRET', '1024')
    expect(Date.now() - started).toBeLessThan(1000)
  })
})

describe('tokens', () => {
  const tokenCalls = {
    verify: (t) => totp.verify(t, SECRET),
    validate: (t) => totp.validate(t, SECRET),
    'hotp.verify': (t) => totp.hotp.verify(t, SECRET, 0),
    'hotp.validate': (t) => totp.hotp.validate(t, SECRET, 0),
  }
  const notStringTokens = [123456, 0, NaN, undefined, null, true, {}, [], ['123456'], Symbol('t'), 123456n, Buffer.from('123456'), new String('123456'), () => '123456']
  const typeCases = Object.entries(tokenCalls).flatMap(([name, call]) => notStringTokens.map((value) => [name, value, call]))
  test.each(typeCases)('%s with token %p is a TypeError naming the token', (_name, value, call) => {
    expectError(thrownBy(() => call(value)), TypeError, 'ERR_TOTP_INVALID_TOKEN', 'token')
  })

  test('a number token is refused with a hint that numbers lose leading zeros', () => {
    expect(thrownBy(() => totp.verify(12345, SECRET)).message).toMatch(/leading zeros/)
  })

  test.each([
    ['an empty token', ''],
    ['a short token', '12345'],
    ['a long token', '1234567'],
    ['letters', 'abcdef'],
    ['a leading space', ' 12345'],
    ['a trailing newline', '12345\n'],
    ['a NUL', '12345\0'],
    ['a sign', '-12345'],
    ['full-width digits', '１２３４５６'],
    ['a lone surrogate', '12345\uD800'],
    ['a 10 MB token', '1'.repeat(TEN_MB)],
    ['a 10 MB non-ASCII token', 'é'.repeat(TEN_MB)],
  ])('%s is just not valid', (_, token) => {
    const started = Date.now()
    expect(totp.verify(token, SECRET, { timestamp: NOW })).toBe(false)
    expect(totp.validate(token, SECRET, { timestamp: NOW })).toBeNull()
    expect(totp.hotp.verify(token, SECRET, 0)).toBe(false)
    expect(totp.hotp.validate(token, SECRET, 0)).toBeNull()
    expect(Date.now() - started).toBeLessThan(2000)
  })

  test('a malformed token still has its options checked', () => {
    expectError(thrownBy(() => totp.verify('', SECRET, { window: 11 })), RangeError, 'ERR_TOTP_INVALID_OPTION', 'window')
    expectError(thrownBy(() => totp.verify('1'.repeat(100), SECRET, { digits: 0 })), RangeError, 'ERR_TOTP_INVALID_OPTION', 'digits')
    expectError(thrownBy(() => totp.verify('abc', '')), Error, 'ERR_TOTP_INVALID_SECRET', 'secret')
  })
})

describe('counters', () => {
  const counterCalls = {
    'hotp.generate': (c) => totp.hotp.generate(SECRET, c),
    'hotp.verify': (c) => totp.hotp.verify('123456', SECRET, c),
    'hotp.validate': (c) => totp.hotp.validate('123456', SECRET, c),
  }
  const rangeCases = Object.entries(counterCalls).flatMap(([name, call]) => outOfRange.map((value) => [name, value, call]))
  test.each(rangeCases)('%s with counter %p is a RangeError naming the counter', (_name, value, call) => {
    expectError(thrownBy(() => call(value)), RangeError, 'ERR_TOTP_INVALID_OPTION', 'counter')
  })

  const typeCases = Object.entries(counterCalls).flatMap(([name, call]) =>
    [undefined, ...notNumbers, new Date(5)].map((value) => [name, value, call]),
  )
  test.each(typeCases)('%s with counter %p is a TypeError naming the counter', (_name, value, call) => {
    expectError(thrownBy(() => call(value)), TypeError, 'ERR_TOTP_INVALID_OPTION', 'counter')
  })
})

describe('deriveSecret and base32', () => {
  test.each([undefined, null, 42, {}, [], Symbol('k'), 1n, new ArrayBuffer(32)])('deriveSecret with master key %p is a TypeError naming masterKey', (masterKey) => {
    expectError(thrownBy(() => totp.deriveSecret(masterKey, 'alice')), TypeError, 'ERR_TOTP_INVALID_SECRET', 'masterKey')
  })

  test.each([['a short string', 'short'], ['15 bytes', Buffer.alloc(15)], ['10 MB', 'k'.repeat(TEN_MB)], ['1025 bytes', Buffer.alloc(1025)]])(
    'deriveSecret with a master key of %s is a RangeError naming masterKey',
    (_, masterKey) => {
      expectError(thrownBy(() => totp.deriveSecret(masterKey, 'alice')), RangeError, 'ERR_TOTP_INVALID_SECRET', 'masterKey')
    },
  )

  test.each([undefined, null, 42, {}, ['alice'], Symbol('i'), 1n, Buffer.from('alice')])('deriveSecret with identity %p is a TypeError naming identity', (identity) => {
    expectError(thrownBy(() => totp.deriveSecret(MASTER, identity)), TypeError, 'ERR_TOTP_INVALID_OPTION', 'identity')
  })

  test('deriveSecret refuses an identity or info longer than 1024 bytes of UTF-8, and accepts 1024', () => {
    expect(totp.deriveSecret(MASTER, 'é'.repeat(512))).toMatch(/^[A-Z2-7]{32}$/)
    expectError(thrownBy(() => totp.deriveSecret(MASTER, 'é'.repeat(512) + 'a')), RangeError, 'ERR_TOTP_INVALID_OPTION', 'identity must be at most 1024 bytes')
    expectError(thrownBy(() => totp.deriveSecret(MASTER, 'a'.repeat(10 << 20))), RangeError, 'ERR_TOTP_INVALID_OPTION', 'identity')
    expectError(thrownBy(() => totp.deriveSecret(MASTER, 'alice', { info: 'i'.repeat(1025) })), RangeError, 'ERR_TOTP_INVALID_OPTION', 'info')
  })

  test.each(['foo', 42, null, undefined, [1, 2], {}, new ArrayBuffer(3), new Uint16Array(3), Symbol('b'), 1n])('base32.encode of %p is a TypeError naming bytes', (bytes) => {
    expectError(thrownBy(() => totp.base32.encode(bytes)), TypeError, 'ERR_TOTP_INVALID_OPTION', 'bytes')
  })

  test.each(['yes', 1, 0, {}, Symbol('p')])('base32.encode with padding %p is a TypeError naming padding', (padding) => {
    expectError(thrownBy(() => totp.base32.encode(Buffer.from('f'), { padding })), TypeError, 'ERR_TOTP_INVALID_OPTION', 'padding')
  })

  test.each([Buffer.from('MY'), 42, null, undefined, ['MY'], {}, Symbol('s'), 1n])('base32.decode of %p is a TypeError naming str', (str) => {
    expectError(thrownBy(() => totp.base32.decode(str)), TypeError, 'ERR_TOTP_INVALID_BASE32', 'str')
  })

  test('base32.decode of a bad character is an Error naming it', () => {
    expectError(thrownBy(() => totp.base32.decode('MY8')), Error, 'ERR_TOTP_INVALID_BASE32', "'8' at position 2")
  })

  test('base32.encode of a detached Uint8Array is empty, not a crash', () => {
    expect(totp.base32.encode(detached())).toBe('')
  })
})

describe('lone surrogates', () => {
  // A native module reads a JS string as V8 converts it to UTF-8: each lone
  // surrogate as U+FFFD, as Buffer.from reads it. Every build must read
  // every string argument, nested ones too, the same way.
  const asUtf8 = (text) => Buffer.from(text, 'utf8').toString('utf8')
  const outcome = (call) => {
    try {
      return { value: call() }
    } catch (error) {
      return { error: error.message, code: error.code }
    }
  }
  const LONE = ['a\uD800b', '\uDC00x', 'x\uD800', '\uD800\uD800\uDC00', 'b\uDBFF\uD800c']
  const cases = {
    'keyUri account and issuer': (t) => totp.keyUri({ secret: SECRET, account: t, issuer: `I${t}` }),
    'parseUri label': (t) => totp.parseUri(`otpauth://totp/Acme:${t}?secret=${SECRET}&issuer=Acme`),
    'an ASCII-encoded secret': (t) => totp.generate(`0123456789abcdef${t}`, { encoding: 'ascii', timestamp: NOW }),
    'deriveSecret identity': (t) => totp.deriveSecret(MASTER, t),
    'base32.decode': (t) => totp.base32.decode(`ABCD${t}`),
    'QR text': (t) => totp.qr.toStringSync(t, { type: 'svg' }),
    'QR segment data': (t) => totp.qr.create([{ data: t, mode: 'byte' }]).modules,
  }
  test.each(Object.entries(cases))('%s: read as U+FFFD, as Buffer.from reads them', (_, call) => {
    for (const text of LONE) {
      expect(asUtf8(text)).not.toBe(text)
      expect({ text, ...outcome(() => call(text)) }).toEqual({ text, ...outcome(() => call(asUtf8(text))) })
    }
  })
  test('the QR text of an async render too', async () => {
    for (const text of LONE) expect(await totp.qr.toDataURL(text)).toBe(await totp.qr.toDataURL(asUtf8(text)))
  })
})

describe('URIs (the suite of their own is uri.spec.js)', () => {
  test.each([
    ['keyUri without options', () => totp.keyUri(), TypeError, 'ERR_TOTP_INVALID_OPTION', 'options'],
    ['keyUri with null', () => totp.keyUri(null), TypeError, 'ERR_TOTP_INVALID_OPTION', 'options'],
    ['keyUri without an account', () => totp.keyUri({ secret: SECRET }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'account'],
    ['keyUri with a bad secret', () => totp.keyUri({ secret: 'JB1', account: 'a' }), Error, 'ERR_TOTP_INVALID_SECRET', 'secret'],
    ['keyUri with digits 11', () => totp.keyUri({ secret: SECRET, account: 'a', digits: 11 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'digits'],
    ['parseUri with a number', () => totp.parseUri(42), TypeError, 'ERR_TOTP_INVALID_URI', 'uri'],
    ['parseUri with an http URL', () => totp.parseUri('https://example.com'), Error, 'ERR_TOTP_INVALID_URI', 'otpauth'],
    ['parseUri with 10 MB', () => totp.parseUri('otpauth://totp/a?secret=' + 'A'.repeat(TEN_MB)), Error, 'ERR_TOTP_INVALID_URI', 'URI'],
  ])('%s is a coded error', (_, call, Class, code, words) => {
    expectError(thrownBy(call), Class, code, words)
  })
})

describe('enroll (its own suite is enroll.spec.js)', () => {
  test.each([
    ['without options', () => totp.enroll(), TypeError, 'ERR_TOTP_INVALID_OPTION', 'options'],
    ['with a Map', () => totp.enroll(new Map([['account', 'a']])), TypeError, 'ERR_TOTP_INVALID_OPTION', 'options'],
    ['without an account', () => totp.enroll({ issuer: 'ACME' }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'account'],
    ['with an account containing a colon', () => totp.enroll({ account: 'a:b' }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'account'],
    ['with bytes 8', () => totp.enroll({ account: 'a', bytes: 8 }), RangeError, 'ERR_TOTP_INVALID_OPTION', '"bytes" must be an integer from 16 to 1024'],
    ['with bytes "20"', () => totp.enroll({ account: 'a', bytes: '20' }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'bytes'],
    ['with a bad secret', () => totp.enroll({ account: 'a', secret: 'JB1' }), Error, 'ERR_TOTP_INVALID_SECRET', 'secret'],
    ['with digits 11', () => totp.enroll({ account: 'a', digits: 11 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'digits'],
    ['with qr options that are a string', () => totp.enroll({ account: 'a', qr: 'big' }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'qr'],
    ['with a bad QR colour', () => totp.enroll({ account: 'a', qr: { color: { dark: 'black' } } }), RangeError, 'ERR_QR_INVALID_OPTION', 'color.dark'],
    ['with a QR width of a million pixels', () => totp.enroll({ account: 'a', qr: { width: 1e6 } }), RangeError, 'ERR_QR_INVALID_OPTION', 'width'],
  ])('enroll %s rejects with a coded error, and throws nothing synchronously', async (_, call, Class, code, words) => {
    let promise
    expect(() => {
      promise = call()
    }).not.toThrow()
    expectError(await promise.then(() => null, (error) => error), Class, code, words)
  })
})

describe('options that are null', () => {
  // One rule for every call: an option that is null is not given, exactly as
  // if it were undefined or left out, so a database NULL (`after:
  // user.lastStep` for a new user) needs no special case.
  const calls = [...numericOptions, ...stringOptions].filter(([, , option]) => option !== 'timestamp')
  test.each(calls)('%s with option %s = null gives what leaving it out gives', (name, call, option) => {
    const given = { timestamp: NOW, [option]: null }
    const left = { timestamp: NOW }
    if (name === 'generateSecret') {
      expect(call(given)).toHaveLength(call(left).length)
    } else {
      expect(call(given)).toEqual(call(left))
    }
  })

  test('a null timestamp means now, as an undefined one does', () => {
    jest.useFakeTimers({ now: NOW })
    try {
      expect(totp.generate(SECRET, { timestamp: null })).toBe(totp.generate(SECRET, { timestamp: NOW }))
      expect(totp.timeStep({ timestamp: null })).toBe(totp.timeStep({ timestamp: NOW }))
    } finally {
      jest.useRealTimers()
    }
  })

  test('base32.encode with padding null does not pad, as without it', () => {
    expect(totp.base32.encode(Buffer.from('f'), { padding: null })).toBe(totp.base32.encode(Buffer.from('f')))
  })
})

test('the defaults are frozen data: changing them throws and changes nothing', () => {
  expect(() => {
    totp.defaults.digits = 8
  }).toThrow(TypeError)
  expect(() => {
    totp.defaults.qr.margin = 0
  }).toThrow(TypeError)
  expect(totp.generate(SECRET, { timestamp: 0 })).toHaveLength(6)
})

test('every export is covered by this suite', () => {
  // A function added to the API without bad-input cases here fails this test.
  const covered = ['generate', 'verify', 'validate', 'timeStep', 'remaining', 'hotp', 'generateSecret', 'deriveSecret', 'base32', 'keyUri', 'parseUri', 'enroll', 'defaults']
  const exported = Object.keys(totp).filter((name) => name !== 'qr')
  expect(exported.sort()).toEqual(covered.sort())
  expect(Object.keys(totp.hotp).sort()).toEqual(['generate', 'validate', 'verify'])
  expect(Object.keys(totp.base32).sort()).toEqual(['decode', 'encode'])
})

test('the worst inputs through every function leave the process running, and every error is coded', () => {
  // In a child process, so that an abort (a panic crossing the boundary, a
  // failed allocation, a V8 fatal error) shows as a signal or an exit status.
  const script = `
    const totp = require(${JSON.stringify(path.resolve(__dirname, '..', '..'))})
    const detached = new Uint8Array(20); structuredClone(detached.buffer, { transfer: [detached.buffer] })
    const huge = 'A'.repeat(1 << 20), hugeOdd = '\\u00e9'.repeat(1 << 18)
    const values = [undefined, null, 0, -0, -1, NaN, Infinity, -Infinity, 2 ** 53, 2 ** 64, 1.5, 1e308, '', huge, hugeOdd,
      '\\u0000', '\\uD800', 'JBSWY3DPEHPK3PXP', '282760', Symbol('s'), 10n, {}, [], [1, 2], [1e9, -1], new Date(NaN), new Date(8.64e15),
      Buffer.alloc(0), Buffer.alloc(1 << 20), detached, new Uint8Array(3), new Float64Array(3), () => 1, Object.create(null),
      { window: 1e9 }, { window: [10, 10], after: 2 ** 53 - 1 }, { digits: -1, period: -1 }, { timestamp: 8.64e15, period: 1 },
      { encoding: 'hex' }, { encoding: 'ascii' }, { algorithm: 'SHA-512', digits: 10 }, { bytes: 1e9 }, { padding: true }]
    const calls = [
      (a, b) => totp.generate(a, b), (a, b) => totp.generate('JBSWY3DPEHPK3PXP', a, b), (a, b) => totp.verify(a, 'JBSWY3DPEHPK3PXP', b),
      (a, b) => totp.validate('123456', a, b), (a, b) => totp.validate(a, b), (a) => totp.timeStep(a), (a) => totp.remaining(a),
      (a, b) => totp.hotp.generate(a, b), (a, b) => totp.hotp.generate('JBSWY3DPEHPK3PXP', a, b), (a, b) => totp.hotp.verify('1', a, b),
      (a, b) => totp.hotp.validate(a, 'JBSWY3DPEHPK3PXP', b), (a, b) => totp.hotp.validate('123456', 'JBSWY3DPEHPK3PXP', a, b),
      (a) => totp.generateSecret(a), (a, b) => totp.deriveSecret(a, b), (a, b) => totp.deriveSecret('k'.repeat(32), a, b),
      (a, b) => totp.base32.encode(a, b), (a) => totp.base32.decode(a), (a) => totp.keyUri(a), (a) => totp.parseUri(a),
      (a, b) => totp.keyUri({ secret: a, account: b }),
    ]
    let coded = 0, returned = 0
    const uncoded = new Set()
    for (const call of calls) for (const a of values) for (const b of values) {
      try { call(a, b); returned++ } catch (e) {
        if (e && typeof e.code === 'string' && e.code.startsWith('ERR_') && e.message) coded++
        else uncoded.add(String(e && e.message))
      }
    }
    console.log(JSON.stringify({ coded, returned, uncoded: [...uncoded] }))
  `
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60000 })
  expect(result.stderr).toBe('')
  expect(result.signal).toBeNull()
  expect(result.status).toBe(0)
  const { coded, returned, uncoded } = JSON.parse(result.stdout)
  expect(uncoded).toEqual([])
  expect(coded).toBeGreaterThan(20000)
  expect(returned).toBeGreaterThan(100)
})

test('the worst inputs through every QR function and enroll leave the process running, and every error is coded', () => {
  const script = `
    const totp = require(${JSON.stringify(path.resolve(__dirname, '..', '..'))})
    const { qr } = totp
    const texts = [undefined, null, 0, NaN, '', ' ', '\\u0000', '\\uD800', 'A'.repeat(1 << 20), '9'.repeat(7090), 'Ж'.repeat(1500),
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP', Symbol('t'), 1n, {}, [], ['a'], Buffer.from('abc'), () => 'x']
    const options = [undefined, null, 0, 'M', [], new Map(), { width: 1e9 }, { width: 1e6 }, { width: -5 }, { width: NaN }, { scale: 1e9 },
      { scale: 0 }, { scale: -1 }, { scale: Infinity }, { scale: 1e-9 }, { margin: 1e9 }, { margin: -1 }, { margin: 1.5 }, { margin: NaN },
      { version: 0 }, { version: 41 }, { version: 1 }, { version: 1.5 }, { version: '2' }, { maskPattern: 8 }, { maskPattern: -1 },
      { errorCorrectionLevel: 'X' }, { errorCorrectionLevel: 3 }, { color: null }, { color: 'red' }, { color: { dark: 'zzz' } },
      { color: { dark: '#12345' } }, { color: { light: 42 } }, { color: { dark: '#0000' } }, { type: 'jpeg' }, { type: 'terminal', small: true },
      { type: 'svg', width: 1e9 }, { type: 'utf8', margin: 3 }, { small: 'yes' }, { errorCorrectionLevel: 'H', version: 40 }]
    const calls = [
      (t, o) => qr.create(t, o), (t, o) => qr.toDataURLSync(t, o), (t, o) => qr.toBufferSync(t, o), (t, o) => qr.toStringSync(t, o),
    ]
    const asyncCalls = [
      (t, o) => qr.toDataURL(t, o), (t, o) => qr.toString(t, o), (t, o) => qr.toBuffer(t, o),
      (t, o) => totp.enroll({ account: typeof t === 'string' ? t.slice(0, 100) : t, qr: o }),
    ]
    let coded = 0, returned = 0
    const uncoded = new Set()
    const record = (e) => {
      if (e && typeof e.code === 'string' && e.code.startsWith('ERR_') && e.message) coded++
      else uncoded.add(String(e && e.message))
    }
    for (const call of calls) for (const t of texts) for (const o of options) {
      try { call(t, o); returned++ } catch (e) { record(e) }
    }
    const pending = []
    for (const call of asyncCalls) for (const t of texts) for (const o of options) {
      let promise
      try { promise = call(t, o) } catch (e) { uncoded.add('threw synchronously: ' + String(e && e.message)); continue }
      pending.push(promise.then(() => { returned++ }, record))
    }
    Promise.all(pending).then(() => console.log(JSON.stringify({ coded, returned, uncoded: [...uncoded] })))
  `
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120000 })
  expect(result.stderr).toBe('')
  expect(result.signal).toBeNull()
  expect(result.status).toBe(0)
  const { coded, returned, uncoded } = JSON.parse(result.stdout)
  expect(uncoded).toEqual([])
  expect(coded).toBeGreaterThan(2000)
  expect(returned).toBeGreaterThan(50)
})
