// Compiled by `tsc -p __test__/types` in `npm test`: the API as users write
// it in TypeScript (CommonJS output), resolved by package name through the
// "exports" map, and the mistakes the types must catch. Each
// `@ts-expect-error` fails the check if the line under it compiles.
import totp = require('totp-native')
import { generate, verify, validate, timeStep, remaining, hotp, generateSecret, deriveSecret, base32 } from 'totp-native'
import type { Secret, Algorithm, Encoding, ErrorCode, TotpError, TotpMatch, HotpMatch, TotpVerifyOptions, Enrollment } from 'totp-native'
import { TOTP } from 'totp-native/compat/totp-generator'
import * as QRCode from 'totp-native/compat/qrcode'
import type { QRCodeToDataURLOptions, QRCodeToStringOptions } from 'totp-native/compat/qrcode'

// Enrollment: a random secret, or one derived from a server key.
const secret: string = generateSecret()
const longer: string = generateSecret({ bytes: 32 })
const derived: string = deriveSecret(process.env.TOTP_MASTER_KEY ?? 'a master key of 32 characters!!', 'alice@example.com', { bytes: 20, info: 'app/v1' })
const fromBytes: string = deriveSecret(Buffer.alloc(32), 'bob')

// Codes: every option, times as numbers and Dates, secrets as strings and bytes.
const code: string = generate(secret)
const options: TotpVerifyOptions = { algorithm: 'SHA256', digits: 8, period: 60, timestamp: new Date(), epoch: 0, window: [1, 0], after: 42 }
const eight: string = generate(secret, options)
const fromBuffer: string = generate(Buffer.from('12345678901234567890'), { encoding: 'ascii', timestamp: Date.now() })
const fromUint8: string = totp.generate(new Uint8Array(20), { algorithm: 'sha-512', epoch: new Date(0) })
const hexKey: Secret = '3132333435363738393031323334353637383930'
const fromHex: string = generate(hexKey, { encoding: 'hex' })
const algorithm: Algorithm = 'SHA-1'
const encoding: Encoding = 'base32'
void [longer, derived, fromBytes, eight, fromBuffer, fromUint8, fromHex, generate(secret, { algorithm, encoding })]

// Login: verify, or validate and store the step for replay protection.
const ok: boolean = verify(code, secret)
const okWide: boolean = verify(code, secret, { window: 2 })
let lastStep: number | undefined
const match: TotpMatch | null = validate(code, secret, { after: lastStep })
if (match) {
  lastStep = match.timeStep
  const delta: number = match.delta
  void delta
}
// @ts-expect-error: validate may return null
validate(code, secret).timeStep
void [ok, okWide, lastStep]

// HOTP.
const counterCode: string = hotp.generate(secret, 0, { digits: 8 })
const hotpMatch: HotpMatch | null = hotp.validate('755224', secret, 0, { window: [0, 10] })
const nextCounter: number | undefined = hotpMatch ? hotpMatch.counter + 1 : undefined
const hotpOk: boolean = totp.hotp.verify('755224', secret, 0, { after: 3 })
void [counterCode, nextCounter, hotpOk]

// Clock.
const step: number = timeStep()
const left: number = remaining({ period: 30, timestamp: new Date() })
void [step, left]

// base32.
const bytes: Buffer = base32.decode(base32.encode(new Uint8Array([1, 2, 3]), { padding: true }))
void bytes

// URIs.
const uri: string = totp.keyUri({ secret, account: 'alice@example.com', issuer: 'ACME', digits: 6, period: 30, algorithm: 'SHA1' })
const hotpUri: string = totp.keyUri({ secret: Buffer.alloc(20), account: 'bob', type: 'hotp', counter: 0 })
const parsed = totp.parseUri(uri)
const kind: 'totp' | 'hotp' = parsed.type
const account: string = parsed.account
void [hotpUri, kind, account]

// Errors carry a typed code.
try {
  generate('')
} catch (error) {
  const code: ErrorCode = (error as TotpError).code
  if (code === 'ERR_TOTP_INVALID_SECRET') void code
}

// Enrollment and QR codes.
async function enrollment(): Promise<Enrollment> {
  const done = await totp.enroll({ account: 'alice@example.com', issuer: 'ACME', digits: 8, qr: { scale: 8, color: { dark: '#112233' } } })
  const image: string = done.qrDataUrl
  const svg: string = totp.qr.toStringSync(done.uri, { type: 'svg', margin: 2 })
  const png: Buffer = await totp.qr.toBuffer(done.uri, { errorCorrectionLevel: 'H' })
  const symbol = totp.qr.create(done.uri)
  const size: number = symbol.size
  void [image, svg, png, size]
  return totp.enroll({ account: 'bob', secret: Buffer.alloc(20) })
}
void enrollment

// totp-generator's drop-in keeps its own option names.
async function legacy(): Promise<string> {
  const { otp, expires } = await TOTP.generate('JBSWY3DPEHPK3PXP', { algorithm: 'SHA-512', explicitZeroPad: true, encoding: 'ascii' })
  void expires
  return otp
}
void legacy

// --- Mistakes the types must catch ---

// @ts-expect-error: an unknown option name (digit for digits)
generate(secret, { digit: 6 })
// @ts-expect-error: an unknown option name (windows for window)
verify(code, secret, { windows: 1 })
// @ts-expect-error: digits is a number
generate(secret, { digits: '6' })
// @ts-expect-error: period is a number of seconds
generate(secret, { period: '30s' })
// @ts-expect-error: timestamp is a number or a Date, not a string
generate(secret, { timestamp: '2024-01-01' })
// @ts-expect-error: an unknown algorithm
generate(secret, { algorithm: 'MD5' })
// @ts-expect-error: an unknown encoding
generate(secret, { encoding: 'base64' })
// @ts-expect-error: window is a number or [past, future]
verify(code, secret, { window: '1' })
// @ts-expect-error: window has two sides, no more
verify(code, secret, { window: [1, 2, 3] })
// @ts-expect-error: after is a step number
verify(code, secret, { after: '5' })
// @ts-expect-error: window is for verification, not generation
generate(secret, { window: 1 })
// @ts-expect-error: tokens are strings (numbers lose leading zeros)
verify(123456, secret)
// @ts-expect-error: the secret is a string or bytes
generate(42)
// @ts-expect-error: generate returns a string
const notANumber: number = generate(secret)
// @ts-expect-error: hotp needs a counter
hotp.generate(secret)
// @ts-expect-error: the counter is a number
hotp.generate(secret, '5')
// @ts-expect-error: a HOTP match has a counter, not a timeStep
hotp.validate('755224', secret, 0)?.timeStep
// @ts-expect-error: timeStep takes only the clock options
timeStep({ digits: 6 })
// @ts-expect-error: remaining takes only the clock options
remaining({ window: 1 })
// @ts-expect-error: generateSecret takes options, not a number
generateSecret(20)
// @ts-expect-error: an unknown option name (byte for bytes)
generateSecret({ byte: 20 })
// @ts-expect-error: the identity is a string
deriveSecret('a master key of 32 characters!!', 42)
// @ts-expect-error: base32.encode takes bytes
base32.encode('foo')
// @ts-expect-error: padding is a boolean
base32.encode(new Uint8Array(1), { padding: 'yes' })
// @ts-expect-error: base32.decode takes a string
base32.decode(Buffer.from('MY'))
// @ts-expect-error: keyUri needs an account
totp.keyUri({ secret })
// @ts-expect-error: keyUri's type is totp or hotp
totp.keyUri({ secret, account: 'a', type: 'motp' })
// @ts-expect-error: enroll needs an account
totp.enroll({ issuer: 'ACME' })
// @ts-expect-error: QR levels are L, M, Q, H (or their names); a number is not one
totp.qr.toDataURL('x', { errorCorrectionLevel: 2 })
// @ts-expect-error: parseUri takes a string
totp.parseUri(42)
// qrcode's drop-in keeps qrcode's signatures: promises, callbacks, its option names.
async function qrcodeDropIn(uri: string): Promise<string> {
  const options: QRCodeToDataURLOptions = { errorCorrectionLevel: 'H', margin: 2, color: { dark: '#000000ff' } }
  const url: string = await QRCode.toDataURL(uri, options)
  QRCode.toDataURL(uri, (error, dataUrl: string) => void [error, dataUrl])
  const svgOptions: QRCodeToStringOptions = { type: 'svg', width: 200 }
  const svg: string = QRCode.toString(uri, svgOptions, (error) => void error)
  const buffer: Buffer = await QRCode.toBuffer(uri)
  await QRCode.toFile('qr.png', uri, { type: 'png' })
  const symbol = QRCode.create(uri, { version: 5, maskPattern: 3 })
  const size: number = symbol.modules.size
  void [svg, buffer, size]
  return url
}
void qrcodeDropIn
// @ts-expect-error: qrcode's toString types are utf8, svg and terminal
QRCode.toString('x', { type: 'png' })
// @ts-expect-error: totp-generator's algorithm names have a hyphen
TOTP.generate('JBSWY3DPEHPK3PXP', { algorithm: 'SHA1' })
void notANumber

// Rasters: RGBA image data, and qrcode's own PNG bytes.
async function rasters(): Promise<void> {
  const image: totp.qr.QrImageData = await totp.qr.toImageData('otpauth://totp/x', { margin: 1.5, scale: 3 })
  const fromSymbol: Uint8ClampedArray = totp.qr.toImageDataSync(totp.qr.create('x'), { width: 200 }).data
  const exact: Buffer = await totp.qr.toBuffer('x', { png: 'qrcode', rendererOpts: { deflateLevel: 9, filterType: -1 } })
  const stream: import('node:stream').Readable = totp.qr.toPngStream('x', { png: 'qrcode' })
  // @ts-expect-error: the encoding is 'compact' or 'qrcode'
  await totp.qr.toBuffer('x', { png: 'jpeg' })
  const canvas = { width: 0, height: 0, getContext: (_: '2d') => null }
  const drawn: typeof canvas = await QRCode.toCanvas(canvas, 'x', { margin: 2 })
  QRCode.toCanvas('x', (error, made) => made.getContext('2d'))
  void [image, fromSymbol, exact, stream, drawn]
}
void rasters
