import { codeWithSettings, currentCode, verifyCode } from './two-factor'
import { codeAt } from './codes'

const SECRET = 'JBSWY3DPEHPK3PXP'

describe('two-factor codes', () => {
  beforeEach(() => jest.useFakeTimers().setSystemTime(new Date('2016-06-07T18:38:27Z')))
  afterEach(() => jest.useRealTimers())

  test('the current code is the one in totp-generator’s README', () => {
    expect(currentCode(SECRET)).toBe('341128')
  })

  test('codes of the next and previous periods are accepted, older ones are not', () => {
    expect(verifyCode(SECRET, codeAt(SECRET, Date.now()))).toBe(true)
    expect(verifyCode(SECRET, codeAt(SECRET, Date.now() - 30_000))).toBe(true)
    expect(verifyCode(SECRET, codeAt(SECRET, Date.now() + 30_000))).toBe(true)
    expect(verifyCode(SECRET, codeAt(SECRET, Date.now() - 90_000))).toBe(false)
  })

  test('codes of every length, unpadded, and the settings they were made with', () => {
    expect([6, 8, 10].map((digits) => codeWithSettings(SECRET, digits))).toMatchSnapshot()
    expect([0, 1365324707000, 1634193300000].map((timestamp) => codeAt('3IS523AYRNFUE===', timestamp, 9))).toMatchSnapshot()
  })

  test('a secret that is not base32 is an error', () => {
    expect(() => currentCode('not base32!')).toThrow('Invalid base32 character in key')
  })
})
