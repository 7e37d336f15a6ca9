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

// --- Rasters: RGBA image data, and the PNG qrcode writes through pngjs ----
//
// `qr.toImageData` returns the RGBA pixels `qrcode` fills for its canvas and
// PNG outputs. `qr.toBuffer(…, { png: 'qrcode' })` and `qr.toPngStream`
// build `qrcode`'s own PNG file: the filtered scanlines and the IHDR chunk
// come from here, the deflate is Node's zlib (run by lib/qr.js with pngjs's
// parameters), and each piece it emits is framed by `qr_png_chunk`.

use crate::qr::pngjs::{self, ColorType, FilterChoice, PackOptions};
use crate::qr::rgba::{Modules, Raster, RasterOptions};

impl QrArgs {
    /// A raster's options: the margin may be a fraction of a module.
    fn raster_options(&self) -> CoreResult<RasterOptions> {
        let defaults = RasterOptions::default();
        let colour = |given: &Option<String>, option, default| {
            given
                .as_deref()
                .map(|text| Color::parse(option, text))
                .transpose()
                .map(|colour| colour.unwrap_or(default))
        };
        Ok(RasterOptions {
            margin: self.margin.unwrap_or(defaults.margin),
            scale: self.scale.unwrap_or(defaults.scale),
            width: self.width,
            dark: colour(&self.dark, "color.dark", defaults.dark)?,
            light: colour(&self.light, "color.light", defaults.light)?,
        })
    }
}

/// pngjs's packing options, as `qrcode` passes its `rendererOpts` on
/// (`undefined` where pngjs's default applies). The deflate options are
/// Node's zlib's and never reach Rust.
#[napi(object)]
pub struct QrPngjsArgs {
    pub bit_depth: Option<f64>,
    pub color_type: Option<f64>,
    pub input_color_type: Option<f64>,
    pub input_has_alpha: Option<bool>,
    pub bg_red: Option<f64>,
    pub bg_green: Option<f64>,
    pub bg_blue: Option<f64>,
    pub filter_type: Option<f64>,
}

impl QrPngjsArgs {
    fn pack_options(args: Option<&QrPngjsArgs>) -> CoreResult<PackOptions> {
        let defaults = PackOptions::default();
        let Some(args) = args else {
            return Ok(defaults);
        };
        let color = |value: Option<f64>, option, default| {
            value.map_or(Ok(default), |value| ColorType::from_number(option, value))
        };
        let sixteen_bit = match args.bit_depth {
            None => false,
            Some(8.0) => false,
            Some(16.0) => true,
            Some(other) => {
                return Err(crate::error::Error::qr_option(
                    "rendererOpts.bitDepth",
                    "8 or 16",
                    other,
                ))
            }
        };
        Ok(PackOptions {
            sixteen_bit,
            color_type: color(
                args.color_type,
                "rendererOpts.colorType",
                defaults.color_type,
            )?,
            input_color_type: color(
                args.input_color_type,
                "rendererOpts.inputColorType",
                defaults.input_color_type,
            )?,
            input_has_alpha: args.input_has_alpha.unwrap_or(defaults.input_has_alpha),
            background: [args.bg_red, args.bg_green, args.bg_blue],
            filter: args
                .filter_type
                .map_or(Ok(defaults.filter), FilterChoice::from_number)?,
        })
    }
}

/// What `qr.toImageData` returns: the shape of a DOM `ImageData`.
#[napi(object)]
pub struct QrImageData {
    pub width: u32,
    pub height: u32,
    pub data: Uint8ClampedArray,
}

/// The signature, IHDR chunk and filtered scanlines of `qrcode`'s PNG.
#[napi(object)]
pub struct QrPngjsImage {
    pub width: u32,
    pub height: u32,
    pub signature: Buffer,
    pub ihdr: Buffer,
    pub scanlines: Buffer,
}

/// A raster's pixels, or `qrcode`'s PNG before its deflate.
pub enum RasterOutput {
    ImageData {
        side: u32,
        rgba: Vec<u8>,
    },
    Pngjs {
        side: u32,
        ihdr: Vec<u8>,
        scanlines: Vec<u8>,
    },
}

/// A symbol already made, as `qr.create` returns it: its `size` and its
/// `size × size` modules (non-zero dark), row by row.
#[napi(object)]
pub struct QrSymbolInput {
    pub size: u32,
    pub modules: Uint8Array,
}

/// What a raster draws: a text to encode, or a symbol's modules.
enum Source {
    Text(String),
    Modules { size: usize, dark: Vec<bool> },
}

impl From<Either<String, QrSymbolInput>> for Source {
    /// Copies the modules: the work may run on the pool.
    fn from(input: Either<String, QrSymbolInput>) -> Self {
        match input {
            Either::A(text) => Source::Text(text),
            Either::B(symbol) => Source::Modules {
                size: symbol.size as usize,
                dark: symbol.modules.iter().map(|&module| module != 0).collect(),
            },
        }
    }
}

/// One raster: what it draws, its options and what to make of it (`pack`:
/// pngjs's packing, else the RGBA pixels).
pub struct RasterTask {
    source: Source,
    options: QrOptions,
    raster: RasterOptions,
    pack: Option<PackOptions>,
}

impl RasterTask {
    /// Checks every option before any work, as [`RenderTask::new`] does.
    fn new(
        env: &Env,
        input: Either<String, QrSymbolInput>,
        args: Option<QrArgs>,
        pack: Option<Option<QrPngjsArgs>>,
    ) -> Result<Self> {
        let task = (|| {
            let source = Source::from(input);
            let (options, raster) = match &args {
                Some(args) => (args.symbol_options()?, args.raster_options()?),
                None => (QrOptions::default(), RasterOptions::default()),
            };
            let pack = pack
                .map(|args| QrPngjsArgs::pack_options(args.as_ref()))
                .transpose()?;
            if let Some(pack) = &pack {
                pack.checked_background()?;
            }
            // A symbol handed in has its size: its geometry is checked now.
            if let Source::Modules { size, dark } = &source {
                Raster::new(Modules::new(*size, dark)?, &raster)?;
            }
            Ok(RasterTask {
                source,
                options,
                raster,
                pack,
            })
        })();
        core(env, task)
    }

    /// Encodes the text, lays it out and makes `make` of the raster. The
    /// core does not panic; if it ever did, no unwind may cross into libuv
    /// (as in `RenderTask::run`).
    fn with_raster<T>(&self, make: impl FnOnce(&Raster) -> CoreResult<T>) -> Result<CoreResult<T>> {
        catch_unwind(AssertUnwindSafe(|| match &self.source {
            Source::Text(text) => {
                let symbol = qr::create(text, &self.options)?;
                make(&Raster::new(&symbol, &self.raster)?)
            }
            Source::Modules { size, dark } => {
                make(&Raster::new(Modules::new(*size, dark)?, &self.raster)?)
            }
        }))
        .map_err(|_| {
            Error::new(
                Status::GenericFailure,
                "internal error: the QR raster panicked (please report this input)",
            )
        })
    }

    fn run(&self) -> Result<CoreResult<RasterOutput>> {
        self.with_raster(|raster| {
            // At most 16,384.
            let side = raster.side() as u32;
            Ok(match &self.pack {
                None => RasterOutput::ImageData {
                    side,
                    rgba: raster.to_rgba(),
                },
                Some(pack) => RasterOutput::Pngjs {
                    side,
                    ihdr: pngjs::ihdr(raster.side(), pack)?,
                    scanlines: pngjs::scanlines(raster, pack)?,
                },
            })
        })
    }

    fn finish(
        env: &Env,
        output: CoreResult<RasterOutput>,
    ) -> Result<Either<QrImageData, QrPngjsImage>> {
        Ok(match core(env, output)? {
            RasterOutput::ImageData { side, rgba } => Either::A(image_data(side, rgba)),
            RasterOutput::Pngjs {
                side,
                ihdr,
                scanlines,
            } => Either::B(QrPngjsImage {
                width: side,
                height: side,
                signature: Buffer::from(pngjs::SIGNATURE.to_vec()),
                ihdr: Buffer::from(ihdr),
                scanlines: Buffer::from(scanlines),
            }),
        })
    }
}

impl Task for RasterTask {
    type Output = CoreResult<RasterOutput>;
    type JsValue = Either<QrImageData, QrPngjsImage>;

    fn compute(&mut self) -> Result<Self::Output> {
        self.run()
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Self::finish(&env, output)
    }
}

fn image_data(side: u32, rgba: Vec<u8>) -> QrImageData {
    QrImageData {
        width: side,
        height: side,
        data: Uint8ClampedArray::new(rgba),
    }
}

/// `qr.toImageDataSync`: `{ width, height, data }`, RGBA.
#[napi(catch_unwind)]
pub fn qr_to_image_data(
    env: Env,
    input: Either<String, QrSymbolInput>,
    options: Option<QrArgs>,
) -> Result<QrImageData> {
    let task = RasterTask::new(&env, input, options, None)?;
    // At most 16,384 a side.
    let pixels = task.with_raster(|raster| Ok((raster.side() as u32, raster.to_rgba())))?;
    let (side, rgba) = core(&env, pixels)?;
    Ok(image_data(side, rgba))
}

/// `qr.toImageData`, on the libuv pool.
#[napi(catch_unwind)]
pub fn qr_to_image_data_async(
    env: Env,
    input: Either<String, QrSymbolInput>,
    options: Option<QrArgs>,
) -> Result<AsyncTask<RasterTask>> {
    Ok(AsyncTask::new(RasterTask::new(&env, input, options, None)?))
}

/// `qrcode`'s PNG before its deflate, on the libuv pool.
#[napi(catch_unwind)]
pub fn qr_pngjs_image_async(
    env: Env,
    input: Either<String, QrSymbolInput>,
    options: Option<QrArgs>,
    png: Option<QrPngjsArgs>,
) -> Result<AsyncTask<RasterTask>> {
    Ok(AsyncTask::new(RasterTask::new(
        &env,
        input,
        options,
        Some(png),
    )?))
}

/// A PNG chunk of type `kind` (four ASCII letters) around `data`, with its
/// CRC: the IDAT around each piece of deflate output, and IEND.
#[napi(catch_unwind)]
pub fn qr_png_chunk(env: Env, kind: String, data: Option<&[u8]>) -> Result<Buffer> {
    let framed = <[u8; 4]>::try_from(kind.as_bytes())
        .ok()
        .filter(|kind| kind.iter().all(u8::is_ascii_alphabetic))
        .ok_or_else(|| {
            crate::error::Error::qr_option("chunk type", "four ASCII letters", format!("{kind:?}"))
        })
        .and_then(|kind| pngjs::chunk(kind, data.unwrap_or_default()));
    Ok(Buffer::from(core(&env, framed)?))
}
