//! Setups between our own client and server with the test PKI, for the certificate chain cases
//! (unknown CA, wrong name, expiry): the side that fails is the attempt, its peer opens the alert.

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::crypto::SignatureScheme;
use ferrotls_core::pki_types::{CertificateDer, ServerName, UnixTime};
use ferrotls_core::verify::{CertificateError, ClientCertVerifier, WebPkiClientVerifier};
use ferrotls_core::{ClientConfig, ClientConnection, ServerConfig, ServerConnection};
use ferrotls_tests::bad_input::AnyConn;
use ferrotls_tests::certs;
use ferrotls_tests::rfc8448_session::PinnedClientVerifier;

use crate::harness::{Attempt, Opener};

pub(crate) fn at(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(secs))
}

/// 2030-01-01: inside the test PKI's validity (2025..2049).
pub(crate) fn pki_now() -> UnixTime {
    at(1_893_456_000)
}

/// 2050-06-01: after every test certificate expired.
pub(crate) fn after_expiry() -> UnixTime {
    at(2_538_000_000)
}

/// Run a handshake between our client and server until one fails; the failed side is the
/// attempt, its peer opens the alert.
pub(crate) fn pair(
    client: ClientConfig,
    name: &str,
    client_now: UnixTime,
    server: ServerConfig,
    server_now: UnixTime,
) -> Attempt {
    let name = ServerName::try_from(name.to_string()).expect("name");
    let mut c = ClientConnection::new(Arc::new(client), name, client_now).expect("client");
    let mut s = ServerConnection::new(Arc::new(server)).expect("server");
    for _ in 0..8 {
        let mut to_server = Vec::new();
        c.write_tls(&mut to_server);
        if let Err(e) = s.handle_tls(&mut to_server, server_now) {
            return Attempt {
                conn: AnyConn::Server(s),
                result: Err(e),
                opener: Opener::Peer(Box::new(AnyConn::Client(c)), client_now),
                now: server_now,
            };
        }
        let mut to_client = Vec::new();
        s.write_tls(&mut to_client);
        if let Err(e) = c.handle_tls(&mut to_client, client_now) {
            return Attempt {
                conn: AnyConn::Client(c),
                result: Err(e),
                opener: Opener::Peer(Box::new(AnyConn::Server(s)), server_now),
                now: client_now,
            };
        }
    }
    Attempt {
        conn: AnyConn::Client(c),
        result: Ok(0),
        opener: Opener::Plain,
        now: client_now,
    }
}

pub(crate) fn pki_client() -> ClientConfig {
    certs::client_config()
}

pub(crate) fn pki_server(stem: &str) -> ServerConfig {
    let mut resolver = ferrotls_core::CertResolver::new();
    resolver.add_default(certs::certified_key(stem));
    ServerConfig::new(certs::provider(), Arc::new(resolver))
}

/// A server requiring client certificates that chain to `roots`.
pub(crate) fn pki_server_requiring(roots: &str) -> ServerConfig {
    let mut config = pki_server("server-ecdsa-p256");
    config.client_verifier = Some(Arc::new(WebPkiClientVerifier::new(
        certs::roots(roots),
        config.provider.verification,
    )));
    config
}

/// Verifies the client's chain for real with webpki, but asks for it exactly as the trace's
/// server does (no certificate_authorities, the trace's schemes), so that the server's
/// transcript, and with it its keys, stay the trace's.
#[derive(Debug)]
pub(crate) struct ChainWithTraceRequest {
    pub(crate) chain: WebPkiClientVerifier,
    pub(crate) trace: PinnedClientVerifier,
}

impl ClientCertVerifier for ChainWithTraceRequest {
    fn client_auth_mandatory(&self) -> bool {
        true
    }

    fn root_hint_subjects(&self) -> &[Vec<u8>] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<(), CertificateError> {
        self.chain
            .verify_client_cert(end_entity, intermediates, now)
    }

    fn verify_signature(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        self.trace
            .verify_signature(end_entity, scheme, message, signature)
    }

    fn supported_schemes(&self) -> Vec<SignatureScheme> {
        self.trace.supported_schemes()
    }
}
