//! HKDF (RFC 5869) over SHA-256 and SHA-384 from `ring::hmac`; HKDF-Extract is written once for
//! both backends in `ring_like/hkdf.rs`, HKDF-Expand is `ring`'s own here.
//!
//! `ring`'s own HKDF keeps its PRK opaque and keys HMAC again for every expansion, but the TLS
//! 1.3 key schedule expands each PRK several times. So HKDF-Expand (RFC 5869 §2.3) runs from an
//! HMAC key made once from the PRK: `ring`'s key holds the inner and outer states after
//! absorbing the padded key, so each HMAC of an expansion costs only its message.

use ::ring::hmac;

use crate::hkdf::{expand_with, HkdfPrk};
use crate::{CryptoError, HashAlgorithm, Secret};

crate::ring_like::hkdf_module!(ring, "`ring`", RingHkdf, RingPrk);

/// A PRK keyed into `ring`'s HMAC.
struct RingPrk {
    key: hmac::Key,
    hmac: hmac::Algorithm,
    algorithm: HashAlgorithm,
    prk_len: usize,
}

impl RingPrk {
    fn new(hkdf: &RingHkdf, prk: &[u8]) -> Self {
        Self {
            key: hmac::Key::new(hkdf.hmac, prk),
            hmac: hkdf.hmac,
            algorithm: hkdf.algorithm,
            prk_len: prk.len(),
        }
    }
}

/// Room for the `info` chunks of one HMAC: a TLS 1.3 HkdfLabel is at most 70 bytes unless its
/// label or context is unusually long (then the chunks that do not fit go in one by one).
const INFO_ROOM: usize = 128;

impl RingPrk {
    /// `HMAC(PRK, previous | info... | i)`. The `info` chunks (public: lengths, label, context)
    /// are gathered on the stack and handed to `ring` in one update: each `update` of `ring`'s
    /// digest copies into its block buffer and checks its state, and an HkdfLabel comes in five
    /// chunks.
    fn mac(&self, previous: &[u8], info: &[&[u8]], i: u8) -> hmac::Tag {
        let mut ctx = hmac::Context::with_key(&self.key);
        if !previous.is_empty() {
            ctx.update(previous);
        }
        let mut room = [0u8; INFO_ROOM];
        let mut used = 0;
        for chunk in info {
            if used + chunk.len() > INFO_ROOM {
                ctx.update(&room[..used]);
                used = 0;
                if chunk.len() > INFO_ROOM {
                    ctx.update(chunk);
                    continue;
                }
            }
            room[used..used + chunk.len()].copy_from_slice(chunk);
            used += chunk.len();
        }
        if used < INFO_ROOM {
            room[used] = i;
            ctx.update(&room[..=used]);
        } else {
            ctx.update(&room);
            ctx.update(&[i]);
        }
        ctx.sign()
    }
}

impl HkdfPrk for RingPrk {
    fn expand(&self, info: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError> {
        // Every key-schedule expansion is one block, T(1) (RFC 5869 §2.3; only an exporter may
        // ask for more): written straight out, without the chaining.
        if out.len() <= self.algorithm.output_len() && self.prk_len >= self.algorithm.output_len() {
            let t = self.mac(&[], info, 1);
            out.copy_from_slice(&t.as_ref()[..out.len()]);
            return Ok(());
        }
        expand_with(
            self.algorithm,
            self.prk_len,
            info,
            out,
            |previous, info, i| Secret::new(self.mac(previous, info, i).as_ref()),
        )
    }

    fn rekey(&mut self, prk: &[u8]) {
        // The previous key is dropped in place as the new one is stored.
        self.key = hmac::Key::new(self.key.algorithm(), prk);
        self.prk_len = prk.len();
    }
}

/// HMAC keyed with the empty key, per hash: what a dropped PRK's state is overwritten with.
/// Made once, so wiping is a copy rather than a keying (two compressions) per drop.
static EMPTY_KEYS: [std::sync::OnceLock<hmac::Key>; 2] =
    [std::sync::OnceLock::new(), std::sync::OnceLock::new()];

impl Drop for RingPrk {
    fn drop(&mut self) {
        // `ring`'s key does not wipe itself: overwrite the PRK-keyed states in place with the
        // empty key's, and keep the store from being elided.
        let slot = match self.algorithm {
            HashAlgorithm::Sha384 => &EMPTY_KEYS[1],
            _ => &EMPTY_KEYS[0],
        };
        self.key = slot.get_or_init(|| hmac::Key::new(self.hmac, &[])).clone();
        core::hint::black_box(&mut self.key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hkdf::Hkdf;

    /// Against the RustCrypto HKDF: info chunks that fit the stack room, fill it exactly (the
    /// counter byte then goes alone), overflow it, and exceed it alone, and outputs of one block,
    /// part of one, and several.
    #[test]
    fn expansion_matches_rustcrypto_for_any_info_and_length() {
        let chunks: [&[u8]; 5] = [&[7; 3], &[8; 100], &[9; 60], &[10; 300], &[11; 1]];
        let exactly_full: &[&[u8]] = &[&[12; 28], chunks[1]];
        assert_eq!(
            exactly_full.iter().map(|c| c.len()).sum::<usize>(),
            INFO_ROOM
        );
        let infos: [&[&[u8]]; 6] = [
            &[],
            &chunks[..1],
            &chunks[..2],
            exactly_full,
            &chunks[1..3],
            &chunks,
        ];
        let pairs: [(&RingHkdf, &dyn Hkdf); 2] = [
            (&HKDF_SHA256, &crate::rustcrypto::hkdf::HKDF_SHA256),
            (&HKDF_SHA384, &crate::rustcrypto::hkdf::HKDF_SHA384),
        ];
        for (ours, reference) in pairs {
            let prk = [0x5a; 48];
            let prk = &prk[..ours.hash_algorithm().output_len()];
            for info in infos {
                for len in [1, 12, 32, 48, 49, 100] {
                    let (mut a, mut b) = ([0u8; 100], [0u8; 100]);
                    ours.expand(prk, info, &mut a[..len]).unwrap();
                    reference.expand(prk, info, &mut b[..len]).unwrap();
                    assert_eq!(a[..len], b[..len], "{len} bytes");
                }
            }
            let mut out = [0u8; 32];
            assert_eq!(
                ours.expand(&prk[..16], &[], &mut out),
                Err(CryptoError::BadLength)
            );
        }
    }
}
