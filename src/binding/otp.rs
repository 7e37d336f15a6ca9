//! HOTP/TOTP calls. `verify` is `validate(…) !== null` in the wrapper, so
//! each operation has one native entry point. Arguments are ordered so the common call passes only
//! what it needs: the secret (and token), then the time or counter, then the
//! options, each `undefined` when the user left it out so that the core's
//! default applies.

use std::borrow::Cow;

use napi::bindgen_prelude::*;
use napi::{check_status, sys};
use napi_derive::napi;

use super::direct::{self, direct_function};
use super::input::{self, AsciiBuffer, Optional, SecretInput};
use super::{core, small_number, whole_number};
use crate::error::Result as CoreResult;
use crate::otp::{Algorithm, Clock, Code, Hotp, Match, Window, DEFAULT_DIGITS, DEFAULT_PERIOD};
use crate::secret::{check_key_length, decode_secret, Encoding};

/// The key bytes of a secret, decoded by `encoding` (base32 by default).
pub(crate) fn key<'a>(
    secret: &'a SecretInput<'_>,
    encoding: Option<&str>,
) -> CoreResult<Cow<'a, [u8]>> {
    match secret {
        SecretInput::Text(text) => {
            let encoding = encoding
                .map(Encoding::from_option)
                .transpose()?
                .unwrap_or_default();
            Ok(Cow::Owned(decode_secret(text, encoding)?))
        }
        SecretInput::Bytes(bytes) => {
            check_key_length(bytes)?;
            Ok(Cow::Borrowed(bytes))
        }
    }
}

/// The options every OTP call shares, as they arrive from JS.
struct OtpArgs {
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
}

impl OtpArgs {
    fn hotp(&self, secret: &SecretInput<'_>) -> CoreResult<Hotp> {
        let key = key(secret, self.encoding.as_deref())?;
        let algorithm = self
            .algorithm
            .as_deref()
            .map(Algorithm::from_option)
            .transpose()?
            .unwrap_or_default();
        let digits = self
            .digits
            .map(|d| small_number("digits", d))
            .transpose()?
            .unwrap_or(DEFAULT_DIGITS);
        Hotp::new(&key, algorithm, digits)
    }
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

/// The window, `after` and the expected step or counter of a verification.
struct Check {
    past: Option<f64>,
    future: Option<f64>,
    after: Option<f64>,
}

impl Check {
    fn find(&self, hotp: &Hotp, token: Option<&str>, expected: u64) -> CoreResult<Option<Match>> {
        let default = Window::default();
        let past = self
            .past
            .map(|p| small_number("window", p))
            .transpose()?
            .unwrap_or(default.past);
        let future = self
            .future
            .map(|f| small_number("window", f))
            .transpose()?
            .unwrap_or(default.future);
        let window = Window::new(past, future)?;
        let after = self.after.map(|a| whole_number("after", a)).transpose()?;
        // A token too long or not ASCII was not copied: it matches nothing,
        // but the options are still checked above.
        match token {
            Some(token) => hotp.find(token, expected, window, after),
            None => Ok(None),
        }
    }
}

/// A code, handed to JS as a one-byte string made straight from its stack
/// digits: no Rust `String` to allocate, and no UTF-8 to decode, as the
/// `String` return's `napi_create_string_utf8` does.
pub struct JsCode(Code);

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

fn hotp_generate(
    env: &Env,
    secret: Unknown,
    counter: f64,
    encoding: Optional<String>,
    algorithm: Optional<String>,
    digits: Optional<f64>,
) -> Result<JsCode> {
    let mut stack = AsciiBuffer::new();
    let secret = input::secret(env, &secret, &mut stack)?;
    let otp = OtpArgs {
        encoding: encoding.0,
        algorithm: algorithm.0,
        digits: digits.0,
    };
    core(
        env,
        otp.hotp(&secret)
            .and_then(|h| h.code(whole_number("counter", counter)?)),
    )
    .map(JsCode)
}

#[allow(clippy::too_many_arguments)]
fn hotp_validate(
    env: &Env,
    token: Unknown,
    secret: Unknown,
    counter: f64,
    encoding: Optional<String>,
    algorithm: Optional<String>,
    digits: Optional<f64>,
    past: Optional<f64>,
    future: Optional<f64>,
    after: Optional<f64>,
) -> Result<Option<HotpMatch>> {
    let otp = OtpArgs {
        encoding: encoding.0,
        algorithm: algorithm.0,
        digits: digits.0,
    };
    let check = Check {
        past: past.0,
        future: future.0,
        after: after.0,
    };
    let mut token_stack = AsciiBuffer::new();
    let token = input::token(env, &token, &mut token_stack)?;
    let mut stack = AsciiBuffer::new();
    let secret = input::secret(env, &secret, &mut stack)?;
    let found = core(
        env,
        (|| {
            check.find(
                &otp.hotp(&secret)?,
                token,
                whole_number("counter", counter)?,
            )
        })(),
    )?;
    Ok(found.map(|m| HotpMatch {
        delta: m.delta,
        counter: m.counter as f64,
    }))
}

#[allow(clippy::too_many_arguments)]
fn totp_generate(
    env: &Env,
    secret: Unknown,
    timestamp: f64,
    encoding: Optional<String>,
    algorithm: Optional<String>,
    digits: Optional<f64>,
    period: Optional<f64>,
    epoch: Optional<f64>,
) -> Result<JsCode> {
    let mut stack = AsciiBuffer::new();
    let secret = input::secret(env, &secret, &mut stack)?;
    let otp = OtpArgs {
        encoding: encoding.0,
        algorithm: algorithm.0,
        digits: digits.0,
    };
    core(
        env,
        (|| {
            otp.hotp(&secret)?
                .code(clock(period.0, epoch.0)?.time_step(whole_number("timestamp", timestamp)?)?)
        })(),
    )
    .map(JsCode)
}

#[allow(clippy::too_many_arguments)]
fn totp_validate(
    env: &Env,
    token: Unknown,
    secret: Unknown,
    timestamp: f64,
    encoding: Optional<String>,
    algorithm: Optional<String>,
    digits: Optional<f64>,
    period: Optional<f64>,
    epoch: Optional<f64>,
    past: Optional<f64>,
    future: Optional<f64>,
    after: Optional<f64>,
) -> Result<Option<TotpMatch>> {
    let otp = OtpArgs {
        encoding: encoding.0,
        algorithm: algorithm.0,
        digits: digits.0,
    };
    let check = Check {
        past: past.0,
        future: future.0,
        after: after.0,
    };
    let mut token_stack = AsciiBuffer::new();
    let token = input::token(env, &token, &mut token_stack)?;
    let mut stack = AsciiBuffer::new();
    let secret = input::secret(env, &secret, &mut stack)?;
    let found = core(
        env,
        (|| {
            let step =
                clock(period.0, epoch.0)?.time_step(whole_number("timestamp", timestamp)?)?;
            check.find(&otp.hotp(&secret)?, token, step)
        })(),
    )?;
    Ok(found.map(|m| TotpMatch {
        delta: m.delta,
        time_step: m.counter as f64,
    }))
}

fn time_step(
    env: &Env,
    timestamp: f64,
    period: Optional<f64>,
    epoch: Optional<f64>,
) -> Result<f64> {
    let step = || clock(period.0, epoch.0)?.time_step(whole_number("timestamp", timestamp)?);
    core(env, step().map(|step| step as f64))
}

fn remaining(
    env: &Env,
    timestamp: f64,
    period: Optional<f64>,
    epoch: Optional<f64>,
) -> Result<f64> {
    let left = || clock(period.0, epoch.0)?.remaining_ms(whole_number("timestamp", timestamp)?);
    core(env, left().map(|ms| ms as f64))
}

direct_function!(hotp_generate_callback = hotp_generate(Unknown, f64, Optional<String>, Optional<String>, Optional<f64>));
direct_function!(
    hotp_validate_callback = hotp_validate(
        Unknown,
        Unknown,
        f64,
        Optional<String>,
        Optional<String>,
        Optional<f64>,
        Optional<f64>,
        Optional<f64>,
        Optional<f64>,
    )
);
direct_function!(
    totp_generate_callback = totp_generate(
        Unknown,
        f64,
        Optional<String>,
        Optional<String>,
        Optional<f64>,
        Optional<f64>,
        Optional<f64>,
    )
);
direct_function!(
    totp_validate_callback = totp_validate(
        Unknown,
        Unknown,
        f64,
        Optional<String>,
        Optional<String>,
        Optional<f64>,
        Optional<f64>,
        Optional<f64>,
        Optional<f64>,
        Optional<f64>,
        Optional<f64>,
    )
);
direct_function!(time_step_callback = time_step(f64, Optional<f64>, Optional<f64>));
direct_function!(remaining_callback = remaining(f64, Optional<f64>, Optional<f64>));

/// Exports the OTP calls as plain Node-API callbacks (see [`direct`]).
#[napi(module_exports)]
pub fn export_otp(mut exports: Object, env: Env) -> Result<()> {
    for (name, callback) in [
        ("hotpGenerate", hotp_generate_callback as direct::Callback),
        ("hotpValidate", hotp_validate_callback),
        ("totpGenerate", totp_generate_callback),
        ("totpValidate", totp_validate_callback),
        ("timeStep", time_step_callback),
        ("remaining", remaining_callback),
    ] {
        direct::export(&env, &mut exports, name, callback)?;
    }
    Ok(())
}
