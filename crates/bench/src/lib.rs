//! ferrotls-bench: ferrotls against rustls and against the crypto lower bound, in one process
//! and one run, on thread CPU time (see the README's "Benchmarks" section for how to run it).
//!
//! The map:
//! - [`scenario`]: what is measured (handshakes, resumptions, bulk) and the primitives each side
//!   of each scenario must run at least ([`scenario::Work`]);
//! - [`endpoint`]: one connection, of either library, driven in memory, and a [`endpoint::Pair`]
//!   of them timed side by side;
//! - [`ferro`] and [`peer`]: the ferrotls and rustls endpoints for every scenario;
//! - [`primitives`]: each provider's primitives timed alone, giving the lower bounds;
//! - [`meter`]: thread CPU time and the counting allocator (installed only by the
//!   `ferrotls-bench-memory` binary, whose memory pass the timing process runs as a child);
//! - [`run`]: the interleaved repetitions and their medians; [`report`]: tables and JSON.
//! - [`stores`]: `--stores`, the session-cache crate's stores (in memory, Redis) and resumed
//!   handshakes through them, a section of its own.
#![forbid(unsafe_code)]

pub mod certs;
pub mod cli;
pub mod endpoint;
pub mod ferro;
pub mod meter;
pub mod peer;
pub mod primitives;
pub mod report;
pub mod run;
pub mod scenario;
pub mod stores;
