// `qrcode/helper/to-sjis`'s type (as `@types/qrcode` gives it).

import type { QRCodeToSJISFunc } from '../../qrcode'

declare const toSJISFunc: QRCodeToSJISFunc

export = toSJISFunc
