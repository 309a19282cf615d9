//! record_size_limit (RFC 8449 §4).

use crate::msgs::codec::{Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

/// The largest record plaintext the sender is willing to receive. Values below 64 are refused
/// with illegal_parameter (RFC 8449 §4: "An endpoint MUST treat receipt of a smaller value as a
/// fatal error and generate an illegal_parameter alert").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordSizeLimit(pub u16);

impl RecordSizeLimit {
    /// The smallest value RFC 8449 §4 allows.
    pub const MIN: u16 = 64;
}

impl Codec for RecordSizeLimit {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u16()? {
            v if v < Self::MIN => Err(DecodeError::IllegalValue("record_size_limit below 64")),
            v => Ok(Self(v)),
        }
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        self.0.encode(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_u16_and_refuses_below_64() {
        assert_eq!(
            RecordSizeLimit::decode(&[0x40, 0x01]),
            Ok(RecordSizeLimit(0x4001))
        );
        assert_eq!(RecordSizeLimit::decode(&[0, 64]), Ok(RecordSizeLimit(64)));
        assert!(matches!(
            RecordSizeLimit::decode(&[0, 63]),
            Err(DecodeError::IllegalValue(_))
        ));
        assert_eq!(RecordSizeLimit::decode(&[0]), Err(DecodeError::Truncated));
        assert_eq!(
            RecordSizeLimit(0x4001).to_bytes(),
            Ok(alloc::vec![0x40, 0x01])
        );
    }
}
