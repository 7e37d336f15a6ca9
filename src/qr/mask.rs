//! The mask penalty as `qrcode` 1.5.4 scores it (`core/mask-pattern.js`).
//!
//! ISO/IEC 18004:2015 §7.8.3 defines four penalty features; `qrcode` scores
//! them its own way, and that decides which mask it draws:
//! - N1, runs of five or more same-coloured modules in a row or column:
//!   3 + (run − 5) each (as the standard);
//! - N2, every 2×2 block of one colour: 3 each (overlapping blocks counted);
//! - N3, each 11-module window reading `10111010000` or `00001011101` in a
//!   row or column: 40;
//! - N4, `|ceil(dark% / 5) − 10| × 10`, where the standard rounds down to
//!   the nearer multiple of 5 (so `qrcode` can differ by 10 from it).
//!
//! The whole matrix is scored, function patterns and the format information
//! of the mask being tried included. The first lowest score wins.
//!
//! Scoring is most of the time spent choosing a symbol (eight masks, every
//! row and column), so each row is packed into bits and every feature is
//! counted for 64 modules at a time, along the rows and down the columns
//! alike, for the eight masks side by side; the tests check this against
//! a plain module-by-module transcription of `qrcode`'s loops.

/// A row or column of at most `64 × W` modules, bit `i` for module `i`,
/// dark = 1. A symbol has at most 177 modules a side, so `W` is 1 up to
/// version 11, 2 up to version 27 and 3 beyond: scoring is done in as few
/// words as the symbol needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Line<const W: usize>([u64; W]);

impl<const W: usize> Default for Line<W> {
    fn default() -> Self {
        Line([0; W])
    }
}

impl<const W: usize> Line<W> {
    /// Modules a line holds.
    pub(crate) const MODULES: usize = 64 * W;

    /// Packs up to `64 × W` modules, module `i` as bit `i`.
    #[cfg(test)]
    pub(crate) fn pack(modules: &[bool]) -> Line<W> {
        let mut line = Line::default();
        for (chunk, word) in modules.chunks(64).zip(line.0.iter_mut()) {
            *word = chunk
                .iter()
                .rev()
                .fold(0, |word, &dark| (word << 1) | u64::from(dark));
        }
        line
    }

    /// The first `W` words of a line of `V` words: the same modules, as far
    /// as this line reaches.
    pub(crate) fn from_wider<const V: usize>(line: Line<V>) -> Line<W> {
        Line(std::array::from_fn(|i| line.0.get(i).copied().unwrap_or(0)))
    }

    /// Whether module `index` is set; not past the end.
    pub(crate) fn is_set(self, index: usize) -> bool {
        self.0
            .get(index / 64)
            .is_some_and(|word| word >> (index % 64) & 1 == 1)
    }

    /// Sets module `index` (ignored past the end).
    pub(crate) fn set(&mut self, index: usize, dark: bool) {
        if let Some(word) = self.0.get_mut(index / 64) {
            let bit = 1 << (index % 64);
            if dark {
                *word |= bit;
            } else {
                *word &= !bit;
            }
        }
    }

    /// Makes module `index` of a light one dark or leaves it (ignored past
    /// the end): [`Line::set`] without the branch, for building a line.
    pub(crate) fn set_dark(&mut self, index: usize, dark: bool) {
        if let Some(word) = self.0.get_mut(index / 64) {
            *word |= u64::from(dark) << (index % 64);
        }
    }

    /// Sets in word `k` the bits set in `bits` (ignored past the end).
    #[inline(always)]
    pub(crate) fn set_in_word(&mut self, k: usize, bits: u64) {
        if let Some(word) = self.0.get_mut(k) {
            *word |= bits;
        }
    }

    /// Every module in order, `64 × W` of them.
    #[cfg(test)]
    pub(crate) fn modules(self) -> impl Iterator<Item = bool> {
        self.0
            .into_iter()
            .flat_map(|word| (0..64).map(move |bit| word >> bit & 1 == 1))
    }

    /// The line's words, modules 0 to 63 first, each least significant
    /// bit first.
    pub(crate) fn words(self) -> [u64; W] {
        self.0
    }

    /// `self` with the modules where `mask` is set inverted.
    pub(crate) fn flipped_where(self, mask: Line<W>) -> Line<W> {
        let mut words = self.0;
        for (word, &flip) in words.iter_mut().zip(&mask.0) {
            *word ^= flip;
        }
        Line(words)
    }

    /// The first `length` bits set.
    pub(crate) fn ones(length: usize) -> Line<W> {
        Line(std::array::from_fn(|i| {
            match length.saturating_sub(64 * i) {
                0 => 0,
                bits if bits >= 64 => u64::MAX,
                bits => (1 << bits) - 1,
            }
        }))
    }

    pub(crate) fn and(self, other: Line<W>) -> Line<W> {
        let mut words = self.0;
        for (word, &theirs) in words.iter_mut().zip(&other.0) {
            *word &= theirs;
        }
        Line(words)
    }
}

/// The masks a symbol may be drawn with (§7.8.2, Table 10).
pub(crate) const MASKS: usize = 8;

/// One row drawn with each of the eight masks: word `k` of the row under
/// mask `m` is `self.0[k][m]`. The eight are scored side by side: every
/// step below is the same operation on eight independent words, which the
/// compiler makes vector instructions of.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Lanes<const W: usize>([[u64; MASKS]; W]);

impl<const W: usize> Default for Lanes<W> {
    fn default() -> Self {
        Lanes([[0; MASKS]; W])
    }
}

impl<const W: usize> Lanes<W> {
    /// The row under mask `m` is `row(m)`.
    pub(crate) fn from_fn(row: impl Fn(usize) -> Line<W>) -> Lanes<W> {
        let rows: [Line<W>; MASKS] = std::array::from_fn(row);
        Lanes(std::array::from_fn(|k| rows.map(|line| line.0[k])))
    }

    /// The first `W` words of lanes of `V` words: the same rows, as far
    /// as these reach.
    pub(crate) fn from_wider<const V: usize>(lanes: Lanes<V>) -> Lanes<W> {
        Lanes(std::array::from_fn(|k| {
            lanes.0.get(k).copied().unwrap_or([0; MASKS])
        }))
    }

    /// `row` under every mask.
    pub(crate) fn splat(row: Line<W>) -> Lanes<W> {
        Lanes(row.0.map(|word| [word; MASKS]))
    }

    /// Each row with the modules where `mask`'s is set inverted.
    pub(crate) fn flipped_where(self, mask: Lanes<W>) -> Lanes<W> {
        self.zip_with(mask, |a, b| a ^ b)
    }

    /// Makes module `index` of the row under each mask `m` dark where
    /// `dark[m]` is 1, or leaves it (ignored past the end).
    pub(crate) fn set_dark(&mut self, index: usize, dark: [u64; MASKS]) {
        if let Some(lanes) = self.0.get_mut(index / 64) {
            for (word, bit) in lanes.iter_mut().zip(dark) {
                *word |= (bit & 1) << (index % 64);
            }
        }
    }

    /// The lane-by-lane combination of `self` and `other`.
    #[inline(always)]
    fn zip_with(self, other: Lanes<W>, combine: impl Fn(u64, u64) -> u64) -> Lanes<W> {
        let mut words = self.0;
        for (lanes, theirs) in words.iter_mut().zip(&other.0) {
            for (word, &their) in lanes.iter_mut().zip(theirs) {
                *word = combine(*word, their);
            }
        }
        Lanes(words)
    }

    #[inline(always)]
    pub(crate) fn and(self, other: Lanes<W>) -> Lanes<W> {
        self.zip_with(other, |a, b| a & b)
    }

    #[inline(always)]
    fn or(self, other: Lanes<W>) -> Lanes<W> {
        self.zip_with(other, |a, b| a | b)
    }

    /// Bits set in `self` and not in `other`.
    #[inline(always)]
    fn and_not(self, other: Lanes<W>) -> Lanes<W> {
        self.zip_with(other, |a, b| a & !b)
    }

    /// Bit `i` of each row is bit `i + BY` of it (0 < `BY` < 64): lines up
    /// module `i + BY` with module `i`.
    #[inline(always)]
    fn ahead<const BY: u32>(self) -> Lanes<W> {
        let mut words = [[0; MASKS]; W];
        for (k, lanes) in words.iter_mut().enumerate() {
            let higher = self.0.get(k + 1).copied().unwrap_or([0; MASKS]);
            for ((word, &low), &high) in lanes.iter_mut().zip(&self.0[k]).zip(&higher) {
                *word = (low >> BY) | (high << (64 - BY));
            }
        }
        Lanes(words)
    }

    /// Bit `i` of each row is bit `i − 1` of it (0 for bit 0).
    #[inline(always)]
    fn behind_one(self) -> Lanes<W> {
        let mut words = [[0; MASKS]; W];
        for (k, lanes) in words.iter_mut().enumerate() {
            let lower = k
                .checked_sub(1)
                .and_then(|below| self.0.get(below))
                .copied()
                .unwrap_or([0; MASKS]);
            for ((word, &high), &low) in lanes.iter_mut().zip(&self.0[k]).zip(&lower) {
                *word = (high << 1) | (low >> 63);
            }
        }
        Lanes(words)
    }

    /// Adds each row's set bits to its mask's tally.
    #[inline(always)]
    fn count_into(self, tally: &mut [u64; MASKS]) {
        for lanes in &self.0 {
            for (total, word) in tally.iter_mut().zip(lanes) {
                *total += u64::from(word.count_ones());
            }
        }
    }
}

/// A row's dark and light modules: both clear past the row's end, so no
/// feature reaches past the edge of the symbol.
#[derive(Clone, Copy, Default)]
struct Colors<const W: usize> {
    dark: Lanes<W>,
    light: Lanes<W>,
}

/// What each feature counts, per mask, before its weight.
#[derive(Default)]
struct Tallies {
    /// N1's windows of five alike modules (1 each).
    fives: [u64; MASKS],
    /// N1's runs (2 more each).
    runs: [u64; MASKS],
    /// N2's blocks (3 each).
    blocks: [u64; MASKS],
    /// N3's patterns (40 each).
    patterns: [u64; MASKS],
    /// Dark modules, for N4.
    dark: [u64; MASKS],
}

/// Counts the features along one row, from its modules alone, and returns
/// which modules are alike to the next one (for N2).
///
/// N1: a run of `L` ≥ 5 scores `L − 2`, which is its `L − 4` windows of
/// five alike modules plus 2 for the run's first such window. N3: 40 for
/// each start `s` where modules `s..s + 11` read `10111010000` or
/// `00001011101`: the finder-like core `1011101` (the same either way)
/// with four light modules after it, or before it.
#[inline(always)]
fn along<const W: usize>(row: Colors<W>, tallies: &mut Tallies) -> Lanes<W> {
    let Colors { dark, light } = row;
    let dark_pair = dark.and(dark.ahead::<1>());
    let light_pair = light.and(light.ahead::<1>());
    let alike = dark_pair.or(light_pair);
    let three = alike.and(alike.ahead::<1>());
    let five = three.and(three.ahead::<2>());
    // 1 0 1 1 1 0 1 as (1 0) (1 1) (1 0) 1.
    let dark_light = dark.and(light.ahead::<1>());
    let core = dark_light
        .and(dark_pair.ahead::<2>())
        .and(dark_light.ahead::<4>())
        .and(dark.ahead::<6>());
    let light_four = light_pair.and(light_pair.ahead::<2>());
    five.count_into(&mut tallies.fives);
    five.and_not(five.behind_one())
        .count_into(&mut tallies.runs);
    core.and(light_four.ahead::<7>())
        .or(light_four.and(core.ahead::<4>()))
        .count_into(&mut tallies.patterns);
    alike
}

/// The column windows of rows that end at one row, and what the windows
/// ending at the rows below need of it: bit `j` of each row is about
/// column `j` of the rows named.
#[derive(Clone, Copy)]
struct Down<const W: usize> {
    dark: Lanes<W>,
    light: Lanes<W>,
    /// This row and the one above alike.
    alike: Lanes<W>,
    /// The last three rows alike.
    three: Lanes<W>,
    /// The last five rows alike: an N1 window.
    five: Lanes<W>,
    /// The row above light, this one dark.
    light_dark: Lanes<W>,
    /// This row and the one above dark.
    dark_pair: Lanes<W>,
    /// This row and the one above light.
    light_pair: Lanes<W>,
    /// The last four rows light.
    light_four: Lanes<W>,
    /// The last seven rows read 1 0 1 1 1 0 1.
    core: Lanes<W>,
    /// Modules alike to their right neighbour in this row (for N2).
    alike_right: Lanes<W>,
}

/// The last `N` rows' values of one field of [`Down`], by row number:
/// the value of row `i − k` (for `k` from 1 to `N`) is read while row `i`
/// is scored, before row `i`'s is kept. All clear above row 0.
#[derive(Clone, Copy)]
struct Kept<const N: usize, const W: usize>([Lanes<W>; N]);

impl<const N: usize, const W: usize> Kept<N, W> {
    fn new() -> Self {
        Kept([Lanes::default(); N])
    }

    /// Row `i − k`'s value.
    #[inline(always)]
    fn above(&self, i: usize, k: usize) -> Lanes<W> {
        self.0[i.wrapping_sub(k) % N]
    }

    #[inline(always)]
    fn keep(&mut self, i: usize, value: Lanes<W>) {
        self.0[i % N] = value;
    }
}

/// What the column windows of the rows below need of the rows above:
/// each field of [`Down`] for as many rows back as it is read (an 11-row
/// N3 window reads the core 4 rows back and the light modules 7), rounded
/// up to a power of two. Kept apart, the fields need 34 rows' values
/// where eight whole [`Down`]s took 88, all cleared before the first row.
struct Above<const W: usize> {
    dark: Kept<8, W>,
    light: Kept<1, W>,
    alike: Kept<1, W>,
    three: Kept<2, W>,
    five: Kept<1, W>,
    light_dark: Kept<4, W>,
    dark_pair: Kept<2, W>,
    light_pair: Kept<2, W>,
    light_four: Kept<8, W>,
    core: Kept<4, W>,
    alike_right: Kept<1, W>,
}

impl<const W: usize> Above<W> {
    fn new() -> Self {
        Above {
            dark: Kept::new(),
            light: Kept::new(),
            alike: Kept::new(),
            three: Kept::new(),
            five: Kept::new(),
            light_dark: Kept::new(),
            dark_pair: Kept::new(),
            light_pair: Kept::new(),
            light_four: Kept::new(),
            core: Kept::new(),
            alike_right: Kept::new(),
        }
    }

    #[inline(always)]
    fn keep(&mut self, i: usize, down: Down<W>) {
        self.dark.keep(i, down.dark);
        self.light.keep(i, down.light);
        self.alike.keep(i, down.alike);
        self.three.keep(i, down.three);
        self.five.keep(i, down.five);
        self.light_dark.keep(i, down.light_dark);
        self.dark_pair.keep(i, down.dark_pair);
        self.light_pair.keep(i, down.light_pair);
        self.light_four.keep(i, down.light_four);
        self.core.keep(i, down.core);
        self.alike_right.keep(i, down.alike_right);
    }
}

/// `qrcode`'s penalty of a symbol of `rows.len()` rows of as many modules
/// each (at most `64 × W`) under each of the eight masks.
pub(crate) fn penalties<const W: usize>(rows: &[Lanes<W>]) -> [u32; MASKS] {
    score(rows)
}

/// The penalties (see [`penalties`]), in one pass down the rows: each
/// row's own features, and those of the column windows ending at it,
/// every column at once, from what the rows above left in [`Above`].
/// Nothing is allocated.
fn score<const W: usize>(rows: &[Lanes<W>]) -> [u32; MASKS] {
    let size = rows.len();
    let columns = Lanes::from_fn(|_| Line::ones(size));
    let mut kept = Above::<W>::new();
    let mut tallies = Tallies::default();
    for (i, &row) in rows.iter().enumerate() {
        let colors = Colors {
            dark: row.and(columns),
            light: columns.and_not(row),
        };
        let alike_right = along(colors, &mut tallies);
        let dark_pair = kept.dark.above(i, 1).and(colors.dark);
        let light_pair = kept.light.above(i, 1).and(colors.light);
        let alike = dark_pair.or(light_pair);
        let three = alike.and(kept.alike.above(i, 1));
        let five = three.and(kept.three.above(i, 2));
        let light_dark = kept.light.above(i, 1).and(colors.dark);
        let core = light_dark
            .and(kept.dark_pair.above(i, 2))
            .and(kept.light_dark.above(i, 4))
            .and(kept.dark.above(i, 6));
        let light_four = light_pair.and(kept.light_pair.above(i, 2));
        five.count_into(&mut tallies.fives);
        five.and_not(kept.five.above(i, 1))
            .count_into(&mut tallies.runs);
        kept.core
            .above(i, 4)
            .and(light_four)
            .or(kept.light_four.above(i, 7).and(core))
            .count_into(&mut tallies.patterns);
        // N2: the 2×2 blocks of this row and the one above.
        alike
            .and(alike.ahead::<1>())
            .and(kept.alike_right.above(i, 1))
            .count_into(&mut tallies.blocks);
        colors.dark.count_into(&mut tallies.dark);
        kept.keep(
            i,
            Down {
                dark: colors.dark,
                light: colors.light,
                alike,
                three,
                five,
                light_dark,
                dark_pair,
                light_pair,
                light_four,
                core,
                alike_right,
            },
        );
    }
    std::array::from_fn(|m| {
        let points = tallies.fives[m]
            + 2 * tallies.runs[m]
            + 3 * tallies.blocks[m]
            + 40 * tallies.patterns[m];
        // At most 40 × 4 × 177² points: far below u32::MAX.
        points as u32 + balance_penalty(tallies.dark[m], size * size)
    })
}

/// N4, with `qrcode`'s arithmetic in doubles:
/// `Math.abs(Math.ceil((dark * 100 / total) / 5) - 10) * 10`.
fn balance_penalty(dark: u64, total: usize) -> u32 {
    let fifths = (dark as f64 * 100.0 / total.max(1) as f64 / 5.0).ceil();
    // Between 0 and 20, so the cast is exact.
    ((fifths - 10.0).abs() as u32) * 10
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `qrcode`'s `getPenaltyN1` … `getPenaltyN4`, transcribed module by
    /// module, as the reference for the bit-parallel scoring.
    fn reference_penalty(modules: &[bool], size: usize) -> u32 {
        let at = |row: usize, column: usize| modules[row * size + column];
        let mut points = 0;
        for row in 0..size {
            let (mut count_row, mut count_column) = (0, 0);
            let (mut last_row, mut last_column) = (None, None);
            let (mut bits_row, mut bits_column) = (0_u32, 0_u32);
            for column in 0..size {
                for (module, last, count, bits) in [
                    (
                        at(row, column),
                        &mut last_row,
                        &mut count_row,
                        &mut bits_row,
                    ),
                    (
                        at(column, row),
                        &mut last_column,
                        &mut count_column,
                        &mut bits_column,
                    ),
                ] {
                    if Some(module) == *last {
                        *count += 1;
                    } else {
                        if *count >= 5 {
                            points += 3 + (*count - 5);
                        }
                        *last = Some(module);
                        *count = 1;
                    }
                    *bits = ((*bits << 1) & 0x7ff) | u32::from(module);
                    if column >= 10 && (*bits == 0x5d0 || *bits == 0x05d) {
                        points += 40;
                    }
                }
            }
            for count in [count_row, count_column] {
                if count >= 5 {
                    points += 3 + (count - 5);
                }
            }
        }
        for row in 0..size.saturating_sub(1) {
            for column in 0..size - 1 {
                let sum = [(0, 0), (0, 1), (1, 0), (1, 1)]
                    .iter()
                    .filter(|(r, c)| at(row + r, column + c))
                    .count();
                if sum == 0 || sum == 4 {
                    points += 3;
                }
            }
        }
        let dark = modules.iter().filter(|&&m| m).count();
        let k = ((dark as f64 * 100.0 / modules.len() as f64) / 5.0).ceil() - 10.0;
        points + k.abs() as u32 * 10
    }

    /// N1 and N3 of one row of `modules.len()` modules.
    fn line_score(modules: &[bool]) -> u64 {
        let columns = Lanes::<3>::from_fn(|_| Line::ones(modules.len()));
        let row = Lanes::from_fn(|_| Line::pack(modules));
        let mut tallies = Tallies::default();
        along(
            Colors {
                dark: row,
                light: columns.and_not(row),
            },
            &mut tallies,
        );
        tallies.fives[0] + 2 * tallies.runs[0] + 40 * tallies.patterns[0]
    }

    /// The penalties of eight `size × size` matrices scored side by side,
    /// in every word count that holds `size` modules: each must give the
    /// same scores.
    fn penalties_of(matrices: &[Vec<bool>; MASKS], size: usize) -> Vec<[u32; MASKS]> {
        fn scored<const W: usize>(matrices: &[Vec<bool>; MASKS], size: usize) -> [u32; MASKS] {
            let rows: Vec<Lanes<W>> = (0..size)
                .map(|i| Lanes::from_fn(|m| Line::pack(&matrices[m][i * size..][..size])))
                .collect();
            // The CPU's choice, and the baseline's code when that was
            // another.
            let scores = penalties(&rows);
            assert_eq!(score(&rows), scores);
            scores
        }
        let mut scores = vec![scored::<3>(matrices, size)];
        if size <= 128 {
            scores.push(scored::<2>(matrices, size));
        }
        if size <= 64 {
            scores.push(scored::<1>(matrices, size));
        }
        scores
    }

    #[test]
    fn a_run_of_five_costs_three_and_each_more_module_one() {
        let score = line_score;
        assert_eq!(score(&[true; 4]), 0);
        assert_eq!(score(&[true; 5]), 3);
        assert_eq!(score(&[false; 7]), 5);
        assert_eq!(
            score(&[true, true, true, true, true, false, false, false, false, false]),
            6
        );
        assert_eq!(score(&[true; 177]), 175);
    }

    #[test]
    fn the_finder_like_pattern_is_found_in_both_directions() {
        let pattern =
            |bits: u32| -> Vec<bool> { (0..11).rev().map(|i| bits >> i & 1 == 1).collect() };
        // 1011101 0000 also holds a run of four light modules: under five.
        assert_eq!(line_score(&pattern(0x5d0)), 40);
        assert_eq!(line_score(&pattern(0x05d)), 40);
        assert_eq!(line_score(&pattern(0x5d1)), 0);
    }

    #[test]
    fn balance_rounds_up_to_the_next_five_percent() {
        // 50 % dark: 0. 51 %: ceil(10.2) = 11, so 10 points (the standard
        // would give 0 here: that is the qrcode rule being matched).
        assert_eq!(balance_penalty(50, 100), 0);
        assert_eq!(balance_penalty(51, 100), 10);
        assert_eq!(balance_penalty(0, 100), 100);
    }

    #[test]
    fn a_uniform_matrix_scores_every_feature() {
        // 3×3 all dark: no run reaches five; four 2×2 blocks at 3 each; 100 %
        // dark is 10 steps of 5 % from half, 100 points.
        let matrices = std::array::from_fn(|_| vec![true; 9]);
        assert_eq!(penalties_of(&matrices, 3), [[12 + 100; MASKS]; 3]);
    }

    #[test]
    fn bit_parallel_scoring_in_every_word_count_equals_qrcodes_loops_on_random_matrices_of_every_size(
    ) {
        let mut next = crate::test_random::xorshift(0x2545_f491_4f6c_dd1d);
        let mut check = |size: usize, densities: [u64; MASKS]| {
            // Sparse and dense matrices have long runs, half-dark ones
            // finder-like patterns; each lane gets its own.
            let matrices: [Vec<bool>; MASKS] = densities.map(|density| {
                (0..size * size)
                    .map(|_| next().is_multiple_of(density))
                    .collect()
            });
            let expected = matrices
                .each_ref()
                .map(|modules| reference_penalty(modules, size));
            for scores in penalties_of(&matrices, size) {
                assert_eq!(scores, expected, "size {size}");
            }
        };
        for version in 1..=40_usize {
            check(17 + 4 * version, [1, 2, 4, 8, 2, 3, 2, 16]);
        }
        for size in [1, 2, 4, 5, 10, 11, 12, 63, 64, 65, 128, 129, 191, 192] {
            check(size, [2; MASKS]);
        }
    }
}
