//! AEAD files (`aes_gcm_test.json`, `chacha20_poly1305_test.json`) through `Aead`/`AeadKey`.
//!
//! A valid test must seal to the file's ciphertext and tag and open back to the message; an
//! invalid one must fail to open. Skipped by rule (our traits cannot express them): nonces other
//! than 96 bits (`AeadKey` takes `&[u8; 12]`, the only nonce TLS builds, RFC 9846 §5.3), tags
//! other than 128 bits, and AES-192 (no TLS cipher suite uses it).

use ferrotls_crypto::{AeadAlgorithm, CryptoProvider};
use serde::Deserialize;

use crate::file::{hex, Case, VectorFile};
use crate::tally::{Policy, Tally, Verdict};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    key_size: usize,
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
    iv: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    aad: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    msg: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    ct: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    tag: Vec<u8>,
}

/// Which of our algorithms a group of `file` is, or why it is skipped.
fn algorithm(file: &str, key_bits: usize) -> Result<AeadAlgorithm, &'static str> {
    match (file, key_bits) {
        ("AES-GCM", 128) => Ok(AeadAlgorithm::Aes128Gcm),
        ("AES-GCM", 256) => Ok(AeadAlgorithm::Aes256Gcm),
        ("AES-GCM", _) => Err("AES key size not 128 or 256"),
        ("CHACHA20-POLY1305", 256) => Ok(AeadAlgorithm::ChaCha20Poly1305),
        _ => panic!("{file} with a {key_bits}-bit key: not an AEAD file this runner knows"),
    }
}

pub fn run(file: &VectorFile<Group>, provider: &CryptoProvider, tally: &mut Tally) {
    for group in &file.test_groups {
        tally.group();
        for test in &group.tests {
            let alg = match algorithm(&file.algorithm, group.key_size) {
                Ok(alg) => alg,
                Err(reason) => {
                    tally.skip(reason);
                    continue;
                }
            };
            if group.tag_size != 128 {
                tally.skip("tag not 128 bits");
                continue;
            }
            let Ok(nonce) = <[u8; 12]>::try_from(&test.iv[..]) else {
                tally.skip("nonce not 96 bits");
                continue;
            };
            let Some(aead) = provider.aead(alg) else {
                tally.fail(&test.case, format!("provider has no {alg:?}"));
                continue;
            };
            let verdict = one(aead, test, &nonce, tally);
            tally.record(&test.case, Policy::MustReject, verdict);
        }
    }
}

fn one(
    aead: &dyn ferrotls_crypto::aead::Aead,
    test: &Test,
    nonce: &[u8; 12],
    tally: &mut Tally,
) -> Verdict {
    let key = match aead.new_key(&test.key) {
        Ok(key) => key,
        Err(e) => return Verdict::Rejected(format!("new_key: {e}")),
    };
    if test.case.result == crate::file::Expect::Valid {
        let mut buf = test.msg.clone();
        match key.seal_in_place(nonce, &test.aad, &mut buf) {
            Ok(tag) if buf == test.ct && tag[..] == test.tag[..] => {}
            Ok(_) => tally.fail(&test.case, "seal: wrong ciphertext or tag".into()),
            Err(e) => tally.fail(&test.case, format!("seal: {e}")),
        }
    }
    let mut buf = [&test.ct[..], &test.tag[..]].concat();
    match key.open_in_place(nonce, &test.aad, &mut buf) {
        Ok(len) if buf[..len] == test.msg[..] => Verdict::Accepted,
        Ok(_) => {
            tally.fail(&test.case, "open: wrong plaintext".into());
            Verdict::Accepted
        }
        Err(e) => Verdict::Rejected(format!("open: {e}")),
    }
}
