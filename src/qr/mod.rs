//! QR symbols chosen as the `qrcode` npm package chooses them, and their renderers.
