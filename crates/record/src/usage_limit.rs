//! How many records one AEAD key may protect (RFC 8446 §5.5).

use ferrotls_crypto::AeadAlgorithm;

/// Record-count thresholds for one write key.
///
/// Past `update_after` records the writer reports that keys should be updated; at `max_records`
/// it refuses to seal. RFC 8446 §5.5 bounds AES-GCM at 2^24.5 full-size records per key; for
/// ChaCha20-Poly1305 the sequence number wraps first, so only that limit applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUsageLimit {
    /// Records after which [`crate::RecordWriter::should_update_keys`] turns true.
    pub update_after: u64,
    /// Records after which sealing fails with `KeyUsageExhausted`; `None` when only the sequence
    /// number space bounds the key.
    pub max_records: Option<u64>,
}

impl KeyUsageLimit {
    /// floor(2^24.5): RFC 8446 §5.5's AES-GCM limit.
    pub const AES_GCM_MAX_RECORDS: u64 = 23_726_566;

    /// The RFC 8446 §5.5 limits for `alg`, asking for an update with headroom to spare: at 2^24
    /// records for AES-GCM (about 7 million before the hard stop), and at 2^63 for
    /// ChaCha20-Poly1305 (half the sequence space).
    pub const fn for_algorithm(alg: AeadAlgorithm) -> Self {
        match alg {
            AeadAlgorithm::Aes128Gcm | AeadAlgorithm::Aes256Gcm => Self {
                update_after: 1 << 24,
                max_records: Some(Self::AES_GCM_MAX_RECORDS),
            },
            AeadAlgorithm::ChaCha20Poly1305 => Self {
                update_after: 1 << 63,
                max_records: None,
            },
        }
    }

    /// Whether a key that protected `used` records should be replaced.
    pub fn should_update(&self, used: u128) -> bool {
        used >= u128::from(self.update_after)
    }

    /// Whether a key that protected `used` records may protect `count` more.
    pub fn allows(&self, used: u128, count: u64) -> bool {
        self.max_records
            .is_none_or(|max| used + u128::from(count) <= u128::from(max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aes_gcm_limit_is_two_to_the_24_5() {
        let l = KeyUsageLimit::for_algorithm(AeadAlgorithm::Aes128Gcm);
        // 2^49 <= limit^2 < 2^49 + ... : floor(sqrt(2^49)).
        let m = u128::from(l.max_records.unwrap());
        assert!(m * m <= 1u128 << 49 && (m + 1) * (m + 1) > 1u128 << 49);
        assert_eq!(l, KeyUsageLimit::for_algorithm(AeadAlgorithm::Aes256Gcm));
        assert!(!l.should_update((1 << 24) - 1));
        assert!(l.should_update(1 << 24));
        assert!(l.allows(m - 1, 1));
        assert!(!l.allows(m, 1));
    }

    #[test]
    fn chacha_is_bounded_by_the_sequence_number() {
        let l = KeyUsageLimit::for_algorithm(AeadAlgorithm::ChaCha20Poly1305);
        assert!(l.allows(u128::from(u64::MAX), 1));
        assert!(!l.should_update(1 << 40));
    }
}
