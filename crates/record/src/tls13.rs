//! TLS 1.3 record protection: TLSInnerPlaintext, per-record nonce, header as AAD
//! (RFC 8446 §5.2–5.4).

use alloc::vec::Vec;

use ferrotls_crypto::aead::AeadKey;

use crate::error::RecordError;
use crate::header::RecordHeader;
use crate::limits::HEADER_LEN;
use crate::nonce::Iv;
use crate::protection::Content;
use crate::types::{ContentType, ProtocolVersion};

/// Every supported AEAD appends a 16-byte tag.
pub(crate) const TAG_LEN: usize = 16;

/// Appends one protected record: `content`, the real type, `padding` zeros, sealed.
pub(crate) fn seal(
    key: &dyn AeadKey,
    iv: &Iv,
    seq: u64,
    content_type: ContentType,
    content: &[u8],
    padding: usize,
    out: &mut Vec<u8>,
) -> Result<(), RecordError> {
    let start = out.len();
    out.extend_from_slice(&[0; HEADER_LEN]);
    out.extend_from_slice(content);
    // The type, the padding and the tag's room: written by `seal_in_place`.
    out.resize(
        start + HEADER_LEN + content.len() + 1 + padding + TAG_LEN,
        0,
    );
    let record = out.get_mut(start..).unwrap_or_default();
    let content = Content::InPlace(content.len());
    match seal_in_place(key, iv, seq, content_type, record, content, padding) {
        Ok(_) => Ok(()),
        Err(e) => {
            out.truncate(start);
            Err(e)
        }
    }
}

/// Seals one protected record laid out in `record`: `HEADER_LEN` bytes of room for the header,
/// then the content, in place or copied from the caller's buffer by the encryption itself
/// ([`Content`]); the real type, `padding` zeros and the tag are written after the content.
/// Returns the record's length; `record` must have room for it.
pub(crate) fn seal_in_place(
    key: &dyn AeadKey,
    iv: &Iv,
    seq: u64,
    content_type: ContentType,
    record: &mut [u8],
    content: Content<'_>,
    padding: usize,
) -> Result<usize, RecordError> {
    let content_len = content.len();
    let inner_len = content_len + 1 + padding;
    let len = inner_len + TAG_LEN;
    let header = RecordHeader {
        // RFC 8446 §5.2: the outer type is always application_data and the version 0x0303.
        content_type: ContentType::APPLICATION_DATA,
        version: ProtocolVersion::TLS1_2,
        len: u16::try_from(len).map_err(|_| RecordError::RecordOverflow {
            len,
            limit: usize::from(u16::MAX),
        })?,
    };
    let aad = header.encode();
    let record = record
        .get_mut(..HEADER_LEN + len)
        .ok_or(RecordError::InvalidConfig("no room for the record"))?;
    let (head, body) = record.split_at_mut(HEADER_LEN);
    head.copy_from_slice(&aad);
    let nonce = iv.xor_nonce(seq);
    // TLSInnerPlaintext (RFC 8446 §5.2): content, the real type, zeros.
    let mut trailer = [0u8; 16];
    if let Content::From(data) = content {
        if let Some(trailer) = trailer.get_mut(..1 + padding) {
            trailer[0] = content_type.0;
            return key
                .seal_into(&nonce, &aad, data, trailer, body)
                .map(|()| HEADER_LEN + len)
                .map_err(|_| RecordError::EncryptFailed);
        }
        // Padding longer than the trailer buffer: copied, then sealed in place.
        body.get_mut(..content_len)
            .ok_or(RecordError::InvalidConfig("no room for the record"))?
            .copy_from_slice(data);
    }
    let (inner, tag) = body.split_at_mut(inner_len);
    inner[content_len] = content_type.0;
    inner[content_len + 1..].fill(0);
    let sealed = key
        .seal_in_place(&nonce, &aad, inner)
        .map_err(|_| RecordError::EncryptFailed)?;
    tag.copy_from_slice(&sealed);
    Ok(HEADER_LEN + len)
}

/// Opens a protected record in place and returns the inner content type and the content,
/// without padding. `max_inner` bounds TLSInnerPlaintext (2^14 + 1, or the RFC 8449 limit).
pub(crate) fn open<'a>(
    key: &dyn AeadKey,
    iv: &Iv,
    seq: u64,
    header: &RecordHeader,
    payload: &'a mut [u8],
    max_inner: usize,
) -> Result<(ContentType, &'a [u8]), RecordError> {
    let inner_len = payload
        .len()
        .checked_sub(TAG_LEN)
        .ok_or(RecordError::DecryptFailed)?;
    // RFC 8446 §5.4: the full TLSInnerPlaintext, padding included, must fit the limit.
    if inner_len > max_inner {
        return Err(RecordError::RecordOverflow {
            len: inner_len,
            limit: max_inner,
        });
    }
    let n = key
        .open_in_place(&iv.xor_nonce(seq), &header.encode(), payload)
        .map_err(|_| RecordError::DecryptFailed)?;
    let payload: &'a [u8] = payload;
    let inner = payload.get(..n).ok_or(RecordError::DecryptFailed)?;
    // RFC 8446 §5.4: the content type is the last non-zero byte; all zeros has none.
    let type_at = inner
        .iter()
        .rposition(|&b| b != 0)
        .ok_or(RecordError::MissingInnerContentType)?;
    let (content, rest) = inner.split_at(type_at);
    let inner_type = rest
        .first()
        .copied()
        .ok_or(RecordError::MissingInnerContentType)?;
    Ok((ContentType(inner_type), content))
}
