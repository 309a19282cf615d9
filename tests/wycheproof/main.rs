//! The Wycheproof vectors (C2SP/wycheproof; which file, from which commit: see
//! `vectors/wycheproof/README.md`) run through our provider traits, on every provider.
//!
//! One `#[test]` per file; each runs the file on every provider compiled in
//! (`ferrotls_tests::providers`: RustCrypto, ring, aws-lc-rs) and asserts, per provider, the
//! file's group and test counts and how many tests were skipped by rule, so a file that is read
//! only in part, or not at all, fails. Every `valid` test must succeed with the file's output,
//! every `invalid` one must be refused, and each runner says what it requires of `acceptable`
//! ones and which tests our traits cannot express (skipped and counted):
//!
//! - `aead`: AES-GCM and ChaCha20-Poly1305 (`Aead`/`AeadKey`); skips nonces other than 96 bits,
//!   tags other than 128 bits, AES-192.
//! - `kx`: X25519 (`KxGroup`, both the initiator's and the responder's calls); an all-zero
//!   secret must be refused, twist points and non-canonical encodings accepted.
//! - `mlkem_decaps`, `mlkem_encaps`: ML-KEM-768 known answers (KeyGen from the seed, Decaps;
//!   Encaps from `m`) through X25519MLKEM768's `KxGroup` with the randomness injected, an
//!   X25519 half from `x25519_test.json` (`hybrid`); seeds of a length the group cannot draw
//!   are skipped.
//! - `signature`: ECDSA P-256/P-384, Ed25519, RSASSA-PSS, RSASSA-PKCS1-v1_5 by the certificate
//!   road (`verification.all`) and the handshake road (`verify_signature` by TLS scheme); a
//!   PKCS#1 DigestInfo without its NULL may go either way.
//! - `hkdf`, `hmac`: HKDF and HMAC over SHA-256 and SHA-384, every call of the traits.
//!
//! `file` is the JSON shape every schema shares; `tally` counts and collects failures.
#![forbid(unsafe_code)]

mod aead;
mod file;
mod hkdf;
mod hmac;
mod hybrid;
mod kx;
mod mlkem_decaps;
mod mlkem_encaps;
mod signature;
mod tally;

use ferrotls_crypto::CryptoProvider;

use crate::file::VectorFile;
use crate::tally::Tally;

/// Runs `file` with `runner` on every provider and checks the counts.
fn check<G: serde::de::DeserializeOwned>(
    name: &str,
    runner: fn(&VectorFile<G>, &CryptoProvider, &mut Tally),
    groups: usize,
    tests: usize,
    skipped: usize,
) {
    let file = VectorFile::<G>::load(name);
    assert_eq!(file.number_of_tests, tests, "{name}: numberOfTests");
    assert_eq!(file.test_groups.len(), groups, "{name}: groups");
    for each in ferrotls_tests::providers::providers() {
        let (provider_name, provider) = (each.name, each.os());
        let mut tally = Tally::default();
        runner(&file, &provider, &mut tally);
        println!("{provider_name:>10} {name}: {tally}");
        assert!(
            tally.failures.is_empty(),
            "{provider_name} {name}: {} failures:\n{}",
            tally.failures.len(),
            tally.failures.join("\n")
        );
        assert_eq!(
            (tally.groups, tally.tests, tally.skipped_total()),
            (groups, tests, skipped),
            "{provider_name} {name}: (groups, tests, skipped)"
        );
        let ran =
            tally.valid + tally.invalid + tally.acceptable_accepted + tally.acceptable_rejected;
        assert_eq!(
            ran + skipped,
            tests,
            "{provider_name} {name}: every test ran or skipped"
        );
    }
}

macro_rules! files {
    ($($test:ident: $file:literal, $runner:ident, groups $groups:literal, tests $tests:literal,
       skipped $skipped:literal;)*) => {
        $(
            #[test]
            fn $test() {
                check($file, $runner::run, $groups, $tests, $skipped);
            }
        )*

        const FILES: &[&str] = &[$($file),*];
    };
}

files! {
    aes_gcm: "aes_gcm_test.json", aead, groups 45, tests 316, skipped 183;
    chacha20_poly1305: "chacha20_poly1305_test.json", aead, groups 10, tests 325, skipped 9;
    x25519: "x25519_test.json", kx, groups 1, tests 518, skipped 0;
    mlkem_768_decaps: "mlkem_768_test.json", mlkem_decaps, groups 2, tests 193, skipped 20;
    mlkem_768_encaps: "mlkem_768_encaps_test.json", mlkem_encaps, groups 2, tests 265, skipped 0;
    ecdsa_p256_sha256: "ecdsa_secp256r1_sha256_test.json", signature, groups 113, tests 484, skipped 0;
    ecdsa_p384_sha256: "ecdsa_secp384r1_sha256_test.json", signature, groups 105, tests 472, skipped 0;
    ecdsa_p384_sha384: "ecdsa_secp384r1_sha384_test.json", signature, groups 105, tests 504, skipped 0;
    ed25519: "ed25519_test.json", signature, groups 78, tests 151, skipped 0;
    rsa_pss_2048_sha256: "rsa_pss_2048_sha256_mgf1_32_test.json", signature, groups 1, tests 108, skipped 0;
    rsa_pss_2048_sha384: "rsa_pss_2048_sha384_mgf1_48_test.json", signature, groups 1, tests 141, skipped 0;
    rsa_pss_3072_sha256: "rsa_pss_3072_sha256_mgf1_32_test.json", signature, groups 1, tests 108, skipped 0;
    rsa_pss_4096_sha256: "rsa_pss_4096_sha256_mgf1_32_test.json", signature, groups 1, tests 108, skipped 0;
    rsa_pss_4096_sha384: "rsa_pss_4096_sha384_mgf1_48_test.json", signature, groups 1, tests 141, skipped 0;
    rsa_pss_4096_sha512: "rsa_pss_4096_sha512_mgf1_64_test.json", signature, groups 1, tests 179, skipped 0;
    rsa_pkcs1_2048_sha256: "rsa_signature_2048_sha256_test.json", signature, groups 3, tests 259, skipped 0;
    rsa_pkcs1_2048_sha384: "rsa_signature_2048_sha384_test.json", signature, groups 1, tests 258, skipped 0;
    rsa_pkcs1_2048_sha512: "rsa_signature_2048_sha512_test.json", signature, groups 2, tests 259, skipped 0;
    rsa_pkcs1_3072_sha256: "rsa_signature_3072_sha256_test.json", signature, groups 2, tests 259, skipped 0;
    rsa_pkcs1_3072_sha384: "rsa_signature_3072_sha384_test.json", signature, groups 1, tests 259, skipped 0;
    rsa_pkcs1_3072_sha512: "rsa_signature_3072_sha512_test.json", signature, groups 2, tests 260, skipped 0;
    rsa_pkcs1_4096_sha256: "rsa_signature_4096_sha256_test.json", signature, groups 1, tests 258, skipped 0;
    rsa_pkcs1_4096_sha384: "rsa_signature_4096_sha384_test.json", signature, groups 1, tests 259, skipped 0;
    rsa_pkcs1_4096_sha512: "rsa_signature_4096_sha512_test.json", signature, groups 1, tests 259, skipped 0;
    rsa_pkcs1_8192_sha256: "rsa_signature_8192_sha256_test.json", signature, groups 1, tests 258, skipped 0;
    hkdf_sha256: "hkdf_sha256_test.json", hkdf, groups 5, tests 86, skipped 0;
    hkdf_sha384: "hkdf_sha384_test.json", hkdf, groups 4, tests 83, skipped 0;
    hmac_sha256: "hmac_sha256_test.json", hmac, groups 6, tests 174, skipped 0;
    hmac_sha384: "hmac_sha384_test.json", hmac, groups 6, tests 174, skipped 0;
}

/// Every vector file in the directory is run by one of the tests above, and every test's file is
/// there.
#[test]
fn every_file_is_run() {
    let dir = ferrotls_tests::vectors::dir().join("wycheproof");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FILES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}
