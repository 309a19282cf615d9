//! The TLS 1.3 suites, groups and server keys the tests cover, and how our `handshake:` line,
//! OpenSSL and GnuTLS name them.

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop_peers;

/// A TLS 1.3 suite as our line, OpenSSL and GnuTLS name it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Suite {
    pub(crate) iana: &'static str,
    /// The cipher in a GnuTLS priority string and its `- Description:` line.
    pub(crate) gnutls: &'static str,
}

pub(crate) const SUITES: [Suite; 3] = [
    Suite {
        iana: "TLS_AES_128_GCM_SHA256",
        gnutls: "AES-128-GCM",
    },
    Suite {
        iana: "TLS_AES_256_GCM_SHA384",
        gnutls: "AES-256-GCM",
    },
    Suite {
        iana: "TLS_CHACHA20_POLY1305_SHA256",
        gnutls: "CHACHA20-POLY1305",
    },
];

/// A key-exchange group as our line / `-groups` / `--groups`, OpenSSL's client summary and GnuTLS
/// name it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Group {
    pub(crate) name: &'static str,
    pub(crate) openssl_temp_key: &'static str,
    pub(crate) gnutls: &'static str,
}

pub(crate) const X25519: Group = Group {
    name: "x25519",
    openssl_temp_key: "Server Temp Key: X25519",
    gnutls: "X25519",
};

pub(crate) const SECP256R1: Group = Group {
    name: "secp256r1",
    openssl_temp_key: "Server Temp Key: ECDH, prime256v1",
    gnutls: "SECP256R1",
};

pub(crate) const GROUPS: [Group; 2] = [X25519, SECP256R1];

/// The six suite × group cases, each with a server key type: every type serves twice, once per
/// group.
pub(crate) fn matrix() -> Vec<(Suite, Group, KeyKind)> {
    let mut cases = Vec::new();
    for suite in SUITES {
        for group in GROUPS {
            let kind = KeyKind::ALL[cases.len() % KeyKind::ALL.len()];
            cases.push((suite, group, kind));
        }
    }
    cases
}

/// How OpenSSL's client names the server's signature (`Peer signature type:`) and how the
/// signature part of GnuTLS's `- Description:` line starts, for each server key type (for RSA
/// the hash is the signer's choice).
pub(crate) fn signature_names(kind: KeyKind) -> (&'static str, &'static str) {
    match kind {
        KeyKind::EcdsaP256 => ("Peer signature type: ECDSA", "ECDSA-SECP256R1-SHA256"),
        KeyKind::Ed25519 => ("Peer signature type: ed25519", "EdDSA-Ed25519"),
        KeyKind::Rsa2048 => ("Peer signature type: RSA-PSS", "RSA-PSS-RSAE-SHA"),
    }
}

/// Whether GnuTLS's output has the `- Description:` line of a TLS 1.3 handshake with these
/// parameters, e.g. `- Description: (TLS1.3-X.509)-(ECDHE-X25519)-(EdDSA-Ed25519)-(AES-128-GCM)`.
pub(crate) fn gnutls_described(output: &str, group: &str, kind: KeyKind, cipher: &str) -> bool {
    let start = format!(
        "- Description: (TLS1.3-X.509)-(ECDHE-{group})-({}",
        signature_names(kind).1
    );
    let end = format!(")-({cipher})");
    output
        .lines()
        .any(|l| l.starts_with(&start) && l.ends_with(&end))
}

/// The start of our line for a TLS 1.3 handshake with these parameters.
pub(crate) fn our_line(suite: &str, group: &str, alpn: &str) -> String {
    format!("handshake: version=TLSv1.3 suite={suite} group={group} alpn={alpn} resumed=no")
}

/// A GnuTLS priority string for TLS 1.3 with these groups and (if any) ciphers.
pub(crate) fn gnutls_priority(groups: &[&str], ciphers: &[&str]) -> String {
    interop_peers::gnutls_priority("TLS1.3", groups, ciphers)
}
