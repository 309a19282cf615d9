//! X25519 key exchange (RFC 7748) from `x25519-dalek`.

use alloc::boxed::Box;

use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::kx::{ActiveKx, KxGroup};
use crate::{CryptoError, NamedGroup, Secret, SecureRandom};

/// X25519.
///
/// `start` draws exactly 32 bytes from the rng, in one call, and uses them as the private key
/// as-is (clamping is part of the scalar multiplication, RFC 7748 §5), so a scripted source
/// holding RFC 8448's listed private key reproduces its listed public key.
#[derive(Debug)]
pub struct X25519;

impl KxGroup for X25519 {
    fn name(&self) -> NamedGroup {
        NamedGroup::X25519
    }

    fn start(&self, rng: &dyn SecureRandom) -> Result<Box<dyn ActiveKx>, CryptoError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rng.fill(&mut bytes[..])?;
        let secret = StaticSecret::from(*bytes);
        let public = PublicKey::from(&secret).to_bytes();
        Ok(Box::new(ActiveX25519 { secret, public }))
    }
}

struct ActiveX25519 {
    secret: StaticSecret,
    public: [u8; 32],
}

impl ActiveKx for ActiveX25519 {
    fn group(&self) -> NamedGroup {
        NamedGroup::X25519
    }

    fn public_key(&self) -> &[u8] {
        &self.public
    }

    fn complete(self: Box<Self>, peer_public: &[u8]) -> Result<Secret, CryptoError> {
        // RFC 8446 §4.2.8.2: an X25519 key_exchange is exactly 32 bytes.
        let peer: [u8; 32] = peer_public
            .try_into()
            .map_err(|_| CryptoError::InvalidPeerKey)?;
        let shared = self.secret.diffie_hellman(&PublicKey::from(peer));
        // RFC 8446 §7.4.2 / RFC 7748 §6.1: an all-zero result (a small-order peer point) must
        // be rejected; `was_contributory` is that check, in constant time.
        if !shared.was_contributory() {
            return Err(CryptoError::InvalidPeerKey);
        }
        Ok(Secret::new(shared.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::{ScriptedRandom, SeededRandom};
    use crate::test_hex::unhex;

    // RFC 8448 §3, "{client} create an ephemeral x25519 key pair" and the server's share.
    const CLIENT_PRIVATE: &str = "49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005";
    const CLIENT_PUBLIC: &str = "99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c";
    const SERVER_PRIVATE: &str = "b1580eeadf6dd589b8ef4f2d5652578cc810e9980191ec8d058308cea216a21e";
    const SERVER_PUBLIC: &str = "c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f";
    // RFC 8448 §3, "{server} extract secret "handshake"": IKM.
    const SHARED: &str = "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d";

    #[test]
    fn rfc8448_section3_client_share_and_secret() {
        let rng = ScriptedRandom::new(unhex(CLIENT_PRIVATE));
        let kx = X25519.start(&rng).unwrap();
        assert_eq!(rng.remaining(), 0, "exactly 32 bytes drawn");
        assert_eq!(kx.group(), NamedGroup::X25519);
        assert_eq!(kx.public_key(), &unhex(CLIENT_PUBLIC)[..]);
        let shared = kx.complete(&unhex(SERVER_PUBLIC)).unwrap();
        assert!(shared.ct_eq(&unhex(SHARED)));
    }

    #[test]
    fn rfc8448_section3_server_side_agrees() {
        let rng = ScriptedRandom::new(unhex(SERVER_PRIVATE));
        let kx = X25519.start(&rng).unwrap();
        assert_eq!(kx.public_key(), &unhex(SERVER_PUBLIC)[..]);
        assert!(kx
            .complete(&unhex(CLIENT_PUBLIC))
            .unwrap()
            .ct_eq(&unhex(SHARED)));
    }

    #[test]
    fn round_trip() {
        let rng = SeededRandom::new([3; 32]);
        let a = X25519.start(&rng).unwrap();
        let b = X25519.start(&rng).unwrap();
        let a_pub = a.public_key().to_vec();
        let s1 = a.complete(b.public_key()).unwrap();
        assert_eq!(s1, b.complete(&a_pub).unwrap());
    }

    #[test]
    fn rejects_bad_peer_shares() {
        let rng = SeededRandom::new([4; 32]);
        for bad in [&[0u8; 31][..], &[9u8; 33], &[]] {
            let kx = X25519.start(&rng).unwrap();
            assert_eq!(kx.complete(bad).err(), Some(CryptoError::InvalidPeerKey));
        }
        // Small-order points give an all-zero secret (RFC 7748 §6.1): zero and the order-1 point.
        let mut one = [0u8; 32];
        one[0] = 1;
        for small in [[0u8; 32], one] {
            let kx = X25519.start(&rng).unwrap();
            assert_eq!(kx.complete(&small).err(), Some(CryptoError::InvalidPeerKey));
        }
    }

    #[test]
    fn exhausted_rng_is_an_error() {
        let rng = ScriptedRandom::new([0u8; 31]);
        assert_eq!(
            X25519.start(&rng).err(),
            Some(CryptoError::RandomUnavailable)
        );
    }
}
