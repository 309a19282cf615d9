//! The `record` target.
//!
//! Input layout (see [`layout`] to build one):
//!
//! | bytes | meaning |
//! |---|---|
//! | 1 | selector: bits 0-1 AEAD (0 AES-128-GCM, 1 AES-256-GCM, 2-3 ChaCha20-Poly1305), bit 2 TLS 1.2 framing (else TLS 1.3), bits 3-4 TLS 1.3 padding (none, to 16, to 256, to 1), bit 5 a record_size_limit follows |
//! | 2 | record_size_limit, only if bit 5 |
//! | 32 | key material (the first `key_len` bytes are the key) |
//! | 12 | IV material (TLS 1.2 AES-GCM uses the first 4 as the salt) |
//! | 1 | content type of the round-trip payload (0 handshake, 1 alert, else application data) |
//! | 2 | round-trip payload length `n` (big-endian) |
//! | n | the payload to seal then open |
//! | rest | records to deframe and open in place under the same keys |
//!
//! The rest is also deframed and opened without keys, with handshake payloads pushed through a
//! [`HandshakeJoiner`].

use std::num::NonZeroUsize;

use ferrotls_crypto::rustcrypto::default_provider;
use ferrotls_crypto::AeadAlgorithm;
use ferrotls_record::{
    deframe, ContentType, HandshakeJoiner, Padding, ProtectionKind, RecordProtection, RecordReader,
    RecordWriter,
};

use crate::input::Input;

/// Largest ciphertext payload any read state accepts (TLS 1.2: 2^14 + 2048).
const MAX_ANY_PAYLOAD: usize = (1 << 14) + 2048;
/// Records opened per run, so a run stays short.
const MAX_RECORDS: usize = 64;

/// The protection parameters an input selects.
#[derive(Clone, Copy, Debug)]
pub struct Params {
    pub aead: AeadAlgorithm,
    pub tls12: bool,
    pub key: [u8; 32],
    pub iv: [u8; 12],
}

/// Builds an input for this target: protection `params`, no padding and no size limit, a
/// round-trip payload, then `records` (e.g. captured records sealed with `params`' key).
pub fn layout(params: &Params, content: u8, payload: &[u8], records: &[u8]) -> Vec<u8> {
    let aead_bits = match params.aead {
        AeadAlgorithm::Aes128Gcm => 0,
        AeadAlgorithm::Aes256Gcm => 1,
        AeadAlgorithm::ChaCha20Poly1305 => 2,
    };
    let mut out = vec![aead_bits | if params.tls12 { 4 } else { 0 }];
    out.extend_from_slice(&params.key);
    out.extend_from_slice(&params.iv);
    out.push(content);
    let len = u16::try_from(payload.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload[..usize::from(len)]);
    out.extend_from_slice(records);
    out
}

/// Protection for `params`, or `None` if the provider refuses the key (it must not for the
/// right lengths, which is checked).
pub fn protection(params: &Params) -> RecordProtection {
    let provider = default_provider();
    let aead = provider
        .aead(params.aead)
        .expect("the default provider has every AEAD");
    let key = aead
        .new_key(&params.key[..params.aead.key_len()])
        .expect("a key of the algorithm's length is accepted");
    let made = if params.tls12 {
        let iv_len = match params.aead {
            AeadAlgorithm::Aes128Gcm | AeadAlgorithm::Aes256Gcm => 4,
            AeadAlgorithm::ChaCha20Poly1305 => 12,
        };
        RecordProtection::tls12(key, &params.iv[..iv_len])
    } else {
        RecordProtection::tls13(key, &params.iv)
    };
    made.expect("an IV of the format's length is accepted")
}

pub(crate) fn run(data: &[u8]) {
    // Framing alone, with each state's limit.
    for limit in [1 << 14, (1 << 14) + 256, MAX_ANY_PAYLOAD, 0] {
        if let Ok(Some(d)) = deframe(data, limit) {
            assert!(d.total_len() <= data.len(), "deframe beyond the buffer");
            assert!(
                usize::from(d.header.len) <= limit,
                "deframe above its limit"
            );
        }
    }

    let mut input = Input::new(data);
    let selector = input.u8();
    let aead = match selector & 3 {
        0 => AeadAlgorithm::Aes128Gcm,
        1 => AeadAlgorithm::Aes256Gcm,
        _ => AeadAlgorithm::ChaCha20Poly1305,
    };
    let tls12 = selector & 4 != 0;
    let padding = match (selector >> 3) & 3 {
        0 => Padding::None,
        1 => Padding::ToMultipleOf(NonZeroUsize::new(16).unwrap_or(NonZeroUsize::MIN)),
        2 => Padding::ToMultipleOf(NonZeroUsize::new(256).unwrap_or(NonZeroUsize::MIN)),
        _ => Padding::ToMultipleOf(NonZeroUsize::MIN),
    };
    let size_limit = (selector & 0x20 != 0).then(|| input.u16());
    let params = Params {
        aead,
        tls12,
        key: input.array(),
        iv: input.array(),
    };
    let content = match input.u8() {
        0 => ContentType::HANDSHAKE,
        1 => ContentType::ALERT,
        _ => ContentType::APPLICATION_DATA,
    };
    let payload_len = usize::from(input.u16());
    let payload = input.bytes(payload_len);
    let records = input.rest();

    round_trip(&params, padding, size_limit, content, payload);
    open_all(Some(&params), size_limit, records);
    open_all(None, size_limit, records);
}

/// Seal `payload` with a writer and open it with a reader holding the same keys: the same
/// content must come back, in as many records as the writer made.
fn round_trip(
    params: &Params,
    padding: Padding,
    size_limit: Option<u16>,
    content: ContentType,
    payload: &[u8],
) {
    let mut writer = RecordWriter::new();
    let mut reader = RecordReader::new();
    writer.install(protection(params));
    reader.install(protection(params));
    writer.set_padding(padding);
    if let Some(limit) = size_limit {
        let w = writer.set_record_size_limit(limit);
        let r = reader.set_record_size_limit(limit);
        assert_eq!(
            w.is_ok(),
            r.is_ok(),
            "writer and reader disagree on limit {limit}"
        );
    }
    let mut wire = Vec::new();
    writer
        .write(content, payload, &mut wire)
        .expect("a fresh writer seals any payload");
    assert_eq!(payload.is_empty(), wire.is_empty());
    let mut got = Vec::new();
    let mut at = 0;
    while at < wire.len() {
        let (record, used) = reader
            .read(&mut wire[at..])
            .unwrap_or_else(|e| panic!("our own record does not open: {e:?}"))
            .expect("our own record is complete");
        assert_eq!(record.content_type, content, "content type changed");
        got.extend_from_slice(record.payload);
        at += used;
    }
    assert_eq!(got, payload, "seal → open changed the payload");
    let expected_kind = match (params.tls12, params.aead) {
        (false, _) => ProtectionKind::Tls13,
        (true, AeadAlgorithm::ChaCha20Poly1305) => ProtectionKind::Tls12XorNonce,
        (true, _) => ProtectionKind::Tls12ExplicitNonce,
    };
    assert_eq!(reader.protection_kind(), Some(expected_kind));
}

/// Deframe and open every record of `wire` in place (under `params`' keys, or unprotected),
/// skipping records that fail to open; handshake payloads go through a joiner.
fn open_all(params: Option<&Params>, size_limit: Option<u16>, wire: &[u8]) {
    let mut buf = wire.to_vec();
    let mut reader = RecordReader::new();
    if let Some(params) = params {
        reader.install(protection(params));
    }
    if let Some(limit) = size_limit {
        let _ = reader.set_record_size_limit(limit);
    }
    let mut joiner = HandshakeJoiner::with_max_message_len(4096);
    let mut at = 0;
    for _ in 0..MAX_RECORDS {
        let rest = &mut buf[at..];
        let Ok(Some(deframed)) = reader.deframe(rest) else {
            break;
        };
        let total = deframed.total_len();
        assert!(
            total <= rest.len(),
            "deframed record longer than the buffer"
        );
        if let Ok(record) = reader.open(rest, deframed) {
            assert!(
                record.payload.len() <= total,
                "plaintext longer than its record"
            );
            if joiner.check_interleave(record.content_type).is_err() {
                joiner = HandshakeJoiner::with_max_message_len(4096);
            }
            if record.content_type == ContentType::HANDSHAKE {
                let payload = record.payload.to_vec();
                if joiner.push(&payload).is_ok() {
                    while let Some(m) = joiner.next_message() {
                        assert_eq!(m.encoded.len(), m.body.len() + 4);
                        assert_eq!(m.encoded.first(), Some(&m.typ));
                    }
                    let _ = joiner.check_key_change();
                } else {
                    joiner = HandshakeJoiner::with_max_message_len(4096);
                }
            }
        }
        at += total;
    }
}
