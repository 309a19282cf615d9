//! Hex decoding for the unit tests' known-answer vectors.

use alloc::vec::Vec;

/// Decode hex, ignoring whitespace; panics on bad input (test vectors are literals).
pub(crate) fn unhex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => panic!("bad hex digit {:?}", b as char),
        })
        .collect();
    assert!(digits.len().is_multiple_of(2), "odd hex length");
    digits.chunks(2).map(|p| (p[0] << 4) | p[1]).collect()
}
