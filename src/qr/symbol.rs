//! The QR symbol: `qrcode` 1.5.4's choices (`core/qrcode.js` `createSymbol`)
//! built with the `qrcode` crate's bit stream and error correction, on the
//! function patterns of its canvas (see `layout`).

use qrcode::bits::Bits;
use qrcode::ec;
use qrcode::types::Version;

use std::borrow::Cow;
use std::sync::OnceLock;

use super::segment::{self, QrData, QrSegment, ShiftJis};

use super::layout::{self, Layout, MAX_WORDS};
use super::mask::{self, Line};
use super::{ErrorCorrectionLevel, QrOptions, MAX_VERSION, MIN_VERSION};
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
    /// The segments encoded, in order.
    pub segments: Vec<QrSegment>,
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

/// Encodes `text` (its UTF-8 bytes; ISO/IEC 18004's default ECI is Latin-1,
/// but `qrcode` and every phone reader use UTF-8) as `qrcode` 1.5.4's
/// `QRCode.create(text, options)` does, giving the same symbol module for
/// module. See [`create_from`].
pub fn create(text: &str, options: &QrOptions) -> Result<QrSymbol> {
    create_from(&QrData::Text(Cow::Borrowed(text)), options, None)
}

/// Encodes a text or a list of segments as `qrcode` 1.5.4's
/// `QRCode.create(data, options)` does, with Kanji mode when `kanji` gives
/// Shift JIS codes (its `toSJISFunc`):
///
/// 1. split or check the data and choose the version (see `segment`): the
///    smallest that holds it, or the one requested if it does;
/// 2. pad, add Reed–Solomon codewords and place them (§7.4.9–7.7, by the
///    crate);
/// 3. without a `maskPattern`, pick the first mask of lowest `qrcode`
///    penalty (see `mask`).
pub fn create_from(
    data: &QrData,
    options: &QrOptions,
    kanji: Option<&mut dyn ShiftJis>,
) -> Result<QrSymbol> {
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
    if let Some(reference) = options.mask_pattern {
        if reference >= MASK_PATTERNS {
            return Err(Error::qr_option(
                "maskPattern",
                "a whole number from 0 to 7",
                reference,
            ));
        }
    }
    let plan = segment::plan(data, level, options.version, kanji.is_some())?;
    let version = plan.version;

    let crate_version = Version::Normal(i16::from(version));
    let crate_level = level.to_crate();
    // The version was chosen to hold these segments, so the crate cannot
    // refuse them; if it did, that is a bug, not data too long.
    let internal = |_: qrcode::types::QrError| Error::Internal {
        what: "the QR bit stream did not fit the version chosen for it",
    };
    let mut bits = Bits::new(crate_version);
    plan.write(&mut bits, kanji)?;
    bits.push_terminator(crate_level).map_err(internal)?;
    let (data, error_correction) =
        ec::construct_codewords(&bits.into_bytes(), crate_version, crate_level)
            .map_err(internal)?;

    let layout =
        layout::layout(version).ok_or_else(|| internal(qrcode::types::QrError::InvalidVersion))?;
    let (mask_pattern, modules) = mask_symbol(
        layout,
        &[&data, &error_correction],
        level,
        options.mask_pattern,
    );
    Ok(QrSymbol {
        version,
        error_correction_level: level,
        mask_pattern,
        size: layout.size,
        modules,
        segments: plan.segments(),
    })
}

/// Which modules of a `version` symbol are function patterns, format or
/// version information (§6.3, §7.9–7.10): `true`, row-major; the others
/// hold codewords and remainder bits. `qrcode` calls these reserved.
pub fn reserved_modules(version: u8) -> Result<Vec<bool>> {
    let layout = layout::layout(version)
        .ok_or_else(|| Error::qr_option("version", "a whole number from 1 to 40", version))?;
    let mut reserved = Vec::with_capacity(layout.size * layout.size);
    for row in &layout.data {
        reserved.extend(row.modules().take(layout.size).map(|data| !data));
    }
    Ok(reserved)
}

/// Places `codewords` in the version's layout and masks the symbol with
/// `requested`, or else with the mask `qrcode` picks; returns the mask and
/// the row-major modules. Rows are packed in as few 64-bit words as the
/// symbol's side needs.
fn mask_symbol(
    layout: &Layout,
    codewords: &[&[u8]],
    level: ErrorCorrectionLevel,
    requested: Option<u8>,
) -> (u8, Vec<bool>) {
    fn masked_in<const W: usize>(
        layout: &Layout,
        codewords: &[&[u8]],
        level: ErrorCorrectionLevel,
        requested: Option<u8>,
    ) -> (u8, Vec<bool>) {
        let placed = Placed::<W> {
            dark: layout.place(codewords),
            data: layout
                .data
                .iter()
                .map(|&row| Line::from_wider(row))
                .collect(),
        };
        let (reference, rows) = match requested {
            Some(reference) => (reference, placed.masked(level, reference)),
            None => placed.best_mask(level),
        };
        (reference, unpack(&rows))
    }
    if layout.size <= Line::<1>::MODULES {
        masked_in::<1>(layout, codewords, level, requested)
    } else if layout.size <= Line::<2>::MODULES {
        masked_in::<2>(layout, codewords, level, requested)
    } else {
        masked_in::<3>(layout, codewords, level, requested)
    }
}

/// The mask pattern references, 000 to 111 (§7.8.2, Table 10).
const MASK_PATTERNS: u8 = 8;

/// Whether mask `reference` inverts the module in row `i`, column `j`
/// (§7.8.2, Table 10).
fn mask_inverts(reference: u8, i: usize, j: usize) -> bool {
    match reference {
        0 => (i + j) % 2 == 0,
        1 => i % 2 == 0,
        2 => j % 3 == 0,
        3 => (i + j) % 3 == 0,
        4 => (i / 2 + j / 3) % 2 == 0,
        5 => (i * j) % 2 + (i * j) % 3 == 0,
        6 => ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        _ => ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    }
}

/// Every mask condition repeats every 12 rows (it depends on the row only
/// through i mod 2, i mod 3 and i / 2 mod 2), so each mask is 12 packed
/// rows, reused for every symbol (and cut to the symbol's word count).
const MASK_ROW_PERIOD: usize = 12;

type MaskRows = [[Line<MAX_WORDS>; MASK_ROW_PERIOD]; MASK_PATTERNS as usize];

fn mask_rows() -> &'static MaskRows {
    static ROWS: OnceLock<MaskRows> = OnceLock::new();
    ROWS.get_or_init(|| {
        let mut rows: MaskRows = [[Line::default(); MASK_ROW_PERIOD]; MASK_PATTERNS as usize];
        for (reference, phases) in (0..).zip(rows.iter_mut()) {
            for (i, row) in phases.iter_mut().enumerate() {
                for j in 0..usize::from(MAX_SIDE) {
                    row.set(j, mask_inverts(reference, i, j));
                }
            }
        }
        rows
    })
}

/// Modules a side of the largest symbol (version 40).
const MAX_SIDE: u8 = 177;

/// The 15 format information bits for a level and mask (§7.9.1): the level's
/// two bits (L 01, M 00, Q 11, H 10) and the mask's three, a BCH(15,5)
/// remainder by x^10 + x^8 + x^5 + x^4 + x^2 + x + 1, XORed with
/// 101010000010010.
fn format_information(level: ErrorCorrectionLevel, reference: u8) -> u16 {
    let level_bits: u16 = match level {
        ErrorCorrectionLevel::L => 0b01,
        ErrorCorrectionLevel::M => 0b00,
        ErrorCorrectionLevel::Q => 0b11,
        ErrorCorrectionLevel::H => 0b10,
    };
    let data = level_bits << 3 | u16::from(reference & 0b111);
    let mut remainder = data << 10;
    for bit in (10..15).rev() {
        if remainder >> bit & 1 == 1 {
            remainder ^= 0b101_0011_0111 << (bit - 10);
        }
    }
    ((data << 10) | remainder) ^ 0b101_0100_0001_0010
}

/// Where format information bit 14 (first) to bit 0 goes (§7.9.1, Figure
/// 25), as (column, row); a negative coordinate counts from the far edge.
const FORMAT_BESIDE_TOP_LEFT: [(i32, i32); 15] = [
    (0, 8),
    (1, 8),
    (2, 8),
    (3, 8),
    (4, 8),
    (5, 8),
    (7, 8),
    (8, 8),
    (8, 7),
    (8, 5),
    (8, 4),
    (8, 3),
    (8, 2),
    (8, 1),
    (8, 0),
];
const FORMAT_SPLIT: [(i32, i32); 15] = [
    (8, -1),
    (8, -2),
    (8, -3),
    (8, -4),
    (8, -5),
    (8, -6),
    (8, -7),
    (-8, 8),
    (-7, 8),
    (-6, 8),
    (-5, 8),
    (-4, 8),
    (-3, 8),
    (-2, 8),
    (-1, 8),
];

/// The symbol with its codewords placed, before masking, in packed rows:
/// trying eight masks on those costs a small fraction of copying and
/// masking the crate's canvas eight times.
struct Placed<const W: usize> {
    /// Dark modules, row by row; the format information area is light.
    dark: Vec<Line<W>>,
    /// The modules a mask inverts (§7.8.1): data and error correction
    /// codewords and the remainder bits, never function patterns.
    data: Vec<Line<W>>,
}

impl<const W: usize> Placed<W> {
    /// The rows with mask `reference` applied and its format information
    /// drawn, as `qrcode` scores and draws them.
    fn masked(&self, level: ErrorCorrectionLevel, reference: u8) -> Vec<Line<W>> {
        let size = self.dark.len();
        let pattern = mask_rows().get(usize::from(reference));
        let mut rows: Vec<Line<W>> = self
            .dark
            .iter()
            .zip(&self.data)
            .enumerate()
            .map(|(i, (&dark, &data))| {
                let inverts = pattern
                    .and_then(|phases| phases.get(i % MASK_ROW_PERIOD))
                    .copied()
                    .unwrap_or_default();
                dark.flipped_where(data.and(Line::from_wider(inverts)))
            })
            .collect();
        let format = format_information(level, reference);
        let from_edge = |coordinate: i32| {
            usize::try_from(coordinate)
                .unwrap_or_else(|_| size.wrapping_add_signed(coordinate as isize))
        };
        for copy in [&FORMAT_BESIDE_TOP_LEFT, &FORMAT_SPLIT] {
            for (position, &(column, row)) in copy.iter().enumerate() {
                if let Some(line) = rows.get_mut(from_edge(row)) {
                    line.set(from_edge(column), format >> (14 - position) & 1 == 1);
                }
            }
        }
        rows
    }

    /// `qrcode`'s `getBestMask`: each mask in reference order, scored with
    /// its own format information in place; the first strictly lowest wins.
    fn best_mask(&self, level: ErrorCorrectionLevel) -> (u8, Vec<Line<W>>) {
        let mut best = (0, self.masked(level, 0));
        let mut lowest = mask::penalty(&best.1);
        for reference in 1..MASK_PATTERNS {
            let rows = self.masked(level, reference);
            let score = mask::penalty(&rows);
            if score < lowest {
                lowest = score;
                best = (reference, rows);
            }
        }
        best
    }
}

/// Packed rows as the row-major modules of a [`QrSymbol`].
fn unpack<const W: usize>(rows: &[Line<W>]) -> Vec<bool> {
    let size = rows.len();
    let mut modules = Vec::with_capacity(size * size);
    for row in rows {
        modules.extend(row.modules().take(size));
    }
    modules
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
                    let Error::QrDataTooLong { min_version, .. } = &error else {
                        panic!("{context}: {error}")
                    };
                    assert_eq!(
                        min_version.map(u64::from),
                        record["minVersion"].as_u64(),
                        "{context}: {error}"
                    );
                }
            }
            compared += 1;
        }
        assert!(compared > 1000, "only {compared} records compared");
    }

    #[test]
    fn masking_and_format_information_equal_the_crates_for_every_version_level_and_mask() {
        use qrcode::canvas::{Canvas, MaskPattern};
        use qrcode::types::Color;
        let crate_masks = [
            MaskPattern::Checkerboard,
            MaskPattern::HorizontalLines,
            MaskPattern::VerticalLines,
            MaskPattern::DiagonalLines,
            MaskPattern::LargeCheckerboard,
            MaskPattern::Fields,
            MaskPattern::Diamonds,
            MaskPattern::Meadow,
        ];
        for version in MIN_VERSION..=MAX_VERSION {
            for level in [
                ErrorCorrectionLevel::L,
                ErrorCorrectionLevel::M,
                ErrorCorrectionLevel::Q,
                ErrorCorrectionLevel::H,
            ] {
                let crate_version = Version::Normal(i16::from(version));
                let text = "totp-native ".repeat(usize::from(version));
                let mut bits = Bits::new(crate_version);
                let data = QrData::Text(Cow::Borrowed(&text[..usize::from(version) * 5]));
                segment::plan(&data, level, Some(version), false)
                    .unwrap()
                    .write(&mut bits, None)
                    .unwrap();
                bits.push_terminator(level.to_crate()).unwrap();
                let (data, error_correction) =
                    ec::construct_codewords(&bits.into_bytes(), crate_version, level.to_crate())
                        .unwrap();
                let mut canvas = Canvas::new(crate_version, level.to_crate());
                canvas.draw_all_functional_patterns();
                canvas.draw_data(&data, &error_correction);
                for (reference, &pattern) in (0..).zip(crate_masks.iter()) {
                    let mut masked = canvas.clone();
                    masked.apply_mask(pattern);
                    let expected: Vec<bool> = masked
                        .into_colors()
                        .into_iter()
                        .map(|color| color == Color::Dark)
                        .collect();
                    assert!(
                        mask_symbol(
                            layout::layout(version).unwrap(),
                            &[&data, &error_correction],
                            level,
                            Some(reference)
                        ) == (reference, expected),
                        "version {version}, level {}, mask {reference}",
                        level.name()
                    );
                }
            }
        }
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
