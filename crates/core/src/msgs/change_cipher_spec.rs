//! The change_cipher_spec protocol's message (RFC 5246 §7.1; RFC 8446 §5 for the compatibility
//! record of TLS 1.3).

use super::codec::{Codec, Output, Reader};
use super::error::{DecodeError, EncodeError};

/// ChangeCipherSpec: the single byte 0x01. Any other byte is refused with unexpected_message
/// (RFC 8446 §5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChangeCipherSpec;

impl Codec for ChangeCipherSpec {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match r.u8()? {
            1 => Ok(Self),
            _ => Err(DecodeError::InvalidChangeCipherSpec),
        }
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        out.push(1);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_byte_one() {
        assert_eq!(ChangeCipherSpec::decode(&[1]), Ok(ChangeCipherSpec));
        assert_eq!(ChangeCipherSpec.to_bytes().unwrap(), [1]);
        assert_eq!(
            ChangeCipherSpec::decode(&[2]),
            Err(DecodeError::InvalidChangeCipherSpec)
        );
        assert_eq!(ChangeCipherSpec::decode(&[]), Err(DecodeError::Truncated));
        assert_eq!(
            ChangeCipherSpec::decode(&[1, 1]),
            Err(DecodeError::TrailingBytes)
        );
    }
}
