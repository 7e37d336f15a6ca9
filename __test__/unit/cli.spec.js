'use strict'

// The command-line tool, run as users run it: a child process with
// arguments, stdin and environment, judged by its stdout, stderr and exit
// status. Expected codes come from oathtool (an independent C
// implementation), expected URIs are read back by otpauth, QR images are
// decoded by jsQR, and derived secrets are recomputed with node:crypto's HKDF.

const { spawnSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const OTPAuth = require('otpauth')
const jsQR = require('jsqr')
const { PNG } = require('pngjs')
const { testWith } = require('../helpers')

const CLI = path.join(__dirname, '..', '..', 'bin', 'totp-native.js')
const SECRET = 'JBSWY3DPEHPK3PXP' // the RFC-less classic from Google's Key Uri Format page
const MASTER_KEY = 'an example master key, 32+ bytes long'

function run(args, { input, env } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    input: input === undefined ? '' : input,
    env: { ...process.env, TOTP_MASTER_KEY: '', ...env },
    encoding: 'utf8',
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

function oathtool(args) {
  const result = spawnSync('oathtool', args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`oathtool ${args.join(' ')}: ${result.stderr}`)
  return result.stdout.trim()
}

/** oathtool's -N form of a time in ms (whole seconds). */
function oathTime(ms) {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')
}

const withOathtool = testWith('oathtool', 'oathtool')

// Times spread over the range: the RFC 6238 test times, a recent one and a
// step boundary.
const TIMES = [59000, 1111111109000, 1234567890000, 2000000000000, 1700000000000, 1700000010000]

describe('totp-native code', () => {
  withOathtool('prints the TOTP code oathtool gives at the same time', () => {
    for (const time of TIMES) {
      const expected = oathtool(['--totp', '-b', '-N', oathTime(time), SECRET])
      expect(run(['code', SECRET, '--time', String(time)])).toEqual({ status: 0, stdout: `${expected}\n`, stderr: '' })
    }
  })

  withOathtool('accepts --time as an ISO 8601 date', () => {
    const expected = oathtool(['--totp', '-b', '-N', '2030-06-01 12:00:00 UTC', SECRET])
    expect(run(['code', SECRET, '--time', '2030-06-01T12:00:00Z']).stdout).toBe(`${expected}\n`)
  })

  withOathtool('honours --digits, --period and --algorithm as oathtool does', () => {
    const time = 1700000000000
    const cases = [
      [['--digits', '8'], ['--totp', '--digits=8']],
      [['--period', '60'], ['--totp', '--time-step-size=60s']],
      [['--algorithm', 'SHA256'], ['--totp=sha256']],
      [['--algorithm', 'SHA512', '--digits', '8'], ['--totp=sha512', '--digits=8']],
    ]
    for (const [ours, theirs] of cases) {
      const expected = oathtool([...theirs, '-b', '-N', oathTime(time), SECRET])
      expect(run(['code', SECRET, '--time', String(time), ...ours]).stdout).toBe(`${expected}\n`)
    }
  })

  withOathtool('prints the HOTP code for --counter', () => {
    for (const counter of [0, 1, 9, 1000, 2 ** 32]) {
      const expected = oathtool(['--hotp', '-b', '-c', String(counter), SECRET])
      expect(run(['code', SECRET, '--counter', String(counter)]).stdout).toBe(`${expected}\n`)
    }
  })

  withOathtool('reads the secret from stdin when none is given, ignoring the newline', () => {
    const secret = new OTPAuth.Secret({ size: 20 }).base32
    const expected = oathtool(['--totp', '-b', '-N', oathTime(1700000000000), secret])
    expect(run(['code', '--time', '1700000000000'], { input: `${secret}\n` })).toEqual({
      status: 0,
      stdout: `${expected}\n`,
      stderr: '',
    })
  })

  test('without a time prints the code of now', () => {
    const totp = new OTPAuth.TOTP({ secret: SECRET })
    const before = totp.generate()
    const { stdout } = run(['code', SECRET])
    expect([before, totp.generate()]).toContain(stdout.trim())
  })

  test('refuses a bad secret with exit 2, naming the character', () => {
    const { status, stdout, stderr } = run(['code', 'JBSW!3DP'])
    expect(status).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/'!'/)
    expect(stderr).not.toMatch(/\n\s+at /) // a message, not a stack trace
  })

  test('refuses an empty stdin, a bad --time and --time with --counter, with exit 2', () => {
    expect(run(['code'], { input: '' })).toMatchObject({ status: 2, stdout: '', stderr: expect.stringMatching(/secret/) })
    expect(run(['code', SECRET, '--time', 'yesterday'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--time/) })
    expect(run(['code', SECRET, '--time', '0', '--counter', '1'])).toMatchObject({ status: 2 })
    expect(run(['code', SECRET, '--digits', 'six'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--digits/) })
    expect(run(['code', SECRET, '--digits', '11'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/digits/) })
  })
})

describe('totp-native verify', () => {
  const time = 1700000000000

  withOathtool("exits 0 for oathtool's code and 1 for another", () => {
    const code = oathtool(['--totp', '-b', '-N', oathTime(time), SECRET])
    const valid = run(['verify', code, SECRET, '--time', String(time)])
    expect(valid.status).toBe(0)
    expect(valid.stdout).toMatch(/^valid \(time step 56666666, delta 0\)\n$/)
    const wrong = String((Number(code) + 1) % 1e6).padStart(6, '0')
    expect(run(['verify', wrong, SECRET, '--time', String(time)])).toEqual({ status: 1, stdout: 'invalid\n', stderr: '' })
  })

  withOathtool('accepts one step either side by default and --window steps when given', () => {
    const twoStepsAgo = oathtool(['--totp', '-b', '-N', oathTime(time - 60000), SECRET])
    const oneStepAgo = oathtool(['--totp', '-b', '-N', oathTime(time - 30000), SECRET])
    expect(run(['verify', oneStepAgo, SECRET, '--time', String(time)]).stdout).toMatch(/delta -1/)
    expect(run(['verify', twoStepsAgo, SECRET, '--time', String(time)]).status).toBe(1)
    expect(run(['verify', twoStepsAgo, SECRET, '--time', String(time), '--window', '2']).status).toBe(0)
  })

  withOathtool('verifies HOTP codes with --counter', () => {
    const code = oathtool(['--hotp', '-b', '-c', '42', SECRET])
    expect(run(['verify', code, SECRET, '--counter', '41']).stdout).toBe('valid (counter 42, delta 1)\n')
    expect(run(['verify', code, SECRET, '--counter', '44']).status).toBe(1)
  })

  withOathtool('reads the secret from stdin, and --quiet prints nothing', () => {
    const code = oathtool(['--totp', '-b', '-N', oathTime(time), SECRET])
    expect(run(['verify', '-q', code, '--time', String(time)], { input: SECRET })).toEqual({ status: 0, stdout: '', stderr: '' })
    expect(run(['verify', '--quiet', '000000', '--time', String(time)], { input: SECRET }).stdout).toBe('')
  })

  test('treats a malformed code as invalid (1), and a bad secret or missing code as usage errors (2)', () => {
    expect(run(['verify', '12a456', SECRET]).status).toBe(1)
    expect(run(['verify', '123', SECRET]).status).toBe(1)
    expect(run(['verify', '123456', 'not base32!']).status).toBe(2)
    expect(run(['verify']).status).toBe(2)
    expect(run(['verify', '1', '2', '3']).status).toBe(2)
  })
})

describe('totp-native secret', () => {
  test('prints 20 random bytes as base32 by default, and --bytes of them when asked', () => {
    const first = run(['secret'])
    expect(first.status).toBe(0)
    expect(first.stdout).toMatch(/^[A-Z2-7]{32}\n$/)
    expect(OTPAuth.Secret.fromBase32(first.stdout.trim()).bytes).toHaveLength(20)
    expect(run(['secret']).stdout).not.toBe(first.stdout)
    const long = run(['secret', '--bytes', '32']).stdout.trim()
    expect(OTPAuth.Secret.fromBase32(long).bytes).toHaveLength(32)
  })

  test('refuses fewer than 16 bytes with exit 2', () => {
    const { status, stderr } = run(['secret', '--bytes', '10'])
    expect(status).toBe(2)
    expect(stderr).toMatch(/bytes/)
  })

  withOathtool('makes secrets oathtool accepts', () => {
    const secret = run(['secret']).stdout.trim()
    const expected = oathtool(['--totp', '-b', '-N', oathTime(1700000000000), secret])
    expect(run(['code', secret, '--time', '1700000000000']).stdout.trim()).toBe(expected)
  })
})

describe('totp-native uri', () => {
  test('prints a Key Uri Format URI that otpauth reads back', () => {
    const { status, stdout } = run(['uri', '--issuer', 'ACME Co', '--account', 'alice@example.com', '--secret', SECRET])
    expect(status).toBe(0)
    const parsed = OTPAuth.URI.parse(stdout.trim())
    expect(parsed).toBeInstanceOf(OTPAuth.TOTP)
    expect(parsed.issuer).toBe('ACME Co')
    expect(parsed.label).toBe('alice@example.com')
    expect(parsed.secret.base32).toBe(SECRET)
  })

  test('makes a new secret when none is given, and passes --digits, --period and --algorithm', () => {
    const first = OTPAuth.URI.parse(run(['uri', '--account', 'bob', '--digits', '8', '--period', '60', '--algorithm', 'SHA256']).stdout.trim())
    const second = OTPAuth.URI.parse(run(['uri', '--account', 'bob']).stdout.trim())
    expect(first.secret.bytes).toHaveLength(20)
    expect(first.secret.base32).not.toBe(second.secret.base32)
    expect([first.digits, first.period, first.algorithm]).toEqual([8, 60, 'SHA256'])
  })

  test('requires --account, and refuses an account with a colon', () => {
    expect(run(['uri', '--issuer', 'ACME'])).toMatchObject({ status: 2, stdout: '', stderr: expect.stringMatching(/--account/) })
    expect(run(['uri', '--account', 'a:b']).status).toBe(2)
  })
})

describe('totp-native derive', () => {
  /** The secret by HKDF-SHA256 as deriveSecret documents it: no salt, info `totp-native\0identity`. */
  function expectedSecret(identity) {
    const bytes = crypto.hkdfSync('sha256', Buffer.from(MASTER_KEY), Buffer.alloc(0), Buffer.from(`totp-native\0${identity}`), 20)
    return new OTPAuth.Secret({ buffer: bytes }).base32
  }

  test('--secret prints the HKDF-SHA256 secret of the identity under TOTP_MASTER_KEY', () => {
    const { status, stdout } = run(['derive', 'alice@example.com', '--secret'], { env: { TOTP_MASTER_KEY: MASTER_KEY } })
    expect(status).toBe(0)
    expect(stdout).toBe(`${expectedSecret('alice@example.com')}\n`)
  })

  withOathtool("prints the derived secret's code, for an identity on stdin as the seeds' totp.py did", () => {
    const time = 1700000000000
    const expected = oathtool(['--totp', '-b', '-N', oathTime(time), expectedSecret('alice@example.com')])
    const env = { TOTP_MASTER_KEY: MASTER_KEY }
    expect(run(['derive', '--time', String(time)], { input: 'alice@example.com\n', env })).toEqual({
      status: 0,
      stdout: `${expected}\n`,
      stderr: '',
    })
    expect(run(['derive', 'alice@example.com', '--time', String(time)], { env }).stdout).toBe(`${expected}\n`)
  })

  withOathtool('prints one code per identity line on stdin', () => {
    const time = 1700000000000
    const identities = ['alice@example.com', 'bob@example.com', 'carol@example.com']
    const expected = identities.map((identity) => oathtool(['--totp', '-b', '-N', oathTime(time), expectedSecret(identity)]))
    const { stdout } = run(['derive', '--time', String(time)], { input: identities.join('\n') + '\n\n', env: { TOTP_MASTER_KEY: MASTER_KEY } })
    expect(stdout).toBe(expected.join('\n') + '\n')
  })

  test('gives different secrets under different master keys', () => {
    const one = run(['derive', 'alice', '--secret'], { env: { TOTP_MASTER_KEY: MASTER_KEY } }).stdout
    const two = run(['derive', 'alice', '--secret'], { env: { TOTP_MASTER_KEY: `${MASTER_KEY}!` } }).stdout
    expect(one).not.toBe(two)
  })

  test('refuses a missing or short master key and an empty identity, with exit 2', () => {
    expect(run(['derive', 'alice'])).toMatchObject({ status: 2, stdout: '', stderr: expect.stringMatching(/TOTP_MASTER_KEY/) })
    expect(run(['derive', 'alice'], { env: { TOTP_MASTER_KEY: 'short' } })).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/masterKey must be 16 to 1024 bytes/),
    })
    expect(run(['derive'], { input: '\n', env: { TOTP_MASTER_KEY: MASTER_KEY } }).status).toBe(2)
    expect(run(['derive', '  '], { env: { TOTP_MASTER_KEY: MASTER_KEY } }).status).toBe(2)
  })
})

describe('totp-native qr', () => {
  const URI = `otpauth://totp/ACME:alice@example.com?secret=${SECRET}&issuer=ACME`
  let dir
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'totp-native-cli-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  function decodePng(buffer) {
    const png = PNG.sync.read(buffer)
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
    return decoded && decoded.data
  }

  test('--png writes a PNG that jsQR decodes to the text', () => {
    const file = path.join(dir, 'code.png')
    expect(run(['qr', URI, '--png', file])).toEqual({ status: 0, stdout: '', stderr: '' })
    expect(decodePng(fs.readFileSync(file))).toBe(URI)
  })

  test('--png - writes the PNG to stdout; the text may come on stdin', () => {
    const result = spawnSync(process.execPath, [CLI, 'qr', '--png', '-'], { input: `${URI}\n` })
    expect(result.status).toBe(0)
    expect(decodePng(result.stdout)).toBe(URI)
  })

  test('--svg writes an SVG image', () => {
    const file = path.join(dir, 'code.svg')
    expect(run(['qr', URI, '--svg', file]).status).toBe(0)
    const svg = fs.readFileSync(file, 'utf8')
    expect(svg).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* viewBox="0 0 \d+ \d+"/)
    expect(svg.trimEnd()).toMatch(/<\/svg>$/)
  })

  test('draws in the terminal by default: one line per module row plus a border', () => {
    const { status, stdout } = run(['qr', 'hello'])
    expect(status).toBe(0)
    const lines = stdout.split('\n').filter(Boolean)
    expect(stdout).toContain('\x1b[40m  \x1b[0m')
    // 'hello' fits version 1 (21 modules); one module of border on each side.
    expect(lines).toHaveLength(21 + 2)
  })

  test('refuses text too long for a QR code, an unwritable file and both formats at once, with exit 2', () => {
    expect(run(['qr', 'x'.repeat(3000)])).toMatchObject({ status: 2, stdout: '', stderr: expect.stringMatching(/too big|too long/i) })
    expect(run(['qr', 'hi', '--png', path.join(dir, 'missing', 'dir', 'x.png')])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/cannot write png/),
    })
    expect(run(['qr', 'hi', '--png', 'a.png', '--svg', 'a.svg']).status).toBe(2)
  })
})

describe('totp-native help and usage errors', () => {
  test.each(['secret', 'code', 'verify', 'uri', 'qr', 'derive'])('%s --help describes the command and exits 0', (name) => {
    const { status, stdout, stderr } = run([name, '--help'])
    expect(status).toBe(0)
    expect(stdout).toMatch(new RegExp(`^Usage: totp-native ${name}`))
    expect(stdout).toMatch(/--help/)
    expect(stderr).toBe('')
    expect(run(['help', name]).stdout).toBe(stdout)
  })

  test('--help lists every command; no command at all is a usage error', () => {
    const help = run(['--help'])
    expect(help.status).toBe(0)
    for (const name of ['secret', 'code', 'verify', 'uri', 'qr', 'derive']) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'))
    expect(run([]).status).toBe(2)
  })

  test('--version prints the package version', () => {
    expect(run(['--version']).stdout).toBe(`${require('../../package.json').version}\n`)
  })

  test('an unknown command or option is exit 2 with a pointer to --help on stderr', () => {
    const command = run(['frobnicate'])
    expect(command).toMatchObject({ status: 2, stdout: '' })
    expect(command.stderr).toMatch(/unknown command "frobnicate"[\s\S]*totp-native --help/)
    const option = run(['code', SECRET, '--bogus'])
    expect(option).toMatchObject({ status: 2, stdout: '' })
    expect(option.stderr).toMatch(/--bogus[\s\S]*totp-native code --help/)
  })
})
