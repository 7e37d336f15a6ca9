//! The bare Rust core, with no JavaScript in the way: the floor a JS call to
//! `generate` cannot beat. Run with `npm run bench:core`
//! (`cargo bench --no-default-features`: the `node` feature's binding only
//! links inside Node). Prints the median of 31 batches per operation.
//!
//! The first row is the unit everything else is made of: an HMAC-SHA1 of a
//! counter is two SHA-1 blocks once the key's pads are compressed (two more
//! blocks), so `generate` costs four blocks and a window-1 `verify` eight.

use std::hint::black_box;
use std::time::Instant;

use totp_native::otp::{Algorithm, Hotp, Window};
use totp_native::secret::{decode_secret, Encoding};

const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn median_ns(mut operation: impl FnMut(u64)) -> f64 {
    const BATCH: u64 = 20_000;
    let mut samples: Vec<f64> = (0..31)
        .map(|sample| {
            let start = Instant::now();
            for i in 0..BATCH {
                operation(sample * BATCH + i);
            }
            start.elapsed().as_nanos() as f64 / BATCH as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let key = decode_secret(SECRET, Encoding::Base32).expect("a valid secret");
    let keyed = Hotp::new(&key, Algorithm::Sha1, 6).expect("a valid key");
    let block = [0x5au8; 64];
    // Each block continues the last one's state, as an HMAC's outer block
    // waits on its inner one: this is a block's latency, not the throughput
    // of independent blocks overlapping in the pipeline.
    let mut state = [0x6745_2301u32; 5];
    let rows = [
        (
            "one SHA-1 block, chained (sha1::compress)",
            median_ns(|_| {
                sha1::compress(&mut state, &[black_box(block).into()]);
                black_box(&state);
            }),
        ),
        (
            "base32 decode (20-byte secret)",
            median_ns(|_| {
                black_box(decode_secret(black_box(SECRET), Encoding::Base32).ok());
            }),
        ),
        (
            "HMAC-SHA1 + truncation + digits, key already set up",
            median_ns(|i| {
                black_box(keyed.code(black_box(i)).ok());
            }),
        ),
        (
            "HOTP from key bytes (key set-up, HMAC, format)",
            median_ns(|i| {
                black_box(
                    Hotp::new(black_box(&key), Algorithm::Sha1, 6)
                        .and_then(|h| h.code(i))
                        .ok(),
                );
            }),
        ),
        (
            "TOTP from a base32 secret (what generate does)",
            median_ns(|i| {
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
            median_ns(|i| {
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
}
