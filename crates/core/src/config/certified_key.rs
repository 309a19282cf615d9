//! A certificate chain with its private key, and choosing one on the server by SNI.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use ferrotls_crypto::sign::SigningKey;
use ferrotls_crypto::SignatureScheme;
use rustls_pki_types::CertificateDer;

/// A certificate chain (end entity first) and the key for its end-entity certificate.
#[derive(Clone)]
pub struct CertifiedKey {
    /// The chain sent in the Certificate message, end entity first, each certificate
    /// certifying the one before it (RFC 9846 §4.5.1); the trust anchor may be left out.
    pub chain: Vec<CertificateDer<'static>>,
    /// The end entity's private key, which signs CertificateVerify (TLS 1.3) or
    /// ServerKeyExchange (TLS 1.2); loaded by the provider's
    /// [`KeyLoader`](ferrotls_crypto::sign::KeyLoader).
    pub key: Arc<dyn SigningKey>,
}

impl CertifiedKey {
    /// Pairs `chain` (end entity first) with the end entity's `key`, as they are: nothing is
    /// checked here. [`ServerConfig::builder`](crate::ServerConfig::builder) and
    /// [`ClientConfig::builder`](crate::ClientConfig::builder) check that the key matches the
    /// certificate (by signing and verifying a probe) and refuse an empty chain.
    pub fn new(chain: Vec<CertificateDer<'static>>, key: Arc<dyn SigningKey>) -> Self {
        Self { chain, key }
    }

    /// The end-entity certificate (the first of the chain); `None` for an empty chain.
    pub fn end_entity(&self) -> Option<&CertificateDer<'static>> {
        self.chain.first()
    }
}

impl fmt::Debug for CertifiedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertifiedKey")
            .field("chain_len", &self.chain.len())
            .field("key", &self.key.kind())
            .finish()
    }
}

/// Chooses the server's certificate for a ClientHello.
pub trait ResolvesServerCert: Send + Sync + fmt::Debug {
    /// `server_name` is the SNI host name (lower-cased ASCII), if the client sent one;
    /// `schemes` are the client's signature_algorithms. `None` fails the handshake with
    /// handshake_failure (or unrecognized_name when a name was given and nothing matched).
    fn resolve(
        &self,
        server_name: Option<&str>,
        schemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>>;
}

/// The default resolver: certificates by host name, plus a default for clients that send no SNI
/// or a name with no entry. A name is an exact host name or a wildcard `*.` + a name of at least
/// two labels (as a certificate's subjectAltName carries it, RFC 6125 §6.4.3): the `*` is the
/// whole left-most label and stands for exactly one label, so `*.example.com` matches
/// `www.example.com` but neither `example.com` nor `a.b.example.com`; `*.com`, `w*.example.com`
/// and `*` are not names here ([`is_wildcard_name`]). An exact entry wins over a wildcard one,
/// whatever the order they were added in; names compare case-insensitively. Among entries for
/// the same name, the first whose key can sign with one of the client's schemes wins, so one
/// name can carry an ECDSA and an RSA certificate.
#[derive(Clone, Debug, Default)]
pub struct CertResolver {
    by_name: Vec<(alloc::string::String, Arc<CertifiedKey>)>,
    /// Wildcard entries by the name after `*.` (lower-cased).
    by_wildcard: Vec<(alloc::string::String, Arc<CertifiedKey>)>,
    default: Vec<Arc<CertifiedKey>>,
}

/// Whether `name` is a wildcard name this resolver serves: `*.` followed by a name of at least
/// two non-empty labels with no `*` (RFC 6125 §6.4.3: the wildcard only as the complete
/// left-most label; kept conservative, so never over a single label such as `*.com`). Whether
/// the rest is a valid DNS name is for the caller (the builder checks it).
pub fn is_wildcard_name(name: &str) -> bool {
    name.strip_prefix("*.").is_some_and(|rest| {
        !rest.contains('*')
            && rest.split('.').count() >= 2
            && rest.split('.').all(|l| !l.is_empty())
    })
}

impl CertResolver {
    /// A resolver with no certificate: every handshake fails until [`add`](Self::add) or
    /// [`add_default`](Self::add_default) gives it one.
    pub fn new() -> Self {
        Self::default()
    }

    /// Serve `key` to clients asking for `name` (compared case-insensitively), or for a name
    /// `name` covers if it is a wildcard name (see [`is_wildcard_name`]; a `*` anywhere else
    /// makes an entry no client name can match).
    pub fn add(&mut self, name: &str, key: Arc<CertifiedKey>) {
        let name = name.to_ascii_lowercase();
        match name.strip_prefix("*.") {
            Some(rest) if is_wildcard_name(&name) => {
                self.by_wildcard
                    .push((alloc::string::String::from(rest), key));
            }
            _ => self.by_name.push((name, key)),
        }
    }

    /// Serve `key` to clients whose SNI matches no entry, or who send none.
    pub fn add_default(&mut self, key: Arc<CertifiedKey>) {
        self.default.push(key);
    }

    /// The first candidate that can sign with one of `schemes`, else the first; walked twice
    /// rather than collected, as this runs in every full handshake.
    fn pick<'a>(
        candidates: impl Iterator<Item = &'a Arc<CertifiedKey>> + Clone,
        schemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        candidates
            .clone()
            .find(|k| k.key.choose_scheme(schemes).is_some())
            .or_else(|| candidates.clone().next())
            .map(Arc::clone)
    }
}

impl ResolvesServerCert for CertResolver {
    fn resolve(
        &self,
        server_name: Option<&str>,
        schemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        // A client name with a `*` is no host name (RFC 6066 §3): it matches nothing, not even
        // an entry spelled the same. Entries are lower-cased when added, so comparing
        // case-insensitively needs no lower-cased copy of the client's name.
        if let Some(name) = server_name.filter(|name| !name.contains('*')) {
            let exact = Self::pick(
                self.by_name
                    .iter()
                    .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, k)| k),
                schemes,
            );
            if exact.is_some() {
                return exact;
            }
            // The `*` stands for the client name's whole first label, which must not be empty.
            if let Some((_, rest)) = name.split_once('.').filter(|(first, _)| !first.is_empty()) {
                let wildcard = Self::pick(
                    self.by_wildcard
                        .iter()
                        .filter(|(n, _)| n.eq_ignore_ascii_case(rest))
                        .map(|(_, k)| k),
                    schemes,
                );
                if wildcard.is_some() {
                    return wildcard;
                }
            }
        }
        Self::pick(self.default.iter(), schemes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_keys::StubKey;
    use alloc::vec;

    /// A key whose one certificate is the bytes `tag`, to tell which was chosen.
    fn key(tag: u8) -> Arc<CertifiedKey> {
        Arc::new(CertifiedKey::new(
            vec![CertificateDer::from(vec![tag])],
            Arc::new(StubKey::P256),
        ))
    }

    fn chosen(resolver: &CertResolver, name: Option<&str>) -> Option<u8> {
        resolver
            .resolve(name, &[SignatureScheme::ECDSA_NISTP256_SHA256])
            .map(|k| k.chain[0].as_ref()[0])
    }

    #[test]
    fn wildcard_names_are_conservative() {
        for good in ["*.example.com", "*.a.b.example", "*.xn--bcher-kva.example"] {
            assert!(is_wildcard_name(good), "{good}");
        }
        for bad in [
            "*",
            "*.",
            "*.com",
            "*..com",
            "*.example.",
            "**.example.com",
            "w*.example.com",
            "*w.example.com",
            "a.*.example.com",
            "*.*.example.com",
            "example.com",
            ".example.com",
        ] {
            assert!(!is_wildcard_name(bad), "{bad}");
        }
    }

    #[test]
    fn a_wildcard_covers_exactly_one_left_most_label_and_exact_names_win() {
        let mut r = CertResolver::new();
        r.add_default(key(0));
        // The wildcard first: the exact entry still wins for its name.
        r.add("*.Example.COM", key(1));
        r.add("www.example.com", key(2));
        r.add("*.com", key(3));
        r.add("w*.other.test", key(4));
        let cases = [
            (Some("www.example.com"), 2),
            (Some("WWW.Example.Com"), 2),
            (Some("mail.example.com"), 1),
            (Some("MAIL.EXAMPLE.COM"), 1),
            // Not one label: the bare domain, two labels, an empty label.
            (Some("example.com"), 0),
            (Some("a.b.example.com"), 0),
            (Some(".example.com"), 0),
            // A public-suffix-like wildcard is an exact name no client can ask for.
            (Some("anything.com"), 0),
            (Some("*.com"), 0),
            // Partial-label wildcards are not wildcards either.
            (Some("www.other.test"), 0),
            (Some("w*.other.test"), 0),
            // A client name with a `*` matches no wildcard entry spelled the same.
            (Some("*.example.com"), 0),
            (None, 0),
        ];
        for (name, want) in cases {
            assert_eq!(chosen(&r, name), Some(want), "{name:?}");
        }
        // Without a default, an unmatched name gets nothing.
        let mut only = CertResolver::new();
        only.add("*.example.com", key(1));
        assert_eq!(chosen(&only, Some("a.example.com")), Some(1));
        assert_eq!(chosen(&only, Some("example.com")), None);
    }
}
