//! X25519MLKEM768 (draft-ietf-tls-ecdhe-mlkem §3): ML-KEM-768 (FIPS 203, `ml-kem`) and X25519
//! (`x25519-dalek`, through [`X25519`]) side by side, ML-KEM first in every encoding. The X25519
//! half is a parameter ([`X25519MlKem768::with_x25519`]) so the `ring` and `aws-lc-rs` providers
//! pair this ML-KEM with their own X25519 and draw the same bytes in the same order.
//!
//! | value | layout | bytes |
//! |---|---|---|
//! | client share | ML-KEM-768 encapsulation key ‖ X25519 public key | 1184 + 32 = 1216 |
//! | server share | ML-KEM-768 ciphertext ‖ X25519 public key | 1088 + 32 = 1120 |
//! | shared secret | ML-KEM shared secret ‖ X25519 shared secret | 32 + 32 = 64 |
//!
//! Checks (draft-ietf-tls-ecdhe-mlkem §3, each an `InvalidPeerKey`, which the protocol turns
//! into illegal_parameter): both shares have exactly their length; the server runs the FIPS 203
//! §7.2 encapsulation key check (the modulus check: every coefficient below q, i.e. decoding and
//! re-encoding gives the same bytes); the X25519 part refuses an all-zero result as plain X25519
//! does. ML-KEM decapsulation never fails (implicit rejection, FIPS 203 §6.3): a forged
//! ciphertext gives an unrelated secret and the handshake fails at Finished.

use alloc::boxed::Box;
use alloc::vec::Vec;

use ml_kem::kem::{Decapsulate, DecapsulationKey};
use ml_kem::{
    Ciphertext, EncapsulateDeterministic, Encoded, EncodedSizeUser, KemCore, MlKem768,
    MlKem768Params, B32,
};
use zeroize::{Zeroize, Zeroizing};

use super::x25519::X25519;
use crate::kx::{ActiveKx, KxGroup, KxResponse};
use crate::{CryptoError, NamedGroup, Secret, SecureRandom};

/// ML-KEM-768 encapsulation key length (FIPS 203 §8, Table 3).
pub const MLKEM768_ENCAPSULATION_KEY_LEN: usize = 1184;
/// ML-KEM-768 ciphertext length (FIPS 203 §8, Table 3).
pub const MLKEM768_CIPHERTEXT_LEN: usize = 1088;
const X25519_LEN: usize = 32;
/// The client's key_exchange length.
pub const CLIENT_SHARE_LEN: usize = MLKEM768_ENCAPSULATION_KEY_LEN + X25519_LEN;
/// The server's key_exchange length.
pub const SERVER_SHARE_LEN: usize = MLKEM768_CIPHERTEXT_LEN + X25519_LEN;

type EncapsulationKey = <MlKem768 as KemCore>::EncapsulationKey;

/// X25519MLKEM768.
///
/// Randomness, in this order, each in one call:
/// - `start` (client): 32 bytes `d` and 32 bytes `z` for ML-KEM.KeyGen_internal (FIPS 203
///   §6.1), then 32 bytes for the X25519 private key (as [`X25519`] draws them);
/// - `respond` (server), after the client's share has passed its checks: 32 bytes `m` for
///   ML-KEM.Encaps_internal (FIPS 203 §6.2), then 32 bytes for the X25519 private key.
pub struct X25519MlKem768 {
    x25519: &'static dyn KxGroup,
}

/// X25519MLKEM768 with `x25519-dalek`'s X25519.
#[allow(non_upper_case_globals)] // Named like the unit struct it replaced.
pub static X25519MlKem768: X25519MlKem768 = X25519MlKem768::with_x25519(&X25519);

impl X25519MlKem768 {
    /// The hybrid over another provider's X25519 group, which must draw exactly 32 bytes in
    /// `start` and use them as the private key (as [`X25519`] does).
    pub const fn with_x25519(x25519: &'static dyn KxGroup) -> Self {
        Self { x25519 }
    }
}

impl core::fmt::Debug for X25519MlKem768 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("X25519MlKem768")
    }
}

impl KxGroup for X25519MlKem768 {
    fn name(&self) -> NamedGroup {
        NamedGroup::X25519MLKEM768
    }

    fn start(&self, rng: &dyn SecureRandom) -> Result<Box<dyn ActiveKx>, CryptoError> {
        let d = draw_b32(rng)?;
        let z = draw_b32(rng)?;
        let (decapsulation, encapsulation) = MlKem768::generate_deterministic(b32(&d), b32(&z));
        let classical = self.x25519.start(rng)?;
        let mut public = Vec::with_capacity(CLIENT_SHARE_LEN);
        public.extend_from_slice(&encapsulation.as_bytes());
        public.extend_from_slice(classical.public_key());
        Ok(Box::new(ActiveX25519MlKem768 {
            decapsulation: Box::new(decapsulation),
            classical,
            public,
        }))
    }

    fn respond(
        &self,
        peer_share: &[u8],
        rng: &dyn SecureRandom,
    ) -> Result<KxResponse, CryptoError> {
        if peer_share.len() != CLIENT_SHARE_LEN {
            return Err(CryptoError::InvalidPeerKey);
        }
        let (ek_bytes, x25519_share) = peer_share.split_at(MLKEM768_ENCAPSULATION_KEY_LEN);
        let ek_encoded =
            Encoded::<EncapsulationKey>::try_from(ek_bytes).map_err(|_| CryptoError::BadLength)?;
        let encapsulation = EncapsulationKey::from_bytes(&ek_encoded);
        // FIPS 203 §7.2, modulus check: decoding reduces each 12-bit coefficient mod q, so a key
        // with a coefficient ≥ q does not re-encode to itself. (Public data: no constant time
        // needed.)
        if encapsulation.as_bytes() != ek_encoded {
            return Err(CryptoError::InvalidPeerKey);
        }
        let m = draw_b32(rng)?;
        let (ciphertext, mut mlkem_secret) = encapsulation
            .encapsulate_deterministic(b32(&m))
            .map_err(|()| CryptoError::InvalidPeerKey)?;
        let classical = self.x25519.start(rng)?;
        let mut share = Vec::with_capacity(SERVER_SHARE_LEN);
        share.extend_from_slice(&ciphertext);
        share.extend_from_slice(classical.public_key());
        let classical_secret = classical.complete(x25519_share);
        let secret = classical_secret.map(|c| combine(&mlkem_secret, &c));
        mlkem_secret.as_mut_slice().zeroize();
        Ok(KxResponse {
            share,
            secret: secret?,
        })
    }
}

struct ActiveX25519MlKem768 {
    // Boxed: 2.4 KB that moves with the state machine otherwise. `ml-kem`'s `zeroize` feature
    // wipes it on drop.
    decapsulation: Box<DecapsulationKey<MlKem768Params>>,
    classical: Box<dyn ActiveKx>,
    public: Vec<u8>,
}

impl ActiveKx for ActiveX25519MlKem768 {
    fn group(&self) -> NamedGroup {
        NamedGroup::X25519MLKEM768
    }

    fn public_key(&self) -> &[u8] {
        &self.public
    }

    fn complete(self: Box<Self>, peer_public: &[u8]) -> Result<Secret, CryptoError> {
        if peer_public.len() != SERVER_SHARE_LEN {
            return Err(CryptoError::InvalidPeerKey);
        }
        let (ct_bytes, x25519_share) = peer_public.split_at(MLKEM768_CIPHERTEXT_LEN);
        let ciphertext =
            Ciphertext::<MlKem768>::try_from(ct_bytes).map_err(|_| CryptoError::BadLength)?;
        let Self {
            decapsulation,
            classical,
            ..
        } = *self;
        let classical_secret = classical.complete(x25519_share)?;
        let mut mlkem_secret = decapsulation
            .decapsulate(&ciphertext)
            .map_err(|()| CryptoError::InvalidPeerKey)?;
        let secret = combine(&mlkem_secret, &classical_secret);
        mlkem_secret.as_mut_slice().zeroize();
        Ok(secret)
    }
}

/// draft-ietf-tls-ecdhe-mlkem §3: the ML-KEM shared secret, then the X25519 one.
fn combine(mlkem: &[u8], classical: &Secret) -> Secret {
    let mut both = Zeroizing::new([0u8; 64]);
    both[..32].copy_from_slice(mlkem);
    both[32..].copy_from_slice(classical.as_bytes());
    Secret::new(&both[..])
}

/// 32 random bytes, wiped on drop; `b32` lends them as `ml-kem`'s array type without a copy.
fn draw_b32(rng: &dyn SecureRandom) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    rng.fill(&mut bytes[..])?;
    Ok(bytes)
}

fn b32(bytes: &[u8; 32]) -> &B32 {
    bytes.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::{ScriptedRandom, SeededRandom};

    #[test]
    fn shares_and_secret_have_the_draft_layout() {
        let rng = SeededRandom::new([7; 32]);
        let client = X25519MlKem768.start(&rng).unwrap();
        assert_eq!(client.group(), NamedGroup::X25519MLKEM768);
        assert_eq!(client.public_key().len(), 1216);
        let response = X25519MlKem768.respond(client.public_key(), &rng).unwrap();
        assert_eq!(response.share.len(), 1120);
        assert_eq!(response.secret.len(), 64);
        let secret = client.complete(&response.share).unwrap();
        assert_eq!(secret, response.secret);
    }

    #[test]
    fn secret_is_mlkem_then_x25519() {
        // Rebuild both halves independently from the same scripted bytes.
        let d = [1u8; 32];
        let z = [2u8; 32];
        let client_x = [3u8; 32];
        let m = [4u8; 32];
        let server_x = [5u8; 32];
        let client_rng = ScriptedRandom::from_parts(&[&d, &z, &client_x]);
        let client = X25519MlKem768.start(&client_rng).unwrap();
        assert_eq!(client_rng.remaining(), 0, "start draws exactly 96 bytes");
        let server_rng = ScriptedRandom::from_parts(&[&m, &server_x]);
        let response = X25519MlKem768
            .respond(client.public_key(), &server_rng)
            .unwrap();
        assert_eq!(server_rng.remaining(), 0, "respond draws exactly 64 bytes");

        let (_, ek) = MlKem768::generate_deterministic(&B32::from(d), &B32::from(z));
        assert_eq!(&client.public_key()[..1184], &ek.as_bytes()[..]);
        let (ct, mlkem_ss) = ek.encapsulate_deterministic(&B32::from(m)).unwrap();
        assert_eq!(&response.share[..1088], &ct[..]);

        let x_client = X25519.start(&ScriptedRandom::new(client_x)).unwrap();
        assert_eq!(&client.public_key()[1184..], x_client.public_key());
        let x_server = X25519.start(&ScriptedRandom::new(server_x)).unwrap();
        assert_eq!(&response.share[1088..], x_server.public_key());
        let x_ss = x_server.complete(x_client.public_key()).unwrap();

        let mut expected = mlkem_ss.to_vec();
        expected.extend_from_slice(x_ss.as_bytes());
        assert!(response.secret.ct_eq(&expected));
        assert!(client.complete(&response.share).unwrap().ct_eq(&expected));
    }

    #[test]
    fn server_refuses_bad_client_shares() {
        let rng = SeededRandom::new([8; 32]);
        let good = X25519MlKem768.start(&rng).unwrap().public_key().to_vec();
        // Wrong lengths, including a bare X25519 share and a bare encapsulation key.
        for bad in [
            &good[..1215],
            &[good.as_slice(), &[0]].concat()[..],
            &good[1184..],
            &good[..1184],
            &[],
        ] {
            assert_eq!(
                X25519MlKem768.respond(bad, &rng).err(),
                Some(CryptoError::InvalidPeerKey),
                "length {}",
                bad.len()
            );
        }
        // A coefficient ≥ q (FIPS 203 §7.2 modulus check): the first 12-bit coefficient set
        // to 0xfff.
        let mut over_q = good.clone();
        over_q[0] = 0xff;
        over_q[1] |= 0x0f;
        assert_eq!(
            X25519MlKem768.respond(&over_q, &rng).err(),
            Some(CryptoError::InvalidPeerKey)
        );
        // An all-zero X25519 result (small-order point) is refused as for plain X25519.
        let mut zero_x = good.clone();
        zero_x[1184..].fill(0);
        assert_eq!(
            X25519MlKem768.respond(&zero_x, &rng).err(),
            Some(CryptoError::InvalidPeerKey)
        );
        assert!(X25519MlKem768.respond(&good, &rng).is_ok());
    }

    #[test]
    fn client_refuses_bad_server_shares() {
        let rng = SeededRandom::new([9; 32]);
        let probe = X25519MlKem768.start(&rng).unwrap();
        let good = X25519MlKem768
            .respond(probe.public_key(), &rng)
            .unwrap()
            .share;
        let mut zero_x = good.clone();
        zero_x[1088..].fill(0);
        for bad in [
            &good[..1119],
            &[good.as_slice(), &[0]].concat()[..],
            &good[1088..],
            &zero_x,
        ] {
            let client = X25519MlKem768.start(&rng).unwrap();
            assert_eq!(
                client.complete(bad).err(),
                Some(CryptoError::InvalidPeerKey)
            );
        }
        // A tampered ciphertext is not an error (implicit rejection) but yields another secret.
        let server = X25519MlKem768.respond(probe.public_key(), &rng).unwrap();
        let mut tampered = server.share.clone();
        tampered[0] ^= 1;
        assert_ne!(probe.complete(&tampered).unwrap(), server.secret);
    }

    #[test]
    fn exhausted_rng_is_an_error() {
        let rng = ScriptedRandom::new([0u8; 95]);
        assert_eq!(
            X25519MlKem768.start(&rng).err(),
            Some(CryptoError::RandomUnavailable)
        );
        let client = X25519MlKem768.start(&SeededRandom::new([1; 32])).unwrap();
        let rng = ScriptedRandom::new([0u8; 63]);
        assert_eq!(
            X25519MlKem768.respond(client.public_key(), &rng).err(),
            Some(CryptoError::RandomUnavailable)
        );
    }
}
