import { TOTP } from 'totp-generator'
import { currentCode, verifyCode } from './two-factor'

jest.mock('totp-generator')

afterEach(() => jest.resetAllMocks())

test('verifyCode compares the code with the generated ones', () => {
  ;(TOTP.generate as jest.Mock).mockReturnValue({ otp: '123456', expires: 30_000 })
  expect(verifyCode('ANY', '123456', 0)).toBe(true)
  expect(TOTP.generate).toHaveBeenCalledWith('ANY', { timestamp: -30_000 })
})

test('currentCode takes the code and the expiry from the generator', () => {
  jest.useFakeTimers().setSystemTime(10_000)
  jest.mocked(TOTP).generate.mockReturnValueOnce({ otp: '000001', expires: 30_000 })
  expect(currentCode('ANY')).toEqual({ code: '000001', secondsLeft: 20 })
  jest.useRealTimers()
})
