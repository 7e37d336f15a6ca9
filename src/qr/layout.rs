//! What every symbol of one version shares: its function patterns (ISO/IEC
//! 18004:2015 §6.3), the format and version information areas (§7.9,
//! §7.10), and the order in which codeword bits fill the rest (§7.7.3).
//!
//! All of it is worked out once a version and kept. Placing a symbol's
//! codewords is then one pass over that order, setting bits in packed rows.
//! The order is kept as stretches of rows of one column pair, so that the
//! pass takes the two bits of a row at once, without a coordinate lookup a
//! module.

use std::sync::OnceLock;

use super::mask::Line;
use super::MAX_VERSION;

/// Words in a packed row of the largest symbol (177 modules).
pub(crate) const MAX_WORDS: usize = 3;

/// One version's fixed modules and codeword placement order.
pub(crate) struct Layout {
    /// Modules a side: 17 + 4 × version (§6.3.2).
    pub(crate) size: usize,
    /// The dark modules of the function patterns, row by row: finders,
    /// separators, timing, alignment, the dark module and version
    /// information. The format information area is light; it depends on
    /// the mask.
    pub(crate) function_dark: Vec<Line<MAX_WORDS>>,
    /// The modules outside the function patterns, row by row: those the
    /// codewords and remainder bits fill, and a mask inverts (§7.8.1).
    pub(crate) data: Vec<Line<MAX_WORDS>>,
    /// (row, column) of each module of `data` in the order codeword bits,
    /// most significant first, fill them (§7.7.3).
    pub(crate) order: Vec<(u8, u8)>,
    /// The placement order as stretches, in order.
    stretches: Vec<Stretch>,
    /// (row, column) of format information bits 14 to 0 in their first
    /// copy, then in their second (§7.9.1, Figure 25).
    pub(crate) format: [(u8, u8); 30],
}

/// Consecutive rows of one column pair in the placement order, in the
/// direction it travels, each taking the next `WIDTH` bits of the
/// codewords: with two, the right module takes the first and the left one
/// the second; with one, the module at `column` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stretch {
    /// The first row placed.
    first_row: u8,
    upwards: bool,
    rows: u8,
    /// The lowest column written: the left module's with two bits.
    column: u8,
    /// Bits a row: 1 or 2.
    width: u8,
}

/// Groups the placement order into [`Stretch`]es: a row's two modules of
/// a pair become one two-bit step when both hold data and lie in one word
/// of a packed row.
fn stretches(order: &[(u8, u8)]) -> Vec<Stretch> {
    let mut steps: Vec<(u8, u8, u8)> = Vec::with_capacity(order.len());
    let mut modules = order.iter().peekable();
    while let Some(&(row, column)) = modules.next() {
        match modules.peek() {
            Some(&&(next_row, next_column))
                if next_row == row && next_column + 1 == column && column % 64 != 0 =>
            {
                modules.next();
                steps.push((row, next_column, 2));
            }
            _ => steps.push((row, column, 1)),
        }
    }
    let mut stretches: Vec<Stretch> = Vec::new();
    for (row, column, width) in steps {
        if let Some(last) = stretches.last_mut() {
            let next_row = if last.upwards {
                last.first_row.checked_sub(last.rows)
            } else {
                last.first_row.checked_add(last.rows)
            };
            let continues = last.column == column && last.width == width;
            if continues && next_row == Some(row) {
                last.rows += 1;
                continue;
            }
            if continues && last.rows == 1 && row.abs_diff(last.first_row) == 1 {
                // A stretch's second row sets its direction.
                last.upwards = row < last.first_row;
                last.rows = 2;
                continue;
            }
        }
        stretches.push(Stretch {
            first_row: row,
            upwards: true,
            rows: 1,
            column,
            width,
        });
    }
    stretches
}

/// The bits of a symbol's codewords in order, most significant first,
/// then 0 bits (the remainder bits, §7.7.3) without end.
struct CodewordBits<'a> {
    codewords: std::slice::Iter<'a, u8>,
    /// The next bits, the first the most significant.
    word: u64,
    /// How many bits of `word` are codeword bits.
    held: u32,
}

impl<'a> CodewordBits<'a> {
    fn new(codewords: &'a [u8]) -> Self {
        CodewordBits {
            codewords: codewords.iter(),
            word: 0,
            held: 0,
        }
    }

    /// Holds at least 57 bits (codeword bits, then 0s past the end).
    #[inline(always)]
    fn refill(&mut self) {
        while self.held <= 56 {
            let next = self.codewords.next().copied().unwrap_or(0);
            self.word |= u64::from(next) << (56 - self.held);
            self.held += 8;
        }
    }

    /// Sets in word `word` of each of `lines`, in turn (from the last
    /// when `UP`), the next `N` bits (1 or 2, the first the higher)
    /// shifted by `shift`. As many lines as the bits held reach are filled
    /// without checking for more.
    #[inline(always)]
    fn fill<const N: u32, const UP: bool, const W: usize>(
        &mut self,
        mut lines: &mut [Line<W>],
        word: usize,
        shift: u8,
    ) {
        while !lines.is_empty() {
            self.refill();
            let ready = lines.len().min((self.held / N) as usize);
            let all = std::mem::take(&mut lines);
            let (now, rest) = if UP {
                let (rest, now) = all.split_at_mut(all.len() - ready);
                (now, rest)
            } else {
                all.split_at_mut(ready)
            };
            let mut put = |line: &mut Line<W>| {
                line.set_in_word(word, (self.word >> (64 - N)) << shift);
                self.word <<= N;
            };
            if UP {
                now.iter_mut().rev().for_each(&mut put);
            } else {
                now.iter_mut().for_each(&mut put);
            }
            // At most 64 bits' worth.
            self.held -= ready as u32 * N;
            lines = rest;
        }
    }
}

/// The layout of `version` (1 to 40), built on first use.
pub(crate) fn layout(version: u8) -> Option<&'static Layout> {
    static LAYOUTS: [OnceLock<Layout>; MAX_VERSION as usize] =
        [const { OnceLock::new() }; MAX_VERSION as usize];
    let index = usize::from(version).checked_sub(1)?;
    Some(LAYOUTS.get(index)?.get_or_init(|| Layout::new(version)))
}

impl Layout {
    fn new(version: u8) -> Layout {
        let size = side(version);
        let format = format_positions(size);
        let patterns = FunctionPatterns::draw(version, &format);
        let everything = Line::ones(size);
        let data: Vec<Line<MAX_WORDS>> = patterns
            .reserved
            .iter()
            .map(|&reserved| reserved.flipped_where(everything))
            .collect();
        let order: Vec<(u8, u8)> = placement_order(size)
            .filter(|&(row, column)| data.get(row).is_some_and(|line| line.is_set(column)))
            // Below 177, so both fit a byte.
            .map(|(row, column)| (row as u8, column as u8))
            .collect();
        Layout {
            size,
            function_dark: patterns.dark,
            data,
            stretches: stretches(&order),
            order,
            format,
        }
    }

    /// The codewords the version holds (§7.5.1, Table 1): its data
    /// modules, eight a codeword; the 0 to 7 left over are remainder bits.
    pub(crate) fn codewords(&self) -> usize {
        self.order.len() / 8
    }

    /// The symbol's dark modules with `codewords` placed, in packed rows of
    /// `W` words: the function patterns, then each codeword's bits, most
    /// significant first, in placement order. Modules left over (the
    /// remainder bits, §7.7.3) stay light.
    pub(crate) fn place<const W: usize>(&self, codewords: &[u8]) -> Vec<Line<W>> {
        let mut rows: Vec<Line<W>> = self
            .function_dark
            .iter()
            .map(|&row| Line::from_wider(row))
            .collect();
        let mut bits = CodewordBits::new(codewords);
        for stretch in &self.stretches {
            let first = usize::from(stretch.first_row);
            let count = usize::from(stretch.rows);
            let span = if stretch.upwards {
                (first + 1).checked_sub(count).map(|top| top..first + 1)
            } else {
                Some(first..first + count)
            };
            let word = usize::from(stretch.column / 64);
            let shift = stretch.column % 64;
            // Every stretch lies within the symbol, and a line of `W`
            // words holds its columns.
            let Some(lines) = span.and_then(|span| rows.get_mut(span)) else {
                continue;
            };
            if word >= W {
                continue;
            }
            match (stretch.width, stretch.upwards) {
                (2, true) => bits.fill::<2, true, W>(lines, word, shift),
                (2, false) => bits.fill::<2, false, W>(lines, word, shift),
                (_, true) => bits.fill::<1, true, W>(lines, word, shift),
                (_, false) => bits.fill::<1, false, W>(lines, word, shift),
            }
        }
        rows
    }
}

/// Modules a side of a `version` symbol: 17 + 4 × version (§6.3.2).
const fn side(version: u8) -> usize {
    version as usize * 4 + 17
}

/// The modules a `version` symbol leaves for codewords and remainder bits
/// (§7.5.1, Table 1's data modules): the whole symbol less the three
/// finder patterns with their separators (8 × 8 each), the format
/// information and dark module (31), the timing patterns between the
/// separators, the alignment patterns (5 × 5 each, less the 5 modules each
/// on row or column 6 shares with a timing pattern) and, from version 7,
/// the version information (2 × 18).
pub(crate) const fn data_modules(version: u8) -> usize {
    let size = side(version);
    let timing = 2 * size.saturating_sub(16);
    let across = alignment_count(version);
    // All pairs of positions but the three under the finder patterns.
    let alignment =
        (25 * (across * across).saturating_sub(3)).saturating_sub(2 * 5 * across.saturating_sub(2));
    let version_information = if version >= 7 { 36 } else { 0 };
    (size * size).saturating_sub(3 * 64 + 31 + timing + alignment + version_information)
}

/// How many rows (and columns) of alignment patterns a `version` symbol
/// has (§6.3.6, Annex E): none for version 1, then version ÷ 7 + 2.
const fn alignment_count(version: u8) -> usize {
    if version < 2 {
        0
    } else {
        version as usize / 7 + 2
    }
}

/// The rows and columns of a `version` symbol's alignment pattern centres
/// (§6.3.6, Annex E Table E.1). Annex E lists them; they follow one rule:
/// the first is 6 and the last size − 7, and the others are spaced evenly
/// back from the last by the distance between those two over the number
/// of gaps, rounded up to an even number (so the first gap takes what is
/// left over). Version 32 is the table's one exception: spaced 26 where
/// the rule gives 28.
fn alignment_positions(version: u8) -> Vec<usize> {
    let Some(gaps) = alignment_count(version).checked_sub(1) else {
        return Vec::new();
    };
    let last = side(version) - 7;
    let spacing = if version == 32 {
        26
    } else {
        2 * (last - 6).div_ceil(2 * gaps)
    };
    let mut positions = vec![6];
    positions.extend(
        (0..gaps)
            .rev()
            .map(|step| last.saturating_sub(step * spacing)),
    );
    positions
}

/// The version information (§7.10, Annex D): the version's six bits and a
/// BCH(18, 6) remainder by x^12 + x^11 + x^10 + x^9 + x^8 + x^5 + x^2 + 1,
/// 18 bits in all (unmasked, unlike the format information).
fn version_information(version: u8) -> u32 {
    let data = u32::from(version & 0b11_1111);
    let mut remainder = data << 12;
    for bit in (12..18).rev() {
        if remainder >> bit & 1 == 1 {
            remainder ^= 0b1_1111_0010_0101 << (bit - 12);
        }
    }
    data << 12 | remainder
}

/// The modules of a symbol that are not for codewords, as they are drawn:
/// which are taken, and which of those are dark.
struct FunctionPatterns {
    size: usize,
    reserved: Vec<Line<MAX_WORDS>>,
    dark: Vec<Line<MAX_WORDS>>,
}

impl FunctionPatterns {
    /// The function patterns of a `version` symbol (§6.3.3–6.3.6), the
    /// dark module and the format information area at `format` (left
    /// light; it depends on the mask), and the version information.
    fn draw(version: u8, format: &[(u8, u8)]) -> FunctionPatterns {
        let size = side(version);
        let mut patterns = FunctionPatterns {
            size,
            reserved: vec![Line::default(); size],
            dark: vec![Line::default(); size],
        };
        let far = size.saturating_sub(4);
        for (row, column) in [(3, 3), (3, far), (far, 3)] {
            patterns.finder(row, column);
        }
        patterns.timing();
        patterns.alignment(version);
        for &(row, column) in format {
            patterns.put(usize::from(row), usize::from(column), false);
        }
        // The dark module, (4V + 9, 8), above the lower left format
        // information (§7.9.1).
        patterns.put(size.saturating_sub(8), 8, true);
        if version >= 7 {
            patterns.version_information(version);
        }
        patterns
    }

    /// Takes the module at (`row`, `column`), dark or light; outside the
    /// symbol, nothing.
    fn put(&mut self, row: usize, column: usize, dark: bool) {
        if column >= self.size {
            return;
        }
        if let (Some(reserved), Some(line)) = (self.reserved.get_mut(row), self.dark.get_mut(row)) {
            reserved.set(column, true);
            line.set(column, dark);
        }
    }

    /// Draws the modules around (`row`, `column`) within `reach` of it in
    /// either direction, where they fall in the symbol, each dark or light
    /// by `dark` of its distance (the larger of the two offsets).
    fn square(&mut self, row: usize, column: usize, reach: isize, dark: fn(usize) -> bool) {
        for down in -reach..=reach {
            for across in -reach..=reach {
                if let (Some(at_row), Some(at_column)) = (
                    row.checked_add_signed(down),
                    column.checked_add_signed(across),
                ) {
                    let distance = down.unsigned_abs().max(across.unsigned_abs());
                    self.put(at_row, at_column, dark(distance));
                }
            }
        }
    }

    /// A finder pattern centred at (`row`, `column`): a dark 3 × 3 square
    /// in a light ring in a dark ring, 7 × 7 (§6.3.3), and its light
    /// separator around it (§6.3.4).
    fn finder(&mut self, row: usize, column: usize) {
        self.square(row, column, 4, |distance| matches!(distance, 0 | 1 | 3));
    }

    /// The timing patterns: row 6 and column 6 between the separators,
    /// dark at even positions (§6.3.5).
    fn timing(&mut self) {
        for position in 8..self.size.saturating_sub(8) {
            let dark = position % 2 == 0;
            self.put(6, position, dark);
            self.put(position, 6, dark);
        }
    }

    /// The alignment patterns: a dark module in a light ring in a dark
    /// ring, 5 × 5, centred at every pair of positions but the three that
    /// would overlap the finder patterns (§6.3.6).
    fn alignment(&mut self, version: u8) {
        let positions = alignment_positions(version);
        let (Some(&first), Some(&last)) = (positions.first(), positions.last()) else {
            return;
        };
        for &row in &positions {
            for &column in &positions {
                let under_finder = (row, column) == (first, first)
                    || (row, column) == (first, last)
                    || (row, column) == (last, first);
                if !under_finder {
                    self.square(row, column, 2, |distance| distance != 1);
                }
            }
        }
    }

    /// The version information, twice (§7.10): bit `i` (0
    /// the least significant) at row i ÷ 3 and column size − 11 + i mod 3
    /// above the upper right finder pattern, and transposed left of the
    /// lower left one.
    fn version_information(&mut self, version: u8) {
        let bits = version_information(version);
        for bit in 0..18_usize {
            let dark = bits >> bit & 1 == 1;
            let (along, across) = (bit / 3, self.size.saturating_sub(11) + bit % 3);
            self.put(along, across, dark);
            self.put(across, along, dark);
        }
    }
}

/// Where format information bits 14 to 0 go, in their first copy and then
/// their second, as (row, column) in a symbol `size` modules a side
/// (§7.9.1, Figure 25).
fn format_positions(size: usize) -> [(u8, u8); 30] {
    // Below 177, so a coordinate counted from the far edge fits a byte.
    let from_edge = |coordinate: i16| {
        if coordinate < 0 {
            (size as i16 + coordinate) as u8
        } else {
            coordinate as u8
        }
    };
    let mut format = [(0, 0); 30];
    for (spot, &(column, row)) in format
        .iter_mut()
        .zip(FORMAT_BESIDE_TOP_LEFT.iter().chain(&FORMAT_SPLIT))
    {
        *spot = (from_edge(row), from_edge(column));
    }
    format
}

/// Where format information bit 14 (first) to bit 0 goes (§7.9.1, Figure
/// 25), as (column, row); a negative coordinate counts from the far edge.
const FORMAT_BESIDE_TOP_LEFT: [(i16, i16); 15] = [
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
const FORMAT_SPLIT: [(i16, i16); 15] = [
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

/// Every (row, column) of a symbol `size` modules a side in codeword
/// placement order (§7.7.3, Figure 15): two columns at a time from the
/// right edge, upwards then downwards in turn, the right module of each
/// pair before the left, the vertical timing pattern's column 6 skipped.
/// Modules of function patterns are included; the caller skips them.
fn placement_order(size: usize) -> impl Iterator<Item = (usize, usize)> {
    // The right column of each pair: size − 1 (even, as size is odd) down
    // to 8, then 5, 3 and 1.
    let mut pairs = Vec::new();
    let mut right = size.saturating_sub(1);
    while right >= 1 {
        pairs.push(right);
        right = match right.checked_sub(2) {
            Some(6) => 5,
            Some(next) => next,
            None => 0,
        };
    }
    pairs
        .into_iter()
        .enumerate()
        .flat_map(move |(pair, right)| {
            let upwards = pair % 2 == 0;
            (0..size).flat_map(move |step| {
                let row = if upwards { size - 1 - step } else { step };
                [(row, right), (row, right - 1)]
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::canvas::{Canvas, Module};
    use qrcode::ec;
    use qrcode::types::{Color, EcLevel, Version};

    /// The crate's canvas of `version` with its function patterns drawn
    /// and the format information area reserved (light).
    fn crate_canvas(version: u8) -> Canvas {
        // The level only changes the format information, which is left
        // light here.
        let mut canvas = Canvas::new(Version::Normal(i16::from(version)), EcLevel::M);
        canvas.draw_all_functional_patterns();
        canvas
    }

    fn crate_module(canvas: &Canvas, row: usize, column: usize) -> Module {
        canvas.get(column as i16, row as i16)
    }

    #[test]
    fn function_patterns_and_reserved_modules_equal_the_crates_for_every_version() {
        for version in 1..=MAX_VERSION {
            let canvas = crate_canvas(version);
            let layout = layout(version).unwrap();
            assert_eq!(layout.size, usize::from(version) * 4 + 17);
            for row in 0..layout.size {
                for column in 0..layout.size {
                    let module = crate_module(&canvas, row, column);
                    assert_eq!(
                        layout.function_dark[row].is_set(column),
                        module.is_dark(),
                        "version {version}, row {row}, column {column}: colour"
                    );
                    assert_eq!(
                        layout.data[row].is_set(column),
                        module == Module::Empty,
                        "version {version}, row {row}, column {column}: reserved"
                    );
                }
                // Nothing is set past the symbol's edge.
                for column in layout.size..Line::<MAX_WORDS>::MODULES {
                    assert!(!layout.function_dark[row].is_set(column));
                    assert!(!layout.data[row].is_set(column));
                }
            }
        }
    }

    #[test]
    fn the_placement_order_is_the_crates_for_every_version() {
        // Each round draws, at the k-th bit of the codeword stream, bit
        // `round` of k: a module's colours over the rounds spell out which
        // bit of the stream the crate put there.
        for version in 1..=MAX_VERSION {
            let layout = layout(version).unwrap();
            let stream_bits = layout.codewords() * 8;
            let rounds = usize::BITS - (stream_bits - 1).leading_zeros();
            let mut index = vec![vec![0_usize; layout.size]; layout.size];
            let mut unfilled = Vec::new();
            for round in 0..rounds {
                let codewords: Vec<u8> = (0..layout.codewords())
                    .map(|codeword| {
                        (0..8).fold(0, |byte, bit| {
                            byte << 1 | ((codeword * 8 + bit) >> round & 1) as u8
                        })
                    })
                    .collect();
                let mut canvas = crate_canvas(version);
                canvas.draw_data(&codewords, &[]);
                unfilled.clear();
                for (row, indices) in index.iter_mut().enumerate() {
                    for (column, index) in indices.iter_mut().enumerate() {
                        match crate_module(&canvas, row, column) {
                            Module::Unmasked(Color::Dark) => *index |= 1 << round,
                            Module::Empty => unfilled.push((row as u8, column as u8)),
                            _ => {}
                        }
                    }
                }
            }
            let (placed, remainder) = layout.order.split_at(stream_bits);
            for (k, &(row, column)) in placed.iter().enumerate() {
                assert_eq!(
                    index[usize::from(row)][usize::from(column)],
                    k,
                    "version {version}: bit {k} at row {row}, column {column}"
                );
            }
            // The crate leaves the remainder bits' modules empty.
            let mut remainder = remainder.to_vec();
            remainder.sort_unstable();
            assert_eq!(remainder, unfilled, "version {version}");
        }
    }

    #[test]
    fn alignment_positions_are_annex_es() {
        // Table E.1, including version 32's exception.
        for (version, positions) in [
            (1, &[][..]),
            (2, &[6, 18]),
            (6, &[6, 34]),
            (7, &[6, 22, 38]),
            (14, &[6, 26, 46, 66]),
            (15, &[6, 26, 48, 70]),
            (21, &[6, 28, 50, 72, 94]),
            (28, &[6, 26, 50, 74, 98, 122]),
            (31, &[6, 30, 56, 82, 108, 134]),
            (32, &[6, 34, 60, 86, 112, 138]),
            (33, &[6, 30, 58, 86, 114, 142]),
            (36, &[6, 24, 50, 76, 102, 128, 154]),
            (40, &[6, 30, 58, 86, 114, 142, 170]),
        ] {
            assert_eq!(alignment_positions(version), positions, "version {version}");
        }
    }

    #[test]
    fn version_information_is_annex_ds() {
        // Annex D, Table D.1: versions 7 and 40.
        assert_eq!(version_information(7), 0b00_0111_1100_1001_0100);
        assert_eq!(version_information(40), 0b10_1000_1100_0110_1001);
    }

    #[test]
    fn data_modules_are_those_the_layout_leaves_for_every_version() {
        for version in 1..=MAX_VERSION {
            assert_eq!(
                data_modules(version),
                layout(version).unwrap().order.len(),
                "version {version}"
            );
        }
        // Table 1's first and last rows.
        assert_eq!(data_modules(1), 208);
        assert_eq!(data_modules(40), 29_648);
    }

    #[test]
    fn placed_codewords_equal_the_crates_for_every_version() {
        let mut next = crate::test_random::xorshift(0x9e37_79b9_7f4a_7c15);
        for version in 1..=MAX_VERSION {
            let crate_version = Version::Normal(i16::from(version));
            for level in [EcLevel::L, EcLevel::M, EcLevel::Q, EcLevel::H] {
                // Random data codewords of the right count, and their real
                // error correction codewords.
                let count = qrcode::bits::Bits::new(crate_version)
                    .max_len(level)
                    .unwrap()
                    / 8;
                let bytes: Vec<u8> = (0..count).map(|_| next() as u8).collect();
                let (data, error_correction) =
                    ec::construct_codewords(&bytes, crate_version, level).unwrap();
                let mut canvas = Canvas::new(crate_version, level);
                canvas.draw_all_functional_patterns();
                canvas.draw_data(&data, &error_correction);
                let layout = layout(version).unwrap();
                let size = layout.size;
                let expected: Vec<Vec<bool>> = (0..size)
                    .map(|row| {
                        (0..size)
                            .map(|column| canvas.get(column as i16, row as i16).is_dark())
                            .collect()
                    })
                    .collect();
                let codewords = [data, error_correction].concat();
                let placed = layout.place::<3>(&codewords);
                let actual: Vec<Vec<bool>> = placed
                    .iter()
                    .map(|line| line.modules().take(size).collect())
                    .collect();
                assert!(actual == expected, "version {version}, level {level:?}");
                // Fewer words give the same modules where they reach.
                if size <= 64 {
                    let narrow = layout.place::<1>(&codewords);
                    assert!(narrow
                        .iter()
                        .zip(&placed)
                        .all(|(&a, &b)| Line::from_wider(a) == b));
                }
            }
        }
    }

    #[test]
    fn the_order_visits_every_module_outside_the_function_patterns_once() {
        for version in 1..=MAX_VERSION {
            let layout = layout(version).unwrap();
            let mut seen = vec![Line::<MAX_WORDS>::default(); layout.size];
            for &(row, column) in &layout.order {
                let line = &mut seen[usize::from(row)];
                assert!(
                    !line.is_set(usize::from(column)),
                    "version {version}: visited twice"
                );
                line.set_dark(usize::from(column), true);
            }
            assert!(seen == layout.data, "version {version}");
        }
    }

    #[test]
    fn there_is_no_layout_outside_versions_1_to_40() {
        assert!(layout(0).is_none());
        assert!(layout(41).is_none());
    }
}
