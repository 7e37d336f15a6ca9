//! `totpGenerate(secret, timestamp)` and `totpValidate(token, secret,
//! timestamp)` as plain Node-API callbacks: each reads its arguments with
//! one Node-API call apiece, calls the same core function the `#[napi]`
//! binding calls, and makes the result. This is the least a binding can do,
//! so the time `binding.totpGenerate(secret, { timestamp })` takes on top of
//! it is what napi-rs's conversions cost.

use std::borrow::Cow;
use std::ffi::{c_char, CString};
use std::mem::MaybeUninit;
use std::ptr;

use napi_sys::{
    napi_callback_info, napi_create_double, napi_create_object, napi_create_string_latin1,
    napi_define_properties, napi_env, napi_get_cb_info, napi_get_null, napi_get_value_double,
    napi_get_value_string_utf8, napi_is_exception_pending, napi_property_descriptor,
    napi_set_named_property, napi_status, napi_throw_error, napi_throw_range_error,
    napi_throw_type_error, napi_value, PropertyAttributes, Status,
};
use totp_native::error::{Error, JsClass};
use totp_native::options::{OtpOptions, SecretSource};

/// Every text secret the core accepts fits: 1024 key bytes as hex are 2048
/// characters.
const SECRET_BYTES: usize = 2048;
/// A code has at most 10 digits; the rest is room for a caller's mistake.
const TOKEN_BYTES: usize = 64;
/// Node-API copies whole UTF-8 characters only, so a copy that ends within
/// one character (4 bytes) of the buffer's end may have been cut short.
const UTF8_MAX_CHAR: usize = 4;

/// A JS exception is pending; the callback returns null and Node throws it.
struct Thrown;

type JsResult<T> = Result<T, Thrown>;

/// `Ok` for `napi_ok`. Any other status leaves an exception pending: the one
/// Node-API raised, or an `Error` naming the status.
fn check(env: napi_env, status: napi_status) -> JsResult<()> {
    if status == Status::napi_ok {
        return Ok(());
    }
    let mut pending = false;
    // SAFETY: `env` is the environment of the running callback, and
    // `pending` outlives the call.
    let asked = unsafe { napi_is_exception_pending(env, &mut pending) };
    if asked != Status::napi_ok || !pending {
        throw(
            env,
            JsClass::Error,
            "ERR_NODE_API",
            &format!("a Node-API call failed with status {status}"),
        );
    }
    Err(Thrown)
}

/// Throws a JS error of `class` with `code` and `message`.
fn throw(env: napi_env, class: JsClass, code: &str, message: &str) -> Thrown {
    throw_as(env, Some(class), code, message)
}

/// Throws a `TypeError` with `code` and `message`.
fn throw_type_error(env: napi_env, code: &str, message: &str) -> Thrown {
    throw_as(env, None, code, message)
}

/// `class` `None` is a `TypeError`, which the core never throws.
fn throw_as(env: napi_env, class: Option<JsClass>, code: &str, message: &str) -> Thrown {
    // A NUL inside would end the C string early; the core's codes have none,
    // and a message quoting a caller's input shows it escaped.
    let code = CString::new(code.replace('\0', "\\0")).unwrap_or_default();
    let message = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    let throw_fn = match class {
        None => napi_throw_type_error,
        Some(JsClass::RangeError) => napi_throw_range_error,
        Some(JsClass::Error) => napi_throw_error,
    };
    // SAFETY: `env` is the running callback's environment, and both C
    // strings live until the call returns (Node copies them). Should the
    // throw itself fail, an exception is already pending, which is what
    // `Thrown` says.
    unsafe { throw_fn(env, code.as_ptr(), message.as_ptr()) };
    Thrown
}

/// Throws the core's error as the class and `code` it names.
fn throw_core(env: napi_env, error: Error) -> Thrown {
    throw(env, error.class(), error.code(), &error.to_string())
}

/// The first `N` arguments of the call; `undefined` for those not passed.
fn arguments<const N: usize>(env: napi_env, info: napi_callback_info) -> JsResult<[napi_value; N]> {
    let mut argv = [ptr::null_mut(); N];
    let mut argc = N;
    // SAFETY: `info` is the running callback's, `argc` says how many slots
    // `argv` has, and Node fills the ones past the arguments passed with
    // `undefined`.
    let status = unsafe {
        napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    check(env, status)?;
    Ok(argv)
}

/// The string `value` as UTF-8, copied into `buffer`; a `TypeError` for
/// anything but a string, and a `RangeError` for one too long for `buffer`.
fn string<'b, const N: usize>(
    env: napi_env,
    value: napi_value,
    name: &str,
    buffer: &'b mut [MaybeUninit<u8>; N],
) -> JsResult<&'b str> {
    let mut copied = 0;
    // SAFETY: `value` is a handle of the running callback; Node writes at
    // most `N` bytes (the copy and its NUL) into `buffer` and the count of
    // bytes before the NUL into `copied`.
    let status = unsafe {
        napi_get_value_string_utf8(
            env,
            value,
            buffer.as_mut_ptr().cast::<c_char>(),
            N,
            &mut copied,
        )
    };
    if status == Status::napi_string_expected {
        return Err(throw_type_error(
            env,
            "ERR_INVALID_ARG_TYPE",
            &format!("{name} must be a string"),
        ));
    }
    check(env, status)?;
    if copied + UTF8_MAX_CHAR >= N {
        return Err(throw(
            env,
            JsClass::RangeError,
            "ERR_OUT_OF_RANGE",
            &format!(
                "{name} must be at most {} bytes of UTF-8",
                N - UTF8_MAX_CHAR - 1
            ),
        ));
    }
    // SAFETY: Node initialised the first `copied` bytes (`copied < N`), and
    // `MaybeUninit<u8>` has the layout of `u8`.
    let bytes = unsafe { std::slice::from_raw_parts(buffer.as_ptr().cast::<u8>(), copied) };
    // Node writes valid UTF-8 (lone surrogates become U+FFFD); checked all
    // the same rather than trusted.
    std::str::from_utf8(bytes).map_err(|_| {
        throw(
            env,
            JsClass::Error,
            "ERR_NODE_API",
            "a string read as invalid UTF-8",
        )
    })
}

/// The number `value`; a `TypeError` for anything else.
fn number(env: napi_env, value: napi_value, name: &str) -> JsResult<f64> {
    let mut result = 0.0;
    // SAFETY: `value` is a handle of the running callback, and `result`
    // outlives the call.
    let status = unsafe { napi_get_value_double(env, value, &mut result) };
    if status == Status::napi_number_expected {
        return Err(throw_type_error(
            env,
            "ERR_INVALID_ARG_TYPE",
            &format!("{name} must be a number"),
        ));
    }
    check(env, status)?;
    Ok(result)
}

/// The options of a call at `timestamp`, everything else the core's default.
fn at(timestamp: f64) -> OtpOptions {
    OtpOptions {
        timestamp: Some(timestamp),
        ..Default::default()
    }
}

fn totp_generate(env: napi_env, info: napi_callback_info) -> JsResult<napi_value> {
    let [secret, timestamp] = arguments::<2>(env, info)?;
    let mut secret_buffer = [MaybeUninit::uninit(); SECRET_BYTES + UTF8_MAX_CHAR + 1];
    let secret = string(env, secret, "secret", &mut secret_buffer)?;
    let timestamp = number(env, timestamp, "timestamp")?;
    let code = at(timestamp)
        .totp(&SecretSource::Text(Cow::Borrowed(secret)))
        .map_err(|error| throw_core(env, error))?;
    let mut result = ptr::null_mut();
    // A code is at most 10 digits, so its length fits an `isize`.
    // SAFETY: `code` (ASCII digits, so Latin-1 as it is) lives until the
    // call returns, which copies it; `result` outlives the call.
    let status = unsafe {
        napi_create_string_latin1(
            env,
            code.as_ptr().cast::<c_char>(),
            code.len() as isize,
            &mut result,
        )
    };
    check(env, status)?;
    Ok(result)
}

/// Sets `object[name]` (`name` NUL-terminated) to the number `value`.
fn set_number(env: napi_env, object: napi_value, name: &'static [u8], value: f64) -> JsResult<()> {
    let mut number = ptr::null_mut();
    // SAFETY: `number` outlives the call.
    check(env, unsafe { napi_create_double(env, value, &mut number) })?;
    debug_assert_eq!(name.last(), Some(&0));
    // SAFETY: `object` and `number` are handles of the running callback, and
    // `name` is a NUL-terminated static string.
    check(env, unsafe {
        napi_set_named_property(env, object, name.as_ptr().cast::<c_char>(), number)
    })
}

fn totp_validate(env: napi_env, info: napi_callback_info) -> JsResult<napi_value> {
    let [token, secret, timestamp] = arguments::<3>(env, info)?;
    let mut token_buffer = [MaybeUninit::uninit(); TOKEN_BYTES];
    let token = string(env, token, "token", &mut token_buffer)?;
    let mut secret_buffer = [MaybeUninit::uninit(); SECRET_BYTES + UTF8_MAX_CHAR + 1];
    let secret = string(env, secret, "secret", &mut secret_buffer)?;
    let timestamp = number(env, timestamp, "timestamp")?;
    let found = at(timestamp)
        .validate_totp(token, &SecretSource::Text(Cow::Borrowed(secret)))
        .map_err(|error| throw_core(env, error))?;
    let mut result = ptr::null_mut();
    let Some(found) = found else {
        // SAFETY: `result` outlives the call.
        check(env, unsafe { napi_get_null(env, &mut result) })?;
        return Ok(result);
    };
    // SAFETY: `result` outlives the call.
    check(env, unsafe { napi_create_object(env, &mut result) })?;
    // The binding's `TotpMatch`: both exact as JS numbers (a step is at most
    // 2^53 − 1, a delta at most the window).
    set_number(env, result, b"delta\0", found.delta as f64)?;
    set_number(env, result, b"timeStep\0", found.counter as f64)?;
    Ok(result)
}

/// The `extern "C"` face of a callback: a thrown error returns null, which
/// Node-API takes as "throw what is pending".
fn returned(result: JsResult<napi_value>) -> napi_value {
    result.unwrap_or(ptr::null_mut())
}

unsafe extern "C" fn totp_generate_callback(env: napi_env, info: napi_callback_info) -> napi_value {
    returned(totp_generate(env, info))
}

unsafe extern "C" fn totp_validate_callback(env: napi_env, info: napi_callback_info) -> napi_value {
    returned(totp_validate(env, info))
}

fn method(
    name: &'static [u8],
    callback: unsafe extern "C" fn(napi_env, napi_callback_info) -> napi_value,
) -> napi_property_descriptor {
    napi_property_descriptor {
        utf8name: name.as_ptr().cast::<c_char>(),
        name: ptr::null_mut(),
        method: Some(callback),
        getter: None,
        setter: None,
        value: ptr::null_mut(),
        attributes: PropertyAttributes::enumerable,
        data: ptr::null_mut(),
    }
}

/// The module's entry point, which Node looks up by this name when it loads
/// a Node-API addon.
///
/// # Safety
///
/// Called by Node only, with a live `env` and the `exports` object.
#[no_mangle]
pub unsafe extern "C" fn napi_register_module_v1(env: napi_env, exports: napi_value) -> napi_value {
    let methods = [
        method(b"totpGenerate\0", totp_generate_callback),
        method(b"totpValidate\0", totp_validate_callback),
    ];
    // SAFETY: Node passed a live `env` and `exports`; each descriptor's
    // name is a NUL-terminated static string and its method lives as long
    // as the module.
    let status = unsafe { napi_define_properties(env, exports, methods.len(), methods.as_ptr()) };
    match check(env, status) {
        Ok(()) => exports,
        Err(Thrown) => ptr::null_mut(),
    }
}
