//! What a symbol encodes, as segments of one mode each, and the smallest
//! version that holds them — as `qrcode` 1.5.4 decides both, quirks
//! included, so that its symbols are reproduced bit for bit.
//!
//! A text is split into numeric, alphanumeric, byte and (with a Shift JIS
//! converter) Kanji segments; a list of segments is taken as given. ISO/IEC
//! 18004:2015 §7.4 and Annex J describe mode switching in general; `qrcode`
//! (`core/segments.js`) does it with a shortest-path search, by `dijkstrajs`
//! 1.0.3, over a graph of candidate segments whose edge weights are only an
//! estimate of the bits (`buildGraph` tracks run lengths per predecessor in
//! a way that makes some weights differ from the true cost). The estimate
//! and the search's tie-breaking decide which segmentation wins, so both are
//! reproduced exactly — by a pass over the graph's layers instead of a
//! search (see [`optimal_pieces`]).
//!
//! What comes out is a [`Plan`]: one byte buffer, the segments as ranges of
//! it, and the version; [`Plan::write`] puts its bits in a symbol's bit
//! stream.

use std::borrow::Cow;

use super::bits::BitStream;
use super::codewords;
use super::{ErrorCorrectionLevel, MAX_VERSION, MIN_VERSION};
use crate::error::{Error, Result};

/// An encoding mode (ISO/IEC 18004:2015 §7.3.2–7.3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentMode {
    /// Digits `0-9`, three to 10 bits.
    Numeric,
    /// `0-9`, `A-Z` and ` $%*+-./:` (Table 5), two to 11 bits.
    Alphanumeric,
    /// Bytes, 8 bits each (text as UTF-8).
    Byte,
    /// Shift JIS double-byte characters (JIS X 0208), 13 bits each.
    Kanji,
}

impl SegmentMode {
    /// Reads a mode by the lower-case name `qrcode` documents for segment
    /// lists. (`qrcode` also takes other cases, and any unknown name as
    /// "choose"; here those are errors.)
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "numeric" => Ok(Self::Numeric),
            "alphanumeric" => Ok(Self::Alphanumeric),
            "byte" => Ok(Self::Byte),
            "kanji" => Ok(Self::Kanji),
            _ => Err(Error::qr_option(
                "mode",
                "'numeric', 'alphanumeric', 'byte' or 'kanji'",
                format!("{name:?}"),
            )),
        }
    }

    /// The name [`SegmentMode::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Numeric => "numeric",
            Self::Alphanumeric => "alphanumeric",
            Self::Byte => "byte",
            Self::Kanji => "kanji",
        }
    }

    /// Bits of the character count indicator (Table 3), for versions 1–9,
    /// 10–26 and 27–40.
    fn count_bits(self, class: VersionClass) -> usize {
        let bits = match self {
            Self::Numeric => [10, 12, 14],
            Self::Alphanumeric => [9, 11, 13],
            Self::Byte => [8, 16, 16],
            Self::Kanji => [8, 10, 12],
        };
        bits[class as usize]
    }

    /// Data bits for `length` characters (§7.4.4–7.4.6): `qrcode`'s
    /// `getBitsLength`.
    fn data_bits(self, length: usize) -> usize {
        match self {
            Self::Numeric => 10 * (length / 3) + [0, 4, 7][length % 3],
            Self::Alphanumeric => 11 * (length / 2) + 6 * (length % 2),
            Self::Byte => 8 * length,
            Self::Kanji => 13 * length,
        }
    }

    /// The mode indicator (§7.4.2, Table 2).
    fn indicator(self) -> u32 {
        match self {
            Self::Numeric => 0b0001,
            Self::Alphanumeric => 0b0010,
            Self::Byte => 0b0100,
            Self::Kanji => 0b1000,
        }
    }

    /// The bits a segment of `length` characters takes: mode indicator,
    /// character count and data.
    fn segment_bits(self, length: usize, class: VersionClass) -> usize {
        4 + self.count_bits(class) + self.data_bits(length)
    }
}

/// The three version ranges whose character count indicators differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VersionClass {
    Small = 0,
    Medium = 1,
    Large = 2,
}

impl VersionClass {
    const ALL: [VersionClass; 3] = [Self::Small, Self::Medium, Self::Large];

    fn of(version: u8) -> Self {
        match version {
            0..=9 => Self::Small,
            10..=26 => Self::Medium,
            _ => Self::Large,
        }
    }
}

/// What a symbol encodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrData<'a> {
    /// A text (its UTF-8), split into segments as `qrcode` splits it.
    Text(Cow<'a, str>),
    /// Segments in order, each in its own mode (`qrcode`'s segment arrays).
    Segments(Vec<DataSegment<'a>>),
}

/// One segment of a segment list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSegment<'a> {
    /// `None`: the smallest mode that holds the data, as `qrcode` picks it
    /// (`getBestModeForData`: numeric, alphanumeric, Kanji when a Shift JIS
    /// converter is given, byte).
    pub mode: Option<SegmentMode>,
    pub data: SegmentData<'a>,
}

/// A segment's data: characters, or raw bytes (byte mode only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SegmentData<'a> {
    Text(Cow<'a, str>),
    Bytes(Cow<'a, [u8]>),
}

impl<'a> From<&'a str> for QrData<'a> {
    fn from(text: &'a str) -> Self {
        QrData::Text(Cow::Borrowed(text))
    }
}

impl QrData<'_> {
    /// The same data, owning its text and bytes (for work on another thread).
    pub fn into_owned(self) -> QrData<'static> {
        match self {
            QrData::Text(text) => QrData::Text(Cow::Owned(text.into_owned())),
            QrData::Segments(segments) => QrData::Segments(
                segments
                    .into_iter()
                    .map(|segment| DataSegment {
                        mode: segment.mode,
                        data: match segment.data {
                            SegmentData::Text(text) => {
                                SegmentData::Text(Cow::Owned(text.into_owned()))
                            }
                            SegmentData::Bytes(bytes) => {
                                SegmentData::Bytes(Cow::Owned(bytes.into_owned()))
                            }
                        },
                    })
                    .collect(),
            ),
        }
    }
}

/// A segment of a finished symbol: its mode and what it holds — the
/// characters as UTF-8 for numeric, alphanumeric and Kanji segments, the
/// bytes for byte segments (`qrcode`'s `segments` of a `create` result).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrSegment {
    pub mode: SegmentMode,
    pub data: Vec<u8>,
}

/// The Shift JIS code of a character, for Kanji mode: `qrcode`'s
/// `toSJISFunc`. Called only for the characters of the Kanji segments, in
/// order, as they are written.
pub trait ShiftJis {
    /// The code, `None` if the character has none.
    fn code(&mut self, character: char) -> Option<f64>;
}

/// The Shift JIS ranges Kanji mode holds, and what is subtracted from each
/// before the 13-bit value is formed (§7.4.6).
const KANJI_RANGES: [(u16, u16, u16); 2] = [(0x8140, 0x9FFC, 0x8140), (0xE040, 0xEBBF, 0xC140)];

/// The most characters any QR symbol holds: 7089 digits in version 40-L
/// (ISO/IEC 18004:2015 Table 7). Every character, however encoded, costs at
/// least 10/3 bits, so data of more UTF-8 bytes than this cannot fit; it is
/// refused before any search, so huge data costs nothing.
pub(crate) const MAX_ENCODABLE_BYTES: usize = 7089;

/// The fewest bits a segment costs: a mode indicator and the shortest
/// character count indicator, 8 bits (byte and Kanji, versions 1–9).
const MIN_SEGMENT_BITS: usize = 12;

/// A segment of the plan: a range of its bytes, and `length` as `qrcode`'s
/// `getLength` counts it (characters; for Kanji, UTF-16 code units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    mode: SegmentMode,
    begin: usize,
    end: usize,
    length: usize,
}

/// The segments a symbol encodes, over one byte buffer, and its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan<'a> {
    bytes: Cow<'a, [u8]>,
    pieces: Vec<Piece>,
    /// 1 to 40: the one asked for, or the smallest that holds the pieces.
    pub(crate) version: u8,
}

/// Splits or checks the data and picks the version, as `qrcode`'s
/// `createSymbol` does: for a text, estimate a version from its raw
/// character-class runs (`rawSplit`, version 40 if none fits), split it
/// optimally for that version, and take the smallest version that holds
/// the result; for segments, check each against its mode and take the
/// smallest version that holds them. A requested version below that is an
/// error naming the minimum. `kanji` says whether a Shift JIS converter
/// will write Kanji segments (it enables Kanji mode, as `toSJISFunc` does).
pub(crate) fn plan<'a>(
    data: &'a QrData,
    level: ErrorCorrectionLevel,
    requested: Option<u8>,
    kanji: bool,
) -> Result<Plan<'a>> {
    let (bytes, pieces) = match data {
        QrData::Text(text) => text_pieces(text, level, requested, kanji)?,
        QrData::Segments(segments) => listed_pieces(segments, kanji)?,
    };
    let version = smallest_version(&pieces, level).ok_or_else(|| too_long(&pieces, level))?;
    let version = match requested {
        Some(requested) if requested < version => {
            return Err(Error::QrDataTooLong {
                reason: format!(
                    "too long for a version {requested} QR code at error correction level {}; \
                     the minimum version for this text is {version}",
                    level.name()
                ),
                min_version: Some(version),
            })
        }
        Some(requested) => requested,
        None => version,
    };
    Ok(Plan {
        bytes,
        pieces,
        version,
    })
}

/// The segments [`super::create_from`] encodes `data` in, without making
/// the symbol: for callers that need them only sometimes. `kanji` as for
/// `plan`; the options are checked as `create_from` checks them.
pub fn segments_of(
    data: &QrData,
    options: &super::QrOptions,
    kanji: bool,
) -> Result<Vec<QrSegment>> {
    plan(data, options.error_correction_level, options.version, kanji)?.segments()
}

fn too_long(pieces: &[Piece], level: ErrorCorrectionLevel) -> Error {
    Error::QrDataTooLong {
        reason: format!(
            "too long for a QR code at error correction level {} (it needs {} data bits; version 40 holds {})",
            level.name(),
            bits_in(pieces, VersionClass::Large),
            capacity_bits(MAX_VERSION, level),
        ),
        min_version: None,
    }
}

fn too_many_bytes(bytes: usize) -> Error {
    Error::QrDataTooLong {
        reason: format!(
            "{bytes} bytes is too long for a QR code (no symbol holds more than {MAX_ENCODABLE_BYTES} characters)"
        ),
        min_version: None,
    }
}

impl Plan<'_> {
    /// Appends the segments to `bits` (§7.4.2–7.4.6): mode indicator,
    /// character count, data. Kanji characters are converted by `kanji` as
    /// they are written, as `qrcode` converts them (so a character without a
    /// code is found only after the version was chosen).
    pub(crate) fn write(
        &self,
        bits: &mut BitStream,
        mut kanji: Option<&mut dyn ShiftJis>,
    ) -> Result<()> {
        let class = VersionClass::of(self.version);
        for piece in &self.pieces {
            let data = self.data_of(piece)?;
            let header = |bits: &mut BitStream, mode: SegmentMode, count: usize| {
                let width = mode.count_bits(class);
                // The version was chosen to hold these segments, so every
                // count fits its indicator; if one did not, that is a bug,
                // not data too long.
                let count = u32::try_from(count)
                    .ok()
                    .filter(|count| count >> width == 0)
                    .ok_or(Error::Internal {
                        what: "a QR segment too long for its character count indicator",
                    })?;
                bits.push(4, mode.indicator());
                // At most 16, so the cast is exact.
                bits.push(width as u32, count);
                Ok::<(), Error>(())
            };
            match piece.mode {
                SegmentMode::Numeric => {
                    header(bits, SegmentMode::Numeric, data.len())?;
                    for digits in data.chunks(3) {
                        let value = digits
                            .iter()
                            .fold(0, |value, &digit| value * 10 + u32::from(digit - b'0'));
                        // 1 to 3 digits: 4, 7 or 10 bits.
                        bits.push(digits.len() as u32 * 3 + 1, value);
                    }
                }
                SegmentMode::Alphanumeric => {
                    header(bits, SegmentMode::Alphanumeric, data.len())?;
                    for pair in data.chunks(2) {
                        let value = pair.iter().fold(0, |value, &character| {
                            value * 45 + alphanumeric_value(character)
                        });
                        // 1 or 2 characters: 6 or 11 bits.
                        bits.push(pair.len() as u32 * 5 + 1, value);
                    }
                }
                SegmentMode::Byte => {
                    header(bits, SegmentMode::Byte, data.len())?;
                    for &byte in data {
                        bits.push(8, u32::from(byte));
                    }
                }
                SegmentMode::Kanji => {
                    let converter = kanji.as_deref_mut().ok_or_else(|| {
                        Error::qr_option("toSJISFunc", "a function for Kanji mode", "none")
                    })?;
                    let values = kanji_values(data, converter)?;
                    header(bits, SegmentMode::Kanji, values.len())?;
                    for value in values {
                        bits.push(13, u32::from(value));
                    }
                }
            }
        }
        Ok(())
    }

    /// The segments as a `create` result lists them.
    pub(crate) fn segments(&self) -> Result<Vec<QrSegment>> {
        self.pieces
            .iter()
            .map(|piece| {
                Ok(QrSegment {
                    mode: piece.mode,
                    data: self.data_of(piece)?.to_vec(),
                })
            })
            .collect()
    }

    /// A piece's bytes: every piece was cut from `bytes`, so they exist.
    fn data_of(&self, piece: &Piece) -> Result<&[u8]> {
        self.bytes
            .get(piece.begin..piece.end)
            .ok_or(Error::Internal {
                what: "a QR segment outside its data",
            })
    }
}

/// Kanji characters (UTF-8) as the 13-bit values the bit stream takes,
/// from their Shift JIS codes, each checked to be one Kanji mode holds
/// (§7.4.6): the code less its range's base, its high byte times 0xC0 plus
/// its low byte.
fn kanji_values(data: &[u8], converter: &mut dyn ShiftJis) -> Result<Vec<u16>> {
    let text = std::str::from_utf8(data).map_err(|_| Error::QrInvalidData {
        reason: "a Kanji segment is not text".to_owned(),
    })?;
    let mut values = Vec::with_capacity(text.len() / 3);
    for character in text.chars() {
        let given = converter.code(character);
        let offset = given
            .filter(|code| code.fract() == 0.0 && character.len_utf16() == 1)
            .and_then(|code| {
                KANJI_RANGES
                    .iter()
                    .find(|&&(low, high, _)| (f64::from(low)..=f64::from(high)).contains(&code))
                    // Whole and within the range, so the cast is exact.
                    .map(|&(_, _, base)| code as u16 - base)
            });
        let Some(offset) = offset else {
            return Err(Error::QrInvalidData {
                reason: match given {
                    None => format!(
                        "{character:?} (U+{:04X}) has no Shift JIS code for Kanji mode",
                        u32::from(character)
                    ),
                    Some(code) => format!(
                        "toSJISFunc gave {code} for {character:?}, not a Kanji mode code \
                         (0x8140 to 0x9FFC or 0xE040 to 0xEBBF)"
                    ),
                },
            });
        };
        values.push((offset >> 8) * 0xC0 + (offset & 0xFF));
    }
    Ok(values)
}

// --- Texts ------------------------------------------------------------------

/// The class `qrcode`'s regular expressions put a character in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// `[0-9]`.
    Numeric,
    /// `[A-Z $%*+\-./:]` (§7.4.4, Table 5).
    Alphanumeric,
    /// `qrcode`'s Kanji expression, in Kanji mode only.
    Kanji,
    Byte,
    /// U+2028 and U+2029 in Kanji mode: its byte expression (`.` without
    /// the `s` flag, plus `[\r\n]`) does not match them, and no other does,
    /// so `qrcode` leaves them out of the symbol.
    Dropped,
}

/// The class of a byte of UTF-8 outside Kanji mode: a table, as a
/// match on the byte is several comparisons and branches a byte.
fn ascii_class(byte: u8) -> Class {
    const CLASSES: [Class; 256] = {
        let mut classes = [Class::Byte; 256];
        let mut byte = 0;
        while byte < 256 {
            classes[byte] = match byte as u8 {
                b'0'..=b'9' => Class::Numeric,
                b'A'..=b'Z' | b' ' | b'$' | b'%' | b'*' | b'+' | b'-' | b'.' | b'/' | b':' => {
                    Class::Alphanumeric
                }
                _ => Class::Byte,
            };
            byte += 1;
        }
        classes
    };
    CLASSES[usize::from(byte)]
}

/// A character's value in alphanumeric mode (§7.4.4, Table 5); 0 for one
/// the mode lacks, which a checked segment does not hold.
fn alphanumeric_value(character: u8) -> u32 {
    match character {
        b'0'..=b'9' => u32::from(character - b'0'),
        b'A'..=b'Z' => u32::from(character - b'A') + 10,
        b' ' => 36,
        b'$' => 37,
        b'%' => 38,
        b'*' => 39,
        b'+' => 40,
        b'-' => 41,
        b'.' => 42,
        b'/' => 43,
        b':' => 44,
        _ => 0,
    }
}

/// Whether `qrcode`'s Kanji expression (`core/regex.js`) matches the
/// character: CJK symbols, kana, full- and half-width forms, the unified
/// ideographs U+4E00–U+9FAF, Greek and Cyrillic, and a few symbols.
pub(crate) fn is_kanji_class(character: char) -> bool {
    matches!(
        u32::from(character),
        0x3000..=0x30FF
            | 0xFF00..=0xFFEF
            | 0x4E00..=0x9FAF
            | 0x2605..=0x2606
            | 0x2190..=0x2195
            | 0x203B
            | 0x2010
            | 0x2015
            | 0x2018
            | 0x2019
            | 0x2025
            | 0x2026
            | 0x201C
            | 0x201D
            | 0x2225
            | 0x2260
            | 0x0391..=0x0451
            | 0x00A7
            | 0x00A8
            | 0x00B1
            | 0x00B4
            | 0x00D7
            | 0x00F7
    )
}

fn char_class(character: char, kanji: bool) -> Class {
    if character.is_ascii() {
        // Within ASCII, so the narrowing is exact.
        ascii_class(character as u8)
    } else if !kanji {
        Class::Byte
    } else if is_kanji_class(character) {
        Class::Kanji
    } else if matches!(character, '\u{2028}' | '\u{2029}') {
        Class::Dropped
    } else {
        Class::Byte
    }
}

/// A maximal run of one class: `qrcode`'s regular expression matches, and
/// the groups of its segment graph. `begin..end` are bytes of the text as
/// encoded (dropped characters left out); `units` counts UTF-16 code units,
/// which for numeric, alphanumeric and Kanji runs are its characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    class: Class,
    begin: usize,
    end: usize,
    units: usize,
}

impl Run {
    /// The modes a run may be written in (`buildNodes`), in `qrcode`'s
    /// order: a numeric run as numeric, alphanumeric or byte data, an
    /// alphanumeric one as alphanumeric or byte, a Kanji one as Kanji or
    /// byte.
    fn modes(self) -> &'static [SegmentMode] {
        match self.class {
            Class::Numeric => &[
                SegmentMode::Numeric,
                SegmentMode::Alphanumeric,
                SegmentMode::Byte,
            ],
            Class::Alphanumeric => &[SegmentMode::Alphanumeric, SegmentMode::Byte],
            Class::Kanji => &[SegmentMode::Kanji, SegmentMode::Byte],
            Class::Byte | Class::Dropped => &[SegmentMode::Byte],
        }
    }

    /// Its length in `mode`: characters, or UTF-8 bytes in byte mode
    /// (`getStringByteLength`).
    fn length(self, mode: SegmentMode) -> usize {
        if mode == SegmentMode::Byte {
            self.end - self.begin
        } else {
            self.units
        }
    }

    /// `qrcode`'s `rawSplit` segment for the run: its own class's mode.
    fn raw_piece(self) -> Piece {
        let mode = match self.class {
            Class::Numeric => SegmentMode::Numeric,
            Class::Alphanumeric => SegmentMode::Alphanumeric,
            Class::Kanji => SegmentMode::Kanji,
            Class::Byte | Class::Dropped => SegmentMode::Byte,
        };
        Piece {
            mode,
            begin: self.begin,
            end: self.end,
            length: self.length(mode),
        }
    }
}

/// The runs of `text`, to `visit` in order. Without Kanji mode every
/// non-ASCII byte belongs to a byte-class character, so bytes are
/// classified directly.
fn for_each_run(text: &str, kanji: bool, mut visit: impl FnMut(Run)) {
    if !kanji {
        let bytes = text.as_bytes();
        let mut begin = 0;
        while let Some(&first) = bytes.get(begin) {
            let class = ascii_class(first);
            let end = bytes
                .iter()
                .skip(begin + 1)
                .position(|&byte| ascii_class(byte) != class)
                .map_or(bytes.len(), |length| begin + 1 + length);
            visit(Run {
                class,
                begin,
                end,
                units: end - begin,
            });
            begin = end;
        }
        return;
    }
    let mut current: Option<Run> = None;
    let mut add = |class: Class, begin: usize, width: usize, units: usize| match &mut current {
        Some(run) if run.class == class => {
            run.end += width;
            run.units += units;
        }
        _ => {
            if let Some(done) = current.replace(Run {
                class,
                begin,
                end: begin + width,
                units,
            }) {
                if done.class != Class::Dropped {
                    visit(done);
                }
            }
        }
    };
    let mut offset = 0;
    for character in text.chars() {
        let class = char_class(character, true);
        if class == Class::Dropped {
            // Ends the run: the characters either side are two matches.
            add(Class::Dropped, offset, 0, 0);
            continue;
        }
        let width = character.len_utf8();
        add(class, offset, width, character.len_utf16());
        offset += width;
    }

    if let Some(done) = current {
        if done.class != Class::Dropped {
            visit(done);
        }
    }
}

/// The text's bytes as encoded: without the characters Kanji mode drops.
fn encoded_bytes(text: &str, kanji: bool) -> Cow<'_, [u8]> {
    if kanji && text.contains(['\u{2028}', '\u{2029}']) {
        Cow::Owned(
            text.chars()
                .filter(|&c| char_class(c, true) != Class::Dropped)
                .collect::<String>()
                .into_bytes(),
        )
    } else {
        Cow::Borrowed(text.as_bytes())
    }
}

fn text_pieces<'a>(
    text: &'a str,
    level: ErrorCorrectionLevel,
    requested: Option<u8>,
    kanji: bool,
) -> Result<(Cow<'a, [u8]>, Vec<Piece>)> {
    if text.is_empty() {
        return Err(Error::QrNoData);
    }
    if text.len() > MAX_ENCODABLE_BYTES {
        return Err(too_many_bytes(text.len()));
    }
    let mut runs = Vec::with_capacity(text.len() / 4 + 1);
    for_each_run(text, kanji, |run| runs.push(run));
    let estimate = requested
        .or_else(|| {
            let mut raw = [0usize; 3];
            for piece in runs.iter().map(|run| run.raw_piece()) {
                for class in VersionClass::ALL {
                    raw[class as usize] += piece.mode.segment_bits(piece.length, class);
                }
            }
            smallest_version_for(runs.len(), raw, level)
        })
        .unwrap_or(MAX_VERSION);
    Ok((
        encoded_bytes(text, kanji),
        optimal_pieces(&runs, VersionClass::of(estimate))?,
    ))
}

/// `qrcode`'s `Segments.fromString(text, version)`: the cheapest path
/// through its graph of candidate segments, adjacent segments of one mode
/// merged.
///
/// The graph has a layer per run (a node per mode the run may take, from
/// `Run::modes`) and edges only from each layer to the next, so the costs
/// are found layer by layer. The predecessor of a node must be the one
/// `dijkstrajs` records: it pops nodes in order of cost and, among equal
/// costs, of when they were pushed (its queue is an array kept stably
/// sorted); a node keeps the first predecessor that reaches its lowest cost.
/// A node is pushed with its final cost while its own predecessor is
/// popped, at the place of their edge in that node's list, so the pop order
/// of a layer's nodes is by (cost, pop order of predecessor, position):
/// each layer's order follows from the one before.
fn optimal_pieces(runs: &[Run], class: VersionClass) -> Result<Vec<Piece>> {
    // A layer has at most 3 nodes, so a node's place in its layer and in
    // the pop order each fit 2 bits: a node's (cost, predecessor's place
    // in the pop order, node) is one number, cost × 16 + place × 4 +
    // node, and comparing those numbers compares the triples. Likewise a
    // candidate predecessor's (cost through it, its place, its index).
    let header = |mode: SegmentMode| 4 + mode.count_bits(class);
    // For each layer, the predecessor chosen for each node.
    let mut chosen_from: Vec<[u8; 3]> = Vec::with_capacity(runs.len());
    // The layer before: its modes, each node's cost and place in the pop
    // order.
    let mut before_modes: &[SegmentMode] = &[];
    let mut before_cost = [0usize; 3];
    let mut before_place = [0usize; 3];
    for &run in runs {
        let modes = run.modes();
        let mut cost = [0usize; 3];
        let mut from = [0u8; 3];
        let mut key = [0usize; 3];
        // `lastCount`, which `buildGraph` keeps for each node of the layer
        // before: reset by every edge out of it that changes mode, grown
        // by every one that keeps it.
        let mut last_count = [0usize; 3];
        for (node, &mode) in modes.iter().enumerate() {
            let length = run.length(mode);
            let fresh = mode.data_bits(length) + header(mode);
            if before_modes.is_empty() {
                cost[node] = fresh;
                key[node] = fresh * 16 + node;
                continue;
            }
            let mut best = usize::MAX;
            for (index, &from_mode) in before_modes.iter().enumerate() {
                let weight = if from_mode == mode {
                    let counted = last_count[index];
                    last_count[index] += length;
                    mode.data_bits(counted + length) - mode.data_bits(counted)
                } else {
                    last_count[index] = length;
                    fresh
                };
                let through = before_cost[index] + weight;
                best = best.min((through * 4 + before_place[index]) * 4 + index);
            }
            cost[node] = best / 16;
            // Below 3.
            from[node] = (best % 4) as u8;
            key[node] = best / 16 * 16 + best / 4 % 4 * 4 + node;
        }
        let mut place = [0usize; 3];
        for (node, spot) in place.iter_mut().enumerate().take(modes.len()) {
            *spot = key[..modes.len()]
                .iter()
                .filter(|&&other| other < key[node])
                .count();
        }
        chosen_from.push(from);
        before_modes = modes;
        before_cost = cost;
        before_place = place;
    }

    // The end node's predecessor: the first popped of the last layer's
    // cheapest nodes (its edges all weigh 0).
    // Every layer has a node, and every node's predecessor is a node of the
    // layer before: the lookups below cannot miss.
    let internal = || Error::Internal {
        what: "the segmentation's path left its graph",
    };
    let Some(mut node) =
        (0..before_modes.len()).min_by_key(|&node| (before_cost[node], before_place[node]))
    else {
        return Ok(Vec::new());
    };
    // `mergeSegments`, last to first: adjacent segments of one mode
    // become one.
    let mut pieces: Vec<Piece> = Vec::with_capacity(runs.len());
    for (&run, from) in runs.iter().zip(&chosen_from).rev() {
        let mode = run.modes().get(node).copied().ok_or_else(internal)?;
        let length = run.length(mode);
        match pieces.last_mut() {
            Some(piece) if piece.mode == mode => {
                piece.begin = run.begin;
                piece.length += length;
            }
            _ => pieces.push(Piece {
                mode,
                begin: run.begin,
                end: run.end,
                length,
            }),
        }
        node = usize::from(from.get(node).copied().ok_or_else(internal)?);
    }
    pieces.reverse();
    Ok(pieces)
}

// --- Segment lists ----------------------------------------------------------

/// `qrcode`'s `getBestModeForData` for text: the first of numeric,
/// alphanumeric and Kanji whose characters are all it holds, else byte;
/// Kanji only in Kanji mode (without it `qrcode` turns Kanji into byte).
fn best_mode(text: &str, kanji: bool) -> SegmentMode {
    let all = |class: Class| !text.is_empty() && text.chars().all(|c| char_class(c, true) == class);
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        SegmentMode::Numeric
    } else if !text.is_empty()
        && text
            .bytes()
            .all(|b| matches!(ascii_class(b), Class::Numeric | Class::Alphanumeric))
    {
        SegmentMode::Alphanumeric
    } else if kanji && all(Class::Kanji) {
        SegmentMode::Kanji
    } else {
        SegmentMode::Byte
    }
}

fn listed_pieces<'a>(
    segments: &'a [DataSegment],
    kanji: bool,
) -> Result<(Cow<'a, [u8]>, Vec<Piece>)> {
    let total: usize = segments
        .iter()
        .map(|segment| match &segment.data {
            SegmentData::Text(text) => text.len(),
            SegmentData::Bytes(bytes) => bytes.len(),
        })
        .sum();
    if total > MAX_ENCODABLE_BYTES {
        return Err(too_many_bytes(total));
    }
    if segments.len() * MIN_SEGMENT_BITS > capacity_bits(MAX_VERSION, ErrorCorrectionLevel::L) {
        return Err(Error::QrDataTooLong {
            reason: format!(
                "{} segments are too many for a QR code (each takes at least {MIN_SEGMENT_BITS} bits)",
                segments.len()
            ),
            min_version: None,
        });
    }
    let mut bytes = Vec::with_capacity(total);
    let mut pieces = Vec::with_capacity(segments.len());
    for (index, segment) in segments.iter().enumerate() {
        let invalid = |reason: String| Error::QrInvalidData {
            reason: format!("segments[{index}]: {reason}"),
        };
        let (mode, data, length) = match &segment.data {
            SegmentData::Bytes(data) => match segment.mode {
                None | Some(SegmentMode::Byte) => (SegmentMode::Byte, data.as_ref(), data.len()),
                Some(mode) => {
                    return Err(invalid(format!(
                        "bytes can only be written in byte mode, not {} mode",
                        mode.name()
                    )))
                }
            },
            SegmentData::Text(text) => {
                let best = best_mode(text, kanji);
                let mode = segment.mode.unwrap_or(best);
                let fits = match mode {
                    SegmentMode::Numeric => best == SegmentMode::Numeric,
                    SegmentMode::Alphanumeric => {
                        matches!(best, SegmentMode::Numeric | SegmentMode::Alphanumeric)
                    }
                    SegmentMode::Byte | SegmentMode::Kanji => true,
                };
                if !fits {
                    return Err(invalid(format!(
                        "{:?} cannot be written in {} mode (it needs {} mode)",
                        text.as_ref(),
                        mode.name(),
                        best_mode(text, true).name()
                    )));
                }
                if mode == SegmentMode::Kanji && !kanji {
                    return Err(Error::qr_option(
                        "toSJISFunc",
                        "a function for Kanji segments",
                        "none",
                    ));
                }
                let length = match mode {
                    SegmentMode::Kanji => text.encode_utf16().count(),
                    _ => text.len(),
                };
                (mode, text.as_bytes(), length)
            }
        };
        let begin = bytes.len();
        bytes.extend_from_slice(data);
        pieces.push(Piece {
            mode,
            begin,
            end: bytes.len(),
            length,
        });
    }
    Ok((Cow::Owned(bytes), pieces))
}

// --- Versions ---------------------------------------------------------------

/// Bits for the pieces in a version of `class`: for each, the mode
/// indicator, the character count indicator and the data (§7.4.2–7.4.6).
/// This is `qrcode`'s `getTotalBitsFromDataArray`; for a single segment
/// `qrcode` compares its length with a per-mode capacity instead, which
/// comes to the same answer in every mode.
fn bits_in(pieces: &[Piece], class: VersionClass) -> usize {
    pieces
        .iter()
        .map(|piece| piece.mode.segment_bits(piece.length, class))
        .sum()
}

/// The data bits a version holds at a level (§7.4.10, Table 7); none
/// outside versions 1 to 40.
pub(crate) fn capacity_bits(version: u8, level: ErrorCorrectionLevel) -> usize {
    codewords::data_codewords(version, level).map_or(0, |codewords| codewords * 8)
}

/// The smallest version whose capacity holds the pieces: `qrcode`'s
/// `getBestVersionForData` (version 1 for none). `None` when even version
/// 40 is too small.
fn smallest_version(pieces: &[Piece], level: ErrorCorrectionLevel) -> Option<u8> {
    let bits = VersionClass::ALL.map(|class| bits_in(pieces, class));
    smallest_version_for(pieces.len(), bits, level)
}

/// [`smallest_version`] from the bits `count` segments take in each
/// version class.
fn smallest_version_for(count: usize, bits: [usize; 3], level: ErrorCorrectionLevel) -> Option<u8> {
    if count == 0 {
        return Some(MIN_VERSION);
    }
    (MIN_VERSION..=MAX_VERSION)
        .find(|&version| bits[VersionClass::of(version) as usize] <= capacity_bits(version, level))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::fixtures;
    use qrcode::bits::Bits;
    use qrcode::types::Version;

    fn min_version_of(error: &Error) -> Option<u8> {
        match error {
            Error::QrDataTooLong { min_version, .. } => *min_version,
            _ => None,
        }
    }

    fn modes(pieces: &[Piece]) -> Vec<(char, usize)> {
        pieces
            .iter()
            .map(|piece| {
                let letter = match piece.mode {
                    SegmentMode::Numeric => 'N',
                    SegmentMode::Alphanumeric => 'A',
                    SegmentMode::Byte => 'B',
                    SegmentMode::Kanji => 'K',
                };
                (letter, piece.length)
            })
            .collect()
    }

    fn runs(text: &str, kanji: bool) -> Vec<Run> {
        let mut runs = Vec::new();
        for_each_run(text, kanji, |run| runs.push(run));
        runs
    }

    fn text_plan(
        text: &str,
        level: ErrorCorrectionLevel,
        version: Option<u8>,
        kanji: bool,
    ) -> Result<Plan<'static>> {
        // Leaked: the plan borrows its data, and tests are short-lived.
        let data: &'static QrData = Box::leak(Box::new(QrData::Text(Cow::Owned(text.to_owned()))));
        plan(data, level, version, kanji)
    }

    #[test]
    fn runs_follow_qrcodes_character_classes() {
        let classes: Vec<(Class, usize)> = runs("ABC123def 45é", false)
            .iter()
            .map(|run| (run.class, run.end - run.begin))
            .collect();
        assert_eq!(
            classes,
            vec![
                (Class::Alphanumeric, 3),
                (Class::Numeric, 3),
                (Class::Byte, 3),
                (Class::Alphanumeric, 1),
                (Class::Numeric, 2),
                (Class::Byte, 2)
            ]
        );
        let kanji: Vec<(Class, usize, usize)> = runs("漢字ab\u{2028}cΩ", true)
            .iter()
            .map(|run| (run.class, run.end - run.begin, run.units))
            .collect();
        assert_eq!(
            kanji,
            vec![
                (Class::Kanji, 6, 2),
                (Class::Byte, 2, 2),
                (Class::Byte, 1, 1),
                (Class::Kanji, 2, 1)
            ]
        );
    }

    #[test]
    fn a_short_digit_run_inside_alphanumerics_joins_them() {
        // Checked against qrcode 1.5.4: create('HELLO 123 world').segments.
        let plan = text_plan("HELLO 123 world", ErrorCorrectionLevel::M, Some(1), false).unwrap();
        assert_eq!(modes(&plan.pieces), vec![('A', 10), ('B', 5)]);
    }

    #[test]
    fn segments_and_versions_are_those_qrcode_chose_for_every_fixture() {
        let fixture = fixtures::load();
        let mut compared = 0;
        for record in fixture["symbols"].as_array().unwrap() {
            let Some(expected_segments) = record["segments"].as_array() else {
                continue;
            };
            let text = record["text"].as_str().unwrap();
            let level = fixtures::level(record);
            let requested = record["version"].as_u64().map(|v| v as u8);
            let plan = text_plan(text, level, requested, false).unwrap();
            let expected: Vec<(char, usize)> = expected_segments
                .iter()
                .map(|pair| {
                    let letter = pair[0].as_str().unwrap().chars().next().unwrap();
                    (letter, pair[1].as_u64().unwrap() as usize)
                })
                .collect();
            assert_eq!(modes(&plan.pieces), expected, "{text:?} at {level:?}");
            if requested.is_none() {
                assert_eq!(
                    u64::from(plan.version),
                    record["chosenVersion"].as_u64().unwrap(),
                    "{text:?} at {level:?}"
                );
            }
            compared += 1;
        }
        assert!(compared > 1000, "only {compared} records compared");
    }

    /// The search as `qrcode` runs it: its graph, with an edge list per
    /// node, and `dijkstrajs`'s queue (a heap ordered by cost, then push
    /// number, pops as its stably sorted array does).
    fn dijkstra_modes(text: &str, kanji: bool, class: VersionClass) -> Vec<(char, usize)> {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        struct Node {
            mode: Option<SegmentMode>,
            run: Option<Run>,
            last_count: usize,
            edges: Vec<(usize, usize)>,
        }
        let header = |mode: SegmentMode| 4 + mode.count_bits(class);
        let mut graph = vec![Node {
            mode: None,
            run: None,
            last_count: 0,
            edges: vec![],
        }];
        let mut previous = vec![0];
        for run in runs(text, kanji) {
            let mut current = vec![];
            for &mode in run.modes() {
                let id = graph.len();
                graph.push(Node {
                    mode: Some(mode),
                    run: Some(run),
                    last_count: 0,
                    edges: vec![],
                });
                let length = run.length(mode);
                for &from in &previous {
                    let node = &mut graph[from];
                    let weight = match node.mode {
                        Some(m) if m == mode => {
                            let before = node.last_count;
                            node.last_count += length;
                            mode.data_bits(before + length) - mode.data_bits(before)
                        }
                        Some(_) => {
                            node.last_count = length;
                            mode.data_bits(length) + header(mode)
                        }
                        None => mode.data_bits(length) + header(mode),
                    };
                    node.edges.push((id, weight));
                }
                current.push(id);
            }
            previous = current;
        }
        let end = graph.len();
        graph.push(Node {
            mode: None,
            run: None,
            last_count: 0,
            edges: vec![],
        });
        for &from in &previous {
            graph[from].edges.push((end, 0));
        }
        let mut costs: Vec<Option<usize>> = vec![None; graph.len()];
        let mut predecessors: Vec<Option<usize>> = vec![None; graph.len()];
        costs[0] = Some(0);
        let mut queue = BinaryHeap::new();
        let mut pushes = 0u64;
        queue.push(Reverse((0usize, pushes, 0usize)));
        while let Some(Reverse((cost, _, from))) = queue.pop() {
            for &(to, weight) in &graph[from].edges {
                let through = cost + weight;
                if costs[to].is_none_or(|known| known > through) {
                    costs[to] = Some(through);
                    predecessors[to] = Some(from);
                    pushes += 1;
                    queue.push(Reverse((through, pushes, to)));
                }
            }
        }
        let mut path = vec![];
        let mut at = predecessors[end];
        while let Some(id) = at {
            if let (Some(mode), Some(run)) = (graph[id].mode, graph[id].run) {
                path.push((mode, run.length(mode)));
            }
            at = predecessors[id];
        }
        path.reverse();
        let mut merged: Vec<(SegmentMode, usize)> = vec![];
        for (mode, length) in path {
            match merged.last_mut() {
                Some(last) if last.0 == mode => last.1 += length,
                _ => merged.push((mode, length)),
            }
        }
        let letter = |mode| match mode {
            SegmentMode::Numeric => 'N',
            SegmentMode::Alphanumeric => 'A',
            SegmentMode::Byte => 'B',
            SegmentMode::Kanji => 'K',
        };
        merged
            .into_iter()
            .map(|(mode, length)| (letter(mode), length))
            .collect()
    }

    #[test]
    fn the_layered_pass_chooses_what_the_search_chooses_on_random_texts() {
        let alphabets: [&[char]; 4] = [
            &['1', '2', '0', '9'],
            &['1', 'A', 'Z', ' ', ':', '7'],
            &['a', 'B', '3', '%', 'é', '/', '4', '5', '6'],
            &['漢', 'か', 'Ω', 'a', '1', 'B', '\u{2028}', '★', 'ｱ', '😀'],
        ];
        let mut next = crate::test_random::xorshift(0x5eed_0f5e);
        let mut compared = 0;
        for _ in 0..4000 {
            let alphabet = alphabets[next() as usize % alphabets.len()];
            let length = 1 + next() as usize % 60;
            let text: String = (0..length)
                .map(|_| alphabet[next() as usize % alphabet.len()])
                .collect();
            for kanji in [false, true] {
                for class in VersionClass::ALL {
                    assert_eq!(
                        modes(&optimal_pieces(&runs(&text, kanji), class).unwrap()),
                        dijkstra_modes(&text, kanji, class),
                        "{text:?} kanji {kanji} {class:?}"
                    );
                    compared += 1;
                }
            }
        }
        assert_eq!(compared, 24_000);
    }

    #[test]
    fn version_40_holds_7089_digits_at_level_l_and_no_more() {
        let plan = text_plan(&"1".repeat(7089), ErrorCorrectionLevel::L, None, false).unwrap();
        assert_eq!(plan.version, 40);
        let error = text_plan(&"1".repeat(7090), ErrorCorrectionLevel::L, None, false).unwrap_err();
        assert_eq!(error.code(), "ERR_QR_DATA_TOO_LONG");
        assert_eq!(min_version_of(&error), None);
    }

    #[test]
    fn a_version_too_small_names_the_minimum_as_a_field() {
        let error = text_plan(
            "HELLO WORLD 1234567890",
            ErrorCorrectionLevel::H,
            Some(1),
            false,
        )
        .unwrap_err();
        assert_eq!(error.code(), "ERR_QR_DATA_TOO_LONG");
        assert_eq!(min_version_of(&error), Some(2));
        assert!(error
            .to_string()
            .contains("minimum version for this text is 2"));
    }

    #[test]
    fn kanji_mode_drops_line_and_paragraph_separators_as_qrcode_does() {
        let plan = text_plan("ab\u{2028}cd\u{2029}", ErrorCorrectionLevel::M, None, true).unwrap();
        assert_eq!(plan.bytes.as_ref(), b"abcd");
        assert_eq!(modes(&plan.pieces), vec![('B', 4)]);
        let nothing = text_plan("\u{2028}", ErrorCorrectionLevel::M, None, true).unwrap();
        assert!(nothing.pieces.is_empty());
        assert_eq!(nothing.version, 1);
    }

    fn list(segments: Vec<(Option<SegmentMode>, SegmentData<'static>)>) -> QrData<'static> {
        QrData::Segments(
            segments
                .into_iter()
                .map(|(mode, data)| DataSegment { mode, data })
                .collect(),
        )
    }

    fn text(data: &'static str) -> SegmentData<'static> {
        SegmentData::Text(Cow::Borrowed(data))
    }

    #[test]
    fn listed_segments_keep_their_modes_and_pick_the_best_when_none_is_given() {
        let data = list(vec![
            (Some(SegmentMode::Alphanumeric), text("ABC")),
            (None, text("0123")),
            (None, text("Hello")),
            (None, SegmentData::Bytes(Cow::Borrowed(&[0xff, 0]))),
            (Some(SegmentMode::Byte), text("12")),
            (None, text("")),
        ]);
        let plan = plan(&data, ErrorCorrectionLevel::M, None, false).unwrap();
        assert_eq!(
            modes(&plan.pieces),
            vec![('A', 3), ('N', 4), ('B', 5), ('B', 2), ('B', 2), ('B', 0)]
        );
        assert_eq!(plan.segments().unwrap()[3].data, vec![0xff, 0]);
    }

    #[test]
    fn a_listed_segment_its_mode_cannot_hold_is_refused() {
        for (mode, data) in [
            (SegmentMode::Numeric, "12a"),
            (SegmentMode::Numeric, "A1"),
            (SegmentMode::Alphanumeric, "abc"),
            (SegmentMode::Alphanumeric, "漢"),
        ] {
            let data = list(vec![(None, text("1")), (Some(mode), text(data))]);
            let error = plan(&data, ErrorCorrectionLevel::M, None, true).unwrap_err();
            assert_eq!(error.code(), "ERR_QR_INVALID_DATA");
            assert!(
                error.to_string().starts_with("text: segments[1]: "),
                "{error}"
            );
        }
        let bytes = list(vec![(
            Some(SegmentMode::Numeric),
            SegmentData::Bytes(Cow::Borrowed(b"1")),
        )]);
        assert_eq!(
            plan(&bytes, ErrorCorrectionLevel::M, None, false)
                .unwrap_err()
                .code(),
            "ERR_QR_INVALID_DATA"
        );
        let kanji = list(vec![(Some(SegmentMode::Kanji), text("漢"))]);
        assert_eq!(
            plan(&kanji, ErrorCorrectionLevel::M, None, false)
                .unwrap_err()
                .code(),
            "ERR_QR_INVALID_OPTION"
        );
    }

    #[test]
    fn an_empty_list_is_a_version_1_symbol_and_a_huge_one_is_refused_at_once() {
        let empty = list(vec![]);
        assert_eq!(
            plan(&empty, ErrorCorrectionLevel::H, None, false)
                .unwrap()
                .version,
            1
        );
        let many = QrData::Segments(vec![
            DataSegment {
                mode: None,
                data: text("")
            };
            2000
        ]);
        assert_eq!(
            plan(&many, ErrorCorrectionLevel::L, None, false)
                .unwrap_err()
                .code(),
            "ERR_QR_DATA_TOO_LONG"
        );
    }

    struct Table(&'static [(char, f64)]);

    impl ShiftJis for Table {
        fn code(&mut self, character: char) -> Option<f64> {
            self.0
                .iter()
                .find(|(c, _)| *c == character)
                .map(|&(_, code)| code)
        }
    }

    #[test]
    fn kanji_are_written_as_13_bit_values_of_their_shift_jis_codes() {
        // ISO/IEC 18004:2015 §7.4.6: 点 (0x935F) is 0xD9F, 茗 (0xE4AA) 0x1AAA.
        let data = list(vec![(Some(SegmentMode::Kanji), text("点茗"))]);
        let plan = plan(&data, ErrorCorrectionLevel::M, Some(1), true).unwrap();
        let mut bits = BitStream::with_capacity(40);
        plan.write(
            &mut bits,
            Some(&mut Table(&[('点', 0x935F as f64), ('茗', 0xE4AA as f64)])),
        )
        .unwrap();
        // 1000, count 00000010, 0110110011111, 1101010101010, and a
        // terminator cut to the 2 bits left of 40.
        assert_eq!(
            bits.into_codewords(40).unwrap(),
            vec![
                0b1000_0000,
                0b0010_0110,
                0b1100_1111,
                0b1110_1010,
                0b1010_1000
            ]
        );
        for table in [
            &[('点', 0x935F as f64)][..],
            &[('点', 0x935F as f64), ('茗', 0x8000 as f64)],
            &[('点', 0x935F as f64), ('茗', 0x9340 as f64 + 0.5)],
        ] {
            let mut bits = BitStream::with_capacity(40);
            let error = plan.write(&mut bits, Some(&mut Table(table))).unwrap_err();
            assert_eq!(error.code(), "ERR_QR_INVALID_DATA");
            assert!(error.to_string().contains("'茗'"), "{error}");
        }
    }

    #[test]
    fn the_bit_stream_is_the_crates_for_random_segments_of_every_mode_and_version() {
        const KANJI: [(char, f64); 3] = [
            ('点', 0x935F as f64),
            ('茗', 0xE4AA as f64),
            ('漢', 0x8ABF as f64),
        ];
        let alphabets: [(SegmentMode, &[char]); 4] = [
            (SegmentMode::Numeric, &['0', '1', '5', '9']),
            (
                SegmentMode::Alphanumeric,
                &[
                    'A', 'Z', '0', '9', ' ', '$', '%', '*', '+', '-', '.', '/', ':',
                ],
            ),
            (SegmentMode::Byte, &['a', 'é', '~', '\n', '😀', 'Z']),
            (SegmentMode::Kanji, &['点', '茗', '漢']),
        ];
        let mut next = crate::test_random::xorshift(0xb175_7e57_0bad_cafe);
        let mut compared = 0;
        for _ in 0..3000 {
            let version = 1 + (next() % 40) as u8;
            let level = [
                ErrorCorrectionLevel::L,
                ErrorCorrectionLevel::M,
                ErrorCorrectionLevel::Q,
                ErrorCorrectionLevel::H,
            ][(next() % 4) as usize];
            let segments: Vec<DataSegment<'static>> = (0..next() % 6)
                .map(|_| {
                    let (mode, alphabet) = alphabets[(next() % 4) as usize];
                    let length = (next() % 40) as usize;
                    let text: String = (0..length)
                        .map(|_| alphabet[next() as usize % alphabet.len()])
                        .collect();
                    DataSegment {
                        mode: Some(mode),
                        data: SegmentData::Text(Cow::Owned(text)),
                    }
                })
                .collect();
            let data = QrData::Segments(segments);
            let Ok(plan) = plan(&data, level, Some(version), true) else {
                continue;
            };
            let capacity = capacity_bits(version, level);
            let mut ours = BitStream::with_capacity(capacity);
            plan.write(&mut ours, Some(&mut Table(&KANJI))).unwrap();
            let mut theirs = Bits::new(Version::Normal(i16::from(version)));
            for piece in &plan.pieces {
                let data = plan.data_of(piece).unwrap();
                match piece.mode {
                    SegmentMode::Numeric => theirs.push_numeric_data(data),
                    SegmentMode::Alphanumeric => theirs.push_alphanumeric_data(data),
                    SegmentMode::Byte => theirs.push_byte_data(data),
                    SegmentMode::Kanji => {
                        let codes: Vec<u8> = std::str::from_utf8(data)
                            .unwrap()
                            .chars()
                            .flat_map(|c| {
                                let code = KANJI.iter().find(|k| k.0 == c).unwrap().1 as u16;
                                code.to_be_bytes()
                            })
                            .collect();
                        theirs.push_kanji_data(&codes)
                    }
                }
                .unwrap();
            }
            theirs.push_terminator(level.to_crate()).unwrap();
            assert_eq!(
                ours.into_codewords(capacity).unwrap(),
                theirs.into_bytes(),
                "version {version}, level {level:?}"
            );
            compared += 1;
        }
        assert!(compared > 2000, "only {compared} compared");
    }
}
