'use strict'

// Every exported function, fed bad input: a wrong type is a TypeError, a value
// out of range a RangeError, malformed data an Error — each with a stable
// code and a message naming the argument — and nothing crashes, hangs or
// aborts the process.

const { spawnSync } = require('node:child_process')
const path = require('node:path')
const totp = require('..')

const SECRET = 'JBSWY3DPEHPK3PXP'
const NOW = 1_700_000_000_000

// [description, call, class, code, words the message must contain]
const cases = [
  // secrets
  ['generate with a number secret', () => totp.generate(123456), TypeError, 'ERR_TOTP_INVALID_SECRET', 'secret'],
  ['generate with a null secret', () => totp.generate(null), TypeError, 'ERR_TOTP_INVALID_SECRET', 'secret'],
  ['generate with an array secret', () => totp.generate([1, 2, 3]), TypeError, 'ERR_TOTP_INVALID_SECRET', 'secret'],
  ['generate with an empty secret', () => totp.generate(''), Error, 'ERR_TOTP_INVALID_SECRET', 'empty'],
  ['generate with an empty Buffer', () => totp.generate(Buffer.alloc(0)), Error, 'ERR_TOTP_INVALID_SECRET', 'empty'],
  ['generate with a bad base32 character', () => totp.generate('JBSW0Y3D'), Error, 'ERR_TOTP_INVALID_SECRET', "'0' at position 4"],
  ['generate with a secret letter disguised above U+00FF', () => totp.generate('JBSW\u0159Y3D'), Error, 'ERR_TOTP_INVALID_SECRET', "'ř' at position 4"],
  ['generate with a 10 MB secret', () => totp.generate('A'.repeat(10 * 1024 * 1024)), RangeError, 'ERR_TOTP_INVALID_SECRET', '1024'],
  ['generate with a 2 KB Buffer', () => totp.generate(Buffer.alloc(2048, 1)), RangeError, 'ERR_TOTP_INVALID_SECRET', '1024'],
  ['generate with odd-length hex', () => totp.generate('abc', { encoding: 'hex' }), Error, 'ERR_TOTP_INVALID_SECRET', 'even'],
  ['generate with non-hex in hex', () => totp.generate('zz', { encoding: 'hex' }), Error, 'ERR_TOTP_INVALID_SECRET', 'hex'],
  ['generate with non-ASCII in ascii', () => totp.generate('é', { encoding: 'ascii' }), Error, 'ERR_TOTP_INVALID_SECRET', 'ASCII'],
  ['generate with an unknown encoding', () => totp.generate(SECRET, { encoding: 'base64' }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'encoding'],
  // options
  ['generate with options that are a string', () => totp.generate(SECRET, 'SHA1'), TypeError, 'ERR_TOTP_INVALID_OPTION', 'options'],
  ['generate with options that are an array', () => totp.generate(SECRET, []), TypeError, 'ERR_TOTP_INVALID_OPTION', 'options'],
  ['generate with digits as a string', () => totp.generate(SECRET, { digits: '6' }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'digits'],
  ['generate with digits 0', () => totp.generate(SECRET, { digits: 0 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'digits'],
  ['generate with digits 11', () => totp.generate(SECRET, { digits: 11 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'digits'],
  ['generate with digits 6.5', () => totp.generate(SECRET, { digits: 6.5 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'digits'],
  ['generate with digits NaN', () => totp.generate(SECRET, { digits: NaN }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'digits'],
  ['generate with digits 2^40', () => totp.generate(SECRET, { digits: 2 ** 40 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'digits'],
  ['generate with an unknown algorithm', () => totp.generate(SECRET, { algorithm: 'MD5' }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'algorithm'],
  ['generate with a symbol algorithm', () => totp.generate(SECRET, { algorithm: Symbol('x') }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'algorithm'],
  ['generate with period 0', () => totp.generate(SECRET, { period: 0 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'period'],
  ['generate with period -30', () => totp.generate(SECRET, { period: -30 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'period'],
  ['generate with period 0.5', () => totp.generate(SECRET, { period: 0.5 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'period'],
  ['generate with period Infinity', () => totp.generate(SECRET, { period: Infinity }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'period'],
  ['generate with period as a BigInt', () => totp.generate(SECRET, { period: 30n }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'period'],
  ['generate with a negative timestamp', () => totp.generate(SECRET, { timestamp: -1 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'timestamp'],
  ['generate with a fractional timestamp', () => totp.generate(SECRET, { timestamp: 1.5 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'timestamp'],
  ['generate with a NaN timestamp', () => totp.generate(SECRET, { timestamp: NaN }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'timestamp'],
  ['generate with a timestamp past the last Date', () => totp.generate(SECRET, { timestamp: 8.64e15 + 1 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'timestamp'],
  ['generate with an invalid Date', () => totp.generate(SECRET, { timestamp: new Date('nope') }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'timestamp'],
  ['generate with a string timestamp', () => totp.generate(SECRET, { timestamp: '2024-01-01' }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'timestamp'],
  ['generate with a timestamp before the epoch', () => totp.generate(SECRET, { timestamp: 1000, epoch: 2000 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'epoch'],
  ['generate with a negative epoch', () => totp.generate(SECRET, { epoch: -1 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'epoch'],
  // verification
  ['verify with a number token', () => totp.verify(123456, SECRET), TypeError, 'ERR_TOTP_INVALID_TOKEN', 'token'],
  ['verify with an undefined token', () => totp.verify(undefined, SECRET), TypeError, 'ERR_TOTP_INVALID_TOKEN', 'token'],
  ['validate with an object token', () => totp.validate({}, SECRET), TypeError, 'ERR_TOTP_INVALID_TOKEN', 'token'],
  ['verify with window 11', () => totp.verify('123456', SECRET, { window: 11 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'window'],
  ['verify with window 1e9', () => totp.verify('123456', SECRET, { window: 1e9 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'window'],
  ['verify with window -1', () => totp.verify('123456', SECRET, { window: -1 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'window'],
  ['verify with window [1]', () => totp.verify('123456', SECRET, { window: [1] }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'window'],
  ['verify with window [0, 50]', () => totp.verify('123456', SECRET, { window: [0, 50] }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'window'],
  ['verify with window "1"', () => totp.verify('123456', SECRET, { window: '1' }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'window'],
  ['verify with a negative after', () => totp.verify('123456', SECRET, { after: -1 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'after'],
  ['verify with after 2^53', () => totp.verify('123456', SECRET, { after: 2 ** 53 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'after'],
  ['verify with a string after', () => totp.verify('123456', SECRET, { after: '5' }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'after'],
  // hotp
  ['hotp.generate without a counter', () => totp.hotp.generate(SECRET), TypeError, 'ERR_TOTP_INVALID_OPTION', 'counter'],
  ['hotp.generate with counter -1', () => totp.hotp.generate(SECRET, -1), RangeError, 'ERR_TOTP_INVALID_OPTION', 'counter'],
  ['hotp.generate with counter 2^53', () => totp.hotp.generate(SECRET, 2 ** 53), RangeError, 'ERR_TOTP_INVALID_OPTION', 'counter'],
  ['hotp.generate with counter 1.5', () => totp.hotp.generate(SECRET, 1.5), RangeError, 'ERR_TOTP_INVALID_OPTION', 'counter'],
  ['hotp.generate with a BigInt counter', () => totp.hotp.generate(SECRET, 5n), TypeError, 'ERR_TOTP_INVALID_OPTION', 'counter'],
  ['hotp.verify with a number token', () => totp.hotp.verify(755224, SECRET, 0), TypeError, 'ERR_TOTP_INVALID_TOKEN', 'token'],
  ['hotp.validate with a NaN counter', () => totp.hotp.validate('755224', SECRET, NaN), RangeError, 'ERR_TOTP_INVALID_OPTION', 'counter'],
  // time
  ['timeStep with period 0', () => totp.timeStep({ period: 0 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'period'],
  ['remaining with a negative timestamp', () => totp.remaining({ timestamp: -5 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'timestamp'],
  ['timeStep with options that are a number', () => totp.timeStep(30), TypeError, 'ERR_TOTP_INVALID_OPTION', 'options'],
  // secrets
  ['generateSecret with 15 bytes', () => totp.generateSecret({ bytes: 15 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'bytes'],
  ['generateSecret with 1e9 bytes', () => totp.generateSecret({ bytes: 1e9 }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'bytes'],
  ['generateSecret with bytes as a string', () => totp.generateSecret({ bytes: '20' }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'bytes'],
  ['deriveSecret without a master key', () => totp.deriveSecret(undefined, 'a'), TypeError, 'ERR_TOTP_INVALID_SECRET', 'masterKey'],
  ['deriveSecret with a short master key', () => totp.deriveSecret('short', 'a'), RangeError, 'ERR_TOTP_INVALID_SECRET', 'masterKey'],
  ['deriveSecret with a number identity', () => totp.deriveSecret('k'.repeat(32), 42), TypeError, 'ERR_TOTP_INVALID_OPTION', 'identity'],
  ['base32.encode with a string', () => totp.base32.encode('foo'), TypeError, 'ERR_TOTP_INVALID_OPTION', 'bytes'],
  ['base32.encode with padding "yes"', () => totp.base32.encode(Buffer.from('f'), { padding: 'yes' }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'padding'],
  ['base32.decode with a Buffer', () => totp.base32.decode(Buffer.from('MY')), TypeError, 'ERR_TOTP_INVALID_BASE32', 'str'],
  ['base32.decode with a bad character', () => totp.base32.decode('MY8'), Error, 'ERR_TOTP_INVALID_BASE32', "'8' at position 2"],
  // URIs
  ['keyUri without options', () => totp.keyUri(), TypeError, 'ERR_TOTP_INVALID_OPTION', 'options'],
  ['keyUri without an account', () => totp.keyUri({ secret: SECRET }), TypeError, 'ERR_TOTP_INVALID_OPTION', 'account'],
  ['keyUri with a colon in the issuer', () => totp.keyUri({ secret: SECRET, account: 'a', issuer: 'A:B' }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'issuer'],
  ['keyUri with an unknown type', () => totp.keyUri({ secret: SECRET, account: 'a', type: 'motp' }), RangeError, 'ERR_TOTP_INVALID_OPTION', 'type'],
  ['parseUri with a number', () => totp.parseUri(42), TypeError, 'ERR_TOTP_INVALID_URI', 'uri'],
  ['parseUri with an http URL', () => totp.parseUri('https://example.com'), Error, 'ERR_TOTP_INVALID_URI', 'otpauth'],
  ['parseUri with a megabyte', () => totp.parseUri('otpauth://totp/a?secret=' + 'A'.repeat(1 << 20)), Error, 'ERR_TOTP_INVALID_URI', '4096'],
]

describe('bad input is a coded error naming the argument', () => {
  test.each(cases)('%s', (_, call, Class, code, words) => {
    let thrown
    try {
      call()
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(Class)
    expect(thrown.code).toBe(code)
    expect(thrown.message).toContain(words)
  })
})

describe('user input that is merely wrong is not an error', () => {
  test.each([
    ['an empty token', ''],
    ['a short token', '12345'],
    ['a long token', '1234567'],
    ['letters', 'abcdef'],
    ['a 10 MB token', '1'.repeat(10 * 1024 * 1024)],
    ['a token with a NUL', '12345\0'],
  ])('%s is just not valid', (_, token) => {
    expect(totp.verify(token, SECRET, { timestamp: NOW })).toBe(false)
    expect(totp.validate(token, SECRET, { timestamp: NOW })).toBeNull()
    expect(totp.hotp.verify(token, SECRET, 0)).toBe(false)
  })

  test('null and undefined options mean the defaults', () => {
    const expected = totp.generate(SECRET, { timestamp: NOW })
    jest.useFakeTimers().setSystemTime(NOW)
    try {
      expect(totp.generate(SECRET, null)).toBe(expected)
      expect(totp.generate(SECRET, undefined)).toBe(expected)
      expect(totp.verify(expected, SECRET, null)).toBe(true)
    } finally {
      jest.useRealTimers()
    }
  })
})

test('the worst inputs through every function leave the process running', () => {
  // In a child process, so that an abort (a panic crossing the boundary, a
  // failed allocation) would show as a signal or a non-zero exit here.
  const script = `
    const totp = require(${JSON.stringify(path.resolve(__dirname, '..'))})
    const values = [undefined, null, 0, -1, NaN, Infinity, -Infinity, 2 ** 64, 1.5, '', 'x'.repeat(1 << 22),
      '\\u0000', '\\uD800', Symbol('s'), 10n, {}, [], [1, 2], new Date(NaN), Buffer.alloc(0), Buffer.alloc(1 << 20),
      new Uint8Array(3), () => 1, Object.create(null), { window: 1e9 }, { digits: -1, period: -1 }]
    const calls = [
      (a, b) => totp.generate(a, b), (a, b) => totp.verify(a, 'JBSWY3DPEHPK3PXP', b), (a, b) => totp.validate('123456', a, b),
      (a) => totp.timeStep(a), (a) => totp.remaining(a), (a, b) => totp.hotp.generate(a, b), (a, b) => totp.hotp.verify('1', a, b),
      (a, b) => totp.hotp.validate(a, 'JBSWY3DPEHPK3PXP', b), (a) => totp.generateSecret(a), (a, b) => totp.deriveSecret(a, b),
      (a, b) => totp.base32.encode(a, b), (a) => totp.base32.decode(a), (a) => totp.keyUri(a), (a) => totp.parseUri(a),
      (a, b) => totp.keyUri({ secret: a, account: b }),
    ]
    let coded = 0, uncoded = []
    for (const call of calls) for (const a of values) for (const b of values) {
      try { call(a, b) } catch (e) { if (typeof e.code === 'string' && e.code.startsWith('ERR_')) coded++; else uncoded.push(String(e)) }
    }
    console.log(JSON.stringify({ coded, uncoded: [...new Set(uncoded)] }))
  `
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60000 })
  expect(result.signal).toBeNull()
  expect(result.status).toBe(0)
  const { coded, uncoded } = JSON.parse(result.stdout)
  expect(uncoded).toEqual([])
  expect(coded).toBeGreaterThan(1000)
})
