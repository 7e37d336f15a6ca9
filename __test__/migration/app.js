'use strict'

// A small enrollment backend as it is written today with qrcode and
// totp-generator. app.js is this file with the two require lines swapped for
// totp-native's drop-ins, and nothing else changed.

const express = require('express')
const QRCode = require('totp-native/compat/qrcode')
const { TOTP } = require('totp-native/compat/totp-generator')

function createApp(users) {
  const app = express()
  app.use(express.json())

  const uriOf = (name) => {
    const user = users.get(name)
    return `otpauth://totp/ACME:${encodeURIComponent(name)}?secret=${user.secret}&issuer=ACME`
  }

  app.get('/enroll/:name', async (req, res, next) => {
    if (!users.has(req.params.name)) return res.status(404).json({ error: 'no such user' })
    try {
      res.json({ uri: uriOf(req.params.name), qr: await QRCode.toDataURL(uriOf(req.params.name), { margin: 2 }) })
    } catch (error) {
      next(error)
    }
  })

  app.get('/enroll/:name/qr.svg', async (req, res, next) => {
    if (!users.has(req.params.name)) return res.status(404).json({ error: 'no such user' })
    try {
      res.type('image/svg+xml').send(await QRCode.toString(uriOf(req.params.name), { type: 'svg', color: { dark: '#1a237e' } }))
    } catch (error) {
      next(error)
    }
  })

  app.get('/enroll/:name/qr.txt', (req, res) => {
    QRCode.toString(uriOf(req.params.name), { type: 'utf8' }, (error, text) => {
      if (error) return res.status(500).json({ error: error.message })
      res.type('text/plain').send(text)
    })
  })

  app.post('/qr', async (req, res) => {
    try {
      const png = await QRCode.toBuffer(req.body.text, { scale: 2 })
      res.type('image/png').send(png)
    } catch (error) {
      res.status(400).json({ error: error.message })
    }
  })

  app.post('/code', async (req, res) => {
    const user = users.get(req.body.name)
    if (!user) return res.status(404).json({ error: 'no such user' })
    try {
      const { otp, expires } = await TOTP.generate(user.secret, { timestamp: req.body.timestamp, explicitZeroPad: true })
      res.json({ otp, expires })
    } catch (error) {
      res.status(400).json({ error: error.message })
    }
  })

  return app
}

module.exports = { createApp }
