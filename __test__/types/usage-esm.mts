// The same API from an ES module, as `import { verify } from 'totp-native'`
// and as a default import, type-checked with the "import" condition.
import totp, { verify, validate, generate, generateSecret } from 'totp-native'
import { TOTP } from 'totp-native/compat/totp-generator'

const secret = generateSecret()
const code: string = generate(secret, { timestamp: new Date() })
const ok: boolean = verify(code, secret, { window: [1, 1] })
const match = validate(code, secret)
const step: number | undefined = match?.timeStep
const same: boolean = totp.verify === verify
const { otp } = await TOTP.generate('JBSWY3DPEHPK3PXP')
void [ok, step, same, otp]

// @ts-expect-error: an unknown option name
verify(code, secret, { skew: 1 })
// @ts-expect-error: tokens are strings
totp.verify(123456, secret)
