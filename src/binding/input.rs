//! Reading secrets and tokens from JS values with as little work as napi
//! allows. napi-rs's `String` conversion asks V8 for the UTF-8 length, then
//! copies: about 140 ns, more than the HMAC. Secrets and tokens are ASCII in
//! every valid case, so they are read once as UTF-16 into a stack buffer and
//! narrowed; only a string with a non-ASCII unit, or longer than the buffer,
//! takes the exact (slower) UTF-8 path, so errors still name the right
//! character. (Not latin1: V8 keeps only the low byte of each unit there, and
//! 'İ' (U+0130) would read as '0'.)

use std::borrow::Cow;
use std::mem::MaybeUninit;

use napi::bindgen_prelude::*;
use napi::sys;

/// Units read on the fast path: a base32 secret of 1024 bytes is 1639
/// characters, so every valid secret fits.
pub(crate) const STACK_UNITS: usize = 2048;

/// A secret as JS passes it: a string in some encoding, or raw bytes.
pub(crate) enum SecretInput<'a> {
    Text(Cow<'a, str>),
    Bytes(&'a [u8]),
}

fn status(code: sys::napi_status, what: &str) -> Result<()> {
    if code == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::new(
            Status::InvalidArg,
            format!("{what}: could not be read"),
        ))
    }
}

fn value_type(env: &Env, value: &Unknown) -> Result<sys::napi_valuetype> {
    let mut kind = 0;
    status(
        unsafe { sys::napi_typeof(env.raw(), value.raw(), &mut kind) },
        "argument",
    )?;
    Ok(kind)
}

/// An optional argument: `None` when JS left it out, passed `undefined` or
/// `null`. napi-rs's `Option<T>` asks `napi_typeof`, which tests seven types
/// before it reaches `undefined` (≈ 15 ns an argument, up to eight a call).
/// The callbacks of [`super::direct`] hand over an argument the caller left
/// out as a null handle, recognised here without asking anything; any other
/// handle takes the `Option<T>` path.
pub(crate) struct Optional<T>(pub(crate) Option<T>);

impl<T: FromNapiValue> FromNapiValue for Optional<T> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        if value.is_null() {
            return Ok(Optional(None));
        }
        // SAFETY: `env` is the live environment of the call converting its
        // arguments, and `value` one of them.
        unsafe { Option::<T>::from_napi_value(env, value) }.map(Optional)
    }
}

/// Stack space for an ASCII string of up to `N − 1` bytes, left
/// uninitialised: zeroing the 2 KiB a secret may need costs more than reading
/// a typical secret into it.
pub(crate) struct AsciiBuffer<const N: usize>([MaybeUninit<u8>; N]);

impl<const N: usize> AsciiBuffer<N> {
    pub(crate) fn new() -> Self {
        AsciiBuffer([const { MaybeUninit::uninit() }; N])
    }
}

/// Where [`ascii_on_stack`] narrows a string: an [`AsciiBuffer`], or a zeroed
/// array where a call's cost is not dominated by its conversions.
pub(crate) trait AsciiStack<const N: usize> {
    fn slots(&mut self) -> &mut [MaybeUninit<u8>; N];
}

impl<const N: usize> AsciiStack<N> for AsciiBuffer<N> {
    fn slots(&mut self) -> &mut [MaybeUninit<u8>; N] {
        &mut self.0
    }
}

impl<const N: usize> AsciiStack<N> for [u8; N] {
    fn slots(&mut self) -> &mut [MaybeUninit<u8>; N] {
        // SAFETY: `MaybeUninit<u8>` has the layout of `u8`, and only
        // initialised bytes are ever written through the returned slots.
        unsafe { &mut *(self as *mut [u8; N]).cast::<[MaybeUninit<u8>; N]>() }
    }
}

/// Reads a JS string into `stack` as ASCII, or `None` when it is longer than
/// `N − 1` units or has a non-ASCII unit.
fn ascii_on_stack<'a, const N: usize>(
    env: &Env,
    value: &Unknown,
    stack: &'a mut impl AsciiStack<N>,
) -> Result<Option<&'a str>> {
    // Uninitialised: zeroing a few kilobytes per call would cost more than
    // the copy. napi initialises the first `length` units it reports.
    let mut units = [const { MaybeUninit::<u16>::uninit() }; N];
    let mut length = 0usize;
    status(
        unsafe {
            sys::napi_get_value_string_utf16(
                env.raw(),
                value.raw(),
                units.as_mut_ptr().cast(),
                N,
                &mut length,
            )
        },
        "string",
    )?;
    // napi writes at most N − 1 units and a terminator: a string that filled
    // them may have been cut.
    if length + 1 >= N {
        return Ok(None);
    }
    let (Some(read), Some(bytes)) = (units.get(..length), stack.slots().get_mut(..length)) else {
        return Ok(None);
    };
    for (byte, unit) in bytes.iter_mut().zip(read) {
        // SAFETY: the first `length` units were written by napi.
        match u8::try_from(unsafe { unit.assume_init() }) {
            Ok(ascii) if ascii.is_ascii() => {
                byte.write(ascii);
            }
            _ => return Ok(None),
        }
    }
    // SAFETY: the loop above wrote every one of these `length` bytes.
    let bytes = unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<u8>(), bytes.len()) };
    Ok(std::str::from_utf8(bytes).ok())
}

fn string(env: &Env, value: &Unknown) -> Result<String> {
    unsafe { String::from_napi_value(env.raw(), value.raw()) }
}

/// A secret: a string (returned as text, decoded later by its encoding) or a
/// `Buffer`/`Uint8Array` (borrowed for the duration of the call).
pub(crate) fn secret<'a>(
    env: &Env,
    value: &Unknown<'a>,
    stack: &'a mut impl AsciiStack<STACK_UNITS>,
) -> Result<SecretInput<'a>> {
    match value_type(env, value)? {
        sys::ValueType::napi_string => Ok(SecretInput::Text(
            match ascii_on_stack(env, value, stack)? {
                Some(text) => Cow::Borrowed(text),
                None => Cow::Owned(string(env, value)?),
            },
        )),
        sys::ValueType::napi_object => {
            let mut kind = 0;
            let mut length = 0usize;
            let mut data = std::ptr::null_mut();
            let mut buffer = std::ptr::null_mut();
            let mut offset = 0usize;
            status(
                unsafe {
                    sys::napi_get_typedarray_info(
                        env.raw(),
                        value.raw(),
                        &mut kind,
                        &mut length,
                        &mut data,
                        &mut buffer,
                        &mut offset,
                    )
                },
                "secret must be a string or a Uint8Array; it",
            )?;
            if kind != sys::TypedarrayType::uint8_array {
                return Err(napi::Error::new(
                    Status::InvalidArg,
                    "secret must be a Uint8Array",
                ));
            }
            // An empty typed array may have no backing store at all.
            if length == 0 || data.is_null() {
                return Ok(SecretInput::Bytes(&[]));
            }
            // SAFETY: napi reports the view's data and length; the JS value
            // (and so its memory) lives for the duration of this call, and
            // nothing here runs JS that could detach or resize it.
            Ok(SecretInput::Bytes(unsafe {
                std::slice::from_raw_parts(data.cast::<u8>(), length)
            }))
        }
        _ => Err(napi::Error::new(
            Status::InvalidArg,
            "secret must be a string or a Uint8Array",
        )),
    }
}

/// The longest token read: codes have at most 10 digits, so anything longer
/// is no match, and is neither copied nor compared in full.
pub(crate) const MAX_TOKEN_UNITS: usize = 16;

/// A token as typed by the user: its ASCII text, or `None` for a string that
/// cannot be a code (too long or not ASCII). The core decides the rest.
pub(crate) fn token<'a>(
    env: &Env,
    value: &Unknown,
    stack: &'a mut impl AsciiStack<MAX_TOKEN_UNITS>,
) -> Result<Option<&'a str>> {
    if value_type(env, value)? != sys::ValueType::napi_string {
        return Err(napi::Error::new(
            Status::InvalidArg,
            "token must be a string",
        ));
    }
    ascii_on_stack(env, value, stack)
}
