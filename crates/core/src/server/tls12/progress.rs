//! What the TLS 1.2 handshake carries from the hellos to the Finished messages.

use alloc::vec::Vec;

use super::session::SessionPlan;
use crate::key_schedule::HashPrimitives;
use crate::suites::SupportedCipherSuite;
use crate::transcript::Transcript;

/// The hellos' randoms and choices, and the handshake hash.
#[derive(Debug)]
pub(super) struct Progress {
    pub(super) suite: &'static SupportedCipherSuite,
    pub(super) prims: HashPrimitives,
    pub(super) client_random: [u8; 32],
    pub(super) server_random: [u8; 32],
    /// Whether the master secret is the extended one (RFC 7627 §4).
    pub(super) ems: bool,
    /// Hash of the handshake messages, for the EMS session_hash and Finished (RFC 5246
    /// §7.4.9, RFC 7627 §3).
    pub(super) transcript: Transcript,
    /// A full handshake: the session it makes resumable, kept or sealed once the client's
    /// Finished verifies. `None` on an abbreviated handshake, whose session exists already.
    pub(super) plan: Option<SessionPlan>,
    /// The messages themselves, kept only while a client CertificateVerify may still come: it
    /// signs `handshake_messages` whole, not a hash of them (RFC 5246 §7.4.8).
    messages: Option<Vec<u8>>,
}

impl Progress {
    pub(super) fn new(
        suite: &'static SupportedCipherSuite,
        prims: HashPrimitives,
        client_random: [u8; 32],
        server_random: [u8; 32],
        ems: bool,
        keep_messages: bool,
    ) -> Self {
        Self {
            suite,
            prims,
            client_random,
            server_random,
            ems,
            transcript: Transcript::new(prims.hash),
            plan: None,
            messages: keep_messages.then(Vec::new),
        }
    }

    /// Add one encoded handshake message (header included).
    pub(super) fn add(&mut self, encoded: &[u8]) {
        self.transcript.add(encoded);
        if let Some(messages) = &mut self.messages {
            messages.extend_from_slice(encoded);
        }
    }

    /// The messages so far, if they were kept.
    pub(super) fn messages(&self) -> Option<&[u8]> {
        self.messages.as_deref()
    }

    /// No CertificateVerify can come any more: drop the copy.
    pub(super) fn forget_messages(&mut self) {
        self.messages = None;
    }
}
