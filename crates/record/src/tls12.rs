//! TLS 1.2 AEAD record protection (RFC 5246 §6.2.3.3): AES-GCM with a salt and an explicit
//! per-record nonce (RFC 5288 §3), ChaCha20-Poly1305 with an IV XOR sequence nonce (RFC 7905 §2).

use alloc::vec::Vec;

use ferrotls_crypto::aead::AeadKey;

use crate::error::RecordError;
use crate::header::RecordHeader;
use crate::limits::HEADER_LEN;
use crate::nonce::{Iv, NONCE_LEN};
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
    let version = ProtocolVersion::TLS1_2;
    let aad = aad(seq, content_type, version, content.len())?;
    let explicit_len = match style {
        NonceStyle::Explicit => EXPLICIT_NONCE_LEN,
        NonceStyle::Xor => 0,
    };
    let len = explicit_len + content.len() + TAG_LEN;
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
    let start = out.len();
    out.extend_from_slice(&header.encode());
    if style == NonceStyle::Explicit {
        out.extend_from_slice(&seq.to_be_bytes());
    }
    out.extend_from_slice(content);
    let sealed = out
        .get_mut(start + HEADER_LEN + explicit_len..)
        .ok_or(RecordError::EncryptFailed)
        .and_then(|body| {
            key.seal_in_place(&nonce, &aad, body)
                .map_err(|_| RecordError::EncryptFailed)
        });
    match sealed {
        Ok(tag) => {
            out.extend_from_slice(&tag);
            Ok(())
        }
        Err(e) => {
            out.truncate(start);
            Err(e)
        }
    }
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
