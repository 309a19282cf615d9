//! TLS 1.2 AEAD record protection (RFC 5246 §6.2.3.3): AES-GCM with a salt and an explicit
//! per-record nonce (RFC 5288 §3), ChaCha20-Poly1305 with an IV XOR sequence nonce (RFC 7905 §2).

use alloc::vec::Vec;

use ferrotls_crypto::aead::AeadKey;

use crate::error::RecordError;
use crate::header::RecordHeader;
use crate::limits::HEADER_LEN;
use crate::nonce::{Iv, NONCE_LEN};
use crate::protection::Content;
use crate::tls13::TAG_LEN;
use crate::types::{ContentType, ProtocolVersion};

/// Bytes of explicit nonce carried before the ciphertext of an AES-GCM record.
pub(crate) const EXPLICIT_NONCE_LEN: usize = 8;

/// How the nonce of a TLS 1.2 record is formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NonceStyle {
    /// salt(4) || explicit(8), the explicit part sent in the record (RFC 5288 §3).
    Explicit,
    /// IV XOR padded sequence number, nothing sent (RFC 7905 §2).
    Xor,
}

/// RFC 5246 §6.2.3.3: additional_data = seq_num + type + version + length (of the plaintext).
fn aad(
    seq: u64,
    content_type: ContentType,
    version: ProtocolVersion,
    len: usize,
) -> Result<[u8; 13], RecordError> {
    let len = u16::try_from(len).map_err(|_| RecordError::RecordOverflow {
        len,
        limit: usize::from(u16::MAX),
    })?;
    let mut aad = [0u8; 13];
    aad[..8].copy_from_slice(&seq.to_be_bytes());
    aad[8] = content_type.0;
    aad[9..11].copy_from_slice(&version.0.to_be_bytes());
    aad[11..].copy_from_slice(&len.to_be_bytes());
    Ok(aad)
}

/// Bytes before the content of a record: the header, and the explicit nonce of AES-GCM.
pub(crate) fn prefix_len(style: NonceStyle) -> usize {
    match style {
        NonceStyle::Explicit => HEADER_LEN + EXPLICIT_NONCE_LEN,
        NonceStyle::Xor => HEADER_LEN,
    }
}

/// Appends one protected record carrying `content`.
pub(crate) fn seal(
    key: &dyn AeadKey,
    iv: &Iv,
    style: NonceStyle,
    seq: u64,
    content_type: ContentType,
    content: &[u8],
    out: &mut Vec<u8>,
) -> Result<(), RecordError> {
    let start = out.len();
    let prefix = prefix_len(style);
    out.resize(start + prefix, 0);
    out.extend_from_slice(content);
    out.resize(start + prefix + content.len() + TAG_LEN, 0);
    let record = out.get_mut(start..).unwrap_or_default();
    let content = Content::InPlace(content.len());
    match seal_in_place(key, iv, style, seq, content_type, record, content) {
        Ok(_) => Ok(()),
        Err(e) => {
            out.truncate(start);
            Err(e)
        }
    }
}

/// Seals one protected record laid out in `record`: [`prefix_len`] bytes of room for the header
/// (and explicit nonce), then the content, encrypted where it lies or from the caller's buffer
/// ([`Content`]); the tag is written after it. Returns the record's length; `record` must have room for it.
pub(crate) fn seal_in_place(
    key: &dyn AeadKey,
    iv: &Iv,
    style: NonceStyle,
    seq: u64,
    content_type: ContentType,
    record: &mut [u8],
    content: Content<'_>,
) -> Result<usize, RecordError> {
    let content_len = content.len();
    let version = ProtocolVersion::TLS1_2;
    let aad = aad(seq, content_type, version, content_len)?;
    let prefix = prefix_len(style);
    let len = prefix - HEADER_LEN + content_len + TAG_LEN;
    let header = RecordHeader {
        content_type,
        version,
        len: u16::try_from(len).map_err(|_| RecordError::RecordOverflow {
            len,
            limit: usize::from(u16::MAX),
        })?,
    };
    let nonce: [u8; NONCE_LEN] = match style {
        // The sequence number is unique per key, which is all RFC 5288 §3 asks of the explicit
        // nonce; sending it saves drawing randomness per record.
        NonceStyle::Explicit => iv.salted_nonce(&seq.to_be_bytes()),
        NonceStyle::Xor => iv.xor_nonce(seq),
    };
    let record = record
        .get_mut(..HEADER_LEN + len)
        .ok_or(RecordError::InvalidConfig("no room for the record"))?;
    let (head, body) = record.split_at_mut(prefix);
    head[..HEADER_LEN].copy_from_slice(&header.encode());
    if style == NonceStyle::Explicit {
        head[HEADER_LEN..].copy_from_slice(&seq.to_be_bytes());
    }
    if let Content::From(data) = content {
        return key
            .seal_into(&nonce, &aad, data, &[], body)
            .map(|()| HEADER_LEN + len)
            .map_err(|_| RecordError::EncryptFailed);
    }
    let (content, tag) = body.split_at_mut(content_len);
    let sealed = key
        .seal_in_place(&nonce, &aad, content)
        .map_err(|_| RecordError::EncryptFailed)?;
    tag.copy_from_slice(&sealed);
    Ok(HEADER_LEN + len)
}

/// Opens a protected record in place and returns its plaintext, at most `max_plaintext` bytes.
pub(crate) fn open<'a>(
    key: &dyn AeadKey,
    iv: &Iv,
    style: NonceStyle,
    seq: u64,
    header: &RecordHeader,
    payload: &'a mut [u8],
    max_plaintext: usize,
) -> Result<&'a [u8], RecordError> {
    let (nonce, ciphertext) = match style {
        NonceStyle::Explicit => {
            let (explicit, rest) = payload
                .split_first_chunk_mut::<EXPLICIT_NONCE_LEN>()
                .ok_or(RecordError::DecryptFailed)?;
            (iv.salted_nonce(explicit), rest)
        }
        NonceStyle::Xor => (iv.xor_nonce(seq), payload),
    };
    let plain_len = ciphertext
        .len()
        .checked_sub(TAG_LEN)
        .ok_or(RecordError::DecryptFailed)?;
    // RFC 5246 §6.2.3: plaintext above 2^14 (or the RFC 8449 limit) is a record_overflow.
    if plain_len > max_plaintext {
        return Err(RecordError::RecordOverflow {
            len: plain_len,
            limit: max_plaintext,
        });
    }
    let aad = aad(seq, header.content_type, header.version, plain_len)?;
    let n = key
        .open_in_place(&nonce, &aad, ciphertext)
        .map_err(|_| RecordError::DecryptFailed)?;
    let ciphertext: &'a [u8] = ciphertext;
    ciphertext.get(..n).ok_or(RecordError::DecryptFailed)
}
