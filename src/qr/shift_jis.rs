//! The Shift JIS codes of the characters Kanji mode holds (JIS X 0208, as
//! `qrcode`'s `helper/to-sjis` knows them): the converter that `qr.toSJIS`
//! and the drop-in's `helper/to-sjis` give, for `toSJISFunc`.

mod table;

use super::segment::ShiftJis;

/// The Shift JIS code of `character`, if Kanji mode can hold it.
pub fn shift_jis(character: char) -> Option<u16> {
    let unit = u16::try_from(u32::from(character)).ok()?;
    let index = table::SHIFT_JIS
        .binary_search_by_key(&unit, |&(unit, _)| unit)
        .ok()?;
    table::SHIFT_JIS.get(index).map(|&(_, code)| code)
}

/// [`shift_jis`] as a converter for [`super::create_from`].
#[derive(Debug, Clone, Copy, Default)]
pub struct JisX0208;

impl ShiftJis for JisX0208 {
    fn code(&mut self, character: char) -> Option<f64> {
        shift_jis(character).map(f64::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_those_of_the_shift_jis_standard() {
        // JIS X 0208 row 1 cell 1 (ideographic space), hiragana あ, the
        // first level-1 kanji 亜, ISO/IEC 18004's examples 点 and 茗, and the
        // last JIS X 0208-1990 additions 熙.
        for (character, code) in [
            ('\u{3000}', 0x8140),
            ('あ', 0x82A0),
            ('亜', 0x889F),
            ('点', 0x935F),
            ('茗', 0xE4AA),
            ('熙', 0xEAA4),
        ] {
            assert_eq!(shift_jis(character), Some(code), "{character}");
        }
        for character in ['A', '1', 'é', '①', '─', '😀', 'ｱ'] {
            assert_eq!(shift_jis(character), None, "{character}");
        }
    }

    #[test]
    fn the_table_is_sorted_with_one_code_per_character_all_in_kanji_ranges() {
        assert!(table::SHIFT_JIS
            .windows(2)
            .all(|pair| pair[0].0 < pair[1].0));
        assert!(table::SHIFT_JIS.iter().all(
            |&(_, code)| (0x8140..=0x9FFC).contains(&code) || (0xE040..=0xEBBF).contains(&code)
        ));
        assert_eq!(table::SHIFT_JIS.len(), 6848);
    }
}
