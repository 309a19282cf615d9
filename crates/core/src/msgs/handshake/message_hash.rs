//! The synthetic message_hash message (RFC 8446 §4.4.1). After a HelloRetryRequest the
//! transcript replaces ClientHello1 with `message_hash || 00 00 Hash.length ||
//! Hash(ClientHello1)`. It is never sent, so [`super::HandshakeMessage`] refuses its type on
//! the wire; this type builds (and, for completeness, parses) the transcript bytes.

use alloc::vec::Vec;

use crate::msgs::codec::{put_opaque, Bounds, Codec, Output, Reader};
use crate::msgs::enums::HandshakeType;
use crate::msgs::error::{DecodeError, EncodeError};

/// Hash outputs up to SHA-512; the length rides in the u24 field of the handshake header.
const HASH: Bounds = Bounds::u24(1, 64);

/// message_hash: the hash of ClientHello1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageHash {
    /// Hash(ClientHello1).
    pub hash: Vec<u8>,
}

impl Codec for MessageHash {
    /// Reads the whole message, header included.
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let typ = HandshakeType::read(r)?;
        if typ != HandshakeType::MESSAGE_HASH {
            return Err(DecodeError::UnexpectedMessage(typ));
        }
        r.opaque(HASH).map(|h| Self { hash: h.to_vec() })
    }

    /// Writes the whole message, header included.
    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        HandshakeType::MESSAGE_HASH.encode(out)?;
        put_opaque(out, HASH, &self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_type_254_with_u24_length() {
        let m = MessageHash {
            hash: alloc::vec![0xab; 32],
        };
        let bytes = m.to_bytes().unwrap();
        assert_eq!(&bytes[..4], [254, 0, 0, 32]);
        assert_eq!(&bytes[4..], [0xab; 32]);
        assert_eq!(MessageHash::decode(&bytes), Ok(m));
        let mut wrong = bytes.clone();
        wrong[0] = 1;
        assert_eq!(
            MessageHash::decode(&wrong),
            Err(DecodeError::UnexpectedMessage(HandshakeType(1)))
        );
    }
}
