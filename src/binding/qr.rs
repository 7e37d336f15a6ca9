//! QR codes. The options arrive as one object (the JS wrapper has flattened
//! `color.dark`/`color.light` and checked every type); rendering a symbol
//! costs far more than reading a dozen properties, so flat arguments would
//! buy nothing here. Each render call has a sync twin and an async one: the
//! async one copies its input (the text is already an owned `String`), then
//! encodes and renders on the libuv pool as an `AsyncTask`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::core;
use crate::error::Result as CoreResult;
use crate::qr::{
    self, margin_from, mask_pattern_from, version_from, Color, ErrorCorrectionLevel, Format,
    QrOptions, RenderOptions, Rendering,
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

/// What `qr.create` returns: `qrcode`'s symbol fields, with the modules as
/// bytes (1 dark, 0 light), row-major.
#[napi(object)]
pub struct QrCreated {
    pub version: u32,
    pub error_correction_level: String,
    pub mask_pattern: u32,
    pub size: u32,
    pub modules: Uint8Array,
}

#[napi(catch_unwind)]
pub fn qr_create(env: Env, text: String, options: Option<QrArgs>) -> Result<QrCreated> {
    let symbol = core(
        &env,
        options
            .as_ref()
            .map(QrArgs::symbol_options)
            .transpose()
            .and_then(|options| qr::create(&text, &options.unwrap_or_default())),
    )?;
    Ok(QrCreated {
        version: u32::from(symbol.version),
        error_correction_level: symbol.error_correction_level.name().to_owned(),
        mask_pattern: u32::from(symbol.mask_pattern),
        // At most 177.
        size: symbol.size as u32,
        modules: Uint8Array::new(symbol.modules.iter().map(|&dark| u8::from(dark)).collect()),
    })
}

/// One rendering: the text, its options, and the format the call asked for.
pub struct RenderTask {
    text: String,
    options: QrOptions,
    render: RenderOptions,
    format: Format,
}

impl RenderTask {
    /// Checks every option before any work, so a bad one is thrown by the
    /// call itself (the wrapper turns that into a rejection for promises).
    fn new(
        env: &Env,
        text: String,
        args: Option<QrArgs>,
        format: impl FnOnce(Option<&str>) -> CoreResult<Format>,
    ) -> Result<Self> {
        let task = (|| {
            let Some(args) = args else {
                return Ok(RenderTask {
                    text,
                    options: QrOptions::default(),
                    render: RenderOptions::default(),
                    format: format(None)?,
                });
            };
            Ok(RenderTask {
                format: format(args.kind.as_deref())?,
                options: args.symbol_options()?,
                render: args.render_options()?,
                text,
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
    text: String,
    options: Option<QrArgs>,
) -> Result<Either<String, Buffer>> {
    RenderTask::new(&env, text, options, for_string)?.sync(&env)
}

/// `qr.toString`, on the libuv pool.
#[napi(catch_unwind)]
pub fn qr_to_string_async(
    env: Env,
    text: String,
    options: Option<QrArgs>,
) -> Result<AsyncTask<RenderTask>> {
    Ok(AsyncTask::new(RenderTask::new(
        &env, text, options, for_string,
    )?))
}

/// `qr.toBufferSync`: a PNG file.
#[napi(catch_unwind)]
pub fn qr_to_buffer(
    env: Env,
    text: String,
    options: Option<QrArgs>,
) -> Result<Either<String, Buffer>> {
    RenderTask::new(&env, text, options, for_buffer)?.sync(&env)
}

/// `qr.toBuffer`, on the libuv pool.
#[napi(catch_unwind)]
pub fn qr_to_buffer_async(
    env: Env,
    text: String,
    options: Option<QrArgs>,
) -> Result<AsyncTask<RenderTask>> {
    Ok(AsyncTask::new(RenderTask::new(
        &env, text, options, for_buffer,
    )?))
}

/// `qr.toDataURLSync`: `data:image/png;base64,…`.
#[napi(catch_unwind)]
pub fn qr_to_data_url(
    env: Env,
    text: String,
    options: Option<QrArgs>,
) -> Result<Either<String, Buffer>> {
    RenderTask::new(&env, text, options, for_data_url)?.sync(&env)
}

/// `qr.toDataURL`, on the libuv pool.
#[napi(catch_unwind)]
pub fn qr_to_data_url_async(
    env: Env,
    text: String,
    options: Option<QrArgs>,
) -> Result<AsyncTask<RenderTask>> {
    Ok(AsyncTask::new(RenderTask::new(
        &env,
        text,
        options,
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
    text: String,
    options: Option<QrArgs>,
) -> Result<AsyncTask<RenderTask>> {
    Ok(AsyncTask::new(RenderTask::new(
        &env,
        text,
        options,
        |kind| Format::for_file(kind, &path),
    )?))
}
