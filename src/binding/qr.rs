//! QR codes. The options arrive as one object (the JS wrapper has flattened
//! `color.dark`/`color.light` and checked every type); rendering a symbol
//! costs far more than reading a dozen properties, so flat arguments would
//! buy nothing here. Each render call has a sync twin and an async one: the
//! async one copies its input (the text is already an owned `String`), then
//! encodes and renders on the libuv pool as an `AsyncTask`.
//!
//! The data is a text or a list of segments; with a `toSJISFunc` (Kanji
//! mode) the symbol is made on the calling thread, where that JS function
//! can be called, and only drawn on the pool.

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::core;
use crate::error::Result as CoreResult;
use crate::qr::{
    self, margin_from, mask_pattern_from, version_from, Color, DataSegment, ErrorCorrectionLevel,
    Format, QrData, QrOptions, QrSegment, QrSymbol, RenderOptions, Rendering, SegmentData,
    SegmentMode, ShiftJis,
};

/// The options of every QR call, as the wrapper passes them (`undefined`
/// where the user gave none, so the core's default applies).
#[napi(object)]
pub struct QrArgs {
    pub error_correction_level: Option<String>,
    pub version: Option<f64>,
    pub mask_pattern: Option<f64>,
    pub margin: Option<f64>,
    pub scale: Option<f64>,
    pub width: Option<f64>,
    pub dark: Option<String>,
    pub light: Option<String>,
    pub small: Option<bool>,
    pub inverse: Option<bool>,
    #[napi(js_name = "type")]
    pub kind: Option<String>,
}

impl QrArgs {
    fn symbol_options(&self) -> CoreResult<QrOptions> {
        Ok(QrOptions {
            error_correction_level: self
                .error_correction_level
                .as_deref()
                .map(ErrorCorrectionLevel::parse)
                .transpose()?
                .unwrap_or_default(),
            version: self.version.map(version_from).transpose()?,
            mask_pattern: self.mask_pattern.map(mask_pattern_from).transpose()?,
        })
    }

    fn render_options(&self) -> CoreResult<RenderOptions> {
        let defaults = RenderOptions::default();
        let options = RenderOptions {
            margin: self
                .margin
                .map(margin_from)
                .transpose()?
                .unwrap_or(defaults.margin),
            scale: self.scale.unwrap_or(defaults.scale),
            width: self.width,
            dark: self
                .dark
                .as_deref()
                .map(|dark| Color::parse("color.dark", dark))
                .transpose()?
                .unwrap_or(defaults.dark),
            light: self
                .light
                .as_deref()
                .map(|light| Color::parse("color.light", light))
                .transpose()?
                .unwrap_or(defaults.light),
            small: self.small.unwrap_or(defaults.small),
            inverse: self.inverse.unwrap_or(defaults.inverse),
        };
        options.validate()?;
        Ok(options)
    }
}

// --- Data: texts, segment lists, Kanji -------------------------------------

/// One segment of a segment list, as the wrapper passes it (strings already
/// turned into `{ data }`, byte views into `Uint8Array`s).
#[napi(object)]
pub struct QrSegmentArg {
    pub data: Either<String, Uint8Array>,
    pub mode: Option<String>,
}

/// What to encode: a text or a segment list.
pub type QrInput = Either<String, Vec<QrSegmentArg>>;

/// The core's view of the input, borrowing it.
fn data_of(input: &QrInput) -> CoreResult<QrData<'_>> {
    match input {
        Either::A(text) => Ok(QrData::Text(Cow::Borrowed(text))),
        Either::B(segments) => segments
            .iter()
            .map(|segment| {
                Ok(DataSegment {
                    mode: segment
                        .mode
                        .as_deref()
                        .map(SegmentMode::parse)
                        .transpose()?,
                    data: match &segment.data {
                        Either::A(text) => SegmentData::Text(Cow::Borrowed(text)),
                        Either::B(bytes) => SegmentData::Bytes(Cow::Borrowed(bytes)),
                    },
                })
            })
            .collect::<CoreResult<Vec<_>>>()
            .map(QrData::Segments),
    }
}

/// The JS `toSJISFunc` as the core's converter. A throw stops the
/// conversion; the caller rethrows it instead of the core's error.
struct JsShiftJis<'a> {
    function: Function<'a, String, Option<f64>>,
    thrown: Option<Error>,
}

impl ShiftJis for JsShiftJis<'_> {
    fn code(&mut self, character: char) -> Option<f64> {
        if self.thrown.is_some() {
            return None;
        }
        self.function
            .call(character.to_string())
            .unwrap_or_else(|error| {
                self.thrown = Some(error);
                None
            })
    }
}

/// Makes the symbol, calling `to_sjis` (on this thread) for Kanji.
fn symbol_with(
    env: &Env,
    data: &QrData,
    options: &QrOptions,
    to_sjis: Option<Function<String, Option<f64>>>,
) -> Result<QrSymbol> {
    let mut converter = to_sjis.map(|function| JsShiftJis {
        function,
        thrown: None,
    });
    let symbol = qr::create_from(
        data,
        options,
        converter.as_mut().map(|c| c as &mut dyn ShiftJis),
    );
    if let Some(thrown) = converter.and_then(|c| c.thrown) {
        return Err(thrown);
    }
    core(env, symbol)
}

/// A segment of a `create` result: text for numeric, alphanumeric and Kanji
/// segments, bytes for byte segments.
#[napi(object)]
pub struct QrSegmentOut {
    pub mode: String,
    pub data: Either<String, Uint8Array>,
}

fn segment_out(segment: QrSegment) -> QrSegmentOut {
    let data = match segment.mode {
        SegmentMode::Byte => Either::B(Uint8Array::new(segment.data)),
        _ => match String::from_utf8(segment.data) {
            Ok(text) => Either::A(text),
            Err(error) => Either::B(Uint8Array::new(error.into_bytes())),
        },
    };
    QrSegmentOut {
        mode: segment.mode.name().to_owned(),
        data,
    }
}

/// `qr.toSJIS`: the Shift JIS code Kanji mode uses for a character.
#[napi(catch_unwind)]
pub fn qr_to_sjis(character: String) -> Option<u32> {
    let mut characters = character.chars();
    match (characters.next(), characters.next()) {
        (Some(single), None) => qr::shift_jis(single).map(u32::from),
        _ => None,
    }
}

/// `qr.reservedModules`: 1 where a `version` symbol has function patterns,
/// format or version information, 0 where it has data, row by row.
#[napi(catch_unwind)]
pub fn qr_reserved_modules(env: Env, version: f64) -> Result<Uint8Array> {
    let reserved = core(&env, version_from(version).and_then(qr::reserved_modules))?;
    Ok(Uint8Array::new(
        reserved.into_iter().map(u8::from).collect(),
    ))
}

// ---------------------------------------------------------------------------

/// What `qr.create` returns: `qrcode`'s symbol fields, with the modules as
/// bytes (1 dark, 0 light), row-major, and the segments encoded.
#[napi(object)]
pub struct QrCreated {
    pub version: u32,
    pub error_correction_level: String,
    pub mask_pattern: u32,
    pub size: u32,
    pub modules: Uint8Array,
    pub segments: Vec<QrSegmentOut>,
}

#[napi(catch_unwind)]
pub fn qr_create(
    env: Env,
    input: QrInput,
    options: Option<QrArgs>,
    to_sjis: Option<Function<String, Option<f64>>>,
) -> Result<QrCreated> {
    let (data, options) = core(
        &env,
        data_of(&input).and_then(|data| {
            let options = options
                .as_ref()
                .map(QrArgs::symbol_options)
                .transpose()?
                .unwrap_or_default();
            Ok((data, options))
        }),
    )?;
    let symbol = symbol_with(&env, &data, &options, to_sjis)?;
    Ok(QrCreated {
        version: u32::from(symbol.version),
        error_correction_level: symbol.error_correction_level.name().to_owned(),
        mask_pattern: u32::from(symbol.mask_pattern),
        // At most 177.
        size: symbol.size as u32,
        modules: Uint8Array::new(symbol.modules.iter().map(|&dark| u8::from(dark)).collect()),
        segments: symbol.segments.into_iter().map(segment_out).collect(),
    })
}

/// What a rendering draws: data to encode (on the pool, for async calls), or
/// a symbol already made (Kanji mode, whose converter is a JS function).
enum Drawn {
    Data(QrData<'static>),
    Symbol(QrSymbol),
}

/// One rendering: the data, its options, and the format the call asked for.
pub struct RenderTask {
    drawn: Drawn,
    options: QrOptions,
    render: RenderOptions,
    format: Format,
}

impl RenderTask {
    /// Checks every option before any work, so a bad one is thrown by the
    /// call itself (the wrapper turns that into a rejection for promises).
    fn new(
        env: &Env,
        input: QrInput,
        args: Option<QrArgs>,
        to_sjis: Option<Function<String, Option<f64>>>,
        format: impl FnOnce(Option<&str>) -> CoreResult<Format>,
    ) -> Result<Self> {
        let task = (|| {
            let (format, options, render) = match &args {
                None => (
                    format(None)?,
                    QrOptions::default(),
                    RenderOptions::default(),
                ),
                Some(args) => (
                    format(args.kind.as_deref())?,
                    args.symbol_options()?,
                    args.render_options()?,
                ),
            };
            Ok((format, options, render, data_of(&input)?.into_owned()))
        })();
        let (format, options, render, data) = core(env, task)?;
        let drawn = match to_sjis {
            Some(function) => Drawn::Symbol(symbol_with(env, &data, &options, Some(function))?),
            None => Drawn::Data(data),
        };
        Ok(RenderTask {
            drawn,
            options,
            render,
            format,
        })
    }

    fn run(&self) -> Result<CoreResult<Rendering>> {
        // The core does not panic; if it ever did on some input, this keeps
        // the unwind from crossing into libuv (which would abort Node).
        catch_unwind(AssertUnwindSafe(|| match &self.drawn {
            Drawn::Data(data) => qr::render(data, &self.options, &self.render, self.format),
            Drawn::Symbol(symbol) => qr::render_symbol(symbol, &self.render, self.format),
        }))
        .map_err(|_| {
            Error::new(
                Status::GenericFailure,
                "internal error: the QR renderer panicked (please report this input)",
            )
        })
    }

    fn finish(env: &Env, output: CoreResult<Rendering>) -> Result<Either<String, Buffer>> {
        match core(env, output)? {
            Rendering::Text(text) => Ok(Either::A(text)),
            Rendering::Bytes(bytes) => Ok(Either::B(Buffer::from(bytes))),
        }
    }

    fn sync(self, env: &Env) -> Result<Either<String, Buffer>> {
        let output = self.run()?;
        Self::finish(env, output)
    }
}

impl Task for RenderTask {
    type Output = CoreResult<Rendering>;
    type JsValue = Either<String, Buffer>;

    fn compute(&mut self) -> Result<Self::Output> {
        self.run()
    }

    /// On the JS thread: a core error becomes its JS error here, where an
    /// `Env` exists, and rejects the promise.
    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Self::finish(&env, output)
    }
}

fn for_string(kind: Option<&str>) -> CoreResult<Format> {
    Format::for_string(kind)
}

fn for_buffer(kind: Option<&str>) -> CoreResult<Format> {
    Format::for_image(kind, false)
}

fn for_data_url(kind: Option<&str>) -> CoreResult<Format> {
    Format::for_image(kind, true)
}

/// `qr.toStringSync`: SVG, utf8 or terminal text.
#[napi(catch_unwind)]
pub fn qr_to_string(
    env: Env,
    input: QrInput,
    options: Option<QrArgs>,
    to_sjis: Option<Function<String, Option<f64>>>,
) -> Result<Either<String, Buffer>> {
    RenderTask::new(&env, input, options, to_sjis, for_string)?.sync(&env)
}

/// `qr.toString`, on the libuv pool.
#[napi(catch_unwind)]
pub fn qr_to_string_async(
    env: Env,
    input: QrInput,
    options: Option<QrArgs>,
    to_sjis: Option<Function<String, Option<f64>>>,
) -> Result<AsyncTask<RenderTask>> {
    Ok(AsyncTask::new(RenderTask::new(
        &env, input, options, to_sjis, for_string,
    )?))
}

/// `qr.toBufferSync`: a PNG file.
#[napi(catch_unwind)]
pub fn qr_to_buffer(
    env: Env,
    input: QrInput,
    options: Option<QrArgs>,
    to_sjis: Option<Function<String, Option<f64>>>,
) -> Result<Either<String, Buffer>> {
    RenderTask::new(&env, input, options, to_sjis, for_buffer)?.sync(&env)
}

/// `qr.toBuffer`, on the libuv pool.
#[napi(catch_unwind)]
pub fn qr_to_buffer_async(
    env: Env,
    input: QrInput,
    options: Option<QrArgs>,
    to_sjis: Option<Function<String, Option<f64>>>,
) -> Result<AsyncTask<RenderTask>> {
    Ok(AsyncTask::new(RenderTask::new(
        &env, input, options, to_sjis, for_buffer,
    )?))
}

/// `qr.toDataURLSync`: `data:image/png;base64,…`.
#[napi(catch_unwind)]
pub fn qr_to_data_url(
    env: Env,
    input: QrInput,
    options: Option<QrArgs>,
    to_sjis: Option<Function<String, Option<f64>>>,
) -> Result<Either<String, Buffer>> {
    RenderTask::new(&env, input, options, to_sjis, for_data_url)?.sync(&env)
}

/// `qr.toDataURL`, on the libuv pool.
#[napi(catch_unwind)]
pub fn qr_to_data_url_async(
    env: Env,
    input: QrInput,
    options: Option<QrArgs>,
    to_sjis: Option<Function<String, Option<f64>>>,
) -> Result<AsyncTask<RenderTask>> {
    Ok(AsyncTask::new(RenderTask::new(
        &env,
        input,
        options,
        to_sjis,
        for_data_url,
    )?))
}

/// The contents of `qr.toFile(path, …)`, on the libuv pool: PNG bytes, or
/// SVG (with its XML prolog) or utf8 text, by `type` or the extension. The
/// wrapper writes them with `fs`, so file errors are Node's own.
#[napi(catch_unwind)]
pub fn qr_file_contents_async(
    env: Env,
    path: String,
    input: QrInput,
    options: Option<QrArgs>,
    to_sjis: Option<Function<String, Option<f64>>>,
) -> Result<AsyncTask<RenderTask>> {
    Ok(AsyncTask::new(RenderTask::new(
        &env,
        input,
        options,
        to_sjis,
        |kind| Format::for_file(kind, &path),
    )?))
}
