//! The server's flight (RFC 8446 §2): ServerHello in clear, then EncryptedExtensions,
//! [CertificateRequest], Certificate, CertificateVerify and Finished under the handshake keys,
//! all in one record as RFC 8448 shows; then the application write keys.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::NamedGroup;
use ferrotls_record::{AlertDescription, ProtocolVersion};

use super::certificate_request::certificate_request;
use super::client_auth::ExpectCertificate;
use super::client_finished::ExpectFinished;
use super::client_hello::{internal, Negotiated};
use super::encrypted_extensions::{advertised_record_size_limit, encrypted_extensions};
use super::key_schedule_error;
use super::pending::PendingTraffic;
use super::state::State;
use crate::config::ServerConfig;
use crate::conn::Common;
use crate::error::Error;
use crate::key_schedule::EarlySecret;
use crate::msgs::enums::CompressionMethod;
use crate::msgs::extensions::{KeyShareEntry, ServerExtension};
use crate::msgs::handshake::{Finished, HandshakeMessage, ServerHello};
use crate::tls13::{certificate_message, encode, sign_certificate_verify};
use crate::transcript::Transcript;
use crate::verify::SignatureContext;

/// What the ServerHello answers.
#[derive(Debug)]
pub(super) struct ServerHelloParams<'a> {
    /// The client's legacy_session_id, echoed (RFC 8446 §4.1.3).
    pub(super) session_id: &'a [u8],
    pub(super) group: NamedGroup,
    pub(super) client_share: &'a [u8],
    /// Send the compatibility change_cipher_spec after the ServerHello (RFC 8446 §D.4): the
    /// client sent a session ID and no HelloRetryRequest carried the CCS already.
    pub(super) compat_ccs: bool,
}

/// Send everything up to our Finished. `transcript` holds the ClientHello(s) and any
/// HelloRetryRequest.
pub(super) fn send(
    config: &ServerConfig,
    common: &mut Common,
    negotiated: Negotiated,
    params: ServerHelloParams<'_>,
    mut transcript: Transcript,
) -> Result<State, Error> {
    let provider = Arc::clone(&common.provider);
    let mut random = [0u8; 32];
    provider.random.fill(&mut random)?;
    let kx = provider
        .kx_group(params.group)
        .ok_or(internal("chosen group left the provider"))?
        .start(provider.random.as_ref())?;
    let our_share = kx.public_key().to_vec();
    // RFC 8446 §4.2.8.1–2: a share that is not a valid point (or an all-zero X25519 result) is
    // illegal_parameter, whatever the provider calls the failure.
    let shared = kx.complete(params.client_share).map_err(|_| {
        Error::protocol(
            AlertDescription::ILLEGAL_PARAMETER,
            "invalid key share (RFC 8446 §4.2.8)",
        )
    })?;

    // Extensions in the order of RFC 8448: key_share, supported_versions.
    let server_hello = encode(&HandshakeMessage::ServerHello(ServerHello {
        legacy_version: ProtocolVersion::TLS1_2,
        random,
        session_id: params.session_id.to_vec(),
        cipher_suite: negotiated.suite.suite,
        compression_method: CompressionMethod::NULL,
        extensions: vec![
            ServerExtension::KeyShare(KeyShareEntry {
                group: params.group,
                key_exchange: our_share,
            }),
            ServerExtension::SupportedVersions(ProtocolVersion::TLS1_3),
        ],
    }))?;
    transcript.add(&server_hello);
    common.send_handshake(&server_hello)?;
    if params.compat_ccs {
        common.send_change_cipher_spec()?;
    }

    let handshake = EarlySecret::new(negotiated.prims, None)
        .into_handshake_secret(Some(shared.as_bytes()))
        .map_err(key_schedule_error)?;
    let hello_hash = transcript.current();
    let client_handshake = handshake
        .client_handshake_traffic_secret(&hello_hash)
        .map_err(key_schedule_error)?;
    let server_handshake = handshake
        .server_handshake_traffic_secret(&hello_hash)
        .map_err(key_schedule_error)?;
    // RFC 8449 §4: the client's limit covers our protected handshake records too.
    if let Some(limit) = negotiated.client_record_size_limit {
        common.writer.set_record_size_limit(limit)?;
    }
    common.install_tls13_write(negotiated.suite, &server_handshake)?;

    let mut flight = Vec::new();
    let mut add = |message: &[u8], transcript: &mut Transcript| {
        transcript.add(message);
        flight.extend_from_slice(message);
    };
    add(
        &encrypted_extensions(config, &provider, &negotiated)?,
        &mut transcript,
    );
    let client_auth = match &config.client_verifier {
        Some(verifier) => {
            let (request, schemes) = certificate_request(verifier.as_ref())?;
            add(&request, &mut transcript);
            Some((Arc::clone(verifier), schemes))
        }
        None => None,
    };
    add(
        &certificate_message(&[], &negotiated.cert.chain)?,
        &mut transcript,
    );
    let verify = sign_certificate_verify(
        common,
        &negotiated.cert,
        &negotiated.client_schemes,
        SignatureContext::Server,
        &transcript.current(),
    )?;
    add(&verify, &mut transcript);
    let verify_data = server_handshake
        .finished_key()
        .and_then(|k| k.verify_data(&transcript.current()))
        .map_err(key_schedule_error)?;
    let finished = encode(&HandshakeMessage::Finished(Finished {
        verify_data: verify_data.as_bytes().to_vec(),
    }))?;
    add(&finished, &mut transcript);
    common.send_handshake(&flight)?;

    // RFC 8446 §7.1: application secrets from the transcript through the server Finished.
    let master = handshake.into_master_secret().map_err(key_schedule_error)?;
    let finished_hash = transcript.current();
    let client_application = master
        .client_application_traffic_secret(&finished_hash)
        .map_err(key_schedule_error)?;
    let server_application = master
        .server_application_traffic_secret(&finished_hash)
        .map_err(key_schedule_error)?;
    common.install_tls13_write(negotiated.suite, &server_application)?;
    // The ClientHello must have ended its record (RFC 8446 §5.1), which this checks.
    common.install_tls13_read(negotiated.suite, &client_handshake)?;
    if let Some(limit) = advertised_record_size_limit(config, &negotiated) {
        common.reader.set_record_size_limit(limit)?;
    }

    let info = &mut common.info;
    info.version = Some(ProtocolVersion::TLS1_3);
    info.suite = Some(negotiated.suite);
    info.group = Some(params.group);
    info.alpn = negotiated.alpn;
    info.server_name = negotiated.server_name;

    let traffic = PendingTraffic {
        suite: negotiated.suite,
        client_handshake,
        client_application,
        server_application,
    };
    Ok(match client_auth {
        Some((verifier, offered)) => State::ExpectCertificate(Box::new(ExpectCertificate::new(
            traffic, transcript, verifier, offered,
        ))),
        None => State::ExpectFinished(Box::new(ExpectFinished::new(traffic, transcript, None))),
    })
}
