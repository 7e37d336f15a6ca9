//! Secret generation, derivation and base32.

use napi::bindgen_prelude::*;

use super::core;
use super::declare::natives;
use super::input::{Bytes, Optional, Secret, STACK_UNITS};
use super::output::CopiedBuffer;
use crate::options::{self, SecretOptions, SecretSource};
use crate::secret;

natives! {
    type_error = "ERR_TOTP_INVALID_OPTION";

    /// A new random secret of `bytes` bytes, as unpadded base32.
    generateSecret => generate_secret(GenerateSecret {
        bytes: Optional<f64>,
    }) -> String;

    /// The secret HKDF-SHA256 derives for `identity` from `masterKey`, as
    /// unpadded base32.
    deriveSecret => derive_secret(DeriveSecret {
        master_key: Secret,
        identity: String,
        bytes: Optional<f64>,
        info: Optional<String>,
    }) -> String;

    /// `bytes` as RFC 4648 base32, with `=` padding if `padding`.
    base32Encode => base32_encode(Base32Encode {
        bytes: Bytes,
        padding: Optional<bool>,
    }) -> String;

    /// The bytes of the base32 string `str`.
    base32Decode => base32_decode(Base32Decode {
        str: String as "ERR_TOTP_INVALID_BASE32",
    }) -> CopiedBuffer;
}

fn generate_secret(env: &Env, args: GenerateSecret) -> Result<String> {
    let options = SecretOptions {
        bytes: args.bytes.0,
        info: None,
    };
    core(env, options.generate())
}

fn derive_secret(env: &Env, args: DeriveSecret) -> Result<String> {
    // A string master key is used as its UTF-8 bytes: keys usually arrive
    // from environment variables, and no encoding can be assumed for them.
    let mut stack = [0u8; STACK_UNITS];
    let master_key = args.master_key.read(env, &mut stack)?;
    let master_key: &[u8] = match &master_key {
        SecretSource::Text(text) => text.as_bytes(),
        SecretSource::Bytes(bytes) => bytes,
    };
    let options = SecretOptions {
        bytes: args.bytes.0,
        info: args.info.0.as_deref(),
    };
    core(env, options.derive(master_key, &args.identity))
}

fn base32_encode(_env: &Env, args: Base32Encode) -> Result<String> {
    Ok(options::base32_encode(
        args.bytes.as_slice(),
        args.padding.0,
    ))
}

fn base32_decode(env: &Env, args: Base32Decode) -> Result<CopiedBuffer> {
    core(env, secret::base32_decode(&args.str, "str")).map(CopiedBuffer)
}
