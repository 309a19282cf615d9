//! The client's errors of pausing (see `crate::deferred`): its paused states ask for the
//! certificate that answers a CertificateRequest and for the CertificateVerify signature.

use ferrotls_record::AlertDescription;

use crate::deferred::SignFailed;
use crate::error::Error;

/// A signature that could not be made: internal_error (RFC 9846 §6.2: "An internal error
/// unrelated to the peer or the correctness of the protocol").
pub(crate) fn sign_failed(_: SignFailed) -> Error {
    Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "our CertificateVerify signature failed (the key or its signer refused)",
    )
}

/// An answer reached a state that asked for no such thing: the connection checks the kind
/// first (`Request::accepts`), so only a programming error gets here; internal_error.
pub(crate) fn not_awaited() -> Error {
    Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "an answer to a request this state did not make",
    )
}
