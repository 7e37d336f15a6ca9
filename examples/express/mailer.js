'use strict'

// Sends mail with nodemailer — the sign-in code, and the security notices
// (notices.js) — over SMTP when SMTP_URL is set, otherwise into an outbox
// folder as .eml files, so the example works with no mail server and a
// developer can still read what would have gone out.

const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const nodemailer = require('nodemailer')

/**
 * @param {{ smtpUrl?: string, outboxDir: string, from: string, logger: { info: Function } }} options
 * @returns {{
 *   send(message: { to: string, subject: string, text: string }): Promise<void>,
 *   sendCode(message: { to: string, code: string, validSeconds: number, issuer: string }): Promise<void>,
 *   describe: string,
 *   close(): void,
 * }}
 */
function createMailer({ smtpUrl, outboxDir, from, logger }) {
  const transport = smtpUrl
    ? nodemailer.createTransport(smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })

  async function send({ to, subject, text }) {
    const info = await transport.sendMail({ from, to, subject, text })
    if (smtpUrl) return
    fs.mkdirSync(outboxDir, { recursive: true, mode: 0o700 })
    const file = path.join(outboxDir, `${Date.now()}-${crypto.randomBytes(4).toString('hex')}.eml`)
    // The file may hold a live code: readable by this user only.
    fs.writeFileSync(file, info.message, { mode: 0o600 })
    logger.info(`mail written to ${file}`)
  }

  function sendCode({ to, code, validSeconds, issuer }) {
    return send({
      to,
      subject: `Your ${issuer} sign-in code`,
      text:
        `Your ${issuer} sign-in code is ${code}.\n\n` +
        `It is valid for about ${validSeconds} seconds and can be used once.\n` +
        'If you did not ask for it, you can ignore this message.\n',
    })
  }

  return {
    send,
    sendCode,
    // For the start-up log line; an SMTP URL may carry a password, so only its host is shown.
    describe: smtpUrl ? `SMTP ${safeHost(smtpUrl)}` : `outbox ${outboxDir}`,
    close() {
      transport.close()
    },
  }
}

function safeHost(url) {
  try {
    const { protocol, host } = new URL(url)
    return `${protocol}//${host}`
  } catch {
    return '(unparsable SMTP_URL)'
  }
}

module.exports = { createMailer }
