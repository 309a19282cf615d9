//! The 5-byte record header shared by TLSPlaintext and TLSCiphertext (RFC 8446 §5.1, §5.2;
//! RFC 5246 §6.2.1).

use crate::error::RecordError;
use crate::limits::HEADER_LEN;
use crate::types::{ContentType, ProtocolVersion};

/// A parsed record header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordHeader {
    /// The (outer) content type.
    pub content_type: ContentType,
    /// `legacy_record_version` as received or to be sent.
    pub version: ProtocolVersion,
    /// Length of the payload that follows the header.
    pub len: u16,
}

impl RecordHeader {
    /// The header as it appears on the wire; it is also the TLS 1.3 AAD (RFC 8446 §5.2).
    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let [v0, v1] = self.version.0.to_be_bytes();
        let [l0, l1] = self.len.to_be_bytes();
        [self.content_type.0, v0, v1, l0, l1]
    }

    /// Parses a complete header. Type and version are checked the same way as
    /// [`check_prefix`](Self::check_prefix) does.
    pub fn decode(bytes: &[u8; HEADER_LEN]) -> Result<Self, RecordError> {
        Self::check_prefix(bytes)?;
        let [t, v0, v1, l0, l1] = *bytes;
        Ok(Self {
            content_type: ContentType(t),
            version: ProtocolVersion(u16::from_be_bytes([v0, v1])),
            len: u16::from_be_bytes([l0, l1]),
        })
    }

    /// Validates as much of a header as `bytes` holds, so that a stream that is not TLS is refused
    /// on its first byte rather than after the peer has sent five.
    pub fn check_prefix(bytes: &[u8]) -> Result<(), RecordError> {
        if let Some(&t) = bytes.first() {
            if !is_known_content_type(ContentType(t)) {
                return Err(RecordError::UnknownContentType(t));
            }
        }
        if let Some(&major) = bytes.get(1) {
            // RFC 8446 §5.1 tells receivers to ignore legacy_record_version, but every SSL 3 / TLS
            // version has major 3; anything else means the peer speaks another protocol.
            if major != 0x03 {
                let minor = bytes.get(2).copied().unwrap_or(0);
                return Err(RecordError::UnsupportedRecordVersion(ProtocolVersion(
                    u16::from_be_bytes([major, minor]),
                )));
            }
        }
        Ok(())
    }
}

/// The content types this implementation accepts in a record header. Heartbeat (RFC 6520) is
/// never negotiated, so a heartbeat record is as unexpected as an unassigned type.
pub fn is_known_content_type(t: ContentType) -> bool {
    matches!(
        t,
        ContentType::CHANGE_CIPHER_SPEC
            | ContentType::ALERT
            | ContentType::HANDSHAKE
            | ContentType::APPLICATION_DATA
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let h = RecordHeader {
            content_type: ContentType::HANDSHAKE,
            version: ProtocolVersion::TLS1_0,
            len: 0x00c4,
        };
        let bytes = h.encode();
        assert_eq!(bytes, [0x16, 0x03, 0x01, 0x00, 0xc4]);
        assert_eq!(RecordHeader::decode(&bytes), Ok(h));
    }

    #[test]
    fn unknown_types_refused_on_first_byte() {
        for t in [0u8, 19, 24, 25, 0x47, 0x80, 0xff] {
            assert_eq!(
                RecordHeader::check_prefix(&[t]),
                Err(RecordError::UnknownContentType(t))
            );
        }
        for t in [20u8, 21, 22, 23] {
            assert_eq!(RecordHeader::check_prefix(&[t]), Ok(()));
        }
    }

    #[test]
    fn major_version_must_be_three() {
        assert_eq!(
            RecordHeader::check_prefix(&[22, 0x02]),
            Err(RecordError::UnsupportedRecordVersion(ProtocolVersion(
                0x0200
            )))
        );
        assert_eq!(
            RecordHeader::decode(&[23, 0x04, 0x03, 0, 0]),
            Err(RecordError::UnsupportedRecordVersion(ProtocolVersion(
                0x0403
            )))
        );
        // Any minor version is accepted: the field is otherwise ignored (RFC 8446 §5.1).
        assert!(RecordHeader::decode(&[23, 0x03, 0x07, 0, 1]).is_ok());
    }
}
