// ESM entry of the qrcode drop-in: `import QRCode from
// 'totp-native/compat/qrcode'` and `import { toDataURL } from …` both work,
// as they do with qrcode.
import QRCode from './qrcode.js'

export const { create, toCanvas, toString, toDataURL, toBuffer, toFile, toFileStream } = QRCode

export default QRCode
