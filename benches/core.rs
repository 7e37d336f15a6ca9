//! The bare Rust core, with no JavaScript in the way: the floor a JS call to
//! `generate` or `qr.toStringSync` cannot beat. Run with `npm run bench:core`
//! (`cargo bench --no-default-features`: the `node` feature's binding only
//! links inside Node). Prints the median of many batches per operation.
//!
//! The first row is the unit everything else is made of: an HMAC-SHA1 of a
//! counter is two SHA-1 blocks once the key's pads are compressed (two more
//! blocks), so `generate` costs four blocks and a window-1 `verify` eight.
//!
//! The QR rows take the enrollment URI of `benchmark/qr.mjs` (133
//! characters, a version 8 symbol) and a version 1 text: the symbol with
//! the mask chosen, then given (the difference is scoring eight masks),
//! and each renderer of the finished symbol.

use std::hint::black_box;
use std::time::Instant;

use totp_native::otp::{Algorithm, Hotp, Window};
use totp_native::qr::{self, QrOptions, RenderOptions};
use totp_native::secret::{decode_secret, Encoding};

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// `keyUri({ secret, account: 'alice@example.com', issuer: 'ACME Co' })`.
const ENROLLMENT_URI: &str = "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30";

/// The median time of `operation` over `samples` batches of `batch` calls.
/// Microsecond operations get short batches: on a shared machine a long
/// batch is rarely left to run without being preempted.
fn median_ns(batch: u64, samples: u64, mut operation: impl FnMut(u64)) -> f64 {
    let mut samples: Vec<f64> = (0..samples)
        .map(|sample| {
            let start = Instant::now();
            for i in 0..batch {
                operation(sample * batch + i);
            }
            start.elapsed().as_nanos() as f64 / batch as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// The short-operation timing: 31 batches of 20,000 calls.
fn median_of_many(operation: impl FnMut(u64)) -> f64 {
    median_ns(20_000, 31, operation)
}

/// The QR timing: 2,001 batches of 10 calls.
fn median_of_few(operation: impl FnMut(u64)) -> f64 {
    median_ns(10, 2_001, operation)
}

fn main() {
    let key = decode_secret(SECRET, Encoding::Base32).expect("a valid secret");
    let keyed = Hotp::new(&key, Algorithm::Sha1, 6).expect("a valid key");
    let rows = [
        (
            "base32 decode (20-byte secret)",
            median_of_many(|_| {
                black_box(decode_secret(black_box(SECRET), Encoding::Base32).ok());
            }),
        ),
        (
            "HMAC-SHA1 + truncation + digits, key already set up",
            median_of_many(|i| {
                black_box(keyed.code(black_box(i)).ok());
            }),
        ),
        (
            "HOTP from key bytes (key set-up, HMAC, format)",
            median_of_many(|i| {
                black_box(
                    Hotp::new(black_box(&key), Algorithm::Sha1, 6)
                        .and_then(|h| h.code(i))
                        .ok(),
                );
            }),
        ),
        (
            "TOTP from a base32 secret (what generate does)",
            median_of_many(|i| {
                let key = decode_secret(black_box(SECRET), Encoding::Base32);
                black_box(
                    key.and_then(|k| Hotp::new(&k, Algorithm::Sha1, 6))
                        .and_then(|h| h.code(i))
                        .ok(),
                );
            }),
        ),
        (
            "verify, window 1, wrong code (3 HMACs)",
            median_of_many(|i| {
                let key = decode_secret(black_box(SECRET), Encoding::Base32);
                let hotp = key.and_then(|k| Hotp::new(&k, Algorithm::Sha1, 6));
                black_box(
                    hotp.and_then(|h| h.find("000000", 1000 + i, Window::default(), None))
                        .ok(),
                );
            }),
        ),
    ];
    println!("| core operation | median |\n|---|---:|");
    for (name, ns) in rows {
        println!("| {name} | {ns:.0} ns |");
    }

    let automatic = QrOptions::default();
    let looks = RenderOptions::default();
    let symbol = qr::create(ENROLLMENT_URI, &automatic).expect("a URI that fits");
    let given_mask = QrOptions {
        mask_pattern: Some(symbol.mask_pattern),
        ..automatic
    };
    let qr_rows = [
        (
            "QR create, enrollment URI (version 8)",
            median_of_few(|_| {
                black_box(qr::create(black_box(ENROLLMENT_URI), &automatic).ok());
            }),
        ),
        (
            "QR create, enrollment URI, mask given",
            median_of_few(|_| {
                black_box(qr::create(black_box(ENROLLMENT_URI), &given_mask).ok());
            }),
        ),
        (
            "QR create, \"hello world\" (version 1)",
            median_of_few(|_| {
                black_box(qr::create(black_box("hello world"), &automatic).ok());
            }),
        ),
        (
            "QR SVG of the enrollment symbol",
            median_of_few(|_| {
                black_box(qr::svg::render(black_box(&symbol), &looks).ok());
            }),
        ),
        (
            "QR PNG of the enrollment symbol (228 px)",
            median_of_few(|_| {
                black_box(qr::png::render(black_box(&symbol), &looks).ok());
            }),
        ),
        (
            "QR PNG data URL of the enrollment symbol",
            median_of_few(|_| {
                black_box(qr::png::data_url(black_box(&symbol), &looks).ok());
            }),
        ),
        (
            "QR utf8 text of the enrollment symbol",
            median_of_few(|_| {
                black_box(qr::text::utf8(black_box(&symbol), &looks).ok());
            }),
        ),
    ];
    for (name, ns) in qr_rows {
        println!("| {name} | {:.2} µs |", ns / 1e3);
    }
}
