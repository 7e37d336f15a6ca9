//! PNG with the pixels of `qrcode` 1.5.4's `toBuffer`/`toDataURL`
//! (`renderer/png.js`, `renderer/utils.js`), encoded smaller and faster.
//!
//! `qrcode` writes 8-bit RGBA through pngjs at zlib level 9. An image of two
//! colours needs no more than a two-entry palette at one bit a pixel (PNG,
//! ISO/IEC 15948 §11.2.2 PLTE, and §11.3.2.1 tRNS for the alphas), compressed
//! with the fast deflate of the `png` crate (`fdeflate`): the same pixels
//! once decoded, in a fraction of the bytes and time.

use base64::Engine as _;

use super::rgba::pixel_to_module;
use super::{QrSymbol, RenderOptions, MAX_IMAGE_SIDE};
use crate::error::{Error, Result};

/// The image's side and the scale `qrcode` draws with (`getScale`,
/// `getImageWidth`): a `width` of at least 21 that fits the symbol and its
/// margin sets the (possibly fractional) scale `width / (size + 2·margin)`;
/// one that does not fit forces scale 4 (`getOptions` sets it); otherwise
/// `scale`. The side is `floor((size + 2·margin) · scale)`, computed in
/// doubles as `qrcode` does, and must be from 1 to [`MAX_IMAGE_SIDE`].
pub fn image_geometry(symbol: &QrSymbol, options: &RenderOptions) -> Result<(u32, f64)> {
    options.validate()?;
    let modules = symbol.size as f64 + f64::from(options.margin) * 2.0;
    let scale = match options.effective_width() {
        Some(width) if width >= modules => width / modules,
        Some(_) => 4.0,
        None => options.scale,
    };
    let side = (modules * scale).floor();
    if !(1.0..=f64::from(MAX_IMAGE_SIDE)).contains(&side) {
        let (option, got) = match options.effective_width() {
            Some(width) => ("width", width),
            None => ("scale", options.scale),
        };
        return Err(Error::qr_option(
            option,
            "a size giving an image of 1 to 10000 pixels a side",
            format!("{got}, which gives {side} pixels"),
        ));
    }
    // From 1 to 10,000 and whole: the cast is exact.
    Ok((side as u32, scale))
}

/// Where each module column lands in a row of 1-bit pixels (most
/// significant bit first): `(module, byte, bits)` for every byte a run of
/// pixels showing that module touches. Computed once an image, so a row is
/// drawn with one OR a piece, a module rather than a pixel at a time, and
/// with no branch on the module's colour: a QR code's modules are as good as
/// random, and such a branch would be mispredicted half the time.
fn pieces(to_module: &[usize]) -> Vec<(usize, usize, u8)> {
    let mut pieces: Vec<(usize, usize, u8)> = Vec::new();
    for (pixel, &module) in to_module.iter().enumerate() {
        let (byte, bit) = (pixel / 8, 0x80_u8 >> (pixel % 8));
        match pieces.last_mut() {
            Some((last_module, last_byte, bits))
                if *last_module == module && *last_byte == byte =>
            {
                *bits |= bit;
            }
            _ => pieces.push((module, byte, bit)),
        }
    }
    pieces
}

/// The image as 1-bit rows, most significant bit first, dark = 1: the
/// scanlines of a 1-bit indexed PNG. Returns the side and the rows.
pub fn bitmap(symbol: &QrSymbol, options: &RenderOptions) -> Result<(u32, Vec<u8>)> {
    let image = Scanlines::draw(symbol, options)?;
    let mut pixels: Vec<u8> = Vec::with_capacity(image.row_bytes * image.side as usize);
    for line in image.lines.chunks_exact(image.row_bytes + 1) {
        match line.split_first() {
            // A repeat is the row before it.
            Some((&FILTER_UP, _)) => {
                let start = pixels.len().saturating_sub(image.row_bytes);
                pixels.extend_from_within(start..);
            }
            Some((_, row)) => pixels.extend_from_slice(row),
            None => {}
        }
    }
    Ok((image.side, pixels))
}

/// PNG filter types (ISO/IEC 15948 §9.2): None keeps a scanline's bytes,
/// Up subtracts the line above's, so a repeated line is all zeros.
const FILTER_NONE: u8 = 0;
const FILTER_UP: u8 = 2;

/// The image's scanlines as a PNG stores them before compression, each
/// row its filter type and then its 1-bit pixels.
struct Scanlines {
    side: u32,
    row_bytes: usize,
    lines: Vec<u8>,
}

impl Scanlines {
    /// Draws each distinct pixel row once (None); a row showing the same
    /// module row as the one above is Up, all zeros, which is what makes
    /// the image compress to a few hundred bytes.
    fn draw(symbol: &QrSymbol, options: &RenderOptions) -> Result<Scanlines> {
        let (side, scale) = image_geometry(symbol, options)?;
        let to_module = pixel_to_module(side as usize, scale, f64::from(options.margin));
        let pieces = pieces(&to_module);
        let size = symbol.size;
        let row_bytes = (side as usize).div_ceil(8);
        let mut lines = vec![0_u8; (row_bytes + 1) * side as usize];
        let mut previous = None;
        for (line, &module_row) in lines.chunks_exact_mut(row_bytes + 1).zip(&to_module) {
            let Some((filter, row)) = line.split_first_mut() else {
                continue;
            };
            if previous == Some(module_row) {
                *filter = FILTER_UP;
                continue;
            }
            previous = Some(module_row);
            *filter = FILTER_NONE;
            // `qrcode` reads `data[iSrc * size + jSrc]`: a column one past
            // the last (possible through rounding) reads the next row's
            // first module, and a position past the end reads `undefined`,
            // i.e. light. Indexing from the row's start to the end of all
            // modules keeps both; a quiet row or column indexes nothing.
            let from_row = module_row
                .checked_mul(size)
                .and_then(|row_start| symbol.modules.get(row_start..))
                .unwrap_or_default();
            for &(column, byte, bits) in &pieces {
                let dark = from_row.get(column).copied().unwrap_or(false);
                if let Some(byte) = row.get_mut(byte) {
                    *byte |= bits & 0_u8.wrapping_sub(u8::from(dark));
                }
            }
        }
        Ok(Scanlines {
            side,
            row_bytes,
            lines,
        })
    }
}

/// The PNG file, pixel for pixel `qrcode`'s for the same symbol and options.
pub fn render(symbol: &QrSymbol, options: &RenderOptions) -> Result<Vec<u8>> {
    let image = Scanlines::draw(symbol, options)?;
    encode(&image, options)
}

/// A 1-bit indexed PNG: index 0 the light colour, 1 the dark one. The
/// scanlines are compressed in one pass by `fdeflate` (what the `png`
/// crate's fast compression runs line by line), and the `png` crate writes
/// the chunks around them.
fn encode(image: &Scanlines, options: &RenderOptions) -> Result<Vec<u8>> {
    let failed = |error: png::EncodingError| Error::QrInvalidOption {
        option: "width",
        expected: "a size the PNG encoder accepts",
        got: error.to_string(),
    };
    let (light, dark) = (&options.light, &options.dark);
    let mut compressed = fdeflate::compress_to_vec(&image.lines);
    // Small images of distinct rows can grow under fdeflate's fixed codes;
    // then stored blocks are smaller, as the png crate also chooses.
    if compressed.len() > fdeflate::StoredOnlyCompressor::<()>::compressed_size(image.lines.len()) {
        let stored = (|| {
            let mut compressor =
                fdeflate::StoredOnlyCompressor::new(std::io::Cursor::new(Vec::new()))?;
            compressor.write_data(&image.lines)?;
            Ok::<_, std::io::Error>(compressor.finish()?.into_inner())
        })();
        compressed = stored.map_err(|error| failed(error.into()))?;
    }
    let mut file = Vec::with_capacity(compressed.len() + 128);
    let mut encoder = png::Encoder::new(&mut file, image.side, image.side);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_palette(vec![light.r, light.g, light.b, dark.r, dark.g, dark.b]);
    if light.a != 255 || dark.a != 255 {
        encoder.set_trns(vec![light.a, dark.a]);
    }
    let mut writer = encoder.write_header().map_err(failed)?;
    writer
        .write_chunk(png::chunk::IDAT, &compressed)
        .map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(file)
}

/// `data:image/png;base64,` and the PNG: `qrcode`'s `toDataURL` (always PNG
/// on the server, whatever `type` says).
pub fn data_url(symbol: &QrSymbol, options: &RenderOptions) -> Result<String> {
    let png = render(symbol, options)?;
    let prefix = "data:image/png;base64,";
    let mut url = String::with_capacity(prefix.len() + png.len().div_ceil(3) * 4);
    url.push_str(prefix);
    base64::engine::general_purpose::STANDARD.encode_string(&png, &mut url);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::test_support::{render_cases, sha256_hex};
    use crate::qr::{create, Color, QrOptions};

    /// Decodes a PNG to 8-bit RGBA, as pngjs gives it to `qrcode`.
    fn rgba(file: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(file));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut buffer).unwrap();
        buffer.truncate(frame.buffer_size());
        assert_eq!(frame.color_type, png::ColorType::Rgba);
        assert_eq!(frame.bit_depth, png::BitDepth::Eight);
        (frame.width, frame.height, buffer)
    }

    #[test]
    fn every_fixture_png_has_qrcodes_pixels() {
        let mut compared = 0;
        for case in render_cases() {
            let file = render(&case.symbol, &case.options).unwrap();
            let (width, height, pixels) = rgba(&file);
            let expected = &case.record["png"];
            assert_eq!(u64::from(width), expected["width"], "{}", case.context);
            assert_eq!(u64::from(height), expected["height"], "{}", case.context);
            assert_eq!(
                sha256_hex(&pixels),
                expected["rgbaSha256"],
                "{}",
                case.context
            );
            compared += 1;
        }
        assert!(compared > 80);
    }

    #[test]
    fn the_bitmap_is_the_pngs_pixels_one_bit_each() {
        for case in render_cases() {
            let (side, rows) = bitmap(&case.symbol, &case.options).unwrap();
            let (width, height, pixels) = rgba(&render(&case.symbol, &case.options).unwrap());
            assert_eq!((width, height), (side, side), "{}", case.context);
            let row_bytes = (side as usize).div_ceil(8);
            assert_eq!(rows.len(), row_bytes * side as usize);
            let rgba_of = |color: &Color| [color.r, color.g, color.b, color.a];
            let (dark, light) = (rgba_of(&case.options.dark), rgba_of(&case.options.light));
            for (i, pixel) in pixels.chunks_exact(4).enumerate() {
                let (y, x) = (i / side as usize, i % side as usize);
                let bit = rows[y * row_bytes + x / 8] >> (7 - x % 8) & 1;
                let expected = if bit == 1 { dark } else { light };
                assert_eq!(pixel, expected, "{} at ({x}, {y})", case.context);
            }
        }
    }

    #[test]
    fn an_image_never_grows_past_its_stored_scanlines_and_repeats_compress() {
        // Scale 1 and no margin: every row differs, and fdeflate's fixed
        // codes would make more bytes than the rows themselves.
        for (text, scale, margin) in [("A", 1.0, 0), (&"x".repeat(500)[..], 1.0, 0), ("A", 4.0, 4)]
        {
            let symbol = create(text, &QrOptions::default()).unwrap();
            let options = RenderOptions {
                scale,
                margin,
                ..RenderOptions::default()
            };
            let file = render(&symbol, &options).unwrap();
            let (side, rows) = bitmap(&symbol, &options).unwrap();
            let scanlines = rows.len() + side as usize;
            // Signature, IHDR, PLTE, IDAT and IEND around the zlib stream.
            let framing = 8 + 25 + 18 + 12 + 12;
            let stored = fdeflate::StoredOnlyCompressor::<()>::compressed_size(scanlines);
            assert!(file.len() <= framing + stored, "{text:?} at scale {scale}");
            if scale > 1.0 {
                assert!(
                    file.len() < framing + scanlines / 4,
                    "repeated rows compress"
                );
            }
            let (width, _, pixels) = rgba(&file);
            assert_eq!(width, side);
            let dark_pixels = pixels.chunks_exact(4).filter(|pixel| pixel[0] == 0).count();
            let dark_bits: u32 = rows.iter().map(|byte| byte.count_ones()).sum();
            assert_eq!(dark_pixels, dark_bits as usize, "{text:?}");
        }
    }

    #[test]
    fn the_default_image_is_four_pixels_a_module_with_a_four_module_margin() {
        let symbol = create("A", &QrOptions::default()).unwrap();
        let (width, _, pixels) = rgba(&render(&symbol, &RenderOptions::default()).unwrap());
        assert_eq!(width, (21 + 8) * 4);
        let at = |x: u32, y: u32| pixels[((y * width + x) * 4) as usize..][..4].to_vec();
        assert_eq!(at(0, 0), [255, 255, 255, 255]);
        assert_eq!(at(16, 16), [0, 0, 0, 255], "the finder pattern's corner");
    }

    #[test]
    fn translucent_colours_survive_the_palette() {
        let symbol = create("A", &QrOptions::default()).unwrap();
        let options = RenderOptions {
            dark: Color::parse("color.dark", "#12345680").unwrap(),
            light: Color::parse("color.light", "#abcdef00").unwrap(),
            ..RenderOptions::default()
        };
        let (width, _, pixels) = rgba(&render(&symbol, &options).unwrap());
        assert_eq!(pixels[..4], [0xab, 0xcd, 0xef, 0]);
        let corner = ((16 * width + 16) * 4) as usize;
        assert_eq!(pixels[corner..corner + 4], [0x12, 0x34, 0x56, 0x80]);
    }

    #[test]
    fn absurd_sizes_are_refused_without_allocating() {
        let symbol = create("A", &QrOptions::default()).unwrap();
        for options in [
            RenderOptions {
                width: Some(1e6),
                ..RenderOptions::default()
            },
            RenderOptions {
                scale: 1e6,
                ..RenderOptions::default()
            },
            RenderOptions {
                scale: 345.0,
                ..RenderOptions::default()
            },
            RenderOptions {
                scale: 0.01,
                ..RenderOptions::default()
            },
        ] {
            let error = render(&symbol, &options).unwrap_err();
            assert_eq!(error.code(), "ERR_QR_INVALID_OPTION", "{options:?}");
            assert_eq!(error.class(), crate::error::JsClass::RangeError);
        }
        let largest = RenderOptions {
            width: Some(10_000.0),
            ..RenderOptions::default()
        };
        assert_eq!(image_geometry(&symbol, &largest).unwrap().0, 10_000);
    }

    #[test]
    fn a_data_url_is_the_png_in_base64() {
        let symbol = create("A", &QrOptions::default()).unwrap();
        let url = data_url(&symbol, &RenderOptions::default()).unwrap();
        let png = render(&symbol, &RenderOptions::default()).unwrap();
        let body = url.strip_prefix("data:image/png;base64,").unwrap();
        assert_eq!(
            base64::engine::general_purpose::STANDARD
                .decode(body)
                .unwrap(),
            png
        );
    }
}
