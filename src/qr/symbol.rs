//! The QR symbol: `qrcode` 1.5.4's choices (`core/qrcode.js` `createSymbol`)
//! built from the bit stream (`bits`), the error correction codewords
//! (`codewords`), and the function patterns and placement order of the
//! version (`layout`); the mask is chosen on packed rows (`mask`).

use std::borrow::Cow;
use std::sync::OnceLock;

use super::bits::BitStream;
use super::codewords;
use super::layout::{self, Layout, MAX_WORDS};
use super::mask::{self, Lanes, Line};
use super::segment::{self, QrData, QrSegment, ShiftJis};
use super::{ErrorCorrectionLevel, QrOptions, MASK_PATTERN, VERSION};
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
    /// Modules per side: 17 + 4 × version (§6.3.2).
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

    /// Replaces `runs` with the runs of dark modules in `row`, left to
    /// right, as (start, end) with `end` exclusive; none for a row outside
    /// the symbol.
    pub(crate) fn dark_runs(&self, row: usize, runs: &mut Vec<(usize, usize)>) {
        runs.clear();
        let Some(modules) = row
            .checked_mul(self.size)
            .and_then(|start| self.modules.get(start..start.checked_add(self.size)?))
        else {
            return;
        };
        // Module by module would cost a mispredicted branch a run; 64
        // modules at a time, runs start and end at the set bits of two
        // words, found by trailing_zeros.
        let mut open = None;
        let mut previous_dark = 0;
        for (chunk, modules) in modules.chunks(64).enumerate() {
            let dark = pack(modules);
            let before = dark << 1 | previous_dark;
            previous_dark = dark >> 63;
            let (mut starts, mut ends) = (dark & !before, !dark & before);
            let base = chunk * 64;
            // A run open from the chunk before ends at this chunk's first
            // end, if it has one.
            if let Some(start) = open {
                if ends == 0 {
                    continue;
                }
                runs.push((start, base + ends.trailing_zeros() as usize));
                ends &= ends - 1;
                open = None;
            }
            while starts != 0 {
                let start = base + starts.trailing_zeros() as usize;
                starts &= starts - 1;
                if ends == 0 {
                    open = Some(start);
                } else {
                    runs.push((start, base + ends.trailing_zeros() as usize));
                    ends &= ends - 1;
                }
            }
        }
        if let Some(start) = open {
            runs.push((start, modules.len()));
        }
    }
}

/// Up to 64 modules as the bits of a word, module `i` as bit `i`.
fn pack(modules: &[bool]) -> u64 {
    let mut word = 0;
    let (eights, rest) = modules.as_chunks::<8>();
    for (i, eight) in eights.iter().enumerate() {
        // Eight 0/1 bytes, then the well-known multiply that gathers
        // byte k's low bit into bit 56 + k (no two partial products
        // overlap, so nothing carries).
        let bytes = u64::from_le_bytes(eight.map(u8::from));
        word |= (bytes.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * i);
    }
    let offset = modules.len() - rest.len();
    for (i, &dark) in rest.iter().enumerate() {
        word |= u64::from(dark) << (offset + i);
    }
    word
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
/// 2. pad (§7.4.9–7.4.10), add Reed–Solomon codewords and interleave the
///    blocks (§7.5–7.6), and place them (§7.7);
/// 3. without a `maskPattern`, pick the first mask of lowest `qrcode`
///    penalty (see `mask`).
pub fn create_from(
    data: &QrData,
    options: &QrOptions,
    kanji: Option<&mut dyn ShiftJis>,
) -> Result<QrSymbol> {
    let level = options.error_correction_level;
    if let Some(version) = options.version {
        VERSION.check(u64::from(version))?;
    }
    if let Some(reference) = options.mask_pattern {
        MASK_PATTERN.check(u64::from(reference))?;
    }
    let plan = segment::plan(data, level, options.version, kanji.is_some())?;
    let version = plan.version;

    // The version was chosen to hold these segments, so neither the bit
    // stream nor the codewords can refuse them; if they did, that is a bug,
    // not data too long.
    let internal = |_: &dyn std::fmt::Display| Error::Internal {
        what: "the QR data did not fit the version chosen for it",
    };
    let capacity = segment::capacity_bits(version, level);
    let mut bits = BitStream::with_capacity(capacity);
    plan.write(&mut bits, kanji)?;
    let data = bits
        .into_codewords(capacity)
        .ok_or_else(|| internal(&"the bit stream is longer than the capacity"))?;
    let layout = layout::layout(version).ok_or_else(|| internal(&"no such version"))?;
    let codewords = codewords::sequence(&data, version, level, layout.codewords())
        .ok_or_else(|| internal(&"the codewords do not fit Table 9"))?;
    let (mask_pattern, modules) = mask_symbol(layout, &codewords, level, options.mask_pattern);
    Ok(QrSymbol {
        version,
        error_correction_level: level,
        mask_pattern,
        size: layout.size,
        modules,
        segments: plan.segments()?,
    })
}

/// Which modules of a `version` symbol are function patterns, format or
/// version information (§6.3, §7.9–7.10): `true`, row-major; the others
/// hold codewords and remainder bits. `qrcode` calls these reserved.
pub fn reserved_modules(version: u8) -> Result<Vec<bool>> {
    VERSION.check(u64::from(version))?;
    let layout = layout::layout(version).ok_or(Error::Internal {
        what: "no QR layout for a version from 1 to 40",
    })?;
    let mut reserved = Vec::with_capacity(layout.size * layout.size);
    for row in &layout.data {
        reserved.extend((0..layout.size).map(|column| !row.is_set(column)));
    }
    Ok(reserved)
}

/// Places `codewords` in the version's layout and masks the symbol with
/// `requested`, or else with the mask `qrcode` picks; returns the mask and
/// the row-major modules. Rows are packed in as few 64-bit words as the
/// symbol's side needs.
fn mask_symbol(
    layout: &Layout,
    codewords: &[u8],
    level: ErrorCorrectionLevel,
    requested: Option<u8>,
) -> (u8, Vec<bool>) {
    fn masked_in<const W: usize>(
        layout: &Layout,
        codewords: &[u8],
        level: ErrorCorrectionLevel,
        requested: Option<u8>,
    ) -> (u8, Vec<bool>) {
        let placed = layout.place::<W>(codewords);
        let reference = requested.unwrap_or_else(|| best_mask(layout, &placed, level));
        let mut rows = placed.clone();
        apply_mask(layout, &placed, level, reference, &mut rows);
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
const MASK_PATTERNS: u8 = mask::MASKS as u8;

/// `qrcode`'s `getBestMask`: the `placed` symbol drawn with each mask and
/// its own format information, scored, and the first lowest taken. The
/// eight are drawn and scored side by side.
fn best_mask<const W: usize>(
    layout: &Layout,
    placed: &[Line<W>],
    level: ErrorCorrectionLevel,
) -> u8 {
    let phases = mask_lanes();
    let mut rows: Vec<Lanes<W>> = placed
        .iter()
        .zip(&layout.data)
        .zip(phases.iter().cycle())
        .map(|((&dark, &data), &inverts)| {
            let data = Lanes::splat(Line::from_wider(data));
            Lanes::splat(dark).flipped_where(data.and(Lanes::from_wider(inverts)))
        })
        .collect();
    // The format information area is light in `placed` and outside the
    // data modules, so its dark bits are simply added.
    // `m` is below 8, so the cast is exact.
    let formats: [u16; mask::MASKS] = std::array::from_fn(|m| format_information(level, m as u8));
    for (&(row, column), bit) in layout.format.iter().zip((0..15).rev().cycle()) {
        if let Some(lanes) = rows.get_mut(usize::from(row)) {
            lanes.set_dark(
                usize::from(column),
                formats.map(|format| u64::from(format >> bit)),
            );
        }
    }
    let scores = mask::penalties(&rows);
    let mut best = (u32::MAX, 0);
    for (&score, reference) in scores.iter().zip(0..MASK_PATTERNS) {
        if score < best.0 {
            best = (score, reference);
        }
    }
    best.1
}

/// Whether mask `reference` inverts the module in row `i`, column `j`
/// (§7.8.2, Table 10).
fn mask_inverts(reference: u8, i: usize, j: usize) -> bool {
    match reference {
        0 => (i + j).is_multiple_of(2),
        1 => i.is_multiple_of(2),
        2 => j.is_multiple_of(3),
        3 => (i + j).is_multiple_of(3),
        4 => (i / 2 + j / 3).is_multiple_of(2),
        5 => (i * j) % 2 + (i * j) % 3 == 0,
        6 => ((i * j) % 2 + (i * j) % 3).is_multiple_of(2),
        _ => ((i + j) % 2 + (i * j) % 3).is_multiple_of(2),
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

/// [`mask_rows`] with the eight masks side by side, for [`best_mask`].
fn mask_lanes() -> &'static [Lanes<MAX_WORDS>; MASK_ROW_PERIOD] {
    static LANES: OnceLock<[Lanes<MAX_WORDS>; MASK_ROW_PERIOD]> = OnceLock::new();
    LANES.get_or_init(|| {
        let masks = mask_rows();
        std::array::from_fn(|phase| Lanes::from_fn(|m| masks[m][phase]))
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

/// Writes into `rows` the `placed` symbol with mask `reference` applied
/// to its data modules (§7.8.2) and the format information of `level` and
/// `reference` drawn (§7.9.1), as `qrcode` scores and draws them.
fn apply_mask<const W: usize>(
    layout: &Layout,
    placed: &[Line<W>],
    level: ErrorCorrectionLevel,
    reference: u8,
    rows: &mut [Line<W>],
) {
    // The reference's three bits (Table 10), as the format information
    // takes them: a table row for every value.
    let phases = &mask_rows()[usize::from(reference & 0b111)];
    for (((row, &dark), &data), &inverts) in rows
        .iter_mut()
        .zip(placed)
        .zip(&layout.data)
        .zip(phases.iter().cycle())
    {
        *row = dark.flipped_where(Line::from_wider(data.and(inverts)));
    }
    // The format information area is light in `placed` and outside the
    // data modules, so its dark bits are simply added.
    let format = format_information(level, reference);
    for (&(row, column), bit) in layout.format.iter().zip((0..15).rev().cycle()) {
        if let Some(line) = rows.get_mut(usize::from(row)) {
            line.set_dark(usize::from(column), format >> bit & 1 == 1);
        }
    }
}

/// Packed rows as the row-major modules of a [`QrSymbol`].
fn unpack<const W: usize>(rows: &[Line<W>]) -> Vec<bool> {
    /// Byte value → its eight bits, least significant first: modules
    /// eight at a time.
    const SPREAD: [[bool; 8]; 256] = {
        let mut table = [[false; 8]; 256];
        let mut byte = 0;
        while byte < 256 {
            let mut bit = 0;
            while bit < 8 {
                table[byte][bit] = byte >> bit & 1 == 1;
                bit += 1;
            }
            byte += 1;
        }
        table
    };
    let size = rows.len();
    // Whole words are copied, up to 63 modules past a row's end, then cut.
    let mut modules = Vec::with_capacity(size * size + 64);
    for row in rows {
        let end = modules.len() + size;
        for word in row.words().iter().take(size.div_ceil(64)) {
            for byte in word.to_le_bytes() {
                modules.extend_from_slice(&SPREAD[usize::from(byte)]);
            }
        }
        modules.truncate(end);
    }
    modules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::{fixtures, MAX_VERSION, MIN_VERSION};
    use qrcode::types::Version;

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
                let capacity = segment::capacity_bits(version, level);
                let mut bits = BitStream::with_capacity(capacity);
                let data = QrData::Text(Cow::Borrowed(&text[..usize::from(version) * 5]));
                segment::plan(&data, level, Some(version), false)
                    .unwrap()
                    .write(&mut bits, None)
                    .unwrap();
                let (data, error_correction) = qrcode::ec::construct_codewords(
                    &bits.into_codewords(capacity).unwrap(),
                    crate_version,
                    level.to_crate(),
                )
                .unwrap();
                let codewords = [&data[..], &error_correction].concat();
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
                            &codewords,
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
    fn dark_runs_are_the_runs_a_module_by_module_scan_finds_for_every_row_length() {
        let mut next = crate::test_random::xorshift(0xd1b5_4a32_d192_ed03);
        let mut runs = Vec::new();
        for size in (1..=200).chain([255, 256, 257]) {
            for density in [1, 2, 3, 16] {
                // Dense rows end in dark modules, sparse ones have long
                // light stretches across the 64-module words.
                let modules: Vec<bool> = (0..size * size.min(6))
                    .map(|_| !next().is_multiple_of(density))
                    .collect();
                let symbol = QrSymbol {
                    version: 1,
                    error_correction_level: ErrorCorrectionLevel::M,
                    mask_pattern: 0,
                    size,
                    modules,
                    segments: Vec::new(),
                };
                for row in 0..size.min(6) {
                    let line = &symbol.modules[row * size..][..size];
                    let mut expected = Vec::new();
                    let mut column = 0;
                    while column < size {
                        if line[column] {
                            let start = column;
                            while column < size && line[column] {
                                column += 1;
                            }
                            expected.push((start, column));
                        } else {
                            column += 1;
                        }
                    }
                    symbol.dark_runs(row, &mut runs);
                    assert_eq!(runs, expected, "size {size}, row {row}");
                }
                // A row past the modules there are has no runs.
                symbol.dark_runs(size.min(6), &mut runs);
                assert!(runs.is_empty(), "size {size}");
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
