//! The napi surface, in napi-rs's own terms: `#[napi]` functions whose
//! arguments and results napi-rs converts, options as the core's
//! `#[napi(object)]` structs (`crate::options`), and `AsyncTask`s for work
//! on the libuv pool. The binding converts and delegates: no OTP or QR
//! semantics live here, and no defaults. `napi build --dts` writes
//! `binding.d.ts` from these declarations.
//!
//! Argument types are checked by the JS wrapper (`lib/options.js`), which
//! names the argument in a `TypeError`; napi-rs's own conversion errors are
//! the backstop for a caller that skips it. Values are checked by the core,
//! whose errors become JS errors here ([`throw`], [`reject`]).

mod otp;
mod qr;
mod raster;
mod secret;

use napi::bindgen_prelude::*;
use napi::{JsError, JsRangeError, JsTypeError};
use napi_derive::napi;

use crate::error::{Error as CoreError, ErrorField, JsClass};
use crate::options::{self, SecretSource};

/// A secret as JS passes it: a string, or a `Uint8Array` (a `Buffer` is one).
#[napi]
pub type JsSecret = Either<String, Uint8Array>;

/// The core's view of a secret, borrowing it.
pub(crate) fn secret_source(secret: &JsSecret) -> SecretSource<'_> {
    match secret {
        Either::A(text) => SecretSource::Text(text.as_str().into()),
        Either::B(bytes) => SecretSource::Bytes(bytes),
    }
}

/// The JS error of a core error: its class, its stable `code`, its message
/// and its structured fields (`minVersion`, `position`, …).
fn js_error<'env>(env: &'env Env, error: &CoreError) -> Result<Object<'env>> {
    let inner = napi::Error::new(error.code(), error.to_string());
    let value = match error.class() {
        JsClass::Error => JsError::from(inner).into_unknown(*env),
        JsClass::RangeError => JsRangeError::from(inner).into_unknown(*env),
    };
    let mut object = value.coerce_to_object()?;
    for (name, field) in error.fields() {
        match field {
            ErrorField::Number(number) => object.set_named_property(name, number)?,
            ErrorField::Text(text) => object.set_named_property(name, text)?,
        }
    }
    Ok(object)
}

/// Throws the core error from a sync call: the JS error is thrown at once,
/// and napi-rs is told one is pending. A thrown value needs no reference
/// kept to it, which is what carries the class and fields on every runtime
/// (the wasm build's `napi::Error` keeps only a message).
pub(crate) fn throw(env: &Env, error: CoreError) -> napi::Error {
    match js_error(env, &error).and_then(|object| env.throw(object)) {
        Ok(()) => napi::Error::new(Status::PendingException, error.to_string()),
        Err(failed) => failed,
    }
}

/// Throws a `TypeError` with `code`: for what only the binding can see
/// (a JS callback's result).
pub(crate) fn type_error(env: &Env, code: &str, message: String) -> napi::Error {
    let value = JsTypeError::from(napi::Error::new(code, message.clone())).into_unknown(*env);
    match env.throw(value) {
        Ok(()) => napi::Error::new(Status::PendingException, message),
        Err(failed) => failed,
    }
}

/// Runs a core call from a sync function, throwing its error.
pub(crate) fn sync<T>(env: &Env, result: crate::error::Result<T>) -> Result<T> {
    result.map_err(|error| throw(env, error))
}

/// The core error as a promise's rejection, in a task's `resolve`.
pub(crate) fn reject(env: &Env, error: CoreError) -> napi::Error {
    match js_error(env, &error) {
        Ok(object) => napi::Error::from(object.to_unknown()),
        Err(failed) => failed,
    }
}

/// Every default the core applies.
#[napi]
pub fn defaults() -> options::Defaults {
    options::defaults()
}
