//! 0-RTT on the server (RFC 8446 §4.2.10, §8): whether offered early data is accepted, and the
//! state that reads it until the client's EndOfEarlyData (§4.5).

use alloc::boxed::Box;
use alloc::vec::Vec;

use rustls_pki_types::UnixTime;

use super::client_finished::ExpectFinished;
use super::pending::PendingTraffic;
use super::psk::PskChoice;
use super::state::State;
use crate::config::ServerConfig;
use crate::conn::EarlyDataSkip;
use crate::conn::{DirectionKeys, EarlyDataStatus, HandshakeOutput, Level, NegotiatedValue};
use crate::deferred::ReplayVerdict;
use crate::error::Error;
use crate::events::Event;
use crate::resumption::{ticket_age_is_fresh, DeclineReason};
use crate::suites::SupportedCipherSuite;
use crate::transcript::Transcript;

/// How far the client's idea of the ticket age may be from ours (RFC 8446 §8.3: "on the order
/// of ten seconds" suits clients on the Internet). Outside it, 0-RTT is refused (NotFresh).
pub(super) const FRESHNESS_TOLERANCE_MS: u32 = 10_000;

/// How long an anti-replay record outlives the ticket it was made with: the freshness window
/// (the tolerance, rounded up to the clock's whole seconds, plus one second of resolution).
const RECORD_AFTER_EXPIRY_S: u64 = FRESHNESS_TOLERANCE_MS.div_ceil(1000) as u64 + 1;

/// What the server does with the early data of a ClientHello.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EarlyDecision {
    /// The ClientHello has no early_data extension.
    NotOffered,
    /// Read up to this many bytes of 0-RTT data (RFC 8446 §4.2.10).
    Accept(u32),
    Reject(DeclineReason),
}

/// How far the early-data decision got.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum EarlyStep {
    Decided(EarlyDecision),
    /// Every condition holds but the anti-replay check (RFC 9846 §8), which is asked for
    /// (`Request::CheckReplay`): `key` recorded until `valid_until`; `budget` bytes if fresh.
    CheckReplay {
        key: Vec<u8>,
        valid_until: UnixTime,
        budget: u32,
    },
}

/// Decide on the early data offered with a first ClientHello that is answered by a ServerHello
/// (a HelloRetryRequest always rejects it, §4.2.10). Every condition of §4.2.10 and §8 must
/// hold; the anti-replay check comes last because it records the attempt.
pub(super) fn decide(
    config: &ServerConfig,
    offered: bool,
    psk: &PskChoice,
    suite: &'static SupportedCipherSuite,
    alpn: Option<&[u8]>,
    now: UnixTime,
) -> EarlyStep {
    if !offered {
        return EarlyStep::Decided(EarlyDecision::NotOffered);
    }
    match check(config, psk, suite, alpn, now) {
        Ok(step) => step,
        Err(reason) => EarlyStep::Decided(EarlyDecision::Reject(reason)),
    }
}

/// The anti-replay store's verdict on the early data of `budget` bytes: accepted only when
/// fresh (RFC 9846 §8); a store that could not answer rejects it, and the handshake goes on.
pub(super) fn replay_verdict(verdict: ReplayVerdict, budget: u32) -> EarlyDecision {
    match verdict {
        ReplayVerdict::Fresh => EarlyDecision::Accept(budget),
        ReplayVerdict::Replayed => EarlyDecision::Reject(DeclineReason::Replay),
        ReplayVerdict::Unavailable => EarlyDecision::Reject(DeclineReason::StoreUnavailable),
    }
}

fn check(
    config: &ServerConfig,
    psk: &PskChoice,
    suite: &'static SupportedCipherSuite,
    alpn: Option<&[u8]>,
    now: UnixTime,
) -> Result<EarlyStep, DeclineReason> {
    let resumed = match psk {
        PskChoice::Accepted(r) => r,
        PskChoice::Declined(reason) => return Err(*reason),
        // early_data without a PSK cannot be decrypted by anyone (§4.2.10).
        PskChoice::NotOffered => return Err(DeclineReason::UnknownSession),
    };
    // §4.2.10: "the PSK used to encrypt the early data MUST be the first PSK listed".
    if let Some(reason) = resumed.first_declined {
        return Err(reason);
    }
    // RFC 9846 §8: no 0-RTT without replay protection, ours or the application's.
    if config.anti_replay.is_none() && !config.defer.anti_replay {
        return Err(DeclineReason::Disabled);
    }
    let state = &resumed.state;
    if config.max_early_data == 0 || state.max_early_data_size() == 0 {
        return Err(DeclineReason::Disabled);
    }
    // §4.2.10: the same cipher suite and ALPN protocol as the session the ticket came from.
    if state.cipher_suite() != suite.suite {
        return Err(DeclineReason::CipherSuiteMismatch);
    }
    if state.alpn() != alpn {
        return Err(DeclineReason::AlpnMismatch);
    }
    // §8.3: the ClientHello must be fresh, which bounds how long the anti-replay record must
    // remember it (§8.2).
    let age = resumed.obfuscated_ticket_age;
    if !ticket_age_is_fresh(state, age, now, FRESHNESS_TOLERANCE_MS) {
        return Err(DeclineReason::NotFresh);
    }
    // The binder is the key (§8.2 allows only validated parts of the ClientHello): one record
    // per ClientHello, so a ticket may carry 0-RTT again in a new ClientHello, and only a
    // replayed flight is refused. §8.2 needs the record only while the ClientHello is fresh
    // (`replay_window_end`); it is kept until the ticket expires plus the freshness window, so
    // a fleet whose clocks disagree by more than its margin, or a clock stepped back, still
    // finds it (RFC 9846 §8: at most once, across the serving infrastructure). The store may
    // be remote, so the check is a request (crate::deferred).
    let until = UnixTime::since_unix_epoch(core::time::Duration::from_secs(
        state
            .expires_at()
            .as_secs()
            .saturating_add(RECORD_AFTER_EXPIRY_S),
    ));
    Ok(EarlyStep::CheckReplay {
        key: resumed.binder.clone(),
        valid_until: until,
        budget: state.max_early_data_size().min(config.max_early_data),
    })
}

/// Report a rejection (early data is then skipped as `skip` says) or an acceptance (its read
/// keys are the caller's to install).
pub(super) fn report(
    common: &mut dyn HandshakeOutput,
    decision: EarlyDecision,
    skip: EarlyDataSkip,
) {
    match decision {
        EarlyDecision::NotOffered => {}
        EarlyDecision::Accept(_) => {
            common.record(NegotiatedValue::EarlyData(EarlyDataStatus::Accepted));
            common.emit(Event::EarlyDataAccepted);
        }
        EarlyDecision::Reject(reason) => {
            common.record(NegotiatedValue::EarlyData(EarlyDataStatus::Rejected));
            common.skip_early_data(skip);
            // The server has nothing to hand back: the data is skipped unread.
            common.emit(Event::EarlyDataRejected {
                data: Vec::new(),
                reason,
            });
        }
    }
}

/// 0-RTT accepted: application data arrives under the client's early traffic keys (and is
/// delivered by `Common` as `Event::EarlyData`) until EndOfEarlyData (RFC 8446 §4.5).
#[derive(Debug)]
pub(crate) struct ExpectEndOfEarlyData {
    traffic: PendingTraffic,
    transcript: Transcript,
}

impl ExpectEndOfEarlyData {
    pub(super) fn new(traffic: PendingTraffic, transcript: Transcript) -> Self {
        Self {
            traffic,
            transcript,
        }
    }

    pub(super) fn handle(
        mut self,
        common: &mut dyn HandshakeOutput,
        encoded: &[u8],
    ) -> Result<State, Error> {
        // EndOfEarlyData is part of the transcript the client's Finished covers (§4.4.1).
        self.transcript.add(encoded);
        common.end_early_data();
        // §4.5: the client's following messages use its handshake traffic keys. The check that
        // EndOfEarlyData ended its record is in install (§5.1).
        common.install_read_keys(
            Level::Handshake,
            DirectionKeys::Tls13 {
                suite: self.traffic.suite,
                secret: &self.traffic.client_handshake,
            },
        )?;
        Ok(State::ExpectFinished(Box::new(ExpectFinished::new(
            self.traffic,
            self.transcript,
            None,
        ))))
    }
}
