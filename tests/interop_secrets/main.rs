//! Secrets that leave the connection, checked against real tools for the same connection on
//! loopback: exported keying material (RFC 9846 §7.5, RFC 5705) and the key log (RFC 9850)
//! against OpenSSL in both directions and both versions, and a capture tshark decrypts with our
//! key log.
//!
//! - [`ends`]: our client and server, in this process over a real TCP socket, and the
//!   `openssl s_client` / `s_server` they meet.
//! - [`exporter`]: our exported value against `-keymatexport`.
//! - [`key_log`]: our key log against `-keylogfile`.
//! - [`capture`]: `dumpcap` records our binaries' connection, `tshark` decrypts it.
//!
//! A missing `openssl` (`dumpcap`, `tshark`) skips loudly, and fails under `CI=true` (see `support/interop.rs`).

mod capture;
mod ends;
mod exporter;
mod key_log;
