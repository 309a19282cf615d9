//! The cipher suites ferrotls implements, and what each one implies.

use ferrotls_crypto::{AeadAlgorithm, HashAlgorithm};
use ferrotls_record::ProtocolVersion;

pub use crate::msgs::enums::CipherSuite;

/// How a TLS 1.2 suite authenticates the server (the signature in ServerKeyExchange).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tls12Auth {
    /// ECDHE_ECDSA: ECDSA or, per RFC 8422 §5.1.2, EdDSA certificates.
    Ecdsa,
    /// ECDHE_RSA: RSA certificates (PKCS#1 v1.5 or PSS signatures).
    Rsa,
}

/// A cipher suite with its parameters.
#[derive(Debug, PartialEq, Eq)]
pub struct SupportedCipherSuite {
    /// The code point sent on the wire.
    pub suite: CipherSuite,
    /// The one version this suite belongs to (TLS 1.3 and TLS 1.2 suites do not mix, RFC 9846
    /// §B.4). TLS 1.3 suites name only the AEAD and hash; TLS 1.2 suites also fix the key
    /// exchange (ECDHE) and the server's signature algorithm ([`tls12_auth`](Self::tls12_auth)).
    pub version: ProtocolVersion,
    /// The hash of the key schedule (HKDF in TLS 1.3, the PRF in TLS 1.2) and the transcript.
    pub hash: HashAlgorithm,
    /// The record protection.
    pub aead: AeadAlgorithm,
    /// `None` for TLS 1.3 suites, which do not constrain the certificate.
    pub tls12_auth: Option<Tls12Auth>,
}

impl SupportedCipherSuite {
    /// Whether this is a TLS 1.3 suite.
    pub fn is_tls13(&self) -> bool {
        self.version == ProtocolVersion::TLS1_3
    }

    /// The IANA name (used by the CLI's `handshake:` line).
    pub fn name(&self) -> &'static str {
        self.suite.name().unwrap_or("unknown")
    }
}

macro_rules! suite {
    ($name:ident, $version:ident, $hash:ident, $aead:ident, $auth:expr) => {
        #[doc = concat!("`", stringify!($name), "`: ", stringify!($version), ", ", stringify!($aead), " with ", stringify!($hash), ".")]
        pub static $name: SupportedCipherSuite = SupportedCipherSuite {
            suite: CipherSuite::$name,
            version: ProtocolVersion::$version,
            hash: HashAlgorithm::$hash,
            aead: AeadAlgorithm::$aead,
            tls12_auth: $auth,
        };
    };
}

suite!(TLS_AES_128_GCM_SHA256, TLS1_3, Sha256, Aes128Gcm, None);
suite!(TLS_AES_256_GCM_SHA384, TLS1_3, Sha384, Aes256Gcm, None);
suite!(
    TLS_CHACHA20_POLY1305_SHA256,
    TLS1_3,
    Sha256,
    ChaCha20Poly1305,
    None
);
suite!(
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    TLS1_2,
    Sha256,
    Aes128Gcm,
    Some(Tls12Auth::Ecdsa)
);
suite!(
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    TLS1_2,
    Sha384,
    Aes256Gcm,
    Some(Tls12Auth::Ecdsa)
);
suite!(
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    TLS1_2,
    Sha256,
    ChaCha20Poly1305,
    Some(Tls12Auth::Ecdsa)
);
suite!(
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    TLS1_2,
    Sha256,
    Aes128Gcm,
    Some(Tls12Auth::Rsa)
);
suite!(
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    TLS1_2,
    Sha384,
    Aes256Gcm,
    Some(Tls12Auth::Rsa)
);
suite!(
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    TLS1_2,
    Sha256,
    ChaCha20Poly1305,
    Some(Tls12Auth::Rsa)
);

/// Every suite, in the default preference order: TLS 1.3 first; AES-128-GCM before AES-256-GCM
/// before ChaCha20 (AES-NI is the common case; a client that prefers ChaCha lists it first).
pub static ALL_CIPHER_SUITES: &[&SupportedCipherSuite] = &[
    &TLS_AES_128_GCM_SHA256,
    &TLS_AES_256_GCM_SHA384,
    &TLS_CHACHA20_POLY1305_SHA256,
    &TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    &TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    &TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    &TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    &TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    &TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
];

/// The suite with this code point, if ferrotls implements it.
pub fn lookup(suite: CipherSuite) -> Option<&'static SupportedCipherSuite> {
    ALL_CIPHER_SUITES.iter().copied().find(|s| s.suite == suite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_each_suite_and_nothing_else() {
        for s in ALL_CIPHER_SUITES {
            assert_eq!(lookup(s.suite), Some(*s));
            assert_eq!(s.is_tls13(), s.tls12_auth.is_none());
        }
        assert_eq!(lookup(CipherSuite::TLS_AES_128_CCM_SHA256), None);
        assert_eq!(lookup(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV), None);
    }
}
