import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { PassThrough } from 'stream'
import { codeAt, defaults, otpauthUri, qrDataUrl, qrFile, qrInto, qrPng, qrSvg, qrTerminal, verify } from './enrollment'

const SECRET = 'JBSWY3DPEHPK3PXP'
const AT = 1465324707000

describe('codes', () => {
  test('at a fixed time, for each algorithm the configuration may name', () => {
    const codes = ['SHA-1', 'SHA-256', 'SHA-512', ''].map((algorithm) => codeAt(SECRET, AT, { ...defaults, algorithm }))
    expect(codes).toMatchSnapshot()
  })

  test('of other lengths and periods', () => {
    expect([
      codeAt(SECRET, AT, { ...defaults, digits: 8 }),
      codeAt(SECRET, AT, { ...defaults, period: 60 }),
      codeAt('3IS523AYRNFUE===', 1365324707000, { ...defaults, digits: 10 }),
    ]).toMatchSnapshot()
  })

  test('of this period and the ones either side are accepted, older ones are not', () => {
    expect(verify(SECRET, codeAt(SECRET, AT - 30000), AT)).toBe(true)
    expect(verify(SECRET, codeAt(SECRET, AT + 30000), AT)).toBe(true)
    expect(verify(SECRET, codeAt(SECRET, AT - 90000), AT)).toBe(false)
  })

  test('a secret that is not base32, and an algorithm that does not exist, fail', () => {
    expect(() => codeAt('not base32!', AT)).toThrowErrorMatchingSnapshot()
    expect(() => codeAt(SECRET, AT, { ...defaults, algorithm: 'MD5' })).toThrowErrorMatchingSnapshot()
  })
})

describe('QR codes', () => {
  const uri = otpauthUri('alice@example.com', SECRET)

  test('the data URL the enrollment page shows', async () => {
    expect(await qrDataUrl(uri)).toMatchSnapshot()
  })

  test('the SVG and the terminal text', async () => {
    expect(await qrSvg(uri)).toMatchSnapshot()
    expect(await qrTerminal(uri)).toMatchSnapshot()
  })

  test('a PNG file, and the same PNG streamed into a response', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enrollment-'))
    try {
      const file = path.join(dir, 'qr.png')
      await qrFile(file, uri)
      expect(fs.readFileSync(file).toString('base64')).toMatchSnapshot()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
    const response = new PassThrough()
    const chunks: Buffer[] = []
    response.on('data', (chunk: Buffer) => chunks.push(chunk))
    const ended = new Promise((resolve) => response.on('end', resolve))
    qrInto(response, uri)
    await ended
    expect(Buffer.concat(chunks).toString('base64')).toMatchSnapshot()
    expect((await qrPng(uri)).toString('base64')).toMatchSnapshot()
  })

  test('an empty text is refused', async () => {
    await expect(qrDataUrl('')).rejects.toThrow('No input text')
  })
})
