//! Writes the seed corpora of `fuzz/corpus/<target>/` (files named `gen-*`; other files there,
//! e.g. ones libFuzzer added, are left alone):
//!
//! - `message`: every handshake message of `vectors/rfc8448/*.txt`, `vectors/messages/handmade.txt`
//!   and the TLS 1.2 captures in `vectors/tls12/`, plus alerts and change_cipher_spec;
//! - `record`: the RFC 8448 records with the traffic keys the traces print, and records sealed here
//!   with every AEAD in both formats;
//! - `client`, `server`: scripts for a selection of configurations (honest, chunked, mutated,
//!   key updates, closes), and raw-mode inputs made of the honest peer's recorded flights (which
//!   the deterministic target answers exactly as when they were recorded).
//!
//! - `session_file`: every encoding of `vectors/resumption/resumption-data-v1.txt` at its `now`
//!   and for its server name, plus the `resumption_data` seeds for `localhost`.
//! - `client_cache_file`: client cache files written by the session-cache crate's encoder from
//!   the `resumption_data` seeds (empty, one, all, a repeated list, one past its expiry), and
//!   a bare session.
//!
//! Run: `cargo run -p ferrotls-fuzz-targets --bin gen-corpus [TARGET...]` (naming targets
//! rewrites only their corpora).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::crypto::random::SeededRandom;
use ferrotls_core::crypto::rustcrypto::provider_with_random;
use ferrotls_core::crypto::AeadAlgorithm;
use ferrotls_core::crypto::Secret;
use ferrotls_core::msgs::enums::{CipherSuite, ExtensionType};
use ferrotls_core::msgs::extensions::{ClientExtension, UnknownExtension};
use ferrotls_core::msgs::{HandshakeMessage, Version};
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::resumption::{
    AeadTicketSealer, ResumptionData, ServerSessionState, SessionParams, TicketSealer,
};
use ferrotls_core::suites::{TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
use ferrotls_core::{CertificateChain, ClientConnection, ServerConnection};
use ferrotls_fuzz_targets::peers::{Setup, SERVER_NAME, START_SECS};
use ferrotls_fuzz_targets::record::{layout, protection, Params};
use ferrotls_record::{ContentType, RecordWriter};
use ferrotls_session_cache::client_cache;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if s.is_empty() || !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Splits concatenated handshake messages at their headers.
fn split_messages(mut bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while bytes.len() >= 4 {
        let len =
            4 + (usize::from(bytes[1]) << 16 | usize::from(bytes[2]) << 8 | usize::from(bytes[3]));
        if len > bytes.len() {
            break;
        }
        out.push(bytes[..len].to_vec());
        bytes = &bytes[len..];
    }
    out
}

/// The corpus being written: target → file name → bytes.
#[derive(Default)]
struct Corpus(BTreeMap<&'static str, BTreeMap<String, Vec<u8>>>);

impl Corpus {
    fn add(&mut self, target: &'static str, name: String, data: Vec<u8>) {
        let files = self.0.entry(target).or_default();
        if !files.values().any(|d| *d == data) {
            files.insert(name, data);
        }
    }

    fn write(&self, only: &[String]) {
        for (target, files) in &self.0 {
            if !only.is_empty() && !only.iter().any(|t| t == target) {
                continue;
            }
            let dir = root().join("fuzz/corpus").join(target);
            fs::create_dir_all(&dir).unwrap();
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let generated = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("gen-"));
                if generated {
                    fs::remove_file(path).unwrap();
                }
            }
            let mut bytes = 0;
            for (name, data) in files {
                fs::write(dir.join(format!("gen-{name}")), data).unwrap();
                bytes += data.len();
            }
            println!("{target}: {} files, {bytes} bytes", files.len());
        }
    }
}

/// `(step line, key, value)` of every `key = hex` line of a vector file.
fn vector_lines(path: &Path) -> Vec<(String, String, Vec<u8>)> {
    let text = fs::read_to_string(path).unwrap();
    let mut step = String::new();
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(s) = line.strip_prefix("[step]") {
            step = s.trim().to_string();
        } else if let Some((k, v)) = line.split_once(" = ") {
            if let Some(bytes) = unhex(v) {
                out.push((step.clone(), k.trim().to_string(), bytes));
            }
        }
    }
    out
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

fn sorted_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

fn messages(corpus: &mut Corpus) {
    let vectors = root().join("vectors");
    let mut files = sorted_files(&vectors.join("rfc8448"), "txt");
    files.push(vectors.join("messages/handmade.txt"));
    files.extend(sorted_files(&vectors.join("tls12"), "txt"));
    for path in files {
        let s = stem(&path);
        for (i, (step, key, value)) in vector_lines(&path).into_iter().enumerate() {
            let is_message = step.contains("handshake message") || key == "message";
            let is_flight = key == "payload" && step.contains("handshake record");
            if is_message || is_flight || key == "messages" {
                for (j, m) in split_messages(&value).into_iter().enumerate() {
                    corpus.add("message", format!("{s}-{i:03}-{j}"), m);
                }
            }
            if is_flight {
                // A whole record payload: decode_all's input.
                corpus.add("message", format!("{s}-{i:03}-flight"), value);
            }
        }
    }
    for (name, bytes) in [
        ("alert-close-notify", vec![1, 0]),
        ("alert-handshake-failure", vec![2, 40]),
        ("ccs", vec![1]),
        ("key-update", vec![24, 0, 0, 1, 1]),
        (
            "message-hash",
            [vec![254, 0, 0, 32], vec![0x11; 32]].concat(),
        ),
        ("extensions-empty", vec![0, 0]),
    ] {
        corpus.add("message", name.to_string(), bytes);
    }
}

fn records(corpus: &mut Corpus) {
    // RFC 8448 (every trace uses TLS_AES_128_GCM_SHA256): each printed write key with the
    // records its side sent after it, in order, so the first ones open with sequence numbers
    // counting up from zero.
    for path in sorted_files(&root().join("vectors/rfc8448"), "txt") {
        let s = stem(&path);
        let lines = vector_lines(&path);
        let side = |step: &str| {
            if step.starts_with("{client}") {
                "client"
            } else {
                "server"
            }
        };
        for (i, (step, key, value)) in lines.iter().enumerate() {
            if key != "key expanded" || value.len() != 16 {
                continue;
            }
            let Some((_, _, iv)) = lines[i..].iter().find(|(_, k, _)| k == "iv expanded") else {
                continue;
            };
            let mut params = Params {
                aead: AeadAlgorithm::Aes128Gcm,
                tls12: false,
                key: [0; 32],
                iv: [0; 12],
            };
            params.key[..16].copy_from_slice(value);
            params.iv.copy_from_slice(iv);
            let wire: Vec<u8> = lines[i..]
                .iter()
                .filter(|(st, k, _)| k == "complete record" && side(st) == side(step))
                .flat_map(|(_, _, r)| r.clone())
                .collect();
            if !wire.is_empty() {
                let data = layout(&params, 0, b"hello", &wire);
                corpus.add("record", format!("{s}-{i:03}"), data);
            }
        }
    }
    // Records sealed here, with each AEAD in both formats.
    let aeads = [
        AeadAlgorithm::Aes128Gcm,
        AeadAlgorithm::Aes256Gcm,
        AeadAlgorithm::ChaCha20Poly1305,
    ];
    for (n, aead) in aeads.into_iter().enumerate() {
        for tls12 in [false, true] {
            let params = Params {
                aead,
                tls12,
                key: [n as u8 + 1; 32],
                iv: [0x42; 12],
            };
            let mut writer = RecordWriter::new();
            writer.install(protection(&params));
            let mut wire = Vec::new();
            for (t, p) in [
                (ContentType::HANDSHAKE, &[20u8, 0, 0, 4, 1, 2, 3, 4][..]),
                (ContentType::APPLICATION_DATA, b"GET / HTTP/1.1\r\n\r\n"),
                (ContentType::ALERT, &[1, 0]),
            ] {
                writer.write(t, p, &mut wire).unwrap();
            }
            let name = format!("sealed-{aead:?}-{}", if tls12 { "tls12" } else { "tls13" });
            corpus.add("record", name, layout(&params, 1, &[2, 40], &wire));
        }
    }
    // Plaintext records only (a ClientHello record from RFC 8448), under a zero key.
    let lines = vector_lines(&root().join("vectors/rfc8448/section3-simple-1rtt.txt"));
    if let Some((_, _, r)) = lines.iter().find(|(_, k, _)| k == "complete record") {
        let params = Params {
            aead: AeadAlgorithm::Aes128Gcm,
            tls12: false,
            key: [0; 32],
            iv: [0; 12],
        };
        corpus.add(
            "record",
            "plaintext-client-hello".into(),
            layout(&params, 2, b"", r),
        );
    }
}

/// The flights each side wrote in an honest run of `setup`: (client's, server's).
fn flights(setup: &Setup) -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let now = UnixTime::since_unix_epoch(Duration::from_secs(START_SECS));
    let name = ServerName::try_from(SERVER_NAME).unwrap();
    let mut client = ClientConnection::new(Arc::new(setup.client_config()), name, now).unwrap();
    let mut server = ServerConnection::new(Arc::new(setup.server_config())).unwrap();
    let (mut from_client, mut from_server) = (Vec::new(), Vec::new());
    for round in 0..8 {
        let mut out = Vec::new();
        client.write_tls(&mut out);
        if round == 3 {
            let _ = client.send(b"ping");
            client.write_tls(&mut out);
        }
        if !out.is_empty() {
            let _ = server.handle_tls(&mut out.clone(), now);
            from_client.push(out);
        }
        let mut out = Vec::new();
        server.write_tls(&mut out);
        if !out.is_empty() {
            let _ = client.handle_tls(&mut out.clone(), now);
            from_server.push(out);
        }
        while client.poll_event().is_some() || server.poll_event().is_some() {}
    }
    (from_client, from_server)
}

/// A raw-mode input: `len: u8`-prefixed chunks of the flights.
fn raw_input(config: u8, flights: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![config, 1];
    for chunk in flights.iter().flat_map(|f| f.chunks(255)) {
        out.push(chunk.len() as u8);
        out.extend_from_slice(chunk);
    }
    out
}

fn scripts(corpus: &mut Corpus) {
    // Configurations: each version combination with and without client auth / HRR, the three
    // key types, ALPN and client order.
    let configs: [u8; 16] = [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x0a, 0x0b, 0x0c, 0x10, 0x11, 0x30, 0x31, 0x40,
        0x81,
    ];
    // Scripts in peer mode (see `script.rs`: opcode low nibble % 10, high nibble chunk size).
    let scripts: [(&str, &[u8]); 9] = [
        ("honest", &[]),
        (
            "stepwise",
            &[0x00, 0x06, 0x00, 0x06, 0x00, 0x06, 0x00, 0x06],
        ),
        (
            "bytewise",
            &[0x10, 0x16, 0x10, 0x16, 0x10, 0x16, 0x10, 0x16],
        ),
        (
            "keyupdate",
            &[
                0x00, 0x06, 0x00, 0x06, 0x00, 0x06, 0x07, 0x01, 0x01, 0x06, 0x00, 0x08, 0x01, 0x00,
            ],
        ),
        (
            "data-close",
            &[
                0x00, 0x06, 0x00, 0x06, 0x07, 0x00, 0x03, b'a', b'b', b'c', 0x06, 0x08, 0x02, 0x00,
            ],
        ),
        ("flip-first", &[0x01, 0x00, 0x09, 0x80]),
        ("flip-second", &[0x00, 0x06, 0x01, 0x00, 0x30, 0x01]),
        ("dup-reorder", &[0x03, 0x06, 0x04, 0x01]),
        (
            "inject",
            &[0x05, 0x07, 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28, 0x00],
        ),
    ];
    for config in configs {
        for (name, script) in scripts {
            let data = [&[config, 0][..], script].concat();
            corpus.add("client", format!("{config:02x}-{name}"), data.clone());
            corpus.add("server", format!("{config:02x}-{name}"), data);
        }
        let setup = Setup::from_byte(config);
        let (from_client, from_server) = flights(&setup);
        corpus.add(
            "client",
            format!("{config:02x}-raw"),
            raw_input(config, &from_server),
        );
        corpus.add(
            "server",
            format!("{config:02x}-raw"),
            raw_input(config, &from_client),
        );
    }
}

/// `server` seeds for resumption runs with deferred lookups (`script.rs`: mode byte bits 1-3)
/// and full handshakes with a deferred certificate and an external key (bit 4), answered late,
/// unavailable, and misused (opcode 0x0a answers; its argument picks the kind).
fn deferred_scripts(corpus: &mut Corpus) {
    // TLS 1.3, TLS 1.2, TLS 1.3 with client auth, TLS 1.3 with HRR, TLS 1.2 with client auth.
    let configs: [u8; 5] = [0x00, 0x01, 0x04, 0x08, 0x05];
    // Stateless, stateful, stateless with 0-RTT, stateful with 0-RTT; then a full handshake
    // whose certificate is chosen late and signed by an external key (bit 4).
    let modes: [u8; 5] = [0x02, 0x06, 0x0a, 0x0e, 0x10];
    let scripts: [(&str, &[u8]); 5] = [
        ("honest", &[]),
        (
            "late-answer",
            &[
                0x00, 0x07, 0x04, 0x07, 0x04, 0x0a, 0x00, 0x00, 0x06, 0x00, 0x06,
            ],
        ),
        (
            "unavailable",
            &[0x00, 0x0a, 0x02, 0x0a, 0x05, 0x00, 0x06, 0x00, 0x06],
        ),
        (
            "misuse",
            &[
                0x0a, 0x03, 0x00, 0x0a, 0x06, 0x0a, 0x08, 0x0a, 0x00, 0x0a, 0x00, 0x06, 0x00,
            ],
        ),
        (
            "eof-while-paused",
            &[0x00, 0x07, 0x03, 0x0a, 0x00, 0x0a, 0x01],
        ),
    ];
    for config in configs {
        for mode in modes {
            for (name, script) in scripts {
                let data = [&[config, mode][..], script].concat();
                corpus.add(
                    "server",
                    format!("{config:02x}-deferred{mode:02x}-{name}"),
                    data,
                );
            }
        }
    }
}

/// Valid encodings of stored sessions (TLS 1.2 and 1.3, client and server side), with a clock
/// offset of 0, plus a ticket sealed by the target's (deterministic) sealer.
fn sessions(corpus: &mut Corpus) {
    let now = UnixTime::since_unix_epoch(Duration::from_secs(START_SECS));
    let params = |tls13: bool| SessionParams {
        cipher_suite: if tls13 {
            TLS_AES_128_GCM_SHA256.suite
        } else {
            TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.suite
        },
        secret: Secret::new(&[0x33; 48][..if tls13 { 32 } else { 48 }]),
        server_name: Some(SERVER_NAME.to_string()),
        alpn: Some(b"h2".to_vec()),
        extended_master_secret: true,
        peer_certificates: CertificateChain::empty(),
    };
    let clock = [0u8; 4];
    let client = [
        (
            "tls13-ticket",
            ResumptionData::tls13_ticket(params(true), vec![7; 40], now, 7200, 0x1234, 0),
        ),
        (
            "tls12-ticket",
            ResumptionData::tls12_ticket(params(false), vec![8; 60], vec![3; 32], now, 7200),
        ),
        (
            "tls12-session-id",
            ResumptionData::tls12_session_id(params(false), vec![9; 32], now, 7200),
        ),
    ];
    for (name, d) in client {
        match d {
            Ok(d) => corpus.add(
                "resumption_data",
                name.into(),
                [&clock[..], &d.to_bytes()].concat(),
            ),
            Err(e) => eprintln!("resumption_data {name}: not constructible: {e:?}"),
        }
    }
    let server = [
        (
            "tls13",
            ServerSessionState::tls13(params(true), vec![1; 16], now, 7200, 0x1234, 0),
        ),
        (
            "tls12",
            ServerSessionState::tls12(params(false), vec![2; 32], now, 7200),
        ),
    ];
    for (name, st) in server {
        match st {
            Ok(st) => {
                let bytes = st.to_bytes();
                corpus.add(
                    "ticket",
                    format!("{name}-state"),
                    [&clock[..], &[1], &bytes].concat(),
                );
                let provider = provider_with_random(Arc::new(SeededRandom::new([0x7e; 32])));
                let sealer = AeadTicketSealer::new(&provider, 7200).unwrap();
                let ticket = sealer
                    .seal(&bytes, &SeededRandom::new([0x17; 32]), now)
                    .unwrap();
                corpus.add(
                    "ticket",
                    format!("{name}-ticket"),
                    [&clock[..], &[0], &ticket].concat(),
                );
            }
            Err(e) => eprintln!("ticket {name}: not constructible: {e:?}"),
        }
    }
}

/// The name byte of a `session_file` input that checks against `name` (the target's
/// `SESSION_FILE_NAMES`: `localhost`, `server`, `LOCALHOST`, `example.com`, none).
fn session_file_name_byte(name: &str) -> u8 {
    match name.to_ascii_lowercase().as_str() {
        "localhost" => 0,
        "server" => 1,
        "example.com" => 3,
        _ => 4,
    }
}

/// `session_file` seeds: each example of the ResumptionData vectors, with the clock at its
/// `now` and the name byte for its server name, so the valid ones are accepted.
fn session_files(corpus: &mut Corpus) {
    let path = root().join("vectors/resumption/resumption-data-v1.txt");
    let text = fs::read_to_string(&path).unwrap();
    for (i, step) in text.split("[step]").skip(1).enumerate() {
        let field = |key: &str| {
            step.lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix(" = "))
                .map(str::trim)
        };
        let (Some(now), Some(encoded)) = (field("now"), field("encoded")) else {
            continue;
        };
        let (Ok(now), Some(encoded)) = (now.parse::<u64>(), unhex(encoded)) else {
            continue;
        };
        let Ok(offset) = i32::try_from(i128::from(now) - i128::from(START_SECS)) else {
            continue;
        };
        let name = field("server name").unwrap_or("(none)");
        let data = [
            &offset.to_be_bytes()[..],
            &[session_file_name_byte(name)],
            &encoded,
        ]
        .concat();
        corpus.add("session_file", format!("vector-{i:02}"), data);
    }
    // The resumption_data seeds are made for SERVER_NAME at the start time.
    let seeds: Vec<(String, Vec<u8>)> = corpus
        .0
        .get("resumption_data")
        .map(|files| files.iter().map(|(n, d)| (n.clone(), d.clone())).collect())
        .unwrap_or_default();
    for (name, data) in seeds {
        let (clock, rest) = data.split_at(4.min(data.len()));
        corpus.add(
            "session_file",
            name,
            [clock, &[session_file_name_byte(SERVER_NAME)], rest].concat(),
        );
    }
}

/// `client_cache_file` seeds: lists of the `resumption_data` seeds as the client cache writes
/// them (`client_cache::encode`), read at the start time, and one list read after its sessions
/// expired (all dropped, the header still accounted for).
fn client_cache_files(corpus: &mut Corpus) {
    let now = UnixTime::since_unix_epoch(Duration::from_secs(START_SECS));
    let sessions: Vec<(String, ResumptionData)> = corpus
        .0
        .get("resumption_data")
        .map(|files| {
            files
                .iter()
                .filter_map(|(n, d)| {
                    let data = ResumptionData::from_bytes(d.get(4..)?, now).ok()?;
                    Some((n.clone(), data))
                })
                .collect()
        })
        .unwrap_or_default();
    let at = |offset: i32, file: &[u8]| [&offset.to_be_bytes()[..], file].concat();
    let list = |items: &[&ResumptionData]| client_cache::encode(items.iter().copied()).to_vec();
    corpus.add("client_cache_file", "empty".into(), at(0, &list(&[])));
    for (name, data) in &sessions {
        corpus.add(
            "client_cache_file",
            format!("one-{name}"),
            at(0, &list(&[data])),
        );
        corpus.add(
            "client_cache_file",
            format!("bare-{name}"),
            at(0, &data.to_bytes()),
        );
    }
    let all: Vec<&ResumptionData> = sessions.iter().map(|(_, d)| d).collect();
    corpus.add("client_cache_file", "all".into(), at(0, &list(&all)));
    // More than a server keeps (4 per name): the cache drops the oldest when loading.
    let twice: Vec<&ResumptionData> = all.iter().chain(all.iter()).copied().collect();
    corpus.add(
        "client_cache_file",
        "all-twice".into(),
        at(0, &list(&twice)),
    );
    // The seeds live 7200 s: read a day later, every one is dropped.
    corpus.add(
        "client_cache_file",
        "all-expired".into(),
        at(86_400, &list(&all)),
    );
}

/// `message` in handshake records of at most 2^14 bytes each.
fn in_records(message: &[u8]) -> Vec<u8> {
    let mut wire = Vec::new();
    for fragment in message.chunks(1 << 14) {
        wire.extend_from_slice(&[22, 3, 3]);
        wire.extend_from_slice(&(fragment.len() as u16).to_be_bytes());
        wire.extend_from_slice(fragment);
    }
    wire
}

/// The honest client's first ClientHello (configuration `config`) with `unknown` unknown
/// extensions of `len` bytes in front of its own, the last type repeated if `duplicate`, and
/// `suites` unknown cipher suites after its own.
fn big_client_hello(config: u8, unknown: u16, len: usize, duplicate: bool, suites: u16) -> Vec<u8> {
    let (from_client, _) = flights(&Setup::from_byte(config));
    let first = &from_client[0];
    let Ok(HandshakeMessage::ClientHello(mut hello)) =
        HandshakeMessage::decode(&first[5..], Version::Tls13)
    else {
        panic!("the first record is not a ClientHello");
    };
    let mut types: Vec<u16> = (0..unknown).map(|i| 0xfa00 + i).collect();
    if duplicate {
        types.push(0xfa00 + unknown - 1);
    }
    let mut extensions: Vec<ClientExtension> = types
        .into_iter()
        .map(|t| {
            ClientExtension::Unknown(UnknownExtension {
                typ: ExtensionType(t),
                data: vec![0x5a; len],
            })
        })
        .collect();
    extensions.append(&mut hello.extensions);
    hello.extensions = extensions;
    hello
        .cipher_suites
        .extend((0..suites).map(|i| CipherSuite(0x5000 + i)));
    HandshakeMessage::ClientHello(hello).to_bytes().unwrap()
}

/// The paths issue 10 opened: change_cipher_specs around a HelloRetryRequest, a plaintext alert
/// during the TLS 1.3 handshake, ClientHellos with 1,000 unknown extensions (one repeated) and
/// one over the general 64 KiB message limit.
fn conformance(corpus: &mut Corpus) {
    const CCS: [u8; 6] = [20, 3, 3, 0, 1, 1];
    const UNKNOWN_CA: [u8; 7] = [21, 3, 3, 0, 2, 2, 48];
    let hrr = 0x08;
    let (from_client, from_server) = flights(&Setup::from_byte(hrr));
    let with_ccs = |flights: &[Vec<u8>]| -> Vec<Vec<u8>> {
        flights
            .iter()
            .map(|f| [&CCS[..], &CCS[..], f].concat())
            .collect()
    };
    corpus.add(
        "client",
        "08-raw-ccs-flights".into(),
        raw_input(hrr, &with_ccs(&from_server)),
    );
    corpus.add(
        "server",
        "08-raw-ccs-flights".into(),
        raw_input(hrr, &with_ccs(&from_client)),
    );
    let (from_client, from_server) = flights(&Setup::from_byte(0));
    corpus.add(
        "server",
        "00-raw-plaintext-alert".into(),
        raw_input(0, &[from_client[0].clone(), UNKNOWN_CA.to_vec()]),
    );
    let server_hello = from_server[0]
        [..5 + usize::from(from_server[0][4]) + 256 * usize::from(from_server[0][3])]
        .to_vec();
    corpus.add(
        "client",
        "00-raw-plaintext-alert".into(),
        raw_input(0, &[server_hello, UNKNOWN_CA.to_vec()]),
    );
    for (name, hello) in [
        (
            "client-hello-1000-extensions",
            big_client_hello(0, 1000, 1, false, 0),
        ),
        (
            "client-hello-duplicate-among-1000",
            big_client_hello(0, 1000, 0, true, 0),
        ),
    ] {
        corpus.add("message", name.into(), hello.clone());
        corpus.add(
            "server",
            format!("00-raw-{name}"),
            raw_input(0, &[in_records(&hello)]),
        );
    }
    // Over 64 KiB: 40 unknown extensions of 1,600 bytes and 2,000 unknown cipher suites.
    let large = big_client_hello(0, 40, 1600, false, 2000);
    assert!(large.len() > 64 * 1024 + 4);
    corpus.add(
        "server",
        "00-raw-client-hello-over-64k".into(),
        raw_input(0, &[in_records(&large)]),
    );
}

fn main() {
    let mut corpus = Corpus::default();
    sessions(&mut corpus);
    session_files(&mut corpus);
    client_cache_files(&mut corpus);
    messages(&mut corpus);
    records(&mut corpus);
    scripts(&mut corpus);
    deferred_scripts(&mut corpus);
    conformance(&mut corpus);
    let only: Vec<String> = std::env::args().skip(1).collect();
    corpus.write(&only);
}
