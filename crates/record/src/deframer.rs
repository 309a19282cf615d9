//! Finding record boundaries in received bytes (RFC 8446 §5.1, §5.2; RFC 5246 §6.2).

use core::ops::Range;

use crate::error::RecordError;
use crate::header::RecordHeader;
use crate::limits::HEADER_LEN;

/// A complete record at the start of a buffer: its header, and where its payload lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deframed {
    /// The record header.
    pub header: RecordHeader,
}

impl Deframed {
    /// Header plus payload: how many bytes the record occupies.
    pub fn total_len(&self) -> usize {
        HEADER_LEN + usize::from(self.header.len)
    }

    /// Where the payload lies in the buffer that was deframed.
    pub fn payload_range(&self) -> Range<usize> {
        HEADER_LEN..self.total_len()
    }
}

/// Looks at the start of `buf`: `Ok(None)` means more bytes are needed, `Ok(Some(_))` means a
/// complete record of `total_len()` bytes is there.
///
/// Header fields are validated as soon as they arrive, so garbage is refused on its first byte
/// and an oversized length is refused before its payload is awaited. `max_payload_len` is the
/// limit for the current read state (2^14 unprotected, 2^14 + 256 under TLS 1.3,
/// 2^14 + 2048 under TLS 1.2); above it the record is a `record_overflow`.
pub fn deframe(buf: &[u8], max_payload_len: usize) -> Result<Option<Deframed>, RecordError> {
    let Some(header_bytes) = buf.first_chunk::<HEADER_LEN>() else {
        RecordHeader::check_prefix(buf)?;
        return Ok(None);
    };
    let header = RecordHeader::decode(header_bytes)?;
    let len = usize::from(header.len);
    if len > max_payload_len {
        return Err(RecordError::RecordOverflow {
            len,
            limit: max_payload_len,
        });
    }
    let record = Deframed { header };
    if buf.len() < record.total_len() {
        return Ok(None);
    }
    Ok(Some(record))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{MAX_PLAINTEXT_LEN, MAX_TLS12_CIPHERTEXT_LEN, MAX_TLS13_CIPHERTEXT_LEN};
    use crate::types::{ContentType, ProtocolVersion};
    use alloc::vec;
    use alloc::vec::Vec;

    fn record(t: u8, len: usize) -> Vec<u8> {
        let mut r = vec![t, 3, 3];
        r.extend_from_slice(&u16::try_from(len).unwrap().to_be_bytes());
        r.resize(HEADER_LEN + len, 0xab);
        r
    }

    #[test]
    fn complete_record() {
        let mut buf = record(22, 3);
        buf.extend_from_slice(&[23, 3, 3]);
        let d = deframe(&buf, MAX_PLAINTEXT_LEN).unwrap().unwrap();
        assert_eq!(d.header.content_type, ContentType::HANDSHAKE);
        assert_eq!(d.header.version, ProtocolVersion::TLS1_2);
        assert_eq!(d.total_len(), 8);
        assert_eq!(d.payload_range(), 5..8);
    }

    #[test]
    fn fed_one_byte_at_a_time() {
        let buf = record(23, 10);
        for n in 0..buf.len() {
            assert_eq!(
                deframe(&buf[..n], MAX_PLAINTEXT_LEN),
                Ok(None),
                "prefix of {n}"
            );
        }
        assert_eq!(
            deframe(&buf, MAX_PLAINTEXT_LEN)
                .unwrap()
                .unwrap()
                .total_len(),
            buf.len()
        );
    }

    #[test]
    fn garbage_refused_before_five_bytes() {
        assert_eq!(
            deframe(b"G", MAX_PLAINTEXT_LEN),
            Err(RecordError::UnknownContentType(b'G'))
        );
        assert_eq!(
            deframe(&[22, 2], MAX_PLAINTEXT_LEN),
            Err(RecordError::UnsupportedRecordVersion(ProtocolVersion(
                0x0200
            )))
        );
    }

    #[test]
    fn length_limits() {
        for limit in [
            MAX_PLAINTEXT_LEN,
            MAX_TLS13_CIPHERTEXT_LEN,
            MAX_TLS12_CIPHERTEXT_LEN,
            100,
        ] {
            let at = record(23, limit);
            assert!(deframe(&at, limit).unwrap().is_some());
            // Refused from the header alone: the payload is never awaited.
            let over = record(23, limit + 1);
            assert_eq!(
                deframe(&over[..HEADER_LEN], limit),
                Err(RecordError::RecordOverflow {
                    len: limit + 1,
                    limit
                })
            );
        }
    }
}
