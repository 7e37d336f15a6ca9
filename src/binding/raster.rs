//! Rasters: the RGBA pixels `qrcode` draws (for `toCanvas` and
//! `toImageData`), and its PNG as pngjs 5 packs it before the deflate, which
//! the wrapper runs on Node's own zlib (`png: 'qrcode'`). Each takes a text,
//! a segment list, or a symbol made by `qr.create`.

use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::bindgen_prelude::*;
use napi_derive::napi;

use super::qr::{data_of, symbol_with, QrInput, ToSjisFunction};
use super::{reject, sync};
use crate::error::{Error as CoreError, Result as CoreResult};
use crate::options::{PngjsOptions, QrCallOptions};
use crate::qr::pngjs::{self, PackOptions};
use crate::qr::rgba::{Modules, Raster, RasterOptions};
use crate::qr::{self, QrData, QrOptions, QrSymbol};

/// A symbol as `qr.create` gives it: its side and its modules (non-zero
/// dark), row by row.
#[napi(object)]
pub struct QrModules {
    pub size: f64,
    pub modules: Uint8Array,
}

/// What a raster draws: data, or a symbol's modules.
#[napi]
pub type RasterInput = Either3<String, Vec<Either<String, super::qr::QrSegmentInput>>, QrModules>;

/// RGBA pixels, as `ImageData` holds them.
#[napi(object)]
pub struct QrImageData {
    pub width: u32,
    pub height: u32,
    pub data: Uint8ClampedArray,
}

/// `qrcode`'s PNG before its deflate: the signature, the IHDR chunk and the
/// filtered scanlines, as pngjs 5 packs them.
#[napi(object)]
pub struct QrPngjsImage {
    pub width: u32,
    pub height: u32,
    pub signature: Buffer,
    pub ihdr: Buffer,
    pub scanlines: Buffer,
}

enum Source {
    Modules { size: usize, dark: Vec<bool> },
    Data(QrData<'static>),
    Symbol(QrSymbol),
}

/// The most bytes a Buffer or typed array holds on a 32-bit build of Node
/// (armv7): `buffer.constants.MAX_LENGTH`, 2^30 − 1. A 16,384 px RGBA image
/// is 2^30. Past it Node throws while napi-rs hands the result over, and in
/// an async call's completion that ends the process, so the binding refuses
/// first. Elsewhere (64-bit, and WebAssembly, whose Buffers are the host's)
/// every raster fits.
const MAX_JS_BYTES: Option<usize> = if cfg!(all(
    target_pointer_width = "32",
    not(target_family = "wasm")
)) {
    Some((1 << 30) - 1)
} else {
    None
};

/// `bytes` of pixels, if this Node can hold them in one Buffer; checked
/// before they are made.
fn fits_one_buffer(bytes: usize) -> CoreResult<()> {
    match MAX_JS_BYTES {
        Some(max) if bytes > max => Err(CoreError::qr_option(
            "width",
            "an image of at most 2^30 - 1 bytes, the largest Buffer of a 32-bit Node (16,383 px a side in RGBA)",
            format!("{bytes} bytes"),
        )),
        _ => Ok(()),
    }
}

/// What a raster becomes.
pub trait RasterOutput: Send + 'static {
    type Made: Send;
    type JsValue: ToNapiValue + TypeName;

    fn make(raster: &Raster, pack: Option<&PackOptions>) -> CoreResult<Self::Made>;

    fn convert(made: Self::Made) -> Self::JsValue;
}

/// RGBA image data.
pub struct ImageDataOutput;

impl RasterOutput for ImageDataOutput {
    type Made = (usize, Vec<u8>);
    type JsValue = QrImageData;

    fn make(raster: &Raster, _: Option<&PackOptions>) -> CoreResult<Self::Made> {
        fits_one_buffer(raster.len())?;
        Ok((raster.side(), raster.to_rgba()))
    }

    fn convert((side, rgba): Self::Made) -> QrImageData {
        // A side is at most the 16,384 px the raster allows.
        QrImageData {
            width: side as u32,
            height: side as u32,
            data: Uint8ClampedArray::new(rgba),
        }
    }
}

/// pngjs's packed image.
pub struct PngjsOutput;

impl RasterOutput for PngjsOutput {
    type Made = (usize, Vec<u8>, Vec<u8>);
    type JsValue = QrPngjsImage;

    fn make(raster: &Raster, pack: Option<&PackOptions>) -> CoreResult<Self::Made> {
        let defaults = PackOptions::default();
        let pack = pack.unwrap_or(&defaults);
        fits_one_buffer(pack.scanlines_len(raster.side()))?;
        Ok((
            raster.side(),
            pngjs::ihdr(raster.side(), pack)?,
            pngjs::scanlines(raster, pack)?,
        ))
    }

    fn convert((side, ihdr, scanlines): Self::Made) -> QrPngjsImage {
        QrPngjsImage {
            width: side as u32,
            height: side as u32,
            signature: Buffer::from(pngjs::SIGNATURE.to_vec()),
            ihdr: Buffer::from(ihdr),
            scanlines: Buffer::from(scanlines),
        }
    }
}

/// One raster: what to draw, how, and into what.
pub struct RasterTask<O> {
    source: Source,
    options: QrOptions,
    raster: RasterOptions,
    pack: Option<PackOptions>,
    output: PhantomData<O>,
}

impl<O: RasterOutput> RasterTask<O> {
    /// Checks every option and, for a symbol, its modules, before any work.
    fn new(
        env: &Env,
        input: RasterInput,
        options: Option<QrCallOptions>,
        to_sjis: Option<&ToSjisFunction>,
        pack: Option<PackOptions>,
    ) -> Result<Self> {
        let call = options.unwrap_or_default();
        let (options, raster) = sync(env, call.symbol().and_then(|o| Ok((o, call.raster()?))))?;
        let source = match input {
            Either3::C(QrModules { size, modules }) => {
                // A size that is not a whole number up to 1000 is no symbol:
                // `Modules::new` refuses 0 with the error naming it.
                let size = if size.fract() == 0.0 && (0.0..=1000.0).contains(&size) {
                    size as usize
                } else {
                    0
                };
                let dark: Vec<bool> = modules.iter().map(|&module| module != 0).collect();
                sync(
                    env,
                    Modules::new(size, &dark).and_then(|modules| Raster::new(modules, &raster)),
                )?;
                Source::Modules { size, dark }
            }
            Either3::A(text) => Self::data_source(env, Either::A(text), &options, to_sjis)?,
            Either3::B(segments) => Self::data_source(env, Either::B(segments), &options, to_sjis)?,
        };
        Ok(RasterTask {
            source,
            options,
            raster,
            pack,
            output: PhantomData,
        })
    }

    fn data_source(
        env: &Env,
        input: QrInput,
        options: &QrOptions,
        to_sjis: Option<&ToSjisFunction>,
    ) -> Result<Source> {
        let data = sync(env, data_of(&input))?;
        Ok(match to_sjis {
            Some(function) => Source::Symbol(symbol_with(env, &data, options, Some(function))?),
            None => Source::Data(data.into_owned()),
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

    fn run(&self) -> CoreResult<O::Made> {
        // As in the renderers: no unwind may cross into libuv.
        catch_unwind(AssertUnwindSafe(|| self.draw())).unwrap_or(Err(CoreError::Internal {
            what: "the QR raster panicked",
        }))
    }
}

impl<O: RasterOutput> Task for RasterTask<O> {
    type Output = CoreResult<O::Made>;
    type JsValue = O::JsValue;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(self.run())
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Self::JsValue> {
        output.map(O::convert).map_err(|error| reject(&env, error))
    }
}

/// The RGBA pixels `qrcode` draws for `text` (or a symbol).
#[napi(catch_unwind)]
pub fn qr_to_image_data(
    env: Env,
    text: RasterInput,
    options: Option<QrCallOptions>,
    to_sjis: Option<Function<String, Unknown>>,
) -> Result<QrImageData> {
    let task = RasterTask::<ImageDataOutput>::new(&env, text, options, to_sjis.as_ref(), None)?;
    sync(&env, task.run()).map(ImageDataOutput::convert)
}

/// `qrToImageData` on the libuv pool.
#[napi(catch_unwind, ts_return_type = "Promise<QrImageData>")]
pub fn qr_to_image_data_async(
    env: Env,
    text: RasterInput,
    options: Option<QrCallOptions>,
    to_sjis: Option<Function<String, Unknown>>,
) -> Result<AsyncTask<RasterTask<ImageDataOutput>>> {
    RasterTask::new(&env, text, options, to_sjis.as_ref(), None).map(AsyncTask::new)
}

/// `qrcode`'s PNG before its deflate, on the libuv pool, packed as pngjs 5
/// packs it with `png` (qrcode's `rendererOpts`).
#[napi(catch_unwind, ts_return_type = "Promise<QrPngjsImage>")]
pub fn qr_pngjs_image_async(
    env: Env,
    text: RasterInput,
    options: Option<QrCallOptions>,
    to_sjis: Option<Function<String, Unknown>>,
    png: Option<PngjsOptions>,
) -> Result<AsyncTask<RasterTask<PngjsOutput>>> {
    let pack = sync(&env, png.unwrap_or_default().pack_options())?;
    RasterTask::new(&env, text, options, to_sjis.as_ref(), Some(pack)).map(AsyncTask::new)
}

/// A PNG chunk of type `kind` (four ASCII letters) around `data`, with its
/// CRC: an IDAT around each piece of deflate output, and IEND.
#[napi(catch_unwind)]
pub fn qr_png_chunk(env: Env, kind: String, data: Option<Uint8Array>) -> Result<Buffer> {
    let framed = <[u8; 4]>::try_from(kind.as_bytes())
        .ok()
        .filter(|kind| kind.iter().all(u8::is_ascii_alphabetic))
        .ok_or_else(|| {
            CoreError::qr_option("chunk type", "four ASCII letters", format!("{kind:?}"))
        })
        .and_then(|kind| pngjs::chunk(kind, data.as_deref().unwrap_or_default()));
    sync(&env, framed).map(Buffer::from)
}
