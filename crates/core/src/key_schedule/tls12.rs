//! The TLS 1.2 key schedule (RFC 5246 §8.1, §6.3, §7.4.9; RFC 7627 §4) for AEAD cipher suites.
//!
//! Everything is the PRF of [`ferrotls_crypto::prf`] over the cipher suite's hash (SHA-256 or
//! SHA-384, RFC 5246 §5 and RFC 5288 §3).

use core::fmt;

use ferrotls_crypto::hmac::HmacKey;
use ferrotls_crypto::prf::{p_hash, prf};
use ferrotls_crypto::{AeadAlgorithm, HashOutput, Secret};
use zeroize::Zeroizing;

use super::{HashPrimitives, KeyScheduleError, Side};

/// Length of the master secret (RFC 5246 §8.1).
const MASTER_SECRET_LEN: usize = 48;

/// Length of Finished `verify_data` for every supported suite (RFC 5246 §7.4.9).
pub const TLS12_VERIFY_DATA_LEN: usize = 12;

/// The PRF labels of RFC 5246 and RFC 7627. An exporter label beginning with one of them could
/// make the exporter compute a handshake value (RFC 5705 §4 asks labels not to collide).
const RESERVED_EXPORTER_LABELS: [&[u8]; 5] = [
    b"client finished",
    b"server finished",
    b"master secret",
    b"extended master secret",
    b"key expansion",
];

/// Longest key block an AEAD suite needs: two 32-byte keys and two 12-byte IVs.
const MAX_KEY_BLOCK_LEN: usize = 2 * 32 + 2 * 12;

/// Length of the implicit ("fixed" / "salt") part of the nonce that the key block provides:
/// 4 bytes for AES-GCM (RFC 5288 §3), the whole 12-byte nonce for ChaCha20-Poly1305
/// (RFC 7905 §2).
pub const fn fixed_iv_len(aead: AeadAlgorithm) -> usize {
    match aead {
        AeadAlgorithm::Aes128Gcm | AeadAlgorithm::Aes256Gcm => 4,
        AeadAlgorithm::ChaCha20Poly1305 => 12,
    }
}

/// A TLS 1.2 master secret, with the hash of the suite it belongs to.
#[derive(Clone)]
pub struct Tls12MasterSecret {
    prims: HashPrimitives,
    secret: Secret,
}

impl Tls12MasterSecret {
    /// `PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]`
    /// (RFC 5246 §8.1).
    pub fn derive(
        prims: HashPrimitives,
        pre_master_secret: &[u8],
        client_random: &[u8; 32],
        server_random: &[u8; 32],
    ) -> Self {
        let seed: [&[u8]; 2] = [client_random, server_random];
        Self::from_prf(prims, pre_master_secret, b"master secret", &seed)
    }

    /// `PRF(pre_master_secret, "extended master secret", session_hash)[0..47]` (RFC 7627 §4),
    /// where `session_hash` is the hash of the handshake through ClientKeyExchange under the PRF's
    /// hash (RFC 7627 §3).
    pub fn derive_extended(
        prims: HashPrimitives,
        pre_master_secret: &[u8],
        session_hash: &HashOutput,
    ) -> Result<Self, KeyScheduleError> {
        prims.check_hash(session_hash)?;
        let seed: [&[u8]; 1] = [session_hash.as_bytes()];
        Ok(Self::from_prf(
            prims,
            pre_master_secret,
            b"extended master secret",
            &seed,
        ))
    }

    /// Take up a master secret kept for resumption; it must be 48 bytes.
    pub fn from_bytes(prims: HashPrimitives, bytes: &[u8]) -> Result<Self, KeyScheduleError> {
        if bytes.len() != MASTER_SECRET_LEN {
            return Err(KeyScheduleError::BadLength);
        }
        Ok(Self {
            prims,
            secret: Secret::new(bytes),
        })
    }

    fn from_prf(
        prims: HashPrimitives,
        pre_master_secret: &[u8],
        label: &[u8],
        seed: &[&[u8]],
    ) -> Self {
        let mut out = Zeroizing::new([0u8; MASTER_SECRET_LEN]);
        prf(
            prims.hmac,
            pre_master_secret,
            label,
            seed,
            out.as_mut_slice(),
        );
        Self {
            prims,
            secret: Secret::new(out.as_slice()),
        }
    }

    /// The 48 bytes (for the session cache and key logging).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The primitives (the suite's PRF hash) this master secret is used with.
    pub fn primitives(&self) -> &HashPrimitives {
        &self.prims
    }

    /// Run `f` with this master secret keyed into the PRF's HMAC once, for several derivations
    /// in a row: keying HMAC costs two compressions of the hash (RFC 2104 §4's padded keys),
    /// which an abbreviated handshake would otherwise pay again for its key block and for each
    /// Finished. `None` only if the provider's `Hmac::with_key_scoped` did not call `f`.
    pub fn keyed<R>(&self, f: impl FnOnce(&KeyedMasterSecret<'_>) -> R) -> Option<R> {
        let mut f = Some(f);
        let mut result = None;
        self.prims
            .hmac
            .with_key_scoped(self.secret.as_bytes(), &mut |key| {
                if let Some(f) = f.take() {
                    result = Some(f(&KeyedMasterSecret {
                        prims: &self.prims,
                        key,
                    }));
                }
            });
        result
    }

    /// `key_block = PRF(master_secret, "key expansion", server_random + client_random)`, split
    /// into write keys and IVs (RFC 5246 §6.3). AEAD suites have no MAC keys, so the block is
    /// client key, server key, client IV, server IV.
    pub fn key_block(
        &self,
        aead: AeadAlgorithm,
        client_random: &[u8; 32],
        server_random: &[u8; 32],
    ) -> Tls12KeyBlock {
        let (hmac, secret) = (self.prims.hmac, self.secret.as_bytes());
        key_block(
            |label, seed, out| prf(hmac, secret, label, seed, out),
            aead,
            client_random,
            server_random,
        )
    }

    /// `verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]`, with
    /// "client finished" or "server finished" after `sender` (RFC 5246 §7.4.9).
    pub fn verify_data(
        &self,
        sender: Side,
        handshake_hash: &HashOutput,
    ) -> Result<Secret, KeyScheduleError> {
        let (hmac, secret) = (self.prims.hmac, self.secret.as_bytes());
        verify_data(
            |label, seed, out| prf(hmac, secret, label, seed, out),
            &self.prims,
            sender,
            handshake_hash,
        )
    }

    /// Fill `out` with the exporter value of RFC 5705 §4:
    /// `PRF(master_secret, label, client_random + server_random
    ///     [+ context_value_length + context_value])`.
    ///
    /// Unlike TLS 1.3, an absent context (`None`) and an empty one differ: the empty context
    /// still contributes its two length bytes. A context must be shorter than 2^16 bytes.
    pub fn export(
        &self,
        label: &[u8],
        client_random: &[u8; 32],
        server_random: &[u8; 32],
        context: Option<&[u8]>,
        out: &mut [u8],
    ) -> Result<(), KeyScheduleError> {
        if RESERVED_EXPORTER_LABELS
            .iter()
            .any(|reserved| label.starts_with(reserved))
        {
            return Err(KeyScheduleError::ReservedLabel);
        }
        let hmac = self.prims.hmac;
        let secret = self.secret.as_bytes();
        match context {
            None => prf(hmac, secret, label, &[client_random, server_random], out),
            Some(context) => {
                let len = u16::try_from(context.len())
                    .map_err(|_| KeyScheduleError::ContextTooLong)?
                    .to_be_bytes();
                let seed: [&[u8]; 4] = [client_random, server_random, &len, context];
                prf(hmac, secret, label, &seed, out);
            }
        }
        Ok(())
    }

    /// Whether `received` is the `verify_data` `sender` should have sent, in constant time.
    pub fn verify_finished(
        &self,
        sender: Side,
        handshake_hash: &HashOutput,
        received: &[u8],
    ) -> bool {
        match self.verify_data(sender, handshake_hash) {
            Ok(expected) => expected.ct_eq(received),
            Err(_) => false,
        }
    }
}

impl fmt::Debug for Tls12MasterSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Tls12MasterSecret")
            .field(&self.prims.algorithm())
            .finish()
    }
}

/// A [`Tls12MasterSecret`] keyed into the PRF's HMAC ([`Tls12MasterSecret::keyed`]): the same
/// derivations, each without keying HMAC again.
pub struct KeyedMasterSecret<'a> {
    prims: &'a HashPrimitives,
    key: &'a dyn HmacKey,
}

impl KeyedMasterSecret<'_> {
    /// [`Tls12MasterSecret::key_block`] (RFC 5246 §6.3).
    pub fn key_block(
        &self,
        aead: AeadAlgorithm,
        client_random: &[u8; 32],
        server_random: &[u8; 32],
    ) -> Tls12KeyBlock {
        let key = self.key;
        key_block(
            |label, seed, out| p_hash(key, label, seed, out),
            aead,
            client_random,
            server_random,
        )
    }

    /// [`Tls12MasterSecret::verify_data`] (RFC 5246 §7.4.9).
    pub fn verify_data(
        &self,
        sender: Side,
        handshake_hash: &HashOutput,
    ) -> Result<Secret, KeyScheduleError> {
        let key = self.key;
        verify_data(
            |label, seed, out| p_hash(key, label, seed, out),
            self.prims,
            sender,
            handshake_hash,
        )
    }
}

impl fmt::Debug for KeyedMasterSecret<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("KeyedMasterSecret")
            .field(&self.prims.algorithm())
            .finish()
    }
}

/// `key_block = PRF(master_secret, "key expansion", server_random + client_random)` through
/// `prf` (label, seed chunks, output), split into client key, server key, client IV, server IV
/// (RFC 5246 §6.3; AEAD suites have no MAC keys).
fn key_block(
    prf: impl FnOnce(&[u8], &[&[u8]], &mut [u8]),
    aead: AeadAlgorithm,
    client_random: &[u8; 32],
    server_random: &[u8; 32],
) -> Tls12KeyBlock {
    let (key_len, iv_len) = (aead.key_len(), fixed_iv_len(aead));
    let mut block = Zeroizing::new([0u8; MAX_KEY_BLOCK_LEN]);
    let block = &mut block[..2 * (key_len + iv_len)];
    prf(b"key expansion", &[server_random, client_random], block);
    let (client_key, rest) = block.split_at(key_len);
    let (server_key, rest) = rest.split_at(key_len);
    let (client_iv, server_iv) = rest.split_at(iv_len);
    Tls12KeyBlock {
        client: Tls12WriteKeys {
            aead,
            key: Secret::new(client_key),
            fixed_iv: Secret::new(client_iv),
        },
        server: Tls12WriteKeys {
            aead,
            key: Secret::new(server_key),
            fixed_iv: Secret::new(server_iv),
        },
    }
}

/// `verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]` through
/// `prf`, with "client finished" or "server finished" after `sender` (RFC 5246 §7.4.9).
fn verify_data(
    prf: impl FnOnce(&[u8], &[&[u8]], &mut [u8]),
    prims: &HashPrimitives,
    sender: Side,
    handshake_hash: &HashOutput,
) -> Result<Secret, KeyScheduleError> {
    prims.check_hash(handshake_hash)?;
    let label: &[u8] = match sender {
        Side::Client => b"client finished",
        Side::Server => b"server finished",
    };
    let mut out = Zeroizing::new([0u8; TLS12_VERIFY_DATA_LEN]);
    prf(label, &[handshake_hash.as_bytes()], out.as_mut_slice());
    Ok(Secret::new(out.as_slice()))
}

/// The write keys of both directions from one key block.
#[derive(Clone, Debug)]
pub struct Tls12KeyBlock {
    /// What the client writes with (and the server reads with).
    pub client: Tls12WriteKeys,
    /// What the server writes with (and the client reads with).
    pub server: Tls12WriteKeys,
}

/// One direction's AEAD key and the fixed part of its nonce.
#[derive(Clone)]
pub struct Tls12WriteKeys {
    aead: AeadAlgorithm,
    key: Secret,
    fixed_iv: Secret,
}

impl Tls12WriteKeys {
    /// The AEAD these keys are for.
    pub fn aead(&self) -> AeadAlgorithm {
        self.aead
    }

    /// The AEAD key, `aead().key_len()` bytes.
    pub fn key(&self) -> &Secret {
        &self.key
    }

    /// `fixed_iv_len(aead())` bytes: the GCM salt (RFC 5288 §3) or the ChaCha20-Poly1305 IV that
    /// is XORed with the sequence number (RFC 7905 §2).
    pub fn fixed_iv(&self) -> &Secret {
        &self.fixed_iv
    }
}

impl fmt::Debug for Tls12WriteKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tls12WriteKeys")
            .field("aead", &self.aead)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key_schedule::test_util::{sha256, sha384, unhex};

    // Values from vectors/tls12/openssl-prf.txt (OpenSSL 3.0 TLS1-PRF).
    const MS256: &str = "14aaf17b2a8c09c46f5300a8ac298f50694ffa07a3476ab4d7ebe2e5f9d60cf7\
                         55cdb56596096d4df3aa4c45c2de5562";
    const CLIENT_FINISHED_HASH: &str =
        "1aaf18fc10f7e21a3ea70c35e7eabb2da6de80ca2659ce7393c7e4d9e0be5200";

    fn ms() -> Tls12MasterSecret {
        Tls12MasterSecret::from_bytes(sha256(), &unhex(MS256)).unwrap()
    }

    #[test]
    fn fixed_iv_lengths_follow_rfc5288_and_rfc7905() {
        assert_eq!(fixed_iv_len(AeadAlgorithm::Aes128Gcm), 4);
        assert_eq!(fixed_iv_len(AeadAlgorithm::Aes256Gcm), 4);
        assert_eq!(fixed_iv_len(AeadAlgorithm::ChaCha20Poly1305), 12);
    }

    #[test]
    fn key_block_split_matches_openssl() {
        let cr: [u8; 32] =
            unhex("14d89eb49dae8733f5bf261617fc46a2ae9acc63930aaede6e76ded004c650c3")
                .try_into()
                .unwrap();
        let sr: [u8; 32] =
            unhex("5b08b3b6a50562dad6cd51faa225f70e35e5b3fb9c911425b5471cfd035f2171")
                .try_into()
                .unwrap();
        // The vector file names them the other way round: its seed is server_random || client_random.
        let block = ms().key_block(AeadAlgorithm::Aes128Gcm, &sr, &cr);
        assert_eq!(
            block.client.key().as_bytes(),
            unhex("e6184a77c322b0862092cb58554b5b2e")
        );
        assert_eq!(
            block.server.key().as_bytes(),
            unhex("2804b3acb6e8b3cd962c6eb788a29740")
        );
        assert_eq!(block.client.fixed_iv().as_bytes(), unhex("6d4d0c94"));
        assert_eq!(block.server.fixed_iv().as_bytes(), unhex("64ede6c5"));
    }

    #[test]
    fn finished_matches_openssl_and_rejects_tampering() {
        let hash = HashOutput::new(&unhex(CLIENT_FINISHED_HASH));
        let vd = ms().verify_data(Side::Client, &hash).unwrap();
        assert_eq!(vd.as_bytes(), unhex("c75309bb599c7bef3db78b55"));
        assert!(ms().verify_finished(Side::Client, &hash, vd.as_bytes()));
        assert!(!ms().verify_finished(Side::Server, &hash, vd.as_bytes()));
        assert!(!ms().verify_finished(Side::Client, &hash, &vd.as_bytes()[..11]));
        assert!(!ms().verify_finished(Side::Client, &HashOutput::new(&[0u8; 48]), vd.as_bytes()));
    }

    /// Under one keying, the key block and both Finished are the same values as derived one by
    /// one (the OpenSSL values above), whatever the order.
    #[test]
    fn keyed_derivations_match_the_one_by_one_ones() {
        let hash = HashOutput::new(&unhex(CLIENT_FINISHED_HASH));
        let (cr, sr) = ([7u8; 32], [9u8; 32]);
        let ms = ms();
        let (client, block, server) = ms
            .keyed(|prf| {
                (
                    prf.verify_data(Side::Client, &hash).unwrap(),
                    prf.key_block(AeadAlgorithm::ChaCha20Poly1305, &cr, &sr),
                    prf.verify_data(Side::Server, &hash).unwrap(),
                )
            })
            .unwrap();
        assert_eq!(client.as_bytes(), unhex("c75309bb599c7bef3db78b55"));
        assert_eq!(client, ms.verify_data(Side::Client, &hash).unwrap());
        assert_eq!(server, ms.verify_data(Side::Server, &hash).unwrap());
        assert_ne!(client, server);
        let one_by_one = ms.key_block(AeadAlgorithm::ChaCha20Poly1305, &cr, &sr);
        for (keyed, alone) in [
            (&block.client, &one_by_one.client),
            (&block.server, &one_by_one.server),
        ] {
            assert_eq!(keyed.key(), alone.key());
            assert_eq!(keyed.fixed_iv(), alone.fixed_iv());
            assert_eq!(keyed.key().len(), 32);
            assert_eq!(keyed.fixed_iv().len(), 12);
        }
        let wrong = HashOutput::new(&[0u8; 48]);
        assert_eq!(
            ms.keyed(|prf| prf.verify_data(Side::Client, &wrong)),
            Some(Err(KeyScheduleError::BadLength))
        );
    }

    #[test]
    fn lengths_are_checked() {
        assert_eq!(
            Tls12MasterSecret::from_bytes(sha256(), &[0u8; 47]).unwrap_err(),
            KeyScheduleError::BadLength
        );
        let sha256_hash = HashOutput::new(&[0u8; 32]);
        assert_eq!(
            Tls12MasterSecret::derive_extended(sha384(), b"pms", &sha256_hash).unwrap_err(),
            KeyScheduleError::BadLength
        );
    }

    /// RFC 5705 §4 spelled out: the seed is the randoms, then (with a context) its 16-bit length
    /// and the context, all through the PRF of RFC 5246 §5.
    #[test]
    fn export_follows_rfc5705_and_tells_absent_from_empty_context() {
        let (cr, sr) = ([1u8; 32], [2u8; 32]);
        let export = |context: Option<&[u8]>| {
            let mut out = [0u8; 40];
            ms().export(b"EXPERIMENTAL-ferrotls", &cr, &sr, context, &mut out)
                .unwrap();
            out
        };
        let by_prf = |seed: &[&[u8]]| {
            let mut out = [0u8; 40];
            prf(
                sha256().hmac,
                &unhex(MS256),
                b"EXPERIMENTAL-ferrotls",
                seed,
                &mut out,
            );
            out
        };
        assert_eq!(export(None), by_prf(&[&cr, &sr]));
        assert_eq!(export(Some(b"")), by_prf(&[&cr, &sr, &[0, 0]]));
        assert_eq!(export(Some(b"ctx")), by_prf(&[&cr, &sr, &[0, 3], b"ctx"]));
        assert_ne!(export(None), export(Some(b"")));
    }

    #[test]
    fn export_refuses_prf_labels_and_long_contexts() {
        let mut out = [0u8; 12];
        for label in [&b"client finished"[..], b"master secretX", b"key expansion"] {
            assert_eq!(
                ms().export(label, &[0; 32], &[0; 32], None, &mut out),
                Err(KeyScheduleError::ReservedLabel)
            );
        }
        let long = alloc::vec![0u8; 65536];
        assert_eq!(
            ms().export(b"EXPORTER-x", &[0; 32], &[0; 32], Some(&long), &mut out),
            Err(KeyScheduleError::ContextTooLong)
        );
        assert!(ms()
            .export(
                b"EXPORTER-x",
                &[0; 32],
                &[0; 32],
                Some(&long[1..]),
                &mut out
            )
            .is_ok());
    }

    #[test]
    fn extended_and_classic_master_secrets_differ() {
        let classic = Tls12MasterSecret::derive(sha256(), b"pms", &[1; 32], &[2; 32]);
        let ems = Tls12MasterSecret::derive_extended(sha256(), b"pms", &HashOutput::new(&[3; 32]))
            .unwrap();
        assert_eq!(classic.secret().len(), 48);
        assert_ne!(classic.secret(), ems.secret());
        assert_eq!(alloc::format!("{classic:?}"), "Tls12MasterSecret(Sha256)");
    }
}
