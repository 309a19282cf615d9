//! ClientKeyExchange for the ECDHE key exchanges (RFC 8422 §5.7).

use alloc::vec::Vec;

use crate::msgs::codec::{put_opaque, Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

use super::server_key_exchange::POINT;

/// The client's ephemeral public point (`ClientECDiffieHellmanPublic`, explicit form).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientKeyExchange {
    /// The encoded point.
    pub public: Vec<u8>,
}

impl Codec for ClientKeyExchange {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.opaque(POINT).map(|b| Self { public: b.to_vec() })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_opaque(out, POINT, &self.public)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_byte_length_point() {
        let cke = ClientKeyExchange {
            public: alloc::vec![4, 1, 2],
        };
        assert_eq!(cke.to_bytes().unwrap(), [3, 4, 1, 2]);
        assert_eq!(ClientKeyExchange::decode(&[3, 4, 1, 2]), Ok(cke));
        assert_eq!(
            ClientKeyExchange::decode(&[0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            ClientKeyExchange::decode(&[3, 4, 1]),
            Err(DecodeError::Truncated)
        );
    }
}
