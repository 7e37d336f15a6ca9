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
//! alike; the tests check this against
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

    /// Every module in order, `64 × W` of them.
    pub(crate) fn modules(self) -> impl Iterator<Item = bool> {
        self.0
            .into_iter()
            .flat_map(|word| (0..64).map(move |bit| word >> bit & 1 == 1))
    }

    /// The word-by-word combination of `self` and `other`.
    fn zip_with(self, other: Line<W>, combine: impl Fn(u64, u64) -> u64) -> Line<W> {
        let mut words = self.0;
        for (word, &theirs) in words.iter_mut().zip(&other.0) {
            *word = combine(*word, theirs);
        }
        Line(words)
    }

    /// `self` with the modules where `mask` is set inverted.
    pub(crate) fn flipped_where(self, mask: Line<W>) -> Line<W> {
        self.zip_with(mask, |a, b| a ^ b)
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

    /// Bit `i` of the result is bit `i + by` of `self` (`by` < 64): lines
    /// up module `i + by` with module `i`.
    fn ahead(self, by: u32) -> Line<W> {
        if by == 0 {
            return self;
        }
        let mut words = [0; W];
        let higher = self.0.iter().skip(1).chain([&0]);
        for ((word, &low), &high) in words.iter_mut().zip(&self.0).zip(higher) {
            *word = (low >> by) | (high << (64 - by));
        }
        Line(words)
    }

    /// Bit `i` of the result is bit `i − 1` of `self` (0 for bit 0).
    fn behind_one(self) -> Line<W> {
        let mut words = [0; W];
        let lower = [&0].into_iter().chain(&self.0);
        for ((word, &high), &low) in words.iter_mut().zip(&self.0).zip(lower) {
            *word = (high << 1) | (low >> 63);
        }
        Line(words)
    }

    pub(crate) fn and(self, other: Line<W>) -> Line<W> {
        self.zip_with(other, |a, b| a & b)
    }

    /// Bits where `self` and `other` agree.
    fn same(self, other: Line<W>) -> Line<W> {
        self.zip_with(other, |a, b| !(a ^ b))
    }

    fn not(self) -> Line<W> {
        Line(self.0.map(|word| !word))
    }

    fn count(self) -> u32 {
        self.0.iter().map(|word| word.count_ones()).sum()
    }
}

/// Which bits of a line of `size` modules each feature may start at.
/// (Lines too short for a feature get no start bits, so score 0 for it.)
#[derive(Clone, Copy)]
struct Starts<const W: usize> {
    /// `0..size − 1`: a module with a next one.
    pair: Line<W>,
    /// `0..size − 10`: the start of an 11-module window.
    window: Line<W>,
}

impl<const W: usize> Starts<W> {
    fn new(size: usize) -> Starts<W> {
        Starts {
            pair: Line::ones(size.saturating_sub(1)),
            window: Line::ones(size.saturating_sub(10)),
        }
    }
}

/// N1 and N3 for one row or column.
///
/// N1: a run of `L` ≥ 5 scores `L − 2`, which is its `L − 4` windows of five
/// equal modules plus 2 for the run's first such window. N3: 40 for each
/// start `s` where modules `s..s + 11` spell one of the two patterns.
fn line_penalty<const W: usize>(line: Line<W>, starts: Starts<W>) -> u32 {
    // Bit i: module i equals module i + 1.
    let equal_next = line.same(line.ahead(1)).and(starts.pair);
    // Bit i: modules i..i + 5 are all equal.
    let five = equal_next
        .and(equal_next.ahead(1))
        .and(equal_next.ahead(2))
        .and(equal_next.ahead(3));
    let run_starts = five.and(five.behind_one().not());
    let runs = five.count() + 2 * run_starts.count();

    // 1 0 1 1 1 0 1 0 0 0 0 is the finder-like core 1 0 1 1 1 0 1 followed
    // by four light modules; its reverse is four light modules then the core.
    let light = line.not();
    let core = [true, false, true, true, true, false, true]
        .iter()
        .zip(0..)
        .fold(Line::ones(Line::<W>::MODULES), |all, (&dark, offset)| {
            all.and(if dark { line } else { light }.ahead(offset))
        });
    let four_light = (0..4).fold(Line::ones(Line::<W>::MODULES), |all, offset| {
        all.and(light.ahead(offset))
    });
    // Both only where the whole 11-module window lies inside the line.
    let forward = core.and(four_light.ahead(7)).and(starts.window);
    let backward = four_light.and(core.ahead(4)).and(starts.window);
    runs + 40 * (forward.count() + backward.count())
}

/// N2 for two adjacent rows: 3 for each 2×2 block of one colour.
fn block_penalty<const W: usize>(upper: Line<W>, lower: Line<W>, starts: Starts<W>) -> u32 {
    let vertical = upper.same(lower);
    let blocks = vertical
        .and(vertical.ahead(1))
        .and(upper.same(upper.ahead(1)))
        .and(starts.pair);
    3 * blocks.count()
}

/// `qrcode`'s penalty of a masked matrix of `rows.len()` rows of as many
/// modules each (at most `64 × W`).
///
/// Columns are scored without transposing: the same bit tricks run down
/// the rows, every column at once — bit `j` of `same(rows[i], rows[i + 1])`
/// says whether column `j` repeats from row `i` to row `i + 1`.
pub(crate) fn penalty<const W: usize>(rows: &[Line<W>]) -> u32 {
    let size = rows.len();
    if size == 0 {
        return 0;
    }
    let starts = Starts::new(size);
    let row_lines: u32 = rows.iter().map(|&row| line_penalty(row, starts)).sum();
    let blocks: u32 = rows
        .iter()
        .zip(rows.iter().skip(1))
        .map(|(&upper, &lower)| block_penalty(upper, lower, starts))
        .sum();
    let dark: u32 = rows.iter().map(|row| row.count()).sum();
    row_lines + column_penalty(rows) + blocks + balance_penalty(dark, size * size)
}

/// N1 and N3 for every column, row by row (see [`line_penalty`] for the
/// counting).
fn column_penalty<const W: usize>(rows: &[Line<W>]) -> u32 {
    let columns = Line::ones(rows.len());
    // equal_next[i], bit j: rows i and i + 1 agree in column j.
    let equal_next: Vec<Line<W>> = rows
        .windows(2)
        .map(|pair| match pair {
            [upper, lower] => upper.same(*lower).and(columns),
            _ => Line::default(),
        })
        .collect();
    let mut runs = 0;
    let mut previous_five = Line::default();
    for four in equal_next.windows(4) {
        let five = four.iter().fold(columns, |all, &equal| all.and(equal));
        runs += five.count() + 2 * five.and(previous_five.not()).count();
        previous_five = five;
    }

    // As in line_penalty: the core 1 0 1 1 1 0 1 with four light modules
    // after it (forward) or before it (backward), now down the columns.
    const CORE: [bool; 7] = [true, false, true, true, true, false, true];
    let core: Vec<Line<W>> = rows
        .windows(CORE.len())
        .map(|window| {
            window.iter().zip(CORE).fold(columns, |all, (&row, dark)| {
                all.and(if dark { row } else { row.not() })
            })
        })
        .collect();
    let four_light: Vec<Line<W>> = rows
        .windows(4)
        .map(|window| window.iter().fold(columns, |all, &row| all.and(row.not())))
        .collect();
    // An 11-row window starting at row i: forward is core[i] and
    // four_light[i + 7], backward four_light[i] and core[i + 4].
    let windows = rows.len().saturating_sub(10);
    let forward: u32 = core
        .iter()
        .zip(four_light.iter().skip(7))
        .take(windows)
        .map(|(&core, &light)| core.and(light).count())
        .sum();
    let backward: u32 = four_light
        .iter()
        .zip(core.iter().skip(4))
        .take(windows)
        .map(|(&light, &core)| light.and(core).count())
        .sum();
    let patterns = forward + backward;
    runs + 40 * patterns
}

/// N4, with `qrcode`'s arithmetic in doubles:
/// `Math.abs(Math.ceil((dark * 100 / total) / 5) - 10) * 10`.
fn balance_penalty(dark: u32, total: usize) -> u32 {
    let fifths = (f64::from(dark) * 100.0 / total.max(1) as f64 / 5.0).ceil();
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

    fn line_of(modules: &[bool]) -> Line<3> {
        Line::pack(modules)
    }

    fn rows_of<const W: usize>(modules: &[bool], size: usize) -> Vec<Line<W>> {
        modules.chunks_exact(size).map(Line::pack).collect()
    }

    /// The bit-parallel penalty in every word count that holds `size`
    /// modules, each of which must give the same score.
    fn penalties(modules: &[bool], size: usize) -> Vec<u32> {
        let mut scores = vec![penalty(&rows_of::<3>(modules, size))];
        if size <= 128 {
            scores.push(penalty(&rows_of::<2>(modules, size)));
        }
        if size <= 64 {
            scores.push(penalty(&rows_of::<1>(modules, size)));
        }
        scores
    }

    #[test]
    fn a_run_of_five_costs_three_and_each_more_module_one() {
        let score = |modules: &[bool]| line_penalty(line_of(modules), Starts::new(modules.len()));
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
        assert_eq!(line_penalty(line_of(&pattern(0x5d0)), Starts::new(11)), 40);
        assert_eq!(line_penalty(line_of(&pattern(0x05d)), Starts::new(11)), 40);
        assert_eq!(line_penalty(line_of(&pattern(0x5d1)), Starts::new(11)), 0);
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
        assert_eq!(penalties(&[true; 9], 3), [12 + 100; 3]);
    }

    #[test]
    fn bit_parallel_scoring_in_every_word_count_equals_qrcodes_loops_on_random_matrices_of_every_size(
    ) {
        let mut next = crate::test_random::xorshift(0x2545_f491_4f6c_dd1d);
        for version in 1..=40_usize {
            let size = 17 + 4 * version;
            for density in [1, 2, 4, 8] {
                // Sparse and dense matrices have long runs, half-dark ones
                // finder-like patterns.
                let modules: Vec<bool> = (0..size * size).map(|_| next() % density == 0).collect();
                let expected = reference_penalty(&modules, size);
                for score in penalties(&modules, size) {
                    assert_eq!(score, expected, "size {size}");
                }
            }
        }
        for size in [1, 2, 4, 5, 10, 11, 12, 63, 64, 65, 128, 129, 191, 192] {
            let modules: Vec<bool> = (0..size * size).map(|_| next() % 2 == 0).collect();
            let expected = reference_penalty(&modules, size);
            for score in penalties(&modules, size) {
                assert_eq!(score, expected, "size {size}");
            }
        }
    }
}
