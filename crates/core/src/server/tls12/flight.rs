//! The server's first flight (RFC 5246 §7.3): ServerHello, Certificate, ServerKeyExchange,
//! [CertificateRequest], ServerHelloDone, all in clear.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_record::ProtocolVersion;

use super::certificate_request::certificate_request;
use super::client_auth::{ClientAuth, ExpectCertificate};
use super::client_hello::Negotiated;
use super::internal;
use super::key_exchange::{EphemeralKey, ExpectClientKeyExchange};
use super::progress::Progress;
use super::state::State;
use crate::config::ServerConfig;
use crate::conn::Common;
use crate::error::Error;
use crate::msgs::enums::{CompressionMethod, ECPointFormat};
use crate::msgs::extensions::{
    ECPointFormatList, ProtocolName, RenegotiationInfo, SelectedProtocol, ServerExtension,
};
use crate::msgs::handshake::{
    self, CertificateTls12, ClientHello, EcdheParams, HandshakeMessage, ServerHello,
    ServerHelloDone, ServerKeyExchange, TLS12_DOWNGRADE_SENTINEL,
};
use crate::tls13::encode;

/// Length of the session ID we assign (RFC 5246 §7.4.1.3 allows up to 32 bytes), so a session
/// cache can find the session later.
const SESSION_ID_LEN: usize = 32;

/// Send everything up to ServerHelloDone. `encoded` is the ClientHello as received.
pub(super) fn send(
    config: &ServerConfig,
    common: &mut Common,
    ch: &ClientHello,
    negotiated: Negotiated,
    encoded: &[u8],
) -> Result<State, Error> {
    let provider = Arc::clone(&common.provider);
    let mut random = [0u8; 32];
    provider.random.fill(&mut random)?;
    // RFC 8446 §4.1.3: "TLS 1.3 servers which negotiate TLS 1.2 or below in response to a
    // ClientHello MUST set the last 8 bytes of their Random value specially [...] 44 4F 57 4E
    // 47 52 44 01". A server with TLS 1.3 disabled is a TLS 1.2 server and must not.
    if config.versions.contains(&ProtocolVersion::TLS1_3) {
        random[24..].copy_from_slice(&TLS12_DOWNGRADE_SENTINEL);
    }
    let mut session_id = vec![0u8; SESSION_ID_LEN];
    provider.random.fill(&mut session_id)?;
    let kx = provider
        .kx_group(negotiated.group)
        .ok_or(internal("chosen group left the provider"))?
        .start(provider.random.as_ref())?;

    let mut progress = Progress::new(
        negotiated.suite,
        negotiated.prims,
        ch.random,
        random,
        negotiated.ems,
        config.client_verifier.is_some(),
    );
    progress.add(encoded);
    let mut flight = Vec::new();
    let mut add = |message: &[u8], progress: &mut Progress| {
        progress.add(message);
        flight.extend_from_slice(message);
    };
    add(
        &server_hello(&negotiated, random, session_id)?,
        &mut progress,
    );
    let chain = negotiated
        .cert
        .chain
        .iter()
        .map(|c| handshake::CertificateDer(c.as_ref().to_vec()))
        .collect();
    add(
        &encode(&HandshakeMessage::CertificateTls12(CertificateTls12 {
            chain,
        }))?,
        &mut progress,
    );
    // RFC 8422 §5.4: the signature covers ClientHello.random + ServerHello.random +
    // ServerKeyExchange.params, with the scheme chosen from the client's list.
    let mut ske = ServerKeyExchange {
        params: EcdheParams {
            group: negotiated.group,
            public: kx.public_key().to_vec(),
        },
        scheme: negotiated.scheme,
        signature: Vec::new(),
    };
    let signed = ske
        .signed_message(&ch.random, &random)
        .map_err(|_| internal("could not encode our ServerKeyExchange params"))?;
    ske.signature =
        negotiated
            .cert
            .key
            .sign(negotiated.scheme, &signed, provider.random.as_ref())?;
    add(
        &encode(&HandshakeMessage::ServerKeyExchange(ske))?,
        &mut progress,
    );
    let client_auth = match &config.client_verifier {
        Some(verifier) => {
            let (request, offered) = certificate_request(verifier.as_ref())?;
            add(&request, &mut progress);
            Some(ClientAuth {
                verifier: Arc::clone(verifier),
                offered,
            })
        }
        None => None,
    };
    add(
        &encode(&HandshakeMessage::ServerHelloDone(ServerHelloDone))?,
        &mut progress,
    );
    common.send_handshake(&flight)?;

    let info = &mut common.info;
    info.version = Some(ProtocolVersion::TLS1_2);
    info.suite = Some(negotiated.suite);
    info.group = Some(negotiated.group);
    info.alpn = negotiated.alpn;
    info.server_name = negotiated.server_name;
    info.extended_master_secret = negotiated.ems;

    let kx = EphemeralKey(kx);
    Ok(match client_auth {
        Some(auth) => {
            State::ExpectCertificate(Box::new(ExpectCertificate::new(progress, kx, auth)))
        }
        None => State::ExpectClientKeyExchange(Box::new(ExpectClientKeyExchange::new(
            progress, kx, None,
        ))),
    })
}

/// The ServerHello. Extensions answer only what the client sent (RFC 5246 §7.4.1.4), with the
/// one exception RFC 5746 §3.6 makes for a client that sent only the SCSV.
fn server_hello(
    negotiated: &Negotiated,
    random: [u8; 32],
    session_id: Vec<u8>,
) -> Result<Vec<u8>, Error> {
    let mut extensions = Vec::new();
    // RFC 5746 §3.6: "If the secure_renegotiation flag is set to TRUE, the server MUST include
    // an empty "renegotiation_info" extension in the ServerHello message."
    if negotiated.secure_renegotiation {
        extensions.push(ServerExtension::RenegotiationInfo(
            RenegotiationInfo::default(),
        ));
    }
    // RFC 7627 §5.2: "If a server implementing this document receives the
    // "extended_master_secret" extension, it MUST include the extension in its ServerHello".
    if negotiated.ems {
        extensions.push(ServerExtension::ExtendedMasterSecret);
    }
    // RFC 8422 §5.2: answering a client's ec_point_formats, with uncompressed, the only format.
    if negotiated.point_formats {
        extensions.push(ServerExtension::EcPointFormats(ECPointFormatList(vec![
            ECPointFormat::UNCOMPRESSED,
        ])));
    }
    // RFC 6066 §3: an empty server_name tells the client its name picked the certificate.
    if negotiated.server_name.is_some() {
        extensions.push(ServerExtension::ServerName);
    }
    if let Some(protocol) = &negotiated.alpn {
        extensions.push(ServerExtension::Alpn(SelectedProtocol(ProtocolName(
            protocol.clone(),
        ))));
    }
    encode(&HandshakeMessage::ServerHello(ServerHello {
        legacy_version: ProtocolVersion::TLS1_2,
        random,
        session_id,
        cipher_suite: negotiated.suite.suite,
        compression_method: CompressionMethod::NULL,
        extensions,
    }))
}
