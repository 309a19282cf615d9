//! The TLS 1.3 client handshake (RFC 8446 §2, Figure 1): one type per state, each owning only
//! what is valid in it, and the single dispatch in [`state`].
//!
//! ```text
//! ExpectServerHello ──HRR──> ExpectServerHelloAfterRetry
//!        │ ServerHello                 │ ServerHello
//!        v                             v
//! ExpectEncryptedExtensions
//!        v
//! ExpectCertificateOrCertificateRequest ──CertificateRequest──> ChooseClientCertificate*
//!        │ Certificate                                                │ answer
//!        │                                                            v
//!        │                                                     ExpectCertificate
//!        v                                                            │ Certificate
//! ExpectCertificateVerify <───────────────────────────────────────────┘
//!        v
//! ExpectFinished ──(our flight)──> Connected
//!        │ with a certificate to sign for             ^
//!        v                                            │ answer
//! SignCertificateVerify* ─────────────────────────────┘
//! ```
//!
//! `*`: paused states ([`client_auth`]), which wait for the application's answer to their
//! `Request` (answered at once from `client_auth` and a local key unless deferred).

mod certificate;
mod client_auth;
mod connected;
mod early_data;
mod encrypted;
mod extensions;
mod finished;
mod hello_retry;
pub(crate) mod psk;
mod server_hello;
mod state;

pub(crate) use early_data::{start_early_data, EarlyDataOffer};
pub(crate) use extensions::check_solicited;
pub(crate) use server_hello::ExpectServerHello;
pub(crate) use state::State;

use ferrotls_crypto::SignatureScheme;

use crate::key_schedule::{HandshakeSecret, TrafficSecret};
use crate::suites::SupportedCipherSuite;
use crate::transcript::Transcript;

/// The handshake-epoch secrets, from the ServerHello to the server's Finished.
#[derive(Debug)]
pub(crate) struct HandshakeKeys {
    pub(crate) suite: &'static SupportedCipherSuite,
    /// Consumed into the master secret after the server's Finished.
    pub(crate) secret: HandshakeSecret,
    /// client_handshake_traffic_secret: our record keys and our Finished key.
    pub(crate) client: TrafficSecret,
    /// server_handshake_traffic_secret: the server's record keys and Finished key.
    pub(crate) server: TrafficSecret,
}

/// What every state between EncryptedExtensions and the server's Finished carries.
#[derive(Debug)]
pub(crate) struct Negotiated {
    pub(crate) keys: HandshakeKeys,
    pub(crate) transcript: Transcript,
    /// Our signature_algorithms: the server's CertificateVerify must use one of them.
    pub(crate) offered_schemes: alloc::vec::Vec<SignatureScheme>,
}
