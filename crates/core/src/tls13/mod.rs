//! What the TLS 1.3 client and server share: the transcript, application-traffic key updates, and
//! the certificate / CertificateVerify messages.

mod auth;
mod traffic;

pub(crate) use auth::{
    certificate_message, certificate_verify_input, certificate_verify_message, peer_chain,
    tls12_certificate_message, tls13_scheme,
};
pub(crate) use traffic::ApplicationTraffic;

use alloc::vec::Vec;
use ferrotls_record::AlertDescription;

use crate::error::Error;
use crate::msgs::handshake::{FinishedMessage, HandshakeMessage};

/// Encode a message we build ourselves. Failure means we built something unencodable: our bug,
/// reported as internal_error rather than a panic.
pub(crate) fn encode(message: &HandshakeMessage) -> Result<Vec<u8>, Error> {
    message.to_bytes().map_err(|_| {
        Error::protocol(
            AlertDescription::INTERNAL_ERROR,
            "could not encode our own message",
        )
    })
}

/// Our Finished message with `verify_data`, encoded without an allocation (both versions).
pub(crate) fn finished_message(verify_data: &[u8]) -> Result<FinishedMessage, Error> {
    FinishedMessage::new(verify_data).ok_or(Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "could not encode our own Finished",
    ))
}

/// RFC 8446 §4.4.4 fixes verify_data at Hash.length bytes; a Finished of another length is
/// malformed (decode_error, §6.2), not merely wrong (decrypt_error).
pub(crate) fn check_finished_len(verify_data: &[u8], hash_len: usize) -> Result<(), Error> {
    if verify_data.len() == hash_len {
        Ok(())
    } else {
        Err(Error::protocol(
            AlertDescription::DECODE_ERROR,
            "Finished verify_data is not Hash.length bytes (RFC 8446 §4.4.4)",
        ))
    }
}
