//! [`TicketKeyRing`]: ticket keys that rotate on a schedule, random per process or derived
//! from a secret that every server of a fleet shares.
//!
//! - `rotation`: [`Rotation`], the two windows and the period arithmetic.
//! - `source`: where a period's key comes from (the random source, or HKDF of the shared
//!   secret and the period number) and the checks on a secret.
//!
//! Time is cut into periods of one encrypt window: period `p` covers `[p·E, (p+1)·E)` seconds
//! since the Unix epoch. The key of period `p` seals every ticket issued during it, then opens
//! tickets for a decrypt window `D` more: until `(p+1)·E + D`. A ticket therefore opens for at
//! least `D` seconds after it was issued, which is the lifetime the ring announces. A ticket
//! opened under an older key than the current one is a renewal candidate: the server hands out
//! new tickets (under the current key) on every resumption that can carry them, and the
//! metrics count it as renewed.
//!
//! Every ticket is `key_name[16] || nonce[12] || ciphertext || tag[16]`, AES-256-GCM with the
//! key name as associated data ([`AeadTicketSealer`]), so the key name picks the key.
//!
//! With a shared secret, the key of every period is a function of the secret, the encrypt
//! window and the period number: servers that share the secret file and the window agree on
//! every key without talking to one another, and tickets move freely between them. A server
//! whose clock runs up to one encrypt window ahead issues tickets under the next period's key,
//! which the others already accept. Without the secret the keys are unpredictable; the
//! current key exists from the moment the ring is made, and is refused if all-zero (GnuTLS's
//! CVE-2020-13777 sealed tickets under a zero key until its first rotation).

mod rotation;
mod source;

use std::fmt;
use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use ferrotls_core::crypto::{CryptoProvider, SecureRandom};
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{AeadTicketSealer, SealError, TicketSealer, TICKET_KEY_NAME_LEN};
use ferrotls_core::zeroize::Zeroizing;
use subtle::ConstantTimeEq;

pub use self::rotation::Rotation;
pub use self::source::{KeyRingError, MAX_SECRET_LEN, MIN_SECRET_LEN};

use self::source::Source;
use crate::metrics::Counters;

/// A key of the ring: the sealer of one period.
struct Key {
    period: u64,
    sealer: AeadTicketSealer,
}

/// The keys usable around one period, oldest first.
struct Window {
    period: u64,
    keys: Vec<Arc<Key>>,
}

/// A [`TicketSealer`] whose keys rotate every encrypt window (see the module docs).
pub struct TicketKeyRing {
    provider: CryptoProvider,
    source: Source,
    rotation: Rotation,
    window: RwLock<Window>,
    counters: Arc<Counters>,
}

impl TicketKeyRing {
    /// A ring of random keys, each made when its period starts; they live in this process
    /// only, so tickets do not survive a restart or move between servers. The current key is
    /// made now.
    pub fn random(
        provider: &CryptoProvider,
        rotation: Rotation,
        now: UnixTime,
    ) -> Result<Self, KeyRingError> {
        Self::with_source(provider, Source::Random, rotation, now)
    }

    /// A ring whose keys are derived from `secret` (at least [`MIN_SECRET_LEN`] bytes, not
    /// one byte repeated): every ring made from the same secret and encrypt window has the
    /// same keys.
    pub fn from_secret(
        provider: &CryptoProvider,
        secret: &[u8],
        rotation: Rotation,
        now: UnixTime,
    ) -> Result<Self, KeyRingError> {
        let source = Source::derived(provider, secret)?;
        Self::with_source(provider, source, rotation, now)
    }

    /// [`from_secret`](Self::from_secret) with the bytes of the file at `path` (as they are:
    /// make it with `head -c 32 /dev/urandom` or `openssl rand 32` and copy it to every
    /// server; keep it like a private key).
    pub fn from_secret_file(
        provider: &CryptoProvider,
        path: &Path,
        rotation: Rotation,
        now: UnixTime,
    ) -> Result<Self, KeyRingError> {
        let secret = source::read_secret_file(path)?;
        Self::from_secret(provider, &secret, rotation, now)
    }

    fn with_source(
        provider: &CryptoProvider,
        source: Source,
        rotation: Rotation,
        now: UnixTime,
    ) -> Result<Self, KeyRingError> {
        rotation.check()?;
        let ring = Self {
            provider: provider.clone(),
            source,
            rotation,
            window: RwLock::new(Window {
                period: 0,
                keys: Vec::new(),
            }),
            counters: Arc::new(Counters::new()),
        };
        ring.refresh(rotation.period(now))?;
        Ok(ring)
    }

    /// The same ring counting into `counters` (shared with the session store, say).
    pub fn with_counters(mut self, counters: Arc<Counters>) -> Self {
        self.counters = counters;
        self
    }

    /// The counters this ring reports into.
    pub fn counters(&self) -> &Arc<Counters> {
        &self.counters
    }

    /// The windows this ring rotates by.
    pub fn rotation(&self) -> Rotation {
        self.rotation
    }

    /// Whether the keys come from a shared secret (else they are random per process).
    pub fn is_shared(&self) -> bool {
        matches!(self.source, Source::Derived { .. })
    }

    /// The name of the key that seals tickets at `now` (made now if its period just began).
    pub fn current_key_name(
        &self,
        now: UnixTime,
    ) -> Result<[u8; TICKET_KEY_NAME_LEN], KeyRingError> {
        Ok(*self.current(now)?.sealer.key_name())
    }

    /// The name of `period`'s key, if the ring can tell: a derived ring names any period's
    /// key (without keeping it); a random ring only the keys it holds.
    pub fn key_name_of(&self, period: u64) -> Option<[u8; TICKET_KEY_NAME_LEN]> {
        if let Some(key) = read(&self.window).keys.iter().find(|k| k.period == period) {
            return Some(*key.sealer.key_name());
        }
        match &self.source {
            Source::Derived { .. } => self
                .source
                .key(&self.provider, &self.rotation, period)
                .ok()
                .map(|s| *s.key_name()),
            Source::Random => None,
        }
    }

    /// The periods whose keys the ring holds now, oldest first.
    pub fn held_periods(&self) -> Vec<u64> {
        read(&self.window).keys.iter().map(|k| k.period).collect()
    }

    /// The current period's key, after bringing the window to that period.
    fn current(&self, now: UnixTime) -> Result<Arc<Key>, KeyRingError> {
        let period = self.rotation.period(now);
        {
            let window = read(&self.window);
            if window.period == period {
                if let Some(key) = window.keys.iter().find(|k| k.period == period) {
                    return Ok(Arc::clone(key));
                }
            }
        }
        self.refresh(period)?;
        read(&self.window)
            .keys
            .iter()
            .find(|k| k.period == period)
            .cloned()
            .ok_or(KeyRingError::NoCurrentKey)
    }

    /// Moves the window to `period`: drops the keys that can no longer open anything, makes
    /// the current key (and, derived, the next one) if missing.
    fn refresh(&self, period: u64) -> Result<(), KeyRingError> {
        {
            let window = read(&self.window);
            if window.period == period && !window.keys.is_empty() {
                return Ok(());
            }
        }
        // Another thread may have moved the window between the two locks: checked again.
        let mut window = write(&self.window);
        if window.period == period && !window.keys.is_empty() {
            return Ok(());
        }
        let oldest = period.saturating_sub(self.rotation.periods_back());
        let newest = match self.source {
            Source::Derived { .. } => period.saturating_add(1),
            Source::Random => period,
        };
        window
            .keys
            .retain(|k| (oldest..=newest).contains(&k.period));
        let wanted: Vec<u64> = match self.source {
            Source::Derived { .. } => (oldest..=newest).collect(),
            // Random keys cannot be remade: only the current one is new.
            Source::Random => vec![period],
        };
        for p in wanted {
            if window.keys.iter().any(|k| k.period == p) {
                continue;
            }
            let sealer = self.source.key(&self.provider, &self.rotation, p)?;
            window.keys.push(Arc::new(Key { period: p, sealer }));
        }
        window.keys.sort_by_key(|k| k.period);
        window.period = period;
        Ok(())
    }

    /// The key named by `ticket`, if the ring holds it; every held key is compared, in
    /// constant time.
    fn key_for(&self, ticket: &[u8], now: UnixTime) -> Option<Arc<Key>> {
        let name = ticket.get(..TICKET_KEY_NAME_LEN)?;
        // A failure to make the new current key leaves the old window, which still opens
        // what it may: a ticket's fate does not depend on the random source.
        let _ = self.refresh(self.rotation.period(now));
        let window = read(&self.window);
        let mut found = None;
        for key in &window.keys {
            if bool::from(key.sealer.key_name()[..].ct_eq(name)) {
                found = Some(Arc::clone(key));
            }
        }
        found
    }
}

/// A poisoned lock still guards a consistent window: every change to it completes (or is not
/// made) before anything could panic.
fn read(lock: &RwLock<Window>) -> RwLockReadGuard<'_, Window> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write(lock: &RwLock<Window>) -> RwLockWriteGuard<'_, Window> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

impl TicketSealer for TicketKeyRing {
    fn seal(
        &self,
        plaintext: &[u8],
        rng: &dyn SecureRandom,
        now: UnixTime,
    ) -> Result<Vec<u8>, SealError> {
        let key = self.current(now).map_err(|e| match e {
            KeyRingError::Crypto(e) => SealError::Crypto(e),
            _ => SealError::KeyExhausted,
        })?;
        let ticket = key.sealer.seal(plaintext, rng, now)?;
        self.counters.ticket_issued(key.period);
        Ok(ticket)
    }

    fn open(&self, ticket: &[u8], now: UnixTime) -> Option<Zeroizing<Vec<u8>>> {
        let Some(key) = self.key_for(ticket, now) else {
            self.counters.ticket_rejected(None);
            return None;
        };
        let current = self.rotation.period(now);
        if !self.rotation.opens(key.period, now) {
            self.counters.ticket_rejected(Some(key.period));
            return None;
        }
        match key.sealer.open(ticket, now) {
            Some(plaintext) => {
                self.counters
                    .ticket_accepted(key.period, key.period < current);
                Some(plaintext)
            }
            None => {
                self.counters.ticket_rejected(Some(key.period));
                None
            }
        }
    }

    /// The decrypt window: every ticket opens at least that long after it was issued.
    fn lifetime_hint(&self) -> u32 {
        self.rotation.decrypt_window
    }

    /// What each key's [`AeadTicketSealer`] draws (its nonce, in one request), so that a TLS
    /// 1.2 server renewing a ticket draws it together with its random: one request to the
    /// random source instead of two. Every key seals alike; `0` only if no key is held.
    fn seal_random_len(&self) -> usize {
        read(&self.window)
            .keys
            .first()
            .map_or(0, |key| key.sealer.seal_random_len())
    }
}

impl fmt::Debug for TicketKeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let window = read(&self.window);
        f.debug_struct("TicketKeyRing")
            .field("shared", &self.is_shared())
            .field("rotation", &self.rotation)
            .field("period", &window.period)
            .field(
                "held",
                &window.keys.iter().map(|k| k.period).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
