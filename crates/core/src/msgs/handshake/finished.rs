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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_verify_data() {
        let f = Finished::decode(&[1, 2, 3]).unwrap();
        assert_eq!(f.verify_data, [1, 2, 3]);
        assert_eq!(f.to_bytes().unwrap(), [1, 2, 3]);
    }
}
