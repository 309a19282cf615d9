//! early_data (RFC 8446 §4.2.10). In a ClientHello and EncryptedExtensions the body is empty (a
//! unit variant of those contexts); in a NewSessionTicket it carries the size limit below.

use crate::msgs::codec::{Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

/// `uint32 max_early_data_size`: how many bytes of 0-RTT data the server accepts with this
/// ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaxEarlyDataSize(pub u32);

impl Codec for MaxEarlyDataSize {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.u32().map(Self)
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        self.0.encode(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_a_u32() {
        assert_eq!(
            MaxEarlyDataSize::decode(&[0, 0, 4, 0]),
            Ok(MaxEarlyDataSize(1024))
        );
        assert_eq!(
            MaxEarlyDataSize::decode(&[0, 0, 4]),
            Err(DecodeError::Truncated)
        );
        assert_eq!(MaxEarlyDataSize(1).to_bytes(), Ok(alloc::vec![0, 0, 0, 1]));
    }
}
