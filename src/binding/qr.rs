//! QR codes. Each render call has a sync twin and an async one: the async
//! one copies its input (the text is already a `String`, segment bytes are
//! copied), then encodes and renders on the libuv pool as an `AsyncTask`.
//!
//! The data is a text or a list of segments ([`QrInput`]). With a
//! `toSJISFunc` (Kanji mode) the symbol is made on the calling thread, where
//! that JS function can be called, and only drawn on the pool.

use std::borrow::Cow;
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::{reject, sync, type_error};
use crate::error::{Error as CoreError, Result as CoreResult};
use crate::options::QrCallOptions;
use crate::qr::{
    self, DataSegment, Format, QrData, QrOptions, QrSegment, QrSymbol, RenderOptions, Rendering,
    SegmentData, SegmentMode, ShiftJis,
};

/// A segment of a list: `{ data, mode }`, the mode one of `numeric`,
/// `alphanumeric`, `byte` or `kanji` (default: the smallest that fits).
#[napi(object)]
pub struct QrSegmentInput {
    pub data: Either3<String, Uint8Array, Uint8ClampedArray>,
    pub mode: Option<String>,
}

/// What to encode: a text, or a list of segments (strings or
/// `{ data, mode }`).
#[napi]
pub type QrInput = Either<String, Vec<Either<String, QrSegmentInput>>>;

/// The `toSJISFunc` option: the Shift JIS code of a character, or nothing.
pub(crate) type ToSjisFunction<'f> = Function<'f, String, Unknown<'f>>;

/// The core's view of the data; segment bytes are borrowed, and a mode name
/// is checked here.
pub(crate) fn data_of(input: &QrInput) -> CoreResult<QrData<'_>> {
    match input {
        Either::A(text) => Ok(QrData::Text(Cow::Borrowed(text))),
        Either::B(segments) => segments
            .iter()
            .map(|segment| match segment {
                Either::A(text) => Ok(DataSegment {
                    mode: None,
                    data: SegmentData::Text(Cow::Borrowed(text)),
                }),
                Either::B(segment) => Ok(DataSegment {
                    mode: segment
                        .mode
                        .as_deref()
                        .map(SegmentMode::parse)
                        .transpose()?,
                    data: match &segment.data {
                        Either3::A(text) => SegmentData::Text(Cow::Borrowed(text)),
                        Either3::B(bytes) => SegmentData::Bytes(Cow::Borrowed(bytes)),
                        Either3::C(bytes) => SegmentData::Bytes(Cow::Borrowed(bytes)),
                    },
                }),
            })
            .collect::<CoreResult<Vec<_>>>()
            .map(QrData::Segments),
    }
}

/// The JS `toSJISFunc` as the core's converter. A throw, or a value that is
/// not a number, stops the conversion; the call then throws that instead of
/// the core's error.
struct JsShiftJis<'e, 'f> {
    env: &'e Env,
    function: &'e ToSjisFunction<'f>,
    failed: Option<napi::Error>,
}

impl JsShiftJis<'_, '_> {
    fn call(&self, character: char) -> Result<Option<f64>> {
        let value = self.function.call(character.to_string())?;
        match value.get_type()? {
            ValueType::Undefined | ValueType::Null => Ok(None),
            ValueType::Number => Ok(Some(value.coerce_to_number()?.get_double()?)),
            _ => Err(type_error(
                self.env,
                "ERR_QR_INVALID_OPTION",
                format!(
                    "option \"toSJISFunc\" must return a number or undefined (toSJISFunc({character:?}) gave a {})",
                    type_name(&value)?
                ),
            )),
        }
    }
}

fn type_name(value: &Unknown) -> Result<&'static str> {
    Ok(match value.get_type()? {
        ValueType::String => "string",
        ValueType::Boolean => "boolean",
        ValueType::Object => "object",
        ValueType::Function => "function",
        ValueType::BigInt => "bigint",
        ValueType::Symbol => "symbol",
        _ => "value",
    })
}

impl ShiftJis for JsShiftJis<'_, '_> {
    fn code(&mut self, character: char) -> Option<f64> {
        if self.failed.is_some() {
            return None;
        }
        self.call(character).unwrap_or_else(|error| {
            self.failed = Some(error);
            None
        })
    }
}

/// Makes the symbol on this thread, calling `to_sjis` for Kanji.
pub(crate) fn symbol_with(
    env: &Env,
    data: &QrData,
    options: &QrOptions,
    to_sjis: Option<&ToSjisFunction>,
) -> Result<QrSymbol> {
    let mut converter = to_sjis.map(|function| JsShiftJis {
        env,
        function,
        failed: None,
    });
    let symbol = qr::create_from(
        data,
        options,
        converter.as_mut().map(|c| c as &mut dyn ShiftJis),
    );
    if let Some(failed) = converter.and_then(|c| c.failed) {
        return Err(failed);
    }
    sync(env, symbol)
}

/// What `qrCreate` returns.
#[napi(object)]
pub struct QrCreated {
    pub version: u32,
    pub error_correction_level: String,
    pub mask_pattern: u32,
    pub size: u32,
    /// 1 dark, 0 light, row by row.
    pub modules: Uint8Array,
}

fn bools(modules: Vec<bool>) -> Uint8Array {
    Uint8Array::new(modules.into_iter().map(u8::from).collect())
}

/// The QR symbol `qrcode` 1.5.4 makes for `text`: its version, level, mask
/// and modules.
#[napi(catch_unwind)]
pub fn qr_create(
    env: Env,
    text: QrInput,
    options: Option<QrCallOptions>,
    to_sjis: Option<Function<String, Unknown>>,
) -> Result<QrCreated> {
    let options = options.unwrap_or_default();
    let (symbol_options, data) = sync(
        &env,
        options.symbol().and_then(|o| Ok((o, data_of(&text)?))),
    )?;
    let symbol = symbol_with(&env, &data, &symbol_options, to_sjis.as_ref())?;
    Ok(QrCreated {
        version: u32::from(symbol.version),
        error_correction_level: symbol.error_correction_level.name().to_owned(),
        mask_pattern: u32::from(symbol.mask_pattern),
        // At most 177.
        size: symbol.size as u32,
        modules: bools(symbol.modules),
    })
}

/// A segment `qrCreate` encoded: text for numeric, alphanumeric and Kanji
/// segments, bytes for byte segments.
#[napi(object)]
pub struct QrSegmentOutput {
    pub mode: String,
    pub data: Either<String, Uint8Array>,
}

impl From<QrSegment> for QrSegmentOutput {
    fn from(segment: QrSegment) -> Self {
        let data = match segment.mode {
            SegmentMode::Byte => Either::B(Uint8Array::new(segment.data)),
            _ => match String::from_utf8(segment.data) {
                Ok(text) => Either::A(text),
                Err(error) => Either::B(Uint8Array::new(error.into_bytes())),
            },
        };
        QrSegmentOutput {
            mode: segment.mode.name().to_owned(),
            data,
        }
    }
}

/// The segments `qrCreate` encodes `text` in (made only when asked for).
#[napi(catch_unwind)]
pub fn qr_segments(
    env: Env,
    text: QrInput,
    options: Option<QrCallOptions>,
    kanji: Option<bool>,
) -> Result<Vec<QrSegmentOutput>> {
    let options = options.unwrap_or_default();
    let segments = sync(
        &env,
        options
            .symbol()
            .and_then(|o| qr::segments_of(&data_of(&text)?, &o, kanji.unwrap_or(false))),
    )?;
    Ok(segments.into_iter().map(QrSegmentOutput::from).collect())
}

/// The Shift JIS code Kanji mode uses for `character`, or null.
#[napi(catch_unwind)]
pub fn qr_to_sjis(character: String) -> Option<u32> {
    let mut characters = character.chars();
    match (characters.next(), characters.next()) {
        (Some(single), None) => qr::shift_jis(single).map(u32::from),
        _ => None,
    }
}

/// 1 where a `version` symbol has function patterns, format or version
/// information, 0 where it has data, row by row.
#[napi(catch_unwind)]
pub fn qr_reserved_modules(env: Env, version: f64) -> Result<Uint8Array> {
    sync(
        &env,
        qr::version_from(version).and_then(qr::reserved_modules),
    )
    .map(bools)
}

/// What a rendering becomes in JS.
pub trait Output: Send + 'static {
    type JsValue: ToNapiValue + TypeName;

    fn convert(rendering: Rendering) -> CoreResult<Self::JsValue>;
}

/// A string: SVG, text or a data URL.
pub struct Text;

impl Output for Text {
    type JsValue = String;

    fn convert(rendering: Rendering) -> CoreResult<String> {
        match rendering {
            Rendering::Text(text) => Ok(text),
            Rendering::Bytes(_) => Err(CoreError::Internal {
                what: "a text rendering gave bytes",
            }),
        }
    }
}

/// Bytes: a PNG, or a file's contents.
pub struct Bytes;

impl Output for Bytes {
    type JsValue = Buffer;

    fn convert(rendering: Rendering) -> CoreResult<Buffer> {
        Ok(Buffer::from(match rendering {
            Rendering::Text(text) => text.into_bytes(),
            Rendering::Bytes(bytes) => bytes,
        }))
    }
}

/// What a rendering draws: data to encode (on the pool, for async calls), or
/// a symbol already made (Kanji mode, whose converter is a JS function).
enum Drawn {
    Data(QrData<'static>),
    Symbol(QrSymbol),
}

/// One rendering: the data, its options, and the format the call asked for.
pub struct RenderTask<O> {
    drawn: Drawn,
    options: QrOptions,
    render: RenderOptions,
    format: Format,
    output: PhantomData<O>,
}

impl<O: Output> RenderTask<O> {
    /// Checks every option before any work, so a bad one is thrown by the
    /// call itself (the wrapper turns that into a rejection for promises).
    fn new(
        env: &Env,
        text: &QrInput,
        options: Option<QrCallOptions>,
        to_sjis: Option<&ToSjisFunction>,
        format: impl FnOnce(&QrCallOptions) -> CoreResult<Format>,
    ) -> Result<Self> {
        let options = options.unwrap_or_default();
        let (format, symbol_options, render, data) = sync(
            env,
            (|| {
                Ok((
                    format(&options)?,
                    options.symbol()?,
                    options.render()?,
                    data_of(text)?,
                ))
            })(),
        )?;
        let drawn = match to_sjis {
            Some(function) => {
                Drawn::Symbol(symbol_with(env, &data, &symbol_options, Some(function))?)
            }
            None => Drawn::Data(data.into_owned()),
        };
        Ok(RenderTask {
            drawn,
            options: symbol_options,
            render,
            format,
            output: PhantomData,
        })
    }

    fn run(&self) -> CoreResult<Rendering> {
        // The core does not panic; if it ever did on some input, this keeps
        // the unwind from crossing into libuv (which would abort Node).
        catch_unwind(AssertUnwindSafe(|| match &self.drawn {
            Drawn::Data(data) => qr::render(data, &self.options, &self.render, self.format),
            Drawn::Symbol(symbol) => qr::render_symbol(symbol, &self.render, self.format),
        }))
        .unwrap_or(Err(CoreError::Internal {
            what: "the QR renderer panicked",
        }))
    }

    fn sync(self, env: &Env) -> Result<O::JsValue> {
        sync(env, self.run().and_then(O::convert))
    }
}

impl<O: Output> Task for RenderTask<O> {
    type Output = CoreResult<Rendering>;
    type JsValue = O::JsValue;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(self.run())
    }

    /// On the JS thread: a core error becomes its JS error here, where an
    /// `Env` exists, and rejects the promise.
    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Self::JsValue> {
        output
            .and_then(O::convert)
            .map_err(|error| reject(&env, error))
    }
}

fn for_string(options: &QrCallOptions) -> CoreResult<Format> {
    options.string_format()
}

fn for_buffer(options: &QrCallOptions) -> CoreResult<Format> {
    options.image_format(false)
}

fn for_data_url(options: &QrCallOptions) -> CoreResult<Format> {
    options.image_format(true)
}

/// `text` as SVG, utf8 or terminal text.
#[napi(catch_unwind)]
pub fn qr_to_string(
    env: Env,
    text: QrInput,
    options: Option<QrCallOptions>,
    to_sjis: Option<Function<String, Unknown>>,
) -> Result<String> {
    let task = RenderTask::<Text>::new(&env, &text, options, to_sjis.as_ref(), for_string)?;
    task.sync(&env)
}

/// `qrToString` on the libuv pool.
#[napi(catch_unwind, ts_return_type = "Promise<string>")]
pub fn qr_to_string_async(
    env: Env,
    text: QrInput,
    options: Option<QrCallOptions>,
    to_sjis: Option<Function<String, Unknown>>,
) -> Result<AsyncTask<RenderTask<Text>>> {
    RenderTask::new(&env, &text, options, to_sjis.as_ref(), for_string).map(AsyncTask::new)
}

/// `text` as a PNG file's bytes.
#[napi(catch_unwind)]
pub fn qr_to_buffer(
    env: Env,
    text: QrInput,
    options: Option<QrCallOptions>,
    to_sjis: Option<Function<String, Unknown>>,
) -> Result<Buffer> {
    let task = RenderTask::<Bytes>::new(&env, &text, options, to_sjis.as_ref(), for_buffer)?;
    task.sync(&env)
}

/// `qrToBuffer` on the libuv pool.
#[napi(catch_unwind, ts_return_type = "Promise<Buffer>")]
pub fn qr_to_buffer_async(
    env: Env,
    text: QrInput,
    options: Option<QrCallOptions>,
    to_sjis: Option<Function<String, Unknown>>,
) -> Result<AsyncTask<RenderTask<Bytes>>> {
    RenderTask::new(&env, &text, options, to_sjis.as_ref(), for_buffer).map(AsyncTask::new)
}

/// `text` as a PNG data URL, `data:image/png;base64,…`.
#[napi(catch_unwind)]
pub fn qr_to_data_url(
    env: Env,
    text: QrInput,
    options: Option<QrCallOptions>,
    to_sjis: Option<Function<String, Unknown>>,
) -> Result<String> {
    let task = RenderTask::<Text>::new(&env, &text, options, to_sjis.as_ref(), for_data_url)?;
    task.sync(&env)
}

/// `qrToDataUrl` on the libuv pool.
#[napi(catch_unwind, ts_return_type = "Promise<string>")]
pub fn qr_to_data_url_async(
    env: Env,
    text: QrInput,
    options: Option<QrCallOptions>,
    to_sjis: Option<Function<String, Unknown>>,
) -> Result<AsyncTask<RenderTask<Text>>> {
    RenderTask::new(&env, &text, options, to_sjis.as_ref(), for_data_url).map(AsyncTask::new)
}

/// The contents of a QR file at `path`, on the libuv pool: PNG, or SVG (with
/// its XML prolog) or utf8 text, by `type` or the extension. The wrapper
/// writes them with `fs`, so file errors are Node's own.
#[napi(catch_unwind, ts_return_type = "Promise<Buffer>")]
pub fn qr_file_contents_async(
    env: Env,
    path: String,
    text: QrInput,
    options: Option<QrCallOptions>,
    to_sjis: Option<Function<String, Unknown>>,
) -> Result<AsyncTask<RenderTask<Bytes>>> {
    RenderTask::new(&env, &text, options, to_sjis.as_ref(), |options| {
        options.file_format(&path)
    })
    .map(AsyncTask::new)
}
