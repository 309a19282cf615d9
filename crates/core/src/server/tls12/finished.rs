//! The client's ChangeCipherSpec and Finished, then ours (RFC 5246 §7.1, §7.4.9): the end of
//! the handshake.

use alloc::boxed::Box;

use ferrotls_record::{AlertDescription, ProtocolVersion};
use rustls_pki_types::UnixTime;

use super::client_auth::ClientIdentity;
use super::connected::Connected;
use super::key_exchange::Keys;
use super::progress::Progress;
use super::state::State;
use crate::conn::{DirectionKeys, HandshakeOutput, Level, NegotiatedValue};
use crate::error::Error;
use crate::key_schedule::{Side, Tls12MasterSecret, Tls12WriteKeys, TLS12_VERIFY_DATA_LEN};
use crate::msgs::handshake::Finished;
use crate::resumption::SessionParams;
use crate::tls13::finished_message;
use ferrotls_crypto::{HashOutput, Secret};

/// Keys derived; waiting for the client's ChangeCipherSpec.
#[derive(Debug)]
pub(crate) struct ExpectChangeCipherSpec {
    progress: Progress,
    keys: Keys,
    client: Option<ClientIdentity>,
}

impl ExpectChangeCipherSpec {
    pub(super) fn new(progress: Progress, keys: Keys, client: Option<ClientIdentity>) -> Self {
        Self {
            progress,
            keys,
            client,
        }
    }

    /// RFC 5246 §7.1: the client's records are protected from here on. `install_read_keys`
    /// refuses a ChangeCipherSpec inside a fragmented handshake message.
    pub(super) fn handle_change_cipher_spec(
        self,
        common: &mut dyn HandshakeOutput,
    ) -> Result<State, Error> {
        let Keys {
            master,
            protections,
        } = self.keys;
        common.install_read_keys(
            Level::Application,
            DirectionKeys::Tls12(&protections.client_write),
        )?;
        Ok(State::ExpectFinished(Box::new(ExpectFinished {
            progress: self.progress,
            master,
            server_write: protections.server_write,
            client: self.client,
        })))
    }
}

/// Reading under the client's keys; waiting for its Finished.
#[derive(Debug)]
pub(crate) struct ExpectFinished {
    progress: Progress,
    master: Tls12MasterSecret,
    /// Our write protection, installed after our ChangeCipherSpec.
    server_write: Tls12WriteKeys,
    client: Option<ClientIdentity>,
}

impl ExpectFinished {
    pub(super) fn handle(
        mut self,
        common: &mut dyn HandshakeOutput,
        finished: Finished,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<State, Error> {
        check_client_finished(&self.master, &self.progress.transcript.current(), &finished)?;
        // Our Finished covers the client's too (RFC 5246 §7.4.9 handshake_messages), and the
        // NewSessionTicket that comes before it (RFC 5077 §3.3).
        self.progress.add(encoded);
        if let Some(plan) = self.progress.plan.take() {
            let params = SessionParams {
                cipher_suite: self.progress.suite.suite,
                secret: self.master.secret().clone(),
                server_name: common.info().server_name.clone(),
                alpn: common.info().alpn.clone(),
                extended_master_secret: self.progress.ems,
                peer_certificates: self
                    .client
                    .as_ref()
                    .map(|c| c.chain.clone())
                    .unwrap_or_default(),
            };
            if let Some(ticket) = plan.complete(common, params, now)? {
                self.progress.add(&ticket);
                common.send_handshake(&ticket)?;
            }
        }
        let verify_data = self
            .master
            .verify_data(Side::Server, &self.progress.transcript.current())
            .map_err(|_| Error::internal("server Finished derivation failed"))?;
        let ours = finished_message(verify_data.as_bytes())?;
        common.send_change_cipher_spec()?;
        common.install_write_keys(Level::Application, DirectionKeys::Tls12(&self.server_write))?;
        common.send_handshake(&ours)?;
        if let Some(client) = self.client {
            common.record(NegotiatedValue::PeerCertificates(client.chain));
            common.record(NegotiatedValue::PeerSignatureScheme(client.scheme));
            common.record(NegotiatedValue::ClientAuthenticated(true));
        }
        common.complete_handshake(ProtocolVersion::TLS1_2)?;
        Ok(State::Connected(Connected::new()))
    }
}

/// The client's Finished in a full handshake: it covers every message before it (RFC 5246
/// §7.4.9), ours included.
pub(super) fn check_client_finished(
    master: &Tls12MasterSecret,
    transcript_hash: &HashOutput,
    finished: &Finished,
) -> Result<(), Error> {
    let expected = master
        .verify_data(Side::Client, transcript_hash)
        .map_err(|_| Error::internal("client Finished derivation failed"))?;
    check_finished(&expected, finished)
}

/// Whether the client's Finished carries `expected`. verify_data is 12 bytes for every suite we
/// run; another length is a malformed message, decode_error; a mismatch is decrypt_error
/// (RFC 5246 §7.4.9, §7.2.2). The comparison is constant-time.
pub(super) fn check_finished(expected: &Secret, finished: &Finished) -> Result<(), Error> {
    if finished.verify_data.len() != TLS12_VERIFY_DATA_LEN {
        return Err(Error::protocol(
            AlertDescription::DECODE_ERROR,
            "Finished verify_data is not 12 bytes (RFC 5246 §7.4.9)",
        ));
    }
    if !expected.ct_eq(&finished.verify_data) {
        return Err(Error::protocol(
            AlertDescription::DECRYPT_ERROR,
            "client Finished does not verify (RFC 5246 §7.4.9)",
        ));
    }
    Ok(())
}
