//! The napi surface: converts JS values to core types, calls the core, and
//! converts back. No OTP or QR semantics live here, and no defaults: an
//! argument the caller left out reaches the core as `None`.
//!
//! Every native function is declared once, in a `natives!` block of its
//! module ([`declare`]); the declaration gives its registration, its
//! argument conversions and its line in `binding.d.ts`. The OTP functions
//! take flat positional arguments rather than option objects: reading an
//! object's properties across napi costs more than the HMAC itself, and the
//! JS wrapper (`index.js`) reads the options while shaping the call. A test
//! calls each of them with every argument changed in turn, so two arguments
//! swapped in the wrapper cannot go unnoticed. Wrong types are `TypeError`s
//! raised by the conversions ([`input`]); wrong values come from the core and
//! are mapped to JS in [`to_js_error`].

mod declare;
mod input;
mod meta;
mod otp;
mod output;
mod qr;
mod raster;
mod secret;
mod uri;

use napi::bindgen_prelude::*;
use napi::{sys, JsError, JsRangeError};
use napi_derive::napi;

use crate::error::{Error as CoreError, ErrorField, JsClass};

/// Every module's natives, in the order `binding.d.ts` lists them.
fn natives() -> impl Iterator<Item = &'static declare::Native> {
    [
        otp::NATIVES,
        secret::NATIVES,
        uri::NATIVES,
        qr::NATIVES,
        raster::NATIVES,
        meta::NATIVES,
    ]
    .into_iter()
    .flatten()
}

/// Exports every declared native function.
#[napi(module_exports)]
pub fn exports(mut exports: Object, env: Env) -> Result<()> {
    for native in natives() {
        declare::export(&env, &mut exports, native)?;
    }
    Ok(())
}

/// Turns a core error into a JS `Error`/`RangeError` with its stable `code`
/// and its structured fields. The JS object is built here and retained in
/// the `napi::Error`, so the same value is thrown by a sync call and
/// rejected by an async one.
pub(crate) fn to_js_error(env: &Env, error: CoreError) -> napi::Error {
    let inner = napi::Error::new(error.code(), error.to_string());
    let value = match error.class() {
        JsClass::Error => JsError::from(inner).into_unknown(*env),
        JsClass::RangeError => JsRangeError::from(inner).into_unknown(*env),
    };
    for (name, field) in error.fields() {
        // A field that cannot be set leaves the error as it is: the code and
        // message still say what went wrong.
        let _ = set_field(env, value.raw(), name, field);
    }
    napi::Error::from(value)
}

fn set_field(env: &Env, error: sys::napi_value, name: &str, field: ErrorField) -> Result<()> {
    let value = match field {
        // SAFETY: `env` is the live environment of the failing call.
        ErrorField::Number(number) => unsafe { f64::to_napi_value(env.raw(), number)? },
        // SAFETY: as above.
        ErrorField::Text(text) => unsafe { String::to_napi_value(env.raw(), text)? },
    };
    // SAFETY: as above; the name and value belong to this call.
    let key = unsafe { String::to_napi_value(env.raw(), name.to_owned())? };
    // SAFETY: `error` is the object just made in `env`.
    let status = unsafe { sys::napi_set_property(env.raw(), error, key, value) };
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::from_status(Status::GenericFailure))
    }
}

/// Runs a core call and maps its error.
pub(crate) fn core<T>(env: &Env, result: crate::error::Result<T>) -> Result<T> {
    result.map_err(|error| to_js_error(env, error))
}
