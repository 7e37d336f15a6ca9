'use strict'

// "Now" is Date.now()'s now. While Date.now is the engine's own, the native
// module reads the same system clock itself; once anything replaces it —
// jest's or sinon's fake timers, before or after the package is loaded, or a
// test assigning Date.now — the calls take its value instead.

const OTPAuth = require('otpauth')

const SECRET = 'JBSWY3DPEHPK3PXP'
const FAKE_NOW = 1_234_567_890_123
const reference = (timestamp) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SECRET) }).generate({ timestamp })
const step = (timestamp) => Math.floor(timestamp / 30_000)

afterEach(() => jest.useRealTimers())

test('with the real clock, the calls agree with Date.now() (a step apart at most, across a boundary)', () => {
  const totp = require('../..')
  for (let i = 0; i < 100; i++) {
    const before = Date.now()
    const code = totp.generate(SECRET)
    const current = totp.timeStep()
    const after = Date.now()
    expect([reference(before), reference(after)]).toContain(code)
    expect(current).toBeGreaterThanOrEqual(step(before))
    expect(current).toBeLessThanOrEqual(step(after))
    expect(totp.verify(code, SECRET, { window: 0 }) || step(after) !== step(before)).toBe(true)
  }
})

test('fake timers installed after the package was loaded move every call', () => {
  const totp = require('../..')
  totp.generate(SECRET) // seen with the real clock first
  jest.useFakeTimers({ now: FAKE_NOW })
  expect(totp.generate(SECRET)).toBe(reference(FAKE_NOW))
  expect(totp.timeStep()).toBe(step(FAKE_NOW))
  expect(totp.remaining()).toBe(30_000 - (FAKE_NOW % 30_000))
  expect(totp.verify(reference(FAKE_NOW), SECRET)).toBe(true)
  expect(totp.validate(reference(FAKE_NOW), SECRET, { window: 0 })).toEqual({ delta: 0, timeStep: step(FAKE_NOW) })
  jest.advanceTimersByTime(30_000)
  expect(totp.generate(SECRET)).toBe(reference(FAKE_NOW + 30_000))
  jest.useRealTimers()
  expect(totp.timeStep()).toBe(step(Date.now()))
})

test('fake timers installed before the package is loaded move every call', () => {
  jest.useFakeTimers({ now: FAKE_NOW })
  jest.isolateModules(() => {
    const totp = require('../..')
    expect(totp.generate(SECRET)).toBe(reference(FAKE_NOW))
    expect(totp.generate(SECRET, {})).toBe(reference(FAKE_NOW))
    expect(totp.timeStep()).toBe(step(FAKE_NOW))
  })
})

test('a Date.now assigned by a test is the time the calls use, until it is put back', () => {
  const totp = require('../..')
  const engineNow = Date.now
  try {
    Date.now = () => FAKE_NOW
    expect(totp.generate(SECRET)).toBe(reference(FAKE_NOW))
    expect(totp.generate(SECRET, { digits: 6 })).toBe(reference(FAKE_NOW))
    expect(totp.timeStep({ period: 30 })).toBe(step(FAKE_NOW))
  } finally {
    Date.now = engineNow
  }
  expect(totp.timeStep()).toBe(step(Date.now()))
})
