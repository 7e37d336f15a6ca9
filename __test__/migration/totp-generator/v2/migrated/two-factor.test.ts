import { accountCode, currentCode, verifyCode } from './two-factor'

const SECRET = 'JBSWY3DPEHPK3PXP'

describe('two-factor codes', () => {
  beforeEach(() => jest.useFakeTimers().setSystemTime(1665644340000 - 1))
  afterEach(() => jest.useRealTimers())

  test('the current code, and the time it has left', async () => {
    await expect(currentCode(SECRET)).resolves.toEqual({ code: '134996', secondsLeft: 0 })
    jest.setSystemTime(1665644340000)
    await expect(currentCode(SECRET)).resolves.toEqual({ code: '886842', secondsLeft: 30 })
  })

  test('codes of the next and previous periods are accepted, older ones are not', async () => {
    jest.setSystemTime(1665644340000 - 30_000)
    const previous = (await currentCode(SECRET)).code
    jest.setSystemTime(1665644340000 + 30_000)
    const next = (await currentCode(SECRET)).code
    jest.setSystemTime(1665644340000)
    await expect(verifyCode(SECRET, previous)).resolves.toBe(true)
    await expect(verifyCode(SECRET, next)).resolves.toBe(true)
    await expect(verifyCode(SECRET, previous, Date.now() + 60_000)).resolves.toBe(false)
  })

  test('codes of every kind of account', async () => {
    const accounts = [
      { secret: SECRET },
      { secret: '12345678901234567890', ascii: true, digits: 8 },
      { secret: SECRET, algorithm: 'SHA-256' as const },
      { secret: SECRET, algorithm: undefined, digits: 10 },
      { secret: '3IS523AYRNFUE===', digits: 9 },
    ]
    expect(await Promise.all(accounts.map(accountCode))).toMatchSnapshot()
  })

  test('a secret that is not base32 is a rejection', async () => {
    await expect(currentCode('not base32!')).rejects.toThrow('Invalid base32 character in key')
  })
})
