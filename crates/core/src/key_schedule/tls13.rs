//! The TLS 1.3 secret chain (RFC 8446 §7.1) as typed stages.
//!
//! ```text
//!           0
//!           |
//! PSK ->  HKDF-Extract = Early Secret        -> binder_key, client_early_traffic_secret,
//!           |                                   early_exporter_master_secret
//!     Derive-Secret(., "derived", "")
//!           |
//! (EC)DHE -> HKDF-Extract = Handshake Secret -> [sender]_handshake_traffic_secret
//!           |
//!     Derive-Secret(., "derived", "")
//!           |
//! 0 ->    HKDF-Extract = Master Secret       -> [sender]_application_traffic_secret_0,
//!                                               exporter_master_secret, resumption_master_secret
//! ```
//!
//! Each stage is consumed by the next, and each offers only its own derivations. A stage keeps
//! its secret keyed into HMAC ([`HkdfPrk`]) from the Extract that made it, so its Derive-Secrets
//! each cost only their own HMACs, not a keying of HMAC each; the keyed state is allocated once,
//! by the Early Secret, and rekeyed in place by each next stage.

use core::fmt;

use alloc::boxed::Box;

use ferrotls_crypto::hkdf::HkdfPrk;
use ferrotls_crypto::{AeadAlgorithm, HashOutput, Secret};

use super::hkdf_label::{derive_secret_keyed, expand_label_secret_keyed, with_prk};
use super::{ExporterSecret, FinishedKey, HashPrimitives, KeyScheduleError, TrafficSecret};

/// Where a PSK comes from, which picks the binder key label (RFC 8446 §7.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PskKind {
    /// Provisioned out of band: "ext binder".
    External,
    /// From a NewSessionTicket of an earlier connection: "res binder".
    Resumption,
}

/// `Derive-Secret(., "derived", "")`: the salt that carries one stage into the next.
fn derived_salt(prims: &HashPrimitives, prk: &dyn HkdfPrk) -> Result<Secret, KeyScheduleError> {
    derive_secret_keyed(prims, prk, b"derived", &prims.empty_hash())
}

/// The Early Secret: `HKDF-Extract(0, PSK)`.
pub struct EarlySecret {
    prims: HashPrimitives,
    secret: Secret,
    /// `secret` keyed for HKDF-Expand.
    prk: Box<dyn HkdfPrk>,
}

impl EarlySecret {
    /// Extract the early secret from `psk`, or from Hash.length zero bytes when no PSK is in use
    /// (RFC 8446 §7.1). The salt is 0, which HKDF reads as Hash.length zero bytes.
    pub fn new(prims: HashPrimitives, psk: Option<&[u8]>) -> Self {
        let zeros = Secret::zeros(prims.output_len());
        let ikm = psk.unwrap_or(zeros.as_bytes());
        let (secret, prk) = prims.hkdf.extract_keyed(None, ikm);
        Self { prims, secret, prk }
    }

    /// The early secret itself (for key logging and tests).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The primitives this schedule runs on.
    pub fn primitives(&self) -> &HashPrimitives {
        &self.prims
    }

    /// `binder_key = Derive-Secret(., "ext binder" | "res binder", "")`, ready to compute and
    /// verify binders (RFC 8446 §7.1, §4.2.11.2).
    pub fn binder_key(&self, kind: PskKind) -> Result<BinderKey, KeyScheduleError> {
        let label: &[u8] = match kind {
            PskKind::External => b"ext binder",
            PskKind::Resumption => b"res binder",
        };
        let secret = derive_secret_keyed(
            &self.prims,
            self.prk.as_ref(),
            label,
            &self.prims.empty_hash(),
        )?;
        let finished = FinishedKey::derive(&self.prims, &secret)?;
        Ok(BinderKey { secret, finished })
    }

    /// `client_early_traffic_secret = Derive-Secret(., "c e traffic", ClientHello)`.
    pub fn client_early_traffic_secret(
        &self,
        client_hello_hash: &HashOutput,
    ) -> Result<TrafficSecret, KeyScheduleError> {
        let s = derive_secret_keyed(
            &self.prims,
            self.prk.as_ref(),
            b"c e traffic",
            client_hello_hash,
        )?;
        Ok(TrafficSecret::from_derived(self.prims, s))
    }

    /// `early_exporter_master_secret = Derive-Secret(., "e exp master", ClientHello)`.
    pub fn early_exporter_master_secret(
        &self,
        client_hello_hash: &HashOutput,
    ) -> Result<ExporterSecret, KeyScheduleError> {
        let s = derive_secret_keyed(
            &self.prims,
            self.prk.as_ref(),
            b"e exp master",
            client_hello_hash,
        )?;
        Ok(ExporterSecret::from_derived(self.prims, s))
    }

    /// Move to the Handshake Secret with the (EC)DHE shared secret, or Hash.length zero bytes in
    /// psk_ke mode where there is none (RFC 8446 §7.1).
    pub fn into_handshake_secret(
        self,
        shared_secret: Option<&[u8]>,
    ) -> Result<HandshakeSecret, KeyScheduleError> {
        let salt = derived_salt(&self.prims, self.prk.as_ref())?;
        let zeros = Secret::zeros(self.prims.output_len());
        let ikm = shared_secret.unwrap_or(zeros.as_bytes());
        let secret = self.prims.hkdf.extract(Some(salt.as_bytes()), ikm);
        let mut prk = self.prk;
        prk.rekey(secret.as_bytes());
        Ok(HandshakeSecret {
            prims: self.prims,
            secret,
            prk,
        })
    }
}

/// The binder key of one PSK and the Finished-style key the binder is an HMAC under.
pub struct BinderKey {
    secret: Secret,
    finished: FinishedKey,
}

impl BinderKey {
    /// The binder key itself (for key logging and tests).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The HMAC key of the binder: the `finished_key` computed with the binder key as BaseKey.
    pub fn finished_key(&self) -> &FinishedKey {
        &self.finished
    }

    /// The binder value: an HMAC over `Transcript-Hash(Truncate(ClientHello1))`, or over the
    /// transcript through the HelloRetryRequest plus the truncated ClientHello2
    /// (RFC 8446 §4.2.11.2).
    pub fn binder(&self, binder_hash: &HashOutput) -> Result<Secret, KeyScheduleError> {
        self.finished.verify_data(binder_hash)
    }

    /// Whether `received` is the binder for `binder_hash`, compared in constant time.
    pub fn verify_binder(&self, binder_hash: &HashOutput, received: &[u8]) -> bool {
        self.finished.verify(binder_hash, received)
    }
}

/// The Handshake Secret.
pub struct HandshakeSecret {
    prims: HashPrimitives,
    secret: Secret,
    /// `secret` keyed for HKDF-Expand.
    prk: Box<dyn HkdfPrk>,
}

impl HandshakeSecret {
    /// The Handshake Secret of a handshake without a PSK, from the (EC)DHE shared secret:
    /// what `EarlySecret::new(prims, None).into_handshake_secret(shared_secret)` gives, with the
    /// Early Secret stage, all constants then, taken as the hash's fixed salt
    /// (RFC 9846 §7.1; `constants.rs`).
    pub fn without_psk(
        prims: HashPrimitives,
        shared_secret: Option<&[u8]>,
    ) -> Result<Self, KeyScheduleError> {
        let zeros = Secret::zeros(prims.output_len());
        let ikm = shared_secret.unwrap_or(zeros.as_bytes());
        let salt = super::constants::derived_without_psk(&prims);
        let (secret, prk) = prims.hkdf.extract_keyed(Some(salt), ikm);
        Ok(Self { prims, secret, prk })
    }

    /// The handshake secret itself (for key logging and tests).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// `client_handshake_traffic_secret = Derive-Secret(., "c hs traffic", ClientHello...ServerHello)`.
    pub fn client_handshake_traffic_secret(
        &self,
        hello_hash: &HashOutput,
    ) -> Result<TrafficSecret, KeyScheduleError> {
        let s = derive_secret_keyed(&self.prims, self.prk.as_ref(), b"c hs traffic", hello_hash)?;
        Ok(TrafficSecret::from_derived(self.prims, s))
    }

    /// `server_handshake_traffic_secret = Derive-Secret(., "s hs traffic", ClientHello...ServerHello)`.
    pub fn server_handshake_traffic_secret(
        &self,
        hello_hash: &HashOutput,
    ) -> Result<TrafficSecret, KeyScheduleError> {
        let s = derive_secret_keyed(&self.prims, self.prk.as_ref(), b"s hs traffic", hello_hash)?;
        Ok(TrafficSecret::from_derived(self.prims, s))
    }

    /// Both handshake traffic secrets, (client, server), each with its record keys for `aead`
    /// and its Finished key derived at once ([`TrafficSecret`]'s one keying): what a handshake
    /// uses them for.
    pub fn handshake_traffic_secrets(
        &self,
        hello_hash: &HashOutput,
        aead: AeadAlgorithm,
    ) -> Result<(TrafficSecret, TrafficSecret), KeyScheduleError> {
        let prk = self.prk.as_ref();
        let client = derive_secret_keyed(&self.prims, prk, b"c hs traffic", hello_hash)?;
        let server = derive_secret_keyed(&self.prims, prk, b"s hs traffic", hello_hash)?;
        Ok((
            TrafficSecret::handshake(self.prims, client, aead)?,
            TrafficSecret::handshake(self.prims, server, aead)?,
        ))
    }

    /// Move to the Master Secret: `HKDF-Extract(Derive-Secret(., "derived", ""), 0)`.
    pub fn into_master_secret(self) -> Result<MasterSecret, KeyScheduleError> {
        let salt = derived_salt(&self.prims, self.prk.as_ref())?;
        let zeros = Secret::zeros(self.prims.output_len());
        let secret = self
            .prims
            .hkdf
            .extract(Some(salt.as_bytes()), zeros.as_bytes());
        let mut prk = self.prk;
        prk.rekey(secret.as_bytes());
        Ok(MasterSecret {
            prims: self.prims,
            secret,
            prk,
        })
    }
}

/// The Master Secret.
pub struct MasterSecret {
    prims: HashPrimitives,
    secret: Secret,
    /// `secret` keyed for HKDF-Expand.
    prk: Box<dyn HkdfPrk>,
}

impl MasterSecret {
    /// The master secret itself (for key logging and tests).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// `client_application_traffic_secret_0 = Derive-Secret(., "c ap traffic",
    /// ClientHello...server Finished)`.
    pub fn client_application_traffic_secret(
        &self,
        server_finished_hash: &HashOutput,
    ) -> Result<TrafficSecret, KeyScheduleError> {
        let s = derive_secret_keyed(
            &self.prims,
            self.prk.as_ref(),
            b"c ap traffic",
            server_finished_hash,
        )?;
        Ok(TrafficSecret::from_derived(self.prims, s))
    }

    /// `server_application_traffic_secret_0 = Derive-Secret(., "s ap traffic",
    /// ClientHello...server Finished)`.
    pub fn server_application_traffic_secret(
        &self,
        server_finished_hash: &HashOutput,
    ) -> Result<TrafficSecret, KeyScheduleError> {
        let s = derive_secret_keyed(
            &self.prims,
            self.prk.as_ref(),
            b"s ap traffic",
            server_finished_hash,
        )?;
        Ok(TrafficSecret::from_derived(self.prims, s))
    }

    /// `exporter_master_secret = Derive-Secret(., "exp master", ClientHello...server Finished)`.
    pub fn exporter_master_secret(
        &self,
        server_finished_hash: &HashOutput,
    ) -> Result<ExporterSecret, KeyScheduleError> {
        let s = derive_secret_keyed(
            &self.prims,
            self.prk.as_ref(),
            b"exp master",
            server_finished_hash,
        )?;
        Ok(ExporterSecret::from_derived(self.prims, s))
    }

    /// `resumption_master_secret = Derive-Secret(., "res master", ClientHello...client Finished)`.
    pub fn resumption_master_secret(
        &self,
        client_finished_hash: &HashOutput,
    ) -> Result<ResumptionMasterSecret, KeyScheduleError> {
        let secret = derive_secret_keyed(
            &self.prims,
            self.prk.as_ref(),
            b"res master",
            client_finished_hash,
        )?;
        Ok(ResumptionMasterSecret {
            prims: self.prims,
            secret,
        })
    }
}

/// The resumption master secret, from which each NewSessionTicket's PSK is derived.
pub struct ResumptionMasterSecret {
    prims: HashPrimitives,
    secret: Secret,
}

impl ResumptionMasterSecret {
    /// The resumption master secret itself (for key logging and tests).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The PSK of the ticket carrying `ticket_nonce`:
    /// `HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length)`
    /// (RFC 8446 §4.6.1). The nonce is `opaque<0..255>`, so a longer one is refused.
    pub fn ticket_psk(&self, ticket_nonce: &[u8]) -> Result<Secret, KeyScheduleError> {
        self.with_ticket_psks(|psks| psks.ticket_psk(ticket_nonce))
    }

    /// Run `f` with this secret keyed into HMAC once, for the PSKs of several tickets (a server
    /// issuing its tickets together): each then costs its own expansion only.
    pub fn with_ticket_psks<T>(
        &self,
        f: impl FnOnce(&TicketPsks<'_>) -> Result<T, KeyScheduleError>,
    ) -> Result<T, KeyScheduleError> {
        with_prk(self.prims.hkdf, self.secret.as_bytes(), |prk| {
            f(&TicketPsks {
                prk,
                len: self.prims.output_len(),
            })
        })
    }
}

/// A resumption master secret keyed into HMAC ([`ResumptionMasterSecret::with_ticket_psks`]).
pub struct TicketPsks<'a> {
    prk: &'a dyn HkdfPrk,
    len: usize,
}

impl TicketPsks<'_> {
    /// [`ResumptionMasterSecret::ticket_psk`] from the keyed secret.
    pub fn ticket_psk(&self, ticket_nonce: &[u8]) -> Result<Secret, KeyScheduleError> {
        expand_label_secret_keyed(self.prk, b"resumption", ticket_nonce, self.len)
    }
}

impl fmt::Debug for TicketPsks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TicketPsks").finish_non_exhaustive()
    }
}

macro_rules! debug_without_secret {
    ($($ty:ident),*) => {$(
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($ty)).field(&self.prims.algorithm()).finish()
            }
        }
    )*};
}

debug_without_secret!(
    EarlySecret,
    HandshakeSecret,
    MasterSecret,
    ResumptionMasterSecret
);

impl fmt::Debug for BinderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BinderKey").field(&self.finished).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key_schedule::test_util::{hash_output, sha256, sha384, unhex};

    // RFC 8448 §3 values.
    const ECDHE: &str = "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d";
    const HELLO_HASH: &str = "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8";
    const RES_MASTER: &str = "7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c";
    const TICKET_PSK: &str = "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3";

    #[test]
    fn chain_without_psk_matches_rfc8448_section3() {
        let early = EarlySecret::new(sha256(), None);
        assert_eq!(
            early.secret().as_bytes(),
            unhex("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a")
        );
        let hs = early.into_handshake_secret(Some(&unhex(ECDHE))).unwrap();
        assert_eq!(
            hs.secret().as_bytes(),
            unhex("1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac")
        );
        let s_hs = hs
            .server_handshake_traffic_secret(&hash_output(HELLO_HASH))
            .unwrap();
        assert_eq!(
            s_hs.secret().as_bytes(),
            unhex("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38")
        );
        let master = hs.into_master_secret().unwrap();
        assert_eq!(
            master.secret().as_bytes(),
            unhex("18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919")
        );
    }

    #[test]
    fn handshake_traffic_secrets_match_rfc8448_section3() {
        let hs = HandshakeSecret::without_psk(sha256(), Some(&unhex(ECDHE))).unwrap();
        let hello_hash = hash_output(HELLO_HASH);
        let (client, server) = hs
            .handshake_traffic_secrets(&hello_hash, AeadAlgorithm::Aes128Gcm)
            .unwrap();
        assert_eq!(
            server.secret().as_bytes(),
            unhex("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38")
        );
        assert_eq!(
            client.secret(),
            hs.client_handshake_traffic_secret(&hello_hash)
                .unwrap()
                .secret()
        );
        assert_eq!(
            server.finished_key().unwrap().key().as_bytes(),
            unhex("008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8")
        );
        assert_eq!(
            server
                .traffic_keys(AeadAlgorithm::Aes128Gcm)
                .unwrap()
                .key()
                .as_bytes(),
            unhex("3fce516009c21727d0f2e4e86ee403bc")
        );
    }

    #[test]
    fn handshake_secret_without_psk_skips_the_constant_early_stage() {
        let hs = HandshakeSecret::without_psk(sha256(), Some(&unhex(ECDHE))).unwrap();
        assert_eq!(
            hs.secret().as_bytes(),
            unhex("1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac")
        );
        for prims in [sha256(), sha384()] {
            for shared in [Some(&b"shared"[..]), None] {
                let direct = HandshakeSecret::without_psk(prims, shared).unwrap();
                let chained = EarlySecret::new(prims, None)
                    .into_handshake_secret(shared)
                    .unwrap();
                assert_eq!(direct.secret(), chained.secret());
                assert_eq!(
                    direct.into_master_secret().unwrap().secret(),
                    chained.into_master_secret().unwrap().secret()
                );
            }
        }
    }

    #[test]
    fn ticket_psk_matches_rfc8448_and_bounds_the_nonce() {
        let rms = ResumptionMasterSecret {
            prims: sha256(),
            secret: Secret::new(&unhex(RES_MASTER)),
        };
        assert_eq!(
            rms.ticket_psk(&[0, 0]).unwrap().as_bytes(),
            unhex(TICKET_PSK)
        );
        assert_eq!(
            rms.ticket_psk(&[0u8; 256]).unwrap_err(),
            KeyScheduleError::ContextTooLong
        );
    }

    #[test]
    fn binder_matches_rfc8448_section4_and_verifies_in_constant_time() {
        let early = EarlySecret::new(sha256(), Some(&unhex(TICKET_PSK)));
        let key = early.binder_key(PskKind::Resumption).unwrap();
        assert_eq!(
            key.secret().as_bytes(),
            unhex("69fe131a3bbad5d63c64eebcc30e395b9d8107726a13d074e389dbc8a4e47256")
        );
        let binder_hash =
            hash_output("63224b2e4573f2d3454ca84b9d009a04f6be9e05711a8396473aefa01e924a14");
        let binder = unhex("3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d");
        assert_eq!(key.binder(&binder_hash).unwrap().as_bytes(), binder);
        assert!(key.verify_binder(&binder_hash, &binder));

        let mut tampered = binder.clone();
        tampered[31] ^= 1;
        assert!(!key.verify_binder(&binder_hash, &tampered));
        assert!(!key.verify_binder(&binder_hash, &binder[..31]));
        assert!(!key.verify_binder(&binder_hash, &[]));
        // External PSKs use another label, so the same PSK gives another binder.
        let ext = early.binder_key(PskKind::External).unwrap();
        assert!(!ext.verify_binder(&binder_hash, &binder));
    }

    #[test]
    fn psk_ke_mode_uses_zero_shared_secret() {
        let with_none = EarlySecret::new(sha256(), Some(b"psk"))
            .into_handshake_secret(None)
            .unwrap();
        let with_zeros = EarlySecret::new(sha256(), Some(b"psk"))
            .into_handshake_secret(Some(&[0u8; 32]))
            .unwrap();
        assert_eq!(with_none.secret(), with_zeros.secret());
    }

    #[test]
    fn secrets_follow_the_suite_hash_and_reject_other_lengths() {
        let early = EarlySecret::new(sha384(), None);
        assert_eq!(early.secret().len(), 48);
        let sha256_hash = hash_output(HELLO_HASH);
        assert_eq!(
            early.client_early_traffic_secret(&sha256_hash).unwrap_err(),
            KeyScheduleError::BadLength
        );
        let hs = early.into_handshake_secret(Some(b"shared")).unwrap();
        let hash = HashOutput::new(&[7u8; 48]);
        assert_eq!(
            hs.client_handshake_traffic_secret(&hash)
                .unwrap()
                .secret()
                .len(),
            48
        );
        let master = hs.into_master_secret().unwrap();
        assert_eq!(
            master
                .resumption_master_secret(&hash)
                .unwrap()
                .ticket_psk(&[1])
                .unwrap()
                .len(),
            48
        );
    }

    #[test]
    fn debug_never_shows_secrets() {
        let early = EarlySecret::new(sha256(), None);
        let text = alloc::format!(
            "{early:?} {:?}",
            early.binder_key(PskKind::External).unwrap()
        );
        assert!(!text.contains("33ad"), "{text}");
        assert!(text.contains("Sha256"));
    }
}
