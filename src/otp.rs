//! HOTP (RFC 4226) and TOTP (RFC 6238): truncation, time steps and
//! verification windows. Knows nothing of JavaScript: keys are bytes, times are
//! integer milliseconds, and every limit is checked here.

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Sha256, Sha384, Sha512};
use subtle::{ConditionallySelectable, ConstantTimeEq};

use crate::bounds::{Bounds, Family, MAX_SAFE_INTEGER};
use crate::error::{Error, Result};

/// The largest counter or time step: 2^53 − 1, the largest integer a JS
/// number holds exactly, so every counter round-trips through JavaScript.
pub const MAX_COUNTER: u64 = MAX_SAFE_INTEGER;

/// The latest timestamp, in ms: the maximum of a JS `Date` (ECMA-262 §21.4.1.1).
pub const MAX_TIMESTAMP_MS: u64 = 8_640_000_000_000_000;

/// The widest window on either side. Each step costs one HMAC, so an unbounded
/// window would let one request force arbitrarily many.
pub const MAX_WINDOW: u32 = 10;

/// The default number of digits (RFC 4226 §5.3 requires at least 6).
pub const DEFAULT_DIGITS: u32 = 6;

/// The default period in seconds (RFC 6238 §5.2 recommends 30).
pub const DEFAULT_PERIOD: u64 = 30;

/// The largest period in seconds; far beyond any use, small enough that
/// period × 1000 cannot overflow.
pub const MAX_PERIOD: u64 = u32::MAX as u64;

/// The default start of time steps, T0, in ms (RFC 6238 §4.1: the Unix epoch).
pub const DEFAULT_EPOCH_MS: u64 = 0;

/// Code lengths: RFC 4226 §5.3 asks for at least 6, but shorter codes exist
/// in the wild; more than 10 cannot come from a 31-bit value.
pub const DIGITS: Bounds = Bounds {
    name: "digits",
    min: 1,
    max: 10,
    expected: "an integer from 1 to 10",
    family: Family::Otp,
};

/// HOTP counters (RFC 4226 §5.2: an 8-byte moving factor), bounded to what a
/// JS number holds exactly.
pub const COUNTER: Bounds = Bounds {
    name: "counter",
    min: 0,
    max: MAX_COUNTER,
    expected: "an integer from 0 to 2^53 - 1",
    family: Family::Otp,
};

/// `after`: the last accepted counter or time step (RFC 6238 §5.2).
pub const AFTER: Bounds = Bounds {
    name: "after",
    ..COUNTER
};

/// The time step X in seconds (RFC 6238 §4.1).
pub const PERIOD: Bounds = Bounds {
    name: "period",
    min: 1,
    max: MAX_PERIOD,
    expected: "a whole number of seconds from 1 to 4294967295",
    family: Family::Otp,
};

/// The time a code is made or checked at, in ms since the Unix epoch.
pub const TIMESTAMP: Bounds = Bounds {
    name: "timestamp",
    min: 0,
    max: MAX_TIMESTAMP_MS,
    expected: "a time in ms from 0 to 8.64e15 (the latest Date)",
    family: Family::Otp,
};

/// T0, in ms since the Unix epoch (RFC 6238 §4.1).
pub const EPOCH: Bounds = Bounds {
    name: "epoch",
    ..TIMESTAMP
};

/// Each side of a verification window, in steps.
pub const WINDOW: Bounds = Bounds {
    name: "window",
    min: 0,
    max: MAX_WINDOW as u64,
    expected: "a number of steps from 0 to 10 (or [past, future], each 0 to 10)",
    family: Family::Otp,
};

/// The HMAC hash function (RFC 6238 §1.2 allows SHA-1, SHA-256 and SHA-512;
/// SHA-384 is accepted because WebCrypto-based peers offer it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Algorithm {
    #[default]
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Algorithm {
    /// Reads `SHA1`, `sha1`, `SHA-1`, `Sha-256`, …: case-insensitive, with an
    /// optional hyphen, as users write them and as `otpauth://` URIs carry them.
    pub fn parse(name: &str) -> Option<Self> {
        let upper = name.to_ascii_uppercase();
        match upper.as_str() {
            "SHA1" | "SHA-1" => Some(Algorithm::Sha1),
            "SHA256" | "SHA-256" => Some(Algorithm::Sha256),
            "SHA384" | "SHA-384" => Some(Algorithm::Sha384),
            "SHA512" | "SHA-512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }

    /// Like [`Algorithm::parse`], with an error naming the option.
    pub fn from_option(name: &str) -> Result<Self> {
        Self::parse(name).ok_or_else(|| {
            Error::option(
                "algorithm",
                "one of \"SHA1\", \"SHA256\", \"SHA384\", \"SHA512\"",
                format!("{name:?}"),
            )
        })
    }

    /// The name used in `otpauth://` URIs (Key Uri Format: `SHA1`, `SHA256`, `SHA512`).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha384 => "SHA384",
            Algorithm::Sha512 => "SHA512",
        }
    }
}

/// A code length, 1 to 10 digits ([`DIGITS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digits(u8);

impl Digits {
    /// Checks `digits` against [`DIGITS`].
    pub fn new(digits: u32) -> Result<Self> {
        let checked = DIGITS.check(u64::from(digits))?;
        // At most 10 after the check.
        Ok(Digits(checked as u8))
    }

    /// The number of digits.
    pub fn get(self) -> u32 {
        u32::from(self.0)
    }
}

impl Default for Digits {
    fn default() -> Self {
        Digits(DEFAULT_DIGITS as u8)
    }
}

/// The keyed HMAC (RFC 2104, RustCrypto's `hmac`) of one of the
/// [`Algorithm`]s.
#[derive(Clone)]
enum KeyedMac {
    Sha1(Hmac<Sha1>),
    Sha256(Hmac<Sha256>),
    Sha384(Hmac<Sha384>),
    Sha512(Hmac<Sha512>),
}

impl KeyedMac {
    fn new(algorithm: Algorithm, key: &[u8]) -> Result<Self> {
        Ok(match algorithm {
            Algorithm::Sha1 => KeyedMac::Sha1(keyed(key)?),
            Algorithm::Sha256 => KeyedMac::Sha256(keyed(key)?),
            Algorithm::Sha384 => KeyedMac::Sha384(keyed(key)?),
            Algorithm::Sha512 => KeyedMac::Sha512(keyed(key)?),
        })
    }

    /// RFC 4226 §5.3: HMAC of the big-endian counter, then dynamic truncation
    /// to a 31-bit value.
    fn truncated(&self, counter: u64) -> u32 {
        match self {
            KeyedMac::Sha1(mac) => truncated(mac, counter),
            KeyedMac::Sha256(mac) => truncated(mac, counter),
            KeyedMac::Sha384(mac) => truncated(mac, counter),
            KeyedMac::Sha512(mac) => truncated(mac, counter),
        }
    }
}

/// An HMAC keyed with `key`. HMAC takes keys of any length (RFC 2104 §2), so
/// this cannot fail; if it ever did, that is a bug, not a bad secret.
fn keyed<M: KeyInit>(key: &[u8]) -> Result<M> {
    M::new_from_slice(key).map_err(|_| Error::Internal {
        what: "the HMAC refused a key",
    })
}

/// The truncated HMAC of `counter` under any of the hashes.
fn truncated<M: Mac + Clone>(mac: &M, counter: u64) -> u32 {
    let digest = mac
        .clone()
        .chain_update(counter.to_be_bytes())
        .finalize()
        .into_bytes();
    dynamic_truncation(&digest)
}

/// RFC 4226 §5.3 DT: the low 4 bits of the last byte pick an offset; the 31
/// bits from there are the value. Every digest here has at least 20 bytes,
/// so the offset (at most 15) always has four bytes after it; read with
/// iterators, nothing can index out of bounds whatever the input.
fn dynamic_truncation(digest: &[u8]) -> u32 {
    let offset = digest.last().map_or(0, |last| usize::from(last & 0x0f));
    let mut bytes = [0u8; 4];
    for (slot, byte) in bytes.iter_mut().zip(digest.iter().skip(offset)) {
        *slot = *byte;
    }
    u32::from_be_bytes(bytes) & 0x7fff_ffff
}

/// A HOTP generator for one key, algorithm and length. The key schedule
/// (HMAC inner and outer pads) is computed once here, so checking a window of
/// steps costs one HMAC per step.
#[derive(Clone)]
pub struct Hotp {
    mac: KeyedMac,
    digits: Digits,
    /// 10^digits (RFC 4226 §5.3: `Snum mod 10^Digit`).
    modulus: u64,
}

/// A code's decimal digits, zero-padded to its length (RFC 4226 §5.3), kept
/// on the stack: at most 10 ASCII digits, so handing one to JavaScript or
/// comparing it needs no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// Right-aligned: the code is the last `digits` bytes.
    bytes: [u8; 10],
    digits: Digits,
}

impl Code {
    fn new(value: u64, digits: Digits) -> Code {
        let mut bytes = [b'0'; 10];
        let mut rest = value;
        for slot in bytes.iter_mut().rev() {
            // `rest % 10` is below 10, so the cast cannot truncate.
            *slot = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        Code { bytes, digits }
    }

    /// The digits as ASCII bytes. [`Digits`] is at most 10, the array's
    /// length, so the slice always exists.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[self.bytes.len() - usize::from(self.digits.0)..]
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write;
        // ASCII digits: each byte is its own character.
        self.as_bytes()
            .iter()
            .try_for_each(|&digit| formatter.write_char(char::from(digit)))
    }
}

/// A token's value when it has exactly `digits` ASCII digits, else `None`.
/// Two such strings are equal exactly when their values are, so a window is
/// checked by comparing numbers, with no candidate formatted.
fn token_value(token: &str, digits: Digits) -> Option<u64> {
    let token = token.as_bytes();
    if token.len() != usize::from(digits.0) {
        return None;
    }
    token.iter().try_fold(0u64, |value, &byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u64::from(byte - b'0'))
    })
}

/// Where a token matched: the counter (or time step) and its distance from the
/// one the caller asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub counter: u64,
    pub delta: i64,
}

/// How many steps before and after the expected one a token may come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub past: u32,
    pub future: u32,
}

impl Default for Window {
    /// One step each side: RFC 6238 §5.2 recommends at most one step of
    /// network delay.
    fn default() -> Self {
        Window { past: 1, future: 1 }
    }
}

impl Window {
    /// A window of `past` steps before and `future` steps after, each at most
    /// [`MAX_WINDOW`].
    pub fn new(past: u32, future: u32) -> Result<Self> {
        for side in [past, future] {
            WINDOW.check(u64::from(side))?;
        }
        Ok(Window { past, future })
    }
}

impl Hotp {
    /// Sets up the keyed HMAC. `key` must be 1 to [`crate::secret::MAX_SECRET_BYTES`]
    /// bytes; `digits` 1 to 10.
    pub fn new(key: &[u8], algorithm: Algorithm, digits: u32) -> Result<Self> {
        Self::with_digits(key, algorithm, Digits::new(digits)?)
    }

    /// [`Hotp::new`] with the length already checked.
    pub fn with_digits(key: &[u8], algorithm: Algorithm, digits: Digits) -> Result<Self> {
        crate::secret::check_key_length(key)?;
        Ok(Hotp {
            mac: KeyedMac::new(algorithm, key)?,
            digits,
            modulus: 10u64.pow(digits.get()),
        })
    }

    /// The code for `counter` as a number, before zero padding
    /// (RFC 4226 §5.3: `Snum mod 10^Digit`).
    fn value(&self, counter: u64) -> u64 {
        u64::from(self.mac.truncated(counter)) % self.modulus
    }

    /// The code for `counter`, zero-padded to the number of digits
    /// (RFC 4226 §5.3; Appendix D gives the vectors).
    pub fn code(&self, counter: u64) -> Result<Code> {
        let counter = COUNTER.check(counter)?;
        Ok(Code::new(self.value(counter), self.digits))
    }

    /// [`Hotp::code`] as a `String`.
    pub fn generate(&self, counter: u64) -> Result<String> {
        Ok(self.code(counter)?.to_string())
    }

    /// Checks `token` against every counter in `expected − past ..= expected +
    /// future`, skipping counters below zero, above [`MAX_COUNTER`], and at or
    /// before `after` (RFC 6238 §5.2: a code must not be accepted twice).
    ///
    /// Returns the *latest* matching counter: a caller that stores it and
    /// passes it back as `after` then refuses every earlier code too. A token
    /// of the wrong length or with a non-digit is no match, not an error —
    /// login forms pass user input straight in. Every candidate is computed
    /// and compared in constant time, so the time taken does not reveal which
    /// step matched or how many leading digits were right.
    pub fn find(
        &self,
        token: &str,
        expected: u64,
        window: Window,
        after: Option<u64>,
    ) -> Result<Option<Match>> {
        let expected = COUNTER.check(expected)?;
        let Some(token) = token_value(token, self.digits) else {
            return Ok(None);
        };
        let first = expected.saturating_sub(u64::from(window.past));
        let first = match after {
            Some(after) => first.max(after.saturating_add(1)),
            None => first,
        };
        let last = expected
            .saturating_add(u64::from(window.future))
            .min(MAX_COUNTER);

        let mut found = subtle::Choice::from(0);
        let mut latest = 0u64;
        for counter in first..=last {
            let equal = self.value(counter).ct_eq(&token);
            latest.conditional_assign(&counter, equal);
            found |= equal;
        }
        Ok(bool::from(found).then(|| Match {
            counter: latest,
            delta: latest as i64 - expected as i64,
        }))
    }
}

/// The time parameters of TOTP (RFC 6238 §4.1): the step length `period`
/// (X, in seconds) and the start `epoch` (T0, in ms since the Unix epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    period_ms: u64,
    epoch_ms: u64,
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            period_ms: DEFAULT_PERIOD * 1000,
            epoch_ms: DEFAULT_EPOCH_MS,
        }
    }
}

impl Clock {
    /// `period` in whole seconds (1 to [`MAX_PERIOD`]); `epoch_ms` in ms, at
    /// most the latest `Date`.
    pub fn new(period: u64, epoch_ms: u64) -> Result<Self> {
        Ok(Clock {
            period_ms: PERIOD.check(period)? * 1000,
            epoch_ms: EPOCH.check(epoch_ms)?,
        })
    }

    fn elapsed_ms(&self, timestamp_ms: u64) -> Result<u64> {
        TIMESTAMP
            .check(timestamp_ms)?
            .checked_sub(self.epoch_ms)
            .ok_or_else(|| {
                Error::option(
                    "timestamp",
                    "a time in ms at or after the epoch option",
                    timestamp_ms,
                )
            })
    }

    /// RFC 6238 §4.2: T = floor((Current Unix time − T0) / X).
    pub fn time_step(&self, timestamp_ms: u64) -> Result<u64> {
        Ok(self.elapsed_ms(timestamp_ms)? / self.period_ms)
    }

    /// Milliseconds from `timestamp_ms` until the time step (and so the code) changes.
    pub fn remaining_ms(&self, timestamp_ms: u64) -> Result<u64> {
        Ok(self.period_ms - self.elapsed_ms(timestamp_ms)? % self.period_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC4226_KEY: &[u8] = b"12345678901234567890";

    #[test]
    fn hotp_matches_rfc_4226_appendix_d() {
        // RFC 4226 Appendix D, counters 0..9.
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        let hotp = Hotp::new(RFC4226_KEY, Algorithm::Sha1, 6).unwrap();
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(hotp.generate(counter as u64).unwrap(), *code);
        }
    }

    #[test]
    fn totp_matches_rfc_6238_appendix_b() {
        // RFC 6238 Appendix B: (time in s, SHA1, SHA256, SHA512), 8 digits.
        let sha1 = b"12345678901234567890".as_slice();
        let sha256 = b"12345678901234567890123456789012".as_slice();
        let sha512 = b"1234567890123456789012345678901234567890123456789012345678901234".as_slice();
        let rows = [
            (59u64, "94287082", "46119246", "90693936"),
            (1111111109, "07081804", "68084774", "25091201"),
            (1111111111, "14050471", "67062674", "99943326"),
            (1234567890, "89005924", "91819424", "93441116"),
            (2000000000, "69279037", "90698825", "38618901"),
            (20000000000, "65353130", "77737706", "47863826"),
        ];
        let clock = Clock::default();
        for (seconds, code1, code256, code512) in rows {
            let step = clock.time_step(seconds * 1000).unwrap();
            for (key, algorithm, code) in [
                (sha1, Algorithm::Sha1, code1),
                (sha256, Algorithm::Sha256, code256),
                (sha512, Algorithm::Sha512, code512),
            ] {
                let hotp = Hotp::new(key, algorithm, 8).unwrap();
                assert_eq!(
                    hotp.generate(step).unwrap(),
                    code,
                    "{algorithm:?} at {seconds}"
                );
            }
        }
    }

    #[test]
    fn algorithm_names_are_read_in_any_case_with_or_without_a_hyphen() {
        for name in ["sha1", "SHA1", "SHA-1", "Sha-1"] {
            assert_eq!(Algorithm::parse(name), Some(Algorithm::Sha1));
        }
        assert_eq!(Algorithm::parse("sha-512"), Some(Algorithm::Sha512));
        assert_eq!(Algorithm::parse("md5"), None);
        assert_eq!(Algorithm::parse("SHA--1"), None);
        let error = Algorithm::from_option("md5").unwrap_err();
        assert_eq!(error.code(), "ERR_TOTP_INVALID_OPTION");
    }

    #[test]
    fn ten_digits_is_the_whole_31_bit_value_and_eleven_is_refused() {
        let hotp = Hotp::new(RFC4226_KEY, Algorithm::Sha1, 10).unwrap();
        // RFC 4226 Appendix D, counter 0: truncated decimal 1284755224.
        assert_eq!(hotp.generate(0).unwrap(), "1284755224");
        assert!(Hotp::new(RFC4226_KEY, Algorithm::Sha1, 11).is_err());
        assert!(Hotp::new(RFC4226_KEY, Algorithm::Sha1, 0).is_err());
    }

    #[test]
    fn counters_past_2_pow_32_are_not_wrapped() {
        let hotp = Hotp::new(RFC4226_KEY, Algorithm::Sha1, 6).unwrap();
        assert_ne!(hotp.generate(1 << 32).unwrap(), hotp.generate(0).unwrap());
        assert!(hotp.generate(MAX_COUNTER).is_ok());
        assert!(hotp.generate(MAX_COUNTER + 1).is_err());
    }

    #[test]
    fn find_reports_the_latest_matching_step_and_honours_after() {
        let hotp = Hotp::new(RFC4226_KEY, Algorithm::Sha1, 6).unwrap();
        let code = hotp.generate(5).unwrap();
        let window = Window::default();
        assert_eq!(
            hotp.find(&code, 5, window, None).unwrap(),
            Some(Match {
                counter: 5,
                delta: 0
            })
        );
        assert_eq!(
            hotp.find(&code, 6, window, None).unwrap(),
            Some(Match {
                counter: 5,
                delta: -1
            })
        );
        assert_eq!(hotp.find(&code, 7, window, None).unwrap(), None);
        assert_eq!(hotp.find(&code, 5, window, Some(5)).unwrap(), None);
        assert_eq!(
            hotp.find(&code, 5, window, Some(4)).unwrap(),
            Some(Match {
                counter: 5,
                delta: 0
            })
        );
    }

    #[test]
    fn a_code_refused_by_after_still_matches_a_later_step_with_the_same_code() {
        // Key 00 1b 8e 47, SHA-512: counters 0 and 1 both give 773132
        // (Python's hmac module). Refusing step 0 must not refuse step 1.
        let hotp = Hotp::new(&[0x00, 0x1b, 0x8e, 0x47], Algorithm::Sha512, 6).unwrap();
        assert_eq!(hotp.generate(0).unwrap(), "773132");
        assert_eq!(hotp.generate(1).unwrap(), "773132");
        assert_eq!(
            hotp.find("773132", 0, Window::default(), Some(0)).unwrap(),
            Some(Match {
                counter: 1,
                delta: 1
            })
        );
    }

    #[test]
    fn steps_below_zero_are_skipped_not_errors() {
        let hotp = Hotp::new(RFC4226_KEY, Algorithm::Sha1, 6).unwrap();
        let code = hotp.generate(0).unwrap();
        let wide = Window::new(10, 10).unwrap();
        assert_eq!(
            hotp.find(&code, 0, wide, None).unwrap(),
            Some(Match {
                counter: 0,
                delta: 0
            })
        );
    }

    #[test]
    fn codes_keep_their_leading_zeros_and_only_tokens_of_that_length_match() {
        // RFC 6238 Appendix B: SHA1, 8 digits, T = 1111111109 s.
        let hotp = Hotp::new(RFC4226_KEY, Algorithm::Sha1, 8).unwrap();
        let step = Clock::default().time_step(1_111_111_109_000).unwrap();
        assert_eq!(hotp.code(step).unwrap().as_bytes(), b"07081804");
        assert_eq!(hotp.code(step).unwrap().to_string(), "07081804");
        let window = Window::new(0, 0).unwrap();
        assert!(hotp.find("07081804", step, window, None).unwrap().is_some());
        for token in ["7081804", "007081804", "+7081804", "0708180 "] {
            assert_eq!(hotp.find(token, step, window, None).unwrap(), None);
        }
        assert_eq!(Code::new(7, Digits::new(1).unwrap()).to_string(), "7");
        assert_eq!(
            Code::new(42, Digits::new(10).unwrap()).to_string(),
            "0000000042"
        );
        let ten = Digits::new(10).unwrap();
        assert_eq!(token_value("0000000042", ten), Some(42));
        assert_eq!(token_value("9999999999", ten), Some(9_999_999_999));
    }

    #[test]
    fn malformed_tokens_are_no_match() {
        let hotp = Hotp::new(RFC4226_KEY, Algorithm::Sha1, 6).unwrap();
        for token in ["", "75522", "7552244", "75522a", " 755224", "７５５２２４"] {
            assert_eq!(hotp.find(token, 0, Window::default(), None).unwrap(), None);
        }
    }

    #[test]
    fn windows_wider_than_ten_are_refused() {
        assert!(Window::new(10, 10).is_ok());
        assert_eq!(
            Window::new(11, 0).unwrap_err().code(),
            "ERR_TOTP_INVALID_OPTION"
        );
    }

    #[test]
    fn time_steps_and_remaining_follow_the_period_and_epoch() {
        let clock = Clock::new(30, 0).unwrap();
        assert_eq!(clock.time_step(59_999).unwrap(), 1);
        assert_eq!(clock.time_step(60_000).unwrap(), 2);
        assert_eq!(clock.remaining_ms(59_999).unwrap(), 1);
        assert_eq!(clock.remaining_ms(60_000).unwrap(), 30_000);
        let shifted = Clock::new(30, 10_000).unwrap();
        assert_eq!(shifted.time_step(40_000).unwrap(), 1);
        assert!(shifted.time_step(9_999).is_err());
        assert!(clock.time_step(MAX_TIMESTAMP_MS).is_ok());
        assert!(clock.time_step(MAX_TIMESTAMP_MS + 1).is_err());
        assert!(Clock::new(0, 0).is_err());
    }
}
