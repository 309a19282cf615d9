//! The receiving half of the record layer: deframe, check, decrypt in place.

use crate::deframer::{deframe, Deframed};
use crate::error::RecordError;
use crate::limits::{check_record_size_limit, MAX_PLAINTEXT_LEN, MAX_TLS13_INNER_PLAINTEXT_LEN};
use crate::protection::{KeyMaterial, ProtectionKind, RecordProtection};
use crate::sequence::SequenceNumber;
use crate::types::{ContentType, ProtocolVersion};

/// A received record after deframing and, if keys are installed, decryption.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record<'a> {
    /// The real content type (TLS 1.3: the inner one).
    pub content_type: ContentType,
    /// The header's `legacy_record_version`, for a core that wants to look at it.
    pub version: ProtocolVersion,
    /// The plaintext, lent from the caller's buffer.
    pub payload: &'a [u8],
}

#[derive(Debug)]
struct ReadState {
    protection: RecordProtection,
    seq: SequenceNumber,
}

/// Reads records with the current read keys (none until the core installs some).
///
/// Decryption happens in the caller's buffer and never allocates. Typical use:
///
/// ```
/// # use ferrotls_record::RecordReader;
/// let mut reader = RecordReader::new();
/// let mut received = [22u8, 3, 3, 0, 1, 0x0e, 23, 3];
/// let (record, used) = reader.read(&mut received).unwrap().expect("one complete record");
/// assert_eq!(record.payload, [0x0e]);
/// assert_eq!(used, 6); // the caller drops these bytes; the rest waits for more input
/// assert_eq!(reader.read(&mut received[used..]).unwrap(), None);
/// ```
#[derive(Debug, Default)]
pub struct RecordReader {
    state: Option<ReadState>,
    record_size_limit: Option<u16>,
}

impl RecordReader {
    /// A reader for unprotected records.
    pub fn new() -> Self {
        Self::default()
    }

    /// Installs new read keys; the sequence number restarts at zero (RFC 8446 §5.3).
    ///
    /// The core must first check that no handshake message is partly received
    /// ([`crate::HandshakeJoiner::check_key_change`]).
    pub fn install(&mut self, protection: RecordProtection) {
        self.state = Some(ReadState {
            protection,
            seq: SequenceNumber::new(),
        });
    }

    /// Installs read keys made from `material` where the reader keeps them (see
    /// [`KeyMaterial`]); otherwise as [`install`](Self::install). On an error (key or IV of the
    /// wrong length) the keys in use stay.
    pub fn install_keys(&mut self, material: KeyMaterial<'_>) -> Result<(), RecordError> {
        material.build_into(&mut self.state, |protection| ReadState {
            protection,
            seq: SequenceNumber::new(),
        })
    }

    /// The `record_size_limit` this endpoint advertised (RFC 8449 §4): decrypted records above it
    /// are a record_overflow. Unprotected records stay bound by 2^14 only.
    pub fn set_record_size_limit(&mut self, limit: u16) -> Result<(), RecordError> {
        check_record_size_limit(limit)?;
        self.record_size_limit = Some(limit);
        Ok(())
    }

    /// The format of the installed keys, or `None` while records are unprotected.
    pub fn protection_kind(&self) -> Option<ProtectionKind> {
        self.state.as_ref().map(|s| s.protection.kind())
    }

    /// The sequence number the next protected record will be opened with.
    pub fn sequence_number(&self) -> Option<Result<u64, RecordError>> {
        self.state.as_ref().map(|s| s.seq.peek())
    }

    /// Looks for a complete record at the start of `buf` (see [`deframe`]), with the length
    /// limit of the current keys. A core can look at the header here before deciding to open
    /// the record or skip it (e.g. rejected early data, RFC 8446 §4.2.10).
    pub fn deframe(&self, buf: &[u8]) -> Result<Option<Deframed>, RecordError> {
        let limit = match &self.state {
            None => MAX_PLAINTEXT_LEN,
            Some(s) => s.protection.max_ciphertext_len(),
        };
        deframe(buf, limit)
    }

    /// Checks and, under keys, decrypts the record `record` found at the start of `buf`.
    ///
    /// The sequence number advances only when decryption succeeds, so a failed trial decryption
    /// can be retried on the next record. On failure the record's bytes in `buf` are garbage.
    pub fn open<'a>(
        &mut self,
        buf: &'a mut [u8],
        record: Deframed,
    ) -> Result<Record<'a>, RecordError> {
        let header = record.header;
        let payload = buf
            .get_mut(record.payload_range())
            .ok_or(RecordError::InvalidConfig(
                "deframed record is not in this buffer",
            ))?;
        let record_size_limit = self.record_size_limit.map(usize::from);
        let Some(state) = self.state.as_mut() else {
            check_not_empty(header.content_type, payload.len())?;
            return Ok(Record {
                content_type: header.content_type,
                version: header.version,
                payload,
            });
        };
        let kind = state.protection.kind();
        let max_plaintext = match kind {
            ProtectionKind::Tls13 => MAX_TLS13_INNER_PLAINTEXT_LEN,
            ProtectionKind::Tls12ExplicitNonce | ProtectionKind::Tls12XorNonce => MAX_PLAINTEXT_LEN,
        };
        let max_plaintext = record_size_limit.map_or(max_plaintext, |l| l.min(max_plaintext));
        if kind == ProtectionKind::Tls13 {
            match header.content_type {
                ContentType::APPLICATION_DATA => {}
                // RFC 8446 §5: an unprotected change_cipher_spec of the single byte 0x01 may
                // arrive while protected records are expected; it must be recognised before
                // decrypting. Whether it is in its allowed window is the core's business.
                ContentType::CHANGE_CIPHER_SPEC => {
                    if *payload != [0x01] {
                        return Err(RecordError::InvalidChangeCipherSpec);
                    }
                    let payload: &'a [u8] = payload;
                    return Ok(Record {
                        content_type: header.content_type,
                        version: header.version,
                        payload,
                    });
                }
                // RFC 8446 §5.2: protected records always have the outer type application_data.
                other => return Err(RecordError::UnexpectedContentType(other)),
            }
        }
        let seq = state.seq.peek()?;
        let (content_type, payload) =
            state
                .protection
                .open(seq, &header, payload, max_plaintext)?;
        state.seq.advance();
        if kind == ProtectionKind::Tls13 {
            match content_type {
                ContentType::HANDSHAKE | ContentType::ALERT | ContentType::APPLICATION_DATA => {}
                // RFC 8446 §5: "receives a protected change_cipher_spec record ... unexpected_message".
                ContentType::CHANGE_CIPHER_SPEC => {
                    return Err(RecordError::UnexpectedContentType(content_type))
                }
                other => return Err(RecordError::UnknownContentType(other.0)),
            }
        }
        check_not_empty(content_type, payload.len())?;
        Ok(Record {
            content_type,
            version: header.version,
            payload,
        })
    }

    /// Deframes and opens the next record in `buf`: `Ok(None)` when more bytes are needed, else
    /// the record and how many bytes of `buf` it used.
    pub fn read<'a>(
        &mut self,
        buf: &'a mut [u8],
    ) -> Result<Option<(Record<'a>, usize)>, RecordError> {
        let Some(record) = self.deframe(buf)? else {
            return Ok(None);
        };
        let used = record.total_len();
        self.open(buf, record).map(|r| Some((r, used)))
    }
}

/// RFC 8446 §5.1 and §5.4: handshake and alert records must not be empty ("unexpected_message");
/// RFC 5246 §6.2.1 forbids empty change_cipher_spec fragments as well. Empty application data is
/// allowed (traffic-analysis countermeasure).
fn check_not_empty(content_type: ContentType, len: usize) -> Result<(), RecordError> {
    if len == 0 && content_type != ContentType::APPLICATION_DATA {
        return Err(RecordError::EmptyRecord(content_type));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::{HEADER_LEN, MAX_TLS12_CIPHERTEXT_LEN, MAX_TLS13_CIPHERTEXT_LEN};
    use crate::test_support::{key, tls12, tls13, ALL_AEADS, IV};
    use crate::writer::RecordWriter;
    use crate::{AlertDescription, Padding};
    use alloc::vec;
    use alloc::vec::Vec;
    use core::num::NonZeroUsize;
    use ferrotls_crypto::AeadAlgorithm;

    fn plain(t: u8, payload: &[u8]) -> Vec<u8> {
        let mut r = vec![t, 3, 3];
        r.extend_from_slice(&(payload.len() as u16).to_be_bytes());
        r.extend_from_slice(payload);
        r
    }

    /// A TLS 1.3 record sealed by hand around an arbitrary inner plaintext.
    fn sealed_inner(alg: AeadAlgorithm, seq: u64, inner: &[u8]) -> Vec<u8> {
        let mut record = vec![23, 3, 3];
        record.extend_from_slice(&((inner.len() + 16) as u16).to_be_bytes());
        let mut nonce = IV;
        for (n, s) in nonce[4..].iter_mut().zip(seq.to_be_bytes()) {
            *n ^= s;
        }
        let mut body = inner.to_vec();
        let tag = key(alg, 0x42)
            .seal_in_place(&nonce, &record.clone(), &mut body)
            .unwrap();
        record.extend_from_slice(&body);
        record.extend_from_slice(&tag);
        record
    }

    fn read_one(
        reader: &mut RecordReader,
        mut bytes: Vec<u8>,
    ) -> Result<(ContentType, Vec<u8>), RecordError> {
        let len = bytes.len();
        let (r, used) = reader.read(&mut bytes)?.expect("complete record");
        assert_eq!(used, len);
        Ok((r.content_type, r.payload.to_vec()))
    }

    #[test]
    fn plaintext_records_pass_through() {
        let mut r = RecordReader::new();
        assert_eq!(
            read_one(&mut r, plain(22, b"hi")),
            Ok((ContentType::HANDSHAKE, b"hi".to_vec()))
        );
        assert_eq!(
            read_one(&mut r, plain(23, b"")),
            Ok((ContentType::APPLICATION_DATA, vec![]))
        );
        assert_eq!(
            read_one(&mut r, plain(20, &[1])),
            Ok((ContentType::CHANGE_CIPHER_SPEC, vec![1]))
        );
    }

    #[test]
    fn empty_handshake_alert_ccs_records_refused() {
        for t in [
            ContentType::HANDSHAKE,
            ContentType::ALERT,
            ContentType::CHANGE_CIPHER_SPEC,
        ] {
            let e = read_one(&mut RecordReader::new(), plain(t.0, b"")).unwrap_err();
            assert_eq!(e, RecordError::EmptyRecord(t));
            assert_eq!(e.alert(), AlertDescription::UNEXPECTED_MESSAGE);
        }
    }

    #[test]
    fn unknown_content_type_and_bad_version() {
        let e = read_one(&mut RecordReader::new(), plain(24, b"x")).unwrap_err();
        assert_eq!(e.alert(), AlertDescription::UNEXPECTED_MESSAGE);
        let mut bad = plain(22, b"x");
        bad[1] = 2;
        let e = read_one(&mut RecordReader::new(), bad).unwrap_err();
        assert_eq!(e.alert(), AlertDescription::PROTOCOL_VERSION);
    }

    #[test]
    fn length_limit_per_state() {
        let mut r = RecordReader::new();
        let over = |len: usize| {
            let mut h = vec![23u8, 3, 3];
            h.extend_from_slice(&(len as u16).to_be_bytes());
            h
        };
        assert_eq!(
            r.deframe(&over(16385)).unwrap_err().alert(),
            AlertDescription::RECORD_OVERFLOW
        );
        assert_eq!(r.deframe(&over(16384)), Ok(None));
        r.install(tls13(AeadAlgorithm::Aes128Gcm));
        assert_eq!(r.deframe(&over(MAX_TLS13_CIPHERTEXT_LEN)), Ok(None));
        assert!(matches!(
            r.deframe(&over(MAX_TLS13_CIPHERTEXT_LEN + 1)),
            Err(RecordError::RecordOverflow { .. })
        ));
        r.install(tls12(AeadAlgorithm::Aes128Gcm));
        assert_eq!(r.deframe(&over(MAX_TLS12_CIPHERTEXT_LEN)), Ok(None));
        assert!(matches!(
            r.deframe(&over(MAX_TLS12_CIPHERTEXT_LEN + 1)),
            Err(RecordError::RecordOverflow { .. })
        ));
    }

    #[test]
    fn tls13_inner_plaintext_limit() {
        let alg = AeadAlgorithm::Aes128Gcm;
        let mut r = RecordReader::new();
        r.install(tls13(alg));
        // 2^14 content + type byte is the maximum...
        let mut inner = vec![0x61u8; 1 << 14];
        inner.push(23);
        assert_eq!(
            read_one(&mut r, sealed_inner(alg, 0, &inner))
                .unwrap()
                .1
                .len(),
            1 << 14
        );
        // ...and one more padding byte overflows, though the ciphertext is within 2^14 + 256.
        inner.push(0);
        let e = read_one(&mut r, sealed_inner(alg, 1, &inner)).unwrap_err();
        assert_eq!(
            e,
            RecordError::RecordOverflow {
                len: (1 << 14) + 2,
                limit: (1 << 14) + 1
            }
        );
    }

    #[test]
    fn record_size_limit_applies_to_protected_records() {
        let alg = AeadAlgorithm::ChaCha20Poly1305;
        let mut r = RecordReader::new();
        assert!(r.set_record_size_limit(63).is_err());
        r.set_record_size_limit(100).unwrap();
        // Unprotected records are not subject to it (RFC 8449 §4).
        assert!(read_one(&mut r, plain(22, &[7; 500])).is_ok());
        r.install(tls13(alg));
        let mut inner = vec![1u8; 99];
        inner.push(22);
        assert!(read_one(&mut r, sealed_inner(alg, 0, &inner)).is_ok());
        inner.push(0);
        let e = read_one(&mut r, sealed_inner(alg, 1, &inner)).unwrap_err();
        assert_eq!(
            e,
            RecordError::RecordOverflow {
                len: 101,
                limit: 100
            }
        );

        let mut w = RecordWriter::new();
        w.install(tls12(alg));
        let mut r = RecordReader::new();
        r.set_record_size_limit(100).unwrap();
        r.install(tls12(alg));
        let mut out = vec![];
        w.write(ContentType::APPLICATION_DATA, &[5; 100], &mut out)
            .unwrap();
        assert!(read_one(&mut r, out).is_ok());
        let mut out = vec![];
        w.write(ContentType::APPLICATION_DATA, &[5; 101], &mut out)
            .unwrap();
        assert_eq!(
            read_one(&mut r, out),
            Err(RecordError::RecordOverflow {
                len: 101,
                limit: 100
            })
        );
    }

    #[test]
    fn tls12_plaintext_limit() {
        for alg in ALL_AEADS {
            let mut w = RecordWriter::new();
            w.install(tls12(alg));
            let mut out = vec![];
            w.write(ContentType::APPLICATION_DATA, &vec![9; 1 << 14], &mut out)
                .unwrap();
            // Bump the header length by one and append a byte: the plaintext would be 2^14 + 1.
            out.push(0);
            let len = u16::from_be_bytes([out[3], out[4]]) + 1;
            out[3..5].copy_from_slice(&len.to_be_bytes());
            let mut r = RecordReader::new();
            r.install(tls12(alg));
            assert_eq!(
                read_one(&mut r, out),
                Err(RecordError::RecordOverflow {
                    len: (1 << 14) + 1,
                    limit: 1 << 14
                })
            );
        }
    }

    #[test]
    fn all_zero_inner_plaintext_refused() {
        let alg = AeadAlgorithm::Aes256Gcm;
        let mut r = RecordReader::new();
        r.install(tls13(alg));
        let e = read_one(&mut r, sealed_inner(alg, 0, &[0, 0, 0])).unwrap_err();
        assert_eq!(e, RecordError::MissingInnerContentType);
        assert_eq!(e.alert(), AlertDescription::UNEXPECTED_MESSAGE);
        let mut r = RecordReader::new();
        r.install(tls13(alg));
        assert_eq!(
            read_one(&mut r, sealed_inner(alg, 0, &[])),
            Err(RecordError::MissingInnerContentType)
        );
    }

    #[test]
    fn padding_is_stripped() {
        let alg = AeadAlgorithm::Aes128Gcm;
        let mut r = RecordReader::new();
        r.install(tls13(alg));
        let mut inner = b"abc\x00\x17".to_vec(); // a zero inside the content stays
        inner.extend_from_slice(&[0; 50]);
        assert_eq!(
            read_one(&mut r, sealed_inner(alg, 0, &inner)),
            Ok((ContentType::APPLICATION_DATA, b"abc\x00".to_vec()))
        );
    }

    #[test]
    fn inner_types_checked() {
        let alg = AeadAlgorithm::Aes128Gcm;
        let mut r = RecordReader::new();
        r.install(tls13(alg));
        assert_eq!(
            read_one(&mut r, sealed_inner(alg, 0, &[1, 20])),
            Err(RecordError::UnexpectedContentType(
                ContentType::CHANGE_CIPHER_SPEC
            ))
        );
        let mut r = RecordReader::new();
        r.install(tls13(alg));
        assert_eq!(
            read_one(&mut r, sealed_inner(alg, 0, &[1, 99])),
            Err(RecordError::UnknownContentType(99))
        );
        let mut r = RecordReader::new();
        r.install(tls13(alg));
        assert_eq!(
            read_one(&mut r, sealed_inner(alg, 0, &[22])),
            Err(RecordError::EmptyRecord(ContentType::HANDSHAKE))
        );
        let mut r = RecordReader::new();
        r.install(tls13(alg));
        assert_eq!(
            read_one(&mut r, sealed_inner(alg, 0, &[23])),
            Ok((ContentType::APPLICATION_DATA, vec![]))
        );
    }

    #[test]
    fn tls13_outer_types() {
        let mut r = RecordReader::new();
        r.install(tls13(AeadAlgorithm::Aes128Gcm));
        assert_eq!(
            read_one(&mut r, plain(22, b"x")),
            Err(RecordError::UnexpectedContentType(ContentType::HANDSHAKE))
        );
        assert_eq!(
            read_one(&mut r, plain(21, &[2, 10])),
            Err(RecordError::UnexpectedContentType(ContentType::ALERT))
        );
        // The compatibility change_cipher_spec passes unprotected, without using a sequence number.
        assert_eq!(
            read_one(&mut r, plain(20, &[1])),
            Ok((ContentType::CHANGE_CIPHER_SPEC, vec![1]))
        );
        assert_eq!(r.sequence_number(), Some(Ok(0)));
        assert_eq!(
            read_one(&mut r, plain(20, &[2])),
            Err(RecordError::InvalidChangeCipherSpec)
        );
        assert_eq!(
            read_one(&mut r, plain(20, &[1, 1])),
            Err(RecordError::InvalidChangeCipherSpec)
        );
    }

    #[test]
    fn bad_tag_is_bad_record_mac_and_keeps_the_sequence_number() {
        for alg in ALL_AEADS {
            for make in [tls13, tls12] {
                let mut w = RecordWriter::new();
                w.install(make(alg));
                let mut good = vec![];
                w.write(ContentType::APPLICATION_DATA, b"payload", &mut good)
                    .unwrap();
                let mut r = RecordReader::new();
                r.install(make(alg));
                for i in HEADER_LEN..good.len() {
                    let mut bad = good.clone();
                    bad[i] ^= 0x80;
                    let e = read_one(&mut r, bad).unwrap_err();
                    assert_eq!(e, RecordError::DecryptFailed, "{alg:?} byte {i}");
                    assert_eq!(e.alert(), AlertDescription::BAD_RECORD_MAC);
                }
                assert_eq!(r.sequence_number(), Some(Ok(0)));
                assert_eq!(
                    read_one(&mut r, good),
                    Ok((ContentType::APPLICATION_DATA, b"payload".to_vec()))
                );
                assert_eq!(r.sequence_number(), Some(Ok(1)));
            }
        }
    }

    #[test]
    fn round_trips_every_aead_and_version_fed_one_byte_at_a_time() {
        for alg in ALL_AEADS {
            for make in [tls13, tls12] {
                let mut w = RecordWriter::new();
                w.install(make(alg));
                w.set_padding(Padding::ToMultipleOf(NonZeroUsize::new(64).unwrap()));
                let mut wire = vec![];
                let big: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
                w.write(ContentType::HANDSHAKE, b"first", &mut wire)
                    .unwrap();
                w.write(ContentType::APPLICATION_DATA, &big, &mut wire)
                    .unwrap();
                w.write(ContentType::ALERT, &[1, 0], &mut wire).unwrap();

                let mut r = RecordReader::new();
                r.install(make(alg));
                let mut buf: Vec<u8> = vec![];
                let mut got: Vec<(ContentType, Vec<u8>)> = vec![];
                for byte in &wire {
                    buf.push(*byte);
                    while let Some((rec, used)) = r.read(&mut buf).unwrap() {
                        got.push((rec.content_type, rec.payload.to_vec()));
                        buf.drain(..used);
                    }
                }
                assert!(buf.is_empty());
                let app: Vec<u8> = got
                    .iter()
                    .filter(|(t, _)| *t == ContentType::APPLICATION_DATA)
                    .flat_map(|(_, p)| p.clone())
                    .collect();
                assert_eq!(
                    got.first(),
                    Some(&(ContentType::HANDSHAKE, b"first".to_vec()))
                );
                assert_eq!(got.last(), Some(&(ContentType::ALERT, vec![1, 0])));
                assert_eq!(app, big);
                assert_eq!(got.len(), 5, "40000 bytes are three records");
                assert_eq!(r.sequence_number(), Some(Ok(5)));
            }
        }
    }

    #[test]
    fn install_resets_the_sequence_number() {
        let alg = AeadAlgorithm::Aes128Gcm;
        let mut w = RecordWriter::new();
        w.install(tls13(alg));
        let mut r = RecordReader::new();
        r.install(tls13(alg));
        let mut wire = vec![];
        w.write(ContentType::APPLICATION_DATA, b"1", &mut wire)
            .unwrap();
        read_one(&mut r, wire).unwrap();
        w.install(tls13(alg));
        r.install(tls13(alg));
        assert_eq!(
            (w.sequence_number(), r.sequence_number()),
            (Some(Ok(0)), Some(Ok(0)))
        );
        let mut wire = vec![];
        w.write(ContentType::APPLICATION_DATA, b"2", &mut wire)
            .unwrap();
        assert_eq!(read_one(&mut r, wire).unwrap().1, b"2");
    }

    #[test]
    fn read_sequence_number_refuses_to_wrap() {
        let alg = AeadAlgorithm::ChaCha20Poly1305;
        let mut r = RecordReader::new();
        r.install(tls13(alg));
        r.state.as_mut().unwrap().seq = SequenceNumber::starting_at(u64::MAX);
        assert_eq!(
            read_one(&mut r, sealed_inner(alg, u64::MAX, b"last\x17"))
                .unwrap()
                .1,
            b"last"
        );
        let e = read_one(&mut r, sealed_inner(alg, 0, b"wrapped\x17")).unwrap_err();
        assert_eq!(e, RecordError::SequenceExhausted);
    }

    #[test]
    fn open_checks_the_deframed_record_fits() {
        let mut r = RecordReader::new();
        let rec = plain(22, b"abc");
        let d = r.deframe(&rec).unwrap().unwrap();
        let mut short = rec[..4].to_vec();
        assert!(matches!(
            r.open(&mut short, d),
            Err(RecordError::InvalidConfig(_))
        ));
    }
}
