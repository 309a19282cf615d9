//! Every decoder entry point against every truncation and every single-byte change of every
//! message vector (RFC 8448 sections 3–7 and `vectors/messages/handmade.txt`): no panic, and
//! whatever decodes re-encodes to something that decodes to the same value.

use std::fmt::Debug;

use ferrotls_core::msgs::codec::{Bounds, Codec, LenCounter, Output};
use ferrotls_core::msgs::extensions::{
    decode_extensions, put_extensions, CertificateExtension, CertificateRequestExtension,
    ClientExtension, EncryptedExtension, ExtensionCodec, HelloRetryExtension,
    NewSessionTicketExtension, ServerExtension,
};
use ferrotls_core::msgs::handshake::{
    HandshakeMessage, HelloRetryRequest, MessageHash, ServerHello, Version,
};
use ferrotls_core::msgs::{Alert, ChangeCipherSpec, DecodeError};
use ferrotls_tests::vectors::rfc8448::all_sections;
use ferrotls_tests::vectors::Trace;

const LABELS: [&str; 9] = [
    "ClientHello",
    "ServerHello",
    "EncryptedExtensions",
    "Certificate",
    "CertificateRequest",
    "CertificateVerify",
    "Finished",
    "NewSessionTicket",
    "EndOfEarlyData",
];

/// Extension blocks are framed the same in every message; the widest bounds let each context's
/// decoder see every mutation of the block's contents.
const BLOCK: Bounds = Bounds::u16(0, 0xffff);

struct Vector {
    name: String,
    bytes: Vec<u8>,
    version: Version,
}

/// Every whole handshake message: RFC 8448's printed ones (TLS 1.3), the full §4 ClientHello
/// from its record, and the hand-made ones (version from their title).
fn message_vectors() -> Vec<Vector> {
    let mut out = Vec::new();
    for trace in all_sections() {
        for step in &trace.steps {
            for label in LABELS {
                if step.has(label) {
                    out.push(Vector {
                        name: format!("{} / {} / {label}", trace.name, step.title),
                        bytes: step.hex(label),
                        version: Version::Tls13,
                    });
                }
            }
        }
    }
    let s4 = ferrotls_tests::vectors::rfc8448::resumed_0rtt();
    out.push(Vector {
        name: "section 4 full ClientHello".into(),
        bytes: s4.nth("{client} send handshake record", 0).hex("payload"),
        version: Version::Tls13,
    });
    for step in Trace::load("messages/handmade.txt").steps {
        let version = if step.title.starts_with("TLS 1.2") {
            Version::Tls12
        } else {
            Version::Tls13
        };
        out.push(Vector {
            name: step.title.clone(),
            bytes: step.hex("message"),
            version,
        });
    }
    out
}

/// Runs `decode` on every prefix and every single-byte change of `bytes`; whenever it
/// succeeds, `encode` must work and its output decode to the same value. Returns how many
/// inputs were tried.
fn mutate<T, D, E>(name: &str, bytes: &[u8], decode: D, encode: E) -> usize
where
    T: PartialEq + Debug,
    D: Fn(&[u8]) -> Result<T, DecodeError>,
    E: Fn(&T) -> Vec<u8>,
{
    let check = |input: &[u8]| {
        if let Ok(value) = decode(input) {
            let again = encode(&value);
            match decode(&again) {
                Ok(v) if v == value => {}
                other => panic!(
                    "{name}: {} re-encoded as {} decodes to {other:?}",
                    hex(input),
                    hex(&again)
                ),
            }
        }
    };
    let mut tried = 0;
    for len in 0..bytes.len() {
        check(&bytes[..len]);
        tried += 1;
    }
    let mut buf = bytes.to_vec();
    for pos in 0..buf.len() {
        let original = buf[pos];
        for v in 0..=255u8 {
            if v != original {
                buf[pos] = v;
                check(&buf);
                tried += 1;
            }
        }
        buf[pos] = original;
    }
    tried
}

fn hex(bytes: &[u8]) -> String {
    ferrotls_tests::hex::encode(bytes)
}

fn message_entry(version: Version) -> impl Fn(&[u8]) -> Result<HandshakeMessage, DecodeError> {
    move |b| HandshakeMessage::decode(b, version)
}

/// Also checks that the length computed before encoding is the encoding's: `to_bytes` sizes
/// its buffer with it, so a wrong one would cost a reallocation or waste memory.
fn encode_message(m: &HandshakeMessage) -> Vec<u8> {
    let bytes = m.to_bytes().expect("a decoded message re-encodes");
    assert_eq!(m.encoded_len(), Ok(bytes.len()), "{m:?}");
    assert_eq!(bytes.capacity(), bytes.len(), "{m:?}");
    bytes
}

fn extensions_entry<E: ExtensionCodec>(b: &[u8]) -> Result<Vec<E>, DecodeError> {
    decode_extensions(b, BLOCK)
}

fn encode_extensions<E: ExtensionCodec>(exts: &[E]) -> Vec<u8> {
    let mut out = Vec::new();
    put_extensions(&mut out, BLOCK, exts).expect("decoded extensions re-encode");
    let mut counted = LenCounter::default();
    put_extensions(&mut counted, BLOCK, exts).expect("decoded extensions count");
    assert_eq!(counted.len(), out.len());
    out
}

#[test]
fn the_vectors_decode_and_round_trip_unmutated() {
    let vectors = message_vectors();
    for v in &vectors {
        let decoded = HandshakeMessage::decode(&v.bytes, v.version);
        match decoded {
            Ok(m) => assert_eq!(hex(&encode_message(&m)), hex(&v.bytes), "{}", v.name),
            // RFC 8448 §4 prints its ClientHello without the binders.
            Err(e) => assert!(
                v.name.contains("section4") && e == DecodeError::Truncated,
                "{}: {e:?}",
                v.name
            ),
        }
    }
    assert!(vectors.len() >= 60, "{} vectors", vectors.len());
}

#[test]
fn handshake_messages_under_both_versions() {
    let mut tried = 0;
    for v in message_vectors() {
        for version in [Version::Tls12, Version::Tls13] {
            tried += mutate(&v.name, &v.bytes, message_entry(version), encode_message);
        }
    }
    assert!(tried > 1_000_000, "{tried}");
}

#[test]
fn record_payloads_split_into_messages() {
    for trace in all_sections() {
        for step in trace
            .steps
            .iter()
            .filter(|s| s.title.ends_with("send handshake record"))
        {
            let payload = step.hex("payload");
            // Payloads repeat the messages checked above; truncations and changes to the
            // framing bytes are what is new, so every prefix and a change at every header.
            let decode = |b: &[u8]| HandshakeMessage::decode_all(b, Version::Tls13);
            let encode = |ms: &Vec<HandshakeMessage>| {
                ms.iter().flat_map(encode_message).collect::<Vec<u8>>()
            };
            for len in 0..payload.len() {
                if let Ok(ms) = decode(&payload[..len]) {
                    assert_eq!(decode(&encode(&ms)).as_ref(), Ok(&ms));
                }
            }
            let mut offset = 0;
            while offset + 4 <= payload.len() {
                let len = u32::from_be_bytes([
                    0,
                    payload[offset + 1],
                    payload[offset + 2],
                    payload[offset + 3],
                ]) as usize;
                for pos in offset..offset + 4 {
                    let mut buf = payload.clone();
                    for v in 0..=255u8 {
                        buf[pos] = v;
                        if let Ok(ms) = decode(&buf) {
                            assert_eq!(decode(&encode(&ms)).as_ref(), Ok(&ms), "{}", trace.name);
                        }
                    }
                }
                offset += 4 + len;
            }
        }
    }
}

#[test]
fn server_hello_body_decoders() {
    for v in message_vectors()
        .into_iter()
        .filter(|v| v.bytes.first() == Some(&2))
    {
        let body = &v.bytes[4..];
        mutate(&v.name, body, ServerHello::decode, |m| {
            m.to_bytes().unwrap()
        });
        mutate(&v.name, body, HelloRetryRequest::decode, |m| {
            m.to_bytes().unwrap()
        });
    }
}

#[test]
fn extension_blocks_in_every_context() {
    let mut blocks = 0;
    for v in message_vectors() {
        let Ok(msg) = HandshakeMessage::decode(&v.bytes, v.version) else {
            continue;
        };
        match msg {
            HandshakeMessage::ClientHello(m) if !m.extensions.is_empty() => {
                let block = encode_extensions(&m.extensions);
                mutate(&v.name, &block, extensions_entry::<ClientExtension>, |e| {
                    encode_extensions(e)
                });
            }
            HandshakeMessage::ServerHello(m) if !m.extensions.is_empty() => {
                let block = encode_extensions(&m.extensions);
                mutate(&v.name, &block, extensions_entry::<ServerExtension>, |e| {
                    encode_extensions(e)
                });
            }
            HandshakeMessage::HelloRetryRequest(m) => {
                let block = encode_extensions(&m.extensions);
                mutate(
                    &v.name,
                    &block,
                    extensions_entry::<HelloRetryExtension>,
                    |e| encode_extensions(e),
                );
            }
            HandshakeMessage::EncryptedExtensions(m) => {
                let block = encode_extensions(&m.extensions);
                mutate(
                    &v.name,
                    &block,
                    extensions_entry::<EncryptedExtension>,
                    |e| encode_extensions(e),
                );
            }
            HandshakeMessage::CertificateRequestTls13(m) => {
                let block = encode_extensions(&m.extensions);
                mutate(
                    &v.name,
                    &block,
                    extensions_entry::<CertificateRequestExtension>,
                    |e| encode_extensions(e),
                );
            }
            HandshakeMessage::CertificateTls13(m) => {
                for entry in &m.entries {
                    let block = encode_extensions(&entry.extensions);
                    mutate(
                        &v.name,
                        &block,
                        extensions_entry::<CertificateExtension>,
                        |e| encode_extensions(e),
                    );
                }
            }
            HandshakeMessage::NewSessionTicketTls13(m) => {
                let block = encode_extensions(&m.extensions);
                mutate(
                    &v.name,
                    &block,
                    extensions_entry::<NewSessionTicketExtension>,
                    |e| encode_extensions(e),
                );
            }
            _ => continue,
        }
        blocks += 1;
    }
    assert!(blocks >= 25, "{blocks}");
}

#[test]
fn alert_change_cipher_spec_and_message_hash() {
    for alert in [[1u8, 0], [2, 40], [2, 50]] {
        mutate("alert", &alert, Alert::decode, |a| a.to_bytes().unwrap());
    }
    mutate("change_cipher_spec", &[1], ChangeCipherSpec::decode, |c| {
        c.to_bytes().unwrap()
    });
    let hash = MessageHash {
        hash: vec![0xab; 32],
    }
    .to_bytes()
    .unwrap();
    mutate("message_hash", &hash, MessageHash::decode, |m| {
        m.to_bytes().unwrap()
    });
}
