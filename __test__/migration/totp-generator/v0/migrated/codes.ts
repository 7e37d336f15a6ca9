// Older code of the same backend, in the `import = require` style.
import totp = require('totp-native/compat/totp-generator-0')

export function codeAt(secret: string, timestamp: number, digits?: number): string {
  return totp(secret, { timestamp, digits })
}
