//! The one error type of the core. Each variant knows the JavaScript class it
//! becomes, its stable `code`, a message that names the argument at fault
//! and what would have been valid, and the fields a caller may need to read
//! (`minVersion`, `position`, …) so that nobody parses a message. The binding
//! maps it to JS in one place (`binding::to_js_error`).

use std::fmt;

/// The JavaScript class an [`Error`] is thrown as. `TypeError`s are raised by
/// the binding, which sees the JS types; the core only ever sees values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsClass {
    /// `Error`: malformed data (a secret, a URI, QR content).
    Error,
    /// `RangeError`: a value of the right type outside what is allowed.
    RangeError,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A character outside the RFC 4648 base32 alphabet (§6).
    InvalidBase32 {
        argument: &'static str,
        character: char,
        position: usize,
    },
    /// A secret that cannot be used as an HMAC key as given.
    InvalidSecret {
        argument: &'static str,
        reason: String,
    },
    /// A key whose length (in bytes) is outside what is accepted.
    SecretLength {
        argument: &'static str,
        min: usize,
        max: usize,
        actual: usize,
    },
    /// An option whose value is outside its domain.
    InvalidOption {
        option: &'static str,
        expected: &'static str,
        got: String,
    },
    /// A string argument longer than the bound that keeps one call cheap.
    TooLong {
        argument: &'static str,
        max: usize,
        actual: usize,
    },
    /// An `otpauth://` URI an authenticator app would reject.
    InvalidUri { reason: String },
    /// No data to encode in a QR code.
    QrNoData,
    /// More data than the chosen (or the largest) symbol holds.
    QrDataTooLong {
        reason: String,
        /// The smallest version that holds the data, when a smaller one was
        /// asked for.
        min_version: Option<u8>,
    },
    /// QR data its mode cannot hold (a segment's characters, a Kanji code).
    QrInvalidData { reason: String },
    /// A QR option outside its domain.
    QrInvalidOption {
        option: &'static str,
        expected: &'static str,
        got: String,
    },
    /// A state the code rules out: a bug, reported rather than answered with
    /// a plausible value.
    Internal { what: &'static str },
}

/// A value of a structured error field.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorField {
    Number(f64),
    Text(String),
}

impl Error {
    /// The JavaScript class this error is thrown as.
    pub fn class(&self) -> JsClass {
        match self {
            Error::InvalidBase32 { .. }
            | Error::InvalidSecret { .. }
            | Error::InvalidUri { .. } => JsClass::Error,
            Error::QrNoData
            | Error::QrDataTooLong { .. }
            | Error::QrInvalidData { .. }
            | Error::Internal { .. } => JsClass::Error,
            Error::SecretLength { .. }
            | Error::InvalidOption { .. }
            | Error::TooLong { .. }
            | Error::QrInvalidOption { .. } => JsClass::RangeError,
        }
    }

    /// The stable `err.code` seen from JavaScript.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidBase32 { argument, .. } if *argument != "secret" => {
                "ERR_TOTP_INVALID_BASE32"
            }
            Error::InvalidBase32 { .. }
            | Error::InvalidSecret { .. }
            | Error::SecretLength { .. } => "ERR_TOTP_INVALID_SECRET",
            Error::InvalidOption { .. } | Error::TooLong { .. } => "ERR_TOTP_INVALID_OPTION",
            Error::InvalidUri { .. } => "ERR_TOTP_INVALID_URI",
            Error::QrNoData => "ERR_QR_NO_DATA",
            Error::QrDataTooLong { .. } => "ERR_QR_DATA_TOO_LONG",
            Error::QrInvalidData { .. } => "ERR_QR_INVALID_DATA",
            Error::QrInvalidOption { .. } => "ERR_QR_INVALID_OPTION",
            Error::Internal { .. } => "ERR_TOTP_INTERNAL",
        }
    }

    /// The fields a caller may read besides `code` and `message`, with their
    /// JS names: where a base32 string went wrong, which option was refused,
    /// the smallest QR version that holds the data.
    pub fn fields(&self) -> Vec<(&'static str, ErrorField)> {
        match self {
            Error::InvalidBase32 {
                character,
                position,
                ..
            } => vec![
                ("character", ErrorField::Text(character.to_string())),
                ("position", ErrorField::Number(*position as f64)),
            ],
            Error::InvalidOption { option, .. } | Error::QrInvalidOption { option, .. } => {
                vec![("option", ErrorField::Text((*option).to_owned()))]
            }
            Error::QrDataTooLong {
                min_version: Some(version),
                ..
            } => vec![("minVersion", ErrorField::Number(f64::from(*version)))],
            _ => Vec::new(),
        }
    }

    /// Shorthand for an [`Error::InvalidOption`].
    pub fn option(option: &'static str, expected: &'static str, got: impl fmt::Display) -> Self {
        Error::InvalidOption {
            option,
            expected,
            got: got.to_string(),
        }
    }

    /// Shorthand for an [`Error::QrInvalidOption`].
    pub fn qr_option(option: &'static str, expected: &'static str, got: impl fmt::Display) -> Self {
        Error::QrInvalidOption {
            option,
            expected,
            got: got.to_string(),
        }
    }

    /// Shorthand for an [`Error::InvalidUri`].
    pub fn uri(reason: impl Into<String>) -> Self {
        Error::InvalidUri {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidBase32 {
                argument,
                character,
                position,
            } => write!(
                f,
                "{argument}: invalid base32 character {character:?} at position {position} \
                 (expected A-Z and 2-7; spaces, hyphens and trailing '=' are ignored)"
            ),
            Error::InvalidSecret { argument, reason } => write!(f, "{argument}: {reason}"),
            Error::SecretLength {
                argument,
                min,
                max,
                actual,
            } => write!(
                f,
                "{argument} must be {min} to {max} bytes long (got {actual} bytes)"
            ),
            Error::InvalidOption {
                option,
                expected,
                got,
            } => write!(f, "option \"{option}\" must be {expected} (got {got})"),
            Error::TooLong {
                argument,
                max,
                actual,
            } => write!(
                f,
                "{argument} must be at most {max} bytes of UTF-8 (got {actual} bytes)"
            ),
            Error::InvalidUri { reason } => write!(f, "invalid otpauth URI: {reason}"),
            Error::QrNoData => write!(f, "text: no data to encode (got an empty string)"),
            Error::QrDataTooLong { reason, .. } | Error::QrInvalidData { reason } => {
                write!(f, "text: {reason}")
            }
            Error::QrInvalidOption {
                option,
                expected,
                got,
            } => write!(f, "QR option \"{option}\" must be {expected} (got {got})"),
            Error::Internal { what } => write!(
                f,
                "internal error: {what} (this is a bug in totp-native; please report it)"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// The core's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_names_its_argument_in_the_message() {
        let error = Error::option("digits", "an integer from 1 to 10", 11);
        assert_eq!(error.class(), JsClass::RangeError);
        assert_eq!(error.code(), "ERR_TOTP_INVALID_OPTION");
        assert_eq!(
            error.to_string(),
            "option \"digits\" must be an integer from 1 to 10 (got 11)"
        );
    }

    #[test]
    fn a_bad_secret_character_has_the_secret_code_and_a_bare_string_the_base32_code() {
        let in_secret = Error::InvalidBase32 {
            argument: "secret",
            character: '1',
            position: 3,
        };
        let in_string = Error::InvalidBase32 {
            argument: "str",
            character: '1',
            position: 3,
        };
        assert_eq!(in_secret.code(), "ERR_TOTP_INVALID_SECRET");
        assert_eq!(in_string.code(), "ERR_TOTP_INVALID_BASE32");
        assert!(in_secret.to_string().contains("'1' at position 3"));
    }
}
