//! The per-direction IV and the per-record nonces derived from it.

use core::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::error::RecordError;

/// Length of every supported AEAD's nonce (RFC 5116 §5.1, RFC 8439 §2.8).
pub const NONCE_LEN: usize = 12;

/// The write IV of one direction: TLS 1.3's `[sender]_write_iv` (RFC 8446 §7.3), TLS 1.2
/// ChaCha20-Poly1305's 12-byte `client/server_write_IV` (RFC 7905 §2), or TLS 1.2 AES-GCM's
/// 4-byte salt (RFC 5288 §3) stored in the first four bytes with the rest zero.
///
/// Derived from the traffic secret, so it is zeroized on drop and never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub(crate) struct Iv([u8; NONCE_LEN]);

impl Iv {
    /// A full 12-byte IV.
    pub(crate) fn new(bytes: &[u8]) -> Result<Self, RecordError> {
        let iv: [u8; NONCE_LEN] = bytes.try_into().map_err(|_| RecordError::BadKeyMaterial)?;
        Ok(Self(iv))
    }

    /// A 4-byte AES-GCM salt (RFC 5288 §3: the implicit part of the nonce).
    pub(crate) fn salt(bytes: &[u8]) -> Result<Self, RecordError> {
        let salt: [u8; 4] = bytes.try_into().map_err(|_| RecordError::BadKeyMaterial)?;
        let mut iv = [0u8; NONCE_LEN];
        iv[..4].copy_from_slice(&salt);
        Ok(Self(iv))
    }

    /// The IV XOR the sequence number left-padded to 12 bytes (RFC 8446 §5.3; RFC 7905 §2).
    pub(crate) fn xor_nonce(&self, seq: u64) -> [u8; NONCE_LEN] {
        let mut nonce = self.0;
        for (n, s) in nonce[NONCE_LEN - 8..].iter_mut().zip(seq.to_be_bytes()) {
            *n ^= s;
        }
        nonce
    }

    /// The salt followed by an 8-byte explicit nonce (RFC 5288 §3: GCMNonce).
    pub(crate) fn salted_nonce(&self, explicit: &[u8; 8]) -> [u8; NONCE_LEN] {
        let mut nonce = self.0;
        nonce[4..].copy_from_slice(explicit);
        nonce
    }
}

impl fmt::Debug for Iv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iv(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn xor_with_padded_sequence_number() {
        // RFC 8448 §3: server handshake iv, record 0 and record 1.
        let iv = Iv::new(&[
            0x5d, 0x31, 0x3e, 0xb2, 0x67, 0x12, 0x76, 0xee, 0x13, 0x00, 0x0b, 0x30,
        ])
        .unwrap();
        assert_eq!(
            iv.xor_nonce(0),
            [0x5d, 0x31, 0x3e, 0xb2, 0x67, 0x12, 0x76, 0xee, 0x13, 0x00, 0x0b, 0x30]
        );
        assert_eq!(
            iv.xor_nonce(1),
            [0x5d, 0x31, 0x3e, 0xb2, 0x67, 0x12, 0x76, 0xee, 0x13, 0x00, 0x0b, 0x31]
        );
        assert_eq!(
            iv.xor_nonce(0x0102_0304_0506_0708),
            [0x5d, 0x31, 0x3e, 0xb2, 0x66, 0x10, 0x75, 0xea, 0x16, 0x06, 0x0c, 0x38]
        );
    }

    #[test]
    fn salt_and_explicit_nonce() {
        let iv = Iv::salt(&[1, 2, 3, 4]).unwrap();
        assert_eq!(
            iv.salted_nonce(&[9, 9, 9, 9, 9, 9, 9, 9]),
            [1, 2, 3, 4, 9, 9, 9, 9, 9, 9, 9, 9]
        );
    }

    #[test]
    fn wrong_lengths_refused_and_never_printed() {
        assert_eq!(Iv::new(&[0; 11]).unwrap_err(), RecordError::BadKeyMaterial);
        assert_eq!(Iv::salt(&[0; 12]).unwrap_err(), RecordError::BadKeyMaterial);
        assert_eq!(format!("{:?}", Iv::new(&[0xab; 12]).unwrap()), "Iv(..)");
    }
}
