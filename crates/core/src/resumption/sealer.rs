//! [`AeadTicketSealer`]: self-encrypted tickets under one random AES-256-GCM key.

use alloc::vec::Vec;
use core::fmt;
use core::sync::atomic::{AtomicU32, Ordering};

use ferrotls_crypto::aead::KeyedAead;
use ferrotls_crypto::{AeadAlgorithm, CryptoError, CryptoProvider, SecureRandom};
use rustls_pki_types::UnixTime;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use super::errors::SealError;
use super::stores::TicketSealer;

/// Bytes of the key name that starts every ticket (RFC 5077 §4: `opaque key_name[16]`).
pub const TICKET_KEY_NAME_LEN: usize = 16;
/// Bytes of an AES-256-GCM ticket key.
pub const TICKET_KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// What a ticket adds to its plaintext: key name, nonce, tag.
pub const TICKET_OVERHEAD: usize = TICKET_KEY_NAME_LEN + NONCE_LEN + TAG_LEN;
/// Both TLS versions carry tickets in a `<..2^16-1>` field.
const MAX_TICKET_LEN: usize = 0xffff;

/// Seals tickets with one AES-256-GCM key and a random 16-byte key name, both drawn from the
/// provider's random source when the sealer is made; they live only in this value, so tickets
/// from another instance (or from before a restart) do not open.
///
/// A ticket is `key_name[16] || nonce[12] || ciphertext || tag[16]` with the key name as AAD:
/// RFC 5077 §4's recommended layout with an AEAD in place of AES-CBC + HMAC. Nonces are random
/// (96 bits), so the key is retired after 2^32 - 1 tickets, keeping the nonce-collision
/// probability within NIST SP 800-38D §8.3; `seal` then fails and the server stops issuing
/// tickets until it gets a new sealer. Rotation is the session-cache crate's job.
pub struct AeadTicketSealer {
    key_name: [u8; TICKET_KEY_NAME_LEN],
    key: KeyedAead,
    lifetime_hint: u32,
    seals_left: AtomicU32,
}

impl AeadTicketSealer {
    /// A sealer with a fresh random key, announcing `lifetime_hint` seconds. Fails if the
    /// provider has no AES-256-GCM or its random source fails.
    pub fn new(provider: &CryptoProvider, lifetime_hint: u32) -> Result<Self, CryptoError> {
        let mut key_name = [0u8; TICKET_KEY_NAME_LEN];
        provider.random.fill(&mut key_name)?;
        let mut key_bytes = Zeroizing::new([0u8; TICKET_KEY_LEN]);
        provider.random.fill(&mut key_bytes[..])?;
        Self::with_key(provider, key_name, &key_bytes, lifetime_hint)
    }

    /// A sealer with the given key and key name: for key rings that make their keys
    /// elsewhere (derived from a secret a fleet shares, say). An all-zero key is refused: it
    /// is the mark of a key never set (GnuTLS's CVE-2020-13777 sealed tickets under one).
    pub fn with_key(
        provider: &CryptoProvider,
        key_name: [u8; TICKET_KEY_NAME_LEN],
        key: &[u8; TICKET_KEY_LEN],
        lifetime_hint: u32,
    ) -> Result<Self, CryptoError> {
        if key.iter().all(|&b| b == 0) {
            return Err(CryptoError::KeyRejected("an all-zero ticket key"));
        }
        let aead = provider
            .aead(AeadAlgorithm::Aes256Gcm)
            .ok_or(CryptoError::KeyRejected("the provider has no AES-256-GCM"))?;
        Ok(Self {
            key_name,
            key: aead.new_key(key)?,
            lifetime_hint,
            seals_left: AtomicU32::new(u32::MAX),
        })
    }

    /// The name every ticket of this sealer starts with.
    pub fn key_name(&self) -> &[u8; TICKET_KEY_NAME_LEN] {
        &self.key_name
    }

    /// Claims one use of the key; `false` once the nonce budget is spent.
    fn claim_seal(&self) -> bool {
        self.seals_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_ok()
    }
}

impl TicketSealer for AeadTicketSealer {
    /// One key for ever: `now` changes nothing.
    fn seal(
        &self,
        plaintext: &[u8],
        rng: &dyn SecureRandom,
        _now: UnixTime,
    ) -> Result<Vec<u8>, SealError> {
        if plaintext.len() > MAX_TICKET_LEN - TICKET_OVERHEAD {
            return Err(SealError::TooLong);
        }
        if !self.claim_seal() {
            return Err(SealError::KeyExhausted);
        }
        let mut nonce = [0u8; NONCE_LEN];
        rng.fill(&mut nonce)?;
        // Exact capacity: the plaintext is copied in before it is encrypted in place, and a
        // reallocation would free a copy of it without zeroizing.
        let mut ticket = Vec::with_capacity(plaintext.len() + TICKET_OVERHEAD);
        ticket.extend_from_slice(&self.key_name);
        ticket.extend_from_slice(&nonce);
        ticket.extend_from_slice(plaintext);
        let body = TICKET_KEY_NAME_LEN + NONCE_LEN;
        let tag = match self
            .key
            .seal_in_place(&nonce, &self.key_name, &mut ticket[body..])
        {
            Ok(tag) => tag,
            Err(e) => {
                // The buffer may still hold the plaintext, secret included.
                ticket.zeroize();
                return Err(e.into());
            }
        };
        ticket.extend_from_slice(&tag);
        Ok(ticket)
    }

    /// The nonce, drawn in one request.
    fn seal_random_len(&self) -> usize {
        NONCE_LEN
    }

    fn open(&self, ticket: &[u8], _now: UnixTime) -> Option<Zeroizing<Vec<u8>>> {
        if ticket.len() < TICKET_OVERHEAD || ticket.len() > MAX_TICKET_LEN {
            return None;
        }
        let (name, rest) = ticket.split_at(TICKET_KEY_NAME_LEN);
        // Not secret, but comparing in constant time costs nothing and leaves nothing to argue.
        if !bool::from(name.ct_eq(&self.key_name)) {
            return None;
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
        let mut buf = Zeroizing::new(sealed.to_vec());
        let len = self
            .key
            .open_in_place(&nonce, &self.key_name, &mut buf[..])
            .ok()?;
        buf.truncate(len);
        Some(buf)
    }

    fn lifetime_hint(&self) -> u32 {
        self.lifetime_hint
    }
}

impl fmt::Debug for AeadTicketSealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AeadTicketSealer")
            .field("key_name", &self.key_name)
            .field("lifetime_hint", &self.lifetime_hint)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
impl AeadTicketSealer {
    /// The same sealer with only `n` seals left, to test retirement without 2^32 seals.
    pub(super) fn with_seal_budget(self, n: u32) -> Self {
        self.seals_left.store(n, Ordering::Relaxed);
        self
    }
}
