//! totp-native: HOTP/TOTP, secrets, otpauth:// URIs and QR codes for Node.js.
//!
//! The core modules (`otp`, `secret`, `uri`, `qr`) know nothing of JavaScript
//! and are tested by `cargo test` alone; `binding` is the napi surface that
//! converts JS values, calls the core and converts back.
//!
//! The core is safe Rust and forbids `unsafe`. `options` and `binding` are
//! the edge to JavaScript, written in napi-rs's own attributes: the only
//! `unsafe` there is the conversion code `#[napi]` generates.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[forbid(unsafe_code)]
pub mod bounds;
#[forbid(unsafe_code)]
pub mod error;
#[forbid(unsafe_code)]
pub mod otp;
#[cfg(test)]
mod properties;
#[forbid(unsafe_code)]
pub mod qr;
#[forbid(unsafe_code)]
pub mod secret;
#[cfg(test)]
mod test_random;
#[forbid(unsafe_code)]
pub mod uri;

// The options a dynamically typed caller passes; with the `node` feature
// each is also an `#[napi(object)]`, whose generated conversions are the
// module's only `unsafe`.
#[cfg_attr(all(feature = "node", not(test)), allow(unsafe_code))]
pub mod options;

// napi registers its exports only outside test builds; the core's unit tests
// need none of them, and the core alone builds without the `node` feature.
#[cfg(all(feature = "node", not(test)))]
#[allow(unsafe_code)]
mod binding;
