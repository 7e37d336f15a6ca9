'use strict'

// The page's behaviour: three fetch calls to the API. The browser never
// computes or checks a code: it only shows the QR code and the key once.

const $ = (id) => document.getElementById(id)

function show(element, message, kind) {
  element.textContent = message
  element.className = `status ${kind || ''}`
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  let data = {}
  try {
    data = await response.json()
  } catch {
    // An empty or non-JSON answer: the status says enough.
  }
  return { status: response.status, data }
}

function explain(status, data) {
  if (status === 429) return 'Too many attempts for this address. Wait a few minutes and try again.'
  if (status === 401) return 'That code is not valid (wrong, expired or already used).'
  if (status === 400) return data.error ? `Please check your input: ${data.error}.` : 'Please check your input.'
  return data.error || `Something went wrong (HTTP ${status}).`
}

/** The key for manual entry, in groups of four as authenticator apps show it. */
function formatSecret(uri) {
  const secret = new URL(uri).searchParams.get('secret') || ''
  return secret.replace(/(.{4})(?=.)/g, '$1 ')
}

async function busy(button, work) {
  button.disabled = true
  try {
    await work()
  } catch {
    return { network: true }
  } finally {
    button.disabled = false
  }
}

$('enroll-form').addEventListener('submit', (event) => {
  event.preventDefault()
  const status = $('enroll-status')
  busy($('enroll-button'), async () => {
    show(status, 'Creating your key…')
    const { status: code, data } = await post('/api/enroll', { email: $('email').value })
    if (code !== 201) {
      $('enrollment').hidden = true
      return show(status, explain(code, data), 'bad')
    }
    $('qr').src = data.qrDataUrl
    $('secret').textContent = formatSecret(data.uri)
    $('uri').href = data.uri
    $('enrollment').hidden = false
    show(status, 'Scan the QR code, then enter the code your app shows below.', 'ok')
    $('code').focus()
  }).then((failure) => failure && show(status, 'Cannot reach the server.', 'bad'))
})

$('verify-form').addEventListener('submit', (event) => {
  event.preventDefault()
  const status = $('verify-status')
  busy($('verify-button'), async () => {
    const { status: code, data } = await post('/api/verify', { email: $('email').value, code: $('code').value })
    if (code === 200 && data.ok) {
      $('code').value = ''
      return show(status, 'Success: you are signed in.', 'ok')
    }
    show(status, explain(code, data), 'bad')
  }).then((failure) => failure && show(status, 'Cannot reach the server.', 'bad'))
})

$('email-code-button').addEventListener('click', () => {
  const status = $('verify-status')
  busy($('email-code-button'), async () => {
    const { status: code, data } = await post('/api/email-code', { email: $('email').value })
    if (code === 202) return show(status, 'If this address is enrolled, a code is on its way by e-mail.', 'ok')
    show(status, explain(code, data), 'bad')
  }).then((failure) => failure && show(status, 'Cannot reach the server.', 'bad'))
})
