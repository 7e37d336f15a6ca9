'use strict'

// A browser-like HTTP client over fetch: it keeps the session cookie the
// server sets (and drops it when the server clears it), sends JSON, and can
// be told to send any other header — an attacker's Origin, say.

class Client {
  /** @param {string} base e.g. http://127.0.0.1:3000 @param {Record<string, string>} [headers] sent with every request */
  constructor(base, headers = {}) {
    this.base = base
    this.headers = headers
    /** `name=value` of the session cookie, or undefined. */
    this.cookie = undefined
  }

  async request(method, route, body, headers = {}) {
    const init = { method, headers: { ...this.headers, ...headers }, redirect: 'manual' }
    if (this.cookie) init.headers.cookie = this.cookie
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      init.headers['content-type'] ??= 'application/json'
    }
    const response = await fetch(this.base + route, init)
    const setCookies = response.headers.getSetCookie()
    for (const line of setCookies) {
      const [pair] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at)
      if (name !== 'sid' && name !== '__Host-sid') continue
      const value = pair.slice(at + 1)
      this.cookie = value === '' ? undefined : `${name}=${value}`
    }
    const text = await response.text()
    let json
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: response.status, headers: response.headers, body: json, text, setCookies }
  }

  get(route, headers) {
    return this.request('GET', route, undefined, headers)
  }

  post(route, body = {}, headers) {
    return this.request('POST', route, body, headers)
  }

  /** Another client with this one's cookie: the same browser, or a stolen cookie. */
  clone(base = this.base) {
    const copy = new Client(base, this.headers)
    copy.cookie = this.cookie
    return copy
  }
}

module.exports = { Client }
