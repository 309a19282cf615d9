//! Table-driven bad input for TLS 1.2, both sides: each case drives one of our endpoints through
//! a TLS 1.2 handshake against a scripted peer written here, feeds it one forged input, and
//! names the alert RFC 5246 (§7.2, §7.4), RFC 8422, RFC 7627, RFC 5746, RFC 7507 or RFC 8446
//! (§4.1.3 downgrade protection) prescribes.
//!
//! The scripted peer frames its own records and computes every key itself (its ECDHE share, the
//! extended master secret of RFC 7627, the key block and Finished values, with
//! `Tls12MasterSecret`), so it can break exactly one rule and still read everything the
//! endpoint under test writes, protected or not.
//!
//! For every failing case the checks are those of `bad_input_tls13`:
//! - `handle_tls` fails and `alert_sent()` is exactly the expected alert;
//! - the last record `write_tls` produced is that fatal alert (plaintext before the endpoint's
//!   ChangeCipherSpec, opened with the peer's keys after);
//! - the connection is terminal: `failure()` is the error, a further `handle_tls` returns the
//!   same error, `send` fails with it, and nothing more is written;
//! - nothing panics (each case runs under `catch_unwind`).
//!
//! Renegotiation refusals are not failures: for those the endpoint must write a *warning*
//! no_renegotiation (RFC 5246 §7.2.2: "This message is always a warning") and keep working in
//! both directions.
//!
//! Cases whose expected alert the library does not produce yet go in `known_library_bugs`, so
//! that `bad_input_table` passes; that test lists what is still wrong.
#![forbid(unsafe_code)]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use ferrotls_core::crypto::kx::ActiveKx;
use ferrotls_core::crypto::rustcrypto::default_provider;
use ferrotls_core::crypto::{CryptoProvider, HashOutput, NamedGroup, Secret, SignatureScheme};
use ferrotls_core::key_schedule::{HashPrimitives, Side, Tls12MasterSecret, Tls12WriteKeys};
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::suites::{self, SupportedCipherSuite};
use ferrotls_core::verify::WebPkiClientVerifier;
use ferrotls_core::{
    AlertDescription, ApiError, ClientConfig, ClientConnection, Error, Event, ProtocolVersion,
    ServerConfig, ServerConnection,
};
use ferrotls_record::{ContentType, RecordProtection, RecordReader, RecordWriter};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::pair::START_TIME;

type A = AlertDescription;

// ---- code points ----

const HS_HELLO_REQUEST: u8 = 0;
const HS_CLIENT_HELLO: u8 = 1;
const HS_SERVER_HELLO: u8 = 2;
const HS_NEW_SESSION_TICKET: u8 = 4;
const HS_CERTIFICATE: u8 = 11;
const HS_SERVER_KEY_EXCHANGE: u8 = 12;
const HS_CERTIFICATE_REQUEST: u8 = 13;
const HS_SERVER_HELLO_DONE: u8 = 14;
const HS_CERTIFICATE_VERIFY: u8 = 15;
const HS_CLIENT_KEY_EXCHANGE: u8 = 16;
const HS_FINISHED: u8 = 20;
const HS_KEY_UPDATE: u8 = 24;

const EXT_SUPPORTED_GROUPS: u16 = 10;
const EXT_EC_POINT_FORMATS: u16 = 11;
const EXT_SIGNATURE_ALGORITHMS: u16 = 13;
const EXT_ALPN: u16 = 16;
const EXT_EMS: u16 = 23;
const EXT_KEY_SHARE: u16 = 51;
const EXT_RENEGOTIATION_INFO: u16 = 0xff01;

const X25519: u16 = 0x001d;
const SECP256R1: u16 = 0x0017;
const SECP384R1: u16 = 0x0018;
const SECP521R1: u16 = 0x0019;

const ECDHE_ECDSA_AES128_GCM_SHA256: u16 = 0xc02b;
const RSA_AES128_GCM_SHA256: u16 = 0x009c;
const TLS13_AES128_GCM_SHA256: u16 = 0x1301;
const FALLBACK_SCSV: u16 = 0x5600;

const ECDSA_P256_SHA256: u16 = 0x0403;
const ECDSA_SHA1: u16 = 0x0203;
const RSA_PKCS1_SHA256: u16 = 0x0401;
const RSA_PSS_RSAE_SHA256: u16 = 0x0804;
const ED25519: u16 = 0x0807;

/// RFC 8446 §4.1.3: the last 8 bytes of a TLS 1.3 server's random when it negotiates TLS 1.2.
const DOWNGRADE_TLS12: [u8; 8] = [0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01];

/// The x coordinate of the P-256 base point (SEC 2 §2.4.2).
const P256_GX: [u8; 32] = [
    0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
    0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
];

fn now() -> UnixTime {
    UnixTime::since_unix_epoch(START_TIME)
}

// ---- byte helpers ----

fn u16b(v: usize) -> [u8; 2] {
    u16::try_from(v).expect("fits u16").to_be_bytes()
}

fn u24b(v: usize) -> [u8; 3] {
    let b = u32::try_from(v).expect("fits").to_be_bytes();
    [b[1], b[2], b[3]]
}

/// A plaintext record (record version 0x0303).
fn plaintext(ct: u8, payload: &[u8]) -> Vec<u8> {
    let mut r = vec![ct, 3, 3];
    r.extend_from_slice(&u16b(payload.len()));
    r.extend_from_slice(payload);
    r
}

/// A handshake message: type, uint24 length, body.
fn message(typ: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![typ];
    m.extend_from_slice(&u24b(body.len()));
    m.extend_from_slice(body);
    m
}

/// A u16-length-prefixed list of u16 code points.
fn u16_list(values: &[u16]) -> Vec<u8> {
    let mut out = u16b(values.len() * 2).to_vec();
    for v in values {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out
}

fn encode_extensions(exts: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (t, data) in exts {
        body.extend_from_slice(&t.to_be_bytes());
        body.extend_from_slice(&u16b(data.len()));
        body.extend_from_slice(data);
    }
    let mut out = u16b(body.len()).to_vec();
    out.extend_from_slice(&body);
    out
}

fn set_ext(exts: &mut Vec<(u16, Vec<u8>)>, t: u16, body: Vec<u8>) {
    match exts.iter_mut().find(|(typ, _)| *typ == t) {
        Some(e) => e.1 = body,
        None => exts.push((t, body)),
    }
}

fn remove_ext(exts: &mut Vec<(u16, Vec<u8>)>, t: u16) {
    exts.retain(|(typ, _)| *typ != t);
}

/// Splits a buffer of whole handshake messages.
fn split_messages(mut bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while bytes.len() >= 4 {
        let len = usize::from(bytes[1]) << 16 | usize::from(bytes[2]) << 8 | usize::from(bytes[3]);
        out.push(bytes[..4 + len].to_vec());
        bytes = &bytes[4 + len..];
    }
    assert!(bytes.is_empty(), "whole handshake messages");
    out
}

/// A TLS 1.2 ClientHello, field by field.
#[derive(Clone, Debug)]
struct Ch {
    version: [u8; 2],
    random: [u8; 32],
    suites: Vec<u16>,
    compression: Vec<u8>,
    exts: Vec<(u16, Vec<u8>)>,
}

impl Default for Ch {
    /// What a TLS 1.2-only client would send: one ECDHE_ECDSA suite, X25519 and P-256,
    /// uncompressed points, ECDSA/RSA/EdDSA schemes, secure renegotiation and EMS.
    fn default() -> Self {
        Self {
            version: [3, 3],
            random: [0x11; 32],
            suites: vec![ECDHE_ECDSA_AES128_GCM_SHA256],
            compression: vec![0],
            exts: vec![
                (EXT_SUPPORTED_GROUPS, u16_list(&[X25519, SECP256R1])),
                (EXT_EC_POINT_FORMATS, vec![1, 0]),
                (
                    EXT_SIGNATURE_ALGORITHMS,
                    u16_list(&[
                        ECDSA_P256_SHA256,
                        RSA_PSS_RSAE_SHA256,
                        RSA_PKCS1_SHA256,
                        ED25519,
                    ]),
                ),
                (EXT_RENEGOTIATION_INFO, vec![0]),
                (EXT_EMS, Vec::new()),
            ],
        }
    }
}

impl Ch {
    fn encode(&self) -> Vec<u8> {
        let mut b = self.version.to_vec();
        b.extend_from_slice(&self.random);
        b.push(0);
        b.extend_from_slice(&u16_list(&self.suites));
        b.push(u8::try_from(self.compression.len()).expect("methods"));
        b.extend_from_slice(&self.compression);
        b.extend_from_slice(&encode_extensions(&self.exts));
        message(HS_CLIENT_HELLO, &b)
    }
}

/// A TLS 1.2 ServerHello, field by field.
#[derive(Clone, Debug)]
struct Sh {
    version: [u8; 2],
    random: [u8; 32],
    session_id: Vec<u8>,
    suite: u16,
    compression: u8,
    exts: Vec<(u16, Vec<u8>)>,
}

impl Default for Sh {
    fn default() -> Self {
        Self {
            version: [3, 3],
            random: [0x22; 32],
            // A fresh session id the client never offered.
            session_id: vec![7; 32],
            suite: ECDHE_ECDSA_AES128_GCM_SHA256,
            compression: 0,
            exts: vec![
                (EXT_RENEGOTIATION_INFO, vec![0]),
                (EXT_EMS, Vec::new()),
                (EXT_EC_POINT_FORMATS, vec![1, 0]),
            ],
        }
    }
}

impl Sh {
    fn encode(&self) -> Vec<u8> {
        let mut b = self.version.to_vec();
        b.extend_from_slice(&self.random);
        b.push(u8::try_from(self.session_id.len()).expect("sid"));
        b.extend_from_slice(&self.session_id);
        b.extend_from_slice(&self.suite.to_be_bytes());
        b.push(self.compression);
        b.extend_from_slice(&encode_extensions(&self.exts));
        message(HS_SERVER_HELLO, &b)
    }
}

/// A Certificate message carrying the first certificate of each PEM file.
fn certificate(pems: &[&str]) -> Vec<u8> {
    let mut list = Vec::new();
    for pem in pems {
        let cert = certs::certs(pem).remove(0);
        list.extend_from_slice(&u24b(cert.as_ref().len()));
        list.extend_from_slice(cert.as_ref());
    }
    let mut body = u24b(list.len()).to_vec();
    body.extend_from_slice(&list);
    message(HS_CERTIFICATE, &body)
}

fn sign(key_file: &str, scheme: u16, message: &[u8]) -> Vec<u8> {
    certs::key(key_file)
        .sign(
            SignatureScheme(scheme),
            message,
            default_provider().random.as_ref(),
        )
        .expect("sign")
}

/// `SignatureAndHashAlgorithm` + `opaque signature<0..2^16-1>` (RFC 5246 §4.7).
fn digitally_signed(scheme: u16, signature: &[u8]) -> Vec<u8> {
    let mut out = scheme.to_be_bytes().to_vec();
    out.extend_from_slice(&u16b(signature.len()));
    out.extend_from_slice(signature);
    out
}

// ---- the scripted peer ----

/// Which side the script plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Client,
    Server,
}

/// One side of a TLS 1.2 handshake, done by hand: the transcript, the record layer in both
/// directions, and the key schedule.
struct Script {
    role: Role,
    provider: CryptoProvider,
    suite: &'static SupportedCipherSuite,
    /// Every handshake message so far (HelloRequest excepted, RFC 5246 §7.4.9).
    transcript: Vec<u8>,
    /// Reads what the endpoint under test writes.
    reader: RecordReader,
    /// Writes our records.
    writer: RecordWriter,
    client_random: [u8; 32],
    server_random: [u8; 32],
    /// Our ECDHE share, until the premaster secret is computed.
    kx: Option<Box<dyn ActiveKx>>,
    /// The peer's ECDHE point (from its ServerKeyExchange), when we are the client.
    peer_point: Option<(u16, Vec<u8>)>,
    /// Set when we play the client and have computed the premaster secret already.
    premaster: Option<Secret>,
    master: Option<Tls12MasterSecret>,
    /// Installed on the peer's ChangeCipherSpec.
    pending_read: Option<RecordProtection>,
    /// Installed on ours.
    pending_write: Option<RecordProtection>,
    /// Every record read: (content type, plaintext).
    received: Vec<(ContentType, Vec<u8>)>,
}

impl Script {
    fn new(role: Role) -> Self {
        Self {
            role,
            provider: default_provider(),
            suite: suites::lookup(ferrotls_core::msgs::enums::CipherSuite(
                ECDHE_ECDSA_AES128_GCM_SHA256,
            ))
            .expect("suite"),
            transcript: Vec::new(),
            reader: RecordReader::new(),
            writer: RecordWriter::new(),
            client_random: [0; 32],
            server_random: [0; 32],
            kx: None,
            peer_point: None,
            premaster: None,
            master: None,
            pending_read: None,
            pending_write: None,
            received: Vec::new(),
        }
    }

    fn prims(&self) -> HashPrimitives {
        HashPrimitives::from_provider(&self.provider, self.suite.hash).expect("prims")
    }

    fn hash(&self) -> HashOutput {
        self.prims().hash.hash(&self.transcript)
    }

    /// Adds a handshake message (ours or the peer's) to the transcript, noting what it tells.
    fn add(&mut self, m: &[u8]) {
        match m[0] {
            HS_HELLO_REQUEST => return,
            HS_CLIENT_HELLO => self.client_random.copy_from_slice(&m[6..38]),
            HS_SERVER_HELLO => {
                self.server_random.copy_from_slice(&m[6..38]);
                let sid = usize::from(m[38]);
                let suite = u16::from_be_bytes([m[39 + sid], m[40 + sid]]);
                if let Some(s) = suites::lookup(ferrotls_core::msgs::enums::CipherSuite(suite)) {
                    self.suite = s;
                }
            }
            HS_SERVER_KEY_EXCHANGE if self.role == Role::Client => {
                let group = u16::from_be_bytes([m[5], m[6]]);
                let len = usize::from(m[7]);
                self.peer_point = Some((group, m[8..8 + len].to_vec()));
            }
            _ => {}
        }
        self.transcript.extend_from_slice(m);
        if m[0] == HS_CLIENT_KEY_EXCHANGE {
            let premaster = match self.premaster.take() {
                Some(p) => p,
                None => self
                    .kx
                    .take()
                    .expect("our share")
                    .complete(&m[5..])
                    .expect("the client's point"),
            };
            self.derive(&premaster);
        }
    }

    /// RFC 7627 §4: the extended master secret over the transcript through ClientKeyExchange,
    /// then the key block (RFC 5246 §6.3).
    fn derive(&mut self, premaster: &Secret) {
        let master =
            Tls12MasterSecret::derive_extended(self.prims(), premaster.as_bytes(), &self.hash())
                .expect("ems");
        let block = master.key_block(self.suite.aead, &self.client_random, &self.server_random);
        let client = self.protection(&block.client);
        let server = self.protection(&block.server);
        let (read, write) = match self.role {
            Role::Client => (server, client),
            Role::Server => (client, server),
        };
        self.pending_read = Some(read);
        self.pending_write = Some(write);
        self.master = Some(master);
    }

    fn protection(&self, keys: &Tls12WriteKeys) -> RecordProtection {
        let aead = self.provider.aead(self.suite.aead).expect("aead");
        RecordProtection::tls12(
            aead.new_key(keys.key().as_bytes()).expect("key"),
            keys.fixed_iv().as_bytes(),
        )
        .expect("protection")
    }

    /// Reads everything the endpoint wrote; returns the records' (type, plaintext).
    fn read(&mut self, mut bytes: Vec<u8>) -> Vec<(ContentType, Vec<u8>)> {
        let mut records = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let (typ, payload, used) = {
                let (record, used) = self
                    .reader
                    .read(&mut bytes[at..])
                    .expect("a record the script can open")
                    .expect("a complete record");
                (record.content_type, record.payload.to_vec(), used)
            };
            at += used;
            if typ == ContentType::CHANGE_CIPHER_SPEC {
                if let Some(p) = self.pending_read.take() {
                    self.reader.install(p);
                }
            } else if typ == ContentType::HANDSHAKE {
                for m in split_messages(&payload) {
                    self.add(&m);
                }
            }
            records.push((typ, payload));
        }
        self.received.extend(records.iter().cloned());
        records
    }

    /// One record of ours, under the current write keys.
    fn record(&mut self, typ: ContentType, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.writer.write(typ, payload, &mut out).expect("write");
        out
    }

    /// Handshake messages of ours in one record, added to the transcript.
    fn hs(&mut self, messages: &[Vec<u8>]) -> Vec<u8> {
        let mut payload = Vec::new();
        for m in messages {
            self.add(m);
            payload.extend_from_slice(m);
        }
        self.record(ContentType::HANDSHAKE, &payload)
    }

    /// Our ChangeCipherSpec; our write keys take effect after it.
    fn ccs(&mut self) -> Vec<u8> {
        let out = self.record(ContentType::CHANGE_CIPHER_SPEC, &[1]);
        if let Some(p) = self.pending_write.take() {
            self.writer.install(p);
        }
        out
    }

    /// Our Finished over the transcript so far (not added to it).
    fn finished(&self) -> Vec<u8> {
        let side = match self.role {
            Role::Client => Side::Client,
            Role::Server => Side::Server,
        };
        let verify_data = self
            .master
            .as_ref()
            .expect("master secret")
            .verify_data(side, &self.hash())
            .expect("verify_data");
        message(HS_FINISHED, verify_data.as_bytes())
    }

    // -- as the server --

    /// A ServerKeyExchange for `params` (curve type, group, point as given), signed by the
    /// ECDSA server key over the randoms and `signed_params` (RFC 8422 §5.4), naming `scheme`.
    fn ske_raw(&self, params: &[u8], signed_params: &[u8], scheme: u16) -> Vec<u8> {
        let mut tbs = self.client_random.to_vec();
        tbs.extend_from_slice(&self.server_random);
        tbs.extend_from_slice(signed_params);
        let signature = sign("server-ecdsa-p256.key", ECDSA_P256_SHA256, &tbs);
        let mut body = params.to_vec();
        body.extend_from_slice(&digitally_signed(scheme, &signature));
        message(HS_SERVER_KEY_EXCHANGE, &body)
    }

    /// A correctly signed ServerKeyExchange for a named curve and this point.
    fn ske_with_point(&self, group: u16, point: &[u8]) -> Vec<u8> {
        let params = ecdh_params(3, group, point);
        self.ske_raw(&params, &params, ECDSA_P256_SHA256)
    }

    /// A valid ServerKeyExchange with a fresh share of `group`.
    fn ske(&mut self, group: u16, scheme: u16) -> Vec<u8> {
        let kx = self
            .provider
            .kx_group(NamedGroup(group))
            .expect("group")
            .start(self.provider.random.as_ref())
            .expect("share");
        let params = ecdh_params(3, group, kx.public_key());
        self.kx = Some(kx);
        self.ske_raw(&params, &params, scheme)
    }

    // -- as the client --

    /// Our ClientKeyExchange for the server's point, with the premaster secret noted.
    fn cke(&mut self) -> Vec<u8> {
        let (group, point) = self.peer_point.clone().expect("the server's share");
        let kx = self
            .provider
            .kx_group(NamedGroup(group))
            .expect("group")
            .start(self.provider.random.as_ref())
            .expect("share");
        let public = kx.public_key().to_vec();
        self.premaster = Some(kx.complete(&point).expect("the server's point"));
        cke_message(&public)
    }
}

/// `ServerECDHParams` (RFC 8422 §5.4): curve type, named curve, point.
fn ecdh_params(curve_type: u8, group: u16, point: &[u8]) -> Vec<u8> {
    let mut p = vec![curve_type];
    p.extend_from_slice(&group.to_be_bytes());
    p.push(u8::try_from(point.len()).expect("point"));
    p.extend_from_slice(point);
    p
}

fn cke_message(point: &[u8]) -> Vec<u8> {
    let mut body = vec![u8::try_from(point.len()).expect("point")];
    body.extend_from_slice(point);
    message(HS_CLIENT_KEY_EXCHANGE, &body)
}

// ---- connections under test ----

enum AnyConn {
    Client(ClientConnection),
    Server(ServerConnection),
}

impl AnyConn {
    fn handle(&mut self, input: &[u8]) -> Result<usize, Error> {
        let mut buf = input.to_vec();
        match self {
            Self::Client(c) => c.handle_tls(&mut buf, now()),
            Self::Server(c) => c.handle_tls(&mut buf, now()),
        }
    }

    fn output(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Self::Client(c) => c.write_tls(&mut out),
            Self::Server(c) => c.write_tls(&mut out),
        };
        out
    }

    fn send(&mut self, data: &[u8]) -> Result<(), ApiError> {
        match self {
            Self::Client(c) => c.send(data),
            Self::Server(c) => c.send(data),
        }
    }

    fn failure(&self) -> Option<Error> {
        match self {
            Self::Client(c) => c.failure().cloned(),
            Self::Server(c) => c.failure().cloned(),
        }
    }

    fn events(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        loop {
            let e = match self {
                Self::Client(c) => c.poll_event(),
                Self::Server(c) => c.poll_event(),
            };
            match e {
                Some(e) => out.push(e),
                None => return out,
            }
        }
    }

    fn is_handshaking(&self) -> bool {
        match self {
            Self::Client(c) => c.is_handshaking(),
            Self::Server(c) => c.is_handshaking(),
        }
    }
}

/// The endpoint under test and the script facing it.
struct Run {
    conn: AnyConn,
    s: Script,
    /// The result of the last input.
    result: Result<usize, Error>,
}

impl Run {
    /// Reads what the endpoint wrote so far.
    fn take(&mut self) -> Vec<(ContentType, Vec<u8>)> {
        let out = self.conn.output();
        self.s.read(out)
    }

    /// Gives the endpoint `input` (after reading its pending output); panics if an earlier
    /// input failed already.
    fn feed(&mut self, input: &[u8]) -> &mut Self {
        if let Err(e) = &self.result {
            panic!("the endpoint failed before the forged input: {e}");
        }
        self.take();
        self.result = self.conn.handle(input);
        self
    }

    /// `feed`, then require success: for the setup steps.
    fn ok(&mut self, input: &[u8]) -> &mut Self {
        self.feed(input);
        if let Err(e) = &self.result {
            panic!("setup step refused: {e}");
        }
        self
    }
}

// ---- our client against a scripted server ----

fn client_config() -> ClientConfig {
    let mut config = certs::client_config();
    config.versions = vec![ProtocolVersion::TLS1_2];
    config.groups = vec![NamedGroup::X25519, NamedGroup::SECP256R1];
    config
}

/// A client built from `configure`d defaults, its ClientHello read by the script.
fn client_with(configure: impl FnOnce(&mut ClientConfig)) -> Run {
    let mut config = client_config();
    configure(&mut config);
    let name = ServerName::try_from("localhost").expect("name");
    let conn = ClientConnection::new(Arc::new(config), name, now()).expect("client");
    let mut run = Run {
        conn: AnyConn::Client(conn),
        s: Script::new(Role::Server),
        result: Ok(0),
    };
    run.take();
    run
}

fn client() -> Run {
    client_with(|_| {})
}

impl Run {
    /// The server's first flight (ServerHello, Certificate, `ske`, ServerHelloDone), with
    /// `change` applied to the list of messages first. `ske` builds the ServerKeyExchange once
    /// the ServerHello is in the transcript (it signs the randoms).
    fn server_flight(
        &mut self,
        sh: Sh,
        ske: impl FnOnce(&mut Script) -> Vec<u8>,
        change: impl FnOnce(&mut Vec<Vec<u8>>),
    ) -> Vec<u8> {
        let sh = sh.encode();
        let cert = certificate(&["server-ecdsa-p256.pem"]);
        // The ServerHello's random is needed for the signature: note it without sending.
        self.s.server_random.copy_from_slice(&sh[6..38]);
        let ske = ske(&mut self.s);
        let mut messages = vec![sh, cert, ske, message(HS_SERVER_HELLO_DONE, &[])];
        change(&mut messages);
        self.s.hs(&messages)
    }

    fn good_flight(&mut self) -> Vec<u8> {
        self.server_flight(Sh::default(), |s| s.ske(X25519, ECDSA_P256_SHA256), |_| {})
    }

    /// Through the client's Finished: the client waits for our ChangeCipherSpec.
    fn client_flight_done(mut self) -> Self {
        let flight = self.good_flight();
        self.ok(&flight);
        self.take();
        self
    }

    /// A completed handshake with our client.
    fn client_connected(mut self) -> Self {
        self = self.client_flight_done();
        let ccs = self.s.ccs();
        self.ok(&ccs);
        let fin = self.s.finished();
        let fin = self.s.hs(&[fin]);
        self.ok(&fin);
        assert!(!self.conn.is_handshaking(), "handshake complete");
        self
    }
}

/// The client given a first flight whose ServerHello is `change`d.
fn client_gets_sh(change: impl FnOnce(&mut Sh)) -> Run {
    let mut run = client();
    let mut sh = Sh::default();
    change(&mut sh);
    let flight = run.server_flight(sh, |s| s.ske(X25519, ECDSA_P256_SHA256), |_| {});
    run.feed(&flight);
    run
}

/// A client offering TLS 1.3 and 1.2 given a first flight whose ServerHello is `change`d; the
/// closure also gets the session id of the client's hello.
fn dual_client_gets_sh(change: impl FnOnce(&mut Sh, &[u8])) -> Run {
    let mut run = client_with(|c| {
        c.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
    });
    let t = &run.s.transcript;
    let session_id = t[39..39 + usize::from(t[38])].to_vec();
    let mut sh = Sh::default();
    change(&mut sh, &session_id);
    let flight = run.server_flight(sh, |s| s.ske(X25519, ECDSA_P256_SHA256), |_| {});
    run.feed(&flight);
    run
}

/// The client given a first flight with its ServerKeyExchange built by `ske`.
fn client_gets_ske(ske: impl FnOnce(&mut Script) -> Vec<u8>) -> Run {
    let mut run = client();
    let flight = run.server_flight(Sh::default(), ske, |_| {});
    run.feed(&flight);
    run
}

/// The client given a first flight's messages after `change`.
fn client_gets_flight(change: impl FnOnce(&mut Vec<Vec<u8>>)) -> Run {
    let mut run = client();
    let flight = run.server_flight(Sh::default(), |s| s.ske(X25519, ECDSA_P256_SHA256), change);
    run.feed(&flight);
    run
}

// ---- our server against a scripted client ----

fn server_config() -> ServerConfig {
    certs::server_config(KeyKind::EcdsaP256)
}

fn server_with(config: ServerConfig) -> Run {
    let conn = ServerConnection::new(Arc::new(config)).expect("server");
    Run {
        conn: AnyConn::Server(conn),
        s: Script::new(Role::Client),
        result: Ok(0),
    }
}

/// The server given a ClientHello after `change`.
fn server_gets_ch(change: impl FnOnce(&mut Ch)) -> Run {
    let mut ch = Ch::default();
    change(&mut ch);
    let mut run = server_with(server_config());
    let hello = run.s.hs(&[ch.encode()]);
    run.feed(&hello);
    run
}

impl Run {
    /// ClientHello in, the server's first flight read.
    fn hello(mut self) -> Self {
        let hello = self.s.hs(&[Ch::default().encode()]);
        self.ok(&hello);
        self.take();
        self
    }

    /// Through our ClientKeyExchange (no client certificate).
    fn through_cke(mut self) -> Self {
        self = self.hello();
        let cke = self.s.cke();
        let cke = self.s.hs(&[cke]);
        self.ok(&cke);
        self
    }

    /// Through our ChangeCipherSpec.
    fn through_ccs(mut self) -> Self {
        self = self.through_cke();
        let ccs = self.s.ccs();
        self.ok(&ccs);
        self
    }

    /// A completed handshake with our server.
    fn server_connected(mut self) -> Self {
        self = self.through_ccs();
        let fin = self.s.finished();
        let fin = self.s.hs(&[fin]);
        self.ok(&fin);
        self.take();
        assert!(!self.conn.is_handshaking(), "handshake complete");
        self
    }

    /// With client authentication requested: our Certificate (ECDSA client certificate) and
    /// ClientKeyExchange are in, the server waits for the CertificateVerify.
    fn through_client_cert(mut self) -> Self {
        self = self.hello();
        assert!(
            self.s
                .received
                .iter()
                .any(|(t, p)| *t == ContentType::HANDSHAKE
                    && split_messages(p)
                        .iter()
                        .any(|m| m[0] == HS_CERTIFICATE_REQUEST)),
            "the server asked for a certificate"
        );
        let cert = self.s.hs(&[certificate(&["client-ecdsa-p256.pem"])]);
        self.ok(&cert);
        let cke = self.s.cke();
        let cke = self.s.hs(&[cke]);
        self.ok(&cke);
        self
    }

    /// A CertificateVerify over the transcript so far, signed by the client key, naming
    /// `scheme`; `tamper` changes the signed bytes.
    fn certificate_verify(&self, scheme: u16, tamper: bool) -> Vec<u8> {
        let mut tbs = self.s.transcript.clone();
        if tamper {
            tbs[10] ^= 1;
        }
        let signature = sign("client-ecdsa-p256.key", ECDSA_P256_SHA256, &tbs);
        message(HS_CERTIFICATE_VERIFY, &digitally_signed(scheme, &signature))
    }
}

fn server_requiring_auth() -> Run {
    server_with(certs::server_config_requiring_client_auth(
        KeyKind::EcdsaP256,
    ))
}

// ---- the table ----

#[derive(Clone, Copy, Debug)]
enum Expect {
    /// We fail with this fatal alert and send it.
    Sent(A),
    /// We answer with this warning alert and go on.
    Warned(A),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Under {
    Client,
    Server,
}

struct Case {
    name: &'static str,
    side: Under,
    expect: Expect,
    run: fn() -> Run,
}

fn check(case: &Case) -> Result<String, String> {
    let run = catch_unwind(AssertUnwindSafe(case.run))
        .map_err(|p| format!("panicked while driving: {}", panic_text(&p)))?;
    catch_unwind(AssertUnwindSafe(|| match case.expect {
        Expect::Sent(alert) => check_fatal(run, alert),
        Expect::Warned(alert) => check_warning(run, alert),
    }))
    .map_err(|p| format!("panicked while checking: {}", panic_text(&p)))?
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

fn last_alert(records: &[(ContentType, Vec<u8>)]) -> Result<(u8, A), String> {
    let (typ, payload) = records
        .last()
        .ok_or_else(|| "no alert record written".to_string())?;
    if *typ != ContentType::ALERT {
        return Err(format!("last record is {typ:?}, not an alert"));
    }
    match payload[..] {
        [level, description] => Ok((level, AlertDescription(description))),
        _ => Err(format!("alert payload {payload:02x?}")),
    }
}

fn check_fatal(mut run: Run, alert: A) -> Result<String, String> {
    let err = match run.result.clone() {
        Ok(n) => return Err(format!("accepted (consumed {n} bytes)")),
        Err(e) => e,
    };
    if err.alert_sent() != Some(alert) {
        return Err(format!("expected to send {alert:?}, got: {err}"));
    }
    let records = run.take();
    let (level, description) = last_alert(&records)?;
    if (level, description) != (2, alert) {
        return Err(format!(
            "wrote alert ({level}, {description:?}), expected (2, {alert:?})"
        ));
    }
    // Terminal.
    if run.conn.failure().as_ref() != Some(&err) {
        return Err(format!("failure() is {:?}", run.conn.failure()));
    }
    let again = run.conn.handle(&plaintext(ContentType::ALERT.0, &[1, 0]));
    if again != Err(err.clone()) {
        return Err(format!("a further handle_tls gave {again:?}"));
    }
    let sent = run.conn.send(b"more");
    if sent != Err(ApiError::Failed(err.clone())) {
        return Err(format!("send after failure gave {sent:?}"));
    }
    let extra = run.conn.output();
    if !extra.is_empty() {
        return Err(format!(
            "{} more bytes written after the failure",
            extra.len()
        ));
    }
    Ok(err.to_string())
}

fn check_warning(mut run: Run, alert: A) -> Result<String, String> {
    if let Err(e) = &run.result {
        return Err(format!("failed instead of warning: {e}"));
    }
    let records = run.take();
    let (level, description) = last_alert(&records)?;
    if (level, description) != (1, alert) {
        return Err(format!(
            "wrote alert ({level}, {description:?}), expected the warning (1, {alert:?})"
        ));
    }
    if let Some(e) = run.conn.failure() {
        return Err(format!("the connection failed: {e}"));
    }
    // Still working both ways.
    run.conn
        .send(b"still here")
        .map_err(|e| format!("send after the warning: {e}"))?;
    let records = run.take();
    if !records
        .iter()
        .any(|(t, p)| *t == ContentType::APPLICATION_DATA && p == b"still here")
    {
        return Err(format!(
            "no application data after the warning: {records:?}"
        ));
    }
    run.conn.events();
    let data = run.s.record(ContentType::APPLICATION_DATA, b"and you?");
    run.conn
        .handle(&data)
        .map_err(|e| format!("application data after the warning: {e}"))?;
    if !run
        .conn
        .events()
        .contains(&Event::ApplicationData(b"and you?".to_vec()))
    {
        return Err("the application data was not delivered".into());
    }
    Ok(format!("warned {alert:?} and carried on"))
}

fn run_table(cases: &[Case]) -> Vec<String> {
    let mut failures = Vec::new();
    for case in cases {
        match check(case) {
            Ok(why) => println!("ok   {:?} {}: {why}", case.side, case.name),
            Err(why) => {
                println!("FAIL {:?} {}: {why}", case.side, case.name);
                failures.push(format!("{}: {why}", case.name));
            }
        }
    }
    failures
}

// ---- client cases ----

fn client_cases() -> Vec<Case> {
    use Expect::*;
    let c = |name, expect, run| Case {
        name,
        side: Under::Client,
        expect,
        run,
    };
    vec![
        // RFC 5246 §7.4.1.3: "cipher_suite: The single cipher suite selected by the server
        // from the list in ClientHello.cipher_suites."
        c(
            "server_hello_suite_not_offered",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_sh(|sh| sh.suite = RSA_AES128_GCM_SHA256),
        ),
        c(
            "server_hello_tls13_suite_under_tls12",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                // A client offering both versions offers TLS_AES_128_GCM_SHA256 too.
                let mut run = client_with(|c| {
                    c.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2]
                });
                let sh = Sh {
                    suite: TLS13_AES128_GCM_SHA256,
                    ..Sh::default()
                };
                let flight = run.server_flight(sh, |s| s.ske(X25519, ECDSA_P256_SHA256), |_| {});
                run.feed(&flight);
                run
            },
        ),
        c(
            "server_hello_non_null_compression",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_sh(|sh| sh.compression = 1),
        ),
        // RFC 5246 §7.4.1.4: an extension the client did not request.
        c(
            "server_hello_unsolicited_alpn",
            Sent(A::UNSUPPORTED_EXTENSION),
            || client_gets_sh(|sh| sh.exts.push((EXT_ALPN, vec![0, 3, 2, b'h', b'2']))),
        ),
        // RFC 5746 §3.4 / §4.1.
        c(
            "server_hello_without_renegotiation_info",
            Sent(A::HANDSHAKE_FAILURE),
            || client_gets_sh(|sh| remove_ext(&mut sh.exts, EXT_RENEGOTIATION_INFO)),
        ),
        c(
            "server_hello_non_empty_renegotiation_info",
            Sent(A::HANDSHAKE_FAILURE),
            || client_gets_sh(|sh| set_ext(&mut sh.exts, EXT_RENEGOTIATION_INFO, vec![2, 1, 2])),
        ),
        // RFC 7627 §5.2.
        c(
            "server_hello_without_ems_while_required",
            Sent(A::HANDSHAKE_FAILURE),
            || client_gets_sh(|sh| remove_ext(&mut sh.exts, EXT_EMS)),
        ),
        // RFC 5246 Appendix E.1 and RFC 8996.
        c("server_hello_tls11", Sent(A::PROTOCOL_VERSION), || {
            client_gets_sh(|sh| sh.version = [3, 2])
        }),
        // RFC 8446 §4.1.3.
        c(
            "server_hello_downgrade_sentinel_to_tls13_client",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                let mut run = client_with(|c| {
                    c.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2]
                });
                let mut sh = Sh::default();
                sh.random[24..].copy_from_slice(&DOWNGRADE_TLS12);
                let flight = run.server_flight(sh, |s| s.ske(X25519, ECDSA_P256_SHA256), |_| {});
                run.feed(&flight);
                run
            },
        ),
        // RFC 5246 §7.4.1.3: an echoed session_id resumes; TLS 1.3's compatibility-mode id
        // (RFC 8446 §D.4) names no session.
        c(
            "server_hello_echoes_compatibility_session_id",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                dual_client_gets_sh(|sh, sid| {
                    assert_eq!(sid.len(), 32, "middlebox compatibility session id");
                    sh.session_id = sid.to_vec();
                })
            },
        ),
        // RFC 8446 §4.2: key_share is not specified for a TLS 1.2 ServerHello.
        c(
            "server_hello_tls12_with_key_share",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                dual_client_gets_sh(|sh, _| {
                    let mut share = X25519.to_be_bytes().to_vec();
                    share.extend_from_slice(&u16b(32));
                    share.extend_from_slice(&[9; 32]);
                    sh.exts.push((EXT_KEY_SHARE, share));
                })
            },
        ),
        // RFC 5246 §7.1: ChangeCipherSpec only after the key exchange.
        c(
            "change_cipher_spec_after_server_hello",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = client();
                let sh = run.s.hs(&[Sh::default().encode()]);
                run.ok(&sh);
                run.feed(&plaintext(20, &[1]));
                run
            },
        ),
        // RFC 5246 §7.4.2: the sender's certificate comes first.
        c("certificate_empty", Sent(A::DECODE_ERROR), || {
            client_gets_flight(|m| m[1] = message(HS_CERTIFICATE, &[0, 0, 0]))
        }),
        // RFC 8422 §5.3 / RFC 5246 §7.4.2.
        c(
            "certificate_rsa_key_for_ecdsa_suite",
            Sent(A::HANDSHAKE_FAILURE),
            || client_gets_flight(|m| m[1] = certificate(&["server-rsa2048.pem"])),
        ),
        c("server_hello_twice", Sent(A::UNEXPECTED_MESSAGE), || {
            client_gets_flight(|m| m.insert(1, Sh::default().encode()))
        }),
        // RFC 5246 §7.2.2: unknown_ca, bad_certificate.
        c("certificate_from_unknown_ca", Sent(A::UNKNOWN_CA), || {
            client_gets_flight(|m| m[1] = certificate(&["untrusted-server.pem"]))
        }),
        c(
            "certificate_for_another_name",
            Sent(A::BAD_CERTIFICATE),
            || client_gets_flight(|m| m[1] = certificate(&["other-name.pem"])),
        ),
        // RFC 5246 §7.4 / §7.3: the order of Figure 1.
        c(
            "server_key_exchange_missing",
            Sent(A::UNEXPECTED_MESSAGE),
            || client_gets_flight(|m| drop(m.remove(2))),
        ),
        // RFC 8422 §5.4: explicit curves are deprecated and MUST NOT be used.
        c(
            "server_key_exchange_explicit_prime_curve",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                client_gets_ske(|s| {
                    let params = ecdh_params(1, X25519, &[9; 32]);
                    s.ske_raw(&params, &params, ECDSA_P256_SHA256)
                })
            },
        ),
        // RFC 8422 §5.4: the server picks one of the client's curves.
        c(
            "server_key_exchange_curve_not_offered",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_ske(|s| s.ske(SECP384R1, ECDSA_P256_SHA256)),
        ),
        // RFC 8422 §5.11: invalid points are illegal_parameter.
        c(
            "server_key_exchange_p256_point_off_curve",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                client_gets_ske(|s| {
                    let mut point = vec![4];
                    point.extend_from_slice(&P256_GX);
                    point.extend_from_slice(&[0x55; 32]);
                    s.ske_with_point(SECP256R1, &point)
                })
            },
        ),
        c(
            "server_key_exchange_p256_point_compressed",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                client_gets_ske(|s| {
                    let mut point = vec![3];
                    point.extend_from_slice(&P256_GX);
                    s.ske_with_point(SECP256R1, &point)
                })
            },
        ),
        c(
            "server_key_exchange_x25519_wrong_length",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_ske(|s| s.ske_with_point(X25519, &[9; 31])),
        ),
        c(
            "server_key_exchange_x25519_all_zero",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_ske(|s| s.ske_with_point(X25519, &[0; 32])),
        ),
        // RFC 5246 §7.2.2: a signature that does not verify is decrypt_error.
        c(
            "server_key_exchange_bad_signature",
            Sent(A::DECRYPT_ERROR),
            || {
                client_gets_ske(|s| {
                    let kx = s
                        .provider
                        .kx_group(NamedGroup::X25519)
                        .expect("x25519")
                        .start(s.provider.random.as_ref())
                        .expect("share");
                    let params = ecdh_params(3, X25519, kx.public_key());
                    let mut other = params.clone();
                    other[4] ^= 1;
                    s.ske_raw(&params, &other, ECDSA_P256_SHA256)
                })
            },
        ),
        // RFC 5246 §7.4.1.4.1: the server uses one of the client's signature_algorithms.
        c(
            "server_key_exchange_scheme_not_offered",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_ske(|s| s.ske(X25519, ECDSA_SHA1)),
        ),
        // RFC 8422 §5.4: ECDHE_ECDSA is signed with ECDSA or EdDSA.
        c(
            "server_key_exchange_rsa_scheme_for_ecdsa_suite",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_ske(|s| s.ske(X25519, RSA_PKCS1_SHA256)),
        ),
        // RFC 5246 §7.4.5: `struct { } ServerHelloDone;`
        c("server_hello_done_not_empty", Sent(A::DECODE_ERROR), || {
            client_gets_flight(|m| m[3] = message(HS_SERVER_HELLO_DONE, &[0]))
        }),
        // RFC 5246 §7.4.4: supported_signature_algorithms<2..2^16-2>.
        c(
            "certificate_request_without_schemes",
            Sent(A::DECODE_ERROR),
            || {
                client_gets_flight(|m| {
                    m.insert(3, message(HS_CERTIFICATE_REQUEST, &[1, 64, 0, 0, 0, 0]))
                })
            },
        ),
        c(
            "certificate_request_twice",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                client_gets_flight(|m| {
                    let mut body = vec![1, 64];
                    body.extend_from_slice(&u16_list(&[ECDSA_P256_SHA256]));
                    body.extend_from_slice(&[0, 0]);
                    let request = message(HS_CERTIFICATE_REQUEST, &body);
                    m.insert(3, request.clone());
                    m.insert(3, request);
                })
            },
        ),
        // RFC 5077 §3.3: no NewSessionTicket without the ServerHello's extension.
        c(
            "new_session_ticket_unsolicited",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = client().client_flight_done();
                let nst = run
                    .s
                    .hs(&[message(HS_NEW_SESSION_TICKET, &[0, 0, 0, 60, 0, 1, 7])]);
                run.feed(&nst);
                run
            },
        ),
        // RFC 5246 §7.1 / §7.4.9: Finished comes under the new keys, after ChangeCipherSpec.
        c(
            "finished_before_change_cipher_spec",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = client().client_flight_done();
                let fin = run.s.finished();
                let fin = run.s.hs(&[fin]);
                run.feed(&fin);
                run
            },
        ),
        c(
            "change_cipher_spec_twice",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = client().client_flight_done();
                let ccs = run.s.ccs();
                run.ok(&ccs);
                let again = run.s.ccs();
                run.feed(&again);
                run
            },
        ),
        // RFC 5246 §7.4.9 / §7.2.2.
        c("finished_wrong", Sent(A::DECRYPT_ERROR), || {
            let mut run = client().client_flight_done();
            let ccs = run.s.ccs();
            run.ok(&ccs);
            let mut fin = run.s.finished();
            fin[6] ^= 0x80;
            let fin = run.s.hs(&[fin]);
            run.feed(&fin);
            run
        }),
        c("finished_wrong_length", Sent(A::DECODE_ERROR), || {
            let mut run = client().client_flight_done();
            let ccs = run.s.ccs();
            run.ok(&ccs);
            let mut fin = run.s.finished();
            fin.push(0);
            fin[3] += 1;
            let fin = run.s.hs(&[fin]);
            run.feed(&fin);
            run
        }),
        // RFC 5246 §6.2.3.3 / §7.2.2.
        c(
            "record_bad_mac_under_tls12_keys",
            Sent(A::BAD_RECORD_MAC),
            || {
                let mut run = client().client_flight_done();
                let ccs = run.s.ccs();
                run.ok(&ccs);
                let fin = run.s.finished();
                let mut fin = run.s.hs(&[fin]);
                let last = fin.len() - 1;
                fin[last] ^= 1;
                run.feed(&fin);
                run
            },
        ),
        c(
            "record_shorter_than_explicit_nonce_and_tag",
            Sent(A::BAD_RECORD_MAC),
            || {
                let mut run = client().client_flight_done();
                let ccs = run.s.ccs();
                run.ok(&ccs);
                run.feed(&plaintext(22, &[0; 8 + 15]));
                run
            },
        ),
        // TLS 1.2 has no KeyUpdate: an unknown message after the handshake.
        c(
            "key_update_under_tls12",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = client().client_connected();
                let ku = run
                    .s
                    .record(ContentType::HANDSHAKE, &message(HS_KEY_UPDATE, &[0]));
                run.feed(&ku);
                run
            },
        ),
        // RFC 5246 §7.4.1.1 / §7.2.2: the client may decline with a warning no_renegotiation.
        c(
            "hello_request_after_handshake",
            Warned(A::NO_RENEGOTIATION),
            || {
                let mut run = client().client_connected();
                let hr = run
                    .s
                    .record(ContentType::HANDSHAKE, &message(HS_HELLO_REQUEST, &[]));
                run.feed(&hr);
                run
            },
        ),
    ]
}

// ---- server cases ----

fn server_cases() -> Vec<Case> {
    use Expect::*;
    let c = |name, expect, run| Case {
        name,
        side: Under::Server,
        expect,
        run,
    };
    vec![
        // RFC 5246 Appendix E.1, RFC 8996: nothing below TLS 1.2.
        c("client_hello_ssl30_only", Sent(A::PROTOCOL_VERSION), || {
            server_gets_ch(|ch| ch.version = [3, 0])
        }),
        c("client_hello_tls10_only", Sent(A::PROTOCOL_VERSION), || {
            server_gets_ch(|ch| ch.version = [3, 1])
        }),
        c("client_hello_tls11_only", Sent(A::PROTOCOL_VERSION), || {
            server_gets_ch(|ch| ch.version = [3, 2])
        }),
        // RFC 7507 §3.
        c(
            "client_hello_fallback_scsv_to_tls13_server",
            Sent(A::INAPPROPRIATE_FALLBACK),
            || server_gets_ch(|ch| ch.suites.push(FALLBACK_SCSV)),
        ),
        // RFC 5246 §7.4.1.2: null compression MUST be offered.
        c(
            "client_hello_without_null_compression",
            Sent(A::ILLEGAL_PARAMETER),
            || server_gets_ch(|ch| ch.compression = vec![1]),
        ),
        // RFC 7627 §5.2 (config.require_ems).
        c(
            "client_hello_without_ems_while_required",
            Sent(A::HANDSHAKE_FAILURE),
            || server_gets_ch(|ch| remove_ext(&mut ch.exts, EXT_EMS)),
        ),
        // RFC 5246 §7.4.1.3: no suite in common is handshake_failure.
        c(
            "client_hello_no_common_suite",
            Sent(A::HANDSHAKE_FAILURE),
            || server_gets_ch(|ch| ch.suites = vec![RSA_AES128_GCM_SHA256]),
        ),
        c(
            "client_hello_only_tls13_suites_under_tls12",
            Sent(A::HANDSHAKE_FAILURE),
            || server_gets_ch(|ch| ch.suites = vec![TLS13_AES128_GCM_SHA256]),
        ),
        // RFC 8422 §5.1: no curve in common leaves no ECDHE suite.
        c(
            "client_hello_no_common_group",
            Sent(A::HANDSHAKE_FAILURE),
            || {
                server_gets_ch(|ch| {
                    set_ext(&mut ch.exts, EXT_SUPPORTED_GROUPS, u16_list(&[SECP521R1]))
                })
            },
        ),
        // RFC 8422 §5.1.2: the point formats list must contain uncompressed.
        c(
            "client_hello_point_formats_without_uncompressed",
            Sent(A::ILLEGAL_PARAMETER),
            || server_gets_ch(|ch| set_ext(&mut ch.exts, EXT_EC_POINT_FORMATS, vec![1, 1])),
        ),
        // RFC 5246 §7.4.1.4.1: without signature_algorithms only SHA-1 pairs are implied,
        // which our P-256 key does not sign with.
        c(
            "client_hello_without_signature_algorithms",
            Sent(A::HANDSHAKE_FAILURE),
            || server_gets_ch(|ch| remove_ext(&mut ch.exts, EXT_SIGNATURE_ALGORITHMS)),
        ),
        // RFC 5746 §3.6: a non-empty renegotiated_connection in an initial handshake.
        c(
            "client_hello_non_empty_renegotiation_info",
            Sent(A::HANDSHAKE_FAILURE),
            || server_gets_ch(|ch| set_ext(&mut ch.exts, EXT_RENEGOTIATION_INFO, vec![2, 1, 2])),
        ),
        // RFC 8422 §5.7 / §5.11.
        c(
            "client_key_exchange_point_off_curve",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                let mut run = server_with(server_config()).hello();
                run.s.cke();
                // The server offered X25519; a P-256-looking point does not fit.
                let mut point = vec![4];
                point.extend_from_slice(&P256_GX);
                point.extend_from_slice(&[0x55; 32]);
                let cke = run.s.hs(&[cke_message(&point)]);
                run.feed(&cke);
                run
            },
        ),
        c(
            "client_key_exchange_x25519_all_zero",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                let mut run = server_with(server_config()).hello();
                run.s.cke();
                let cke = run.s.hs(&[cke_message(&[0; 32])]);
                run.feed(&cke);
                run
            },
        ),
        c(
            "client_key_exchange_empty_point",
            Sent(A::DECODE_ERROR),
            || {
                let mut run = server_with(server_config()).hello();
                run.s.cke();
                let cke = run.s.hs(&[message(HS_CLIENT_KEY_EXCHANGE, &[0])]);
                run.feed(&cke);
                run
            },
        ),
        // RFC 5246 §7.1: ChangeCipherSpec only once the keys exist.
        c(
            "change_cipher_spec_before_client_key_exchange",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).hello();
                run.feed(&plaintext(20, &[1]));
                run
            },
        ),
        c(
            "change_cipher_spec_twice",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).through_ccs();
                let again = run.s.ccs();
                run.feed(&again);
                run
            },
        ),
        c(
            "finished_before_change_cipher_spec",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).through_cke();
                let fin = run.s.finished();
                let fin = run.s.hs(&[fin]);
                run.feed(&fin);
                run
            },
        ),
        // RFC 5246 §7.4.9 / §7.2.2.
        c("finished_wrong", Sent(A::DECRYPT_ERROR), || {
            let mut run = server_with(server_config()).through_ccs();
            let mut fin = run.s.finished();
            fin[4] ^= 1;
            let fin = run.s.hs(&[fin]);
            run.feed(&fin);
            run
        }),
        c("finished_wrong_length", Sent(A::DECODE_ERROR), || {
            let mut run = server_with(server_config()).through_ccs();
            let mut fin = run.s.finished();
            fin.truncate(fin.len() - 1);
            fin[3] -= 1;
            let fin = run.s.hs(&[fin]);
            run.feed(&fin);
            run
        }),
        // RFC 5246 §7.1: the key change must fall on a message boundary (as RFC 8446 §5.1
        // spells out); here a Finished header precedes the ChangeCipherSpec.
        c(
            "change_cipher_spec_inside_a_fragmented_message",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).hello();
                let cke = run.s.cke();
                run.s.add(&cke);
                let mut payload = cke;
                payload.extend_from_slice(&[HS_FINISHED, 0, 0]);
                let record = run.s.record(ContentType::HANDSHAKE, &payload);
                run.ok(&record);
                run.feed(&plaintext(20, &[1]));
                run
            },
        ),
        // RFC 5246 §7.4: messages out of order.
        c(
            "second_client_hello_during_handshake",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).hello();
                let ch = run.s.hs(&[Ch::default().encode()]);
                run.feed(&ch);
                run
            },
        ),
        c(
            "hello_request_to_the_server",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).hello();
                let hr = run.s.hs(&[message(HS_HELLO_REQUEST, &[])]);
                run.feed(&hr);
                run
            },
        ),
        // RFC 5246 §7.4.9: application data flows only after Finished.
        c(
            "application_data_before_change_cipher_spec",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).through_cke();
                run.feed(&plaintext(23, b"early"));
                run
            },
        ),
        c(
            "application_data_before_finished",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).through_ccs();
                let data = run.s.record(ContentType::APPLICATION_DATA, b"early");
                run.feed(&data);
                run
            },
        ),
        // Record layer.
        c(
            "record_bad_mac_under_tls12_keys",
            Sent(A::BAD_RECORD_MAC),
            || {
                let mut run = server_with(server_config()).through_ccs();
                let fin = run.s.finished();
                let mut fin = run.s.hs(&[fin]);
                fin[5 + 8] ^= 1;
                run.feed(&fin);
                run
            },
        ),
        c(
            "record_shorter_than_explicit_nonce_and_tag",
            Sent(A::BAD_RECORD_MAC),
            || {
                let mut run = server_with(server_config()).through_ccs();
                run.feed(&plaintext(22, &[0; 10]));
                run
            },
        ),
        // TLS 1.2 has no KeyUpdate.
        c(
            "key_update_under_tls12",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).server_connected();
                let ku = run
                    .s
                    .record(ContentType::HANDSHAKE, &message(HS_KEY_UPDATE, &[0]));
                run.feed(&ku);
                run
            },
        ),
        // RFC 5246 §7.4.1.1, §7.2.2; RFC 5746 §4.4: declined with a warning.
        c(
            "renegotiating_client_hello",
            Warned(A::NO_RENEGOTIATION),
            || {
                let mut run = server_with(server_config()).server_connected();
                let ch = run
                    .s
                    .record(ContentType::HANDSHAKE, &Ch::default().encode());
                run.feed(&ch);
                run
            },
        ),
        // "the original requester can decide whether to proceed": one that insists cannot.
        c(
            "renegotiating_client_hello_insisting",
            Sent(A::HANDSHAKE_FAILURE),
            || {
                let mut run = server_with(server_config()).server_connected();
                let ch = run
                    .s
                    .record(ContentType::HANDSHAKE, &Ch::default().encode());
                run.ok(&ch);
                let again = run
                    .s
                    .record(ContentType::HANDSHAKE, &Ch::default().encode());
                run.feed(&again);
                run
            },
        ),
        // Client authentication (RFC 5246 §7.4.6, §7.4.8).
        c(
            "client_certificate_empty_while_required",
            Sent(A::HANDSHAKE_FAILURE),
            || {
                let mut run = server_requiring_auth().hello();
                let cert = run.s.hs(&[message(HS_CERTIFICATE, &[0, 0, 0])]);
                run.feed(&cert);
                run
            },
        ),
        // RFC 5246 §7.2.2: unknown_ca.
        c(
            "client_certificate_from_unknown_ca",
            Sent(A::UNKNOWN_CA),
            || {
                let mut config = server_config();
                config.client_verifier = Some(Arc::new(WebPkiClientVerifier::new(
                    certs::roots("untrusted-ca.pem"),
                    config.provider.verification,
                )));
                let mut run = server_with(config).hello();
                let cert = run.s.hs(&[certificate(&["client-ecdsa-p256.pem"])]);
                run.feed(&cert);
                run
            },
        ),
        c(
            "client_certificate_verify_missing",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_requiring_auth().through_client_cert();
                let ccs = run.s.ccs();
                run.feed(&ccs);
                run
            },
        ),
        c(
            "client_certificate_verify_bad_signature",
            Sent(A::DECRYPT_ERROR),
            || {
                let mut run = server_requiring_auth().through_client_cert();
                let cv = run.certificate_verify(ECDSA_P256_SHA256, true);
                let cv = run.s.hs(&[cv]);
                run.feed(&cv);
                run
            },
        ),
        c(
            "client_certificate_verify_scheme_not_offered",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                let mut run = server_requiring_auth().through_client_cert();
                let cv = run.certificate_verify(ECDSA_SHA1, false);
                let cv = run.s.hs(&[cv]);
                run.feed(&cv);
                run
            },
        ),
        c(
            "client_key_exchange_before_required_certificate",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_requiring_auth().hello();
                let cke = run.s.cke();
                let cke = run.s.hs(&[cke]);
                run.feed(&cke);
                run
            },
        ),
    ]
}

fn all_cases() -> Vec<Case> {
    let mut cases = client_cases();
    cases.extend(server_cases());
    cases
}

/// Cases that show the library deviating from the RFCs; empty when nothing is known wrong.
fn bug_cases() -> Vec<Case> {
    Vec::new()
}

#[test]
fn bad_input_table() {
    let bugs: Vec<&str> = bug_cases().iter().map(|c| c.name).collect();
    let cases: Vec<Case> = all_cases()
        .into_iter()
        .filter(|c| !bugs.contains(&c.name))
        .collect();
    let client = cases.iter().filter(|c| c.side == Under::Client).count();
    let server = cases.len() - client;
    println!("{} cases: {client} client, {server} server", cases.len());
    let failures = run_table(&cases);
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn known_library_bugs() {
    let failures = run_table(&bug_cases());
    assert!(
        failures.is_empty(),
        "known library bugs still present:\n{}",
        failures.join("\n")
    );
}

#[test]
fn case_names_are_unique() {
    let cases = all_cases();
    for (i, a) in cases.iter().enumerate() {
        for b in &cases[i + 1..] {
            assert!(
                a.name != b.name || a.side != b.side,
                "duplicate case {:?} {}",
                a.side,
                a.name
            );
        }
    }
}

/// The scripted peers complete full handshakes with our endpoints: the setups the table
/// builds on are sound.
#[test]
fn scripted_peers_complete_handshakes() {
    let mut client = client().client_connected();
    client.conn.send(b"hello").expect("send");
    assert!(client
        .take()
        .iter()
        .any(|(t, p)| *t == ContentType::APPLICATION_DATA && p == b"hello"));
    let server = server_with(server_config()).server_connected();
    assert!(server.conn.failure().is_none());
}

/// RFC 5246 §7.4.1.1: a HelloRequest during a handshake "will be ignored by the client", and it
/// is left out of the handshake hashes (§7.4.9): the handshake completes.
#[test]
fn client_ignores_hello_request_during_the_handshake() {
    let mut run = client();
    let flight = run.server_flight(
        Sh::default(),
        |s| s.ske(X25519, ECDSA_P256_SHA256),
        |m| m.insert(2, message(HS_HELLO_REQUEST, &[])),
    );
    run.ok(&flight);
    run.take();
    let ccs = run.s.ccs();
    run.ok(&ccs);
    let fin = run.s.finished();
    let fin = run.s.hs(&[fin]);
    run.ok(&fin);
    assert!(!run.conn.is_handshaking());
    assert!(run.conn.failure().is_none());
}
