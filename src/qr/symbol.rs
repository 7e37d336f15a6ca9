//! The QR symbol: `qrcode` 1.5.4's choices (`core/qrcode.js` `createSymbol`)
//! built with the `qrcode` crate's bit stream, error correction and canvas.

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::ec;
use qrcode::types::{Color as ModuleColor, Version};

use super::segment::{self, MAX_ENCODABLE_BYTES};
use super::{mask, ErrorCorrectionLevel, QrOptions, MAX_VERSION, MIN_VERSION};
use crate::error::{Error, Result};

/// A finished QR symbol (ISO/IEC 18004:2015 §6), without quiet zone: the
/// fields of `qrcode`'s `create` result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrSymbol {
    /// 1 to 40.
    pub version: u8,
    pub error_correction_level: ErrorCorrectionLevel,
    /// The data mask pattern reference, 0 to 7 (§7.8.2, Table 10).
    pub mask_pattern: u8,
    /// Modules per side: 17 + 4 × version (§5.3.1).
    pub size: usize,
    /// `size × size` modules, row-major, dark = `true`.
    pub modules: Vec<bool>,
}

impl QrSymbol {
    /// Whether the module at (`row`, `column`) is dark; outside the symbol,
    /// light (the quiet zone's colour, §6.3.8).
    pub fn is_dark(&self, row: usize, column: usize) -> bool {
        row < self.size
            && column < self.size
            && self
                .modules
                .get(row * self.size + column)
                .copied()
                .unwrap_or(false)
    }
}

/// The crate's masks in the order of their references 000 to 111 (§7.8.2,
/// Table 10; the crate's `MaskPattern` discriminants are those references).
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// Encodes `text` (its UTF-8 bytes; ISO/IEC 18004's default ECI is Latin-1,
/// but `qrcode` and every phone reader use UTF-8) as `qrcode` 1.5.4's
/// `QRCode.create(text, options)` does, giving the same symbol module for
/// module:
///
/// 1. without a `version`, estimate one from the raw character-class runs
///    (`rawSplit`, `getBestVersionForData`; version 40 if none fits);
/// 2. split the text optimally for that version (`Segments.fromString`);
/// 3. take the smallest version holding those segments, or refuse a
///    requested version below it, naming the minimum;
/// 4. pad, add Reed–Solomon codewords and place them (§7.4.9–7.7, by the
///    crate);
/// 5. without a `maskPattern`, pick the first mask of lowest `qrcode`
///    penalty (see `mask`).
pub fn create(text: &str, options: &QrOptions) -> Result<QrSymbol> {
    if text.is_empty() {
        return Err(Error::QrNoData);
    }
    let level = options.error_correction_level;
    if let Some(version) = options.version {
        if !(MIN_VERSION..=MAX_VERSION).contains(&version) {
            return Err(Error::qr_option(
                "version",
                "a whole number from 1 to 40",
                version,
            ));
        }
    }
    let mask_pattern = match options.mask_pattern {
        Some(reference) => Some(
            MASKS
                .get(usize::from(reference))
                .map(|&pattern| (reference, pattern))
                .ok_or_else(|| {
                    Error::qr_option("maskPattern", "a whole number from 0 to 7", reference)
                })?,
        ),
        None => None,
    };
    if text.len() > MAX_ENCODABLE_BYTES {
        return Err(Error::QrDataTooLong {
            reason: format!(
                "{} bytes is too long for a QR code (no symbol holds more than {MAX_ENCODABLE_BYTES} characters)",
                text.len()
            ),
        });
    }

    let estimate = options
        .version
        .or_else(|| segment::smallest_version(&segment::raw_runs(text), level))
        .unwrap_or(MAX_VERSION);
    let segments = segment::optimal_segments(text, estimate);
    let smallest = segment::smallest_version(&segments, level).ok_or_else(|| Error::QrDataTooLong {
        reason: format!(
            "too long for a QR code at error correction level {} (it needs {} data bits; version 40 holds {})",
            level.name(),
            segment::bits_in_largest(&segments),
            segment::capacity_bits(MAX_VERSION, level),
        ),
    })?;
    let version = match options.version {
        Some(requested) if requested < smallest => {
            return Err(Error::QrDataTooLong {
                reason: format!(
                    "too long for a version {requested} QR code at error correction level {}; \
                     the minimum version for this text is {smallest}",
                    level.name()
                ),
            })
        }
        Some(requested) => requested,
        None => smallest,
    };

    let crate_version = Version::Normal(i16::from(version));
    let crate_level = level.to_crate();
    let internal = |error: qrcode::types::QrError| Error::QrDataTooLong {
        reason: format!("cannot be encoded in a version {version} QR code ({error})"),
    };
    let mut bits = Bits::new(crate_version);
    bits.push_segments(text.as_bytes(), segments.into_iter())
        .map_err(internal)?;
    bits.push_terminator(crate_level).map_err(internal)?;
    let (data, error_correction) =
        ec::construct_codewords(&bits.into_bytes(), crate_version, crate_level)
            .map_err(internal)?;

    let mut canvas = Canvas::new(crate_version, crate_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &error_correction);

    let size = usize::from(version) * 4 + 17;
    let (mask_pattern, modules) = match mask_pattern {
        Some((reference, pattern)) => (reference, masked(&canvas, pattern)),
        None => best_mask(&canvas, size),
    };
    Ok(QrSymbol {
        version,
        error_correction_level: level,
        mask_pattern,
        size,
        modules,
    })
}

/// The canvas with `pattern` applied and its format information drawn.
fn masked(canvas: &Canvas, pattern: MaskPattern) -> Vec<bool> {
    let mut canvas = canvas.clone();
    canvas.apply_mask(pattern);
    canvas
        .into_colors()
        .into_iter()
        .map(|color| color == ModuleColor::Dark)
        .collect()
}

/// `qrcode`'s `getBestMask`: each mask in reference order, scored with its
/// own format information in place; the first strictly lowest wins.
fn best_mask(canvas: &Canvas, size: usize) -> (u8, Vec<bool>) {
    let mut best: Option<(u32, u8, Vec<bool>)> = None;
    for (reference, &pattern) in (0_u8..).zip(MASKS.iter()) {
        let modules = masked(canvas, pattern);
        let score = mask::penalty(&modules, size);
        if best.as_ref().map_or(true, |(lowest, _, _)| score < *lowest) {
            best = Some((score, reference, modules));
        }
    }
    match best {
        Some((_, reference, modules)) => (reference, modules),
        // Unreachable: MASKS is not empty.
        None => (0, masked(canvas, MaskPattern::Checkerboard)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::fixtures;

    fn options(record: &serde_json::Value) -> QrOptions {
        QrOptions {
            error_correction_level: fixtures::level(record),
            version: record["version"].as_u64().map(|v| v as u8),
            mask_pattern: record["maskPattern"].as_u64().map(|m| m as u8),
        }
    }

    fn hex_modules(symbol: &QrSymbol) -> String {
        symbol
            .modules
            .chunks(4)
            .map(|nibble| {
                let value = nibble
                    .iter()
                    .chain(std::iter::repeat(&false))
                    .take(4)
                    .fold(0, |acc, &dark| acc << 1 | u32::from(dark));
                char::from_digit(value, 16).unwrap()
            })
            .collect()
    }

    #[test]
    fn every_fixture_symbol_is_the_one_qrcode_drew() {
        let mut compared = 0;
        for record in fixtures::load()["symbols"].as_array().unwrap() {
            let text = record["text"].as_str().unwrap();
            let result = create(text, &options(record));
            let context = format!("{text:?} {}", record["level"]);
            match record["error"].as_str() {
                None => {
                    let symbol = result.unwrap_or_else(|e| panic!("{context}: {e}"));
                    assert_eq!(
                        u64::from(symbol.version),
                        record["chosenVersion"],
                        "{context}"
                    );
                    assert_eq!(
                        u64::from(symbol.mask_pattern),
                        record["chosenMask"],
                        "{context}"
                    );
                    assert_eq!(symbol.size, usize::from(symbol.version) * 4 + 17);
                    assert_eq!(
                        hex_modules(&symbol),
                        record["modules"].as_str().unwrap(),
                        "{context}"
                    );
                }
                Some("too-long") => {
                    assert_eq!(
                        result.unwrap_err().code(),
                        "ERR_QR_DATA_TOO_LONG",
                        "{context}"
                    );
                }
                Some(_) => {
                    let error = result.unwrap_err();
                    assert_eq!(error.code(), "ERR_QR_DATA_TOO_LONG", "{context}");
                    let minimum =
                        format!("minimum version for this text is {}", record["minVersion"]);
                    assert!(error.to_string().contains(&minimum), "{context}: {error}");
                }
            }
            compared += 1;
        }
        assert!(compared > 1000, "only {compared} records compared");
    }

    #[test]
    fn empty_text_is_refused() {
        assert_eq!(create("", &QrOptions::default()), Err(Error::QrNoData));
    }

    #[test]
    fn out_of_range_versions_and_masks_are_option_errors() {
        for options in [
            QrOptions {
                version: Some(0),
                ..QrOptions::default()
            },
            QrOptions {
                version: Some(41),
                ..QrOptions::default()
            },
            QrOptions {
                mask_pattern: Some(8),
                ..QrOptions::default()
            },
        ] {
            assert_eq!(
                create("A", &options).unwrap_err().code(),
                "ERR_QR_INVALID_OPTION"
            );
        }
    }

    #[test]
    fn a_huge_text_is_refused_before_any_work() {
        let huge = "9".repeat(10_000_000);
        let error = create(&huge, &QrOptions::default()).unwrap_err();
        assert_eq!(error.code(), "ERR_QR_DATA_TOO_LONG");
    }

    #[test]
    fn outside_the_symbol_is_light() {
        let symbol = create("A", &QrOptions::default()).unwrap();
        assert!(symbol.is_dark(0, 0), "the finder pattern's corner");
        assert!(!symbol.is_dark(symbol.size, 0));
        assert!(!symbol.is_dark(0, usize::MAX));
    }
}
