#!/usr/bin/env node
'use strict'

// The command line of totp-native: secrets, codes, verification, otpauth://
// URIs, QR codes and derived per-user codes, for scripts and for people.
//
// Exit status: 0 success; 1 `verify` found the code invalid; 2 a usage
// error, bad input or a failure to write output (the message is on stderr).

const { parseArgs } = require('node:util')
const totp = require('..')

const { defaults } = totp

const PROGRAM = 'totp-native'
const EXIT_OK = 0
const EXIT_INVALID = 1
const EXIT_USAGE = 2

/** A failure whose message is for the user, with the exit status it maps to. */
class CliError extends Error {
  /**
   * @param {string} message
   * @param {string} [command] the command whose help to point to
   */
  constructor(message, command) {
    super(message)
    this.command = command
  }
}

/**
 * What `parseArgs` gives a command.
 * @typedef {{ values: Record<string, string | boolean | (string | boolean)[] | undefined>, positionals: string[] }} Parsed
 */

/**
 * A command-line option, with its line in the command's help.
 * @typedef {{ type: 'string' | 'boolean', short?: string, help: string }} Option
 */

/**
 * @typedef {object} Command
 * @property {string} summary
 * @property {string} usage
 * @property {string} description
 * @property {Record<string, Option>} options
 * @property {(parsed: Parsed) => number | Promise<number>} run
 */

// Options shared by the commands that compute codes, passed through to the
// library, which checks their values (and names what is wrong with them).
// The defaults in the help are the library's own.
/** @type {Record<string, Option>} */
const OTP_OPTIONS = {
  digits: { type: 'string', help: `--digits N        code length, 1 to 10 (default ${defaults.digits})` },
  period: { type: 'string', help: `--period SECONDS  time step (default ${defaults.period})` },
  algorithm: { type: 'string', help: `--algorithm NAME  SHA1, SHA256 or SHA512 (default ${defaults.algorithm})` },
  time: { type: 'string', help: '--time T          the time: ms since the epoch or an ISO 8601 date (default now)' },
  counter: { type: 'string', help: '--counter N       HOTP (RFC 4226) with this counter instead of TOTP' },
}

const SECRET_ON_STDIN =
  'The secret is base32 (any case; spaces and "=" ignored). Prefer stdin to an argument:\n' +
  "arguments are visible to other users of the machine (ps, shell history)."

/** @type {Record<string, Command>} */
const COMMANDS = {
  secret: {
    summary: 'print a new random secret (base32)',
    usage: 'secret [--bytes N]',
    description: 'Prints a secret from the operating system CSPRNG, as unpadded base32.',
    options: { bytes: { type: 'string', help: `--bytes N   secret size, 16 to 1024 bytes (default ${defaults.secretBytes})` } },
    run: commandSecret,
  },
  code: {
    summary: 'print the current code for a secret',
    usage: 'code [<secret>] [--digits N] [--period S] [--algorithm A] [--time T] [--counter N]',
    description: `Prints the TOTP code (RFC 6238) of <secret>, or of the secret read from stdin.\n${SECRET_ON_STDIN}`,
    options: OTP_OPTIONS,
    run: commandCode,
  },
  verify: {
    summary: 'check a code against a secret (exit 0 valid, 1 invalid)',
    usage: 'verify <code> [<secret>] [--window N] [--quiet] [--digits N] [--period S] [--algorithm A] [--time T] [--counter N]',
    description:
      'Checks <code> against <secret> (or the secret read from stdin), allowing --window\n' +
      'time steps (or counters) on each side. Exit status 0 when valid, 1 when not.\n' +
      SECRET_ON_STDIN,
    options: {
      window: { type: 'string', help: `--window N        steps accepted on each side (default ${defaults.window})` },
      quiet: { type: 'boolean', short: 'q', help: '--quiet, -q       print nothing; only the exit status tells' },
      ...OTP_OPTIONS,
    },
    run: commandVerify,
  },
  uri: {
    summary: 'print an otpauth:// URI for authenticator apps',
    usage: 'uri --account NAME [--issuer NAME] [--secret S] [--digits N] [--period S] [--algorithm A]',
    description:
      "Prints a Key Uri Format URI (the text of an enrollment QR code). Without --secret,\n" +
      'a new random secret is made; the URI contains it, so treat the output as a secret.',
    options: {
      account: { type: 'string', help: '--account NAME    the user, e.g. an e-mail address (required)' },
      issuer: { type: 'string', help: '--issuer NAME     the service, shown by the app' },
      secret: { type: 'string', help: '--secret S        base32 secret (default: a new random one)' },
      digits: OTP_OPTIONS.digits,
      period: OTP_OPTIONS.period,
      algorithm: OTP_OPTIONS.algorithm,
    },
    run: commandUri,
  },
  qr: {
    summary: 'draw a QR code in the terminal, or write it as SVG or PNG',
    usage: 'qr [<text>] [--utf8 | --svg FILE | --png FILE] [--error-correction L|M|Q|H]',
    description:
      'Draws <text> (or stdin) as a QR code in the terminal with colour escape codes, or\n' +
      'with --utf8 in block characters (for files and terminals without colour), or\n' +
      'writes it to FILE ("-" for stdout).\n' +
      'Typical use: totp-native qr "$(totp-native uri --account me@example.com)"',
    options: {
      utf8: { type: 'boolean', help: '--utf8                     draw with block characters, no escape codes' },
      svg: { type: 'string', help: '--svg FILE                 write an SVG image' },
      png: { type: 'string', help: '--png FILE                 write a PNG image' },
      'error-correction': {
        type: 'string',
        help: `--error-correction LEVEL   L, M, Q or H (default ${defaults.qr.errorCorrectionLevel})`,
      },
    },
    run: commandQr,
  },
  derive: {
    summary: 'print the current code of a per-user secret derived from TOTP_MASTER_KEY',
    usage: 'derive [<identity>] [--secret] [--digits N] [--period S] [--algorithm A] [--time T]',
    description:
      'Derives the secret of <identity> (or of each line read from stdin) from the master\n' +
      'key in the environment variable TOTP_MASTER_KEY (16 or more bytes; make one with\n' +
      '`totp-native secret --bytes 32`) with HKDF-SHA256, and prints its current code.\n' +
      'Only the holder of the master key can compute these secrets, unlike a hash of the\n' +
      'identity. The identity is used as given (surrounding spaces removed): normalise it\n' +
      'the way your server does, e.g. lower-case e-mail addresses.',
    options: {
      secret: { type: 'boolean', help: '--secret          print the derived secret instead of the code' },
      digits: OTP_OPTIONS.digits,
      period: OTP_OPTIONS.period,
      algorithm: OTP_OPTIONS.algorithm,
      time: OTP_OPTIONS.time,
    },
    run: commandDerive,
  },
}

/** @type {Record<string, { type: 'boolean', short: string }>} */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } }

function mainUsage() {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length))
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`)
  return (
    `Usage: ${PROGRAM} <command> [options]\n\n` +
    `Two-factor (TOTP/HOTP) secrets, codes, otpauth:// URIs and QR codes.\n\n` +
    `Commands:\n${lines.join('\n')}\n\n` +
    `Run "${PROGRAM} <command> --help" for a command's options.\n` +
    `Exit status: 0 ok, 1 code not valid (verify), 2 usage error or bad input.\n`
  )
}

/** @param {string} name */
function commandUsage(name) {
  const command = COMMANDS[name]
  const options = Object.values(command.options).map((option) => `  ${option.help}`)
  options.push('  --help, -h        show this help')
  return `Usage: ${PROGRAM} ${command.usage}\n\n${command.description}\n\nOptions:\n${options.join('\n')}\n`
}

// ---- argument helpers ------------------------------------------------------

/**
 * @param {Parsed['values']} values
 * @param {string} name
 * @param {string} command
 * @returns {number | undefined}
 */
function integerOption(values, name, command) {
  const text = values[name]
  if (text === undefined) return undefined
  if (typeof text !== 'string') throw new CliError(`--${name} takes a value`, command)
  if (!/^-?\d+$/.test(text)) throw new CliError(`--${name} must be an integer (got ${JSON.stringify(text)})`, command)
  return Number(text)
}

/**
 * @param {Parsed['values']} values
 * @param {string} command
 */
function timeOption(values, command) {
  const text = values.time
  if (text === undefined) return Date.now()
  if (typeof text !== 'string') throw new CliError('--time takes a value', command)
  if (/^\d+$/.test(text)) return Number(text)
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) {
    throw new CliError(`--time must be milliseconds since the epoch or an ISO 8601 date (got ${JSON.stringify(text)})`, command)
  }
  return ms
}

/**
 * @param {Parsed['values']} values
 * @param {string} command
 */
function otpOptions(values, command) {
  /** @type {import('..').TotpVerifyOptions} */
  const options = {}
  const digits = integerOption(values, 'digits', command)
  const period = integerOption(values, 'period', command)
  if (digits !== undefined) options.digits = digits
  if (period !== undefined) options.period = period
  if (typeof values.algorithm === 'string') options.algorithm = /** @type {import('..').Algorithm} */ (values.algorithm)
  return options
}

/**
 * The whole of stdin as text; a usage error when stdin is a terminal (nothing
 * piped). Read as a stream, not with readFileSync(0), which fails with EAGAIN
 * when the parent left stdin non-blocking.
 */
/**
 * @param {string} what
 * @param {string} command
 */
async function readStdin(what, command) {
  if (process.stdin.isTTY) throw new CliError(`missing ${what} (as an argument or on stdin)`, command)
  process.stdin.setEncoding('utf8')
  let text = ''
  for await (const chunk of process.stdin) text += chunk
  return text
}

/**
 * @param {string | undefined} positional
 * @param {string} command
 */
async function secretArgument(positional, command) {
  if (positional !== undefined) return positional
  const secret = (await readStdin('<secret>', command)).trim()
  if (secret === '') throw new CliError('missing <secret>: stdin was empty', command)
  return secret
}

/**
 * @param {string[]} positionals
 * @param {number} max
 * @param {string} command
 */
function expectPositionals(positionals, max, command) {
  if (positionals.length > max) {
    throw new CliError(`unexpected argument ${JSON.stringify(positionals[max])}`, command)
  }
}

/** @param {string} text */
function write(text) {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

// ---- commands --------------------------------------------------------------

/** @param {Parsed} parsed */
function commandSecret({ values, positionals }) {
  expectPositionals(positionals, 0, 'secret')
  const bytes = integerOption(values, 'bytes', 'secret')
  write(totp.generateSecret(bytes === undefined ? {} : { bytes }))
  return EXIT_OK
}

/** @param {Parsed} parsed */
async function commandCode({ values, positionals }) {
  expectPositionals(positionals, 1, 'code')
  const secret = await secretArgument(positionals[0], 'code')
  const options = otpOptions(values, 'code')
  const counter = integerOption(values, 'counter', 'code')
  if (counter !== undefined) {
    if (values.time !== undefined) throw new CliError('--time and --counter cannot be used together', 'code')
    write(totp.hotp.generate(secret, counter, options))
  } else {
    write(totp.generate(secret, { ...options, timestamp: timeOption(values, 'code') }))
  }
  return EXIT_OK
}

/** @param {Parsed} parsed */
async function commandVerify({ values, positionals }) {
  expectPositionals(positionals, 2, 'verify')
  if (positionals.length === 0) throw new CliError('missing <code>', 'verify')
  const code = positionals[0]
  const secret = await secretArgument(positionals[1], 'verify')
  const options = otpOptions(values, 'verify')
  const window = integerOption(values, 'window', 'verify')
  if (window !== undefined) options.window = window
  const counter = integerOption(values, 'counter', 'verify')
  /** @type {string | null} */
  let found
  if (counter !== undefined) {
    if (values.time !== undefined) throw new CliError('--time and --counter cannot be used together', 'verify')
    const match = totp.hotp.validate(code, secret, counter, options)
    found = match && `valid (counter ${match.counter}, delta ${match.delta})`
  } else {
    const match = totp.validate(code, secret, { ...options, timestamp: timeOption(values, 'verify') })
    found = match && `valid (time step ${match.timeStep}, delta ${match.delta})`
  }
  if (!values.quiet) write(found === null ? 'invalid' : found)
  return found === null ? EXIT_INVALID : EXIT_OK
}

/** @param {Parsed} parsed */
function commandUri({ values, positionals }) {
  expectPositionals(positionals, 0, 'uri')
  if (typeof values.account !== 'string') throw new CliError('missing --account', 'uri')
  /** @type {import('..').KeyUriOptions} */
  const options = {
    ...otpOptions(values, 'uri'),
    secret: typeof values.secret === 'string' ? values.secret : totp.generateSecret(),
    account: values.account,
  }
  if (typeof values.issuer === 'string') options.issuer = values.issuer
  write(totp.keyUri(options))
  return EXIT_OK
}

/** @param {Parsed} parsed */
async function commandQr({ values, positionals }) {
  expectPositionals(positionals, 1, 'qr')
  const formats = ['utf8', 'svg', 'png'].filter((format) => values[format] !== undefined)
  if (formats.length > 1) throw new CliError(`give one of --utf8, --svg and --png, not ${formats.map((f) => `--${f}`).join(' and ')}`, 'qr')
  let text = positionals[0]
  if (text === undefined) {
    // A trailing newline from `echo` or a file is not part of the text.
    text = (await readStdin('<text>', 'qr')).replace(/\r?\n$/, '')
    if (text === '') throw new CliError('missing <text>: stdin was empty', 'qr')
  }
  /** @type {import('..').qr.QrSymbolOptions} */
  const options = {}
  const level = values['error-correction']
  if (typeof level === 'string') options.errorCorrectionLevel = level
  const { qr } = totp
  const svg = values.svg
  const png = values.png
  if (typeof svg === 'string') {
    await output(svg, 'svg', () => qr.toString(text, { ...options, type: 'svg' }), () =>
      qr.toFile(svg, text, { ...options, type: 'svg' }),
    )
  } else if (typeof png === 'string') {
    await output(png, 'png', () => qr.toBuffer(text, { ...options, type: 'png' }), () =>
      qr.toFile(png, text, { ...options, type: 'png' }),
    )
  } else {
    process.stdout.write(await qr.toString(text, { ...options, type: values.utf8 ? 'utf8' : 'terminal' }))
  }
  return EXIT_OK
}

/**
 * Writes an image to stdout (`-`) or to a file, turning I/O failures into messages.
 *
 * @param {string} file
 * @param {string} kind
 * @param {() => Promise<string | Buffer>} render
 * @param {() => Promise<void>} toFile
 */
async function output(file, kind, render, toFile) {
  if (file === '-') {
    process.stdout.write(await render())
    return
  }
  try {
    await toFile()
  } catch (error) {
    const code = codeOf(error)
    if (code !== undefined && /^E[A-Z]+$/.test(code)) {
      throw new CliError(`cannot write ${kind} to ${file}: ${messageOf(error)}`, 'qr')
    }
    throw error
  }
}

/** @param {unknown} error */
function codeOf(error) {
  const code = error !== null && typeof error === 'object' ? /** @type {{ code?: unknown }} */ (error).code : undefined
  return typeof code === 'string' ? code : undefined
}

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error)
}

/** @param {Parsed} parsed */
async function commandDerive({ values, positionals }) {
  expectPositionals(positionals, 1, 'derive')
  const masterKey = process.env.TOTP_MASTER_KEY
  if (masterKey === undefined || masterKey === '') {
    throw new CliError('TOTP_MASTER_KEY is not set (make one with: totp-native secret --bytes 32)', 'derive')
  }
  const identities =
    positionals[0] !== undefined
      ? [positionals[0].trim()]
      : (await readStdin('<identity>', 'derive'))
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== '')
  if (identities.length === 0) throw new CliError('missing <identity>: stdin was empty', 'derive')
  if (identities.includes('')) throw new CliError('<identity> is empty', 'derive')
  const options = otpOptions(values, 'derive')
  const timestamp = timeOption(values, 'derive')
  const lines = identities.map((identity) => {
    const secret = totp.deriveSecret(masterKey, identity)
    return values.secret ? secret : totp.generate(secret, { ...options, timestamp })
  })
  write(lines.join('\n'))
  return EXIT_OK
}

// ---- main ------------------------------------------------------------------

/** @param {string[]} argv */
async function main(argv) {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined
    if (topic !== undefined && Object.hasOwn(COMMANDS, topic)) process.stdout.write(commandUsage(topic))
    else process.stdout.write(mainUsage())
    // No command at all is a usage error; asking for help is not.
    return name === undefined ? EXIT_USAGE : EXIT_OK
  }
  if (name === '--version' || name === '-V') {
    write(require('../package.json').version)
    return EXIT_OK
  }
  if (!Object.hasOwn(COMMANDS, name)) throw new CliError(`unknown command ${JSON.stringify(name)}`)
  const command = COMMANDS[name]
  /** @type {import('node:util').ParseArgsConfig['options']} */
  const config = { ...HELP_OPTION }
  for (const [option, { type, short }] of Object.entries(command.options)) {
    config[option] = short ? { type, short } : { type }
  }
  /** @type {Parsed} */
  let parsed
  try {
    parsed = parseArgs({ args: rest, options: config, allowPositionals: true, strict: true })
  } catch (error) {
    if (codeOf(error)?.startsWith('ERR_PARSE_ARGS')) throw new CliError(messageOf(error), name)
    throw error
  }
  if (parsed.values.help) {
    process.stdout.write(commandUsage(name))
    return EXIT_OK
  }
  return command.run(parsed)
}

/** @param {unknown} error */
function report(error) {
  if (error instanceof CliError) {
    const hint = error.command ? `${PROGRAM} ${error.command} --help` : `${PROGRAM} --help`
    process.stderr.write(`${PROGRAM}: ${error.message}\nSee "${hint}".\n`)
    return EXIT_USAGE
  }
  // The library's errors (a bad secret, an out-of-range option) name the
  // argument and what would be valid: that message is the useful part.
  if (/^ERR_(TOTP|QR)_/.test(codeOf(error) ?? '')) {
    process.stderr.write(`${PROGRAM}: ${messageOf(error)}\n`)
    return EXIT_USAGE
  }
  process.stderr.write(`${PROGRAM}: ${(error instanceof Error && error.stack) || error}\n`)
  return EXIT_USAGE
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status
    },
    (error) => {
      process.exitCode = report(error)
    },
  )
}

module.exports = { main }
