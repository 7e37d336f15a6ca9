//! Property tests of the core's invariants (proptest): what must hold for
//! every input, not just the vectors.

use proptest::prelude::*;

use crate::otp::{Algorithm, Clock, Hotp, Window, MAX_COUNTER, MAX_TIMESTAMP_MS};
use crate::secret::{base32_decode, base32_encode};
use crate::uri::{self, OtpKind, OtpUri};

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::Sha1),
        Just(Algorithm::Sha256),
        Just(Algorithm::Sha384),
        Just(Algorithm::Sha512)
    ]
}

fn key() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 1..80)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn base32_round_trips_with_and_without_padding(bytes in proptest::collection::vec(any::<u8>(), 0..100), padding: bool) {
        let encoded = base32_encode(&bytes, padding);
        prop_assert_eq!(base32_decode(&encoded, "str").unwrap(), bytes.clone());
        prop_assert_eq!(base32_decode(&encoded.to_lowercase(), "str").unwrap(), bytes);
    }

    #[test]
    fn base32_decoding_never_panics_and_errors_name_a_real_character(text in "\\PC{0,64}") {
        if let Err(crate::error::Error::InvalidBase32 { character, position, .. }) = base32_decode(&text, "str") {
            prop_assert_eq!(text.chars().nth(position), Some(character));
        }
    }

    #[test]
    fn a_code_verifies_exactly_inside_the_window(
        key in key(),
        algorithm in algorithm(),
        digits in 6u32..=10,
        generated_at in 20u64..MAX_COUNTER - 20,
        offset in -12i64..=12,
        past in 0u32..=10,
        future in 0u32..=10,
    ) {
        let hotp = Hotp::new(&key, algorithm, digits).unwrap();
        let token = hotp.generate(generated_at).unwrap();
        let expected = (generated_at as i64 + offset) as u64;
        let found = hotp.find(&token, expected, Window::new(past, future).unwrap(), None).unwrap();
        let inside = -(past as i64) <= -offset && -offset <= future as i64;
        if inside {
            // The latest match is reported; it is this step unless a later
            // step in the window happens to give the same code.
            let found = found.unwrap();
            prop_assert!(found.counter >= generated_at);
            prop_assert_eq!(hotp.generate(found.counter).unwrap(), token);
            prop_assert_eq!(found.delta, found.counter as i64 - expected as i64);
        } else if let Some(found) = found {
            // Outside the window only a collision with another step can match.
            prop_assert_ne!(found.counter, generated_at);
            prop_assert_eq!(hotp.generate(found.counter).unwrap(), token);
        }
    }

    #[test]
    fn after_refuses_every_step_up_to_it_and_nothing_later(
        key in key(),
        step in 11u64..1_000_000,
        after_offset in -11i64..=11,
    ) {
        let hotp = Hotp::new(&key, Algorithm::Sha1, 8).unwrap();
        let after = (step as i64 + after_offset) as u64;
        let wide = Window::new(10, 10).unwrap();
        for candidate in step - 10..=step + 10 {
            let token = hotp.generate(candidate).unwrap();
            if let Some(found) = hotp.find(&token, step, wide, Some(after)).unwrap() {
                prop_assert!(found.counter > after);
            }
        }
    }

    #[test]
    fn totp_is_hotp_of_the_time_step(
        key in key(),
        algorithm in algorithm(),
        period in 1u64..100_000,
        epoch in 0u64..1_000_000_000_000,
        elapsed in 0u64..(MAX_TIMESTAMP_MS - 1_000_000_000_000),
    ) {
        let clock = Clock::new(period, epoch).unwrap();
        let timestamp = epoch + elapsed;
        let step = clock.time_step(timestamp).unwrap();
        prop_assert_eq!(step, elapsed / (period * 1000));
        let remaining = clock.remaining_ms(timestamp).unwrap();
        prop_assert!(remaining >= 1 && remaining <= period * 1000);
        prop_assert_eq!(clock.time_step(timestamp + remaining - 1).unwrap(), step);
        if timestamp + remaining <= MAX_TIMESTAMP_MS {
            prop_assert_eq!(clock.time_step(timestamp + remaining).unwrap(), step + 1);
        }
        let hotp = Hotp::new(&key, algorithm, 6).unwrap();
        prop_assert_eq!(hotp.generate(step).unwrap().len(), 6);
    }

    #[test]
    fn parse_reads_back_what_build_writes(
        key in key(),
        algorithm in algorithm(),
        digits in 1u32..=10,
        issuer in proptest::option::of("[^:\\p{Cc}]{1,20}"),
        account in "[^: \\p{Cc}][^:\\p{Cc}]{0,20}",
        hotp: bool,
        number in 1u64..1_000_000,
    ) {
        let written = OtpUri {
            kind: if hotp { OtpKind::Hotp { counter: number } } else { OtpKind::Totp { period: number } },
            issuer,
            account,
            secret: key,
            algorithm,
            digits,
            image: None,
        };
        let text = uri::build(&written).unwrap();
        prop_assert_eq!(uri::parse(&text).unwrap(), written);
    }

    #[test]
    fn parsing_any_text_never_panics(text in "\\PC{0,200}") {
        let _ = uri::parse(&text);
        let _ = uri::parse(&format!("otpauth://totp/{text}"));
        let _ = uri::parse(&format!("otpauth://totp/a:b?secret=JBSWY3DPEHPK3PXP&{text}"));
    }
}
