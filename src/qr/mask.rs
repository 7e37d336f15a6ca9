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

    fn or(self, other: Line<W>) -> Line<W> {
        self.zip_with(other, |a, b| a | b)
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
    /// `0..size − 4`: the start of five modules.
    five: Line<W>,
    /// `0..size − 10`: the start of an 11-module window.
    window: Line<W>,
}

impl<const W: usize> Starts<W> {
    fn new(size: usize) -> Starts<W> {
        Starts {
            pair: Line::ones(size.saturating_sub(1)),
            five: Line::ones(size.saturating_sub(4)),
            window: Line::ones(size.saturating_sub(10)),
        }
    }
}

/// The two features that run along a line, for many lines at once: bit `j`
/// of `lines[t]` is module `t` of the `j`-th sequence of modules, which is a
/// row shifted by `t` ([`line_penalty`]) or row `i + t` read down every
/// column ([`penalty`]).
///
/// N1's windows: bit `j` set where the lines' first five modules are alike.
fn five_alike<const W: usize>(lines: &[Line<W>]) -> Line<W> {
    let all = Line::ones(Line::<W>::MODULES);
    let (dark, light) = lines
        .iter()
        .take(5)
        .fold((all, all), |(dark, light), &line| {
            (dark.and(line), light.and(line.not()))
        });
    dark.or(light)
}

/// N3's windows: bit `j` set where the eleven lines spell 1 0 1 1 1 0 1 0 0
/// 0 0 or its reverse — the finder-like core 1 0 1 1 1 0 1 with four light
/// modules after it, or before it.
fn finder_like<const W: usize>(lines: &[Line<W>; 11]) -> Line<W> {
    const CORE: [bool; 7] = [true, false, true, true, true, false, true];
    let all = Line::ones(Line::<W>::MODULES);
    let core = |lines: &[Line<W>]| {
        CORE.iter().zip(lines).fold(all, |found, (&dark, &line)| {
            found.and(if dark { line } else { line.not() })
        })
    };
    let light = |lines: &[Line<W>]| lines.iter().fold(all, |found, &line| found.and(line.not()));
    let (before, after) = lines.split_at(7);
    let forward = core(before).and(light(after));
    let (before, after) = lines.split_at(4);
    let backward = light(before).and(core(after));
    forward.or(backward)
}

/// N1 and N3 for one row or column, as `qrcode` counts them.
///
/// N1: a run of `L` ≥ 5 scores `L − 2`, which is its `L − 4` windows of five
/// alike modules plus 2 for the run's first such window. N3: 40 for each
/// start `s` where modules `s..s + 11` spell one of the two patterns.
fn line_penalty<const W: usize>(line: Line<W>, starts: Starts<W>) -> u32 {
    // Bit i of shifted[t] is module i + t (light past the end, hence the
    // start masks).
    let shifted: [Line<W>; 11] = std::array::from_fn(|t| line.ahead(t as u32));
    let five = five_alike(&shifted).and(starts.five);
    let run_starts = five.and(five.behind_one().not());
    let patterns = finder_like(&shifted).and(starts.window);
    five.count() + 2 * run_starts.count() + 40 * patterns.count()
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
/// Columns are scored without transposing, every column at once: the
/// windows of consecutive rows are to the columns what a row's shifted
/// copies are to the row. Each feature is its own pass over the rows,
/// allocating nothing.
pub(crate) fn penalty<const W: usize>(rows: &[Line<W>]) -> u32 {
    let size = rows.len();
    let starts = Starts::new(size);
    let columns = Line::ones(size);
    let along_rows: u32 = rows.iter().map(|&row| line_penalty(row, starts)).sum();
    let blocks: u32 = rows
        .windows(2)
        .map(|pair| match pair {
            [upper, lower] => block_penalty(*upper, *lower, starts),
            _ => 0,
        })
        .sum();
    // N1 down the columns; a run's first window is one not continuing the
    // window above it.
    let mut five_above = Line::default();
    let mut runs = 0;
    for window in rows.windows(5) {
        let five = five_alike(window).and(columns);
        runs += five.count() + 2 * five.and(five_above.not()).count();
        five_above = five;
    }
    // N3 down the columns: past the last column every row is light, which
    // is no pattern.
    let patterns: u32 = rows
        .windows(11)
        .filter_map(|window| <&[Line<W>; 11]>::try_from(window).ok())
        .map(|window| finder_like(window).count())
        .sum();
    let dark: u32 = rows.iter().map(|row| row.count()).sum();
    along_rows + blocks + runs + 40 * patterns + balance_penalty(dark, size * size)
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
                let modules: Vec<bool> = (0..size * size)
                    .map(|_| next().is_multiple_of(density))
                    .collect();
                let expected = reference_penalty(&modules, size);
                for score in penalties(&modules, size) {
                    assert_eq!(score, expected, "size {size}");
                }
            }
        }
        for size in [1, 2, 4, 5, 10, 11, 12, 63, 64, 65, 128, 129, 191, 192] {
            let modules: Vec<bool> = (0..size * size).map(|_| next().is_multiple_of(2)).collect();
            let expected = reference_penalty(&modules, size);
            for score in penalties(&modules, size) {
                assert_eq!(score, expected, "size {size}");
            }
        }
    }
}
