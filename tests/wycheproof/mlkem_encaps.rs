//! `mlkem_768_encaps_test.json` (ML-KEM-768 Encaps from an encapsulation key and the 32-byte
//! `m`) through the server's half of X25519MLKEM768 (see `hybrid`): `respond` to the file's `ek`
//! (followed by an X25519 share) draws the file's `m` (FIPS 203 §6.2 ML-KEM.Encaps_internal)
//! and must answer with the file's ciphertext and `K`. Encapsulation keys of the wrong length,
//! or with a coefficient not reduced mod q (FIPS 203 §7.2's modulus check), are `invalid` and
//! must be refused.

use ferrotls_crypto::random::ScriptedRandom;
use ferrotls_crypto::CryptoProvider;
use serde::Deserialize;

use crate::file::{hex, Case, VectorFile};
use crate::hybrid::{for_each_test, Group, CT_LEN};
use crate::tally::{Policy, Tally, Verdict};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Test {
    #[serde(flatten)]
    case: Case,
    #[serde(deserialize_with = "hex")]
    ek: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    m: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    c: Vec<u8>,
    #[serde(rename = "K", deserialize_with = "hex")]
    k: Vec<u8>,
}

pub fn run(file: &VectorFile<Group<Test>>, provider: &CryptoProvider, tally: &mut Tally) {
    for_each_test(file, provider, tally, |kx, classical, test, tally| {
        assert_eq!(test.m.len(), 32, "tcId {}: m", test.case.tc_id);
        let rng = ScriptedRandom::from_parts(&[&test.m, &classical.private]);
        let verdict = match kx.respond(&[&test.ek[..], &classical.peer].concat(), &rng) {
            Ok(response) => {
                if rng.remaining() != 0 {
                    tally.fail(&test.case, "respond left random bytes undrawn".into());
                }
                let (c, x) = response.share.split_at(CT_LEN.min(response.share.len()));
                if c != test.c || x != classical.public {
                    tally.fail(&test.case, "server share is not c ‖ X25519".into());
                }
                if response.secret.as_bytes() != classical.secret(&test.k) {
                    tally.fail(&test.case, "wrong shared secret".into());
                }
                Verdict::Accepted
            }
            Err(e) => Verdict::Rejected(e.to_string()),
        };
        tally.record(&test.case, Policy::MustAccept, verdict);
    });
}
