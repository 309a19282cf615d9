//! Resumption on the client: what `ClientConnection::resume` offers (or declines to), the PSK
//! binder before and after a HelloRetryRequest, the server's answers to the offer, and
//! NewSessionTicket turning into `TicketReceived`.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::time::Duration;

use ferrotls_crypto::{NamedGroup, Secret};
use ferrotls_record::{AlertDescription, ContentType, ProtocolVersion};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use super::alert;
use super::fake_server::{
    certificate, certificate_verify, config, connect, encrypted_extensions, now, CERT,
    GOOD_SIGNATURE,
};
use super::handshake::connected;
use super::psk_server::PskServer;
use crate::client::ClientConnection;
use crate::config::ClientConfig;
use crate::error::Error;
use crate::events::Event;
use crate::key_schedule::{message_hash, EarlySecret, HashPrimitives, PskKind};
use crate::msgs::enums::{CipherSuite, ExtensionType, PskKeyExchangeMode};
use crate::msgs::extensions::{
    ClientExtension, Cookie, EncryptedExtension, ExtensionCodec, HelloRetryExtension,
    MaxEarlyDataSize, NewSessionTicketExtension, ServerExtension, SessionTicket, TicketRequest,
};
use crate::msgs::handshake::{
    ClientHello, EncryptedExtensions, HandshakeMessage, HelloRetryRequest, NewSessionTicketTls13,
};
use crate::resumption::{DeclineReason, ResumptionData, SessionParams};
use crate::suites::{SupportedCipherSuite, TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384};

/// The ticket's age at [`now`]: 10 s.
const AGE_SECS: u64 = 10;
const AGE_ADD: u32 = 0xfff0_0000;
const TICKET: &[u8] = b"an opaque ticket";

pub(super) fn received() -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(now().as_secs() - AGE_SECS))
}

fn psk_of(suite: &SupportedCipherSuite) -> Vec<u8> {
    vec![0x42; suite.hash.output_len()]
}

pub(super) fn params(suite: &SupportedCipherSuite, secret: &[u8]) -> SessionParams {
    SessionParams {
        cipher_suite: suite.suite,
        secret: Secret::new(secret),
        server_name: Some(String::from("example.com")),
        alpn: None,
        extended_master_secret: true,
        peer_certificates: vec![CertificateDer::from(CERT.to_vec())].into(),
    }
}

/// A TLS 1.3 ticket for example.com under `suite`, received [`AGE_SECS`] ago.
pub(super) fn ticket(suite: &SupportedCipherSuite, max_early_data: u32) -> ResumptionData {
    ResumptionData::tls13_ticket(
        params(suite, &psk_of(suite)),
        TICKET.to_vec(),
        received(),
        7200,
        AGE_ADD,
        max_early_data,
    )
    .expect("valid ticket")
}

pub(super) fn resume(config: ClientConfig, data: ResumptionData) -> ClientConnection {
    let name = ServerName::try_from("example.com").expect("name");
    ClientConnection::resume(Arc::new(config), name, data, now()).expect("client starts")
}

pub(super) fn events(client: &mut ClientConnection) -> Vec<Event> {
    core::iter::from_fn(|| client.poll_event()).collect()
}

/// The binder of `psk` (SHA-256) over `transcript`, computed independently of the client.
fn expected_binder(suite: &SupportedCipherSuite, transcript: &[u8]) -> Vec<u8> {
    let prims =
        HashPrimitives::from_provider(&ferrotls_crypto::rustcrypto::default_provider(), suite.hash)
            .expect("prims");
    let hash = prims.hash.hash(transcript);
    EarlySecret::new(prims, Some(&psk_of(suite)))
        .binder_key(PskKind::Resumption)
        .and_then(|k| k.binder(&hash))
        .expect("binder")
        .as_bytes()
        .to_vec()
}

fn offered_binder(ch: &ClientHello) -> Vec<u8> {
    ch.psk().expect("pre_shared_key").binders[0].0.clone()
}

/// The server's ServerHello (`select`, `dhe`) in, then EncryptedExtensions with `ee` and the
/// server Finished: the client's answer to the latter.
pub(super) fn answer_resumption(
    client: &mut ClientConnection,
    server: &mut PskServer,
    ch: &ClientHello,
    ee: Vec<EncryptedExtension>,
) -> Result<usize, Error> {
    let sh = server.server_hello(ch, Some(0), true);
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), ch);
    client.handle_tls(&mut record, now())?;
    let ee = HandshakeMessage::EncryptedExtensions(EncryptedExtensions { extensions: ee });
    let mut record = server.send(&[ee]);
    let finished = server.finished();
    record.extend_from_slice(&server.send(&[finished]));
    client.handle_tls(&mut record, now())
}

#[test]
fn the_offer_has_one_identity_its_age_and_a_correct_binder() {
    let mut client = resume(config(), ticket(&TLS_AES_128_GCM_SHA256, 0));
    assert!(client.info().resumption_offered);
    assert!(client.session_flags().resumption_requested);
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &[]);
    let (ch, encoded) = server.client_hello(&mut client);
    // RFC 8446 §4.2.11: last; one identity; the age in ms plus ticket_age_add, mod 2^32.
    let psk = match ch.extensions.last() {
        Some(ClientExtension::PreSharedKey(psk)) => psk,
        other => panic!("{other:?}"),
    };
    assert_eq!(psk.identities.len(), 1);
    assert_eq!(psk.identities[0].identity, TICKET);
    assert_eq!(
        psk.identities[0].obfuscated_ticket_age,
        AGE_ADD.wrapping_add(AGE_SECS as u32 * 1000)
    );
    // §4.2.11.2: the binder over the ClientHello up to the binders list.
    let partial = ch.encode_partial().expect("partial");
    assert_eq!(&encoded[..partial.len()], partial);
    assert_eq!(
        offered_binder(&ch),
        expected_binder(&TLS_AES_128_GCM_SHA256, &partial)
    );
    // The kept copy is what went out.
    assert_eq!(
        HandshakeMessage::ClientHello(ch.clone())
            .to_bytes()
            .unwrap(),
        encoded
    );
    assert_eq!(ch.psk_modes(), Some(&[PskKeyExchangeMode::PSK_DHE_KE][..]));
    // psk_dhe_ke: the default shares (X25519MLKEM768 and X25519) go with the PSK.
    assert_eq!(ch.key_shares().map(<[_]>::len), Some(2));
    // Resuming TLS 1.3, no TLS 1.2 ticket is asked for (NSS does the same, RFC 8448 §4), and
    // no early data without enable_early_data.
    assert!(!ch.has_extension(ExtensionType::SESSION_TICKET));
    assert!(!ch.early_data_offered());
    assert!(events(&mut client).is_empty());
}

#[test]
fn a_finer_ticket_age_is_used_as_given() {
    let name = ServerName::try_from("example.com").unwrap();
    let mut client = ClientConnection::resume_with_ticket_age(
        Arc::new(config()),
        name,
        ticket(&TLS_AES_128_GCM_SHA256, 0),
        now(),
        Duration::from_millis(1234),
    )
    .unwrap();
    let (ch, _) = PskServer::new(&TLS_AES_128_GCM_SHA256, &[]).client_hello(&mut client);
    assert_eq!(
        ch.psk().unwrap().identities[0].obfuscated_ticket_age,
        AGE_ADD.wrapping_add(1234)
    );
}

#[test]
fn a_resumed_handshake_skips_the_certificate() {
    let data = ticket(&TLS_AES_128_GCM_SHA256, 0);
    let mut client = resume(config(), data);
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &psk_of(&TLS_AES_128_GCM_SHA256));
    let (ch, _) = server.client_hello(&mut client);
    answer_resumption(&mut client, &mut server, &ch, vec![]).expect("resumed flight");
    let server_finished_hash = server.transcript_hash();
    server.install_client_handshake_read();
    assert!(matches!(
        server.client_message(&mut client),
        HandshakeMessage::Finished(_)
    ));
    assert!(server.drained(&mut client));
    server.enter_application(&server_finished_hash);
    assert_eq!(
        events(&mut client),
        [Event::HandshakeComplete {
            version: ProtocolVersion::TLS1_3
        }]
    );
    assert!(client.is_resumed());
    assert!(client.session_flags().resumed);
    let info = client.info();
    assert_eq!(info.group, Some(NamedGroup::X25519));
    assert_eq!(
        info.peer_certificates,
        [CertificateDer::from(CERT.to_vec())]
    );
    assert_eq!(info.peer_signature_scheme, None);
    // RFC 8446 §4.1.3: the echo of our (empty, no compatibility mode) session id.
    assert!(client.session_id().is_empty());

    // Application data flows; a ticket of the resumed connection names the original chain.
    client.send(b"ping").unwrap();
    assert_eq!(
        server.next_record(&mut client),
        Some((ContentType::APPLICATION_DATA, b"ping".to_vec()))
    );
    let nst = HandshakeMessage::NewSessionTicketTls13(NewSessionTicketTls13 {
        lifetime: 60,
        age_add: 7,
        nonce: vec![1],
        ticket: vec![9; 4],
        extensions: vec![],
    });
    let mut record = server.send(&[nst]);
    client.handle_tls(&mut record, now()).unwrap();
    match events(&mut client).as_slice() {
        [Event::TicketReceived(next)] => {
            assert_eq!(
                *next.peer_certificates(),
                [CertificateDer::from(CERT.to_vec())]
            );
            assert_eq!(next.server_name(), Some("example.com"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn psk_ke_sends_no_share_and_derives_without_one() {
    let mut c = config();
    c.psk_modes = vec![PskKeyExchangeMode::PSK_KE];
    let mut client = resume(c, ticket(&TLS_AES_128_GCM_SHA256, 0));
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &psk_of(&TLS_AES_128_GCM_SHA256));
    let (ch, _) = server.client_hello(&mut client);
    assert_eq!(ch.psk_modes(), Some(&[PskKeyExchangeMode::PSK_KE][..]));
    // RFC 8446 §9.2: key_share goes with supported_groups, here with no share in it.
    assert_eq!(ch.key_shares().map(<[_]>::len), Some(0));
    let sh = server.server_hello(&ch, Some(0), false);
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch);
    client
        .handle_tls(&mut record, now())
        .expect("psk_ke ServerHello");
    let mut record = server.send(&[encrypted_extensions()]);
    let finished = server.finished();
    record.extend_from_slice(&server.send(&[finished]));
    client
        .handle_tls(&mut record, now())
        .expect("server flight");
    server.install_client_handshake_read();
    assert!(matches!(
        server.client_message(&mut client),
        HandshakeMessage::Finished(_)
    ));
    assert!(client.is_resumed());
    assert_eq!(client.info().group, None);
}

#[test]
fn a_declined_offer_completes_in_full() {
    let mut client = resume(config(), ticket(&TLS_AES_128_GCM_SHA256, 0));
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &[]);
    let (ch, _) = server.client_hello(&mut client);
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
    server.install_client_handshake_read();
    assert!(matches!(
        server.client_message(&mut client),
        HandshakeMessage::Finished(_)
    ));
    assert_eq!(
        events(&mut client),
        [
            Event::ResumptionDeclined {
                reason: DeclineReason::DeclinedByServer
            },
            Event::HandshakeComplete {
                version: ProtocolVersion::TLS1_3
            }
        ]
    );
    assert!(!client.is_resumed());
    assert!(client.info().resumption_offered);
}

#[test]
fn server_hello_answers_to_the_offer_are_checked() {
    type Edit = fn(&mut crate::msgs::handshake::ServerHello);
    let cases: [(&str, ClientConfig, ResumptionData, Edit, AlertDescription); 4] = [
        // §4.2.11: "selected_identity is within the range supplied by the client".
        (
            "identity out of range",
            config(),
            ticket(&TLS_AES_128_GCM_SHA256, 0),
            |sh| {
                for e in &mut sh.extensions {
                    if let ServerExtension::PreSharedKey(i) = e {
                        *i = 1;
                    }
                }
            },
            AlertDescription::ILLEGAL_PARAMETER,
        ),
        // §4.2.11: the suite's hash must be the PSK's (SHA-384 ticket, SHA-256 suite).
        (
            "hash mismatch",
            config(),
            ticket(&TLS_AES_256_GCM_SHA384, 0),
            |_| {},
            AlertDescription::ILLEGAL_PARAMETER,
        ),
        // §4.2.11: "a server "key_share" extension is present if required by the ClientHello
        // "psk_key_exchange_modes" extension".
        (
            "no key_share for psk_dhe_ke",
            config(),
            ticket(&TLS_AES_128_GCM_SHA256, 0),
            |sh| {
                sh.extensions
                    .retain(|e| e.ext_type() != ExtensionType::KEY_SHARE);
            },
            AlertDescription::ILLEGAL_PARAMETER,
        ),
        // Without an offer, pre_shared_key is unsolicited (§4.2).
        (
            "no offer",
            config(),
            ResumptionData::tls13_ticket(
                params(&TLS_AES_128_GCM_SHA256, &psk_of(&TLS_AES_128_GCM_SHA256)),
                TICKET.to_vec(),
                UnixTime::since_unix_epoch(Duration::from_secs(1)),
                60,
                0,
                0,
            )
            .unwrap(),
            |_| {},
            AlertDescription::UNSUPPORTED_EXTENSION,
        ),
    ];
    for (name, config, data, edit, expected) in cases {
        let mut client = resume(config, data);
        let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &psk_of(&TLS_AES_128_GCM_SHA256));
        let (ch, _) = server.client_hello(&mut client);
        let mut sh = server.server_hello(&ch, Some(0), true);
        edit(&mut sh);
        let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch);
        assert_eq!(
            alert(client.handle_tls(&mut record, now())),
            expected,
            "{name}"
        );
    }

    // psk_ke offered alone: a key_share from the server is not that mode.
    let mut c = config();
    c.psk_modes = vec![PskKeyExchangeMode::PSK_KE];
    let mut client = resume(c, ticket(&TLS_AES_128_GCM_SHA256, 0));
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &psk_of(&TLS_AES_128_GCM_SHA256));
    let (ch, _) = server.client_hello(&mut client);
    let sh = server.server_hello(&ch, Some(0), true);
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch);
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::ILLEGAL_PARAMETER
    );
}

#[test]
fn a_resumed_server_may_not_send_certificates() {
    let mut client = resume(config(), ticket(&TLS_AES_128_GCM_SHA256, 0));
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &psk_of(&TLS_AES_128_GCM_SHA256));
    let (ch, _) = server.client_hello(&mut client);
    let sh = server.server_hello(&ch, Some(0), true);
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch);
    client.handle_tls(&mut record, now()).unwrap();
    let mut record = server.send(&[encrypted_extensions(), certificate(CERT)]);
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::UNEXPECTED_MESSAGE
    );
}

fn hello_retry(ch: &ClientHello, suite: CipherSuite) -> HandshakeMessage {
    HandshakeMessage::HelloRetryRequest(HelloRetryRequest {
        legacy_version: ProtocolVersion::TLS1_2,
        session_id: ch.session_id.clone(),
        cipher_suite: suite,
        compression_method: crate::msgs::enums::CompressionMethod::NULL,
        extensions: vec![
            HelloRetryExtension::SupportedVersions(ProtocolVersion::TLS1_3),
            HelloRetryExtension::Cookie(Cookie(b"cookie".to_vec())),
        ],
    })
}

#[test]
fn hello_retry_recomputes_the_binder() {
    let mut client = resume(config(), ticket(&TLS_AES_128_GCM_SHA256, 0));
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &[]);
    let (ch1, encoded1) = server.client_hello(&mut client);
    let hrr = hello_retry(&ch1, CipherSuite::TLS_AES_128_GCM_SHA256);
    let hrr_encoded = hrr.to_bytes().unwrap();
    let mut record = server.send_plain(&hrr, &ch1);
    client
        .handle_tls(&mut record, now())
        .expect("HelloRetryRequest");
    let (ch2, _) = server.client_hello(&mut client);
    assert_eq!(ch2.cookie(), Some(&Cookie(b"cookie".to_vec())));
    // RFC 8446 §4.2.11.2: message_hash(ClientHello1), HelloRetryRequest, partial ClientHello2.
    let mut transcript = message_hash(
        ferrotls_crypto::rustcrypto::default_provider()
            .hash(TLS_AES_128_GCM_SHA256.hash)
            .expect("sha256"),
        &encoded1,
    );
    transcript.extend_from_slice(&hrr_encoded);
    transcript.extend_from_slice(&ch2.encode_partial().unwrap());
    let binder = offered_binder(&ch2);
    assert_eq!(
        binder,
        expected_binder(&TLS_AES_128_GCM_SHA256, &transcript)
    );
    assert_ne!(binder, offered_binder(&ch1));
    assert_eq!(ch2.psk().unwrap().identities, ch1.psk().unwrap().identities);
    assert!(matches!(
        ch2.extensions.last(),
        Some(ClientExtension::PreSharedKey(_))
    ));
}

#[test]
fn hello_retry_to_another_hash_drops_the_psk() {
    let mut client = resume(config(), ticket(&TLS_AES_256_GCM_SHA384, 0));
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &[]);
    let (ch1, _) = server.client_hello(&mut client);
    assert!(ch1.psk().is_some());
    let mut record = server.send_plain(
        &hello_retry(&ch1, CipherSuite::TLS_AES_128_GCM_SHA256),
        &ch1,
    );
    client
        .handle_tls(&mut record, now())
        .expect("HelloRetryRequest");
    let (ch2, _) = server.client_hello(&mut client);
    assert!(ch2.psk().is_none());
    assert!(ch2.psk_modes().is_some());
    // The ServerHello cannot select it now (unsolicited), and a full one declines it.
    let sh = server.server_hello(&ch2, None, true);
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch2);
    client.handle_tls(&mut record, now()).expect("ServerHello");
    assert_eq!(
        events(&mut client),
        [Event::ResumptionDeclined {
            reason: DeclineReason::DeclinedByServer
        }]
    );
}

/// RFC 9149 §3: resumption_count is the client's wish "if the server is willing to resume
/// using a ticket presented in this ClientHello", and a client starting a new connection
/// "SHOULD set ... resumption_count to 0": a hello without a ticket asks for none, one with a
/// ticket for the configured count. A retried hello repeats the request unchanged (§3), also
/// when it drops a ticket of the wrong hash.
#[test]
fn resumption_count_is_asked_only_with_a_ticket_offered() {
    let request = TicketRequest {
        new_session_count: 4,
        resumption_count: 2,
    };
    let mut asking = config();
    asking.ticket_request = Some(request);
    let sent = |ch: &ClientHello| match ch.extension(ExtensionType::TICKET_REQUEST) {
        Some(ClientExtension::TicketRequest(r)) => *r,
        other => panic!("{other:?}"),
    };

    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &[]);
    let (ch, _) = server.client_hello(&mut connect(asking.clone()));
    assert_eq!(
        sent(&ch),
        TicketRequest {
            resumption_count: 0,
            ..request
        }
    );

    let mut client = resume(asking.clone(), ticket(&TLS_AES_128_GCM_SHA256, 0));
    let (ch, _) = server.client_hello(&mut client);
    assert_eq!(sent(&ch), request);

    let mut client = resume(asking, ticket(&TLS_AES_256_GCM_SHA384, 0));
    let (ch1, _) = server.client_hello(&mut client);
    let mut record = server.send_plain(
        &hello_retry(&ch1, CipherSuite::TLS_AES_128_GCM_SHA256),
        &ch1,
    );
    client
        .handle_tls(&mut record, now())
        .expect("HelloRetryRequest");
    let (ch2, _) = server.client_hello(&mut client);
    assert!(ch2.psk().is_none());
    assert_eq!(sent(&ch2), request);
}

#[test]
fn tickets_become_resumption_data() {
    let mut c = config();
    c.alpn_protocols = vec![b"h2".to_vec()];
    let (mut client, mut server) = connected(c);
    server.receive_client_flight(&mut client);
    let _ = events(&mut client);
    assert!(client.resumption_data().is_err());
    let nst = |lifetime, extensions| {
        HandshakeMessage::NewSessionTicketTls13(NewSessionTicketTls13 {
            lifetime,
            age_add: 0x0102_0304,
            nonce: vec![0, 1],
            ticket: vec![7; 40],
            extensions,
        })
    };
    // A lifetime beyond seven days is cut to seven days (RFC 8446 §4.6.1).
    let mut record = server.send(&[nst(
        700_000,
        vec![NewSessionTicketExtension::EarlyData(MaxEarlyDataSize(1234))],
    )]);
    let later = UnixTime::since_unix_epoch(Duration::from_secs(now().as_secs() + 5));
    client.handle_tls(&mut record, later).unwrap();
    let data = match events(&mut client).as_slice() {
        [Event::TicketReceived(data)] => data.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(data.protocol_version(), ProtocolVersion::TLS1_3);
    assert_eq!(data.cipher_suite(), CipherSuite::TLS_AES_128_GCM_SHA256);
    assert_eq!(data.secret().len(), 32);
    assert_eq!(data.ticket(), [7; 40]);
    assert_eq!(data.lifetime(), 604_800);
    assert_eq!(data.ticket_age_add(), 0x0102_0304);
    assert_eq!(data.max_early_data_size(), 1234);
    assert_eq!(data.received(), later);
    assert_eq!(data.server_name(), Some("example.com"));
    assert_eq!(
        *data.peer_certificates(),
        [CertificateDer::from(CERT.to_vec())]
    );
    assert_eq!(client.resumption_data(), Ok(data.clone()));
    assert!(client.session_flags().ticket_received);

    // Another nonce, another PSK; a lifetime of 0 means "discard": no event, no data.
    let mut record = server.send(&[HandshakeMessage::NewSessionTicketTls13(
        NewSessionTicketTls13 {
            lifetime: 60,
            age_add: 0,
            nonce: vec![2],
            ticket: vec![8],
            extensions: vec![],
        },
    )]);
    client.handle_tls(&mut record, now()).unwrap();
    let second = match events(&mut client).as_slice() {
        [Event::TicketReceived(d)] => d.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(second.max_early_data_size(), 0);
    assert!(second.secret() != data.secret());
    let mut record = server.send(&[nst(0, vec![])]);
    client.handle_tls(&mut record, now()).unwrap();
    assert!(events(&mut client).is_empty());
    assert_eq!(client.resumption_data(), Ok(second));

    // A malformed ticket (the extensions field missing) is decode_error.
    let mut record = server.send_record(
        ContentType::HANDSHAKE,
        &[4, 0, 0, 12, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 9],
    );
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::DECODE_ERROR
    );
}

#[test]
fn resume_declines_what_it_cannot_offer() {
    let expired = {
        let d = ticket(&TLS_AES_128_GCM_SHA256, 0);
        let later = UnixTime::since_unix_epoch(Duration::from_secs(now().as_secs() + 7200));
        (d, later)
    };
    let other_name = ResumptionData::tls13_ticket(
        SessionParams {
            server_name: Some(String::from("other.example")),
            ..params(&TLS_AES_128_GCM_SHA256, &psk_of(&TLS_AES_128_GCM_SHA256))
        },
        TICKET.to_vec(),
        received(),
        7200,
        0,
        0,
    )
    .unwrap();
    let tls12 = ResumptionData::tls12_session_id(
        params(
            crate::suites::lookup(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256).unwrap(),
            &[1; 48],
        ),
        vec![5; 32],
        received(),
        3600,
    )
    .unwrap();
    let mut sha384_only = config();
    sha384_only
        .cipher_suites
        .retain(|s| s.suite == CipherSuite::TLS_AES_256_GCM_SHA384);
    let mut no_modes = config();
    no_modes.psk_modes.clear();
    let cases = [
        (config(), expired.0, expired.1, DeclineReason::Expired),
        (
            config(),
            other_name,
            now(),
            DeclineReason::ServerNameMismatch,
        ),
        (config(), tls12, now(), DeclineReason::VersionMismatch),
        (
            sha384_only,
            ticket(&TLS_AES_128_GCM_SHA256, 0),
            now(),
            DeclineReason::CipherSuiteMismatch,
        ),
        (
            no_modes,
            ticket(&TLS_AES_128_GCM_SHA256, 0),
            now(),
            DeclineReason::ModeMismatch,
        ),
    ];
    for (config, data, at, reason) in cases {
        let name = ServerName::try_from("EXAMPLE.com").unwrap();
        let mut client = ClientConnection::resume(Arc::new(config), name, data, at).unwrap();
        assert_eq!(
            events(&mut client),
            [Event::ResumptionDeclined { reason }],
            "{reason}"
        );
        assert!(!client.info().resumption_offered);
        let (ch, _) = PskServer::new(&TLS_AES_128_GCM_SHA256, &[]).client_hello(&mut client);
        assert!(ch.psk().is_none(), "{reason}");
    }

    // The server name is compared case-insensitively: Example.COM is example.com.
    let data = ResumptionData::tls13_ticket(
        SessionParams {
            server_name: Some(String::from("Example.COM")),
            ..params(&TLS_AES_128_GCM_SHA256, &psk_of(&TLS_AES_128_GCM_SHA256))
        },
        TICKET.to_vec(),
        received(),
        7200,
        0,
        0,
    )
    .unwrap();
    let mut client = resume(config(), data);
    assert!(client.info().resumption_offered);
    assert!(events(&mut client).is_empty());
}

#[test]
fn a_declined_resume_is_a_full_handshake() {
    let later = UnixTime::since_unix_epoch(Duration::from_secs(now().as_secs() + 7200));
    let name = ServerName::try_from("example.com").unwrap();
    let mut client = ClientConnection::resume(
        Arc::new(config()),
        name,
        ticket(&TLS_AES_128_GCM_SHA256, 0),
        later,
    )
    .unwrap();
    // The same ClientHello bytes as a plain `new` with the same random source.
    let mut fresh = connect(config());
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    client.write_tls(&mut ours);
    fresh.write_tls(&mut theirs);
    assert_eq!(ours, theirs);
}

fn tls12_config() -> ClientConfig {
    let mut c = config();
    c.versions = vec![ProtocolVersion::TLS1_2];
    c
}

pub(super) fn tls12_params(ems: bool) -> SessionParams {
    SessionParams {
        extended_master_secret: ems,
        ..params(
            crate::suites::lookup(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256).unwrap(),
            &[1; 48],
        )
    }
}

#[test]
fn tls12_sessions_go_in_the_client_hello() {
    // A session ID is sent as legacy_session_id, and the empty ticket request stays.
    let data = ResumptionData::tls12_session_id(tls12_params(true), vec![5; 20], received(), 3600)
        .unwrap();
    let mut client = resume(tls12_config(), data.clone());
    assert!(client.info().resumption_offered);
    let (ch, _) = PskServer::new(&TLS_AES_128_GCM_SHA256, &[]).client_hello(&mut client);
    assert_eq!(ch.session_id, [5; 20]);
    assert_eq!(
        ch.extension(ExtensionType::SESSION_TICKET),
        Some(&ClientExtension::SessionTicket(SessionTicket(Vec::new())))
    );
    assert!(ch.psk().is_none());
    assert_eq!(client.hs.cx.offered.as_ref(), Some(&data));

    // A ticket goes in session_ticket with a fresh 32-byte session ID (RFC 5077 §3.4).
    let data = ResumptionData::tls12_ticket(
        tls12_params(true),
        b"tls12 ticket".to_vec(),
        vec![],
        received(),
        3600,
    )
    .unwrap();
    let mut client = resume(tls12_config(), data);
    let (ch, _) = PskServer::new(&TLS_AES_128_GCM_SHA256, &[]).client_hello(&mut client);
    assert_eq!(ch.session_id.len(), 32);
    assert_ne!(ch.session_id, [0; 32]);
    assert_eq!(
        ch.extension(ExtensionType::SESSION_TICKET),
        Some(&ClientExtension::SessionTicket(SessionTicket(
            b"tls12 ticket".to_vec()
        )))
    );

    // Both versions offered: the TLS 1.2 session ID doubles as the compatibility-mode ID.
    let mut both = config();
    both.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
    both.middlebox_compat = true;
    let data = ResumptionData::tls12_session_id(tls12_params(true), vec![6; 32], received(), 3600)
        .unwrap();
    let (ch, _) =
        PskServer::new(&TLS_AES_128_GCM_SHA256, &[]).client_hello(&mut resume(both, data));
    assert_eq!(ch.session_id, [6; 32]);

    // A session without the extended master secret cannot be resumed by a client that always
    // sends it (RFC 7627 §5.3).
    let data = ResumptionData::tls12_session_id(tls12_params(false), vec![5; 20], received(), 3600)
        .unwrap();
    let mut client = resume(tls12_config(), data);
    assert_eq!(
        events(&mut client),
        [Event::ResumptionDeclined {
            reason: DeclineReason::EmsMismatch
        }]
    );
    // A TLS 1.2 suite the config does not enable.
    let mut c = tls12_config();
    c.cipher_suites
        .retain(|s| s.suite != CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
    let data = ResumptionData::tls12_session_id(tls12_params(true), vec![5; 20], received(), 3600)
        .unwrap();
    let mut client = resume(c, data);
    assert_eq!(
        events(&mut client),
        [Event::ResumptionDeclined {
            reason: DeclineReason::CipherSuiteMismatch
        }]
    );
}
