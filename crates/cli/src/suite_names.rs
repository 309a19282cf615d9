//! `--ciphers` (TLS 1.2 suites) and `--suites` (TLS 1.3 suites), split as OpenSSL splits
//! `-cipher` and `-ciphersuites`: a list in preference order, separated by `:` or `,`, each
//! suite by its IANA name or, for TLS 1.2, its OpenSSL name (`ECDHE-ECDSA-AES128-GCM-SHA256`).
//! Only suites ferrotls implements are known; an unknown name is an error listing them.

use ferrotls_core::suites::{SupportedCipherSuite, ALL_CIPHER_SUITES};
use ferrotls_core::ProtocolVersion;

/// The OpenSSL name of each TLS 1.2 suite ferrotls implements (OpenSSL's `ciphers -stdname`).
const OPENSSL_NAMES: &[(&str, &str)] = &[
    (
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    ),
    (
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    ),
    (
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    ),
    (
        "ECDHE-RSA-AES128-GCM-SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    ),
    (
        "ECDHE-RSA-AES256-GCM-SHA384",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    ),
    (
        "ECDHE-RSA-CHACHA20-POLY1305",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    ),
];

/// `--ciphers LIST`: TLS 1.2 suites by OpenSSL or IANA name, in preference order.
pub fn tls12(list: &str) -> Result<Vec<&'static SupportedCipherSuite>, String> {
    parse("--ciphers", list, ProtocolVersion::TLS1_2)
}

/// `--suites LIST`: TLS 1.3 suites by IANA name (as OpenSSL's `-ciphersuites`), in
/// preference order.
pub fn tls13(list: &str) -> Result<Vec<&'static SupportedCipherSuite>, String> {
    parse("--suites", list, ProtocolVersion::TLS1_3)
}

fn parse(
    flag: &str,
    list: &str,
    version: ProtocolVersion,
) -> Result<Vec<&'static SupportedCipherSuite>, String> {
    let mut suites: Vec<&'static SupportedCipherSuite> = Vec::new();
    for name in list.split([':', ',']) {
        let iana = OPENSSL_NAMES
            .iter()
            .find(|(openssl, _)| openssl.eq_ignore_ascii_case(name))
            .map_or(name, |(_, iana)| iana);
        let suite = ALL_CIPHER_SUITES
            .iter()
            .copied()
            .filter(|s| s.version == version)
            .find(|s| s.name().eq_ignore_ascii_case(iana))
            .ok_or_else(|| {
                let known: Vec<String> = ALL_CIPHER_SUITES
                    .iter()
                    .filter(|s| s.version == version)
                    .map(|s| known_name(s))
                    .collect();
                format!(
                    "{flag}: unknown suite {name:?} (known: {})",
                    known.join(", ")
                )
            })?;
        if suites.iter().any(|s| std::ptr::eq(*s, suite)) {
            return Err(format!("{flag} names {name:?} twice"));
        }
        suites.push(suite);
    }
    Ok(suites)
}

/// The suite's IANA name, with its OpenSSL name in parentheses if it has one.
fn known_name(suite: &SupportedCipherSuite) -> String {
    match OPENSSL_NAMES.iter().find(|(_, iana)| *iana == suite.name()) {
        Some((openssl, _)) => format!("{openssl} ({})", suite.name()),
        None => suite.name().to_string(),
    }
}

/// The suites a config gets: for each enabled version, the chosen list (or every suite of
/// that version); a list for a version that is not enabled is kept, so that the config
/// builder refuses it by name.
pub(crate) fn choose(
    versions: &[ProtocolVersion],
    tls12: Option<&[&'static SupportedCipherSuite]>,
    tls13: Option<&[&'static SupportedCipherSuite]>,
) -> Vec<&'static SupportedCipherSuite> {
    let mut chosen = Vec::new();
    for (version, list) in [
        (ProtocolVersion::TLS1_3, tls13),
        (ProtocolVersion::TLS1_2, tls12),
    ] {
        match list {
            Some(list) => chosen.extend_from_slice(list),
            None if versions.contains(&version) => chosen.extend(
                ALL_CIPHER_SUITES
                    .iter()
                    .copied()
                    .filter(|s| s.version == version),
            ),
            None => {}
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_core::suites::{
        TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256,
        TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    fn names(suites: &[&SupportedCipherSuite]) -> Vec<&'static str> {
        suites.iter().map(|s| s.name()).collect()
    }

    #[test]
    fn openssl_and_iana_names_are_both_understood() {
        assert_eq!(
            names(
                &tls12("ECDHE-RSA-CHACHA20-POLY1305:TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
                    .unwrap()
            ),
            [
                TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256.name(),
                TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.name()
            ]
        );
        assert_eq!(
            names(&tls13("TLS_CHACHA20_POLY1305_SHA256,TLS_AES_256_GCM_SHA384").unwrap()),
            [
                TLS_CHACHA20_POLY1305_SHA256.name(),
                TLS_AES_256_GCM_SHA384.name()
            ]
        );
        assert_eq!(tls12("ecdhe-ecdsa-aes256-gcm-sha384").unwrap().len(), 1);
    }

    #[test]
    fn every_openssl_name_names_a_suite_we_have() {
        for (openssl, iana) in OPENSSL_NAMES {
            assert_eq!(names(&tls12(openssl).unwrap()), [*iana]);
        }
    }

    #[test]
    fn unknown_repeated_and_wrong_version_names_are_refused() {
        for (result, needle) in [
            (
                tls12("AES128-SHA"),
                "--ciphers: unknown suite \"AES128-SHA\"",
            ),
            (tls12("TLS_AES_128_GCM_SHA256"), "unknown suite"),
            (
                tls13("ECDHE-RSA-AES128-GCM-SHA256"),
                "--suites: unknown suite",
            ),
            (tls13(""), "unknown suite \"\""),
            (
                tls13("TLS_AES_128_GCM_SHA256:TLS_AES_128_GCM_SHA256"),
                "twice",
            ),
        ] {
            let e = result.unwrap_err();
            assert!(e.contains(needle), "{e}");
        }
        let e = tls12("x").unwrap_err();
        assert!(
            e.contains("ECDHE-ECDSA-AES128-GCM-SHA256 (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)"),
            "{e}"
        );
    }

    #[test]
    fn chosen_lists_replace_their_version_only() {
        let both = [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
        assert_eq!(choose(&both, None, None).len(), ALL_CIPHER_SUITES.len());
        let tls12_list = tls12("ECDHE-ECDSA-AES128-GCM-SHA256").unwrap();
        let chosen = choose(&both, Some(&tls12_list), None);
        assert_eq!(chosen.len(), 4);
        assert_eq!(chosen.last().map(|s| s.name()), Some(tls12_list[0].name()));
        let only13 = [ProtocolVersion::TLS1_3];
        assert!(choose(&only13, None, None).iter().all(|s| s.is_tls13()));
        // Kept for the builder to refuse: TLS 1.2 suites with only TLS 1.3 enabled.
        assert_eq!(choose(&only13, Some(&tls12_list), None).len(), 4);
    }
}
