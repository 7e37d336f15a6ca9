import { TOTP } from 'totp-native/compat/totp-generator-1'
import { currentCode } from './two-factor'

test('a spy sees the calls and can replace one answer', () => {
  const spy = jest.spyOn(TOTP, 'generate').mockReturnValueOnce({ otp: '999999', expires: Date.now() + 5_000 })
  expect(currentCode('JBSWY3DPEHPK3PXP')).toEqual({ code: '999999', secondsLeft: 5 })
  // The next call is the real one again.
  expect(currentCode('JBSWY3DPEHPK3PXP').code).toMatch(/^\d{6}$/)
  expect(spy).toHaveBeenCalledTimes(2)
  spy.mockRestore()
})
