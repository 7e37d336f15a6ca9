//! QR encoding and every renderer with arbitrary text and options: never a
//! panic nor an internal error; a symbol that is built is a well-formed one;
//! text that fits the largest symbol is never refused as too long; every
//! image that is drawn is a valid PNG within the size cap, and every string
//! rendering has the shape its format promises.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use totp_native::error::Error;
use totp_native::qr::{
    self, margin_from, mask_pattern_from, version_from, Color, ErrorCorrectionLevel, Format,
    QrData, QrOptions, RenderOptions, Rendering, MAX_IMAGE_SIDE,
};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    text: &'a str,
    /// Repeats `text`, so that short inputs reach large versions and the
    /// capacity limits.
    repeat: u8,
    level: &'a str,
    version: Option<f64>,
    mask_pattern: Option<f64>,
    margin: Option<f64>,
    scale: Option<f64>,
    width: Option<f64>,
    dark: Option<&'a str>,
    light: Option<&'a str>,
    small: bool,
    inverse: bool,
    format: u8,
}

/// Bytes a version 40 symbol holds in byte mode at level M (ISO/IEC 18004
/// Table 7): any UTF-8 text up to this length must be encodable with no
/// version asked for.
const V40_M_BYTES: usize = 2331;

fuzz_target!(|input: Input| {
    let text = input.text.repeat(1 + usize::from(input.repeat % 64));
    let text = text.as_str();
    let symbol_options = (|| {
        Ok::<_, totp_native::error::Error>(QrOptions {
            error_correction_level: if input.level.is_empty() {
                ErrorCorrectionLevel::default()
            } else {
                ErrorCorrectionLevel::parse(input.level)?
            },
            version: input.version.map(version_from).transpose()?,
            mask_pattern: input.mask_pattern.map(mask_pattern_from).transpose()?,
        })
    })();
    let Ok(options) = symbol_options else {
        return;
    };

    let created = qr::create(text, &options);
    if let Err(Error::Internal { what }) = &created {
        panic!("internal error: {what}");
    }
    if !text.is_empty()
        && text.len() <= V40_M_BYTES
        && options.version.is_none()
        && options.error_correction_level != ErrorCorrectionLevel::H
        && options.error_correction_level != ErrorCorrectionLevel::Q
    {
        assert!(created.is_ok(), "fits version 40: {created:?}");
    }
    let Ok(symbol) = created else {
        return;
    };
    assert!((1..=40).contains(&symbol.version));
    assert!(options
        .version
        .is_none_or(|version| version == symbol.version));
    assert!(symbol.mask_pattern < 8);
    assert!(options
        .mask_pattern
        .is_none_or(|mask| mask == symbol.mask_pattern));
    assert_eq!(symbol.size, 17 + 4 * usize::from(symbol.version));
    assert_eq!(symbol.modules.len(), symbol.size * symbol.size);
    assert_eq!(
        symbol.error_correction_level,
        options.error_correction_level
    );

    let render_options = (|| {
        let defaults = RenderOptions::default();
        Ok::<_, totp_native::error::Error>(RenderOptions {
            margin: input
                .margin
                .map(margin_from)
                .transpose()?
                .unwrap_or(defaults.margin),
            scale: input.scale.unwrap_or(defaults.scale),
            width: input.width,
            dark: input
                .dark
                .map(|dark| Color::parse("color.dark", dark))
                .transpose()?
                .unwrap_or(defaults.dark),
            light: input
                .light
                .map(|light| Color::parse("color.light", light))
                .transpose()?
                .unwrap_or(defaults.light),
            small: input.small,
            inverse: input.inverse,
        })
    })();
    let Ok(looks) = render_options else {
        return;
    };
    let format = match input.format % 6 {
        0 => Format::Png,
        1 => Format::DataUrl,
        2 => Format::Svg,
        3 => Format::SvgFile,
        4 => Format::Utf8,
        _ => Format::Terminal,
    };
    let data = QrData::Text(std::borrow::Cow::Borrowed(text));
    let rendering = qr::render(&data, &options, &looks, format);
    if let Err(Error::Internal { what }) = &rendering {
        panic!("internal error: {what}");
    }
    let Ok(rendering) = rendering else {
        return;
    };
    match (format, rendering) {
        (Format::Png, Rendering::Bytes(png)) => {
            let decoder = png::Decoder::new(std::io::Cursor::new(png.as_slice()));
            let reader = decoder.read_info().expect("a decodable PNG");
            let info = reader.info();
            assert_eq!(info.width, info.height);
            assert!((1..=MAX_IMAGE_SIDE).contains(&info.width));
        }
        (Format::DataUrl, Rendering::Text(url)) => {
            assert!(url.starts_with("data:image/png;base64,"));
        }
        (Format::Svg, Rendering::Text(svg)) => {
            assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
        }
        (Format::SvgFile, Rendering::Text(svg)) => {
            assert!(svg.starts_with("<?xml") && svg.ends_with("</svg>\n"));
        }
        (Format::Utf8 | Format::Terminal, Rendering::Text(text)) => {
            assert!(text.lines().count() >= symbol.size / 2);
        }
        (format, rendering) => panic!("{format:?} rendered as {rendering:?}"),
    }
});
