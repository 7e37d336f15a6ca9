// otpauth:// URIs, enrollment and QR codes against otpauth and qrcode, and the
// qrcode drop-in against qrcode itself.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const totp = require('../index.js')
const compatQrcode = require('../compat/qrcode.js')
const OTPAuth = require('otpauth')
const QRCode = require('qrcode')

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const account = 'alice@example.com'
const issuer = 'ACME Co'
// The URI an enrollment page shows: 133 characters, a version 8 symbol (49 modules a side).
const uri = totp.keyUri({ secret, account, issuer })
const otpauthTotp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), label: account, issuer })

export const cases = [
  {
    name: 'keyUri',
    ours: () => totp.keyUri({ secret, account, issuer }),
    peers: { otpauth: () => otpauthTotp.toString() },
  },
  {
    name: 'parseUri',
    ours: () => totp.parseUri(uri),
    peers: { otpauth: () => OTPAuth.URI.parse(uri) },
  },
  {
    name: 'qr PNG data URL (sync)',
    ours: () => totp.qr.toDataURLSync(uri),
    peers: { 'qrcode toDataURL': () => QRCode.toDataURL(uri) },
  },
  {
    name: 'qr PNG data URL (async, thread pool)',
    ours: () => totp.qr.toDataURL(uri),
    peers: { 'qrcode toDataURL': () => QRCode.toDataURL(uri) },
  },
  {
    // The exact route: qrcode's own PNG bytes, against qrcode and against the
    // compact PNG the native API makes by default (a ratio under 1 there is
    // what exactness costs).
    name: "qr PNG data URL, png: 'qrcode' (qrcode's bytes)",
    ours: () => totp.qr.toDataURL(uri, { png: 'qrcode' }),
    peers: { 'qrcode toDataURL': () => QRCode.toDataURL(uri), 'qr.toDataURL (compact)': () => totp.qr.toDataURL(uri) },
  },
  {
    name: 'qr RGBA image data (sync)',
    ours: () => totp.qr.toImageDataSync(uri),
    peers: {},
  },
  {
    name: 'qr SVG (sync)',
    ours: () => totp.qr.toStringSync(uri, { type: 'svg' }),
    peers: { 'qrcode toString svg': () => QRCode.toString(uri, { type: 'svg' }) },
  },
  {
    name: 'qr utf8 (sync)',
    ours: () => totp.qr.toStringSync(uri),
    peers: { 'qrcode toString utf8': () => QRCode.toString(uri) },
  },
  {
    name: 'qr create (the symbol and its segments)',
    ours: () => totp.qr.create(uri),
    peers: { 'qrcode create': () => QRCode.create(uri) },
  },
  {
    name: 'compat qrcode create (qrcode\'s whole result)',
    ours: () => compatQrcode.create(uri),
    peers: { qrcode: () => QRCode.create(uri) },
  },
  {
    name: 'enroll (secret + URI + data URL)',
    ours: () => totp.enroll({ account, issuer }),
    peers: {
      'otpauth + qrcode': () => {
        const enrollment = new OTPAuth.TOTP({ secret: new OTPAuth.Secret({ size: 20 }), label: account, issuer })
        return QRCode.toDataURL(enrollment.toString())
      },
    },
  },
  {
    name: 'compat qrcode toDataURL',
    ours: () => compatQrcode.toDataURL(uri),
    peers: { qrcode: () => QRCode.toDataURL(uri) },
  },
  {
    name: 'compat qrcode toBuffer',
    ours: () => compatQrcode.toBuffer(uri),
    peers: { qrcode: () => QRCode.toBuffer(uri) },
  },
  {
    name: 'compat qrcode toString svg',
    ours: () => compatQrcode.toString(uri, { type: 'svg' }),
    peers: { qrcode: () => QRCode.toString(uri, { type: 'svg' }) },
  },
]
