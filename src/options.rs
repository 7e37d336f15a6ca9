//! The API's options as a dynamically typed caller (the Node binding)
//! passes them: each optional, numbers as the `f64` a JS number is, names as
//! strings. Here every default is applied and every value checked, once,
//! before the typed core takes over; the caller only moves values in. The
//! defaults themselves are published by [`defaults`], so documentation and
//! help texts can be checked against them rather than copy them.

use std::borrow::Cow;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use crate::otp::{
    Algorithm, Clock, Digits, Hotp, Match, Window, AFTER, COUNTER, DEFAULT_EPOCH_MS,
    DEFAULT_PERIOD, DIGITS, EPOCH, PERIOD, TIMESTAMP, WINDOW,
};
use crate::qr::rgba::RasterOptions;
use crate::qr::{
    self, margin_from, mask_pattern_from, version_from, Color, ErrorCorrectionLevel, Format,
    QrOptions, RenderOptions,
};
use crate::secret::{
    self, check_key_length, decode_secret_into, Encoding, KeyBuffer, DEFAULT_DERIVE_INFO,
    GENERATED_BYTES, MAX_SECRET_BYTES,
};
use crate::uri::{self, OtpKind, OtpUri};

/// A secret as given: text in an [`Encoding`], or the key's bytes.
pub enum SecretSource<'a> {
    Text(Cow<'a, str>),
    Bytes(&'a [u8]),
}

impl SecretSource<'_> {
    /// The key bytes, decoded by `encoding` (base32 by default) into
    /// `buffer`, or the bytes given.
    pub fn key<'k>(
        &'k self,
        encoding: Option<&str>,
        buffer: &'k mut KeyBuffer,
    ) -> Result<&'k [u8]> {
        match self {
            SecretSource::Text(text) => {
                let encoding = encoding
                    .map(Encoding::from_option)
                    .transpose()?
                    .unwrap_or_default();
                decode_secret_into(text, encoding, buffer)
            }
            SecretSource::Bytes(bytes) => {
                check_key_length(bytes)?;
                Ok(bytes)
            }
        }
    }
}

/// The options every OTP call shares.
#[derive(Default)]
pub struct OtpOptions<'a> {
    /// How a string secret is written (default base32).
    pub encoding: Option<&'a str>,
    /// The HMAC's hash (default SHA1).
    pub algorithm: Option<&'a str>,
    /// The code length (default 6).
    pub digits: Option<f64>,
}

impl OtpOptions<'_> {
    /// The HOTP generator for `secret` with these options.
    pub fn hotp(&self, secret: &SecretSource<'_>) -> Result<Hotp> {
        let mut buffer = [0; MAX_SECRET_BYTES];
        let key = secret.key(self.encoding, &mut buffer)?;
        Hotp::with_digits(key, self.algorithm()?, self.digits()?)
    }

    fn algorithm(&self) -> Result<Algorithm> {
        Ok(self
            .algorithm
            .map(Algorithm::from_option)
            .transpose()?
            .unwrap_or_default())
    }

    fn digits(&self) -> Result<Digits> {
        match self.digits {
            Some(digits) => Digits::new(DIGITS.check_small_number(digits)?),
            None => Ok(Digits::default()),
        }
    }
}

/// The time options of TOTP (RFC 6238 §4.1).
#[derive(Default)]
pub struct ClockOptions {
    /// X, in seconds (default 30).
    pub period: Option<f64>,
    /// T0, in ms since the Unix epoch (default 0).
    pub epoch: Option<f64>,
}

impl ClockOptions {
    pub fn clock(&self) -> Result<Clock> {
        let period = match self.period {
            Some(period) => PERIOD.check_number(period)?,
            None => DEFAULT_PERIOD,
        };
        let epoch = match self.epoch {
            Some(epoch) => EPOCH.check_number(epoch)?,
            None => DEFAULT_EPOCH_MS,
        };
        Clock::new(period, epoch)
    }

    /// The time step at `timestamp` ms (RFC 6238 §4.2), now by default.
    pub fn time_step(&self, timestamp: Option<f64>) -> Result<u64> {
        self.clock()?.time_step(timestamp_or_now(timestamp)?)
    }

    /// Milliseconds from `timestamp` (now by default) until the code changes.
    pub fn remaining_ms(&self, timestamp: Option<f64>) -> Result<u64> {
        self.clock()?.remaining_ms(timestamp_or_now(timestamp)?)
    }
}

/// `timestamp` checked, or the system clock's time in whole ms since the
/// Unix epoch: the clock `Date.now()` reads.
fn timestamp_or_now(timestamp: Option<f64>) -> Result<u64> {
    match timestamp {
        Some(timestamp) => TIMESTAMP.check_number(timestamp),
        None => {
            let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).map_err(|_| {
                Error::option("timestamp", "now, after 1970", "a clock set before 1970")
            })?;
            // Milliseconds since 1970 fit a u64 for 584 million years.
            TIMESTAMP.check(since_epoch.as_millis() as u64)
        }
    }
}

/// A HOTP counter given as a number.
pub fn counter(value: f64) -> Result<u64> {
    COUNTER.check_number(value)
}

/// The options of a verification.
#[derive(Default)]
pub struct CheckOptions {
    /// Steps accepted before the expected one (default 1).
    pub past: Option<f64>,
    /// Steps accepted after it (default 1).
    pub future: Option<f64>,
    /// The last accepted step or counter: it and every earlier one are
    /// refused (RFC 6238 §5.2).
    pub after: Option<f64>,
}

impl CheckOptions {
    /// Where `token` matches around `expected`. A `token` of `None` (a string
    /// that cannot be a code) matches nothing, but the options are still
    /// checked, so a bad option is an error whatever the token.
    pub fn find(&self, hotp: &Hotp, token: Option<&str>, expected: u64) -> Result<Option<Match>> {
        let default = Window::default();
        let side = |value: Option<f64>, default: u32| match value {
            Some(steps) => WINDOW.check_small_number(steps),
            None => Ok(default),
        };
        let window = Window::new(
            side(self.past, default.past)?,
            side(self.future, default.future)?,
        )?;
        let after = self
            .after
            .map(|after| AFTER.check_number(after))
            .transpose()?;
        match token {
            Some(token) => hotp.find(token, expected, window, after),
            None => Ok(None),
        }
    }
}

/// `bytes` as base32, padded with `=` when `padding` (default: not).
pub fn base32_encode(bytes: &[u8], padding: Option<bool>) -> String {
    secret::base32_encode(bytes, padding.unwrap_or(DEFAULT_BASE32_PADDING))
}

/// Base32 is written without `=` padding unless asked: the form
/// `otpauth://` URIs carry and authenticator apps show.
pub const DEFAULT_BASE32_PADDING: bool = false;

/// The options of `generateSecret` and `deriveSecret`.
#[derive(Default)]
pub struct SecretOptions<'a> {
    /// The secret's length in bytes (default 20).
    pub bytes: Option<f64>,
    /// `deriveSecret`'s HKDF info prefix (default `totp-native`).
    pub info: Option<&'a str>,
}

impl SecretOptions<'_> {
    fn bytes(&self) -> Result<usize> {
        match self.bytes {
            // At most 1024 after the check.
            Some(bytes) => Ok(GENERATED_BYTES.check_number(bytes)? as usize),
            None => Ok(secret::DEFAULT_GENERATED_BYTES),
        }
    }

    /// A new random secret, as unpadded base32.
    pub fn generate(&self) -> Result<String> {
        Ok(secret::base32_encode(
            &secret::generate(self.bytes()?)?,
            false,
        ))
    }

    /// The secret derived for `identity` from `master_key`, as unpadded base32.
    pub fn derive(&self, master_key: &[u8], identity: &str) -> Result<String> {
        let info = self.info.unwrap_or(DEFAULT_DERIVE_INFO);
        Ok(secret::base32_encode(
            &secret::derive(master_key, identity, info, self.bytes()?)?,
            false,
        ))
    }
}

/// The fields of `keyUri`; the OTP options' `encoding` is the secret's.
pub struct KeyUriOptions<'a> {
    pub secret: SecretSource<'a>,
    pub account: String,
    pub issuer: Option<String>,
    /// `totp` (the default) or `hotp`.
    pub kind: Option<&'a str>,
    pub otp: OtpOptions<'a>,
    pub period: Option<f64>,
    pub counter: Option<f64>,
    pub image: Option<String>,
}

impl KeyUriOptions<'_> {
    /// The `otpauth://` URI.
    pub fn build(self) -> Result<String> {
        let period = self
            .period
            .map(|period| PERIOD.check_number(period))
            .transpose()?;
        let counter = self
            .counter
            .map(|counter| COUNTER.check_number(counter))
            .transpose()?;
        uri::build(&OtpUri {
            kind: OtpKind::from_options(self.kind, period, counter)?,
            algorithm: self.otp.algorithm()?,
            digits: self.otp.digits()?.get(),
            secret: self
                .secret
                .key(self.otp.encoding, &mut [0; MAX_SECRET_BYTES])?
                .to_vec(),
            issuer: self.issuer,
            account: self.account,
            image: self.image,
        })
    }
}

/// The options of every QR call, with `color.dark`/`color.light` flattened.
#[derive(Default)]
pub struct QrCallOptions<'a> {
    pub error_correction_level: Option<&'a str>,
    pub version: Option<f64>,
    pub mask_pattern: Option<f64>,
    pub margin: Option<f64>,
    pub scale: Option<f64>,
    pub width: Option<f64>,
    pub dark: Option<&'a str>,
    pub light: Option<&'a str>,
    pub small: Option<bool>,
    pub inverse: Option<bool>,
    /// The output type (`svg`, `utf8`, `terminal`, `png`).
    pub kind: Option<&'a str>,
}

impl QrCallOptions<'_> {
    /// What to encode with.
    pub fn symbol(&self) -> Result<QrOptions> {
        Ok(QrOptions {
            error_correction_level: self
                .error_correction_level
                .map(ErrorCorrectionLevel::parse)
                .transpose()?
                .unwrap_or_default(),
            version: self.version.map(version_from).transpose()?,
            mask_pattern: self.mask_pattern.map(mask_pattern_from).transpose()?,
        })
    }

    /// How to draw it.
    pub fn render(&self) -> Result<RenderOptions> {
        let defaults = RenderOptions::default();
        let (dark, light) = self.colors()?;
        let options = RenderOptions {
            margin: self
                .margin
                .map(margin_from)
                .transpose()?
                .unwrap_or(defaults.margin),
            scale: self.scale.unwrap_or(defaults.scale),
            width: self.width,
            dark,
            light,
            small: self.small.unwrap_or(defaults.small),
            inverse: self.inverse.unwrap_or(defaults.inverse),
        };
        options.validate()?;
        Ok(options)
    }

    /// The dark and light colours, `#000000ff` and `#ffffffff` by default.
    fn colors(&self) -> Result<(Color, Color)> {
        let parse = |given: Option<&str>, option, default| {
            given.map_or(Ok(default), |text| Color::parse(option, text))
        };
        Ok((
            parse(self.dark, "color.dark", Color::BLACK)?,
            parse(self.light, "color.light", Color::WHITE)?,
        ))
    }

    /// How to draw a raster (`toImageData`, `qrcode`'s own PNG): as
    /// [`render`](Self::render), but the margin may be a fraction of a
    /// module, and the image's side is checked once the symbol's size is
    /// known (`Raster::new`).
    pub fn raster(&self) -> Result<RasterOptions> {
        let defaults = RasterOptions::default();
        let (dark, light) = self.colors()?;
        Ok(RasterOptions {
            margin: self.margin.unwrap_or(defaults.margin),
            scale: self.scale.unwrap_or(defaults.scale),
            width: self.width,
            dark,
            light,
        })
    }

    /// The format of `toString` (`svg`, `utf8` — the default — or `terminal`).
    pub fn string_format(&self) -> Result<Format> {
        Format::for_string(self.kind)
    }

    /// The format of `toBuffer` (PNG), or of `toDataURL` with `data_url`.
    pub fn image_format(&self, data_url: bool) -> Result<Format> {
        Format::for_image(self.kind, data_url)
    }

    /// The format of `toFile`: `type`, else the file name's extension.
    pub fn file_format(&self, path: &str) -> Result<Format> {
        Format::for_file(self.kind, path)
    }
}

/// Every default of the API, in one place, as the documentation states them.
#[derive(Debug, Clone, PartialEq)]
pub struct Defaults {
    pub algorithm: &'static str,
    pub digits: u32,
    pub period: u64,
    pub epoch: u64,
    pub encoding: &'static str,
    pub window: u32,
    pub secret_bytes: usize,
    pub derive_info: &'static str,
    pub padding: bool,
    pub qr: QrDefaults,
}

/// The defaults of the QR calls (`qrcode`'s).
#[derive(Debug, Clone, PartialEq)]
pub struct QrDefaults {
    pub error_correction_level: &'static str,
    pub margin: u32,
    pub scale: f64,
    pub dark: String,
    pub light: String,
    pub string_type: &'static str,
}

/// The defaults the core applies.
pub fn defaults() -> Defaults {
    let render = RenderOptions::default();
    Defaults {
        algorithm: Algorithm::default().name(),
        digits: Digits::default().get(),
        period: DEFAULT_PERIOD,
        epoch: DEFAULT_EPOCH_MS,
        encoding: Encoding::default().name(),
        window: Window::default().past,
        secret_bytes: secret::DEFAULT_GENERATED_BYTES,
        derive_info: DEFAULT_DERIVE_INFO,
        padding: DEFAULT_BASE32_PADDING,
        qr: QrDefaults {
            error_correction_level: ErrorCorrectionLevel::default().name(),
            margin: render.margin,
            scale: render.scale,
            dark: render.dark.hex_with_alpha(),
            light: render.light.hex_with_alpha(),
            string_type: qr::DEFAULT_STRING_FORMAT.name(),
        },
    }
}
