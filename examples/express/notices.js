'use strict'

// The security notices mailed to an account (OWASP Multifactor Authentication
// Cheat Sheet: notify the user when a factor is added, removed or replaced,
// and when a fallback one is used). Each says what happened, when, and from
// which client address, and what to do if it was not them. No notice holds a
// code, a secret or a link: a mail that asks for nothing cannot be mimicked
// to phish.

const NOTICES = {
  'two-factor-on': {
    subject: 'two-factor sign-in turned on',
    what: 'Two-factor sign-in was turned on for your account: signing in now asks for a code from an authenticator app.',
    ifNotYou: 'someone else knows your password and has signed in as you. Contact support at once.',
  },
  'two-factor-off': {
    subject: 'two-factor sign-in turned off',
    what: 'Two-factor sign-in was turned off for your account: your password alone now signs you in, and your recovery codes no longer work.',
    ifNotYou: 'someone who can sign in as you has turned it off. Sign in, turn it on again with your own phone, and contact support.',
  },
  'authenticator-replaced': {
    subject: 'authenticator app replaced',
    what: 'The authenticator app of your account was replaced: codes from the app you used until now no longer work, and new recovery codes replace the old ones.',
    ifNotYou: 'someone who can sign in as you has moved your second factor to their phone. Contact support at once.',
  },
  'recovery-codes-replaced': {
    subject: 'new recovery codes',
    what: 'New recovery codes were made for your account, and every other session of it was signed out. The old codes no longer work.',
    ifNotYou: 'someone who can sign in as you has them. Sign in, make new ones, and contact support.',
  },
  'signed-in-with-recovery-code': {
    subject: 'signed in with a recovery code',
    what: 'Someone signed in to your account with one of its recovery codes.',
    ifNotYou:
      'someone has your password and one of your recovery codes. Sign in, sign out everywhere else, make new recovery codes, and contact support.',
  },
  'signed-in-with-email-code': {
    subject: 'signed in with a code sent by e-mail',
    what: 'Someone signed in to your account with a code sent to this address.',
    ifNotYou:
      'someone has your password and can read this mailbox. Change your mailbox password, sign in, turn off e-mailed codes, and contact support.',
  },
  'email-codes-on': {
    subject: 'e-mailed codes turned on',
    what: 'Signing in with a code sent to this address by e-mail was allowed again for your account.',
    ifNotYou: 'someone who can sign in as you has turned them on. Sign in, turn them off, and contact support.',
  },
  'email-codes-off': {
    subject: 'e-mailed codes turned off',
    what: 'Signing in with a code sent by e-mail was turned off for your account: only your authenticator app or a recovery code completes a sign-in now.',
    ifNotYou: 'someone who can sign in as you has turned them off. Sign in and check your account.',
  },
}

/**
 * The mail for one notice.
 * @param {keyof typeof NOTICES} kind
 * @param {{ issuer: string, email: string, at: number, address: string, recoveryCodesLeft?: number }} details
 * @returns {{ to: string, subject: string, text: string }}
 */
function notice(kind, { issuer, email, at, address, recoveryCodesLeft }) {
  const { subject, what, ifNotYou } = NOTICES[kind]
  const left = recoveryCodesLeft === undefined ? '' : `\nRecovery codes left: ${recoveryCodesLeft}.\n`
  return {
    to: email,
    subject: `${issuer}: ${subject}`,
    text:
      `${what}\n${left}\n` +
      `Account: ${email}\n` +
      `When: ${new Date(at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}\n` +
      `From the address: ${address}\n\n` +
      'If this was you, there is nothing to do.\n' +
      `If it was not you, ${ifNotYou}\n`,
  }
}

module.exports = { notice, NOTICE_KINDS: Object.keys(NOTICES) }
