//! `x25519_test.json` through `KxGroup`: the file's private key is handed to the group as its
//! random draw (a scripted source; X25519 draws exactly the 32-byte private key), then both the
//! initiator's path (`start` + `complete`) and the responder's (`respond`) must give the file's
//! shared secret.
//!
//! `acceptable` tests: those flagged `ZeroSharedSecret` (low-order peer points) must be refused,
//! because RFC 9846 §7.4.2 and RFC 7748 §6.1 require a TLS implementation to abort on an all-zero
//! secret; every other one (points on the twist, non-canonical encodings) must be accepted with
//! the file's secret, because RFC 7748 §5 defines X25519 on every 32-byte string and masks the
//! top bit, and a peer sending such a share is within the RFC.

use ferrotls_crypto::random::ScriptedRandom;
use ferrotls_crypto::{CryptoProvider, NamedGroup};
use serde::Deserialize;

use crate::file::{hex, Case, VectorFile};
use crate::tally::{Policy, Tally, Verdict};

#[derive(Deserialize)]
pub struct Group {
    curve: String,
    tests: Vec<Test>,
}

#[derive(Deserialize)]
pub struct Test {
    #[serde(flatten)]
    case: Case,
    #[serde(deserialize_with = "hex")]
    public: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    private: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    shared: Vec<u8>,
}

pub fn run(file: &VectorFile<Group>, provider: &CryptoProvider, tally: &mut Tally) {
    for group in &file.test_groups {
        tally.group();
        assert_eq!(group.curve, "curve25519", "only X25519 is read here");
        let Some(kx) = provider.kx_group(NamedGroup::X25519) else {
            panic!("provider has no X25519");
        };
        for test in &group.tests {
            let policy = if test.case.has_flag("ZeroSharedSecret") {
                Policy::MustReject
            } else {
                Policy::MustAccept
            };
            let initiator = kx
                .start(&ScriptedRandom::new(test.private.clone()))
                .and_then(|ours| ours.complete(&test.public));
            let responder = kx
                .respond(&test.public, &ScriptedRandom::new(test.private.clone()))
                .map(|r| r.secret);
            let verdict = match (initiator, responder) {
                (Ok(a), Ok(b)) => {
                    if a.as_bytes() != test.shared || b.as_bytes() != test.shared {
                        tally.fail(&test.case, "wrong shared secret".into());
                    }
                    Verdict::Accepted
                }
                (Err(a), Err(b)) if a == b => Verdict::Rejected(a.to_string()),
                (a, b) => {
                    tally.fail(
                        &test.case,
                        format!("start+complete and respond disagree: {a:?} / {b:?}"),
                    );
                    Verdict::Rejected("disagreement".into())
                }
            };
            tally.record(&test.case, policy, verdict);
        }
    }
}

/// The file's first `Normal` valid test as (our private key, the peer's public key, the shared
/// secret): the X25519 half the hybrid runners pair with ML-KEM.
pub fn first_plain_valid(file: &VectorFile<Group>) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let test = file
        .test_groups
        .iter()
        .flat_map(|g| &g.tests)
        .find(|t| t.case.result == crate::file::Expect::Valid && t.case.has_flag("Normal"))
        .expect("a normal valid X25519 test");
    (
        test.private.clone(),
        test.public.clone(),
        test.shared.clone(),
    )
}
