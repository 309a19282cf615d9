//! The instant answer to `Request::Sign`: a key the library holds signs at once. The key is the
//! chosen certificate's, which only the paused handshake holds, so each side's
//! `Handshake::instant_answer` asks here with it; an external key
//! (`SigningKey::is_external`) leaves the request to the application.

use ferrotls_crypto::SecureRandom;

use super::answer::{Answer, SignFailed};
use super::request::Request;
use crate::config::CertifiedKey;

/// `key`'s signature for a `Request::Sign`, or `None` if the key is external or the request is
/// of another kind. A failure of the key is `SignFailed` (internal_error, RFC 9846 §6.2).
pub(crate) fn local_signature(
    key: &CertifiedKey,
    request: &Request,
    rng: &dyn SecureRandom,
) -> Option<Answer> {
    let Request::Sign { scheme, message } = request else {
        return None;
    };
    if key.key.is_external() {
        return None;
    }
    Some(Answer::Signature(
        key.key.sign(*scheme, message, rng).map_err(|_| SignFailed),
    ))
}
