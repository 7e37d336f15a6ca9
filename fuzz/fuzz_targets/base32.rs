//! Base32 and secret decoding: never a panic, errors name a character that is
//! really there, and whatever decodes re-encodes to text that decodes the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use totp_native::error::Error;
use totp_native::secret::{base32_decode, base32_encode, decode_secret, Encoding};

fuzz_target!(|text: &str| {
    match base32_decode(text, "str") {
        Ok(bytes) => {
            let encoded = base32_encode(&bytes, false);
            assert_eq!(base32_decode(&encoded, "str").ok(), Some(bytes));
        }
        Err(Error::InvalidBase32 {
            character,
            position,
            ..
        }) => {
            assert_eq!(text.chars().nth(position), Some(character));
        }
        Err(other) => panic!("unexpected error {other:?}"),
    }
    for encoding in [Encoding::Base32, Encoding::Hex, Encoding::Ascii] {
        if let Ok(key) = decode_secret(text, encoding) {
            assert!(!key.is_empty() && key.len() <= totp_native::secret::MAX_SECRET_BYTES);
        }
    }
});
