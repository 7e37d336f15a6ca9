//! The API's options, as a dynamically typed caller (the Node binding, the
//! fuzz targets) passes them: each optional, numbers as the `f64` a JS number
//! is, names as strings. This is the one place an option is declared: with
//! the `node` feature each struct is also the `#[napi(object)]` the binding
//! takes, so its field list and doc comments are what `binding.d.ts` says.
//! Here every default is applied and every value checked, once, before the
//! typed core takes over. The defaults are published by [`defaults`], so
//! documentation and help texts are checked against them, not copied.

use std::borrow::Cow;
use std::time::{SystemTime, UNIX_EPOCH};

#[cfg(all(feature = "node", not(test)))]
use napi_derive::napi;

use crate::error::{Error, Result};
use crate::otp::{
    Algorithm, Clock, Digits, Hotp, Match, Window, AFTER, COUNTER, DEFAULT_EPOCH_MS,
    DEFAULT_PERIOD, DIGITS, EPOCH, PERIOD, TIMESTAMP, WINDOW,
};
use crate::qr::pngjs::{ColorType, FilterChoice, PackOptions};
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

/// The options of the HOTP and TOTP calls; each call reads the ones it
/// needs. Times are milliseconds since the Unix epoch; windows are steps.
#[cfg_attr(all(feature = "node", not(test)), napi(object))]
#[derive(Debug, Default, Clone)]
pub struct OtpOptions {
    /// How a string secret is written: `base32` (the default), `hex` or
    /// `ascii`.
    pub encoding: Option<String>,
    /// The HMAC's hash: `SHA1` (the default), `SHA256` or `SHA512`.
    pub algorithm: Option<String>,
    /// The code length, 1 to 10 (default 6).
    pub digits: Option<f64>,
    /// TOTP's time step X, in seconds (default 30; RFC 6238 §4.1).
    pub period: Option<f64>,
    /// TOTP's T0, in ms since the Unix epoch (default 0).
    pub epoch: Option<f64>,
    /// The time to generate or verify at, in ms since the Unix epoch
    /// (default: now, by the system clock).
    pub timestamp: Option<f64>,
    /// Verification: steps accepted before the expected one, 0 to 10
    /// (default 1).
    pub past: Option<f64>,
    /// Verification: steps accepted after it, 0 to 10 (default 1).
    pub future: Option<f64>,
    /// Verification: the last accepted step or counter; it and every
    /// earlier one are refused (RFC 6238 §5.2).
    pub after: Option<f64>,
}

impl OtpOptions {
    /// The HOTP generator for `secret` with these options.
    pub fn hotp(&self, secret: &SecretSource<'_>) -> Result<Hotp> {
        let mut buffer = [0; MAX_SECRET_BYTES];
        let key = secret.key(self.encoding.as_deref(), &mut buffer)?;
        Hotp::with_digits(key, self.algorithm()?, self.digits()?)
    }

    fn algorithm(&self) -> Result<Algorithm> {
        Ok(self
            .algorithm
            .as_deref()
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

    /// The TOTP clock: `period` and `epoch` (RFC 6238 §4.1).
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

    /// The time step at `timestamp` (RFC 6238 §4.2: T), now by default.
    pub fn time_step(&self) -> Result<u64> {
        self.clock()?.time_step(timestamp_or_now(self.timestamp)?)
    }

    /// Milliseconds from `timestamp` (now by default) until the code changes.
    pub fn remaining_ms(&self) -> Result<u64> {
        self.clock()?
            .remaining_ms(timestamp_or_now(self.timestamp)?)
    }

    /// The TOTP code of `secret` at `timestamp`.
    pub fn totp(&self, secret: &SecretSource<'_>) -> Result<String> {
        let hotp = self.hotp(secret)?;
        hotp.generate(self.time_step()?)
    }

    /// The HOTP code of `secret` at `counter`.
    pub fn hotp_code(&self, secret: &SecretSource<'_>, counter: f64) -> Result<String> {
        let counter = COUNTER.check_number(counter)?;
        self.hotp(secret)?.generate(counter)
    }

    /// Where `token` matches the TOTP codes of `secret` around `timestamp`.
    pub fn validate_totp(&self, token: &str, secret: &SecretSource<'_>) -> Result<Option<Match>> {
        let step = self.time_step()?;
        self.find(&self.hotp(secret)?, token, step)
    }

    /// Where `token` matches the HOTP codes of `secret` around `counter`.
    pub fn validate_hotp(
        &self,
        token: &str,
        secret: &SecretSource<'_>,
        counter: f64,
    ) -> Result<Option<Match>> {
        let counter = COUNTER.check_number(counter)?;
        self.find(&self.hotp(secret)?, token, counter)
    }

    /// Where `token` matches around `expected`, inside the window and after
    /// `after`. The options are checked whatever the token, so a bad option
    /// is an error even for a token that cannot be a code.
    pub fn find(&self, hotp: &Hotp, token: &str, expected: u64) -> Result<Option<Match>> {
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
        hotp.find(token, expected, window, after)
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

/// `bytes` as base32, padded with `=` when `padding` (default: not).
pub fn base32_encode(bytes: &[u8], padding: Option<bool>) -> String {
    secret::base32_encode(bytes, padding.unwrap_or(DEFAULT_BASE32_PADDING))
}

/// Base32 is written without `=` padding unless asked: the form
/// `otpauth://` URIs carry and authenticator apps show.
pub const DEFAULT_BASE32_PADDING: bool = false;

/// The options of `generateSecret` and `deriveSecret`.
#[cfg_attr(all(feature = "node", not(test)), napi(object))]
#[derive(Debug, Default, Clone)]
pub struct SecretOptions {
    /// The secret's length in bytes, 16 to 1024 (default 20).
    pub bytes: Option<f64>,
    /// `deriveSecret`'s HKDF info prefix (default `totp-native`).
    pub info: Option<String>,
}

impl SecretOptions {
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
        let info = self.info.as_deref().unwrap_or(DEFAULT_DERIVE_INFO);
        Ok(secret::base32_encode(
            &secret::derive(master_key, identity, info, self.bytes()?)?,
            false,
        ))
    }
}

/// The fields of a Key Uri Format URI besides the secret and the account.
#[cfg_attr(all(feature = "node", not(test)), napi(object))]
#[derive(Debug, Default, Clone)]
pub struct UriOptions {
    /// Who issued the secret: the label's prefix and the `issuer` parameter.
    pub issuer: Option<String>,
    /// `totp` (the default) or `hotp`.
    #[cfg_attr(all(feature = "node", not(test)), napi(js_name = "type"))]
    pub kind: Option<String>,
    /// How a string secret is written: `base32` (the default), `hex` or
    /// `ascii`.
    pub encoding: Option<String>,
    /// The HMAC's hash: `SHA1` (the default), `SHA256` or `SHA512`.
    pub algorithm: Option<String>,
    /// The code length, 1 to 10 (default 6).
    pub digits: Option<f64>,
    /// TOTP's time step in seconds (default 30).
    pub period: Option<f64>,
    /// HOTP's counter (required for `hotp`).
    pub counter: Option<f64>,
    /// A logo's URL (the `image` extension parameter).
    pub image: Option<String>,
}

impl UriOptions {
    /// The `otpauth://` URI of `secret` for `account`.
    pub fn build(self, secret: &SecretSource<'_>, account: String) -> Result<String> {
        let period = self
            .period
            .map(|period| PERIOD.check_number(period))
            .transpose()?;
        let counter = self
            .counter
            .map(|counter| COUNTER.check_number(counter))
            .transpose()?;
        let otp = OtpOptions {
            encoding: self.encoding,
            algorithm: self.algorithm,
            digits: self.digits,
            ..OtpOptions::default()
        };
        uri::build(&OtpUri {
            kind: OtpKind::from_options(self.kind.as_deref(), period, counter)?,
            algorithm: otp.algorithm()?,
            digits: otp.digits()?.get(),
            secret: secret
                .key(otp.encoding.as_deref(), &mut [0; MAX_SECRET_BYTES])?
                .to_vec(),
            issuer: self.issuer,
            account,
            image: self.image,
        })
    }
}

/// The colours of a QR image, as `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa`.
#[cfg_attr(all(feature = "node", not(test)), napi(object))]
#[derive(Debug, Default, Clone)]
pub struct QrColor {
    /// Dark modules (default `#000000ff`).
    pub dark: Option<String>,
    /// Light modules and the margin (default `#ffffffff`).
    pub light: Option<String>,
}

/// The options of every QR call: the `qrcode` package's names and defaults.
#[cfg_attr(all(feature = "node", not(test)), napi(object))]
#[derive(Debug, Default, Clone)]
pub struct QrCallOptions {
    /// `L`, `M` (the default), `Q` or `H`; also `low`, `medium`, `quartile`,
    /// `high`.
    pub error_correction_level: Option<String>,
    /// The symbol version, 1 to 40 (default: the smallest that holds the
    /// data).
    pub version: Option<f64>,
    /// The mask, 0 to 7 (default: the one with the lowest penalty).
    pub mask_pattern: Option<f64>,
    /// The quiet zone, in modules (default 4).
    pub margin: Option<f64>,
    /// Pixels per module of a PNG (default 4).
    pub scale: Option<f64>,
    /// The image width in pixels; overrides `scale` when at least 21.
    pub width: Option<f64>,
    /// The colours.
    pub color: Option<QrColor>,
    /// Terminal output with half blocks, two rows a line.
    pub small: Option<bool>,
    /// Swaps the colours of the small terminal output.
    pub inverse: Option<bool>,
    /// The output: `svg`, `utf8` (the default of strings) or `terminal`;
    /// `png` for images and files.
    #[cfg_attr(all(feature = "node", not(test)), napi(js_name = "type"))]
    pub kind: Option<String>,
}

impl QrCallOptions {
    /// What to encode with.
    pub fn symbol(&self) -> Result<QrOptions> {
        Ok(QrOptions {
            error_correction_level: self
                .error_correction_level
                .as_deref()
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
        let color = self.color.as_ref();
        let parse = |given: Option<&String>, option, default| {
            given.map_or(Ok(default), |text| Color::parse(option, text))
        };
        Ok((
            parse(
                color.and_then(|c| c.dark.as_ref()),
                "color.dark",
                Color::BLACK,
            )?,
            parse(
                color.and_then(|c| c.light.as_ref()),
                "color.light",
                Color::WHITE,
            )?,
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
        Format::for_string(self.kind.as_deref())
    }

    /// The format of `toBuffer` (PNG), or of `toDataURL` with `data_url`.
    pub fn image_format(&self, data_url: bool) -> Result<Format> {
        Format::for_image(self.kind.as_deref(), data_url)
    }

    /// The format of `toFile`: `type`, else the file name's extension.
    pub fn file_format(&self, path: &str) -> Result<Format> {
        Format::for_file(self.kind.as_deref(), path)
    }
}

/// Every default of the API, in one place, as the documentation states them.
#[cfg_attr(all(feature = "node", not(test)), napi(object))]
#[derive(Debug, Clone, PartialEq)]
pub struct Defaults {
    pub algorithm: String,
    pub digits: u32,
    pub period: f64,
    pub epoch: f64,
    pub encoding: String,
    pub window: u32,
    pub secret_bytes: u32,
    pub derive_info: String,
    pub padding: bool,
    pub qr: QrDefaults,
}

/// The defaults of the QR calls (`qrcode`'s).
#[cfg_attr(all(feature = "node", not(test)), napi(object))]
#[derive(Debug, Clone, PartialEq)]
pub struct QrDefaults {
    pub error_correction_level: String,
    pub margin: u32,
    pub scale: f64,
    pub dark: String,
    pub light: String,
    /// The output of `toString` without a `type`.
    #[cfg_attr(all(feature = "node", not(test)), napi(js_name = "type"))]
    pub string_type: String,
    /// pngjs's, for `png: 'qrcode'` and the `qrcode` drop-in.
    pub pngjs: PngjsDefaults,
}

/// The defaults the core applies.
pub fn defaults() -> Defaults {
    let render = RenderOptions::default();
    Defaults {
        algorithm: Algorithm::default().name().to_owned(),
        digits: Digits::default().get(),
        period: DEFAULT_PERIOD as f64,
        epoch: DEFAULT_EPOCH_MS as f64,
        encoding: Encoding::default().name().to_owned(),
        window: Window::default().past,
        // 20: exact.
        secret_bytes: secret::DEFAULT_GENERATED_BYTES as u32,
        derive_info: DEFAULT_DERIVE_INFO.to_owned(),
        padding: DEFAULT_BASE32_PADDING,
        qr: QrDefaults {
            error_correction_level: ErrorCorrectionLevel::default().name().to_owned(),
            margin: render.margin,
            scale: render.scale,
            dark: render.dark.hex_with_alpha(),
            light: render.light.hex_with_alpha(),
            string_type: qr::DEFAULT_STRING_FORMAT.name().to_owned(),
            pngjs: PngjsDefaults::default(),
        },
    }
}

/// pngjs's options as `qrcode`'s `rendererOpts` carries them: the packing
/// ones, read here, and the deflate ones, which the caller hands to zlib.
#[cfg_attr(all(feature = "node", not(test)), napi(object))]
#[derive(Debug, Default, Clone)]
pub struct PngjsOptions {
    /// 8 (the default) or 16 bits a sample.
    pub bit_depth: Option<f64>,
    /// The PNG's colour type: 0, 2, 4 or 6 (the default, RGBA).
    pub color_type: Option<f64>,
    /// The colour type pngjs reads the pixels as (default 6, RGBA).
    pub input_color_type: Option<f64>,
    /// Whether the pixels' fourth sample is alpha (default true).
    pub input_has_alpha: Option<bool>,
    /// The background under translucent pixels of an output without alpha
    /// (default white).
    pub bg_color: Option<PngjsBackground>,
    /// -1 (the default) picks a filter a row; 0 to 4 names one.
    pub filter_type: Option<f64>,
}

/// pngjs's `bgColor`, in the output's sample range.
#[cfg_attr(all(feature = "node", not(test)), napi(object))]
#[derive(Debug, Default, Clone)]
pub struct PngjsBackground {
    pub red: Option<f64>,
    pub green: Option<f64>,
    pub blue: Option<f64>,
}

/// pngjs's defaults, as its constructors write them into the options
/// (`packer.js`): also the deflate's, which zlib applies.
#[cfg_attr(all(feature = "node", not(test)), napi(object))]
#[derive(Debug, Clone, PartialEq)]
pub struct PngjsDefaults {
    pub deflate_chunk_size: u32,
    pub deflate_level: u32,
    pub deflate_strategy: u32,
    pub bit_depth: u32,
    pub color_type: u32,
    pub input_color_type: u32,
    pub input_has_alpha: bool,
    pub filter_type: i32,
}

impl Default for PngjsDefaults {
    fn default() -> Self {
        let pack = PackOptions::default();
        PngjsDefaults {
            deflate_chunk_size: 32 * 1024,
            deflate_level: 9,
            // Z_RLE.
            deflate_strategy: 3,
            bit_depth: if pack.sixteen_bit { 16 } else { 8 },
            color_type: pack.color_type as u32,
            input_color_type: pack.input_color_type as u32,
            input_has_alpha: pack.input_has_alpha,
            filter_type: -1,
        }
    }
}

impl PngjsOptions {
    /// The packing options, with pngjs's defaults, checked.
    pub fn pack_options(&self) -> Result<PackOptions> {
        let defaults = PackOptions::default();
        let color = |value: Option<f64>, option, default| {
            value.map_or(Ok(default), |value| ColorType::from_number(option, value))
        };
        let sixteen_bit = match self.bit_depth {
            None | Some(8.0) => false,
            Some(16.0) => true,
            Some(other) => return Err(Error::qr_option("rendererOpts.bitDepth", "8 or 16", other)),
        };
        let background = self.bg_color.clone().unwrap_or_default();
        let options = PackOptions {
            sixteen_bit,
            color_type: color(
                self.color_type,
                "rendererOpts.colorType",
                defaults.color_type,
            )?,
            input_color_type: color(
                self.input_color_type,
                "rendererOpts.inputColorType",
                defaults.input_color_type,
            )?,
            input_has_alpha: self.input_has_alpha.unwrap_or(defaults.input_has_alpha),
            background: [background.red, background.green, background.blue],
            filter: self
                .filter_type
                .map_or(Ok(defaults.filter), FilterChoice::from_number)?,
        };
        options.checked_background()?;
        Ok(options)
    }
}
