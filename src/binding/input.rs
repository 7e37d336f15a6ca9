//! The argument types of the native functions ([`Arg`]): how each JS value
//! is converted, what a wrong type throws, and how TypeScript names it.
//!
//! A wrong type is a `TypeError` whose `code` is the argument's (a secret's,
//! a token's, or the call's option code) and whose message names the
//! argument and what it got, whoever the caller is.
//!
//! Secrets and tokens are read with as little work as napi allows.
//! napi-rs's `String` conversion asks V8 for the UTF-8 length, then copies:
//! about 140 ns, more than the HMAC. Secrets and tokens are ASCII in every
//! valid case, so they are read once as UTF-16 into a stack buffer and
//! narrowed; only a string with a non-ASCII unit, or longer than the buffer,
//! takes the exact (slower) UTF-8 path, so errors still name the right
//! character. (Not latin1: V8 keeps only the low byte of each unit there,
//! and 'İ' (U+0130) would read as '0'.)

use std::borrow::Cow;
use std::mem::MaybeUninit;
use std::ptr;

use napi::bindgen_prelude::*;
use napi::{sys, JsTypeError};

use super::declare::{Arg, ArgContext, TsTypes};
use crate::bounds::js_number;
use crate::options::SecretSource;

/// Units read on the fast path: a base32 secret of 1024 bytes is 1639
/// characters, so every valid secret fits.
pub(crate) const STACK_UNITS: usize = 2048;

/// The longest token read: codes have at most 10 digits, so anything longer
/// is no match, and is neither copied nor compared in full.
pub(crate) const MAX_TOKEN_UNITS: usize = 16;

fn status(code: sys::napi_status, what: &str) -> Result<()> {
    if code == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(
            Status::GenericFailure,
            format!("{what}: could not be read"),
        ))
    }
}

fn value_type(env: &Env, value: sys::napi_value) -> Result<sys::napi_valuetype> {
    let mut kind = 0;
    // SAFETY: `value` is a value of the running call.
    status(
        unsafe { sys::napi_typeof(env.raw(), value, &mut kind) },
        "argument",
    )?;
    Ok(kind)
}

fn is(
    env: &Env,
    value: sys::napi_value,
    check: unsafe extern "C" fn(sys::napi_env, sys::napi_value, *mut bool) -> sys::napi_status,
) -> bool {
    let mut result = false;
    // SAFETY: `value` is a value of the running call.
    let code = unsafe { check(env.raw(), value, &mut result) };
    code == sys::Status::napi_ok && result
}

/// How an error message shows a value the caller gave: its type, and for a
/// short primitive the value itself.
pub(crate) fn describe(env: &Env, value: sys::napi_value) -> String {
    if value.is_null() {
        return "nothing".to_owned();
    }
    let Ok(kind) = value_type(env, value) else {
        return "a value that cannot be read".to_owned();
    };
    match kind {
        sys::ValueType::napi_undefined => "undefined".to_owned(),
        sys::ValueType::napi_null => "null".to_owned(),
        sys::ValueType::napi_boolean => {
            // SAFETY: `value` is a boolean of the running call.
            match unsafe { bool::from_napi_value(env.raw(), value) } {
                Ok(flag) => format!("boolean ({flag})"),
                Err(_) => "a boolean".to_owned(),
            }
        }
        sys::ValueType::napi_number => {
            // SAFETY: `value` is a number of the running call.
            match unsafe { f64::from_napi_value(env.raw(), value) } {
                Ok(number) => format!("number ({})", js_number(number)),
                Err(_) => "a number".to_owned(),
            }
        }
        sys::ValueType::napi_string => {
            // SAFETY: `value` is a string of the running call.
            match unsafe { String::from_napi_value(env.raw(), value) } {
                Ok(text) if text.chars().count() > 40 => {
                    let start: String = text.chars().take(40).collect();
                    format!("a string ({:?})", format!("{start}…"))
                }
                Ok(text) => format!("a string ({text:?})"),
                Err(_) => "a string".to_owned(),
            }
        }
        sys::ValueType::napi_symbol => "a symbol".to_owned(),
        sys::ValueType::napi_function => "a function".to_owned(),
        sys::ValueType::napi_bigint => "a bigint".to_owned(),
        _ if is(env, value, sys::napi_is_array) => "an array".to_owned(),
        _ if is(env, value, sys::napi_is_date) => "a Date".to_owned(),
        _ if is(env, value, sys::napi_is_typedarray) => "a typed array".to_owned(),
        _ => "an object".to_owned(),
    }
}

/// The `TypeError` for an argument that is not of the type it must be.
pub(crate) fn type_error(
    env: &Env,
    context: &ArgContext,
    expected: &str,
    value: sys::napi_value,
) -> Error {
    let message = format!(
        "{} must be {expected} (got {})",
        context.describe(),
        describe(env, value)
    );
    let inner = Error::new(context.code, message);
    Error::from(JsTypeError::from(inner).into_unknown(*env))
}

/// Checks that an options argument is an object (the wrapper has refused
/// anything but a plain one already).
///
/// # Safety
/// `env` is the running call's environment and `value` one of its
/// arguments, or null.
pub(crate) unsafe fn expect_object(
    env: &Env,
    value: sys::napi_value,
    context: &ArgContext,
) -> Result<()> {
    if !value.is_null() && value_type(env, value)? == sys::ValueType::napi_object {
        return Ok(());
    }
    Err(type_error(env, context, "an object", value))
}

/// Whether the caller left the argument out, or passed `undefined` or
/// `null`. An argument left out is a null handle (see
/// [`super::declare::call`]), recognised without asking Node anything.
fn is_absent(env: &Env, value: sys::napi_value) -> Result<bool> {
    if value.is_null() {
        return Ok(true);
    }
    Ok(matches!(
        value_type(env, value)?,
        sys::ValueType::napi_undefined | sys::ValueType::napi_null
    ))
}

/// An argument that may be left out, `undefined` or `null`: all three mean
/// "not given", and the core's default applies.
pub(crate) struct Optional<T>(pub(crate) Option<T>);

impl<T: Arg> Arg for Optional<T> {
    const OPTIONAL: bool = true;

    fn ts(types: &mut TsTypes) -> String {
        format!("{} | null", T::ts(types))
    }

    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self> {
        if value.is_null() {
            return Ok(Optional(None));
        }
        // Numbers are the common case and need no `napi_typeof`.
        if is_absent(env, value)? {
            return Ok(Optional(None));
        }
        let context = ArgContext {
            option: true,
            ..*context
        };
        // SAFETY: as the caller promises.
        unsafe { T::from_arg(env, value, &context) }.map(|value| Optional(Some(value)))
    }
}

impl Arg for f64 {
    fn ts(_: &mut TsTypes) -> String {
        "number".into()
    }

    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self> {
        let mut number = 0.0;
        // SAFETY: a null handle is never passed to Node.
        if !value.is_null()
            && unsafe { sys::napi_get_value_double(env.raw(), value, &mut number) }
                == sys::Status::napi_ok
        {
            return Ok(number);
        }
        Err(type_error(env, context, "a number", value))
    }
}

impl Arg for bool {
    fn ts(_: &mut TsTypes) -> String {
        "boolean".into()
    }

    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self> {
        let mut flag = false;
        // SAFETY: a null handle is never passed to Node.
        if !value.is_null()
            && unsafe { sys::napi_get_value_bool(env.raw(), value, &mut flag) }
                == sys::Status::napi_ok
        {
            return Ok(flag);
        }
        Err(type_error(env, context, "a boolean", value))
    }
}

impl Arg for String {
    fn ts(_: &mut TsTypes) -> String {
        "string".into()
    }

    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self> {
        if !value.is_null() && value_type(env, value)? == sys::ValueType::napi_string {
            // SAFETY: `value` is a string of the running call.
            return unsafe { String::from_napi_value(env.raw(), value) };
        }
        Err(type_error(env, context, "a string", value))
    }
}

/// A short string option — an algorithm's or an encoding's name — read into
/// the value itself when it is ASCII and shorter than [`SHORT_NAME_UNITS`]
/// (every valid name is), so that passing one allocates nothing; any other
/// string is read whole, and errors quote it exactly.
pub(crate) enum Name {
    Short {
        bytes: [u8; SHORT_NAME_UNITS],
        length: usize,
    },
    Long(String),
}

/// Units a [`Name`] holds without allocating, its terminator included.
pub(crate) const SHORT_NAME_UNITS: usize = 16;

impl Name {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Name::Short { bytes, length } => {
                // SAFETY: `ascii_on_stack` wrote `length` ASCII bytes here.
                unsafe { std::str::from_utf8_unchecked(bytes.get_unchecked(..*length)) }
            }
            Name::Long(text) => text,
        }
    }
}

impl Arg for Name {
    fn ts(_: &mut TsTypes) -> String {
        "string".into()
    }

    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self> {
        if value.is_null() || value_type(env, value)? != sys::ValueType::napi_string {
            return Err(type_error(env, context, "a string", value));
        }
        let mut bytes = [0u8; SHORT_NAME_UNITS];
        let length = ascii_on_stack(env, value, &mut bytes)?.map(str::len);
        match length {
            Some(length) => Ok(Name::Short { bytes, length }),
            // SAFETY: `value` is a string of the running call.
            None => Ok(Name::Long(unsafe {
                String::from_napi_value(env.raw(), value)?
            })),
        }
    }
}

/// A time in milliseconds since the Unix epoch: a number or a `Date` (its
/// time value; an invalid `Date` is NaN, which the core refuses).
pub(crate) struct Millis(pub(crate) f64);

impl Arg for Millis {
    fn ts(_: &mut TsTypes) -> String {
        "number | Date".into()
    }

    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self> {
        let mut number = 0.0;
        if !value.is_null() {
            // SAFETY: `value` is a value of the running call.
            if unsafe { sys::napi_get_value_double(env.raw(), value, &mut number) }
                == sys::Status::napi_ok
            {
                return Ok(Millis(number));
            }
            // SAFETY: as above.
            if is(env, value, sys::napi_is_date)
                && unsafe { sys::napi_get_date_value(env.raw(), value, &mut number) }
                    == sys::Status::napi_ok
            {
                return Ok(Millis(number));
            }
        }
        Err(type_error(
            env,
            context,
            "a number of milliseconds or a Date",
            value,
        ))
    }
}

/// A secret argument: a string or a `Uint8Array` (a `Buffer` is one). Its
/// type is checked on conversion; a string is read by [`Secret::read`], into
/// the caller's stack buffer.
pub(crate) enum Secret {
    Text(sys::napi_value),
    Bytes(Bytes),
}

impl Arg for Secret {
    fn ts(_: &mut TsTypes) -> String {
        "string | Uint8Array".into()
    }

    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self> {
        if !value.is_null() {
            match value_type(env, value)? {
                sys::ValueType::napi_string => return Ok(Secret::Text(value)),
                sys::ValueType::napi_object => {
                    if let Some(bytes) = Bytes::of(env, value)? {
                        return Ok(Secret::Bytes(bytes));
                    }
                }
                _ => {}
            }
        }
        Err(type_error(
            env,
            &context.with_code("ERR_TOTP_INVALID_SECRET"),
            "a string or a Buffer/Uint8Array",
            value,
        ))
    }
}

impl Secret {
    /// The secret's text (borrowed from `stack` when it is short ASCII) or
    /// bytes (borrowed from JS for the duration of the call).
    pub(crate) fn read<'a>(
        &'a self,
        env: &Env,
        stack: &'a mut impl AsciiStack<STACK_UNITS>,
    ) -> Result<SecretSource<'a>> {
        match self {
            Secret::Text(value) => Ok(SecretSource::Text(
                match ascii_on_stack(env, *value, stack)? {
                    Some(text) => Cow::Borrowed(text),
                    // SAFETY: `value` is a string of the running call.
                    None => Cow::Owned(unsafe { String::from_napi_value(env.raw(), *value)? }),
                },
            )),
            Secret::Bytes(bytes) => Ok(SecretSource::Bytes(bytes.as_slice())),
        }
    }
}

/// A `Uint8Array` (or `Buffer`) argument: its bytes, borrowed for the
/// duration of the call.
pub(crate) struct Bytes {
    data: *const u8,
    length: usize,
}

impl Bytes {
    /// The bytes of `value` if it is a typed array of one of `kinds`, else `None`.
    pub(crate) fn of_kind(
        env: &Env,
        value: sys::napi_value,
        kinds: &[sys::napi_typedarray_type],
    ) -> Result<Option<Bytes>> {
        if !is(env, value, sys::napi_is_typedarray) {
            return Ok(None);
        }
        let mut kind = 0;
        let mut length = 0usize;
        let mut data = ptr::null_mut();
        let mut buffer = ptr::null_mut();
        let mut offset = 0usize;
        status(
            // SAFETY: `value` is a typed array of the running call.
            unsafe {
                sys::napi_get_typedarray_info(
                    env.raw(),
                    value,
                    &mut kind,
                    &mut length,
                    &mut data,
                    &mut buffer,
                    &mut offset,
                )
            },
            "typed array",
        )?;
        if !kinds.contains(&kind) {
            return Ok(None);
        }
        Ok(Some(Bytes {
            data: data.cast::<u8>(),
            length,
        }))
    }

    /// The bytes of `value` if it is a `Uint8Array` (a `Buffer` is one), else `None`.
    fn of(env: &Env, value: sys::napi_value) -> Result<Option<Bytes>> {
        Self::of_kind(env, value, &[sys::TypedarrayType::uint8_array])
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        // An empty typed array may have no backing store at all.
        if self.length == 0 || self.data.is_null() {
            return &[];
        }
        // SAFETY: napi reported the view's data and length; the JS value (and
        // so its memory) lives for the duration of the call that converted
        // it, which is the only place a `Bytes` exists, and nothing there
        // runs JS that could detach or resize it.
        unsafe { std::slice::from_raw_parts(self.data, self.length) }
    }
}

impl Arg for Bytes {
    fn ts(_: &mut TsTypes) -> String {
        "Uint8Array".into()
    }

    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self> {
        if !value.is_null() && value_type(env, value)? == sys::ValueType::napi_object {
            if let Some(bytes) = Bytes::of(env, value)? {
                return Ok(bytes);
            }
        }
        Err(type_error(env, context, "a Buffer or Uint8Array", value))
    }
}

/// A token argument: the code as the user typed it, a string. Read by
/// [`Token::read`].
pub(crate) struct Token(sys::napi_value);

impl Arg for Token {
    fn ts(_: &mut TsTypes) -> String {
        "string".into()
    }

    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self> {
        if !value.is_null() && value_type(env, value)? == sys::ValueType::napi_string {
            return Ok(Token(value));
        }
        Err(type_error(
            env,
            &context.with_code("ERR_TOTP_INVALID_TOKEN"),
            "a string (numbers lose leading zeros: pass the code exactly as typed)",
            value,
        ))
    }
}

impl Token {
    /// The token's ASCII text, or `None` for a string that cannot be a code
    /// (too long or not ASCII). The core decides the rest.
    pub(crate) fn read<'a>(
        &self,
        env: &Env,
        stack: &'a mut impl AsciiStack<MAX_TOKEN_UNITS>,
    ) -> Result<Option<&'a str>> {
        ascii_on_stack(env, self.0, stack)
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
    value: sys::napi_value,
    stack: &'a mut impl AsciiStack<N>,
) -> Result<Option<&'a str>> {
    // Uninitialised: zeroing a few kilobytes per call would cost more than
    // the copy. napi initialises the first `length` units it reports.
    let mut units = [const { MaybeUninit::<u16>::uninit() }; N];
    let mut length = 0usize;
    status(
        // SAFETY: `units` has room for the N units asked for.
        unsafe {
            sys::napi_get_value_string_utf16(
                env.raw(),
                value,
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
    // SAFETY: the first `length` units were written by napi.
    let read = unsafe { std::slice::from_raw_parts(read.as_ptr().cast::<u16>(), read.len()) };
    // Two plain passes, which the compiler vectorises: check, then narrow.
    if !read.iter().fold(true, |ascii, &unit| ascii & (unit < 0x80)) {
        return Ok(None);
    }
    for (byte, &unit) in bytes.iter_mut().zip(read) {
        // Below 0x80: checked above.
        byte.write(unit as u8);
    }
    // SAFETY: the loop above wrote every one of these `length` bytes.
    let bytes = unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<u8>(), bytes.len()) };
    Ok(std::str::from_utf8(bytes).ok())
}
