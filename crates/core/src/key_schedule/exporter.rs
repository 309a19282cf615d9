//! TLS 1.3 exporters (RFC 9846 §7.5, formerly RFC 8446 §7.5).

use core::fmt;

use ferrotls_crypto::Secret;

use super::hkdf_label::{derive_secret, expand_label};
use super::{HashPrimitives, KeyScheduleError};

/// An exporter master secret: `exporter_master_secret` or `early_exporter_master_secret`.
#[derive(Clone)]
pub struct ExporterSecret {
    prims: HashPrimitives,
    secret: Secret,
}

impl ExporterSecret {
    pub(crate) fn from_derived(prims: HashPrimitives, secret: Secret) -> Self {
        Self { prims, secret }
    }

    /// The secret itself (for key logging).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// Fill `out` with
    /// `TLS-Exporter(label, context_value, key_length) =
    ///     HKDF-Expand-Label(Derive-Secret(Secret, label, ""), "exporter", Hash(context_value), key_length)`.
    ///
    /// RFC 9846 §7.5 makes an absent context the same as an empty one, so there is only `context`.
    pub fn export(
        &self,
        label: &[u8],
        context: &[u8],
        out: &mut [u8],
    ) -> Result<(), KeyScheduleError> {
        let per_label = derive_secret(&self.prims, &self.secret, label, &self.prims.empty_hash())?;
        // (Each export keys HMAC twice, once per secret: exports are rare, and a boxed keyed
        // secret kept for them would cost every connection an allocation.)
        let context_hash = self.prims.hash.hash(context);
        expand_label(
            self.prims.hkdf,
            per_label.as_bytes(),
            b"exporter",
            context_hash.as_bytes(),
            out,
        )
    }
}

impl fmt::Debug for ExporterSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ExporterSecret")
            .field(&self.prims.algorithm())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key_schedule::test_util::{sha256, unhex};

    // RFC 8448 §3 exporter_master_secret.
    const EXP_MASTER: &str = "fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50";

    /// RFC 8446 §7.5 spelled out with raw HKDF calls and hand-built HkdfLabel bytes.
    fn by_hand(label: &[u8], context: &[u8], len: usize) -> alloc::vec::Vec<u8> {
        let prims = sha256();
        let empty = prims.hash.hash(&[]);
        let mut info = alloc::vec![0, 32, (6 + label.len()) as u8];
        info.extend_from_slice(b"tls13 ");
        info.extend_from_slice(label);
        info.push(32);
        info.extend_from_slice(empty.as_bytes());
        let mut derived = [0u8; 32];
        prims
            .hkdf
            .expand(&unhex(EXP_MASTER), &[&info], &mut derived)
            .unwrap();

        let context_hash = prims.hash.hash(context);
        let mut info = alloc::vec![(len >> 8) as u8, len as u8, 14];
        info.extend_from_slice(b"tls13 exporter");
        info.push(32);
        info.extend_from_slice(context_hash.as_bytes());
        let mut out = alloc::vec![0u8; len];
        prims.hkdf.expand(&derived, &[&info], &mut out).unwrap();
        out
    }

    #[test]
    fn export_follows_rfc8446_7_5() {
        let exporter = ExporterSecret::from_derived(sha256(), Secret::new(&unhex(EXP_MASTER)));
        for (label, context, len) in [
            (&b"EXPERIMENTAL-ferrotls"[..], &b"context"[..], 32usize),
            (b"EXPORTER-Channel-Binding", b"", 32),
            (b"EXPERIMENTAL-long", b"x", 300),
        ] {
            let mut out = alloc::vec![0u8; len];
            exporter.export(label, context, &mut out).unwrap();
            assert_eq!(out, by_hand(label, context, len));
        }
    }

    #[test]
    fn export_rejects_overlong_label() {
        let exporter = ExporterSecret::from_derived(sha256(), Secret::new(&unhex(EXP_MASTER)));
        let mut out = [0u8; 16];
        assert_eq!(
            exporter.export(&[b'a'; 250], b"", &mut out),
            Err(KeyScheduleError::BadLabelLength)
        );
    }
}
