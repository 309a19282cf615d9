//! Key exchange: (EC)DHE groups and hybrid KEM groups for TLS 1.3 key_share, (EC)DHE for TLS 1.2.
//!
//! Both sides of a Diffie-Hellman group do the same thing: draw a key pair ([`KxGroup::start`]),
//! send its public half, combine with the peer's ([`ActiveKx::complete`]). A KEM is asymmetric:
//! the initiator (the TLS client) sends an encapsulation key; the responder (the TLS server)
//! encapsulates to it and sends the ciphertext, with no key pair of its own. The responder's
//! side is therefore one call, [`KxGroup::respond`], which for DH groups is simply `start` then
//! `complete`.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::{CryptoError, NamedGroup, Secret, SecureRandom};

/// A key-exchange group the provider implements.
pub trait KxGroup: Send + Sync {
    /// The group's code point (RFC 9846 §4.3.7); a provider lists at most one `KxGroup` per name.
    fn name(&self) -> NamedGroup;

    /// The initiator's side: generate an ephemeral key pair. The private key is drawn from
    /// `rng` (see each group's documentation for how many bytes, and in which order), so
    /// scripted randomness reproduces published traces.
    fn start(&self, rng: &dyn SecureRandom) -> Result<Box<dyn ActiveKx>, CryptoError>;

    /// The responder's side (a TLS 1.3 server answering the client's key share, RFC 9846
    /// §4.3.8): our share for the ServerHello and the shared secret, in one step. Every random
    /// byte comes from `rng`. A malformed or invalid `peer_share` fails with `InvalidPeerKey`.
    ///
    /// The default is `start` followed by `complete` — right for Diffie-Hellman groups, whose
    /// randomness is exactly `start`'s; KEM groups override it to encapsulate to the peer's key.
    fn respond(
        &self,
        peer_share: &[u8],
        rng: &dyn SecureRandom,
    ) -> Result<KxResponse, CryptoError> {
        let ours = self.start(rng)?;
        let share = ours.public_key().to_vec();
        let secret = ours.complete(peer_share)?;
        Ok(KxResponse { share, secret })
    }
}

/// What the responder sends and keeps: see [`KxGroup::respond`].
#[derive(Debug)]
pub struct KxResponse {
    /// Our key_exchange value (a DH public key, or a KEM ciphertext with any DH part).
    pub share: Vec<u8>,
    /// The shared secret: the (EC)DHE input of the key schedule (RFC 9846 §7.1).
    pub secret: Secret,
}

/// An ephemeral key pair waiting for the peer's share.
pub trait ActiveKx: Send + Sync {
    /// The group the key pair belongs to.
    fn group(&self) -> NamedGroup;

    /// Our public share in the TLS encoding (X25519: 32 bytes; NIST curves: uncompressed point,
    /// RFC 8446 §4.2.8.2; X25519MLKEM768: the 1184-byte encapsulation key then the X25519 share).
    fn public_key(&self) -> &[u8];

    /// Combine with the peer's share (for a KEM: decapsulate its ciphertext). Malformed shares,
    /// points off the curve and an all-zero X25519 result (RFC 7748 §6.1, RFC 8446 §7.4.2) fail
    /// with `InvalidPeerKey`.
    fn complete(self: Box<Self>, peer_public: &[u8]) -> Result<Secret, CryptoError>;
}
