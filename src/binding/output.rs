//! Results handed to JS as values V8 owns. Handing Node a Rust `Vec` (napi-rs's
//! `Buffer::from`, `Uint8Array::new`) makes an external buffer, whose
//! finalizer, weak callback and external-memory accounting cost more than
//! copying the few kilobytes a QR code or a secret is; and a string made from
//! UTF-8 is scanned and transcoded, where ASCII (every SVG, data URL and
//! terminal rendering) can be copied as one-byte characters.

use std::ptr;

use napi::bindgen_prelude::*;
use napi::{check_status, sys};

use super::declare::{Ret, TsTypes};

/// Bytes as a Node `Buffer`, copied into one Node allocates.
pub(crate) struct CopiedBuffer(pub(crate) Vec<u8>);

impl ToNapiValue for CopiedBuffer {
    unsafe fn to_napi_value(env: sys::napi_env, value: Self) -> Result<sys::napi_value> {
        let mut buffer = ptr::null_mut();
        let mut data = ptr::null_mut();
        check_status!(
            // SAFETY: `env` is the live environment of the returning call; the
            // source is `value.0.len()` readable bytes.
            unsafe {
                sys::napi_create_buffer_copy(
                    env,
                    value.0.len(),
                    value.0.as_ptr().cast(),
                    &mut data,
                    &mut buffer,
                )
            },
            "could not make a Buffer"
        )?;
        Ok(buffer)
    }
}

impl TypeName for CopiedBuffer {
    fn type_name() -> &'static str {
        "Buffer"
    }

    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl Ret for CopiedBuffer {
    fn ts(_: &mut TsTypes) -> String {
        "Buffer".into()
    }
}

/// Copies `bytes` into a new typed array of `kind` over an ArrayBuffer V8
/// allocates. (Rasters, which may be a gigabyte, stay external buffers.)
///
/// # Safety
/// `env` is a live environment.
unsafe fn typed_array(
    env: sys::napi_env,
    bytes: &[u8],
    kind: sys::napi_typedarray_type,
) -> Result<sys::napi_value> {
    let mut buffer = ptr::null_mut();
    let mut data = ptr::null_mut();
    check_status!(
        // SAFETY: as the caller promises.
        unsafe { sys::napi_create_arraybuffer(env, bytes.len(), &mut data, &mut buffer) },
        "could not make an ArrayBuffer"
    )?;
    if !bytes.is_empty() {
        // SAFETY: V8 allocated `bytes.len()` writable bytes at `data`, which
        // cannot overlap `bytes`.
        unsafe { ptr::copy_nonoverlapping(bytes.as_ptr(), data.cast::<u8>(), bytes.len()) };
    }
    let mut array = ptr::null_mut();
    check_status!(
        // SAFETY: `buffer` was just made with this length.
        unsafe { sys::napi_create_typedarray(env, kind, bytes.len(), buffer, 0, &mut array) },
        "could not make a typed array"
    )?;
    Ok(array)
}

/// Bytes as a `Uint8Array`, copied.
pub(crate) struct CopiedBytes(pub(crate) Vec<u8>);

impl ToNapiValue for CopiedBytes {
    unsafe fn to_napi_value(env: sys::napi_env, value: Self) -> Result<sys::napi_value> {
        // SAFETY: `env` is the live environment of the returning call.
        unsafe { typed_array(env, &value.0, sys::TypedarrayType::uint8_array) }
    }
}

impl Ret for CopiedBytes {
    fn ts(_: &mut TsTypes) -> String {
        "Uint8Array".into()
    }
}

/// Booleans as a `Uint8Array` of 1s and 0s (QR modules), copied as they
/// are: a `bool` is a byte holding 1 or 0, so no array of bytes is made
/// first.
pub(crate) struct CopiedBools(pub(crate) Vec<bool>);

impl ToNapiValue for CopiedBools {
    unsafe fn to_napi_value(env: sys::napi_env, value: Self) -> Result<sys::napi_value> {
        // SAFETY: a `bool` has the size and alignment of a `u8` and is 0 or
        // 1, so the booleans are readable as that many bytes.
        let bytes =
            unsafe { std::slice::from_raw_parts(value.0.as_ptr().cast::<u8>(), value.0.len()) };
        // SAFETY: `env` is the live environment of the returning call.
        unsafe { typed_array(env, bytes, sys::TypedarrayType::uint8_array) }
    }
}

impl Ret for CopiedBools {
    fn ts(_: &mut TsTypes) -> String {
        "Uint8Array".into()
    }
}

/// A string: copied as one-byte characters when it is ASCII, else from UTF-8.
pub(crate) struct Text(pub(crate) String);

impl ToNapiValue for Text {
    unsafe fn to_napi_value(env: sys::napi_env, value: Self) -> Result<sys::napi_value> {
        let text = value.0;
        let mut string = ptr::null_mut();
        let create = if text.is_ascii() {
            sys::napi_create_string_latin1
        } else {
            sys::napi_create_string_utf8
        };
        check_status!(
            // SAFETY: `env` is the live environment of the returning call; the
            // text is passed with its length. ASCII read as latin1 is itself.
            unsafe { create(env, text.as_ptr().cast(), text.len() as isize, &mut string) },
            "could not make a string"
        )?;
        Ok(string)
    }
}

impl TypeName for Text {
    fn type_name() -> &'static str {
        "String"
    }

    fn value_type() -> ValueType {
        ValueType::String
    }
}

impl Ret for Text {
    fn ts(_: &mut TsTypes) -> String {
        "string".into()
    }
}
