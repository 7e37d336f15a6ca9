//! 8-bit RGBA rasters, pixel for pixel as `qrcode` 1.5.4 fills an image
//! buffer (`renderer/utils.js` `qrToImageData`): the pixels of its PNG
//! (before pngjs packs them, see `pngjs`) and of its `toCanvas`.
//!
//! A raster's geometry is `qrcode`'s (`getScale`, `getImageWidth`), in the
//! same double arithmetic, so a fractional margin or scale lands on the same
//! pixels. The image is never needed whole: rows are drawn on demand, and a
//! pixel row repeats its predecessor whenever both show the same module row.

use super::{Color, QrSymbol, MAX_VERSION};
use crate::error::{Error, Result};

/// The largest raster side, in pixels: 16,384, the side of the largest
/// canvas browsers draw (268,435,456 pixels) and a gigabyte of RGBA. It is
/// over 90 pixels a module at the largest version.
pub const MAX_RASTER_SIDE: u32 = 16_384;

/// How a raster is drawn: `qrcode`'s `margin`, `scale`, `width` and colours.
#[derive(Debug, Clone, PartialEq)]
pub struct RasterOptions {
    /// The quiet zone in modules, default 4. On a raster it is
    /// `margin · scale` pixels, so a fraction of a module is meaningful.
    pub margin: f64,
    /// Pixels per module, default 4; may be fractional.
    pub scale: f64,
    /// The image side in pixels, as in `qrcode`: used only when at least 21;
    /// then the scale is `width / (size + 2·margin)` if the symbol fits, and
    /// 4 if not.
    pub width: Option<f64>,
    /// Dark modules, default `#000000ff`.
    pub dark: Color,
    /// Light modules and the quiet zone, default `#ffffffff`.
    pub light: Color,
}

impl Default for RasterOptions {
    fn default() -> Self {
        Self {
            margin: 4.0,
            scale: 4.0,
            width: None,
            dark: Color::BLACK,
            light: Color::WHITE,
        }
    }
}

/// A pixel of the quiet zone: an index no module list reaches, so it reads
/// as light like any position past the end.
pub(crate) const QUIET: usize = usize::MAX;

/// A symbol's modules: `size × size`, row-major, dark = `true` — a
/// [`QrSymbol`]'s, or a matrix handed in (a `create` result drawn later).
#[derive(Debug, Clone, Copy)]
pub struct Modules<'a> {
    size: usize,
    dark: &'a [bool],
}

impl<'a> Modules<'a> {
    /// `size × size` modules, `size` at most a version 40 symbol's 177.
    pub fn new(size: usize, dark: &'a [bool]) -> Result<Modules<'a>> {
        let largest = 17 + 4 * usize::from(MAX_VERSION);
        if size == 0 || size > largest || size.checked_mul(size) != Some(dark.len()) {
            return Err(Error::qr_option(
                "symbol",
                "size × size modules, size from 1 to 177",
                format!("size {size} with {} modules", dark.len()),
            ));
        }
        Ok(Modules { size, dark })
    }
}

impl<'a> From<&'a QrSymbol> for Modules<'a> {
    fn from(symbol: &'a QrSymbol) -> Self {
        Modules {
            size: symbol.size,
            dark: &symbol.modules,
        }
    }
}

/// A symbol laid out on pixels: the image is `side × side`, and each pixel
/// row and column knows the module row or column it shows.
#[derive(Debug, Clone)]
pub struct Raster<'a> {
    symbol: Modules<'a>,
    side: usize,
    /// For each pixel row (and, the image being square, column): its module
    /// row, or [`QUIET`].
    to_module: Vec<usize>,
    /// Runs of pixels of one row that show one module column:
    /// `(module column, first pixel, pixels)`.
    runs: Vec<(usize, usize, usize)>,
    dark: [u8; 4],
    light: [u8; 4],
}

impl<'a> Raster<'a> {
    /// Lays `symbol` out as `qrcode` does: the scale is `width / (size +
    /// 2·margin)` for a `width` of at least 21 that fits, 4 for one that
    /// does not, `scale` otherwise; the side `floor((size + 2·margin) ·
    /// scale)`, from 1 to [`MAX_RASTER_SIDE`].
    pub fn new(symbol: impl Into<Modules<'a>>, options: &RasterOptions) -> Result<Raster<'a>> {
        let symbol = symbol.into();
        let RasterOptions {
            margin,
            scale,
            width,
            ..
        } = *options;
        // No bound of its own: the side's bounds the work.
        if !(margin.is_finite() && margin >= 0.0) {
            return Err(Error::qr_option(
                "margin",
                "a non-negative number of modules",
                margin,
            ));
        }
        if !(scale.is_finite() && scale > 0.0) {
            return Err(Error::qr_option("scale", "a positive number", scale));
        }
        if let Some(width) = width {
            if !(width.is_finite() && width >= 0.0) {
                return Err(Error::qr_option(
                    "width",
                    "a positive number of pixels",
                    width,
                ));
            }
        }
        let width = width.filter(|width| *width >= 21.0);
        let modules = symbol.size as f64 + margin * 2.0;
        let scale = match width {
            Some(width) if width >= modules => width / modules,
            Some(_) => 4.0,
            None => scale,
        };
        let side = (modules * scale).floor();
        if !(1.0..=f64::from(MAX_RASTER_SIDE)).contains(&side) {
            let (option, got) = match width {
                Some(width) => ("width", width),
                None => ("scale", options.scale),
            };
            return Err(Error::qr_option(
                option,
                "a size giving an image of 1 to 16384 pixels a side",
                format!("{got}, which gives {side} pixels"),
            ));
        }
        // Whole and from 1 to 16,384: the cast is exact.
        let side = side as usize;
        let to_module = pixel_to_module(side, scale, margin);
        let mut runs: Vec<(usize, usize, usize)> = Vec::new();
        for (pixel, &module) in to_module.iter().enumerate() {
            match runs.last_mut() {
                Some((last, _, length)) if *last == module => *length += 1,
                _ => runs.push((module, pixel, 1)),
            }
        }
        Ok(Raster {
            symbol,
            side,
            to_module,
            runs,
            dark: options.dark.rgba(),
            light: options.light.rgba(),
        })
    }

    /// Pixels a side.
    pub fn side(&self) -> usize {
        self.side
    }

    /// The RGBA bytes of the whole image: `side × side × 4`.
    pub fn len(&self) -> usize {
        self.side * self.side * 4
    }

    /// Never: a raster has at least one pixel.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The module row pixel row `row` shows, [`QUIET`] in the quiet zone:
    /// pixel rows with the same key are identical.
    pub fn row_key(&self, row: usize) -> usize {
        self.to_module.get(row).copied().unwrap_or(QUIET)
    }

    /// Draws pixel row `row` into `line` (`side × 4` bytes).
    ///
    /// `qrcode` reads `data[iSrc * size + jSrc]`: a column one past the last
    /// (possible through rounding) reads the next row's first module, and a
    /// position past the end reads `undefined`, i.e. light. Indexing from the
    /// row's start into all the modules keeps both.
    pub fn draw_row(&self, row: usize, line: &mut [u8]) {
        let size = self.symbol.size;
        let from_row = self
            .row_key(row)
            .checked_mul(size)
            .and_then(|start| self.symbol.dark.get(start..))
            .unwrap_or_default();
        for &(column, first, length) in &self.runs {
            let dark = from_row.get(column).copied().unwrap_or(false);
            let colour = if dark { self.dark } else { self.light };
            if let Some(pixels) = line.get_mut(first * 4..(first + length) * 4) {
                for pixel in pixels.chunks_exact_mut(4) {
                    pixel.copy_from_slice(&colour);
                }
            }
        }
    }

    /// The whole image, row after row: what `qrcode` hands pngjs and a
    /// canvas's `putImageData`.
    pub fn to_rgba(&self) -> Vec<u8> {
        let row_bytes = self.side * 4;
        let mut pixels = vec![0_u8; self.len()];
        let mut drawn: Option<(usize, usize)> = None;
        for row in 0..self.side {
            let start = row * row_bytes;
            let key = self.row_key(row);
            match drawn {
                Some((last_key, last_start)) if last_key == key => {
                    pixels.copy_within(last_start..last_start + row_bytes, start);
                }
                _ => {
                    if let Some(line) = pixels.get_mut(start..start + row_bytes) {
                        self.draw_row(row, line);
                    }
                    drawn = Some((key, start));
                }
            }
        }
        pixels
    }

    /// Copies the image's bytes from byte offset `start` on into `out`, as
    /// far as the image goes, and returns how many it copied (the rest of
    /// `out` lies past the end and is left as it was).
    pub fn read(&self, start: usize, out: &mut [u8]) -> usize {
        let row_bytes = self.side * 4;
        let end = self.len().min(start.saturating_add(out.len()));
        let mut line = vec![0_u8; row_bytes];
        let mut at = start;
        while at < end {
            let row = at / row_bytes;
            let offset = at % row_bytes;
            let take = (row_bytes - offset).min(end - at);
            self.draw_row(row, &mut line);
            let (Some(from), Some(to)) = (
                line.get(offset..offset + take),
                out.get_mut(at - start..at - start + take),
            ) else {
                break;
            };
            to.copy_from_slice(from);
            at += take;
        }
        end.saturating_sub(start)
    }
}

/// For each pixel row (or column): the module row (or column) it shows,
/// [`QUIET`] in the quiet zone — `qrToImageData`'s test `i >= scaledMargin
/// && i < symbolSize - scaledMargin` and `Math.floor((i - scaledMargin) /
/// scale)`, in the same double arithmetic.
pub(crate) fn pixel_to_module(side: usize, scale: f64, margin: f64) -> Vec<usize> {
    let scaled_margin = margin * scale;
    // At most 16,384: exact as a double.
    let end = side as f64 - scaled_margin;
    (0..side)
        .map(|pixel| {
            let pixel = pixel as f64;
            if pixel >= scaled_margin && pixel < end {
                // Non-negative and below the side here, so the cast is exact.
                ((pixel - scaled_margin) / scale).floor() as usize
            } else {
                QUIET
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::test_support::{render_cases, sha256_hex};
    use crate::qr::{create, QrOptions};

    fn raster_options(case: &crate::qr::test_support::RenderCase) -> RasterOptions {
        RasterOptions {
            margin: f64::from(case.options.margin),
            scale: case.options.scale,
            width: case.options.width,
            dark: case.options.dark,
            light: case.options.light,
        }
    }

    #[test]
    fn every_fixture_raster_is_qrcodes_image_data() {
        let mut compared = 0;
        for case in render_cases() {
            let raster = Raster::new(&case.symbol, &raster_options(&case)).unwrap();
            let expected = &case.record["png"];
            assert_eq!(raster.side() as u64, expected["width"], "{}", case.context);
            assert_eq!(
                sha256_hex(raster.to_rgba()),
                expected["rgbaSha256"],
                "{}",
                case.context
            );
            compared += 1;
        }
        assert!(compared > 80);
    }

    #[test]
    fn read_gives_the_bytes_of_the_whole_image_from_any_offset() {
        let symbol = create("read", &QrOptions::default()).unwrap();
        let options = RasterOptions {
            margin: 1.5,
            scale: 2.5,
            dark: Color::parse("color.dark", "#12345678").unwrap(),
            ..RasterOptions::default()
        };
        let raster = Raster::new(&symbol, &options).unwrap();
        let whole = raster.to_rgba();
        for (start, length) in [(0, 10), (3, 400), (whole.len() - 7, 20), (1234, 5000)] {
            let mut out = vec![0xee_u8; length];
            let copied = raster.read(start, &mut out);
            let expected = &whole[start..(start + length).min(whole.len())];
            assert_eq!(copied, expected.len());
            assert_eq!(&out[..copied], expected);
            assert!(out[copied..].iter().all(|&byte| byte == 0xee));
        }
        assert_eq!(raster.read(whole.len() + 5, &mut [0; 4]), 0);
    }

    #[test]
    fn a_fractional_margin_is_margin_times_scale_pixels() {
        let symbol = create("A", &QrOptions::default()).unwrap();
        let options = RasterOptions {
            margin: 0.5,
            scale: 4.0,
            ..RasterOptions::default()
        };
        let raster = Raster::new(&symbol, &options).unwrap();
        assert_eq!(raster.side(), 22 * 4);
        let pixels = raster.to_rgba();
        let at = |x: usize, y: usize| &pixels[(y * raster.side() + x) * 4..][..4];
        assert_eq!(at(1, 1), [255, 255, 255, 255], "two pixels of quiet zone");
        assert_eq!(at(2, 2), [0, 0, 0, 255], "then the finder pattern");
    }

    #[test]
    fn a_matrix_handed_in_draws_as_its_symbol_does() {
        let symbol = create("matrix", &QrOptions::default()).unwrap();
        let options = RasterOptions::default();
        let handed = Modules::new(symbol.size, &symbol.modules).unwrap();
        assert_eq!(
            Raster::new(handed, &options).unwrap().to_rgba(),
            Raster::new(&symbol, &options).unwrap().to_rgba()
        );
        for (size, count) in [(0, 0), (3, 8), (178, 178 * 178)] {
            let dark = vec![false; count];
            assert_eq!(
                Modules::new(size, &dark).unwrap_err().code(),
                "ERR_QR_INVALID_OPTION"
            );
        }
    }

    #[test]
    fn sides_beyond_the_cap_or_below_a_pixel_are_refused() {
        let symbol = create("A", &QrOptions::default()).unwrap();
        let largest = RasterOptions {
            width: Some(16_384.0),
            ..RasterOptions::default()
        };
        assert_eq!(Raster::new(&symbol, &largest).unwrap().side(), 16_384);
        for options in [
            RasterOptions {
                width: Some(16_385.0),
                ..RasterOptions::default()
            },
            RasterOptions {
                scale: 0.01,
                ..RasterOptions::default()
            },
            RasterOptions {
                scale: -1.0,
                ..RasterOptions::default()
            },
            RasterOptions {
                margin: f64::NAN,
                ..RasterOptions::default()
            },
            RasterOptions {
                margin: -0.5,
                ..RasterOptions::default()
            },
            RasterOptions {
                width: Some(f64::INFINITY),
                ..RasterOptions::default()
            },
        ] {
            let error = Raster::new(&symbol, &options).unwrap_err();
            assert_eq!(error.code(), "ERR_QR_INVALID_OPTION", "{options:?}");
        }
    }
}
