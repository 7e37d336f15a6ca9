import totp from 'totp-native/compat/totp-generator-0'
import { currentCode, verifyCode } from './two-factor'

jest.mock('totp-native/compat/totp-generator-0')

const mockedTotp = jest.mocked(totp)

afterEach(() => jest.resetAllMocks())

test('verifyCode compares the code with the generated ones', () => {
  mockedTotp.mockReturnValue('123456')
  expect(verifyCode('ANY', '123456', 0)).toBe(true)
  expect(mockedTotp).toHaveBeenCalledWith('ANY', { timestamp: -30000 })
  expect(verifyCode('ANY', '654321', 0)).toBe(false)
})

test('currentCode is what the generator gives', () => {
  ;(totp as jest.Mock).mockReturnValueOnce('000001')
  expect(currentCode('ANY')).toBe('000001')
  expect(totp).toHaveBeenCalledTimes(1)
})
