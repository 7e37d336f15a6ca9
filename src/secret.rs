//! Secrets: base32 (RFC 4648 §6), hex and ASCII decoding, generation from the
//! OS CSPRNG, and per-user derivation with HKDF-SHA256 (RFC 5869).

use data_encoding::{BASE32, BASE32_NOPAD};

use hkdf::Hkdf;
use sha2::Sha256;

use crate::bounds::{Bounds, Family};
use crate::error::{Error, Result};

/// The largest key accepted, in bytes. HMAC hashes longer keys down anyway;
/// the bound keeps one request from making the server hash megabytes.
pub const MAX_SECRET_BYTES: usize = 1024;

/// The fewest bytes `generate`/`derive` will make: RFC 4226 §4 R6 requires a
/// shared secret of at least 128 bits.
pub const MIN_GENERATED_BYTES: usize = 16;

/// The default size of a generated secret: 160 bits, as RFC 4226 §4 recommends.
pub const DEFAULT_GENERATED_BYTES: usize = 20;

/// The size of a generated or derived secret, in bytes.
pub const GENERATED_BYTES: Bounds = Bounds {
    name: "bytes",
    min: MIN_GENERATED_BYTES as u64,
    max: MAX_SECRET_BYTES as u64,
    expected: "an integer from 16 to 1024 (RFC 4226 requires at least 128 bits)",
    family: Family::Otp,
};

/// How a string secret is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// RFC 4648 §6, the form authenticator apps show and `otpauth://` URIs carry.
    #[default]
    Base32,
    /// Hexadecimal, as some hardware tokens and databases store keys.
    Hex,
    /// The string's own bytes, as the RFC test vectors are written.
    Ascii,
}

impl Encoding {
    /// The option's name for this encoding.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Base32 => "base32",
            Encoding::Hex => "hex",
            Encoding::Ascii => "ascii",
        }
    }

    /// Reads `base32`, `hex` or `ascii` (any case).
    pub fn from_option(name: &str) -> Result<Self> {
        match name.to_ascii_lowercase().as_str() {
            "base32" => Ok(Encoding::Base32),
            "hex" => Ok(Encoding::Hex),
            "ascii" => Ok(Encoding::Ascii),
            _ => Err(Error::option(
                "encoding",
                "one of \"base32\", \"hex\", \"ascii\"",
                format!("{name:?}"),
            )),
        }
    }
}

/// Checks that a key is usable: not empty (RFC 2104 allows it, but an empty
/// secret is always a mistake) and at most [`MAX_SECRET_BYTES`].
pub fn check_key_length(key: &[u8]) -> Result<()> {
    if key.is_empty() {
        return Err(Error::InvalidSecret {
            argument: "secret",
            reason: "is empty".into(),
        });
    }
    if key.len() > MAX_SECRET_BYTES {
        return Err(Error::SecretLength {
            argument: "secret",
            min: 1,
            max: MAX_SECRET_BYTES,
            actual: key.len(),
        });
    }
    Ok(())
}

/// Room for the longest key: secrets are decoded into one on the stack,
/// so making a code allocates nothing.
pub type KeyBuffer = [u8; MAX_SECRET_BYTES];

/// Decodes a string secret written in `encoding` into key bytes, checking its
/// length with [`check_key_length`].
pub fn decode_secret(text: &str, encoding: Encoding) -> Result<Vec<u8>> {
    let mut buffer = [0u8; MAX_SECRET_BYTES];
    Ok(decode_secret_into(text, encoding, &mut buffer)?.to_vec())
}

/// [`decode_secret`] into `buffer`, returning the key: its first bytes.
pub fn decode_secret_into<'b>(
    text: &str,
    encoding: Encoding,
    buffer: &'b mut KeyBuffer,
) -> Result<&'b [u8]> {
    let mut key = Key {
        buffer,
        length: 0,
        wanted: 0,
    };
    match encoding {
        Encoding::Base32 => decode_base32(text, "secret", |byte| key.push(byte))?,
        Encoding::Hex => decode_hex(text, |byte| key.push(byte))?,
        Encoding::Ascii => decode_ascii(text, |byte| key.push(byte))?,
    }
    key.finish()
}

/// A key being decoded into a [`KeyBuffer`]: bytes past its end are only
/// counted, so the length error can say how long the key would be.
struct Key<'b> {
    buffer: &'b mut KeyBuffer,
    length: usize,
    wanted: usize,
}

impl<'b> Key<'b> {
    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.buffer.get_mut(self.wanted) {
            *slot = byte;
            self.length += 1;
        }
        self.wanted += 1;
    }

    fn finish(self) -> Result<&'b [u8]> {
        if self.wanted > MAX_SECRET_BYTES {
            return Err(Error::SecretLength {
                argument: "secret",
                min: 1,
                max: MAX_SECRET_BYTES,
                actual: self.wanted,
            });
        }
        let key = self.buffer.split_at(self.length).0;
        check_key_length(key)?;
        Ok(key)
    }
}

fn decode_hex(text: &str, mut emit: impl FnMut(u8)) -> Result<()> {
    // Characters first: a bad character is the fault to name, even when it
    // also makes the length odd.
    if let Some((position, character)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_hexdigit())
    {
        return Err(Error::InvalidSecret {
            argument: "secret",
            reason: format!("invalid hex character {character:?} at position {position}"),
        });
    }
    let (pairs, rest) = text.as_bytes().as_chunks::<2>();
    if !rest.is_empty() {
        return Err(Error::InvalidSecret {
            argument: "secret",
            reason: format!("hex needs an even number of digits (got {})", text.len()),
        });
    }
    for &[high, low] in pairs {
        let (Some(high), Some(low)) = (hex_value(high), hex_value(low)) else {
            return Err(Error::Internal {
                what: "checked hex digits did not decode",
            });
        };
        emit(high << 4 | low);
    }
    Ok(())
}

/// The value of an ASCII hex digit (any case).
fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

fn decode_ascii(text: &str, emit: impl FnMut(u8)) -> Result<()> {
    match text.char_indices().find(|(_, c)| !c.is_ascii()) {
        Some((position, character)) => Err(Error::InvalidSecret {
            argument: "secret",
            reason: format!(
                "non-ASCII character {character:?} at position {position} in an ascii-encoded secret \
                 (pass a Buffer for binary keys)"
            ),
        }),
        None => {
            text.bytes().for_each(emit);
            Ok(())
        }
    }
}

/// Encodes bytes as RFC 4648 §6 base32, with or without `=` padding.
pub fn base32_encode(bytes: &[u8], padding: bool) -> String {
    if padding {
        BASE32.encode(bytes)
    } else {
        BASE32_NOPAD.encode(bytes)
    }
}

/// Decodes RFC 4648 §6 base32 as authenticator apps read it: case-insensitive,
/// with spaces and hyphens (used to group characters for reading aloud) and
/// trailing `=` padding ignored. Bits left over after the last whole byte are
/// dropped, as Google Authenticator and the `totp-generator` package do, so a
/// secret of any length decodes. `argument` names the value in errors.
pub fn base32_decode(text: &str, argument: &'static str) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len() / 8 * 5 + 5);
    decode_base32(text, argument, |byte| bytes.push(byte))?;
    Ok(bytes)
}

/// [`base32_decode`], handing each byte to `emit`. The data-encoding crate
/// decodes strict base32; reading it leniently (any case, separators, any
/// length) in one pass is simpler than normalising a copy for it, and
/// needs no allocation.
fn decode_base32(text: &str, argument: &'static str, mut emit: impl FnMut(u8)) -> Result<()> {
    let unpadded = text.trim_end_matches(['=', ' ']);
    let mut bits = Bits::default();
    if unpadded.is_ascii() {
        // One byte a character, so a byte's index is its position.
        for (position, &byte) in unpadded.as_bytes().iter().enumerate() {
            match BASE32_VALUES[usize::from(byte)] {
                SEPARATOR => {}
                INVALID => {
                    return Err(Error::InvalidBase32 {
                        argument,
                        character: char::from(byte),
                        position,
                    })
                }
                value => bits.push(value, &mut emit),
            }
        }
        return Ok(());
    }
    for (position, character) in unpadded.chars().enumerate() {
        let value =
            u8::try_from(character).map_or(INVALID, |byte| BASE32_VALUES[usize::from(byte)]);
        match value {
            SEPARATOR => {}
            INVALID => {
                return Err(Error::InvalidBase32 {
                    argument,
                    character,
                    position,
                })
            }
            value => bits.push(value, &mut emit),
        }
    }
    Ok(())
}

/// The bits of base32 symbols read but not yet emitted as a byte: fewer
/// than 8 after each symbol, so leftover bits at the end are dropped.
#[derive(Default)]
struct Bits {
    pending: u16,
    count: u32,
}

impl Bits {
    fn push(&mut self, value: u8, emit: &mut impl FnMut(u8)) {
        self.pending = (self.pending << 5 | u16::from(value)) & 0x1fff;
        self.count += 5;
        if self.count >= 8 {
            self.count -= 8;
            // The top 8 of the pending bits: a whole byte.
            emit((self.pending >> self.count) as u8);
        }
    }
}

/// [`BASE32_VALUES`] of a character that is skipped: a space or a hyphen.
const SEPARATOR: u8 = 0xfe;
/// [`BASE32_VALUES`] of a character outside the alphabet.
const INVALID: u8 = 0xff;

/// Each byte's base32 value (RFC 4648 §6 Table 3, either case), or
/// [`SEPARATOR`] or [`INVALID`].
const BASE32_VALUES: [u8; 256] = {
    let mut values = [INVALID; 256];
    let mut letter = 0;
    while letter < 26 {
        values[(b'A' + letter) as usize] = letter;
        values[(b'a' + letter) as usize] = letter;
        letter += 1;
    }
    let mut digit = 0;
    while digit < 6 {
        values[(b'2' + digit) as usize] = 26 + digit;
        digit += 1;
    }
    values[b' ' as usize] = SEPARATOR;
    values[b'-' as usize] = SEPARATOR;
    values
};

fn check_generated_bytes(bytes: usize) -> Result<usize> {
    // At most 1024 after the check.
    Ok(GENERATED_BYTES.check(bytes as u64)? as usize)
}

/// A new random secret of `bytes` bytes from the operating system's CSPRNG
/// (RFC 4226 §7.5: secrets must be random, not derived from guessable data).
pub fn generate(bytes: usize) -> Result<Vec<u8>> {
    let mut secret = vec![0u8; check_generated_bytes(bytes)?];
    getrandom::fill(&mut secret).map_err(|error| Error::InvalidSecret {
        argument: "secret",
        reason: format!("the operating system's random source failed: {error}"),
    })?;
    Ok(secret)
}

/// The longest `identity` (in UTF-8 bytes) [`derive`] accepts: a user id or
/// an e-mail address is far shorter, and a bound keeps one request from
/// making the server hash megabytes.
pub const MAX_IDENTITY_BYTES: usize = 1024;

/// The default HKDF `info` prefix of [`derive`], so that keys derived for
/// TOTP differ from anything else derived from the same master key.
pub const DEFAULT_DERIVE_INFO: &str = "totp-native";

/// A stable per-user secret: HKDF-SHA256 (RFC 5869) with the master key as
/// input keying material, no salt, and `info ‖ 0x00 ‖ identity` as info. Only
/// the holder of `master_key` can compute it — unlike a hash of the identity
/// alone. The NUL separator keeps `("ab", "c")` and `("a", "bc")` apart, so
/// `info` may not contain one.
pub fn derive(master_key: &[u8], identity: &str, info: &str, bytes: usize) -> Result<Vec<u8>> {
    if master_key.len() < MIN_GENERATED_BYTES || master_key.len() > MAX_SECRET_BYTES {
        return Err(Error::SecretLength {
            argument: "masterKey",
            min: MIN_GENERATED_BYTES,
            max: MAX_SECRET_BYTES,
            actual: master_key.len(),
        });
    }
    for (argument, value) in [("identity", identity), ("option \"info\"", info)] {
        if value.len() > MAX_IDENTITY_BYTES {
            return Err(Error::TooLong {
                argument,
                max: MAX_IDENTITY_BYTES,
                actual: value.len(),
            });
        }
    }
    if info.contains('\0') {
        return Err(Error::option(
            "info",
            "a string without NUL characters",
            format!("{info:?}"),
        ));
    }
    let bytes = check_generated_bytes(bytes)?;
    let mut context = Vec::with_capacity(info.len() + 1 + identity.len());
    context.extend_from_slice(info.as_bytes());
    context.push(0);
    context.extend_from_slice(identity.as_bytes());
    let mut secret = vec![0u8; bytes];
    Hkdf::<Sha256>::new(None, master_key)
        .expand(&context, &mut secret)
        .map_err(|_| Error::option("bytes", "at most 8160 for HKDF-SHA256", bytes))?;
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_matches_rfc_4648_section_10_vectors() {
        let vectors = [
            ("", ""),
            ("f", "MY======"),
            ("fo", "MZXQ===="),
            ("foo", "MZXW6==="),
            ("foob", "MZXW6YQ="),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI======"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base32_encode(plain.as_bytes(), true), encoded);
            assert_eq!(
                base32_encode(plain.as_bytes(), false),
                encoded.trim_end_matches('=')
            );
            assert_eq!(base32_decode(encoded, "str").unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn base32_ignores_case_spaces_hyphens_and_padding() {
        let expected = base32_decode("JBSWY3DPEHPK3PXP", "secret").unwrap();
        for variant in [
            "jbswy3dpehpk3pxp",
            "JBSW Y3DP EHPK 3PXP",
            "jbsw-y3dp-ehpk-3pxp",
            "JBSWY3DPEHPK3PXP====",
        ] {
            assert_eq!(
                base32_decode(variant, "secret").unwrap(),
                expected,
                "{variant}"
            );
        }
    }

    #[test]
    fn base32_names_the_bad_character_and_its_position() {
        let error = base32_decode("JBSW1Y3DP", "secret").unwrap_err();
        assert_eq!(
            error,
            Error::InvalidBase32 {
                argument: "secret",
                character: '1',
                position: 4
            }
        );
        assert!(base32_decode("JB=SW", "secret").is_err());
    }

    #[test]
    fn base32_drops_leftover_bits_for_any_length() {
        // 'MZXW6YQ' (7 symbols) carries 4 bytes and 3 leftover bits.
        assert_eq!(base32_decode("MZXW6YQ", "str").unwrap(), b"foob");
        assert_eq!(base32_decode("MZXW6YQB", "str").unwrap(), b"foob\x01");
        assert_eq!(base32_decode("A", "str").unwrap(), b"");
    }

    #[test]
    fn secrets_decode_in_each_encoding() {
        assert_eq!(decode_secret("3132", Encoding::Hex).unwrap(), b"12");
        assert_eq!(decode_secret("ABcd", Encoding::Hex).unwrap(), [0xab, 0xcd]);
        assert_eq!(decode_secret("12", Encoding::Ascii).unwrap(), b"12");
        assert!(decode_secret("123", Encoding::Hex).is_err());
        assert!(decode_secret("12zz", Encoding::Hex).is_err());
        assert!(decode_secret("é", Encoding::Ascii).is_err());
        // The bad character is named, not the odd length it also causes.
        let error = decode_secret("aé", Encoding::Hex).unwrap_err();
        assert!(error.to_string().contains("'é' at position 1"), "{error}");
        assert!(decode_secret("", Encoding::Base32).is_err());
        assert!(decode_secret(&"A".repeat(2000), Encoding::Base32).is_err());
    }

    #[test]
    fn generated_secrets_are_random_and_at_least_128_bits() {
        let a = generate(20).unwrap();
        let b = generate(20).unwrap();
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
        assert!(generate(15).is_err());
        assert!(generate(1025).is_err());
    }

    #[test]
    fn derive_bounds_identity_and_info() {
        let key = [7u8; 32];
        let longest = "é".repeat(MAX_IDENTITY_BYTES / 2);
        assert!(derive(&key, &longest, DEFAULT_DERIVE_INFO, 20).is_ok());
        let error = derive(&key, &format!("{longest}a"), DEFAULT_DERIVE_INFO, 20).unwrap_err();
        assert_eq!(error.code(), "ERR_TOTP_INVALID_OPTION");
        assert_eq!(
            error.to_string(),
            "identity must be at most 1024 bytes of UTF-8 (got 1025 bytes)"
        );
        let error = derive(&key, "alice", &"i".repeat(1025), 20).unwrap_err();
        assert!(error
            .to_string()
            .starts_with("option \"info\" must be at most 1024"));
    }

    #[test]
    fn derive_is_stable_per_identity_and_key() {
        let key = [7u8; 32];
        let alice = derive(&key, "alice@example.com", DEFAULT_DERIVE_INFO, 20).unwrap();
        assert_eq!(
            alice,
            derive(&key, "alice@example.com", DEFAULT_DERIVE_INFO, 20).unwrap()
        );
        assert_ne!(
            alice,
            derive(&key, "bob@example.com", DEFAULT_DERIVE_INFO, 20).unwrap()
        );
        assert_ne!(
            alice,
            derive(&[8u8; 32], "alice@example.com", DEFAULT_DERIVE_INFO, 20).unwrap()
        );
        assert_ne!(
            alice,
            derive(&key, "alice@example.com", "other", 20).unwrap()
        );
        assert!(derive(&[7u8; 15], "alice", DEFAULT_DERIVE_INFO, 20).is_err());
        assert!(derive(&key, "alice", "a\0b", 20).is_err());
    }
}
