//! The tracing points (feature `tracing`, off by default): what the connection decided and why,
//! as `tracing` events, inside one span per connection. Without the feature every function here
//! is empty and `tracing` is not a dependency; with it and no subscriber, each point costs a
//! level check and allocates nothing.
//!
//! Every point is one call of a function here, made where the code already passes through a
//! single place:
//!
//! | what | level | target | called from |
//! |---|---|---|---|
//! | state transitions (from, to, input) | debug (trace when the state stays) | `ferrotls::handshake` | each side's `Handshake` impl, around its version machine's dispatch (`client/mod.rs`, `server/mod.rs`) |
//! | negotiated values (version, suite, group, ALPN, resumed, 0-RTT status) | debug | `ferrotls::handshake` | `RecordOutput::record` |
//! | events (complete, tickets, 0-RTT accepted/rejected, declined resumption with its `DeclineReason`) | debug | `ferrotls::resumption` / `ferrotls::handshake` | `Shared::emit` |
//! | tickets and sessions issued | debug | `ferrotls::resumption` | `server/tls13/tickets.rs`, `server/tls12/session.rs` |
//! | deferred pauses and answers | debug | `ferrotls::handshake` | `conn/receive.rs` (`settle`, `Receiving::answer`) |
//! | fatal alerts sent and received, failures | warn | `ferrotls::alert` | `Shared::fail` |
//! | close_notify and warning alerts, both ways | info | `ferrotls::alert` | `conn/send.rs`, `conn/receive.rs` |
//! | each record sealed or opened (type, length) | trace | `ferrotls::record` | `Sending::write`, `Receiving::next_record` |
//!
//! Secrets never reach a field: no traffic secret, PSK, key, binder, ticket or ticket
//! plaintext, and no application data; a ticket is described by its lifetime and 0-RTT
//! allowance, a peer's certificates by their number. The span is `conn` with `id` (a counter
//! per process, drawn only when the span is enabled) and `side`.
#![cfg_attr(not(feature = "tracing"), allow(unused_variables, dead_code))]

use ferrotls_record::{AlertDescription, ContentType, ProtocolVersion};

use crate::conn::NegotiatedValue;
use crate::deferred::{Answer, Request};
use crate::error::Error;
use crate::events::Event;
use crate::msgs::enums::HandshakeType;

/// A `tracing` macro with the feature, nothing without it.
macro_rules! emit {
    ($level:ident, $($arg:tt)*) => {{
        #[cfg(feature = "tracing")]
        ::tracing::$level!($($arg)*);
    }};
}

const HANDSHAKE: &str = "ferrotls::handshake";
const RESUMPTION: &str = "ferrotls::resumption";
const ALERT: &str = "ferrotls::alert";

/// What a state machine was handed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Input {
    Message(HandshakeType),
    ChangeCipherSpec,
    /// The answer to a deferred request.
    Answer,
}

impl core::fmt::Display for Input {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Message(typ) => write!(f, "{typ:?}"),
            Self::ChangeCipherSpec => f.write_str("change_cipher_spec"),
            Self::Answer => f.write_str("answer"),
        }
    }
}

/// A connection's span: `conn{id side}`. A zero-sized nothing without the feature.
#[derive(Debug)]
pub(crate) struct ConnSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

/// The span entered for one call into the connection; it holds its own handle to the span
/// (no borrow of the connection, which the call goes on to change).
#[must_use]
pub(crate) struct Entered {
    #[cfg(feature = "tracing")]
    _entered: tracing::span::EnteredSpan,
}

impl ConnSpan {
    pub(crate) fn new() -> Self {
        #[cfg(feature = "tracing")]
        {
            use core::sync::atomic::{AtomicUsize, Ordering};
            static NEXT_ID: AtomicUsize = AtomicUsize::new(1);
            let span = tracing::debug_span!(
                target: "ferrotls::conn",
                "conn",
                id = NEXT_ID.fetch_add(1, Ordering::Relaxed),
                side = tracing::field::Empty,
            );
            Self { span }
        }
        #[cfg(not(feature = "tracing"))]
        Self {}
    }

    /// Name the side once the constructor knows it.
    pub(crate) fn set_side(&self, is_client: bool) {
        #[cfg(feature = "tracing")]
        self.span
            .record("side", if is_client { "client" } else { "server" });
    }

    pub(crate) fn enter(&self) -> Entered {
        Entered {
            #[cfg(feature = "tracing")]
            _entered: self.span.clone().entered(),
        }
    }
}

/// One step of a state machine: `result` of handing `input` to it in state `from`, traced as
/// a transition to the state `name` gives, or as a failure.
pub(crate) fn step<S>(
    from: &'static str,
    input: Input,
    result: Result<S, Error>,
    name: impl FnOnce(&S) -> &'static str,
) -> Result<S, Error> {
    #[cfg(feature = "tracing")]
    match &result {
        Ok(next) => transition(from, name(next), input),
        Err(_) => transition_failed(from, input),
    }
    result
}

/// A state machine consumed `input` in state `from` and moved to `to`.
pub(crate) fn transition(from: &'static str, to: &'static str, input: Input) {
    #[cfg(feature = "tracing")]
    if from == to {
        emit!(trace, target: HANDSHAKE, state = from, %input, "input handled");
    } else {
        emit!(debug, target: HANDSHAKE, from, to, %input, "state transition");
    }
}

/// A state machine refused `input` in state `from`; the failure follows (see [`failed`]).
pub(crate) fn transition_failed(from: &'static str, input: Input) {
    emit!(debug, target: HANDSHAKE, from, %input, "transition failed");
}

/// A negotiated value, as the handshake records it.
pub(crate) fn negotiated(value: &NegotiatedValue) {
    match value {
        NegotiatedValue::Version(v) => {
            emit!(debug, target: HANDSHAKE, version = ?v, "version negotiated")
        }
        NegotiatedValue::Suite(s) => {
            emit!(debug, target: HANDSHAKE, suite = ?s.suite, "suite negotiated")
        }
        NegotiatedValue::Group(Some(g)) => {
            emit!(debug, target: HANDSHAKE, group = ?g, "group negotiated")
        }
        NegotiatedValue::Group(None) => {
            emit!(debug, target: HANDSHAKE, "no key exchange (psk_ke)")
        }
        NegotiatedValue::Alpn(Some(p)) => {
            emit!(debug, target: HANDSHAKE, alpn = %Escaped(p), "ALPN negotiated")
        }
        NegotiatedValue::ServerName(Some(n)) => {
            emit!(debug, target: HANDSHAKE, server_name = %n, "SNI")
        }
        NegotiatedValue::PeerCertificates(c) if !c.is_empty() => {
            emit!(debug, target: HANDSHAKE, certificates = c.len(), "peer certificates")
        }
        NegotiatedValue::PeerSignatureScheme(s) => {
            emit!(debug, target: HANDSHAKE, scheme = ?s, "peer signature scheme")
        }
        NegotiatedValue::HelloRetry => emit!(debug, target: HANDSHAKE, "HelloRetryRequest"),
        NegotiatedValue::ClientAuthenticated(true) => {
            emit!(debug, target: HANDSHAKE, "client authenticated")
        }
        NegotiatedValue::ExtendedMasterSecret(ems) => {
            emit!(debug, target: HANDSHAKE, ems, "extended master secret")
        }
        NegotiatedValue::Resumed => {
            emit!(debug, target: RESUMPTION, "resumption accepted")
        }
        NegotiatedValue::ResumptionOffered => {
            emit!(debug, target: RESUMPTION, "resumption offered")
        }
        // The session ID names a session in a store: not a secret, but nothing to debug by;
        // the 0-RTT status is traced with its event, which has the reason.
        _ => {}
    }
}

/// An event queued for the application.
pub(crate) fn event(event: &Event) {
    match event {
        Event::HandshakeComplete { version } => {
            emit!(debug, target: HANDSHAKE, ?version, "handshake complete")
        }
        Event::TicketReceived(data) => emit!(
            debug,
            target: RESUMPTION,
            kind = ?data.kind(),
            version = ?data.protocol_version(),
            lifetime = data.lifetime(),
            max_early_data = data.max_early_data_size(),
            "ticket received"
        ),
        Event::EarlyDataAccepted => emit!(debug, target: RESUMPTION, "0-RTT accepted"),
        Event::EarlyDataRejected { data, reason } => emit!(
            debug,
            target: RESUMPTION,
            reason = %reason,
            returned = data.len(),
            "0-RTT rejected"
        ),
        Event::ResumptionDeclined { reason } => {
            emit!(debug, target: RESUMPTION, reason = %reason, "resumption declined")
        }
        Event::StoreSession(write) => emit!(
            debug,
            target: RESUMPTION,
            lifetime = write.state.lifetime(),
            "session handed to the application's store"
        ),
        Event::KeyUpdated { we_updated_too } => {
            emit!(debug, target: HANDSHAKE, we_updated_too, "peer updated its keys")
        }
        Event::PeerClosed => emit!(info, target: ALERT, "close_notify received"),
        Event::Alert(alert) => {
            emit!(info, target: ALERT, alert = ?alert, "warning alert received")
        }
        _ => {}
    }
}

/// The connection failed (`Shared::fail`): the fatal alert we queued, or the peer's.
pub(crate) fn failed(error: &Error) {
    match error {
        Error::AlertSent { alert, cause } => {
            emit!(warn, target: ALERT, alert = ?alert, cause = %cause, "fatal alert sent")
        }
        Error::AlertReceived(alert) => {
            emit!(warn, target: ALERT, alert = ?alert, "fatal alert received")
        }
        Error::FailedAfterClose { alert, cause } => emit!(
            warn,
            target: ALERT,
            alert = ?alert,
            cause = %cause,
            "failed after close_notify (alert not sent)"
        ),
        Error::UnexpectedEof => {
            emit!(warn, target: ALERT, "transport closed without close_notify")
        }
    }
}

/// We sent close_notify or a warning alert.
pub(crate) fn alert_sent(alert: AlertDescription) {
    emit!(info, target: ALERT, alert = ?alert, "alert sent");
}

/// The handshake paused for `request` (`Event::Paused`).
pub(crate) fn paused(request: &Request) {
    emit!(debug, target: HANDSHAKE, request = request_name(request), "paused");
}

/// A pending request was answered, by the config's own objects at once or by the application.
pub(crate) fn answered(answer: &Answer, by_application: bool) {
    let by = if by_application {
        "application"
    } else {
        "config"
    };
    emit!(debug, target: HANDSHAKE, answer = answer_name(answer), by, "answered");
}

/// Server: a ticket or a session ID made the session resumable.
pub(crate) fn session_issued(
    version: ProtocolVersion,
    kind: &'static str,
    lifetime: u32,
    max_early_data: u32,
) {
    emit!(
        debug,
        target: RESUMPTION,
        ?version,
        kind,
        lifetime,
        max_early_data,
        "session issued"
    );
}

/// A record was sealed (`out`) or opened.
pub(crate) fn record(out: bool, content_type: ContentType, len: usize) {
    let dir = if out { "sent" } else { "received" };
    emit!(trace, target: "ferrotls::record", dir, ?content_type, len, "record");
}

/// A request's kind, without its contents (a `Sign` request holds what is signed).
fn request_name(request: &Request) -> &'static str {
    match request {
        Request::LookupSession { .. } => "LookupSession",
        Request::TakeSession { .. } => "TakeSession",
        Request::CheckReplay { .. } => "CheckReplay",
        Request::ChooseCertificate(_) => "ChooseCertificate",
        Request::ChooseClientCertificate(_) => "ChooseClientCertificate",
        Request::Sign { .. } => "Sign",
    }
}

/// An answer's kind and outcome, without its contents (a session state holds its PSK).
fn answer_name(answer: &Answer) -> &'static str {
    use crate::deferred::{ReplayVerdict, SessionLookup};
    match answer {
        Answer::Session(SessionLookup::Found(_)) => "session found",
        Answer::Session(SessionLookup::NotFound) => "session not found",
        Answer::Session(SessionLookup::Unavailable) => "session store unavailable",
        Answer::Replay(ReplayVerdict::Fresh) => "fresh",
        Answer::Replay(ReplayVerdict::Replayed) => "replayed",
        Answer::Replay(_) => "anti-replay store unavailable",
        Answer::Certificate(Some(_)) => "certificate",
        Answer::Certificate(None) => "no certificate",
        Answer::Signature(Ok(_)) => "signature",
        Answer::Signature(Err(_)) => "signing failed",
    }
}

/// An ALPN protocol name as text, bytes outside printable ASCII escaped.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
struct Escaped<'a>(&'a [u8]);

impl core::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use core::fmt::Write;
        for &b in self.0 {
            if b.is_ascii_graphic() || b == b' ' {
                f.write_char(char::from(b))?;
            } else {
                write!(f, "\\x{b:02x}")?;
            }
        }
        Ok(())
    }
}
