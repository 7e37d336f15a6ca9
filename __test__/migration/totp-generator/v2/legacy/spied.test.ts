import { TOTP } from 'totp-generator'
import { currentCode } from './two-factor'

test('a spy sees the calls and can replace one answer', async () => {
  const spy = jest.spyOn(TOTP, 'generate').mockResolvedValueOnce({ otp: '999999', expires: Date.now() + 5_000 })
  await expect(currentCode('JBSWY3DPEHPK3PXP')).resolves.toEqual({ code: '999999', secondsLeft: 5 })
  expect((await currentCode('JBSWY3DPEHPK3PXP')).code).toMatch(/^\d{6}$/)
  expect(spy).toHaveBeenCalledTimes(2)
  spy.mockRestore()
})
