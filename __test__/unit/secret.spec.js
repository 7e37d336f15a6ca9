'use strict'

// Secrets: base32 against RFC 4648 §10, a reference codec written here from
// the RFC and otpauth's codec; derivation against node:crypto's HKDF;
// generation's size, alphabet and uniqueness; every form of a secret giving
// the codes otpauth gives.

const crypto = require('node:crypto')
const OTPAuth = require('otpauth')
const { base32, generateSecret, deriveSecret, generate, hotp } = require('../..')
const rfc4648 = require('../fixtures/rfc4648-base32.json')
const { seeded } = require('../helpers')

// RFC 4648 §6, written from the RFC: 5-bit groups, MSB first, the last group
// zero-filled, '=' to a multiple of 8 characters. Decoding drops the bits
// after the last whole byte.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
function referenceEncode(bytes, padding) {
  const bits = [...bytes].map((byte) => byte.toString(2).padStart(8, '0')).join('')
  const groups = bits.match(/.{1,5}/g) || []
  const text = groups.map((group) => ALPHABET[parseInt(group.padEnd(5, '0'), 2)]).join('')
  return padding ? text.padEnd(Math.ceil(text.length / 8) * 8, '=') : text
}
function referenceDecode(text) {
  const bits = [...text.replace(/=+$/, '')].map((c) => ALPHABET.indexOf(c).toString(2).padStart(5, '0')).join('')
  return Buffer.from((bits.match(/.{8}/g) || []).map((byte) => parseInt(byte, 2)))
}

const same = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0

describe('base32', () => {
  test('the reference codec written here gives the RFC 4648 §10 vectors', () => {
    for (const [plain, encoded] of rfc4648.vectors) {
      expect(referenceEncode(Buffer.from(plain), true)).toBe(encoded)
      expect(referenceDecode(encoded).toString()).toBe(plain)
    }
  })

  test.each(rfc4648.vectors)('%j encodes to %j (RFC 4648 §10), without padding by default, and decodes back', (plain, encoded) => {
    expect(base32.encode(Buffer.from(plain), { padding: true })).toBe(encoded)
    expect(base32.encode(Buffer.from(plain), { padding: false })).toBe(encoded.replace(/=+$/, ''))
    expect(base32.encode(Buffer.from(plain))).toBe(encoded.replace(/=+$/, ''))
    expect(base32.decode(encoded).toString()).toBe(plain)
    expect(base32.decode(encoded.replace(/=+$/, '')).toString()).toBe(plain)
    expect(base32.decode(encoded.toLowerCase()).toString()).toBe(plain)
  })

  test('decode returns a Buffer', () => {
    expect(Buffer.isBuffer(base32.decode('MZXW6'))).toBe(true)
  })

  test('encode agrees with the reference codec and otpauth on 2000 random byte strings, padded and not', () => {
    const random = seeded(32)
    for (let i = 0; i < 2000; i++) {
      const bytes = random.bytes(random.int(0, 100))
      const unpadded = base32.encode(bytes)
      expect({ i, unpadded }).toEqual({ i, unpadded: referenceEncode(bytes, false) })
      expect({ i, unpadded }).toEqual({ i, unpadded: new OTPAuth.Secret({ buffer: bytes }).base32 })
      expect({ i, padded: base32.encode(bytes, { padding: true }) }).toEqual({ i, padded: referenceEncode(bytes, true) })
    }
  })

  test('encode takes a plain Uint8Array and a view into a larger buffer', () => {
    const backing = Buffer.from('xxfoobarxx')
    expect(base32.encode(new Uint8Array(backing.subarray(2, 8)))).toBe('MZXW6YTBOI')
    expect(base32.encode(backing.subarray(2, 8))).toBe('MZXW6YTBOI')
    expect(base32.encode(new Uint8Array(backing.buffer, backing.byteOffset + 2, 6))).toBe('MZXW6YTBOI')
  })

  test('decode round-trips the encoding of 2000 random byte strings', () => {
    const random = seeded(33)
    for (let i = 0; i < 2000; i++) {
      const bytes = random.bytes(random.int(0, 100))
      const padded = referenceEncode(bytes, true)
      expect({ i, same: same(base32.decode(padded), bytes) }).toEqual({ i, same: true })
      expect({ i, same: same(base32.decode(padded.replace(/=+$/, '')), bytes) }).toEqual({ i, same: true })
    }
  })

  test('decode ignores case, spaces, hyphens and trailing padding, on 1000 randomly mangled encodings', () => {
    const random = seeded(34)
    for (let i = 0; i < 1000; i++) {
      const bytes = random.bytes(random.int(1, 40))
      let text = ''
      for (const c of referenceEncode(bytes, false)) {
        text += random.next() < 0.5 ? c.toLowerCase() : c
        if (random.next() < 0.15) text += random.pick([' ', '-', '  ', ' - '])
      }
      text += '='.repeat(random.int(0, 8))
      expect({ i, text, same: same(base32.decode(text), bytes) }).toEqual({ i, text, same: true })
    }
  })

  test('decode drops the bits after the last whole byte, as otpauth and Google Authenticator do, for strings of every length', () => {
    const random = seeded(35)
    for (let i = 0; i < 1000; i++) {
      const text = Array.from({ length: random.int(0, 40) }, () => random.pick([...ALPHABET])).join('')
      const theirs = OTPAuth.Secret.fromBase32(text).bytes
      expect({ text, same: same(base32.decode(text), theirs) }).toEqual({ text, same: true })
      expect({ text, same: same(base32.decode(text), referenceDecode(text)) }).toEqual({ text, same: true })
    }
  })

  test('an empty string and padding alone decode to no bytes', () => {
    expect(base32.decode('')).toHaveLength(0)
    expect(base32.decode('========')).toHaveLength(0)
  })

  test.each([
    ['JBSW1Y3DP', '1', 4],
    ['0BSWY3DP', '0', 0],
    ['JBSWY3D8', '8', 7],
    ['JBSW9', '9', 4],
    ['JB.SW', '.', 2],
    ['JB_SW', '_', 2],
    ['jbsw!y3dp', '!', 4],
    ['JBSWéY3DP', 'é', 4],
    ['JBSW€', '€', 4],
    ['AB😀C', '😀', 2],
    ['JB=SWY3DP', '=', 2],
    ['JBSW Y3DP 1', '1', 10],
    ['JB-SW-1', '1', 6],
  ])('decode of %j is an Error naming %j at position %d', (text, character, position) => {
    let thrown
    try {
      base32.decode(text)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(Error)
    expect(thrown.name).toBe('Error')
    expect(thrown.code).toBe('ERR_TOTP_INVALID_BASE32')
    expect(thrown.message).toContain(`'${character}' at position ${position}`)
    // The position is the string index a JavaScript caller would use.
    expect([...text][position]).toBe(character)
    expect(text.indexOf(character)).toBe(position)
  })

  test('control characters are named escaped, and tabs and newlines are not whitespace the decoder skips', () => {
    expect(() => base32.decode('AB\tC')).toThrow("'\\t' at position 2")
    expect(() => base32.decode('AB\nC')).toThrow("'\\n' at position 2")
    expect(() => base32.decode('AB\0C')).toThrow("'\\0' at position 2")
  })

  test('a secret with a bad character is an Error with the secret code, naming it and its position', () => {
    expect(() => generate('JBSW!Y3DP')).toThrow(
      expect.objectContaining({ name: 'Error', code: 'ERR_TOTP_INVALID_SECRET', message: expect.stringContaining("'!' at position 4") }),
    )
    expect(() => generate('JBSW!Y3DP')).toThrow(expect.objectContaining({ message: expect.stringContaining('secret') }))
  })
})

describe('secrets in every form', () => {
  const random = seeded(36)
  const timestamp = 1_465_324_707_000

  test('a Buffer, a Uint8Array, a view at an offset, base32 in any case and grouping, hex in either case and ascii give otpauth\'s code', () => {
    for (let i = 0; i < 200; i++) {
      const key = random.bytes(random.int(10, 64))
      const expected = OTPAuth.TOTP.generate({ secret: new OTPAuth.Secret({ buffer: key }), timestamp })
      const backing = Buffer.concat([random.bytes(3), key, random.bytes(5)])
      const encoded = referenceEncode(key, false)
      const forms = [
        [key],
        [new Uint8Array(key)],
        [backing.subarray(3, 3 + key.length)],
        [new Uint8Array(backing.buffer, backing.byteOffset + 3, key.length)],
        [encoded],
        [encoded.toLowerCase()],
        [encoded.replace(/(.{4})/g, '$1 ')],
        [encoded.replace(/(.{4})(?=.)/g, '$1-')],
        [referenceEncode(key, true)],
        [key.toString('hex'), 'hex'],
        [key.toString('hex').toUpperCase(), 'hex'],
      ]
      for (const [secret, encoding] of forms) {
        expect({ i, secret, code: generate(secret, { timestamp, encoding }) }).toEqual({ i, secret, code: expected })
      }
    }
  })

  test('an ascii secret is its own bytes', () => {
    const text = 'a printable secret ~!@#$%^&*()'
    expect(generate(text, { encoding: 'ascii', timestamp })).toBe(
      OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromLatin1(text), timestamp }),
    )
  })

  test('the encoding name is read in any case', () => {
    const key = Buffer.from('12345678901234567890')
    expect(hotp.generate(key.toString('hex'), 0, { encoding: 'HEX' })).toBe('755224')
    expect(hotp.generate('12345678901234567890', 0, { encoding: 'ASCII' })).toBe('755224')
    expect(hotp.generate(referenceEncode(key), 0, { encoding: 'Base32' })).toBe('755224')
  })

  test('the encoding option is ignored for byte secrets', () => {
    const key = Buffer.from('12345678901234567890')
    expect(hotp.generate(key, 0, { encoding: 'hex' })).toBe('755224')
  })

  test('an 80-bit secret, as GitHub and Microsoft still issue, is accepted for generate and verify', () => {
    const secret = 'JBSWY3DPEHPK3PXP'
    const expected = OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), timestamp })
    expect(base32.decode(secret)).toHaveLength(10)
    expect(generate(secret, { timestamp })).toBe(expected)
  })

  test('keys of 1 and of 1024 bytes are accepted; 1025 bytes are refused with a RangeError', () => {
    for (const length of [1, 1024]) {
      const key = random.bytes(length)
      expect(hotp.generate(key, 7)).toBe(OTPAuth.HOTP.generate({ secret: new OTPAuth.Secret({ buffer: key }), counter: 7 }))
    }
    expect(() => hotp.generate(random.bytes(1025), 7)).toThrow(RangeError)
    expect(() => hotp.generate(referenceEncode(random.bytes(1025)), 7)).toThrow(expect.objectContaining({ code: 'ERR_TOTP_INVALID_SECRET' }))
  })
})

describe('generateSecret', () => {
  test('makes 20 random bytes as unpadded base32 by default, never the same twice in 2000', () => {
    const secrets = new Set(Array.from({ length: 2000 }, () => generateSecret()))
    expect(secrets.size).toBe(2000)
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Z2-7]{32}$/)
      expect(base32.decode(secret)).toHaveLength(20)
    }
    expect(generateSecret({})).toMatch(/^[A-Z2-7]{32}$/)
    expect(generateSecret(undefined)).toMatch(/^[A-Z2-7]{32}$/)
  })

  test.each([16, 17, 20, 32, 64, 100, 1024])('makes %d bytes when asked, as base32 of the unpadded length', (bytes) => {
    const secret = generateSecret({ bytes })
    expect(secret).toHaveLength(Math.ceil((bytes * 8) / 5))
    expect(secret).toMatch(/^[A-Z2-7]+$/)
    expect(base32.decode(secret)).toHaveLength(bytes)
    // The encoding is canonical: re-encoding the bytes gives it back.
    expect(referenceEncode(base32.decode(secret), false)).toBe(secret)
  })

  test.each([0, 1, 10, 15])('refuses %d bytes (RFC 4226 requires 128 bits) with a RangeError naming bytes', (bytes) => {
    expect(() => generateSecret({ bytes })).toThrow(RangeError)
    expect(() => generateSecret({ bytes })).toThrow(expect.objectContaining({ code: 'ERR_TOTP_INVALID_OPTION', message: expect.stringContaining('bytes') }))
  })

  test('refuses more than 1024 bytes with a RangeError', () => {
    expect(() => generateSecret({ bytes: 1025 })).toThrow(RangeError)
  })

  test('every bit of the output is 1 about half the time', () => {
    // 4000 secrets of 160 bits: a stuck or biased bit is far outside ±6%.
    const ones = new Array(160).fill(0)
    for (let i = 0; i < 4000; i++) {
      const bytes = base32.decode(generateSecret())
      for (let bit = 0; bit < 160; bit++) ones[bit] += (bytes[bit >> 3] >> (7 - (bit & 7))) & 1
    }
    for (const count of ones) expect(Math.abs(count - 2000)).toBeLessThan(240)
  })

  test('uses every base32 symbol with roughly equal frequency', () => {
    const counts = new Map()
    for (let i = 0; i < 2000; i++) for (const c of generateSecret()) counts.set(c, (counts.get(c) || 0) + 1)
    expect([...counts.keys()].sort().join('')).toBe([...ALPHABET].sort().join(''))
    // 64000 symbols, 2000 expected each; a biased generator is far outside ±15%.
    for (const count of counts.values()) expect(Math.abs(count - 2000)).toBeLessThan(300)
  })
})

describe('deriveSecret', () => {
  // The construction DESIGN.md and src/secret.rs describe, computed by node:crypto.
  const hkdf = (masterKey, identity, bytes = 20, info = 'totp-native') =>
    Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), Buffer.from(`${info}\0${identity}`), bytes))

  test('is HKDF-SHA256 over the master key with info ‖ NUL ‖ identity, on 500 random cases checked against node:crypto', () => {
    const random = seeded(5869)
    for (let i = 0; i < 500; i++) {
      const masterKey = random.bytes(random.int(16, 128))
      const identity = random.pick([`user${random.int(0, 1e6)}@example.com`, '', 'Zoë Ångström <zoe@例え.jp>', '🙂'.repeat(random.int(1, 5))])
      const bytes = random.int(16, 128)
      const info = random.pick([undefined, '', 'app/v2', 'ünïcödé'])
      const derived = deriveSecret(masterKey, identity, info === undefined ? { bytes } : { bytes, info })
      expect(derived).toMatch(/^[A-Z2-7]+$/)
      expect({ i, same: same(base32.decode(derived), hkdf(masterKey, identity, bytes, info)) }).toEqual({ i, same: true })
    }
  })

  test('defaults to 20 bytes and the info "totp-native"', () => {
    const key = crypto.randomBytes(32)
    const derived = deriveSecret(key, 'alice@example.com')
    expect(derived).toMatch(/^[A-Z2-7]{32}$/)
    expect(same(base32.decode(derived), hkdf(key, 'alice@example.com', 20, 'totp-native'))).toBe(true)
  })

  test('makes up to 1024 bytes', () => {
    const key = crypto.randomBytes(32)
    expect(same(base32.decode(deriveSecret(key, 'a', { bytes: 1024 })), hkdf(key, 'a', 1024))).toBe(true)
  })

  test('uses a string master key as its UTF-8 bytes', () => {
    for (const masterKey of ['correct horse battery staple', 'correct horse battery staple ✓', 'ключ, который длиннее 16 байт']) {
      expect(same(base32.decode(deriveSecret(masterKey, 'bob')), hkdf(Buffer.from(masterKey, 'utf8'), 'bob'))).toBe(true)
    }
  })

  test('reads lone surrogates in the identity as U+FFFD, as Buffer.from does', () => {
    const key = crypto.randomBytes(32)
    expect(same(base32.decode(deriveSecret(key, 'a\uD800b')), hkdf(key, 'a\uD800b'))).toBe(true)
  })

  test('separates info from identity: ("ab", "c") and ("a", "bc") differ', () => {
    const key = crypto.randomBytes(32)
    expect(deriveSecret(key, 'c', { info: 'ab' })).not.toBe(deriveSecret(key, 'bc', { info: 'a' }))
  })

  test('is stable, and differs per identity and per master key', () => {
    const key = crypto.randomBytes(32)
    expect(deriveSecret(key, 'alice@example.com')).toBe(deriveSecret(Buffer.from(key), 'alice@example.com'))
    expect(deriveSecret(key, 'alice@example.com')).not.toBe(deriveSecret(key, 'bob@example.com'))
    expect(deriveSecret(key, 'alice@example.com')).not.toBe(deriveSecret(crypto.randomBytes(32), 'alice@example.com'))
  })

  test('gives a secret that generate accepts', () => {
    const derived = deriveSecret(crypto.randomBytes(32), 'carol@example.com')
    expect(generate(derived, { timestamp: 0 })).toBe(OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(derived), timestamp: 0 }))
  })

  test('refuses a master key shorter than 16 bytes with a RangeError naming masterKey', () => {
    for (const masterKey of [Buffer.alloc(15), 'fifteen chars!!', Buffer.alloc(0)]) {
      expect(() => deriveSecret(masterKey, 'a')).toThrow(RangeError)
      expect(() => deriveSecret(masterKey, 'a')).toThrow(expect.objectContaining({ code: 'ERR_TOTP_INVALID_SECRET', message: expect.stringContaining('masterKey') }))
    }
    expect(deriveSecret(Buffer.alloc(16), 'a')).toMatch(/^[A-Z2-7]{32}$/)
  })

  test('refuses info with a NUL, and fewer than 16 or more than 1024 bytes, with RangeErrors', () => {
    const key = Buffer.alloc(32)
    expect(() => deriveSecret(key, 'a', { info: 'a\0b' })).toThrow(expect.objectContaining({ name: 'RangeError', message: expect.stringContaining('info') }))
    expect(() => deriveSecret(key, 'a', { bytes: 15 })).toThrow(expect.objectContaining({ name: 'RangeError', message: expect.stringContaining('bytes') }))
    expect(() => deriveSecret(key, 'a', { bytes: 1025 })).toThrow(expect.objectContaining({ name: 'RangeError', message: expect.stringContaining('bytes') }))
  })
})
