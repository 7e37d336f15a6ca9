//! Secret generation, derivation and base32.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::input::{self, SecretInput, STACK_UNITS};
use super::{core, small_number};
use crate::secret::{self, DEFAULT_DERIVE_INFO, DEFAULT_GENERATED_BYTES};

fn byte_count(bytes: Option<f64>) -> crate::error::Result<usize> {
    Ok(bytes
        .map(|b| small_number("bytes", b))
        .transpose()?
        .map_or(DEFAULT_GENERATED_BYTES, |b| b as usize))
}

#[napi(catch_unwind)]
pub fn generate_secret(env: Env, bytes: Option<f64>) -> Result<String> {
    core(
        &env,
        (|| {
            Ok(secret::base32_encode(
                &secret::generate(byte_count(bytes)?)?,
                false,
            ))
        })(),
    )
}

#[napi(catch_unwind)]
pub fn derive_secret(
    env: Env,
    master_key: Unknown,
    identity: String,
    bytes: Option<f64>,
    info: Option<String>,
) -> Result<String> {
    // A string master key is used as its UTF-8 bytes: keys usually arrive
    // from environment variables, and no encoding can be assumed for them.
    let mut stack = [0u8; STACK_UNITS];
    let master_key = input::secret(&env, &master_key, &mut stack)?;
    let master_key: &[u8] = match &master_key {
        SecretInput::Text(text) => text.as_bytes(),
        SecretInput::Bytes(bytes) => bytes,
    };
    let info = info.as_deref().unwrap_or(DEFAULT_DERIVE_INFO);
    core(
        &env,
        (|| {
            Ok(secret::base32_encode(
                &secret::derive(master_key, &identity, info, byte_count(bytes)?)?,
                false,
            ))
        })(),
    )
}

#[napi(catch_unwind)]
pub fn base32_encode(bytes: &[u8], padding: bool) -> String {
    secret::base32_encode(bytes, padding)
}

/// The bytes are copied into a new Node buffer: handing Node the `Vec`
/// itself (`Buffer::from`) makes an external buffer, whose finalizer and
/// memory accounting cost more than copying twenty bytes.
#[napi(catch_unwind)]
pub fn base32_decode<'env>(env: &'env Env, text: String) -> Result<BufferSlice<'env>> {
    let bytes = core(env, secret::base32_decode(&text, "str"))?;
    BufferSlice::copy_from(env, bytes)
}
