//! otpauth:// parsing: never a panic nor an internal error, and anything
//! accepted is written back to a URI that reads the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use totp_native::error::Error;
use totp_native::uri;

fuzz_target!(|text: &str| {
    let parsed = uri::parse(text);
    if let Err(Error::Internal { what }) = &parsed {
        panic!("internal error: {what}");
    }
    if let Ok(parsed) = parsed {
        let written = uri::build(&parsed).expect("what parse accepts, build writes");
        assert_eq!(
            uri::parse(&written).expect("what build writes, parse reads"),
            parsed
        );
    }
});
