//! Writing unprotected records (TLSPlaintext, RFC 8446 §5.1; RFC 5246 §6.2.1).

use alloc::vec::Vec;

use crate::header::RecordHeader;
use crate::types::{ContentType, ProtocolVersion};

/// Appends `payload` to `out` as TLSPlaintext records of at most `max_fragment_len` bytes each.
///
/// An empty payload writes nothing: RFC 8446 §5.1 forbids empty handshake and alert records, and
/// an empty application_data record carries nothing worth sending. `max_fragment_len` must be
/// in `1..=2^14`; callers validate it when it is configured.
pub fn write_plaintext(
    content_type: ContentType,
    version: ProtocolVersion,
    payload: &[u8],
    max_fragment_len: usize,
    out: &mut Vec<u8>,
) {
    for fragment in payload.chunks(max_fragment_len.max(1)) {
        // `chunks` never yields more than max_fragment_len <= 2^14 bytes, so this fits.
        let len = u16::try_from(fragment.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(
            &RecordHeader {
                content_type,
                version,
                len,
            }
            .encode(),
        );
        out.extend_from_slice(fragment);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deframer::deframe;
    use crate::limits::MAX_PLAINTEXT_LEN;
    use alloc::vec;

    #[test]
    fn single_record() {
        let mut out = Vec::new();
        write_plaintext(
            ContentType::HANDSHAKE,
            ProtocolVersion::TLS1_0,
            &[1, 2, 3],
            100,
            &mut out,
        );
        assert_eq!(out, [22, 3, 1, 0, 3, 1, 2, 3]);
    }

    #[test]
    fn fragments_long_payloads() {
        let payload: Vec<u8> = (0..40_000u32).map(|i| i as u8).collect();
        let mut out = vec![0xee]; // existing bytes are kept
        write_plaintext(
            ContentType::APPLICATION_DATA,
            ProtocolVersion::TLS1_2,
            &payload,
            MAX_PLAINTEXT_LEN,
            &mut out,
        );
        let mut rest = &out[1..];
        let mut joined = Vec::new();
        let mut sizes = Vec::new();
        while let Some(d) = deframe(rest, MAX_PLAINTEXT_LEN).unwrap() {
            sizes.push(d.header.len);
            joined.extend_from_slice(&rest[d.payload_range()]);
            rest = &rest[d.total_len()..];
        }
        assert!(rest.is_empty());
        assert_eq!(sizes, [16384, 16384, 7232]);
        assert_eq!(joined, payload);
    }

    #[test]
    fn configurable_fragment_size() {
        let mut out = Vec::new();
        write_plaintext(
            ContentType::ALERT,
            ProtocolVersion::TLS1_2,
            &[1, 2, 3, 4, 5],
            2,
            &mut out,
        );
        assert_eq!(
            out,
            [21, 3, 3, 0, 2, 1, 2, 21, 3, 3, 0, 2, 3, 4, 21, 3, 3, 0, 1, 5]
        );
    }

    #[test]
    fn empty_payload_writes_nothing() {
        let mut out = Vec::new();
        write_plaintext(
            ContentType::HANDSHAKE,
            ProtocolVersion::TLS1_2,
            &[],
            10,
            &mut out,
        );
        assert!(out.is_empty());
    }
}
