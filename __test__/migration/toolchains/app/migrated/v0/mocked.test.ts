import QRCode from 'totp-native/compat/qrcode'
import totp from 'totp-native/compat/totp-generator-0'
import { qrDataUrl, verify } from './enrollment'

jest.mock('totp-native/compat/qrcode')
jest.mock('totp-native/compat/totp-generator-0')

afterEach(() => jest.resetAllMocks())

test('the enrollment page shows what qrcode gives', async () => {
  ;(QRCode.toDataURL as jest.Mock).mockResolvedValue('data:image/png;base64,AAAA')
  await expect(qrDataUrl('otpauth://totp/x?secret=A')).resolves.toBe('data:image/png;base64,AAAA')
  expect(QRCode.toDataURL).toHaveBeenCalledWith('otpauth://totp/x?secret=A', { width: 200, margin: 2, color: { dark: '#1a237e', light: '#ffffff' } })
})

test('verify compares the code with the generated ones', () => {
  const mocked = totp as jest.MockedFunction<typeof totp>
  mocked.mockReturnValue(123456)
  expect(verify('ANY', '123456', 0)).toBe(true)
  expect(mocked).toHaveBeenCalledWith('ANY', { algorithm: 'SHA-1', digits: 6, period: 30, timestamp: -30000 })
  expect(verify('ANY', '654321', 0)).toBe(false)
})

test('a spy on qrcode sees the call and can replace one answer', async () => {
  const spy = jest.spyOn(QRCode, 'toString').mockImplementationOnce(() => Promise.resolve('<svg/>'))
  await expect(QRCode.toString('x', { type: 'svg' })).resolves.toBe('<svg/>')
  expect(spy).toHaveBeenCalledTimes(1)
})
