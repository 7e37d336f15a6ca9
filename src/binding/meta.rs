//! What the module says of itself: the core's defaults, for the wrapper and
//! the documentation to use and be checked against, and the TypeScript
//! declarations of every native function, from which `binding.d.ts` is
//! written.

use napi::bindgen_prelude::*;

use super::declare::{js_object, natives};
use crate::options;

natives! {
    type_error = "ERR_TOTP_INVALID_OPTION";

    /// Every default the core applies.
    defaults => defaults(NoArguments {}) -> Defaults;

    /// The text of `binding.d.ts`: these declarations.
    bindingDeclarations => binding_declarations(NoArgumentsEither {}) -> String;
}

js_object! {
    /// The defaults of the OTP calls and secrets.
    pub(crate) struct Defaults {
        algorithm: String,
        digits: f64,
        /// Seconds.
        period: f64,
        /// Ms since the Unix epoch.
        epoch: f64,
        encoding: String,
        /// Steps on each side.
        window: f64,
        /// `generateSecret`'s and `deriveSecret`'s length in bytes.
        secret_bytes = "secretBytes": f64,
        /// `deriveSecret`'s HKDF info prefix.
        derive_info = "deriveInfo": String,
        /// `base32.encode`'s `padding`.
        padding: bool,
        qr: QrDefaults,
    }
}

js_object! {
    /// The defaults of the QR calls.
    pub(crate) struct QrDefaults {
        error_correction_level = "errorCorrectionLevel": String,
        margin: f64,
        scale: f64,
        dark: String,
        light: String,
        /// `toString`'s `type`.
        string_type = "type": String,
    }
}

fn defaults(_env: &Env, _args: NoArguments) -> Result<Defaults> {
    let core = options::defaults();
    // Every number here is a small whole number, exact as a JS number.
    Ok(Defaults {
        algorithm: core.algorithm.to_owned(),
        digits: f64::from(core.digits),
        period: core.period as f64,
        epoch: core.epoch as f64,
        encoding: core.encoding.to_owned(),
        window: f64::from(core.window),
        secret_bytes: core.secret_bytes as f64,
        derive_info: core.derive_info.to_owned(),
        padding: core.padding,
        qr: QrDefaults {
            error_correction_level: core.qr.error_correction_level.to_owned(),
            margin: f64::from(core.qr.margin),
            scale: core.qr.scale,
            dark: core.qr.dark,
            light: core.qr.light,
            string_type: core.qr.string_type.to_owned(),
        },
    })
}

fn binding_declarations(_env: &Env, _args: NoArgumentsEither) -> Result<String> {
    Ok(super::declare::declarations(super::natives()))
}
