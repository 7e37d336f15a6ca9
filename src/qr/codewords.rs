//! Error correction codewords and their interleaving (ISO/IEC 18004:2015
//! §7.5–7.6): the data codewords are split into blocks (Table 9), each
//! block gets its Reed–Solomon remainder, and the symbol's codeword
//! sequence takes one codeword from each block in turn, data then error
//! correction.
//!
//! The arithmetic is GF(2⁸) modulo x⁸ + x⁴ + x³ + x² + 1 (§7.5.2), with
//! logarithm and antilogarithm tables and the generator polynomials
//! computed at compile time, and for each generator in use its products
//! with every field element, computed once: a data codeword then costs one
//! table read and a shift, and nothing is allocated but the result.

use std::sync::OnceLock;

use super::layout;
use super::ErrorCorrectionLevel;

/// Table 9 in short: for each version (row 0 is version 1) at levels L,
/// M, Q and H, the error correction codewords per block and the number of
/// blocks. The data codewords are what the symbol's codewords leave,
/// spread over the blocks as evenly as possible, the longer blocks last
/// (§7.5.1, Table 9's two groups).
const BLOCKS: [[(u8, u8); 4]; 40] = [
    [(7, 1), (10, 1), (13, 1), (17, 1)],      // 1
    [(10, 1), (16, 1), (22, 1), (28, 1)],     // 2
    [(15, 1), (26, 1), (18, 2), (22, 2)],     // 3
    [(20, 1), (18, 2), (26, 2), (16, 4)],     // 4
    [(26, 1), (24, 2), (18, 4), (22, 4)],     // 5
    [(18, 2), (16, 4), (24, 4), (28, 4)],     // 6
    [(20, 2), (18, 4), (18, 6), (26, 5)],     // 7
    [(24, 2), (22, 4), (22, 6), (26, 6)],     // 8
    [(30, 2), (22, 5), (20, 8), (24, 8)],     // 9
    [(18, 4), (26, 5), (24, 8), (28, 8)],     // 10
    [(20, 4), (30, 5), (28, 8), (24, 11)],    // 11
    [(24, 4), (22, 8), (26, 10), (28, 11)],   // 12
    [(26, 4), (22, 9), (24, 12), (22, 16)],   // 13
    [(30, 4), (24, 9), (20, 16), (24, 16)],   // 14
    [(22, 6), (24, 10), (30, 12), (24, 18)],  // 15
    [(24, 6), (28, 10), (24, 17), (30, 16)],  // 16
    [(28, 6), (28, 11), (28, 16), (28, 19)],  // 17
    [(30, 6), (26, 13), (28, 18), (28, 21)],  // 18
    [(28, 7), (26, 14), (26, 21), (26, 25)],  // 19
    [(28, 8), (26, 16), (30, 20), (28, 25)],  // 20
    [(28, 8), (26, 17), (28, 23), (30, 25)],  // 21
    [(28, 9), (28, 17), (30, 23), (24, 34)],  // 22
    [(30, 9), (28, 18), (30, 25), (30, 30)],  // 23
    [(30, 10), (28, 20), (30, 27), (30, 32)], // 24
    [(26, 12), (28, 21), (30, 29), (30, 35)], // 25
    [(28, 12), (28, 23), (28, 34), (30, 37)], // 26
    [(30, 12), (28, 25), (30, 34), (30, 40)], // 27
    [(30, 13), (28, 26), (30, 35), (30, 42)], // 28
    [(30, 14), (28, 28), (30, 38), (30, 45)], // 29
    [(30, 15), (28, 29), (30, 40), (30, 48)], // 30
    [(30, 16), (28, 31), (30, 43), (30, 51)], // 31
    [(30, 17), (28, 33), (30, 45), (30, 54)], // 32
    [(30, 18), (28, 35), (30, 48), (30, 57)], // 33
    [(30, 19), (28, 37), (30, 51), (30, 60)], // 34
    [(30, 19), (28, 38), (30, 53), (30, 63)], // 35
    [(30, 20), (28, 40), (30, 56), (30, 66)], // 36
    [(30, 21), (28, 43), (30, 59), (30, 70)], // 37
    [(30, 22), (28, 45), (30, 62), (30, 74)], // 38
    [(30, 24), (28, 47), (30, 65), (30, 77)], // 39
    [(30, 25), (28, 49), (30, 68), (30, 81)], // 40
];

/// The column of Table 9 (and of [`DATA_CODEWORDS`]) for `level`.
fn level_column(level: ErrorCorrectionLevel) -> usize {
    match level {
        ErrorCorrectionLevel::L => 0,
        ErrorCorrectionLevel::M => 1,
        ErrorCorrectionLevel::Q => 2,
        ErrorCorrectionLevel::H => 3,
    }
}

/// The error correction codewords per block and the number of blocks of a
/// `version` symbol at `level` (Table 9); `None` outside versions 1 to 40.
fn blocks(version: u8, level: ErrorCorrectionLevel) -> Option<(usize, usize)> {
    let &(ec_per_block, blocks) = BLOCKS
        .get(usize::from(version).checked_sub(1)?)?
        .get(level_column(level))?;
    Some((usize::from(ec_per_block), usize::from(blocks)))
}

/// Table 7 in short, computed at compile time: for each version (row 0 is
/// version 1) at levels L, M, Q and H, the data codewords. They are the
/// version's codewords (§7.5.1, Table 1: its data modules, eight a
/// codeword) less the error correction codewords of its blocks (Table 9).
const DATA_CODEWORDS: [[u16; 4]; 40] = {
    let mut table = [[0; 4]; 40];
    let mut row = 0;
    while row < 40 {
        let codewords = layout::data_modules(row as u8 + 1) / 8;
        let mut column = 0;
        while column < 4 {
            let (ec_per_block, blocks) = BLOCKS[row][column];
            table[row][column] = (codewords - ec_per_block as usize * blocks as usize) as u16;
            column += 1;
        }
        row += 1;
    }
    table
};

/// The data codewords a `version` symbol holds at `level` (§7.4.10, Table
/// 7); `None` outside versions 1 to 40.
pub(crate) fn data_codewords(version: u8, level: ErrorCorrectionLevel) -> Option<usize> {
    let codewords = DATA_CODEWORDS
        .get(usize::from(version).checked_sub(1)?)?
        .get(level_column(level))?;
    Some(usize::from(*codewords))
}

/// The most error correction codewords a block has (Table 9).
const MAX_EC_PER_BLOCK: usize = 30;

/// The symbol's codeword sequence (§7.6): `data` (the padded data
/// codewords, all `version` holds at `level`) split into blocks, then the
/// blocks' data codewords interleaved and their error correction
/// codewords after them, `total` codewords in all (the version's, §7.5.1
/// Table 9). `None` unless `data` and `total` are the counts Table 9
/// gives, as they are for every symbol `create` makes.
pub(crate) fn sequence(
    data: &[u8],
    version: u8,
    level: ErrorCorrectionLevel,
    total: usize,
) -> Option<Vec<u8>> {
    let (ec_per_block, blocks) = blocks(version, level)?;
    if data.len() + ec_per_block * blocks != total {
        return None;
    }
    // The first `short` blocks hold `short_len` data codewords, the rest
    // one more.
    let short_len = data.len() / blocks;
    let short = blocks - data.len() % blocks;
    let multiples = multiples(ec_per_block)?;

    let mut sequence = vec![0; total];
    let (data_part, ec_part) = sequence.split_at_mut(data.len());
    let mut start = 0;
    for block in 0..blocks {
        let len = short_len + usize::from(block >= short);
        let codewords = data.get(start..start + len)?;
        start += len;
        // Codeword i of block b goes to i · blocks + b; a long block's
        // last one comes after every block's `short_len` codewords, in
        // the order of the long blocks.
        for (i, &codeword) in codewords.iter().enumerate() {
            let at = if i < short_len {
                i * blocks + block
            } else {
                short_len * blocks + block - short
            };
            *data_part.get_mut(at)? = codeword;
        }
        let remainder = remainder(codewords, multiples);
        for (i, &codeword) in remainder.iter().take(ec_per_block).enumerate() {
            *ec_part.get_mut(i * blocks + block)? = codeword;
        }
    }
    Some(sequence)
}

/// The remainder of block · x^n divided by the degree-n generator g(x)
/// whose `multiples` are given: the block's n error correction codewords,
/// first n bytes of the result (§7.5.2).
///
/// Long division as a shift register: the remainder so far, highest
/// coefficient first, in two 16-byte words; each codeword shifts it by one
/// coefficient and subtracts (XORs) lead · g(x), one row of `multiples`.
/// Kept in registers, a codeword costs a table read and a few operations.
fn remainder(block: &[u8], multiples: &Multiples) -> [u8; 2 * 16] {
    let (mut low, mut high) = (0_u128, 0_u128);
    for &codeword in block {
        // The remainder's first coefficient is `low`'s lowest byte.
        let lead = codeword ^ low as u8;
        low = low >> 8 | high << 120;
        high >>= 8;
        let [low_multiple, high_multiple] = multiples[usize::from(lead)];
        low ^= low_multiple;
        high ^= high_multiple;
    }
    let mut bytes = [0; 2 * 16];
    let (first, second) = bytes.split_at_mut(16);
    first.copy_from_slice(&low.to_le_bytes());
    second.copy_from_slice(&high.to_le_bytes());
    bytes
}

/// A generator polynomial's coefficients after the leading 1, multiplied
/// by each field element in turn: row f is f · g(x), its 32 bytes (zero
/// past the degree) as two little-endian words, as [`remainder`] holds
/// them.
type Multiples = [[u128; 2]; 256];

/// The multiples of the degree-n generator (n up to 30), computed on first
/// use: 8 kB each, for the 13 degrees Table 9 uses.
fn multiples(degree: usize) -> Option<&'static Multiples> {
    static TABLES: [OnceLock<Box<Multiples>>; MAX_EC_PER_BLOCK + 1] =
        [const { OnceLock::new() }; MAX_EC_PER_BLOCK + 1];
    let generator = GENERATORS.get(degree)?.get(..degree)?;
    Some(TABLES.get(degree)?.get_or_init(|| {
        let mut table = Box::new([[0; 2]; 256]);
        // Row 0 stays zero: 0 · g(x).
        for (factor, row) in table.iter_mut().enumerate().skip(1) {
            let factor_log = LOG[factor];
            let mut bytes = [0; 2 * 16];
            for (product, &coefficient_log) in bytes.iter_mut().zip(generator) {
                *product = exp(factor_log, coefficient_log);
            }
            *row =
                [0, 16].map(|half| u128::from_le_bytes(std::array::from_fn(|i| bytes[half + i])));
        }
        table
    }))
}

/// α^(a + b), the product of the elements whose logarithms are `a` and `b`.
fn exp(a: u8, b: u8) -> u8 {
    // a + b ≤ 510: within the doubled table, so no reduction modulo 255.
    EXP[usize::from(a) + usize::from(b)]
}

/// α^i for i from 0 to 511 (α^255 = α^0), α = 2.
const EXP: [u8; 512] = {
    let mut table = [0; 512];
    let mut value: u16 = 1;
    let mut i = 0;
    while i < 512 {
        table[i] = value as u8;
        value <<= 1;
        if value & 0x100 != 0 {
            // x⁸ = x⁴ + x³ + x² + 1 (0x11d, §7.5.2).
            value ^= 0x11d;
        }
        i += 1;
    }
    table
};

/// log_α of each nonzero element (the entry for 0 is unused).
const LOG: [u8; 256] = {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 255 {
        table[EXP[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// The generator polynomial of degree n, (x − α⁰)(x − α¹)…(x − α^(n−1))
/// (§7.5.2, Annex A), for n from 0 to 30: the logarithms of its
/// coefficients after the leading 1, highest power first.
const GENERATORS: [[u8; MAX_EC_PER_BLOCK]; MAX_EC_PER_BLOCK + 1] = {
    let mut generators = [[0; MAX_EC_PER_BLOCK]; MAX_EC_PER_BLOCK + 1];
    let mut degree = 1;
    while degree <= MAX_EC_PER_BLOCK {
        // The coefficients themselves (not logs), index 0 the leading 1.
        let mut product = [0_u8; MAX_EC_PER_BLOCK + 1];
        product[0] = 1;
        let mut root = 0;
        while root < degree {
            // Multiply by (x + α^root): each coefficient gains the one
            // before it times α^root (− is + in GF(2⁸)).
            let mut i = root + 1;
            while i > 0 {
                let before = product[i - 1];
                if before != 0 {
                    product[i] ^= EXP[LOG[before as usize] as usize + root];
                }
                i -= 1;
            }
            root += 1;
        }
        let mut i = 0;
        while i < degree {
            // Every coefficient of a product of distinct roots' factors
            // is nonzero here (checked by the tests).
            generators[degree][i] = LOG[product[i + 1] as usize];
            i += 1;
        }
        degree += 1;
    }
    generators
};

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::bits::Bits;
    use qrcode::ec;
    use qrcode::types::Version;

    const LEVELS: [ErrorCorrectionLevel; 4] = [
        ErrorCorrectionLevel::L,
        ErrorCorrectionLevel::M,
        ErrorCorrectionLevel::Q,
        ErrorCorrectionLevel::H,
    ];

    /// The version's codewords (§7.5.1 Table 1): its data modules, eight
    /// a codeword, the remainder bits left over.
    fn total_codewords(version: u8) -> usize {
        layout::layout(version).unwrap().codewords()
    }

    #[test]
    fn data_codewords_are_the_crates_for_every_version_and_level() {
        for version in 1..=40 {
            let crate_version = Version::Normal(i16::from(version));
            for level in LEVELS {
                assert_eq!(
                    data_codewords(version, level).map(|codewords| codewords * 8),
                    Some(Bits::new(crate_version).max_len(level.to_crate()).unwrap()),
                    "version {version}, level {level:?}"
                );
            }
        }
        // Table 7's first and last rows.
        assert_eq!(data_codewords(1, ErrorCorrectionLevel::L), Some(19));
        assert_eq!(data_codewords(40, ErrorCorrectionLevel::H), Some(1276));
        assert_eq!(data_codewords(0, ErrorCorrectionLevel::M), None);
        assert_eq!(data_codewords(41, ErrorCorrectionLevel::M), None);
    }

    #[test]
    fn the_sequence_is_the_crates_for_every_version_and_level_with_random_data() {
        let mut next = crate::test_random::xorshift(0x5851_f42d_4c95_7f2d);
        for version in 1..=40 {
            let crate_version = Version::Normal(i16::from(version));
            for level in LEVELS {
                let count = Bits::new(crate_version).max_len(level.to_crate()).unwrap() / 8;
                for _ in 0..3 {
                    let data: Vec<u8> = (0..count).map(|_| next() as u8).collect();
                    let (expected_data, expected_ec) =
                        ec::construct_codewords(&data, crate_version, level.to_crate()).unwrap();
                    let expected = [expected_data, expected_ec].concat();
                    let actual = sequence(&data, version, level, total_codewords(version));
                    assert!(
                        actual.as_ref() == Some(&expected),
                        "version {version}, level {level:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_remainder_is_the_crates_for_every_degree_and_random_blocks() {
        let mut next = crate::test_random::xorshift(0x1405_7b7e_f767_814f);
        // The crate's generator table covers degrees 2 to 68; Table 9
        // uses 7 to 30.
        for degree in 2..=MAX_EC_PER_BLOCK {
            for length in [1, 2, 13, 100, 225] {
                let mut block: Vec<u8> = (0..length).map(|_| next() as u8).collect();
                if length == 13 {
                    // Zero coefficients are skipped: include some.
                    block.iter_mut().step_by(3).for_each(|byte| *byte = 0);
                }
                assert_eq!(
                    remainder(&block, multiples(degree).unwrap())[..degree],
                    ec::create_error_correction_code(&block, degree)[..],
                    "degree {degree}, length {length}"
                );
            }
        }
    }

    #[test]
    fn the_field_tables_are_inverse_and_cover_every_nonzero_element() {
        let mut seen = [false; 256];
        for i in 0..255 {
            let element = EXP[i];
            assert_eq!(usize::from(LOG[usize::from(element)]), i);
            assert!(!seen[usize::from(element)], "α^{i} repeats");
            seen[usize::from(element)] = true;
            assert_eq!(EXP[i + 255], element);
        }
        assert!(!seen[0]);
        // α⁸ = x⁴ + x³ + x² + 1.
        assert_eq!(EXP[8], 0b1_1101);
        for degree in 1..=MAX_EC_PER_BLOCK {
            // A zero coefficient would have logarithm LOG[0] = 0, which is
            // α⁰ = 1: check against the products directly.
            let mut polynomial = vec![1_u8];
            for root in 0..degree {
                let mut next = polynomial.clone();
                next.push(0);
                for (i, &c) in polynomial.iter().enumerate() {
                    if c != 0 {
                        next[i + 1] ^= exp(LOG[usize::from(c)], root as u8);
                    }
                }
                polynomial = next;
            }
            for (i, &coefficient) in polynomial[1..].iter().enumerate() {
                assert_ne!(coefficient, 0, "degree {degree}");
                assert_eq!(EXP[usize::from(GENERATORS[degree][i])], coefficient);
            }
        }
    }

    #[test]
    fn numbers_outside_table_9_are_refused() {
        let data = [0_u8; 16];
        assert_eq!(sequence(&data, 0, ErrorCorrectionLevel::M, 26), None);
        assert_eq!(sequence(&data, 41, ErrorCorrectionLevel::M, 26), None);
        // Version 1-M has 16 data and 26 codewords, 10 of them error
        // correction.
        assert!(sequence(&data, 1, ErrorCorrectionLevel::M, 26).is_some());
        assert_eq!(sequence(&data[..15], 1, ErrorCorrectionLevel::M, 26), None);
        assert_eq!(sequence(&data, 1, ErrorCorrectionLevel::M, 15), None);
        assert_eq!(sequence(&data, 1, ErrorCorrectionLevel::M, 100), None);
    }
}
