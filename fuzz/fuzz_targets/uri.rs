//! otpauth:// parsing: never a panic, and anything accepted is written back to
//! a URI that reads the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use totp_native::uri;

fuzz_target!(|text: &str| {
    if let Ok(parsed) = uri::parse(text) {
        let written = uri::build(&parsed).expect("what parse accepts, build writes");
        assert_eq!(
            uri::parse(&written).expect("what build writes, parse reads"),
            parsed
        );
    }
});
