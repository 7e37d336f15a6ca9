'use strict'

// Secrets: base32 against RFC 4648 and otpauth's encoder, derivation against
// node:crypto's HKDF, generation's size and alphabet.

const crypto = require('node:crypto')
const OTPAuth = require('otpauth')
const { base32, generateSecret, deriveSecret, generate } = require('..')
const rfc4648 = require('./fixtures/rfc4648-base32.json')
const { seeded } = require('./helpers')

describe('base32', () => {
  test.each(rfc4648.vectors)('%j encodes to %j (RFC 4648 §10) and back', (plain, encoded) => {
    expect(base32.encode(Buffer.from(plain), { padding: true })).toBe(encoded)
    expect(base32.encode(Buffer.from(plain))).toBe(encoded.replace(/=+$/, ''))
    expect(base32.decode(encoded).toString()).toBe(plain)
  })

  test('agrees with otpauth both ways on 1000 random byte strings', () => {
    const random = seeded(32)
    for (let i = 0; i < 1000; i++) {
      const bytes = random.bytes(random.int(0, 100))
      const theirs = new OTPAuth.Secret({ buffer: bytes }).base32
      expect(base32.encode(bytes)).toBe(theirs)
      expect(Buffer.compare(base32.decode(theirs), bytes)).toBe(0)
    }
  })

  test('decoding ignores case, spaces, hyphens and trailing padding', () => {
    const expected = OTPAuth.Secret.fromBase32('JBSWY3DPEHPK3PXP').bytes
    for (const variant of ['jbswy3dpehpk3pxp', 'JBSW Y3DP EHPK 3PXP', 'jbsw-y3dp-ehpk-3pxp', 'JBSWY3DPEHPK3PXP======']) {
      expect(Buffer.compare(base32.decode(variant), Buffer.from(expected))).toBe(0)
    }
  })

  test('a bad character is an Error naming it and its position', () => {
    expect(() => base32.decode('JBSW1Y3DP')).toThrow(
      expect.objectContaining({ code: 'ERR_TOTP_INVALID_BASE32', message: expect.stringContaining("'1' at position 4") }),
    )
    expect(() => base32.decode('JB=SWY3DP')).toThrow(expect.objectContaining({ code: 'ERR_TOTP_INVALID_BASE32' }))
    expect(() => generate('JBSW!Y3DP')).toThrow(
      expect.objectContaining({ code: 'ERR_TOTP_INVALID_SECRET', message: expect.stringContaining("'!' at position 4") }),
    )
  })

  test('an 80-bit secret, as many services still issue, is accepted', () => {
    expect(generate('JBSWY3DPEHPK3PXP', { timestamp: 0 })).toBe(
      OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32('JBSWY3DPEHPK3PXP'), timestamp: 0 }),
    )
  })
})

describe('generateSecret', () => {
  test('makes 20 random bytes as unpadded base32 by default', () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => generateSecret()))
    expect(secrets.size).toBe(1000)
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Z2-7]{32}$/)
      expect(base32.decode(secret)).toHaveLength(20)
    }
  })

  test('makes the size asked for, from 16 to 1024 bytes', () => {
    for (const bytes of [16, 32, 64, 1024]) expect(base32.decode(generateSecret({ bytes }))).toHaveLength(bytes)
  })

  test('refuses fewer than 16 bytes (RFC 4226 requires 128 bits) with a RangeError', () => {
    for (const bytes of [0, 10, 15]) {
      expect(() => generateSecret({ bytes })).toThrow(RangeError)
      expect(() => generateSecret({ bytes })).toThrow(expect.objectContaining({ code: 'ERR_TOTP_INVALID_OPTION' }))
    }
    expect(() => generateSecret({ bytes: 1025 })).toThrow(RangeError)
  })

  test('uses every base32 symbol with roughly equal frequency', () => {
    const counts = new Map()
    for (let i = 0; i < 2000; i++) for (const c of generateSecret().slice(0, 32)) counts.set(c, (counts.get(c) || 0) + 1)
    expect(counts.size).toBe(32)
    // 64000 symbols, 2000 expected each; a biased generator is far outside ±15%.
    for (const count of counts.values()) expect(Math.abs(count - 2000)).toBeLessThan(300)
  })
})

describe('deriveSecret', () => {
  const hkdf = (masterKey, identity, bytes = 20, info = 'totp-native') =>
    Buffer.from(crypto.hkdfSync('sha256', masterKey, Buffer.alloc(0), Buffer.from(`${info}\0${identity}`), bytes))

  test('is HKDF-SHA256 over the master key with info ‖ NUL ‖ identity, checked against node:crypto', () => {
    const random = seeded(5869)
    for (let i = 0; i < 200; i++) {
      const masterKey = random.bytes(random.int(16, 64))
      const identity = `user${random.int(0, 1e6)}@example.com`
      const bytes = random.int(16, 64)
      const derived = deriveSecret(masterKey, identity, { bytes })
      expect(Buffer.compare(base32.decode(derived), hkdf(masterKey, identity, bytes))).toBe(0)
    }
    const key = crypto.randomBytes(32)
    expect(Buffer.compare(base32.decode(deriveSecret(key, 'a', { info: 'app/v2' })), hkdf(key, 'a', 20, 'app/v2'))).toBe(0)
  })

  test('uses a string master key as its UTF-8 bytes', () => {
    const masterKey = 'correct horse battery staple ✓'
    expect(Buffer.compare(base32.decode(deriveSecret(masterKey, 'bob')), hkdf(Buffer.from(masterKey, 'utf8'), 'bob'))).toBe(0)
  })

  test('differs per identity and per master key, and is stable', () => {
    const key = crypto.randomBytes(32)
    expect(deriveSecret(key, 'alice@example.com')).toBe(deriveSecret(key, 'alice@example.com'))
    expect(deriveSecret(key, 'alice@example.com')).not.toBe(deriveSecret(key, 'bob@example.com'))
    expect(deriveSecret(key, 'alice@example.com')).not.toBe(deriveSecret(crypto.randomBytes(32), 'alice@example.com'))
  })

  test('refuses a master key shorter than 16 bytes and info with a NUL', () => {
    expect(() => deriveSecret(Buffer.alloc(15), 'a')).toThrow(expect.objectContaining({ code: 'ERR_TOTP_INVALID_SECRET' }))
    expect(() => deriveSecret(Buffer.alloc(15), 'a')).toThrow(RangeError)
    expect(() => deriveSecret(Buffer.alloc(32), 'a', { info: 'a\0b' })).toThrow(RangeError)
  })
})
