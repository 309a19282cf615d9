//! The server's ECDHE parameters and their signature (RFC 8422 §5.4, RFC 5246 §7.4.3), and our
//! half of the key exchange.

use alloc::boxed::Box;
use alloc::vec::Vec;

use ferrotls_crypto::{Secret, SignatureScheme};
use ferrotls_record::AlertDescription;
use rustls_pki_types::CertificateDer;

use super::server_hello_done::ExpectCertificateRequestOrDone;
use super::{illegal, Negotiated, State};
use crate::client::ClientContext;
use crate::conn::{HandshakeOutput, NegotiatedValue};
use crate::error::{Cause, Error};
use crate::msgs::handshake::ServerKeyExchange;
use crate::suites::Tls12Auth;

/// After the server's Certificate.
#[derive(Debug)]
pub(crate) struct ExpectServerKeyExchange {
    pub(crate) negotiated: Negotiated,
    pub(crate) end_entity: CertificateDer<'static>,
}

/// Our side of the completed ECDHE exchange, waiting for ServerHelloDone.
pub(crate) struct KeyExchange {
    /// Our public point, for ClientKeyExchange.
    pub(crate) public: Vec<u8>,
    /// RFC 8422 §5.10 / §5.11: the shared x-coordinate or X25519 output is the premaster secret.
    pub(crate) premaster: Secret,
}

impl core::fmt::Debug for KeyExchange {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KeyExchange").finish_non_exhaustive()
    }
}

impl ExpectServerKeyExchange {
    pub(crate) fn handle(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        ske: ServerKeyExchange,
        encoded: &[u8],
    ) -> Result<State, Error> {
        let Self {
            mut negotiated,
            end_entity,
        } = *self;
        let group = ske.params.group;
        // RFC 8422 §5.4: the server picks a curve from the client's Supported Elliptic Curves
        // extension (explicit curves were refused by the codec: named_curve only, §5.4).
        // Only an ECDHE curve: not a TLS 1.3-only group (X25519MLKEM768), even though a client
        // offering both versions lists it (draft-ietf-tls-ecdhe-mlkem §1).
        let offered_group = group.is_tls12_ecdhe_curve()
            && negotiated
                .hello
                .supported_groups()
                .is_some_and(|groups| groups.contains(&group));
        let kx_group = common
            .provider()
            .kx_group(group)
            .filter(|_| offered_group)
            .ok_or(illegal(
                "ServerKeyExchange curve we did not offer (RFC 8422 §5.4)",
            ))?;
        check_scheme(&negotiated, ske.scheme)?;
        verify_signature(cx, &negotiated, &end_entity, &ske)?;
        common.record(NegotiatedValue::PeerSignatureScheme(ske.scheme));
        common.record(NegotiatedValue::Group(Some(group)));

        // Our ephemeral key is drawn only now, after the server's parameters are authenticated
        // (documented on `ClientConnection::new`). An invalid point (off the curve, the
        // identity, an all-zero X25519 result) is illegal_parameter (RFC 8422 §5.11), which
        // CryptoError::InvalidPeerKey converts to.
        let ours = kx_group.start(common.provider().random.as_ref())?;
        let public = ours.public_key().to_vec();
        let premaster = ours.complete(&ske.params.public)?;
        negotiated.log.add(encoded);
        Ok(State::ExpectCertificateRequestOrDone(Box::new(
            ExpectCertificateRequestOrDone {
                negotiated,
                kx: KeyExchange { public, premaster },
            },
        )))
    }
}

/// The scheme must be one we offered (RFC 5246 §7.4.1.4.1: the server's signatures use "one of
/// the hash/signature algorithm pairs listed in the client's "signature_algorithms"
/// extension"), and of the suite's signature algorithm (RFC 8422 §5.4: "the signature algorithm
/// [...] MUST be ECDSA or EdDSA" for ECDHE_ECDSA; RFC 5246 §7.4.3: RSA for ECDHE_RSA).
fn check_scheme(negotiated: &Negotiated, scheme: SignatureScheme) -> Result<(), Error> {
    let offered = negotiated
        .hello
        .signature_algorithms()
        .is_some_and(|schemes| schemes.contains(&scheme));
    let fits = negotiated
        .suite
        .tls12_auth
        .is_some_and(|auth| scheme_fits(auth, scheme));
    if !offered || !fits {
        return Err(illegal(
            "ServerKeyExchange signature scheme we did not offer or the suite does not use \
             (RFC 5246 §7.4.1.4.1, RFC 8422 §5.4)",
        ));
    }
    Ok(())
}

fn scheme_fits(auth: Tls12Auth, scheme: SignatureScheme) -> bool {
    use SignatureScheme as S;
    match auth {
        Tls12Auth::Ecdsa => matches!(
            scheme,
            S::ECDSA_NISTP256_SHA256
                | S::ECDSA_NISTP384_SHA384
                | S::ECDSA_NISTP521_SHA512
                | S::ECDSA_SHA1
                | S::ED25519
                | S::ED448
        ),
        Tls12Auth::Rsa => matches!(
            scheme,
            S::RSA_PKCS1_SHA1
                | S::RSA_PKCS1_SHA256
                | S::RSA_PKCS1_SHA384
                | S::RSA_PKCS1_SHA512
                | S::RSA_PSS_RSAE_SHA256
                | S::RSA_PSS_RSAE_SHA384
                | S::RSA_PSS_RSAE_SHA512
                | S::RSA_PSS_PSS_SHA256
                | S::RSA_PSS_PSS_SHA384
                | S::RSA_PSS_PSS_SHA512
        ),
    }
}

/// RFC 8422 §5.4: the signature covers `ClientHello.random + ServerHello.random +
/// ServerKeyExchange.params`. RFC 5246 §7.2.2: a signature that does not verify is
/// decrypt_error; the verifier's reason is kept as the cause.
fn verify_signature(
    cx: &ClientContext,
    negotiated: &Negotiated,
    end_entity: &CertificateDer<'_>,
    ske: &ServerKeyExchange,
) -> Result<(), Error> {
    let message = ske
        .signed_message(negotiated.client_random(), &negotiated.server_random)
        .map_err(|_| {
            Error::protocol(
                AlertDescription::INTERNAL_ERROR,
                "could not re-encode the server's ECDHE parameters",
            )
        })?;
    cx.config
        .verifier
        .verify_tls12_signature(end_entity, ske.scheme, &message, &ske.signature)
        .map_err(|e| Error::fatal(AlertDescription::DECRYPT_ERROR, Cause::Certificate(e)))
}
