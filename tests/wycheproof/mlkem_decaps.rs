//! `mlkem_768_test.json` (ML-KEM-768 KeyGen from the seed, then Decaps) through the client's
//! half of X25519MLKEM768 (see `hybrid`): `start` draws the file's 64-byte seed (`d ‖ z`, FIPS
//! 203 §7.1 ML-KEM.KeyGen_internal) and must publish the file's `ek`; `complete` on the file's
//! ciphertext must give the file's `K` (the real key, or FIPS 203 §6.3's implicit-rejection key
//! for random and bit-flipped ciphertexts, which are `valid`). A ciphertext of the wrong length
//! must be refused. Seeds of the wrong length (`invalid`) are skipped and counted: the group
//! draws exactly 64 bytes from the random source, so our trait cannot be handed one.

use ferrotls_crypto::random::ScriptedRandom;
use ferrotls_crypto::CryptoProvider;
use serde::Deserialize;

use crate::file::{hex, Case, VectorFile};
use crate::hybrid::{for_each_test, Group, EK_LEN};
use crate::tally::{Policy, Tally, Verdict};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Test {
    #[serde(flatten)]
    case: Case,
    #[serde(deserialize_with = "hex")]
    seed: Vec<u8>,
    /// Absent from the tests of a malformed seed.
    #[serde(default, deserialize_with = "hex")]
    ek: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    c: Vec<u8>,
    #[serde(rename = "K", deserialize_with = "hex")]
    k: Vec<u8>,
}

pub fn run(file: &VectorFile<Group<Test>>, provider: &CryptoProvider, tally: &mut Tally) {
    for_each_test(file, provider, tally, |kx, classical, test, tally| {
        if test.seed.len() != 64 {
            tally.skip("seed not 64 bytes (the group draws exactly d and z)");
            return;
        }
        let rng = ScriptedRandom::from_parts(&[&test.seed, &classical.private]);
        let client = match kx.start(&rng) {
            Ok(client) => client,
            Err(e) => {
                tally.fail(&test.case, format!("start: {e}"));
                return;
            }
        };
        if rng.remaining() != 0 {
            tally.fail(&test.case, "start left random bytes undrawn".into());
        }
        let public = client.public_key();
        if !test.ek.is_empty() && public[..EK_LEN.min(public.len())] != test.ek[..] {
            tally.fail(&test.case, "client share is not ek ‖ X25519".into());
        }
        if public[EK_LEN..] != classical.public[..] {
            tally.fail(&test.case, "client share's X25519 half".into());
        }
        let verdict = match client.complete(&[&test.c[..], &classical.peer].concat()) {
            Ok(secret) => {
                if secret.as_bytes() != classical.secret(&test.k) {
                    tally.fail(&test.case, "wrong shared secret".into());
                }
                Verdict::Accepted
            }
            Err(e) => Verdict::Rejected(e.to_string()),
        };
        tally.record(&test.case, Policy::MustAccept, verdict);
    });
}
