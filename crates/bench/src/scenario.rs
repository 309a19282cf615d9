//! The scenarios, and the primitives each side of each must run at least: its lower bound.
//!
//! The counts are the protocol's, not either library's: what RFC 9846 (TLS 1.3) and RFC 5246 /
//! RFC 7627 (TLS 1.2, extended master secret) make each side compute. Each HKDF-Extract, each
//! HKDF-Expand of at most one hash block (every Expand-Label of a handshake) and each HMAC
//! (Finished, binder, one P_SHA256 block) is one HMAC. Several HMACs under the same secret
//! share one keying (the HMAC key schedule, RFC 2104 §2's inner and outer pads): every
//! Expand-Label from one secret (RFC 9846 §7.1, §7.3), every P_SHA256 block of one secret
//! (RFC 5246 §5). So each side's HMACs are priced as `hmac_keys` fresh HMACs plus the rest
//! under a keyed state. The transcript is hashed once per side.
//! The handshake's encrypted records are counted as records of 256 bytes, each one a seal on
//! one side and an open on the other; each traffic key (read or write) is one AEAD key setup.

use crate::certs::KeyType;

/// A key exchange group of the scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    X25519,
    P256,
}

impl Group {
    pub fn label(self) -> &'static str {
        match self {
            Self::X25519 => "X25519",
            Self::P256 => "P-256",
        }
    }
}

/// The AEADs, each in TLS 1.3 and TLS 1.2 (ECDHE-ECDSA).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Aead {
    Aes128Gcm,
    Aes256Gcm,
    ChaCha20Poly1305,
}

impl Aead {
    pub const ALL: [Self; 3] = [Self::Aes128Gcm, Self::Aes256Gcm, Self::ChaCha20Poly1305];

    pub fn label(self) -> &'static str {
        match self {
            Self::Aes128Gcm => "AES-128-GCM",
            Self::Aes256Gcm => "AES-256-GCM",
            Self::ChaCha20Poly1305 => "ChaCha20-Poly1305",
        }
    }

    pub fn key_len(self) -> usize {
        match self {
            Self::Aes128Gcm => 16,
            _ => 32,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    Tls12,
    Tls13,
}

impl Version {
    pub fn label(self) -> &'static str {
        match self {
            Self::Tls12 => "TLS 1.2",
            Self::Tls13 => "TLS 1.3",
        }
    }
}

/// What one scenario measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// A full TLS 1.3 handshake (TLS_AES_128_GCM_SHA256) and the server's two tickets.
    Full13 { group: Group, key: KeyType },
    /// A full TLS 1.2 handshake, ECDHE over X25519, AES-128-GCM, extended master secret, the
    /// session kept by ID (no ticket).
    Full12 { key: KeyType },
    /// A TLS 1.3 resumption (ECDSA P-256 server, TLS_AES_128_GCM_SHA256, X25519 for psk_dhe_ke)
    /// and the server's two new tickets.
    Resumed13 { dhe: bool },
    /// A TLS 1.2 abbreviated handshake (ECDHE-ECDSA-AES128-GCM) by RFC 5077 ticket or by
    /// session ID.
    Resumed12 { ticket: bool },
    /// After a handshake (ECDSA P-256, X25519): full records each way.
    Bulk { version: Version, aead: Aead },
}

/// Records of 2^14 bytes sent each way in one repetition of a bulk scenario, by default.
pub const BULK_RECORDS: usize = 64;
/// The largest TLS plaintext record (RFC 9846 §5.1).
pub const RECORD: usize = 16_384;
/// The size the handshake's encrypted records are counted at.
pub const HANDSHAKE_RECORD: usize = 256;

impl Scenario {
    /// Every scenario, in report order.
    pub fn all() -> Vec<Self> {
        let mut all = vec![
            Self::Full13 {
                group: Group::X25519,
                key: KeyType::EcdsaP256,
            },
            Self::Full13 {
                group: Group::P256,
                key: KeyType::EcdsaP256,
            },
            Self::Full13 {
                group: Group::X25519,
                key: KeyType::Rsa2048,
            },
            Self::Full12 {
                key: KeyType::EcdsaP256,
            },
            Self::Full12 {
                key: KeyType::Rsa2048,
            },
            Self::Resumed13 { dhe: true },
            Self::Resumed13 { dhe: false },
            Self::Resumed12 { ticket: true },
            Self::Resumed12 { ticket: false },
        ];
        for version in [Version::Tls13, Version::Tls12] {
            for aead in Aead::ALL {
                all.push(Self::Bulk { version, aead });
            }
        }
        all
    }

    pub fn is_bulk(self) -> bool {
        matches!(self, Self::Bulk { .. })
    }

    /// A short stable name (JSON key, `--only` filter).
    pub fn id(self) -> String {
        match self {
            Self::Full13 { group, key } => {
                format!("full13-{}-{}", slug(group.label()), slug(key.label()))
            }
            Self::Full12 { key } => format!("full12-{}", slug(key.label())),
            Self::Resumed13 { dhe: true } => "resumed13-psk_dhe_ke".into(),
            Self::Resumed13 { dhe: false } => "resumed13-psk_ke".into(),
            Self::Resumed12 { ticket: true } => "resumed12-ticket".into(),
            Self::Resumed12 { ticket: false } => "resumed12-session-id".into(),
            Self::Bulk { version, aead } => {
                format!("bulk-{}-{}", slug(version.label()), slug(aead.label()))
            }
        }
    }

    pub fn title(self) -> String {
        match self {
            Self::Full13 { group, key } => format!(
                "full TLS 1.3 handshake, {} + {}, AES-128-GCM, 2 tickets",
                group.label(),
                key.label()
            ),
            Self::Full12 { key } => format!(
                "full TLS 1.2 handshake, ECDHE-{}-AES128-GCM-SHA256 (X25519, EMS, session ID)",
                match key {
                    KeyType::EcdsaP256 => "ECDSA",
                    KeyType::Rsa2048 => "RSA",
                }
            ),
            Self::Resumed13 { dhe } => format!(
                "resumed TLS 1.3, {} (ECDSA P-256 session, 2 new tickets)",
                if dhe { "psk_dhe_ke, X25519" } else { "psk_ke" }
            ),
            Self::Resumed12 { ticket } => format!(
                "resumed TLS 1.2, ECDHE-ECDSA-AES128-GCM-SHA256, by {}",
                if ticket {
                    "RFC 5077 ticket"
                } else {
                    "session ID"
                }
            ),
            Self::Bulk { version, aead } => format!(
                "bulk {} {} (ECDHE-ECDSA in TLS 1.2), 16 KiB records both ways",
                version.label(),
                aead.label(),
            ),
        }
    }

    /// The primitives each side must run: (client, server).
    /// `transcript_bytes`: the handshake's bytes; `bulk_records`: records each way.
    pub fn work(self, transcript_bytes: usize, bulk_records: usize) -> (Work, Work) {
        let hash = transcript_bytes;
        match self {
            Self::Full13 { group, key } => {
                // Per side: 2 extracts (without a PSK the Early Secret, and the "derived" salt
                // of the Handshake Secret, are constants of the hash: RFC 9846 §7.1); 1
                // "derived"; 2 handshake and 2 application traffic secrets; key and IV of 4
                // traffic secrets; 2 finished keys and 2 Finished MACs; the resumption and
                // exporter master secrets; each ticket's PSK.
                let hmacs = 2 + 1 + 4 + 8 + 4 + 2 + 2;
                // Keys: the two extracts' salts; the Handshake Secret (2 traffic secrets and
                // "derived"); the Master Secret (2 traffic, exporter and resumption); the 4
                // traffic secrets (key, IV, and the finished key of the 2 handshake ones); the 2
                // finished keys; the resumption master secret (both tickets' PSKs).
                let hmac_keys = 2 + 1 + 1 + 4 + 2 + 1;
                // EncryptedExtensions..Finished, the client's Finished, two tickets.
                let records = 4 + 1 + 2;
                let client = Work {
                    kx: vec![group],
                    // CertificateVerify, and the CA's signature on the certificate.
                    verify: vec![key, KeyType::EcdsaP256],
                    hmacs,
                    hmac_keys,
                    hash,
                    keys: 4,
                    records,
                    ..Work::default()
                };
                let server = Work {
                    kx: vec![group],
                    sign: vec![key],
                    hmacs,
                    hmac_keys,
                    hash,
                    keys: 4,
                    records: records + 2, // the two tickets sealed
                    ..Work::default()
                };
                (client, server)
            }
            Self::Full12 { key } => {
                // EMS master secret (48 bytes: 2 P_SHA256 blocks, 4 HMACs), key block (40 bytes:
                // 4), two Finished (2 each).
                let hmacs = 4 + 4 + 4;
                // The pre-master secret (master secret) and the master secret (the rest).
                let hmac_keys = 2;
                let client = Work {
                    kx: vec![Group::X25519],
                    verify: vec![key, KeyType::EcdsaP256],
                    hmacs,
                    hmac_keys,
                    hash,
                    keys: 2,
                    records: 2,
                    ..Work::default()
                };
                let server = Work {
                    kx: vec![Group::X25519],
                    sign: vec![key],
                    hmacs,
                    hmac_keys,
                    hash,
                    keys: 2,
                    records: 2,
                    ..Work::default()
                };
                (client, server)
            }
            Self::Resumed13 { dhe } => {
                // The full handshake's schedule, plus the Early Secret and its "derived" salt
                // (the PSK is an input now), the binder key, its finished key and the binder.
                let hmacs = 2 + 1 + 4 + 8 + 4 + 2 + 2 + 2 + 3;
                // The full handshake's 11, plus the Early Secret's extract, the Early Secret
                // (binder key and "derived"), the binder key and the binder's finished key.
                let hmac_keys = 11 + 1 + 1 + 1 + 1;
                let kx = if dhe { vec![Group::X25519] } else { vec![] };
                let client = Work {
                    kx: kx.clone(),
                    hmacs,
                    hmac_keys,
                    hash,
                    keys: 4,
                    // EncryptedExtensions and Finished, the client's Finished, two tickets.
                    records: 2 + 1 + 2,
                    ..Work::default()
                };
                let server = Work {
                    kx,
                    hmacs,
                    hmac_keys,
                    hash,
                    keys: 4,
                    // The same, the ticket opened and two new ones sealed.
                    records: 2 + 1 + 2 + 1 + 2,
                    ..Work::default()
                };
                (client, server)
            }
            Self::Resumed12 { ticket } => {
                // Key block (4 HMACs) and two Finished (2 each).
                let hmacs = 4 + 4;
                // All under the master secret.
                let hmac_keys = 1;
                let client = Work {
                    hmacs,
                    hmac_keys,
                    hash,
                    keys: 2,
                    records: 2,
                    ..Work::default()
                };
                let server = Work {
                    hmacs,
                    hmac_keys,
                    hash,
                    keys: 2,
                    records: 2 + usize::from(ticket),
                    ..Work::default()
                };
                (client, server)
            }
            Self::Bulk { aead, .. } => {
                // Each side seals its records and opens the peer's.
                let side = Work {
                    bulk: Some((aead, bulk_records)),
                    ..Work::default()
                };
                (side.clone(), side)
            }
        }
    }

    /// The handshake's AEAD (every handshake scenario uses AES-128-GCM).
    pub fn aead(self) -> Aead {
        match self {
            Self::Bulk { aead, .. } => aead,
            _ => Aead::Aes128Gcm,
        }
    }
}

fn slug(label: &str) -> String {
    label
        .chars()
        .filter_map(|c| match c {
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            'a'..='z' | '0'..='9' => Some(c),
            ' ' | '-' | '+' | '.' => Some('-'),
            _ => None,
        })
        .collect::<String>()
        .replace("--", "-")
}

/// The primitives one side of a scenario must run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Work {
    /// Ephemeral key exchanges: a key pair and the agreement with the peer's share.
    pub kx: Vec<Group>,
    pub sign: Vec<KeyType>,
    pub verify: Vec<KeyType>,
    /// HMAC-SHA256 computations over short messages.
    pub hmacs: usize,
    /// The distinct HMAC keys among them (each keyed once, the others reuse the keyed state).
    pub hmac_keys: usize,
    /// Bytes of transcript hashed (SHA-256).
    pub hash: usize,
    /// AEAD keys set up (each traffic key, read or write).
    pub keys: usize,
    /// Handshake records sealed or opened ([`HANDSHAKE_RECORD`] bytes; half a seal+open each).
    pub records: usize,
    /// Full records each way: this side seals as many as it opens.
    pub bulk: Option<(Aead, usize)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_tidy() {
        let ids: Vec<String> = Scenario::all().into_iter().map(Scenario::id).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        assert!(ids.contains(&"full13-x25519-ecdsa-p-256".to_string()));
        assert!(ids.contains(&"bulk-tls-1-2-chacha20-poly1305".to_string()));
    }

    #[test]
    fn only_the_server_signs_and_only_the_client_verifies() {
        for s in Scenario::all() {
            let (client, server) = s.work(1000, 1);
            assert!(client.sign.is_empty() && server.verify.is_empty(), "{s:?}");
        }
    }

    #[test]
    fn every_handshake_keys_hmac_at_least_once_and_at_most_once_per_mac() {
        for s in Scenario::all() {
            let (client, server) = s.work(1000, 1);
            for side in [client, server] {
                if side.hmacs == 0 {
                    assert_eq!(side.hmac_keys, 0, "{s:?}");
                } else {
                    assert!((1..side.hmacs).contains(&side.hmac_keys), "{s:?}");
                }
            }
        }
    }
}
