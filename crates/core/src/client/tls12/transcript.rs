//! The TLS 1.2 handshake log: the running hash for Finished and the extended master secret
//! (RFC 5246 §7.4.9, RFC 7627 §3), plus the messages themselves while a CertificateVerify may
//! still need them.

use alloc::vec::Vec;

use ferrotls_crypto::HashOutput;

use crate::transcript::Transcript;

/// RFC 5246 §7.4.8: a TLS 1.2 CertificateVerify signs `handshake_messages` themselves, hashed
/// with the signature scheme's hash, which need not be the PRF's. So the raw messages are kept
/// until our flight is built, then dropped.
#[derive(Debug)]
pub(crate) struct HandshakeLog {
    hash: Transcript,
    messages: Option<Vec<u8>>,
}

impl HandshakeLog {
    /// Continue `hash`, which already covers `first` (the messages before the ServerHello:
    /// our ClientHello), keeping the messages from there on if a CertificateVerify of ours may
    /// need them (`may_sign`: a full handshake by a client that can answer a
    /// CertificateRequest with a certificate). Otherwise only the hash runs, and nothing is
    /// copied.
    pub(crate) fn new(hash: Transcript, first: &[u8], may_sign: bool) -> Self {
        Self {
            hash,
            messages: may_sign.then(|| first.to_vec()),
        }
    }

    /// RFC 5246 §7.4.9: every handshake message except HelloRequest, header included.
    pub(crate) fn add(&mut self, encoded: &[u8]) {
        self.hash.add(encoded);
        if let Some(messages) = &mut self.messages {
            messages.extend_from_slice(encoded);
        }
    }

    pub(crate) fn current(&self) -> HashOutput {
        self.hash.current()
    }

    /// The hash of the messages so far followed by `more`, which is not added.
    pub(crate) fn current_with(&self, more: &[u8]) -> HashOutput {
        self.hash.current_with(more)
    }

    /// The messages so far; empty once [`Self::stop_keeping`] ran.
    pub(crate) fn messages(&self) -> &[u8] {
        self.messages.as_deref().unwrap_or_default()
    }

    /// No signature over the messages can follow any more: only the hash is kept.
    pub(crate) fn stop_keeping(&mut self) {
        self.messages = None;
    }
}
