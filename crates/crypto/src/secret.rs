//! Fixed-size byte holders for hash outputs and secrets, so the key schedule never allocates.

use core::fmt;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Largest hash/HMAC/secret output the protocol handles (SHA-384 = 48; room for SHA-512).
pub const MAX_OUTPUT_LEN: usize = 64;

/// A hash value that is not secret (a transcript hash). Copyable and printable.
#[derive(Clone, Copy)]
pub struct HashOutput {
    buf: [u8; MAX_OUTPUT_LEN],
    len: usize,
}

impl HashOutput {
    /// Panics if `bytes` is longer than [`MAX_OUTPUT_LEN`]; only providers construct these.
    pub fn new(bytes: &[u8]) -> Self {
        let mut buf = [0u8; MAX_OUTPUT_LEN];
        buf[..bytes.len()].copy_from_slice(bytes);
        Self {
            buf,
            len: bytes.len(),
        }
    }

    /// The hash value.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl AsRef<[u8]> for HashOutput {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq for HashOutput {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for HashOutput {}

impl fmt::Debug for HashOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.as_bytes() {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// Secret bytes (PRKs, traffic secrets, HMAC tags before comparison, master secrets).
///
/// Zeroized on drop; `Debug` never shows the contents; equality is constant-time.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Secret {
    buf: [u8; MAX_OUTPUT_LEN],
    len: usize,
}

impl Secret {
    /// Panics if `bytes` is longer than [`MAX_OUTPUT_LEN`]; only providers and the key schedule
    /// construct these, from outputs of known length.
    pub fn new(bytes: &[u8]) -> Self {
        let mut buf = [0u8; MAX_OUTPUT_LEN];
        buf[..bytes.len()].copy_from_slice(bytes);
        Self {
            buf,
            len: bytes.len(),
        }
    }

    /// A secret of `len` zero bytes (RFC 8446 §7.1: the absent PSK / (EC)DHE input).
    pub fn zeros(len: usize) -> Self {
        Self {
            buf: [0u8; MAX_OUTPUT_LEN],
            len,
        }
    }

    /// The secret bytes. Copy them nowhere that outlives the `Secret` without zeroizing it.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the secret is zero bytes long.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Constant-time comparison with bytes received from the peer (Finished, binders, MACs).
    pub fn ct_eq(&self, other: &[u8]) -> bool {
        self.len == other.len() && bool::from(self.as_bytes().ct_eq(other))
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other.as_bytes())
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes)", self.len)
    }
}
