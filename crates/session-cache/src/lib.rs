//! Session caches for ferrotls servers and clients, implementing the core's storage traits
//! ([`ServerSessionStore`](ferrotls_core::resumption::ServerSessionStore),
//! [`AntiReplay`](ferrotls_core::resumption::AntiReplay),
//! [`TicketSealer`](ferrotls_core::resumption::TicketSealer),
//! [`ClientSessionStore`](ferrotls_core::resumption::ClientSessionStore)).
//!
//! Map of the crate (one concept per module):
//! - [`client_cache`]: [`ClientCache`], the client's sessions per server name, optionally kept
//!   in a file (written atomically, owner-only) so that a restarted client resumes.
//! - [`deferred`]: [`AnswersRequests`](deferred::AnswersRequests), this crate's stores
//!   answering the core's deferred session and anti-replay requests.
//! - [`memory`]: [`MemoryStore`], the sharded in-process session store and 0-RTT anti-replay
//!   record (the CLI's default).
//! - [`metrics`]: the counters every store and key ring here reports into, and their snapshot.
//! - [`ticket_keys`]: [`TicketKeyRing`], ticket keys that rotate, random per process or derived
//!   from a secret a fleet shares.
//! - `redis` (feature `redis`): the Redis fleet store, blocking and async.
#![forbid(unsafe_code)]

pub mod client_cache;
pub mod deferred;
pub mod memory;
pub mod metrics;
#[cfg(feature = "redis")]
pub mod redis;
pub mod ticket_keys;

pub use client_cache::{ClientCache, ClientCacheOptions};
pub use memory::{MemoryOptions, MemoryStore};
pub use metrics::{Counters, GenerationCounts, Metrics};
pub use ticket_keys::{KeyRingError, Rotation, TicketKeyRing};
