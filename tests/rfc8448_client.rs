//! The TLS 1.3 client against RFC 8448 §3 (simple 1-RTT), §5 (HelloRetryRequest), §6 (client
//! authentication) and §7 (middlebox compatibility mode), byte for byte.
//!
//! A client configured like the trace's (suites, groups, signature schemes, record_size_limit,
//! session tickets or compatibility mode) and fed the trace's random values through a
//! `ScriptedRandom` must write exactly the trace's client records, while reading the server's
//! records from the trace with `handle_tls`. Application data and the closing alerts are checked
//! too, which proves the application traffic keys in both directions.

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::crypto::random::ScriptedRandom;
use ferrotls_core::crypto::rustcrypto::provider_with_random;
use ferrotls_core::crypto::sign::{KeyKind, SigningKey};
use ferrotls_core::crypto::verify::VerificationAlgorithms;
use ferrotls_core::crypto::{CryptoError, NamedGroup, SecureRandom, SignatureScheme};
use ferrotls_core::msgs::enums::CipherSuite;
use ferrotls_core::msgs::handshake::{HandshakeMessage, Version};
use ferrotls_core::pki_types::{CertificateDer, ServerName, UnixTime};
use ferrotls_core::suites::{self, SupportedCipherSuite};
use ferrotls_core::verify::{verify_tls13_signature, CertificateError, ServerCertVerifier};
use ferrotls_core::{CertifiedKey, ClientConfig, ClientConnection, Event, Limits, ProtocolVersion};
use ferrotls_tests::hex;
use ferrotls_tests::vectors::{rfc8448, Step, Trace};

/// The trace client's cipher suites, in its order (RFC 8448 ClientHellos: 1301 1303 1302).
const TRACE_SUITES: [CipherSuite; 3] = [
    CipherSuite::TLS_AES_128_GCM_SHA256,
    CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
    CipherSuite::TLS_AES_256_GCM_SHA384,
];

/// The trace client's supported_groups in §3, §6 and §7. secp521r1 and the FFDHE groups are
/// advertised but get no key share (the provider does not implement them).
const TRACE_GROUPS: [NamedGroup; 9] = [
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

/// §5's client offers fewer groups, so that the server has one to ask for.
const TRACE_GROUPS_HRR: [NamedGroup; 3] = [
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
];

/// The trace client's signature_algorithms, in its order, including the SHA-1 and DSA code
/// points NSS still listed for TLS 1.2 certificates.
const TRACE_SCHEMES: [SignatureScheme; 15] = [
    SignatureScheme::ECDSA_NISTP256_SHA256,
    SignatureScheme::ECDSA_NISTP384_SHA384,
    SignatureScheme::ECDSA_NISTP521_SHA512,
    SignatureScheme::ECDSA_SHA1,
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA512,
    SignatureScheme::RSA_PKCS1_SHA256,
    SignatureScheme::RSA_PKCS1_SHA384,
    SignatureScheme::RSA_PKCS1_SHA512,
    SignatureScheme::RSA_PKCS1_SHA1,
    SignatureScheme(0x0402), // dsa_sha256
    SignatureScheme(0x0502), // dsa_sha384
    SignatureScheme(0x0602), // dsa_sha512
    SignatureScheme(0x0202), // dsa_sha1
];

fn now() -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(1_500_000_000))
}

/// Accepts exactly the trace's (self-signed, long expired) server certificate, and checks the
/// CertificateVerify signature for real with the provider's algorithms.
#[derive(Debug)]
struct TraceVerifier {
    certificate: Vec<u8>,
    algorithms: VerificationAlgorithms,
}

impl ServerCertVerifier for TraceVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _now: UnixTime,
    ) -> Result<(), CertificateError> {
        assert!(intermediates.is_empty());
        assert_eq!(server_name.to_str(), "server");
        if end_entity.as_ref() == self.certificate.as_slice() {
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
            &self.algorithms,
            &TRACE_SCHEMES,
            end_entity,
            scheme,
            message,
            signature,
        )
    }

    fn supported_schemes(&self) -> Vec<SignatureScheme> {
        TRACE_SCHEMES.to_vec()
    }
}

/// §6's client key: RSA-PSS signatures are randomized, so this key hands back the signature the
/// trace lists, after checking that what it is asked to sign verifies against it with the
/// client certificate's public key.
#[derive(Debug)]
struct TraceClientKey {
    scheme: SignatureScheme,
    signature: Vec<u8>,
    certificate: Vec<u8>,
    algorithms: VerificationAlgorithms,
}

impl SigningKey for TraceClientKey {
    fn kind(&self) -> KeyKind {
        KeyKind::Rsa
    }

    fn schemes(&self) -> &[SignatureScheme] {
        std::slice::from_ref(&self.scheme)
    }

    fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        _rng: &dyn SecureRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        assert_eq!(scheme, self.scheme);
        verify_tls13_signature(
            &self.algorithms,
            &[self.scheme],
            &CertificateDer::from(self.certificate.as_slice()),
            scheme,
            message,
            &self.signature,
        )
        .expect("the client signs the content RFC 8446 §4.4.3 defines");
        Ok(self.signature.clone())
    }
}

fn decode(bytes: &[u8]) -> HandshakeMessage {
    HandshakeMessage::decode(bytes, Version::Tls13).expect("trace message decodes")
}

/// The end-entity certificate of the Certificate message in `step`.
fn certificate_of(step: &Step) -> Vec<u8> {
    let HandshakeMessage::CertificateTls13(c) = decode(&step.hex("Certificate")) else {
        panic!("not a Certificate");
    };
    c.entries.first().expect("one certificate").cert.0.clone()
}

fn client_hello_of(step: &Step) -> ferrotls_core::msgs::handshake::ClientHello {
    let HandshakeMessage::ClientHello(ch) = decode(&step.hex("ClientHello")) else {
        panic!("not a ClientHello");
    };
    ch
}

struct Setup {
    groups: &'static [NamedGroup],
    middlebox_compat: bool,
    tls12_session_tickets: bool,
    client_auth: bool,
}

fn suite(s: CipherSuite) -> &'static SupportedCipherSuite {
    suites::lookup(s).expect("implemented suite")
}

/// The random script in the documented draw order: client random, session id (compatibility
/// mode), then each key share's private key, including the one made after a HelloRetryRequest.
fn script(trace: &Trace) -> Vec<u8> {
    let first = client_hello_of(trace.step("{client} construct a ClientHello"));
    let mut script = first.random.to_vec();
    script.extend_from_slice(&first.session_id);
    for step in trace.all("{client} create an ephemeral") {
        script.extend_from_slice(&step.hex("private key"));
    }
    script
}

fn config(trace: &Trace, setup: &Setup, random: Arc<ScriptedRandom>) -> Arc<ClientConfig> {
    let provider = Arc::new(provider_with_random(random));
    let verifier = Arc::new(TraceVerifier {
        certificate: certificate_of(trace.step("{server} construct a Certificate handshake")),
        algorithms: provider.verification,
    });
    let mut config = ClientConfig::with_verifier(Arc::clone(&provider), verifier);
    config.versions = vec![ProtocolVersion::TLS1_3];
    config.cipher_suites = TRACE_SUITES.iter().map(|s| suite(*s)).collect();
    config.groups = setup.groups.to_vec();
    config.key_share_count = 1;
    config.middlebox_compat = setup.middlebox_compat;
    config.tls12_session_tickets = setup.tls12_session_tickets;
    config.limits = Limits {
        record_size_limit: Some(1 << 14),
        ..Limits::default()
    };
    if setup.client_auth {
        let certificate = certificate_of(trace.step("{client} construct a Certificate handshake"));
        let HandshakeMessage::CertificateVerify(cv) = decode(
            &trace
                .step("{client} construct a CertificateVerify handshake")
                .hex("CertificateVerify"),
        ) else {
            panic!("not a CertificateVerify");
        };
        let key = TraceClientKey {
            scheme: cv.scheme,
            signature: cv.signature,
            certificate: certificate.clone(),
            algorithms: provider.verification,
        };
        config.client_auth = Some(Arc::new(CertifiedKey::new(
            vec![CertificateDer::from(certificate)],
            Arc::new(key),
        )));
    }
    Arc::new(config)
}

/// What the walk saw, for the per-section checks.
struct Outcome {
    conn: ClientConnection,
    events: Vec<Event>,
}

/// Walk every record step of `trace` in order: server records go into `handle_tls`; each client
/// record must be exactly the next bytes the client wrote. Application data and the client's
/// close_notify are produced through the API (`send`, `close`) at their step.
fn walk(trace: &Trace, setup: Setup) -> Outcome {
    let random = Arc::new(ScriptedRandom::new(script(trace)));
    let config = config(trace, &setup, Arc::clone(&random));
    let name = ServerName::try_from("server").expect("dns name");
    let mut conn = ClientConnection::new(config, name, now()).expect("client starts");
    let mut written = Vec::new();
    let mut events = Vec::new();
    for step in &trace.steps {
        let title = step.title.as_str();
        if !title.contains(" send ") || !title.ends_with(" record") {
            continue;
        }
        let record = step.hex("complete record");
        if title.starts_with("{server}") {
            let mut input = record.clone();
            let used = conn
                .handle_tls(&mut input, now())
                .unwrap_or_else(|e| panic!("{}: {title}: {e}", trace.name));
            assert_eq!(used, record.len(), "{}: {title}", trace.name);
            events.extend(std::iter::from_fn(|| conn.poll_event()));
            continue;
        }
        if title.ends_with("send application_data record") {
            conn.send(&step.hex("payload")).expect("send");
        } else if title.ends_with("send alert record") {
            assert_eq!(step.hex("payload"), [1, 0], "close_notify");
            conn.close();
        }
        conn.write_tls(&mut written);
        assert!(
            written.len() >= record.len(),
            "{}: {title}: client wrote only {} of {} bytes: {}",
            trace.name,
            written.len(),
            record.len(),
            hex::encode(&written)
        );
        let ours: Vec<u8> = written.drain(..record.len()).collect();
        assert_eq!(
            hex::encode(&ours),
            hex::encode(&record),
            "{}: {title}",
            trace.name
        );
    }
    conn.write_tls(&mut written);
    assert!(
        written.is_empty(),
        "{}: unexpected extra client bytes",
        trace.name
    );
    assert_eq!(
        random.remaining(),
        0,
        "{}: random script not used up",
        trace.name
    );
    Outcome { conn, events }
}

fn check_common_info(outcome: &Outcome, trace: &Trace) {
    let info = outcome.conn.info();
    assert_eq!(info.version, Some(ProtocolVersion::TLS1_3));
    assert_eq!(info.version_name(), "TLSv1.3");
    assert_eq!(
        info.suite.map(|s| s.suite),
        Some(CipherSuite::TLS_AES_128_GCM_SHA256)
    );
    assert_eq!(info.alpn, None);
    assert_eq!(info.server_name.as_deref(), Some("server"));
    assert_eq!(
        info.peer_certificates,
        vec![CertificateDer::from(certificate_of(
            trace.step("{server} construct a Certificate handshake")
        ))]
    );
    let HandshakeMessage::CertificateVerify(server_cv) = decode(
        &trace
            .step("{server} construct a CertificateVerify handshake")
            .hex("CertificateVerify"),
    ) else {
        panic!("not a CertificateVerify");
    };
    assert_eq!(info.peer_signature_scheme, Some(server_cv.scheme));
    assert!(!outcome.conn.is_handshaking());
    assert!(outcome.conn.peer_closed());
    assert!(outcome.conn.failure().is_none());
    let complete = Event::HandshakeComplete {
        version: ProtocolVersion::TLS1_3,
    };
    assert_eq!(outcome.events.iter().filter(|e| **e == complete).count(), 1);
    assert_eq!(outcome.events.last(), Some(&Event::PeerClosed));
}

#[test]
fn section3_simple_1rtt() {
    let trace = rfc8448::simple_1rtt();
    let outcome = walk(
        &trace,
        Setup {
            groups: &TRACE_GROUPS,
            middlebox_compat: false,
            tls12_session_tickets: true,
            client_auth: false,
        },
    );
    check_common_info(&outcome, &trace);
    let info = outcome.conn.info();
    assert_eq!(info.group, Some(NamedGroup::X25519));
    assert!(!info.hello_retry);
    assert!(!info.client_authenticated);
    // The NewSessionTicket is accepted silently; then the server's application data.
    let server_data = trace.step("{server} send application_data").hex("payload");
    assert_eq!(
        outcome.events,
        vec![
            Event::HandshakeComplete {
                version: ProtocolVersion::TLS1_3
            },
            Event::ApplicationData(server_data),
            Event::PeerClosed,
        ]
    );
}

#[test]
fn section5_hello_retry_request() {
    let trace = rfc8448::hello_retry_request();
    let outcome = walk(
        &trace,
        Setup {
            groups: &TRACE_GROUPS_HRR,
            middlebox_compat: false,
            tls12_session_tickets: false,
            client_auth: false,
        },
    );
    check_common_info(&outcome, &trace);
    let info = outcome.conn.info();
    assert_eq!(info.group, Some(NamedGroup::SECP256R1));
    assert!(info.hello_retry);
    assert!(!info.client_authenticated);
}

#[test]
fn section6_client_authentication() {
    let trace = rfc8448::client_auth();
    let outcome = walk(
        &trace,
        Setup {
            groups: &TRACE_GROUPS,
            middlebox_compat: false,
            tls12_session_tickets: false,
            client_auth: true,
        },
    );
    check_common_info(&outcome, &trace);
    let info = outcome.conn.info();
    assert_eq!(info.group, Some(NamedGroup::X25519));
    assert!(!info.hello_retry);
    assert!(info.client_authenticated);
}

#[test]
fn section7_compatibility_mode() {
    let trace = rfc8448::compatibility_mode();
    let outcome = walk(
        &trace,
        Setup {
            groups: &TRACE_GROUPS,
            middlebox_compat: true,
            tls12_session_tickets: false,
            client_auth: false,
        },
    );
    check_common_info(&outcome, &trace);
    assert!(!outcome.conn.info().hello_retry);
}
