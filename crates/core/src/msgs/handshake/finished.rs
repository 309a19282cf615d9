//! Finished (RFC 9846 §4.5.3; RFC 5246 §7.4.9). The body is only `verify_data`, whose length
//! the cipher suite fixes (Hash.length in TLS 1.3, 12 in TLS 1.2). The codec keeps it inline,
//! so neither a received nor a sent Finished allocates: it refuses a body longer than any suite
//! we run makes (decode_error), and the handshake checks the exact length when it compares the
//! value.

use core::fmt;

use crate::msgs::codec::{Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

/// The longest verify_data of any suite we run: Hash.length of SHA-384 in TLS 1.3 (RFC 9846
/// §4.5.3); TLS 1.2's is 12 bytes for every suite (RFC 5246 §7.4.9).
pub const MAX_VERIFY_DATA_LEN: usize = 48;

/// A Finished message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    /// `verify_data`.
    pub verify_data: VerifyData,
}

impl Finished {
    /// A Finished carrying `verify_data`; `None` if it is longer than [`MAX_VERIFY_DATA_LEN`].
    pub fn new(verify_data: &[u8]) -> Option<Self> {
        VerifyData::new(verify_data).map(|verify_data| Self { verify_data })
    }
}

impl Codec for Finished {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Self::new(r.take_rest()).ok_or(DecodeError::LengthOutOfRange)
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        out.extend_from_slice(&self.verify_data);
        Ok(())
    }
}

/// `verify_data` held inline: at most [`MAX_VERIFY_DATA_LEN`] bytes, read through `Deref`.
/// Equality here is for tests and fuzzers; the handshake compares a received value with the
/// expected one in constant time (`Secret::ct_eq`, `FinishedKey::verify`).
#[derive(Clone, Copy)]
pub struct VerifyData {
    bytes: [u8; MAX_VERIFY_DATA_LEN],
    len: u8,
}

impl VerifyData {
    /// `bytes` as verify_data; `None` if longer than [`MAX_VERIFY_DATA_LEN`].
    pub fn new(bytes: &[u8]) -> Option<Self> {
        let mut inline = [0u8; MAX_VERIFY_DATA_LEN];
        inline.get_mut(..bytes.len())?.copy_from_slice(bytes);
        Some(Self {
            bytes: inline,
            // At most 48: the slice above bounds it.
            len: bytes.len() as u8,
        })
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

impl core::ops::Deref for VerifyData {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq for VerifyData {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for VerifyData {}

impl fmt::Debug for VerifyData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_bytes().fmt(f)
    }
}

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
    use crate::msgs::handshake::{HandshakeMessage, Version};
    use alloc::vec::Vec;
    use ferrotls_record::AlertDescription;

    #[test]
    fn finished_message_is_the_encoding() {
        for len in [12, 32, 48] {
            let verify_data: Vec<u8> = (0..len as u8).collect();
            let built = FinishedMessage::new(&verify_data).expect("fits");
            let encoded = HandshakeMessage::Finished(Finished::new(&verify_data).expect("fits"))
                .to_bytes()
                .unwrap();
            assert_eq!(&*built, encoded.as_slice());
        }
        assert!(FinishedMessage::new(&[0; 49]).is_none());
    }

    #[test]
    fn body_is_verify_data() {
        let f = Finished::decode(&[1, 2, 3]).unwrap();
        assert_eq!(f.verify_data.as_bytes(), [1, 2, 3]);
        assert_eq!(f.to_bytes().unwrap(), [1, 2, 3]);
        let longest = Finished::decode(&[7; MAX_VERIFY_DATA_LEN]).unwrap();
        assert_eq!(longest.verify_data.len(), MAX_VERIFY_DATA_LEN);
        assert_eq!(longest.to_bytes().unwrap(), [7; MAX_VERIFY_DATA_LEN]);
    }

    #[test]
    fn equality_and_debug_see_only_the_bytes() {
        let a = VerifyData::new(&[1, 2]).unwrap();
        assert_eq!(a, VerifyData::new(&[1, 2]).unwrap());
        assert_ne!(a, VerifyData::new(&[1, 2, 0]).unwrap());
        assert_eq!(alloc::format!("{a:?}"), "[1, 2]");
    }

    #[test]
    fn verify_data_longer_than_any_suite_is_decode_error() {
        let body = [0u8; MAX_VERIFY_DATA_LEN + 1];
        assert_eq!(Finished::decode(&body), Err(DecodeError::LengthOutOfRange));
        assert!(Finished::new(&body).is_none());
        let mut message = alloc::vec![20, 0, 0, body.len() as u8];
        message.extend_from_slice(&body);
        for version in [Version::Tls12, Version::Tls13] {
            let refused = HandshakeMessage::decode(&message, version).unwrap_err();
            assert_eq!(refused.alert(), AlertDescription::DECODE_ERROR);
        }
        // Far longer still: refused the same way, without a panic.
        let huge = alloc::vec![0u8; 0x1_0000];
        assert_eq!(Finished::decode(&huge), Err(DecodeError::LengthOutOfRange));
    }
}
