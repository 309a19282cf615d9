//! What both ends of an abbreviated TLS 1.2 handshake derive from the session's master secret
//! (RFC 5246 §7.3 Figure 2): the server's Finished comes first, so once the ServerHello is in
//! the transcript the key block and both Finished are known, and one keying of the PRF's HMAC
//! serves them all.

use ferrotls_crypto::{AeadAlgorithm, HashOutput, Secret};

use crate::key_schedule::{Side, Tls12KeyBlock, Tls12MasterSecret};
use crate::msgs::handshake::FinishedMessage;
use crate::tls13::finished_message;

/// The abbreviated handshake's derivations.
pub(crate) struct AbbreviatedSecrets {
    /// The key block (RFC 5246 §6.3).
    pub(crate) keys: Tls12KeyBlock,
    /// The server's verify_data (RFC 5246 §7.4.9) over the transcript up to its Finished.
    pub(crate) server_verify_data: Secret,
    /// The server's Finished message carrying it.
    pub(crate) server_finished: FinishedMessage,
    /// The client's verify_data, over the transcript that ends with the server's Finished.
    pub(crate) client_verify_data: Secret,
}

/// Derive [`AbbreviatedSecrets`] under one keying: `before` is the transcript hash up to the
/// server's Finished, `with` the hash of that transcript followed by the given bytes. `None` if
/// the PRF or the encoding fails (a provider fault, not peer input).
pub(crate) fn abbreviated_secrets(
    master: &Tls12MasterSecret,
    aead: AeadAlgorithm,
    client_random: &[u8; 32],
    server_random: &[u8; 32],
    before: HashOutput,
    with: impl FnOnce(&[u8]) -> HashOutput,
) -> Option<AbbreviatedSecrets> {
    master
        .keyed(|prf| {
            let keys = prf.key_block(aead, client_random, server_random);
            let server_verify_data = prf.verify_data(Side::Server, &before).ok()?;
            let server_finished = finished_message(server_verify_data.as_bytes()).ok()?;
            let client_verify_data = prf
                .verify_data(Side::Client, &with(&server_finished))
                .ok()?;
            Some(AbbreviatedSecrets {
                keys,
                server_verify_data,
                server_finished,
                client_verify_data,
            })
        })
        .flatten()
}
