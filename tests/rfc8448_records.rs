//! Every record of RFC 8448 §3–7 through the record layer, in both directions: the listed
//! complete record opens to the listed payload, and protecting (or framing) the payload with the
//! keys and sequence number in force at that point of the trace gives exactly the listed bytes.
//!
//! Keys come from the trace's "derive write/read traffic keys" steps. A side's write keys change
//! at its "derive write traffic keys for ..." step; when that step says "(same as ...)" and
//! carries no values, the peer's matching "derive read traffic keys" step holds them. Records sent
//! before a side's first write keys are plaintext, and change_cipher_spec is never protected in
//! TLS 1.3 (RFC 8446 §5, §D.4).

use std::collections::HashMap;

use ferrotls_crypto::AeadAlgorithm;
use ferrotls_record::{
    ContentType, HandshakeJoiner, ProtocolVersion, RecordProtection, RecordReader, RecordWriter,
};
use ferrotls_tests::hex;
use ferrotls_tests::providers::client_provider;
use ferrotls_tests::providers::on_every_provider;
use ferrotls_tests::vectors::{rfc8448, Step, Trace};

const SIDES: [&str; 2] = ["client", "server"];

/// `{client} derive write traffic keys for handshake data (same as ...)` →
/// ("client", "write", "handshake data").
fn parse_key_step(title: &str) -> Option<(&str, &str, &str)> {
    let rest = title.strip_prefix('{')?;
    let (side, rest) = rest.split_once("} derive ")?;
    let (direction, rest) = rest.split_once(" traffic keys for ")?;
    let phase = rest.split(" (").next()?;
    Some((side, direction, phase))
}

fn peer(side: &str) -> &'static str {
    if side == "client" {
        "server"
    } else {
        "client"
    }
}

/// (sender, phase) → (key, iv), gathered from write steps of the sender and read steps of its peer.
fn traffic_keys(trace: &Trace) -> HashMap<(String, String), (Vec<u8>, Vec<u8>)> {
    let mut keys = HashMap::new();
    for step in &trace.steps {
        let Some((side, direction, phase)) = parse_key_step(&step.title) else {
            continue;
        };
        if !step.has("key expanded") {
            continue;
        }
        let sender = match direction {
            "write" => side,
            "read" => peer(side),
            other => panic!("{}: unknown key direction {other:?}", trace.name),
        };
        let value = (step.hex("key expanded"), step.hex("iv expanded"));
        let previous = keys.insert((sender.to_string(), phase.to_string()), value.clone());
        if let Some(previous) = previous {
            assert_eq!(
                previous, value,
                "{}: both sides list {sender}'s {phase} keys; they must agree",
                trace.name
            );
        }
    }
    keys
}

fn protection(key: &[u8], iv: &[u8]) -> RecordProtection {
    // Every RFC 8448 trace negotiates TLS_AES_128_GCM_SHA256.
    assert_eq!(key.len(), 16);
    let aead = client_provider()
        .os()
        .aead(AeadAlgorithm::Aes128Gcm)
        .expect("AES-128-GCM");
    RecordProtection::tls13(aead.new_key(key).expect("key"), iv).expect("iv")
}

/// The record of a "send ... record" step. The header's length must match the data: a mismatch
/// means the vector file lost bytes (values that cross an RFC page break), not a record-layer bug.
fn listed_record(trace: &Trace, step: &Step) -> Vec<u8> {
    let record = step.hex("complete record");
    let declared = record
        .get(3..5)
        .map(|l| 5 + usize::from(u16::from_be_bytes([l[0], l[1]])));
    assert_eq!(
        declared,
        Some(record.len()),
        "{}: {:?}: the vector's complete record is not as long as its header says; \
         regenerate vectors/rfc8448 (extract.py must join hex values across page breaks)",
        trace.name,
        step.title
    );
    record
}

fn content_type(title: &str) -> ContentType {
    let kind = title
        .split(" send ")
        .nth(1)
        .and_then(|r| r.strip_suffix(" record"))
        .expect("send step");
    match kind {
        "handshake" => ContentType::HANDSHAKE,
        "application_data" => ContentType::APPLICATION_DATA,
        "alert" => ContentType::ALERT,
        "change_cipher_spec" => ContentType::CHANGE_CIPHER_SPEC,
        other => panic!("unknown record kind {other:?}"),
    }
}

/// One direction of the connection: the sender's writer and the receiver's reader and joiner.
struct Direction {
    writer: RecordWriter,
    reader: RecordReader,
    joiner: HandshakeJoiner,
    handshake_bytes_sent: Vec<u8>,
    handshake_bytes_joined: Vec<u8>,
}

impl Direction {
    fn new(sender: &str) -> Self {
        let mut writer = RecordWriter::new();
        if sender == "client" {
            // RFC 8446 §5.1: an initial ClientHello may carry 0x0301; RFC 8448 clients do.
            writer.set_plaintext_version(ProtocolVersion::TLS1_0);
        }
        Self {
            writer,
            reader: RecordReader::new(),
            joiner: HandshakeJoiner::new(),
            handshake_bytes_sent: Vec::new(),
            handshake_bytes_joined: Vec::new(),
        }
    }
}

/// Walks one trace; returns how many (protected, plaintext) records were checked.
fn check_trace(trace: &Trace) -> (usize, usize) {
    let keys = traffic_keys(trace);
    let mut directions: HashMap<&str, Direction> =
        SIDES.iter().map(|s| (*s, Direction::new(s))).collect();
    let (mut protected, mut plaintext) = (0, 0);
    for step in &trace.steps {
        let title = step.title.as_str();
        if let Some((side, "write", phase)) = parse_key_step(title) {
            let (key, iv) = keys
                .get(&(side.to_string(), phase.to_string()))
                .unwrap_or_else(|| panic!("{}: no values for {title:?}", trace.name));
            let dir = directions.get_mut(side).expect("side");
            // RFC 8446 §5.1: no handshake message may straddle a key change.
            dir.joiner
                .check_key_change()
                .unwrap_or_else(|e| panic!("{}: {title}: {e}", trace.name));
            dir.writer.install(protection(key, iv));
            dir.reader.install(protection(key, iv));
            continue;
        }
        let Some(sender) = SIDES
            .iter()
            .find(|s| title.starts_with(&format!("{{{s}}} send ")))
        else {
            continue;
        };
        let ct = content_type(title);
        let payload = step.hex("payload");
        let record = listed_record(trace, step);
        let dir = directions.get_mut(sender).expect("side");
        let is_protected =
            dir.writer.protection_kind().is_some() && ct != ContentType::CHANGE_CIPHER_SPEC;
        // Protected TLS 1.3 records all look like application data from outside (RFC 8446 §5.2).
        assert_eq!(
            record.first() == Some(&ContentType::APPLICATION_DATA.0),
            is_protected,
            "{}: {title}",
            trace.name
        );

        let mut written = Vec::new();
        dir.writer
            .write(ct, &payload, &mut written)
            .unwrap_or_else(|e| panic!("{}: {title}: {e}", trace.name));
        assert_eq!(
            hex::encode(&written),
            hex::encode(&record),
            "{}: {title}: written record",
            trace.name
        );
        if *sender == "client" {
            // Only the initial ClientHello may use 0x0301 (RFC 8446 §5.1).
            dir.writer.set_plaintext_version(ProtocolVersion::TLS1_2);
        }

        let mut received = record.clone();
        let (opened, used) = dir
            .reader
            .read(&mut received)
            .unwrap_or_else(|e| panic!("{}: {title}: {e}", trace.name))
            .unwrap_or_else(|| panic!("{}: {title}: record incomplete", trace.name));
        assert_eq!(used, record.len(), "{}: {title}", trace.name);
        assert_eq!(opened.content_type, ct, "{}: {title}", trace.name);
        assert_eq!(
            hex::encode(opened.payload),
            hex::encode(&payload),
            "{}: {title}: opened payload",
            trace.name
        );

        dir.joiner
            .check_interleave(ct)
            .unwrap_or_else(|e| panic!("{}: {title}: {e}", trace.name));
        if ct == ContentType::HANDSHAKE {
            dir.handshake_bytes_sent.extend_from_slice(&payload);
            dir.joiner
                .push(opened.payload)
                .unwrap_or_else(|e| panic!("{}: {title}: {e}", trace.name));
            while let Some(message) = dir.joiner.next_message() {
                assert_eq!(message.encoded.get(4..), Some(message.body));
                dir.handshake_bytes_joined
                    .extend_from_slice(message.encoded);
            }
            assert!(
                !dir.joiner.has_pending(),
                "{}: {title}: every RFC 8448 record ends on a message boundary",
                trace.name
            );
        }
        if is_protected {
            protected += 1;
        } else {
            plaintext += 1;
        }
    }
    for (side, dir) in &directions {
        assert_eq!(
            dir.handshake_bytes_joined, dir.handshake_bytes_sent,
            "{}: {side}'s handshake messages",
            trace.name
        );
    }
    (protected, plaintext)
}

#[test]
fn section3_simple_1rtt() {
    on_every_provider(|_| section3_simple_1rtt_on_current());
}

fn section3_simple_1rtt_on_current() {
    // ClientHello, ServerHello in the clear; server flight, client Finished, NewSessionTicket,
    // application data both ways, close_notify both ways protected.
    assert_eq!(check_trace(&rfc8448::simple_1rtt()), (7, 2));
}

#[test]
fn section4_resumed_0rtt() {
    on_every_provider(|_| section4_resumed_0rtt_on_current());
}

fn section4_resumed_0rtt_on_current() {
    // Early data and EndOfEarlyData under the client's early traffic keys.
    assert_eq!(check_trace(&rfc8448::resumed_0rtt()), (8, 2));
}

#[test]
fn section5_hello_retry_request() {
    on_every_provider(|_| section5_hello_retry_request_on_current());
}

fn section5_hello_retry_request_on_current() {
    assert_eq!(check_trace(&rfc8448::hello_retry_request()), (4, 4));
}

#[test]
fn section6_client_auth() {
    on_every_provider(|_| section6_client_auth_on_current());
}

fn section6_client_auth_on_current() {
    assert_eq!(check_trace(&rfc8448::client_auth()), (4, 2));
}

#[test]
fn section7_compatibility_mode() {
    on_every_provider(|_| section7_compatibility_mode_on_current());
}

fn section7_compatibility_mode_on_current() {
    // Both change_cipher_spec records stay plaintext.
    assert_eq!(check_trace(&rfc8448::compatibility_mode()), (4, 4));
}

#[test]
fn every_record_of_every_section_is_covered() {
    on_every_provider(|_| every_record_of_every_section_is_covered_on_current());
}

fn every_record_of_every_section_is_covered_on_current() {
    let total: usize = rfc8448::all_sections()
        .iter()
        .map(|t| {
            t.all("{")
                .iter()
                .filter(|s| s.has("complete record"))
                .count()
        })
        .sum();
    assert_eq!(total, 9 + 10 + 8 + 6 + 8);
}
