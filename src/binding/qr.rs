//! QR codes. The options arrive as positional arguments after the text
//! ([`QrArgs`], `color.dark`/`color.light` flattened by the wrapper): each
//! property read from an object would cost a string key made and looked up
//! in V8, over a microsecond for the eleven of them. Each render call has a
//! sync twin and an async one: the async one owns its input (the text is
//! already a `String`), then encodes and renders on the libuv pool as an
//! `AsyncTask`.

use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::*;

use super::core;
use super::declare::{flat_args, js_object, natives, Ret};
use super::input::Optional;
use crate::error::{Error as CoreError, Result as CoreResult};
use crate::options::QrCallOptions;
use crate::qr::{self, Format, QrOptions, RenderOptions, Rendering};

natives! {
    type_error = "ERR_QR_INVALID_OPTION";

    /// The QR symbol `qrcode` 1.5.4 makes for `text`: its version, level,
    /// mask and modules (1 dark, 0 light, row-major).
    qrCreate => qr_create(QrCreate {
        text: String,
        options: QrArgs,
    }) -> QrCreated;

    /// `text` as SVG, utf8 or terminal text.
    qrToString => qr_to_string(QrToString {
        text: String,
        options: QrArgs,
    }) -> String;

    /// `qrToString` on the libuv pool.
    qrToStringAsync => qr_to_string_async(QrToStringAsync {
        text: String,
        options: QrArgs,
    }) -> AsyncTask<RenderTask<Text>>;

    /// `text` as a PNG file's bytes.
    qrToBuffer => qr_to_buffer(QrToBuffer {
        text: String,
        options: QrArgs,
    }) -> Buffer;

    /// `qrToBuffer` on the libuv pool.
    qrToBufferAsync => qr_to_buffer_async(QrToBufferAsync {
        text: String,
        options: QrArgs,
    }) -> AsyncTask<RenderTask<Bytes>>;

    /// `text` as a PNG data URL, `data:image/png;base64,…`.
    qrToDataUrl => qr_to_data_url(QrToDataUrl {
        text: String,
        options: QrArgs,
    }) -> String;

    /// `qrToDataUrl` on the libuv pool.
    qrToDataUrlAsync => qr_to_data_url_async(QrToDataUrlAsync {
        text: String,
        options: QrArgs,
    }) -> AsyncTask<RenderTask<Text>>;

    /// The contents of a QR file at `path`, on the libuv pool: PNG, or SVG
    /// (with its XML prolog) or utf8 text, by `type` or the extension. The
    /// wrapper writes them with `fs`, so file errors are Node's own.
    qrFileContentsAsync => qr_file_contents_async(QrFileContentsAsync {
        path: String,
        text: String,
        options: QrArgs,
    }) -> AsyncTask<RenderTask<Bytes>>;
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
    }
}

impl QrArgs {
    fn options(&self) -> QrCallOptions<'_> {
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
        modules: Uint8Array,
    }
}

fn qr_create(env: &Env, args: QrCreate) -> Result<QrCreated> {
    let symbol = core(
        env,
        args.options
            .options()
            .symbol()
            .and_then(|options| qr::create(&args.text, &options)),
    )?;
    Ok(QrCreated {
        version: f64::from(symbol.version),
        error_correction_level: symbol.error_correction_level.name().to_owned(),
        mask_pattern: f64::from(symbol.mask_pattern),
        // At most 177.
        size: symbol.size as f64,
        modules: Uint8Array::new(symbol.modules.iter().map(|&dark| u8::from(dark)).collect()),
    })
}

/// What a rendering becomes in JS.
pub(crate) trait Output: Send + 'static {
    type JsValue: ToNapiValue + TypeName + Ret;

    fn convert(rendering: Rendering) -> CoreResult<Self::JsValue>;
}

/// A string: SVG, text or a data URL.
pub(crate) struct Text;

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
pub(crate) struct Bytes;

impl Output for Bytes {
    type JsValue = Buffer;

    fn convert(rendering: Rendering) -> CoreResult<Buffer> {
        Ok(Buffer::from(match rendering {
            Rendering::Text(text) => text.into_bytes(),
            Rendering::Bytes(bytes) => bytes,
        }))
    }
}

/// One rendering: the text, its options, and the format the call asked for.
pub(crate) struct RenderTask<O> {
    text: String,
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
        text: String,
        options: &QrArgs,
        format: impl FnOnce(&QrCallOptions) -> CoreResult<Format>,
    ) -> Result<Self> {
        let options = options.options();
        let task = (|| {
            Ok(RenderTask {
                format: format(&options)?,
                options: options.symbol()?,
                render: options.render()?,
                text,
                output: PhantomData,
            })
        })();
        core(env, task)
    }

    fn run(&self) -> Result<CoreResult<Rendering>> {
        // The core does not panic; if it ever did on some input, this keeps
        // the unwind from crossing into libuv (which would abort Node).
        catch_unwind(AssertUnwindSafe(|| {
            qr::render(&self.text, &self.options, &self.render, self.format)
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

fn qr_to_string(env: &Env, args: QrToString) -> Result<String> {
    RenderTask::<Text>::new(env, args.text, &args.options, for_string)?.sync(env)
}

fn qr_to_string_async(env: &Env, args: QrToStringAsync) -> Result<AsyncTask<RenderTask<Text>>> {
    RenderTask::new(env, args.text, &args.options, for_string).map(AsyncTask::new)
}

fn qr_to_buffer(env: &Env, args: QrToBuffer) -> Result<Buffer> {
    RenderTask::<Bytes>::new(env, args.text, &args.options, for_buffer)?.sync(env)
}

fn qr_to_buffer_async(env: &Env, args: QrToBufferAsync) -> Result<AsyncTask<RenderTask<Bytes>>> {
    RenderTask::new(env, args.text, &args.options, for_buffer).map(AsyncTask::new)
}

fn qr_to_data_url(env: &Env, args: QrToDataUrl) -> Result<String> {
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
