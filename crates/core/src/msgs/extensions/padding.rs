//! padding (RFC 7685 §3): `extension_data` of zero bytes, used to steer a ClientHello's size.

use crate::msgs::codec::{Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

/// The number of zero bytes. A non-zero byte is refused with illegal_parameter: "The client
/// MUST fill the padding extension completely with zero bytes" (RFC 7685 §3), and only the
/// length is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Padding(pub usize);

impl Codec for Padding {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let bytes = r.take_rest();
        if bytes.iter().any(|&b| b != 0) {
            return Err(DecodeError::IllegalValue("padding with non-zero bytes"));
        }
        Ok(Self(bytes.len()))
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        out.resize_zeroed(out.len() + self.0);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_bytes_only() {
        assert_eq!(Padding::decode(&[0; 5]), Ok(Padding(5)));
        assert_eq!(Padding::decode(&[]), Ok(Padding(0)));
        assert!(matches!(
            Padding::decode(&[0, 1]),
            Err(DecodeError::IllegalValue(_))
        ));
        assert_eq!(Padding(3).to_bytes(), Ok(alloc::vec![0, 0, 0]));
    }
}
