'use strict'

// Two instances of server.js, separate processes with data directories of
// their own, on one PostgreSQL database, as behind a load balancer
// (TRUST_PROXY=loopback: each simulated person has a client address of their
// own, from the IPv6 documentation prefix, in X-Forwarded-For).
//
// - The same valid code sent to both at the same moment is accepted once,
//   for many people at a time.
// - Failed attempts on both add up to one throttle, per account and per
//   client address.
// - Recovery codes raced on both, on one half-signed session: one signs in,
//   and the others stay unspent.
// - A session made on one is valid on the other, and ends on both.
// - Killing one instance in the middle of traffic loses nothing: no
//   half-written enrollment, and no code accepted twice.

const { Client: PgClient } = require('pg')
const { Client } = require('./support/client')
const { startServer, killAll } = require('./support/processes')
const { target, tempDir } = require('./support/targets')
const { createDatabase } = require('./support/postgres')
const { PASSWORD, codeAt } = require('./helpers')

const STEP = 30 * 1000
const RACE_USERS = 100
const KILL_USERS = 60
const stepOf = (ms) => Math.floor(ms / STEP)

const postgres = target('postgres')
const describeHere = postgres.skip ? describe.skip : describe

/** Runs `work(i)` for i < n, `width` at a time; resolves the results in order. */
async function inBatches(n, width, work) {
  const results = new Array(n)
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++
        results[i] = await work(i)
      }
    }),
  )
  return results
}

describeHere(`two instances on one PostgreSQL database${postgres.skip ? ` [skipped: ${postgres.skip}]` : ''}`, () => {
  let databaseUrl
  let db // a direct connection, to check what the database holds
  let instances // [{ process, base }]
  let userCount = 0
  const env = () => ({
    DATABASE_URL: databaseUrl,
    SECRETS_KEY: '5e'.repeat(32),
    TRUST_PROXY: 'loopback',
    DATA_DIR: tempDir(),
  })

  beforeAll(async () => {
    databaseUrl = await createDatabase(process.env.TEST_POSTGRES_URL, 'instances')
    const started = [startServer(env()), startServer(env())]
    instances = await Promise.all(started.map(async (process) => ({ process, base: await process.url })))
    db = new PgClient({ connectionString: databaseUrl })
    await db.connect()
  }, 30000)

  afterAll(async () => {
    if (db) await db.end()
    killAll()
  })

  /** A person: a browser-like client with a client address of its own, on instance `on`. */
  function person(on, address) {
    return new Client(instances[on].base, { 'x-forwarded-for': address })
  }

  /**
   * `n` new accounts, made alternately on either instance, with the app
   * enrolled and confirmed unless `confirm` is false; each resolves
   * `{ email, address, uri, confirmStep, browser }` (browser: signed in).
   */
  function makeUsers(n, { confirm = true } = {}) {
    return inBatches(n, 8, async (i) => {
      const id = ++userCount
      const email = `user${id}@example.com`
      const address = `2001:db8::${id.toString(16)}`
      const browser = person(i % 2, address)
      expect((await browser.post('/api/signup', { email, password: PASSWORD })).status).toBe(201)
      const enrolled = await browser.post('/api/2fa/enroll', { password: PASSWORD })
      expect(enrolled.status).toBe(201)
      const { uri } = enrolled.body
      if (!confirm) return { email, address, uri, browser }
      const now = Date.now()
      const confirmed = await browser.post('/api/2fa/confirm', { code: codeAt(uri, now) })
      expect(confirmed.status).toBe(200)
      return { email, address, uri, confirmStep: stepOf(now), browser }
    })
  }

  /** A new half-signed browser for `user` on instance `on`. */
  async function halfSignedIn(user, on) {
    const browser = person(on, user.address)
    const response = await browser.post('/api/signin', { email: user.email, password: PASSWORD })
    expect(response.body).toEqual({ stage: 'second-factor', methods: ['totp', 'recovery-code', 'email'] })
    return browser
  }

  /** The first code after the user's last accepted step that the server accepts now. */
  function nextCode(user, lastStep) {
    const step = Math.max(stepOf(Date.now()), lastStep + 1)
    return { code: codeAt(user.uri, step * STEP), step }
  }

  test(`the same code sent to both instances at once is accepted exactly once (${RACE_USERS} people)`, async () => {
    const users = await makeUsers(RACE_USERS)
    // Half race with one half-signed session sent to both, half with a session of its own on each.
    const pairs = await inBatches(users.length, 8, async (i) => {
      const user = users[i]
      const a = await halfSignedIn(user, 0)
      const b = i % 2 === 0 ? a.clone(instances[1].base) : await halfSignedIn(user, 1)
      return { user, a, b }
    })
    const started = Date.now()
    const outcomes = await inBatches(pairs.length, 10, async (i) => {
      const { user, a, b } = pairs[i]
      const { code } = nextCode(user, user.confirmStep)
      const [onA, onB] = await Promise.all([a.post('/api/signin/totp', { code }), b.post('/api/signin/totp', { code })])
      return { user, a, b, statuses: [onA.status, onB.status] }
    })
    const elapsed = Date.now() - started
    const attempts = outcomes.length * 2
    const successes = outcomes.flatMap((o) => o.statuses).filter((s) => s === 200).length
    console.log(`two-instance race: ${attempts} attempts (${outcomes.length} codes, each sent to both at once), ${successes} accepted, ${elapsed} ms`)
    for (const { statuses } of outcomes) expect(statuses.slice().sort()).toEqual([200, 401])
    expect(successes).toBe(RACE_USERS)

    // Each winner is signed in on both instances.
    for (const { a, b, statuses } of outcomes.slice(0, 10)) {
      const winner = statuses[0] === 200 ? a : b
      for (const instance of instances) expect((await winner.clone(instance.base).get('/api/me')).status).toBe(200)
    }
  }, 120000)

  test('failed codes on both instances add up to one throttle: of 10 at once, 5 are judged and 5 refused', async () => {
    const [user] = await makeUsers(1)
    const a = await halfSignedIn(user, 0)
    const b = await halfSignedIn(user, 1)
    const valid = [-1, 0, 1].map((d) => codeAt(user.uri, Date.now() + d * STEP))
    const wrong = Array.from({ length: 10 }, (_, i) => String(200000 + i)).filter((c) => !valid.includes(c))
    const answers = await Promise.all(wrong.slice(0, 10).map((code, i) => (i % 2 ? a : b).post('/api/signin/totp', { code })))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(5)
    // Even the right code is now refused, on either instance.
    const { code } = nextCode(user, user.confirmStep)
    expect((await a.post('/api/signin/totp', { code })).status).toBe(429)
    expect((await b.post('/api/signin/totp', { code })).status).toBe(429)
  })

  test('wrong codes from one client address over 6 accounts, on both instances: 20 are judged, then 429 on any account', async () => {
    const users = await makeUsers(6)
    const attacker = '2001:db8:3::66'
    const halves = await inBatches(users.length, 6, (i) => halfSignedIn({ ...users[i], address: attacker }, i % 2))
    // 24 wrong codes at once, 4 per account (under each account's 5), half on each instance.
    const answers = await Promise.all(
      halves.flatMap((half, i) => {
        const valid = [-1, 0, 1].map((d) => codeAt(users[i].uri, Date.now() + d * STEP))
        const wrong = ['300001', '300002', '300003', '300004', '300005'].filter((c) => !valid.includes(c)).slice(0, 4)
        return wrong.map((code, j) => half.clone(instances[j % 2].base).post('/api/signin/totp', { code }))
      }),
    )
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(20)
    expect(statuses.filter((s) => s === 429)).toHaveLength(4)
    const [user] = users
    const { code } = nextCode(user, user.confirmStep)
    for (const on of [0, 1]) expect((await halves[0].clone(instances[on].base).post('/api/signin/totp', { code })).status).toBe(429)
    // From the owner's own address the account is not locked.
    expect((await (await halfSignedIn(user, 1)).post('/api/signin/totp', { code })).status).toBe(200)
  })

  test('recovery codes raced on one half-signed session, sent to both instances: one signs in, the rest stay unspent', async () => {
    const users = await makeUsers(10, { confirm: false })
    const codesOf = await inBatches(users.length, 5, async (i) => {
      const user = users[i]
      const confirmed = await user.browser.post('/api/2fa/confirm', { code: codeAt(user.uri, Date.now()) })
      expect(confirmed.status).toBe(200)
      return confirmed.body.recoveryCodes
    })
    await inBatches(users.length, 5, async (i) => {
      const half = await halfSignedIn(users[i], i % 2)
      const codes = codesOf[i].slice(0, 4)
      const answers = await Promise.all(
        codes.map((code, j) => half.clone(instances[j % 2].base).post('/api/signin/recovery', { code })),
      )
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401])
      expect(answers.find((a) => a.status === 200).body.recoveryCodesLeft).toBe(9)
      const { rows } = await db.query(
        `SELECT count(*)::int AS left FROM recovery_codes r JOIN users u ON u.id = r.user_id
         WHERE u.email = $1 AND r.used_at IS NULL`,
        [users[i].email],
      )
      expect(rows[0].left).toBe(9)
    })
  })

  test('wrong passwords on both instances add up to one throttle: of 12 at once, 10 are judged and 2 refused', async () => {
    const [user] = await makeUsers(1, { confirm: false })
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        person(i % 2, `2001:db8:1::${i + 1}`).post('/api/signin', { email: user.email, password: `not the password ${i}` }),
      ),
    )
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(2)
    for (const on of [0, 1]) {
      expect((await person(on, '2001:db8:1::ff').post('/api/signin', { email: user.email, password: PASSWORD })).status).toBe(429)
    }
  })

  test('a session made on one instance is valid on the other, and signing out on either ends it on both', async () => {
    const onA = person(0, '2001:db8:2::1')
    await onA.post('/api/signup', { email: 'roaming@example.com', password: PASSWORD })
    const onB = onA.clone(instances[1].base)
    expect((await onB.get('/api/me')).body.email).toBe('roaming@example.com')
    // A half-signed session started on B completes on A.
    const { uri } = (await onB.post('/api/2fa/enroll', { password: PASSWORD })).body
    const confirmedAt = Date.now()
    expect((await onA.post('/api/2fa/confirm', { code: codeAt(uri, confirmedAt) })).status).toBe(200)
    const half = person(1, '2001:db8:2::2')
    await half.post('/api/signin', { email: 'roaming@example.com', password: PASSWORD })
    const finish = half.clone(instances[0].base)
    const { code } = nextCode({ uri }, stepOf(confirmedAt))
    expect((await finish.post('/api/signin/totp', { code })).status).toBe(200)
    expect((await finish.clone(instances[1].base).get('/api/me')).status).toBe(200)
    // Signing out on B ends it on A too.
    const signedIn = finish.clone(instances[1].base)
    await signedIn.post('/api/signout', {})
    expect((await finish.get('/api/me')).status).toBe(401)
  })

  test('killing an instance in the middle of traffic loses nothing: enrollments are whole, and no code is accepted twice', async () => {
    const pending = await makeUsers(KILL_USERS / 2, { confirm: false })
    const signingIn = await makeUsers(KILL_USERS / 2)
    const halves = await inBatches(signingIn.length, 8, (i) => halfSignedIn(signingIn[i], 0))

    // Confirmations and sign-in codes, all at once, to instance A, which is
    // killed (SIGKILL: no clean shutdown) as soon as the first answer is back.
    const now = Date.now()
    const confirmCodes = pending.map((user) => codeAt(user.uri, now))
    const signInCodes = signingIn.map((user) => nextCode(user, user.confirmStep))
    let killed = false
    const kill = () => {
      if (!killed) instances[0].process.child.kill('SIGKILL')
      killed = true
    }
    const sent = [
      ...pending.map((user, i) => user.browser.clone(instances[0].base).post('/api/2fa/confirm', { code: confirmCodes[i] })),
      ...halves.map((browser, i) => browser.post('/api/signin/totp', { code: signInCodes[i].code })),
    ].map((request) =>
      request.then(
        (response) => {
          kill()
          return response.status
        },
        () => 'lost',
      ),
    )
    const onA = await Promise.all(sent)
    await instances[0].process.exited
    const lost = onA.filter((s) => s === 'lost').length
    console.log(`instance killed mid-traffic: ${onA.length - lost} requests answered, ${lost} lost`)
    expect(lost).toBeGreaterThan(0)
    expect(onA.filter((s) => s !== 'lost' && s !== 200)).toEqual([])

    // No half-written enrollment: every account is either still pending with
    // no recovery codes, or on with all ten.
    const { rows } = await db.query(`
      SELECT u.email, u.totp_secret IS NOT NULL AS enabled, u.totp_pending IS NOT NULL AS pending,
             (SELECT count(*) FROM recovery_codes r WHERE r.user_id = u.id)::int AS codes
      FROM users u WHERE u.email = ANY($1)`, [pending.map((user) => user.email)])
    expect(rows).toHaveLength(pending.length)
    for (const row of rows) {
      expect([
        { enabled: true, pending: false, codes: 10 },
        { enabled: false, pending: true, codes: 0 },
      ]).toContainEqual({ enabled: row.enabled, pending: row.pending, codes: row.codes })
    }
    // Those A confirmed are on; the others confirm on B with the same code.
    for (const [i, user] of pending.entries()) {
      const row = rows.find((r) => r.email === user.email)
      if (onA[i] === 200) expect(row.enabled).toBe(true)
      const me = (await user.browser.clone(instances[1].base).get('/api/me')).body
      if (!row.enabled) {
        expect(me.twoFactor).toMatchObject({ enabled: false, pending: true })
        expect((await user.browser.clone(instances[1].base).post('/api/2fa/confirm', { code: confirmCodes[i] })).status).toBe(200)
      }
    }

    // Each sign-in code, sent again to B: refused wherever A had accepted it
    // (answered or not), accepted where A had not — so once in all, and the
    // stored step is the code's.
    let committedUnanswered = 0
    for (const [i, user] of signingIn.entries()) {
      const fromA = onA[pending.length + i]
      const again = await (await halfSignedIn(user, 1)).post('/api/signin/totp', { code: signInCodes[i].code })
      if (fromA === 200) expect(again.status).toBe(401)
      if (fromA === 'lost' && again.status === 401) committedUnanswered++
      expect([fromA, again.status].filter((s) => s === 200)).toHaveLength(fromA === 'lost' && again.status === 401 ? 0 : 1)
      const { rows: [stored] } = await db.query('SELECT totp_last_step FROM users WHERE email = $1', [user.email])
      expect(Number(stored.totp_last_step)).toBe(signInCodes[i].step)
    }
    console.log(`of the sign-in codes A never answered, ${committedUnanswered} had been accepted by A and were refused by B`)
  }, 120000)
})
