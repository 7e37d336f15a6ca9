//! `otpauth://` URIs: Google's Key Uri Format, built and parsed.
//!
//! The format (google-authenticator wiki, "Key Uri Format") is
//! `otpauth://TYPE/LABEL?PARAMETERS` with
//! `label = accountname / issuer (":" / "%3A") *"%20" accountname`.
//! [`build`] writes it, [`parse`] reads it strictly, and for every `x` that
//! [`build`] accepts, `parse(&build(&x)?)? == x`.
//!
//! Choices where the format is silent or readers disagree, and why:
//!
//! - **Percent-encoding.** Labels and parameter values are encoded except for
//!   RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) and `@`, so a
//!   space is `%20` and `:` `&` `?` `#` `%` `/` `+` `=` and non-ASCII are all
//!   encoded. `@` is a plain character in both the path and the query
//!   (RFC 3986 §3.3, §3.4) and the wiki's examples write e-mail accounts with
//!   it (`Example:alice@google.com`); every reader decodes the rest alike.
//! - **`+` in parameter values** is read as a space, as `pyotp.parse_uri`
//!   (`parse_qsl`), Android's `Uri.getQueryParameter` and WHATWG
//!   `URLSearchParams` read it (`otpauth` alone keeps it literal). [`build`]
//!   never writes a literal `+` (it writes `%2B`), so the question only arises
//!   for URIs made elsewhere. In the label, `+` is literal, as RFC 3986 paths
//!   and every reader have it.
//! - **The issuer.** If only the label has an issuer prefix, it is the issuer;
//!   if both the prefix and the `issuer` parameter are present they must be
//!   equal (the format says "should be equal"; `pyotp` refuses a mismatch too).
//!   Microsoft 365 URIs, whose prefix is the tenant and whose parameter is
//!   "Microsoft", are therefore refused: we cannot tell which one the user
//!   means to see, and the contract is strict.
//! - **Always writing `algorithm`, `digits` and `period`/`counter`.** Google
//!   Authenticator ignores them and uses the defaults, which the defaults
//!   agree with; other apps honour them, and a reader whose defaults differ
//!   cannot misread a URI that states its values. `otpauth` and the wiki's
//!   "all parameters" example do the same.
//! - **Unknown parameters** are ignored, as authenticator apps ignore them
//!   (vendors add their own, e.g. `icon`, `color`). Exception: `encoder`
//!   (`encoder=steam` in `pyotp`) changes the code alphabet, so honouring the
//!   rest of the URI while ignoring it would produce wrong codes; it is
//!   refused. `counter` in a TOTP URI and `period` in a HOTP URI do not apply
//!   and are ignored like unknown parameters (but still may not be repeated).
//! - **Repeated parameters** among `secret issuer algorithm digits period
//!   counter image encoder` are refused: which one an app uses differs between
//!   apps, so the URI means different things to different readers.
//! - **Empty values** of those parameters are refused (`issuer=`): [`build`]
//!   never writes them and an app would show or use something unintended.
//! - **Malformed percent escapes** (`%` not followed by two hex digits) and
//!   escapes that decode to invalid UTF-8 are refused rather than passed
//!   through, as `decodeURIComponent` refuses them.
//! - **Length.** Input longer than [`MAX_URI_LENGTH`] bytes is refused before
//!   any work, so a pasted megabyte costs nothing; [`build`] refuses to make a
//!   URI that [`parse`] would refuse.

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, Result};
use crate::otp::{self, Algorithm, DEFAULT_DIGITS, DEFAULT_PERIOD};
use crate::secret::{base32_decode, base32_encode, check_key_length};

/// The longest URI, in bytes of UTF-8, that [`parse`] reads and [`build`]
/// writes. A QR code holds at most 2,953 bytes, so no enrollment URI comes
/// near it; the bound only keeps absurd input cheap to refuse.
pub const MAX_URI_LENGTH: usize = 4096;

/// Everything but RFC 3986 §2.3 unreserved characters and `@` is
/// percent-encoded in labels and parameter values. `@` stays literal because
/// it is a `pchar` (RFC 3986 §3.3) and the Key Uri Format's own examples write
/// e-mail accounts that way.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// How much of a user-supplied value an error message quotes.
const QUOTE_LIMIT: usize = 64;

const DIGITS_EXPECTED: &str =
    "an integer from 1 to 10 (most authenticator apps accept only 6 to 8)";
const PERIOD_EXPECTED: &str = otp::PERIOD.expected;
const COUNTER_EXPECTED: &str = otp::COUNTER.expected;
const ISSUER_EXPECTED: &str =
    "a non-empty string without ':' (the Key Uri Format's issuer separator)";
const ACCOUNT_EXPECTED: &str = "a non-empty string without ':' that does not start with a space \
     (the Key Uri Format separates the issuer with ':' and drops spaces after it)";
const IMAGE_EXPECTED: &str = "a non-empty string";

/// The TYPE of a Key Uri Format URI with the parameter only that type has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpKind {
    /// `otpauth://totp/…` (RFC 6238): `period` is the time step X in seconds,
    /// the `period` parameter (default 30).
    Totp { period: u64 },
    /// `otpauth://hotp/…` (RFC 4226): `counter` is the initial moving factor,
    /// the `counter` parameter (required by the Key Uri Format for HOTP).
    Hotp { counter: u64 },
}

impl OtpKind {
    /// The kind a caller asked for by name (`totp`, the default, or `hotp`,
    /// any case) with its period (seconds, default 30) or counter, which a
    /// HOTP URI requires (Key Uri Format: `counter` is REQUIRED for hotp).
    pub fn from_options(
        name: Option<&str>,
        period: Option<u64>,
        counter: Option<u64>,
    ) -> Result<Self> {
        match name.map(str::to_ascii_lowercase).as_deref() {
            None | Some("totp") => Ok(OtpKind::Totp {
                period: period.unwrap_or(DEFAULT_PERIOD),
            }),
            Some("hotp") => counter
                .map(|counter| OtpKind::Hotp { counter })
                .ok_or_else(|| Error::option("counter", "given for a hotp URI", "none")),
            Some(other) => Err(Error::option("type", "\"totp\" or \"hotp\"", quoted(other))),
        }
    }

    /// The TYPE as written in the URI: `totp` or `hotp`.
    pub fn name(self) -> &'static str {
        match self {
            OtpKind::Totp { .. } => "totp",
            OtpKind::Hotp { .. } => "hotp",
        }
    }
}

/// Everything a Key Uri Format URI says about one key.
///
/// `Debug` shows the secret's length, never its bytes, so a logged value does
/// not leak the key.
#[derive(Clone, PartialEq, Eq)]
pub struct OtpUri {
    /// TOTP with its period, or HOTP with its counter.
    pub kind: OtpKind,
    /// The provider (the label prefix and the `issuer` parameter); no `:`.
    pub issuer: Option<String>,
    /// The account name in the label; not empty, no `:`, no leading space.
    pub account: String,
    /// The key bytes (the `secret` parameter is their base32, RFC 4648 §6).
    pub secret: Vec<u8>,
    /// The `algorithm` parameter (default SHA1).
    pub algorithm: Algorithm,
    /// The `digits` parameter: 1 to 10 (default 6).
    pub digits: u32,
    /// The `image` parameter (a logo URL; a `pyotp`/FreeOTP extension).
    pub image: Option<String>,
}

impl fmt::Debug for OtpUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtpUri")
            .field("kind", &self.kind)
            .field("issuer", &self.issuer)
            .field("account", &self.account)
            .field("secret", &format_args!("<{} bytes>", self.secret.len()))
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("image", &self.image)
            .finish()
    }
}

/// Writes the Key Uri Format URI for `uri`:
/// `otpauth://TYPE/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=…&digits=…&period=…`
/// (`counter=` instead of `period=` for HOTP, then `image=` if given).
///
/// The label and the `issuer` value are percent-encoded (see the module
/// comment); the secret is base32 without padding, as the format asks.
/// Values outside the format are refused with [`Error::InvalidOption`] naming
/// the field (an issuer or account with `:`, digits outside 1–10, …), a bad
/// key with the secret errors of [`check_key_length`], and a result longer
/// than [`MAX_URI_LENGTH`] with [`Error::InvalidUri`].
pub fn build(uri: &OtpUri) -> Result<String> {
    check_fields(uri).map_err(Problem::into_option_error)?;
    check_key_length(&uri.secret)?;
    let mut text = String::with_capacity(128);
    write(uri, &mut text);
    check_written_length(text.len())?;
    Ok(text)
}

/// Writes the URI of `uri`, checked or not, to `out`.
fn write(uri: &OtpUri, out: &mut impl Sink) {
    out.push("otpauth://");
    out.push(uri.kind.name());
    out.push("/");
    if let Some(issuer) = &uri.issuer {
        utf8_percent_encode(issuer, COMPONENT).for_each(|piece| out.push(piece));
        // A literal colon: the separator every reader splits on (`pyotp` 2.12
        // splits on nothing else).
        out.push(":");
    }
    utf8_percent_encode(&uri.account, COMPONENT).for_each(|piece| out.push(piece));
    out.push("?secret=");
    out.push(&base32_encode(&uri.secret, false));
    if let Some(issuer) = &uri.issuer {
        out.push("&issuer=");
        utf8_percent_encode(issuer, COMPONENT).for_each(|piece| out.push(piece));
    }
    out.push("&algorithm=");
    out.push(uri.algorithm.name());
    out.push("&digits=");
    out.push(&uri.digits.to_string());
    match uri.kind {
        OtpKind::Totp { period } => {
            out.push("&period=");
            out.push(&period.to_string());
        }
        OtpKind::Hotp { counter } => {
            out.push("&counter=");
            out.push(&counter.to_string());
        }
    }
    if let Some(image) = &uri.image {
        out.push("&image=");
        utf8_percent_encode(image, COMPONENT).for_each(|piece| out.push(piece));
    }
}

/// Where [`write`] puts the URI: a `String`, or a [`Length`] that only counts.
trait Sink {
    fn push(&mut self, piece: &str);
}

impl Sink for String {
    fn push(&mut self, piece: &str) {
        self.push_str(piece);
    }
}

/// The length in bytes of what would be written.
#[derive(Default)]
struct Length(usize);

impl Sink for Length {
    fn push(&mut self, piece: &str) {
        self.0 += piece.len();
    }
}

fn check_written_length(length: usize) -> Result<()> {
    if length > MAX_URI_LENGTH {
        return Err(Error::uri(format!(
            "written with its issuer, account and image percent-encoded, the URI would be \
             {length} bytes long; at most {MAX_URI_LENGTH} are allowed (shorten the issuer, \
             account or image)"
        )));
    }
    Ok(())
}

/// Reads a Key Uri Format URI strictly: `otpauth://` (scheme in any case),
/// type `totp` or `hotp`, a label `issuer:account` or `account` (the colon
/// literal or `%3A`, spaces after it dropped), and the parameters `secret`
/// (required, base32), `issuer`, `algorithm` (SHA1, SHA256, SHA384, SHA512 in
/// any case, hyphen optional), `digits` (1–10), `period` (TOTP, 1–2^32−1 s),
/// `counter` (HOTP, required, 0–2^53−1) and `image`.
///
/// Anything else wrong is an [`Error::InvalidUri`] that says what: see the
/// module comment for how unknown, repeated and empty parameters, `+`, and
/// an issuer prefix that disagrees with the `issuer` parameter are treated.
/// Surrounding whitespace is dropped first: URIs are pasted, and a trailing
/// newline is never part of one.
pub fn parse(text: &str) -> Result<OtpUri> {
    if text.len() > MAX_URI_LENGTH {
        return Err(Error::uri(format!(
            "is {} bytes long; at most {MAX_URI_LENGTH} are allowed",
            text.len()
        )));
    }
    let text = text.trim();
    if let Some((position, character)) = text.chars().enumerate().find(|(_, c)| c.is_control()) {
        return Err(Error::uri(format!(
            "contains the control character {character:?} at position {position}"
        )));
    }
    if let Some(position) = text.chars().position(|c| c == '#') {
        // A literal '#' starts a fragment, which would silently cut off what
        // follows; in an otpauth URI it is always a '#' that should be %23.
        return Err(Error::uri(format!(
            "contains '#' at position {position} (a '#' in the issuer, account or a value \
             must be percent-encoded as %23)"
        )));
    }

    let rest = strip_scheme(text)?;
    // The type runs to the first '/' or '?', or to the end.
    let type_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (type_name, rest) = rest.split_at_checked(type_end).ok_or(Error::Internal {
        what: "a URI split off its type inside a character",
    })?;
    let is_totp = if type_name.eq_ignore_ascii_case("totp") {
        true
    } else if type_name.eq_ignore_ascii_case("hotp") {
        false
    } else {
        return Err(Error::uri(format!(
            "type must be \"totp\" or \"hotp\" (got {})",
            quoted(type_name)
        )));
    };
    let Some(rest) = rest.strip_prefix('/') else {
        return Err(Error::uri(
            "has no label (the form is otpauth://TYPE/LABEL?PARAMETERS)",
        ));
    };
    let Some((raw_label, query)) = rest.split_once('?') else {
        return Err(Error::uri(
            "has no parameters (the secret parameter is required)",
        ));
    };

    let label = decode_component(raw_label, false, "the label")?;
    let (prefix, account) = split_label(&label)?;
    let parameters = Parameters::read(query)?;

    if let Some(encoder) = &parameters.encoder {
        return Err(Error::uri(format!(
            "the encoder parameter ({}) is not supported: its codes are not RFC 4226 digits",
            quoted(encoder)
        )));
    }
    let issuer = match (prefix, parameters.issuer) {
        (Some(prefix), Some(parameter)) if prefix != parameter => {
            return Err(Error::uri(format!(
                "the issuer prefix in the label ({}) differs from the issuer parameter ({}); \
                 the Key Uri Format asks for them to be equal",
                quoted(prefix),
                quoted(&parameter)
            )))
        }
        (Some(prefix), _) => Some(prefix.to_owned()),
        (None, parameter) => parameter,
    };
    let secret = read_secret(parameters.secret)?;
    let algorithm = match parameters.algorithm {
        None => Algorithm::default(),
        Some(name) => Algorithm::parse(&name).ok_or_else(|| {
            Error::uri(format!(
                "algorithm must be one of SHA1, SHA256, SHA384, SHA512 (got {})",
                quoted(&name)
            ))
        })?,
    };
    let digits = match parameters.digits {
        None => DEFAULT_DIGITS,
        Some(raw) => read_integer("digits", &raw, DIGITS_EXPECTED)
            .and_then(check_digits)
            .map_err(Problem::into_uri_error)?,
    };
    let kind = if is_totp {
        let period = match parameters.period {
            None => DEFAULT_PERIOD,
            Some(raw) => read_integer("period", &raw, PERIOD_EXPECTED)
                .and_then(check_period)
                .map_err(Problem::into_uri_error)?,
        };
        OtpKind::Totp { period }
    } else {
        let Some(raw) = parameters.counter else {
            return Err(Error::uri(
                "a hotp URI needs a counter parameter (the initial counter)",
            ));
        };
        let counter = read_integer("counter", &raw, COUNTER_EXPECTED)
            .and_then(check_counter)
            .map_err(Problem::into_uri_error)?;
        OtpKind::Hotp { counter }
    };

    let uri = OtpUri {
        kind,
        issuer,
        account: account.to_owned(),
        secret,
        algorithm,
        digits,
        image: parameters.image,
    };
    // What parse returns, build writes: one set of rules for both, including
    // the bound on the written length. A label with literal characters that
    // build percent-encodes ('/' becomes "%2F") can triple in length, so the
    // bound on the input alone is not enough (found by fuzz/fuzz_targets/uri.rs).
    // The key's length was checked by `read_secret`.
    check_fields(&uri).map_err(Problem::into_uri_error)?;
    let mut written = Length::default();
    write(&uri, &mut written);
    check_written_length(written.0)?;
    Ok(uri)
}

/// Strips `otpauth://`, whose scheme RFC 3986 §3.1 makes case-insensitive.
fn strip_scheme(text: &str) -> Result<&str> {
    const PREFIX: &str = "otpauth://";
    match text.split_at_checked(PREFIX.len()) {
        Some((start, rest)) if start.eq_ignore_ascii_case(PREFIX) => Ok(rest),
        _ => Err(match text.split_once("://") {
            Some((scheme, _)) if scheme.len() <= QUOTE_LIMIT => Error::uri(format!(
                "scheme must be \"otpauth\" (got {})",
                quoted(scheme)
            )),
            _ => Error::uri(format!(
                "must start with \"otpauth://\" (got {})",
                quoted(text)
            )),
        }),
    }
}

/// Splits a decoded label into the issuer prefix and the account. Decoding
/// first makes a literal `:` and `%3A` the same separator, as the format's
/// ABNF has it; since neither part may contain a colon, a second one is an
/// error rather than a guess (`pyotp` ≥ 2.10 would keep `%3A` in the name).
fn split_label(label: &str) -> Result<(Option<&str>, &str)> {
    let (first, second) = match label.split_once(':') {
        Some((first, second)) => (first, Some(second)),
        None => (label, None),
    };
    if second.is_some_and(|second| second.contains(':')) {
        return Err(Error::uri(format!(
            "the label {} has more than one ':' (neither the issuer nor the account may \
             contain a colon)",
            quoted(label)
        )));
    }
    let (prefix, account) = match second {
        None => (None, first),
        Some(_) if first.is_empty() => {
            return Err(Error::uri(format!(
                "the label {} has an empty issuer before ':'",
                quoted(label)
            )))
        }
        Some(account) => (Some(first), account),
    };
    // `*"%20"` in the ABNF: spaces may precede the account name (Authy writes
    // `Issuer: account`). Google Authenticator trims a label without an issuer
    // as well, so the same rule applies to both forms.
    let account = account.trim_start_matches(' ');
    if account.is_empty() {
        return Err(Error::uri(format!(
            "the label {} has no account name",
            quoted(label)
        )));
    }
    Ok((prefix, account))
}

/// The parameters this module reads, each at most once.
#[derive(Default)]
struct Parameters {
    secret: Option<String>,
    issuer: Option<String>,
    algorithm: Option<String>,
    digits: Option<String>,
    period: Option<String>,
    counter: Option<String>,
    image: Option<String>,
    encoder: Option<String>,
}

impl Parameters {
    /// Reads `name=value&…`. Empty pieces (`a=1&&b=2`, a trailing `&`) are
    /// skipped as every query parser skips them.
    fn read(query: &str) -> Result<Self> {
        let mut parameters = Parameters::default();
        for piece in query.split('&').filter(|piece| !piece.is_empty()) {
            let (raw_name, raw_value) = piece.split_once('=').unwrap_or((piece, ""));
            // A name that does not decode is no name we know: ignored, like
            // any other unknown parameter.
            let Ok(name) = decode_component(raw_name, true, "a parameter name") else {
                continue;
            };
            let Some(slot) = parameters.slot(&name) else {
                continue;
            };
            if slot.is_some() {
                return Err(Error::uri(format!(
                    "the {name} parameter appears more than once"
                )));
            }
            let value = decode_component(raw_value, true, &format!("the {name} parameter"))?;
            if value.is_empty() {
                return Err(Error::uri(format!("the {name} parameter is empty")));
            }
            *slot = Some(value);
        }
        Ok(parameters)
    }

    /// Where a known parameter goes; names are case-sensitive, as in the
    /// format, Google Authenticator and `pyotp`.
    fn slot(&mut self, name: &str) -> Option<&mut Option<String>> {
        match name {
            "secret" => Some(&mut self.secret),
            "issuer" => Some(&mut self.issuer),
            "algorithm" => Some(&mut self.algorithm),
            "digits" => Some(&mut self.digits),
            "period" => Some(&mut self.period),
            "counter" => Some(&mut self.counter),
            "image" => Some(&mut self.image),
            "encoder" => Some(&mut self.encoder),
            _ => None,
        }
    }
}

/// Decodes the `secret` parameter: base32 (RFC 4648 §6) read as authenticator
/// apps read it (any case, `=` padding and spaces ignored), 1 to
/// [`crate::secret::MAX_SECRET_BYTES`] bytes, so every parsed key is usable.
fn read_secret(value: Option<String>) -> Result<Vec<u8>> {
    let Some(value) = value else {
        return Err(Error::uri(
            "the secret parameter is missing (it is required)",
        ));
    };
    // The errors name the argument "secret" and a character position within
    // the secret; neither message quotes the secret itself.
    let key = base32_decode(&value, "secret").map_err(|error| Error::uri(error.to_string()))?;
    check_key_length(&key).map_err(|error| Error::uri(error.to_string()))?;
    Ok(key)
}

/// Percent-decodes one label or parameter value (RFC 3986 §2.1) into UTF-8,
/// reading `+` as a space in parameter values (`plus_is_space`) as the
/// `application/x-www-form-urlencoded` readers of query strings do.
fn decode_component(raw: &str, plus_is_space: bool, what: &str) -> Result<String> {
    let bytes = raw.as_bytes();
    for (offset, _) in raw.match_indices('%') {
        let escape = bytes.get(offset + 1..offset + 3);
        if !escape.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
            // Positions count characters, as the base32 errors do.
            let position = raw
                .get(..offset)
                .map_or(offset, |before| before.chars().count());
            return Err(Error::uri(format!(
                "{what} has a '%' at position {position} that is not followed by two hex digits"
            )));
        }
    }
    let raw: Cow<str> = if plus_is_space && raw.contains('+') {
        Cow::Owned(raw.replace('+', " "))
    } else {
        Cow::Borrowed(raw)
    };
    percent_decode_str(&raw)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| Error::uri(format!("{what} is not valid UTF-8 once percent-decoded")))
}

/// One field outside what the format allows. [`build`] reports it as an option
/// error (a `RangeError` naming the option), [`parse`] as a URI error.
struct Problem {
    field: &'static str,
    expected: &'static str,
    got: String,
}

impl Problem {
    fn new(field: &'static str, expected: &'static str, got: impl Into<String>) -> Self {
        Problem {
            field,
            expected,
            got: got.into(),
        }
    }

    fn into_option_error(self) -> Error {
        Error::option(self.field, self.expected, self.got)
    }

    fn into_uri_error(self) -> Error {
        Error::uri(format!(
            "{} must be {} (got {})",
            self.field, self.expected, self.got
        ))
    }
}

/// The rules [`build`] and [`parse`] share, apart from the secret's.
fn check_fields(uri: &OtpUri) -> std::result::Result<(), Problem> {
    if let Some(issuer) = &uri.issuer {
        // "Neither issuer nor account name may themselves contain a colon."
        if issuer.is_empty() || issuer.contains(':') {
            return Err(Problem::new("issuer", ISSUER_EXPECTED, quoted(issuer)));
        }
    }
    let account = &uri.account;
    if account.is_empty() || account.contains(':') || account.starts_with(' ') {
        return Err(Problem::new("account", ACCOUNT_EXPECTED, quoted(account)));
    }
    check_digits(u64::from(uri.digits))?;
    match uri.kind {
        OtpKind::Totp { period } => check_period(period).map(drop)?,
        OtpKind::Hotp { counter } => check_counter(counter).map(drop)?,
    }
    if uri.image.as_deref() == Some("") {
        return Err(Problem::new("image", IMAGE_EXPECTED, "\"\""));
    }
    Ok(())
}

/// [`otp::DIGITS`]: RFC 4226 §5.3 asks for at least 6 and apps accept 6 to
/// 8, but shorter codes exist and 10 is all a 31-bit value gives.
fn check_digits(digits: u64) -> std::result::Result<u32, Problem> {
    match otp::DIGITS.check(digits) {
        // At most 10 after the check.
        Ok(digits) => Ok(digits as u32),
        Err(_) => Err(Problem::new("digits", DIGITS_EXPECTED, digits.to_string())),
    }
}

/// [`otp::PERIOD`], the bound `otp::Clock` enforces, so every parsed period
/// generates codes.
fn check_period(period: u64) -> std::result::Result<u64, Problem> {
    otp::PERIOD
        .check(period)
        .map_err(|_| Problem::new("period", PERIOD_EXPECTED, period.to_string()))
}

/// [`otp::COUNTER`] (0 to 2^53 − 1), so the counter round-trips through a JS
/// number.
fn check_counter(counter: u64) -> std::result::Result<u64, Problem> {
    otp::COUNTER
        .check(counter)
        .map_err(|_| Problem::new("counter", COUNTER_EXPECTED, counter.to_string()))
}

/// A decimal integer written with ASCII digits only: no sign, no spaces, no
/// fraction, as the format's examples write them.
fn read_integer(
    field: &'static str,
    raw: &str,
    expected: &'static str,
) -> std::result::Result<u64, Problem> {
    if raw.is_empty() || !raw.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(Problem::new(field, expected, quoted(raw)));
    }
    raw.parse()
        .map_err(|_| Problem::new(field, expected, quoted(raw)))
}

/// A value quoted for an error message, cut short so that a long input does
/// not make a long message.
fn quoted(value: &str) -> String {
    if value.chars().nth(QUOTE_LIMIT).is_some() {
        let start: String = value.chars().take(QUOTE_LIMIT).collect();
        format!("{start:?}…")
    } else {
        format!("{value:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::JsClass;
    use crate::otp::{MAX_COUNTER, MAX_PERIOD};

    /// The wiki's example key "JBSWY3DPEHPK3PXP": `Hello!` then DE AD BE EF.
    const HELLO_KEY: &[u8] = b"Hello!\xde\xad\xbe\xef";
    /// The key of the wiki's "all optional parameters" example.
    const ACME_SECRET: &str = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";

    fn totp(issuer: Option<&str>, account: &str) -> OtpUri {
        OtpUri {
            kind: OtpKind::Totp { period: 30 },
            issuer: issuer.map(str::to_owned),
            account: account.to_owned(),
            secret: HELLO_KEY.to_vec(),
            algorithm: Algorithm::Sha1,
            digits: 6,
            image: None,
        }
    }

    fn round_trip(uri: &OtpUri) -> String {
        let text = build(uri).unwrap_or_else(|error| panic!("build {uri:?}: {error}"));
        assert_eq!(&parse(&text).unwrap(), uri, "{text}");
        text
    }

    /// Asserts `text` is refused as a URI with a message containing `phrase`.
    fn refused(text: &str, phrase: &str) {
        let error = parse(text).expect_err(text);
        assert_eq!(error.code(), "ERR_TOTP_INVALID_URI", "{text}");
        assert_eq!(error.class(), JsClass::Error);
        let message = error.to_string();
        assert!(
            message.contains(phrase),
            "{text}: {message:?} lacks {phrase:?}"
        );
    }

    fn with_secret(rest: &str) -> String {
        format!("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP{rest}")
    }

    // --- build ---------------------------------------------------------

    #[test]
    fn builds_the_wikis_all_parameters_example_byte_for_byte() {
        let uri = OtpUri {
            secret: base32_decode(ACME_SECRET, "secret").unwrap(),
            ..totp(Some("ACME Co"), "john.doe@email.com")
        };
        assert_eq!(
            build(&uri).unwrap(),
            "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ\
             &issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn a_hotp_uri_carries_its_counter_instead_of_a_period() {
        let uri = OtpUri {
            kind: OtpKind::Hotp { counter: 42 },
            algorithm: Algorithm::Sha512,
            digits: 8,
            ..totp(None, "bob")
        };
        assert_eq!(
            round_trip(&uri),
            "otpauth://hotp/bob?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&digits=8&counter=42"
        );
    }

    #[test]
    fn reserved_characters_spaces_and_non_ascii_are_percent_encoded_in_label_and_issuer() {
        // Expected escapes are the UTF-8 bytes of each character (RFC 3986 §2.1).
        let uri = OtpUri {
            image: Some("https://example.com/a b.png?x=1&y=+".into()),
            ..totp(Some("R&D #1/2 100% +é"), "a b?c=d😀")
        };
        let text = round_trip(&uri);
        let label = "R%26D%20%231%2F2%20100%25%20%2B%C3%A9:a%20b%3Fc%3Dd%F0%9F%98%80";
        assert_eq!(
            text,
            format!(
                "otpauth://totp/{label}?secret=JBSWY3DPEHPK3PXP\
                 &issuer=R%26D%20%231%2F2%20100%25%20%2B%C3%A9&algorithm=SHA1&digits=6&period=30\
                 &image=https%3A%2F%2Fexample.com%2Fa%20b.png%3Fx%3D1%26y%3D%2B"
            )
        );
    }

    #[test]
    fn the_secret_is_written_in_base32_without_padding() {
        let uri = OtpUri {
            secret: b"foob".to_vec(),
            ..totp(None, "alice")
        };
        // RFC 4648 §10: BASE32("foob") = "MZXW6YQ=" — written without the "=".
        assert!(round_trip(&uri).contains("?secret=MZXW6YQ&"));
    }

    #[test]
    fn build_refuses_what_parse_would_refuse_naming_the_option() {
        let cases: [(OtpUri, &str); 9] = [
            (totp(Some("Example:EU"), "alice"), "issuer"),
            (totp(Some(""), "alice"), "issuer"),
            (totp(Some("Example"), "alice:work"), "account"),
            (totp(Some("Example"), ""), "account"),
            (totp(Some("Example"), " alice"), "account"),
            (
                OtpUri {
                    digits: 0,
                    ..totp(None, "a")
                },
                "digits",
            ),
            (
                OtpUri {
                    digits: 11,
                    ..totp(None, "a")
                },
                "digits",
            ),
            (
                OtpUri {
                    kind: OtpKind::Totp { period: 0 },
                    ..totp(None, "a")
                },
                "period",
            ),
            (
                OtpUri {
                    kind: OtpKind::Hotp {
                        counter: MAX_COUNTER + 1,
                    },
                    ..totp(None, "a")
                },
                "counter",
            ),
        ];
        for (uri, option) in cases {
            let error = build(&uri).expect_err(option);
            assert_eq!(error.code(), "ERR_TOTP_INVALID_OPTION", "{uri:?}");
            assert_eq!(error.class(), JsClass::RangeError);
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("option \"{option}\"")),
                "{error}"
            );
        }
        let empty_image = OtpUri {
            image: Some(String::new()),
            ..totp(None, "a")
        };
        assert_eq!(
            build(&empty_image).unwrap_err().code(),
            "ERR_TOTP_INVALID_OPTION"
        );
    }

    #[test]
    fn build_refuses_an_empty_or_oversized_secret_as_a_secret_error() {
        for secret in [Vec::new(), vec![7; crate::secret::MAX_SECRET_BYTES + 1]] {
            let uri = OtpUri {
                secret,
                ..totp(None, "alice")
            };
            assert_eq!(build(&uri).unwrap_err().code(), "ERR_TOTP_INVALID_SECRET");
        }
    }

    #[test]
    fn build_refuses_a_uri_longer_than_parse_reads() {
        let uri = totp(Some("Example"), &"é".repeat(700));
        let error = build(&uri).unwrap_err();
        assert_eq!(error.code(), "ERR_TOTP_INVALID_URI");
        assert!(error.to_string().contains("at most 4096"), "{error}");
        // Just under the bound is fine both ways.
        round_trip(&totp(None, &"a".repeat(MAX_URI_LENGTH - 100)));
    }

    #[test]
    fn debug_output_never_shows_the_secret() {
        let shown = format!("{:?}", totp(Some("Example"), "alice"));
        assert!(shown.contains("secret: <10 bytes>"), "{shown}");
        assert!(!shown.contains("72, 101"), "{shown}");
    }

    // --- parse: what is accepted -----------------------------------------

    #[test]
    fn parses_the_wikis_first_example() {
        let uri =
            parse("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example")
                .unwrap();
        assert_eq!(uri, totp(Some("Example"), "alice@google.com"));
    }

    #[test]
    fn parses_the_wikis_label_examples_with_a_literal_or_encoded_colon() {
        let cases = [
            (
                "Example:alice@gmail.com",
                Some("Example"),
                "alice@gmail.com",
            ),
            ("Provider1:Alice%20Smith", Some("Provider1"), "Alice Smith"),
            (
                "Big%20Corporation%3A%20alice%40bigco.com",
                Some("Big Corporation"),
                "alice@bigco.com",
            ),
        ];
        for (label, issuer, account) in cases {
            let uri = parse(&format!("otpauth://totp/{label}?secret=JBSWY3DPEHPK3PXP")).unwrap();
            assert_eq!(uri, totp(issuer, account), "{label}");
        }
    }

    #[test]
    fn authy_style_spaces_after_the_colon_are_dropped() {
        for label in [
            "Authy:%20alice",
            "Authy: alice",
            "Authy:%20%20%20alice",
            "Authy%3A alice",
        ] {
            let uri = parse(&format!(
                "otpauth://totp/{label}?secret=JBSWY3DPEHPK3PXP&issuer=Authy"
            ))
            .unwrap();
            assert_eq!(uri, totp(Some("Authy"), "alice"), "{label}");
        }
    }

    #[test]
    fn the_issuer_comes_from_the_prefix_when_the_parameter_is_missing_and_vice_versa() {
        let prefix_only = parse("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(prefix_only.issuer.as_deref(), Some("Example"));
        let parameter_only =
            parse("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=Example").unwrap();
        assert_eq!(parameter_only, totp(Some("Example"), "alice"));
    }

    #[test]
    fn defaults_are_sha1_six_digits_and_thirty_seconds() {
        let uri = parse("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(uri, totp(None, "alice"));
    }

    #[test]
    fn scheme_and_type_are_read_in_any_case() {
        let uri = parse("OTPAUTH://TOTP/alice?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert_eq!(uri, totp(None, "alice"));
        let uri = parse("otpauth://Hotp/alice?secret=JBSWY3DPEHPK3PXP&counter=7").unwrap();
        assert_eq!(uri.kind, OtpKind::Hotp { counter: 7 });
    }

    #[test]
    fn algorithm_names_are_read_as_the_otp_options_are() {
        for (name, algorithm) in [
            ("SHA1", Algorithm::Sha1),
            ("sha256", Algorithm::Sha256),
            ("SHA-384", Algorithm::Sha384),
            ("Sha-512", Algorithm::Sha512),
        ] {
            let uri = parse(&with_secret(&format!("&algorithm={name}"))).unwrap();
            assert_eq!(uri.algorithm, algorithm, "{name}");
        }
    }

    #[test]
    fn the_secret_is_read_in_any_case_with_or_without_padding() {
        for secret in [
            "jbswy3dpehpk3pxp",
            "JBSWY3DPEHPK3PXP%3D%3D",
            "JBSWY3DPEHPK3PXP==",
        ] {
            let uri = parse(&format!("otpauth://totp/alice?secret={secret}")).unwrap();
            assert_eq!(uri.secret, HELLO_KEY, "{secret}");
        }
    }

    #[test]
    fn a_plus_in_a_parameter_is_a_space_as_pyotp_reads_it_but_literal_in_the_label() {
        let uri = parse("otpauth://totp/A%20B:C+D?secret=JBSWY3DPEHPK3PXP&issuer=A+B").unwrap();
        assert_eq!(uri, totp(Some("A B"), "C+D"));
        let uri = parse("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=C%2B%2B").unwrap();
        assert_eq!(uri.issuer.as_deref(), Some("C++"));
    }

    #[test]
    fn unknown_parameters_and_empty_pieces_are_ignored_as_apps_ignore_them() {
        let uri = parse(&with_secret(
            "&&icon=x&color=%ZZ&Secret=nope&foo&foo&issuer=Example&",
        ))
        .unwrap();
        assert_eq!(uri, totp(Some("Example"), "alice"));
    }

    #[test]
    fn parameters_of_the_other_type_are_ignored() {
        let uri = parse(&with_secret("&counter=5&period=60")).unwrap();
        assert_eq!(uri.kind, OtpKind::Totp { period: 60 });
        let uri = parse("otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&period=x&counter=5").unwrap();
        assert_eq!(uri.kind, OtpKind::Hotp { counter: 5 });
    }

    #[test]
    fn digits_from_one_to_ten_are_accepted_beyond_the_six_to_eight_apps_take() {
        for digits in [1, 6, 7, 8, 10] {
            let uri = parse(&with_secret(&format!("&digits={digits}"))).unwrap();
            assert_eq!(uri.digits, digits);
        }
    }

    #[test]
    fn the_largest_counter_and_period_are_accepted() {
        let uri =
            parse("otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=9007199254740991").unwrap();
        assert_eq!(
            uri.kind,
            OtpKind::Hotp {
                counter: MAX_COUNTER
            }
        );
        let uri = parse(&with_secret("&period=4294967295")).unwrap();
        assert_eq!(uri.kind, OtpKind::Totp { period: MAX_PERIOD });
    }

    #[test]
    fn a_literal_slash_question_mark_or_non_ascii_character_is_read_as_is() {
        // pyotp leaves '/' unencoded in labels; a '?' after the first one is
        // part of the query (RFC 3986 §3.4); pasted URIs may hold raw UTF-8.
        let uri =
            parse("otpauth://totp/R/D:José?secret=JBSWY3DPEHPK3PXP&image=https://x/y?z").unwrap();
        assert_eq!(uri.issuer.as_deref(), Some("R/D"));
        assert_eq!(uri.account, "José");
        assert_eq!(uri.image.as_deref(), Some("https://x/y?z"));
    }

    // --- parse: what is refused ------------------------------------------

    #[test]
    fn a_wrong_scheme_or_type_is_refused() {
        refused(
            "https://totp/a?secret=JBSWY3DPEHPK3PXP",
            "scheme must be \"otpauth\" (got \"https\")",
        );
        refused(
            "otpauth:/totp/a?secret=JBSWY3DPEHPK3PXP",
            "must start with \"otpauth://\"",
        );
        refused("", "must start with \"otpauth://\"");
        refused(
            "otpauth://steam/a?secret=JBSWY3DPEHPK3PXP",
            "type must be \"totp\" or \"hotp\" (got \"steam\")",
        );
        refused(
            "otpauth://user@totp/a?secret=JBSWY3DPEHPK3PXP",
            "type must be",
        );
        refused("otpauth://totp?secret=JBSWY3DPEHPK3PXP", "has no label");
        refused("otpauth://totp/alice", "has no parameters");
    }

    #[test]
    fn a_missing_empty_or_bad_label_part_is_refused() {
        refused(
            "otpauth://totp/?secret=JBSWY3DPEHPK3PXP",
            "has no account name",
        );
        refused(
            "otpauth://totp/Example:?secret=JBSWY3DPEHPK3PXP",
            "has no account name",
        );
        refused(
            "otpauth://totp/Example:%20?secret=JBSWY3DPEHPK3PXP",
            "has no account name",
        );
        refused(
            "otpauth://totp/:alice?secret=JBSWY3DPEHPK3PXP",
            "empty issuer before ':'",
        );
        refused(
            "otpauth://totp/a:b:c?secret=JBSWY3DPEHPK3PXP",
            "more than one ':'",
        );
        refused(
            "otpauth://totp/a:b%3Ac?secret=JBSWY3DPEHPK3PXP",
            "more than one ':'",
        );
    }

    #[test]
    fn an_issuer_parameter_with_a_colon_is_refused() {
        refused(
            "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=a%3Ab",
            "issuer must be",
        );
    }

    #[test]
    fn a_microsoft_365_style_prefix_that_differs_from_the_issuer_is_refused() {
        refused(
            "otpauth://totp/Contoso:alice@contoso.com?secret=JBSWY3DPEHPK3PXP&issuer=Microsoft",
            "the issuer prefix in the label (\"Contoso\") differs from the issuer parameter \
             (\"Microsoft\")",
        );
        // Equality is exact: a case difference is a difference.
        refused(
            &with_secret("&issuer=example"),
            "differs from the issuer parameter",
        );
    }

    #[test]
    fn a_missing_empty_or_bad_secret_is_refused_without_quoting_it() {
        refused("otpauth://totp/a?issuer=x", "secret parameter is missing");
        refused(
            "otpauth://totp/a?secret=&issuer=x",
            "secret parameter is empty",
        );
        refused("otpauth://totp/a?secret", "secret parameter is empty");
        refused(
            "otpauth://totp/a?secret=JBSW1Y3DP",
            "secret: invalid base32 character '1' at position 4",
        );
        refused("otpauth://totp/a?secret=A", "secret: is empty");
        let huge = "A".repeat(1700);
        refused(
            &format!("otpauth://totp/a?secret={huge}"),
            "must be 1 to 1024 bytes",
        );
        let error = parse("otpauth://totp/a?secret=JBSWY3DPEHPK3PX!").unwrap_err();
        assert!(!error.to_string().contains("JBSWY"), "{error}");
    }

    #[test]
    fn an_unknown_algorithm_is_refused() {
        refused(
            &with_secret("&algorithm=MD5"),
            "algorithm must be one of SHA1, SHA256, SHA384, SHA512 (got \"MD5\")",
        );
        refused(
            &with_secret("&algorithm=SHA3-256"),
            "algorithm must be one of",
        );
    }

    #[test]
    fn digits_outside_one_to_ten_or_not_an_integer_are_refused() {
        for digits in [
            "0",
            "11",
            "99999999999999999999999",
            "6.0",
            "+6",
            "-6",
            "%206",
            "six",
        ] {
            refused(
                &with_secret(&format!("&digits={digits}")),
                "digits must be an integer from 1 to 10",
            );
        }
    }

    #[test]
    fn a_period_below_one_second_or_absurdly_long_is_refused() {
        for period in ["0", "4294967296", "30s", "1e3"] {
            refused(
                &with_secret(&format!("&period={period}")),
                "period must be a whole number of seconds",
            );
        }
    }

    #[test]
    fn hotp_without_a_counter_or_with_one_past_2_pow_53_is_refused() {
        refused(
            "otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP",
            "needs a counter parameter",
        );
        for counter in ["9007199254740992", "18446744073709551616", "-1", "1.5"] {
            refused(
                &format!("otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter={counter}"),
                "counter must be an integer from 0 to 2^53 - 1",
            );
        }
    }

    #[test]
    fn a_repeated_parameter_is_refused() {
        for name in ["secret", "issuer", "algorithm", "digits", "period", "image"] {
            let text = format!(
                "otpauth://totp/Example:a?secret=JBSWY3DPEHPK3PXP&issuer=Example\
                 &algorithm=SHA1&digits=6&period=30&image=x&{name}=x"
            );
            refused(
                &text,
                &format!("the {name} parameter appears more than once"),
            );
        }
        refused(
            "otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=1&counter=1",
            "the counter parameter appears more than once",
        );
        // Even when the second one is empty: readers disagree on which wins.
        refused(&with_secret("&secret="), "appears more than once");
    }

    #[test]
    fn an_empty_known_parameter_is_refused() {
        for name in ["issuer", "algorithm", "digits", "period", "image"] {
            refused(
                &with_secret(&format!("&{name}=")),
                &format!("the {name} parameter is empty"),
            );
        }
    }

    #[test]
    fn a_steam_encoder_is_refused_rather_than_silently_ignored() {
        refused(
            &with_secret("&encoder=steam"),
            "encoder parameter (\"steam\") is not supported",
        );
    }

    #[test]
    fn malformed_escapes_and_invalid_utf8_are_refused() {
        refused(
            "otpauth://totp/al%ZZice?secret=JBSWY3DPEHPK3PXP",
            "the label has a '%' at position 2",
        );
        refused(
            "otpauth://totp/alice%4?secret=JBSWY3DPEHPK3PXP",
            "not followed by two hex digits",
        );
        refused(
            "otpauth://totp/alice%?secret=JBSWY3DPEHPK3PXP",
            "not followed by two hex digits",
        );
        refused(
            "otpauth://totp/al%FFice?secret=JBSWY3DPEHPK3PXP",
            "the label is not valid UTF-8",
        );
        refused(
            &with_secret("&issuer=%C3"),
            "the issuer parameter is not valid UTF-8",
        );
        refused(
            &with_secret("&issuer=%G0"),
            "the issuer parameter has a '%'",
        );
    }

    #[test]
    fn positions_in_messages_count_characters_not_bytes() {
        refused(
            "otpauth://totp/ééé%ZZ?secret=JBSWY3DPEHPK3PXP",
            "the label has a '%' at position 3",
        );
        refused(
            "otpauth://totp/€#?secret=JBSWY3DPEHPK3PXP",
            "contains '#' at position 16",
        );
    }

    #[test]
    fn a_fragment_or_control_character_is_refused() {
        refused(
            "otpauth://totp/C#:alice?secret=JBSWY3DPEHPK3PXP",
            "contains '#' at position 16",
        );
        refused(
            &format!("{}#frag", with_secret("")),
            "must be percent-encoded as %23",
        );
        refused(
            "otpauth://totp/a\nb?secret=JBSWY3DPEHPK3PXP",
            "control character '\\n'",
        );
        refused(
            "otpauth://totp/a\u{0}b?secret=JBSWY3DPEHPK3PXP",
            "control character",
        );
    }

    #[test]
    fn a_uri_whose_written_form_would_be_too_long_is_refused_though_short_as_given() {
        // 1,400 literal '/' in the issuer are 8,400 bytes once written as %2F,
        // in the label prefix and in the issuer parameter.
        let slashes = "/".repeat(1400);
        let text = format!("otpauth://totp/A?secret=JBSWY3DPEHPK3PXP&issuer={slashes}");
        assert!(text.len() < MAX_URI_LENGTH);
        refused(&text, "at most 4096 are allowed");
        // 500 are about 3,100 bytes written: accepted, and read back through build.
        let fits = format!(
            "otpauth://totp/A?secret=JBSWY3DPEHPK3PXP&issuer={}",
            "/".repeat(500)
        );
        let parsed = parse(&fits).unwrap();
        assert_eq!(parse(&build(&parsed).unwrap()).unwrap(), parsed);
    }

    #[test]
    fn surrounding_whitespace_of_a_pasted_uri_is_dropped() {
        let bare = with_secret("");
        assert_eq!(
            parse(&format!("  {bare}\r\n")).unwrap(),
            parse(&bare).unwrap()
        );
    }

    #[test]
    fn input_longer_than_the_bound_is_refused_before_any_work() {
        let text = with_secret(&format!("&x={}", "a".repeat(MAX_URI_LENGTH)));
        refused(&text, "at most 4096 are allowed");
        // A pasted megabyte is refused just as fast.
        refused(&"x".repeat(1 << 20), "is 1048576 bytes long");
    }

    #[test]
    fn error_messages_quote_at_most_64_characters_of_the_input() {
        let long = "b".repeat(500);
        let error = parse(&format!("otpauth://{long}/a?secret=JBSWY3DPEHPK3PXP")).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(&format!("\"{}\"…", "b".repeat(64))),
            "{message}"
        );
        assert!(message.len() < 200, "{message}");
    }

    // --- round trips -----------------------------------------------------

    #[test]
    fn awkward_issuers_and_accounts_round_trip() {
        let issuers = [
            None,
            Some("ACME Co"),
            Some("C++ & Co"),
            Some("100% #1?"),
            Some("R/D"),
            Some("a=b;c,d"),
            Some("Bücher.de ✓"),
            Some("🔐 Vault"),
            Some(" leading and trailing "),
            Some("tab\there"),
            Some("%3A"),
            Some("x@y.z"),
            Some("!*'()[]$"),
        ];
        let accounts = [
            "alice",
            "alice@example.com",
            "Alice Smith",
            "trailing ",
            "a&b=c?d#e%f/g+h",
            "José Müller",
            "😀👍🏽",
            "名前",
            "%20",
            "+",
        ];
        for issuer in issuers {
            for account in accounts {
                round_trip(&totp(issuer, account));
            }
        }
    }

    #[test]
    fn every_kind_algorithm_and_limit_round_trips() {
        for algorithm in [
            Algorithm::Sha1,
            Algorithm::Sha256,
            Algorithm::Sha384,
            Algorithm::Sha512,
        ] {
            for digits in 1..=10 {
                for kind in [
                    OtpKind::Totp { period: 1 },
                    OtpKind::Totp { period: 30 },
                    OtpKind::Totp { period: MAX_PERIOD },
                    OtpKind::Hotp { counter: 0 },
                    OtpKind::Hotp {
                        counter: MAX_COUNTER,
                    },
                ] {
                    round_trip(&OtpUri {
                        kind,
                        algorithm,
                        digits,
                        image: Some("https://example.com/logo.png".into()),
                        ..totp(Some("Example"), "alice")
                    });
                }
            }
        }
    }

    #[test]
    fn secrets_of_every_length_round_trip() {
        for length in 1..=64 {
            let secret: Vec<u8> = (0..length).map(|i| (i * 37 + 11) as u8).collect();
            round_trip(&OtpUri {
                secret,
                ..totp(None, "alice")
            });
        }
    }

    #[test]
    fn random_valid_uris_round_trip() {
        let mut next = crate::test_random::xorshift(0x9e37_79b9_7f4a_7c15);
        let alphabet: Vec<char> = "aZ09 -._~@!$&'()*+,;=/?#[]%\"<>\\^`{|}\tüé€😀名\u{7f}\u{200b}"
            .chars()
            .collect();
        let text = |next: &mut dyn FnMut() -> u64, length: u64| -> String {
            (0..1 + next() % length)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect()
        };
        let mut checked = 0;
        for _ in 0..5000 {
            let issuer = (!next().is_multiple_of(3)).then(|| text(&mut next, 20));
            let account = text(&mut next, 30);
            let secret = (0..1 + next() % 40).map(|_| next() as u8).collect();
            let kind = if next().is_multiple_of(2) {
                OtpKind::Totp {
                    period: 1 + next() % MAX_PERIOD,
                }
            } else {
                OtpKind::Hotp {
                    counter: next() % (MAX_COUNTER + 1),
                }
            };
            let uri = OtpUri {
                kind,
                issuer,
                account,
                secret,
                algorithm: [
                    Algorithm::Sha1,
                    Algorithm::Sha256,
                    Algorithm::Sha384,
                    Algorithm::Sha512,
                ][(next() % 4) as usize],
                digits: 1 + (next() % 10) as u32,
                image: next().is_multiple_of(2).then(|| text(&mut next, 40)),
            };
            if check_fields(&uri).is_ok() {
                round_trip(&uri);
                checked += 1;
            }
        }
        assert!(checked > 3000, "only {checked} valid cases");
    }

    // --- pyotp as an independent writer ------------------------------------

    #[test]
    fn reads_every_uri_pyotp_wrote_back_to_what_went_in() {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../__test__/fixtures/pyotp-uris.json")).unwrap();
        let records = fixture["records"].as_array().unwrap();
        assert!(records.len() >= 14);
        let text_of =
            |record: &serde_json::Value, key: &str| record[key].as_str().map(str::to_owned);
        for record in records {
            let name = text_of(record, "name").unwrap();
            let text = text_of(record, "uri").unwrap();
            if let Some(phrase) = text_of(record, "reject") {
                refused(&text, &phrase);
                continue;
            }
            let uri = parse(&text).unwrap_or_else(|error| panic!("{name}: {text}: {error}"));
            let kind = match record["type"].as_str() {
                Some("totp") => OtpKind::Totp {
                    period: record["period"].as_u64().unwrap(),
                },
                _ => OtpKind::Hotp {
                    counter: record["counter"].as_u64().unwrap(),
                },
            };
            let expected = OtpUri {
                kind,
                issuer: text_of(record, "issuer"),
                account: text_of(record, "account").unwrap(),
                secret: hex(&text_of(record, "secretHex").unwrap()),
                algorithm: Algorithm::parse(record["algorithm"].as_str().unwrap()).unwrap(),
                digits: record["digits"].as_u64().unwrap() as u32,
                image: text_of(record, "image"),
            };
            assert_eq!(uri, expected, "{name}: {text}");
            assert_eq!(uri.secret, expected.secret, "{name}: secret");
            // And what we write for it reads back the same.
            round_trip(&uri);
        }
    }

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }
}
