//! Whole TLS 1.2 handshakes against a minimal in-memory client built from the crate's own
//! primitives, and what may (not) happen after them: renegotiation, KeyUpdate, bad Finished.

use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::random::SeededRandom;
use ferrotls_record::{AlertDescription, ContentType, ProtocolVersion, RecordReader, RecordWriter};

use super::support::*;
use crate::config::ServerConfig;
use crate::error::{ApiError, Error};
use crate::events::Event;
use crate::key_schedule::{HashPrimitives, Side, Tls12MasterSecret};
use crate::msgs::enums::ExtensionType;
use crate::msgs::handshake::{ClientHello, ClientKeyExchange, Finished, HandshakeMessage, Version};
use crate::server::ServerConnection;
use crate::tls12::{protection, record_keys};
use crate::transcript::Transcript;

/// The client's side after its flight: keys for both directions and the master secret.
struct Client {
    writer: RecordWriter,
    reader: RecordReader,
}

/// What the client's second flight looks like.
#[derive(Clone, Copy, PartialEq)]
enum Tamper {
    None,
    /// Finished with a flipped bit.
    Finished,
    /// A ClientKeyExchange that is not an X25519 key.
    KeyExchange,
    /// No ChangeCipherSpec before the Finished.
    NoChangeCipherSpec,
}

/// Run the server's flight for `ch`, then the client's second flight (altered by `tamper`).
/// Returns the server, the client, and the result of feeding the client's flight.
fn handshake(
    config: ServerConfig,
    ch: &ClientHello,
    tamper: Tamper,
) -> (ServerConnection, Client, Result<usize, Error>) {
    let provider = Arc::clone(&config.provider);
    let (mut conn, messages) = flight(config, ch);
    let suite = conn.info().suite.unwrap();
    let prims = HashPrimitives::from_provider(&provider, suite.hash).unwrap();
    let mut transcript = Transcript::new(prims.hash);
    transcript.add(
        &HandshakeMessage::ClientHello(ch.clone())
            .to_bytes()
            .unwrap(),
    );
    messages.iter().for_each(|m| transcript.add(m));
    let Ok(HandshakeMessage::ServerHello(sh)) =
        HandshakeMessage::decode(&messages[0], Version::Tls12)
    else {
        panic!("no ServerHello")
    };
    let Ok(HandshakeMessage::ServerKeyExchange(ske)) =
        HandshakeMessage::decode(&messages[2], Version::Tls12)
    else {
        panic!("no ServerKeyExchange")
    };
    let kx = provider
        .kx_group(ske.params.group)
        .unwrap()
        .start(&SeededRandom::new([3; 32]))
        .unwrap();
    let public = match tamper {
        Tamper::KeyExchange => vec![4; 7],
        _ => kx.public_key().to_vec(),
    };
    let premaster = kx.complete(&ske.params.public).unwrap();
    let cke = HandshakeMessage::ClientKeyExchange(ClientKeyExchange { public })
        .to_bytes()
        .unwrap();
    transcript.add(&cke);
    let ems = ch.has_extension(ExtensionType::EXTENDED_MASTER_SECRET);
    let master = if ems {
        Tls12MasterSecret::derive_extended(prims, premaster.as_bytes(), &transcript.current())
            .unwrap()
    } else {
        Tls12MasterSecret::derive(prims, premaster.as_bytes(), &ch.random, &sh.random)
    };
    let keys = record_keys(suite, &master, &ch.random, &sh.random);
    let mut verify_data = master
        .verify_data(Side::Client, &transcript.current())
        .unwrap()
        .as_bytes()
        .to_vec();
    if tamper == Tamper::Finished {
        verify_data[0] ^= 1;
    }
    let finished = HandshakeMessage::Finished(Finished::new(&verify_data).unwrap())
        .to_bytes()
        .unwrap();
    transcript.add(&finished);

    let mut writer = RecordWriter::new();
    let mut bytes = record(ContentType::HANDSHAKE, &cke);
    if tamper != Tamper::NoChangeCipherSpec {
        bytes.extend(record(ContentType::CHANGE_CIPHER_SPEC, &[1]));
        writer.install(protection(&provider, &keys.client_write).unwrap());
    }
    writer
        .write(ContentType::HANDSHAKE, &finished, &mut bytes)
        .unwrap();
    let result = feed(&mut conn, &bytes);
    let mut reader = RecordReader::new();
    if result.is_ok() {
        // The server's ChangeCipherSpec, then its Finished under its new keys.
        let mut out = Vec::new();
        conn.write_tls(&mut out);
        assert_eq!(out[..6], [20, 3, 3, 0, 1, 1]);
        reader.install(protection(&provider, &keys.server_write).unwrap());
        let (record, _) = reader.read(&mut out[6..]).unwrap().unwrap();
        let expected = master
            .verify_data(Side::Server, &transcript.current())
            .unwrap();
        assert_eq!(record.payload[..4], [20, 0, 0, 12]);
        assert!(expected.ct_eq(&record.payload[4..]));
    }
    (conn, Client { writer, reader }, result)
}

impl Client {
    /// A protected record to the server.
    fn seal(&mut self, content_type: ContentType, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.writer.write(content_type, payload, &mut out).unwrap();
        out
    }

    /// The server's next protected record: its type and plaintext.
    fn open(&mut self, conn: &mut ServerConnection) -> (ContentType, Vec<u8>) {
        let mut out = Vec::new();
        conn.write_tls(&mut out);
        let (record, _) = self.reader.read(&mut out).unwrap().unwrap();
        (record.content_type, record.payload.to_vec())
    }
}

fn completed(config: ServerConfig, ch: &ClientHello) -> (ServerConnection, Client) {
    let (conn, client, result) = handshake(config, ch, Tamper::None);
    result.unwrap();
    (conn, client)
}

#[test]
fn a_full_handshake_completes_and_carries_data() {
    let (mut conn, mut client) = completed(config(), &hello());
    assert!(!conn.is_handshaking());
    assert_eq!(
        conn.poll_event(),
        Some(Event::HandshakeComplete {
            version: ProtocolVersion::TLS1_2
        })
    );
    let info = conn.info();
    assert_eq!(info.version, Some(ProtocolVersion::TLS1_2));
    assert!(info.extended_master_secret);
    assert_eq!(info.server_name.as_deref(), Some("example.com"));
    assert!(!info.client_authenticated);
    let data = client.seal(ContentType::APPLICATION_DATA, b"ping");
    feed(&mut conn, &data).unwrap();
    assert_eq!(conn.poll_event(), Some(Event::ApplicationData));
    let mut read = [0; 16];
    let n = conn.read(&mut read).unwrap();
    assert_eq!(&read[..n], b"ping");
    conn.send(b"pong").unwrap();
    assert_eq!(
        client.open(&mut conn),
        (ContentType::APPLICATION_DATA, b"pong".to_vec())
    );
}

#[test]
fn every_suite_and_the_classic_master_secret_complete() {
    let mut lenient = config_with(&[ecdsa_key(), rsa_key()]);
    lenient.require_ems = false;
    for suite in crate::suites::ALL_CIPHER_SUITES
        .iter()
        .filter(|s| !s.is_tls13())
    {
        let ch = ClientHello {
            cipher_suites: vec![suite.suite],
            ..hello()
        };
        let (conn, _) = completed(lenient.clone(), &ch);
        assert_eq!(conn.info().suite, Some(*suite));
        let legacy = without(ch, ExtensionType::EXTENDED_MASTER_SECRET);
        let (conn, _) = completed(lenient.clone(), &legacy);
        assert!(!conn.info().extended_master_secret);
    }
}

#[test]
fn the_exporter_needs_the_extended_master_secret() {
    let mut out = [0u8; 32];
    let (conn, _) = completed(config(), &hello());
    conn.export_keying_material(&mut out, b"EXPORTER-test", Some(b""))
        .unwrap();
    assert_ne!(out, [0u8; 32]);

    // RFC 7627 §5.4: a session without it exports nothing.
    let mut lenient = config();
    lenient.require_ems = false;
    let legacy = without(hello(), ExtensionType::EXTENDED_MASTER_SECRET);
    let (conn, _) = completed(lenient, &legacy);
    assert!(!conn.is_handshaking());
    assert!(matches!(
        conn.export_keying_material(&mut out, b"EXPORTER-test", None),
        Err(ApiError::Unsupported(_))
    ));
}

#[test]
fn renegotiation_is_declined_then_refused() {
    let (mut conn, mut client) = completed(config(), &hello());
    let again = HandshakeMessage::ClientHello(hello()).to_bytes().unwrap();
    let request = client.seal(ContentType::HANDSHAKE, &again);
    feed(&mut conn, &request).unwrap();
    // A warning no_renegotiation, and the connection goes on.
    assert_eq!(
        client.open(&mut conn),
        (
            ContentType::ALERT,
            vec![1, AlertDescription::NO_RENEGOTIATION.0]
        )
    );
    let data = client.seal(ContentType::APPLICATION_DATA, b"still here");
    feed(&mut conn, &data).unwrap();
    // Insisting is handshake_failure.
    let request = client.seal(ContentType::HANDSHAKE, &again);
    let err = feed(&mut conn, &request).unwrap_err();
    assert_eq!(err.alert_sent(), Some(AlertDescription::HANDSHAKE_FAILURE));
}

#[test]
fn key_update_does_not_exist_in_tls12() {
    let (mut conn, mut client) = completed(config(), &hello());
    assert!(matches!(
        conn.update_keys(false),
        Err(ApiError::Unsupported(_))
    ));
    let key_update = client.seal(ContentType::HANDSHAKE, &[24, 0, 0, 1, 0]);
    let err = feed(&mut conn, &key_update).unwrap_err();
    assert_eq!(err.alert_sent(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}

#[test]
fn a_wrong_client_finished_is_decrypt_error() {
    let (_, _, result) = handshake(config(), &hello(), Tamper::Finished);
    assert_eq!(
        result.unwrap_err().alert_sent(),
        Some(AlertDescription::DECRYPT_ERROR)
    );
}

#[test]
fn an_invalid_client_key_is_illegal_parameter() {
    let (_, _, result) = handshake(config(), &hello(), Tamper::KeyExchange);
    assert_eq!(
        result.unwrap_err().alert_sent(),
        Some(AlertDescription::ILLEGAL_PARAMETER)
    );
}

#[test]
fn change_cipher_spec_must_come_between_key_exchange_and_finished() {
    let (_, _, result) = handshake(config(), &hello(), Tamper::NoChangeCipherSpec);
    assert_eq!(
        result.unwrap_err().alert_sent(),
        Some(AlertDescription::UNEXPECTED_MESSAGE)
    );
    // Before the ClientKeyExchange: no keys to change to.
    let (mut conn, _) = flight(config(), &hello());
    let err = feed(&mut conn, &record(ContentType::CHANGE_CIPHER_SPEC, &[1])).unwrap_err();
    assert_eq!(err.alert_sent(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}
