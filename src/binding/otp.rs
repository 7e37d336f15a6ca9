//! HOTP/TOTP. `verify` is `validate(…) !== null` in the wrapper, so each
//! operation has one native function. Arguments are ordered so the common
//! call passes only what it needs: the token and secret, then the time or
//! counter, then the options, which the caller leaves out (or passes as
//! `undefined`) for the core's default.

use napi::bindgen_prelude::*;
use napi::{check_status, sys};

use super::core;
use super::declare::{js_object, natives, Ret, TsTypes};
use super::input::{AsciiBuffer, Millis, Name, Optional, Secret, Token};
use crate::options::{self, CheckOptions, ClockOptions, OtpOptions};
use crate::otp::{Code, Match};

natives! {
    type_error = "ERR_TOTP_INVALID_OPTION";

    /// The HOTP code of `secret` at `counter` (RFC 4226 §5.3), zero-padded.
    hotpGenerate => hotp_generate(HotpGenerate {
        secret: Secret,
        counter: f64,
        encoding: Optional<Name>,
        algorithm: Optional<Name>,
        digits: Optional<f64>,
    }) -> JsCode;

    /// Where `token` matches the HOTP codes of `secret` from `counter - past`
    /// to `counter + future`, after `after`: the latest match, or null.
    hotpValidate => hotp_validate(HotpValidate {
        token: Token,
        secret: Secret,
        counter: f64,
        encoding: Optional<Name>,
        algorithm: Optional<Name>,
        digits: Optional<f64>,
        past: Optional<f64>,
        future: Optional<f64>,
        after: Optional<f64>,
    }) -> Option<HotpMatch>;

    /// The TOTP code of `secret` at `timestamp` ms (RFC 6238 §4.2), zero-padded;
    /// without one, now, by the system clock.
    totpGenerate => totp_generate(TotpGenerate {
        secret: Secret,
        timestamp: Optional<Millis>,
        encoding: Optional<Name>,
        algorithm: Optional<Name>,
        digits: Optional<f64>,
        period: Optional<f64>,
        epoch: Optional<Millis>,
    }) -> JsCode;

    /// Where `token` matches the TOTP codes of `secret` around `timestamp`,
    /// after the step `after`: the latest match, or null.
    totpValidate => totp_validate(TotpValidate {
        token: Token,
        secret: Secret,
        timestamp: Optional<Millis>,
        encoding: Optional<Name>,
        algorithm: Optional<Name>,
        digits: Optional<f64>,
        period: Optional<f64>,
        epoch: Optional<Millis>,
        past: Optional<f64>,
        future: Optional<f64>,
        after: Optional<f64>,
    }) -> Option<TotpMatch>;

    /// The time step at `timestamp` ms (RFC 6238 §4.2: T), now by default.
    timeStep => time_step(TimeStep {
        timestamp: Optional<Millis>,
        period: Optional<f64>,
        epoch: Optional<Millis>,
    }) -> f64;

    /// Milliseconds from `timestamp` (now by default) until the time step changes.
    remaining => remaining(Remaining {
        timestamp: Optional<Millis>,
        period: Optional<f64>,
        epoch: Optional<Millis>,
    }) -> f64;
}

js_object! {
    /// Where a TOTP token matched.
    pub(crate) struct TotpMatch {
        delta: f64,
        time_step = "timeStep": f64,
    }
}

js_object! {
    /// Where a HOTP token matched.
    pub(crate) struct HotpMatch {
        delta: f64,
        counter: f64,
    }
}

/// A code, handed to JS as a one-byte string made straight from its stack
/// digits: no Rust `String` to allocate, and no UTF-8 to decode, as the
/// `String` return's `napi_create_string_utf8` does.
pub(crate) struct JsCode(Code);

impl ToNapiValue for JsCode {
    unsafe fn to_napi_value(env: sys::napi_env, code: Self) -> Result<sys::napi_value> {
        let digits = code.0.as_bytes();
        let mut value = std::ptr::null_mut();
        check_status!(
            // SAFETY: `env` is the live environment of the returning call; the
            // digits are ASCII, so their latin1 reading is the code itself.
            unsafe {
                sys::napi_create_string_latin1(
                    env,
                    digits.as_ptr().cast(),
                    digits.len() as isize,
                    &mut value,
                )
            },
            "could not make the code's string"
        )?;
        Ok(value)
    }
}

impl Ret for JsCode {
    fn ts(_: &mut TsTypes) -> String {
        "string".into()
    }
}

fn otp_options<'a>(
    encoding: &'a Optional<Name>,
    algorithm: &'a Optional<Name>,
    digits: &Optional<f64>,
) -> OtpOptions<'a> {
    OtpOptions {
        encoding: encoding.0.as_ref().map(Name::as_str),
        algorithm: algorithm.0.as_ref().map(Name::as_str),
        digits: digits.0,
    }
}

fn clock_options(period: &Optional<f64>, epoch: &Optional<Millis>) -> ClockOptions {
    ClockOptions {
        period: period.0,
        epoch: epoch.0.as_ref().map(|epoch| epoch.0),
    }
}

fn check_options(
    past: &Optional<f64>,
    future: &Optional<f64>,
    after: &Optional<f64>,
) -> CheckOptions {
    CheckOptions {
        past: past.0,
        future: future.0,
        after: after.0,
    }
}

/// A match's step or counter, at most 2^53 − 1, as a JS number; its delta,
/// at most the window's width, likewise exact.
fn matched(found: Match) -> (f64, f64) {
    (found.delta as f64, found.counter as f64)
}

fn hotp_generate(env: &Env, args: HotpGenerate) -> Result<JsCode> {
    let mut stack = AsciiBuffer::new();
    let secret = args.secret.read(env, &mut stack)?;
    let otp = otp_options(&args.encoding, &args.algorithm, &args.digits);
    core(
        env,
        otp.hotp(&secret)
            .and_then(|hotp| hotp.code(options::counter(args.counter)?)),
    )
    .map(JsCode)
}

fn hotp_validate(env: &Env, args: HotpValidate) -> Result<Option<HotpMatch>> {
    let mut token_stack = AsciiBuffer::new();
    let token = args.token.read(env, &mut token_stack)?;
    let mut stack = AsciiBuffer::new();
    let secret = args.secret.read(env, &mut stack)?;
    let otp = otp_options(&args.encoding, &args.algorithm, &args.digits);
    let check = check_options(&args.past, &args.future, &args.after);
    let found = core(
        env,
        otp.hotp(&secret)
            .and_then(|hotp| check.find(&hotp, token, options::counter(args.counter)?)),
    )?;
    Ok(found
        .map(matched)
        .map(|(delta, counter)| HotpMatch { delta, counter }))
}

fn totp_generate(env: &Env, args: TotpGenerate) -> Result<JsCode> {
    let mut stack = AsciiBuffer::new();
    let secret = args.secret.read(env, &mut stack)?;
    let otp = otp_options(&args.encoding, &args.algorithm, &args.digits);
    let clock = clock_options(&args.period, &args.epoch);
    core(
        env,
        otp.hotp(&secret)
            .and_then(|hotp| hotp.code(clock.time_step(args.timestamp.0.map(|at| at.0))?)),
    )
    .map(JsCode)
}

fn totp_validate(env: &Env, args: TotpValidate) -> Result<Option<TotpMatch>> {
    let mut token_stack = AsciiBuffer::new();
    let token = args.token.read(env, &mut token_stack)?;
    let mut stack = AsciiBuffer::new();
    let secret = args.secret.read(env, &mut stack)?;
    let otp = otp_options(&args.encoding, &args.algorithm, &args.digits);
    let clock = clock_options(&args.period, &args.epoch);
    let check = check_options(&args.past, &args.future, &args.after);
    let found = core(
        env,
        clock
            .time_step(args.timestamp.0.map(|at| at.0))
            .and_then(|step| {
                let hotp = otp.hotp(&secret)?;
                check.find(&hotp, token, step)
            }),
    )?;
    Ok(found
        .map(matched)
        .map(|(delta, time_step)| TotpMatch { delta, time_step }))
}

fn time_step(env: &Env, args: TimeStep) -> Result<f64> {
    let clock = clock_options(&args.period, &args.epoch);
    // A step is at most 2^53 − 1, exact as a JS number.
    core(env, clock.time_step(args.timestamp.0.map(|at| at.0))).map(|step| step as f64)
}

fn remaining(env: &Env, args: Remaining) -> Result<f64> {
    let clock = clock_options(&args.period, &args.epoch);
    // At most a period in ms, exact as a JS number.
    core(env, clock.remaining_ms(args.timestamp.0.map(|at| at.0))).map(|ms| ms as f64)
}
