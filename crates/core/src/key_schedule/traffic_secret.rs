//! A TLS 1.3 traffic secret and what is derived from it: record keys, the Finished key, and the
//! next generation after a KeyUpdate.

use core::fmt;

use ferrotls_crypto::{AeadAlgorithm, HashOutput, Secret};

use super::hkdf_label::{expand_label_secret, expand_label_secret_keyed, with_prk};
use super::{HashPrimitives, KeyScheduleError, TrafficKeys};

/// One direction's traffic secret of one epoch (early, handshake, or application).
#[derive(Clone)]
pub struct TrafficSecret {
    prims: HashPrimitives,
    secret: Secret,
    /// What a handshake traffic secret is used for, derived with it from one keying of HMAC
    /// ([`Self::handshake`]); `None` for the others, which derive on demand.
    derived: Option<(TrafficKeys, FinishedKey)>,
}

impl TrafficSecret {
    pub(crate) fn from_derived(prims: HashPrimitives, secret: Secret) -> Self {
        Self {
            prims,
            secret,
            derived: None,
        }
    }

    /// A handshake traffic secret with its record keys for `aead` (RFC 8446 §7.3) and its
    /// `finished_key` (§4.4.4): all three expansions from one keying of HMAC with the secret,
    /// where deriving each on demand keys it twice (once for the key and IV, once for the
    /// Finished key).
    pub(crate) fn handshake(
        prims: HashPrimitives,
        secret: Secret,
        aead: AeadAlgorithm,
    ) -> Result<Self, KeyScheduleError> {
        let derived = with_prk(prims.hkdf, secret.as_bytes(), |prk| {
            let keys = TrafficKeys::derive_keyed(prk, aead)?;
            let finished = FinishedKey {
                prims,
                key: expand_label_secret_keyed(prk, b"finished", &[], prims.output_len())?,
            };
            Ok((keys, finished))
        })?;
        Ok(Self {
            prims,
            secret,
            derived: Some(derived),
        })
    }

    /// Take up a traffic secret kept elsewhere (e.g. logged or handed over); it must be
    /// Hash.length bytes.
    pub fn from_secret(prims: HashPrimitives, secret: Secret) -> Result<Self, KeyScheduleError> {
        if secret.len() != prims.output_len() {
            return Err(KeyScheduleError::BadLength);
        }
        Ok(Self::from_derived(prims, secret))
    }

    /// The secret itself (for key logging and the record layer's KeyUpdate bookkeeping).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The primitives this secret is used with.
    pub fn primitives(&self) -> &HashPrimitives {
        &self.prims
    }

    /// The write key and IV for `aead` (RFC 8446 §7.3).
    pub fn traffic_keys(&self, aead: AeadAlgorithm) -> Result<TrafficKeys, KeyScheduleError> {
        match &self.derived {
            Some((keys, _)) if keys.aead() == aead => Ok(keys.clone()),
            _ => TrafficKeys::derive(&self.prims, &self.secret, aead),
        }
    }

    /// `finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length)` (RFC 8446 §4.4.4),
    /// with this handshake traffic secret as BaseKey.
    pub fn finished_key(&self) -> Result<FinishedKey, KeyScheduleError> {
        match &self.derived {
            Some((_, finished)) => Ok(finished.clone()),
            None => FinishedKey::derive(&self.prims, &self.secret),
        }
    }

    /// `application_traffic_secret_N+1 = HKDF-Expand-Label(application_traffic_secret_N,
    /// "traffic upd", "", Hash.length)` (RFC 8446 §7.2).
    pub fn next(&self) -> Result<Self, KeyScheduleError> {
        let secret = expand_label_secret(
            self.prims.hkdf,
            self.secret.as_bytes(),
            b"traffic upd",
            &[],
            self.prims.output_len(),
        )?;
        Ok(Self::from_derived(self.prims, secret))
    }
}

impl fmt::Debug for TrafficSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TrafficSecret")
            .field(&self.prims.algorithm())
            .finish()
    }
}

/// The HMAC key behind a Finished message or a PSK binder (RFC 8446 §4.4.4, §4.2.11.2).
#[derive(Clone)]
pub struct FinishedKey {
    prims: HashPrimitives,
    key: Secret,
}

impl FinishedKey {
    pub(crate) fn derive(
        prims: &HashPrimitives,
        base_key: &Secret,
    ) -> Result<Self, KeyScheduleError> {
        let key = expand_label_secret(
            prims.hkdf,
            base_key.as_bytes(),
            b"finished",
            &[],
            prims.output_len(),
        )?;
        Ok(Self { prims: *prims, key })
    }

    /// The finished key itself.
    pub fn key(&self) -> &Secret {
        &self.key
    }

    /// `verify_data = HMAC(finished_key, Transcript-Hash(...))` (RFC 8446 §4.4.4).
    pub fn verify_data(&self, transcript_hash: &HashOutput) -> Result<Secret, KeyScheduleError> {
        self.prims.check_hash(transcript_hash)?;
        Ok(self
            .prims
            .hmac
            .sign_once(self.key.as_bytes(), &[transcript_hash.as_bytes()]))
    }

    /// Whether `received` is the `verify_data` for `transcript_hash`, compared in constant time.
    /// A transcript hash of the wrong length never verifies.
    pub fn verify(&self, transcript_hash: &HashOutput, received: &[u8]) -> bool {
        match self.verify_data(transcript_hash) {
            Ok(expected) => expected.ct_eq(received),
            Err(_) => false,
        }
    }
}

impl fmt::Debug for FinishedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FinishedKey")
            .field(&self.prims.algorithm())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key_schedule::expand_label_secret;
    use crate::key_schedule::test_util::{hash_output, sha256, unhex};

    // RFC 8448 §3: server handshake traffic secret, its Finished key and verify_data.
    const S_HS: &str = "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38";
    const FINISHED_KEY: &str = "008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8";
    const VERIFY_DATA: &str = "9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718";
    // Transcript-Hash(ClientHello..CertificateVerify), computed from the §3 messages.
    const CV_HASH: &str = "edb7725fa7a3473b031ec8ef65a2485493900138a2b91291407d7951a06110ed";

    fn secret() -> TrafficSecret {
        TrafficSecret::from_secret(sha256(), Secret::new(&unhex(S_HS))).unwrap()
    }

    #[test]
    fn traffic_keys_match_rfc8448() {
        let keys = secret().traffic_keys(AeadAlgorithm::Aes128Gcm).unwrap();
        assert_eq!(
            keys.key().as_bytes(),
            unhex("3fce516009c21727d0f2e4e86ee403bc")
        );
        assert_eq!(
            keys.iv().as_bytes().as_slice(),
            unhex("5d313eb2671276ee13000b30")
        );
        assert_eq!(keys.aead(), AeadAlgorithm::Aes128Gcm);
        let chacha = secret()
            .traffic_keys(AeadAlgorithm::ChaCha20Poly1305)
            .unwrap();
        assert_eq!(chacha.key().len(), 32);
    }

    #[test]
    fn finished_matches_rfc8448_and_rejects_tampering() {
        let fk = secret().finished_key().unwrap();
        assert_eq!(fk.key().as_bytes(), unhex(FINISHED_KEY));
        let hash = hash_output(CV_HASH);
        assert_eq!(
            fk.verify_data(&hash).unwrap().as_bytes(),
            unhex(VERIFY_DATA)
        );
        assert!(fk.verify(&hash, &unhex(VERIFY_DATA)));
        let mut bad = unhex(VERIFY_DATA);
        bad[0] ^= 0x80;
        assert!(!fk.verify(&hash, &bad));
        assert!(!fk.verify(&HashOutput::new(&[0u8; 48]), &unhex(VERIFY_DATA)));
    }

    #[test]
    fn a_handshake_secret_derives_what_each_derivation_on_demand_does() {
        let on_demand = secret();
        let aead = AeadAlgorithm::Aes128Gcm;
        let handshake =
            TrafficSecret::handshake(sha256(), Secret::new(&unhex(S_HS)), aead).unwrap();
        assert_eq!(handshake.secret(), on_demand.secret());
        assert_eq!(
            handshake.finished_key().unwrap().key().as_bytes(),
            unhex(FINISHED_KEY)
        );
        let (a, b) = (
            handshake.traffic_keys(aead).unwrap(),
            on_demand.traffic_keys(aead).unwrap(),
        );
        assert_eq!(a.key(), b.key());
        assert_eq!(a.iv().as_bytes(), b.iv().as_bytes());
        // Another AEAD than the one derived for is derived on demand.
        let chacha = AeadAlgorithm::ChaCha20Poly1305;
        assert_eq!(
            handshake.traffic_keys(chacha).unwrap().key(),
            on_demand.traffic_keys(chacha).unwrap().key()
        );
    }

    #[test]
    fn key_update_uses_traffic_upd_label() {
        let s = secret();
        let next = s.next().unwrap();
        let expected =
            expand_label_secret(sha256().hkdf, &unhex(S_HS), b"traffic upd", &[], 32).unwrap();
        assert_eq!(next.secret(), &expected);
        assert_ne!(next.secret(), s.secret());
        assert_ne!(next.next().unwrap().secret(), next.secret());
    }

    #[test]
    fn from_secret_checks_length() {
        let short = Secret::new(&[1u8; 31]);
        assert_eq!(
            TrafficSecret::from_secret(sha256(), short).unwrap_err(),
            KeyScheduleError::BadLength
        );
    }
}
