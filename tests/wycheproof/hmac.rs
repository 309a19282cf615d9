//! HMAC files (`hmac_sha256_test.json`, `hmac_sha384_test.json`) through `Hmac`/`HmacKey`.
//!
//! Our trait computes the full tag; the groups with truncated tags (128 bits of SHA-256, 192 of
//! SHA-384) compare its leading bytes, which is all truncation is (RFC 2104 §5). A valid test's
//! tag must match by all three of the trait's calls (`with_key`, `with_key_scoped`,
//! `sign_once`, with the message in one piece and in two); an invalid (modified) tag must not.

use ferrotls_crypto::{CryptoProvider, HashAlgorithm};
use serde::Deserialize;

use crate::file::{hex, Case, VectorFile};
use crate::tally::{Policy, Tally, Verdict};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    tag_size: usize,
    tests: Vec<Test>,
}

#[derive(Deserialize)]
pub struct Test {
    #[serde(flatten)]
    case: Case,
    #[serde(deserialize_with = "hex")]
    key: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    msg: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    tag: Vec<u8>,
}

pub fn run(file: &VectorFile<Group>, provider: &CryptoProvider, tally: &mut Tally) {
    let alg = match file.algorithm.as_str() {
        "HMACSHA256" => HashAlgorithm::Sha256,
        "HMACSHA384" => HashAlgorithm::Sha384,
        other => panic!("{other}: not an HMAC we provide"),
    };
    let hmac = provider.hmac(alg).expect("provider has the HMAC");
    for group in &file.test_groups {
        tally.group();
        let len = group.tag_size / 8;
        assert!(len <= alg.output_len() && group.tag_size % 8 == 0);
        for test in &group.tests {
            let (head, tail) = test.msg.split_at(test.msg.len() / 2);
            let whole = hmac.with_key(&test.key).sign(&[&test.msg]);
            let mut scoped = None;
            hmac.with_key_scoped(&test.key, &mut |k| scoped = Some(k.sign(&[head, tail])));
            let once = hmac.sign_once(&test.key, &[head, &[], tail]);
            if Some(&whole) != scoped.as_ref() || whole != once || whole.len() != alg.output_len() {
                tally.fail(&test.case, "the trait's calls disagree".into());
            }
            let verdict = if whole.as_bytes()[..len] == test.tag[..] {
                Verdict::Accepted
            } else {
                Verdict::Rejected("tag differs".into())
            };
            tally.record(&test.case, Policy::MustReject, verdict);
        }
    }
}
