// HOTP/TOTP, secrets and base32 against otpauth, otplib, speakeasy and totp-generator.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const totp = require('../index.js')
const { TOTP: CompatTOTP } = require('../compat/totp-generator.js')
const { TOTP: CompatTOTP1 } = require('../compat/totp-generator-1.js')
const compatTotp0 = require('../compat/totp-generator-0.js')
const OTPAuth = require('otpauth')
const otplib = require('otplib')
const speakeasy = require('speakeasy')
const { TOTP: TotpGenerator } = require('totp-generator')
const { TOTP: TotpGenerator1 } = require('totp-generator-1')
const totpGenerator0 = require('totp-generator-0')

// One 20-byte secret, as an enrollment makes, shared by every library.
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const secretBytes = totp.base32.decode(secret)
const otpauthSecret = OTPAuth.Secret.fromBase32(secret)
const otpauthTotp = new OTPAuth.TOTP({ secret: otpauthSecret })
const otpauthHotp = new OTPAuth.HOTP({ secret: otpauthSecret })
const otplibBase32 = new otplib.ScureBase32Plugin()
// A code that matches no step of the window, so every step is tried.
const wrong = String((Number(totp.generate(secret)) + 500000) % 1000000).padStart(6, '0')

export const cases = [
  {
    name: 'generate (TOTP, defaults)',
    ours: () => totp.generate(secret),
    peers: {
      otpauth: () => otpauthTotp.generate(),
      otplib: () => otplib.generateSync({ secret }),
      speakeasy: () => speakeasy.totp({ secret, encoding: 'base32' }),
    },
  },
  {
    name: 'verify, window 1, wrong code',
    ours: () => totp.verify(wrong, secret),
    peers: {
      'otpauth validate': () => otpauthTotp.validate({ token: wrong, window: 1 }),
      otplib: () => otplib.verifySync({ secret, token: wrong, epochTolerance: 30 }),
      speakeasy: () => speakeasy.totp.verify({ secret, encoding: 'base32', token: wrong, window: 1 }),
    },
  },
  {
    name: 'validate, window 1, wrong code',
    ours: () => totp.validate(wrong, secret),
    peers: { otpauth: () => otpauthTotp.validate({ token: wrong, window: 1 }) },
  },
  {
    name: 'hotp.generate',
    ours: () => totp.hotp.generate(secretBytes, 123456),
    peers: {
      otpauth: () => otpauthHotp.generate({ counter: 123456 }),
      speakeasy: () => speakeasy.hotp({ secret, encoding: 'base32', counter: 123456 }),
    },
  },
  {
    name: 'generateSecret (20 bytes)',
    ours: () => totp.generateSecret(),
    peers: {
      otpauth: () => new OTPAuth.Secret({ size: 20 }).base32,
      otplib: () => otplib.generateSecret(),
    },
  },
  {
    name: 'base32.encode (20 bytes)',
    ours: () => totp.base32.encode(secretBytes),
    peers: {
      // otpauth encodes when `base32` is first read, then keeps the string.
      otpauth: () => new OTPAuth.Secret({ buffer: secretBytes }).base32,
      otplib: () => otplibBase32.encode(secretBytes),
    },
  },
  {
    name: 'base32.decode (20 bytes)',
    ours: () => totp.base32.decode(secret),
    peers: {
      otpauth: () => OTPAuth.Secret.fromBase32(secret).bytes,
      otplib: () => otplibBase32.decode(secret),
    },
  },
  {
    name: 'compat TOTP.generate',
    ours: () => CompatTOTP.generate(secret),
    peers: { 'totp-generator': () => TotpGenerator.generate(secret) },
  },
  {
    name: 'compat totp-generator-1 TOTP.generate (sync)',
    ours: () => CompatTOTP1.generate(secret),
    peers: { 'totp-generator 1.0.0': () => TotpGenerator1.generate(secret) },
  },
  {
    name: 'compat totp-generator-0 totp() (sync)',
    ours: () => compatTotp0(secret),
    peers: { 'totp-generator 0.0.14': () => totpGenerator0(secret) },
  },
]
