//! `ClientConfig::session_store`: which stored session `ClientConnection::new` offers, that a
//! TLS 1.3 ticket leaves the store, that `resume` wins, that tickets are stored, and when a
//! server's sessions are forgotten (a decline of a stored session, a fatal alert).

use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use rustls_pki_types::ServerName;

use super::fake_server::{certificate, certificate_verify, config, connect, encrypted_extensions};
use super::fake_server::{now, CERT, GOOD_SIGNATURE};
use super::handshake::connected;
use super::psk_server::PskServer;
use super::resumption::{events, params, received, resume, ticket, tls12_params};
use crate::client::ClientConnection;
use crate::config::ClientConfig;
use crate::error::Error;
use crate::events::Event;
use crate::msgs::handshake::{ClientHello, HandshakeMessage, NewSessionTicketTls13};
use crate::resumption::{
    ClientSessionStore, DeclineReason, InMemoryClientSessionStore, ResumptionData,
};
use crate::suites::TLS_AES_128_GCM_SHA256;
use ferrotls_record::AlertDescription;

const NAME: Option<&str> = Some("example.com");

/// A TLS 1.3 ticket for example.com with `identity`, received 10 s before [`now`], valid for
/// `lifetime` seconds.
fn ticket_with(identity: &[u8], lifetime: u32) -> ResumptionData {
    ResumptionData::tls13_ticket(
        params(&TLS_AES_128_GCM_SHA256, &[0x42; 32]),
        identity.to_vec(),
        received(),
        lifetime,
        7,
        0,
    )
    .expect("valid ticket")
}

fn with_store(mut config: ClientConfig) -> (ClientConfig, Arc<InMemoryClientSessionStore>) {
    let store = Arc::new(InMemoryClientSessionStore::new(4, 8));
    config.session_store = Some(store.clone());
    (config, store)
}

/// The PSK identities a ClientHello offers.
fn identities(ch: &ClientHello) -> Vec<Vec<u8>> {
    ch.psk()
        .map(|p| p.identities.iter().map(|i| i.identity.clone()).collect())
        .unwrap_or_default()
}

fn hello_of(client: &mut ClientConnection) -> ClientHello {
    PskServer::new(&TLS_AES_128_GCM_SHA256, &[])
        .client_hello(client)
        .0
}

#[test]
fn new_offers_the_newest_usable_session_and_takes_a_tls13_ticket() {
    let (config, store) = with_store(config());
    store.insert(ticket_with(b"older", 7200));
    store.insert(ticket_with(b"newer", 7200));
    // Newer still, but unusable with this TLS 1.3-only config: passed over and kept.
    let tls12 = ResumptionData::tls12_session_id(tls12_params(true), vec![5; 20], received(), 7200)
        .unwrap();
    store.insert(tls12.clone());
    // Newest of all, and expired at `now`: never offered, dropped.
    store.insert(ticket_with(b"expired", 5));
    let config = Arc::new(config);
    let name = || ServerName::try_from("example.com").unwrap();

    let mut first = ClientConnection::new(config.clone(), name(), now()).unwrap();
    assert!(first.info().resumption_offered);
    let ch = hello_of(&mut first);
    assert_eq!(identities(&ch), [b"newer".to_vec()]);
    // The age is counted from the ticket's receipt, as `resume` counts it.
    assert_eq!(
        ch.psk().unwrap().identities[0].obfuscated_ticket_age,
        10_000 + 7
    );
    assert!(events(&mut first).is_empty(), "no decline event: {first:?}");
    assert_eq!(
        store.len_for(NAME),
        2,
        "the older ticket and the TLS 1.2 session"
    );

    let ch = hello_of(&mut ClientConnection::new(config.clone(), name(), now()).unwrap());
    assert_eq!(identities(&ch), [b"older".to_vec()]);
    // Nothing usable is left: a full handshake, and the TLS 1.2 session stays for others.
    let mut third = ClientConnection::new(config, name(), now()).unwrap();
    assert!(!third.info().resumption_offered);
    assert!(identities(&hello_of(&mut third)).is_empty());
    assert_eq!(store.get(NAME, now()), Some(tls12));
}

#[test]
fn a_tls12_session_is_offered_and_stays() {
    let mut c = config();
    c.versions = vec![ferrotls_record::ProtocolVersion::TLS1_2];
    let (c, store) = with_store(c);
    let data = ResumptionData::tls12_session_id(tls12_params(true), vec![5; 20], received(), 7200)
        .unwrap();
    store.insert(data.clone());
    let c = Arc::new(c);
    for _ in 0..2 {
        let mut client = ClientConnection::new(
            c.clone(),
            ServerName::try_from("example.com").unwrap(),
            now(),
        )
        .unwrap();
        assert_eq!(hello_of(&mut client).session_id, [5; 20]);
        assert_eq!(client.hs.cx.offered.as_ref(), Some(&data));
    }
    assert_eq!(store.len_for(NAME), 1);
}

#[test]
fn resume_wins_over_the_store_and_leaves_it_alone() {
    let (config, store) = with_store(config());
    store.insert(ticket_with(b"stored", 7200));
    let mut client = resume(config, ticket(&TLS_AES_128_GCM_SHA256, 0));
    assert_eq!(
        identities(&hello_of(&mut client)),
        [b"an opaque ticket".to_vec()]
    );
    assert_eq!(store.len_for(NAME), 1);
}

#[test]
fn a_store_for_another_name_or_without_sni_is_separate() {
    let (mut config, store) = with_store(config());
    store.insert(ticket_with(b"stored", 7200));
    let mut other = ClientConnection::new(
        Arc::new(config.clone()),
        ServerName::try_from("other.example").unwrap(),
        now(),
    )
    .unwrap();
    assert!(identities(&hello_of(&mut other)).is_empty());
    // Without SNI the sessions are filed under no name, and example.com's are not offered.
    config.send_sni = false;
    assert!(identities(&hello_of(&mut connect(config))).is_empty());
    assert_eq!(store.len_for(NAME), 1);
}

fn nst(ticket: &[u8]) -> HandshakeMessage {
    HandshakeMessage::NewSessionTicketTls13(NewSessionTicketTls13 {
        lifetime: 3600,
        age_add: 1,
        nonce: vec![0],
        ticket: ticket.to_vec(),
        extensions: vec![],
    })
}

#[test]
fn every_ticket_is_stored_and_reported() {
    let (config, store) = with_store(config());
    let (mut client, mut server) = connected(config);
    server.receive_client_flight(&mut client);
    let _ = events(&mut client);
    for t in [b"t1", b"t2"] {
        let mut record = server.send(&[nst(t)]);
        client.handle_tls(&mut record, now()).unwrap();
        assert!(
            matches!(events(&mut client).as_slice(), [Event::TicketReceived(d)] if d.ticket() == t)
        );
    }
    assert_eq!(store.len_for(NAME), 2);
    assert_eq!(store.get(NAME, now()).unwrap().ticket(), b"t2");
    assert_eq!(client.resumption_data().unwrap().ticket(), b"t2");
}

/// The server answers the ClientHello with a full handshake.
fn decline(client: &mut ClientConnection) {
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &[]);
    let (ch, _) = server.client_hello(client);
    let sh = server.server_hello(&ch, None, true);
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch);
    client.handle_tls(&mut record, now()).unwrap();
    let mut record = server.send(&[
        encrypted_extensions(),
        certificate(CERT),
        certificate_verify(ferrotls_crypto::SignatureScheme::ED25519, GOOD_SIGNATURE),
    ]);
    let finished = server.finished();
    record.extend_from_slice(&server.send(&[finished]));
    client.handle_tls(&mut record, now()).expect("full flight");
    assert!(events(client).contains(&Event::ResumptionDeclined {
        reason: DeclineReason::DeclinedByServer
    }));
}

#[test]
fn a_declined_stored_session_forgets_the_server() {
    let (config, store) = with_store(config());
    store.insert(ticket_with(b"a", 7200));
    store.insert(ticket_with(b"b", 7200));
    decline(&mut connect(config.clone()));
    assert_eq!(
        store.len_for(NAME),
        0,
        "the server's key moved on: all its tickets go"
    );

    // A declined explicit session says nothing about the stored ones.
    store.insert(ticket_with(b"c", 7200));
    decline(&mut resume(config, ticket(&TLS_AES_128_GCM_SHA256, 0)));
    assert_eq!(store.len_for(NAME), 1);
}

fn fatal_alert(description: AlertDescription) -> Vec<u8> {
    vec![21, 3, 3, 0, 2, 2, description.0]
}

#[test]
fn a_fatal_alert_forgets_the_server_once() {
    let (config, store) = with_store(config());
    store.insert(ticket_with(b"a", 7200));
    store.insert(ticket_with(b"b", 7200));
    let mut client = connect(config.clone());
    let _ = hello_of(&mut client);
    let mut alert = fatal_alert(AlertDescription::HANDSHAKE_FAILURE);
    assert_eq!(
        client.handle_tls(&mut alert, now()),
        Err(Error::AlertReceived(AlertDescription::HANDSHAKE_FAILURE))
    );
    assert_eq!(store.len_for(NAME), 0, "RFC 5246 §7.2.2");
    // The failure is reported again by every call, but what others stored since stays.
    store.insert(ticket_with(b"c", 7200));
    assert!(client.handle_tls(&mut [], now()).is_err());
    assert_eq!(store.len_for(NAME), 1);

    // A connection that neither offered nor stored a session leaves the store alone, and so
    // does a transport that ends without close_notify.
    let mut c = config.clone();
    c.cipher_suites
        .retain(|s| s.hash != TLS_AES_128_GCM_SHA256.hash);
    let mut full = connect(c);
    assert!(!full.info().resumption_offered);
    let mut alert = fatal_alert(AlertDescription::HANDSHAKE_FAILURE);
    assert!(full.handle_tls(&mut alert, now()).is_err());
    let mut offered = connect(config);
    assert!(offered.info().resumption_offered);
    store.insert(ticket_with(b"d", 7200));
    assert_eq!(offered.handle_eof(), Err(Error::UnexpectedEof));
    assert_eq!(store.len_for(NAME), 1);
}

#[test]
fn a_fatal_alert_we_send_after_storing_forgets_the_server() {
    let (config, store) = with_store(config());
    let (mut client, mut server) = connected(config);
    server.receive_client_flight(&mut client);
    let mut record = server.send(&[nst(b"t1")]);
    client.handle_tls(&mut record, now()).unwrap();
    assert_eq!(store.len_for(NAME), 1);
    // A corrupted record: bad_record_mac, and the session's ticket is invalid.
    let mut record = server.send(&[nst(b"t2")]);
    let last = record.len() - 1;
    record[last] ^= 1;
    let e = client.handle_tls(&mut record, now()).unwrap_err();
    assert_eq!(e.alert_sent(), Some(AlertDescription::BAD_RECORD_MAC));
    assert_eq!(store.len_for(NAME), 0);
}
