'use strict'

// The page's behaviour: calls to the JSON API and showing what they answer.
// The session lives in an HttpOnly cookie the page never sees; the browser
// never computes or checks a code, and shows a secret only inside the
// enrollment QR code and key — and takes those, and recovery codes, out of
// the page as soon as they are no longer shown.

const $ = (id) => document.getElementById(id)

function say(message, kind) {
  $('status').textContent = message
  $('status').className = `status ${kind || ''}`
}

async function call(method, path, body) {
  const init = { method, headers: {} }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  const response = await fetch(path, init)
  let data = {}
  try {
    data = await response.json()
  } catch {
    // An empty or non-JSON answer: the status says enough.
  }
  return { status: response.status, data }
}

function explain({ status, data }) {
  if (status === 429) return 'Too many attempts. Wait a few minutes and try again.'
  if (status === 400 && data.error) return `Please check your input: ${data.error}.`
  return data.error ? `${data.error[0].toUpperCase()}${data.error.slice(1)}.` : `Something went wrong (HTTP ${status}).`
}

/** The key for manual entry, in groups of four as authenticator apps show it. */
function formatSecret(uri) {
  const secret = new URL(uri).searchParams.get('secret') || ''
  return secret.replace(/(.{4})(?=.)/g, '$1 ')
}

function showView(name) {
  for (const view of ['signed-out', 'second-factor', 'account']) $(`view-${view}`).hidden = view !== name
}

function showRecoveryCodes(codes) {
  const list = $('recovery-list')
  list.replaceChildren(...codes.map((code) => Object.assign(document.createElement('li'), { textContent: code })))
  $('recovery-codes').hidden = false
}

// Hidden is not gone: what is only hidden stays in the DOM, for any script,
// extension or saved page to read. So the codes and the secret are removed.
function hideRecoveryCodes() {
  $('recovery-list').replaceChildren()
  $('recovery-codes').hidden = true
}

function hideEnrollment() {
  $('qr').removeAttribute('src')
  $('secret').textContent = ''
  $('uri').setAttribute('href', '#')
  $('confirm-code').value = ''
  $('enrollment').hidden = true
}

function hideStepUp() {
  $('stepup-password').value = ''
  $('stepup-form').hidden = true
}

async function render() {
  const { data } = await call('GET', '/api/session')
  if (data.stage === 'second-factor') {
    $('email-code-offer').hidden = !(data.methods || []).includes('email')
    return showView('second-factor')
  }
  if (data.stage !== 'full') return showView('signed-out')
  const me = await call('GET', '/api/me')
  if (me.status !== 200) return showView('signed-out')
  const { email, twoFactor, emailCodes, recoveryCodesLeft } = me.data
  $('account-email').textContent = email
  $('factor-state').textContent = twoFactor.enabled
    ? `Two-factor sign-in is on. Recovery codes left: ${recoveryCodesLeft}.`
    : 'Two-factor sign-in is off: your password alone signs you in.'
  $('setup-button').hidden = twoFactor.enabled || !$('stepup-form').hidden
  $('manage-form').hidden = !twoFactor.enabled
  $('email-codes').hidden = !twoFactor.enabled || !emailCodes.available
  $('email-codes-state').textContent = emailCodes.enabled
    ? 'On: "E-mail me a code" can finish a sign-in. Whoever reads your mailbox and knows your password could sign in without your phone.'
    : 'Off: only your authenticator app or a recovery code finishes a sign-in.'
  $('email-codes-off').hidden = !emailCodes.enabled
  $('email-codes-on-hint').hidden = emailCodes.enabled
  showView('account')
}

/**
 * A code from the app (digits) or else a recovery code, as the API takes
 * them; undefined, and said, when nothing was typed (a blank would count as a
 * wrong code).
 */
function proofFrom(input) {
  const typed = input.value.trim()
  input.value = ''
  if (typed === '') {
    say('Type a current code from your app, or a recovery code, first.', 'bad')
    input.focus()
    return undefined
  }
  return /^\d{6,10}$/.test(typed) ? { code: typed } : { recoveryCode: typed }
}

/** Runs a form's work with its buttons disabled; a network failure is said, not thrown. */
function handle(form, event, work) {
  event.preventDefault()
  const buttons = [...form.querySelectorAll('button')]
  for (const button of buttons) button.disabled = true
  Promise.resolve()
    .then(work)
    .catch(() => say('Cannot reach the server.', 'bad'))
    .finally(() => {
      for (const button of buttons) button.disabled = false
    })
}

$('signup-form').addEventListener('submit', (event) =>
  handle(event.target, event, async () => {
    const answer = await call('POST', '/api/signup', { email: $('signup-email').value, password: $('signup-password').value })
    if (answer.status !== 201) return say(explain(answer), 'bad')
    $('signup-password').value = ''
    say('Account created: you are signed in.', 'ok')
    await render()
  }),
)

$('signin-form').addEventListener('submit', (event) =>
  handle(event.target, event, async () => {
    const answer = await call('POST', '/api/signin', { email: $('signin-email').value, password: $('signin-password').value })
    if (answer.status !== 200) return say(explain(answer), 'bad')
    $('signin-password').value = ''
    say(answer.data.stage === 'full' ? 'Signed in.' : 'Password accepted. Now the code from your app.', 'ok')
    await render()
    if (answer.data.stage !== 'full') $('totp-code').focus()
  }),
)

async function secondFactor(path, input) {
  const answer = await call('POST', path, { code: input.value })
  input.value = ''
  if (answer.status !== 200) return say(explain(answer), 'bad')
  const byRecoveryCode = answer.data.recoveryCodesLeft !== undefined
  say(
    byRecoveryCode ? `Signed in with a recovery code. Recovery codes left: ${answer.data.recoveryCodesLeft}.` : 'Signed in.',
    'ok',
  )
  $('after-recovery').hidden = !byRecoveryCode
  await render()
}

$('totp-form').addEventListener('submit', (event) =>
  handle(event.target, event, () => secondFactor('/api/signin/totp', $('totp-code'))),
)
$('recovery-form').addEventListener('submit', (event) =>
  handle(event.target, event, () => secondFactor('/api/signin/recovery', $('recovery-code'))),
)

$('email-code-button').addEventListener('click', (event) =>
  handle(event.target.closest('section'), event, async () => {
    const answer = await call('POST', '/api/signin/email-code', {})
    if (answer.status !== 202) return say(explain(answer), 'bad')
    say('A code is on its way to your e-mail address. Type it in the code field.', 'ok')
  }),
)

function showEnrollment({ uri, qrDataUrl }) {
  $('qr').src = qrDataUrl
  $('secret').textContent = formatSecret(uri)
  $('uri').href = uri
  $('enrollment').hidden = false
  $('confirm-code').focus()
}

// Turning two-factor sign-in on asks for the password again: a session
// left open (or stolen) must not be enough to put a phone on the account.
$('setup-button').addEventListener('click', () => {
  $('setup-button').hidden = true
  $('stepup-form').hidden = false
  $('stepup-password').focus()
})
$('stepup-cancel').addEventListener('click', () => {
  hideStepUp()
  $('setup-button').hidden = false
})

$('stepup-form').addEventListener('submit', (event) =>
  handle(event.target, event, async () => {
    const answer = await call('POST', '/api/2fa/enroll', { password: $('stepup-password').value })
    $('stepup-password').value = ''
    if (answer.status !== 201) return say(answer.status === 401 ? 'Wrong password.' : explain(answer), 'bad')
    hideStepUp()
    showEnrollment(answer.data)
    say('Scan the QR code, then type the code your app shows to turn it on.', 'ok')
  }),
)

$('confirm-form').addEventListener('submit', (event) =>
  handle(event.target, event, async () => {
    const answer = await call('POST', '/api/2fa/confirm', { code: $('confirm-code').value })
    $('confirm-code').value = ''
    if (answer.status !== 200) return say(explain(answer), 'bad')
    hideEnrollment()
    showRecoveryCodes(answer.data.recoveryCodes)
    say('Two-factor sign-in is on.', 'ok')
    await render()
  }),
)

$('saved-button').addEventListener('click', hideRecoveryCodes)

$('manage-form').addEventListener('submit', (event) =>
  handle(event.target, event, async () => {
    const action = event.submitter && event.submitter.dataset.action
    const proof = proofFrom($('manage-code'))
    if (!proof) return
    const path = { replace: '/api/2fa/enroll', 'recovery-codes': '/api/2fa/recovery-codes', disable: '/api/2fa/disable' }[action]
    const answer = await call('POST', path, proof)
    if (answer.status !== 200 && answer.status !== 201) return say(explain(answer), 'bad')
    if (action === 'replace') {
      showEnrollment(answer.data)
      say('Scan the new QR code and type its code; until then the old app keeps working.', 'ok')
    } else if (action === 'recovery-codes') {
      showRecoveryCodes(answer.data.recoveryCodes)
      say('New recovery codes: the old ones no longer work.', 'ok')
    } else {
      hideEnrollment()
      hideRecoveryCodes()
      say('Two-factor sign-in is off.', 'ok')
    }
    await render()
  }),
)

async function setEmailCodes(body) {
  const answer = await call('POST', '/api/2fa/email-codes', body)
  if (answer.status !== 200) return say(explain(answer), 'bad')
  say(body.enabled ? 'E-mailed codes are allowed again.' : 'E-mailed codes are off.', 'ok')
  await render()
}
$('email-codes-off').addEventListener('click', (event) =>
  handle(event.target.parentElement, event, () => setEmailCodes({ enabled: false })),
)
$('email-codes-on').addEventListener('click', (event) =>
  handle(event.target.parentElement, event, async () => {
    const proof = proofFrom($('manage-code'))
    if (proof) await setEmailCodes({ enabled: true, ...proof })
  }),
)

$('signout-others-button').addEventListener('click', (event) =>
  handle(event.target.parentElement, event, async () => {
    const answer = await call('POST', '/api/signout/others', {})
    if (answer.status !== 200) return say(explain(answer), 'bad')
    $('after-recovery').hidden = true
    say('Every other session of your account is signed out.', 'ok')
  }),
)

async function signOut() {
  await call('POST', '/api/signout', {})
  hideEnrollment()
  hideRecoveryCodes()
  hideStepUp()
  $('after-recovery').hidden = true
  say('Signed out.', 'ok')
  await render()
}
$('signout-button').addEventListener('click', (event) => handle(event.target.parentElement, event, signOut))
$('cancel-button').addEventListener('click', (event) => handle(event.target.parentElement, event, signOut))

render().catch(() => say('Cannot reach the server.', 'bad'))
