// ESM entry of the totp-generator 1.0 drop-in, as `import { TOTP } from 'totp-generator'`.
import compat from './totp-generator-1.js'

export const { TOTP } = compat
