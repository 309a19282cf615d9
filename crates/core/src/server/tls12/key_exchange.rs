//! The client's ClientKeyExchange (RFC 8422 §5.7): the ECDHE premaster secret, then the master
//! secret (RFC 5246 §8.1, or RFC 7627 §4 when extended) and both directions' record keys.

use alloc::boxed::Box;
use core::fmt;

use ferrotls_crypto::kx::ActiveKx;
use ferrotls_record::AlertDescription;

use super::client_auth::{ClientCertificate, ExpectCertificateVerify};
use super::finished::ExpectChangeCipherSpec;
use super::progress::Progress;
use super::state::State;
use crate::conn::HandshakeOutput;
use crate::error::Error;
use crate::key_schedule::Tls12MasterSecret;
use crate::msgs::handshake::ClientKeyExchange;
use crate::tls12::{record_keys, Tls12RecordKeys};

/// Our ephemeral ECDHE key from the ServerKeyExchange.
pub(super) struct EphemeralKey(pub(super) Box<dyn ActiveKx>);

impl fmt::Debug for EphemeralKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("EphemeralKey")
            .field(&self.0.group())
            .finish()
    }
}

/// The master secret and the record protection it yields, not installed yet: the client's
/// when its ChangeCipherSpec arrives, ours when we send our own.
#[derive(Debug)]
pub(super) struct Keys {
    pub(super) master: Tls12MasterSecret,
    pub(super) protections: Tls12RecordKeys,
}

/// Waiting for the client's ECDHE public key.
#[derive(Debug)]
pub(crate) struct ExpectClientKeyExchange {
    progress: Progress,
    kx: EphemeralKey,
    /// The client's verified certificate, if it sent one.
    certificate: Option<ClientCertificate>,
}

impl ExpectClientKeyExchange {
    pub(super) fn new(
        progress: Progress,
        kx: EphemeralKey,
        certificate: Option<ClientCertificate>,
    ) -> Self {
        Self {
            progress,
            kx,
            certificate,
        }
    }

    pub(super) fn handle(
        mut self,
        common: &mut dyn HandshakeOutput,
        cke: ClientKeyExchange,
        encoded: &[u8],
    ) -> Result<State, Error> {
        // RFC 8422 §5.7 / §5.11: the point must be a valid uncompressed point on the curve (or a
        // 32-byte X25519 value whose result is not all zeros); anything else is
        // illegal_parameter, whatever the provider calls it.
        let premaster = self.kx.0.complete(&cke.public).map_err(|_| {
            Error::protocol(
                AlertDescription::ILLEGAL_PARAMETER,
                "invalid ECDHE public key in ClientKeyExchange (RFC 8422 §5.7)",
            )
        })?;
        self.progress.add(encoded);
        let progress = &self.progress;
        let master = if progress.ems {
            // RFC 7627 §3: session_hash is the hash of the handshake "up to and including the
            // ClientKeyExchange message".
            Tls12MasterSecret::derive_extended(
                progress.prims,
                premaster.as_bytes(),
                &progress.transcript.current(),
            )
            .map_err(|_| Error::internal("extended master secret derivation failed"))?
        } else {
            Tls12MasterSecret::derive(
                progress.prims,
                premaster.as_bytes(),
                &progress.client_random,
                &progress.server_random,
            )
        };
        common.tls12_master_secret(&master, &progress.client_random, &progress.server_random);
        let protections = record_keys(
            progress.suite,
            &master,
            &progress.client_random,
            &progress.server_random,
        );
        let keys = Keys {
            master,
            protections,
        };
        Ok(match self.certificate {
            Some(certificate) => State::ExpectCertificateVerify(Box::new(
                ExpectCertificateVerify::new(self.progress, keys, certificate),
            )),
            None => State::ExpectChangeCipherSpec(Box::new(ExpectChangeCipherSpec::new(
                self.progress,
                keys,
                None,
            ))),
        })
    }
}
