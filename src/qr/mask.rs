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
//! row and column), so each row and column is packed into bits and every
//! feature is counted for 64 modules at a time; the tests check this against
//! a plain module-by-module transcription of `qrcode`'s loops.

/// A row or column of at most 192 modules (a symbol has at most 177), bit
/// `i` for module `i`, dark = 1.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct Line([u64; 3]);

impl Line {
    /// The first `length` bits set.
    fn ones(length: usize) -> Line {
        let word = |start: usize| match length.saturating_sub(start) {
            0 => 0,
            bits if bits >= 64 => u64::MAX,
            bits => (1 << bits) - 1,
        };
        Line([word(0), word(64), word(128)])
    }

    /// Bit `i` of the result is bit `i + by` of `self` (`by` < 64): lines
    /// up module `i + by` with module `i`.
    fn ahead(self, by: u32) -> Line {
        let [a, b, c] = self.0;
        if by == 0 {
            return self;
        }
        Line([
            (a >> by) | (b << (64 - by)),
            (b >> by) | (c << (64 - by)),
            c >> by,
        ])
    }

    /// Bit `i` of the result is bit `i − 1` of `self` (0 for bit 0).
    fn behind_one(self) -> Line {
        let [a, b, c] = self.0;
        Line([a << 1, (b << 1) | (a >> 63), (c << 1) | (b >> 63)])
    }

    fn and(self, other: Line) -> Line {
        let [a, b, c] = self.0;
        let [x, y, z] = other.0;
        Line([a & x, b & y, c & z])
    }

    /// Bits where `self` and `other` agree.
    fn same(self, other: Line) -> Line {
        let [a, b, c] = self.0;
        let [x, y, z] = other.0;
        Line([!(a ^ x), !(b ^ y), !(c ^ z)])
    }

    fn not(self) -> Line {
        let [a, b, c] = self.0;
        Line([!a, !b, !c])
    }

    fn count(self) -> u32 {
        self.0.iter().map(|word| word.count_ones()).sum()
    }
}

/// Which bits of a line of `size` modules each feature may start at.
/// (Lines too short for a feature get no start bits, so score 0 for it.)
#[derive(Clone, Copy)]
struct Starts {
    /// `0..size − 1`: a module with a next one.
    pair: Line,
    /// `0..size − 10`: the start of an 11-module window.
    window: Line,
}

impl Starts {
    fn new(size: usize) -> Starts {
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
fn line_penalty(line: Line, starts: Starts) -> u32 {
    // Bit i: module i equals module i + 1.
    let equal_next = line.same(line.ahead(1)).and(starts.pair);
    // Bit i: modules i..i + 5 are all equal.
    let five = equal_next
        .and(equal_next.ahead(1))
        .and(equal_next.ahead(2))
        .and(equal_next.ahead(3));
    let run_starts = five.and(five.behind_one().not());
    let runs = five.count() + 2 * run_starts.count();

    // 1 0 1 1 1 0 1 0 0 0 0, module by module, and its reverse: each
    // module of the window must match, or match inverted.
    let light = line.not();
    let at = |offset: u32, dark: bool| {
        if dark {
            line.ahead(offset)
        } else {
            light.ahead(offset)
        }
    };
    let forward = starts
        .window
        .and(at(0, true))
        .and(at(1, false))
        .and(at(2, true))
        .and(at(3, true))
        .and(at(4, true))
        .and(at(5, false))
        .and(at(6, true))
        .and(at(7, false))
        .and(at(8, false))
        .and(at(9, false))
        .and(at(10, false));
    let backward = starts
        .window
        .and(at(0, false))
        .and(at(1, false))
        .and(at(2, false))
        .and(at(3, false))
        .and(at(4, true))
        .and(at(5, false))
        .and(at(6, true))
        .and(at(7, true))
        .and(at(8, true))
        .and(at(9, false))
        .and(at(10, true));
    runs + 40 * (forward.count() + backward.count())
}

/// N2 for two adjacent rows: 3 for each 2×2 block of one colour.
fn block_penalty(upper: Line, lower: Line, starts: Starts) -> u32 {
    let vertical = upper.same(lower);
    let blocks = vertical
        .and(vertical.ahead(1))
        .and(upper.same(upper.ahead(1)))
        .and(starts.pair);
    3 * blocks.count()
}

/// `qrcode`'s penalty of a masked matrix (`size`×`size`, row-major, at
/// most 192 a side).
pub(crate) fn penalty(modules: &[bool], size: usize) -> u32 {
    if size == 0 {
        return 0;
    }
    let mut rows = vec![Line::default(); size];
    let mut columns = vec![Line::default(); size];
    for ((row, line), packed) in modules.chunks_exact(size).enumerate().zip(rows.iter_mut()) {
        for (chunk, word) in line.chunks(64).zip(packed.0.iter_mut()) {
            *word = chunk
                .iter()
                .rev()
                .fold(0, |word, &dark| (word << 1) | u64::from(dark));
        }
        let (word, bit) = (row / 64, row % 64);
        for (transposed, &dark) in columns.iter_mut().zip(line) {
            if let Some(slot) = transposed.0.get_mut(word) {
                *slot |= u64::from(dark) << bit;
            }
        }
    }
    let starts = Starts::new(size);
    let lines: u32 = rows
        .iter()
        .chain(columns.iter())
        .map(|&line| line_penalty(line, starts))
        .sum();
    let blocks: u32 = rows
        .iter()
        .zip(rows.iter().skip(1))
        .map(|(&upper, &lower)| block_penalty(upper, lower, starts))
        .sum();
    let dark: u32 = rows.iter().map(|row| row.count()).sum();
    lines + blocks + balance_penalty(dark, modules.len())
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

    fn line_of(modules: &[bool]) -> Line {
        let mut line = Line::default();
        for (index, &dark) in modules.iter().enumerate() {
            line.0[index / 64] |= u64::from(dark) << (index % 64);
        }
        line
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
        assert_eq!(penalty(&[true; 9], 3), 12 + 100);
    }

    #[test]
    fn bit_parallel_scoring_equals_qrcodes_loops_on_random_matrices_of_every_size() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for version in 1..=40_usize {
            let size = 17 + 4 * version;
            for density in [1, 2, 4, 8] {
                // Sparse and dense matrices have long runs, half-dark ones
                // finder-like patterns.
                let modules: Vec<bool> = (0..size * size).map(|_| next() % density == 0).collect();
                assert_eq!(
                    penalty(&modules, size),
                    reference_penalty(&modules, size),
                    "size {size}"
                );
            }
        }
        for size in [1, 2, 4, 5, 10, 11, 12, 63, 64, 65, 128, 129, 191, 192] {
            let modules: Vec<bool> = (0..size * size).map(|_| next() % 2 == 0).collect();
            assert_eq!(
                penalty(&modules, size),
                reference_penalty(&modules, size),
                "size {size}"
            );
        }
    }
}
