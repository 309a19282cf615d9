//! The ferrotls server replays RFC 8448 §3 (simple 1-RTT), §5 (HelloRetryRequest), §6 (client
//! authentication) and §7 (compatibility mode) byte for byte.
//!
//! The server is configured like the trace's server (suites, groups, record_size_limit, its
//! certificate taken from the trace's Certificate message) and fed a scripted random source
//! holding exactly what the trace's server drew: for §5 the HelloRetryRequest cookie, then the
//! ServerHello random and the ephemeral private key. The client's records are fed through
//! `handle_tls` as the trace lists them; everything the server writes must be exactly the
//! trace's server records.
//!
//! Two things cannot come from the trace and are test doubles:
//! - the server's signing key returns the trace's CertificateVerify signature (RSA-PSS and the
//!   trace's ECDSA are randomized), after checking that the content it is asked to sign verifies
//!   under that signature with the certificate's key — so the signed transcript is right too;
//! - §6's client-certificate verifier pins the trace's client certificate (it is self-signed
//!   and old) but checks the CertificateVerify signature for real.
//!
//! The trace's servers also list secp521r1 and the ffdhe groups in EncryptedExtensions, which
//! the provider does not implement: the test provider carries placeholders for them that can
//! never be chosen (each of these clients sends no share for them and a share for a group we
//! prefer).
//!
//! Not replayed: the NewSessionTicket at the end of §3 and the §3 server records after it
//! (session tickets come later); §4 (resumption and 0-RTT).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ferrotls_core::config::ResolvesServerCert;
use ferrotls_core::crypto::kx::{ActiveKx, KxGroup};
use ferrotls_core::crypto::random::ScriptedRandom;
use ferrotls_core::crypto::rustcrypto::{ecdhe, provider_with_random, x25519};
use ferrotls_core::crypto::sign::{KeyKind, SigningKey};
use ferrotls_core::crypto::{
    CryptoError, CryptoProvider, NamedGroup, SecureRandom, SignatureScheme,
};
use ferrotls_core::msgs::handshake::{HandshakeMessage, Version};
use ferrotls_core::pki_types::{CertificateDer, UnixTime};
use ferrotls_core::suites::{
    TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256,
};
use ferrotls_core::verify::{verify_tls13_signature, CertificateError, ClientCertVerifier};
use ferrotls_core::{
    CertResolver, CertifiedKey, Event, ProtocolVersion, ServerConfig, ServerConnection,
};
use ferrotls_tests::vectors::{rfc8448, Step, Trace};

/// A group the trace's server lists but the provider does not implement.
struct Placeholder(NamedGroup);

impl KxGroup for Placeholder {
    fn name(&self) -> NamedGroup {
        self.0
    }

    fn start(&self, _: &dyn SecureRandom) -> Result<Box<dyn ActiveKx>, CryptoError> {
        panic!("{:?} is only listed, never chosen", self.0)
    }
}

static P521: Placeholder = Placeholder(NamedGroup::SECP521R1);
static FFDHE2048: Placeholder = Placeholder(NamedGroup::FFDHE2048);
static FFDHE3072: Placeholder = Placeholder(NamedGroup::FFDHE3072);
static FFDHE4096: Placeholder = Placeholder(NamedGroup::FFDHE4096);
static FFDHE6144: Placeholder = Placeholder(NamedGroup::FFDHE6144);
static FFDHE8192: Placeholder = Placeholder(NamedGroup::FFDHE8192);

static TRACE_GROUPS: &[&dyn KxGroup] = &[
    &x25519::X25519,
    &ecdhe::SECP256R1,
    &ecdhe::SECP384R1,
    &P521,
    &FFDHE2048,
    &FFDHE3072,
    &FFDHE4096,
    &FFDHE6144,
    &FFDHE8192,
];

/// The groups RFC 8448's server lists in EncryptedExtensions (§3, §6, §7).
const NSS_GROUPS: [NamedGroup; 9] = [
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
    NamedGroup::SECP521R1,
    NamedGroup::FFDHE2048,
    NamedGroup::FFDHE3072,
    NamedGroup::FFDHE4096,
    NamedGroup::FFDHE6144,
    NamedGroup::FFDHE8192,
];

/// Signs with the trace's signature, after checking that what it is asked to sign verifies
/// under it with the certificate's public key.
#[derive(Debug)]
struct TraceKey {
    kind: KeyKind,
    scheme: [SignatureScheme; 1],
    signature: Vec<u8>,
    cert: CertificateDer<'static>,
    signed: Mutex<Vec<Vec<u8>>>,
}

impl SigningKey for TraceKey {
    fn kind(&self) -> KeyKind {
        self.kind
    }

    fn schemes(&self) -> &[SignatureScheme] {
        &self.scheme
    }

    fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        _: &dyn SecureRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        assert_eq!(scheme, self.scheme[0]);
        let provider = provider_with_random(Arc::new(ScriptedRandom::new(Vec::new())));
        verify_tls13_signature(
            &provider.verification,
            &self.scheme,
            &self.cert,
            scheme,
            message,
            &self.signature,
        )
        .expect("the content the server signs must be what the trace's server signed");
        self.signed.lock().unwrap().push(message.to_vec());
        Ok(self.signature.clone())
    }
}

/// §6's client verifier: the trace's client certificate, pinned; its signature really checked.
#[derive(Debug)]
struct PinnedClientVerifier {
    cert: CertificateDer<'static>,
    schemes: Vec<SignatureScheme>,
    provider: Arc<CryptoProvider>,
}

impl ClientCertVerifier for PinnedClientVerifier {
    fn client_auth_mandatory(&self) -> bool {
        true
    }

    fn root_hint_subjects(&self) -> &[Vec<u8>] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _: UnixTime,
    ) -> Result<(), CertificateError> {
        if end_entity.as_ref() == self.cert.as_ref() && intermediates.is_empty() {
            Ok(())
        } else {
            Err(CertificateError::UnknownIssuer)
        }
    }

    fn verify_signature(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        verify_tls13_signature(
            &self.provider.verification,
            &self.schemes,
            end_entity,
            scheme,
            message,
            signature,
        )
    }

    fn supported_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.clone()
    }
}

fn decode(bytes: &[u8]) -> HandshakeMessage {
    HandshakeMessage::decode(bytes, Version::Tls13).expect("trace message decodes")
}

fn chain_of(message: &[u8]) -> Vec<CertificateDer<'static>> {
    let HandshakeMessage::CertificateTls13(c) = decode(message) else {
        panic!("not a Certificate");
    };
    c.entries
        .into_iter()
        .map(|e| CertificateDer::from(e.cert.0))
        .collect()
}

fn server_step<'a>(trace: &'a Trace, prefix: &str) -> &'a Step {
    trace.step(&format!("{{server}} {prefix}"))
}

/// The server's certified key as the trace shows it.
fn trace_key(trace: &Trace) -> (Arc<CertifiedKey>, Arc<TraceKey>) {
    let chain =
        chain_of(&server_step(trace, "construct a Certificate handshake").hex("Certificate"));
    let HandshakeMessage::CertificateVerify(cv) =
        decode(&server_step(trace, "construct a CertificateVerify").hex("CertificateVerify"))
    else {
        panic!("not a CertificateVerify");
    };
    let kind = if cv.scheme == SignatureScheme::ECDSA_NISTP256_SHA256 {
        KeyKind::EcdsaP256
    } else {
        KeyKind::Rsa
    };
    let key = Arc::new(TraceKey {
        kind,
        scheme: [cv.scheme],
        signature: cv.signature,
        cert: chain[0].clone(),
        signed: Mutex::new(Vec::new()),
    });
    (
        Arc::new(CertifiedKey::new(
            chain,
            Arc::clone(&key) as Arc<dyn SigningKey>,
        )),
        key,
    )
}

/// The random of the `hello_index`th server_hello-type message: bytes 6..38 (type, length and
/// legacy_version come first).
fn server_random(trace: &Trace, hello_index: usize) -> Vec<u8> {
    let step = trace
        .all("{server} send handshake record")
        .into_iter()
        .filter(|s| s.hex("payload").first() == Some(&2))
        .nth(hello_index)
        .expect("ServerHello record");
    step.hex("payload")[6..38].to_vec()
}

struct Setup {
    trace: Trace,
    config: ServerConfig,
    random: Arc<ScriptedRandom>,
    key: Arc<TraceKey>,
    /// Server records from this step's title on are not produced (session tickets).
    stop_server_at: Option<&'static str>,
}

fn setup(trace: Trace, script: Vec<Vec<u8>>, groups: &[NamedGroup]) -> Setup {
    let parts: Vec<&[u8]> = script.iter().map(|p| p.as_slice()).collect();
    let random = Arc::new(ScriptedRandom::from_parts(&parts));
    let provider = Arc::new(CryptoProvider {
        kx_groups: TRACE_GROUPS,
        ..provider_with_random(Arc::clone(&random) as Arc<dyn SecureRandom>)
    });
    let (certified, key) = trace_key(&trace);
    let mut resolver = CertResolver::new();
    resolver.add_default(certified);
    let resolver: Arc<dyn ResolvesServerCert> = Arc::new(resolver);
    let mut config = ServerConfig::new(provider, resolver);
    // The traces' server speaks TLS 1.3 only.
    config.versions = vec![ProtocolVersion::TLS1_3];
    config.cipher_suites = vec![
        &TLS_AES_128_GCM_SHA256,
        &TLS_CHACHA20_POLY1305_SHA256,
        &TLS_AES_256_GCM_SHA384,
    ];
    config.groups = groups.to_vec();
    // RFC 8448's server advertises record_size_limit 0x4001 (2^14 + 1).
    config.limits.record_size_limit = Some(0x4001);
    Setup {
        trace,
        config,
        random,
        key,
        stop_server_at: None,
    }
}

fn now() -> UnixTime {
    // Inside the validity of the RFC 8448 certificates (2016-07-30 .. 2026-07-30).
    UnixTime::since_unix_epoch(Duration::from_secs(1_600_000_000))
}

/// What the walk saw, for the per-section assertions.
struct Outcome {
    conn: ServerConnection,
    events: Vec<Event>,
    server_records: usize,
}

/// Walk the trace: feed each client record, and check that everything the server wrote before
/// the next client record (or the end) is exactly the trace's server records in between.
fn replay(setup: Setup) -> Outcome {
    let Setup {
        trace,
        config,
        random,
        key,
        stop_server_at,
    } = setup;
    let mut conn = ServerConnection::new(Arc::new(config)).expect("server");
    let mut expected: Vec<u8> = Vec::new();
    let mut events = Vec::new();
    let mut server_records = 0;
    let mut server_stopped = false;
    let check_output = |conn: &mut ServerConnection, expected: &mut Vec<u8>, at: &str| {
        let mut out = Vec::new();
        conn.write_tls(&mut out);
        assert_eq!(
            ferrotls_tests::hex::encode(&out),
            ferrotls_tests::hex::encode(expected),
            "{}: server output before {at:?}",
            trace.name
        );
        expected.clear();
    };
    for step in &trace.steps {
        let title = step.title.as_str();
        if stop_server_at.is_some_and(|s| title.contains(s)) {
            server_stopped = true;
        }
        if title.starts_with("{server} send ") && title.ends_with(" record") {
            if server_stopped {
                continue;
            }
            let payload = step.hex("payload");
            if title == "{server} send alert record" {
                assert_eq!(payload, [1, 0], "close_notify");
                conn.close();
            } else if title == "{server} send application_data record" {
                conn.send(&payload).expect("send");
            }
            expected.extend_from_slice(&step.hex("complete record"));
            server_records += 1;
        } else if title.starts_with("{client} send ") && title.ends_with(" record") {
            check_output(&mut conn, &mut expected, title);
            let mut record = step.hex("complete record");
            let used = conn
                .handle_tls(&mut record, now())
                .unwrap_or_else(|e| panic!("{}: {title}: {e}", trace.name));
            assert_eq!(
                used,
                record.len(),
                "{}: {title}: whole record used",
                trace.name
            );
            while let Some(ev) = conn.poll_event() {
                events.push(ev);
            }
        }
    }
    check_output(&mut conn, &mut expected, "the end");
    assert_eq!(
        random.remaining(),
        0,
        "{}: the script is used up",
        trace.name
    );
    assert_eq!(key.signed.lock().unwrap().len(), 1, "one CertificateVerify");
    Outcome {
        conn,
        events,
        server_records,
    }
}

fn assert_completed(outcome: &Outcome, hello_retry: bool, group: NamedGroup) {
    assert!(
        outcome.events.contains(&Event::HandshakeComplete {
            version: ProtocolVersion::TLS1_3
        }),
        "{:?}",
        outcome.events
    );
    assert!(!outcome.conn.is_handshaking());
    let info = outcome.conn.info();
    assert_eq!(info.version, Some(ProtocolVersion::TLS1_3));
    assert_eq!(info.suite, Some(&TLS_AES_128_GCM_SHA256));
    assert_eq!(info.group, Some(group));
    assert_eq!(info.server_name.as_deref(), Some("server"));
    assert_eq!(info.alpn, None);
    assert_eq!(info.hello_retry, hello_retry);
}

fn private_key(trace: &Trace, prefix: &str) -> Vec<u8> {
    server_step(trace, prefix).hex("private key")
}

#[test]
fn section3_simple_1rtt() {
    let trace = rfc8448::simple_1rtt();
    let script = vec![
        server_random(&trace, 0),
        private_key(&trace, "create an ephemeral x25519 key pair"),
    ];
    let mut s = setup(trace, script, &NSS_GROUPS);
    s.stop_server_at = Some("construct a NewSessionTicket");
    let outcome = replay(s);
    assert_completed(&outcome, false, NamedGroup::X25519);
    // ServerHello and the encrypted flight; the ticket and later records are out of scope.
    assert_eq!(outcome.server_records, 2);
    assert!(!outcome.conn.info().client_authenticated);
    // The client's application data and close_notify, after the handshake.
    let data: Vec<u8> = (0u8..50).collect();
    assert!(outcome.events.contains(&Event::ApplicationData(data)));
    assert_eq!(outcome.events.last(), Some(&Event::PeerClosed));
    // Connected: our KeyUpdate goes out (RFC 8446 §4.6.3).
    let mut conn = outcome.conn;
    conn.update_keys(true).expect("KeyUpdate");
    assert!(conn.wants_write());
}

#[test]
fn section5_hello_retry_request() {
    let trace = rfc8448::hello_retry_request();
    let hrr_payload = trace
        .nth("{server} send handshake record", 0)
        .hex("payload");
    let HandshakeMessage::HelloRetryRequest(hrr) = decode(&hrr_payload) else {
        panic!("first server message is a HelloRetryRequest");
    };
    let cookie = hrr.cookie().expect("cookie").0.clone();
    let script = vec![
        cookie.clone(),
        // Message 0 of type server_hello is the HelloRetryRequest.
        server_random(&trace, 1),
        private_key(&trace, "create an ephemeral P-256 key pair"),
    ];
    // This server prefers P-256 and P-384 to X25519 (its EncryptedExtensions' order) and asks
    // for its preferred group even though the client sent an X25519 share.
    let groups = [
        NamedGroup::SECP256R1,
        NamedGroup::SECP384R1,
        NamedGroup::X25519,
    ];
    let mut s = setup(trace, script, &groups);
    s.config.retry_for_preferred_group = true;
    s.config.hrr_cookie_len = cookie.len();
    let outcome = replay(s);
    assert_completed(&outcome, true, NamedGroup::SECP256R1);
    // HelloRetryRequest, ServerHello, flight, close_notify.
    assert_eq!(outcome.server_records, 4);
    assert_eq!(outcome.events.last(), Some(&Event::PeerClosed));
}

#[test]
fn section6_client_authentication() {
    let trace = rfc8448::client_auth();
    let script = vec![
        server_random(&trace, 0),
        private_key(&trace, "create an ephemeral x25519 key pair"),
    ];
    let client_cert = chain_of(
        &trace
            .step("{client} construct a Certificate handshake")
            .hex("Certificate"),
    );
    let HandshakeMessage::CertificateRequestTls13(request) =
        decode(&server_step(&trace, "construct a CertificateRequest").hex("CertificateRequest"))
    else {
        panic!("not a CertificateRequest");
    };
    let mut s = setup(trace, script, &NSS_GROUPS);
    let verifier = PinnedClientVerifier {
        cert: client_cert[0].clone(),
        schemes: request.signature_algorithms().expect("schemes").to_vec(),
        provider: Arc::clone(&s.config.provider),
    };
    s.config.client_verifier = Some(Arc::new(verifier));
    let outcome = replay(s);
    assert_completed(&outcome, false, NamedGroup::X25519);
    assert_eq!(outcome.server_records, 3);
    let info = outcome.conn.info();
    assert!(info.client_authenticated);
    assert_eq!(info.peer_certificates, client_cert);
    assert_eq!(
        info.peer_signature_scheme,
        Some(SignatureScheme::RSA_PSS_RSAE_SHA256)
    );
}

#[test]
fn section7_compatibility_mode() {
    let trace = rfc8448::compatibility_mode();
    let script = vec![
        server_random(&trace, 0),
        private_key(&trace, "create an ephemeral x25519 key pair"),
    ];
    let s = setup(trace, script, &NSS_GROUPS);
    let outcome = replay(s);
    assert_completed(&outcome, false, NamedGroup::X25519);
    // ServerHello, change_cipher_spec, flight, close_notify.
    assert_eq!(outcome.server_records, 4);
    assert_eq!(outcome.events.last(), Some(&Event::PeerClosed));
}

/// Feed the trace's ClientHello, then the client's handshake flight with `tamper` applied to its
/// plaintext, sealed again with the client's handshake keys from the trace. Returns the error.
fn tampered_client_flight(
    trace: Trace,
    configure: impl FnOnce(&mut Setup),
    tamper: impl FnOnce(&mut Vec<u8>),
) -> ferrotls_core::Error {
    use ferrotls_record::{ContentType, RecordProtection, RecordWriter};
    let script = vec![
        server_random(&trace, 0),
        private_key(&trace, "create an ephemeral x25519 key pair"),
    ];
    let mut s = setup(trace, script, &NSS_GROUPS);
    configure(&mut s);
    let trace = &s.trace;
    let mut conn = ServerConnection::new(Arc::new(s.config.clone())).expect("server");
    let client_records = trace.all("{client} send handshake record");
    let mut hello = client_records[0].hex("complete record");
    conn.handle_tls(&mut hello, now()).expect("ClientHello");
    conn.write_tls(&mut Vec::new());

    let keys = server_step(trace, "derive read traffic keys for handshake data");
    let provider = provider_with_random(Arc::new(ScriptedRandom::new(Vec::new())));
    let aead = provider
        .aead(ferrotls_core::crypto::AeadAlgorithm::Aes128Gcm)
        .expect("AES-128-GCM");
    let mut writer = RecordWriter::new();
    writer.install(
        RecordProtection::tls13(
            aead.new_key(&keys.hex("key expanded")).expect("key"),
            &keys.hex("iv expanded"),
        )
        .expect("iv"),
    );
    let mut payload = client_records[1].hex("payload");
    tamper(&mut payload);
    let mut record = Vec::new();
    writer
        .write(ContentType::HANDSHAKE, &payload, &mut record)
        .expect("seal");
    let err = conn
        .handle_tls(&mut record, now())
        .expect_err("tampered flight refused");
    assert!(conn.failure().is_some());
    err
}

fn pinned_verifier(trace: &Trace, provider: &Arc<CryptoProvider>) -> PinnedClientVerifier {
    let client_cert = chain_of(
        &trace
            .step("{client} construct a Certificate handshake")
            .hex("Certificate"),
    );
    let HandshakeMessage::CertificateRequestTls13(request) =
        decode(&server_step(trace, "construct a CertificateRequest").hex("CertificateRequest"))
    else {
        panic!("not a CertificateRequest");
    };
    PinnedClientVerifier {
        cert: client_cert[0].clone(),
        schemes: request.signature_algorithms().expect("schemes").to_vec(),
        provider: Arc::clone(provider),
    }
}

fn with_client_auth(s: &mut Setup) {
    let verifier = pinned_verifier(&s.trace, &s.config.provider);
    s.config.client_verifier = Some(Arc::new(verifier));
}

#[test]
fn a_wrong_client_finished_is_decrypt_error() {
    let err = tampered_client_flight(
        rfc8448::simple_1rtt(),
        |_| {},
        |p| {
            *p.last_mut().unwrap() ^= 1;
        },
    );
    assert_eq!(
        err.alert_sent(),
        Some(ferrotls_core::AlertDescription::DECRYPT_ERROR),
        "{err}"
    );
}

/// The offset of the first message of type `typ` in a buffer of handshake messages.
fn message_offset(payload: &[u8], typ: u8) -> usize {
    let mut at = 0;
    while payload[at] != typ {
        let len = u32::from_be_bytes([0, payload[at + 1], payload[at + 2], payload[at + 3]]);
        at += 4 + len as usize;
    }
    at
}

#[test]
fn a_wrong_client_signature_is_decrypt_error() {
    let err = tampered_client_flight(rfc8448::client_auth(), with_client_auth, |p| {
        // CertificateVerify: header (4), scheme (2), length (2), then the signature.
        let at = message_offset(p, 15) + 8 + 5;
        p[at] ^= 0x80;
    });
    assert_eq!(
        err.alert_sent(),
        Some(ferrotls_core::AlertDescription::DECRYPT_ERROR),
        "{err}"
    );
}

#[test]
fn no_client_certificate_is_certificate_required() {
    let err = tampered_client_flight(rfc8448::client_auth(), with_client_auth, |p| {
        // An empty Certificate (context and list both empty), then the rest unchanged.
        let cv = message_offset(p, 15);
        let mut empty = vec![11, 0, 0, 4, 0, 0, 0, 0];
        empty.extend_from_slice(&p[cv..]);
        *p = empty;
    });
    assert_eq!(
        err.alert_sent(),
        Some(ferrotls_core::AlertDescription::CERTIFICATE_REQUIRED),
        "{err}"
    );
}

#[test]
fn an_unrequested_client_certificate_is_unexpected() {
    // §3's server asked for no certificate; a client Certificate is out of order.
    let err = tampered_client_flight(
        rfc8448::simple_1rtt(),
        |_| {},
        |p| {
            let mut with_cert = vec![11, 0, 0, 4, 0, 0, 0, 0];
            with_cert.extend_from_slice(p);
            *p = with_cert;
        },
    );
    assert_eq!(
        err.alert_sent(),
        Some(ferrotls_core::AlertDescription::UNEXPECTED_MESSAGE),
        "{err}"
    );
}
