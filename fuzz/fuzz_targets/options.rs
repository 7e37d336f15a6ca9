//! Options as a dynamically typed caller passes them (`totp_native::options`:
//! numbers as `f64`, names as strings, anything absent) with arbitrary
//! values: never a panic and never an internal error; every accepted option
//! set generates codes of the right length, and verification of arbitrary
//! tokens only ever reports a step whose code is that token.
#![no_main]

use std::borrow::Cow;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use totp_native::error::Error;
use totp_native::options::{OtpOptions, SecretSource};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    text_secret: Option<&'a str>,
    key: &'a [u8],
    algorithm: Option<&'a str>,
    encoding: Option<&'a str>,
    digits: Option<f64>,
    period: Option<f64>,
    epoch: Option<f64>,
    timestamp: f64,
    past: Option<f64>,
    future: Option<f64>,
    after: Option<f64>,
    token: &'a str,
}

/// The value, or `None` for a refusal; an internal error is a bug.
fn accepted<T>(result: Result<T, Error>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(Error::Internal { what }) => panic!("internal error: {what}"),
        Err(_) => None,
    }
}

fuzz_target!(|input: Input| {
    let secret = match input.text_secret {
        Some(text) => SecretSource::Text(Cow::Borrowed(text)),
        None => SecretSource::Bytes(input.key),
    };
    let otp = OtpOptions {
        encoding: input.encoding.map(str::to_owned),
        algorithm: input.algorithm.map(str::to_owned),
        digits: input.digits,
        period: input.period,
        epoch: input.epoch,
        timestamp: Some(input.timestamp),
        past: input.past,
        future: input.future,
        after: input.after,
    };
    let Some(hotp) = accepted(otp.hotp(&secret)) else {
        return;
    };
    let Some(step) = accepted(otp.time_step()) else {
        return;
    };
    let code = hotp.generate(step).expect("a valid step generates");
    let digits = input.digits.map_or(6, |digits| digits as usize);
    assert_eq!(code.len(), digits);
    accepted(otp.remaining_ms()).expect("a valid time has a remaining time");
    let Some(found) = accepted(otp.find(&hotp, input.token, step)) else {
        return;
    };
    if let Some(found) = found {
        assert_eq!(
            hotp.generate(found.counter).ok().as_deref(),
            Some(input.token)
        );
        assert!(input.after.is_none_or(|after| found.counter as f64 > after));
    }
    let own = otp
        .find(&hotp, &code, step)
        .expect("options already accepted");
    let refused_by_after = input.after.is_some_and(|after| after >= step as f64);
    if refused_by_after {
        // The code may still match a later step of the window whose code is
        // the same (one chance in 10^digits): only such a step may be found.
        if let Some(found) = own {
            assert!(found.counter > step, "`after` refuses the code's own step");
            assert_eq!(hotp.generate(found.counter).ok(), Some(code));
        }
    } else {
        assert!(own.is_some(), "a fresh code verifies at its own step");
    }
});
