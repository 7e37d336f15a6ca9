import { TOTP } from 'totp-generator'
import { codesFor, currentCode, verifyCode } from './two-factor'

const SECRET = 'JBSWY3DPEHPK3PXP'

describe('two-factor codes', () => {
  beforeEach(() => jest.useFakeTimers().setSystemTime(1665644340000 - 1))
  afterEach(() => jest.useRealTimers())

  test('the current code, and the time it has left', () => {
    expect(currentCode(SECRET)).toEqual({ code: '134996', secondsLeft: 0 })
    jest.setSystemTime(1665644340000)
    expect(currentCode(SECRET)).toEqual({ code: '886842', secondsLeft: 30 })
  })

  test('codes of the next and previous periods are accepted, older ones are not', () => {
    const at = (timestamp: number) => TOTP.generate(SECRET, { timestamp }).otp
    expect(verifyCode(SECRET, at(Date.now() - 30_000))).toBe(true)
    expect(verifyCode(SECRET, at(Date.now() + 30_000))).toBe(true)
    expect(verifyCode(SECRET, at(Date.now() - 90_000))).toBe(false)
  })

  test('codes and expiry times for every setting, missing and undefined ones included', () => {
    expect(
      codesFor(SECRET, [
        undefined,
        {},
        { digits: 8, algorithm: 'SHA-256' },
        { digits: 10, period: 60 },
        { algorithm: 'SHA-512', timestamp: 1465324707000 },
        { timestamp: undefined },
        { digits: 0 },
      ]),
    ).toMatchSnapshot()
  })

  test('a secret that is not base32 is an error', () => {
    expect(() => currentCode('not base32!')).toThrow('Invalid base32 character in key')
  })
})
