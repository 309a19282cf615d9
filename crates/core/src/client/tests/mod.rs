//! Unit tests of the client: ClientHello construction, and each refusal rule, driven by a fake
//! server that builds and protects the messages a test wants.

mod early_data;
mod early_secret;
mod fake_server;
mod fake_server12;
mod handshake;
mod hello;
mod psk_server;
mod resumption;
mod server_hello;
mod session_store;
mod tls12;

use ferrotls_record::AlertDescription;

use crate::error::Error;

/// The alert a failed call sent.
fn alert<T: core::fmt::Debug>(result: Result<T, Error>) -> AlertDescription {
    match result {
        Err(e) => e
            .alert_sent()
            .unwrap_or_else(|| panic!("no alert sent: {e:?}")),
        Ok(v) => panic!("expected a failure, got {v:?}"),
    }
}
