//! Shared helpers for the cross-crate tests: hex, the readers of the files in `vectors/`, the
//! test PKI, the in-memory client/server pair, and the harness for real peers.
#![forbid(unsafe_code)]

pub mod bad_input;
pub mod certs;
pub mod chunks;
pub mod cli_peers;
pub mod code_points;
pub mod deferring;
pub mod echo_client;
pub mod external_signer;
pub mod hex;
pub mod interop;
pub mod interop_checks;
pub mod interop_peers;
pub mod lines;
pub mod matrix;
pub mod pair;
pub mod providers;
pub mod redis_server;
pub mod rfc8448_doubles;
pub mod rfc8448_replay;
pub mod rfc8448_resumed_server;
pub mod rfc8448_session;
pub mod sessions;
pub mod tls13_exporter;
pub mod tls_bytes;
pub mod vectors;
