//! Session caches for ferrotls servers and clients, implementing the core's storage traits
//! ([`ServerSessionStore`](ferrotls_core::resumption::ServerSessionStore),
//! [`AntiReplay`](ferrotls_core::resumption::AntiReplay),
//! [`TicketSealer`](ferrotls_core::resumption::TicketSealer),
//! [`ClientSessionStore`](ferrotls_core::resumption::ClientSessionStore)).
//!
//! Map of the crate (one concept per module):
//! - [`memory`]: [`MemoryStore`], the sharded in-process session store and 0-RTT anti-replay
//!   record (the CLI's default).
//! - [`metrics`]: the counters every store and key ring here reports into, and their snapshot.
#![forbid(unsafe_code)]

pub mod memory;
pub mod metrics;

pub use memory::{MemoryOptions, MemoryStore};
pub use metrics::{Counters, GenerationCounts, Metrics};
