//! The crypto providers compiled into this test build, for the suites that run against every
//! one of them (RFC 5869, RFC 8448, the TLS 1.2 PRF, sign/verify round trips, Wycheproof, the
//! mixed-provider pair matrices).
//!
//! RustCrypto is always there; `ring` and `aws-lc-rs` come with this crate's features of the
//! same names, both on by default so `cargo test --workspace` covers every provider.

use std::cell::Cell;
use std::sync::Arc;

use ferrotls_crypto::random::{OsRandom, ScriptedRandom, SeededRandom};
use ferrotls_crypto::{CryptoProvider, SecureRandom};

/// One provider: its name (for assertion messages) and its constructor around a random source.
#[derive(Clone, Copy)]
pub struct Provider {
    pub name: &'static str,
    pub with_random: fn(Arc<dyn SecureRandom>) -> CryptoProvider,
}

impl Provider {
    /// With the operating system's randomness.
    pub fn os(&self) -> CryptoProvider {
        (self.with_random)(Arc::new(OsRandom))
    }

    /// With the deterministic stream of `seed`.
    pub fn seeded(&self, seed: u8) -> CryptoProvider {
        (self.with_random)(Arc::new(SeededRandom::new([seed; 32])))
    }

    /// With a fixed script (a random source that fails once it runs out).
    pub fn scripted(&self, script: Vec<u8>) -> CryptoProvider {
        (self.with_random)(Arc::new(ScriptedRandom::new(script)))
    }
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// RustCrypto, the default.
pub const RUSTCRYPTO: Provider = Provider {
    name: "rustcrypto",
    with_random: ferrotls_crypto::rustcrypto::provider_with_random,
};

/// `ring`.
#[cfg(feature = "ring")]
pub const RING: Provider = Provider {
    name: "ring",
    with_random: ferrotls_crypto::ring::provider_with_random,
};

/// `aws-lc-rs`.
#[cfg(feature = "aws-lc-rs")]
pub const AWS_LC: Provider = Provider {
    name: "aws-lc-rs",
    with_random: ferrotls_crypto::aws_lc::provider_with_random,
};

/// Every provider compiled in, RustCrypto first.
pub fn providers() -> Vec<Provider> {
    #[allow(unused_mut)] // Without the optional providers there is only RustCrypto.
    let mut all = vec![RUSTCRYPTO];
    #[cfg(feature = "ring")]
    all.push(RING);
    #[cfg(feature = "aws-lc-rs")]
    all.push(AWS_LC);
    all
}

thread_local! {
    static CURRENT: Cell<(Provider, Provider)> = const { Cell::new((RUSTCRYPTO, RUSTCRYPTO)) };
}

/// The provider the running test puts its clients on: the one [`on_every_provider`] or
/// [`with_pair`] is at, RustCrypto outside them. The RFC 8448 harness (`rfc8448_session`...) and
/// the test PKI's configs (`certs`) build on it, so that no provider argument is threaded through
/// every helper. (Each test has its own thread: tests do not see each other's.)
pub fn client_provider() -> Provider {
    CURRENT.with(Cell::get).0
}

/// The provider the running test puts its servers on (see [`client_provider`]).
pub fn server_provider() -> Provider {
    CURRENT.with(Cell::get).1
}

/// Run `f` with clients on `client` and servers on `server` (see [`client_provider`]).
pub fn with_pair<R>(client: Provider, server: Provider, f: impl FnOnce() -> R) -> R {
    let before = CURRENT.with(|c| c.replace((client, server)));
    let result = f();
    CURRENT.with(|c| c.set(before));
    result
}

/// Run `test` on every provider (both sides on it), naming each on stderr first (shown with a
/// failure).
pub fn on_every_provider(test: impl Fn(&Provider)) {
    for provider in providers() {
        eprintln!("-- on the {} provider", provider.name);
        with_pair(provider, provider, || test(&provider));
    }
}

/// Every ordered pair of providers (client's, server's), the same-provider pairs first.
pub fn provider_pairs() -> Vec<(Provider, Provider)> {
    let all = providers();
    let same = all.iter().map(|p| (*p, *p));
    let mixed = all.iter().flat_map(|c| {
        all.iter()
            .filter(move |s| s.name != c.name)
            .map(move |s| (*c, *s))
    });
    same.chain(mixed).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_is_listed_once() {
        let names: Vec<_> = providers().iter().map(|p| p.name).collect();
        let mut expected = vec!["rustcrypto"];
        if cfg!(feature = "ring") {
            expected.push("ring");
        }
        if cfg!(feature = "aws-lc-rs") {
            expected.push("aws-lc-rs");
        }
        assert_eq!(names, expected);
        let n = names.len();
        assert_eq!(provider_pairs().len(), n * n);
    }
}
