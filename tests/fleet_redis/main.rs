//! Two `ferrotls server` processes, A and B, sharing one real `redis-server` (the fleet of
//! issue 13): a session made on A resumes on B, a 0-RTT flight accepted by A is refused when
//! replayed to B, and an outage of Redis in the middle of a run costs full handshakes only.
//!
//! - [`fleet`]: starting A and B with `--session-store redis://...`, reading their lines.
//! - [`resume`]: `openssl s_client -sess_out` at A, `-sess_in` at B: "Reused", for a TLS 1.2
//!   session ID and a TLS 1.3 stateful ticket, with B printing A's server session ID.
//! - [`outage`]: 200 handshakes, `redis-server` killed and restarted in the middle.
//! - [`zero_rtt`]: a 0-RTT flight accepted by A, replayed byte for byte to B: refused.

mod fleet;
mod outage;
mod resume;
mod zero_rtt;
