//! totp-native: HOTP/TOTP, secrets, otpauth:// URIs and QR codes for Node.js.
//!
//! The core modules (`otp`, `secret`, `uri`, `qr`) know nothing of JavaScript
//! and are tested by `cargo test` alone; `binding` is the napi surface that
//! converts JS values, calls the core and converts back.
//!
//! The core is safe Rust: `unsafe` is allowed only in the binding, which
//! speaks Node-API's C interface, and in the one call that runs QR mask
//! scoring with AVX2 on CPUs that have it (`qr::mask::penalties`).

#![deny(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod bounds;
pub mod error;
pub mod options;
pub mod otp;
#[cfg(test)]
mod properties;
pub mod qr;
pub mod secret;
#[cfg(test)]
mod test_random;
pub mod uri;

// napi registers its exports only outside test builds; the core's unit tests
// need none of them, and the core alone builds without the `node` feature.
#[cfg(all(feature = "node", not(test)))]
#[allow(unsafe_code)]
mod binding;
