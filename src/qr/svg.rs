//! SVG, byte for byte as `qrcode` 1.5.4's `toString(text, { type: 'svg' })`
//! (`renderer/svg-tag.js`): a background path and one stroked path of
//! horizontal runs, half a module below each row's top edge.

use std::fmt::Write;

use super::{Color, QrSymbol, RenderOptions};
use crate::error::{Error, Result};

/// The `<svg>` element `qrcode` writes, ending in a newline. `scale` is
/// ignored there too; `width` (when at least 21) becomes the `width` and
/// `height` attributes; the background is left out when the light colour is
/// fully transparent.
pub fn render(symbol: &QrSymbol, options: &RenderOptions) -> Result<String> {
    options.validate()?;
    // Both bounded by validate(): at most 177 + 2000 modules.
    let margin = options.margin as usize;
    let side = symbol.size + 2 * margin;

    let mut svg = String::with_capacity(256 + symbol.modules.len() * 2);
    svg.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" ");
    if let Some(width) = options.effective_width() {
        let width = js_number(width);
        let _ = write!(svg, "width=\"{width}\" height=\"{width}\" ");
    }
    let _ = write!(
        svg,
        "viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">"
    );
    if options.light.a != 0 {
        svg.push_str("<path ");
        color_attributes(&mut svg, &options.light, "fill");
        let _ = write!(svg, " d=\"M0 0h{side}v{side}H0z\"/>");
    }
    svg.push_str("<path ");
    color_attributes(&mut svg, &options.dark, "stroke");
    svg.push_str(" d=\"");
    runs_path(&mut svg, symbol, margin)?;
    svg.push_str("\"/></svg>\n");
    Ok(svg)
}

/// The contents `qrcode`'s `toFile` writes for an SVG file
/// (`renderer/svg.js` `renderToFile`): an XML declaration and the SVG 1.1
/// doctype, then [`render`]'s element.
pub fn render_file(symbol: &QrSymbol, options: &RenderOptions) -> Result<String> {
    let element = render(symbol, options)?;
    Ok([
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
        "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">",
        &element,
    ]
    .concat())
}

/// `getColorAttrib`: the colour's six digits as written and, below full
/// opacity, `alpha.toFixed(2).slice(1)` — so alpha 254 writes `.00`
/// (`toFixed` gives `1.00`), a `qrcode` quirk kept for byte equality.
fn color_attributes(svg: &mut String, color: &Color, attribute: &str) {
    let _ = write!(svg, "{attribute}=\"{}\"", color.hex());
    if color.a < 255 {
        let fixed = format!("{:.2}", f64::from(color.a) / 255.0);
        // `.slice(1)`: the digits after the leading one, "0" (or "1" for
        // 1.00).
        let after_first: String = fixed.chars().skip(1).collect();
        let _ = write!(svg, " {attribute}-opacity=\"{after_first}\"");
    }
}

/// `qrToPath`: each run of dark modules is `h{length}`; a row's first run
/// moves there absolutely (`M{x} {y + 0.5}`), a later one moves right by
/// the light modules since the previous run (`m{gap} 0`). (`qrcode` counts
/// light modules across rows too, but a row's first run never uses the
/// count.)
fn runs_path(svg: &mut String, symbol: &QrSymbol, margin: usize) -> Result<()> {
    // Written as bytes: a path has hundreds of numbers, and going through
    // `char`s and `str`s for each costs more than the rest of the work.
    let mut path = Vec::with_capacity(symbol.modules.len() * 2);
    let mut runs = Vec::with_capacity(symbol.size / 2 + 1);
    for row in 0..symbol.size {
        symbol.dark_runs(row, &mut runs);
        // Where the last run ended; none yet in this row.
        let mut end = None;
        for &(start, stop) in &runs {
            match end {
                None => {
                    path.push(b'M');
                    push_whole(&mut path, start + margin);
                    path.push(b' ');
                    push_whole(&mut path, row + margin);
                    path.extend_from_slice(b".5h");
                }
                Some(end) => {
                    path.push(b'm');
                    push_whole(&mut path, start - end);
                    path.extend_from_slice(b" 0h");
                }
            }
            push_whole(&mut path, stop - start);
            end = Some(stop);
        }
    }
    // Only ASCII was written, so this cannot fail; if it did, that is a bug.
    svg.push_str(&String::from_utf8(path).map_err(|_| Error::Internal {
        what: "an SVG path that is not ASCII",
    })?);
    Ok(())
}

/// Appends a whole number in decimal ASCII.
#[inline]
fn push_whole(out: &mut Vec<u8>, number: usize) {
    // Most numbers in a path are below 100: one or two digits, no loop.
    if number < 10 {
        out.push(b'0' + number as u8);
    } else if number < 100 {
        out.extend_from_slice(&[b'0' + (number / 10) as u8, b'0' + (number % 10) as u8]);
    } else {
        push_long(out, number);
    }
}

/// [`push_whole`] for any number.
#[cold]
fn push_long(out: &mut Vec<u8>, number: usize) {
    out.extend_from_slice(number.to_string().as_bytes());
}

/// A number as JavaScript's `String(number)` writes it, for the widths this
/// module can be given (finite, at least 21): Rust's shortest round-trip
/// digits, with JavaScript's exponent form from 1e21 up.
fn js_number(value: f64) -> String {
    if value.abs() >= 1e21 {
        format!("{value:e}").replace('e', "e+")
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::fixtures;
    use crate::qr::test_support::{render_cases, sha256_hex};

    #[test]
    fn whole_numbers_are_written_in_decimal() {
        for number in [0, 1, 9, 10, 99, 100, 177, 2177, 1_000_000, usize::MAX] {
            let mut text = Vec::new();
            push_whole(&mut text, number);
            assert_eq!(text, number.to_string().as_bytes());
        }
    }

    #[test]
    fn opacity_is_written_as_qrcode_writes_it_for_every_alpha() {
        let expected = fixtures::load()["opacity"].as_array().unwrap();
        for (alpha, expected) in (0_u8..=255).zip(expected) {
            let mut svg = String::new();
            let color = Color::parse("color.dark", &format!("#000000{alpha:02x}")).unwrap();
            color_attributes(&mut svg, &color, "fill");
            let written = svg
                .split("fill-opacity=\"")
                .nth(1)
                .map(|rest| rest.trim_end_matches('"').to_owned());
            if alpha == 255 {
                assert_eq!(written, None);
            } else {
                assert_eq!(written.as_deref(), expected.as_str(), "alpha {alpha}");
            }
        }
    }

    #[test]
    fn numbers_are_written_as_javascript_writes_them() {
        assert_eq!(js_number(100.0), "100");
        assert_eq!(js_number(21.5), "21.5");
        // Expected values from Node 20: String(21 + 1/3), String(2 ** 70).
        assert_eq!(js_number(21.0 + 1.0 / 3.0), "21.333333333333332");
        assert_eq!(js_number(2_f64.powi(70)), "1.1805916207174113e+21");
        assert_eq!(js_number(1e21), "1e+21");
        assert_eq!(js_number(1.5e22), "1.5e+22");
    }

    #[test]
    fn every_fixture_svg_is_byte_identical_to_qrcodes() {
        let mut compared = 0;
        for case in render_cases() {
            let svg = render(&case.symbol, &case.options).unwrap();
            if let Some(whole) = case.record["svg"].as_str() {
                assert_eq!(svg, whole, "{}", case.context);
            }
            assert_eq!(
                sha256_hex(&svg),
                case.record["svgSha256"],
                "{}",
                case.context
            );
            compared += 1;
        }
        assert!(compared > 80);
    }
}
