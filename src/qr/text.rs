//! Text renderings, byte for byte as `qrcode` 1.5.4's `toString` with
//! `type: 'utf8'` (`renderer/utf8.js`) and `type: 'terminal'`
//! (`renderer/terminal/terminal.js`, and `terminal-small.js` for `small`).

use super::{QrSymbol, RenderOptions};
use crate::error::Result;

/// Half blocks for (top, bottom) = (light, light), (light, dark),
/// (dark, dark), (dark, light): `qrcode`'s `BLOCK_CHAR`.
const BLOCKS: [char; 4] = [' ', '▄', '█', '▀'];
/// `INVERTED_BLOCK_CHAR`, for light-on-dark colours.
const INVERTED_BLOCKS: [char; 4] = ['█', '▀', ' ', '▄'];

fn block(top: bool, bottom: bool, blocks: &[char; 4]) -> char {
    let [light_light, light_dark, dark_dark, dark_light] = *blocks;
    match (top, bottom) {
        (true, true) => dark_dark,
        (true, false) => dark_light,
        (false, true) => light_dark,
        (false, false) => light_light,
    }
}

/// Two module rows per line in half blocks, with the quiet zone (`margin`
/// modules, so `margin / 2` lines above and below). Inverted blocks when the
/// dark colour is written `#ffffff` or the light one `#000000` — `qrcode`
/// compares the strings, so `#FFFFFF` does not invert. Lines are joined by
/// `\n`; with no margin the text also ends in one (as `qrcode`'s does).
///
/// For an odd margin `qrcode` throws (`Array(margin / 2 + 1)`); here the
/// quiet zone is drawn like the symbol, half a line at a time.
pub fn utf8(symbol: &QrSymbol, options: &RenderOptions) -> Result<String> {
    options.validate()?;
    let blocks = if options.dark.hex() == "#ffffff" || options.light.hex() == "#000000" {
        &INVERTED_BLOCKS
    } else {
        &BLOCKS
    };
    // Each cell's character by (top dark, bottom dark), looked up rather
    // than chosen with branches: modules are as good as random.
    let cells = [(false, false), (false, true), (true, false), (true, true)]
        .map(|(top, bottom)| block(top, bottom, blocks));
    let [light, ..] = cells;
    // Bounded by validate(): at most 2000 + 177 modules a side.
    let margin = options.margin as usize;
    let size = symbol.size;
    let side = size + 2 * margin;
    // A row of the image, in coordinates that include the quiet zone: the
    // symbol's modules, none for a quiet row.
    let modules_of = |row: usize| -> &[bool] {
        row.checked_sub(margin)
            .filter(|&row| row < size)
            .and_then(|row| symbol.modules.get(row * size..(row + 1) * size))
            .unwrap_or_default()
    };
    let lines = side.div_ceil(2);
    let mut text = String::with_capacity(lines * (side * 3 + 1));
    for line in 0..lines {
        if line > 0 {
            text.push('\n');
        }
        let (top, bottom) = (modules_of(line * 2), modules_of(line * 2 + 1));
        text.extend(std::iter::repeat_n(light, margin));
        for column in 0..size {
            let dark = |row: &[bool]| usize::from(row.get(column).copied().unwrap_or(false));
            // Two bits: an index below 4, the cells' length.
            text.push(cells[(dark(top) << 1 | dark(bottom)) & 3]);
        }
        text.extend(std::iter::repeat_n(light, margin));
    }
    if margin == 0 {
        text.push('\n');
    }
    Ok(text)
}

const RESET: &str = "\x1b[0m";
const BACKGROUND_WHITE: &str = "\x1b[47m";
const BACKGROUND_BLACK: &str = "\x1b[40m";
const FOREGROUND_WHITE: &str = "\x1b[37m";
const FOREGROUND_BLACK: &str = "\x1b[30m";

/// The terminal rendering: with `small`, half blocks two rows a line
/// ([`terminal_small`]); otherwise each module two spaces on a black or
/// white ANSI background, inside a fixed one-module white border, each line
/// ending in `\n`. Margin and colours are ignored, as by `qrcode`.
pub fn terminal(symbol: &QrSymbol, options: &RenderOptions) -> Result<String> {
    if options.small {
        return Ok(terminal_small(symbol, options.inverse));
    }
    const BLACK: &str = "\x1b[40m  \x1b[0m";
    const WHITE: &str = "\x1b[47m  \x1b[0m";
    let size = symbol.size;
    let border = WHITE.repeat(size + 2);
    let mut text = String::with_capacity((size + 2) * (size + 2) * WHITE.len() + size + 2);
    text.push_str(&border);
    text.push('\n');
    for row in symbol.modules.chunks_exact(size.max(1)) {
        text.push_str(WHITE);
        for &dark in row {
            text.push_str(if dark { BLACK } else { WHITE });
        }
        text.push_str(WHITE);
        text.push('\n');
    }
    text.push_str(&border);
    text.push('\n');
    Ok(text)
}

/// `terminal-small.js`: half blocks over a one-module white border, drawn
/// with foreground/background ANSI colours; `inverse` swaps them. Cells
/// outside the border are "transparent" (reset colours).
fn terminal_small(symbol: &QrSymbol, inverse: bool) -> String {
    let line_setup = if inverse {
        [BACKGROUND_BLACK, FOREGROUND_WHITE].concat()
    } else {
        [BACKGROUND_WHITE, FOREGROUND_BLACK].concat()
    };
    let (white, black) = if inverse {
        (FOREGROUND_BLACK, FOREGROUND_WHITE)
    } else {
        (FOREGROUND_WHITE, FOREGROUND_BLACK)
    };
    // `mkCodePixel`: 0 transparent, 1 white (border or light), 2 dark.
    // At most 177 modules: exact as an i64.
    let size = symbol.size as i64;
    let pixel = |x: i64, y: i64| -> u8 {
        if x > size || y > size || x < -1 || y < -1 {
            0
        } else if x >= size || y >= size || x < 0 || y < 0 {
            1
        } else {
            // 0 <= x, y < size here.
            2 - u8::from(!symbol.is_dark(y as usize, x as usize))
        }
    };
    let cell = |top: u8, bottom: u8| -> String {
        match (top, bottom) {
            (0, 0) => [RESET, " ", &line_setup].concat(),
            (0, 1) => [RESET, white, "▄", &line_setup].concat(),
            (0, _) => [RESET, black, "▄", &line_setup].concat(),
            (1, 0) => [RESET, white, "▀", &line_setup].concat(),
            (1, 1) => " ".to_owned(),
            (1, _) => "▄".to_owned(),
            (_, 0) => [RESET, black, "▀", &line_setup].concat(),
            (_, 1) => "▀".to_owned(),
            _ => "█".to_owned(),
        }
    };
    let mut text = line_setup.clone();
    let mut y = -1;
    while y < size + 1 {
        for x in -1..=size {
            text.push_str(&cell(pixel(x, y), pixel(x, y + 1)));
        }
        text.push_str(RESET);
        text.push('\n');
        text.push_str(&line_setup);
        y += 2;
    }
    text.push_str(RESET);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::test_support::{render_cases, sha256_hex};
    use crate::qr::{create, QrOptions};

    #[test]
    fn every_fixture_utf8_rendering_is_byte_identical_to_qrcodes() {
        let mut compared = 0;
        for case in render_cases() {
            let Some(expected) = case.record["utf8Sha256"].as_str() else {
                continue;
            };
            let text = utf8(&case.symbol, &case.options).unwrap();
            if let Some(whole) = case.record["utf8"].as_str() {
                assert_eq!(text, whole, "{}", case.context);
            }
            assert_eq!(sha256_hex(&text), expected, "{}", case.context);
            compared += 1;
        }
        assert!(compared > 50, "only {compared}");
    }

    #[test]
    fn every_fixture_terminal_rendering_is_byte_identical_to_qrcodes() {
        for case in render_cases() {
            for (small, inverse, key) in [
                (false, false, "terminalSha256"),
                (true, false, "terminalSmallSha256"),
                (true, true, "terminalSmallInverseSha256"),
            ] {
                let options = RenderOptions {
                    small,
                    inverse,
                    ..case.options.clone()
                };
                let text = terminal(&case.symbol, &options).unwrap();
                assert_eq!(
                    sha256_hex(&text),
                    case.record[key],
                    "{key} {}",
                    case.context
                );
            }
        }
    }

    #[test]
    fn an_odd_margin_draws_the_quiet_zone_half_a_line_at_a_time() {
        let symbol = create("A", &QrOptions::default()).unwrap();
        let options = RenderOptions {
            margin: 1,
            ..RenderOptions::default()
        };
        let text = utf8(&symbol, &options).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        // 21 + 2 rows, two a line.
        assert_eq!(lines.len(), 12);
        assert!(lines.iter().all(|line| line.chars().count() == 23));
        // The first line: the margin row above the finder patterns' top row.
        assert!(lines[0].starts_with(" ▄▄▄▄▄▄▄ "));
        assert!(!text.ends_with('\n'));
    }
}
