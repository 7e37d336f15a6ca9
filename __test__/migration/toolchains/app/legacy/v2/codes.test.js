'use strict'

// Before the requires: this suite's files are not transformed, so nothing hoists it.
jest.mock('totp-generator', () => ({ TOTP: { generate: jest.fn(jest.requireActual('totp-generator').TOTP.generate) } }))

const { TOTP } = require('totp-generator')
const { accountCode, currentCode } = require('./codes')

const SECRET = 'JBSWY3DPEHPK3PXP'

test('the current code and the time it has left', async () => {
  expect(await Promise.all([currentCode(SECRET, 1665644340000 - 1), currentCode(SECRET, 1665644340000)])).toMatchSnapshot()
})

test('codes of every kind of account', async () => {
  const accounts = [
    { secret: SECRET, algorithm: 'SHA-1', digits: 6 },
    { secret: '12345678901234567890', ascii: true, algorithm: 'SHA-256', digits: 8 },
    { secret: SECRET, algorithm: 'SHA-512', digits: 10 },
    { secret: '3IS523AYRNFUE===', algorithm: 'SHA-1', digits: 9 },
  ]
  expect(await Promise.all(accounts.map(accountCode))).toMatchSnapshot()
  await expect(accountCode({ secret: 'not base32!', algorithm: 'SHA-1', digits: 6 })).rejects.toThrowErrorMatchingSnapshot()
})

test('a factory mock wraps the real generator and can replace one answer', async () => {
  TOTP.generate.mockResolvedValueOnce({ otp: '000001', expires: 30000 })
  await expect(currentCode(SECRET, 10000)).resolves.toEqual({ code: '000001', secondsLeft: 20 })
  expect(TOTP.generate).toHaveBeenCalledWith(SECRET, { timestamp: 10000 })
})
