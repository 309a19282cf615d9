//! HKDF files (`hkdf_sha256_test.json`, `hkdf_sha384_test.json`) through `Hkdf`: extract then
//! expand must give the file's output, also with `info` in two pieces (as the TLS 1.3 HkdfLabel
//! is passed) and, for an empty salt, with the salt absent (RFC 5869 §2.2: HashLen zeros, the
//! same HMAC key). The invalid tests ask for more than 255 × HashLen bytes: expand must refuse.

use ferrotls_crypto::{CryptoProvider, HashAlgorithm};
use serde::Deserialize;

use crate::file::{hex, Case, VectorFile};
use crate::tally::{Policy, Tally, Verdict};

#[derive(Deserialize)]
pub struct Group {
    tests: Vec<Test>,
}

#[derive(Deserialize)]
pub struct Test {
    #[serde(flatten)]
    case: Case,
    #[serde(deserialize_with = "hex")]
    ikm: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    salt: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    info: Vec<u8>,
    size: usize,
    #[serde(deserialize_with = "hex")]
    okm: Vec<u8>,
}

pub fn run(file: &VectorFile<Group>, provider: &CryptoProvider, tally: &mut Tally) {
    let alg = match file.algorithm.as_str() {
        "HKDF-SHA-256" => HashAlgorithm::Sha256,
        "HKDF-SHA-384" => HashAlgorithm::Sha384,
        other => panic!("{other}: not an HKDF we provide"),
    };
    let hkdf = provider.hkdf(alg).expect("provider has the HKDF");
    for group in &file.test_groups {
        tally.group();
        for test in &group.tests {
            let prk = hkdf.extract(Some(&test.salt), &test.ikm);
            if test.salt.is_empty() && hkdf.extract(None, &test.ikm) != prk {
                tally.fail(&test.case, "absent salt differs from empty salt".into());
            }
            let mut okm = vec![0u8; test.size];
            let verdict = match hkdf.expand(prk.as_bytes(), &[&test.info], &mut okm) {
                Ok(()) => {
                    let (head, tail) = test.info.split_at(test.info.len() / 2);
                    let mut pieces = vec![0u8; test.size];
                    let split = hkdf.expand(prk.as_bytes(), &[head, tail], &mut pieces);
                    if okm != test.okm || split.is_err() || pieces != okm {
                        tally.fail(&test.case, "wrong output".into());
                    }
                    Verdict::Accepted
                }
                Err(e) => Verdict::Rejected(e.to_string()),
            };
            tally.record(&test.case, Policy::MustReject, verdict);
        }
    }
}
