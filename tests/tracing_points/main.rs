//! The tracing points of ferrotls-core (feature `tracing`), read back through an in-memory
//! subscriber ([`capture`]): in-memory pairs of TLS 1.3 and TLS 1.2, each a full handshake then
//! a resumption, must trace every state transition of both sides in order, the negotiated
//! values, the tickets issued and received, the resumption accepted; a declined resumption and
//! rejected 0-RTT must trace their `DeclineReason`; a deferred request its pause and answer;
//! fatal alerts and close_notify both ways. And no field may hold a secret: every secret the
//! key log saw, every ticket's PSK and the ticket itself, and every secret of the RFC 8448 §3
//! trace replayed through the client, are searched for in every field of every event.

mod capture;
mod decisions;
mod handshakes;
mod secrets;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ferrotls_core::resumption::SingleUseAntiReplay;
use ferrotls_core::{
    ClientConfig, KeyLog, KeyLogLabel, ProtocolVersion, ResumptionData, ServerConfig,
};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::pair::{Pair, START_TIME};
use ferrotls_tests::sessions;
use tracing::Level;

use capture::Record;

/// Every secret a key log is given.
#[derive(Debug, Default)]
pub(crate) struct Secrets(Mutex<Vec<Vec<u8>>>);

impl KeyLog for Secrets {
    fn log(&self, _: KeyLogLabel, _: &[u8; 32], secret: &[u8]) {
        self.0.lock().unwrap().push(secret.to_vec());
    }
}

impl Secrets {
    pub(crate) fn all(&self) -> Vec<Vec<u8>> {
        self.0.lock().unwrap().clone()
    }
}

pub(crate) fn configs(
    version: ProtocolVersion,
    secrets: &Arc<Secrets>,
) -> (Arc<ClientConfig>, Arc<ServerConfig>) {
    let mut client = certs::client_config();
    client.versions = vec![version];
    client.enable_early_data = true;
    client.key_log = Some(Arc::clone(secrets) as Arc<dyn KeyLog>);
    let mut server = certs::server_config(KeyKind::EcdsaP256);
    server.max_early_data = 16384;
    server.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(64)));
    server.key_log = Some(Arc::clone(secrets) as Arc<dyn KeyLog>);
    (Arc::new(client), Arc::new(server))
}

/// A full handshake at [`START_TIME`], then close_notify both ways: the tickets received.
pub(crate) fn full(client: &Arc<ClientConfig>, server: &Arc<ServerConfig>) -> Vec<ResumptionData> {
    let mut pair = sessions::full_handshake(client, server, START_TIME);
    sessions::close(&mut pair);
    sessions::tickets(&pair.client.events)
}

/// A resumption of `data` 10 s later with `early` as 0-RTT data (if not empty), then
/// close_notify both ways.
pub(crate) fn resumed(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
    data: ResumptionData,
    early: &[u8],
) -> Pair {
    let clock = START_TIME + Duration::from_secs(10);
    let mut pair = sessions::resumed_handshake(client, server, data, early, clock);
    sessions::close(&mut pair);
    pair
}

/// The records of each connection (the `conn` span's `id`), in the order the connections
/// first traced something, with the connection's side. The ids are a process-wide counter
/// shared with the other tests of this binary, so only their distinctness is known.
pub(crate) fn by_connection(records: &[Record]) -> Vec<(String, Vec<Record>)> {
    let mut conns: Vec<(String, String, Vec<Record>)> = Vec::new();
    for r in records {
        let (Some(id), Some(side)) = (r.conn(), r.side()) else {
            panic!("a record outside a connection's span: {r}");
        };
        match conns.iter_mut().find(|(i, ..)| i == id) {
            Some((_, s, rs)) => {
                assert_eq!(s, side, "{r}");
                rs.push(r.clone());
            }
            None => conns.push((id.to_string(), side.to_string(), vec![r.clone()])),
        }
    }
    conns.into_iter().map(|(_, side, rs)| (side, rs)).collect()
}

/// A state transition: (from, to, input).
pub(crate) type Transition = (&'static str, &'static str, &'static str);

/// The transitions of a walk from state `first` through `steps`, each an (input, next state).
pub(crate) fn walk(first: &'static str, steps: &[(&'static str, &'static str)]) -> Vec<Transition> {
    let mut from = first;
    steps
        .iter()
        .map(|&(input, to)| (std::mem::replace(&mut from, to), to, input))
        .collect()
}

/// The (from, to, input) of every state transition of one connection, in order.
pub(crate) fn transitions(records: &[Record]) -> Vec<(&str, &str, &str)> {
    records
        .iter()
        .filter(|r| r.message() == "state transition")
        .map(|r| {
            assert_eq!(r.level, Level::DEBUG, "{r}");
            assert_eq!(r.target, "ferrotls::handshake", "{r}");
            (
                r.field("from").unwrap(),
                r.field("to").unwrap(),
                r.field("input").unwrap(),
            )
        })
        .collect()
}

/// The records with `message`, each checked to be at `level` under `target`.
pub(crate) fn with_message<'a>(
    records: &'a [Record],
    message: &str,
    level: Level,
    target: &str,
) -> Vec<&'a Record> {
    let found: Vec<&Record> = records.iter().filter(|r| r.message() == message).collect();
    for r in &found {
        assert_eq!((r.level, r.target.as_str()), (level, target), "{r}");
    }
    found
}

/// The records with `message` at debug level under `ferrotls::handshake`.
pub(crate) fn handshake_debug<'a>(records: &'a [Record], message: &str) -> Vec<&'a Record> {
    with_message(records, message, Level::DEBUG, "ferrotls::handshake")
}

/// The records with `message` at debug level under `ferrotls::resumption`.
pub(crate) fn resumption_debug<'a>(records: &'a [Record], message: &str) -> Vec<&'a Record> {
    with_message(records, message, Level::DEBUG, "ferrotls::resumption")
}

/// The records with `message` at `level` under `ferrotls::alert`.
pub(crate) fn alerts<'a>(records: &'a [Record], message: &str, level: Level) -> Vec<&'a Record> {
    with_message(records, message, level, "ferrotls::alert")
}

pub(crate) fn count(records: &[Record], message: &str) -> usize {
    records.iter().filter(|r| r.message() == message).count()
}

fn dump(records: &[Record]) -> String {
    records.iter().map(|r| format!("{r}\n")).collect()
}

/// What a connection's records say it completed, and with which version.
pub(crate) fn assert_completed(side: &str, records: &[Record], version: &str) {
    let complete = handshake_debug(records, "handshake complete");
    assert_eq!(complete.len(), 1, "{side}:\n{}", dump(records));
    assert_eq!(complete[0].field("version"), Some(version));
    let negotiated = handshake_debug(records, "version negotiated");
    assert_eq!(negotiated[0].field("version"), Some(version), "{side}");
}

/// close_notify sent and received, at info: the clean ends of every pair here.
pub(crate) fn assert_closed(side: &str, records: &[Record]) {
    let sent = alerts(records, "alert sent", Level::INFO);
    assert_eq!(sent.len(), 1, "{side}:\n{}", dump(records));
    assert_eq!(sent[0].field("alert"), Some("close_notify"));
    let received = alerts(records, "close_notify received", Level::INFO);
    assert_eq!(received.len(), 1, "{side}");
}

pub(crate) fn client_full_tls13() -> Vec<Transition> {
    walk(
        "ExpectServerHello",
        &[
            ("server_hello", "ExpectEncryptedExtensions"),
            (
                "encrypted_extensions",
                "ExpectCertificateOrCertificateRequest",
            ),
            ("certificate", "ExpectCertificateVerify"),
            ("certificate_verify", "ExpectFinished"),
            ("finished", "Connected"),
        ],
    )
}

/// The server's ClientHello step pauses for the certificate choice and the signature, both
/// answered at once by the config (traced as answers "by config", not as pauses).
pub(crate) fn server_full_tls13() -> Vec<Transition> {
    walk(
        "ExpectClientHello",
        &[
            ("client_hello", "Paused"),
            ("answer", "ExpectFinished"),
            ("finished", "Connected"),
        ],
    )
}
