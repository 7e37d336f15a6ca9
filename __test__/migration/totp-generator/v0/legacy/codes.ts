// Older code of the same backend, in the `import = require` style.
import totp = require('totp-generator')

export function codeAt(secret: string, timestamp: number, digits?: number): string {
  return totp(secret, { timestamp, digits })
}
