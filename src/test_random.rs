//! A seeded xorshift64 generator for the unit tests' random cases:
//! deterministic, so a failure reproduces from its seed.

/// The generator's successive values from `seed` (which must not be 0).
pub(crate) fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
