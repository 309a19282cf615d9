//! Finished (RFC 8446 §4.4.4; RFC 5246 §7.4.9). The body is only `verify_data`, whose length
//! the cipher suite fixes (Hash.length in TLS 1.3, 12 in TLS 1.2); the handshake checks it when
//! it compares the value, so the codec takes the whole body.

use alloc::vec::Vec;

use crate::msgs::codec::{Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

/// A Finished message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    /// `verify_data`.
    pub verify_data: Vec<u8>,
}

impl Codec for Finished {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self {
            verify_data: r.take_rest().to_vec(),
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        out.extend_from_slice(&self.verify_data);
        Ok(())
    }
}

/// The longest verify_data we send: a TLS 1.3 Finished under SHA-384 (RFC 8446 §4.4.4); TLS
/// 1.2's is 12 bytes (RFC 5246 §7.4.9).
const MAX_VERIFY_DATA_LEN: usize = 48;

/// One of our Finished messages, encoded whole (handshake header included) on the stack: the
/// handshake's last message costs no allocation.
pub(crate) struct FinishedMessage {
    bytes: [u8; 4 + MAX_VERIFY_DATA_LEN],
    len: usize,
}

impl FinishedMessage {
    /// `verify_data` as a Finished message; `None` if it is longer than any we make.
    pub(crate) fn new(verify_data: &[u8]) -> Option<Self> {
        let mut bytes = [0u8; 4 + MAX_VERIFY_DATA_LEN];
        let len = verify_data.len();
        let (header, body) = bytes.split_at_mut(4);
        body.get_mut(..len)?.copy_from_slice(verify_data);
        header[0] = crate::msgs::enums::HandshakeType::FINISHED.0;
        // The u24 length: at most 48 here.
        header[3] = len as u8;
        Some(Self {
            bytes,
            len: 4 + len,
        })
    }
}

impl core::ops::Deref for FinishedMessage {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::handshake::HandshakeMessage;

    #[test]
    fn finished_message_is_the_encoding() {
        for len in [12, 32, 48] {
            let verify_data: Vec<u8> = (0..len as u8).collect();
            let built = FinishedMessage::new(&verify_data).expect("fits");
            let encoded = HandshakeMessage::Finished(Finished { verify_data })
                .to_bytes()
                .unwrap();
            assert_eq!(&*built, encoded.as_slice());
        }
        assert!(FinishedMessage::new(&[0; 49]).is_none());
    }

    #[test]
    fn body_is_verify_data() {
        let f = Finished::decode(&[1, 2, 3]).unwrap();
        assert_eq!(f.verify_data, [1, 2, 3]);
        assert_eq!(f.to_bytes().unwrap(), [1, 2, 3]);
    }
}
