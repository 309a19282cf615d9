//! The sending half of the record layer: fragment, pad, seal, append.

use alloc::vec::Vec;

use crate::error::RecordError;
use crate::framer::write_plaintext;
use crate::limits::{
    check_record_size_limit, HEADER_LEN, MAX_PLAINTEXT_LEN, MAX_TLS13_INNER_PLAINTEXT_LEN,
};
use crate::padding::Padding;
use crate::protection::{Content, KeyMaterial, ProtectionKind, RecordProtection};
use crate::sequence::SequenceNumber;
use crate::types::{ContentType, ProtocolVersion};

/// How a record sealed in place ([`RecordWriter::seal_in_place`]) lies in the caller's buffer:
/// `prefix_len` bytes of room (the header, and TLS 1.2 AES-GCM's explicit nonce), then at most
/// `max_content_len` bytes of content, then up to `max_suffix_len` bytes of room for what is
/// written after the content (TLS 1.3's inner type and padding, the AEAD tag).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InPlaceLayout {
    /// Bytes before the content.
    pub prefix_len: usize,
    /// The most content one record carries (the fragment size, the peer's record size limit).
    pub max_content_len: usize,
    /// The most bytes the record takes after its content.
    pub max_suffix_len: usize,
}

#[derive(Debug)]
struct WriteState {
    protection: RecordProtection,
    seq: SequenceNumber,
    /// What the keys' format and the writer's limits make of a record, worked out when either
    /// changes rather than for every record.
    limits: SealLimits,
}

/// The sizes every protected record of one key and set of limits shares.
#[derive(Clone, Copy, Debug)]
struct SealLimits {
    /// The most TLSInnerPlaintext (TLS 1.3) or plaintext (TLS 1.2) a record may carry.
    max_inner: usize,
    /// Where content goes in a record sealed in place.
    layout: InPlaceLayout,
}

impl SealLimits {
    fn new(
        protection: &RecordProtection,
        record_size_limit: Option<u16>,
        max_fragment_len: usize,
        padding: Padding,
    ) -> Self {
        let kind = protection.kind();
        let (max_inner, max_content) = fragment_limits(record_size_limit, max_fragment_len, kind);
        let prefix_len = protection.prefix_len();
        let padding = match (kind, padding) {
            (ProtectionKind::Tls13, Padding::ToMultipleOf(block)) => {
                (block.get() - 1).min(max_inner.saturating_sub(1))
            }
            _ => 0,
        };
        Self {
            max_inner,
            layout: InPlaceLayout {
                prefix_len,
                max_content_len: max_content,
                max_suffix_len: protection.overhead() + HEADER_LEN - prefix_len + padding,
            },
        }
    }
}

/// Writes records with the current write keys (none until the core installs some).
#[derive(Debug)]
pub struct RecordWriter {
    state: Option<WriteState>,
    max_fragment_len: usize,
    record_size_limit: Option<u16>,
    plaintext_version: ProtocolVersion,
    padding: Padding,
}

impl Default for RecordWriter {
    fn default() -> Self {
        Self {
            state: None,
            max_fragment_len: MAX_PLAINTEXT_LEN,
            record_size_limit: None,
            plaintext_version: ProtocolVersion::TLS1_2,
            padding: Padding::None,
        }
    }
}

impl RecordWriter {
    /// A writer of unprotected records with 2^14-byte fragments, version 0x0303, no padding.
    pub fn new() -> Self {
        Self::default()
    }

    /// Installs new write keys; the sequence number restarts at zero (RFC 8446 §5.3).
    pub fn install(&mut self, protection: RecordProtection) {
        let limits = self.limits_for(&protection);
        self.state = Some(WriteState {
            protection,
            seq: SequenceNumber::new(),
            limits,
        });
    }

    /// Installs write keys made from `material` where the writer keeps them (see
    /// [`KeyMaterial`]); otherwise as [`install`](Self::install). On an error (key or IV of the
    /// wrong length) the keys in use stay.
    pub fn install_keys(&mut self, material: KeyMaterial<'_>) -> Result<(), RecordError> {
        let (record_size_limit, max_fragment_len, padding) =
            (self.record_size_limit, self.max_fragment_len, self.padding);
        material.build_into(&mut self.state, |protection| WriteState {
            limits: SealLimits::new(&protection, record_size_limit, max_fragment_len, padding),
            protection,
            seq: SequenceNumber::new(),
        })
    }

    /// The [`SealLimits`] of `protection` under this writer's limits.
    fn limits_for(&self, protection: &RecordProtection) -> SealLimits {
        SealLimits::new(
            protection,
            self.record_size_limit,
            self.max_fragment_len,
            self.padding,
        )
    }

    /// Work out the installed keys' [`SealLimits`] again after a limit changed.
    fn refresh_limits(&mut self) {
        let (record_size_limit, max_fragment_len, padding) =
            (self.record_size_limit, self.max_fragment_len, self.padding);
        if let Some(state) = self.state.as_mut() {
            state.limits = SealLimits::new(
                &state.protection,
                record_size_limit,
                max_fragment_len,
                padding,
            );
        }
    }

    /// The largest content per record this endpoint wants to send, `1..=2^14`.
    pub fn set_max_fragment_len(&mut self, len: usize) -> Result<(), RecordError> {
        if len == 0 || len > MAX_PLAINTEXT_LEN {
            return Err(RecordError::InvalidConfig(
                "fragment length outside 1..=2^14",
            ));
        }
        self.max_fragment_len = len;
        self.refresh_limits();
        Ok(())
    }

    /// The peer's `record_size_limit` (RFC 8449 §4). It bounds protected records only: the whole
    /// TLSInnerPlaintext under TLS 1.3 (so content gets one byte less), the plaintext under
    /// TLS 1.2. Values above the protocol maximum are clamped to it.
    pub fn set_record_size_limit(&mut self, limit: u16) -> Result<(), RecordError> {
        check_record_size_limit(limit)?;
        self.record_size_limit = Some(limit);
        self.refresh_limits();
        Ok(())
    }

    /// `legacy_record_version` of unprotected records. 0x0303 by default; RFC 8446 §5.1 allows
    /// 0x0301 for an initial ClientHello, which some middleboxes expect. Protected records always
    /// carry 0x0303 (we never negotiate below TLS 1.2).
    pub fn set_plaintext_version(&mut self, version: ProtocolVersion) {
        self.plaintext_version = version;
    }

    /// The TLS 1.3 padding policy (ignored under TLS 1.2, whose AEAD records cannot pad).
    pub fn set_padding(&mut self, padding: Padding) {
        self.padding = padding;
        self.refresh_limits();
    }

    /// The format of the installed keys, or `None` while records are unprotected.
    pub fn protection_kind(&self) -> Option<ProtectionKind> {
        self.state.as_ref().map(|s| s.protection.kind())
    }

    /// The sequence number the next protected record will be sealed with.
    pub fn sequence_number(&self) -> Option<Result<u64, RecordError>> {
        self.state.as_ref().map(|s| s.seq.peek())
    }

    /// True once the current key has sealed as many records as its soft limit: a TLS 1.3 core
    /// should send KeyUpdate now, a TLS 1.2 core should close (RFC 8446 §5.5).
    pub fn should_update_keys(&self) -> bool {
        self.state
            .as_ref()
            .is_some_and(|s| s.protection.usage_limit().should_update(s.seq.used()))
    }

    /// Appends `payload` to `out` as complete records of `content_type`, fragmented to the
    /// configured size and, under keys, sealed. An empty payload writes nothing.
    ///
    /// `out` is grown once, by exactly the records' total size, before anything is written: a
    /// record never makes the buffer double past what it needs.
    ///
    /// Either every fragment is written or, when the sequence space or key usage limit cannot
    /// cover them all, none is.
    pub fn write(
        &mut self,
        content_type: ContentType,
        payload: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), RecordError> {
        if payload.is_empty() {
            return Ok(());
        }
        out.reserve_exact(self.written_len(content_type, payload.len()));
        let Some(state) = self.state.as_mut() else {
            write_plaintext(
                content_type,
                self.plaintext_version,
                payload,
                self.max_fragment_len,
                out,
            );
            return Ok(());
        };
        let kind = state.protection.kind();
        if kind == ProtectionKind::Tls13 && content_type == ContentType::CHANGE_CIPHER_SPEC {
            // RFC 8446 §5 and §D.4: the compatibility change_cipher_spec is never protected.
            write_plaintext(
                content_type,
                ProtocolVersion::TLS1_2,
                payload,
                self.max_fragment_len,
                out,
            );
            return Ok(());
        }
        let SealLimits { max_inner, layout } = state.limits;
        let max_content = layout.max_content_len;
        let count = u64::try_from(payload.len().div_ceil(max_content)).unwrap_or(u64::MAX);
        if !state.seq.has_room_for(count) {
            return Err(RecordError::SequenceExhausted);
        }
        if !state
            .protection
            .usage_limit()
            .allows(state.seq.used(), count)
        {
            return Err(RecordError::KeyUsageExhausted);
        }
        for fragment in payload.chunks(max_content) {
            let padding = match kind {
                ProtectionKind::Tls13 => self.padding.zeros_for(fragment.len(), max_inner),
                ProtectionKind::Tls12ExplicitNonce | ProtectionKind::Tls12XorNonce => 0,
            };
            let seq = state.seq.peek()?;
            state
                .protection
                .seal(seq, content_type, fragment, padding, out)?;
            state.seq.advance();
        }
        Ok(())
    }

    /// Where content goes in a record sealed in place, and the room around it; `None` while
    /// records are unprotected.
    pub fn in_place_layout(&self) -> Option<InPlaceLayout> {
        Some(self.state.as_ref()?.limits.layout)
    }

    /// Seals `content_len` bytes of application data as one record where they lie: `record`
    /// holds [`InPlaceLayout::prefix_len`] bytes of room, the content, then room for the rest of
    /// the record (at most [`InPlaceLayout::max_suffix_len`] bytes). Returns the record's length,
    /// `record[..len]`; `Ok(0)` for no content (nothing is written). The sequence number and key
    /// usage are checked as by [`write`](Self::write).
    pub fn seal_in_place(
        &mut self,
        record: &mut [u8],
        content_len: usize,
    ) -> Result<usize, RecordError> {
        self.seal_record(record, Content::InPlace(content_len))
    }

    /// Seals `content` (application data) as one record into `record`, laid out as for
    /// [`seal_in_place`](Self::seal_in_place) but with the content read from its own buffer by
    /// the encryption: no copy before it where the provider encrypts from one buffer into
    /// another (`AeadKey::seal_into`). Returns the record's length; `Ok(0)` for no content.
    pub fn seal_into(&mut self, content: &[u8], record: &mut [u8]) -> Result<usize, RecordError> {
        self.seal_record(record, Content::From(content))
    }

    fn seal_record(
        &mut self,
        record: &mut [u8],
        content: Content<'_>,
    ) -> Result<usize, RecordError> {
        let content_len = content.len();
        if content_len == 0 {
            return Ok(0);
        }
        let Some(state) = self.state.as_mut() else {
            return Err(RecordError::InvalidConfig(
                "records sealed in place need write keys",
            ));
        };
        let kind = state.protection.kind();
        let SealLimits { max_inner, layout } = state.limits;
        if content_len > layout.max_content_len {
            return Err(RecordError::InvalidConfig(
                "more content than one record carries",
            ));
        }
        if !state.seq.has_room_for(1) {
            return Err(RecordError::SequenceExhausted);
        }
        if !state.protection.usage_limit().allows(state.seq.used(), 1) {
            return Err(RecordError::KeyUsageExhausted);
        }
        let padding = match kind {
            ProtectionKind::Tls13 => self.padding.zeros_for(content_len, max_inner),
            ProtectionKind::Tls12ExplicitNonce | ProtectionKind::Tls12XorNonce => 0,
        };
        let seq = state.seq.peek()?;
        let len = state.protection.seal_in_place(
            seq,
            ContentType::APPLICATION_DATA,
            record,
            content,
            padding,
        )?;
        state.seq.advance();
        Ok(len)
    }

    /// How many bytes [`write`](Self::write) appends for a payload of `len` bytes of
    /// `content_type` under the current keys: headers, contents, padding and tags.
    pub fn written_len(&self, content_type: ContentType, len: usize) -> usize {
        let Some(state) = self.state.as_ref().filter(|s| {
            s.protection.kind() != ProtectionKind::Tls13
                || content_type != ContentType::CHANGE_CIPHER_SPEC
        }) else {
            let count = len.div_ceil(self.max_fragment_len.max(1));
            return len + count * HEADER_LEN;
        };
        let protection = &state.protection;
        let kind = protection.kind();
        // The limits worked out when the keys or limits last changed, as `write` seals with.
        let (max_inner, max_content) =
            (state.limits.max_inner, state.limits.layout.max_content_len);
        let per_record = HEADER_LEN + protection.overhead();
        let full = len / max_content;
        let last = len % max_content;
        let padding = |content: usize| match kind {
            ProtectionKind::Tls13 => self.padding.zeros_for(content, max_inner),
            ProtectionKind::Tls12ExplicitNonce | ProtectionKind::Tls12XorNonce => 0,
        };
        let mut total = full * (per_record + max_content + padding(max_content));
        if last > 0 {
            total += per_record + last + padding(last);
        }
        total
    }
}

/// The most TLSInnerPlaintext (TLS 1.3) or plaintext (TLS 1.2) a record may carry, and the
/// most content we put in one, for keys of `kind`.
fn fragment_limits(
    record_size_limit: Option<u16>,
    max_fragment_len: usize,
    kind: ProtectionKind,
) -> (usize, usize) {
    match kind {
        ProtectionKind::Tls13 => {
            let inner = record_size_limit.map_or(MAX_TLS13_INNER_PLAINTEXT_LEN, |l| {
                usize::from(l).min(MAX_TLS13_INNER_PLAINTEXT_LEN)
            });
            (inner, max_fragment_len.min(inner - 1))
        }
        ProtectionKind::Tls12ExplicitNonce | ProtectionKind::Tls12XorNonce => {
            let plain = record_size_limit
                .map_or(MAX_PLAINTEXT_LEN, |l| usize::from(l).min(MAX_PLAINTEXT_LEN));
            (plain, max_fragment_len.min(plain))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deframer::deframe;
    use crate::limits::{HEADER_LEN, MAX_TLS12_CIPHERTEXT_LEN};
    use crate::test_support::{tls12, tls13, ALL_AEADS};
    use crate::usage_limit::KeyUsageLimit;
    use alloc::vec;
    use core::num::NonZeroUsize;
    use ferrotls_crypto::AeadAlgorithm;

    /// The payload lengths of the records in `wire`.
    fn record_lens(mut wire: &[u8]) -> Vec<usize> {
        let mut lens = vec![];
        while let Some(d) = deframe(wire, MAX_TLS12_CIPHERTEXT_LEN).unwrap() {
            lens.push(usize::from(d.header.len));
            wire = &wire[d.total_len()..];
        }
        assert!(wire.is_empty());
        lens
    }

    #[test]
    fn plaintext_version_and_fragment_size() {
        let mut w = RecordWriter::new();
        w.set_plaintext_version(ProtocolVersion::TLS1_0);
        assert!(w.set_max_fragment_len(0).is_err());
        assert!(w.set_max_fragment_len((1 << 14) + 1).is_err());
        w.set_max_fragment_len(4).unwrap();
        let mut out = vec![];
        w.write(ContentType::HANDSHAKE, b"abcdef", &mut out)
            .unwrap();
        assert_eq!(out, b"\x16\x03\x01\x00\x04abcd\x16\x03\x01\x00\x02ef");
        let mut out = vec![];
        w.write(ContentType::HANDSHAKE, b"", &mut out).unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn protected_fragmentation() {
        for alg in ALL_AEADS {
            let mut w = RecordWriter::new();
            w.install(tls13(alg));
            let mut out = vec![];
            w.write(ContentType::APPLICATION_DATA, &vec![1; 40_000], &mut out)
                .unwrap();
            assert_eq!(record_lens(&out), [16384 + 17, 16384 + 17, 7232 + 17]);

            let mut w = RecordWriter::new();
            w.install(tls12(alg));
            let mut out = vec![];
            w.write(ContentType::APPLICATION_DATA, &vec![1; 20_000], &mut out)
                .unwrap();
            let o = tls12(alg).overhead();
            assert_eq!(record_lens(&out), [16384 + o, 3616 + o]);
            assert_eq!(w.sequence_number(), Some(Ok(2)));
        }
    }

    #[test]
    fn record_size_limit_bounds_protected_records_only() {
        let mut w = RecordWriter::new();
        assert!(w.set_record_size_limit(10).is_err());
        w.set_record_size_limit(64).unwrap();
        let mut out = vec![];
        w.write(ContentType::HANDSHAKE, &[0; 100], &mut out)
            .unwrap();
        assert_eq!(
            record_lens(&out),
            [100],
            "unprotected records are not subject to it"
        );
        // TLS 1.3: the limit covers content + type byte + padding.
        w.install(tls13(AeadAlgorithm::Aes128Gcm));
        w.set_padding(Padding::ToMultipleOf(NonZeroUsize::new(1000).unwrap()));
        let mut out = vec![];
        w.write(ContentType::HANDSHAKE, &[0; 100], &mut out)
            .unwrap();
        assert_eq!(record_lens(&out), [64 + 16, 64 + 16]);
        // TLS 1.2: the limit covers the plaintext.
        w.install(tls12(AeadAlgorithm::Aes128Gcm));
        let mut out = vec![];
        w.write(ContentType::HANDSHAKE, &[0; 100], &mut out)
            .unwrap();
        assert_eq!(record_lens(&out), [64 + 24, 36 + 24]);
        // Limits above the protocol maximum are clamped.
        w.set_record_size_limit(u16::MAX).unwrap();
        let mut out = vec![];
        w.write(ContentType::HANDSHAKE, &vec![0; 20_000], &mut out)
            .unwrap();
        assert_eq!(record_lens(&out), [16384 + 24, 3616 + 24]);
    }

    #[test]
    fn written_len_is_exact_and_reserved_once() {
        let mut w = RecordWriter::new();
        let lens = [1, 100, 16_384, 16_385, 40_000];
        let check = |w: &mut RecordWriter, content_type| {
            for len in lens {
                let mut out = Vec::new();
                w.write(content_type, &vec![7; len], &mut out).unwrap();
                assert_eq!(w.written_len(content_type, len), out.len(), "{len}");
                assert_eq!(out.capacity(), out.len(), "one exact reservation for {len}");
            }
        };
        check(&mut w, ContentType::HANDSHAKE);
        for alg in ALL_AEADS {
            w.install(tls13(alg));
            check(&mut w, ContentType::APPLICATION_DATA);
            check(&mut w, ContentType::CHANGE_CIPHER_SPEC);
            w.set_padding(Padding::ToMultipleOf(NonZeroUsize::new(1000).unwrap()));
            check(&mut w, ContentType::APPLICATION_DATA);
            w.set_padding(Padding::None);
            w.install(tls12(alg));
            check(&mut w, ContentType::APPLICATION_DATA);
        }
        w.set_record_size_limit(1000).unwrap();
        check(&mut w, ContentType::APPLICATION_DATA);
    }

    /// Records sealed in place, or sealed into the buffer from the content's own (`seal_into`),
    /// are byte for byte the records `write` appends, under every format, with and without
    /// padding (short padding goes through the AEAD's trailer, long padding is copied), and
    /// advance the same sequence numbers.
    #[test]
    fn sealing_in_place_matches_write() {
        let padded = Padding::ToMultipleOf(NonZeroUsize::new(64).unwrap());
        let short_padding = Padding::ToMultipleOf(NonZeroUsize::new(8).unwrap());
        for alg in ALL_AEADS {
            for (protection, padding) in [
                (
                    tls13 as fn(AeadAlgorithm) -> RecordProtection,
                    Padding::None,
                ),
                (tls13, padded),
                (tls13, short_padding),
                (tls12, Padding::None),
            ] {
                let (mut appending, mut in_place) = (RecordWriter::new(), RecordWriter::new());
                let mut into = RecordWriter::new();
                for w in [&mut appending, &mut in_place, &mut into] {
                    w.install(protection(alg));
                    w.set_padding(padding);
                }
                let layout = in_place.in_place_layout().unwrap();
                assert_eq!(layout.max_content_len, MAX_PLAINTEXT_LEN);
                for len in [1, 100, 16_381, 16_384] {
                    let content = vec![len as u8; len];
                    let mut expected = vec![];
                    appending
                        .write(ContentType::APPLICATION_DATA, &content, &mut expected)
                        .unwrap();
                    let mut buf = vec![0xee; layout.prefix_len + len + layout.max_suffix_len];
                    buf[layout.prefix_len..][..len].copy_from_slice(&content);
                    let n = in_place.seal_in_place(&mut buf, len).unwrap();
                    assert_eq!(&buf[..n], &expected[..], "{alg:?} {padding:?} {len}");
                    let mut buf = vec![0xee; layout.prefix_len + len + layout.max_suffix_len];
                    let n = into.seal_into(&content, &mut buf).unwrap();
                    assert_eq!(&buf[..n], &expected[..], "into: {alg:?} {padding:?} {len}");
                }
                assert_eq!(in_place.sequence_number(), appending.sequence_number());
                assert_eq!(into.sequence_number(), appending.sequence_number());
            }
        }
    }

    #[test]
    fn sealing_in_place_refuses_what_does_not_fit() {
        let mut w = RecordWriter::new();
        assert_eq!(w.in_place_layout(), None);
        assert!(matches!(
            w.seal_in_place(&mut [0; 64], 10),
            Err(RecordError::InvalidConfig(_))
        ));
        w.install(tls12(AeadAlgorithm::Aes128Gcm));
        let layout = w.in_place_layout().unwrap();
        assert_eq!(
            (layout.prefix_len, layout.max_suffix_len),
            (HEADER_LEN + 8, 16)
        );
        assert_eq!(w.seal_in_place(&mut [], 0), Ok(0), "no content, no record");
        assert_eq!(w.seal_into(&[], &mut []), Ok(0), "no content, no record");
        let mut buf = vec![0; HEADER_LEN + 8 + 10 + 15];
        assert!(w.seal_into(&[1; 10], &mut buf).is_err());
        let mut big = vec![0; HEADER_LEN + 8 + 16_385 + 16];
        assert!(w.seal_into(&[1; 16_385], &mut big).is_err());
        // One byte short of the tag's room, and more content than a record carries.
        let mut buf = vec![0; HEADER_LEN + 8 + 10 + 15];
        assert!(w.seal_in_place(&mut buf, 10).is_err());
        let mut big = vec![0; HEADER_LEN + 8 + 16_385 + 16];
        assert!(w.seal_in_place(&mut big, 16_385).is_err());
        assert_eq!(w.sequence_number(), Some(Ok(0)), "nothing was sealed");
        w.set_record_size_limit(100).unwrap();
        assert_eq!(w.in_place_layout().unwrap().max_content_len, 100);
    }

    /// The layout is worked out when keys or limits change: limits set before the keys, after
    /// them, or through new keys give the same layout, and each seal follows the current one.
    #[test]
    fn layout_follows_keys_and_limits_whenever_they_change() {
        let padding = Padding::ToMultipleOf(NonZeroUsize::new(64).unwrap());
        let mut before = RecordWriter::new();
        before.set_record_size_limit(1000).unwrap();
        before.set_max_fragment_len(4000).unwrap();
        before.set_padding(padding);
        before.install(tls13(AeadAlgorithm::ChaCha20Poly1305));
        let mut after = RecordWriter::new();
        after.install(tls12(AeadAlgorithm::Aes128Gcm));
        let tls12_layout = after.in_place_layout().unwrap();
        after.install(tls13(AeadAlgorithm::ChaCha20Poly1305));
        after.set_padding(padding);
        after.set_max_fragment_len(4000).unwrap();
        after.set_record_size_limit(1000).unwrap();
        let layout = InPlaceLayout {
            prefix_len: HEADER_LEN,
            // TLS 1.3: the limit covers the inner plaintext, so one byte less of content.
            max_content_len: 999,
            // The type byte, at most 63 zeros, the tag.
            max_suffix_len: 1 + 63 + 16,
        };
        assert_eq!(before.in_place_layout(), Some(layout));
        assert_eq!(after.in_place_layout(), Some(layout));
        assert_ne!(tls12_layout, layout);
        let mut record = vec![0; 2000];
        assert!(after.seal_into(&[7; 1000], &mut record).is_err());
        assert_eq!(
            after.seal_into(&[7; 999], &mut record),
            Ok(HEADER_LEN + 1000 + 16)
        );
        after.set_record_size_limit(u16::MAX).unwrap();
        assert_eq!(after.in_place_layout().unwrap().max_content_len, 4000);
        assert_eq!(
            after.seal_into(&[7; 1000], &mut record),
            Ok(HEADER_LEN + 1024 + 16),
            "padded to a multiple of 64 once the limit allows"
        );
        // New keys of the other format keep the limits.
        after.install(tls12(AeadAlgorithm::Aes128Gcm));
        assert_eq!(
            after.in_place_layout().map(|l| l.max_content_len),
            Some(4000)
        );
    }

    #[test]
    fn padding_policy() {
        let mut w = RecordWriter::new();
        w.install(tls13(AeadAlgorithm::ChaCha20Poly1305));
        let mut out = vec![];
        w.write(ContentType::APPLICATION_DATA, b"abc", &mut out)
            .unwrap();
        assert_eq!(record_lens(&out), [3 + 1 + 16], "no padding by default");
        w.set_padding(Padding::ToMultipleOf(NonZeroUsize::new(32).unwrap()));
        let mut out = vec![];
        w.write(ContentType::APPLICATION_DATA, b"abc", &mut out)
            .unwrap();
        assert_eq!(record_lens(&out), [32 + 16]);
        // TLS 1.2 AEAD records have no padding field.
        w.install(tls12(AeadAlgorithm::ChaCha20Poly1305));
        let mut out = vec![];
        w.write(ContentType::APPLICATION_DATA, b"abc", &mut out)
            .unwrap();
        assert_eq!(record_lens(&out), [3 + 16]);
    }

    #[test]
    fn tls13_change_cipher_spec_stays_unprotected() {
        let mut w = RecordWriter::new();
        w.set_plaintext_version(ProtocolVersion::TLS1_0);
        w.install(tls13(AeadAlgorithm::Aes128Gcm));
        let mut out = vec![];
        w.write(ContentType::CHANGE_CIPHER_SPEC, &[1], &mut out)
            .unwrap();
        assert_eq!(out, [20, 3, 3, 0, 1, 1]);
        assert_eq!(w.sequence_number(), Some(Ok(0)));
        // Under TLS 1.2 keys it is just another protected record.
        w.install(tls12(AeadAlgorithm::Aes128Gcm));
        let mut out = vec![];
        w.write(ContentType::CHANGE_CIPHER_SPEC, &[1], &mut out)
            .unwrap();
        assert_eq!(out.len(), HEADER_LEN + 1 + 24);
        assert_eq!(w.sequence_number(), Some(Ok(1)));
    }

    #[test]
    fn sequence_number_refuses_to_wrap() {
        let mut w = RecordWriter::new();
        w.install(tls13(AeadAlgorithm::ChaCha20Poly1305));
        w.state.as_mut().unwrap().seq = SequenceNumber::starting_at(u64::MAX - 1);
        let mut out = vec![];
        // Two records are left: a three-fragment write is refused whole.
        w.set_max_fragment_len(1).unwrap();
        assert_eq!(
            w.write(ContentType::APPLICATION_DATA, b"abc", &mut out),
            Err(RecordError::SequenceExhausted)
        );
        assert!(out.is_empty());
        w.write(ContentType::APPLICATION_DATA, b"ab", &mut out)
            .unwrap();
        assert_eq!(record_lens(&out).len(), 2);
        assert_eq!(
            w.write(ContentType::APPLICATION_DATA, b"c", &mut out),
            Err(RecordError::SequenceExhausted)
        );
        assert_eq!(
            RecordError::SequenceExhausted.alert(),
            crate::AlertDescription::INTERNAL_ERROR
        );
    }

    #[test]
    fn key_usage_limits() {
        let limit = KeyUsageLimit {
            update_after: 2,
            max_records: Some(3),
        };
        let mut w = RecordWriter::new();
        assert!(!w.should_update_keys());
        w.install(tls13(AeadAlgorithm::Aes128Gcm).with_usage_limit(limit));
        let mut out = vec![];
        w.write(ContentType::APPLICATION_DATA, b"1", &mut out)
            .unwrap();
        assert!(!w.should_update_keys());
        w.write(ContentType::APPLICATION_DATA, b"2", &mut out)
            .unwrap();
        assert!(w.should_update_keys());
        w.set_max_fragment_len(1).unwrap();
        let before = out.len();
        assert_eq!(
            w.write(ContentType::APPLICATION_DATA, b"34", &mut out),
            Err(RecordError::KeyUsageExhausted)
        );
        assert_eq!(out.len(), before);
        w.write(ContentType::APPLICATION_DATA, b"3", &mut out)
            .unwrap();
        assert_eq!(
            w.write(ContentType::APPLICATION_DATA, b"4", &mut out),
            Err(RecordError::KeyUsageExhausted)
        );
        // A fresh key (KeyUpdate) starts over.
        w.install(tls13(AeadAlgorithm::Aes128Gcm).with_usage_limit(limit));
        assert!(!w.should_update_keys());
        w.write(ContentType::APPLICATION_DATA, b"5", &mut out)
            .unwrap();
    }

    #[test]
    fn default_aes_gcm_limit_signals_and_refuses() {
        let mut w = RecordWriter::new();
        w.install(tls13(AeadAlgorithm::Aes128Gcm));
        w.state.as_mut().unwrap().seq = SequenceNumber::starting_at((1 << 24) - 1);
        assert!(!w.should_update_keys());
        let mut out = vec![];
        w.write(ContentType::APPLICATION_DATA, b"x", &mut out)
            .unwrap();
        assert!(w.should_update_keys());
        w.state.as_mut().unwrap().seq =
            SequenceNumber::starting_at(KeyUsageLimit::AES_GCM_MAX_RECORDS);
        assert_eq!(
            w.write(ContentType::APPLICATION_DATA, b"x", &mut out),
            Err(RecordError::KeyUsageExhausted)
        );
    }
}
