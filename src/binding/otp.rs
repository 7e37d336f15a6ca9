//! HOTP/TOTP calls. `verify` is `validate(…) !== null` in the wrapper, so
//! each operation has one native entry point. Arguments are ordered so the common call passes only
//! what it needs: the secret (and token), then the time or counter, then the
//! options, each `undefined` when the user left it out so that the core's
//! default applies.

use std::borrow::Cow;

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::input::{self, SecretInput, MAX_TOKEN_UNITS, STACK_UNITS};
use super::{core, small_number, whole_number};
use crate::error::Result as CoreResult;
use crate::otp::{Algorithm, Clock, Hotp, Match, Window, DEFAULT_DIGITS, DEFAULT_PERIOD};
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

#[napi(catch_unwind)]
pub fn hotp_generate(
    env: Env,
    secret: Unknown,
    counter: f64,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
) -> Result<String> {
    let mut stack = [0u8; STACK_UNITS];
    let secret = input::secret(&env, &secret, &mut stack)?;
    let otp = OtpArgs {
        encoding,
        algorithm,
        digits,
    };
    core(
        &env,
        otp.hotp(&secret)
            .and_then(|h| h.generate(whole_number("counter", counter)?)),
    )
}

#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn hotp_validate(
    env: Env,
    token: Unknown,
    secret: Unknown,
    counter: f64,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
    past: Option<f64>,
    future: Option<f64>,
    after: Option<f64>,
) -> Result<Option<HotpMatch>> {
    let otp = OtpArgs {
        encoding,
        algorithm,
        digits,
    };
    let check = Check {
        past,
        future,
        after,
    };
    let mut token_stack = [0u8; MAX_TOKEN_UNITS];
    let token = input::token(&env, &token, &mut token_stack)?;
    let mut stack = [0u8; STACK_UNITS];
    let secret = input::secret(&env, &secret, &mut stack)?;
    let found = core(
        &env,
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

#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn totp_generate(
    env: Env,
    secret: Unknown,
    timestamp: f64,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
    period: Option<f64>,
    epoch: Option<f64>,
) -> Result<String> {
    let mut stack = [0u8; STACK_UNITS];
    let secret = input::secret(&env, &secret, &mut stack)?;
    let otp = OtpArgs {
        encoding,
        algorithm,
        digits,
    };
    core(
        &env,
        (|| {
            otp.hotp(&secret)?
                .generate(clock(period, epoch)?.time_step(whole_number("timestamp", timestamp)?)?)
        })(),
    )
}

#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn totp_validate(
    env: Env,
    token: Unknown,
    secret: Unknown,
    timestamp: f64,
    encoding: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
    period: Option<f64>,
    epoch: Option<f64>,
    past: Option<f64>,
    future: Option<f64>,
    after: Option<f64>,
) -> Result<Option<TotpMatch>> {
    let otp = OtpArgs {
        encoding,
        algorithm,
        digits,
    };
    let check = Check {
        past,
        future,
        after,
    };
    let mut token_stack = [0u8; MAX_TOKEN_UNITS];
    let token = input::token(&env, &token, &mut token_stack)?;
    let mut stack = [0u8; STACK_UNITS];
    let secret = input::secret(&env, &secret, &mut stack)?;
    let found = core(
        &env,
        (|| {
            let step = clock(period, epoch)?.time_step(whole_number("timestamp", timestamp)?)?;
            check.find(&otp.hotp(&secret)?, token, step)
        })(),
    )?;
    Ok(found.map(|m| TotpMatch {
        delta: m.delta,
        time_step: m.counter as f64,
    }))
}

#[napi(catch_unwind)]
pub fn time_step(env: Env, timestamp: f64, period: Option<f64>, epoch: Option<f64>) -> Result<f64> {
    core(
        &env,
        (|| Ok(clock(period, epoch)?.time_step(whole_number("timestamp", timestamp)?)? as f64))(),
    )
}

#[napi(catch_unwind)]
pub fn remaining(env: Env, timestamp: f64, period: Option<f64>, epoch: Option<f64>) -> Result<f64> {
    core(
        &env,
        (|| Ok(clock(period, epoch)?.remaining_ms(whole_number("timestamp", timestamp)?)? as f64))(
        ),
    )
}
