//! The synthetic `message_hash` message that replaces ClientHello1 after a HelloRetryRequest.

use alloc::vec::Vec;

use ferrotls_crypto::hash::Hash;

/// HandshakeType `message_hash` (RFC 8446 §4).
const MESSAGE_HASH: u8 = 254;

/// The handshake message `message_hash(254) || 00 00 Hash.length || Hash(ClientHello1)` that
/// stands for ClientHello1 in the transcript once the server sends a HelloRetryRequest
/// (RFC 8446 §4.4.1). `client_hello1` is the whole ClientHello handshake message, header included.
pub fn message_hash(hash: &dyn Hash, client_hello1: &[u8]) -> Vec<u8> {
    let digest = hash.hash(client_hello1);
    let digest = digest.as_bytes();
    let mut out = Vec::with_capacity(4 + digest.len());
    // Hash outputs are at most 64 bytes, so the length fits the one low byte of uint24.
    out.extend_from_slice(&[MESSAGE_HASH, 0, 0, digest.len() as u8]);
    out.extend_from_slice(digest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_crypto::rustcrypto::hash::{SHA256, SHA384};

    #[test]
    fn header_carries_type_and_hash_length() {
        let ch = [1u8, 0, 0, 2, 3, 3];
        let m = message_hash(&SHA256, &ch);
        assert_eq!(&m[..4], &[254, 0, 0, 32]);
        assert_eq!(&m[4..], SHA256.hash(&ch).as_bytes());
        let m = message_hash(&SHA384, &ch);
        assert_eq!(&m[..4], &[254, 0, 0, 48]);
        assert_eq!(m.len(), 52);
    }
}
