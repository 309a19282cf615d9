//! The TLS 1.2 server's resumption rules, one crafted ClientHello each: the abbreviated
//! handshake by session ID and by ticket, what the full handshake's ServerHello promises, and
//! the extended-master-secret rules of RFC 7627 §5.3 (which our own client cannot break: it
//! always sends the extension).

use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::Secret;
use ferrotls_record::{AlertDescription, ContentType, RecordReader, RecordWriter};

use super::support::*;
use crate::certificate_chain::CertificateChain;
use crate::config::ServerConfig;
use crate::events::Event;
use crate::key_schedule::{HashPrimitives, Side, Tls12MasterSecret};
use crate::msgs::enums::{CipherSuite, ExtensionType};
use crate::msgs::extensions::{ClientExtension, ServerExtension, SessionTicket};
use crate::msgs::handshake::{ClientHello, Finished, HandshakeMessage, ServerHello, Version};
use crate::resumption::{DeclineReason, ServerSessionState, SessionParams};
use crate::server::ServerConnection;
use crate::suites;
use crate::tls12::{protection, record_keys};
use crate::transcript::Transcript;

pub(super) const SUITE: CipherSuite = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
const MASTER: [u8; 48] = [0x4d; 48];
pub(super) const ID: [u8; 32] = [0x1d; 32];

pub(super) fn session(ems: bool) -> ServerSessionState {
    let params = SessionParams {
        cipher_suite: SUITE,
        secret: Secret::new(&MASTER),
        server_name: Some("example.com".into()),
        alpn: None,
        extended_master_secret: ems,
        peer_certificates: CertificateChain::empty(),
    };
    ServerSessionState::tls12(params, ID.to_vec(), now(), 3600).unwrap()
}

/// A config whose store holds `state` under [`ID`].
pub(super) fn storing(mut config: ServerConfig, state: ServerSessionState) -> ServerConfig {
    assert!(config
        .session_store
        .as_ref()
        .expect("default store")
        .put(&ID, state, now()));
    config.require_ems = false;
    config
}

/// `ch` asking for a ticket (RFC 5077 §3.2: an empty session_ticket).
fn asking_ticket(ch: ClientHello) -> ClientHello {
    replace(
        ch,
        ClientExtension::SessionTicket(SessionTicket(Vec::new())),
    )
}

pub(super) fn with_session_id(ch: ClientHello) -> ClientHello {
    ClientHello {
        session_id: ID.to_vec(),
        ..ch
    }
}

fn sealed(config: &ServerConfig, state: &ServerSessionState) -> Vec<u8> {
    config
        .ticket_sealer
        .as_ref()
        .unwrap()
        .seal(&state.to_bytes(), config.provider.random.as_ref(), now())
        .unwrap()
}

pub(super) fn events(conn: &mut ServerConnection) -> Vec<Event> {
    core::iter::from_fn(|| conn.poll_event()).collect()
}

/// The server's abbreviated flight for `ch`: its clear handshake messages, then (after the
/// ChangeCipherSpec) its Finished checked against the keys of [`MASTER`]; then the client's
/// ChangeCipherSpec and Finished are fed back. Returns the connection and the messages.
fn abbreviated(config: ServerConfig, ch: &ClientHello) -> (ServerConnection, Vec<Vec<u8>>) {
    let provider = Arc::clone(&config.provider);
    let (mut conn, result) = run(config, ch);
    result.unwrap();
    let mut out = Vec::new();
    conn.write_tls(&mut out);
    let first_len = 5 + usize::from(u16::from_be_bytes([out[3], out[4]]));
    let messages = split_messages(&out[..first_len]);
    assert_eq!(
        out[first_len..first_len + 6],
        [20, 3, 3, 0, 1, 1],
        "ChangeCipherSpec after the hello"
    );
    let HandshakeMessage::ServerHello(sh) =
        HandshakeMessage::decode(&messages[0], Version::Tls12).unwrap()
    else {
        panic!("no ServerHello");
    };
    let suite = suites::lookup(SUITE).unwrap();
    let prims = HashPrimitives::from_provider(&provider, suite.hash).unwrap();
    let master = Tls12MasterSecret::from_bytes(prims, &MASTER).unwrap();
    let keys = record_keys(suite, &master, &ch.random, &sh.random);
    let mut transcript = Transcript::new(prims.hash);
    transcript.add(
        &HandshakeMessage::ClientHello(ch.clone())
            .to_bytes()
            .unwrap(),
    );
    messages.iter().for_each(|m| transcript.add(m));
    let mut reader = RecordReader::new();
    reader.install(protection(&provider, &keys.server_write).unwrap());
    let (ours, _) = reader.read(&mut out[first_len + 6..]).unwrap().unwrap();
    let expected = master
        .verify_data(Side::Server, &transcript.current())
        .unwrap();
    assert_eq!(ours.payload[..4], [20, 0, 0, 12]);
    assert!(expected.ct_eq(&ours.payload[4..]), "server Finished");
    transcript.add(ours.payload);

    let verify_data = master
        .verify_data(Side::Client, &transcript.current())
        .unwrap()
        .as_bytes()
        .to_vec();
    let finished = HandshakeMessage::Finished(Finished::new(&verify_data).unwrap())
        .to_bytes()
        .unwrap();
    let mut bytes = record(ContentType::CHANGE_CIPHER_SPEC, &[1]);
    let mut writer = RecordWriter::new();
    writer.install(protection(&provider, &keys.client_write).unwrap());
    writer
        .write(ContentType::HANDSHAKE, &finished, &mut bytes)
        .unwrap();
    feed(&mut conn, &bytes).unwrap();
    assert!(!conn.is_handshaking(), "the client's Finished ends it");
    (conn, messages)
}

fn decode_hello(message: &[u8]) -> ServerHello {
    match HandshakeMessage::decode(message, Version::Tls12) {
        Ok(HandshakeMessage::ServerHello(sh)) => sh,
        other => panic!("not a ServerHello: {other:?}"),
    }
}

#[test]
fn a_stored_session_id_resumes() {
    let config = storing(config(), session(true));
    let ch = with_session_id(hello());
    let (mut conn, messages) = abbreviated(config, &ch);
    assert_eq!(messages.len(), 1, "ServerHello only: no ticket asked for");
    let sh = decode_hello(&messages[0]);
    assert_eq!(sh.session_id, ID);
    assert_eq!(sh.cipher_suite, SUITE);
    // RFC 6066 §3: no server_name when resuming.
    assert!(!sh
        .extensions
        .iter()
        .any(|e| matches!(e, ServerExtension::ServerName)));
    assert!(sh
        .extensions
        .iter()
        .any(|e| matches!(e, ServerExtension::ExtendedMasterSecret)));
    let info = conn.info();
    assert!(info.resumed && info.resumption_offered && info.safe_renegotiation);
    assert_eq!(info.session_id, ID);
    assert_eq!(info.group, None);
    assert_eq!(
        events(&mut conn),
        [Event::HandshakeComplete {
            version: ferrotls_record::ProtocolVersion::TLS1_2
        }]
    );
}

#[test]
fn a_ticket_resumes_with_the_clients_session_id_and_a_renewed_ticket() {
    let base = config();
    let ticket = sealed(&base, &session(true));
    let ch = ClientHello {
        session_id: vec![0xcc; 32],
        ..replace(
            hello(),
            ClientExtension::SessionTicket(SessionTicket(ticket)),
        )
    };
    let (conn, messages) = abbreviated(base, &ch);
    let sh = decode_hello(&messages[0]);
    // RFC 5077 §3.4: the client's session ID echoed; §3.2: an empty session_ticket.
    assert_eq!(sh.session_id, [0xcc; 32]);
    assert!(sh
        .extensions
        .iter()
        .any(|e| matches!(e, ServerExtension::SessionTicket)));
    let Ok(HandshakeMessage::NewSessionTicketTls12(renewed)) =
        HandshakeMessage::decode(&messages[1], Version::Tls12)
    else {
        panic!("no NewSessionTicket after the ServerHello");
    };
    assert!(!renewed.ticket.is_empty());
    // The session's remaining life (it was made at `now()`).
    assert_eq!(renewed.lifetime_hint, 3600);
    // The persistent identity travels in the ticket.
    assert_eq!(conn.info().session_id, ID);
}

/// Counts the requests made to a seeded source.
#[derive(Debug)]
struct Counting {
    inner: ferrotls_crypto::random::SeededRandom,
    requests: core::sync::atomic::AtomicUsize,
    bytes: core::sync::atomic::AtomicUsize,
}

impl ferrotls_crypto::SecureRandom for Counting {
    fn fill(&self, dest: &mut [u8]) -> Result<(), ferrotls_crypto::CryptoError> {
        use core::sync::atomic::Ordering::Relaxed;
        self.requests.fetch_add(1, Relaxed);
        self.bytes.fetch_add(dest.len(), Relaxed);
        self.inner.fill(dest)
    }
}

/// The ServerHello random and the renewed ticket's nonce come from one request to the source
/// (one system call for `OsRandom`), and they are the bytes two requests in that order give.
#[test]
fn one_request_draws_the_random_and_the_renewed_tickets_nonce() {
    use core::sync::atomic::Ordering::Relaxed;
    use ferrotls_crypto::random::SeededRandom;
    use ferrotls_crypto::SecureRandom;
    const SEED: [u8; 32] = [9; 32];
    let mut config = config();
    let ticket = sealed(&config, &session(true));
    let counting = Arc::new(Counting {
        inner: SeededRandom::new(SEED),
        requests: Default::default(),
        bytes: Default::default(),
    });
    let mut provider = (*config.provider).clone();
    provider.random = counting.clone();
    config.provider = Arc::new(provider);
    let ch = replace(
        hello(),
        ClientExtension::SessionTicket(SessionTicket(ticket)),
    );
    let (_conn, messages) = abbreviated(config, &ch);
    assert_eq!(counting.requests.load(Relaxed), 1, "one request");
    assert_eq!(counting.bytes.load(Relaxed), 32 + 12);

    let separate = SeededRandom::new(SEED);
    let (mut random, mut nonce) = ([0u8; 32], [0u8; 12]);
    separate.fill(&mut random).unwrap();
    separate.fill(&mut nonce).unwrap();
    let sh = decode_hello(&messages[0]);
    // The last 8 bytes are the downgrade sentinel (TLS 1.3 is enabled too).
    assert_eq!(sh.random[..24], random[..24]);
    let Ok(HandshakeMessage::NewSessionTicketTls12(renewed)) =
        HandshakeMessage::decode(&messages[1], Version::Tls12)
    else {
        panic!("no NewSessionTicket after the ServerHello");
    };
    // key_name[16] || nonce[12] || ...
    assert_eq!(renewed.ticket[16..28], nonce);
}

#[test]
fn a_ticket_offer_never_falls_back_to_the_session_id() {
    // RFC 5077 §3.4: with a ticket presented, the session ID is not looked up, even when it
    // names a stored session.
    let config = storing(config(), session(true));
    let ch = with_session_id(replace(
        hello(),
        ClientExtension::SessionTicket(SessionTicket(vec![1; 90])),
    ));
    let (mut conn, messages) = flight(config, &ch);
    let types: Vec<u8> = messages.iter().map(|m| m[0]).collect();
    assert_eq!(types, [2, 11, 12, 14], "a full handshake");
    assert!(events(&mut conn).contains(&Event::ResumptionDeclined {
        reason: DeclineReason::Undecryptable
    }));
    assert!(!conn.info().resumed);
}

#[test]
fn the_full_handshake_promises_what_it_will_deliver() {
    // A ticket asked for, a store: both a session ID and a ticket.
    let sh = server_hello(config(), &asking_ticket(hello()));
    assert_eq!(sh.session_id.len(), 32);
    let ticket = |sh: &ServerHello| {
        sh.extensions
            .iter()
            .any(|e| matches!(e, ServerExtension::SessionTicket))
    };
    assert!(ticket(&sh));
    // No store: RFC 5077 §3.4's empty session ID, the ticket alone.
    let mut no_store = config();
    no_store.session_store = None;
    let (conn, messages) = flight(no_store, &asking_ticket(hello()));
    let sh = decode_hello(&messages[0]);
    assert!(sh.session_id.is_empty() && ticket(&sh));
    assert_eq!(conn.info().session_id.len(), 32, "an identity all the same");
    // No ticket asked for.
    let sh = server_hello(config(), &hello());
    assert!(sh.session_id.len() == 32 && !ticket(&sh));
    // Tickets off.
    let mut off = config();
    off.tls12_tickets = false;
    assert!(!ticket(&server_hello(off, &asking_ticket(hello()))));
    // No EMS: never resumable (RFC 7627 §5.3 would have us abort its resumption).
    let mut lenient = config();
    lenient.require_ems = false;
    let sh = server_hello(
        lenient,
        &without(
            asking_ticket(hello()),
            ExtensionType::EXTENDED_MASTER_SECRET,
        ),
    );
    assert!(sh.session_id.is_empty() && !ticket(&sh));
}

#[test]
fn ems_rules_of_rfc7627_section_5_3() {
    let no_ems = |ch: ClientHello| without(ch, ExtensionType::EXTENDED_MASTER_SECRET);
    // The session had EMS, the ClientHello has none: abort.
    let config_ems = storing(config(), session(true));
    assert_eq!(
        alert_for(config_ems, &with_session_id(no_ems(hello()))),
        Some(AlertDescription::HANDSHAKE_FAILURE)
    );
    // Neither: abort (SHOULD).
    let config_legacy = storing(config(), session(false));
    assert_eq!(
        alert_for(config_legacy.clone(), &with_session_id(no_ems(hello()))),
        Some(AlertDescription::HANDSHAKE_FAILURE)
    );
    // The session without, the ClientHello with: a full handshake, declined as EmsMismatch.
    let (mut conn, messages) = flight(config_legacy, &with_session_id(hello()));
    assert_eq!(messages.len(), 4);
    assert!(events(&mut conn).contains(&Event::ResumptionDeclined {
        reason: DeclineReason::EmsMismatch
    }));
    // The same through a ticket.
    let base = config();
    let ticket = sealed(&base, &session(true));
    let mut lenient = base;
    lenient.require_ems = false;
    let ch = no_ems(replace(
        hello(),
        ClientExtension::SessionTicket(SessionTicket(ticket)),
    ));
    assert_eq!(
        alert_for(lenient, &ch),
        Some(AlertDescription::HANDSHAKE_FAILURE)
    );
}

#[test]
fn a_session_without_client_authentication_is_not_resumed_where_it_is_required() {
    use crate::verify::{CertificateError, ClientCertVerifier};
    use ferrotls_crypto::SignatureScheme;
    use rustls_pki_types::{CertificateDer, UnixTime};

    #[derive(Debug)]
    struct Required;
    impl ClientCertVerifier for Required {
        fn client_auth_mandatory(&self) -> bool {
            true
        }
        fn root_hint_subjects(&self) -> &[Vec<u8>] {
            &[]
        }
        fn verify_client_cert(
            &self,
            _: &CertificateDer<'_>,
            _: &[CertificateDer<'_>],
            _: UnixTime,
        ) -> Result<(), CertificateError> {
            Ok(())
        }
        fn verify_signature(
            &self,
            _: &CertificateDer<'_>,
            _: SignatureScheme,
            _: &[u8],
            _: &[u8],
        ) -> Result<(), CertificateError> {
            Ok(())
        }
        fn supported_schemes(&self) -> Vec<SignatureScheme> {
            vec![SignatureScheme::ECDSA_NISTP256_SHA256]
        }
    }
    let mut config = storing(config(), session(true));
    config.client_verifier = Some(Arc::new(Required));
    let (mut conn, messages) = flight(config, &with_session_id(hello()));
    assert_eq!(messages[0][0], 2);
    assert!(!conn.info().resumed);
    assert!(events(&mut conn).contains(&Event::ResumptionDeclined {
        reason: DeclineReason::ClientAuthRequired
    }));
}
