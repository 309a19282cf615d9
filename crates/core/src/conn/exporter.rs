//! What a connection keeps of its key schedule for `Connection::export_keying_material`, and
//! the rules of the exporter call.
//!
//! - TLS 1.3 keeps the exporter secret (RFC 9846 §7.5; RFC 8446 §7.5 calls it
//!   exporter_master_secret); an absent context is an empty one.
//! - TLS 1.2 keeps the master secret and both randoms (RFC 5705 §4); an absent context differs
//!   from an empty one. Only with the extended master secret: without it the master secret is
//!   not bound to the handshake, and RFC 7627 §5.4 warns that exporters then give no guarantee,
//!   so the connection drops it when the handshake completes and refuses the call.
//!
//! - TLS 1.3 with 0-RTT also has the early exporter secret (RFC 9846 §7.5,
//!   early_exporter_secret), kept apart by the connection for
//!   `Connection::export_early_keying_material` while 0-RTT is in use.
//!
//! All hold their secrets in zeroizing [`ferrotls_crypto::Secret`]s.

use crate::error::ApiError;
use crate::key_schedule::{ExporterSecret, KeyScheduleError, Tls12MasterSecret};

/// The exporter of one connection, from the point its secret is derived.
#[derive(Debug)]
pub(crate) enum Exporter {
    Tls13(ExporterSecret),
    Tls12 {
        master: Tls12MasterSecret,
        client_random: [u8; 32],
        server_random: [u8; 32],
    },
}

impl Exporter {
    pub(crate) fn export(
        &self,
        out: &mut [u8],
        label: &[u8],
        context: Option<&[u8]>,
    ) -> Result<(), ApiError> {
        let exported = match self {
            Self::Tls13(secret) => return Self::export_tls13(secret, out, label, context),
            Self::Tls12 {
                master,
                client_random,
                server_random,
            } => master.export(label, client_random, server_random, context, out),
        };
        exported.map_err(api_error)
    }

    /// A TLS 1.3 exporter over `secret`: the exporter secret, or the early exporter secret
    /// (RFC 9846 §7.5; both use TLS-Exporter, and an absent context is an empty one).
    pub(crate) fn export_tls13(
        secret: &ExporterSecret,
        out: &mut [u8],
        label: &[u8],
        context: Option<&[u8]>,
    ) -> Result<(), ApiError> {
        secret
            .export(label, context.unwrap_or_default(), out)
            .map_err(api_error)
    }
}

/// The caller's mistake a key-schedule error stands for.
fn api_error(e: KeyScheduleError) -> ApiError {
    ApiError::InvalidArgument(match e {
        KeyScheduleError::BadLabelLength => "exporter label must be 1 to 249 bytes (RFC 9846 §7.1)",
        KeyScheduleError::ReservedLabel => {
            "exporter label begins like a TLS 1.2 PRF label (RFC 5705 §4)"
        }
        KeyScheduleError::ContextTooLong => {
            "TLS 1.2 exporter context must be shorter than 2^16 bytes (RFC 5705 §4)"
        }
        _ => "exporter output too long for the suite's hash (RFC 5869 §2.3)",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key_schedule::{EarlySecret, HashPrimitives};
    use ferrotls_crypto::rustcrypto::{hash, hkdf, hmac};

    fn prims() -> HashPrimitives {
        HashPrimitives {
            hash: &hash::SHA256,
            hmac: &hmac::HMAC_SHA256,
            hkdf: &hkdf::HKDF_SHA256,
        }
    }

    fn tls13() -> Exporter {
        let master = EarlySecret::new(prims(), None)
            .into_handshake_secret(Some(&[7; 32]))
            .and_then(|hs| hs.into_master_secret())
            .unwrap();
        let hash = prims().hash.hash(b"transcript");
        Exporter::Tls13(master.exporter_master_secret(&hash).unwrap())
    }

    fn tls12() -> Exporter {
        Exporter::Tls12 {
            master: Tls12MasterSecret::derive(prims(), b"pms", &[1; 32], &[2; 32]),
            client_random: [1; 32],
            server_random: [2; 32],
        }
    }

    fn export(exporter: &Exporter, context: Option<&[u8]>) -> [u8; 32] {
        let mut out = [0u8; 32];
        exporter
            .export(&mut out, b"EXPERIMENTAL-ferrotls", context)
            .unwrap();
        out
    }

    #[test]
    fn tls13_absent_context_is_the_empty_context() {
        let exporter = tls13();
        assert_eq!(export(&exporter, None), export(&exporter, Some(b"")));
        assert_ne!(export(&exporter, None), export(&exporter, Some(b"x")));
    }

    #[test]
    fn tls12_absent_context_differs_from_the_empty_context() {
        let exporter = tls12();
        assert_ne!(export(&exporter, None), export(&exporter, Some(b"")));
        assert_ne!(export(&exporter, Some(b"")), export(&exporter, Some(b"x")));
    }

    #[test]
    fn bad_requests_are_api_errors() {
        let mut out = [0u8; 16];
        assert!(matches!(
            tls13().export(&mut out, &[b'a'; 250], None),
            Err(ApiError::InvalidArgument(_))
        ));
        assert!(matches!(
            tls12().export(&mut out, b"master secret", None),
            Err(ApiError::InvalidArgument(_))
        ));
        // HKDF-Expand gives at most 255 * Hash.length bytes.
        let mut long = alloc::vec![0u8; 255 * 32 + 1];
        assert!(matches!(
            tls13().export(&mut long, b"EXPORTER-x", None),
            Err(ApiError::InvalidArgument(_))
        ));
    }
}
