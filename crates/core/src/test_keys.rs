//! A signing key for the crate's unit tests, which never verify the server's signature: it
//! signs everything with the same 70 bytes (the size of a DER ECDSA P-256 signature).

use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::sign::{KeyKind, SigningKey};
use ferrotls_crypto::{CryptoError, SecureRandom, SignatureScheme};

/// Signs with a constant, as a key of `kind` offering `schemes`.
#[derive(Debug)]
pub(crate) struct StubKey {
    pub(crate) kind: KeyKind,
    pub(crate) schemes: &'static [SignatureScheme],
}

impl StubKey {
    /// An ECDSA P-256 key (ecdsa_secp256r1_sha256).
    pub(crate) const P256: Self = Self {
        kind: KeyKind::EcdsaP256,
        schemes: &[SignatureScheme::ECDSA_NISTP256_SHA256],
    };
}

impl SigningKey for StubKey {
    fn kind(&self) -> KeyKind {
        self.kind
    }

    fn schemes(&self) -> &[SignatureScheme] {
        self.schemes
    }

    fn sign(
        &self,
        _: SignatureScheme,
        _: &[u8],
        _: &dyn SecureRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        Ok(vec![0x30; 70])
    }
}
