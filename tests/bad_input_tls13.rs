//! Table-driven bad input for TLS 1.3, both sides: each case drives a connection to some point of
//! a handshake, feeds it one forged input, and names the alert RFC 8446 (§4, §5, §6.2, §9.2) or
//! RFC 7301 prescribes.
//!
//! For every case the checks are the same:
//! - `handle_tls` fails, and `alert_sent()` is exactly the expected alert (or, for a fatal alert
//!   from the peer, the error is `AlertReceived` and nothing is sent);
//! - the alert record really is in `write_tls`'s output: a fatal plaintext alert before keys; a
//!   protected one after, opened with the RFC 8448 trace's keys (or, for the cases run between
//!   two of our own endpoints, handed to the peer, which must report that alert);
//! - the connection is terminal: `failure()` is the error, a further `handle_tls` returns the
//!   same error, `send` fails with it, and nothing more is written;
//! - nothing panics (each case runs under `catch_unwind`).
//!
//! Most cases start from an RFC 8448 session (`ferrotls_tests::rfc8448_session`): the endpoint
//! under test is configured like the trace's and fed the trace's randoms, so it derives the
//! trace's keys, and forged messages are sealed with those keys. Certificate chain cases (unknown
//! CA, wrong name, expiry) run between our own client and server with the test PKI.
//!
//! Cases whose expected alert the library does not produce yet are in `known_library_bugs`, so
//! that `bad_input_table` passes; that test lists what is still wrong.
#![forbid(unsafe_code)]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::conn::Handshake;
use ferrotls_core::crypto::SignatureScheme;
use ferrotls_core::pki_types::CertificateDer;
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::verify::{CertificateError, ClientCertVerifier, WebPkiClientVerifier};
use ferrotls_core::{
    AlertDescription, ClientConfig, ClientConnection, Connection, Error, ServerConfig,
    ServerConnection,
};
use ferrotls_record::ContentType;
use ferrotls_tests::certs;
use ferrotls_tests::rfc8448_session::{
    trace_now, Peer, Phase, PinnedClientVerifier, Section, Session,
};

type A = AlertDescription;

// ---- extension and message type numbers (RFC 8446 §4, §4.2) ----

const EXT_SERVER_NAME: u16 = 0;
const EXT_SUPPORTED_GROUPS: u16 = 10;
const EXT_SIGNATURE_ALGORITHMS: u16 = 13;
const EXT_ALPN: u16 = 16;
const EXT_PRE_SHARED_KEY: u16 = 41;
const EXT_EARLY_DATA: u16 = 42;
const EXT_SUPPORTED_VERSIONS: u16 = 43;
const EXT_COOKIE: u16 = 44;
const EXT_KEY_SHARE: u16 = 51;

const X25519: u16 = 0x001d;
const SECP256R1: u16 = 0x0017;
const SECP384R1: u16 = 0x0018;
const SECP521R1: u16 = 0x0019;

const HS_FINISHED: u8 = 20;
const HS_CERTIFICATE: u8 = 11;
const HS_CERTIFICATE_VERIFY: u8 = 15;
const HS_ENCRYPTED_EXTENSIONS: u8 = 8;
const HS_KEY_UPDATE: u8 = 24;

/// The x coordinate of the P-256 base point (SEC 2 §2.4.2), for a valid compressed point.
const P256_GX: [u8; 32] = [
    0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2,
    0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96,
];

// ---- byte helpers ----

fn u16b(v: usize) -> [u8; 2] {
    u16::try_from(v).expect("fits u16").to_be_bytes()
}

/// A plaintext record (legacy_record_version 0x0303).
fn plaintext(ct: u8, payload: &[u8]) -> Vec<u8> {
    let mut r = vec![ct, 3, 3];
    r.extend_from_slice(&u16b(payload.len()));
    r.extend_from_slice(payload);
    r
}

/// A handshake message: type, uint24 length, body.
fn message(typ: u8, body: &[u8]) -> Vec<u8> {
    let len = u32::try_from(body.len()).expect("fits").to_be_bytes();
    let mut m = vec![typ, len[1], len[2], len[3]];
    m.extend_from_slice(body);
    m
}

/// Splits a buffer of whole handshake messages.
fn split_messages(mut bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while bytes.len() >= 4 {
        let len = usize::from(bytes[1]) << 16 | usize::from(bytes[2]) << 8 | usize::from(bytes[3]);
        out.push(bytes[..4 + len].to_vec());
        bytes = &bytes[4 + len..];
    }
    assert!(bytes.is_empty(), "whole messages");
    out
}

/// Splits a buffer of whole records.
fn split_records(mut bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        if bytes.len() < 5 {
            return Err(format!("truncated record header: {bytes:02x?}"));
        }
        let len = 5 + usize::from(u16::from_be_bytes([bytes[3], bytes[4]]));
        if bytes.len() < len {
            return Err("truncated record".into());
        }
        out.push(bytes[..len].to_vec());
        bytes = &bytes[len..];
    }
    Ok(out)
}

/// An extension block: u16 length, then (type, u16 length, body) entries.
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

fn parse_extensions(bytes: &[u8]) -> Vec<(u16, Vec<u8>)> {
    let total = usize::from(u16::from_be_bytes([bytes[0], bytes[1]]));
    let mut rest = &bytes[2..2 + total];
    let mut exts = Vec::new();
    while !rest.is_empty() {
        let t = u16::from_be_bytes([rest[0], rest[1]]);
        let len = usize::from(u16::from_be_bytes([rest[2], rest[3]]));
        exts.push((t, rest[4..4 + len].to_vec()));
        rest = &rest[4 + len..];
    }
    exts
}

/// A u16-length-prefixed list of u16 code points.
fn u16_list(values: &[u16]) -> Vec<u8> {
    let mut out = u16b(values.len() * 2).to_vec();
    for v in values {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out
}

/// A ClientHello key_share body.
fn client_key_share(entries: &[(u16, &[u8])]) -> Vec<u8> {
    let mut list = Vec::new();
    for (group, key) in entries {
        list.extend_from_slice(&group.to_be_bytes());
        list.extend_from_slice(&u16b(key.len()));
        list.extend_from_slice(key);
    }
    let mut out = u16b(list.len()).to_vec();
    out.extend_from_slice(&list);
    out
}

/// A ClientHello or ServerHello taken apart, to be changed field by field and put back
/// together (the codec refuses to build most of these mistakes, so this works on raw bytes).
#[derive(Clone, Debug)]
struct RawHello {
    typ: u8,
    version: [u8; 2],
    random: Vec<u8>,
    session_id: Vec<u8>,
    /// ClientHello: the u16 code points; ServerHello: the selected one.
    suites: Vec<u16>,
    /// ClientHello: the methods; ServerHello: the selected one.
    compression: Vec<u8>,
    exts: Vec<(u16, Vec<u8>)>,
    /// Bytes after the extension block, inside the message.
    trailing: Vec<u8>,
}

impl RawHello {
    fn parse(msg: &[u8]) -> Self {
        let typ = msg[0];
        let b = &msg[4..];
        let version = [b[0], b[1]];
        let random = b[2..34].to_vec();
        let sid_len = usize::from(b[34]);
        let session_id = b[35..35 + sid_len].to_vec();
        let mut at = 35 + sid_len;
        let (suites, compression) = if typ == 1 {
            let n = usize::from(u16::from_be_bytes([b[at], b[at + 1]]));
            let suites = b[at + 2..at + 2 + n]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            at += 2 + n;
            let m = usize::from(b[at]);
            let comp = b[at + 1..at + 1 + m].to_vec();
            at += 1 + m;
            (suites, comp)
        } else {
            let suite = u16::from_be_bytes([b[at], b[at + 1]]);
            let comp = vec![b[at + 2]];
            at += 3;
            (vec![suite], comp)
        };
        let exts = parse_extensions(&b[at..]);
        Self {
            typ,
            version,
            random,
            session_id,
            suites,
            compression,
            exts,
            trailing: Vec::new(),
        }
    }

    fn body(&self) -> Vec<u8> {
        let mut b = self.version.to_vec();
        b.extend_from_slice(&self.random);
        b.push(u8::try_from(self.session_id.len()).expect("sid"));
        b.extend_from_slice(&self.session_id);
        if self.typ == 1 {
            b.extend_from_slice(&u16_list(&self.suites));
            b.push(u8::try_from(self.compression.len()).expect("methods"));
        } else {
            b.extend_from_slice(&self.suites[0].to_be_bytes());
        }
        b.extend_from_slice(&self.compression);
        b.extend_from_slice(&encode_extensions(&self.exts));
        b.extend_from_slice(&self.trailing);
        b
    }

    fn encode(&self) -> Vec<u8> {
        message(self.typ, &self.body())
    }

    fn ext(&self, t: u16) -> &[u8] {
        &self
            .exts
            .iter()
            .find(|(typ, _)| *typ == t)
            .unwrap_or_else(|| panic!("no extension {t}"))
            .1
    }

    fn set_ext(&mut self, t: u16, body: Vec<u8>) {
        match self.exts.iter_mut().find(|(typ, _)| *typ == t) {
            Some(e) => e.1 = body,
            None => self.exts.push((t, body)),
        }
    }

    fn remove_ext(&mut self, t: u16) {
        self.exts.retain(|(typ, _)| *typ != t);
    }
}

// ---- connections under test ----

enum AnyConn {
    Client(ClientConnection),
    Server(ServerConnection),
}

fn handle<H: Handshake>(
    c: &mut Connection<H>,
    input: &[u8],
    now: UnixTime,
) -> Result<usize, Error> {
    let mut buf = input.to_vec();
    c.handle_tls(&mut buf, now)
}

impl AnyConn {
    fn handle(&mut self, input: &[u8], now: UnixTime) -> Result<usize, Error> {
        match self {
            Self::Client(c) => handle(c, input, now),
            Self::Server(c) => handle(c, input, now),
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

    fn send(&mut self, data: &[u8]) -> Result<(), ferrotls_core::ApiError> {
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
}

/// Finds the (level, description) of the alert record the failed side wrote.
enum Opener {
    /// Before any keys: a plaintext alert.
    Plain,
    /// Opened with the trace's keys of this sender.
    Trace(Rc<Session>, Peer),
    /// Handed to our own peer, which must fail with `AlertReceived`.
    Peer(Box<AnyConn>, UnixTime),
}

impl Opener {
    fn open(self, record: &[u8]) -> Result<(u8, A), String> {
        let payload = match self {
            Self::Plain => {
                if record[0] != ContentType::ALERT.0 {
                    return Err(format!("not a plaintext alert: {record:02x?}"));
                }
                record[5..].to_vec()
            }
            Self::Trace(session, sender) => {
                let (ct, payload) = session
                    .open_any(sender, record)
                    .ok_or_else(|| format!("no trace key opens {record:02x?}"))?;
                if ct != ContentType::ALERT {
                    return Err(format!("record of type {ct:?}, not an alert"));
                }
                payload
            }
            Self::Peer(mut peer, now) => {
                return match peer.handle(record, now) {
                    Err(Error::AlertReceived(a)) => Ok((2, a)),
                    other => Err(format!("the peer did not see an alert: {other:?}")),
                }
            }
        };
        match payload[..] {
            [level, description] => Ok((level, AlertDescription(description))),
            _ => Err(format!("alert payload {payload:02x?}")),
        }
    }
}

/// What a case ran into.
struct Attempt {
    conn: AnyConn,
    result: Result<usize, Error>,
    opener: Opener,
    now: UnixTime,
}

#[derive(Clone, Copy, Debug)]
enum Expect {
    /// We fail with this alert and send it.
    Sent(A),
    /// The peer's fatal alert: reported, nothing sent.
    Received(A),
}

struct Case {
    name: &'static str,
    /// The side under test.
    side: Peer,
    expect: Expect,
    run: fn() -> Attempt,
}

/// Feed `inputs` one at a time, draining output before each, and stop at the first error.
fn drive(mut conn: AnyConn, inputs: &[Vec<u8>], opener: Opener, now: UnixTime) -> Attempt {
    let mut result = Ok(0);
    for input in inputs {
        conn.output();
        result = conn.handle(input, now);
        if result.is_err() {
            break;
        }
    }
    Attempt {
        conn,
        result,
        opener,
        now,
    }
}

/// `Ok(why)`: the case behaved; `why` is the error's text, to show that it failed for the reason
/// the case is about.
fn check(case: &Case) -> Result<String, String> {
    let attempt = catch_unwind(AssertUnwindSafe(case.run))
        .map_err(|p| format!("panicked while driving: {}", panic_text(&p)))?;
    catch_unwind(AssertUnwindSafe(|| check_attempt(attempt, case.expect)))
        .map_err(|p| format!("panicked while checking: {}", panic_text(&p)))?
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

fn check_attempt(attempt: Attempt, expect: Expect) -> Result<String, String> {
    let Attempt {
        mut conn,
        result,
        opener,
        now,
    } = attempt;
    let err = match result {
        Ok(n) => return Err(format!("accepted (consumed {n} bytes)")),
        Err(e) => e,
    };
    let out = conn.output();
    match expect {
        Expect::Sent(alert) => {
            if err.alert_sent() != Some(alert) {
                return Err(format!("expected to send {alert:?}, got: {err}"));
            }
            let records = split_records(&out)?;
            let last = records
                .last()
                .ok_or_else(|| "no alert record written".to_string())?;
            let (level, description) = opener.open(last)?;
            if (level, description) != (2, alert) {
                return Err(format!(
                    "wrote alert ({level}, {description:?}), expected (2, {alert:?})"
                ));
            }
        }
        Expect::Received(alert) => {
            if err != Error::AlertReceived(alert) {
                return Err(format!("expected AlertReceived({alert:?}), got: {err}"));
            }
            if !out.is_empty() {
                return Err(format!("wrote {} bytes after a fatal alert", out.len()));
            }
        }
    }
    // Terminal.
    if conn.failure().as_ref() != Some(&err) {
        return Err(format!("failure() is {:?}", conn.failure()));
    }
    let again = conn.handle(&plaintext(ContentType::ALERT.0, &[1, 0]), now);
    if again != Err(err.clone()) {
        return Err(format!("a further handle_tls gave {again:?}"));
    }
    let sent = conn.send(b"more");
    if sent != Err(ferrotls_core::ApiError::Failed(err.clone())) {
        return Err(format!("send after failure gave {sent:?}"));
    }
    let extra = conn.output();
    if !extra.is_empty() {
        return Err(format!(
            "{} more bytes written after the failure",
            extra.len()
        ));
    }
    Ok(err.to_string())
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

// ---- setups ----

fn session(section: Section) -> Rc<Session> {
    Rc::new(Session::new(section))
}

/// The §3 (or other) trace's server, fed `inputs`.
fn trace_server(
    section: Section,
    configure: impl FnOnce(&mut ServerConfig),
    inputs: impl FnOnce(&Session) -> Vec<Vec<u8>>,
) -> Attempt {
    let s = session(section);
    let conn = AnyConn::Server(s.server_with(configure));
    let inputs = inputs(&s);
    drive(
        conn,
        &inputs,
        Opener::Trace(Rc::clone(&s), Peer::Server),
        trace_now(),
    )
}

fn trace_client(
    section: Section,
    configure: impl FnOnce(&mut ClientConfig),
    inputs: impl FnOnce(&Session) -> Vec<Vec<u8>>,
) -> Attempt {
    let s = session(section);
    let conn = AnyConn::Client(s.client_with(configure));
    let inputs = inputs(&s);
    drive(
        conn,
        &inputs,
        Opener::Trace(Rc::clone(&s), Peer::Client),
        trace_now(),
    )
}

fn server_gets(inputs: impl FnOnce(&Session) -> Vec<Vec<u8>>) -> Attempt {
    trace_server(Section::Simple1Rtt, |_| {}, inputs)
}

fn client_gets(inputs: impl FnOnce(&Session) -> Vec<Vec<u8>>) -> Attempt {
    trace_client(Section::Simple1Rtt, |_| {}, inputs)
}

/// The trace's first ClientHello, taken apart.
fn trace_hello(s: &Session) -> RawHello {
    RawHello::parse(&s.handshake_record(Peer::Client, 0).payload)
}

/// A server given the §3 ClientHello after `change`.
fn server_gets_hello(change: impl FnOnce(&mut RawHello)) -> Attempt {
    server_gets_hello_with(|_| {}, change)
}

fn server_gets_hello_with(
    configure: impl FnOnce(&mut ServerConfig),
    change: impl FnOnce(&mut RawHello),
) -> Attempt {
    trace_server(Section::Simple1Rtt, configure, |s| {
        let mut hello = trace_hello(s);
        change(&mut hello);
        vec![plaintext(22, &hello.encode())]
    })
}

/// The §5 server: first ClientHello from the trace, then the second one after `change`.
fn server_gets_second_hello(change: impl FnOnce(&mut RawHello, &Session)) -> Attempt {
    trace_server(
        Section::HelloRetry,
        |_| {},
        |s| {
            let mut second = RawHello::parse(&s.handshake_record(Peer::Client, 1).payload);
            change(&mut second, s);
            vec![
                s.handshake_record(Peer::Client, 0).complete,
                plaintext(22, &second.encode()),
            ]
        },
    )
}

/// The §3 or §6 server: ClientHello, then the client's encrypted flight with `change` applied to
/// its plaintext.
fn server_gets_flight(section: Section, change: impl FnOnce(&mut Vec<Vec<u8>>)) -> Attempt {
    trace_server(
        section,
        |_| {},
        |s| {
            let mut messages = split_messages(&s.handshake_record(Peer::Client, 1).payload);
            change(&mut messages);
            vec![
                s.handshake_record(Peer::Client, 0).complete,
                s.seal(
                    Peer::Client,
                    Phase::Handshake,
                    0,
                    ContentType::HANDSHAKE,
                    &messages.concat(),
                ),
            ]
        },
    )
}

/// The §3 server after its handshake completed, then `last`.
fn server_connected_gets(last: impl FnOnce(&Session) -> Vec<u8>) -> Attempt {
    server_gets(|s| {
        vec![
            s.handshake_record(Peer::Client, 0).complete,
            s.handshake_record(Peer::Client, 1).complete,
            last(s),
        ]
    })
}

/// The §3 server after the ClientHello, then `next`.
fn server_after_hello_gets(next: impl FnOnce(&Session) -> Vec<u8>) -> Attempt {
    server_gets(|s| vec![s.handshake_record(Peer::Client, 0).complete, next(s)])
}

/// The §3 client given the trace's ServerHello after `change`.
fn client_gets_server_hello(change: impl FnOnce(&mut RawHello)) -> Attempt {
    client_gets(|s| {
        let mut hello = RawHello::parse(&s.handshake_record(Peer::Server, 0).payload);
        change(&mut hello);
        vec![plaintext(22, &hello.encode())]
    })
}

/// The §3 client: ServerHello, then the server's encrypted flight (EncryptedExtensions,
/// Certificate, CertificateVerify, Finished) with `change` applied.
fn client_gets_flight(change: impl FnOnce(&mut Vec<Vec<u8>>)) -> Attempt {
    client_gets(|s| {
        let mut messages = split_messages(&s.handshake_record(Peer::Server, 1).payload);
        change(&mut messages);
        vec![
            s.handshake_record(Peer::Server, 0).complete,
            s.seal(
                Peer::Server,
                Phase::Handshake,
                0,
                ContentType::HANDSHAKE,
                &messages.concat(),
            ),
        ]
    })
}

/// The §3 client after its handshake completed, then `last`.
fn client_connected_gets(last: impl FnOnce(&Session) -> Vec<u8>) -> Attempt {
    client_gets(|s| {
        vec![
            s.handshake_record(Peer::Server, 0).complete,
            s.handshake_record(Peer::Server, 1).complete,
            last(s),
        ]
    })
}

/// Adds an extension to the EncryptedExtensions message (the first of the server's flight).
fn add_to_encrypted_extensions(messages: &mut [Vec<u8>], t: u16, body: Vec<u8>) {
    assert_eq!(messages[0][0], HS_ENCRYPTED_EXTENSIONS);
    let mut exts = parse_extensions(&messages[0][4..]);
    exts.push((t, body));
    messages[0] = message(HS_ENCRYPTED_EXTENSIONS, &encode_extensions(&exts));
}

fn index_of(messages: &[Vec<u8>], typ: u8) -> usize {
    messages
        .iter()
        .position(|m| m[0] == typ)
        .unwrap_or_else(|| panic!("no message of type {typ}"))
}

/// Flips one bit of the signature in the CertificateVerify (after type, length, scheme, length).
fn corrupt_signature(messages: &mut [Vec<u8>]) {
    let cv = index_of(messages, HS_CERTIFICATE_VERIFY);
    messages[cv][4 + 2 + 2 + 10] ^= 0x01;
}

// ---- our own client and server with the test PKI ----

fn at(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(secs))
}

/// 2030-01-01: inside the test PKI's validity (2025..2049).
fn pki_now() -> UnixTime {
    at(1_893_456_000)
}

/// 2050-06-01: after every test certificate expired.
fn after_expiry() -> UnixTime {
    at(2_538_000_000)
}

/// Run a handshake between our client and server until one fails; the failed side is the
/// attempt, its peer opens the alert.
fn pair(
    client: ClientConfig,
    name: &str,
    client_now: UnixTime,
    server: ServerConfig,
    server_now: UnixTime,
) -> Attempt {
    let name = ServerName::try_from(name.to_string()).expect("name");
    let mut c = ClientConnection::new(Arc::new(client), name, client_now).expect("client");
    let mut s = ServerConnection::new(Arc::new(server)).expect("server");
    for _ in 0..8 {
        let mut to_server = Vec::new();
        c.write_tls(&mut to_server);
        if let Err(e) = s.handle_tls(&mut to_server, server_now) {
            return Attempt {
                conn: AnyConn::Server(s),
                result: Err(e),
                opener: Opener::Peer(Box::new(AnyConn::Client(c)), client_now),
                now: server_now,
            };
        }
        let mut to_client = Vec::new();
        s.write_tls(&mut to_client);
        if let Err(e) = c.handle_tls(&mut to_client, client_now) {
            return Attempt {
                conn: AnyConn::Client(c),
                result: Err(e),
                opener: Opener::Peer(Box::new(AnyConn::Server(s)), server_now),
                now: client_now,
            };
        }
    }
    Attempt {
        conn: AnyConn::Client(c),
        result: Ok(0),
        opener: Opener::Plain,
        now: client_now,
    }
}

fn pki_client() -> ClientConfig {
    certs::client_config()
}

fn pki_server(stem: &str) -> ServerConfig {
    let mut resolver = ferrotls_core::CertResolver::new();
    resolver.add_default(certs::certified_key(stem));
    ServerConfig::new(certs::provider(), Arc::new(resolver))
}

/// A server requiring client certificates that chain to `roots`.
fn pki_server_requiring(roots: &str) -> ServerConfig {
    let mut config = pki_server("server-ecdsa-p256");
    config.client_verifier = Some(Arc::new(WebPkiClientVerifier::new(
        certs::roots(roots),
        config.provider.verification,
    )));
    config
}

/// Verifies the client's chain for real with webpki, but asks for it exactly as the trace's
/// server does (no certificate_authorities, the trace's schemes), so that the server's
/// transcript, and with it its keys, stay the trace's.
#[derive(Debug)]
struct ChainWithTraceRequest {
    chain: WebPkiClientVerifier,
    trace: PinnedClientVerifier,
}

impl ClientCertVerifier for ChainWithTraceRequest {
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
        now: UnixTime,
    ) -> Result<(), CertificateError> {
        self.chain
            .verify_client_cert(end_entity, intermediates, now)
    }

    fn verify_signature(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        self.trace
            .verify_signature(end_entity, scheme, message, signature)
    }

    fn supported_schemes(&self) -> Vec<SignatureScheme> {
        self.trace.supported_schemes()
    }
}

// ---- the cases ----

fn record_level_cases() -> Vec<Case> {
    vec![
        Case {
            name: "first record is application_data (RFC 8446 §5)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || server_gets(|_| vec![plaintext(23, b"hello")]),
        },
        Case {
            name: "unknown content type 0x63 (RFC 8446 §5)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || server_gets(|_| vec![plaintext(0x63, &[1, 2, 3])]),
        },
        Case {
            name: "plaintext record of 2^14 + 1 bytes (RFC 8446 §5.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::RECORD_OVERFLOW),
            run: || server_gets(|_| vec![plaintext(22, &vec![0; (1 << 14) + 1])]),
        },
        Case {
            name: "empty handshake record (RFC 8446 §5.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || server_gets(|_| vec![plaintext(22, &[])]),
        },
        Case {
            name: "handshake message longer than max_handshake_message (our limit)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || server_gets(|_| vec![plaintext(22, &[1, 0x01, 0x00, 0x01, 3, 3])]),
        },
        Case {
            name: "partial ClientHello, then an alert record (RFC 8446 §5.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_gets(|s| {
                    let hello = s.handshake_record(Peer::Client, 0).payload;
                    vec![plaintext(22, &hello[..40]), plaintext(21, &[1, 0])]
                })
            },
        },
        Case {
            name: "alert record of 3 bytes (RFC 8446 §6)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || server_gets(|_| vec![plaintext(21, &[2, 40, 0])]),
        },
        Case {
            name: "change_cipher_spec of value 0x02 (RFC 8446 §5)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_gets(|s| {
                    vec![
                        s.handshake_record(Peer::Client, 0).complete,
                        plaintext(20, &[2]),
                    ]
                })
            },
        },
        Case {
            name: "change_cipher_spec after the handshake (RFC 8446 §5)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || server_connected_gets(|_| plaintext(20, &[1])),
        },
        Case {
            name: "change_cipher_spec after the handshake, client side (RFC 8446 §5)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || client_connected_gets(|_| plaintext(20, &[1])),
        },
        Case {
            name: "protected change_cipher_spec (RFC 8446 §5)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_after_hello_gets(|s| {
                    s.seal(
                        Peer::Client,
                        Phase::Handshake,
                        0,
                        ContentType::CHANGE_CIPHER_SPEC,
                        &[1],
                    )
                })
            },
        },
        Case {
            name: "application data under handshake keys, before Finished (RFC 8446 §5)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_after_hello_gets(|s| {
                    s.seal(
                        Peer::Client,
                        Phase::Handshake,
                        0,
                        ContentType::APPLICATION_DATA,
                        b"too early",
                    )
                })
            },
        },
        Case {
            name: "client Finished record with a corrupted tag (RFC 8446 §5.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::BAD_RECORD_MAC),
            run: || {
                server_after_hello_gets(|s| {
                    let mut record = s.handshake_record(Peer::Client, 1).complete;
                    *record.last_mut().expect("tag") ^= 0x80;
                    record
                })
            },
        },
        Case {
            name: "server flight with a corrupted ciphertext byte (RFC 8446 §5.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::BAD_RECORD_MAC),
            run: || {
                client_gets(|s| {
                    let mut flight = s.handshake_record(Peer::Server, 1).complete;
                    flight[10] ^= 0x01;
                    vec![s.handshake_record(Peer::Server, 0).complete, flight]
                })
            },
        },
        Case {
            name: "protected record whose inner plaintext is all zeros (RFC 8446 §5.4)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_after_hello_gets(|s| {
                    s.seal_inner(Peer::Client, Phase::Handshake, 0, &[0; 8])
                })
            },
        },
        Case {
            name: "protected record longer than 2^14 + 256 (RFC 8446 §5.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::RECORD_OVERFLOW),
            run: || {
                client_gets(|s| {
                    let mut record = vec![23, 3, 3];
                    record.extend_from_slice(&u16b((1 << 14) + 257));
                    record.extend_from_slice(&vec![0x42; (1 << 14) + 257]);
                    vec![s.handshake_record(Peer::Server, 0).complete, record]
                })
            },
        },
        Case {
            name: "ClientHello record carrying the start of another message (RFC 8446 §5.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_gets(|s| {
                    let mut payload = s.handshake_record(Peer::Client, 0).payload;
                    payload.extend_from_slice(&[HS_FINISHED, 0, 0, 32, 1, 2]);
                    vec![plaintext(22, &payload)]
                })
            },
        },
        Case {
            name: "ServerHello record carrying EncryptedExtensions in the clear (RFC 8446 §5.1)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                client_gets(|s| {
                    let mut payload = s.handshake_record(Peer::Server, 0).payload;
                    payload.extend_from_slice(&message(HS_ENCRYPTED_EXTENSIONS, &[0, 0]));
                    vec![plaintext(22, &payload)]
                })
            },
        },
        Case {
            name: "fatal handshake_failure alert received (RFC 8446 §6.2)",
            side: Peer::Server,
            expect: Expect::Received(A::HANDSHAKE_FAILURE),
            run: || server_gets(|_| vec![plaintext(21, &[2, 40])]),
        },
        Case {
            name: "fatal bad_certificate alert received in the client's flight (RFC 8446 §6.2)",
            side: Peer::Server,
            expect: Expect::Received(A::BAD_CERTIFICATE),
            run: || {
                server_after_hello_gets(|s| {
                    s.seal(
                        Peer::Client,
                        Phase::Handshake,
                        0,
                        ContentType::ALERT,
                        &[2, 42],
                    )
                })
            },
        },
    ]
}

fn server_cases() -> Vec<Case> {
    vec![
        Case {
            name: "ClientHello truncated inside its extensions (RFC 8446 §4.1.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || {
                server_gets(|s| {
                    let hello = s.handshake_record(Peer::Client, 0).payload;
                    vec![plaintext(22, &message(1, &hello[4..hello.len() - 5]))]
                })
            },
        },
        Case {
            name: "ClientHello with bytes after the extensions (RFC 8446 §4.1.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || server_gets_hello(|h| h.trailing = vec![0, 0, 0]),
        },
        Case {
            name: "duplicated supported_groups extension (RFC 8446 §4.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_hello(|h| {
                    let groups = h.ext(EXT_SUPPORTED_GROUPS).to_vec();
                    h.exts.insert(0, (EXT_SUPPORTED_GROUPS, groups));
                })
            },
        },
        Case {
            name: "pre_shared_key not the last extension (RFC 8446 §4.2.11)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_hello(|h| {
                    // identities: one (identity "x", age 0); binders: one of 32 bytes.
                    let mut psk = vec![0, 7, 0, 1, b'x', 0, 0, 0, 0, 0, 33, 32];
                    psk.extend_from_slice(&[0xbb; 32]);
                    h.exts.insert(0, (EXT_PRE_SHARED_KEY, psk));
                })
            },
        },
        Case {
            name: "no supported_versions: a TLS 1.2 ClientHello (RFC 8446 §4.2.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::PROTOCOL_VERSION),
            run: || server_gets_hello(|h| h.remove_ext(EXT_SUPPORTED_VERSIONS)),
        },
        Case {
            name: "supported_versions without TLS 1.3 (RFC 8446 §4.2.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::PROTOCOL_VERSION),
            run: || server_gets_hello(|h| h.set_ext(EXT_SUPPORTED_VERSIONS, vec![4, 3, 3, 3, 2])),
        },
        Case {
            name: "legacy_version SSL 3.0 (RFC 8446 §D.5)",
            side: Peer::Server,
            expect: Expect::Sent(A::PROTOCOL_VERSION),
            run: || server_gets_hello(|h| h.version = [3, 0]),
        },
        Case {
            name: "compression methods without null (RFC 8446 §4.1.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || server_gets_hello(|h| h.compression = vec![1]),
        },
        Case {
            name: "no key_share (RFC 8446 §9.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::MISSING_EXTENSION),
            run: || server_gets_hello(|h| h.remove_ext(EXT_KEY_SHARE)),
        },
        Case {
            name: "no signature_algorithms (RFC 8446 §9.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::MISSING_EXTENSION),
            run: || server_gets_hello(|h| h.remove_ext(EXT_SIGNATURE_ALGORITHMS)),
        },
        Case {
            name: "key_share without supported_groups (RFC 8446 §9.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::MISSING_EXTENSION),
            run: || server_gets_hello(|h| h.remove_ext(EXT_SUPPORTED_GROUPS)),
        },
        Case {
            name: "key_share group not in supported_groups (RFC 8446 §4.2.8)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || server_gets_hello(|h| h.set_ext(EXT_SUPPORTED_GROUPS, u16_list(&[SECP256R1]))),
        },
        Case {
            name: "no group in common (RFC 8446 §4.1.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::HANDSHAKE_FAILURE),
            run: || {
                server_gets_hello_with(
                    |c| c.groups = ferrotls_core::config::DEFAULT_GROUPS.to_vec(),
                    |h| {
                        h.set_ext(EXT_SUPPORTED_GROUPS, u16_list(&[SECP521R1]));
                        h.set_ext(EXT_KEY_SHARE, client_key_share(&[]));
                    },
                )
            },
        },
        Case {
            name: "X25519 share of all zeros (RFC 8446 §7.4.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_hello(|h| {
                    h.set_ext(EXT_KEY_SHARE, client_key_share(&[(X25519, &[0; 32])]))
                })
            },
        },
        Case {
            name: "X25519 share of 31 bytes (RFC 8446 §4.2.8.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_hello(|h| {
                    h.set_ext(EXT_KEY_SHARE, client_key_share(&[(X25519, &[9; 31])]))
                })
            },
        },
        Case {
            name: "P-256 share off the curve (RFC 8446 §4.2.8.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_hello(|h| {
                    let mut point = vec![4];
                    point.extend_from_slice(&[1; 64]);
                    h.set_ext(EXT_KEY_SHARE, client_key_share(&[(SECP256R1, &point)]));
                })
            },
        },
        Case {
            name: "P-256 share in compressed form (RFC 8446 §4.2.8.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_hello(|h| {
                    let mut point = vec![2];
                    point.extend_from_slice(&P256_GX);
                    h.set_ext(EXT_KEY_SHARE, client_key_share(&[(SECP256R1, &point)]));
                })
            },
        },
        Case {
            name: "no cipher suite in common (RFC 8446 §4.1.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::HANDSHAKE_FAILURE),
            run: || server_gets_hello(|h| h.suites = vec![0xc02f, 0x1304]),
        },
        Case {
            name: "ALPN without a protocol in common (RFC 7301 §3.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::NO_APPLICATION_PROTOCOL),
            run: || {
                server_gets_hello_with(
                    |c| c.alpn_protocols = vec![b"h2".to_vec()],
                    |h| {
                        let mut alpn = vec![0, 9, 8];
                        alpn.extend_from_slice(b"http/1.1");
                        h.exts.insert(1, (EXT_ALPN, alpn));
                    },
                )
            },
        },
        Case {
            name: "Finished as the first message (RFC 8446 §4)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || server_gets(|_| vec![plaintext(22, &message(HS_FINISHED, &[0; 32]))]),
        },
        Case {
            name: "second ClientHello without a share for the HRR's group (RFC 8446 §4.1.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_second_hello(|h, s| {
                    let first = RawHello::parse(&s.handshake_record(Peer::Client, 0).payload);
                    h.set_ext(EXT_KEY_SHARE, first.ext(EXT_KEY_SHARE).to_vec());
                })
            },
        },
        Case {
            name: "second ClientHello with a changed cookie (RFC 8446 §4.2.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_second_hello(|h, _| {
                    let mut cookie = h.ext(EXT_COOKIE).to_vec();
                    *cookie.last_mut().expect("cookie") ^= 1;
                    h.set_ext(EXT_COOKIE, cookie);
                })
            },
        },
        Case {
            name: "second ClientHello with changed cipher suites (RFC 8446 §4.1.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || server_gets_second_hello(|h, _| h.suites.truncate(2)),
        },
        Case {
            name: "second ClientHello with a changed server_name (RFC 8446 §4.1.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_second_hello(|h, _| {
                    let mut name = vec![0, 8, 0, 0, 5];
                    name.extend_from_slice(b"other");
                    h.set_ext(EXT_SERVER_NAME, name);
                })
            },
        },
        Case {
            name: "client Finished with a wrong verify_data (RFC 8446 §4.4.4)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECRYPT_ERROR),
            run: || {
                server_gets_flight(Section::Simple1Rtt, |m| {
                    *m.last_mut().and_then(|f| f.last_mut()).expect("finished") ^= 1;
                })
            },
        },
        Case {
            name: "client Finished of 31 bytes (RFC 8446 §4.4.4)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || {
                server_gets_flight(Section::Simple1Rtt, |m| {
                    let fin = m.last_mut().expect("finished");
                    *fin = message(HS_FINISHED, &fin[4..35]);
                })
            },
        },
        Case {
            name: "client certificate required, empty Certificate sent (RFC 8446 §4.4.2.4)",
            side: Peer::Server,
            expect: Expect::Sent(A::CERTIFICATE_REQUIRED),
            run: || {
                server_gets_flight(Section::ClientAuth, |m| {
                    let cv = index_of(m, HS_CERTIFICATE_VERIFY);
                    m.remove(cv);
                    let cert = index_of(m, HS_CERTIFICATE);
                    m[cert] = message(HS_CERTIFICATE, &[0, 0, 0, 0]);
                })
            },
        },
        Case {
            name: "client CertificateVerify with a bad signature (RFC 8446 §4.4.3)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECRYPT_ERROR),
            run: || server_gets_flight(Section::ClientAuth, |m| corrupt_signature(m)),
        },
        Case {
            name: "client Certificate not chaining to the trusted client CA (RFC 8446 §4.4.2.4)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNKNOWN_CA),
            run: || {
                trace_server(
                    Section::ClientAuth,
                    |c| {
                        let trace = Session::new(Section::ClientAuth);
                        c.client_verifier = Some(Arc::new(ChainWithTraceRequest {
                            chain: WebPkiClientVerifier::new(
                                certs::roots("client-ca.pem"),
                                c.provider.verification,
                            ),
                            trace: trace.pinned_client_verifier(&c.provider),
                        }))
                    },
                    |s| {
                        vec![
                            s.handshake_record(Peer::Client, 0).complete,
                            s.handshake_record(Peer::Client, 1).complete,
                        ]
                    },
                )
            },
        },
        Case {
            name: "client certificate from an unknown CA, own client and server (RFC 8446 §6.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNKNOWN_CA),
            run: || {
                let mut client = pki_client();
                client.client_auth = Some(certs::certified_key("client-ecdsa-p256"));
                let server = pki_server_requiring("untrusted-ca.pem");
                pair(client, "localhost", pki_now(), server, pki_now())
            },
        },
        Case {
            name: "expired client certificate, own client and server (RFC 8446 §6.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::CERTIFICATE_EXPIRED),
            run: || {
                let mut client = pki_client();
                client.client_auth = Some(certs::certified_key("client-ecdsa-p256"));
                let server = pki_server_requiring("client-ca.pem");
                pair(client, "localhost", pki_now(), server, after_expiry())
            },
        },
        Case {
            name: "client KeyUpdate with request_update 2 (RFC 8446 §4.6.3)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_connected_gets(|s| {
                    s.seal(
                        Peer::Client,
                        Phase::Application,
                        0,
                        ContentType::HANDSHAKE,
                        &message(HS_KEY_UPDATE, &[2]),
                    )
                })
            },
        },
        Case {
            name: "a ClientHello after the handshake (RFC 8446 §4)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_connected_gets(|s| {
                    s.seal(
                        Peer::Client,
                        Phase::Application,
                        0,
                        ContentType::HANDSHAKE,
                        &s.handshake_record(Peer::Client, 0).payload,
                    )
                })
            },
        },
    ]
}

fn client_cases() -> Vec<Case> {
    vec![
        Case {
            name: "ServerHello with a session id the client did not send (RFC 8446 §4.1.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || client_gets_server_hello(|h| h.session_id = vec![7; 32]),
        },
        Case {
            name: "ServerHello with a suite not offered (RFC 8446 §4.1.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || client_gets_server_hello(|h| h.suites = vec![0x1304]),
        },
        Case {
            name: "ServerHello key_share for a group without a share offered (RFC 8446 §4.2.8)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                client_gets_server_hello(|h| {
                    let mut share = h.ext(EXT_KEY_SHARE).to_vec();
                    share[..2].copy_from_slice(&SECP384R1.to_be_bytes());
                    h.set_ext(EXT_KEY_SHARE, share);
                })
            },
        },
        Case {
            name: "ServerHello selected_version TLS 1.2 (RFC 8446 §4.2.1)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || client_gets_server_hello(|h| h.set_ext(EXT_SUPPORTED_VERSIONS, vec![3, 3])),
        },
        Case {
            name: "TLS 1.2 ServerHello with the downgrade sentinel (RFC 8446 §4.1.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                client_gets_server_hello(|h| {
                    h.exts.clear();
                    h.suites = vec![0xc02f];
                    h.random[24..].copy_from_slice(b"DOWNGRD\x01");
                })
            },
        },
        Case {
            name: "TLS 1.2 ServerHello to a TLS 1.3-only client (RFC 8446 §4.2.1)",
            side: Peer::Client,
            expect: Expect::Sent(A::PROTOCOL_VERSION),
            run: || {
                client_gets_server_hello(|h| {
                    h.exts.clear();
                    h.suites = vec![0xc02f];
                })
            },
        },
        Case {
            name: "ServerHello with compression method 1 (RFC 8446 §4.1.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || client_gets_server_hello(|h| h.compression = vec![1]),
        },
        Case {
            name: "ServerHello without key_share (RFC 8446 §9.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::MISSING_EXTENSION),
            run: || client_gets_server_hello(|h| h.remove_ext(EXT_KEY_SHARE)),
        },
        Case {
            name: "a second HelloRetryRequest (RFC 8446 §4.1.4)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                trace_client(
                    Section::HelloRetry,
                    |_| {},
                    |s| {
                        let hrr = s.handshake_record(Peer::Server, 0).complete;
                        vec![hrr.clone(), hrr]
                    },
                )
            },
        },
        Case {
            name: "HelloRetryRequest for the group already shared (RFC 8446 §4.1.4)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                trace_client(
                    Section::HelloRetry,
                    |_| {},
                    |s| {
                        let mut hrr = RawHello::parse(&s.handshake_record(Peer::Server, 0).payload);
                        hrr.set_ext(EXT_KEY_SHARE, X25519.to_be_bytes().to_vec());
                        vec![plaintext(22, &hrr.encode())]
                    },
                )
            },
        },
        Case {
            name: "HelloRetryRequest for a group not in supported_groups (RFC 8446 §4.2.8)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                trace_client(
                    Section::HelloRetry,
                    |_| {},
                    |s| {
                        let mut hrr = RawHello::parse(&s.handshake_record(Peer::Server, 0).payload);
                        hrr.set_ext(EXT_KEY_SHARE, SECP521R1.to_be_bytes().to_vec());
                        vec![plaintext(22, &hrr.encode())]
                    },
                )
            },
        },
        Case {
            name: "EncryptedExtensions with unsolicited early_data (RFC 8446 §4.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNSUPPORTED_EXTENSION),
            run: || client_gets_flight(|m| add_to_encrypted_extensions(m, EXT_EARLY_DATA, vec![])),
        },
        Case {
            name: "EncryptedExtensions with an extension type never sent (RFC 8446 §4.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNSUPPORTED_EXTENSION),
            run: || client_gets_flight(|m| add_to_encrypted_extensions(m, 0x1234, vec![1])),
        },
        Case {
            name: "EncryptedExtensions with ALPN the client did not offer (RFC 8446 §4.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNSUPPORTED_EXTENSION),
            run: || {
                client_gets_flight(|m| {
                    add_to_encrypted_extensions(m, EXT_ALPN, vec![0, 3, 2, b'h', b'2'])
                })
            },
        },
        Case {
            name: "EncryptedExtensions with key_share (RFC 8446 §4.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                client_gets_flight(|m| {
                    let mut share = X25519.to_be_bytes().to_vec();
                    share.extend_from_slice(&[0, 32]);
                    share.extend_from_slice(&[9; 32]);
                    add_to_encrypted_extensions(m, EXT_KEY_SHARE, share)
                })
            },
        },
        Case {
            name: "server Certificate with no certificate (RFC 8446 §4.4.2.4)",
            side: Peer::Client,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || {
                client_gets_flight(|m| {
                    let cert = index_of(m, HS_CERTIFICATE);
                    m[cert] = message(HS_CERTIFICATE, &[0, 0, 0, 0]);
                })
            },
        },
        Case {
            name: "server CertificateVerify with a bad signature (RFC 8446 §4.4.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::DECRYPT_ERROR),
            run: || client_gets_flight(|m| corrupt_signature(m)),
        },
        Case {
            name: "server Finished with a wrong verify_data (RFC 8446 §4.4.4)",
            side: Peer::Client,
            expect: Expect::Sent(A::DECRYPT_ERROR),
            run: || {
                client_gets_flight(|m| {
                    *m.last_mut().and_then(|f| f.last_mut()).expect("finished") ^= 1;
                })
            },
        },
        Case {
            name: "server Finished of 33 bytes (RFC 8446 §4.4.4)",
            side: Peer::Client,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || {
                client_gets_flight(|m| {
                    let fin = m.last_mut().expect("finished");
                    let mut body = fin[4..].to_vec();
                    body.push(0);
                    *fin = message(HS_FINISHED, &body);
                })
            },
        },
        Case {
            name: "Finished where CertificateVerify is expected (RFC 8446 §4.4)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                client_gets_flight(|m| {
                    let cv = index_of(m, HS_CERTIFICATE_VERIFY);
                    m.remove(cv);
                })
            },
        },
        Case {
            name: "server certificate from an unknown CA, own client and server (RFC 8446 §6.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNKNOWN_CA),
            run: || {
                pair(
                    pki_client(),
                    "localhost",
                    pki_now(),
                    pki_server("untrusted-server"),
                    pki_now(),
                )
            },
        },
        Case {
            name: "server certificate for another name, own client and server (RFC 8446 §6.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::BAD_CERTIFICATE),
            run: || {
                pair(
                    pki_client(),
                    "localhost",
                    pki_now(),
                    pki_server("other-name"),
                    pki_now(),
                )
            },
        },
        Case {
            name: "server certificate expired at `now`, own client and server (RFC 8446 §6.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::CERTIFICATE_EXPIRED),
            run: || {
                pair(
                    pki_client(),
                    "localhost",
                    after_expiry(),
                    pki_server("server-ecdsa-p256"),
                    pki_now(),
                )
            },
        },
        Case {
            name: "server KeyUpdate with request_update 2 (RFC 8446 §4.6.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                client_connected_gets(|s| {
                    s.seal(
                        Peer::Server,
                        Phase::Application,
                        0,
                        ContentType::HANDSHAKE,
                        &message(HS_KEY_UPDATE, &[2]),
                    )
                })
            },
        },
        Case {
            name: "handshake data after a KeyUpdate in the same record (RFC 8446 §5.1)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                client_connected_gets(|s| {
                    let mut payload = message(HS_KEY_UPDATE, &[0]);
                    payload.extend_from_slice(&s.handshake_record(Peer::Server, 2).payload);
                    s.seal(
                        Peer::Server,
                        Phase::Application,
                        0,
                        ContentType::HANDSHAKE,
                        &payload,
                    )
                })
            },
        },
        Case {
            name: "a ServerHello after the handshake (RFC 8446 §4)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                client_connected_gets(|s| {
                    s.seal(
                        Peer::Server,
                        Phase::Application,
                        0,
                        ContentType::HANDSHAKE,
                        &s.handshake_record(Peer::Server, 0).payload,
                    )
                })
            },
        },
    ]
}

/// Every case, both sides.
fn all_cases() -> Vec<Case> {
    let mut cases = record_level_cases();
    cases.extend(server_cases());
    cases.extend(client_cases());
    cases
}

#[test]
fn bad_input_table() {
    let cases = all_cases();
    let clients = cases.iter().filter(|c| c.side == Peer::Client).count();
    let servers = cases.len() - clients;
    println!(
        "{} cases: {servers} server side, {clients} client side",
        cases.len()
    );
    assert!(cases.len() >= 40);
    let failures = run_table(&cases);
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn case_names_are_unique() {
    let cases = all_cases();
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len());
}
