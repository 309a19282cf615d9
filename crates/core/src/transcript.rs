//! The running handshake hash: TLS 1.3's Transcript-Hash (RFC 8446 §4.4.1) and TLS 1.2's
//! handshake_messages hash for Finished and the extended master secret (RFC 5246 §7.4.9,
//! RFC 7627 §3).

use alloc::vec::Vec;
use core::fmt;

use ferrotls_crypto::hash::{Hash, HashState};
use ferrotls_crypto::HashOutput;

/// HandshakeType message_hash (RFC 8446 §4).
const MESSAGE_HASH: u8 = 254;

/// Handshake messages kept verbatim until the cipher suite, and so the hash, is chosen (the
/// client's ClientHello before the ServerHello arrives).
#[derive(Debug, Default)]
pub(crate) struct TranscriptBuffer {
    bytes: Vec<u8>,
}

impl TranscriptBuffer {
    pub(crate) fn add(&mut self, encoded: &[u8]) {
        self.bytes.extend_from_slice(encoded);
    }

    /// Start hashing with the negotiated hash, over everything buffered.
    pub(crate) fn start(self, hash: &'static dyn Hash) -> Transcript {
        let mut t = Transcript::new(hash);
        t.add(&self.bytes);
        t
    }
}

/// Transcript-Hash over the handshake messages so far.
pub(crate) struct Transcript {
    hash: &'static dyn Hash,
    ctx: HashState,
}

impl Transcript {
    pub(crate) fn new(hash: &'static dyn Hash) -> Self {
        Self {
            hash,
            ctx: hash.start_state(),
        }
    }

    pub(crate) fn add(&mut self, encoded: &[u8]) {
        self.ctx.update(encoded);
    }

    /// The hash of everything added so far.
    pub(crate) fn current(&self) -> HashOutput {
        self.ctx.fork_finish()
    }

    /// The hash of everything so far followed by `more`, leaving the transcript as it is: the
    /// binder hash over a truncated ClientHello (RFC 8446 §4.2.11.2), computed before the
    /// server knows whether it will accept the PSK.
    pub(crate) fn hash_with(&self, more: &[u8]) -> HashOutput {
        let mut ctx = self.ctx.fork();
        ctx.update(more);
        ctx.fork_finish()
    }

    /// The hash of everything added so far followed by `more`, which is not added: the binder
    /// of a retried ClientHello covers the transcript through the HelloRetryRequest plus the
    /// partial ClientHello2 (RFC 8446 §4.2.11.2).
    pub(crate) fn current_with(&self, more: &[u8]) -> HashOutput {
        let mut ctx = self.ctx.fork();
        ctx.update(more);
        ctx.finish()
    }

    /// After a HelloRetryRequest, ClientHello1 is replaced by the synthetic message
    /// `message_hash || 00 00 Hash.length || Hash(ClientHello1)` (RFC 8446 §4.4.1). Call this when
    /// exactly ClientHello1 has been added.
    pub(crate) fn roll_up_for_retry(&mut self) {
        let digest = self.current();
        let digest = digest.as_bytes();
        self.ctx = self.hash.start_state();
        // A digest is at most 64 bytes, so its length fits the low byte of the uint24.
        self.ctx.update(&[MESSAGE_HASH, 0, 0, digest.len() as u8]);
        self.ctx.update(digest);
    }
}

impl fmt::Debug for Transcript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transcript")
            .field("hash", &self.hash.algorithm())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key_schedule::message_hash;
    use ferrotls_crypto::rustcrypto::hash::SHA256;

    #[test]
    fn buffer_then_hash_equals_hashing_directly() {
        let mut b = TranscriptBuffer::default();
        b.add(b"hello");
        let mut t = b.start(&SHA256);
        t.add(b" world");
        assert_eq!(t.current(), SHA256.hash(b"hello world"));
        // current() does not consume: adding more still works.
        t.add(b"!");
        assert_eq!(t.current(), SHA256.hash(b"hello world!"));
        // current_with() hashes the extra bytes without keeping them.
        assert_eq!(t.current_with(b"?"), SHA256.hash(b"hello world!?"));
        assert_eq!(t.current(), SHA256.hash(b"hello world!"));
    }

    #[test]
    fn roll_up_matches_the_synthetic_message() {
        let ch1 = [1u8, 0, 0, 2, 3, 3];
        let mut t = Transcript::new(&SHA256);
        t.add(&ch1);
        t.roll_up_for_retry();
        t.add(b"hrr");
        let mut expected = message_hash(&SHA256, &ch1);
        expected.extend_from_slice(b"hrr");
        assert_eq!(t.current(), SHA256.hash(&expected));
    }
}
