//! QR symbols chosen as the `qrcode` npm package (1.5.4) chooses them, and
//! their renderers.
//!
//! [`create`] picks the segments, version and mask exactly as `qrcode` does
//! (`segment`, `mask`), then builds the symbol (`symbol`) from its bit
//! stream (`bits`) and error correction codewords from tables
//! (`codewords`), in the function patterns drawn once a version
//! (`layout`). The Rust `qrcode` crate, an encoder written apart from this
//! one, is only the tests' reference for each of these steps.
//!
//! The renderers (`png`, `svg`, `text`) each take only the finished
//! [`QrSymbol`] and the [`RenderOptions`], and draw what `qrcode`'s
//! renderer of the same name draws, byte for byte (PNG: pixel for pixel).
//! `rgba` draws the RGBA raster `qrcode` fills for its PNG and canvas
//! outputs, and `pngjs` packs and filters it as pngjs 5 does, for
//! `qrcode`'s PNG file byte for byte.

mod bits;
mod codewords;
mod color;
mod layout;
mod mask;
pub mod png;
pub mod pngjs;
pub mod rgba;
mod segment;
mod shift_jis;
pub mod svg;
mod symbol;
pub mod text;

pub use color::Color;
pub use segment::{
    segments_of, DataSegment, QrData, QrSegment, SegmentData, SegmentMode, ShiftJis,
};
pub use shift_jis::{shift_jis, JisX0208};
pub use symbol::{create, create_from, reserved_modules, QrSymbol};

use crate::bounds::{Bounds, Family};
use crate::error::{Error, Result};

/// The error correction level (ISO/IEC 18004:2015 §5.3.8 and Table 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorCorrectionLevel {
    /// About 7 % of codewords can be restored.
    L,
    /// About 15 % — `qrcode`'s default.
    #[default]
    M,
    /// About 25 %.
    Q,
    /// About 30 %.
    H,
}

impl ErrorCorrectionLevel {
    /// Parses a level the way `qrcode`'s `ECLevel.from` names them — `L M Q H`
    /// or `low medium quartile high`, in any case — but strictly: where
    /// `qrcode` silently falls back to `M`, this is an error (the drop-in
    /// module keeps that leniency and passes a normalised name).
    pub fn parse(name: &str) -> Result<Self> {
        match name.to_ascii_lowercase().as_str() {
            "l" | "low" => Ok(Self::L),
            "m" | "medium" => Ok(Self::M),
            "q" | "quartile" => Ok(Self::Q),
            "h" | "high" => Ok(Self::H),
            _ => Err(Error::qr_option(
                "errorCorrectionLevel",
                "one of L, M, Q, H (or low, medium, quartile, high)",
                format!("{name:?}"),
            )),
        }
    }

    /// The one-letter name, as `qrcode`'s `create` result is usually shown.
    pub fn name(self) -> &'static str {
        match self {
            Self::L => "L",
            Self::M => "M",
            Self::Q => "Q",
            Self::H => "H",
        }
    }

    /// The `qrcode` crate's level, for the tests that compare with it.
    #[cfg(test)]
    pub(crate) fn to_crate(self) -> qrcode::EcLevel {
        match self {
            Self::L => qrcode::EcLevel::L,
            Self::M => qrcode::EcLevel::M,
            Self::Q => qrcode::EcLevel::Q,
            Self::H => qrcode::EcLevel::H,
        }
    }
}

/// What to encode with: `qrcode`'s `errorCorrectionLevel`, `version` and
/// `maskPattern` options. `None` lets [`create`] choose, as `qrcode` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QrOptions {
    /// Default `M`, as in `qrcode`.
    pub error_correction_level: ErrorCorrectionLevel,
    /// 1 to 40 (ISO/IEC 18004:2015 §6.3.2); `None` picks the smallest that fits.
    pub version: Option<u8>,
    /// 0 to 7 (§7.8.2, Table 10); `None` picks the lowest penalty.
    pub mask_pattern: Option<u8>,
}

/// The lowest QR version (ISO/IEC 18004:2015 §6.3.2).
pub const MIN_VERSION: u8 = 1;
/// The highest QR version.
pub const MAX_VERSION: u8 = 40;

/// The `version` option: a whole number from 1 to 40 (§6.3.2). `qrcode`
/// ignores anything else; here it is an error.
pub const VERSION: Bounds = Bounds {
    name: "version",
    min: MIN_VERSION as u64,
    max: MAX_VERSION as u64,
    expected: "a whole number from 1 to 40",
    family: Family::Qr,
};

/// The `maskPattern` option: a whole number from 0 to 7, the mask pattern
/// references of §7.8.2, Table 10. `qrcode` ignores anything else; here it
/// is an error.
pub const MASK_PATTERN: Bounds = Bounds {
    name: "maskPattern",
    min: 0,
    max: 7,
    expected: "a whole number from 0 to 7",
    family: Family::Qr,
};

/// A `version` option given as a JS number (see [`VERSION`]).
pub fn version_from(value: f64) -> Result<u8> {
    // From 1 to 40, so the cast is exact.
    VERSION
        .check_small_number(value)
        .map(|version| version as u8)
}

/// A `maskPattern` option given as a JS number (see [`MASK_PATTERN`]).
pub fn mask_pattern_from(value: f64) -> Result<u8> {
    // From 0 to 7, so the cast is exact.
    MASK_PATTERN
        .check_small_number(value)
        .map(|reference| reference as u8)
}

/// The largest image side, in pixels, a PNG may have. A QR symbol needs at
/// most 177 modules plus margins, so 10,000 px is over 50 px a module at the
/// largest version; beyond it a `width` or `scale` is a mistake, and honouring
/// it (as `qrcode` does) would allocate gigabytes.
pub const MAX_IMAGE_SIDE: u32 = 10_000;

/// The largest quiet zone, in modules. ISO/IEC 18004 asks for 4; the cap
/// bounds the text and SVG renderings the way [`MAX_IMAGE_SIDE`] bounds PNGs.
pub const MAX_MARGIN: u32 = 1_000;

/// The `margin` option: a whole number of modules from 0 to
/// [`MAX_MARGIN`]. (`qrcode` takes a negative margin as the default 4 and
/// draws fractional ones; here both are errors.)
pub const MARGIN: Bounds = Bounds {
    name: "margin",
    min: 0,
    max: MAX_MARGIN as u64,
    expected: "a whole number of modules from 0 to 1000",
    family: Family::Qr,
};

/// Rendering options with `qrcode`'s names and defaults (its
/// `renderer/utils.js` `getOptions`).
#[derive(Debug, Clone, PartialEq)]
pub struct RenderOptions {
    /// The quiet zone in modules, default 4 (ISO/IEC 18004:2015 §6.3.8).
    pub margin: u32,
    /// Pixels per module for PNG, default 4; ignored by SVG and text.
    pub scale: f64,
    /// The image width in pixels. As in `qrcode`, it is used only when at
    /// least 21; then it sets the PNG scale to `width / (size + 2·margin)` if
    /// that is at least 1, and otherwise forces the scale to 4. SVG writes it
    /// as the `width`/`height` attributes.
    pub width: Option<f64>,
    /// The dark module colour, default `#000000ff`.
    pub dark: Color,
    /// The light module and margin colour, default `#ffffffff`.
    pub light: Color,
    /// Terminal rendering with half blocks, two rows a line.
    pub small: bool,
    /// Swaps the colours of the small terminal rendering.
    pub inverse: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            margin: 4,
            scale: 4.0,
            width: None,
            dark: Color::BLACK,
            light: Color::WHITE,
            small: false,
            inverse: false,
        }
    }
}

impl RenderOptions {
    /// Checks the values `qrcode` would take but that cannot make a sane
    /// image: a margin over [`MAX_MARGIN`], a scale that is not a positive
    /// finite number, a width that is negative or not finite.
    pub fn validate(&self) -> Result<()> {
        MARGIN.check(u64::from(self.margin))?;
        if !(self.scale.is_finite() && self.scale > 0.0) {
            return Err(Error::qr_option("scale", "a positive number", self.scale));
        }
        if let Some(width) = self.width {
            if !(width.is_finite() && width >= 0.0) {
                return Err(Error::qr_option(
                    "width",
                    "a positive number of pixels",
                    width,
                ));
            }
        }
        Ok(())
    }

    /// The `width` `qrcode` honours: only one of at least 21 (`getOptions`).
    pub(crate) fn effective_width(&self) -> Option<f64> {
        self.width.filter(|width| *width >= 21.0)
    }
}

/// A `margin` option given as a JS number (see [`MARGIN`]).
pub fn margin_from(value: f64) -> Result<u32> {
    MARGIN.check_small_number(value)
}

/// What a rendering produces, chosen by `qrcode`'s `type` option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG bytes (`toBuffer`).
    Png,
    /// `data:image/png;base64,…` (`toDataURL`).
    DataUrl,
    /// The `<svg>` element (`toString` with `type: 'svg'`).
    Svg,
    /// The SVG element after an XML declaration and doctype, as `qrcode`'s
    /// `toFile` writes `.svg` files.
    SvgFile,
    /// Half-block text (`toString` with `type: 'utf8'`, its default).
    Utf8,
    /// ANSI-coloured text (`toString` with `type: 'terminal'`).
    Terminal,
}

/// `toString`'s format when no `type` is given, as in `qrcode`.
pub const DEFAULT_STRING_FORMAT: Format = Format::Utf8;

impl Format {
    /// The `type` option naming this format (`toFile` writes SVG files as
    /// `svg` too).
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::DataUrl => "png",
            Format::Svg | Format::SvgFile => "svg",
            Format::Utf8 => "utf8",
            Format::Terminal => "terminal",
        }
    }

    /// `toString`'s `type`: `svg`, `utf8` (the default) or `terminal`.
    /// (`qrcode` renders any other value as utf8; here it is an error.)
    pub fn for_string(kind: Option<&str>) -> Result<Format> {
        match kind {
            None => Ok(DEFAULT_STRING_FORMAT),
            Some("utf8") => Ok(Format::Utf8),
            Some("svg") => Ok(Format::Svg),
            Some("terminal") => Ok(Format::Terminal),
            Some(other) => Err(Error::qr_option(
                "type",
                "'svg', 'utf8' or 'terminal'",
                format!("{other:?}"),
            )),
        }
    }

    /// `toBuffer`'s and `toDataURL`'s `type`: PNG is the only image type,
    /// as in `qrcode` on the server (which quietly gives PNG for any other;
    /// here another is an error).
    pub fn for_image(kind: Option<&str>, data_url: bool) -> Result<Format> {
        match kind {
            None | Some("png") | Some("image/png") if data_url => Ok(Format::DataUrl),
            None | Some("png") | Some("image/png") => Ok(Format::Png),
            Some(other) => Err(Error::qr_option(
                "type",
                "'png' or 'image/png'",
                format!("{other:?}"),
            )),
        }
    }

    /// `toFile`'s format: `type` if given (`png`, `image/png`, `svg`, `utf8`
    /// or `txt`), else the file name's extension as `qrcode`'s
    /// `getTypeFromFilename` reads it — `svg` gives SVG, `txt` or `utf8`
    /// text, anything else (no extension included) PNG.
    pub fn for_file(kind: Option<&str>, path: &str) -> Result<Format> {
        match kind {
            Some("png") | Some("image/png") => Ok(Format::Png),
            Some("svg") => Ok(Format::SvgFile),
            Some("utf8") | Some("txt") => Ok(Format::Utf8),
            Some(other) => Err(Error::qr_option(
                "type",
                "'png', 'svg', 'utf8' or 'txt'",
                format!("{other:?}"),
            )),
            None => {
                // `path.slice((path.lastIndexOf('.') - 1 >>> 0) + 2)`: the
                // text after the last dot, none for a dot in first place.
                let extension = match path.rsplit_once('.') {
                    Some((before, after)) if !before.is_empty() => after,
                    _ => "",
                };
                match extension.to_lowercase().as_str() {
                    "svg" => Ok(Format::SvgFile),
                    "txt" | "utf8" => Ok(Format::Utf8),
                    _ => Ok(Format::Png),
                }
            }
        }
    }
}

/// A finished rendering: text (SVG, utf8, terminal, data URL) or bytes (PNG).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendering {
    Text(String),
    Bytes(Vec<u8>),
}

/// Encodes `data` and renders it: the whole of one `qrcode` call
/// (`toString`, `toBuffer`, `toDataURL`, or a file's contents for `toFile`).
pub fn render(
    data: &QrData,
    options: &QrOptions,
    render_options: &RenderOptions,
    format: Format,
) -> Result<Rendering> {
    render_options.validate()?;
    let symbol = create_from(data, options, None)?;
    draw(&symbol, render_options, format)
}

/// Renders a finished symbol (one made with a Shift JIS converter, say).
pub fn render_symbol(
    symbol: &QrSymbol,
    render_options: &RenderOptions,
    format: Format,
) -> Result<Rendering> {
    render_options.validate()?;
    draw(symbol, render_options, format)
}

fn draw(symbol: &QrSymbol, looks: &RenderOptions, format: Format) -> Result<Rendering> {
    Ok(match format {
        Format::Png => Rendering::Bytes(png::render(symbol, looks)?),
        Format::DataUrl => Rendering::Text(png::data_url(symbol, looks)?),
        Format::Svg => Rendering::Text(svg::render(symbol, looks)?),
        Format::SvgFile => Rendering::Text(svg::render_file(symbol, looks)?),
        Format::Utf8 => Rendering::Text(self::text::utf8(symbol, looks)?),
        Format::Terminal => Rendering::Text(self::text::terminal(symbol, looks)?),
    })
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! The records of `__test__/fixtures/qrcode-1.5.4.json`, made by the
    //! `qrcode` npm package itself (see `make-qr-fixtures.js`).

    use serde_json::Value;
    use std::sync::OnceLock;

    pub fn load() -> &'static Value {
        static FIXTURE: OnceLock<Value> = OnceLock::new();
        FIXTURE.get_or_init(|| {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/__test__/fixtures/qrcode-1.5.4.json"
            );
            let text = std::fs::read_to_string(path).expect("read the qrcode fixture");
            serde_json::from_str(&text).expect("parse the qrcode fixture")
        })
    }

    pub fn level(record: &Value) -> super::ErrorCorrectionLevel {
        super::ErrorCorrectionLevel::parse(record["level"].as_str().expect("level"))
            .expect("a level qrcode knows")
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! The fixture's render records turned into our inputs.

    use super::{create, fixtures, Color, QrOptions, QrSymbol, RenderOptions};
    use serde_json::Value;
    use sha2::{Digest, Sha256};

    pub struct RenderCase {
        pub record: &'static Value,
        pub symbol: QrSymbol,
        pub options: RenderOptions,
        pub context: String,
    }

    /// qrcode's option handling for the values the fixture uses: margin
    /// default 4, `scale || 4`, width as given, colours as given.
    pub fn render_options(options: &Value) -> RenderOptions {
        let mut render = RenderOptions::default();
        if let Some(margin) = options["margin"].as_u64() {
            render.margin = margin as u32;
        }
        if let Some(scale) = options["scale"].as_f64() {
            render.scale = scale;
        }
        render.width = options["width"].as_f64();
        if let Some(dark) = options["color"]["dark"].as_str() {
            render.dark = Color::parse("color.dark", dark).unwrap();
        }
        if let Some(light) = options["color"]["light"].as_str() {
            render.light = Color::parse("color.light", light).unwrap();
        }
        render
    }

    pub fn render_cases() -> Vec<RenderCase> {
        fixtures::load()["renders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|record| {
                let text = record["text"].as_str().unwrap();
                let level = fixtures::level(record);
                let symbol = create(
                    text,
                    &QrOptions {
                        error_correction_level: level,
                        ..QrOptions::default()
                    },
                )
                .unwrap();
                RenderCase {
                    record,
                    symbol,
                    options: render_options(&record["options"]),
                    context: format!("{text:?} {level:?} {}", record["options"]),
                }
            })
            .collect()
    }

    pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
        Sha256::digest(bytes.as_ref())
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_read_by_letter_or_word_in_any_case() {
        for (name, level) in [
            ("L", ErrorCorrectionLevel::L),
            ("low", ErrorCorrectionLevel::L),
            ("m", ErrorCorrectionLevel::M),
            ("Medium", ErrorCorrectionLevel::M),
            ("q", ErrorCorrectionLevel::Q),
            ("QUARTILE", ErrorCorrectionLevel::Q),
            ("H", ErrorCorrectionLevel::H),
            ("hIgH", ErrorCorrectionLevel::H),
        ] {
            assert_eq!(ErrorCorrectionLevel::parse(name), Ok(level), "{name}");
        }
    }

    #[test]
    fn an_unknown_level_is_an_option_error_not_a_silent_m() {
        for name in ["", "X", "mm", "lo", " M", "7"] {
            let error = ErrorCorrectionLevel::parse(name).unwrap_err();
            assert_eq!(error.code(), "ERR_QR_INVALID_OPTION", "{name:?}");
            assert!(error.to_string().contains("errorCorrectionLevel"));
        }
    }

    #[test]
    fn versions_and_masks_must_be_whole_and_in_range() {
        assert_eq!(version_from(1.0), Ok(1));
        assert_eq!(version_from(40.0), Ok(40));
        assert_eq!(mask_pattern_from(0.0), Ok(0));
        assert_eq!(mask_pattern_from(7.0), Ok(7));
        for bad in [0.0, 41.0, 2.5, -1.0, f64::NAN, f64::INFINITY] {
            assert!(version_from(bad).is_err(), "{bad}");
        }
        for bad in [-1.0, 8.0, 0.5, f64::NAN] {
            assert!(mask_pattern_from(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn margins_are_whole_numbers_of_modules_up_to_the_cap() {
        assert_eq!(margin_from(0.0), Ok(0));
        assert_eq!(margin_from(1000.0), Ok(1000));
        for bad in [-1.0, 1.5, 1001.0, f64::NAN] {
            assert_eq!(
                margin_from(bad).unwrap_err().code(),
                "ERR_QR_INVALID_OPTION"
            );
        }
    }

    #[test]
    fn each_bound_gives_one_message_whether_the_value_comes_as_a_js_number_or_from_rust() {
        let margin = "QR option \"margin\" must be a whole number of modules from 0 to 1000";
        assert_eq!(
            margin_from(1001.0).unwrap_err().to_string(),
            format!("{margin} (got 1001)")
        );
        let wide = RenderOptions {
            margin: 1001,
            ..RenderOptions::default()
        };
        assert_eq!(
            wide.validate().unwrap_err().to_string(),
            format!("{margin} (got 1001)")
        );
        assert_eq!(
            margin_from(f64::INFINITY).unwrap_err().to_string(),
            format!("{margin} (got Infinity)")
        );

        let version = "QR option \"version\" must be a whole number from 1 to 40";
        assert_eq!(
            version_from(41.0).unwrap_err().to_string(),
            format!("{version} (got 41)")
        );
        let too_high = QrOptions {
            version: Some(41),
            ..QrOptions::default()
        };
        assert_eq!(
            create("A", &too_high).unwrap_err().to_string(),
            format!("{version} (got 41)")
        );
        assert_eq!(
            reserved_modules(0).unwrap_err().to_string(),
            format!("{version} (got 0)")
        );

        let mask = "QR option \"maskPattern\" must be a whole number from 0 to 7";
        assert_eq!(
            mask_pattern_from(2.5).unwrap_err().to_string(),
            format!("{mask} (got 2.5)")
        );
        let no_such_mask = QrOptions {
            mask_pattern: Some(8),
            ..QrOptions::default()
        };
        assert_eq!(
            create("A", &no_such_mask).unwrap_err().to_string(),
            format!("{mask} (got 8)")
        );
    }

    #[test]
    fn the_type_option_picks_the_renderer_as_in_qrcode() {
        assert_eq!(Format::for_string(None), Ok(Format::Utf8));
        assert_eq!(Format::for_string(Some("svg")), Ok(Format::Svg));
        assert_eq!(Format::for_string(Some("terminal")), Ok(Format::Terminal));
        assert!(Format::for_string(Some("png")).is_err());
        assert_eq!(Format::for_image(None, true), Ok(Format::DataUrl));
        assert_eq!(Format::for_image(Some("image/png"), false), Ok(Format::Png));
        assert!(Format::for_image(Some("image/jpeg"), true).is_err());
        assert_eq!(Format::for_file(None, "code.SVG"), Ok(Format::SvgFile));
        assert_eq!(Format::for_file(None, "/tmp/code.txt"), Ok(Format::Utf8));
        assert_eq!(Format::for_file(None, "code.png"), Ok(Format::Png));
        assert_eq!(Format::for_file(None, "code"), Ok(Format::Png));
        assert_eq!(Format::for_file(None, ".svg"), Ok(Format::Png));
        assert_eq!(
            Format::for_file(Some("svg"), "code.png"),
            Ok(Format::SvgFile)
        );
        assert!(Format::for_file(Some("jpeg"), "code.jpeg").is_err());
    }

    #[test]
    fn render_encodes_then_draws_in_the_format_asked() {
        let options = QrOptions::default();
        let looks = RenderOptions::default();
        let Rendering::Text(url) = render(&"A".into(), &options, &looks, Format::DataUrl).unwrap()
        else {
            panic!("a data URL is text")
        };
        assert!(url.starts_with("data:image/png;base64,iVBORw0KGgo"));
        let Rendering::Bytes(png) = render(&"A".into(), &options, &looks, Format::Png).unwrap()
        else {
            panic!("a PNG is bytes")
        };
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let Rendering::Text(file) = render(&"A".into(), &options, &looks, Format::SvgFile).unwrap()
        else {
            panic!("an SVG file is text")
        };
        assert!(file.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><!DOCTYPE svg"));
        assert_eq!(
            render(&"".into(), &options, &looks, Format::Svg),
            Err(Error::QrNoData)
        );
    }

    #[test]
    fn render_options_default_as_in_qrcode_and_refuse_absurd_values() {
        let defaults = RenderOptions::default();
        assert_eq!(defaults.margin, 4);
        assert_eq!(defaults.scale, 4.0);
        assert!(defaults.validate().is_ok());
        for bad in [
            RenderOptions {
                margin: 1001,
                ..RenderOptions::default()
            },
            RenderOptions {
                scale: 0.0,
                ..RenderOptions::default()
            },
            RenderOptions {
                scale: f64::NAN,
                ..RenderOptions::default()
            },
            RenderOptions {
                width: Some(-1.0),
                ..RenderOptions::default()
            },
            RenderOptions {
                width: Some(f64::INFINITY),
                ..RenderOptions::default()
            },
        ] {
            assert_eq!(bad.validate().unwrap_err().code(), "ERR_QR_INVALID_OPTION");
        }
    }
}
