//! One direction's record protection: an AEAD key, its IV or salt, and the record format.

use alloc::vec::Vec;
use core::fmt;

use ferrotls_crypto::aead::{Aead, KeyedAead};
use ferrotls_crypto::AeadAlgorithm;

use crate::error::RecordError;
use crate::header::RecordHeader;
use crate::limits::{HEADER_LEN, MAX_TLS12_CIPHERTEXT_LEN, MAX_TLS13_CIPHERTEXT_LEN};
use crate::nonce::Iv;
use crate::tls12::{self, NonceStyle, EXPLICIT_NONCE_LEN};
use crate::tls13::{self, TAG_LEN};
use crate::types::ContentType;
use crate::usage_limit::KeyUsageLimit;

/// Which record format a protection produces and accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtectionKind {
    /// TLS 1.3 (RFC 8446 §5.2): inner content type, nonce = iv XOR sequence number.
    Tls13,
    /// TLS 1.2 AES-GCM (RFC 5288): 4-byte salt, 8-byte explicit nonce in each record.
    Tls12ExplicitNonce,
    /// TLS 1.2 ChaCha20-Poly1305 (RFC 7905): nonce = iv XOR sequence number, nothing sent.
    Tls12XorNonce,
}

/// The content of a record sealed in the caller's buffer: already in place after the header,
/// or to be encrypted from another buffer into it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Content<'a> {
    /// This many bytes, already where the record carries them.
    InPlace(usize),
    /// These bytes, read by the encryption and written into the record.
    From(&'a [u8]),
}

impl Content<'_> {
    pub(crate) fn len(&self) -> usize {
        match self {
            Self::InPlace(len) => *len,
            Self::From(data) => data.len(),
        }
    }
}

/// Which protocol's record format a [`KeyMaterial`] is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordFormat {
    /// TLS 1.2 (RFC 5246 §6.2.3.3): the nonce follows from the AEAD ([`ProtectionKind`]).
    Tls12,
    /// TLS 1.3 (RFC 8446 §5.2).
    Tls13,
}

/// What one direction's protection is made of, for [`crate::RecordReader::install_keys`] and
/// [`crate::RecordWriter::install_keys`], which make the keyed AEAD where they keep it.
///
/// A keyed AEAD may hold an AES key schedule by value (hundreds of bytes): made by the caller
/// and handed over as a [`RecordProtection`], it is copied once for every call and `Result` it
/// passes through on its way (in a TLS 1.2 resumption's profile those copies were the largest
/// single part of the protocol's own time).
#[derive(Clone, Copy)]
pub struct KeyMaterial<'a> {
    /// The provider's AEAD for the negotiated cipher suite.
    pub aead: &'a dyn Aead,
    /// The write key, `aead.algorithm().key_len()` bytes.
    pub key: &'a [u8],
    /// TLS 1.3: the 12-byte `write_iv` (RFC 8446 §7.3). TLS 1.2: the `write_IV` of the key
    /// block (RFC 5246 §6.3): a 4-byte salt for AES-GCM (RFC 5288 §3), 12 bytes for
    /// ChaCha20-Poly1305 (RFC 7905 §2).
    pub iv: &'a [u8],
    /// The record format.
    pub format: RecordFormat,
}

impl fmt::Debug for KeyMaterial<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyMaterial")
            .field("algorithm", &self.aead.algorithm())
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

impl KeyMaterial<'_> {
    /// Builds the keyed protection into `slot` (whose previous value, if any, is dropped only
    /// once the new one is made), so the keyed AEAD is not moved through return values. On an
    /// error `slot` is left as it was.
    pub(crate) fn build_into<T>(
        &self,
        slot: &mut Option<T>,
        wrap: impl FnOnce(RecordProtection) -> T,
    ) -> Result<(), RecordError> {
        let (iv, kind) = iv_and_kind(self.format, self.aead.algorithm(), self.iv)?;
        let key = self
            .aead
            .new_key(self.key)
            .map_err(|_| RecordError::BadKeyMaterial)?;
        *slot = Some(wrap(RecordProtection::assemble(key, iv, kind)));
        Ok(())
    }
}

/// The IV (or salt) and record format for `algorithm` in `format`.
fn iv_and_kind(
    format: RecordFormat,
    algorithm: AeadAlgorithm,
    iv: &[u8],
) -> Result<(Iv, ProtectionKind), RecordError> {
    Ok(match (format, algorithm) {
        (RecordFormat::Tls13, _) => (Iv::new(iv)?, ProtectionKind::Tls13),
        (RecordFormat::Tls12, AeadAlgorithm::Aes128Gcm | AeadAlgorithm::Aes256Gcm) => {
            (Iv::salt(iv)?, ProtectionKind::Tls12ExplicitNonce)
        }
        (RecordFormat::Tls12, AeadAlgorithm::ChaCha20Poly1305) => {
            (Iv::new(iv)?, ProtectionKind::Tls12XorNonce)
        }
    })
}

/// Keys for one direction, as handed to [`crate::RecordReader::install`] or
/// [`crate::RecordWriter::install`].
pub struct RecordProtection {
    key: KeyedAead,
    iv: Iv,
    kind: ProtectionKind,
    usage_limit: KeyUsageLimit,
}

impl RecordProtection {
    /// TLS 1.3 protection from a traffic key (made with [`Aead::new_key`]) and its 12-byte
    /// `write_iv` (RFC 8446 §7.3).
    pub fn tls13(key: KeyedAead, iv: &[u8]) -> Result<Self, RecordError> {
        let (iv, kind) = iv_and_kind(RecordFormat::Tls13, key.algorithm(), iv)?;
        Ok(Self::assemble(key, iv, kind))
    }

    /// TLS 1.2 AEAD protection from a `write_key` and its `write_IV` from the key block
    /// (RFC 5246 §6.3): a 4-byte salt for AES-GCM (RFC 5288 §3), 12 bytes for ChaCha20-Poly1305
    /// (RFC 7905 §2).
    pub fn tls12(key: KeyedAead, iv: &[u8]) -> Result<Self, RecordError> {
        let (iv, kind) = iv_and_kind(RecordFormat::Tls12, key.algorithm(), iv)?;
        Ok(Self::assemble(key, iv, kind))
    }

    #[inline(always)]
    fn assemble(key: KeyedAead, iv: Iv, kind: ProtectionKind) -> Self {
        let usage_limit = KeyUsageLimit::for_algorithm(key.algorithm());
        Self {
            key,
            iv,
            kind,
            usage_limit,
        }
    }

    /// Replaces the RFC 8446 §5.5 defaults (tests, or a stricter policy).
    pub fn with_usage_limit(mut self, limit: KeyUsageLimit) -> Self {
        self.usage_limit = limit;
        self
    }

    /// The record format.
    pub fn kind(&self) -> ProtectionKind {
        self.kind
    }

    /// The AEAD in use.
    pub fn algorithm(&self) -> AeadAlgorithm {
        self.key.algorithm()
    }

    /// The record-count thresholds of this key.
    pub fn usage_limit(&self) -> KeyUsageLimit {
        self.usage_limit
    }

    /// Largest payload a received record may announce before it is a record_overflow.
    pub(crate) fn max_ciphertext_len(&self) -> usize {
        match self.kind {
            ProtectionKind::Tls13 => MAX_TLS13_CIPHERTEXT_LEN,
            ProtectionKind::Tls12ExplicitNonce | ProtectionKind::Tls12XorNonce => {
                MAX_TLS12_CIPHERTEXT_LEN
            }
        }
    }

    /// Bytes a record grows by beyond its content (padding aside).
    pub fn overhead(&self) -> usize {
        match self.kind {
            ProtectionKind::Tls13 => 1 + TAG_LEN,
            ProtectionKind::Tls12ExplicitNonce => EXPLICIT_NONCE_LEN + TAG_LEN,
            ProtectionKind::Tls12XorNonce => TAG_LEN,
        }
    }

    /// Appends one sealed record carrying `content` of `content_type` with sequence number `seq`.
    /// `padding` is only honoured by TLS 1.3, the only format with a padding field.
    pub(crate) fn seal(
        &self,
        seq: u64,
        content_type: ContentType,
        content: &[u8],
        padding: usize,
        out: &mut Vec<u8>,
    ) -> Result<(), RecordError> {
        let key = self.key.as_ref();
        match self.kind {
            ProtectionKind::Tls13 => {
                tls13::seal(key, &self.iv, seq, content_type, content, padding, out)
            }
            ProtectionKind::Tls12ExplicitNonce => tls12::seal(
                key,
                &self.iv,
                NonceStyle::Explicit,
                seq,
                content_type,
                content,
                out,
            ),
            ProtectionKind::Tls12XorNonce => tls12::seal(
                key,
                &self.iv,
                NonceStyle::Xor,
                seq,
                content_type,
                content,
                out,
            ),
        }
    }

    /// Bytes before a record's content: the header, and TLS 1.2 AES-GCM's explicit nonce.
    pub(crate) fn prefix_len(&self) -> usize {
        match self.kind {
            ProtectionKind::Tls13 => HEADER_LEN,
            ProtectionKind::Tls12ExplicitNonce => tls12::prefix_len(NonceStyle::Explicit),
            ProtectionKind::Tls12XorNonce => tls12::prefix_len(NonceStyle::Xor),
        }
    }

    /// Seals one record laid out in `record`: [`prefix_len`](Self::prefix_len) bytes of room,
    /// then the content (in place, or encrypted into it from another buffer), then room for what
    /// follows it (the inner type and `padding` zeros under TLS 1.3, the tag). Returns the
    /// record's length.
    pub(crate) fn seal_in_place(
        &self,
        seq: u64,
        content_type: ContentType,
        record: &mut [u8],
        content: Content<'_>,
        padding: usize,
    ) -> Result<usize, RecordError> {
        let key = self.key.as_ref();
        match self.kind {
            ProtectionKind::Tls13 => {
                tls13::seal_in_place(key, &self.iv, seq, content_type, record, content, padding)
            }
            ProtectionKind::Tls12ExplicitNonce => tls12::seal_in_place(
                key,
                &self.iv,
                NonceStyle::Explicit,
                seq,
                content_type,
                record,
                content,
            ),
            ProtectionKind::Tls12XorNonce => tls12::seal_in_place(
                key,
                &self.iv,
                NonceStyle::Xor,
                seq,
                content_type,
                record,
                content,
            ),
        }
    }

    /// Opens the record with `header` and `payload` in place, returning the real content type
    /// and the content. `max_plaintext` bounds TLSInnerPlaintext under TLS 1.3 and the plaintext
    /// under TLS 1.2.
    pub(crate) fn open<'a>(
        &self,
        seq: u64,
        header: &RecordHeader,
        payload: &'a mut [u8],
        max_plaintext: usize,
    ) -> Result<(ContentType, &'a [u8]), RecordError> {
        let key = self.key.as_ref();
        match self.kind {
            ProtectionKind::Tls13 => {
                tls13::open(key, &self.iv, seq, header, payload, max_plaintext)
            }
            ProtectionKind::Tls12ExplicitNonce => tls12::open(
                key,
                &self.iv,
                NonceStyle::Explicit,
                seq,
                header,
                payload,
                max_plaintext,
            )
            .map(|p| (header.content_type, p)),
            ProtectionKind::Tls12XorNonce => tls12::open(
                key,
                &self.iv,
                NonceStyle::Xor,
                seq,
                header,
                payload,
                max_plaintext,
            )
            .map(|p| (header.content_type, p)),
        }
    }
}

impl fmt::Debug for RecordProtection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordProtection")
            .field("kind", &self.kind)
            .field("algorithm", &self.key.algorithm())
            .field("usage_limit", &self.usage_limit)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::HEADER_LEN;
    use crate::test_support::{key, tls12, tls13, ALL_AEADS, IV, SALT};
    use crate::types::ProtocolVersion;
    use alloc::vec;

    fn header_of(record: &[u8]) -> RecordHeader {
        RecordHeader::decode(record.first_chunk().unwrap()).unwrap()
    }

    #[test]
    fn constructors_check_iv_lengths() {
        assert!(RecordProtection::tls13(key(AeadAlgorithm::Aes128Gcm, 1), &[0; 4]).is_err());
        assert!(RecordProtection::tls12(key(AeadAlgorithm::Aes128Gcm, 1), &[0; 12]).is_err());
        assert!(RecordProtection::tls12(key(AeadAlgorithm::ChaCha20Poly1305, 1), &[0; 4]).is_err());
        assert_eq!(
            tls12(AeadAlgorithm::Aes256Gcm).kind(),
            ProtectionKind::Tls12ExplicitNonce
        );
        assert_eq!(
            tls12(AeadAlgorithm::ChaCha20Poly1305).kind(),
            ProtectionKind::Tls12XorNonce
        );
        assert_eq!(
            tls13(AeadAlgorithm::ChaCha20Poly1305).kind(),
            ProtectionKind::Tls13
        );
    }

    /// Keys made where the reader and writer keep them seal and open as the same keys handed
    /// over whole; a wrong-length key or IV leaves the keys in use.
    #[test]
    fn key_material_installs_like_a_whole_protection() {
        use crate::{RecordReader, RecordWriter};
        let provider = ferrotls_crypto::rustcrypto::default_provider();
        for (format, alg) in ALL_AEADS
            .into_iter()
            .flat_map(|alg| [(RecordFormat::Tls12, alg), (RecordFormat::Tls13, alg)])
        {
            let key_bytes = vec![0x42; alg.key_len()];
            let iv: &[u8] = match (format, alg) {
                (RecordFormat::Tls12, AeadAlgorithm::Aes128Gcm | AeadAlgorithm::Aes256Gcm) => &SALT,
                _ => &IV,
            };
            let material = KeyMaterial {
                aead: provider.aead(alg).unwrap(),
                key: &key_bytes,
                iv,
                format,
            };
            assert!(alloc::format!("{material:?}").contains("KeyMaterial"));
            let whole = match format {
                RecordFormat::Tls12 => tls12(alg),
                RecordFormat::Tls13 => tls13(alg),
            };
            let mut writer = RecordWriter::new();
            writer.install_keys(material).unwrap();
            assert_eq!(writer.protection_kind(), Some(whole.kind()));
            let mut reader = RecordReader::new();
            reader.install(whole);
            // Refused: the IV (or salt) of the other length, a short key. The keys stay.
            let wrong_iv = KeyMaterial {
                iv: if iv.len() == 4 { &IV } else { &SALT },
                ..material
            };
            assert_eq!(
                writer.install_keys(wrong_iv),
                Err(RecordError::BadKeyMaterial)
            );
            let short_key = KeyMaterial {
                key: &key_bytes[1..],
                ..material
            };
            assert_eq!(
                reader.install_keys(short_key),
                Err(RecordError::BadKeyMaterial)
            );
            let mut wire = vec![];
            writer
                .write(ContentType::APPLICATION_DATA, b"in place", &mut wire)
                .unwrap();
            let (record, _) = reader.read(&mut wire).unwrap().unwrap();
            assert_eq!(record.payload, b"in place");
        }
    }

    #[test]
    fn debug_shows_no_key_material() {
        let text = alloc::format!("{:?}", tls13(AeadAlgorithm::Aes128Gcm));
        assert!(text.contains("Tls13") && !text.contains("a0") && !text.contains("42"));
    }

    #[test]
    fn tls13_record_matches_rfc8446_construction() {
        for alg in ALL_AEADS {
            let p = tls13(alg);
            let mut out = vec![];
            p.seal(7, ContentType::HANDSHAKE, b"hello", 3, &mut out)
                .unwrap();
            // Outer header: application_data, 0x0303, content + type + padding + tag.
            assert_eq!(out[..HEADER_LEN], [23, 3, 3, 0, 5 + 1 + 3 + 16]);
            // Decrypt by hand: nonce = iv XOR seq, AAD = the header.
            let mut nonce = IV;
            nonce[11] ^= 7;
            let mut body = out[HEADER_LEN..].to_vec();
            let n = key(alg, 0x42)
                .open_in_place(&nonce, &out[..HEADER_LEN], &mut body)
                .unwrap();
            assert_eq!(&body[..n], b"hello\x16\0\0\0");
            // And the layer itself.
            let h = header_of(&out);
            let (t, content) = p.open(7, &h, &mut out[HEADER_LEN..], 1 << 14).unwrap();
            assert_eq!((t, content), (ContentType::HANDSHAKE, &b"hello"[..]));
        }
    }

    #[test]
    fn tls12_gcm_explicit_nonce_round_trip() {
        for alg in [AeadAlgorithm::Aes128Gcm, AeadAlgorithm::Aes256Gcm] {
            let p = tls12(alg);
            for seq in [0u64, 1, 0x0102_0304_0506_0708, u64::MAX] {
                let mut out = vec![];
                p.seal(seq, ContentType::APPLICATION_DATA, b"data", 99, &mut out)
                    .unwrap();
                assert_eq!(
                    out[..HEADER_LEN],
                    [23, 3, 3, 0, 8 + 4 + 16],
                    "padding ignored"
                );
                // RFC 5288 §3: the explicit nonce (our sequence number) precedes the ciphertext.
                assert_eq!(out[HEADER_LEN..HEADER_LEN + 8], seq.to_be_bytes());
                // Decrypt by hand: nonce = salt || explicit, AAD = seq || type || version || length.
                let mut nonce = [0u8; 12];
                nonce[..4].copy_from_slice(&SALT);
                nonce[4..].copy_from_slice(&seq.to_be_bytes());
                let mut aad = seq.to_be_bytes().to_vec();
                aad.extend_from_slice(&[23, 3, 3, 0, 4]);
                let mut body = out[HEADER_LEN + 8..].to_vec();
                let n = key(alg, 0x42)
                    .open_in_place(&nonce, &aad, &mut body)
                    .unwrap();
                assert_eq!(&body[..n], b"data");
                let h = header_of(&out);
                let (t, content) = p.open(seq, &h, &mut out[HEADER_LEN..], 1 << 14).unwrap();
                assert_eq!((t, content), (ContentType::APPLICATION_DATA, &b"data"[..]));
            }
        }
    }

    #[test]
    fn tls12_gcm_accepts_any_explicit_nonce() {
        // A peer may use random explicit nonces; the receiver takes whatever the record carries.
        let alg = AeadAlgorithm::Aes128Gcm;
        let explicit = [0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4];
        let mut nonce = [0u8; 12];
        nonce[..4].copy_from_slice(&SALT);
        nonce[4..].copy_from_slice(&explicit);
        let mut aad = 5u64.to_be_bytes().to_vec();
        aad.extend_from_slice(&[22, 3, 3, 0, 3]);
        let mut body = b"abc".to_vec();
        let tag = key(alg, 0x42)
            .seal_in_place(&nonce, &aad, &mut body)
            .unwrap();
        let mut record = vec![22, 3, 3, 0, 8 + 3 + 16];
        record.extend_from_slice(&explicit);
        record.extend_from_slice(&body);
        record.extend_from_slice(&tag);
        let h = header_of(&record);
        let (t, content) = tls12(alg)
            .open(5, &h, &mut record[HEADER_LEN..], 1 << 14)
            .unwrap();
        assert_eq!((t, content), (ContentType::HANDSHAKE, &b"abc"[..]));
    }

    #[test]
    fn tls12_chacha_xor_nonce_round_trip() {
        let alg = AeadAlgorithm::ChaCha20Poly1305;
        let p = tls12(alg);
        let seq = 0x1122_3344_5566_7788u64;
        let mut out = vec![];
        p.seal(seq, ContentType::ALERT, &[1, 0], 0, &mut out)
            .unwrap();
        assert_eq!(
            out[..HEADER_LEN],
            [21, 3, 3, 0, 2 + 16],
            "no explicit nonce (RFC 7905 §2)"
        );
        let mut nonce = IV;
        for (n, s) in nonce[4..].iter_mut().zip(seq.to_be_bytes()) {
            *n ^= s;
        }
        let mut aad = seq.to_be_bytes().to_vec();
        aad.extend_from_slice(&[21, 3, 3, 0, 2]);
        let mut body = out[HEADER_LEN..].to_vec();
        let n = key(alg, 0x42)
            .open_in_place(&nonce, &aad, &mut body)
            .unwrap();
        assert_eq!(&body[..n], [1, 0]);
        let h = header_of(&out);
        assert_eq!(
            p.open(seq, &h, &mut out[HEADER_LEN..], 1 << 14).unwrap().1,
            [1, 0]
        );
    }

    #[test]
    fn wrong_sequence_number_or_header_fails_authentication() {
        for p in ALL_AEADS.into_iter().flat_map(|a| [tls13(a), tls12(a)]) {
            let mut out = vec![];
            p.seal(3, ContentType::APPLICATION_DATA, b"x", 0, &mut out)
                .unwrap();
            let mut copy = out.clone();
            let h = header_of(&out);
            assert_eq!(
                p.open(4, &h, &mut copy[HEADER_LEN..], 1 << 14),
                Err(RecordError::DecryptFailed)
            );
            let mut copy = out.clone();
            let other = RecordHeader {
                version: ProtocolVersion(0x0301),
                ..h
            };
            assert_eq!(
                p.open(3, &other, &mut copy[HEADER_LEN..], 1 << 14),
                Err(RecordError::DecryptFailed)
            );
        }
    }

    #[test]
    fn too_short_for_a_tag() {
        for p in ALL_AEADS.into_iter().flat_map(|a| [tls13(a), tls12(a)]) {
            for len in [0usize, 1, 15, 23] {
                let h = RecordHeader {
                    content_type: ContentType::APPLICATION_DATA,
                    version: ProtocolVersion::TLS1_2,
                    len: len as u16,
                };
                let mut payload = vec![0u8; len];
                let r = p.open(0, &h, &mut payload, 1 << 14);
                assert!(
                    matches!(r, Err(RecordError::DecryptFailed)),
                    "{:?} len {len}: {r:?}",
                    p.kind()
                );
            }
        }
    }

    #[test]
    fn overhead() {
        assert_eq!(tls13(AeadAlgorithm::Aes128Gcm).overhead(), 17);
        assert_eq!(tls12(AeadAlgorithm::Aes128Gcm).overhead(), 24);
        assert_eq!(tls12(AeadAlgorithm::ChaCha20Poly1305).overhead(), 16);
    }
}
