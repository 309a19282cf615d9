//! The TLS 1.2 client against the fake TLS 1.2 server: the full handshake with and without the
//! extended master secret, and each refusal rule of the ServerHello, Certificate,
//! ServerKeyExchange, message order, ChangeCipherSpec and Finished.

use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::{NamedGroup, SignatureScheme};
use ferrotls_record::{AlertDescription, AlertLevel, ContentType, ProtocolVersion};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

mod resumption;

use super::alert;
use super::fake_server::{config, connect, now};
use super::fake_server12::{FakeServer12, ECDSA_CERT, RSA_CERT};
use crate::client::tls12::DEFAULT_TLS12_SESSION_LIFETIME;
use crate::client::ClientConnection;
use crate::config::{CertifiedKey, ClientConfig};
use crate::error::{ApiError, Error};
use crate::events::Event;
use crate::msgs::enums::{CipherSuite, ClientCertificateType, ExtensionType};
use crate::msgs::extensions::{ProtocolName, RenegotiationInfo, SelectedProtocol, ServerExtension};
use crate::msgs::handshake::{
    CertificateRequestTls12, HandshakeMessage, HelloRequest, KeyUpdate, NewSessionTicketTls12,
    ServerHelloDone, TLS12_DOWNGRADE_SENTINEL,
};
use crate::resumption::ResumptionKind;

const ECDSA_SUITE: CipherSuite = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

fn both_versions() -> ClientConfig {
    let mut c = config();
    c.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
    c
}

fn tls12_only() -> ClientConfig {
    let mut c = config();
    c.versions = vec![ProtocolVersion::TLS1_2];
    c
}

fn start(config: ClientConfig, suite: CipherSuite) -> (ClientConnection, FakeServer12) {
    let mut client = connect(config);
    let mut server = FakeServer12::new(suite);
    server.client_hello(&mut client);
    (client, server)
}

/// Deliver the server's first flight with `edit` applied to the messages.
fn first_flight(
    client: &mut ClientConnection,
    server: &mut FakeServer12,
    edit: impl FnOnce(&mut Vec<HandshakeMessage>),
) -> Result<usize, Error> {
    let mut flight = server.first_flight();
    edit(&mut flight);
    let mut record = server.send(&flight);
    client.handle_tls(&mut record, now())
}

/// The server's ChangeCipherSpec and Finished.
fn finish(client: &mut ClientConnection, server: &mut FakeServer12) -> Result<usize, Error> {
    let mut record = server.change_cipher_spec();
    let finished = server.finished();
    record.extend_from_slice(&server.send(&[finished]));
    client.handle_tls(&mut record, now())
}

fn connected(
    config: ClientConfig,
    suite: CipherSuite,
    ems: bool,
) -> (ClientConnection, FakeServer12) {
    let (mut client, mut server) = start(config, suite);
    server.ems = ems;
    first_flight(&mut client, &mut server, |_| {}).expect("first flight");
    let flight = server.receive_client_flight(&mut client);
    assert!(matches!(
        flight[..],
        [
            HandshakeMessage::ClientKeyExchange(_),
            HandshakeMessage::Finished(_)
        ]
    ));
    finish(&mut client, &mut server).expect("server finish");
    (client, server)
}

#[test]
fn full_handshake_with_ems_then_data() {
    for suite in [
        ECDSA_SUITE,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ] {
        let (mut client, mut server) = connected(both_versions(), suite, true);
        assert_eq!(
            client.poll_event(),
            Some(Event::HandshakeComplete {
                version: ProtocolVersion::TLS1_2
            })
        );
        let info = client.info();
        assert_eq!(info.version, Some(ProtocolVersion::TLS1_2));
        assert_eq!(info.suite.map(|s| s.suite), Some(suite));
        assert_eq!(info.group, Some(NamedGroup::X25519));
        assert!(info.extended_master_secret);
        assert!(!info.client_authenticated);
        assert_eq!(info.peer_certificates.len(), 1);
        assert!(info.peer_signature_scheme.is_some());
        assert_eq!(info.server_name.as_deref(), Some("example.com"));
        assert!(info.safe_renegotiation);
        assert!(!info.resumed);
        assert_eq!(info.session_id, [7; 32]);
        // The server gave a session ID and no ticket: that session is reported once.
        let Some(Event::TicketReceived(data)) = client.poll_event() else {
            panic!("no TicketReceived");
        };
        assert_eq!(data.kind(), ResumptionKind::Tls12SessionId);
        assert_eq!(data.session_id(), [7; 32]);
        assert_eq!(data.cipher_suite(), suite);
        assert!(data.extended_master_secret());
        assert_eq!(data.server_name(), Some("example.com"));
        assert_eq!(data.lifetime(), DEFAULT_TLS12_SESSION_LIFETIME);
        assert_eq!(client.resumption_data(), Ok(data));

        client.send(b"ping").unwrap();
        let records = server.receive(&mut client);
        assert_eq!(records, [(ContentType::APPLICATION_DATA, b"ping".to_vec())]);
        let mut record = server.send_record(ContentType::APPLICATION_DATA, b"pong");
        client.handle_tls(&mut record, now()).unwrap();
        assert_eq!(client.poll_event(), Some(Event::ApplicationData));
        let mut read = [0; 16];
        let n = client.read(&mut read).unwrap();
        assert_eq!(&read[..n], b"pong");
    }
}

#[test]
fn classic_master_secret_only_when_ems_is_not_required() {
    let mut c = tls12_only();
    c.require_ems = false;
    let (client, _) = connected(c, ECDSA_SUITE, false);
    assert!(!client.info().extended_master_secret);
    assert!(!client.is_handshaking());

    let (mut client, mut server) = start(tls12_only(), ECDSA_SUITE);
    server.ems = false;
    assert_eq!(
        alert(first_flight(&mut client, &mut server, |_| {})),
        AlertDescription::HANDSHAKE_FAILURE
    );
}

#[test]
fn the_exporter_waits_for_the_handshake_and_needs_the_extended_master_secret() {
    let mut out = [0u8; 32];
    let (client, _) = start(tls12_only(), ECDSA_SUITE);
    assert_eq!(
        client.export_keying_material(&mut out, b"EXPORTER-test", None),
        Err(ApiError::HandshakeNotComplete)
    );
    let (client, _) = connected(tls12_only(), ECDSA_SUITE, true);
    client
        .export_keying_material(&mut out, b"EXPORTER-test", None)
        .unwrap();
    assert_ne!(out, [0u8; 32]);

    // RFC 7627 §5.4: without the extended master secret there is no exporter.
    let mut legacy = tls12_only();
    legacy.require_ems = false;
    let (client, _) = connected(legacy, ECDSA_SUITE, false);
    assert!(!client.is_handshaking());
    assert!(matches!(
        client.export_keying_material(&mut out, b"EXPORTER-test", None),
        Err(ApiError::Unsupported(_))
    ));
}

#[test]
fn after_the_handshake_renegotiation_and_key_updates_are_refused() {
    let (mut client, mut server) = connected(both_versions(), ECDSA_SUITE, true);
    let hello_request = HandshakeMessage::HelloRequest(HelloRequest)
        .to_bytes()
        .unwrap();
    let mut record = server.send_record(ContentType::HANDSHAKE, &hello_request);
    client
        .handle_tls(&mut record, now())
        .expect("HelloRequest is not fatal");
    let records = server.receive(&mut client);
    assert_eq!(
        records,
        [(
            ContentType::ALERT,
            vec![AlertLevel::WARNING.0, AlertDescription::NO_RENEGOTIATION.0]
        )]
    );
    // A warning from the server is delivered, not fatal.
    let mut record = server.send_record(
        ContentType::ALERT,
        &[AlertLevel::WARNING.0, AlertDescription::NO_RENEGOTIATION.0],
    );
    client.handle_tls(&mut record, now()).unwrap();
    assert!(client
        .poll_event()
        .into_iter()
        .chain(core::iter::from_fn(|| client.poll_event()))
        .any(|e| e == Event::Alert(AlertDescription::NO_RENEGOTIATION)));
    assert!(matches!(
        client.update_keys(false),
        Err(ApiError::Unsupported(_))
    ));

    let key_update = HandshakeMessage::KeyUpdate(KeyUpdate {
        request_update: crate::msgs::enums::KeyUpdateRequest::UPDATE_NOT_REQUESTED,
    })
    .to_bytes()
    .unwrap();
    let mut record = server.send_record(ContentType::HANDSHAKE, &key_update);
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::UNEXPECTED_MESSAGE
    );
}

#[test]
fn hello_request_during_the_handshake_is_ignored() {
    let (mut client, mut server) = start(tls12_only(), ECDSA_SUITE);
    first_flight(&mut client, &mut server, |f| {
        f.insert(2, HandshakeMessage::HelloRequest(HelloRequest));
    })
    .expect("ignored");
    // The fake server hashed it; the client must not have. Take it out again.
    let hello_request = HandshakeMessage::HelloRequest(HelloRequest)
        .to_bytes()
        .unwrap();
    let at = server
        .transcript
        .windows(4)
        .position(|w| w == hello_request.as_slice())
        .unwrap();
    server.transcript.drain(at..at + 4);
    server.receive_client_flight(&mut client);
    finish(&mut client, &mut server).expect("Finished over a transcript without HelloRequest");
}

#[test]
fn version_selection() {
    // The TLS 1.2 downgrade sentinel with TLS 1.3 offered: illegal_parameter (RFC 8446 §4.1.3).
    let (mut client, mut server) = start(both_versions(), ECDSA_SUITE);
    let mut sentinel = [0x12; 32];
    sentinel[24..].copy_from_slice(&TLS12_DOWNGRADE_SENTINEL);
    server.server_random = sentinel;
    assert_eq!(
        alert(first_flight(&mut client, &mut server, |_| {})),
        AlertDescription::ILLEGAL_PARAMETER
    );
    // Offering TLS 1.2 only, the same random is just a random.
    let (mut client, mut server) = start(tls12_only(), ECDSA_SUITE);
    server.server_random = sentinel;
    first_flight(&mut client, &mut server, |_| {}).expect("no TLS 1.3 offered");
    // TLS 1.2 not offered: protocol_version.
    let (mut client, mut server) = start(config(), ECDSA_SUITE);
    assert_eq!(
        alert(first_flight(&mut client, &mut server, |_| {})),
        AlertDescription::PROTOCOL_VERSION
    );
    // TLS 1.0: protocol_version.
    let (mut client, mut server) = start(tls12_only(), ECDSA_SUITE);
    assert_eq!(
        alert(first_flight(&mut client, &mut server, |f| {
            if let HandshakeMessage::ServerHello(sh) = &mut f[0] {
                sh.legacy_version = ProtocolVersion::TLS1_0;
            }
        })),
        AlertDescription::PROTOCOL_VERSION
    );
}

type Edit = fn(&mut Vec<ServerExtension>);

#[test]
fn server_hello_refusals() {
    let cases: [(&str, Edit, AlertDescription); 6] = [
        (
            "no renegotiation_info",
            |e| e.retain(|x| !matches!(x, ServerExtension::RenegotiationInfo(_))),
            AlertDescription::HANDSHAKE_FAILURE,
        ),
        (
            "renegotiation_info not empty",
            |e| {
                e.push(ServerExtension::RenegotiationInfo(RenegotiationInfo(
                    vec![1; 12],
                )))
            },
            AlertDescription::HANDSHAKE_FAILURE,
        ),
        (
            "ALPN we did not offer",
            |e| {
                e.push(ServerExtension::Alpn(SelectedProtocol(ProtocolName(
                    b"h2".to_vec(),
                ))))
            },
            AlertDescription::UNSUPPORTED_EXTENSION,
        ),
        (
            "session_ticket we did not ask for",
            |e| e.push(ServerExtension::SessionTicket),
            AlertDescription::UNSUPPORTED_EXTENSION,
        ),
        (
            "no uncompressed point format",
            |e| {
                for x in e.iter_mut() {
                    if let ServerExtension::EcPointFormats(f) = x {
                        f.0 = vec![crate::msgs::enums::ECPointFormat::ANSIX962_COMPRESSED_PRIME];
                    }
                }
            },
            AlertDescription::ILLEGAL_PARAMETER,
        ),
        (
            "TLS 1.3 key_share",
            |e| {
                e.push(ServerExtension::KeyShare(
                    crate::msgs::extensions::KeyShareEntry {
                        group: NamedGroup::X25519,
                        key_exchange: vec![9; 32],
                    },
                ))
            },
            AlertDescription::ILLEGAL_PARAMETER,
        ),
    ];
    for (name, edit, expected) in cases {
        // Without asking for tickets, so that an unsolicited session_ticket is refused.
        let mut c = both_versions();
        c.tls12_session_tickets = false;
        let (mut client, mut server) = start(c, ECDSA_SUITE);
        let result = first_flight(&mut client, &mut server, |f| {
            if let HandshakeMessage::ServerHello(sh) = &mut f[0] {
                if name == "renegotiation_info not empty" {
                    sh.extensions
                        .retain(|x| !matches!(x, ServerExtension::RenegotiationInfo(_)));
                }
                edit(&mut sh.extensions);
            }
        });
        assert_eq!(alert(result), expected, "{name}");
    }
    // A TLS 1.3 suite, a suite not offered, compression, an echo of our session id.
    let mut only_aes128 = both_versions();
    only_aes128
        .cipher_suites
        .retain(|s| s.is_tls13() || s.suite == ECDSA_SUITE);
    for (name, fix) in [
        ("TLS 1.3 suite", 0),
        ("suite not offered", 1),
        ("compression", 2),
        ("session id echo", 3),
    ] {
        let mut c = only_aes128.clone();
        c.middlebox_compat = true;
        let mut client = connect(c);
        let mut server = FakeServer12::new(ECDSA_SUITE);
        let ch = server.client_hello(&mut client);
        let result = first_flight(&mut client, &mut server, |f| {
            if let HandshakeMessage::ServerHello(sh) = &mut f[0] {
                match fix {
                    0 => sh.cipher_suite = CipherSuite::TLS_AES_128_GCM_SHA256,
                    1 => sh.cipher_suite = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                    2 => sh.compression_method = crate::msgs::enums::CompressionMethod::DEFLATE,
                    _ => sh.session_id = ch.session_id.clone(),
                }
            }
        });
        assert_eq!(alert(result), AlertDescription::ILLEGAL_PARAMETER, "{name}");
    }
}

#[test]
fn certificate_and_server_key_exchange_refusals() {
    let ecdsa = SignatureScheme::ECDSA_NISTP256_SHA256;
    type FlightEdit = fn(&mut FakeServer12, &mut Vec<HandshakeMessage>);
    let cases: [(&str, CipherSuite, FlightEdit, AlertDescription); 8] = [
        (
            "RSA certificate for an ECDSA suite",
            ECDSA_SUITE,
            |_, f| f[1] = FakeServer12::certificate(RSA_CERT),
            AlertDescription::HANDSHAKE_FAILURE,
        ),
        (
            "ECDSA certificate for an RSA suite",
            CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            |_, f| f[1] = FakeServer12::certificate(ECDSA_CERT),
            AlertDescription::HANDSHAKE_FAILURE,
        ),
        (
            "empty certificate",
            ECDSA_SUITE,
            |_, f| {
                f[1] = HandshakeMessage::CertificateTls12(Default::default());
            },
            AlertDescription::DECODE_ERROR,
        ),
        (
            "curve we did not offer",
            ECDSA_SUITE,
            |s, f| {
                f[2] = s.server_key_exchange(
                    NamedGroup::SECP384R1,
                    SignatureScheme::ECDSA_NISTP256_SHA256,
                )
            },
            AlertDescription::ILLEGAL_PARAMETER,
        ),
        (
            // Offered for TLS 1.3, never usable in TLS 1.2 (draft-ietf-tls-ecdhe-mlkem §1).
            "TLS 1.3-only group",
            ECDSA_SUITE,
            |_, f| {
                if let HandshakeMessage::ServerKeyExchange(ske) = &mut f[2] {
                    ske.params.group = NamedGroup::X25519MLKEM768;
                }
            },
            AlertDescription::ILLEGAL_PARAMETER,
        ),
        (
            "RSA scheme under an ECDSA suite",
            ECDSA_SUITE,
            |s, f| {
                f[2] = s.server_key_exchange(NamedGroup::X25519, SignatureScheme::RSA_PKCS1_SHA256)
            },
            AlertDescription::ILLEGAL_PARAMETER,
        ),
        (
            "bad signature",
            ECDSA_SUITE,
            |_, f| {
                if let HandshakeMessage::ServerKeyExchange(ske) = &mut f[2] {
                    ske.signature = b"bad".to_vec();
                }
            },
            AlertDescription::DECRYPT_ERROR,
        ),
        (
            "invalid point",
            ECDSA_SUITE,
            |_, f| {
                if let HandshakeMessage::ServerKeyExchange(ske) = &mut f[2] {
                    ske.params.public = vec![0; 32];
                }
            },
            AlertDescription::ILLEGAL_PARAMETER,
        ),
    ];
    for (name, suite, edit, expected) in cases {
        let mut c = both_versions();
        // Offer X25519MLKEM768 (TLS 1.3 only), X25519 and secp256r1.
        c.groups = vec![
            NamedGroup::X25519MLKEM768,
            NamedGroup::X25519,
            NamedGroup::SECP256R1,
        ];
        let (mut client, mut server) = start(c, suite);
        let mut flight = server.first_flight();
        edit(&mut server, &mut flight);
        let mut record = server.send(&flight);
        assert_eq!(
            alert(client.handle_tls(&mut record, now())),
            expected,
            "{name}"
        );
    }
    // A scheme we did not offer.
    let mut c = both_versions();
    c.groups = vec![NamedGroup::X25519];
    let (mut client, mut server) = start(c, ECDSA_SUITE);
    let result = first_flight(&mut client, &mut server, |f| {
        if let HandshakeMessage::ServerKeyExchange(ske) = &mut f[2] {
            ske.scheme = SignatureScheme::ECDSA_NISTP384_SHA384;
        }
    });
    assert_eq!(alert(result), AlertDescription::ILLEGAL_PARAMETER);
    let _ = ecdsa;
}

#[test]
fn message_order_and_change_cipher_spec() {
    // Finished before the ChangeCipherSpec.
    let (mut client, mut server) = start(tls12_only(), ECDSA_SUITE);
    first_flight(&mut client, &mut server, |_| {}).unwrap();
    server.receive_client_flight(&mut client);
    let finished = server.finished();
    let mut record = server.send(&[finished]);
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::UNEXPECTED_MESSAGE
    );
    // A ChangeCipherSpec before ServerHelloDone.
    let (mut client, mut server) = start(tls12_only(), ECDSA_SUITE);
    first_flight(&mut client, &mut server, |f| {
        f.pop();
    })
    .unwrap();
    let mut record = server.send_record(ContentType::CHANGE_CIPHER_SPEC, &[1]);
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::UNEXPECTED_MESSAGE
    );
    // ServerHelloDone before ServerKeyExchange.
    let (mut client, mut server) = start(tls12_only(), ECDSA_SUITE);
    let result = first_flight(&mut client, &mut server, |f| {
        f.remove(2);
    });
    assert_eq!(alert(result), AlertDescription::UNEXPECTED_MESSAGE);
    // A second ChangeCipherSpec.
    let (mut client, mut server) = start(tls12_only(), ECDSA_SUITE);
    first_flight(&mut client, &mut server, |_| {}).unwrap();
    server.receive_client_flight(&mut client);
    let mut record = server.change_cipher_spec();
    record.extend_from_slice(&server.send_record(ContentType::CHANGE_CIPHER_SPEC, &[1]));
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::UNEXPECTED_MESSAGE
    );
    // A wrong Finished.
    let (mut client, mut server) = start(tls12_only(), ECDSA_SUITE);
    first_flight(&mut client, &mut server, |_| {}).unwrap();
    server.receive_client_flight(&mut client);
    let mut record = server.change_cipher_spec();
    record.extend_from_slice(&server.send(&[HandshakeMessage::Finished(
        crate::msgs::handshake::Finished::new(&[0; 12]).unwrap(),
    )]));
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::DECRYPT_ERROR
    );
}

#[test]
fn session_tickets() {
    let mut c = tls12_only();
    c.tls12_session_tickets = true;
    // Promised and sent: accepted and hashed.
    let (mut client, mut server) = start(c.clone(), ECDSA_SUITE);
    first_flight(&mut client, &mut server, |f| {
        if let HandshakeMessage::ServerHello(sh) = &mut f[0] {
            sh.extensions.push(ServerExtension::SessionTicket);
        }
    })
    .unwrap();
    server.receive_client_flight(&mut client);
    let ticket = HandshakeMessage::NewSessionTicketTls12(NewSessionTicketTls12 {
        lifetime_hint: 300,
        ticket: vec![5; 40],
    });
    let mut record = server.send(&[ticket]);
    client.handle_tls(&mut record, now()).unwrap();
    finish(&mut client, &mut server).expect("handshake with a ticket");
    assert!(!client.is_handshaking());
    // Promised, but the ChangeCipherSpec comes first.
    let (mut client, mut server) = start(c, ECDSA_SUITE);
    first_flight(&mut client, &mut server, |f| {
        if let HandshakeMessage::ServerHello(sh) = &mut f[0] {
            sh.extensions.push(ServerExtension::SessionTicket);
        }
    })
    .unwrap();
    server.receive_client_flight(&mut client);
    assert_eq!(
        alert(finish(&mut client, &mut server)),
        AlertDescription::UNEXPECTED_MESSAGE
    );
    // Not promised.
    let (mut client, mut server) = start(tls12_only(), ECDSA_SUITE);
    first_flight(&mut client, &mut server, |_| {}).unwrap();
    server.receive_client_flight(&mut client);
    let ticket = HandshakeMessage::NewSessionTicketTls12(NewSessionTicketTls12 {
        lifetime_hint: 0,
        ticket: vec![],
    });
    let mut record = server.send(&[ticket]);
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::UNEXPECTED_MESSAGE
    );
}

const CLIENT_CERT: &str = include_str!("../../../../../vectors/certs/client-ecdsa-p256.pem");
const CLIENT_KEY: &str = include_str!("../../../../../vectors/certs/client-ecdsa-p256.key");

fn certificate_request(types: Vec<ClientCertificateType>) -> HandshakeMessage {
    HandshakeMessage::CertificateRequestTls12(CertificateRequestTls12 {
        certificate_types: types,
        signature_schemes: vec![
            SignatureScheme::RSA_PKCS1_SHA256,
            SignatureScheme::ECDSA_NISTP256_SHA256,
        ],
        authorities: vec![],
    })
}

#[test]
fn client_authentication() {
    let provider = super::fake_server::provider(9);
    let key = provider
        .key_loader
        .load_private_key(&PrivateKeyDer::from_pem_slice(CLIENT_KEY.as_bytes()).unwrap())
        .unwrap();
    let chain = vec![CertificateDer::from_pem_slice(CLIENT_CERT.as_bytes()).unwrap()];
    let certified = Arc::new(CertifiedKey::new(chain, key));

    // With a usable key: Certificate, ClientKeyExchange, CertificateVerify over every message
    // before it (checked against the key), Finished.
    let mut c = tls12_only();
    c.client_auth = Some(Arc::clone(&certified));
    let (mut client, mut server) = start(c, ECDSA_SUITE);
    first_flight(&mut client, &mut server, |f| {
        f.insert(
            3,
            certificate_request(vec![ClientCertificateType::ECDSA_SIGN]),
        );
    })
    .unwrap();
    let before = server.transcript.clone();
    let flight = server.receive_client_flight(&mut client);
    let [HandshakeMessage::CertificateTls12(cert), HandshakeMessage::ClientKeyExchange(_), HandshakeMessage::CertificateVerify(cv), HandshakeMessage::Finished(_)] =
        &flight[..]
    else {
        panic!("flight: {flight:?}");
    };
    assert_eq!(cert.chain.len(), 1);
    assert_eq!(cv.scheme, SignatureScheme::ECDSA_NISTP256_SHA256);
    let mut signed = before;
    signed.extend_from_slice(
        &HandshakeMessage::CertificateTls12(cert.clone())
            .to_bytes()
            .unwrap(),
    );
    signed.extend_from_slice(&flight[1].to_bytes().unwrap());
    crate::verify::verify_tls12_signature(
        &provider.verification,
        &[cv.scheme],
        &CertificateDer::from_pem_slice(CLIENT_CERT.as_bytes()).unwrap(),
        cv.scheme,
        &signed,
        &cv.signature,
    )
    .expect("CertificateVerify signs the handshake messages");
    finish(&mut client, &mut server).unwrap();
    assert!(client.info().client_authenticated);

    // Without a key, or one of a type the server does not list: an empty Certificate only.
    for config_key in [None, Some(certified)] {
        let mut c = tls12_only();
        c.client_auth = config_key;
        let (mut client, mut server) = start(c, ECDSA_SUITE);
        first_flight(&mut client, &mut server, |f| {
            f.insert(
                3,
                certificate_request(vec![ClientCertificateType::RSA_SIGN]),
            );
        })
        .unwrap();
        let flight = server.receive_client_flight(&mut client);
        assert!(matches!(
            &flight[..],
            [HandshakeMessage::CertificateTls12(c), HandshakeMessage::ClientKeyExchange(_), HandshakeMessage::Finished(_)]
                if c.chain.is_empty()
        ));
        finish(&mut client, &mut server).unwrap();
        assert!(!client.info().client_authenticated);
    }
    let _ = (ExtensionType::SESSION_TICKET, ServerHelloDone);
}

/// RFC 9149 §3: ticket_request is never answered in a ServerHello, TLS 1.2 ones included (we
/// send it in a hello that also offers TLS 1.3): illegal_parameter.
#[test]
fn ticket_request_in_a_tls12_server_hello_is_illegal_parameter() {
    let mut c = both_versions();
    c.ticket_request = Some(crate::msgs::extensions::TicketRequest {
        new_session_count: 1,
        resumption_count: 1,
    });
    let (mut client, mut server) = start(c, ECDSA_SUITE);
    let result = first_flight(&mut client, &mut server, |f| {
        if let HandshakeMessage::ServerHello(sh) = &mut f[0] {
            sh.extensions.push(ServerExtension::Unknown(
                crate::msgs::extensions::UnknownExtension {
                    typ: ExtensionType::TICKET_REQUEST,
                    data: vec![1],
                },
            ));
        }
    });
    assert_eq!(alert(result), AlertDescription::ILLEGAL_PARAMETER);
    assert!(client.failure().is_some());
}
