//! What the two ML-KEM-768 runners share: they run the file's ML-KEM values through
//! X25519MLKEM768's `KxGroup` (the only way our traits reach ML-KEM), with a fixed X25519 half
//! taken from `x25519_test.json`, so that every output is known: the client share is
//! `ek ‖ X25519 public`, the server share `c ‖ X25519 public`, the secret `K ‖ X25519 secret`
//! (draft-ietf-tls-ecdhe-mlkem §3). The randomness the group draws is the file's (FIPS 203's
//! `d ‖ z` for KeyGen, `m` for Encaps) followed by the X25519 private key, injected with a
//! scripted source.

use ferrotls_crypto::kx::KxGroup;
use ferrotls_crypto::{CryptoProvider, NamedGroup};
use serde::Deserialize;

use crate::file::VectorFile;
use crate::tally::Tally;

/// ML-KEM-768 encapsulation key and ciphertext lengths (FIPS 203 §8, Table 3).
pub const EK_LEN: usize = 1184;
pub const CT_LEN: usize = 1088;

/// The fixed X25519 half.
pub struct Classical {
    /// Our private key, drawn after the ML-KEM randomness.
    pub private: Vec<u8>,
    /// Our public key, as the provider's X25519 computes it from `private`.
    pub public: Vec<u8>,
    /// The peer's public key, appended to the peer's ML-KEM value.
    pub peer: Vec<u8>,
    /// The X25519 shared secret.
    pub shared: Vec<u8>,
}

impl Classical {
    pub fn load(provider: &CryptoProvider) -> Self {
        let file = VectorFile::<crate::kx::Group>::load("x25519_test.json");
        let (private, peer, shared) = crate::kx::first_plain_valid(&file);
        let x25519 = provider.kx_group(NamedGroup::X25519).expect("X25519");
        let public = x25519
            .start(&ferrotls_crypto::random::ScriptedRandom::new(
                private.clone(),
            ))
            .expect("X25519 start")
            .public_key()
            .to_vec();
        Self {
            private,
            public,
            peer,
            shared,
        }
    }

    /// `mlkem ‖ X25519 shared secret`, the hybrid secret for ML-KEM secret `mlkem`.
    pub fn secret(&self, mlkem: &[u8]) -> Vec<u8> {
        [mlkem, &self.shared].concat()
    }
}

/// The provider's X25519MLKEM768.
pub fn group(provider: &CryptoProvider) -> &'static dyn KxGroup {
    provider
        .kx_group(NamedGroup::X25519MLKEM768)
        .expect("every provider has X25519MLKEM768 (our default group)")
}

/// A test group of either ML-KEM file: its parameter set and its tests (each runner's `Test`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group<T> {
    parameter_set: String,
    tests: Vec<T>,
}

/// Calls `each` on every test of `file` with the provider's X25519MLKEM768 and the fixed X25519
/// half, counting the groups; only ML-KEM-768 groups are expected.
pub fn for_each_test<T>(
    file: &VectorFile<Group<T>>,
    provider: &CryptoProvider,
    tally: &mut Tally,
    mut each: impl FnMut(&dyn KxGroup, &Classical, &T, &mut Tally),
) {
    let kx = group(provider);
    let classical = Classical::load(provider);
    for group in &file.test_groups {
        tally.group();
        assert_eq!(
            group.parameter_set, "ML-KEM-768",
            "only ML-KEM-768 is read here"
        );
        for test in &group.tests {
            each(kx, &classical, test, tally);
        }
    }
}
