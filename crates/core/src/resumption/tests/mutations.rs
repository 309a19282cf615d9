//! Every truncation and every single-byte change of the encodings never panics, and either
//! fails with a typed error or decodes to a value that re-encodes to the same bytes (the
//! encodings are canonical: one value, one byte string).

use alloc::vec::Vec;

use super::{at, every_kind, every_state, T0};
use crate::resumption::{ResumptionData, ServerSessionState};

/// Runs `check` on every proper prefix of `bytes` and every single-byte change of it; returns
/// how many inputs it tried.
fn walk(bytes: &[u8], mut check: impl FnMut(&[u8])) -> usize {
    let mut tried = 0;
    for len in 0..bytes.len() {
        check(&bytes[..len]);
        tried += 1;
    }
    let mut buf = bytes.to_vec();
    for pos in 0..buf.len() {
        let original = buf[pos];
        for v in 0..=255u8 {
            if v != original {
                buf[pos] = v;
                check(&buf);
                tried += 1;
            }
        }
        buf[pos] = original;
    }
    tried
}

#[test]
fn resumption_data_mutations() {
    let mut tried = 0;
    let mut decoded = 0;
    for data in every_kind() {
        let bytes: Vec<u8> = data.to_bytes().to_vec();
        tried += walk(&bytes, |input| {
            if let Ok(value) = ResumptionData::from_bytes(input, at(T0)) {
                assert_eq!(*value.to_bytes(), *input, "not canonical");
                decoded += 1;
            }
        });
    }
    // 149 + 233 + 181 bytes, each prefix and 255 changes per byte.
    assert_eq!(tried, (149 + 233 + 181) * 256);
    // Some changes (to the secret, ticket, names) are valid other values; most are refused.
    assert!(decoded > 0 && decoded < tried, "{decoded} of {tried}");
}

#[test]
fn server_state_mutations() {
    let mut tried = 0;
    let mut decoded = 0;
    for state in every_state() {
        let bytes: Vec<u8> = state.to_bytes().to_vec();
        tried += walk(&bytes, |input| {
            if let Ok(value) = ServerSessionState::from_bytes(input, at(T0)) {
                assert_eq!(*value.to_bytes(), *input, "not canonical");
                decoded += 1;
            }
        });
    }
    assert_eq!(tried, (142 + 126) * 256);
    assert!(decoded > 0 && decoded < tried, "{decoded} of {tried}");
}
