// ESM entry of the totp-generator 0.0.x drop-in, as `import totp from 'totp-generator'`.
import totp from './totp-generator-0.js'

export default totp
