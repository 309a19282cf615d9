//! Waiting for the ServerHello (RFC 8446 §4.1.3), before and after a HelloRetryRequest, and
//! moving to the handshake keys: from the (EC)DHE secret, the PSK of a resumed session, or both.

use alloc::boxed::Box;

use ferrotls_crypto::NamedGroup;
use ferrotls_record::{AlertDescription, ProtocolVersion};

use super::encrypted::ExpectEncryptedExtensions;
use super::extensions::check_solicited;
use super::hello_retry::handle_hello_retry;
use super::psk::{self, psk_selected};
use super::{HandshakeKeys, State};
use crate::client::hello::{has_share_for, SentHello};
use crate::client::version::selected_version;
use crate::client::{schedule_error, tls12, ClientContext, ClientState};
use crate::conn::{DirectionKeys, HandshakeOutput, Level, NegotiatedValue};
use crate::error::Error;
use crate::key_log::KeyLogLabel;
use crate::key_schedule::{HandshakeSecret, HashPrimitives};
use crate::msgs::enums::{CipherSuite, CompressionMethod};
use crate::msgs::extensions::ServerExtension;
use crate::msgs::handshake::HelloRetryRequest;
use crate::msgs::handshake::{ClientHello, ServerHello};
use crate::resumption::DeclineReason;
use crate::suites::{self, SupportedCipherSuite};
use crate::transcript::{Transcript, TranscriptBuffer};

/// The first ClientHello is out.
#[derive(Debug)]
pub(crate) struct ExpectServerHello {
    pub(crate) sent: SentHello,
    /// Holds ClientHello1 until the server picks the suite, and so the hash.
    pub(crate) transcript: TranscriptBuffer,
}

/// The ClientHello retried after a HelloRetryRequest is out.
#[derive(Debug)]
pub(crate) struct ExpectServerHelloAfterRetry {
    pub(crate) sent: SentHello,
    /// message_hash(ClientHello1), HelloRetryRequest, ClientHello2.
    pub(crate) transcript: Transcript,
    /// The HelloRetryRequest's suite, which the ServerHello must repeat.
    pub(crate) suite: &'static SupportedCipherSuite,
    /// The group the HelloRetryRequest asked for, if it named one.
    pub(crate) retry_group: Option<NamedGroup>,
}

impl ExpectServerHello {
    /// The first ServerHello decides the version: TLS 1.3 continues here, TLS 1.2 hands the
    /// ClientHello over to the TLS 1.2 machine (see [`crate::client::version`]).
    /// (The ServerHello's body is the same in both versions, RFC 8446 §4.1.3 keeps TLS 1.2's
    /// layout, so the TLS 1.3 decoding at dispatch serves both.)
    pub(crate) fn handle_server_hello(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        sh: ServerHello,
        encoded: &[u8],
    ) -> Result<ClientState, Error> {
        close_early_data(cx);
        let this = *self;
        if selected_version(&cx.config, &sh)? == ProtocolVersion::TLS1_2 {
            // RFC 8446 §D.3: "A client that attempts to send 0-RTT data MUST fail a
            // connection if it receives a ServerHello with TLS 1.2 or older."
            if cx.early_data.is_some() {
                return Err(Error::protocol(
                    AlertDescription::PROTOCOL_VERSION,
                    "server chose TLS 1.2 after we sent 0-RTT data (RFC 8446 §D.3)",
                ));
            }
            return tls12::start(cx, common, this.sent, this.transcript, &sh, encoded)
                .map(ClientState::Tls12);
        }
        let suite = check_server_hello(&this.sent.hello, &sh)?;
        let prims = primitives(common, suite)?;
        let mut transcript = this.transcript.start(prims.hash);
        transcript.add(encoded);
        enter_handshake(cx, common, this.sent, transcript, suite, prims, &sh)
            .map(ClientState::Tls13)
    }

    pub(crate) fn handle_hello_retry_request(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        hrr: HelloRetryRequest,
        encoded: &[u8],
    ) -> Result<State, Error> {
        close_early_data(cx);
        handle_hello_retry(cx, common, *self, &hrr, encoded)
    }
}

/// The server has answered: 0-RTT writes are over (RFC 8446 §4.2.10).
fn close_early_data(cx: &mut ClientContext) {
    if let Some(early) = cx.early_data.as_mut() {
        early.close();
    }
}

impl ExpectServerHelloAfterRetry {
    pub(crate) fn handle(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        sh: ServerHello,
        encoded: &[u8],
    ) -> Result<State, Error> {
        let this = *self;
        let suite = check_server_hello(&this.sent.hello, &sh)?;
        // RFC 8446 §4.1.4: "clients MUST check that the cipher suite supplied in the ServerHello
        // is the same as that in the HelloRetryRequest".
        if suite.suite != this.suite.suite {
            return Err(illegal(
                "ServerHello cipher suite differs from the HelloRetryRequest's (RFC 8446 §4.1.4)",
            ));
        }
        // RFC 8446 §4.2.8: the ServerHello's group must be the one the HelloRetryRequest chose.
        if let Some(group) = this.retry_group {
            if sh.key_share().map(|k| k.group) != Some(group) {
                return Err(illegal(
                    "ServerHello key_share group differs from the HelloRetryRequest's \
                     (RFC 8446 §4.2.8)",
                ));
            }
        }
        let prims = primitives(common, suite)?;
        let mut transcript = this.transcript;
        transcript.add(encoded);
        enter_handshake(cx, common, this.sent, transcript, suite, prims, &sh)
    }
}

/// The checks RFC 8446 §4.1.3 and §4.2 ask of a ServerHello, and the suite it selects.
fn check_server_hello(
    hello: &ClientHello,
    sh: &ServerHello,
) -> Result<&'static SupportedCipherSuite, Error> {
    // The first ServerHello's version was settled by `selected_version`; after a
    // HelloRetryRequest, RFC 8446 §4.1.4: "the value of selected_version in the
    // HelloRetryRequest "supported_versions" extension MUST be retained in the ServerHello, and a
    // client MUST abort the handshake with an "illegal_parameter" alert if the value changes."
    if sh.selected_version() != Some(ProtocolVersion::TLS1_3) {
        return Err(illegal(
            "ServerHello does not select TLS 1.3 in supported_versions (RFC 8446 §4.1.4, \
             §4.2.1)",
        ));
    }
    let suite = check_hello_fields(
        hello,
        &sh.session_id,
        sh.cipher_suite,
        sh.compression_method,
    )?;
    check_solicited(hello, &sh.extensions, None)?;
    // RFC 8446 §4.2 table: a TLS 1.3 ServerHello carries only these; anything else we did send
    // (server_name, renegotiation_info, ...) is "recognized and not specified for the message".
    let allowed = sh.extensions.iter().all(|e| {
        matches!(
            e,
            ServerExtension::KeyShare(_)
                | ServerExtension::SupportedVersions(_)
                | ServerExtension::PreSharedKey(_)
        )
    });
    if !allowed {
        return Err(illegal(
            "extension not allowed in a TLS 1.3 ServerHello (RFC 8446 §4.2)",
        ));
    }
    // RFC 8446 §4.2.8: the server's share must be "in the same group as the KeyShareEntry value
    // offered by the client that the server has selected". Whether one may be missing depends
    // on the PSK (enter_handshake).
    if let Some(share) = sh.key_share() {
        if !has_share_for(hello, share.group) {
            return Err(illegal(
                "ServerHello key_share for a group we sent no share for (RFC 8446 §4.2.8)",
            ));
        }
    }
    Ok(suite)
}

/// The fields a ServerHello and a HelloRetryRequest share (RFC 8446 §4.1.3, §4.1.4).
pub(super) fn check_hello_fields(
    hello: &ClientHello,
    session_id_echo: &[u8],
    suite: CipherSuite,
    compression: CompressionMethod,
) -> Result<&'static SupportedCipherSuite, Error> {
    // "A client which receives a legacy_session_id_echo field that does not match what it sent
    // in the ClientHello MUST abort the handshake with an "illegal_parameter" alert."
    if session_id_echo != hello.session_id.as_slice() {
        return Err(illegal(
            "legacy_session_id_echo differs from our session id (RFC 8446 §4.1.3)",
        ));
    }
    // "A client which receives a cipher suite that was not offered MUST abort the handshake with
    // an "illegal_parameter" alert."
    let offered = hello.cipher_suites.contains(&suite);
    let suite = suites::lookup(suite)
        .filter(|s| offered && s.is_tls13())
        .ok_or(illegal(
            "server chose a cipher suite we did not offer (RFC 8446 §4.1.3)",
        ))?;
    // "legacy_compression_method: A single byte which MUST have the value 0."
    if compression != CompressionMethod::NULL {
        return Err(illegal(
            "legacy_compression_method is not 0 (RFC 8446 §4.1.3)",
        ));
    }
    Ok(suite)
}

pub(super) fn primitives(
    common: &dyn HandshakeOutput,
    suite: &SupportedCipherSuite,
) -> Result<HashPrimitives, Error> {
    HashPrimitives::from_provider(common.provider(), suite.hash).map_err(schedule_error)
}

/// Complete the key exchange, derive the handshake traffic secrets (RFC 8446 §7.1) and switch
/// both directions to them (our writes stay on the 0-RTT keys while early data may still be
/// accepted: EndOfEarlyData goes under them, §4.5). The transcript ends with the ServerHello.
fn enter_handshake(
    cx: &mut ClientContext,
    common: &mut dyn HandshakeOutput,
    sent: SentHello,
    transcript: Transcript,
    suite: &'static SupportedCipherSuite,
    prims: HashPrimitives,
    sh: &ServerHello,
) -> Result<State, Error> {
    let resumed = psk_selected(&sent.hello, sh, suite, cx.offered.as_ref())?;
    let SentHello {
        hello,
        key_shares,
        psk_early,
        ..
    } = sent;
    let shared = match sh.key_share() {
        Some(share) => {
            let ours = key_shares
                .into_iter()
                .find(|k| k.group() == share.group)
                .ok_or(illegal(
                    "ServerHello key_share for a group we sent no share for (RFC 8446 §4.2.8)",
                ))?;
            // A malformed share or an all-zero X25519 result is illegal_parameter (RFC 8446
            // §4.2.8.2, §7.4.2), which CryptoError::InvalidPeerKey converts to.
            common.record(NegotiatedValue::Group(Some(share.group)));
            Some(ours.complete(&share.key_exchange)?)
        }
        // psk_ke: psk_selected checked that we offered it (RFC 8446 §4.2.9).
        None if resumed => None,
        // Without a PSK, (EC)DHE is the only key exchange: key_share is mandatory.
        None => {
            return Err(Error::protocol(
                AlertDescription::MISSING_EXTENSION,
                "ServerHello without key_share (RFC 8446 §4.2.8, §9.2)",
            ))
        }
    };
    // RFC 9846 §7.1: the PSK, if the server selected ours, else zeros, feeds the Early Secret.
    // Ours was extracted for the binder and goes on into the Handshake Secret; psk_selected
    // checked that its hash is the suite's.
    let shared = shared.as_ref().map(|s| s.as_bytes());
    let secret = if resumed {
        let early = psk_early.ok_or_else(psk::no_early_secret)?;
        early.into_handshake_secret(shared)
    } else {
        // Without a PSK the Early Secret is a constant of the hash (RFC 9846 §7.1).
        HandshakeSecret::without_psk(prims, shared)
    }
    .map_err(schedule_error)?;
    let hello_hash = transcript.current();
    let (client, server) = secret
        .handshake_traffic_secrets(&hello_hash, suite.aead)
        .map_err(schedule_error)?;
    common.log_secret(KeyLogLabel::ClientHandshakeTrafficSecret, client.secret());
    common.log_secret(KeyLogLabel::ServerHandshakeTrafficSecret, server.secret());
    // install_read_keys refuses a ServerHello that does not end its record (RFC 8446 §5.1).
    common.install_read_keys(
        Level::Handshake,
        DirectionKeys::Tls13 {
            suite,
            secret: &server,
        },
    )?;

    // The session: the server's legacy_session_id (the echo of ours), and for a resumption
    // the original session's identity, which the PSK authenticates (RFC 8446 §2.2).
    common.record(NegotiatedValue::SessionId(sh.session_id.clone()));
    if let Some(data) = cx.offered.as_ref().filter(|_| resumed) {
        common.record(NegotiatedValue::Resumed);
        common.record(NegotiatedValue::PeerCertificates(
            data.peer_certificates().clone(),
        ));
    } else if cx.offered.is_some() {
        cx.declined_by_server(common);
    }
    // 0-RTT data can only be accepted with the PSK (RFC 8446 §4.2.10); EncryptedExtensions
    // says whether it was.
    let early_data = match cx.early_data.take() {
        Some(offer) if resumed => Some(offer),
        Some(offer) => {
            offer.reject(common, DeclineReason::DeclinedByServer);
            None
        }
        None => None,
    };
    if early_data.is_none() {
        // Our write keys change now too, so that an alert we send about the server's flight
        // is protected like everything the server will read from here on (RFC 8446 §6). A
        // compatibility change_cipher_spec sent later still goes out in the clear.
        common.install_write_keys(
            Level::Handshake,
            DirectionKeys::Tls13 {
                suite,
                secret: &client,
            },
        )?;
    }
    common.record(NegotiatedValue::Version(ProtocolVersion::TLS1_3));
    common.record(NegotiatedValue::Suite(suite));
    Ok(State::ExpectEncryptedExtensions(Box::new(
        ExpectEncryptedExtensions {
            hello,
            keys: HandshakeKeys {
                suite,
                secret,
                client,
                server,
            },
            transcript,
            resumed,
            early_data,
        },
    )))
}

pub(super) fn illegal(rule: &'static str) -> Error {
    Error::protocol(AlertDescription::ILLEGAL_PARAMETER, rule)
}
