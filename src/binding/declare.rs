//! How a native function is declared: once, in a [`natives!`] block, with
//! its JS name, its parameters (name and type, in call order) and its result
//! type. From that one declaration come
//!
//! - the struct of its converted arguments, which the implementing Rust
//!   function reads by name, so two neighbours of one type cannot be swapped
//!   on the Rust side;
//! - the Node-API callback that converts the arguments and calls it, with
//!   panics caught;
//! - its entry in the module's exports ([`Native`]);
//! - its line in `binding.d.ts`, from the TypeScript type each parameter and
//!   result type names ([`Arg::ts`], [`Ret::ts`]).
//!
//! The callbacks are plain Node-API callbacks rather than `#[napi]`
//! functions. For every call of a `#[napi]` function, napi-rs 3 opens a
//! "native borrow scope": it allocates and frees an `Arc<Mutex<…>>` and
//! pushes and pops thread-local stacks, so that class instances borrowed by
//! async work stay alive. Nothing here borrows a class instance, and the OTP
//! calls take well under a microsecond, so that bookkeeping was an eighth of
//! a `generate`. A callback made here does only what a
//! `#[napi(catch_unwind)]` function does: read the arguments, convert them,
//! run the body with panics caught, and convert the result or throw.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use napi::bindgen_prelude::*;
use napi::{check_status, sys, JsError};

/// A Node-API callback, as `napi_create_function` takes it.
pub(crate) type Callback =
    unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;

/// One native function: what the module exports and what `binding.d.ts`
/// says of it. Made only by [`natives!`].
pub(crate) struct Native {
    /// The JS name.
    pub(crate) name: &'static str,
    /// The doc comment's lines.
    pub(crate) doc: &'static [&'static str],
    pub(crate) parameters: &'static [Parameter],
    /// The TypeScript type of the result.
    pub(crate) returns: fn(&mut TsTypes) -> String,
    pub(crate) callback: Callback,
}

/// A declared parameter of a [`Native`]: one argument, or a group of them
/// ([`flat_args!`]).
pub(crate) struct Parameter {
    /// The Rust name (snake case).
    pub(crate) name: &'static str,
    /// The TypeScript parameters it stands for.
    pub(crate) ts: fn(&'static str, &mut TsTypes) -> Vec<TsParameter>,
}

/// One parameter of a TypeScript function declaration.
pub(crate) struct TsParameter {
    pub(crate) name: String,
    pub(crate) ts: String,
    pub(crate) optional: bool,
}

/// How a declared parameter takes the call's arguments: one, for every
/// [`Arg`], or several in a row, for a group of options declared with
/// [`flat_args!`] (flat arguments cost far less to read than an object's
/// properties).
pub(crate) trait Params: Sized {
    /// How many arguments it takes.
    const COUNT: usize;

    fn ts(name: &'static str, types: &mut TsTypes) -> Vec<TsParameter>;

    /// Converts the next `COUNT` arguments.
    ///
    /// # Safety
    /// As [`Arg::from_arg`], for each argument `arguments` yields.
    unsafe fn from_params(
        env: &Env,
        arguments: &mut impl Iterator<Item = sys::napi_value>,
        context: &ArgContext,
    ) -> Result<Self>;
}

impl<T: Arg> Params for T {
    const COUNT: usize = 1;

    fn ts(name: &'static str, types: &mut TsTypes) -> Vec<TsParameter> {
        vec![TsParameter {
            name: camel_case(name),
            ts: T::ts(types),
            optional: T::OPTIONAL,
        }]
    }

    unsafe fn from_params(
        env: &Env,
        arguments: &mut impl Iterator<Item = sys::napi_value>,
        context: &ArgContext,
    ) -> Result<Self> {
        // SAFETY: as the caller promises; a missing argument is a null handle.
        unsafe { T::from_arg(env, arguments.next().unwrap_or(ptr::null_mut()), context) }
    }
}

/// Where an argument is converted: its name and whether the caller gave it
/// as an option, for error messages, and the `code` a wrong type is thrown
/// with.
#[derive(Clone, Copy)]
pub(crate) struct ArgContext {
    pub(crate) name: &'static str,
    pub(crate) code: &'static str,
    /// Whether it comes from the caller's options object: every optional
    /// argument, and those marked `#[option]`.
    pub(crate) option: bool,
}

impl ArgContext {
    /// How an error message names the argument: `option "digits"` for an
    /// option, `secret` for a plain argument.
    pub(crate) fn describe(&self) -> String {
        let name = camel_case(self.name);
        if self.option {
            format!("option \"{name}\"")
        } else {
            name
        }
    }

    /// The same argument with its own `code` (a secret's, a token's).
    pub(crate) fn with_code(self, code: &'static str) -> Self {
        ArgContext { code, ..self }
    }
}

/// The named TypeScript types the declarations use (an options object, a
/// result object), each declared once, in the order first met.
#[derive(Default)]
pub(crate) struct TsTypes(Vec<(&'static str, String)>);

impl TsTypes {
    /// The name `name`, declaring it as `shape` (made on first use) first.
    pub(crate) fn named(
        &mut self,
        name: &'static str,
        shape: impl FnOnce(&mut Self) -> String,
    ) -> String {
        if !self.0.iter().any(|(declared, _)| *declared == name) {
            // Reserve the place before the shape, whose own types follow it.
            self.0.push((name, String::new()));
            let body = shape(self);
            if let Some(slot) = self.0.iter_mut().find(|(declared, _)| *declared == name) {
                slot.1 = body;
            }
        }
        name.to_owned()
    }
}

/// A JS value a native function takes: how it is converted, and how
/// TypeScript names it.
pub(crate) trait Arg: Sized {
    /// Whether the argument may be left out, `undefined` or `null`.
    const OPTIONAL: bool = false;

    /// The TypeScript type.
    fn ts(types: &mut TsTypes) -> String;

    /// Converts `value`, a null handle when the caller passed fewer arguments.
    /// A value of the wrong type is a `TypeError` with `context.code` that
    /// names the argument.
    ///
    /// # Safety
    /// `env` is the running call's environment and `value` one of its
    /// arguments, or null.
    unsafe fn from_arg(env: &Env, value: sys::napi_value, context: &ArgContext) -> Result<Self>;
}

/// A value a native function returns, and how TypeScript names it.
pub(crate) trait Ret: ToNapiValue {
    fn ts(types: &mut TsTypes) -> String;
}

impl Ret for String {
    fn ts(_: &mut TsTypes) -> String {
        "string".into()
    }
}

impl Ret for f64 {
    fn ts(_: &mut TsTypes) -> String {
        "number".into()
    }
}

impl Ret for bool {
    fn ts(_: &mut TsTypes) -> String {
        "boolean".into()
    }
}

impl Ret for Buffer {
    fn ts(_: &mut TsTypes) -> String {
        "Buffer".into()
    }
}

impl Ret for Uint8Array {
    fn ts(_: &mut TsTypes) -> String {
        "Uint8Array".into()
    }
}

/// `None` is `null`.
impl<T: Ret> Ret for Option<T> {
    fn ts(types: &mut TsTypes) -> String {
        format!("{} | null", T::ts(types))
    }
}

/// Settles with the task's value on the JS thread.
impl<T> Ret for AsyncTask<T>
where
    T: Task,
    T::JsValue: Ret,
{
    fn ts(types: &mut TsTypes) -> String {
        format!("Promise<{}>", <T::JsValue as Ret>::ts(types))
    }
}

/// Runs `body` on the first `N` arguments of the call `info`. An argument
/// the caller left out is a null handle, which optional arguments read as
/// "not given" without asking Node anything. An error or a panic becomes a
/// thrown JS error and the call returns no value.
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

/// The core does not panic; if it ever did on some input, the call throws
/// this instead of unwinding into Node (which would abort the process).
fn panic_to_error(_: Box<dyn std::any::Any + Send>) -> Error {
    Error::new(
        Status::GenericFailure,
        "internal error: totp-native panicked (please report this input)",
    )
}

/// Sets `exports[native.name]` to a function calling its callback.
pub(crate) fn export(env: &Env, exports: &mut Object, native: &Native) -> Result<()> {
    let mut function = ptr::null_mut();
    check_status!(
        // SAFETY: `env` is the environment loading the module; the name is
        // passed with its length, so it needs no terminator.
        unsafe {
            sys::napi_create_function(
                env.raw(),
                native.name.as_ptr().cast(),
                native.name.len() as isize,
                Some(native.callback),
                ptr::null_mut(),
                &mut function,
            )
        },
        "could not create the function {}",
        native.name
    )?;
    // SAFETY: `function` was just made in this environment.
    exports.set_named_property(native.name, unsafe {
        Unknown::from_raw_unchecked(env.raw(), function)
    })
}

/// `time_step` → `timeStep`.
pub(crate) fn camel_case(snake: &str) -> String {
    let mut camel = String::with_capacity(snake.len());
    let mut upper = false;
    for character in snake.chars() {
        if character == '_' {
            upper = true;
        } else if upper {
            camel.extend(character.to_uppercase());
            upper = false;
        } else {
            camel.push(character);
        }
    }
    camel
}

/// The TypeScript declarations of `natives`: the text of `binding.d.ts`.
pub(crate) fn declarations<'a>(natives: impl IntoIterator<Item = &'a Native>) -> String {
    let mut types = TsTypes::default();
    let mut functions = String::new();
    for native in natives {
        functions.push('\n');
        if !native.doc.is_empty() {
            functions.push_str("/**\n");
            for line in native.doc {
                functions.push_str(" *");
                functions.push_str(line.trim_end());
                functions.push('\n');
            }
            functions.push_str(" */\n");
        }
        let parameters: Vec<String> = native
            .parameters
            .iter()
            .flat_map(|parameter| (parameter.ts)(parameter.name, &mut types))
            .map(|parameter| {
                let mark = if parameter.optional { "?" } else { "" };
                format!("{}{mark}: {}", parameter.name, parameter.ts)
            })
            .collect();
        let returns = (native.returns)(&mut types);
        functions.push_str(&format!(
            "export declare function {}({}): {returns}\n",
            native.name,
            parameters.join(", "),
        ));
    }
    let mut text = String::from(
        "// The native module's functions, generated from their declarations in\n\
         // src/binding/ (`natives!`) by `npm run build:dts`. Do not edit: a test\n\
         // fails when this file and the declarations differ.\n",
    );
    for (name, shape) in &types.0 {
        text.push_str(&format!("\nexport interface {name} {shape}\n"));
    }
    text.push_str(&functions);
    text
}

/// An object type's TypeScript body, one field a line.
pub(crate) fn interface_body(fields: &[String]) -> String {
    let mut body = String::from("{\n");
    for field in fields {
        body.push_str("  ");
        body.push_str(field);
        body.push('\n');
    }
    body.push('}');
    body
}

/// Declares native functions (see the module's documentation):
///
/// ```ignore
/// natives! {
///     // The `code` of a TypeError for an argument of the wrong type, unless
///     // the argument's type has its own (a secret, a token).
///     type_error = "ERR_TOTP_INVALID_OPTION";
///
///     /// Doc comment, copied into binding.d.ts.
///     totpGenerate => totp_generate(TotpGenerate {
///         secret: Secret,
///         // Given by the caller as an option, though required here.
///         #[option]
///         timestamp: Millis,
///         digits: Optional<f64>,
///     }) -> JsCode;
///
///     parseUri => parse_uri(ParseUri {
///         // A code of its own for a wrong type of this argument.
///         uri: String as "ERR_TOTP_INVALID_URI",
///     }) -> ParsedUri;
/// }
/// ```
///
/// defines `struct TotpGenerate { secret: Secret, digits: Optional<f64> }`,
/// expects `fn totp_generate(env: &Env, args: TotpGenerate) -> Result<JsCode>`
/// beside it, and makes `NATIVES`, this module's list of [`Native`]s.
macro_rules! natives {
    (
        type_error = $code:expr;
        $(
            $(#[doc = $doc:literal])*
            $js:ident => $implementation:ident($arguments:ident {
                $($(#[$option:ident])? $parameter:ident : $type:ty $(as $parameter_code:literal)?),* $(,)?
            }) -> $result:ty;
        )*
    ) => {
        $(
            #[doc = concat!("The converted arguments of `", stringify!($js), "`.")]
            pub(crate) struct $arguments {
                $(pub(crate) $parameter: $type,)*
            }
        )*

        /// This module's native functions, in declaration order.
        pub(crate) const NATIVES: &[$crate::binding::declare::Native] = &[
            $(
                $crate::binding::declare::Native {
                    name: stringify!($js),
                    doc: &[$($doc),*],
                    parameters: &[
                        $(
                            $crate::binding::declare::Parameter {
                                name: stringify!($parameter),
                                ts: <$type as $crate::binding::declare::Params>::ts,
                            },
                        )*
                    ],
                    returns: <$result as $crate::binding::declare::Ret>::ts,
                    callback: {
                        unsafe extern "C" fn callback(
                            env: napi::sys::napi_env,
                            info: napi::sys::napi_callback_info,
                        ) -> napi::sys::napi_value {
                            const COUNT: usize = 0 $(+ <$type as $crate::binding::declare::Params>::COUNT)*;
                            // SAFETY: Node calls this with the environment and
                            // call info of the running call.
                            unsafe {
                                $crate::binding::declare::call::<COUNT>(env, info, |env, arguments| {
                                    #[allow(unused_mut, unused_variables)]
                                    let mut arguments = arguments.into_iter();
                                    // Fields are converted in the order written,
                                    // which is the call's argument order.
                                    let converted = $arguments {
                                        $(
                                            $parameter: <$type as $crate::binding::declare::Params>::from_params(
                                                env,
                                                &mut arguments,
                                                &$crate::binding::declare::ArgContext {
                                                    name: stringify!($parameter),
                                                    code: $crate::binding::declare::natives!(@code $code $(, $parameter_code)?),
                                                    option: $crate::binding::declare::natives!(@option $($option)?),
                                                },
                                            )?,
                                        )*
                                    };
                                    let result: $result = $implementation(env, converted)?;
                                    napi::bindgen_prelude::ToNapiValue::to_napi_value(env.raw(), result)
                                })
                            }
                        }
                        callback
                    },
                },
            )*
        ];
    };
    (@code $default:expr, $code:literal) => { $code };
    (@code $default:expr) => { $default };
    (@option option) => { true };
    (@option) => { false };
}

pub(crate) use natives;

/// Declares a JS object type a native function returns: a struct whose
/// fields become the object's properties, all set in one
/// `napi_define_properties` call, and whose TypeScript shape is named from
/// the fields' types. A field may give its JS name (`time_step = "timeStep"`);
/// otherwise it is the Rust name. An `Option` field that is `None` is left
/// out of the object (TypeScript: `field?: T`).
macro_rules! js_object {
    (
        $(#[doc = $doc:literal])*
        pub(crate) struct $name:ident {
            $(
                $(#[doc = $field_doc:literal])*
                $field:ident $(= $js:literal)? : $type:ty
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub(crate) struct $name {
            $(
                $(#[doc = $field_doc])*
                pub(crate) $field: $type,
            )*
        }

        impl napi::bindgen_prelude::ToNapiValue for $name {
            unsafe fn to_napi_value(
                env: napi::sys::napi_env,
                value: Self,
            ) -> napi::Result<napi::sys::napi_value> {
                let mut properties = Vec::with_capacity(<[&str]>::len(&[$(stringify!($field)),*]));
                $(
                    // SAFETY: `env` is the live environment of the returning call.
                    if let Some(property) = unsafe {
                        $crate::binding::declare::Field::to_property(
                            env,
                            concat!($crate::binding::declare::js_object!(@name $field $(= $js)?), "\0"),
                            value.$field,
                        )?
                    } {
                        properties.push(property);
                    }
                )*
                // SAFETY: as above; every name is a NUL-terminated literal.
                unsafe { $crate::binding::declare::object_with(env, &properties) }
            }
        }

        impl $crate::binding::declare::Ret for $name {
            fn ts(types: &mut $crate::binding::declare::TsTypes) -> String {
                types.named(stringify!($name), |types| {
                    $crate::binding::declare::interface_body(&[
                        $(
                            format!(
                                "{}{}: {}",
                                $crate::binding::declare::js_object!(@name $field $(= $js)?),
                                if <$type as $crate::binding::declare::Field>::OPTIONAL { "?" } else { "" },
                                <$type as $crate::binding::declare::Field>::ts(types),
                            ),
                        )*
                    ])
                })
            }
        }
    };
    (@name $field:ident = $js:literal) => { $js };
    (@name $field:ident) => { stringify!($field) };
}

pub(crate) use js_object;

/// Declares a JS options object a native function takes: a struct whose
/// fields are read from the object's properties of the same (or the given)
/// name, each converted by its [`Arg`] type and named in errors as
/// `option "name"`, and whose TypeScript shape is named from those types.
macro_rules! js_options {
    (
        $(#[doc = $doc:literal])*
        pub(crate) struct $name:ident {
            $(
                $(#[doc = $field_doc:literal])*
                $field:ident $(= $js:literal)? : $type:ty
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub(crate) struct $name {
            $(
                $(#[doc = $field_doc])*
                pub(crate) $field: $type,
            )*
        }

        impl $crate::binding::declare::Arg for $name {
            fn ts(types: &mut $crate::binding::declare::TsTypes) -> String {
                types.named(stringify!($name), |types| {
                    $crate::binding::declare::interface_body(&[
                        $(
                            format!(
                                "{}{}: {}",
                                $crate::binding::declare::js_object!(@name $field $(= $js)?),
                                if <$type as $crate::binding::declare::Arg>::OPTIONAL { "?" } else { "" },
                                <$type as $crate::binding::declare::Arg>::ts(types),
                            ),
                        )*
                    ])
                })
            }

            unsafe fn from_arg(
                env: &napi::bindgen_prelude::Env,
                value: napi::sys::napi_value,
                context: &$crate::binding::declare::ArgContext,
            ) -> napi::Result<Self> {
                // SAFETY: as the caller promises.
                unsafe { $crate::binding::input::expect_object(env, value, context)? };
                Ok($name {
                    $(
                        // SAFETY: `value` is an object of the running call.
                        $field: unsafe {
                            <$type as $crate::binding::declare::Arg>::from_arg(
                                env,
                                $crate::binding::declare::get_property(
                                    env.raw(),
                                    value,
                                    concat!($crate::binding::declare::js_object!(@name $field $(= $js)?), "\0"),
                                )?,
                                &$crate::binding::declare::ArgContext {
                                    name: $crate::binding::declare::js_object!(@name $field $(= $js)?),
                                    code: context.code,
                                    option: true,
                                },
                            )?
                        },
                    )*
                })
            }
        }
    };
}

pub(crate) use js_options;

/// Reads `object[key]`, `key` NUL-terminated.
///
/// # Safety
/// `env` is a live environment; `object` is a value of it.
pub(crate) unsafe fn get_property(
    env: sys::napi_env,
    object: sys::napi_value,
    key: &'static str,
) -> Result<sys::napi_value> {
    let mut value = ptr::null_mut();
    check_status!(
        // SAFETY: as the caller promises; `key` ends with a NUL.
        unsafe { sys::napi_get_named_property(env, object, key.as_ptr().cast(), &mut value) },
        "could not read the property {}",
        key.trim_end_matches('\0')
    )?;
    Ok(value)
}

/// Declares a group of options a native function takes as consecutive
/// positional arguments (each optional), converted into one struct. A
/// parameter of the struct's type stands for all of them: its fields, in
/// order, are the function's next arguments, and its TypeScript parameters,
/// named by the fields (or the given JS name, `kind = "type"`).
macro_rules! flat_args {
    (
        $(#[doc = $doc:literal])*
        pub(crate) struct $name:ident {
            $(
                $(#[doc = $field_doc:literal])*
                $field:ident $(= $js:literal)? : $type:ty
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub(crate) struct $name {
            $(
                $(#[doc = $field_doc])*
                pub(crate) $field: $type,
            )*
        }

        impl $crate::binding::declare::Params for $name {
            const COUNT: usize = <[&str]>::len(&[$(stringify!($field)),*]);

            fn ts(
                _: &'static str,
                types: &mut $crate::binding::declare::TsTypes,
            ) -> Vec<$crate::binding::declare::TsParameter> {
                vec![
                    $(
                        $crate::binding::declare::TsParameter {
                            name: $crate::binding::declare::js_object!(@name $field $(= $js)?).to_owned(),
                            ts: <$type as $crate::binding::declare::Arg>::ts(types),
                            optional: <$type as $crate::binding::declare::Arg>::OPTIONAL,
                        },
                    )*
                ]
            }

            unsafe fn from_params(
                env: &napi::bindgen_prelude::Env,
                arguments: &mut impl Iterator<Item = napi::sys::napi_value>,
                context: &$crate::binding::declare::ArgContext,
            ) -> napi::Result<Self> {
                Ok($name {
                    $(
                        // SAFETY: as the caller promises.
                        $field: unsafe {
                            <$type as $crate::binding::declare::Arg>::from_arg(
                                env,
                                arguments.next().unwrap_or(std::ptr::null_mut()),
                                &$crate::binding::declare::ArgContext {
                                    name: $crate::binding::declare::js_object!(@name $field $(= $js)?),
                                    code: context.code,
                                    option: true,
                                },
                            )?
                        },
                    )*
                })
            }
        }
    };
}

pub(crate) use flat_args;

/// A field of a [`js_object!`].
pub(crate) trait Field: Sized {
    /// Whether the property may be absent.
    const OPTIONAL: bool = false;

    fn ts(types: &mut TsTypes) -> String;

    /// The property `name` (NUL-terminated) with this value, or `None` to
    /// leave it out.
    ///
    /// # Safety
    /// `env` is a live environment.
    unsafe fn to_property(
        env: sys::napi_env,
        name: &'static str,
        value: Self,
    ) -> Result<Option<sys::napi_property_descriptor>>;
}

impl<T: Ret> Field for T {
    fn ts(types: &mut TsTypes) -> String {
        T::ts(types)
    }

    unsafe fn to_property(
        env: sys::napi_env,
        name: &'static str,
        value: Self,
    ) -> Result<Option<sys::napi_property_descriptor>> {
        // SAFETY: as the caller promises.
        let value = unsafe { T::to_napi_value(env, value)? };
        Ok(Some(property(name, value)))
    }
}

/// An absent property, unlike `Option<T>` as a result (`T | null`).
pub(crate) struct Absent<T>(pub(crate) Option<T>);

impl<T: Ret> Field for Absent<T> {
    const OPTIONAL: bool = true;

    fn ts(types: &mut TsTypes) -> String {
        T::ts(types)
    }

    unsafe fn to_property(
        env: sys::napi_env,
        name: &'static str,
        value: Self,
    ) -> Result<Option<sys::napi_property_descriptor>> {
        match value.0 {
            // SAFETY: as the caller promises.
            Some(value) => unsafe { <T as Field>::to_property(env, name, value) },
            None => Ok(None),
        }
    }
}

/// A plain data property: writable, enumerable and configurable, as an
/// object literal's.
fn property(name: &'static str, value: sys::napi_value) -> sys::napi_property_descriptor {
    sys::napi_property_descriptor {
        utf8name: name.as_ptr().cast(),
        name: ptr::null_mut(),
        method: None,
        getter: None,
        setter: None,
        value,
        attributes: sys::PropertyAttributes::writable
            | sys::PropertyAttributes::enumerable
            | sys::PropertyAttributes::configurable,
        data: ptr::null_mut(),
    }
}

/// A new object with `properties`.
///
/// # Safety
/// `env` is a live environment; the descriptors' names are NUL-terminated
/// and their values belong to `env`.
pub(crate) unsafe fn object_with(
    env: sys::napi_env,
    properties: &[sys::napi_property_descriptor],
) -> Result<sys::napi_value> {
    let mut object = ptr::null_mut();
    check_status!(
        // SAFETY: as the caller promises.
        unsafe { sys::napi_create_object(env, &mut object) },
        "could not make an object"
    )?;
    check_status!(
        // SAFETY: `object` was just made; the descriptors are as promised.
        unsafe { sys::napi_define_properties(env, object, properties.len(), properties.as_ptr()) },
        "could not set the object's properties"
    )?;
    Ok(object)
}
