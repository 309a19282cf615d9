//! The server's flight (RFC 8446 §2): ServerHello in clear, then EncryptedExtensions,
//! [CertificateRequest], Certificate, CertificateVerify and Finished under the handshake keys,
//! all in one record as RFC 8448 shows; then the application write keys. A resumption (§2.2)
//! leaves out the certificate messages, and with 0-RTT accepted (§2.3) the client's early
//! traffic keys are installed for reading first.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::{CryptoError, NamedGroup, SignatureScheme};
use ferrotls_record::{AlertDescription, ProtocolVersion};

use super::certificate_request::certificate_request;
use super::client_auth::ExpectCertificate;
use super::client_finished::ExpectFinished;
use super::client_hello::Negotiated;
use super::early_data::{self, EarlyDecision, ExpectEndOfEarlyData};
use super::encrypted_extensions::{encrypted_extensions, EncryptedExtensionsParams};
use super::key_schedule_error;
use super::paused::Continuation;
use super::pending::PendingTraffic;
use super::psk::PskChoice;
use super::state::State;
use super::tickets::{tickets_to_send, ResumedSession, SessionContext};
use crate::config::{CertifiedKey, ServerConfig};
use crate::conn::{DirectionKeys, EarlyDataSkip, HandshakeOutput, Level, NegotiatedValue};
use crate::deferred::{Request, SignFailed};
use crate::error::Error;
use crate::key_log::KeyLogLabel;
use crate::key_schedule::{HandshakeSecret, TrafficSecret};
use crate::msgs::enums::CompressionMethod;
use crate::msgs::extensions::{KeyShareEntry, ServerExtension};
use crate::msgs::handshake::ServerHelloRef;
use crate::resumption::ServerSessionState;
use crate::server::paused::Paused;
use crate::server::record_size_limit;
use crate::suites::SupportedCipherSuite;
use crate::tls13::finished_message;
use crate::tls13::{certificate_message, certificate_verify_input, certificate_verify_message};
use crate::transcript::Transcript;
use crate::verify::{ClientCertVerifier, SignatureContext};

/// What the ServerHello answers.
#[derive(Debug)]
pub(super) struct ServerHelloParams<'a> {
    /// The client's legacy_session_id, echoed (RFC 8446 §4.1.3).
    pub(super) session_id: &'a [u8],
    /// The (EC)DHE group and the client's share in it; `None` in psk_ke mode (§4.2.9).
    pub(super) key_exchange: Option<(NamedGroup, &'a [u8])>,
    /// Send the compatibility change_cipher_spec after the ServerHello (RFC 8446 §D.4): the
    /// client sent a session ID and no HelloRetryRequest carried the CCS already.
    pub(super) compat_ccs: bool,
    pub(super) psk: PskChoice,
    pub(super) early_data: EarlyDecision,
}

/// Send everything up to our Finished. `transcript` holds the ClientHello(s) and any
/// HelloRetryRequest. A full handshake authenticates with a certificate; a resumption with the
/// PSK alone (RFC 8446 §2.2: no Certificate, CertificateVerify or CertificateRequest).
pub(super) fn send(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    negotiated: Negotiated,
    params: ServerHelloParams<'_>,
    mut transcript: Transcript,
) -> Result<State, Error> {
    let Negotiated {
        suite,
        prims,
        auth,
        server_name,
        alpn,
        client_record_size_limit,
        ticket_request,
        ticket_modes,
    } = negotiated;
    // A full handshake has its certificate (`client_hello.rs` chose it, or failed, before).
    let auth = match params.psk {
        PskChoice::Accepted(_) => None,
        PskChoice::Declined(_) | PskChoice::NotOffered => {
            Some(auth.ok_or(Error::internal("a full handshake without its certificate"))?)
        }
    };
    params.psk.report(common);
    let resumed = match params.psk {
        PskChoice::Accepted(r) => Some(*r),
        PskChoice::Declined(_) | PskChoice::NotOffered => None,
    };
    let provider = Arc::clone(common.provider());
    let mut random = [0u8; 32];
    provider.random.fill(&mut random)?;
    let mut extensions = Vec::new();
    // Extensions in the order of RFC 8448 §4: pre_shared_key, key_share, supported_versions.
    if let Some(r) = &resumed {
        extensions.push(ServerExtension::PreSharedKey(r.index));
    }
    let shared = match params.key_exchange {
        Some((group, client_share)) => {
            // A DH group draws our key pair and combines; a KEM group encapsulates to the
            // client's key (`KxGroup::respond`).
            let response = provider
                .kx_group(group)
                .ok_or(Error::internal("chosen group left the provider"))?
                .respond(client_share, provider.random.as_ref())
                .map_err(|e| match e {
                    // RFC 8446 §4.2.8.1–2, draft-ietf-tls-ecdhe-mlkem §3: a share that is not a
                    // valid point or key, has the wrong length, or gives an all-zero X25519
                    // result is illegal_parameter.
                    CryptoError::InvalidPeerKey => Error::protocol(
                        AlertDescription::ILLEGAL_PARAMETER,
                        "invalid key share (RFC 8446 §4.2.8)",
                    ),
                    other => Error::from(other),
                })?;
            extensions.push(ServerExtension::KeyShare(KeyShareEntry {
                group,
                key_exchange: response.share,
            }));
            Some(response.secret)
        }
        None => None,
    };
    extensions.push(ServerExtension::SupportedVersions(ProtocolVersion::TLS1_3));

    // Without a PSK the Early Secret is a constant: the schedule starts at the Handshake
    // Secret (`HandshakeSecret::without_psk`).
    let (early, resumed) = match resumed {
        Some(r) => (Some(r.early), Some(r.state)),
        None => (None, None),
    };
    // RFC 8446 §7.1: client_early_traffic_secret covers the ClientHello alone. 0-RTT is only
    // ever accepted with a PSK (`early_data.rs`).
    let early_traffic = match (&params.early_data, &early) {
        (EarlyDecision::Accept(_), Some(early)) => {
            let secret = early
                .client_early_traffic_secret(&transcript.current())
                .map_err(key_schedule_error)?;
            common.log_secret(KeyLogLabel::ClientEarlyTrafficSecret, secret.secret());
            // RFC 9846 §7.5: the early exporter is there when 0-RTT is in use.
            let exporter = early
                .early_exporter_master_secret(&transcript.current())
                .map_err(key_schedule_error)?;
            common.tls13_early_exporter_secret(Some(exporter));
            Some(secret)
        }
        (EarlyDecision::Accept(_), None) => {
            return Err(Error::internal("early data accepted without a PSK"));
        }
        (EarlyDecision::NotOffered | EarlyDecision::Reject(_), _) => None,
    };

    // legacy_session_id_echo (RFC 8446 §4.1.3) straight from the ClientHello, not copied.
    let server_hello = ServerHelloRef {
        legacy_version: ProtocolVersion::TLS1_2,
        random: &random,
        session_id: params.session_id,
        cipher_suite: suite.suite,
        compression_method: CompressionMethod::NULL,
        extensions: &extensions,
    }
    .message_bytes()
    .map_err(|_| Error::internal("could not encode our own message"))?;
    drop(extensions);
    transcript.add(&server_hello);
    common.send_handshake(&server_hello)?;
    if params.compat_ccs {
        common.send_change_cipher_spec()?;
    }

    // psk_ke: no (EC)DHE input, Hash.length zeros instead (§7.1).
    let shared = shared.as_ref().map(|s| s.as_bytes());
    let handshake = match early {
        Some(early) => early.into_handshake_secret(shared),
        None => HandshakeSecret::without_psk(prims, shared),
    }
    .map_err(key_schedule_error)?;
    let hello_hash = transcript.current();
    let (client_handshake, server_handshake) = handshake
        .handshake_traffic_secrets(&hello_hash, suite.aead)
        .map_err(key_schedule_error)?;
    common.log_secret(
        KeyLogLabel::ClientHandshakeTrafficSecret,
        client_handshake.secret(),
    );
    common.log_secret(
        KeyLogLabel::ServerHandshakeTrafficSecret,
        server_handshake.secret(),
    );
    // RFC 8449 §4: the client's limit covers our protected handshake records too, and ours
    // the client's first protected record.
    let record_size_limit = record_size_limit::Negotiated::new(
        &config.limits,
        client_record_size_limit,
        ProtocolVersion::TLS1_3,
    );
    if let Some(limits) = record_size_limit {
        limits.apply(common)?;
    }
    common.install_write_keys(
        Level::Handshake,
        DirectionKeys::Tls13 {
            suite,
            secret: &server_handshake,
        },
    )?;

    let tickets = tickets_to_send(config, ticket_request, ticket_modes, resumed.is_some());
    let ee = EncryptedExtensionsParams {
        server_name: server_name.is_some(),
        alpn: alpn.as_deref(),
        record_size_limit: record_size_limit.map(|l| l.ours),
        early_data: matches!(params.early_data, EarlyDecision::Accept(_)),
        // RFC 9149 §3: the answer to a ticket_request is the number we expect to send.
        expected_tickets: ticket_request.map(|_| u8::try_from(tickets).unwrap_or(u8::MAX)),
    };
    let encrypted_extensions = encrypted_extensions(config, &provider, &ee)?;
    let mut rest = SignedFlight {
        suite,
        handshake,
        client_handshake,
        server_handshake,
        early_traffic,
        early_data: params.early_data,
        group: params.key_exchange.map(|(group, _)| group),
        server_name,
        alpn,
        tickets,
        ticket_modes,
        resumed,
        client_auth: None,
        transcript,
        // Room for the whole protected flight, so it grows once at most: the certificates
        // (none when resuming), and well over what EncryptedExtensions, CertificateVerify,
        // Finished and the headers take.
        flight: Vec::with_capacity(
            auth.as_ref().map_or(0, |a| {
                a.cert.chain.iter().map(|c| c.as_ref().len()).sum::<usize>()
            }) + 512,
        ),
        signer: None,
    };
    rest.add(&encrypted_extensions);
    let Some(auth) = auth else {
        return rest.finish(common);
    };
    // A full handshake's [CertificateRequest] and Certificate (RFC 9846 §4.4.2, §4.5.1), then
    // the CertificateVerify (§4.5.2): its signature is asked for (`Request::Sign`, answered at
    // once by a local key) and the flight, sent whole, waits for it.
    if let Some(verifier) = &config.client_verifier {
        let (request, schemes) = certificate_request(verifier.as_ref())?;
        rest.add(&request);
        rest.client_auth = Some((Arc::clone(verifier), schemes));
    }
    rest.add(&certificate_message(&[], &auth.cert.chain)?);
    let (scheme, message) = certificate_verify_input(
        &auth.cert,
        &auth.client_schemes,
        SignatureContext::Server,
        &rest.transcript.current(),
    )?;
    rest.signer = Some((auth.cert, scheme));
    Ok(State::Paused(Paused::new(
        Request::Sign { scheme, message },
        Continuation::Signed(rest),
    )))
}

/// The flight from EncryptedExtensions on, and what comes after it: held across the pause for
/// our CertificateVerify signature (`paused.rs`), finished at once in a resumption.
#[derive(Debug)]
pub(crate) struct SignedFlight {
    suite: &'static SupportedCipherSuite,
    handshake: HandshakeSecret,
    client_handshake: TrafficSecret,
    server_handshake: TrafficSecret,
    early_traffic: Option<TrafficSecret>,
    early_data: EarlyDecision,
    group: Option<NamedGroup>,
    server_name: Option<String>,
    alpn: Option<Vec<u8>>,
    tickets: usize,
    ticket_modes: bool,
    resumed: Option<ServerSessionState>,
    client_auth: ClientAuthRequest,
    transcript: Transcript,
    /// The protected part of the flight so far: sent in one go with the Finished, so it shares
    /// records as RFC 8448 shows.
    flight: Vec<u8>,
    /// The certificate whose key signs the CertificateVerify, and the scheme.
    signer: Option<(Arc<CertifiedKey>, SignatureScheme)>,
}

impl SignedFlight {
    fn add(&mut self, message: &[u8]) {
        self.transcript.add(message);
        self.flight.extend_from_slice(message);
    }

    /// The key `Request::Sign` is for.
    pub(super) fn key(&self) -> Option<&Arc<CertifiedKey>> {
        self.signer.as_ref().map(|(key, _)| key)
    }

    /// The answer to `Request::Sign`: our CertificateVerify, then the rest of the flight. A
    /// failed signature is internal_error (RFC 9846 §6.2).
    pub(super) fn signed(
        mut self,
        _config: &ServerConfig,
        common: &mut dyn HandshakeOutput,
        signature: Result<Vec<u8>, SignFailed>,
    ) -> Result<State, Error> {
        let scheme = self
            .signer
            .as_ref()
            .map(|(_, scheme)| *scheme)
            .ok_or(Error::internal(
                "a signature for a flight that asked for none",
            ))?;
        let signature = signature.map_err(|SignFailed| {
            Error::protocol(
                AlertDescription::INTERNAL_ERROR,
                "our CertificateVerify signature failed (the key or its signer refused)",
            )
        })?;
        self.add(&certificate_verify_message(scheme, signature)?);
        self.finish(common)
    }

    /// Our Finished, the flight, the application keys and what the connection reports.
    fn finish(self, common: &mut dyn HandshakeOutput) -> Result<State, Error> {
        let Self {
            suite,
            handshake,
            client_handshake,
            server_handshake,
            early_traffic,
            early_data,
            group,
            server_name,
            alpn,
            tickets,
            ticket_modes,
            resumed,
            client_auth,
            mut transcript,
            mut flight,
            signer: _,
        } = self;
        let verify_data = server_handshake
            .finished_key()
            .and_then(|k| k.verify_data(&transcript.current()))
            .map_err(key_schedule_error)?;
        let finished = finished_message(verify_data.as_bytes())?;
        transcript.add(&finished);
        flight.extend_from_slice(&finished);
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
        common.log_secret(
            KeyLogLabel::ClientTrafficSecret0,
            client_application.secret(),
        );
        common.log_secret(
            KeyLogLabel::ServerTrafficSecret0,
            server_application.secret(),
        );
        common.tls13_exporter_secret(
            master
                .exporter_master_secret(&finished_hash)
                .map_err(key_schedule_error)?,
        );
        common.install_write_keys(
            Level::Application,
            DirectionKeys::Tls13 {
                suite,
                secret: &server_application,
            },
        )?;
        // The ClientHello must have ended its record (RFC 8446 §5.1), which this checks. With
        // 0-RTT accepted the client's early data comes first, under its early traffic keys.
        match &early_traffic {
            Some(early_traffic) => common.install_read_keys(
                Level::Early,
                DirectionKeys::Tls13 {
                    suite,
                    secret: early_traffic,
                },
            )?,
            None => common.install_read_keys(
                Level::Handshake,
                DirectionKeys::Tls13 {
                    suite,
                    secret: &client_handshake,
                },
            )?,
        }
        early_data::report(common, early_data, EarlyDataSkip::UndecryptableProtected);
        if let EarlyDecision::Accept(budget) = early_data {
            common.accept_early_data(budget);
        }

        common.record(NegotiatedValue::Version(ProtocolVersion::TLS1_3));
        common.record(NegotiatedValue::Suite(suite));
        common.record(NegotiatedValue::Group(group));
        common.record(NegotiatedValue::Alpn(alpn.clone()));
        common.record(NegotiatedValue::ServerName(server_name.clone()));
        let session = SessionContext {
            server_name,
            alpn,
            tickets,
            ticket_modes,
            resumed: resumed.map(|state| {
                common.record(NegotiatedValue::Resumed);
                // One copy of the session's id for the connection's record; the tickets get
                // the state's own (`SessionContext::into_issuer` records no other).
                common.record(NegotiatedValue::SessionId(state.session_id().to_vec()));
                let client_certificates = state.client_certificates().clone();
                common.record(NegotiatedValue::ClientAuthenticated(
                    !client_certificates.is_empty(),
                ));
                common.record(NegotiatedValue::PeerCertificates(
                    client_certificates.clone(),
                ));
                ResumedSession {
                    not_after: state.expires_at(),
                    client_certificates,
                    session_id: state.into_session_id(),
                }
            }),
        };

        let traffic = PendingTraffic {
            suite,
            client_handshake,
            client_application,
            server_application,
            master,
            session,
        };
        Ok(match (early_traffic, client_auth) {
            (Some(_), _) => State::ExpectEndOfEarlyData(Box::new(ExpectEndOfEarlyData::new(
                traffic, transcript,
            ))),
            (None, Some((verifier, offered))) => State::ExpectCertificate(Box::new(
                ExpectCertificate::new(traffic, transcript, verifier, offered),
            )),
            (None, None) => {
                State::ExpectFinished(Box::new(ExpectFinished::new(traffic, transcript, None)))
            }
        })
    }
}

/// The client verifier and the signature schemes our CertificateRequest offered.
type ClientAuthRequest = Option<(Arc<dyn ClientCertVerifier>, Vec<SignatureScheme>)>;
