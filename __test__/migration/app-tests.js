'use strict'

// The test suite of the enrollment backend, as its authors wrote it against
// qrcode and totp-generator. legacy.spec.js runs it on legacy-app.js (the old
// packages), migrated.spec.js on app.js (the drop-ins); the snapshots in
// __snapshots__ were written by the old packages and are the same file for
// both.

const request = require('supertest')
const jsQR = require('jsqr')
const { PNG } = require('pngjs')

const SECRET = 'JBSWY3DPEHPK3PXP'

function decode(png) {
  const image = PNG.sync.read(png)
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height).data
}

module.exports = function appTests({ createApp }) {
  const users = new Map([
    ['alice@example.com', { secret: SECRET }],
    ['bob', { secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' }],
  ])
  const app = createApp(users)

  test('the enrollment QR code decodes to the URI, and its SVG is unchanged', async () => {
    const enrollment = await request(app).get('/enroll/alice@example.com').expect(200)
    expect(enrollment.body.uri).toBe('otpauth://totp/ACME:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME')
    expect(enrollment.body.qr).toMatch(/^data:image\/png;base64,/)
    expect(decode(Buffer.from(enrollment.body.qr.split(',')[1], 'base64'))).toBe(enrollment.body.uri)

    const svg = await request(app).get('/enroll/alice@example.com/qr.svg').expect(200).expect('Content-Type', /svg/)
    expect(svg.body.toString()).toMatchSnapshot()
  })

  test('the text QR code is unchanged', async () => {
    const text = await request(app).get('/enroll/bob/qr.txt').expect(200)
    expect(text.text).toMatchSnapshot()
  })

  test('codes and expiry times are unchanged', async () => {
    const codes = []
    for (const timestamp of [0, 1465324707000, 1365324707000, 1700000000000]) {
      for (const name of ['alice@example.com', 'bob']) {
        const { body } = await request(app).post('/code').send({ name, timestamp }).expect(200)
        codes.push({ name, timestamp, ...body })
      }
    }
    expect(codes).toMatchSnapshot()
  })

  test('a PNG of any text decodes back, and bad input is a 400 with the same message', async () => {
    const png = await request(app).post('/qr').send({ text: 'hello, world' }).expect(200).expect('Content-Type', 'image/png')
    expect(decode(png.body)).toBe('hello, world')
    const empty = await request(app).post('/qr').send({ text: '' }).expect(400)
    const tooLong = await request(app).post('/qr').send({ text: 'x'.repeat(3000) }).expect(400)
    expect([empty.body, tooLong.body]).toMatchSnapshot()
  })

  test('unknown users are 404', async () => {
    await request(app).get('/enroll/mallory').expect(404)
    await request(app).post('/code').send({ name: 'mallory' }).expect(404)
  })
}
