//! The TLS 1.2 suites, groups, client certificates and server keys the tests cover, and how our
//! `handshake:` line, OpenSSL and GnuTLS name and report them.

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop_peers;

/// A TLS 1.2 suite as our line, OpenSSL and GnuTLS name it, with the server key that serves it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Suite {
    pub(crate) iana: &'static str,
    pub(crate) openssl: &'static str,
    /// The cipher in a GnuTLS priority string and its `- Description:` line.
    pub(crate) gnutls: &'static str,
    pub(crate) kind: KeyKind,
}

/// The ECDSA suites are served by the P-256 certificate, one of them by the Ed25519 one.
pub(crate) const SUITES: [Suite; 6] = [
    Suite {
        iana: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        openssl: "ECDHE-ECDSA-AES128-GCM-SHA256",
        gnutls: "AES-128-GCM",
        kind: KeyKind::EcdsaP256,
    },
    Suite {
        iana: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        openssl: "ECDHE-ECDSA-AES256-GCM-SHA384",
        gnutls: "AES-256-GCM",
        kind: KeyKind::Ed25519,
    },
    Suite {
        iana: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        openssl: "ECDHE-ECDSA-CHACHA20-POLY1305",
        gnutls: "CHACHA20-POLY1305",
        kind: KeyKind::EcdsaP256,
    },
    Suite {
        iana: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        openssl: "ECDHE-RSA-AES128-GCM-SHA256",
        gnutls: "AES-128-GCM",
        kind: KeyKind::Rsa2048,
    },
    Suite {
        iana: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        openssl: "ECDHE-RSA-AES256-GCM-SHA384",
        gnutls: "AES-256-GCM",
        kind: KeyKind::Rsa2048,
    },
    Suite {
        iana: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        openssl: "ECDHE-RSA-CHACHA20-POLY1305",
        gnutls: "CHACHA20-POLY1305",
        kind: KeyKind::Rsa2048,
    },
];

/// A key-exchange group as our line and `--groups`, OpenSSL's `-groups`, OpenSSL's client
/// summary, and GnuTLS name it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Group {
    pub(crate) name: &'static str,
    pub(crate) openssl: &'static str,
    pub(crate) openssl_temp_key: &'static str,
    pub(crate) gnutls: &'static str,
}

pub(crate) const X25519: Group = Group {
    name: "x25519",
    openssl: "X25519",
    openssl_temp_key: "Server Temp Key: X25519",
    gnutls: "X25519",
};

pub(crate) const SECP256R1: Group = Group {
    name: "secp256r1",
    openssl: "P-256",
    openssl_temp_key: "Server Temp Key: ECDH, prime256v1",
    gnutls: "SECP256R1",
};

pub(crate) const GROUPS: [Group; 2] = [X25519, SECP256R1];

/// One handshake of a matrix: a suite, a group, and the client certificate if any.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Case {
    pub(crate) suite: Suite,
    pub(crate) group: Group,
    pub(crate) client_auth: Option<KeyKind>,
}

/// The twelve suite × group cases. Every other case authenticates the client (so each suite
/// is run with and without), with the client key types in turn.
pub(crate) fn matrix() -> Vec<Case> {
    let mut cases = Vec::new();
    for suite in SUITES {
        for group in GROUPS {
            let i = cases.len();
            let client_auth = (i % 2 == 1).then(|| KeyKind::ALL[(i / 2) % KeyKind::ALL.len()]);
            cases.push(Case {
                suite,
                group,
                client_auth,
            });
        }
    }
    cases
}

/// The groups the client offers for `case` (RFC 8422 §5.1: a P-256 certificate needs P-256
/// listed even when the exchange uses X25519; the server is restricted to the case's group).
pub(crate) fn client_groups(case: Case, sep: &str, name: impl Fn(Group) -> &'static str) -> String {
    if case.suite.kind == KeyKind::EcdsaP256 && case.group.name == X25519.name {
        format!("{}{sep}{}", name(X25519), name(SECP256R1))
    } else {
        name(case.group).to_string()
    }
}

/// How OpenSSL names the server's signature (`Peer signature type:`) and how the signature part
/// of GnuTLS's `- Description:` line starts, for each server key type (the hash of an ECDSA or
/// RSA signature is the signer's choice).
pub(crate) fn signature_names(kind: KeyKind) -> (&'static str, &'static str) {
    match kind {
        KeyKind::EcdsaP256 => ("Peer signature type: ECDSA", "ECDSA-SHA"),
        KeyKind::Ed25519 => ("Peer signature type: ed25519", "EdDSA-Ed25519"),
        KeyKind::Rsa2048 => ("Peer signature type: RSA-PSS", "RSA-PSS-RSAE-SHA"),
    }
}

/// Whether GnuTLS's output has the `- Description:` line of a TLS 1.2 handshake with these
/// parameters, e.g. `- Description: (TLS1.2-X.509)-(ECDHE-X25519)-(ECDSA-SHA256)-(AES-128-GCM)`.
pub(crate) fn gnutls_described(output: &str, case: Case) -> bool {
    let start = format!(
        "- Description: (TLS1.2-X.509)-(ECDHE-{})-({}",
        case.group.gnutls,
        signature_names(case.suite.kind).1
    );
    let end = format!(")-({})", case.suite.gnutls);
    output
        .lines()
        .any(|l| l.starts_with(&start) && l.trim_end().ends_with(&end))
}

pub(crate) const GNUTLS_EMS: &str = "- Options: extended master secret, safe renegotiation,";

/// A GnuTLS priority string for TLS 1.2 with these groups and (if any) ciphers.
pub(crate) fn gnutls_priority(groups: &[&str], ciphers: &[&str]) -> String {
    interop_peers::gnutls_priority("TLS1.2", groups, ciphers)
}

/// Whether `output` has our line for a full TLS 1.2 handshake with extended master secret.
pub(crate) fn has_our_line(output: &str, suite: &str, group: &str) -> bool {
    let start = format!(
        "handshake: version=TLSv1.2 suite={suite} group={group} alpn=- resumed=no session_id="
    );
    output
        .lines()
        .any(|l| l.starts_with(&start) && l.ends_with(" early_data=no ems=yes"))
}
