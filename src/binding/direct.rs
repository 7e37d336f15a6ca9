//! Native functions registered as plain Node-API callbacks rather than
//! through `#[napi]`.
//!
//! For every call of a `#[napi]` function, napi-rs 3 opens a "native borrow
//! scope": it allocates and frees an `Arc<Mutex<…>>` and pushes and pops
//! thread-local stacks, so that class instances borrowed by async work stay
//! alive. The OTP calls borrow nothing past their return and take well under
//! a microsecond, so that bookkeeping was ≈ 100 ns, an eighth of a
//! `generate`. The functions made by [`direct_function!`] do only what a
//! `#[napi(catch_unwind)]` function does for them: read the arguments,
//! convert them with the same `FromNapiValue` impls, run the body with
//! panics caught, and convert the result or throw the error.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use napi::bindgen_prelude::*;
use napi::{check_status, sys, JsError};

/// A Node-API callback, as `napi_create_function` takes it.
pub(crate) type Callback =
    unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;

/// Runs `body` on the first `N` arguments of the call `info`. An argument
/// the caller left out is a null handle, which [`super::input::Optional`]
/// reads as `None` at no cost and every other conversion refuses with a
/// napi error. An error or a panic becomes a thrown JS error and the call
/// returns no value.
///
/// # Safety
/// `env` and `info` must be those Node passed to the running callback.
pub(crate) unsafe fn call<const N: usize>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    body: impl FnOnce(&Env, [sys::napi_value; N]) -> Result<sys::napi_value>,
) -> sys::napi_value {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut count = N;
        let mut arguments = [ptr::null_mut(); N];
        // Node-API fills the slots past the arguments given with `undefined`,
        // and reports in `count` how many were given.
        check_status!(
            // SAFETY: `arguments` has room for the `count` values asked for.
            unsafe {
                sys::napi_get_cb_info(
                    env,
                    info,
                    &mut count,
                    arguments.as_mut_ptr(),
                    ptr::null_mut(),
                    ptr::null_mut(),
                )
            },
            "could not read the call's arguments"
        )?;
        for missing in arguments.iter_mut().skip(count) {
            *missing = ptr::null_mut();
        }
        body(&Env::from(env), arguments)
    }));
    match outcome.map_err(panic_to_error).and_then(|result| result) {
        Ok(value) => value,
        Err(error) => {
            // SAFETY: `env` is the live environment of this call.
            unsafe { JsError::from(error).throw_into(env) };
            ptr::null_mut()
        }
    }
}

/// Sets `exports[name]` to a function calling `callback`.
pub(crate) fn export(
    env: &Env,
    exports: &mut Object,
    name: &str,
    callback: Callback,
) -> Result<()> {
    let mut function = ptr::null_mut();
    check_status!(
        // SAFETY: `env` is the environment loading the module; the name is
        // passed with its length, so it needs no terminator.
        unsafe {
            sys::napi_create_function(
                env.raw(),
                name.as_ptr().cast(),
                name.len() as isize,
                Some(callback),
                ptr::null_mut(),
                &mut function,
            )
        },
        "could not create the function {}",
        name
    )?;
    // SAFETY: `function` was just made in this environment.
    exports.set_named_property(name, unsafe {
        Unknown::from_raw_unchecked(env.raw(), function)
    })
}

/// `direct_function!(callback = function(A, B, …))` defines the Node-API
/// callback `callback`, which converts its arguments to `A`, `B`, … and
/// calls `function(&Env, A, B, …) -> Result<R>`, `R: ToNapiValue`.
macro_rules! direct_function {
    ($callback:ident = $function:ident($($argument:ty),+ $(,)?)) => {
        unsafe extern "C" fn $callback(
            env: napi::sys::napi_env,
            info: napi::sys::napi_callback_info,
        ) -> napi::sys::napi_value {
            const COUNT: usize = [$(stringify!($argument)),+].len();
            // SAFETY: Node calls this with the environment and call info of
            // the running call.
            unsafe {
                $crate::binding::direct::call::<COUNT>(env, info, |env, arguments| {
                    let mut arguments = arguments.into_iter();
                    let result = $function(
                        env,
                        $(<$argument as napi::bindgen_prelude::FromNapiValue>::from_napi_value(
                            env.raw(),
                            arguments.next().unwrap_or(std::ptr::null_mut()),
                        )?),+
                    )?;
                    napi::bindgen_prelude::ToNapiValue::to_napi_value(env.raw(), result)
                })
            }
        }
    };
}

pub(crate) use direct_function;
