//! 0-RTT data on the client (RFC 8446 §4.2.10): `send_early_data`'s limits, acceptance with
//! EndOfEarlyData, and every way of rejection handing the data back.

use alloc::vec;
use alloc::vec::Vec;

use ferrotls_record::{AlertDescription, ContentType, ProtocolVersion};

use super::alert;
use super::fake_server::{config, connect, now};
use super::psk_server::PskServer;
use super::resumption::{answer_resumption, events, resume, ticket};
use crate::client::ClientConnection;
use crate::config::ClientConfig;
use crate::conn::EarlyDataStatus;
use crate::error::ApiError;
use crate::events::Event;
use crate::msgs::enums::CipherSuite;
use crate::msgs::extensions::{EncryptedExtension, ProtocolName, SelectedProtocol};
use crate::msgs::handshake::{ClientHello, HandshakeMessage};
use crate::resumption::{DeclineReason, ResumptionData, SessionParams};
use crate::suites::TLS_AES_128_GCM_SHA256;

fn early_config() -> ClientConfig {
    let mut c = config();
    c.enable_early_data = true;
    c
}

fn psk() -> Vec<u8> {
    vec![0x42; 32]
}

/// A client that offered early data with a 100-byte ticket and sent `data`, and the server
/// that read the ClientHello and the 0-RTT records.
fn sent_early(config: ClientConfig, data: &[&[u8]]) -> (ClientConnection, PskServer, ClientHello) {
    let mut client = resume(config, ticket(&TLS_AES_128_GCM_SHA256, 100));
    for d in data {
        assert_eq!(client.send_early_data(d), Ok(d.len()));
    }
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &psk());
    let (ch, _) = server.client_hello(&mut client);
    assert!(ch.early_data_offered());
    server.install_early_read();
    for d in data {
        assert_eq!(
            server.next_record(&mut client),
            Some((ContentType::APPLICATION_DATA, d.to_vec()))
        );
    }
    (client, server, ch)
}

#[test]
fn early_data_is_only_available_when_offered() {
    let mut fresh = connect(early_config());
    assert_eq!(
        fresh.send_early_data(b"x"),
        Err(ApiError::EarlyDataUnavailable)
    );
    // Not enabled in the config, or the ticket allows none.
    let mut off = resume(config(), ticket(&TLS_AES_128_GCM_SHA256, 100));
    assert_eq!(
        off.send_early_data(b"x"),
        Err(ApiError::EarlyDataUnavailable)
    );
    let mut none = resume(early_config(), ticket(&TLS_AES_128_GCM_SHA256, 0));
    assert_eq!(
        none.send_early_data(b"x"),
        Err(ApiError::EarlyDataUnavailable)
    );
    let (ch, _) = PskServer::new(&TLS_AES_128_GCM_SHA256, &[]).client_hello(&mut none);
    assert!(!ch.early_data_offered());
    // The ticket's suite must be offered itself (a suite of the same hash is not enough).
    let mut c = early_config();
    c.cipher_suites
        .retain(|s| s.suite != CipherSuite::TLS_AES_128_GCM_SHA256);
    let mut other = resume(c, ticket(&TLS_AES_128_GCM_SHA256, 100));
    assert!(other.info().resumption_offered);
    assert_eq!(
        other.send_early_data(b"x"),
        Err(ApiError::EarlyDataUnavailable)
    );
}

#[test]
fn early_data_is_bounded_by_the_ticket() {
    let mut client = resume(early_config(), ticket(&TLS_AES_128_GCM_SHA256, 100));
    assert_eq!(client.send_early_data(&[1; 60]), Ok(60));
    assert_eq!(
        client.send_early_data(&[2; 41]),
        Err(ApiError::EarlyDataTooLarge)
    );
    assert_eq!(client.send_early_data(&[3; 40]), Ok(40));
    assert_eq!(client.send_early_data(&[]), Ok(0));
    assert_eq!(
        client.send_early_data(&[4]),
        Err(ApiError::EarlyDataTooLarge)
    );
    // The refused writes wrote nothing: two records follow the ClientHello.
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &psk());
    server.client_hello(&mut client);
    server.install_early_read();
    assert_eq!(
        server.next_record(&mut client).map(|r| r.1),
        Some(vec![1; 60])
    );
    assert_eq!(
        server.next_record(&mut client).map(|r| r.1),
        Some(vec![3; 40])
    );
    assert!(server.drained(&mut client));
}

/// The same bound as `send`: `Limits::max_send_buffer` (here smaller than the ticket allows),
/// a prefix taken at a time; the ticket's bound still applies to the whole write.
#[test]
fn early_data_is_bounded_by_the_send_buffer() {
    let mut c = early_config();
    c.limits.max_send_buffer = 2000;
    let mut client = resume(c, ticket(&TLS_AES_128_GCM_SHA256, 10_000));
    let data: Vec<u8> = (0..6000u32).map(|i| i as u8).collect();
    // The ClientHello is in the buffer already and counts against it.
    let room = client.send_capacity();
    assert!(room > 0 && room < 2000, "{room}");
    assert_eq!(
        client.send_early_data(&[0; 10_001]),
        Err(ApiError::EarlyDataTooLarge)
    );
    assert_eq!(client.send_early_data(&data), Ok(room));
    assert_eq!(client.send_capacity(), 0);
    assert_eq!(client.send_early_data(&data[room..]), Ok(0));
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &psk());
    let (ch, _) = server.client_hello(&mut client);
    server.install_early_read();
    assert_eq!(
        server.next_record(&mut client),
        Some((ContentType::APPLICATION_DATA, data[..room].to_vec()))
    );
    // Drained: the whole buffer is free again.
    assert_eq!(client.send_early_data(&data[room..]), Ok(2000));
    assert_eq!(
        server.next_record(&mut client),
        Some((
            ContentType::APPLICATION_DATA,
            data[room..room + 2000].to_vec()
        ))
    );
    // Only what was taken counts against the ticket: the rest still fits in it.
    let taken = room + 2000;
    assert_eq!(client.send_early_data(&[0; 3000]), Ok(2000));
    assert!(server.next_record(&mut client).is_some());
    let taken_all = taken + 2000;
    // Rejected: exactly what was taken comes back.
    answer_resumption(&mut client, &mut server, &ch, vec![]).expect("server flight");
    let mut expected = data[..taken].to_vec();
    expected.extend_from_slice(&[0; 2000]);
    assert_eq!(expected.len(), taken_all);
    assert_eq!(
        events(&mut client),
        [
            Event::EarlyDataRejected {
                data: expected,
                reason: DeclineReason::DeclinedByServer
            },
            Event::HandshakeComplete {
                version: ProtocolVersion::TLS1_3
            }
        ]
    );
}

#[test]
fn accepted_early_data_ends_with_end_of_early_data() {
    let (mut client, mut server, ch) = sent_early(early_config(), &[b"hello", b"world"]);
    let sh = server.server_hello(&ch, Some(0), true);
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch);
    client.handle_tls(&mut record, now()).unwrap();
    // The ServerHello ends the 0-RTT window.
    assert_eq!(
        client.send_early_data(b"late"),
        Err(ApiError::EarlyDataUnavailable)
    );
    let ee = HandshakeMessage::EncryptedExtensions(crate::msgs::handshake::EncryptedExtensions {
        extensions: vec![EncryptedExtension::EarlyData],
    });
    let mut record = server.send(&[ee]);
    let finished = server.finished();
    record.extend_from_slice(&server.send(&[finished]));
    client
        .handle_tls(&mut record, now())
        .expect("server flight");
    assert_eq!(
        events(&mut client),
        [
            Event::EarlyDataAccepted,
            Event::HandshakeComplete {
                version: ProtocolVersion::TLS1_3
            }
        ]
    );
    assert_eq!(client.info().early_data, EarlyDataStatus::Accepted);
    assert!(client.session_flags().early_data_accepted);
    // RFC 8446 §4.5: EndOfEarlyData under the early keys, then Finished under the handshake
    // keys, whose verify_data covers EndOfEarlyData.
    assert!(matches!(
        server.client_message(&mut client),
        HandshakeMessage::EndOfEarlyData(_)
    ));
    server.install_client_handshake_read();
    assert!(matches!(
        server.client_message(&mut client),
        HandshakeMessage::Finished(_)
    ));
    assert!(server.drained(&mut client));
}

#[test]
fn rejected_early_data_is_handed_back() {
    let (mut client, mut server, ch) = sent_early(early_config(), &[b"GET /", b" HTTP/1.1"]);
    answer_resumption(&mut client, &mut server, &ch, vec![]).expect("server flight");
    assert_eq!(
        events(&mut client),
        [
            Event::EarlyDataRejected {
                data: b"GET / HTTP/1.1".to_vec(),
                reason: DeclineReason::DeclinedByServer
            },
            Event::HandshakeComplete {
                version: ProtocolVersion::TLS1_3
            }
        ]
    );
    assert_eq!(client.info().early_data, EarlyDataStatus::Rejected);
    assert!(client.is_resumed());
    // No EndOfEarlyData: the Finished comes straight under the handshake keys.
    server.install_client_handshake_read();
    assert!(matches!(
        server.client_message(&mut client),
        HandshakeMessage::Finished(_)
    ));
}

#[test]
fn a_declined_psk_rejects_early_data_and_cannot_accept_it() {
    let (mut client, mut server, ch) = sent_early(early_config(), &[b"data"]);
    let sh = server.server_hello(&ch, None, true);
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch);
    client.handle_tls(&mut record, now()).unwrap();
    assert_eq!(
        events(&mut client),
        [
            Event::ResumptionDeclined {
                reason: DeclineReason::DeclinedByServer
            },
            Event::EarlyDataRejected {
                data: b"data".to_vec(),
                reason: DeclineReason::DeclinedByServer
            }
        ]
    );
    // RFC 8446 §4.2.10: early data is accepted only with the first PSK, here not selected.
    let ee = HandshakeMessage::EncryptedExtensions(crate::msgs::handshake::EncryptedExtensions {
        extensions: vec![EncryptedExtension::EarlyData],
    });
    let mut record = server.send(&[ee]);
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::ILLEGAL_PARAMETER
    );
}

#[test]
fn early_data_accepted_under_another_alpn_is_refused() {
    let mut c = early_config();
    c.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let data = ResumptionData::tls13_ticket(
        SessionParams {
            alpn: Some(b"h2".to_vec()),
            ..ticket(&TLS_AES_128_GCM_SHA256, 100).params().clone()
        },
        b"t".to_vec(),
        super::resumption::received(),
        60,
        0,
        100,
    )
    .unwrap();
    let mut client = resume(c, data);
    client.send_early_data(b"x").unwrap();
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &psk());
    let (ch, _) = server.client_hello(&mut client);
    let alpn =
        |name: &[u8]| EncryptedExtension::Alpn(SelectedProtocol(ProtocolName(name.to_vec())));
    assert_eq!(
        alert(answer_resumption(
            &mut client,
            &mut server,
            &ch,
            vec![alpn(b"http/1.1"), EncryptedExtension::EarlyData]
        )),
        AlertDescription::ILLEGAL_PARAMETER
    );
}

#[test]
fn hello_retry_rejects_early_data_and_retries_in_the_clear() {
    let (mut client, mut server, ch) = sent_early(early_config(), &[b"0-rtt"]);
    let hrr = HandshakeMessage::HelloRetryRequest(crate::msgs::handshake::HelloRetryRequest {
        legacy_version: ProtocolVersion::TLS1_2,
        session_id: ch.session_id.clone(),
        cipher_suite: CipherSuite::TLS_AES_128_GCM_SHA256,
        compression_method: crate::msgs::enums::CompressionMethod::NULL,
        extensions: vec![
            crate::msgs::extensions::HelloRetryExtension::SupportedVersions(
                ProtocolVersion::TLS1_3,
            ),
            crate::msgs::extensions::HelloRetryExtension::KeyShare(
                ferrotls_crypto::NamedGroup::SECP256R1,
            ),
        ],
    });
    let mut record = server.send_plain(&hrr, &ch);
    client
        .handle_tls(&mut record, now())
        .expect("HelloRetryRequest");
    assert_eq!(
        events(&mut client),
        [Event::EarlyDataRejected {
            data: b"0-rtt".to_vec(),
            reason: DeclineReason::HelloRetry
        }]
    );
    assert_eq!(client.info().early_data, EarlyDataStatus::Rejected);
    assert_eq!(
        client.send_early_data(b"more"),
        Err(ApiError::EarlyDataUnavailable)
    );
    // The retried ClientHello is a plaintext handshake record, without early_data.
    let mut bytes = Vec::new();
    client.write_tls(&mut bytes);
    assert_eq!(bytes[0], ContentType::HANDSHAKE.0);
    let retried =
        match HandshakeMessage::decode(&bytes[5..], crate::msgs::handshake::Version::Tls13) {
            Ok(HandshakeMessage::ClientHello(ch)) => ch,
            other => panic!("{other:?}"),
        };
    assert!(!retried.early_data_offered());
    assert!(retried.psk().is_some());
}

#[test]
fn compatibility_mode_sends_change_cipher_spec_before_early_data() {
    let mut c = early_config();
    c.middlebox_compat = true;
    let mut client = resume(c, ticket(&TLS_AES_128_GCM_SHA256, 100));
    client.send_early_data(b"early").unwrap();
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &psk());
    let (ch, _) = server.client_hello(&mut client);
    assert_eq!(ch.session_id.len(), 32);
    // RFC 8446 §D.4: "If offering early data, the record is placed immediately after the first
    // ClientHello."
    assert_eq!(
        server.next_record(&mut client),
        Some((ContentType::CHANGE_CIPHER_SPEC, vec![1]))
    );
    server.install_early_read();
    assert_eq!(
        server.next_record(&mut client),
        Some((ContentType::APPLICATION_DATA, b"early".to_vec()))
    );
    // Accepted: EndOfEarlyData, no second change_cipher_spec, then Finished.
    answer_resumption(
        &mut client,
        &mut server,
        &ch,
        vec![EncryptedExtension::EarlyData],
    )
    .expect("server flight");
    assert!(matches!(
        server.client_message(&mut client),
        HandshakeMessage::EndOfEarlyData(_)
    ));
    server.install_client_handshake_read();
    assert!(matches!(
        server.client_message(&mut client),
        HandshakeMessage::Finished(_)
    ));
}

#[test]
fn a_tls12_answer_to_early_data_is_fatal() {
    let mut c = early_config();
    c.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
    let (mut client, mut server, ch) = sent_early(c, &[b"x"]);
    let mut sh = server.server_hello(&ch, None, false);
    sh.extensions.clear();
    sh.cipher_suite = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch);
    // RFC 8446 §D.3.
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::PROTOCOL_VERSION
    );
}
