'use strict'

// toFileStream straight into an Express response, as backends call it, on a
// real server on loopback: each route runs once with qrcode 1.5.4 and once
// with the drop-in, and the responses (status, headers, body bytes) and what
// the route saw (errors on the stream, throws out of the call) must be the
// same.

const http = require('node:http')
const express = require('express')
const QRCode = require('qrcode')
const compat = require('../../compat/qrcode')

const URI = 'otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME'
const LIBRARIES = { qrcode: QRCode, compat }

const ROUTES = {
  // The common use: the content type set after the call.
  '/enroll.png': (lib, res) => {
    lib.toFileStream(res, URI)
    res.type('png')
    res.setHeader('Cache-Control', 'no-store')
  },
  '/options.png': (lib, res) => {
    res.type('png')
    lib.toFileStream(res, URI, { width: 300, margin: 1.5, color: { dark: '#123456cc' }, rendererOpts: { deflateChunkSize: 128 } })
  },
  // Both calls write before the first ends the response; the second's
  // later chunks find it ended and are dropped: no error.
  '/twice.png': (lib, res, seen) => {
    res.on('error', (error) => seen.push(`error event: ${error.message}`))
    lib.toFileStream(res, URI)
    lib.toFileStream(res, 'a second code')
  },
  '/twice-unguarded.png': (lib, res) => {
    lib.toFileStream(res, URI)
    lib.toFileStream(res, URI)
  },
  // A data error goes to the stream's 'error' listeners, before the call returns.
  '/empty.png': (lib, res, seen) => {
    res.on('error', (error) => {
      seen.push(`error event: ${error.message}`)
      res.status(500).end()
    })
    lib.toFileStream(res, '')
    seen.push('returned')
  },
  // With no listener, emitting it throws out of the call.
  '/empty-unguarded.png': (lib, res, seen) => {
    try {
      lib.toFileStream(res, '')
    } catch (error) {
      // In jest the error is of another realm than Node's EventEmitter, which
      // then wraps it, stack and all: its first line is compared.
      seen.push(`thrown: ${error.message.split('\n')[0]}`)
      res.status(500).end()
    }
  },
  '/bad-colour.png': (lib, res, seen) => {
    res.on('error', (error) => {
      seen.push(`error event: ${error.message}`)
      res.status(400).end()
    })
    lib.toFileStream(res, URI, { color: { dark: '#12345' } })
  },
}

let server
let port
const seenBy = {}

beforeAll(async () => {
  const app = express()
  app.get('/:lib/:route', (req, res) => {
    const seen = []
    seenBy[req.originalUrl] = seen
    ROUTES[`/${req.params.route}`](LIBRARIES[req.params.lib], res, seen)
  })
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  port = server.address().port
})

afterAll(() => new Promise((resolve) => server.close(resolve)))

function get(urlPath) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (response) => {
        const chunks = []
        response.on('data', (chunk) => chunks.push(chunk))
        response.on('end', () => {
          const { date, etag, ...headers } = response.headers
          resolve({ status: response.statusCode, headers, body: Buffer.concat(chunks) })
        })
      })
      .on('error', reject)
  })
}

// Two streams piped into one response at once interleave their chunks as
// their deflates finish, in both libraries: which bytes arrive in which order
// is a race, so there the response's status and headers are compared, and
// the body only as being there.
const RACING = new Set(['/twice.png', '/twice-unguarded.png'])

test.each(Object.keys(ROUTES).filter((route) => RACING.has(route)))('%s: the same status and headers, and nothing thrown', async (route) => {
  const theirs = await get(`/qrcode${route}`)
  const ours = await get(`/compat${route}`)
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect({ ...ours, body: ours.body.length > 0 }).toEqual({ ...theirs, body: theirs.body.length > 0 })
  expect(seenBy[`/compat${route}`]).toEqual(seenBy[`/qrcode${route}`])
})

test.each(Object.keys(ROUTES).filter((route) => !RACING.has(route)))('%s: the same response, and the route sees the same', async (route) => {
  const theirs = await get(`/qrcode${route}`)
  const ours = await get(`/compat${route}`)
  // Anything still to come from either (a late error) has come by now.
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect({ ...ours, body: ours.body.toString('base64') }).toEqual({ ...theirs, body: theirs.body.toString('base64') })
  expect(seenBy[`/compat${route}`]).toEqual(seenBy[`/qrcode${route}`])
})

test('the enrollment route serves a PNG with its content type, as qrcode serves it', async () => {
  const { status, headers, body } = await get('/compat/enroll.png')
  expect(status).toBe(200)
  expect(headers['content-type']).toBe('image/png')
  expect(headers['cache-control']).toBe('no-store')
  expect(body.equals(await QRCode.toBuffer(URI))).toBe(true)
})
