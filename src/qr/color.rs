//! Colours as `qrcode` takes them: hex strings of 3, 4, 6 or 8 digits (RGB,
//! RGBA, RRGGBB, RRGGBBAA), with or without a leading `#`.

use crate::error::{Error, Result};

/// An RGBA colour, with the six RGB hex digits as they were written.
///
/// `qrcode` keeps the digits' case (`hex2rgba` returns `'#' + digits`), and
/// that string reaches its SVG (`fill="#AbCdEf"`) and decides its utf8
/// inversion (`dark.hex === '#ffffff'`, case-sensitive), so it is kept here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
    /// The six RGB hex digits (ASCII) in the case given, 3-digit forms doubled.
    digits: [u8; 6],
}

impl Color {
    /// `#000000ff`, `qrcode`'s default dark colour.
    pub const BLACK: Color = Color {
        r: 0,
        g: 0,
        b: 0,
        a: 255,
        digits: *b"000000",
    };
    /// `#ffffffff`, `qrcode`'s default light colour.
    pub const WHITE: Color = Color {
        r: 255,
        g: 255,
        b: 255,
        a: 255,
        digits: *b"ffffff",
    };

    /// Parses `[#]RGB`, `[#]RGBA`, `[#]RRGGBB` or `[#]RRGGBBAA` (any case),
    /// the forms `qrcode`'s `hex2rgba` documents; a missing alpha is `ff`.
    /// `option` names the option in the error (`color.dark`, `color.light`).
    ///
    /// Stricter than `qrcode`, which also takes seven digits and reads
    /// non-hex digits as a truncated number; here those are errors.
    pub fn parse(option: &'static str, text: &str) -> Result<Color> {
        let invalid = || {
            Error::qr_option(
                option,
                "a hex colour of 3, 4, 6 or 8 digits, with or without '#'",
                format!("{text:?}"),
            )
        };
        let digits = text.strip_prefix('#').unwrap_or(text);
        if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(invalid());
        }
        // All ASCII hex digits from here on, one byte each.
        let long: Vec<u8> = match digits.len() {
            3 | 4 => digits.bytes().flat_map(|digit| [digit, digit]).collect(),
            6 | 8 => digits.bytes().collect(),
            _ => return Err(invalid()),
        };
        let channel = |index: usize| -> Option<u8> {
            let pair = long.get(index..index + 2)?;
            u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()
        };
        let (Some(r), Some(g), Some(b)) = (channel(0), channel(2), channel(4)) else {
            return Err(invalid());
        };
        let a = if long.len() == 8 {
            channel(6).ok_or_else(invalid)?
        } else {
            255
        };
        let digits: [u8; 6] = long
            .get(..6)
            .and_then(|six| six.try_into().ok())
            .ok_or_else(invalid)?;
        Ok(Color { r, g, b, a, digits })
    }

    /// `#` and the six RGB digits as given, as `qrcode` writes them in SVG.
    pub fn hex(&self) -> String {
        let mut hex = String::with_capacity(7);
        hex.push('#');
        hex.extend(self.digits.iter().map(|&digit| char::from(digit)));
        hex
    }

    /// `#`, the six RGB digits as given and the alpha in two lower-case
    /// digits: `qrcode`'s documented form of its defaults (`#000000ff`).
    pub fn hex_with_alpha(&self) -> String {
        format!("{}{:02x}", self.hex(), self.a)
    }

    /// The colour as `[r, g, b, a]`.
    pub fn rgba(&self) -> [u8; 4] {
        [self.r, self.g, self.b, self.a]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_qrcode_documents_is_read() {
        let cases = [
            ("#000", [0, 0, 0, 255], "#000000"),
            ("fff", [255, 255, 255, 255], "#ffffff"),
            ("#0f08", [0, 0xff, 0, 0x88], "#00ff00"),
            ("112233", [0x11, 0x22, 0x33, 255], "#112233"),
            ("#AbCdEf", [0xab, 0xcd, 0xef, 255], "#AbCdEf"),
            ("FFEEDD80", [0xff, 0xee, 0xdd, 0x80], "#FFEEDD"),
            ("#12345678", [0x12, 0x34, 0x56, 0x78], "#123456"),
        ];
        for (text, rgba, hex) in cases {
            let color = Color::parse("color.dark", text).unwrap();
            assert_eq!(color.rgba(), rgba, "{text}");
            assert_eq!(color.hex(), hex, "{text}");
        }
    }

    #[test]
    fn the_defaults_are_opaque_black_and_white() {
        assert_eq!(
            Color::BLACK,
            Color::parse("color.dark", "#000000ff").unwrap()
        );
        assert_eq!(
            Color::WHITE,
            Color::parse("color.light", "#ffffffff").unwrap()
        );
        assert_eq!(Color::BLACK.hex(), "#000000");
        assert_eq!(Color::WHITE.hex(), "#ffffff");
        assert_eq!(Color::WHITE.rgba(), [255, 255, 255, 255]);
    }

    #[test]
    fn other_lengths_and_non_hex_digits_are_refused_with_the_option_named() {
        for text in [
            "",
            "#",
            "12",
            "#12345",
            "1234567",
            "123456789",
            "#ggg",
            "ff00zz",
            "##fff",
            " fff",
            "+fff",
            "0x12",
            "ｆｆｆ",
        ] {
            let error = Color::parse("color.light", text).unwrap_err();
            assert_eq!(error.code(), "ERR_QR_INVALID_OPTION", "{text:?}");
            assert!(error.to_string().contains("color.light"), "{text:?}");
        }
    }
}
