//! An RFC 8448 session with known keys, for tests that must reach a state deep in a handshake and
//! then forge what a peer says.
//!
//! [`Session`] loads one trace (§3 simple 1-RTT, §4 resumed 0-RTT, §5 HelloRetryRequest, §6
//! client authentication or §7 compatibility mode) and builds a [`ClientConnection`] or
//! [`ServerConnection`] configured like the trace's endpoint and fed the trace's random values,
//! so that it derives exactly the trace's keys (§4 also needs the ticket of §3: see
//! [`Section::Resumed0Rtt`]). It lists each side's records, and it can open any protected record and seal a modified
//! plaintext with any of the trace's traffic keys at an explicit sequence number: the connection
//! under test then sees forged content under keys it accepts.
//!
//! The test doubles for the trace's (self-signed, RSA) certificates are in
//! [`rfc8448_doubles`](crate::rfc8448_doubles), re-exported here.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::config::ResolvesServerCert;
use ferrotls_core::crypto::random::ScriptedRandom;
use ferrotls_core::crypto::rustcrypto::default_provider;
use ferrotls_core::crypto::sign::SigningKey;
use ferrotls_core::crypto::{
    AeadAlgorithm, CryptoProvider, NamedGroup, SecureRandom, SignatureScheme,
};
use ferrotls_core::msgs::enums::CipherSuite;
use ferrotls_core::msgs::handshake::{HandshakeMessage, Version};
use ferrotls_core::pki_types::{CertificateDer, ServerName, UnixTime};
use ferrotls_core::suites::{self, SupportedCipherSuite};
use ferrotls_core::{
    CertResolver, CertifiedKey, ClientConfig, ClientConnection, Limits, ProtocolVersion,
    ServerConfig, ServerConnection,
};
use ferrotls_record::ContentType;

pub use crate::rfc8448_doubles::{
    server_kx_groups, PinnedClientVerifier, PlaceholderGroup, TraceServerVerifier, TraceSigner,
};
use crate::vectors::{rfc8448, Step, Trace};

/// The trace client's cipher suites, in its order.
pub const TRACE_SUITES: [CipherSuite; 3] = [
    CipherSuite::TLS_AES_128_GCM_SHA256,
    CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
    CipherSuite::TLS_AES_256_GCM_SHA384,
];

/// supported_groups of the §3 and §6 client, and the groups their server lists.
pub const TRACE_GROUPS: [NamedGroup; 9] = [
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

/// §5's client offers fewer groups; its server prefers P-256.
pub const TRACE_GROUPS_HRR: [NamedGroup; 3] = [
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
];

/// The trace client's signature_algorithms, in its order.
pub const TRACE_SCHEMES: [SignatureScheme; 15] = [
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
    SignatureScheme(0x0402),
    SignatureScheme(0x0502),
    SignatureScheme(0x0602),
    SignatureScheme(0x0202),
];

/// The name the trace's client connects to.
pub const TRACE_SERVER_NAME: &str = "server";

/// A time inside the validity of the RFC 8448 certificates (2016-07-30 .. 2026-07-30).
pub fn trace_now() -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(1_600_000_000))
}

/// Which RFC 8448 session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// §3: simple 1-RTT handshake.
    Simple1Rtt,
    /// §4: the resumption of §3's session with its NewSessionTicket, with 0-RTT data. The
    /// server authenticates with the PSK, so the certificate and signer are §3's; the ticket
    /// comes from replaying §3 ([`resumption_ticket`] describes it), and the ClientHello is
    /// [`RESUMPTION_TICKET_AGE_MS`] after it.
    Resumed0Rtt,
    /// §5: HelloRetryRequest (the server asks for P-256).
    HelloRetry,
    /// §6: client authentication.
    ClientAuth,
    /// §7: middlebox compatibility mode.
    Compatibility,
}

/// Who sent a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Peer {
    Client,
    Server,
}

impl Peer {
    fn name(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Server => "server",
        }
    }

    fn other(self) -> Self {
        match self {
            Self::Client => Self::Server,
            Self::Server => Self::Client,
        }
    }
}

/// Which traffic keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// client_early_traffic_secret's (0-RTT data and EndOfEarlyData, §4 only).
    Early,
    Handshake,
    Application,
}

impl Phase {
    const ALL: [Phase; 3] = [Phase::Early, Phase::Handshake, Phase::Application];

    fn from_title(phase: &str) -> Option<Self> {
        match phase {
            "early application data" => Some(Self::Early),
            "handshake data" => Some(Self::Handshake),
            "application data" => Some(Self::Application),
            _ => None,
        }
    }
}

/// How long after §3's NewSessionTicket §4's client resumes, in milliseconds: §4's
/// obfuscated_ticket_age (0xfad6aacb) minus §3's ticket_age_add (0xfad6aac5), RFC 8446
/// §4.2.11.1. Finer than `UnixTime`'s seconds: both fall in the same second.
pub const RESUMPTION_TICKET_AGE_MS: u32 = 6;

/// What §3's NewSessionTicket says, as the trace shows it: the ticket, its lifetime,
/// ticket_age_add, nonce, max_early_data_size, and the PSK both ends derive from it
/// ("tls13 resumption").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceTicket {
    pub ticket: Vec<u8>,
    pub lifetime: u32,
    pub age_add: u32,
    pub nonce: Vec<u8>,
    pub max_early_data_size: u32,
    pub psk: Vec<u8>,
}

/// §3's NewSessionTicket, which §4 resumes.
pub fn resumption_ticket() -> TraceTicket {
    let trace = rfc8448::simple_1rtt();
    let HandshakeMessage::NewSessionTicketTls13(nst) = decode(
        &trace
            .step("{server} construct a NewSessionTicket")
            .hex("NewSessionTicket"),
    ) else {
        panic!("not a NewSessionTicket");
    };
    TraceTicket {
        max_early_data_size: nst.max_early_data_size().unwrap_or(0),
        ticket: nst.ticket,
        lifetime: nst.lifetime,
        age_add: nst.age_add,
        nonce: nst.nonce,
        psk: trace
            .step("{server} generate resumption secret")
            .hex("expanded"),
    }
}

/// One record as the trace lists it.
#[derive(Clone, Debug)]
pub struct TraceRecord {
    pub content_type: ContentType,
    /// The plaintext (for protected records: the content, without type and padding).
    pub payload: Vec<u8>,
    /// The record as sent.
    pub complete: Vec<u8>,
}

/// A loaded RFC 8448 session.
#[derive(Debug)]
pub struct Session {
    pub section: Section,
    pub trace: Trace,
    keys: HashMap<(Peer, Phase), (Vec<u8>, Vec<u8>)>,
    /// Whether the endpoints' [`TraceSigner`]s are strict.
    strict: bool,
}

/// A config built by [`Session`], with the random source and the signing key it was given, for
/// tests that check afterwards how they were used.
#[derive(Debug)]
pub struct ScriptedConfig<C> {
    pub config: C,
    pub random: Arc<ScriptedRandom>,
    /// The endpoint's signing key, if it authenticates.
    pub signer: Option<Arc<TraceSigner>>,
}

pub(crate) fn decode(bytes: &[u8]) -> HandshakeMessage {
    HandshakeMessage::decode(bytes, Version::Tls13).expect("trace message decodes")
}

/// The end-entity certificate of the Certificate message in `step`.
fn chain_of(step: &Step) -> Vec<CertificateDer<'static>> {
    let HandshakeMessage::CertificateTls13(c) = decode(&step.hex("Certificate")) else {
        panic!("not a Certificate");
    };
    c.entries
        .into_iter()
        .map(|e| CertificateDer::from(e.cert.0))
        .collect()
}

fn content_type_of(title: &str) -> ContentType {
    match title
        .split(" send ")
        .nth(1)
        .and_then(|r| r.strip_suffix(" record"))
    {
        Some("handshake") => ContentType::HANDSHAKE,
        Some("application_data") => ContentType::APPLICATION_DATA,
        Some("alert") => ContentType::ALERT,
        Some("change_cipher_spec") => ContentType::CHANGE_CIPHER_SPEC,
        other => panic!("unknown record kind {other:?}"),
    }
}

impl Session {
    pub fn new(section: Section) -> Self {
        let trace = match section {
            Section::Simple1Rtt => rfc8448::simple_1rtt(),
            Section::Resumed0Rtt => rfc8448::resumed_0rtt(),
            Section::HelloRetry => rfc8448::hello_retry_request(),
            Section::ClientAuth => rfc8448::client_auth(),
            Section::Compatibility => rfc8448::compatibility_mode(),
        };
        let mut keys = HashMap::new();
        for step in &trace.steps {
            let Some(rest) = step.title.strip_prefix('{') else {
                continue;
            };
            let Some((side, rest)) = rest.split_once("} derive ") else {
                continue;
            };
            let Some((direction, rest)) = rest.split_once(" traffic keys for ") else {
                continue;
            };
            let Some(phase) = Phase::from_title(rest.split(" (").next().unwrap_or("")) else {
                continue;
            };
            if !step.has("key expanded") {
                continue;
            }
            let side = if side == "client" {
                Peer::Client
            } else {
                Peer::Server
            };
            let sender = if direction == "write" {
                side
            } else {
                side.other()
            };
            keys.insert(
                (sender, phase),
                (step.hex("key expanded"), step.hex("iv expanded")),
            );
        }
        Self {
            section,
            trace,
            keys,
            strict: false,
        }
    }

    /// The session for a replay of the trace: its signers are strict (each must be asked to sign
    /// exactly what the trace's endpoint signed).
    pub fn for_replay(section: Section) -> Self {
        Self {
            strict: true,
            ..Self::new(section)
        }
    }

    /// The trace that shows the endpoints' certificates and signatures: §4 has none (the PSK
    /// authenticates), and its session is §3's.
    fn authentication_trace(&self) -> Trace {
        match self.section {
            Section::Resumed0Rtt => rfc8448::simple_1rtt(),
            _ => self.trace.clone(),
        }
    }

    /// The certificate chain `sender` sends in its Certificate message (§4: in §3's, the
    /// session it resumes).
    pub fn certificate_chain(&self, sender: Peer) -> Vec<CertificateDer<'static>> {
        chain_of(self.authentication_trace().step(&format!(
            "{{{}}} construct a Certificate handshake",
            sender.name()
        )))
    }

    /// `sender`'s signing key as the trace shows it, strict for a replay.
    fn signer(&self, sender: Peer, chain: &[CertificateDer<'static>]) -> Arc<TraceSigner> {
        Arc::new(TraceSigner::from_trace(
            &self.authentication_trace(),
            sender.name(),
            chain[0].clone(),
            self.strict,
        ))
    }

    /// The records `sender` sends in the trace, in order.
    pub fn records(&self, sender: Peer) -> Vec<TraceRecord> {
        let prefix = format!("{{{}}} send ", sender.name());
        self.trace
            .steps
            .iter()
            .filter(|s| s.title.starts_with(&prefix) && s.title.ends_with(" record"))
            .map(|s| TraceRecord {
                content_type: content_type_of(&s.title),
                payload: s.hex("payload"),
                complete: s.hex("complete record"),
            })
            .collect()
    }

    /// The `n`th handshake record of `sender`.
    pub fn handshake_record(&self, sender: Peer, n: usize) -> TraceRecord {
        self.records(sender)
            .into_iter()
            .filter(|r| r.content_type == ContentType::HANDSHAKE)
            .nth(n)
            .unwrap_or_else(|| panic!("no handshake record #{n} of the {sender:?}"))
    }

    /// The (key, iv) `sender` protects `phase` records with.
    pub fn keys(&self, sender: Peer, phase: Phase) -> (&[u8], &[u8]) {
        let (k, iv) = self
            .keys
            .get(&(sender, phase))
            .unwrap_or_else(|| panic!("{}: no {phase:?} keys of {sender:?}", self.trace.name));
        (k, iv)
    }

    fn aead_key(
        &self,
        sender: Peer,
        phase: Phase,
    ) -> (ferrotls_core::crypto::aead::KeyedAead, [u8; 12]) {
        let (key, iv) = self.keys(sender, phase);
        // Every RFC 8448 trace negotiates TLS_AES_128_GCM_SHA256.
        let aead = crate::providers::client_provider()
            .os()
            .aead(AeadAlgorithm::Aes128Gcm)
            .expect("AES-128-GCM");
        let iv: [u8; 12] = iv.try_into().expect("12-byte iv");
        (aead.new_key(key).expect("key"), iv)
    }

    /// A TLS 1.3 protected record whose TLSInnerPlaintext is exactly `inner` (content, type
    /// byte, padding: whatever the caller wants), sealed with `sender`'s `phase` keys at
    /// sequence number `seq` (RFC 8446 §5.2, §5.3).
    pub fn seal_inner(&self, sender: Peer, phase: Phase, seq: u64, inner: &[u8]) -> Vec<u8> {
        let (key, iv) = self.aead_key(sender, phase);
        let len = u16::try_from(inner.len() + 16).expect("record length");
        let header = [
            ContentType::APPLICATION_DATA.0,
            3,
            3,
            (len >> 8) as u8,
            len as u8,
        ];
        let mut body = inner.to_vec();
        let tag = key
            .seal_in_place(&nonce(&iv, seq), &header, &mut body)
            .expect("seal");
        let mut record = header.to_vec();
        record.extend_from_slice(&body);
        record.extend_from_slice(&tag);
        record
    }

    /// A protected record of `content_type` holding `content`, no padding.
    pub fn seal(
        &self,
        sender: Peer,
        phase: Phase,
        seq: u64,
        content_type: ContentType,
        content: &[u8],
    ) -> Vec<u8> {
        let mut inner = content.to_vec();
        inner.push(content_type.0);
        self.seal_inner(sender, phase, seq, &inner)
    }

    /// Open a protected record of `sender` with its `phase` keys at `seq`: the content type and
    /// the content, or `None` if it does not authenticate.
    pub fn open(
        &self,
        sender: Peer,
        phase: Phase,
        seq: u64,
        record: &[u8],
    ) -> Option<(ContentType, Vec<u8>)> {
        let (key, iv) = self.aead_key(sender, phase);
        let header = record.get(..5)?;
        let mut body = record.get(5..)?.to_vec();
        let n = key
            .open_in_place(&nonce(&iv, seq), header, &mut body)
            .ok()?;
        body.truncate(n);
        let at = body.iter().rposition(|b| *b != 0)?;
        let typ = ContentType(body[at]);
        body.truncate(at);
        Some((typ, body))
    }

    /// Open a record `sender` wrote at some point of this session: a plaintext record is
    /// returned as is; a protected one is tried with each of the sender's keys and the first 16
    /// sequence numbers.
    pub fn open_any(&self, sender: Peer, record: &[u8]) -> Option<(ContentType, Vec<u8>)> {
        let typ = ContentType(*record.first()?);
        if typ != ContentType::APPLICATION_DATA {
            return Some((typ, record.get(5..)?.to_vec()));
        }
        Phase::ALL
            .iter()
            .filter(|p| self.keys.contains_key(&(sender, **p)))
            .find_map(|p| (0..16).find_map(|seq| self.open(sender, *p, seq, record)))
    }

    // ---- endpoints ----

    fn client_hello(&self, n: usize) -> ferrotls_core::msgs::handshake::ClientHello {
        let HandshakeMessage::ClientHello(ch) =
            decode(&self.handshake_record(Peer::Client, n).payload)
        else {
            panic!("not a ClientHello");
        };
        ch
    }

    /// The random values the trace's client draws, in the client's documented order.
    pub fn client_script(&self) -> Vec<u8> {
        let first = self.client_hello(0);
        let mut script = first.random.to_vec();
        script.extend_from_slice(&first.session_id);
        for step in self.trace.all("{client} create an ephemeral") {
            script.extend_from_slice(&step.hex("private key"));
        }
        script
    }

    /// A client configured like the trace's (before `ClientConnection::new`).
    pub fn client_config(&self) -> ClientConfig {
        self.client_setup().config
    }

    /// [`Self::client_config`], with its random source and signing key.
    pub fn client_setup(&self) -> ScriptedConfig<ClientConfig> {
        let random = Arc::new(ScriptedRandom::new(self.client_script()));
        let provider = Arc::new((crate::providers::client_provider().with_random)(
            Arc::clone(&random) as Arc<dyn SecureRandom>,
        ));
        let server_cert = self.certificate_chain(Peer::Server);
        let verifier = Arc::new(TraceServerVerifier {
            certificate: server_cert[0].to_vec(),
            algorithms: provider.verification,
        });
        let mut config = ClientConfig::with_verifier(Arc::clone(&provider), verifier);
        config.versions = vec![ProtocolVersion::TLS1_3];
        config.cipher_suites = TRACE_SUITES
            .iter()
            .map(|s| suites::lookup(*s).expect("implemented suite"))
            .collect::<Vec<&'static SupportedCipherSuite>>();
        config.groups = match self.section {
            Section::HelloRetry => TRACE_GROUPS_HRR.to_vec(),
            _ => TRACE_GROUPS.to_vec(),
        };
        config.key_share_count = 1;
        config.middlebox_compat = self.section == Section::Compatibility;
        // §4's client is §3's, resuming: NSS leaves session_ticket out of a ClientHello that
        // resumes a TLS 1.3 session, and so does ours.
        config.tls12_session_tickets =
            matches!(self.section, Section::Simple1Rtt | Section::Resumed0Rtt);
        config.enable_early_data = self.section == Section::Resumed0Rtt;
        config.limits = Limits {
            record_size_limit: Some(1 << 14),
            ..Limits::default()
        };
        let mut signer = None;
        if self.section == Section::ClientAuth {
            let chain = self.certificate_chain(Peer::Client);
            let key = self.signer(Peer::Client, &chain);
            signer = Some(Arc::clone(&key));
            config.client_auth = Some(Arc::new(CertifiedKey::new(chain, key)));
        }
        ScriptedConfig {
            config,
            random,
            signer,
        }
    }

    /// The trace's client, its ClientHello ready in `write_tls`.
    pub fn client(&self) -> ClientConnection {
        self.client_with(|_| {})
    }

    /// The trace's client with `configure` applied to its config.
    pub fn client_with(&self, configure: impl FnOnce(&mut ClientConfig)) -> ClientConnection {
        let mut config = self.client_config();
        configure(&mut config);
        let name = ServerName::try_from(TRACE_SERVER_NAME).expect("dns name");
        ClientConnection::new(Arc::new(config), name, trace_now()).expect("client starts")
    }

    /// §4's client (its config, random script and 0-RTT enabled) resuming with `data`, the
    /// ticket of §3, at `now` and [`RESUMPTION_TICKET_AGE_MS`] after receiving it. Its
    /// ClientHello is ready in `write_tls`; write the early data with `send_early_data`.
    pub fn resume_client(
        &self,
        config: ClientConfig,
        data: ferrotls_core::ResumptionData,
        now: UnixTime,
    ) -> ClientConnection {
        assert_eq!(self.section, Section::Resumed0Rtt, "only §4 resumes");
        let name = ServerName::try_from(TRACE_SERVER_NAME).expect("dns name");
        ClientConnection::resume_with_ticket_age(
            Arc::new(config),
            name,
            data,
            now,
            Duration::from_millis(u64::from(RESUMPTION_TICKET_AGE_MS)),
        )
        .expect("client starts")
    }

    /// The random values the trace's server draws: the HelloRetryRequest cookie (§5), the
    /// ServerHello random, the ephemeral private key.
    pub fn server_script(&self) -> Vec<u8> {
        let mut script = Vec::new();
        let hellos: Vec<Vec<u8>> = self
            .records(Peer::Server)
            .into_iter()
            .filter(|r| r.content_type == ContentType::HANDSHAKE && r.payload.first() == Some(&2))
            .map(|r| r.payload)
            .collect();
        if self.section == Section::HelloRetry {
            let HandshakeMessage::HelloRetryRequest(hrr) = decode(&hellos[0]) else {
                panic!("first server message is a HelloRetryRequest");
            };
            script.extend_from_slice(&hrr.cookie().expect("cookie").0);
        }
        let hello = hellos.last().expect("ServerHello");
        script.extend_from_slice(&hello[6..38]);
        let key_step = self
            .trace
            .all("{server} create an ephemeral")
            .into_iter()
            .last()
            .expect("server key pair");
        script.extend_from_slice(&key_step.hex("private key"));
        script
    }

    /// A server configured like the trace's (before `ServerConnection::new`).
    pub fn server_config(&self) -> ServerConfig {
        self.server_setup().config
    }

    /// [`Self::server_config`], with its random source and signing key.
    pub fn server_setup(&self) -> ScriptedConfig<ServerConfig> {
        let mut script = self.server_script();
        if self.section != Section::Resumed0Rtt {
            // After the client's Finished a full handshake draws the session's persistent
            // identifier, which the traces do not show (it never goes on the wire).
            script.extend_from_slice(&[0x5e; 32]);
        }
        let random = Arc::new(ScriptedRandom::new(script));
        let provider = Arc::new(CryptoProvider {
            kx_groups: server_kx_groups(),
            ..(crate::providers::server_provider().with_random)(
                Arc::clone(&random) as Arc<dyn SecureRandom>
            )
        });
        let chain = self.certificate_chain(Peer::Server);
        let key = self.signer(Peer::Server, &chain);
        let mut resolver = CertResolver::new();
        resolver.add_default(Arc::new(CertifiedKey::new(
            chain,
            Arc::clone(&key) as Arc<dyn SigningKey>,
        )));
        let resolver: Arc<dyn ResolvesServerCert> = Arc::new(resolver);
        // Made with another random source, so that the default ticket key does not eat the
        // script; the traces' servers then issue no tickets (tests/rfc8448_server.rs turns §3's
        // on with a stand-in sealer).
        let mut config = ServerConfig::new(Arc::new(default_provider()), resolver);
        config.provider = Arc::clone(&provider);
        config.tls13_tickets = 0;
        // The traces' server speaks TLS 1.3 only.
        config.versions = vec![ProtocolVersion::TLS1_3];
        config.cipher_suites = TRACE_SUITES
            .iter()
            .map(|s| suites::lookup(*s).expect("implemented suite"))
            .collect();
        config.limits.record_size_limit = Some(0x4001);
        match self.section {
            Section::HelloRetry => {
                config.groups = vec![
                    NamedGroup::SECP256R1,
                    NamedGroup::SECP384R1,
                    NamedGroup::X25519,
                ];
                config.retry_for_preferred_group = true;
                let HandshakeMessage::HelloRetryRequest(hrr) =
                    decode(&self.handshake_record(Peer::Server, 0).payload)
                else {
                    panic!("first server message is a HelloRetryRequest");
                };
                config.hrr_cookie_len = hrr.cookie().expect("cookie").0.len();
            }
            Section::Simple1Rtt | Section::Resumed0Rtt | Section::Compatibility => {
                config.groups = TRACE_GROUPS.to_vec()
            }
            Section::ClientAuth => {
                config.groups = TRACE_GROUPS.to_vec();
                config.client_verifier = Some(Arc::new(self.pinned_client_verifier(&provider)));
            }
        }
        ScriptedConfig {
            config,
            random,
            signer: Some(key),
        }
    }

    /// §6's client certificate, pinned, with the schemes the trace's CertificateRequest lists.
    pub fn pinned_client_verifier(&self, provider: &Arc<CryptoProvider>) -> PinnedClientVerifier {
        let chain = self.certificate_chain(Peer::Client);
        let HandshakeMessage::CertificateRequestTls13(request) = decode(
            &self
                .trace
                .step("{server} construct a CertificateRequest")
                .hex("CertificateRequest"),
        ) else {
            panic!("not a CertificateRequest");
        };
        PinnedClientVerifier {
            cert: chain[0].clone(),
            schemes: request.signature_algorithms().expect("schemes").to_vec(),
            provider: Arc::clone(provider),
        }
    }

    /// The trace's server.
    pub fn server(&self) -> ServerConnection {
        self.server_with(|_| {})
    }

    /// The trace's server with `configure` applied to its config.
    pub fn server_with(&self, configure: impl FnOnce(&mut ServerConfig)) -> ServerConnection {
        let mut config = self.server_config();
        configure(&mut config);
        ServerConnection::new(Arc::new(config)).expect("server starts")
    }
}

fn nonce(iv: &[u8; 12], seq: u64) -> [u8; 12] {
    let mut n = *iv;
    for (b, s) in n[4..].iter_mut().zip(seq.to_be_bytes()) {
        *b ^= s;
    }
    n
}
