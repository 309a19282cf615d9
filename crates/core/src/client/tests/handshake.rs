//! Whole handshakes against the fake server: the happy path, post-handshake messages, and the
//! refusals of EncryptedExtensions, Certificate, CertificateVerify, Finished and message order.

use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;
use ferrotls_record::{AlertDescription, ContentType, ProtocolVersion};

use super::alert;
use super::fake_server::{
    certificate, certificate_verify, config, connect, encrypted_extensions, now, FakeServer, CERT,
    GOOD_SIGNATURE,
};
use crate::client::ClientConnection;
use crate::config::ClientConfig;
use crate::error::Error;
use crate::events::Event;
use crate::msgs::enums::{ExtensionType, KeyUpdateRequest};
use crate::msgs::extensions::{
    CertificateRequestExtension, ClientExtension, EncryptedExtension, ProtocolName,
    RecordSizeLimit, SelectedProtocol, SignatureSchemeList, TicketRequest, TicketRequestHint,
    UnknownExtension,
};
use crate::msgs::handshake::{
    CertificateRequestTls13, EncryptedExtensions, Finished, HandshakeMessage, KeyUpdate,
    NewSessionTicketTls13,
};

const SCHEME: SignatureScheme = SignatureScheme::ED25519;

/// A client past the ServerHello, and the server that sent it.
fn after_server_hello(config: ClientConfig) -> (ClientConnection, FakeServer) {
    let mut client = connect(config);
    let mut server = FakeServer::new();
    let ch = server.client_hello(&mut client);
    let sh = server.server_hello(&ch);
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch);
    client.handle_tls(&mut record, now()).expect("ServerHello");
    (client, server)
}

/// Send `messages` in one protected record; `finish` appends the server Finished.
fn deliver(
    client: &mut ClientConnection,
    server: &mut FakeServer,
    mut messages: Vec<HandshakeMessage>,
    finish: bool,
) -> Result<usize, Error> {
    let mut record = server.send(&messages);
    if finish {
        messages.clear();
        record.extend_from_slice(&server.send(&[server.finished()]));
    }
    client.handle_tls(&mut record, now())
}

fn server_flight() -> Vec<HandshakeMessage> {
    vec![
        encrypted_extensions(),
        certificate(CERT),
        certificate_verify(SCHEME, GOOD_SIGNATURE),
    ]
}

/// A client whose full handshake is done, and the fake server (past the client's Finished:
/// call `receive_client_flight` next).
pub(super) fn connected(config: ClientConfig) -> (ClientConnection, FakeServer) {
    let (mut client, mut server) = after_server_hello(config);
    deliver(&mut client, &mut server, server_flight(), true).expect("server flight");
    (client, server)
}

#[test]
fn full_handshake_then_data_key_updates_and_tickets() {
    let (mut client, mut server) = connected(config());
    let flight = server.receive_client_flight(&mut client);
    assert!(matches!(flight[..], [HandshakeMessage::Finished(_)]));
    assert_eq!(
        client.poll_event(),
        Some(Event::HandshakeComplete {
            version: ProtocolVersion::TLS1_3
        })
    );
    let info = client.info();
    assert_eq!(info.version, Some(ProtocolVersion::TLS1_3));
    assert_eq!(info.peer_certificates.len(), 1);
    assert_eq!(info.peer_signature_scheme, Some(SCHEME));
    assert!(!info.client_authenticated && !info.hello_retry);

    // Application data both ways under the application keys.
    client.send(b"ping").unwrap();
    let records = server.receive(&mut client);
    assert_eq!(records, [(ContentType::APPLICATION_DATA, b"ping".to_vec())]);
    let mut record = server.send_record(ContentType::APPLICATION_DATA, b"pong");
    client.handle_tls(&mut record, now()).unwrap();
    assert_eq!(client.poll_event(), Some(Event::ApplicationData));
    let mut read = [0; 16];
    let n = client.read(&mut read).unwrap();
    assert_eq!(&read[..n], b"pong");

    // A ticket becomes resumption data (client::tests::resumption checks its contents).
    let ticket = HandshakeMessage::NewSessionTicketTls13(NewSessionTicketTls13 {
        lifetime: 3600,
        age_add: 1,
        nonce: vec![0],
        ticket: vec![1, 2, 3],
        extensions: vec![],
    });
    let mut record = server.send(&[ticket]);
    client.handle_tls(&mut record, now()).unwrap();
    match client.poll_event() {
        Some(Event::TicketReceived(data)) => assert_eq!(data.ticket(), [1, 2, 3]),
        other => panic!("{other:?}"),
    }
    assert_eq!(client.poll_event(), None);

    // The client's own KeyUpdate: the record is still readable by the server under the old
    // keys, and the client's state moves on.
    client.update_keys(false).unwrap();
    let records = server.receive(&mut client);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].0, ContentType::HANDSHAKE);

    // A post-handshake CertificateRequest: we never offered post_handshake_auth.
    let request = HandshakeMessage::CertificateRequestTls13(CertificateRequestTls13 {
        context: vec![1],
        extensions: vec![CertificateRequestExtension::SignatureAlgorithms(
            SignatureSchemeList(vec![SCHEME]),
        )],
    });
    let mut record = server.send(&[request]);
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::UNEXPECTED_MESSAGE
    );
}

#[test]
fn server_key_update_is_answered_when_requested() {
    let (mut client, mut server) = connected(config());
    server.receive_client_flight(&mut client);
    let _ = client.poll_event();
    let update = HandshakeMessage::KeyUpdate(KeyUpdate {
        request_update: KeyUpdateRequest::UPDATE_REQUESTED,
    });
    let mut record = server.send(&[update]);
    client.handle_tls(&mut record, now()).unwrap();
    assert_eq!(
        client.poll_event(),
        Some(Event::KeyUpdated {
            we_updated_too: true
        })
    );
    // The answer is a KeyUpdate under the old client keys.
    let records = server.receive(&mut client);
    assert_eq!(records.len(), 1);
}

#[test]
fn update_keys_needs_a_completed_handshake() {
    let (mut client, _server) = after_server_hello(config());
    assert_eq!(
        client.update_keys(false),
        Err(crate::error::ApiError::HandshakeNotComplete)
    );
}

#[test]
fn encrypted_extensions_alpn_and_record_size_limit() {
    let mut c = config();
    c.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    c.limits.record_size_limit = Some(1000);
    let (mut client, mut server) = after_server_hello(c.clone());
    let ee = HandshakeMessage::EncryptedExtensions(EncryptedExtensions {
        extensions: vec![
            EncryptedExtension::Alpn(SelectedProtocol(ProtocolName(b"http/1.1".to_vec()))),
            EncryptedExtension::RecordSizeLimit(RecordSizeLimit(100)),
        ],
    });
    let mut flight = server_flight();
    flight[0] = ee;
    deliver(&mut client, &mut server, flight, true).unwrap();
    assert_eq!(client.info().alpn.as_deref(), Some(&b"http/1.1"[..]));
    server.receive_client_flight(&mut client);
    // The server's limit of 100 (inner plaintext, so 99 bytes of content) splits our data.
    client.send(&[7; 250]).unwrap();
    let records = server.receive(&mut client);
    assert_eq!(
        records.iter().map(|r| r.1.len()).collect::<Vec<_>>(),
        [99, 99, 52]
    );

    let (mut client, mut server) = after_server_hello(c);
    let ee = HandshakeMessage::EncryptedExtensions(EncryptedExtensions {
        extensions: vec![EncryptedExtension::Alpn(SelectedProtocol(ProtocolName(
            b"spdy/3".to_vec(),
        )))],
    });
    assert_eq!(
        alert(deliver(&mut client, &mut server, vec![ee], false)),
        AlertDescription::ILLEGAL_PARAMETER
    );
}

/// RFC 8449 §4: the client's reader enforces the limit it announced (1001: its 1000 bytes of
/// content plus the content type byte), on the server's handshake and application records.
#[test]
fn our_record_size_limit_is_enforced() {
    let mut c = config();
    c.limits.record_size_limit = Some(1000);
    let (mut client, mut server) = after_server_hello(c);
    let ee = HandshakeMessage::EncryptedExtensions(EncryptedExtensions {
        extensions: vec![EncryptedExtension::RecordSizeLimit(RecordSizeLimit(4000))],
    });
    let mut flight = server_flight();
    flight[0] = ee;
    deliver(&mut client, &mut server, flight, true).unwrap();
    server.receive_client_flight(&mut client);
    let mut at_limit = server.send_record(ContentType::APPLICATION_DATA, &[1; 1000]);
    client.handle_tls(&mut at_limit, now()).unwrap();
    let mut over = server.send_record(ContentType::APPLICATION_DATA, &[1; 1001]);
    assert_eq!(
        alert(client.handle_tls(&mut over, now())),
        AlertDescription::RECORD_OVERFLOW
    );
}

#[test]
fn encrypted_extensions_refusals() {
    let cases = [
        (
            EncryptedExtension::Alpn(SelectedProtocol(ProtocolName(b"h2".to_vec()))),
            AlertDescription::UNSUPPORTED_EXTENSION,
        ),
        (
            EncryptedExtension::EarlyData,
            AlertDescription::UNSUPPORTED_EXTENSION,
        ),
        // RFC 9149 §3 answers a ticket_request; we sent none.
        (
            EncryptedExtension::TicketRequest(TicketRequestHint(2)),
            AlertDescription::UNSUPPORTED_EXTENSION,
        ),
        (
            EncryptedExtension::Unknown(UnknownExtension {
                typ: crate::msgs::enums::ExtensionType(0xfafa),
                data: vec![],
            }),
            AlertDescription::UNSUPPORTED_EXTENSION,
        ),
    ];
    for (extension, expected) in cases {
        let (mut client, mut server) = after_server_hello(config());
        let ee = HandshakeMessage::EncryptedExtensions(EncryptedExtensions {
            extensions: vec![extension],
        });
        assert_eq!(
            alert(deliver(&mut client, &mut server, vec![ee], false)),
            expected
        );
    }
}

/// Replace message `index` of the server flight and return the client's answer.
fn flight_with(index: usize, message: HandshakeMessage, finish: bool) -> Result<usize, Error> {
    let (mut client, mut server) = after_server_hello(config());
    let mut flight = server_flight();
    flight[index] = message;
    deliver(&mut client, &mut server, flight, finish)
}

#[test]
fn certificate_refusals() {
    let empty = HandshakeMessage::CertificateTls13(Default::default());
    assert_eq!(
        alert(flight_with(1, empty, false)),
        AlertDescription::DECODE_ERROR
    );
    assert_eq!(
        alert(flight_with(1, certificate(b"someone else"), false)),
        AlertDescription::UNKNOWN_CA
    );
    let HandshakeMessage::CertificateTls13(mut with_context) = certificate(CERT) else {
        unreachable!()
    };
    with_context.context = vec![1];
    assert_eq!(
        alert(flight_with(
            1,
            HandshakeMessage::CertificateTls13(with_context),
            false
        )),
        AlertDescription::ILLEGAL_PARAMETER
    );
}

#[test]
fn certificate_verify_refusals() {
    assert_eq!(
        alert(flight_with(2, certificate_verify(SCHEME, b"forged"), false)),
        AlertDescription::DECRYPT_ERROR
    );
    // Offered, but PKCS#1 v1.5 is not allowed in TLS 1.3 (RFC 8446 §4.4.3).
    assert_eq!(
        alert(flight_with(
            2,
            certificate_verify(SignatureScheme::RSA_PKCS1_SHA256, GOOD_SIGNATURE),
            false
        )),
        AlertDescription::ILLEGAL_PARAMETER
    );
    assert_eq!(
        alert(flight_with(
            2,
            certificate_verify(SignatureScheme::ECDSA_NISTP384_SHA384, GOOD_SIGNATURE),
            false
        )),
        AlertDescription::ILLEGAL_PARAMETER
    );
}

#[test]
fn wrong_finished_is_decrypt_error() {
    let (mut client, mut server) = after_server_hello(config());
    let mut record = server.send(&server_flight());
    let HandshakeMessage::Finished(finished) = server.finished() else {
        unreachable!()
    };
    let mut wrong = finished.verify_data.to_vec();
    wrong[0] ^= 1;
    let finished = Finished::new(&wrong).unwrap();
    record.extend_from_slice(&server.send(&[HandshakeMessage::Finished(finished.clone())]));
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::DECRYPT_ERROR
    );

    let (mut client, mut server) = after_server_hello(config());
    let mut flight = server_flight();
    flight.push(HandshakeMessage::Finished(
        Finished::new(&finished.verify_data[..12]).unwrap(),
    ));
    // A verify_data that is not Hash.length bytes is malformed (RFC 8446 §4.4.4, §6.2).
    assert_eq!(
        alert(deliver(&mut client, &mut server, flight, false)),
        AlertDescription::DECODE_ERROR
    );
}

#[test]
fn messages_out_of_order_are_unexpected() {
    // Certificate before EncryptedExtensions, Finished before CertificateVerify.
    let (mut client, mut server) = after_server_hello(config());
    assert_eq!(
        alert(deliver(
            &mut client,
            &mut server,
            vec![certificate(CERT)],
            false
        )),
        AlertDescription::UNEXPECTED_MESSAGE
    );
    let (mut client, mut server) = after_server_hello(config());
    let flight = vec![encrypted_extensions(), certificate(CERT)];
    assert_eq!(
        alert(deliver(&mut client, &mut server, flight, true)),
        AlertDescription::UNEXPECTED_MESSAGE
    );
}

#[test]
fn compat_change_cipher_spec_window() {
    let ccs = [ContentType::CHANGE_CIPHER_SPEC.0, 3, 3, 0, 1, 1];
    let (mut client, mut server) = after_server_hello(config());
    // RFC 9846 §5: dropped however many arrive (a Java 17 server sends one after its
    // HelloRetryRequest and another after its ServerHello), but they count against the
    // empty-record flood limit.
    let limit = crate::config::Limits::default().max_empty_records_in_row;
    for _ in 0..limit {
        client.handle_tls(&mut ccs.clone(), now()).unwrap();
    }
    assert!(!client.wants_write());
    assert_eq!(
        client.handle_tls(&mut ccs.clone(), now()),
        Err(Error::fatal(
            AlertDescription::UNEXPECTED_MESSAGE,
            crate::error::Cause::Limit("max_empty_records_in_row")
        ))
    );
    drop(server.receive(&mut client));

    // After the handshake, none is allowed.
    let (mut client, mut server) = connected(config());
    server.receive_client_flight(&mut client);
    assert_eq!(
        alert(client.handle_tls(&mut ccs.clone(), now())),
        AlertDescription::UNEXPECTED_MESSAGE
    );
}

fn request(extensions: Vec<CertificateRequestExtension>) -> HandshakeMessage {
    HandshakeMessage::CertificateRequestTls13(CertificateRequestTls13 {
        context: vec![],
        extensions,
    })
}

#[test]
fn certificate_request_without_a_client_certificate() {
    let (mut client, mut server) = after_server_hello(config());
    let flight = vec![
        encrypted_extensions(),
        request(vec![CertificateRequestExtension::SignatureAlgorithms(
            SignatureSchemeList(vec![SCHEME]),
        )]),
        certificate(CERT),
        certificate_verify(SCHEME, GOOD_SIGNATURE),
    ];
    deliver(&mut client, &mut server, flight, true).unwrap();
    // RFC 8446 §4.4.2.4: an empty Certificate, no CertificateVerify, then Finished.
    let flight = server.receive_client_flight(&mut client);
    assert!(
        matches!(&flight[..], [HandshakeMessage::CertificateTls13(c), HandshakeMessage::Finished(_)]
            if c.entries.is_empty() && c.context.is_empty())
    );
    assert!(!client.info().client_authenticated);
}

#[test]
fn certificate_request_refusals() {
    let unknown = CertificateRequestExtension::Unknown(UnknownExtension {
        typ: crate::msgs::enums::ExtensionType(0x002f),
        data: vec![0, 0],
    });
    let (mut client, mut server) = after_server_hello(config());
    let flight = vec![encrypted_extensions(), request(vec![unknown])];
    assert_eq!(
        alert(deliver(&mut client, &mut server, flight, false)),
        AlertDescription::MISSING_EXTENSION
    );
    // No extensions at all: well formed since RFC 9846 §4.4.2 (`extensions<0..2^16-1>`), and
    // still without the mandatory signature_algorithms.
    let (mut client, mut server) = after_server_hello(config());
    let flight = vec![encrypted_extensions(), request(vec![])];
    assert_eq!(
        alert(deliver(&mut client, &mut server, flight, false)),
        AlertDescription::MISSING_EXTENSION
    );
    let (mut client, mut server) = after_server_hello(config());
    let HandshakeMessage::CertificateRequestTls13(mut with_context) =
        request(vec![CertificateRequestExtension::SignatureAlgorithms(
            SignatureSchemeList(vec![SCHEME]),
        )])
    else {
        unreachable!()
    };
    with_context.context = vec![9];
    let flight = vec![
        encrypted_extensions(),
        HandshakeMessage::CertificateRequestTls13(with_context),
    ];
    assert_eq!(
        alert(deliver(&mut client, &mut server, flight, false)),
        AlertDescription::ILLEGAL_PARAMETER
    );
}

#[test]
fn client_certificate_and_signature_when_requested() {
    use crate::config::CertifiedKey;
    use ferrotls_crypto::sign::{KeyKind, SigningKey};

    #[derive(Debug)]
    struct FixedKey;
    impl SigningKey for FixedKey {
        fn kind(&self) -> KeyKind {
            KeyKind::Ed25519
        }
        fn schemes(&self) -> &[SignatureScheme] {
            &[SignatureScheme::ED25519]
        }
        fn sign(
            &self,
            _: SignatureScheme,
            message: &[u8],
            _: &dyn ferrotls_crypto::SecureRandom,
        ) -> Result<Vec<u8>, ferrotls_crypto::CryptoError> {
            assert_eq!(&message[64..97], b"TLS 1.3, client CertificateVerify");
            Ok(b"client signature".to_vec())
        }
    }
    let mut c = config();
    c.client_auth = Some(Arc::new(CertifiedKey::new(
        vec![b"client cert".to_vec().into()],
        Arc::new(FixedKey),
    )));
    let (mut client, mut server) = after_server_hello(c);
    let flight = vec![
        encrypted_extensions(),
        request(vec![CertificateRequestExtension::SignatureAlgorithms(
            SignatureSchemeList(vec![SignatureScheme::ED25519]),
        )]),
        certificate(CERT),
        certificate_verify(SCHEME, GOOD_SIGNATURE),
    ];
    deliver(&mut client, &mut server, flight, true).unwrap();
    let flight = server.receive_client_flight(&mut client);
    assert!(matches!(
        &flight[..],
        [HandshakeMessage::CertificateTls13(c), HandshakeMessage::CertificateVerify(v), HandshakeMessage::Finished(_)]
            if c.entries.len() == 1 && v.scheme == SignatureScheme::ED25519
    ));
    assert!(client.info().client_authenticated);
}

#[test]
fn a_ticket_request_is_sent_and_its_answer_accepted() {
    let request = TicketRequest {
        new_session_count: 5,
        resumption_count: 1,
    };
    let mut c = config();
    c.ticket_request = Some(request);
    let mut client = connect(c);
    let mut server = FakeServer::new();
    let ch = server.client_hello(&mut client);
    // No ticket offered: nothing asked for on resumption (RFC 9149 §3).
    assert_eq!(
        ch.extension(ExtensionType::TICKET_REQUEST),
        Some(&ClientExtension::TicketRequest(TicketRequest {
            resumption_count: 0,
            ..request
        }))
    );
    let sh = server.server_hello(&ch);
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch);
    client.handle_tls(&mut record, now()).expect("ServerHello");
    // The server's expected_count (RFC 9149 §3) is informational.
    let mut flight = server_flight();
    flight[0] = HandshakeMessage::EncryptedExtensions(EncryptedExtensions {
        extensions: vec![EncryptedExtension::TicketRequest(TicketRequestHint(3))],
    });
    deliver(&mut client, &mut server, flight, true).unwrap();
    assert!(!client.is_handshaking());
    assert!(client.failure().is_none());
}

/// RFC 9149 §3: the answer to a ticket_request is a one-byte ServerTicketRequestHint in
/// EncryptedExtensions, and nowhere else after the ServerHello. Each break of that is fatal,
/// with the alert RFC 8446 §4.2 and §6 name, and leaves the client terminal.
#[test]
fn ticket_request_answers_out_of_place_or_malformed_are_refused() {
    let asked = || {
        let mut c = config();
        c.ticket_request = Some(TicketRequest {
            new_session_count: 2,
            resumption_count: 1,
        });
        c
    };
    let raw = |data: Vec<u8>| UnknownExtension {
        typ: ExtensionType::TICKET_REQUEST,
        data,
    };
    // A hint of other than one byte: a body whose length does not match its structure.
    for data in [vec![], vec![3, 0]] {
        let (mut client, mut server) = after_server_hello(asked());
        let mut flight = server_flight();
        flight[0] = HandshakeMessage::EncryptedExtensions(EncryptedExtensions {
            extensions: vec![EncryptedExtension::Unknown(raw(data.clone()))],
        });
        assert_eq!(
            alert(deliver(&mut client, &mut server, flight, true)),
            AlertDescription::DECODE_ERROR,
            "{data:?}"
        );
        assert!(client.failure().is_some() && !client.is_handshaking());
    }
    // Twice in one EncryptedExtensions (RFC 8446 §4.2: one extension of each type).
    let (mut client, mut server) = after_server_hello(asked());
    let mut flight = server_flight();
    flight[0] = HandshakeMessage::EncryptedExtensions(EncryptedExtensions {
        extensions: vec![
            EncryptedExtension::TicketRequest(TicketRequestHint(1)),
            EncryptedExtension::TicketRequest(TicketRequestHint(1)),
        ],
    });
    assert_eq!(
        alert(deliver(&mut client, &mut server, flight, true)),
        AlertDescription::ILLEGAL_PARAMETER
    );
    // In any other server handshake message: a certificate entry, a CertificateRequest, a
    // NewSessionTicket (RFC 9149 §3; RFC 8446 §4.2: a recognized extension "not specified for
    // the message in which it appears" is illegal_parameter).
    let mut entry_flight = server_flight();
    if let HandshakeMessage::CertificateTls13(c) = &mut entry_flight[1] {
        c.entries[0]
            .extensions
            .push(crate::msgs::extensions::CertificateExtension::Unknown(raw(
                vec![1],
            )));
    }
    let mut request_flight = server_flight();
    request_flight.insert(
        1,
        HandshakeMessage::CertificateRequestTls13(CertificateRequestTls13 {
            context: vec![],
            extensions: vec![
                CertificateRequestExtension::SignatureAlgorithms(SignatureSchemeList(vec![SCHEME])),
                CertificateRequestExtension::Unknown(raw(vec![1])),
            ],
        }),
    );
    for flight in [entry_flight, request_flight] {
        let (mut client, mut server) = after_server_hello(asked());
        assert_eq!(
            alert(deliver(&mut client, &mut server, flight, true)),
            AlertDescription::ILLEGAL_PARAMETER
        );
        assert!(client.failure().is_some());
    }
    let (mut client, mut server) = after_server_hello(asked());
    deliver(&mut client, &mut server, server_flight(), true).unwrap();
    server.receive_client_flight(&mut client);
    while client.poll_event().is_some() {}
    let ticket = HandshakeMessage::NewSessionTicketTls13(NewSessionTicketTls13 {
        lifetime: 3600,
        age_add: 1,
        nonce: vec![0],
        ticket: vec![1, 2, 3],
        extensions: vec![crate::msgs::extensions::NewSessionTicketExtension::Unknown(
            raw(vec![1]),
        )],
    });
    let mut record = server.send(&[ticket]);
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::ILLEGAL_PARAMETER
    );
    assert!(client.failure().is_some());
    while let Some(event) = client.poll_event() {
        assert!(!matches!(event, Event::TicketReceived(_)), "{event:?}");
    }
}
