//! The napi surface: converts JS values to core types, calls the core, and
//! converts back. No OTP or QR semantics live here.
//!
//! Functions take flat positional arguments rather than option objects:
//! reading an object's properties across napi costs more than the HMAC
//! itself, and the JS wrapper (`index.js`) already unpacks the options while
//! checking their types. Type errors are raised there; value errors come from
//! the core and are mapped to JS in [`to_js_error`].

mod direct;
mod input;
mod otp;
mod qr;
mod secret;
mod uri;

use napi::bindgen_prelude::*;
use napi::{JsError, JsRangeError};

use crate::error::{Error as CoreError, JsClass};

/// Turns a core error into a JS `Error`/`RangeError` with its stable `code`.
/// The JS object is built here and retained in the `napi::Error`, so the same
/// value is thrown by a sync call and rejected by an async one.
pub(crate) fn to_js_error(env: &Env, error: CoreError) -> napi::Error {
    let inner = napi::Error::new(error.code(), error.to_string());
    let value = match error.class() {
        JsClass::Error => JsError::from(inner).into_unknown(*env),
        JsClass::RangeError => JsRangeError::from(inner).into_unknown(*env),
    };
    // Fields a caller reads instead of parsing the message.
    if let Some(min_version) = error.min_version() {
        if let Ok(mut object) = value.coerce_to_object() {
            let _ = object.set_named_property("minVersion", u32::from(min_version));
        }
    }
    napi::Error::from(value)
}

/// Runs a core call and maps its error.
pub(crate) fn core<T>(env: &Env, result: crate::error::Result<T>) -> Result<T> {
    result.map_err(|error| to_js_error(env, error))
}

/// A JS number as a whole number from 0 to 2^53 − 1: the only integers a JS
/// number holds exactly. Fractions, negatives, NaN and infinities are refused
/// rather than truncated, so `digits: 6.5` or `counter: -1` cannot silently
/// become something else.
pub(crate) fn whole_number(option: &'static str, value: f64) -> crate::error::Result<u64> {
    const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
    if (0.0..=MAX_SAFE_INTEGER).contains(&value) && value.fract() == 0.0 {
        Ok(value as u64)
    } else {
        Err(CoreError::option(
            option,
            "a whole number from 0 to 2^53 - 1",
            value,
        ))
    }
}

/// A whole number that must also fit in a `u32` (digits, windows, byte counts).
pub(crate) fn small_number(option: &'static str, value: f64) -> crate::error::Result<u32> {
    let value = whole_number(option, value)?;
    u32::try_from(value)
        .map_err(|_| CoreError::option(option, "a whole number up to 2^32 - 1", value))
}
