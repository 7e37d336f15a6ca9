// Code as it is written against `@types/qrcode` 1.5: it must type-check
// against those types (tsconfig.peer.json) and, unchanged, against the
// drop-in's (tsconfig.json maps `qrcode` to totp-native/compat/qrcode).

import * as QRCode from 'qrcode'
import type {
  QRCodeErrorCorrectionLevel,
  QRCodeRenderersOptions,
  QRCodeSegment,
  QRCodeToBufferOptions,
  QRCodeToDataURLOptions,
  QRCodeToFileOptions,
  QRCodeToStringOptions,
} from 'qrcode'
import toSJIS = require('qrcode/helper/to-sjis')
import { PassThrough } from 'node:stream'

const uri = 'otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME'

async function enrollment(width: string | undefined): Promise<string[]> {
  const level: QRCodeErrorCorrectionLevel = 'H'
  const options: QRCodeToDataURLOptions = { errorCorrectionLevel: level, margin: 2, width: Number(width ?? 200), color: { dark: '#000000ff', light: '#ffffff00' } }
  const url: string = await QRCode.toDataURL(uri, options)
  QRCode.toDataURL(uri, (error: Error | null | undefined, dataUrl: string) => void [error, dataUrl])
  QRCode.toDataURL(uri, { type: 'image/png' }, (error, dataUrl) => void [error, dataUrl])
  const stringOptions: QRCodeToStringOptions = { type: 'svg', margin: 1 }
  const svg: string = await QRCode.toString(uri, stringOptions)
  QRCode.toString(uri, { type: 'terminal', small: true }, (error, text) => void [error, text])
  const bufferOptions: QRCodeToBufferOptions = { type: 'png', rendererOpts: { deflateLevel: 9 } }
  const png: Buffer = await QRCode.toBuffer(uri, bufferOptions)
  QRCode.toBuffer(uri, (error, buffer: Buffer) => void [error, buffer])
  const fileOptions: QRCodeToFileOptions = { type: 'png', errorCorrectionLevel: 'low' }
  await QRCode.toFile('qr.png', uri, fileOptions)
  QRCode.toFile('qr.svg', uri, { type: 'svg' }, (error) => void error)
  QRCode.toFileStream(new PassThrough(), uri)
  QRCode.toFileStream(new PassThrough(), uri, { type: 'png' })
  return [url, svg, png.toString('base64')]
}

function symbol(): number {
  const segments: QRCodeSegment[] = [
    { data: 'ABCDEFG', mode: 'alphanumeric' },
    { data: '0123456', mode: 'numeric' },
    { data: Buffer.from([1, 2, 3]), mode: 'byte' },
    { data: new Uint8ClampedArray([253, 254, 255]), mode: 'byte' },
    { data: '漢字', mode: 'kanji' },
    { data: 'anything' },
  ]
  const qr = QRCode.create(segments, { toSJISFunc: toSJIS, maskPattern: 3, version: 5 })
  const { modules, errorCorrectionLevel, maskPattern, version } = qr
  modules.set(0, 0, 1, true)
  modules.xor(0, 1, 1)
  const reserved: number = modules.isReserved(0, 0)
  const dark: number = modules.get(modules.size - 8, 8)
  const bits: Uint8Array = modules.reservedBit
  const lengths = qr.segments.map((segment) => [segment.mode.id, segment.getLength(), segment.getBitsLength()])
  const again = QRCode.create('ABC', { errorCorrectionLevel: qr.errorCorrectionLevel.bit === 2 ? 'H' : 'M' })
  return [reserved, dark, bits.length, errorCorrectionLevel.bit, maskPattern ?? 0, version, lengths.length, again.version].length
}

// A canvas as node-canvas and @napi-rs/canvas type theirs.
interface Canvas {
  width: number
  height: number
  getContext(contextId: '2d'): unknown
}

function canvases(canvas: Canvas, render: QRCodeRenderersOptions): void {
  QRCode.toCanvas(canvas, uri, render, (error) => void error)
  void QRCode.toCanvas(canvas, uri)
  QRCode.toCanvas(uri, (error, drawn) => void [error, drawn])
}

// Spies and mocks are typed by a function's last overload (jest's
// `spyOn(QRCode, 'toString').mockImplementation(…)`, `jest.MockedFunction`):
// there, the callback forms.
type Mock<F extends (...args: any) => any> = (...args: Parameters<F>) => ReturnType<F>
const mockedToString: Mock<typeof QRCode.toString> = () => Promise.resolve('<svg/>')
const mockedToDataURL: Mock<typeof QRCode.toDataURL> = (text, options, callback) => callback(null, `data:${text}${options.margin}`)
const mockedToCanvas: Mock<typeof QRCode.toCanvas> = (canvas, text, options, callback) => callback(canvas && text && options ? null : new Error())
const mockedToFile: Mock<typeof QRCode.toFile> = (path, text, options, callback) => callback(path && text && options ? null : undefined)

void [enrollment, symbol, canvases, mockedToString, mockedToDataURL, mockedToCanvas, mockedToFile]

// What `@types/qrcode` refuses, the drop-in's types refuse too.
// @ts-expect-error: toString's types are utf8, svg and terminal
QRCode.toString(uri, { type: 'png' })
// @ts-expect-error: a level is a name, not a number
QRCode.create(uri, { errorCorrectionLevel: 2 })
// @ts-expect-error: byte segments hold bytes
QRCode.create([{ data: 'text', mode: 'byte' }])
// @ts-expect-error: masks are 0 to 7
QRCode.create(uri, { maskPattern: 8 })
