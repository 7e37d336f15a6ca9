//! A symbol's data bit stream (ISO/IEC 18004:2015 §7.4): segments of mode
//! indicator, character count and data, then the terminator and the pad
//! codewords, as whole bytes.
//!
//! The `qrcode` crate's `Bits` writes a value a byte at a time through a
//! match on the bit offset; here bits gather in a word and leave it four
//! bytes at a time, which makes writing a URI's bytes a few instructions
//! each instead of fifty.

/// The bit stream being written: the bytes completed, and up to 31 bits
/// (the low `pending` bits of `word`) waiting to complete the next ones.
pub(crate) struct BitStream {
    bytes: Vec<u8>,
    word: u64,
    pending: u32,
}

/// The pad codewords that fill the data capacity after the terminator,
/// in turn (§7.4.10).
const PAD_CODEWORDS: [u8; 2] = [0b1110_1100, 0b0001_0001];

impl BitStream {
    /// An empty stream with room for `capacity_bits`.
    pub(crate) fn with_capacity(capacity_bits: usize) -> BitStream {
        BitStream {
            // Four more: `push` writes whole words of four bytes.
            bytes: Vec::with_capacity(capacity_bits / 8 + 4),
            word: 0,
            pending: 0,
        }
    }

    /// Appends the low `count` bits of `value`, most significant first
    /// (`count` at most 32; higher bits of `value` are ignored).
    #[inline]
    pub(crate) fn push(&mut self, count: u32, value: u32) {
        debug_assert!(count <= 32);
        self.word = self.word << count | u64::from(value) & ((1 << count) - 1);
        self.pending += count;
        if self.pending >= 32 {
            self.pending -= 32;
            // The 32 bits above the pending ones; the cast keeps exactly them.
            let full = (self.word >> self.pending) as u32;
            self.bytes.extend_from_slice(&full.to_be_bytes());
        }
    }

    /// Bits written so far.
    pub(crate) fn len(&self) -> usize {
        self.bytes.len() * 8 + self.pending as usize
    }

    /// The data codewords of a symbol that holds `capacity_bits` (a
    /// multiple of 8, as in every QR symbol): the stream, a terminator of up
    /// to four 0 bits (fewer where the capacity ends sooner), 0 bits to the
    /// byte boundary, and pad codewords to the capacity (§7.4.9–7.4.10).
    /// `None` if the stream is longer than the capacity.
    pub(crate) fn into_codewords(mut self, capacity_bits: usize) -> Option<Vec<u8>> {
        let room = capacity_bits.checked_sub(self.len())?;
        // At most 4, so the cast is exact.
        self.push(room.min(4) as u32, 0);
        // Up to the byte boundary.
        let to_byte = (8 - self.pending % 8) % 8;
        self.push(to_byte, 0);
        // Now whole bytes: at most 24 pending bits.
        while self.pending > 0 {
            self.pending -= 8;
            // The cast keeps the byte above the bits still pending.
            self.bytes.push((self.word >> self.pending) as u8);
        }
        let codewords = capacity_bits / 8;
        let pad = codewords.saturating_sub(self.bytes.len());
        self.bytes.extend(PAD_CODEWORDS.iter().cycle().take(pad));
        Some(self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_most_significant_bit_first_across_words() {
        let mut stream = BitStream::with_capacity(64);
        stream.push(4, 0b0100);
        stream.push(8, 0xA5);
        stream.push(13, 0x1FFF);
        stream.push(16, 0x8001);
        assert_eq!(stream.len(), 41);
        // 0100 10100101 1111111111111 1000000000000001, then the
        // terminator 0000 and three bits to the byte boundary.
        assert_eq!(
            stream.into_codewords(64),
            Some(vec![0x4A, 0x5F, 0xFF, 0xC0, 0x00, 0x80, 0xEC, 0x11])
        );
    }

    #[test]
    fn the_terminator_is_cut_short_where_the_capacity_ends_and_pads_alternate() {
        let mut full = BitStream::with_capacity(16);
        full.push(14, 0x3FFF);
        assert_eq!(full.into_codewords(16), Some(vec![0xFF, 0xFC]));
        let mut short = BitStream::with_capacity(40);
        short.push(4, 0b0001);
        assert_eq!(
            short.into_codewords(40),
            Some(vec![0x10, 0xEC, 0x11, 0xEC, 0x11])
        );
        let mut over = BitStream::with_capacity(8);
        over.push(9, 0);
        assert_eq!(over.into_codewords(8), None);
    }
}
