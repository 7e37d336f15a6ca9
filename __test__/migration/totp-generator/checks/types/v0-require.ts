// Code written against @types/totp-generator in the `import = require` style, with or without esModuleInterop.
import totp = require('totp-generator')

const code: string = totp('JBSWY3DPEHPK3PXP', { digits: 6, period: 30 })
const maybe: string | undefined = [totp('JBSWY3DPEHPK3PXP', {})].find(Boolean)
void [code, maybe]

// @ts-expect-error: period is a number
totp('JBSWY3DPEHPK3PXP', { period: '30' })
