//! Where a period's ticket key comes from, and what a shared secret must be.
//!
//! Derivation (HKDF, RFC 5869, with SHA-256 through the provider):
//!
//! ```text
//! PRK          = HKDF-Extract(salt = "ferrotls ticket key ring v1", IKM = secret)
//! name || key  = HKDF-Expand(PRK, "ferrotls ticket key" || uint64(encrypt_window) || uint64(period), 48)
//! ```
//!
//! The first 16 bytes name the key, the last 32 are its AES-256-GCM key. The encrypt window is
//! part of the input because a period number means another stretch of time under another
//! window: two servers configured differently must not share a key for different hours.

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

use ferrotls_core::crypto::{CryptoError, CryptoProvider, HashAlgorithm};
use ferrotls_core::resumption::{AeadTicketSealer, TICKET_KEY_LEN, TICKET_KEY_NAME_LEN};
use ferrotls_core::zeroize::Zeroizing;

use super::rotation::Rotation;

/// Shortest secret accepted: 256 bits, the strength of the keys made from it.
pub const MIN_SECRET_LEN: usize = 32;
/// Longest secret file read; a secret is a few dozen bytes.
pub const MAX_SECRET_LEN: usize = 4096;

const SALT: &[u8] = b"ferrotls ticket key ring v1";
const LABEL: &[u8] = b"ferrotls ticket key";

/// Why a key ring could not be made or could not make a key.
#[derive(Debug)]
#[non_exhaustive]
pub enum KeyRingError {
    /// The secret is shorter than [`MIN_SECRET_LEN`] bytes.
    SecretTooShort(usize),
    /// The secret file is longer than [`MAX_SECRET_LEN`] bytes.
    SecretTooLong,
    /// The secret is one byte repeated (an empty or zeroed file padded out, say): no secret.
    SecretNotRandom,
    /// The secret file could not be read.
    Io(io::Error),
    /// A window is zero.
    BadRotation(Rotation),
    /// The provider lacks SHA-256 HKDF or AES-256-GCM, or its random source failed.
    Crypto(CryptoError),
    /// The current key could not be made.
    NoCurrentKey,
}

impl fmt::Display for KeyRingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SecretTooShort(n) => write!(
                f,
                "the ticket secret has {n} bytes; at least {MIN_SECRET_LEN} are needed"
            ),
            Self::SecretTooLong => write!(
                f,
                "the ticket secret file is longer than {MAX_SECRET_LEN} bytes"
            ),
            Self::SecretNotRandom => f.write_str("the ticket secret is one byte repeated"),
            Self::Io(e) => write!(f, "the ticket secret file: {e}"),
            Self::BadRotation(r) => write!(
                f,
                "ticket key windows must be at least a second (encrypt {} s, decrypt {} s)",
                r.encrypt_window, r.decrypt_window
            ),
            Self::Crypto(e) => write!(f, "ticket keys: {e}"),
            Self::NoCurrentKey => f.write_str("no ticket key for the current period"),
        }
    }
}

impl std::error::Error for KeyRingError {}

impl From<CryptoError> for KeyRingError {
    fn from(e: CryptoError) -> Self {
        Self::Crypto(e)
    }
}

/// Random keys, or keys derived from the PRK of a shared secret.
pub(super) enum Source {
    Random,
    Derived { prk: Zeroizing<Vec<u8>> },
}

impl Source {
    /// The source of keys for `secret`, checked.
    pub(super) fn derived(provider: &CryptoProvider, secret: &[u8]) -> Result<Self, KeyRingError> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(KeyRingError::SecretTooShort(secret.len()));
        }
        if secret.iter().all(|&b| b == secret[0]) {
            return Err(KeyRingError::SecretNotRandom);
        }
        let hkdf = provider
            .hkdf(HashAlgorithm::Sha256)
            .ok_or(CryptoError::KeyRejected("the provider has no HKDF-SHA256"))?;
        let prk = hkdf.extract(Some(SALT), secret);
        Ok(Self::Derived {
            prk: Zeroizing::new(prk.as_bytes().to_vec()),
        })
    }

    /// The key of `period`: drawn from the random source, or derived.
    pub(super) fn key(
        &self,
        provider: &CryptoProvider,
        rotation: &Rotation,
        period: u64,
    ) -> Result<AeadTicketSealer, KeyRingError> {
        let mut name = [0u8; TICKET_KEY_NAME_LEN];
        let mut key = Zeroizing::new([0u8; TICKET_KEY_LEN]);
        match self {
            Self::Random => {
                provider.random.fill(&mut name)?;
                provider.random.fill(&mut key[..])?;
            }
            Self::Derived { prk } => {
                let hkdf = provider
                    .hkdf(HashAlgorithm::Sha256)
                    .ok_or(CryptoError::KeyRejected("the provider has no HKDF-SHA256"))?;
                let mut out = Zeroizing::new([0u8; TICKET_KEY_NAME_LEN + TICKET_KEY_LEN]);
                let window = u64::from(rotation.encrypt_window).to_be_bytes();
                hkdf.expand(prk, &[LABEL, &window, &period.to_be_bytes()], &mut out[..])?;
                name.copy_from_slice(&out[..TICKET_KEY_NAME_LEN]);
                key.copy_from_slice(&out[TICKET_KEY_NAME_LEN..]);
            }
        }
        Ok(AeadTicketSealer::with_key(
            provider,
            name,
            &key,
            rotation.decrypt_window,
        )?)
    }
}

/// The bytes of a secret file, at most [`MAX_SECRET_LEN`].
pub(super) fn read_secret_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, KeyRingError> {
    let file = fs::File::open(path).map_err(KeyRingError::Io)?;
    let mut secret = Zeroizing::new(Vec::with_capacity(MAX_SECRET_LEN + 1));
    file.take(MAX_SECRET_LEN as u64 + 1)
        .read_to_end(&mut secret)
        .map_err(KeyRingError::Io)?;
    if secret.len() > MAX_SECRET_LEN {
        return Err(KeyRingError::SecretTooLong);
    }
    Ok(secret)
}
