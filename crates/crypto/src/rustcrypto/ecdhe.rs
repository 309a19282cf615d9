//! ECDHE over secp256r1 and secp384r1 (`p256`, `p384`), with uncompressed SEC1 shares as
//! RFC 8446 §4.2.8.2 and RFC 8422 §5.4 require.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::marker::PhantomData;

use p256::elliptic_curve::array::typenum::Unsigned;
use p256::elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use p256::elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytes, FieldBytesSize};
use p256::elliptic_curve::{PublicKey, SecretKey};
use zeroize::Zeroizing;

use crate::kx::{ActiveKx, KxGroup};
use crate::{CryptoError, NamedGroup, Secret, SecureRandom};

/// How many scalar draws `start` makes before giving up. A uniformly random draw is invalid with
/// probability below 2^-32 (P-256) or 2^-190 (P-384), so hitting this limit means the source is
/// broken (or a script is wrong), which is reported instead of looping forever.
const MAX_DRAWS: usize = 64;

/// ECDHE on secp256r1.
///
/// `start` draws 32 bytes from the rng, in one call, and reads them as a big-endian scalar; if
/// that is zero or not below the group order it draws 32 more, up to 64 times. The public share
/// is the 65-byte uncompressed point.
pub static SECP256R1: Ecdhe<p256::NistP256> = Ecdhe::new(NamedGroup::SECP256R1);

/// ECDHE on secp384r1.
///
/// `start` draws 48 bytes from the rng, in one call, and reads them as a big-endian scalar; if
/// that is zero or not below the group order it draws 48 more, up to 64 times. The public share
/// is the 97-byte uncompressed point.
pub static SECP384R1: Ecdhe<p384::NistP384> = Ecdhe::new(NamedGroup::SECP384R1);

/// ECDHE on a short-Weierstrass curve behind the provider's [`KxGroup`] trait.
#[derive(Debug)]
pub struct Ecdhe<C> {
    name: NamedGroup,
    _curve: PhantomData<fn() -> C>,
}

impl<C> Ecdhe<C> {
    const fn new(name: NamedGroup) -> Self {
        Self {
            name,
            _curve: PhantomData,
        }
    }
}

/// The curve bounds `elliptic-curve` needs for SEC1 encoding and ECDH, written once.
pub trait EcdheCurve: CurveArithmetic + Send + Sync + 'static
where
    AffinePoint<Self>: FromSec1Point<Self> + ToSec1Point<Self>,
    FieldBytesSize<Self>: ModulusSize,
{
}

impl EcdheCurve for p256::NistP256 {}
impl EcdheCurve for p384::NistP384 {}

impl<C> KxGroup for Ecdhe<C>
where
    C: EcdheCurve,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    fn name(&self) -> NamedGroup {
        self.name
    }

    fn start(&self, rng: &dyn SecureRandom) -> Result<Box<dyn ActiveKx>, CryptoError> {
        let secret = draw_scalar::<C>(rng)?;
        let public = secret.public_key().to_sec1_point(false).as_bytes().to_vec();
        Ok(Box::new(ActiveEcdhe {
            name: self.name,
            secret,
            public,
        }))
    }
}

/// A private scalar from rng bytes, redrawing while they are not a valid scalar in [1, n).
fn draw_scalar<C: CurveArithmetic>(rng: &dyn SecureRandom) -> Result<SecretKey<C>, CryptoError> {
    for _ in 0..MAX_DRAWS {
        let mut bytes = Zeroizing::new(FieldBytes::<C>::default());
        rng.fill(&mut bytes[..])?;
        if let Ok(secret) = SecretKey::<C>::from_bytes(&bytes) {
            return Ok(secret);
        }
    }
    Err(CryptoError::RandomUnavailable)
}

/// The big-endian private scalar [`SECP256R1`] or [`SECP384R1`] would draw from `rng` (the same
/// bytes, the same redraws), for the `ring` and `aws-lc-rs` providers, which import it into their
/// own key types: a scripted source then gives every provider the same key.
#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
pub(crate) fn draw_scalar_bytes(
    name: NamedGroup,
    rng: &dyn SecureRandom,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    match name {
        NamedGroup::SECP256R1 => Ok(Zeroizing::new(
            draw_scalar::<p256::NistP256>(rng)?.to_bytes().to_vec(),
        )),
        NamedGroup::SECP384R1 => Ok(Zeroizing::new(
            draw_scalar::<p384::NistP384>(rng)?.to_bytes().to_vec(),
        )),
        _ => Err(CryptoError::KeyRejected("not a NIST curve group")),
    }
}

struct ActiveEcdhe<C: CurveArithmetic> {
    name: NamedGroup,
    secret: SecretKey<C>,
    public: Vec<u8>,
}

impl<C> ActiveKx for ActiveEcdhe<C>
where
    C: EcdheCurve,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    fn group(&self) -> NamedGroup {
        self.name
    }

    fn public_key(&self) -> &[u8] {
        &self.public
    }

    fn complete(self: Box<Self>, peer_public: &[u8]) -> Result<Secret, CryptoError> {
        let peer = parse_peer_point::<C>(peer_public)?;
        let shared = p256::elliptic_curve::ecdh::diffie_hellman(
            self.secret.to_nonzero_scalar(),
            peer.as_affine(),
        );
        // RFC 8446 §7.4.2 / RFC 8422 §5.10: the shared secret is the x-coordinate, full width.
        Ok(Secret::new(shared.raw_secret_bytes()))
    }
}

/// RFC 8446 §4.2.8.2: the share must be an uncompressed point (0x04 || X || Y) of exactly
/// 1 + 2 × field size bytes, and must lie on the curve; `from_sec1_bytes` checks the curve
/// equation and rejects the identity.
fn parse_peer_point<C>(peer_public: &[u8]) -> Result<PublicKey<C>, CryptoError>
where
    C: EcdheCurve,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let field = FieldBytesSize::<C>::USIZE;
    let uncompressed_len = field.checked_mul(2).and_then(|n| n.checked_add(1));
    if peer_public.first() != Some(&0x04) || Some(peer_public.len()) != uncompressed_len {
        return Err(CryptoError::InvalidPeerKey);
    }
    PublicKey::<C>::from_sec1_bytes(peer_public).map_err(|_| CryptoError::InvalidPeerKey)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::{ScriptedRandom, SeededRandom};
    use crate::test_hex::unhex;

    fn groups() -> [&'static dyn KxGroup; 2] {
        [&SECP256R1, &SECP384R1]
    }

    #[test]
    fn round_trip_and_share_shape() {
        let rng = SeededRandom::new([5; 32]);
        for (group, len) in groups().into_iter().zip([65, 97]) {
            let a = group.start(&rng).unwrap();
            let b = group.start(&rng).unwrap();
            assert_eq!(a.group(), group.name());
            assert_eq!(a.public_key().len(), len);
            assert_eq!(a.public_key()[0], 4);
            let a_pub = a.public_key().to_vec();
            let s1 = a.complete(b.public_key()).unwrap();
            assert_eq!(s1.len(), (len - 1) / 2);
            assert_eq!(s1, b.complete(&a_pub).unwrap());
        }
    }

    #[test]
    fn p256_known_scalar_gives_generator() {
        // The scalar 1 gives the base point G (SEC 2 §2.4.2).
        let mut one = [0u8; 32];
        one[31] = 1;
        let kx = SECP256R1.start(&ScriptedRandom::new(one)).unwrap();
        let g = unhex(
            "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296\
             4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
        );
        assert_eq!(kx.public_key(), &g[..]);
    }

    #[test]
    fn invalid_scalars_are_redrawn_in_order() {
        // Zero, then the all-ones value (above the order), then 1: the third draw is used.
        let mut one = [0u8; 32];
        one[31] = 1;
        let rng = ScriptedRandom::from_parts(&[&[0u8; 32], &[0xff; 32], &one]);
        let kx = SECP256R1.start(&rng).unwrap();
        assert_eq!(rng.remaining(), 0);
        assert_eq!(kx.public_key()[1], 0x6b);
        // A source that only ever yields invalid scalars fails instead of looping forever.
        let rng = ScriptedRandom::new(alloc::vec![0u8; 48 * MAX_DRAWS]);
        assert_eq!(
            SECP384R1.start(&rng).err(),
            Some(CryptoError::RandomUnavailable)
        );
    }

    #[test]
    fn rejects_invalid_peer_points() {
        let rng = SeededRandom::new([6; 32]);
        for group in groups() {
            let peer = group.start(&rng).unwrap();
            let good = peer.public_key().to_vec();
            let field = (good.len() - 1) / 2;

            let mut off_curve = good.clone();
            let last = off_curve.len() - 1;
            off_curve[last] ^= 1;
            let mut compressed = alloc::vec![0x02 | (good[good.len() - 1] & 1)];
            compressed.extend_from_slice(&good[1..1 + field]);
            let mut hybrid = good.clone();
            hybrid[0] = 0x06;
            let identity = [0u8];
            let mut zeros = alloc::vec![0u8; good.len()];
            zeros[0] = 4;

            let bad: [&[u8]; 8] = [
                &off_curve,
                &compressed,
                &hybrid,
                &identity,
                &zeros,
                &good[..good.len() - 1],
                &[],
                &[good.as_slice(), &[0]].concat(),
            ];
            for share in bad {
                let kx = group.start(&rng).unwrap();
                assert_eq!(kx.complete(share).err(), Some(CryptoError::InvalidPeerKey));
            }
            assert!(group.start(&rng).unwrap().complete(&good).is_ok());
        }
    }
}
