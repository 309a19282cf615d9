//! What independent peers and an external TLS test suite found (issue 10), each replayed by a
//! scripted peer that sends what the external peer sent, ending as the RFC says.
//!
//! - `after_close`: nothing after our close_notify (RFC 9846 §6.1).
//! - `change_cipher_spec`: any number of compatibility change_cipher_specs in their window
//!   (RFC 9846 §5), as a Java 17 server sends around its HelloRetryRequest.
//! - `plaintext_alert`: an alert in the clear where protected records are expected.
//! - `client_hello`: any legal ClientHello, 1,000 unknown extensions or 100 KB, is answered.
//! - `fatal_alert`: our fatal alert reaches a peer that reads late (`ferrotls server`).
//! - `java_server`: `ferrotls client` through a Java 17 server's HelloRetryRequest.
//!
//! `scripted` passes each flight between our two sides through the test.
#![forbid(unsafe_code)]

mod after_close;
mod change_cipher_spec;
mod client_hello;
mod fatal_alert;
mod java_server;
mod plaintext_alert;
mod scripted;
