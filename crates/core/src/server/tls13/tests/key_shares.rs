//! RFC 9846 §4.3.8: "Clients and Servers MUST NOT reuse a key share for multiple connections."
//! Our ephemeral key is drawn per connection and consumed by the exchange (`ActiveKx::complete`
//! takes it by value), so two connections of one configuration never share one.

use alloc::sync::Arc;
use alloc::vec::Vec;

use super::{feed, hello, hello_record, server_messages};
use crate::msgs::handshake::{HandshakeMessage, Version};
use crate::server::ServerConnection;

fn server_share(conn: &mut ServerConnection) -> Vec<u8> {
    let out = server_messages(conn);
    let len = usize::from(u16::from_be_bytes([out[3], out[4]]));
    let Ok(HandshakeMessage::ServerHello(sh)) =
        HandshakeMessage::decode(&out[5..5 + len], Version::Tls13)
    else {
        panic!("a ServerHello first");
    };
    sh.key_share().expect("a key share").key_exchange.clone()
}

#[test]
fn every_connection_draws_its_own_key_share() {
    let config = Arc::new(super::config());
    let shares: Vec<Vec<u8>> = (0..2)
        .map(|_| {
            let mut conn = ServerConnection::new(Arc::clone(&config)).unwrap();
            feed(&mut conn, &hello_record(&hello())).unwrap();
            server_share(&mut conn)
        })
        .collect();
    assert_eq!(shares[0].len(), 32);
    assert_ne!(shares[0], shares[1]);
}
