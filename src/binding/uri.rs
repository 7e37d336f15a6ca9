//! otpauth:// URIs.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::input::{self, STACK_UNITS};
use super::otp::key;
use super::{core, small_number, whole_number};
use crate::otp::{Algorithm, DEFAULT_DIGITS};
use crate::secret::base32_encode;
use crate::uri::{self, OtpKind, OtpUri};

#[napi(catch_unwind)]
#[allow(clippy::too_many_arguments)]
pub fn key_uri(
    env: Env,
    secret: Unknown,
    encoding: Option<String>,
    account: String,
    issuer: Option<String>,
    kind: Option<String>,
    algorithm: Option<String>,
    digits: Option<f64>,
    period: Option<f64>,
    counter: Option<f64>,
    image: Option<String>,
) -> Result<String> {
    let mut stack = [0u8; STACK_UNITS];
    let secret = input::secret(&env, &secret, &mut stack)?;
    core(
        &env,
        (|| {
            let period = period.map(|p| whole_number("period", p)).transpose()?;
            let counter = counter.map(|c| whole_number("counter", c)).transpose()?;
            uri::build(&OtpUri {
                kind: OtpKind::from_options(kind.as_deref(), period, counter)?,
                issuer,
                account,
                secret: key(&secret, encoding.as_deref())?.into_owned(),
                algorithm: algorithm
                    .as_deref()
                    .map(Algorithm::from_option)
                    .transpose()?
                    .unwrap_or_default(),
                digits: digits
                    .map(|d| small_number("digits", d))
                    .transpose()?
                    .unwrap_or(DEFAULT_DIGITS),
                image,
            })
        })(),
    )
}

/// What `parseUri` returns.
#[napi(object)]
pub struct ParsedUri {
    #[napi(js_name = "type")]
    pub kind: String,
    pub issuer: Option<String>,
    pub account: String,
    /// Unpadded base32, as it would be written back.
    pub secret: String,
    pub algorithm: String,
    pub digits: u32,
    pub period: Option<f64>,
    pub counter: Option<f64>,
    pub image: Option<String>,
}

#[napi(catch_unwind)]
pub fn parse_uri(env: Env, text: String) -> Result<ParsedUri> {
    let parsed = core(&env, uri::parse(&text))?;
    let (period, counter) = match parsed.kind {
        OtpKind::Totp { period } => (Some(period as f64), None),
        OtpKind::Hotp { counter } => (None, Some(counter as f64)),
    };
    Ok(ParsedUri {
        kind: parsed.kind.name().to_owned(),
        issuer: parsed.issuer,
        account: parsed.account,
        secret: base32_encode(&parsed.secret, false),
        algorithm: parsed.algorithm.name().to_owned(),
        digits: parsed.digits,
        period,
        counter,
        image: parsed.image,
    })
}
