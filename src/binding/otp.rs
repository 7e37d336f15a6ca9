//! HOTP/TOTP calls. Every optional argument is `undefined` when the user left
//! the option out; the core's defaults then apply.

use std::borrow::Cow;

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::{core, small_number, whole_number};
use crate::error::Result as CoreResult;
use crate::otp::{Algorithm, Clock, Hotp, Match, Window, DEFAULT_DIGITS, DEFAULT_PERIOD};
use crate::secret::{check_key_length, decode_secret, Encoding};

/// A secret as JS passes it: a string in some encoding, or raw bytes.
pub(crate) type SecretArg<'a> = Either<String, &'a [u8]>;

pub(crate) fn key<'a>(
    secret: &'a SecretArg<'_>,
    encoding: Option<&str>,
) -> CoreResult<Cow<'a, [u8]>> {
    match secret {
        Either::A(text) => {
            let encoding = encoding
                .map(Encoding::from_option)
                .transpose()?
                .unwrap_or_default();
            Ok(Cow::Owned(decode_secret(text, encoding)?))
        }
        Either::B(bytes) => {
            check_key_length(bytes)?;
            Ok(Cow::Borrowed(bytes))
        }
    }
}

fn hotp(
    secret: &SecretArg<'_>,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
) -> CoreResult<Hotp> {
    let key = key(secret, encoding.as_deref())?;
    let algorithm = algorithm
        .as_deref()
        .map(Algorithm::from_option)
        .transpose()?
        .unwrap_or_default();
    let digits = digits
        .map(|d| small_number("digits", d))
        .transpose()?
        .unwrap_or(DEFAULT_DIGITS);
    Hotp::new(&key, algorithm, digits)
}

fn clock(period: Option<f64>, epoch: Option<f64>) -> CoreResult<Clock> {
    let period = period
        .map(|p| whole_number("period", p))
        .transpose()?
        .unwrap_or(DEFAULT_PERIOD);
    let epoch = epoch
        .map(|e| whole_number("epoch", e))
        .transpose()?
        .unwrap_or(0);
    Clock::new(period, epoch)
}

fn window(past: Option<f64>, future: Option<f64>) -> CoreResult<Window> {
    let default = Window::default();
    let past = past
        .map(|p| small_number("window", p))
        .transpose()?
        .unwrap_or(default.past);
    let future = future
        .map(|f| small_number("window", f))
        .transpose()?
        .unwrap_or(default.future);
    Window::new(past, future)
}

fn after(after: Option<f64>) -> CoreResult<Option<u64>> {
    after.map(|a| whole_number("after", a)).transpose()
}

/// Where a TOTP token matched.
#[napi(object)]
pub struct TotpMatch {
    pub delta: i64,
    pub time_step: f64,
}

/// Where a HOTP token matched.
#[napi(object)]
pub struct HotpMatch {
    pub delta: i64,
    pub counter: f64,
}

#[allow(clippy::too_many_arguments)]
fn find_totp(
    token: &str,
    secret: &SecretArg<'_>,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
    period: Option<f64>,
    epoch: Option<f64>,
    timestamp: f64,
    past: Option<f64>,
    future: Option<f64>,
    after_step: Option<f64>,
) -> CoreResult<Option<Match>> {
    let hotp = hotp(secret, encoding, algorithm, digits)?;
    let step = clock(period, epoch)?.time_step(whole_number("timestamp", timestamp)?)?;
    hotp.find(token, step, window(past, future)?, after(after_step)?)
}

#[allow(clippy::too_many_arguments)]
fn find_hotp(
    token: &str,
    secret: &SecretArg<'_>,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
    counter: f64,
    past: Option<f64>,
    future: Option<f64>,
    after_counter: Option<f64>,
) -> CoreResult<Option<Match>> {
    let hotp = hotp(secret, encoding, algorithm, digits)?;
    hotp.find(
        token,
        whole_number("counter", counter)?,
        window(past, future)?,
        after(after_counter)?,
    )
}

#[napi(catch_unwind)]
pub fn hotp_generate(
    env: Env,
    secret: SecretArg,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
    counter: f64,
) -> Result<String> {
    core(
        &env,
        hotp(&secret, encoding, algorithm, digits)
            .and_then(|h| h.generate(whole_number("counter", counter)?)),
    )
}

#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn hotp_validate(
    env: Env,
    token: String,
    secret: SecretArg,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
    counter: f64,
    past: Option<f64>,
    future: Option<f64>,
    after: Option<f64>,
) -> Result<Option<HotpMatch>> {
    let found = core(
        &env,
        find_hotp(
            &token, &secret, encoding, algorithm, digits, counter, past, future, after,
        ),
    )?;
    Ok(found.map(|m| HotpMatch {
        delta: m.delta,
        counter: m.counter as f64,
    }))
}

#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn hotp_verify(
    env: Env,
    token: String,
    secret: SecretArg,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
    counter: f64,
    past: Option<f64>,
    future: Option<f64>,
    after: Option<f64>,
) -> Result<bool> {
    let found = core(
        &env,
        find_hotp(
            &token, &secret, encoding, algorithm, digits, counter, past, future, after,
        ),
    )?;
    Ok(found.is_some())
}

#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn totp_generate(
    env: Env,
    secret: SecretArg,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
    period: Option<f64>,
    epoch: Option<f64>,
    timestamp: f64,
) -> Result<String> {
    core(
        &env,
        (|| {
            let hotp = hotp(&secret, encoding, algorithm, digits)?;
            hotp.generate(clock(period, epoch)?.time_step(whole_number("timestamp", timestamp)?)?)
        })(),
    )
}

#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn totp_validate(
    env: Env,
    token: String,
    secret: SecretArg,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
    period: Option<f64>,
    epoch: Option<f64>,
    timestamp: f64,
    past: Option<f64>,
    future: Option<f64>,
    after: Option<f64>,
) -> Result<Option<TotpMatch>> {
    let found = core(
        &env,
        find_totp(
            &token, &secret, encoding, algorithm, digits, period, epoch, timestamp, past, future,
            after,
        ),
    )?;
    Ok(found.map(|m| TotpMatch {
        delta: m.delta,
        time_step: m.counter as f64,
    }))
}

#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn totp_verify(
    env: Env,
    token: String,
    secret: SecretArg,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
    period: Option<f64>,
    epoch: Option<f64>,
    timestamp: f64,
    past: Option<f64>,
    future: Option<f64>,
    after: Option<f64>,
) -> Result<bool> {
    let found = core(
        &env,
        find_totp(
            &token, &secret, encoding, algorithm, digits, period, epoch, timestamp, past, future,
            after,
        ),
    )?;
    Ok(found.is_some())
}

#[napi(catch_unwind)]
pub fn time_step(env: Env, period: Option<f64>, epoch: Option<f64>, timestamp: f64) -> Result<f64> {
    core(
        &env,
        (|| Ok(clock(period, epoch)?.time_step(whole_number("timestamp", timestamp)?)? as f64))(),
    )
}

#[napi(catch_unwind)]
pub fn remaining(env: Env, period: Option<f64>, epoch: Option<f64>, timestamp: f64) -> Result<f64> {
    core(
        &env,
        (|| Ok(clock(period, epoch)?.remaining_ms(whole_number("timestamp", timestamp)?)? as f64))(
        ),
    )
}
