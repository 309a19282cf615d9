//! The storage traits resumption is written against. The core ships simple implementations
//! ([`AeadTicketSealer`](super::AeadTicketSealer) and, with `std`, the in-memory stores); the
//! session-cache crate brings key rotation, sharding and Redis.
//!
//! Every trait is object-safe, `Send + Sync` and takes `&self`: a configuration holds them as
//! `Arc<dyn ...>` shared by all connections and threads, so implementations use interior
//! mutability. Time is always passed in (the core is sans-IO and tests run on a virtual
//! clock); no method reads a clock.

use alloc::vec::Vec;
use core::fmt;

use ferrotls_crypto::SecureRandom;
use rustls_pki_types::UnixTime;
use zeroize::Zeroizing;

use super::data::{ResumptionData, ResumptionKind};
use super::errors::SealError;
use super::server_state::ServerSessionState;

/// Turns a [`ServerSessionState`] encoding into a self-contained ticket and back (RFC 5077 §4,
/// RFC 8446 §4.6.1): the server keeps no per-session state, only keys.
///
/// `now` lets a sealer whose keys rotate (the session-cache crate's key ring) pick the key of
/// the moment and refuse tickets under keys past their time. The server renews a ticket on
/// every resumption that can carry a new one (a TLS 1.2 client that takes tickets gets one in
/// the abbreviated handshake, RFC 5077 §3.3; a TLS 1.3 server sends new tickets after every
/// handshake), so a ticket opened under an old key is replaced by one under the current key.
pub trait TicketSealer: Send + Sync + fmt::Debug {
    /// Encrypts and authenticates `plaintext` into a ticket of at most 65535 bytes (the
    /// `ticket<..2^16-1>` field of both TLS versions), drawing nonces from `rng`.
    fn seal(
        &self,
        plaintext: &[u8],
        rng: &dyn SecureRandom,
        now: UnixTime,
    ) -> Result<Vec<u8>, SealError>;

    /// The plaintext of a ticket this sealer (or one of the keys it still accepts at `now`)
    /// made, or `None` for anything else: unknown or retired key, wrong length, failed
    /// authentication. Never panics: the input comes straight from the network.
    fn open(&self, ticket: &[u8], now: UnixTime) -> Option<Zeroizing<Vec<u8>>>;

    /// The lifetime, in seconds, to announce with new tickets (RFC 5077 `ticket_lifetime_hint`,
    /// RFC 8446 `ticket_lifetime`, which the TLS 1.3 server caps at seven days).
    fn lifetime_hint(&self) -> u32;

    /// How many random bytes every [`seal`](Self::seal) draws from its `rng`, in one request,
    /// if that is fixed; `0` (the default) if not known. The TLS 1.2 server draws that many
    /// together with the ServerHello random of an abbreviated handshake that renews a ticket
    /// and hands them to `seal` through its `rng` first: the same bytes in the same order,
    /// one request to the random source (one system call for `OsRandom`) instead of two.
    fn seal_random_len(&self) -> usize {
        0
    }
}

/// The server's session cache: states stored under an ID (a TLS 1.2 session ID, or the opaque
/// ticket of a stateful TLS 1.3 PSK) and found again on resumption.
///
/// Implementations are bounded (they evict rather than grow without limit) and must never
/// return a state that is expired at the `now` given.
pub trait ServerSessionStore: Send + Sync + fmt::Debug {
    /// Stores `state` under `id`, replacing any previous state with that ID. Returns whether it
    /// was stored (an implementation may refuse, e.g. an already-expired state or an oversized
    /// ID); the handshake then simply does not offer resumption.
    fn put(&self, id: &[u8], state: ServerSessionState, now: UnixTime) -> bool;

    /// The state stored under `id`, left in place (TLS 1.2 sessions may be resumed many times).
    fn get(&self, id: &[u8], now: UnixTime) -> Option<ServerSessionState>;

    /// The state stored under `id`, removed atomically so that of two concurrent callers only
    /// one gets it: single-use TLS 1.3 PSKs (RFC 8446 §8.1, which also gives forward secrecy to
    /// PSK-only resumption).
    fn take(&self, id: &[u8], now: UnixTime) -> Option<ServerSessionState>;
}

/// The client's session cache: per server name, several sessions (a TLS 1.3 server typically
/// sends more than one ticket, RFC 8446 §4.6.1).
///
/// TLS 1.3 tickets are taken, not copied: a client that offers each ticket once cannot be
/// linked across connections by it (RFC 8446 §C.4). TLS 1.2 sessions may be reused, so
/// [`get`](Self::get) exists as well. Implementations are bounded and never return data that is
/// expired at `now`.
pub trait ClientSessionStore: Send + Sync + fmt::Debug {
    /// Adds `data` under its own server name (a session made without SNI is filed under the
    /// empty name).
    fn insert(&self, data: ResumptionData);

    /// Removes and returns the newest usable session for `server_name` (matched ASCII
    /// case-insensitively; `None` for sessions made without SNI).
    fn take(&self, server_name: Option<&str>, now: UnixTime) -> Option<ResumptionData>;

    /// A copy of the newest usable session for `server_name`, left in place.
    fn get(&self, server_name: Option<&str>, now: UnixTime) -> Option<ResumptionData>;

    /// Forgets every session for `server_name`: after the server refused one of them, or a
    /// connection using one failed (RFC 5246 §7.2.2: a fatal alert invalidates the session).
    fn remove_all(&self, server_name: Option<&str>);

    /// The session a new connection to `server_name` offers: the newest one that is not
    /// expired at `now` and that `usable` accepts (the connection's check of version, suite,
    /// extended master secret and PSK modes against its config). A TLS 1.3 ticket is removed,
    /// so that it is offered once (RFC 8446 §C.4); a TLS 1.2 session is copied and stays, as
    /// TLS 1.2 sessions may be resumed many times (RFC 5246 §7.4.1.2).
    ///
    /// Newest first because the newest session says most about what the server does now (its
    /// current version, suite and ticket key); an older session is taken only when a newer
    /// one does not fit this config, and the ones passed over stay for configs they fit.
    ///
    /// The provided implementation looks at the newest session only (through
    /// [`get`](Self::get) and [`take`](Self::take), so a concurrent caller may win the race
    /// for a TLS 1.3 ticket, and then this returns whatever `take` yields if usable);
    /// implementations that can search under one lock should override it.
    fn take_for_resumption(
        &self,
        server_name: Option<&str>,
        now: UnixTime,
        usable: &dyn Fn(&ResumptionData) -> bool,
    ) -> Option<ResumptionData> {
        let newest = self.get(server_name, now)?;
        if !usable(&newest) {
            return None;
        }
        if newest.kind() != ResumptionKind::Tls13Ticket {
            return Some(newest);
        }
        let taken = self.take(server_name, now)?;
        if taken.kind() != ResumptionKind::Tls13Ticket {
            // Inserted since `get`: a TLS 1.2 session is not consumed by use.
            self.insert(taken.clone());
        }
        usable(&taken).then_some(taken)
    }
}

/// 0-RTT replay protection (RFC 8446 §8): remembers keys already used, so the server accepts
/// early data at most once per key.
///
/// The key is one of:
/// - single-use tickets (§8.1): a digest of the PSK identity, remembered until the ticket
///   expires;
/// - ClientHello recording (§8.2): `ClientHello.random` or the *validated* binder (never
///   unvalidated parts, §8.2), remembered for as long as the ClientHello's expected arrival
///   time stays inside the recording window. The freshness check that bounds this window
///   (§8.3) is [`ticket_age_is_fresh`](super::ticket_age_is_fresh); it must pass before
///   [`check`](Self::check) is called.
///
/// A `false` answer means "reject 0-RTT and continue the handshake with 1-RTT"; an
/// implementation that cannot remember a key (full, key too long) must answer `false`, never
/// forget silently (fail safe).
pub trait AntiReplay: Send + Sync + fmt::Debug {
    /// Records `key` as used until `valid_until` and returns `true` if it had not been recorded
    /// before; returns `false` for a replay, or if the key cannot be recorded. Atomic: of two
    /// concurrent calls with the same key, at most one returns `true`.
    fn check(&self, key: &[u8], valid_until: UnixTime, now: UnixTime) -> bool;
}
