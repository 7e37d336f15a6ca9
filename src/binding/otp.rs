//! HOTP and TOTP. `verify` is `validate(…) !== null` in the wrapper, so each
//! operation has one native function. Tokens are strings: a string that
//! cannot be a code is no match, not an error.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::{secret_source, sync, JsSecret};
use crate::options::OtpOptions;
use crate::otp::Match;

/// Where a TOTP token matched.
#[napi(object)]
pub struct TotpMatch {
    /// The matching step's distance from the current one.
    pub delta: f64,
    /// The matching step: store it and pass it back as `after`.
    pub time_step: f64,
}

/// Where a HOTP token matched.
#[napi(object)]
pub struct HotpMatch {
    /// The matching counter's distance from the one asked about.
    pub delta: f64,
    /// The matching counter.
    pub counter: f64,
}

/// A match's step or counter (at most 2^53 − 1) and its delta (at most the
/// window's width), both exact as JS numbers.
fn matched(found: Match) -> (f64, f64) {
    (found.delta as f64, found.counter as f64)
}

/// The HOTP code of `secret` at `counter` (RFC 4226 §5.3), zero-padded.
#[napi(catch_unwind)]
pub fn hotp_generate(
    env: Env,
    secret: JsSecret,
    counter: f64,
    options: Option<OtpOptions>,
) -> Result<String> {
    let options = options.unwrap_or_default();
    sync(&env, options.hotp_code(&secret_source(&secret), counter))
}

/// Where `token` matches the HOTP codes of `secret` from `counter - past`
/// to `counter + future`, after `after`: the latest match, or null.
#[napi(catch_unwind)]
pub fn hotp_validate(
    env: Env,
    token: String,
    secret: JsSecret,
    counter: f64,
    options: Option<OtpOptions>,
) -> Result<Option<HotpMatch>> {
    let options = options.unwrap_or_default();
    let found = sync(
        &env,
        options.validate_hotp(&token, &secret_source(&secret), counter),
    )?;
    Ok(found
        .map(matched)
        .map(|(delta, counter)| HotpMatch { delta, counter }))
}

/// The TOTP code of `secret` at `timestamp` (RFC 6238 §4.2), zero-padded.
#[napi(catch_unwind)]
pub fn totp_generate(env: Env, secret: JsSecret, options: Option<OtpOptions>) -> Result<String> {
    let options = options.unwrap_or_default();
    sync(&env, options.totp(&secret_source(&secret)))
}

/// Where `token` matches the TOTP codes of `secret` around `timestamp`,
/// after the step `after`: the latest match, or null.
#[napi(catch_unwind)]
pub fn totp_validate(
    env: Env,
    token: String,
    secret: JsSecret,
    options: Option<OtpOptions>,
) -> Result<Option<TotpMatch>> {
    let options = options.unwrap_or_default();
    let found = sync(&env, options.validate_totp(&token, &secret_source(&secret)))?;
    Ok(found
        .map(matched)
        .map(|(delta, time_step)| TotpMatch { delta, time_step }))
}

/// The time step at `timestamp` (RFC 6238 §4.2: T).
#[napi(catch_unwind)]
pub fn time_step(env: Env, options: Option<OtpOptions>) -> Result<f64> {
    // A step is at most 2^53 − 1, exact as a JS number.
    sync(&env, options.unwrap_or_default().time_step()).map(|step| step as f64)
}

/// Milliseconds from `timestamp` until the time step changes.
#[napi(catch_unwind)]
pub fn remaining(env: Env, options: Option<OtpOptions>) -> Result<f64> {
    // At most a period in ms, exact as a JS number.
    sync(&env, options.unwrap_or_default().remaining_ms()).map(|ms| ms as f64)
}
