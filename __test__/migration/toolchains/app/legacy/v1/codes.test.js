'use strict'

const { TOTP } = require('totp-generator')
const { currentCode, verify } = require('./codes')

const SECRET = 'JBSWY3DPEHPK3PXP'

test('the current code and the time it has left', () => {
  expect([currentCode(SECRET, 1665644340000 - 1), currentCode(SECRET, 1665644340000)]).toMatchSnapshot()
})

test('codes either side of now are accepted', () => {
  const now = 1465324707000
  expect(verify(SECRET, TOTP.generate(SECRET, { timestamp: now - 30000 }).otp, now)).toBe(true)
  expect(verify(SECRET, TOTP.generate(SECRET, { timestamp: now - 90000 }).otp, now)).toBe(false)
})

test('options 1.0 takes, missing and undefined ones included', () => {
  jest.spyOn(Date, 'now').mockReturnValue(1465324707000)
  const options = [undefined, {}, { digits: 8, algorithm: 'SHA-256' }, { period: 60, timestamp: 0 }, { timestamp: undefined }]
  expect(options.map((option) => TOTP.generate(SECRET, option))).toMatchSnapshot()
  expect(() => TOTP.generate('not base32!')).toThrowErrorMatchingSnapshot()
  jest.restoreAllMocks()
})

test('a spy replaces one answer', () => {
  const spy = jest.spyOn(TOTP, 'generate').mockReturnValueOnce({ otp: '999999', expires: 5000 })
  expect(currentCode(SECRET, 0)).toEqual({ code: '999999', secondsLeft: 5 })
  expect(spy).toHaveBeenCalledTimes(1)
  spy.mockRestore()
})
