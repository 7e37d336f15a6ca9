// ESM entry of the totp-generator drop-in, as `import { TOTP } from 'totp-generator'`.
import compat from './totp-generator.js'

export const { TOTP } = compat
