//! QR codes. The options arrive as positional arguments after the text
//! ([`QrArgs`], `color.dark`/`color.light` flattened by the wrapper): each
//! property read from an object would cost a string key made and looked up
//! in V8, over a microsecond for the eleven of them. Each render call has a
//! sync twin and an async one: the async one owns its input (the text is
//! already a `String`), then encodes and renders on the libuv pool as an
//! `AsyncTask`.
//!
//! The data is a text or a list of segments ([`QrInput`]). With a
//! `toSJISFunc` (Kanji mode) the symbol is made on the calling thread, where
//! that JS function can be called, and only drawn on the pool.

use std::borrow::Cow;
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use napi::bindgen_prelude::*;
use napi::{sys, JsTypeError};

use super::core;
use super::declare::{
    flat_args, get_property, interface_body, js_object, natives, Arg, ArgContext, Ret, TsTypes,
};
use super::input::{self, describe, type_error, Optional};
use super::output::{CopiedBools, CopiedBuffer, CopiedBytes, Text as JsText};
use crate::error::{Error as CoreError, Result as CoreResult};
use crate::options::QrCallOptions;
use crate::qr::{
    self, DataSegment, Format, QrData, QrOptions, QrSegment, QrSymbol, RenderOptions, Rendering,
    SegmentData, SegmentMode, ShiftJis,
};

natives! {
    type_error = "ERR_QR_INVALID_OPTION";

    /// The QR symbol `qrcode` 1.5.4 makes for `text`: its version, level,
    /// mask and modules (1 dark, 0 light, row-major).
    qrCreate => qr_create(QrCreate {
        text: QrInput,
        options: QrArgs,
    }) -> QrCreated;

    /// The segments `qrCreate` encodes `text` in (made only when asked for:
    /// turning them into JS objects costs a fifth of `qrCreate`).
    qrSegments => qr_segments(QrSegments {
        text: QrInput,
        options: QrArgs,
    }) -> Vec<QrSegmentOutput>;

    /// `text` as SVG, utf8 or terminal text.
    qrToString => qr_to_string(QrToString {
        text: QrInput,
        options: QrArgs,
    }) -> JsText;

    /// `qrToString` on the libuv pool.
    qrToStringAsync => qr_to_string_async(QrToStringAsync {
        text: QrInput,
        options: QrArgs,
    }) -> AsyncTask<RenderTask<Text>>;

    /// `text` as a PNG file's bytes.
    qrToBuffer => qr_to_buffer(QrToBuffer {
        text: QrInput,
        options: QrArgs,
    }) -> CopiedBuffer;

    /// `qrToBuffer` on the libuv pool.
    qrToBufferAsync => qr_to_buffer_async(QrToBufferAsync {
        text: QrInput,
        options: QrArgs,
    }) -> AsyncTask<RenderTask<Bytes>>;

    /// `text` as a PNG data URL, `data:image/png;base64,…`.
    qrToDataUrl => qr_to_data_url(QrToDataUrl {
        text: QrInput,
        options: QrArgs,
    }) -> JsText;

    /// `qrToDataUrl` on the libuv pool.
    qrToDataUrlAsync => qr_to_data_url_async(QrToDataUrlAsync {
        text: QrInput,
        options: QrArgs,
    }) -> AsyncTask<RenderTask<Text>>;

    /// The contents of a QR file at `path`, on the libuv pool: PNG, or SVG
    /// (with its XML prolog) or utf8 text, by `type` or the extension. The
    /// wrapper writes them with `fs`, so file errors are Node's own.
    qrFileContentsAsync => qr_file_contents_async(QrFileContentsAsync {
        path: String,
        text: QrInput,
        options: QrArgs,
    }) -> AsyncTask<RenderTask<Bytes>>;

    /// The Shift JIS code Kanji mode uses for `character`, or null.
    qrToSjis => qr_to_sjis(QrToSjis {
        character: String,
    }) -> Option<f64>;

    /// 1 where a `version` symbol has function patterns, format or version
    /// information, 0 where it has data, row by row.
    qrReservedModules => qr_reserved_modules(QrReservedModules {
        version: f64,
    }) -> CopiedBools;
}

flat_args! {
    /// The options of every QR call, as the wrapper passes them.
    pub(crate) struct QrArgs {
        error_correction_level = "errorCorrectionLevel": Optional<String>,
        version: Optional<f64>,
        mask_pattern = "maskPattern": Optional<f64>,
        margin: Optional<f64>,
        scale: Optional<f64>,
        width: Optional<f64>,
        dark: Optional<String>,
        light: Optional<String>,
        small: Optional<bool>,
        inverse: Optional<bool>,
        kind = "type": Optional<String>,
        to_sjis_func = "toSJISFunc": Optional<ShiftJisFunction>,
    }
}

impl QrArgs {
    pub(crate) fn options(&self) -> QrCallOptions<'_> {
        QrCallOptions {
            error_correction_level: self.error_correction_level.0.as_deref(),
            version: self.version.0,
            mask_pattern: self.mask_pattern.0,
            margin: self.margin.0,
            scale: self.scale.0,
            width: self.width.0,
            dark: self.dark.0.as_deref(),
            light: self.light.0.as_deref(),
            small: self.small.0,
            inverse: self.inverse.0,
            kind: self.kind.0.as_deref(),
        }
    }
}

js_object! {
    /// What `qrCreate` returns.
    pub(crate) struct QrCreated {
        version: f64,
        error_correction_level = "errorCorrectionLevel": String,
        mask_pattern = "maskPattern": f64,
        size: f64,
        modules: CopiedBools,
    }
}

fn qr_create(env: &Env, args: QrCreate) -> Result<QrCreated> {
    let (options, data) = core(
        env,
        (|| Ok((args.options.options().symbol()?, args.text.data()?)))(),
    )?;
    let symbol = symbol_with(env, &data, &options, to_sjis_of(&args.options))?;
    Ok(QrCreated {
        version: f64::from(symbol.version),
        error_correction_level: symbol.error_correction_level.name().to_owned(),
        mask_pattern: f64::from(symbol.mask_pattern),
        // At most 177.
        size: symbol.size as f64,
        modules: CopiedBools(symbol.modules),
    })
}

fn qr_segments(env: &Env, args: QrSegments) -> Result<Vec<QrSegmentOutput>> {
    let segments = core(
        env,
        (|| {
            let options = args.options.options().symbol()?;
            qr::segments_of(
                &args.text.data()?,
                &options,
                to_sjis_of(&args.options).is_some(),
            )
        })(),
    )?;
    Ok(segments.into_iter().map(QrSegmentOutput::from).collect())
}

fn qr_to_sjis(_: &Env, args: QrToSjis) -> Result<Option<f64>> {
    let mut characters = args.character.chars();
    Ok(match (characters.next(), characters.next()) {
        (Some(single), None) => qr::shift_jis(single).map(f64::from),
        _ => None,
    })
}

fn qr_reserved_modules(env: &Env, args: QrReservedModules) -> Result<CopiedBools> {
    let reserved = core(
        env,
        qr::version_from(args.version).and_then(qr::reserved_modules),
    )?;
    Ok(CopiedBools(reserved))
}

/// What a rendering becomes in JS.
pub(crate) trait Output: Send + 'static {
    type JsValue: ToNapiValue + TypeName + Ret;

    fn convert(rendering: Rendering) -> CoreResult<Self::JsValue>;
}

/// A string: SVG, text or a data URL.
pub(crate) struct Text;

impl Output for Text {
    type JsValue = JsText;

    fn convert(rendering: Rendering) -> CoreResult<JsText> {
        match rendering {
            Rendering::Text(text) => Ok(JsText(text)),
            Rendering::Bytes(_) => Err(CoreError::Internal {
                what: "a text rendering gave bytes",
            }),
        }
    }
}

/// Bytes: a PNG, or a file's contents.
pub(crate) struct Bytes;

impl Output for Bytes {
    type JsValue = CopiedBuffer;

    fn convert(rendering: Rendering) -> CoreResult<CopiedBuffer> {
        Ok(CopiedBuffer(match rendering {
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
pub(crate) struct RenderTask<O> {
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
        text: QrInput,
        args: &QrArgs,
        format: impl FnOnce(&QrCallOptions) -> CoreResult<Format>,
    ) -> Result<Self> {
        let options = args.options();
        let (format, symbol_options, render, data) = core(
            env,
            (|| {
                Ok((
                    format(&options)?,
                    options.symbol()?,
                    options.render()?,
                    text.data()?,
                ))
            })(),
        )?;
        let drawn = match to_sjis_of(args) {
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

    fn sync(self, env: &Env) -> Result<O::JsValue> {
        core(env, self.run()?.and_then(O::convert))
    }
}

impl<O: Output> Task for RenderTask<O> {
    type Output = CoreResult<Rendering>;
    type JsValue = O::JsValue;

    fn compute(&mut self) -> Result<Self::Output> {
        self.run()
    }

    /// On the JS thread: a core error becomes its JS error here, where an
    /// `Env` exists, and rejects the promise.
    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Self::JsValue> {
        core(&env, output.and_then(O::convert))
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

fn qr_to_string(env: &Env, args: QrToString) -> Result<JsText> {
    RenderTask::<Text>::new(env, args.text, &args.options, for_string)?.sync(env)
}

fn qr_to_string_async(env: &Env, args: QrToStringAsync) -> Result<AsyncTask<RenderTask<Text>>> {
    RenderTask::new(env, args.text, &args.options, for_string).map(AsyncTask::new)
}

fn qr_to_buffer(env: &Env, args: QrToBuffer) -> Result<CopiedBuffer> {
    RenderTask::<Bytes>::new(env, args.text, &args.options, for_buffer)?.sync(env)
}

fn qr_to_buffer_async(env: &Env, args: QrToBufferAsync) -> Result<AsyncTask<RenderTask<Bytes>>> {
    RenderTask::new(env, args.text, &args.options, for_buffer).map(AsyncTask::new)
}

fn qr_to_data_url(env: &Env, args: QrToDataUrl) -> Result<JsText> {
    RenderTask::<Text>::new(env, args.text, &args.options, for_data_url)?.sync(env)
}

fn qr_to_data_url_async(env: &Env, args: QrToDataUrlAsync) -> Result<AsyncTask<RenderTask<Text>>> {
    RenderTask::new(env, args.text, &args.options, for_data_url).map(AsyncTask::new)
}

fn qr_file_contents_async(
    env: &Env,
    args: QrFileContentsAsync,
) -> Result<AsyncTask<RenderTask<Bytes>>> {
    let path = args.path;
    RenderTask::new(env, args.text, &args.options, |options| {
        options.file_format(&path)
    })
    .map(AsyncTask::new)
}

// --- Data: texts, segment lists, Kanji --------------------------------------

/// What to encode: a text, or a list of segments (each a string, or
/// `{ data, mode }` with `data` a string or bytes), read from JS at once
/// (bytes copied, so the data may go to the pool).
pub(crate) enum QrInput {
    Text(String),
    Segments(Vec<SegmentInput>),
}

pub(crate) struct SegmentInput {
    mode: Option<String>,
    data: SegmentValue,
}

impl QrInput {
    /// The core's view of it (a mode name is checked here).
    pub(crate) fn data(&self) -> CoreResult<QrData<'_>> {
        match self {
            QrInput::Text(text) => Ok(QrData::Text(Cow::Borrowed(text))),
            QrInput::Segments(segments) => segments
                .iter()
                .map(|segment| {
                    Ok(DataSegment {
                        mode: segment
                            .mode
                            .as_deref()
                            .map(SegmentMode::parse)
                            .transpose()?,
                        data: match &segment.data {
                            SegmentValue::Text(text) => SegmentData::Text(Cow::Borrowed(text)),
                            SegmentValue::Bytes(bytes) => SegmentData::Bytes(Cow::Borrowed(bytes)),
                        },
                    })
                })
                .collect::<CoreResult<Vec<_>>>()
                .map(QrData::Segments),
        }
    }
}

impl Arg for QrInput {
    fn ts(types: &mut TsTypes) -> String {
        let segment = types.named("QrSegmentInput", |_| {
            interface_body(&[
                "data: string | Uint8Array | Uint8ClampedArray".to_owned(),
                "mode?: string | null".to_owned(),
            ])
        });
        format!("string | ReadonlyArray<string | {segment}>")
    }

    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self> {
        if !value.is_null() {
            // SAFETY: as the caller promises.
            if let Some(text) = unsafe { string_of(env, value)? } {
                return Ok(QrInput::Text(text));
            }
            if is_array(env, value) {
                // SAFETY: `value` is an array of the running call.
                return unsafe { segments_of(env, value, context) }.map(QrInput::Segments);
            }
        }
        Err(type_error(
            env,
            context,
            "a string or an array of segments",
            value,
        ))
    }
}

/// The string `value` holds, or `None` for another type.
///
/// # Safety
/// `value` is a value of the running call.
unsafe fn string_of(env: &Env, value: sys::napi_value) -> Result<Option<String>> {
    let mut kind = 0;
    // SAFETY: as the caller promises.
    unsafe { sys::napi_typeof(env.raw(), value, &mut kind) };
    if kind != sys::ValueType::napi_string {
        return Ok(None);
    }
    // SAFETY: `value` is a string of the running call.
    unsafe { String::from_napi_value(env.raw(), value) }.map(Some)
}

fn is_array(env: &Env, value: sys::napi_value) -> bool {
    let mut array = false;
    // SAFETY: `value` is a value of the running call.
    let status = unsafe { sys::napi_is_array(env.raw(), value, &mut array) };
    status == sys::Status::napi_ok && array
}

/// A `TypeError` naming an element of the segment list (`text[2].data`).
fn element_error(
    env: &Env,
    context: &ArgContext,
    name: &str,
    expected: &str,
    value: sys::napi_value,
) -> Error {
    let message = format!("{name} must be {expected} (got {})", describe(env, value));
    Error::from(JsTypeError::from(Error::new(context.code, message)).into_unknown(*env))
}

/// # Safety
/// `array` is an array of the running call.
unsafe fn segments_of(
    env: &Env,
    array: sys::napi_value,
    context: &ArgContext,
) -> Result<Vec<SegmentInput>> {
    let mut length = 0u32;
    // SAFETY: as the caller promises.
    unsafe { sys::napi_get_array_length(env.raw(), array, &mut length) };
    let mut segments = Vec::with_capacity(length as usize);
    for index in 0..length {
        let mut element = ptr::null_mut();
        // SAFETY: `array` is an array of the running call.
        unsafe { sys::napi_get_element(env.raw(), array, index, &mut element) };
        let name = format!("{}[{index}]", context.name);
        // SAFETY: `element` is a value of the running call.
        if let Some(text) = unsafe { string_of(env, element)? } {
            segments.push(SegmentInput {
                mode: None,
                data: SegmentValue::Text(text),
            });
            continue;
        }
        if !is_object(env, element) {
            return Err(element_error(
                env,
                context,
                &name,
                "a string or { data, mode }",
                element,
            ));
        }
        // SAFETY: `element` is an object of the running call.
        let data = unsafe { get_property(env.raw(), element, "data\0")? };
        // SAFETY: as above.
        let mode = unsafe { get_property(env.raw(), element, "mode\0")? };
        // SAFETY: both are values of the running call.
        let data = match unsafe { string_of(env, data)? } {
            Some(text) => SegmentValue::Text(text),
            None => match bytes_of(env, data) {
                Some(bytes) => SegmentValue::Bytes(bytes),
                None => {
                    return Err(element_error(
                        env,
                        context,
                        &format!("{name}.data"),
                        "a string, a Buffer or a Uint8Array",
                        data,
                    ))
                }
            },
        };
        let mode = if is_absent(env, mode) {
            None
        } else {
            // SAFETY: as above.
            match unsafe { string_of(env, mode)? } {
                Some(mode) => Some(mode),
                None => {
                    return Err(element_error(
                        env,
                        context,
                        &format!("{name}.mode"),
                        "a string",
                        mode,
                    ))
                }
            }
        };
        segments.push(SegmentInput { mode, data });
    }
    Ok(segments)
}

fn type_of(env: &Env, value: sys::napi_value) -> sys::napi_valuetype {
    let mut kind = sys::ValueType::napi_undefined;
    // SAFETY: `value` is a value of the running call.
    unsafe { sys::napi_typeof(env.raw(), value, &mut kind) };
    kind
}

fn is_object(env: &Env, value: sys::napi_value) -> bool {
    type_of(env, value) == sys::ValueType::napi_object
}

fn is_absent(env: &Env, value: sys::napi_value) -> bool {
    matches!(
        type_of(env, value),
        sys::ValueType::napi_undefined | sys::ValueType::napi_null
    )
}

/// A copy of the bytes of a `Uint8Array` (a `Buffer` is one) or a
/// `Uint8ClampedArray`, else `None`.
fn bytes_of(env: &Env, value: sys::napi_value) -> Option<Vec<u8>> {
    let kinds = [
        sys::TypedarrayType::uint8_array,
        sys::TypedarrayType::uint8_clamped_array,
    ];
    match input::Bytes::of_kind(env, value, &kinds) {
        Ok(Some(bytes)) => Some(bytes.as_slice().to_vec()),
        _ => None,
    }
}

/// A segment's data in JS: text, or bytes.
pub(crate) enum SegmentValue {
    Text(String),
    Bytes(Vec<u8>),
}

impl ToNapiValue for SegmentValue {
    unsafe fn to_napi_value(env: sys::napi_env, value: Self) -> Result<sys::napi_value> {
        match value {
            // SAFETY: as the caller promises.
            SegmentValue::Text(text) => unsafe { String::to_napi_value(env, text) },
            // SAFETY: as above.
            SegmentValue::Bytes(bytes) => unsafe {
                CopiedBytes::to_napi_value(env, CopiedBytes(bytes))
            },
        }
    }
}

impl Ret for SegmentValue {
    fn ts(_: &mut TsTypes) -> String {
        "string | Uint8Array".into()
    }
}

js_object! {
    /// A segment of a `qrCreate` result: text for numeric, alphanumeric and
    /// Kanji segments, bytes for byte segments.
    pub(crate) struct QrSegmentOutput {
        mode: String,
        data: SegmentValue,
    }
}

impl From<QrSegment> for QrSegmentOutput {
    fn from(segment: QrSegment) -> Self {
        let data = match segment.mode {
            SegmentMode::Byte => SegmentValue::Bytes(segment.data),
            _ => match String::from_utf8(segment.data) {
                Ok(text) => SegmentValue::Text(text),
                Err(error) => SegmentValue::Bytes(error.into_bytes()),
            },
        };
        QrSegmentOutput {
            mode: segment.mode.name().to_owned(),
            data,
        }
    }
}

impl Ret for Vec<QrSegmentOutput> {
    fn ts(types: &mut TsTypes) -> String {
        format!("Array<{}>", QrSegmentOutput::ts(types))
    }
}

/// The `toSJISFunc` option: a JS function, called on this thread.
#[derive(Clone, Copy)]
pub(crate) struct ShiftJisFunction(sys::napi_value);

impl Arg for ShiftJisFunction {
    fn ts(_: &mut TsTypes) -> String {
        "((character: string) => number | null | undefined)".into()
    }

    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self> {
        if !value.is_null() && type_of(env, value) == sys::ValueType::napi_function {
            return Ok(ShiftJisFunction(value));
        }
        Err(type_error(env, context, "a function", value))
    }
}

pub(crate) fn to_sjis_of(args: &QrArgs) -> Option<ShiftJisFunction> {
    args.to_sjis_func.0
}

/// The JS `toSJISFunc` as the core's converter. A throw, or a value that is
/// not a number, stops the conversion; the caller throws that instead of
/// the core's error.
struct JsShiftJis<'a> {
    env: &'a Env,
    function: sys::napi_value,
    thrown: Option<Error>,
}

impl JsShiftJis<'_> {
    fn call(&self, character: char) -> Result<Option<f64>> {
        let env = self.env.raw();
        // SAFETY: `env` is the live environment of the running call.
        let argument = unsafe { String::to_napi_value(env, character.to_string())? };
        let mut this = ptr::null_mut();
        // SAFETY: as above.
        unsafe { sys::napi_get_undefined(env, &mut this) };
        let mut result = ptr::null_mut();
        // SAFETY: `function` is a function of the running call.
        let status =
            unsafe { sys::napi_call_function(env, this, self.function, 1, &argument, &mut result) };
        if status == sys::Status::napi_pending_exception {
            let mut exception = ptr::null_mut();
            // SAFETY: an exception is pending in `env`.
            unsafe { sys::napi_get_and_clear_last_exception(env, &mut exception) };
            // SAFETY: the exception is a value of `env`.
            return Err(Error::from(unsafe {
                Unknown::from_raw_unchecked(env, exception)
            }));
        }
        if status != sys::Status::napi_ok {
            return Err(Error::from_status(Status::GenericFailure));
        }
        if is_absent(self.env, result) {
            return Ok(None);
        }
        let mut code = 0.0;
        // SAFETY: `result` is a value of the running call.
        if unsafe { sys::napi_get_value_double(env, result, &mut code) } == sys::Status::napi_ok {
            return Ok(Some(code));
        }
        Err(element_error(
            self.env,
            &ArgContext {
                name: "toSJISFunc",
                code: "ERR_QR_INVALID_OPTION",
                option: true,
            },
            &format!("toSJISFunc({character:?})"),
            "a number or undefined",
            result,
        ))
    }
}

impl ShiftJis for JsShiftJis<'_> {
    fn code(&mut self, character: char) -> Option<f64> {
        if self.thrown.is_some() {
            return None;
        }
        self.call(character).unwrap_or_else(|error| {
            self.thrown = Some(error);
            None
        })
    }
}

/// Makes the symbol, calling `to_sjis` (on this thread) for Kanji.
pub(crate) fn symbol_with(
    env: &Env,
    data: &QrData,
    options: &QrOptions,
    to_sjis: Option<ShiftJisFunction>,
) -> Result<QrSymbol> {
    let mut converter = to_sjis.map(|ShiftJisFunction(function)| JsShiftJis {
        env,
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
