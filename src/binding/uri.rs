//! otpauth:// URIs.

use napi::bindgen_prelude::*;

use super::core;
use super::declare::{js_object, natives, Absent};
use super::input::{AsciiBuffer, Optional, Secret};
use crate::options::{KeyUriOptions, OtpOptions};
use crate::secret::base32_encode;
use crate::uri::{self, OtpKind};

natives! {
    type_error = "ERR_TOTP_INVALID_OPTION";

    /// The Key Uri Format URI of a secret.
    keyUri => key_uri(KeyUri {
        secret: Secret,
        #[option]
        account: String,
        encoding: Optional<String>,
        issuer: Optional<String>,
        kind: Optional<String>,
        algorithm: Optional<String>,
        digits: Optional<f64>,
        period: Optional<f64>,
        counter: Optional<f64>,
        image: Optional<String>,
    }) -> String;

    /// What an `otpauth://` URI says, read strictly.
    parseUri => parse_uri(ParseUri {
        uri: String as "ERR_TOTP_INVALID_URI",
    }) -> ParsedUri;
}

js_object! {
    /// What `parseUri` returns.
    pub(crate) struct ParsedUri {
        kind = "type": String,
        issuer: Absent<String>,
        account: String,
        /// Unpadded base32, as it would be written back.
        secret: String,
        algorithm: String,
        digits: f64,
        period: Absent<f64>,
        counter: Absent<f64>,
        image: Absent<String>,
    }
}

fn key_uri(env: &Env, args: KeyUri) -> Result<String> {
    let mut stack = AsciiBuffer::new();
    let secret = args.secret.read(env, &mut stack)?;
    let options = KeyUriOptions {
        secret,
        account: args.account,
        issuer: args.issuer.0,
        kind: args.kind.0.as_deref(),
        otp: OtpOptions {
            encoding: args.encoding.0.as_deref(),
            algorithm: args.algorithm.0.as_deref(),
            digits: args.digits.0,
        },
        period: args.period.0,
        counter: args.counter.0,
        image: args.image.0,
    };
    core(env, options.build())
}

fn parse_uri(env: &Env, args: ParseUri) -> Result<ParsedUri> {
    let parsed = core(env, uri::parse(&args.uri))?;
    // Periods and counters are at most 2^53 − 1, exact as JS numbers.
    let (period, counter) = match parsed.kind {
        OtpKind::Totp { period } => (Some(period as f64), None),
        OtpKind::Hotp { counter } => (None, Some(counter as f64)),
    };
    Ok(ParsedUri {
        kind: parsed.kind.name().to_owned(),
        issuer: Absent(parsed.issuer),
        account: parsed.account,
        secret: base32_encode(&parsed.secret, false),
        algorithm: parsed.algorithm.name().to_owned(),
        digits: f64::from(parsed.digits),
        period: Absent(period),
        counter: Absent(counter),
        image: Absent(parsed.image),
    })
}
