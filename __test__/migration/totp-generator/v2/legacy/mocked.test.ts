import { TOTP } from 'totp-generator'
import { currentCode, verifyCode } from './two-factor'

jest.mock('totp-generator')

afterEach(() => jest.resetAllMocks())

test('verifyCode compares the code with the generated ones', async () => {
  jest.mocked(TOTP).generate.mockResolvedValue({ otp: '123456', expires: 30_000 })
  await expect(verifyCode('ANY', '123456', 0)).resolves.toBe(true)
  expect(TOTP.generate).toHaveBeenCalledWith('ANY', { timestamp: 30_000 })
})

test('currentCode takes the code and the expiry from the generator', async () => {
  jest.useFakeTimers().setSystemTime(10_000)
  jest.mocked(TOTP).generate.mockResolvedValueOnce({ otp: '000001', expires: 30_000 })
  await expect(currentCode('ANY')).resolves.toEqual({ code: '000001', secondsLeft: 20 })
  jest.useRealTimers()
})

test('a rejection from the generator reaches the caller', async () => {
  ;(TOTP.generate as jest.Mock).mockRejectedValueOnce(new Error('Invalid base32 character in key'))
  await expect(currentCode('ANY')).rejects.toThrow('Invalid base32 character in key')
})
