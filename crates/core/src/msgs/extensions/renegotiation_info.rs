//! renegotiation_info (RFC 5746 §3.2). ferrotls never renegotiates, so on the wire this is the
//! empty value of an initial handshake, but the codec reads any `<0..255>` value so the
//! handshake can refuse a non-empty one with the alert RFC 5746 §3.4/§3.6 asks for.

use alloc::vec::Vec;

use crate::msgs::codec::{put_opaque, Bounds, Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

/// `opaque renegotiated_connection<0..255>`.
const RENEGOTIATED_CONNECTION: Bounds = Bounds::u8(0, 255);

/// The `renegotiated_connection` verify data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RenegotiationInfo(pub Vec<u8>);

impl Codec for RenegotiationInfo {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.opaque(RENEGOTIATED_CONNECTION).map(|b| Self(b.to_vec()))
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_opaque(out, RENEGOTIATED_CONNECTION, &self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initial_handshake_value_is_one_zero_byte() {
        assert_eq!(RenegotiationInfo::default().to_bytes(), Ok(alloc::vec![0]));
        assert_eq!(
            RenegotiationInfo::decode(&[0]),
            Ok(RenegotiationInfo::default())
        );
        assert_eq!(
            RenegotiationInfo::decode(&[1, 7]),
            Ok(RenegotiationInfo(alloc::vec![7]))
        );
        assert_eq!(RenegotiationInfo::decode(&[]), Err(DecodeError::Truncated));
        assert_eq!(
            RenegotiationInfo::decode(&[0, 0]),
            Err(DecodeError::TrailingBytes)
        );
    }
}
