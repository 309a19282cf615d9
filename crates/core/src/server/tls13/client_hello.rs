//! The first ClientHello: checking it (RFC 8446 §4.1.2, §9.2) and choosing the version, suite,
//! group, certificate and ALPN protocol (§4.1.1), the PSK (`psk.rs`) and what becomes of early
//! data (`early_data.rs`). The choices are shared with the second ClientHello after a
//! HelloRetryRequest, which is negotiated again and must agree.
//!
//! The certificate is chosen only for a full handshake (a PSK handshake authenticates with the
//! PSK alone, RFC 9846 §2.2): at once when the client offers no PSK (so a server without a
//! certificate for it fails before any HelloRetryRequest), and after the PSK search and the
//! early-data decision when it offers one and the PSK is declined (`certificate_then_flight`).
//! A resumption never asks the resolver, instant or deferred.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use super::early_data::{self, EarlyDecision, EarlyStep};
use super::flight::{self, ServerHelloParams};
use super::hello_retry;
use super::paused::Continuation;
use super::psk::{self, PskChoice, PskSearch, PskStep};
use super::state::State;
use rustls_pki_types::UnixTime;

use crate::config::{CertifiedKey, ServerConfig};
use crate::conn::{EarlyDataSkip, HandshakeOutput, NegotiatedValue};
use crate::deferred::{CertificateQuery, Request, SessionLookup};
use crate::error::Error;
use crate::key_schedule::HashPrimitives;
use crate::msgs::enums::{CompressionMethod, PskKeyExchangeMode};
use crate::msgs::extensions::{ClientExtension, KeyShareEntry, TicketRequest};
use crate::msgs::handshake::ClientHello;
use crate::resumption::DeclineReason;
use crate::server::choices::{choose_alpn, offered_alpn, server_name};
use crate::server::paused::Paused;
use crate::suites::{self, SupportedCipherSuite};
use crate::tls13::tls13_scheme;
use crate::transcript::Transcript;
use ferrotls_crypto::{CryptoProvider, NamedGroup, SignatureScheme};
use ferrotls_record::{AlertDescription, ProtocolVersion};

/// The certificate and signature schemes of a full handshake's server authentication.
#[derive(Clone, Debug)]
pub(super) struct ServerAuth {
    pub(super) cert: Arc<CertifiedKey>,
    /// The client's signature_algorithms: what our CertificateVerify may use.
    pub(super) client_schemes: Vec<SignatureScheme>,
}

/// Everything chosen from a ClientHello except the key-exchange group and the PSK.
#[derive(Debug)]
pub(crate) struct Negotiated {
    pub(super) suite: &'static SupportedCipherSuite,
    pub(super) prims: HashPrimitives,
    /// How a full handshake authenticates us, once the certificate is chosen: at once without
    /// a PSK offer; with one, only when the PSK is declined (`certificate_then_flight`). A
    /// client offering a PSK need not send signature_algorithms (RFC 8446 §9.2), so that
    /// failure too waits until the PSK is declined.
    pub(super) auth: Option<ServerAuth>,
    /// The SNI host name (lower case), if the client sent one.
    pub(super) server_name: Option<String>,
    pub(super) alpn: Option<Vec<u8>>,
    /// The client's record_size_limit (RFC 8449 §4), if it sent one.
    pub(super) client_record_size_limit: Option<u16>,
    /// The client's ticket_request (RFC 9149 §3), if it sent one.
    pub(super) ticket_request: Option<TicketRequest>,
    /// The client's psk_key_exchange_modes share a mode with our `psk_modes`: a ticket issued
    /// on this connection could be resumed. RFC 9846 §4.3.9: "Servers SHOULD NOT send
    /// NewSessionTicket with tickets that are not compatible with the advertised modes".
    pub(super) ticket_modes: bool,
}

/// How the key exchange proceeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GroupChoice {
    /// The client sent a share for `group`: 1-RTT.
    Share { group: NamedGroup, index: usize },
    /// The client supports `group` but sent no share for it: HelloRetryRequest (§4.1.4).
    Retry(NamedGroup),
}

/// A ClientHello being answered with a ServerHello, from the PSK choice on: what the steps
/// before it settled, held across a pause (`paused.rs`).
#[derive(Debug)]
pub(crate) struct HelloInProgress {
    pub(super) ch: ClientHello,
    pub(super) negotiated: Negotiated,
    /// The transcript before this ClientHello: empty, or `message_hash(ClientHello1) ||
    /// HelloRetryRequest` (RFC 9846 §4.1).
    pub(super) before: Transcript,
    pub(super) which: WhichHello,
}

/// Which ClientHello of the handshake it is.
#[derive(Clone, Copy, Debug)]
pub(super) enum WhichHello {
    /// The first; `choice` is the group chosen before the PSK (`None`: psk_ke was the mode,
    /// the group is chosen only if the PSK is declined).
    First { choice: Option<GroupChoice> },
    /// The second, after a HelloRetryRequest for `group`, whose share it holds (checked).
    Second { group: NamedGroup },
}

/// The first ClientHello (`ch`, decoded from `encoded`), once TLS 1.3 is chosen: answer with the
/// server flight (full or resumed), or with a HelloRetryRequest.
pub(crate) fn handle_first(
    config: &Arc<ServerConfig>,
    common: &mut dyn HandshakeOutput,
    ch: ClientHello,
    encoded: &[u8],
    now: UnixTime,
) -> Result<State, Error> {
    let offer = psk::Offer::from_hello(config, &ch)?;
    let (offered, psk_only) = (
        offer.is_some(),
        offer.as_ref().is_some_and(psk::Offer::psk_only),
    );
    let negotiated = negotiate(config, common.provider(), &ch)?;
    if offered {
        common.record(NegotiatedValue::ResumptionOffered);
    }
    let mut hello = FirstHello {
        ch,
        negotiated,
        offered,
        psk_only,
    };
    // A PSK offer may make the certificate unnecessary: it is chosen once the PSK is declined,
    // if it is (`certificate_then_flight`).
    if offered {
        return after_certificate(config, common, hello, encoded, now);
    }
    // The certificate is the application's to choose (RFC 9846 §4.5.1.2): the step pauses with
    // `ChooseCertificate`, which the config's resolver answers at once unless
    // `defer.certificate`.
    let query = certificate_query(&hello.ch, &mut hello.negotiated)?;
    Ok(State::Paused(Paused::new(
        Request::ChooseCertificate(query),
        Continuation::CertificateChosen {
            hello,
            encoded: encoded.to_vec(),
        },
    )))
}

/// The first ClientHello between its checks and the certificate choice (without a PSK offer),
/// held across the pause for `ChooseCertificate` (`paused.rs`).
#[derive(Debug)]
pub(crate) struct FirstHello {
    ch: ClientHello,
    negotiated: Negotiated,
    /// The client offered a PSK, ...
    offered: bool,
    /// ... with psk_ke as its only mode.
    psk_only: bool,
}

/// The answer to `ChooseCertificate` for a first ClientHello without a PSK offer (`query` is
/// the request, whose server name and schemes come back): the certificate, checked as the
/// resolver's always was; its failure is fatal.
pub(super) fn certificate_chosen(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    mut hello: FirstHello,
    encoded: &[u8],
    query: CertificateQuery,
    chosen: Option<Arc<CertifiedKey>>,
    now: UnixTime,
) -> Result<State, Error> {
    hello.negotiated.server_name = query.server_name;
    hello.negotiated.auth = Some(server_auth(&hello.negotiated, query.schemes, chosen)?);
    after_certificate(config, common, hello, encoded, now)
}

/// The rest of the first ClientHello: the group (or a HelloRetryRequest), then the PSK.
fn after_certificate(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    hello: FirstHello,
    encoded: &[u8],
    now: UnixTime,
) -> Result<State, Error> {
    let FirstHello {
        ch,
        negotiated,
        offered,
        psk_only,
    } = hello;
    // RFC 8446 §4.2.9: only psk_ke goes without (EC)DHE. Any other handshake needs a share, and
    // when the client sent none we accept, a HelloRetryRequest asks for one before any PSK is
    // looked at: the second ClientHello brings new binders (§4.2.11.2), and a single-use
    // ticket must not be spent on the first.
    let choice = if psk_only {
        None
    } else {
        Some(choose_group(config, common.provider(), &ch)?)
    };
    if let Some(GroupChoice::Retry(group)) = choice {
        return retry(config, common, ch, negotiated, group, encoded);
    }
    let hello = HelloInProgress {
        before: Transcript::new(negotiated.prims.hash),
        ch,
        negotiated,
        which: WhichHello::First { choice },
    };
    start_psk(config, common, hello, encoded, offered, now)
}

/// Choose the PSK, if one is `offered`, then answer the ClientHello.
pub(super) fn start_psk(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    hello: HelloInProgress,
    encoded: &[u8],
    offered: bool,
    now: UnixTime,
) -> Result<State, Error> {
    if !offered {
        return after_psk(config, common, hello, encoded, PskChoice::NotOffered, now);
    }
    search_psk(
        config,
        common,
        hello,
        encoded,
        PskSearch::default(),
        None,
        now,
    )
}

/// Go on with the PSK search from `search` (`taken`: the answer to the `TakeSession` it
/// stopped at), pausing at the next stateful ticket; once chosen, answer the ClientHello.
pub(super) fn search_psk(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    hello: HelloInProgress,
    encoded: &[u8],
    search: PskSearch,
    taken: Option<SessionLookup>,
    now: UnixTime,
) -> Result<State, Error> {
    let offer = psk::Offer::from_hello(config, &hello.ch)?
        .ok_or(Error::internal("the PSK offer of a ClientHello vanished"))?;
    let step = offer.search(
        config,
        &hello.negotiated,
        &hello.before,
        encoded,
        search,
        taken,
        now,
    )?;
    match step {
        PskStep::Chosen(psk) => after_psk(config, common, hello, encoded, psk, now),
        PskStep::Take { id, search } => Ok(State::Paused(Paused::new(
            Request::TakeSession { id },
            Continuation::TicketTaken {
                hello: Box::new(hello),
                encoded: encoded.to_vec(),
                search,
            },
        ))),
    }
}

/// The PSK is chosen (or none was offered): the key exchange and the early data are decided
/// (pausing for the anti-replay check), then the server flight goes out.
fn after_psk(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    hello: HelloInProgress,
    encoded: &[u8],
    psk: PskChoice,
    now: UnixTime,
) -> Result<State, Error> {
    let psk_ke = psk
        .accepted()
        .is_some_and(|r| r.mode == PskKeyExchangeMode::PSK_KE);
    let (share, early) = match hello.which {
        WhichHello::First { choice } => {
            let share = match choice {
                _ if psk_ke => None,
                Some(GroupChoice::Share { group, index }) => Some((group, index)),
                // psk_ke was our mode but the PSK is declined: a full handshake needs (EC)DHE
                // after all. The second ClientHello offers the PSK again and is judged afresh.
                _ => match choose_group(config, common.provider(), &hello.ch)? {
                    GroupChoice::Share { group, index } => Some((group, index)),
                    GroupChoice::Retry(group) => {
                        let HelloInProgress { ch, negotiated, .. } = hello;
                        return retry(config, common, ch, negotiated, group, encoded);
                    }
                },
            };
            let early = early_data::decide(
                config,
                hello.ch.early_data_offered(),
                &psk,
                hello.negotiated.suite,
                hello.negotiated.alpn.as_deref(),
                now,
            );
            (share, early)
        }
        WhichHello::Second { group } => {
            let index = key_shares(&hello.ch)?
                .iter()
                .position(|s| s.group == group)
                .ok_or(Error::internal("the checked key share vanished"))?;
            // The HelloRetryRequest refused (and reported) the early data.
            let share = (!psk_ke).then_some((group, index));
            (share, EarlyStep::Decided(EarlyDecision::NotOffered))
        }
    };
    match early {
        EarlyStep::Decided(early_data) => {
            certificate_then_flight(config, common, hello, encoded, psk, share, early_data)
        }
        // RFC 9846 §8: the anti-replay record may be remote: the step pauses, and the flight
        // (whose EncryptedExtensions says whether 0-RTT is accepted) waits for the verdict.
        EarlyStep::CheckReplay {
            key,
            valid_until,
            budget,
        } => Ok(State::Paused(Paused::new(
            Request::CheckReplay { key, valid_until },
            Continuation::ReplayChecked {
                hello: Box::new(hello),
                encoded: encoded.to_vec(),
                psk,
                share,
                budget,
            },
        ))),
    }
}

/// Everything but the certificate is decided. A full handshake whose certificate is not chosen
/// yet (the client offered a PSK, which is declined) asks for it now, pausing with
/// `ChooseCertificate` (answered at once unless `defer.certificate`; the flight's random draws
/// all come after it); a resumption, or a certificate chosen already, goes to the flight.
fn certificate_then_flight(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    mut hello: HelloInProgress,
    encoded: &[u8],
    psk: PskChoice,
    share: Option<(NamedGroup, usize)>,
    early_data: EarlyDecision,
) -> Result<State, Error> {
    if psk.accepted().is_some() || hello.negotiated.auth.is_some() {
        return send_flight(config, common, hello, encoded, psk, share, early_data);
    }
    // RFC 9846 §9.2: without a PSK, signature_algorithms is mandatory; a client that offered
    // one may have left it out, and fails here (missing_extension).
    let query = certificate_query(&hello.ch, &mut hello.negotiated)?;
    Ok(State::Paused(Paused::new(
        Request::ChooseCertificate(query),
        Continuation::FullHandshakeCertificateChosen {
            hello: Box::new(hello),
            encoded: encoded.to_vec(),
            psk,
            share,
            early_data,
        },
    )))
}

/// The answer to the `ChooseCertificate` of `certificate_then_flight`: the certificate, checked
/// as at a first ClientHello (its failure is fatal: the PSK is declined), then the flight.
#[allow(clippy::too_many_arguments)]
pub(super) fn full_handshake_certificate_chosen(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    mut hello: HelloInProgress,
    encoded: &[u8],
    psk: PskChoice,
    share: Option<(NamedGroup, usize)>,
    early_data: EarlyDecision,
    query: CertificateQuery,
    chosen: Option<Arc<CertifiedKey>>,
) -> Result<State, Error> {
    hello.negotiated.server_name = query.server_name;
    hello.negotiated.auth = Some(server_auth(&hello.negotiated, query.schemes, chosen)?);
    send_flight(config, common, hello, encoded, psk, share, early_data)
}

/// Everything is decided: send the server flight. `share` is the chosen group and the index
/// of the client's share for it (`None`: psk_ke).
pub(super) fn send_flight(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    hello: HelloInProgress,
    encoded: &[u8],
    psk: PskChoice,
    share: Option<(NamedGroup, usize)>,
    early_data: EarlyDecision,
) -> Result<State, Error> {
    let HelloInProgress {
        ch,
        negotiated,
        before,
        which,
    } = hello;
    let key_exchange = match share {
        Some((group, index)) => {
            let entry = key_shares(&ch)?
                .get(index)
                .ok_or(Error::internal("chosen key share vanished"))?;
            Some((group, entry.key_exchange.as_slice()))
        }
        None => None,
    };
    let mut transcript = before;
    transcript.add(encoded);
    let params = ServerHelloParams {
        session_id: &ch.session_id,
        key_exchange,
        // RFC 8446 §D.4: a client in compatibility mode sends a non-empty session ID; after a
        // HelloRetryRequest, that carried the change_cipher_spec already.
        compat_ccs: matches!(which, WhichHello::First { .. }) && !ch.session_id.is_empty(),
        psk,
        early_data,
    };
    flight::send(config, common, negotiated, params, transcript)
}

/// Answer `ch` with a HelloRetryRequest for `group`. Early data offered with it is refused and
/// skipped: every protected record until the second ClientHello (RFC 8446 §4.2.10).
fn retry(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    ch: ClientHello,
    negotiated: Negotiated,
    group: NamedGroup,
    encoded: &[u8],
) -> Result<State, Error> {
    let early = if ch.early_data_offered() {
        EarlyDecision::Reject(DeclineReason::HelloRetry)
    } else {
        EarlyDecision::NotOffered
    };
    let mut transcript = Transcript::new(negotiated.prims.hash);
    transcript.add(encoded);
    let next = hello_retry::send(config, common, ch, &negotiated, group, transcript)?;
    early_data::report(common, early, EarlyDataSkip::Protected);
    Ok(next)
}

/// Check a ClientHello and choose everything but the group.
/// `auth` is left to the certificate choice (`certificate_chosen` or
/// `full_handshake_certificate_chosen`; the second ClientHello keeps the first's, if made).
pub(super) fn negotiate(
    config: &ServerConfig,
    provider: &CryptoProvider,
    ch: &ClientHello,
) -> Result<Negotiated, Error> {
    check_version(config, ch)?;
    // RFC 8446 §4.1.2: "For every TLS 1.3 ClientHello, this vector MUST contain exactly one
    // byte, set to zero [...] the server MUST abort the handshake with an illegal_parameter".
    if ch.compression_methods != [CompressionMethod::NULL] {
        return Err(illegal(
            "legacy_compression_methods is not exactly [null] (RFC 8446 §4.1.2)",
        ));
    }
    let (suite, prims) = choose_suite(config, provider, ch)?;
    let server_name = server_name(ch)?;
    Ok(Negotiated {
        suite,
        prims,
        auth: None,
        server_name,
        alpn: choose_alpn(config, ch)?,
        client_record_size_limit: ch.extensions.iter().find_map(|e| match e {
            ClientExtension::RecordSizeLimit(l) => Some(l.0),
            _ => None,
        }),
        ticket_request: ch.extensions.iter().find_map(|e| match e {
            ClientExtension::TicketRequest(r) => Some(*r),
            _ => None,
        }),
        ticket_modes: ch
            .psk_modes()
            .is_some_and(|modes| config.psk_modes.iter().any(|m| modes.contains(m))),
    })
}

/// What `ChooseCertificate` tells the application: the SNI name (lent by `negotiated` until
/// the answer gives it back), the client's signature_algorithms (RFC 9846 §4.3.3; mandatory
/// without a PSK, §9.2), its ALPN protocols and the version.
fn certificate_query(
    ch: &ClientHello,
    negotiated: &mut Negotiated,
) -> Result<CertificateQuery, Error> {
    let schemes = ch
        .signature_algorithms()
        .ok_or(missing("no signature_algorithms (RFC 8446 §9.2)"))?
        .to_vec();
    Ok(CertificateQuery {
        server_name: negotiated.server_name.take(),
        schemes,
        alpn: offered_alpn(ch),
        version: ProtocolVersion::TLS1_3,
    })
}

/// The certificate for a full handshake (RFC 9846 §4.5.1.2) and the client's schemes
/// (`client_schemes`) for our CertificateVerify, from the certificate chosen.
fn server_auth(
    negotiated: &Negotiated,
    client_schemes: Vec<SignatureScheme>,
    chosen: Option<Arc<CertifiedKey>>,
) -> Result<ServerAuth, Error> {
    let cert = chosen.ok_or(match negotiated.server_name {
        // RFC 6066 §3: a name we have no certificate for.
        Some(_) => Error::protocol(
            AlertDescription::UNRECOGNIZED_NAME,
            "no certificate for the requested server name (RFC 6066 §3)",
        ),
        None => Error::protocol(
            AlertDescription::HANDSHAKE_FAILURE,
            "no certificate to present",
        ),
    })?;
    // Refused now rather than after a HelloRetryRequest: the client must let our key sign a
    // CertificateVerify with a scheme TLS 1.3 allows (RFC 8446 §4.4.3).
    if tls13_scheme(&cert, &client_schemes).is_none() {
        return Err(Error::protocol(
            AlertDescription::HANDSHAKE_FAILURE,
            "no signature scheme in common with the client (RFC 8446 §4.2.3)",
        ));
    }
    Ok(ServerAuth {
        cert,
        client_schemes,
    })
}

/// RFC 8446 §4.2.1: only supported_versions negotiates TLS 1.3; a client without it (or
/// without 0x0304) speaks an older version. The version selection (`server::version`) has
/// already checked this for the first ClientHello; a second one after a HelloRetryRequest must
/// still offer TLS 1.3.
fn check_version(config: &ServerConfig, ch: &ClientHello) -> Result<(), Error> {
    let offered = ch.supported_versions().unwrap_or(&[]);
    if !offered.contains(&ProtocolVersion::TLS1_3)
        || !config.versions.contains(&ProtocolVersion::TLS1_3)
    {
        return Err(Error::protocol(
            AlertDescription::PROTOCOL_VERSION,
            "TLS 1.3 not offered or not enabled (RFC 8446 §4.2.1)",
        ));
    }
    // RFC 8446 §4.1.2 fixes legacy_version to 0x0303; §D.5 refuses SSL 3.0 and below. Anything
    // under TLS 1.2 is a client that cannot be speaking TLS 1.3.
    if ch.legacy_version < ProtocolVersion::TLS1_2 {
        return Err(Error::protocol(
            AlertDescription::PROTOCOL_VERSION,
            "legacy_version below 0x0303 with TLS 1.3 offered (RFC 8446 §4.1.2, §D.5)",
        ));
    }
    Ok(())
}

/// The TLS 1.3 suite, by our preference (or the client's), that the provider can run.
fn choose_suite(
    config: &ServerConfig,
    provider: &CryptoProvider,
    ch: &ClientHello,
) -> Result<(&'static SupportedCipherSuite, HashPrimitives), Error> {
    let runnable = |s: &&'static SupportedCipherSuite| {
        s.is_tls13() && provider.aead(s.aead).is_some() && config.cipher_suites.contains(s)
    };
    let chosen = if config.prefer_server_order {
        config
            .cipher_suites
            .iter()
            .copied()
            .filter(runnable)
            .find(|s| ch.cipher_suites.contains(&s.suite))
    } else {
        ch.cipher_suites
            .iter()
            .filter_map(|c| suites::lookup(*c))
            .find(|s| runnable(s))
    };
    // RFC 8446 §4.1.1: no acceptable parameters is handshake_failure.
    let suite = chosen.ok_or(Error::protocol(
        AlertDescription::HANDSHAKE_FAILURE,
        "no TLS 1.3 cipher suite in common (RFC 8446 §4.1.1)",
    ))?;
    let prims = HashPrimitives::from_provider(provider, suite.hash)
        .map_err(|_| Error::internal("provider lacks the suite's hash"))?;
    Ok((suite, prims))
}

/// The client's key shares, checked against its supported_groups (RFC 8446 §4.2.8: "Clients
/// MUST NOT offer any KeyShareEntry values for groups not listed in the client's
/// supported_groups extension. Servers MAY check for violations of these rules and abort the
/// handshake with an illegal_parameter alert").
pub(super) fn key_shares(ch: &ClientHello) -> Result<&[KeyShareEntry], Error> {
    // RFC 8446 §9.2: each of the two requires the other.
    let groups = ch
        .supported_groups()
        .ok_or(missing("no supported_groups (RFC 8446 §9.2)"))?;
    let shares = ch
        .key_shares()
        .ok_or(missing("no key_share (RFC 8446 §9.2)"))?;
    if shares.iter().any(|s| !groups.contains(&s.group)) {
        return Err(illegal(
            "key_share for a group not in supported_groups (RFC 8446 §4.2.8)",
        ));
    }
    Ok(shares)
}

/// Choose the group (RFC 8446 §4.1.1, §4.2.8): a share we accept, else a retry for a group the
/// client supports, else handshake_failure.
pub(super) fn choose_group(
    config: &ServerConfig,
    provider: &CryptoProvider,
    ch: &ClientHello,
) -> Result<GroupChoice, Error> {
    let shares = key_shares(ch)?;
    let client_groups = ch.supported_groups().unwrap_or(&[]);
    let ours = our_groups(config, provider);
    let with_share = |g: NamedGroup| {
        shares
            .iter()
            .position(|s| s.group == g)
            .map(|index| GroupChoice::Share { group: g, index })
    };
    let preferred = ours.iter().copied().find(|g| client_groups.contains(g));
    let chosen = if config.retry_for_preferred_group {
        preferred.map(|g| with_share(g).unwrap_or(GroupChoice::Retry(g)))
    } else {
        ours.iter()
            .copied()
            .find_map(with_share)
            .or(preferred.map(GroupChoice::Retry))
    };
    chosen.ok_or(Error::protocol(
        AlertDescription::HANDSHAKE_FAILURE,
        "no key exchange group in common (RFC 8446 §4.1.1)",
    ))
}

/// The groups we accept: those of `config.groups` the provider implements, in our order.
pub(super) fn our_groups(config: &ServerConfig, provider: &CryptoProvider) -> Vec<NamedGroup> {
    config
        .groups
        .iter()
        .copied()
        .filter(|g| provider.kx_group(*g).is_some())
        .collect()
}

pub(super) fn illegal(rule: &'static str) -> Error {
    Error::protocol(AlertDescription::ILLEGAL_PARAMETER, rule)
}

fn missing(rule: &'static str) -> Error {
    Error::protocol(AlertDescription::MISSING_EXTENSION, rule)
}
