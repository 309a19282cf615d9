//! A scripted exchange between our two sides: every flight passes through the test, which may
//! add records of its own, so each side can play an external peer's quirk against the other.

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::conn::Handshake;
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{
    ClientConfig, ClientConnection, Connection, Error, Event, ServerConfig, ServerConnection,
};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::pair::START_TIME;

pub fn now() -> UnixTime {
    UnixTime::since_unix_epoch(START_TIME + Duration::from_secs(1))
}

/// An unprotected change_cipher_spec record of the single byte 1 (RFC 9846 §5).
pub const CCS: [u8; 6] = [20, 3, 3, 0, 1, 1];

/// What `from` has queued.
pub fn take<H: Handshake>(from: &mut Connection<H>) -> Vec<u8> {
    let mut wire = Vec::new();
    from.write_tls(&mut wire);
    wire
}

/// Hand `bytes` to `to`, which must consume all of them unless it fails.
pub fn give<H: Handshake>(to: &mut Connection<H>, bytes: &[u8]) -> Result<(), Error> {
    let mut buf = bytes.to_vec();
    let used = to.handle_tls(&mut buf, now())?;
    assert_eq!(used, buf.len(), "a record left incomplete");
    Ok(())
}

/// The events `conn` reported so far.
pub fn events<H: Handshake>(conn: &mut Connection<H>) -> Vec<Event> {
    std::iter::from_fn(|| conn.poll_event()).collect()
}

/// The records of `wire`, each with its header.
pub fn records(mut wire: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while wire.len() >= 5 {
        let len = 5 + usize::from(u16::from_be_bytes([wire[3], wire[4]]));
        out.push(wire[..len].to_vec());
        wire = &wire[len..];
    }
    assert!(wire.is_empty(), "a partial record");
    out
}

/// Our client (groups as given, a key share for the first only) and server (groups as given).
pub fn pair(
    client_groups: &[ferrotls_crypto::NamedGroup],
    server_groups: &[ferrotls_crypto::NamedGroup],
) -> (ClientConnection, ServerConnection) {
    let mut client = certs::client_config();
    client.groups = client_groups.to_vec();
    client.key_share_count = 1;
    let mut server = certs::server_config(KeyKind::EcdsaP256);
    server.groups = server_groups.to_vec();
    connections(client, server)
}

pub fn connections(
    client: ClientConfig,
    server: ServerConfig,
) -> (ClientConnection, ServerConnection) {
    let name = ServerName::try_from(certs::SERVER_NAME).unwrap().to_owned();
    let client = ClientConnection::new(Arc::new(client), name, now()).unwrap();
    let server = ServerConnection::new(Arc::new(server)).unwrap();
    (client, server)
}

/// Run the handshake to completion, flight by flight.
pub fn handshake(client: &mut ClientConnection, server: &mut ServerConnection) {
    for _ in 0..8 {
        let c = take(client);
        give(server, &c).unwrap();
        let s = take(server);
        give(client, &s).unwrap();
        if !client.is_handshaking() && !server.is_handshaking() && !client.wants_write() {
            return;
        }
    }
    panic!("the handshake did not complete");
}
