// ESM entry: the CommonJS module re-exported by name, so `import { verify }`
// and `import totp from` both work without a second copy of the API.
import api from './index.js'

export const {
  generate,
  verify,
  validate,
  timeStep,
  remaining,
  hotp,
  generateSecret,
  deriveSecret,
  base32,
  keyUri,
  parseUri,
  enroll,
  qr,
  defaults,
} = api

export default api
