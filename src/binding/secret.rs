//! Secrets, base32 and `otpauth://` URIs.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::{secret_source, sync, JsSecret};
use crate::options::{self, SecretOptions, SecretSource, UriOptions};
use crate::secret;
use crate::uri::{self, OtpKind};

/// A new random secret of `bytes` bytes, as unpadded base32.
#[napi(catch_unwind)]
pub fn generate_secret(env: Env, options: Option<SecretOptions>) -> Result<String> {
    sync(&env, options.unwrap_or_default().generate())
}

/// The secret HKDF-SHA256 derives for `identity` from `masterKey`, as
/// unpadded base32. A string master key is its UTF-8 bytes.
#[napi(catch_unwind)]
pub fn derive_secret(
    env: Env,
    master_key: JsSecret,
    identity: String,
    options: Option<SecretOptions>,
) -> Result<String> {
    let master_key: &[u8] = match &master_key {
        Either::A(text) => text.as_bytes(),
        Either::B(bytes) => bytes,
    };
    sync(
        &env,
        options.unwrap_or_default().derive(master_key, &identity),
    )
}

/// `bytes` as RFC 4648 base32, with `=` padding if `padding`.
#[napi(catch_unwind)]
pub fn base32_encode(bytes: Uint8Array, padding: Option<bool>) -> String {
    options::base32_encode(&bytes, padding)
}

/// The bytes of the base32 string `str`.
#[napi(catch_unwind)]
pub fn base32_decode(env: Env, str: String) -> Result<Buffer> {
    sync(&env, secret::base32_decode(&str, "str")).map(Buffer::from)
}

/// The Key Uri Format URI of a secret.
#[napi(catch_unwind)]
pub fn key_uri(
    env: Env,
    secret: JsSecret,
    account: String,
    options: Option<UriOptions>,
) -> Result<String> {
    let source: SecretSource = secret_source(&secret);
    sync(&env, options.unwrap_or_default().build(&source, account))
}

/// What an `otpauth://` URI says, read strictly.
#[napi(object)]
pub struct ParsedUri {
    /// `totp` or `hotp`.
    #[napi(js_name = "type")]
    pub kind: String,
    pub issuer: Option<String>,
    pub account: String,
    /// The secret as unpadded base32.
    pub secret: String,
    pub algorithm: String,
    pub digits: u32,
    pub period: Option<f64>,
    pub counter: Option<f64>,
    pub image: Option<String>,
}

/// What an `otpauth://` URI says, read strictly.
#[napi(catch_unwind)]
pub fn parse_uri(env: Env, uri: String) -> Result<ParsedUri> {
    let parsed = sync(&env, uri::parse(&uri))?;
    let (period, counter) = match parsed.kind {
        OtpKind::Totp { period } => (Some(period as f64), None),
        OtpKind::Hotp { counter } => (None, Some(counter as f64)),
    };
    Ok(ParsedUri {
        kind: parsed.kind.name().to_owned(),
        issuer: parsed.issuer,
        account: parsed.account,
        secret: secret::base32_encode(&parsed.secret, false),
        algorithm: parsed.algorithm.name().to_owned(),
        digits: parsed.digits,
        period,
        counter,
        image: parsed.image,
    })
}
