//! The PNG `qrcode` 1.5.4 writes, before its deflate: pngjs 5.0.0's packer
//! (`packer.js`, `bitpacker.js`, `filter-pack.js`) applied to the RGBA
//! raster `qrcode` fills (see `rgba`).
//!
//! `qrcode` always fills an 8-bit RGBA buffer of `width × height × 4`
//! bytes and passes its `rendererOpts` to pngjs unchanged, so pngjs reads
//! that buffer as its options describe it (PNG, ISO/IEC 15948 §6 for the
//! colour types, §9 for the filters):
//!
//! - with `colorType` equal to `inputColorType` at 8 bits, the bytes are the
//!   samples as they are, `bytes per pixel × width` to a row;
//! - otherwise each pixel is read as `inputColorType` samples (`inputHasAlpha:
//!   false` makes RGBA three samples a pixel), at 16 bits as the buffer's
//!   native-endian 16-bit words, past the end as `undefined`; it is composed
//!   over `bgColor` when the input has alpha and the output has none, and
//!   turned to grey as `(r + g + b) / 3` for the grey types;
//! - each row takes the filter whose filtered bytes, as signed differences,
//!   sum to the least in absolute value, the first of None, Sub, Up,
//!   Average, Paeth on a tie (or the one `filterType` names).
//!
//! This module reproduces that byte for byte, in JavaScript's arithmetic
//! where it matters (`Math.round`, `NaN` from `undefined`, stores into a
//! byte array). The deflate itself is Node's own zlib, run by the caller
//! with pngjs's parameters; [`chunk`] frames its output.

use super::rgba::Raster;
use crate::error::{Error, Result};

/// The PNG signature (§5.2).
pub const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// The colour types pngjs packs (§11.2.2, Table 11.1); palette is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorType {
    Grayscale = 0,
    Rgb = 2,
    GrayscaleAlpha = 4,
    Rgba = 6,
}

impl ColorType {
    /// A colour type by its PNG number: 0, 2, 4 or 6.
    pub fn from_number(option: &'static str, value: f64) -> Result<ColorType> {
        match value {
            0.0 => Ok(ColorType::Grayscale),
            2.0 => Ok(ColorType::Rgb),
            4.0 => Ok(ColorType::GrayscaleAlpha),
            6.0 => Ok(ColorType::Rgba),
            _ => Err(Error::qr_option(
                option,
                "0 (grey), 2 (RGB), 4 (grey and alpha) or 6 (RGBA)",
                value,
            )),
        }
    }

    /// Samples a pixel.
    fn samples(self) -> usize {
        match self {
            ColorType::Grayscale => 1,
            ColorType::Rgb => 3,
            ColorType::GrayscaleAlpha => 2,
            ColorType::Rgba => 4,
        }
    }

    fn has_alpha(self) -> bool {
        matches!(self, ColorType::GrayscaleAlpha | ColorType::Rgba)
    }
}

/// Which filter each row gets (§9.2, Table 9.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterChoice {
    /// pngjs's default (`filterType: -1`): the least sum of absolute
    /// differences, row by row.
    Adaptive,
    /// One filter for every row: 0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth.
    Fixed(u8),
}

impl FilterChoice {
    /// `filterType`: -1 for adaptive, or 0 to 4.
    pub fn from_number(value: f64) -> Result<FilterChoice> {
        match value {
            -1.0 => Ok(FilterChoice::Adaptive),
            0.0 | 1.0 | 2.0 | 3.0 | 4.0 => Ok(FilterChoice::Fixed(value as u8)),
            _ => Err(Error::qr_option(
                "rendererOpts.filterType",
                "-1 (adaptive) or a filter type from 0 to 4",
                value,
            )),
        }
    }
}

/// pngjs's packing options, with its defaults (`packer.js`).
#[derive(Debug, Clone, PartialEq)]
pub struct PackOptions {
    /// 8 (default) or 16 bits a sample.
    pub sixteen_bit: bool,
    /// The output colour type, default RGBA.
    pub color_type: ColorType,
    /// What pngjs takes the buffer to hold, default RGBA.
    pub input_color_type: ColorType,
    /// Whether the input's fourth sample is alpha, default true.
    pub input_has_alpha: bool,
    /// The background composed under translucent pixels for an output with
    /// no alpha, as red, green and blue in the output's sample range; each
    /// `None` is the maximum (white), as in pngjs.
    pub background: [Option<f64>; 3],
    pub filter: FilterChoice,
}

impl Default for PackOptions {
    fn default() -> Self {
        Self {
            sixteen_bit: false,
            color_type: ColorType::Rgba,
            input_color_type: ColorType::Rgba,
            input_has_alpha: true,
            background: [None; 3],
            filter: FilterChoice::Adaptive,
        }
    }
}

impl PackOptions {
    /// Bytes a pixel in the packed rows (`COLORTYPE_TO_BPP_MAP`, doubled
    /// at 16 bits).
    fn pixel_bytes(&self) -> usize {
        self.color_type.samples() * if self.sixteen_bit { 2 } else { 1 }
    }

    /// The bytes [`scanlines`] makes for an image `side` pixels a side: each
    /// row's filter byte and its packed pixels.
    pub fn scanlines_len(&self, side: usize) -> usize {
        side.saturating_mul(side.saturating_mul(self.pixel_bytes()).saturating_add(1))
    }

    /// The background channel values after pngjs's defaults.
    pub fn checked_background(&self) -> Result<[f64; 3]> {
        let max = self.max_value();
        let mut channels = [max; 3];
        for (channel, given) in channels.iter_mut().zip(self.background) {
            if let Some(value) = given {
                if !value.is_finite() {
                    return Err(Error::qr_option(
                        "rendererOpts.bgColor",
                        "red, green and blue as finite numbers",
                        value,
                    ));
                }
                *channel = value;
            }
        }
        Ok(channels)
    }

    fn max_value(&self) -> f64 {
        if self.sixteen_bit {
            65_535.0
        } else {
            255.0
        }
    }
}

/// A PNG chunk (§5.3): length, type, data and the CRC of type and data.
pub fn chunk(kind: [u8; 4], data: &[u8]) -> Result<Vec<u8>> {
    let length = u32::try_from(data.len())
        .ok()
        .filter(|length| *length <= i32::MAX as u32)
        .ok_or_else(|| Error::qr_option("chunk", "at most 2^31 - 1 bytes of data", data.len()))?;
    let mut crc = crc32fast::Hasher::new();
    crc.update(&kind);
    crc.update(data);
    let mut framed = Vec::with_capacity(data.len() + 12);
    framed.extend_from_slice(&length.to_be_bytes());
    framed.extend_from_slice(&kind);
    framed.extend_from_slice(data);
    framed.extend_from_slice(&crc.finalize().to_be_bytes());
    Ok(framed)
}

/// The IHDR chunk pngjs writes (§11.2.2): no interlace, deflate, filter
/// method 0.
pub fn ihdr(side: usize, options: &PackOptions) -> Result<Vec<u8>> {
    let side = u32::try_from(side)
        .map_err(|_| Error::qr_option("width", "at most 2^32 - 1 pixels", side))?;
    let mut data = Vec::with_capacity(13);
    data.extend_from_slice(&side.to_be_bytes());
    data.extend_from_slice(&side.to_be_bytes());
    data.push(if options.sixteen_bit { 16 } else { 8 });
    data.push(options.color_type as u8);
    data.extend_from_slice(&[0, 0, 0]);
    chunk(*b"IHDR", &data)
}

/// The filtered scanlines pngjs deflates: for each row, its filter type
/// byte and the filtered bytes.
pub fn scanlines(raster: &Raster, options: &PackOptions) -> Result<Vec<u8>> {
    let background = options.checked_background()?;
    let side = raster.side();
    let pixel_bytes = options.pixel_bytes();
    let row_bytes = side * pixel_bytes;
    let mut out = vec![0_u8; options.scanlines_len(side)];
    // Each with a pixel of zeros in front (see `Padded`); the row above the
    // first is zeros.
    let mut previous = vec![0_u8; pixel_bytes + row_bytes];
    let mut current = vec![0_u8; pixel_bytes + row_bytes];
    let mut reader = RowReader {
        raster,
        options,
        background,
        bytes: Vec::new(),
    };
    for (row, line) in out.chunks_exact_mut(row_bytes + 1).enumerate() {
        let repeated = if row > 0 && reader.repeats(row) {
            current.copy_from_slice(&previous);
            true
        } else {
            if let Some(packed) = current.get_mut(pixel_bytes..) {
                reader.packed_row(row, packed);
            }
            row > 0 && current == previous
        };
        let (kind, filtered) = line.split_at_mut(1);
        let (Some(row_padded), Some(above_padded)) = (
            Padded::new(&current, pixel_bytes),
            Padded::new(&previous, pixel_bytes),
        ) else {
            return Err(Error::Internal {
                what: "a scanline shorter than its padding",
            });
        };
        kind[0] = filter_row(
            options.filter,
            &row_padded,
            &above_padded,
            repeated,
            filtered,
        );
        std::mem::swap(&mut previous, &mut current);
    }
    Ok(out)
}

/// Makes pngjs's packed rows (`bitpacker.js`) one at a time.
struct RowReader<'a> {
    raster: &'a Raster<'a>,
    options: &'a PackOptions,
    background: [f64; 3],
    /// The raster bytes one converted row reads.
    bytes: Vec<u8>,
}

impl RowReader<'_> {
    /// pngjs's fast route: `colorType` and `inputColorType` both RGBA at 8
    /// bits, where the RGBA bytes are the packed rows.
    fn is_plain(&self) -> bool {
        let options = self.options;
        options.color_type == ColorType::Rgba
            && options.input_color_type == ColorType::Rgba
            && !options.sixteen_bit
    }

    /// Whether `row` is certainly the row before (it shows the same module
    /// row, on the plain route), so it need not be made again.
    fn repeats(&self, row: usize) -> bool {
        self.is_plain() && self.raster.row_key(row) == self.raster.row_key(row - 1)
    }

    /// Fills `row`'s packed bytes into `out`.
    fn packed_row(&mut self, row: usize, out: &mut [u8]) {
        let options = self.options;
        if self.is_plain() {
            self.raster.draw_row(row, out);
        } else if options.color_type == options.input_color_type && !options.sixteen_bit {
            // The same route for another colour type reads the RGBA bytes
            // as rows of fewer samples a pixel.
            self.raster.read(row * out.len(), out);
        } else {
            self.convert_row(row, out);
        }
    }

    /// pngjs's conversion loop, for output row `row`.
    fn convert_row(&mut self, row: usize, out: &mut [u8]) {
        let options = self.options;
        let side = self.raster.side();
        let sixteen = options.sixteen_bit;
        let max = options.max_value();
        let mut in_samples = options.input_color_type.samples();
        if in_samples == 4 && !options.input_has_alpha {
            in_samples = 3;
        }
        let sample_bytes = if sixteen { 2 } else { 1 };
        // Samples of this row: from the first pixel's first to the last
        // pixel's fourth, which pngjs reads for RGBA input even when it
        // steps by three.
        let first_sample = row * side * in_samples;
        let samples = side * in_samples + 4;
        let start = first_sample * sample_bytes;
        self.bytes.clear();
        self.bytes.resize(samples * sample_bytes, 0);
        let available = self.raster.read(start, &mut self.bytes);
        let bytes = &self.bytes;
        // A sample as pngjs reads it: a byte, or a native-endian 16-bit word
        // of the 8-bit buffer; past the buffer's end, `undefined` (NaN in
        // arithmetic, 0 once stored).
        let sample = |index: usize| -> f64 {
            let at = index * sample_bytes;
            if at + sample_bytes > available {
                return f64::NAN;
            }
            if sixteen {
                // Little-endian, as on every platform this addon is built for.
                f64::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]))
            } else {
                f64::from(bytes[at])
            }
        };
        let out_has_alpha = options.color_type.has_alpha();
        let pixel_bytes = options.pixel_bytes();
        for (x, pixel) in out.chunks_exact_mut(pixel_bytes).enumerate() {
            let at = x * in_samples;
            let (mut red, mut green, mut blue, mut alpha);
            match options.input_color_type {
                ColorType::Rgba => {
                    red = sample(at);
                    green = sample(at + 1);
                    blue = sample(at + 2);
                    alpha = sample(at + 3);
                }
                ColorType::Rgb => {
                    red = sample(at);
                    green = sample(at + 1);
                    blue = sample(at + 2);
                    alpha = max;
                }
                ColorType::GrayscaleAlpha => {
                    red = sample(at);
                    (green, blue) = (red, red);
                    alpha = sample(at + 1);
                }
                ColorType::Grayscale => {
                    red = sample(at);
                    (green, blue) = (red, red);
                    alpha = max;
                }
            }
            if options.input_has_alpha && !out_has_alpha {
                alpha /= max;
                let [bg_red, bg_green, bg_blue] = self.background;
                red = js_clamp(js_round((1.0 - alpha) * bg_red + alpha * red), max);
                green = js_clamp(js_round((1.0 - alpha) * bg_green + alpha * green), max);
                blue = js_clamp(js_round((1.0 - alpha) * bg_blue + alpha * blue), max);
            }
            let values: [f64; 4];
            let count = match options.color_type {
                ColorType::Rgba | ColorType::Rgb => {
                    values = [red, green, blue, alpha];
                    if out_has_alpha {
                        4
                    } else {
                        3
                    }
                }
                ColorType::GrayscaleAlpha | ColorType::Grayscale => {
                    values = [(red + green + blue) / 3.0, alpha, 0.0, 0.0];
                    if out_has_alpha {
                        2
                    } else {
                        1
                    }
                }
            };
            for (index, value) in values.iter().take(count).enumerate() {
                if sixteen {
                    let word = js_to_u16(*value).to_be_bytes();
                    if let Some(target) = pixel.get_mut(index * 2..index * 2 + 2) {
                        target.copy_from_slice(&word);
                    }
                } else if let Some(target) = pixel.get_mut(index) {
                    *target = js_to_u8(*value);
                }
            }
        }
    }
}

/// `Math.round`: the nearest integer, halves toward +∞.
fn js_round(value: f64) -> f64 {
    let floor = value.floor();
    if value - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

/// `Math.min(Math.max(value, 0), max)`, where NaN stays NaN.
fn js_clamp(value: f64, max: f64) -> f64 {
    if value.is_nan() {
        value
    } else {
        value.max(0.0).min(max)
    }
}

/// A number stored into a `Buffer` element: truncated, modulo 256, NaN and
/// infinities as 0.
fn js_to_u8(value: f64) -> u8 {
    if value.is_finite() {
        // Truncated and reduced modulo 256: in range for the cast.
        (value.trunc() % 256.0 + 256.0) as u64 as u8
    } else {
        0
    }
}

/// `buffer.writeUInt16BE(value)` for the values pngjs writes (0 to 65,535,
/// or NaN): the truncated value, NaN as 0.
fn js_to_u16(value: f64) -> u16 {
    if value.is_finite() {
        // Reduced modulo 65,536 first: in range for the cast.
        ((value.trunc() % 65_536.0 + 65_536.0) % 65_536.0) as u16
    } else {
        0
    }
}

/// Filters one packed row into `out` and returns its filter type byte.
/// `repeated`: `row` equals `previous`, so Up gives zeros and wins unless
/// the row is all zeros (then None does, being first).
fn filter_row(
    choice: FilterChoice,
    row: &Padded,
    above: &Padded,
    repeated: bool,
    out: &mut [u8],
) -> u8 {
    if repeated && choice != FilterChoice::Fixed(0) {
        let zeros = row.row().iter().all(|&byte| byte == 0);
        if choice == FilterChoice::Fixed(2) || (choice == FilterChoice::Adaptive && !zeros) {
            out.fill(0);
            return 2;
        }
    }
    let kind = match choice {
        FilterChoice::Fixed(kind) => kind,
        FilterChoice::Adaptive => least_sum_filter(row, above),
    };
    apply_filter(kind, row, above, out);
    kind
}

/// The Paeth predictor (§9.4), with pngjs's order of ties; written as
/// selects, so the loops over a row can be vectorised.
#[inline]
fn paeth(left: i32, up: i32, up_left: i32) -> i32 {
    let estimate = left + up - up_left;
    let (to_left, to_up, to_up_left) = (
        (estimate - left).abs(),
        (estimate - up).abs(),
        (estimate - up_left).abs(),
    );
    let up_or_up_left = if to_up <= to_up_left { up } else { up_left };
    if to_left <= to_up && to_left <= to_up_left {
        left
    } else {
        up_or_up_left
    }
}

/// The prediction filter `kind` subtracts (§9.2): from the bytes to the
/// left, above and above-left, 0 outside the image.
#[inline]
fn prediction(kind: u8, left: i32, up: i32, up_left: i32) -> i32 {
    match kind {
        1 => left,
        2 => up,
        3 => (left + up) >> 1,
        4 => paeth(left, up, up_left),
        _ => 0,
    }
}

/// A packed row, and the bytes a pixel to the left of each of its bytes:
/// the row read from a buffer with the `pixel_bytes` zeros pngjs reads left
/// of the first pixel in front. (The row above the first is all zeros.)
struct Padded<'a> {
    row: &'a [u8],
    left: &'a [u8],
}

impl<'a> Padded<'a> {
    /// `None` when `padded` is shorter than its padding.
    fn new(padded: &'a [u8], pixel_bytes: usize) -> Option<Self> {
        let (_, row) = padded.split_at_checked(pixel_bytes)?;
        let (left, _) = padded.split_at_checked(padded.len() - pixel_bytes)?;
        Some(Padded { row, left })
    }

    fn row(&self) -> &[u8] {
        self.row
    }

    fn left(&self) -> &[u8] {
        self.left
    }
}

/// Each byte of the row with its left, up and up-left neighbours.
fn neighbours<'a>(
    row: &'a Padded<'a>,
    above: &'a Padded<'a>,
) -> impl Iterator<Item = (i32, i32, i32, i32)> + 'a {
    row.row()
        .iter()
        .zip(row.left())
        .zip(above.row())
        .zip(above.left())
        .map(|(((&byte, &left), &up), &up_left)| {
            (
                i32::from(byte),
                i32::from(left),
                i32::from(up),
                i32::from(up_left),
            )
        })
}

/// pngjs's heuristic: the filter whose differences (not reduced modulo
/// 256) have the least sum of absolute values; the first on a tie.
fn least_sum_filter(row: &Padded, above: &Padded) -> u8 {
    let (mut none, mut sub, mut up_sum, mut average, mut paeth_sum) =
        (0_u64, 0_u64, 0_u64, 0_u64, 0_u64);
    for (byte, left, up, up_left) in neighbours(row, above) {
        none += u64::from(byte.unsigned_abs());
        sub += u64::from((byte - left).unsigned_abs());
        up_sum += u64::from((byte - up).unsigned_abs());
        average += u64::from((byte - ((left + up) >> 1)).unsigned_abs());
        paeth_sum += u64::from((byte - paeth(left, up, up_left)).unsigned_abs());
    }
    let sums = [none, sub, up_sum, average, paeth_sum];
    let mut best = 0;
    for kind in 1..sums.len() {
        if sums[kind] < sums[best] {
            best = kind;
        }
    }
    // One of 0 to 4.
    best as u8
}

fn apply_filter(kind: u8, row: &Padded, above: &Padded, out: &mut [u8]) {
    if kind == 0 {
        out.copy_from_slice(row.row());
        return;
    }
    for (target, (byte, left, up, up_left)) in out.iter_mut().zip(neighbours(row, above)) {
        // Stored into a byte array: modulo 256.
        *target = (byte - prediction(kind, left, up, up_left)) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::rgba::RasterOptions;
    use crate::qr::{create, Color, QrOptions};

    #[test]
    fn chunks_carry_their_length_type_and_crc() {
        // IEND's CRC is fixed by the format: AE 42 60 82.
        assert_eq!(
            chunk(*b"IEND", &[]).unwrap(),
            [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82]
        );
        let header = ihdr(116, &PackOptions::default()).unwrap();
        assert_eq!(&header[..8], [0, 0, 0, 13, b'I', b'H', b'D', b'R']);
        assert_eq!(&header[8..21], [0, 0, 0, 116, 0, 0, 0, 116, 8, 6, 0, 0, 0]);
    }

    #[test]
    fn the_paeth_predictor_breaks_ties_left_then_up() {
        assert_eq!(paeth(10, 10, 10), 10);
        assert_eq!(paeth(1, 5, 3), 3);
        assert_eq!(paeth(5, 1, 3), 3);
        assert_eq!(paeth(0, 9, 0), 9);
        assert_eq!(paeth(9, 0, 0), 9);
    }

    #[test]
    fn javascript_rounding_and_stores_are_reproduced() {
        assert_eq!(js_round(2.5), 3.0);
        assert_eq!(js_round(-2.5), -2.0);
        assert_eq!(js_round(0.49999999999999994), 0.0);
        assert!(js_round(f64::NAN).is_nan());
        assert_eq!(js_to_u8(255.9), 255);
        assert_eq!(js_to_u8(256.0), 0);
        assert_eq!(js_to_u8(-1.0), 255);
        assert_eq!(js_to_u8(f64::NAN), 0);
        assert_eq!(js_to_u16(65_535.5), 65_535);
        assert_eq!(js_to_u16(f64::NAN), 0);
        assert!(js_clamp(f64::NAN, 255.0).is_nan());
        assert_eq!(js_clamp(300.0, 255.0), 255.0);
    }

    /// Unfilters scanlines the standard way (§9.2) to check the filtering
    /// round-trips, whatever filter each row took.
    fn unfilter(lines: &[u8], row_bytes: usize, pixel_bytes: usize) -> Vec<u8> {
        let mut out: Vec<u8> = Vec::new();
        let mut previous = vec![0_u8; row_bytes];
        for line in lines.chunks_exact(row_bytes + 1) {
            let kind = line[0];
            let mut row = vec![0_u8; row_bytes];
            for x in 0..row_bytes {
                let left = if x >= pixel_bytes {
                    row[x - pixel_bytes]
                } else {
                    0
                };
                let up = previous[x];
                let up_left = if x >= pixel_bytes {
                    previous[x - pixel_bytes]
                } else {
                    0
                };
                let predicted =
                    prediction(kind, i32::from(left), i32::from(up), i32::from(up_left));
                row[x] = line[x + 1].wrapping_add(predicted as u8);
            }
            out.extend_from_slice(&row);
            previous = row;
        }
        out
    }

    #[test]
    fn every_filter_round_trips_to_the_rgba_pixels() {
        let symbol = create("filters", &QrOptions::default()).unwrap();
        let raster = Raster::new(
            &symbol,
            &RasterOptions {
                scale: 1.5,
                dark: Color::parse("color.dark", "#40108080").unwrap(),
                ..RasterOptions::default()
            },
        )
        .unwrap();
        let rgba = raster.to_rgba();
        for filter in [
            FilterChoice::Adaptive,
            FilterChoice::Fixed(0),
            FilterChoice::Fixed(1),
            FilterChoice::Fixed(2),
            FilterChoice::Fixed(3),
            FilterChoice::Fixed(4),
        ] {
            let options = PackOptions {
                filter,
                ..PackOptions::default()
            };
            let lines = scanlines(&raster, &options).unwrap();
            assert_eq!(unfilter(&lines, raster.side() * 4, 4), rgba, "{filter:?}");
        }
    }

    #[test]
    fn grey_without_alpha_composes_over_the_background() {
        let symbol = create("A", &QrOptions::default()).unwrap();
        let raster = Raster::new(
            &symbol,
            &RasterOptions {
                scale: 1.0,
                margin: 0.0,
                // Half-transparent black over a grey of 100: round(50).
                dark: Color::parse("color.dark", "#00000080").unwrap(),
                ..RasterOptions::default()
            },
        )
        .unwrap();
        let options = PackOptions {
            color_type: ColorType::Grayscale,
            background: [Some(100.0), Some(100.0), Some(100.0)],
            filter: FilterChoice::Fixed(0),
            ..PackOptions::default()
        };
        let lines = scanlines(&raster, &options).unwrap();
        // The top-left module is dark: (1 - 128/255)·100 rounds to 50.
        assert_eq!(lines[1], 50);
        let refused = PackOptions {
            background: [Some(f64::NAN), None, None],
            ..options
        };
        assert!(scanlines(&raster, &refused).is_err());
    }

    #[test]
    fn sixteen_bits_read_the_8_bit_buffer_as_16_bit_words() {
        // qrcode fills 4 bytes a pixel; pngjs at 16 bits reads 8 a pixel,
        // so the lower half of the image is past the buffer's end: zeros.
        let symbol = create("A", &QrOptions::default()).unwrap();
        let raster = Raster::new(&symbol, &RasterOptions::default()).unwrap();
        let options = PackOptions {
            sixteen_bit: true,
            filter: FilterChoice::Fixed(0),
            ..PackOptions::default()
        };
        let lines = scanlines(&raster, &options).unwrap();
        let row_bytes = raster.side() * 8 + 1;
        let side = raster.side();
        let top = &lines[1..row_bytes];
        // White pixels 0xff 0xff read as the word 0xffff, written big-endian.
        assert!(top.iter().all(|&byte| byte == 0xff));
        let last = &lines[(side - 1) * row_bytes + 1..side * row_bytes];
        assert!(last.iter().all(|&byte| byte == 0));
    }
}
