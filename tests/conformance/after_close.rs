//! Nothing after our close_notify (RFC 9846 §6.1): an external test suite sent a KeyUpdate
//! asking for ours, and a corrupted record, after we had sent close_notify; we answered the one
//! with a KeyUpdate and the other with a fatal alert.

use ferrotls_core::ServerConnection;
use ferrotls_core::{AlertDescription, ApiError, ClientConnection, Error, Event, ProtocolVersion};
use ferrotls_crypto::NamedGroup;
use ferrotls_tests::certs::{self, KeyKind};

use super::scripted::{connections, events, give, handshake, pair, take};

fn connected() -> (ClientConnection, ServerConnection) {
    let (mut client, mut server) = pair(&[NamedGroup::X25519], &[NamedGroup::X25519]);
    handshake(&mut client, &mut server);
    events(&mut client);
    events(&mut server);
    (client, server)
}

#[test]
fn a_key_update_request_after_our_close_notify_is_not_answered() {
    // The client closes; the server, still sending, asks for a KeyUpdate.
    let (mut client, mut server) = connected();
    client.close();
    let close_notify = take(&mut client);
    give(&mut server, &close_notify).unwrap();
    server.update_keys(true).unwrap();
    server.send(b"last words").unwrap();
    let update = take(&mut server);
    give(&mut client, &update).unwrap();
    assert!(
        !client.wants_write(),
        "the client answered after its close_notify"
    );
    let seen = events(&mut client);
    assert!(
        seen.contains(&Event::KeyUpdated {
            we_updated_too: false
        }),
        "{seen:?}"
    );
    assert!(seen.contains(&Event::ApplicationData));
    let mut buf = [0; 32];
    let n = client.read(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"last words");
    assert_eq!(client.failure(), None);

    // The same with the server as the side that closed.
    let (mut client, mut server) = connected();
    server.close();
    let close_notify = take(&mut server);
    give(&mut client, &close_notify).unwrap();
    client.update_keys(true).unwrap();
    let update = take(&mut client);
    give(&mut server, &update).unwrap();
    assert!(
        !server.wants_write(),
        "the server answered after its close_notify"
    );
    assert!(events(&mut server).contains(&Event::KeyUpdated {
        we_updated_too: false
    }));
}

/// After our close_notify a record that does not decrypt fails the connection, which reports
/// it, but no alert goes out.
fn corrupted_record_after_close(versions: &[ProtocolVersion]) {
    let mut client_config = certs::client_config();
    client_config.versions = versions.to_vec();
    let (mut client, mut server) =
        connections(client_config, certs::server_config(KeyKind::EcdsaP256));
    handshake(&mut client, &mut server);
    client.close();
    let close_notify = take(&mut client);
    assert!(!close_notify.is_empty());
    server.send(b"some data").unwrap();
    let mut record = take(&mut server);
    let last = record.len() - 1;
    record[last] ^= 0x55;
    let err = give(&mut client, &record).unwrap_err();
    assert!(
        matches!(
            err,
            Error::FailedAfterClose {
                alert: AlertDescription::BAD_RECORD_MAC,
                ..
            }
        ),
        "{versions:?}: {err:?}"
    );
    assert!(
        !client.wants_write(),
        "{versions:?}: an alert after close_notify"
    );
    assert_eq!(take(&mut client), Vec::<u8>::new());
    // Terminal, and says so.
    assert_eq!(client.failure(), Some(&err));
    assert_eq!(give(&mut client, &[23, 3, 3, 0, 1, 0]), Err(err.clone()));
    assert_eq!(client.send(b"x"), Err(ApiError::Failed(err)));
}

#[test]
fn a_corrupted_record_after_our_close_notify_gets_no_alert_tls13() {
    corrupted_record_after_close(&[ProtocolVersion::TLS1_3]);
}

#[test]
fn a_corrupted_record_after_our_close_notify_gets_no_alert_tls12() {
    corrupted_record_after_close(&[ProtocolVersion::TLS1_2]);
}
