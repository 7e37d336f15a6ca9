//! Rasters: the RGBA image data `qrcode` draws, and `qrcode`'s own PNG
//! before its deflate.
//!
//! `qr.toImageData` returns the RGBA pixels `qrcode` fills for its canvas
//! and PNG outputs. `qr.toBuffer(…, { png: 'qrcode' })` and `qr.toPngStream`
//! build `qrcode`'s PNG file: the filtered scanlines and the IHDR chunk come
//! from here, the deflate is Node's zlib (run by lib/qr.js with pngjs's
//! parameters), and `qrPngChunk` frames each piece it emits. Each raster
//! draws a text or segments (encoded on the pool, or on the calling thread
//! with a `toSJISFunc`), or a symbol `qrCreate` made.

use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::*;
use napi::sys;

use super::core;
use super::declare::{get_property, js_object, js_options, natives, Arg, ArgContext, Ret, TsTypes};
use super::input::{type_error, Bytes, Optional};
use super::qr::{symbol_with, to_sjis_of, QrArgs, QrInput};
use crate::error::{Error as CoreError, Result as CoreResult};
use crate::qr::pngjs::{self, ColorType, FilterChoice, PackOptions};
use crate::qr::rgba::{Modules, Raster, RasterOptions};
use crate::qr::{self, QrData, QrOptions, QrSymbol};

natives! {
    type_error = "ERR_QR_INVALID_OPTION";

    /// The RGBA pixels `qrcode` draws for `text` (or a symbol): `{ width,
    /// height, data }`.
    qrToImageData => qr_to_image_data(QrToImageData {
        text: RasterInput,
        options: QrArgs,
    }) -> QrImageData;

    /// `qrToImageData` on the libuv pool.
    qrToImageDataAsync => qr_to_image_data_async(QrToImageDataAsync {
        text: RasterInput,
        options: QrArgs,
    }) -> AsyncTask<RasterTask<ImageDataOutput>>;

    /// `qrcode`'s PNG before its deflate, on the libuv pool: the signature,
    /// the IHDR chunk and the filtered scanlines, as pngjs 5 packs them.
    qrPngjsImageAsync => qr_pngjs_image_async(QrPngjsImageAsync {
        text: RasterInput,
        options: QrArgs,
        png: Optional<QrPngjsArgs>,
    }) -> AsyncTask<RasterTask<PngjsOutput>>;

    /// A PNG chunk of type `kind` (four ASCII letters) around `data`, with
    /// its CRC: an IDAT around each piece of deflate output, and IEND.
    qrPngChunk => qr_png_chunk(QrPngChunk {
        kind: String,
        data: Optional<Bytes>,
    }) -> Buffer;
}

js_options! {
    /// pngjs's packing options, as `qrcode` passes its `rendererOpts` on.
    /// The deflate options are zlib's and never reach Rust.
    pub(crate) struct QrPngjsArgs {
        bit_depth = "bitDepth": Optional<f64>,
        color_type = "colorType": Optional<f64>,
        input_color_type = "inputColorType": Optional<f64>,
        input_has_alpha = "inputHasAlpha": Optional<bool>,
        bg_red = "bgRed": Optional<f64>,
        bg_green = "bgGreen": Optional<f64>,
        bg_blue = "bgBlue": Optional<f64>,
        filter_type = "filterType": Optional<f64>,
    }
}

impl QrPngjsArgs {
    fn pack_options(&self) -> CoreResult<PackOptions> {
        let defaults = PackOptions::default();
        let color = |value: Option<f64>, option, default| {
            value.map_or(Ok(default), |value| ColorType::from_number(option, value))
        };
        let sixteen_bit = match self.bit_depth.0 {
            None | Some(8.0) => false,
            Some(16.0) => true,
            Some(other) => {
                return Err(CoreError::qr_option(
                    "rendererOpts.bitDepth",
                    "8 or 16",
                    other,
                ))
            }
        };
        let options = PackOptions {
            sixteen_bit,
            color_type: color(
                self.color_type.0,
                "rendererOpts.colorType",
                defaults.color_type,
            )?,
            input_color_type: color(
                self.input_color_type.0,
                "rendererOpts.inputColorType",
                defaults.input_color_type,
            )?,
            input_has_alpha: self.input_has_alpha.0.unwrap_or(defaults.input_has_alpha),
            background: [self.bg_red.0, self.bg_green.0, self.bg_blue.0],
            filter: self
                .filter_type
                .0
                .map_or(Ok(defaults.filter), FilterChoice::from_number)?,
        };
        options.checked_background()?;
        Ok(options)
    }
}

js_object! {
    /// What `qrToImageData` returns: the shape of a DOM `ImageData`.
    pub(crate) struct QrImageData {
        width: f64,
        height: f64,
        data: Uint8ClampedArray,
    }
}

js_object! {
    /// The signature, IHDR chunk and filtered scanlines of `qrcode`'s PNG.
    pub(crate) struct QrPngjsImage {
        width: f64,
        height: f64,
        signature: Buffer,
        ihdr: Buffer,
        scanlines: Buffer,
    }
}

/// What a task resolves to is an object (for napi's type bookkeeping).
macro_rules! object_type_name {
    ($($name:ident),*) => {$(
        impl TypeName for $name {
            fn type_name() -> &'static str {
                stringify!($name)
            }

            fn value_type() -> ValueType {
                ValueType::Object
            }
        }
    )*};
}

object_type_name!(QrImageData, QrPngjsImage);

impl Ret for Uint8ClampedArray {
    fn ts(_: &mut TsTypes) -> String {
        "Uint8ClampedArray".into()
    }
}

/// What a raster draws: a symbol's modules (`size × size`, non-zero dark),
/// or data to encode.
pub(crate) enum RasterInput {
    Modules { size: f64, dark: Vec<bool> },
    Data(QrInput),
}

impl Arg for RasterInput {
    fn ts(types: &mut TsTypes) -> String {
        format!(
            "{} | {{ size: number, modules: Uint8Array }}",
            <QrInput as Arg>::ts(types)
        )
    }

    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self> {
        if !value.is_null() && is_symbol_object(env, value) {
            // SAFETY: `value` is an object of the running call.
            let (size, modules) = unsafe {
                (
                    get_property(env.raw(), value, "size\0")?,
                    get_property(env.raw(), value, "modules\0")?,
                )
            };
            let field = |name| ArgContext { name, ..*context };
            // SAFETY: both are values of the running call.
            let size = unsafe { <f64 as Arg>::from_arg(env, size, &field("size"))? };
            // SAFETY: as above.
            let modules = unsafe { <Bytes as Arg>::from_arg(env, modules, &field("modules"))? };
            // Copied: the work may run on the pool.
            let dark = modules
                .as_slice()
                .iter()
                .map(|&module| module != 0)
                .collect();
            return Ok(RasterInput::Modules { size, dark });
        }
        // SAFETY: as the caller promises.
        match unsafe { <QrInput as Arg>::from_arg(env, value, context) } {
            Ok(input) => Ok(RasterInput::Data(input)),
            Err(_) => Err(type_error(
                env,
                context,
                "a string, an array of segments or a symbol from qr.create",
                value,
            )),
        }
    }
}

/// An object (not an array) with a `modules` property: a symbol.
fn is_symbol_object(env: &Env, value: sys::napi_value) -> bool {
    let mut kind = sys::ValueType::napi_undefined;
    let mut array = false;
    let mut has = false;
    // SAFETY: `value` is a value of the running call; the key ends in NUL.
    unsafe {
        sys::napi_typeof(env.raw(), value, &mut kind) == sys::Status::napi_ok
            && kind == sys::ValueType::napi_object
            && sys::napi_is_array(env.raw(), value, &mut array) == sys::Status::napi_ok
            && !array
            && sys::napi_has_named_property(env.raw(), value, c"modules".as_ptr(), &mut has)
                == sys::Status::napi_ok
            && has
    }
}

/// What a raster's source is once the call has read it.
enum Source {
    Modules { size: usize, dark: Vec<bool> },
    Data(QrData<'static>),
    Symbol(QrSymbol),
}

/// What a raster becomes in JS.
pub(crate) trait RasterOutput: Send + 'static {
    type Made: Send;
    type JsValue: ToNapiValue + TypeName + Ret;

    /// Made on the pool (or the calling thread), from the raster.
    fn make(raster: &Raster, pack: Option<&PackOptions>) -> CoreResult<Self::Made>;

    /// Made into its JS value, on the JS thread.
    fn convert(made: Self::Made) -> Self::JsValue;
}

/// The RGBA pixels.
pub(crate) struct ImageDataOutput;

impl RasterOutput for ImageDataOutput {
    type Made = (usize, Vec<u8>);
    type JsValue = QrImageData;

    fn make(raster: &Raster, _: Option<&PackOptions>) -> CoreResult<Self::Made> {
        Ok((raster.side(), raster.to_rgba()))
    }

    fn convert((side, rgba): Self::Made) -> QrImageData {
        // At most 16,384: exact as a double.
        QrImageData {
            width: side as f64,
            height: side as f64,
            data: Uint8ClampedArray::new(rgba),
        }
    }
}

/// The PNG before its deflate, packed as pngjs packs it.
pub(crate) struct PngjsOutput;

impl RasterOutput for PngjsOutput {
    type Made = (usize, Vec<u8>, Vec<u8>);
    type JsValue = QrPngjsImage;

    fn make(raster: &Raster, pack: Option<&PackOptions>) -> CoreResult<Self::Made> {
        let defaults = PackOptions::default();
        let pack = pack.unwrap_or(&defaults);
        Ok((
            raster.side(),
            pngjs::ihdr(raster.side(), pack)?,
            pngjs::scanlines(raster, pack)?,
        ))
    }

    fn convert((side, ihdr, scanlines): Self::Made) -> QrPngjsImage {
        QrPngjsImage {
            width: side as f64,
            height: side as f64,
            signature: Buffer::from(pngjs::SIGNATURE.to_vec()),
            ihdr: Buffer::from(ihdr),
            scanlines: Buffer::from(scanlines),
        }
    }
}

/// One raster: what it draws, its options, and pngjs's packing for a PNG.
pub(crate) struct RasterTask<O> {
    source: Source,
    options: QrOptions,
    raster: RasterOptions,
    pack: Option<PackOptions>,
    output: PhantomData<O>,
}

impl<O: RasterOutput> RasterTask<O> {
    /// Checks every option before any work, so a bad one is thrown by the
    /// call itself; a symbol handed in has its size, so its image's is
    /// checked now too.
    fn new(
        env: &Env,
        input: RasterInput,
        args: &QrArgs,
        // `Some` for pngjs's packing, with these options or its defaults.
        pack: Option<Option<&QrPngjsArgs>>,
    ) -> Result<Self> {
        let call = args.options();
        let (options, raster, pack) = core(
            env,
            (|| {
                Ok((
                    call.symbol()?,
                    call.raster()?,
                    pack.map(|args| {
                        args.map_or(Ok(PackOptions::default()), QrPngjsArgs::pack_options)
                    })
                    .transpose()?,
                ))
            })(),
        )?;
        let source = match input {
            RasterInput::Modules { size, dark } => {
                // A size that is not a whole number is refused by `Modules::new`.
                let size = if size.fract() == 0.0 && (0.0..=1000.0).contains(&size) {
                    size as usize
                } else {
                    0
                };
                core(
                    env,
                    Modules::new(size, &dark).and_then(|modules| Raster::new(modules, &raster)),
                )?;
                Source::Modules { size, dark }
            }
            RasterInput::Data(input) => {
                let data = core(env, input.data())?;
                match to_sjis_of(args) {
                    Some(function) => {
                        Source::Symbol(symbol_with(env, &data, &options, Some(function))?)
                    }
                    None => Source::Data(data.into_owned()),
                }
            }
        };
        Ok(RasterTask {
            source,
            options,
            raster,
            pack,
            output: PhantomData,
        })
    }

    fn draw(&self) -> CoreResult<O::Made> {
        let pack = self.pack.as_ref();
        match &self.source {
            Source::Modules { size, dark } => O::make(
                &Raster::new(Modules::new(*size, dark)?, &self.raster)?,
                pack,
            ),
            Source::Data(data) => {
                let symbol = qr::create_from(data, &self.options, None)?;
                O::make(&Raster::new(&symbol, &self.raster)?, pack)
            }
            Source::Symbol(symbol) => O::make(&Raster::new(symbol, &self.raster)?, pack),
        }
    }

    fn run(&self) -> Result<CoreResult<O::Made>> {
        // The core does not panic; if it ever did, no unwind may cross into
        // libuv (which would abort Node).
        catch_unwind(AssertUnwindSafe(|| self.draw())).map_err(|_| {
            Error::new(
                Status::GenericFailure,
                "internal error: the QR raster panicked (please report this input)",
            )
        })
    }
}

impl<O: RasterOutput> Task for RasterTask<O> {
    type Output = CoreResult<O::Made>;
    type JsValue = O::JsValue;

    fn compute(&mut self) -> Result<Self::Output> {
        self.run()
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Self::JsValue> {
        core(&env, output).map(O::convert)
    }
}

fn qr_to_image_data(env: &Env, args: QrToImageData) -> Result<QrImageData> {
    let task = RasterTask::<ImageDataOutput>::new(env, args.text, &args.options, None)?;
    let made = task.run()?;
    core(env, made).map(ImageDataOutput::convert)
}

fn qr_to_image_data_async(
    env: &Env,
    args: QrToImageDataAsync,
) -> Result<AsyncTask<RasterTask<ImageDataOutput>>> {
    RasterTask::new(env, args.text, &args.options, None).map(AsyncTask::new)
}

fn qr_pngjs_image_async(
    env: &Env,
    args: QrPngjsImageAsync,
) -> Result<AsyncTask<RasterTask<PngjsOutput>>> {
    let pack = Some(args.png.0.as_ref());
    RasterTask::new(env, args.text, &args.options, pack).map(AsyncTask::new)
}

fn qr_png_chunk(env: &Env, args: QrPngChunk) -> Result<Buffer> {
    let kind = args.kind;
    let framed = <[u8; 4]>::try_from(kind.as_bytes())
        .ok()
        .filter(|kind| kind.iter().all(u8::is_ascii_alphabetic))
        .ok_or_else(|| {
            CoreError::qr_option("chunk type", "four ASCII letters", format!("{kind:?}"))
        })
        .and_then(|kind| {
            let data = args
                .data
                .0
                .as_ref()
                .map(Bytes::as_slice)
                .unwrap_or_default();
            pngjs::chunk(kind, data)
        });
    core(env, framed).map(Buffer::from)
}
