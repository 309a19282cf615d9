//! Our flight after ServerHelloDone (RFC 5246 §7.3 Figure 1): [Certificate,] ClientKeyExchange,
//! [CertificateVerify,] ChangeCipherSpec, Finished, and the master secret between them.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::sign::KeyKind;
use ferrotls_crypto::SignatureScheme;
use ferrotls_record::AlertDescription;

use super::finished::{
    AwaitServerFinished, Ending, ExpectChangeCipherSpec, ExpectNewSessionTicket,
};
use super::server_hello_done::CertificateRequest;
use super::server_key_exchange::KeyExchange;
use super::{primitives, Negotiated, State};
use crate::client::ClientContext;
use crate::config::CertifiedKey;
use crate::conn::{DirectionKeys, HandshakeOutput, Level, NegotiatedValue};
use crate::error::Error;
use crate::key_schedule::{Side, Tls12MasterSecret};
use crate::msgs::enums::ClientCertificateType;
use crate::msgs::handshake::{
    self, CertificateTls12, CertificateVerify, ClientKeyExchange, Finished, HandshakeMessage,
};
use crate::tls12::{record_protections, Tls12Protections};
use crate::tls13::encode;

pub(super) fn send_flight(
    cx: &mut ClientContext,
    common: &mut dyn HandshakeOutput,
    negotiated: Negotiated,
    kx: KeyExchange,
    request: Option<CertificateRequest>,
) -> Result<State, Error> {
    let Negotiated {
        hello,
        suite,
        server_random,
        ems,
        ticket_expected,
        mut log,
        ..
    } = negotiated;
    let prims = primitives(common, suite)?;
    let mut flight = Vec::new();

    // RFC 5246 §7.4.6: "This is the first message the client can send after receiving a
    // ServerHelloDone message. This message is only sent if the server requests a certificate.
    // If no suitable certificate is available, the client MUST send a certificate message
    // containing no certificates."
    let signer = request
        .as_ref()
        .and_then(|r| usable_client_key(cx.config.client_auth.as_ref(), r));
    if request.is_some() {
        let chain = signer
            .as_ref()
            .map_or(&[][..], |(key, _)| key.chain.as_slice());
        let certificate = encode(&HandshakeMessage::CertificateTls12(CertificateTls12 {
            chain: chain
                .iter()
                .map(|c| handshake::CertificateDer(c.as_ref().to_vec()))
                .collect(),
        }))?;
        log.add(&certificate);
        flight.extend_from_slice(&certificate);
    }

    // RFC 8422 §5.7: ClientKeyExchange carries our ephemeral public point.
    let cke = encode(&HandshakeMessage::ClientKeyExchange(ClientKeyExchange {
        public: kx.public,
    }))?;
    log.add(&cke);
    flight.extend_from_slice(&cke);

    // RFC 7627 §4: with the extension, `session_hash` is the hash of the handshake "up to and
    // including the ClientKeyExchange message"; without it, RFC 5246 §8.1's randoms.
    let master = if ems {
        Tls12MasterSecret::derive_extended(prims, kx.premaster.as_bytes(), &log.current())
            .map_err(|_| internal("extended master secret derivation failed"))?
    } else {
        Tls12MasterSecret::derive(
            prims,
            kx.premaster.as_bytes(),
            &hello.random,
            &server_random,
        )
    };
    drop(kx.premaster);
    common.tls12_master_secret(&master, &hello.random, &server_random);

    // RFC 5246 §7.4.8: the signature covers "all handshake messages sent or received, starting
    // at client hello and up to, but not including, this message", hashed by the scheme.
    if let Some((key, scheme)) = signer {
        let signature = key
            .key
            .sign(scheme, log.messages(), common.provider().random.as_ref())?;
        let verify = encode(&HandshakeMessage::CertificateVerify(CertificateVerify {
            scheme,
            signature,
        }))?;
        log.add(&verify);
        flight.extend_from_slice(&verify);
        common.record(NegotiatedValue::ClientAuthenticated(true));
    }
    log.stop_keeping();
    common.send_handshake(&flight)?;

    // RFC 5246 §7.1: ChangeCipherSpec switches our writing to the new keys; Finished is the
    // first message they protect (§7.4.9).
    common.send_change_cipher_spec()?;
    let Tls12Protections {
        client_write,
        server_write,
    } = record_protections(
        common.provider(),
        suite,
        &master,
        &hello.random,
        &server_random,
    )?;
    common.install_write_keys(Level::Application, DirectionKeys::Tls12(client_write))?;
    let verify_data = master
        .verify_data(Side::Client, &log.current())
        .map_err(|_| internal("Finished computation failed"))?;
    let finished = encode(&HandshakeMessage::Finished(Finished {
        verify_data: verify_data.as_bytes().to_vec(),
    }))?;
    log.add(&finished);
    common.send_handshake(&finished)?;

    let awaiting = AwaitServerFinished {
        master,
        server_write,
        log,
        ending: Ending::Full,
        ticket: None,
    };
    Ok(if ticket_expected {
        State::ExpectNewSessionTicket(Box::new(ExpectNewSessionTicket { awaiting }))
    } else {
        State::ExpectChangeCipherSpec(Box::new(ExpectChangeCipherSpec { awaiting }))
    })
}

/// Our certificate and the scheme to sign with, if the configured key is of a type the server
/// accepts and can sign with one of its schemes (RFC 5246 §7.4.4, §7.4.6; RFC 8422 §5.5).
fn usable_client_key(
    configured: Option<&Arc<CertifiedKey>>,
    request: &CertificateRequest,
) -> Option<(Arc<CertifiedKey>, SignatureScheme)> {
    let key = configured.filter(|k| !k.chain.is_empty())?;
    let needed = match key.key.kind() {
        KeyKind::Rsa => ClientCertificateType::RSA_SIGN,
        KeyKind::EcdsaP256 | KeyKind::EcdsaP384 | KeyKind::Ed25519 => {
            ClientCertificateType::ECDSA_SIGN
        }
        _ => return None,
    };
    if !request.types.contains(&needed) {
        return None;
    }
    let scheme = key.key.choose_scheme(&request.schemes)?;
    Some((Arc::clone(key), scheme))
}

fn internal(why: &'static str) -> Error {
    Error::protocol(AlertDescription::INTERNAL_ERROR, why)
}
