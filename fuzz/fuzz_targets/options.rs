//! Option parsing and verification with arbitrary values: never a panic, every
//! accepted option set generates codes of the right length, and verification
//! of arbitrary tokens only ever reports a step whose code is that token.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use totp_native::otp::{Algorithm, Clock, Hotp, Window};
use totp_native::secret::Encoding;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    algorithm: &'a str,
    encoding: &'a str,
    key: &'a [u8],
    digits: u32,
    period: u64,
    epoch: u64,
    timestamp: u64,
    past: u32,
    future: u32,
    after: Option<u64>,
    token: &'a str,
}

fuzz_target!(|input: Input| {
    let _ = Encoding::from_option(input.encoding);
    let algorithm = Algorithm::from_option(input.algorithm).unwrap_or_default();
    let Ok(hotp) = Hotp::new(input.key, algorithm, input.digits) else {
        return;
    };
    let Ok(clock) = Clock::new(input.period, input.epoch) else {
        return;
    };
    let Ok(step) = clock.time_step(input.timestamp) else {
        return;
    };
    let code = hotp.generate(step).expect("a valid step generates");
    assert_eq!(code.len(), input.digits as usize);
    let Ok(window) = Window::new(input.past, input.future) else {
        return;
    };
    if let Ok(Some(found)) = hotp.find(input.token, step, window, input.after) {
        assert_eq!(
            hotp.generate(found.counter).ok().as_deref(),
            Some(input.token)
        );
        assert!(input.after.is_none_or(|after| found.counter > after));
    }
    let own = hotp
        .find(&code, step, window, None)
        .expect("a valid step is checked");
    assert!(own.is_some(), "a fresh code verifies at its own step");
});
