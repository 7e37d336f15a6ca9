'use strict'

// The store interface itself, on one store: every decision two requests (or
// two instances) could race on, raced — many calls at once, through the
// store's own connections (a pool of ten on PostgreSQL) — and the schema's
// versions. store.sqlite.spec.js and store.postgres.spec.js run it on each.

const crypto = require('node:crypto')
const { describeStore, makeTarget } = require('../support/targets')
const { SCHEMA_VERSION } = require('../../stores/migrations')

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
const NOW = Date.UTC(2030, 0, 1)
const many = (n, make) => Promise.all(Array.from({ length: n }, (_, i) => make(i)))
const session = (userId, stage = 'password', expiresAt = NOW + 60000) => ({
  idHash: crypto.randomBytes(32),
  userId,
  stage,
  createdAt: NOW,
  expiresAt,
})

module.exports = function storeSuite(kind) {
  describeStore(kind, `the ${kind} store`, () => {
    let target
    let store
    let userId

    beforeAll(async () => {
      target = await makeTarget(kind)
    })
    afterAll(() => target.destroy())
    beforeEach(async () => {
      await target.reset()
      store = await target.open()
      userId = await store.createUser('alice@example.com', HASH, NOW)
    })
    afterEach(() => store.close())

    test('one address, one account: of 20 sign-ups at once, exactly one gets an id', async () => {
      const ids = await many(20, () => store.createUser('bob@example.com', HASH, NOW))
      expect(ids.filter((id) => id !== undefined)).toHaveLength(1)
      expect(await store.createUser('alice@example.com', HASH, NOW)).toBeUndefined()
    })

    test('the last-step compare-and-set: of 50 at once with one step, exactly one wins; then only later steps', async () => {
      await store.setPendingTotp(userId, 'JBSWY3DPEHPK3PXP', NOW)
      const { sealed } = await store.getPendingTotp(userId)
      expect(await store.activateTotp(userId, sealed, 100, ['aaaaa-aaaaa'], NOW)).toBe(true)
      expect((await store.getTotp(userId)).lastStep).toBe(100)
      const results = await many(50, () => store.markStepUsed(userId, 101))
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await store.markStepUsed(userId, 101)).toBe(false)
      expect(await store.markStepUsed(userId, 99)).toBe(false)
      expect(await store.markStepUsed(userId, 103)).toBe(true)
      expect(await store.getTotp(userId)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', lastStep: 103 })
    })

    test('no step is accepted for a user without an active secret, pending or not', async () => {
      expect(await store.markStepUsed(userId, 1)).toBe(false)
      await store.setPendingTotp(userId, 'JBSWY3DPEHPK3PXP', NOW)
      expect(await store.markStepUsed(userId, 1)).toBe(false)
      expect(await store.getTotp(userId)).toBeUndefined()
    })

    test('a pending secret activates once, and only the one that was checked', async () => {
      await store.setPendingTotp(userId, 'JBSWY3DPEHPK3PXP', NOW)
      const first = await store.getPendingTotp(userId)
      await store.setPendingTotp(userId, 'KRSXG5CTMVRXEZLU', NOW + 1)
      // Replaced meanwhile: the first is not activated.
      expect(await store.activateTotp(userId, first.sealed, 5, [], NOW)).toBe(false)
      expect(await store.getTotp(userId)).toBeUndefined()
      const second = await store.getPendingTotp(userId)
      expect(second.secret).toBe('KRSXG5CTMVRXEZLU')
      const codes = Array.from({ length: 10 }, (_, i) => `code${i}-aaaaa`)
      const results = await many(10, () => store.activateTotp(userId, second.sealed, 5, codes, NOW))
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await store.getAccount(userId)).toEqual({
        email: 'alice@example.com',
        totpEnabled: true,
        totpEnabledAt: NOW,
        totpPending: false,
        emailCodes: true,
        recoveryCodesLeft: 10,
      })
    })

    test('a recovery code is used once, of 20 tries at once; another user cannot use it', async () => {
      const bob = await store.createUser('bob@example.com', HASH, NOW)
      await store.replaceRecoveryCodes(userId, ['aaaaa-bbbbb', 'ccccc-ddddd'])
      expect(await store.useRecoveryCode(bob, 'aaaaa-bbbbb', NOW)).toBe(false)
      const results = await many(20, () => store.useRecoveryCode(userId, 'aaaaa-bbbbb', NOW))
      expect(results.filter(Boolean)).toHaveLength(1)
      expect((await store.getAccount(userId)).recoveryCodesLeft).toBe(1)
      await store.replaceRecoveryCodes(userId, ['eeeee-fffff'])
      expect(await store.useRecoveryCode(userId, 'ccccc-ddddd', NOW)).toBe(false)
      expect(await store.useRecoveryCode(userId, 'eeeee-fffff', NOW)).toBe(true)
    })

    test('of 20 recovery codes sent at once on one half-signed session, one swaps it and the other 19 stay unused', async () => {
      const codes = Array.from({ length: 20 }, (_, i) => `aaaa${'abcdefghijklmnopqrst'[i]}-bbbbb`)
      await store.replaceRecoveryCodes(userId, codes)
      const half = session(userId)
      await store.createSession(half)
      const swaps = codes.map(() => session(userId, 'full'))
      const outcomes = await many(20, (i) => store.replaceSessionWithRecoveryCode(half.idHash, swaps[i], codes[i], NOW))
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1)
      expect(outcomes.filter((o) => o === 'gone')).toHaveLength(19)
      expect((await store.getAccount(userId)).recoveryCodesLeft).toBe(19)
      const winner = outcomes.indexOf('ok')
      expect(await store.getSession(half.idHash, NOW)).toBeUndefined()
      expect(await store.getSession(swaps[winner].idHash, NOW)).toMatchObject({ userId, stage: 'full' })
      for (const [i, swap] of swaps.entries()) if (i !== winner) expect(await store.getSession(swap.idHash, NOW)).toBeUndefined()
      // The losers' codes still work, each once.
      const other = codes[(winner + 1) % 20]
      const again = session(userId)
      await store.createSession(again)
      expect(await store.replaceSessionWithRecoveryCode(again.idHash, session(userId, 'full'), other, NOW)).toBe('ok')
      expect(await store.useRecoveryCode(userId, other, NOW)).toBe(false)
    })

    test('a recovery code that is wrong or spent swaps nothing; a session that is gone or expired spends nothing', async () => {
      await store.replaceRecoveryCodes(userId, ['aaaaa-bbbbb', 'ccccc-ddddd'])
      await store.useRecoveryCode(userId, 'ccccc-ddddd', NOW)
      const half = session(userId)
      await store.createSession(half)
      for (const code of ['zzzzz-zzzzz', 'ccccc-ddddd']) {
        const swap = session(userId, 'full')
        expect(await store.replaceSessionWithRecoveryCode(half.idHash, swap, code, NOW)).toBe('used')
        expect(await store.getSession(swap.idHash, NOW)).toBeUndefined()
      }
      expect((await store.getSession(half.idHash, NOW)).stage).toBe('password')
      const late = session(userId, 'password', NOW + 1000)
      await store.createSession(late)
      expect(await store.replaceSessionWithRecoveryCode(late.idHash, session(userId, 'full'), 'aaaaa-bbbbb', NOW + 1000)).toBe('gone')
      const full = session(userId, 'full')
      await store.createSession(full)
      expect(await store.replaceSessionWithRecoveryCode(full.idHash, session(userId, 'full'), 'aaaaa-bbbbb', NOW)).toBe('gone')
      expect((await store.getAccount(userId)).recoveryCodesLeft).toBe(1)
      // Another account's half-signed session cannot spend this account's code.
      const bob = await store.createUser('bob@example.com', HASH, NOW)
      const bobs = session(bob)
      await store.createSession(bobs)
      expect(await store.replaceSessionWithRecoveryCode(bobs.idHash, session(bob, 'full'), 'aaaaa-bbbbb', NOW)).toBe('used')
      expect(await store.replaceSessionWithRecoveryCode(half.idHash, session(userId, 'full'), 'aaaaa-bbbbb', NOW)).toBe('ok')
    })

    test("a half-signed session keeps the step of the code mailed to it; a signed-in one takes none", async () => {
      const half = session(userId)
      const full = session(userId, 'full')
      await store.createSession(half)
      await store.createSession(full)
      expect((await store.getSession(half.idHash, NOW)).mailedStep).toBeUndefined()
      await store.setMailedStep(half.idHash, 67_000_001)
      await store.setMailedStep(full.idHash, 67_000_001)
      expect((await store.getSession(half.idHash, NOW)).mailedStep).toBe(67_000_001)
      expect((await store.getSession(full.idHash, NOW)).mailedStep).toBeUndefined()
    })

    test('the account chooses e-mailed codes, on until it says otherwise; new hashes are marked normalized', async () => {
      expect(await store.findUserByEmail('alice@example.com')).toEqual({
        id: userId,
        passwordHash: HASH,
        passwordNormalized: true,
        totpEnabled: false,
        emailCodes: true,
      })
      await store.setEmailCodes(userId, false)
      expect((await store.getAccount(userId)).emailCodes).toBe(false)
      expect((await store.findUserByEmail('alice@example.com')).emailCodes).toBe(false)
      await store.setEmailCodes(userId, true)
      expect((await store.getAccount(userId)).emailCodes).toBe(true)
    })

    test('a half-signed session is swapped once, of 20 swaps at once; an expired one not at all', async () => {
      const half = session(userId)
      await store.createSession(half)
      const results = await many(20, () => store.replaceSession(half.idHash, 'password', session(userId, 'full'), NOW))
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await store.getSession(half.idHash, NOW)).toBeUndefined()
      const late = session(userId, 'password', NOW + 1000)
      await store.createSession(late)
      expect(await store.replaceSession(late.idHash, 'password', session(userId, 'full'), NOW + 1000)).toBe(false)
      // And a signed-in session is not taken for a half-signed one.
      const full = session(userId, 'full')
      await store.createSession(full)
      expect(await store.replaceSession(full.idHash, 'password', session(userId, 'full'), NOW)).toBe(false)
      expect((await store.getSession(full.idHash, NOW)).stage).toBe('full')
    })

    test('sessions expire, can be extended, and prune deletes the expired ones', async () => {
      const s = session(userId, 'full', NOW + 1000)
      await store.createSession(s)
      expect(await store.getSession(s.idHash, NOW + 999)).toEqual({ userId, stage: 'full', createdAt: NOW, expiresAt: NOW + 1000 })
      expect(await store.getSession(s.idHash, NOW + 1000)).toBeUndefined()
      await store.extendSession(s.idHash, NOW + 5000)
      expect((await store.getSession(s.idHash, NOW + 1000)).expiresAt).toBe(NOW + 5000)
      await store.prune({ now: NOW + 5000, throttlesBefore: NOW })
      await store.extendSession(s.idHash, NOW + 9000)
      expect(await store.getSession(s.idHash, NOW)).toBeUndefined() // deleted, not just expired
    })

    test('signing out elsewhere keeps only the named session', async () => {
      const keep = session(userId, 'full')
      const other = session(userId, 'full')
      await store.createSession(keep)
      await store.createSession(other)
      await store.deleteOtherSessions(userId, keep.idHash)
      expect(await store.getSession(other.idHash, NOW)).toBeUndefined()
      expect(await store.getSession(keep.idHash, NOW)).toBeDefined()
    })

    test('throttle counts are atomic: 50 attempts at once count 1 to 50, each once', async () => {
      const results = await many(50, () => store.takeThrottle('k', 60000, NOW))
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
      expect(new Set(results.map((r) => r.windowStart))).toEqual(new Set([NOW]))
    })

    test('a throttle window lasts its length from the first attempt; refunds and clears', async () => {
      expect(await store.takeThrottle('k', 60000, NOW)).toEqual({ count: 1, windowStart: NOW })
      expect(await store.takeThrottle('k', 60000, NOW + 59999)).toEqual({ count: 2, windowStart: NOW })
      await store.refundThrottle('k', NOW)
      expect(await store.takeThrottle('k', 60000, NOW + 59999)).toEqual({ count: 2, windowStart: NOW })
      // A refund for a window that is over does not touch the new one.
      expect(await store.takeThrottle('k', 60000, NOW + 60000)).toEqual({ count: 1, windowStart: NOW + 60000 })
      await store.refundThrottle('k', NOW)
      expect(await store.takeThrottle('k', 60000, NOW + 60001)).toEqual({ count: 2, windowStart: NOW + 60000 })
      await store.clearThrottle('k')
      expect(await store.takeThrottle('k', 60000, NOW + 60002)).toEqual({ count: 1, windowStart: NOW + 60002 })
      expect(await store.takeThrottle('other', 60000, NOW + 60002)).toEqual({ count: 1, windowStart: NOW + 60002 })
      await store.prune({ now: NOW, throttlesBefore: NOW + 60002 })
      expect(await store.takeThrottle('k', 60000, NOW + 60003)).toEqual({ count: 1, windowStart: NOW + 60003 })
    })

    test('disabling removes the active and pending secrets and the recovery codes', async () => {
      await store.setPendingTotp(userId, 'JBSWY3DPEHPK3PXP', NOW)
      const { sealed } = await store.getPendingTotp(userId)
      await store.activateTotp(userId, sealed, 1, ['aaaaa-aaaaa'], NOW)
      await store.setPendingTotp(userId, 'KRSXG5CTMVRXEZLU', NOW)
      await store.disableTotp(userId)
      expect(await store.getAccount(userId)).toEqual({
        email: 'alice@example.com',
        totpEnabled: false,
        totpEnabledAt: undefined,
        totpPending: false,
        emailCodes: true,
        recoveryCodesLeft: 0,
      })
      expect(await store.getTotp(userId)).toBeUndefined()
      expect(await store.getPendingTotp(userId)).toBeUndefined()
    })

    test('accounts from schema version 2 keep their hashes, marked as of the password as typed, and take e-mailed codes', async () => {
      await store.close()
      await target.reset()
      await target.createAtVersion(2)
      await target.sql("INSERT INTO users (email, password_hash, created_at) VALUES ('old@example.com', 'old hash', 1)")
      store = await target.open()
      const old = await store.findUserByEmail('old@example.com')
      expect(old).toMatchObject({ passwordHash: 'old hash', passwordNormalized: false, emailCodes: true })
      await store.setPasswordHash(old.id, HASH)
      expect(await store.findUserByEmail('old@example.com')).toMatchObject({ passwordHash: HASH, passwordNormalized: true })
      userId = await store.createUser('alice@example.com', HASH, NOW)
      expect((await store.findUserByEmail('alice@example.com')).passwordNormalized).toBe(true)
      expect(await target.schemaVersion()).toBe(SCHEMA_VERSION)
    })

    test(`the schema is at version ${SCHEMA_VERSION}, and opening again (several at once) migrates nothing twice`, async () => {
      await store.close()
      const stores = await many(4, () => target.open())
      for (const s of stores) await s.close()
      store = await target.open()
      expect(await target.schemaVersion()).toBe(SCHEMA_VERSION)
      expect(await store.getAccount(userId)).toMatchObject({ email: 'alice@example.com' })
    })
  })
}
