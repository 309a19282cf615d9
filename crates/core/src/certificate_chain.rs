//! [`CertificateChain`]: a peer's certificate chain, shared by everything that reports it.
//!
//! A handshake receives the peer's chain once and then hands it out many times: to
//! [`ConnectionInfo`](crate::ConnectionInfo), to every [`ResumptionData`](crate::ResumptionData)
//! or [`ServerSessionState`](crate::resumption::ServerSessionState) issued on the connection, and
//! from a session to the connection that resumes it (TLS 1.3 resumption carries the original
//! chain along, RFC 9846 §4.7.1). Holding it behind one reference count makes each of those a
//! counter increment instead of a copy of every certificate.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Deref;

use rustls_pki_types::CertificateDer;

/// A certificate chain (DER, end entity first), shared: [`Clone`] counts a reference and never
/// copies a certificate, so the connection's info, its sessions and the connections that resume
/// them all hold the same certificates.
///
/// It dereferences to `[CertificateDer<'static>]`, so it reads like the slice it is
/// (`chain.first()`, `chain.len()`, `for cert in chain.iter()`, `chain.to_vec()` for an owned
/// copy). Build one from a `Vec` (`CertificateChain::from(vec)`) or an iterator (`collect()`).
/// An empty chain (a peer that sent no certificate) holds no allocation.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct CertificateChain(
    /// `None` for the empty chain, so that the many connections without client certificates
    /// allocate nothing for it; `Some` is never empty.
    Option<Arc<[CertificateDer<'static>]>>,
);

impl CertificateChain {
    /// The empty chain.
    pub const fn empty() -> Self {
        Self(None)
    }

    /// The certificates, end entity first.
    pub fn as_slice(&self) -> &[CertificateDer<'static>] {
        self.0.as_deref().unwrap_or(&[])
    }

    /// Whether `a` and `b` are the same shared chain (not merely equal certificates): for tests
    /// and for caches that want to know a chain was not copied. Two empty chains are the same.
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        match (&a.0, &b.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }

    fn from_shared(shared: Arc<[CertificateDer<'static>]>) -> Self {
        Self((!shared.is_empty()).then_some(shared))
    }
}

impl Deref for CertificateChain {
    type Target = [CertificateDer<'static>];

    fn deref(&self) -> &Self::Target {
        self.as_slice()
    }
}

impl AsRef<[CertificateDer<'static>]> for CertificateChain {
    fn as_ref(&self) -> &[CertificateDer<'static>] {
        self.as_slice()
    }
}

impl From<Vec<CertificateDer<'static>>> for CertificateChain {
    fn from(chain: Vec<CertificateDer<'static>>) -> Self {
        if chain.is_empty() {
            return Self::empty();
        }
        Self(Some(chain.into()))
    }
}

impl From<&[CertificateDer<'static>]> for CertificateChain {
    fn from(chain: &[CertificateDer<'static>]) -> Self {
        if chain.is_empty() {
            return Self::empty();
        }
        Self(Some(chain.into()))
    }
}

impl From<Arc<[CertificateDer<'static>]>> for CertificateChain {
    fn from(chain: Arc<[CertificateDer<'static>]>) -> Self {
        Self::from_shared(chain)
    }
}

impl FromIterator<CertificateDer<'static>> for CertificateChain {
    /// Collects straight into the shared allocation when the iterator knows its length (a
    /// mapped slice or `Vec`), without an intermediate `Vec`.
    fn from_iter<I: IntoIterator<Item = CertificateDer<'static>>>(iter: I) -> Self {
        let iter = iter.into_iter();
        if iter.size_hint().1 == Some(0) {
            return Self::empty();
        }
        Self::from_shared(iter.collect())
    }
}

impl<'a> IntoIterator for &'a CertificateChain {
    type Item = &'a CertificateDer<'static>;
    type IntoIter = core::slice::Iter<'a, CertificateDer<'static>>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl PartialEq<[CertificateDer<'static>]> for CertificateChain {
    fn eq(&self, other: &[CertificateDer<'static>]) -> bool {
        self.as_slice() == other
    }
}

impl PartialEq<Vec<CertificateDer<'static>>> for CertificateChain {
    fn eq(&self, other: &Vec<CertificateDer<'static>>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<const N: usize> PartialEq<[CertificateDer<'static>; N]> for CertificateChain {
    fn eq(&self, other: &[CertificateDer<'static>; N]) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl fmt::Debug for CertificateChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

#[cfg(test)]
mod tests {
    use alloc::vec;

    use super::*;

    fn cert(byte: u8) -> CertificateDer<'static> {
        CertificateDer::from(vec![0x30, byte])
    }

    #[test]
    fn clones_share_the_certificates() {
        let chain = CertificateChain::from(vec![cert(1), cert(2)]);
        let copy = chain.clone();
        assert!(CertificateChain::ptr_eq(&chain, &copy));
        assert_eq!(copy.as_slice(), &[cert(1), cert(2)]);
        assert_eq!(copy, vec![cert(1), cert(2)]);
        assert_eq!(copy, [cert(1), cert(2)]);
        assert_eq!(copy, [cert(1), cert(2)][..]);
        // Equal certificates in another allocation are equal, not the same chain.
        let other = CertificateChain::from(vec![cert(1), cert(2)]);
        assert_eq!(chain, other);
        assert!(!CertificateChain::ptr_eq(&chain, &other));
    }

    #[test]
    fn every_empty_chain_is_the_same_and_equal() {
        let empties = [
            CertificateChain::empty(),
            CertificateChain::default(),
            CertificateChain::from(Vec::new()),
            CertificateChain::from(&[][..]),
            CertificateChain::from(Arc::<[CertificateDer<'static>]>::from(Vec::new())),
            core::iter::empty().collect(),
            vec![cert(1)].into_iter().filter(|_| false).collect(),
        ];
        for empty in &empties {
            assert!(empty.is_empty());
            assert_eq!(empty, &CertificateChain::empty());
            assert!(CertificateChain::ptr_eq(empty, &CertificateChain::empty()));
        }
    }

    #[test]
    fn reads_like_a_slice() {
        let chain: CertificateChain = [cert(1), cert(2), cert(3)].into_iter().collect();
        assert_eq!(chain.len(), 3);
        assert_eq!(chain.first(), Some(&cert(1)));
        assert_eq!((&chain).into_iter().count(), 3);
        assert_eq!(chain.to_vec(), vec![cert(1), cert(2), cert(3)]);
        assert_eq!(
            alloc::format!("{chain:?}"),
            alloc::format!("{:?}", chain.to_vec())
        );
    }
}
