//! The client side: `ClientConnection` and its handshake state machine.
//!
//! - `answer`: the errors of the paused states (client certificate, CertificateVerify
//!   signature).
//! - `hello`: building the ClientHello and its retry.
//! - `resume`: `ClientConnection::resume` (which sessions may be offered) and 0-RTT data.
//! - `session_store`: the config's session store, used by `ClientConnection::new`.
//! - `version`: which version the server's ServerHello selects.
//! - `tls13`: the TLS 1.3 state machine, one file per group of states, with its single
//!   dispatch point in `tls13/state.rs`. Its first state is also where a TLS 1.2 ServerHello
//!   arrives.
//! - `tls12`: the TLS 1.2 state machine, likewise, dispatching in `tls12/state.rs`.
//! - `state`: the two machines behind one state value.

mod answer;
mod hello;
mod resume;
mod session_store;
mod state;
mod tls12;
mod tls13;
mod version;

#[cfg(test)]
mod tests;

use alloc::sync::Arc;

use ferrotls_record::{AlertDescription, ProtocolVersion};
use rustls_pki_types::{ServerName, UnixTime};

use crate::config::ClientConfig;
use crate::conn::{Common, Connection, HandshakeMachine, HandshakeOutput, NegotiatedValue};
use crate::deferred::{instant, local_signature, Answer, Request};
use crate::error::{ApiError, Error};
use crate::msgs::handshake::HandshakeMessage;
use crate::resumption::ResumptionData;
use crate::trace::{self, Input};
use crate::transcript::TranscriptBuffer;

pub(crate) use answer::{not_awaited, sign_failed};
use hello::Resuming;
use session_store::StoreLink;
pub(crate) use state::ClientState;
use tls13::{EarlyDataOffer, ExpectServerHello};

/// A client connection.
pub type ClientConnection = Connection<ClientHandshake>;

/// The client's handshake state machine (opaque).
#[derive(Debug)]
pub struct ClientHandshake {
    /// Boxed: the offered session makes it large, and a connection is moved around by value.
    cx: alloc::boxed::Box<ClientContext>,
    state: ClientState,
}

/// What stays the same for the whole handshake, next to the state that changes.
#[derive(Debug)]
pub(crate) struct ClientContext {
    pub(crate) config: Arc<ClientConfig>,
    pub(crate) server_name: ServerName<'static>,
    /// We sent the middlebox-compatibility change_cipher_spec (RFC 8446 §D.4); it goes out once,
    /// before our second flight (the retried ClientHello or the encrypted flight).
    pub(crate) sent_ccs: bool,
    /// A compatibility change_cipher_spec arrived (RFC 9846 §5): a TLS 1.2 ServerHello after
    /// it is refused.
    pub(crate) received_ccs: bool,
    /// The session offered in the ClientHello (`ClientConnection::resume`, or the config's
    /// session store), if any. The TLS 1.3
    /// machine uses a TLS 1.3 ticket; the TLS 1.2 machine a session ID or RFC 5077 ticket.
    pub(crate) offered: Option<ResumptionData>,
    /// TLS 1.3: the 0-RTT data offered with the ticket, until the server accepts or rejects it.
    pub(crate) early_data: Option<EarlyDataOffer>,
    /// How this connection used `config.session_store`.
    pub(crate) store: StoreLink,
}

/// What [`ClientConnection::resume`](Connection::resume) decided to offer, or what
/// [`new`](Connection::new) took from the config's session store.
pub(crate) struct Offer {
    pub(crate) data: ResumptionData,
    /// TLS 1.3: the PSK identity's obfuscated_ticket_age (RFC 8446 §4.2.11.1).
    pub(crate) obfuscated_ticket_age: u32,
    /// TLS 1.3: send 0-RTT data with the ticket.
    pub(crate) early_data: bool,
    /// The session came from `config.session_store`.
    pub(crate) from_store: bool,
}

impl Offer {
    pub(crate) fn new(
        data: ResumptionData,
        early_data: bool,
        ticket_age: core::time::Duration,
        from_store: bool,
    ) -> Self {
        // RFC 8446 §4.2.11.1: "the time since the client learned about the server
        // configuration that it is using, in milliseconds [...] added to "ticket_age_add"
        // modulo 2^32".
        let age_ms = (ticket_age.as_millis() & u128::from(u32::MAX)) as u32;
        Self {
            obfuscated_ticket_age: age_ms.wrapping_add(data.ticket_age_add()),
            early_data,
            data,
            from_store,
        }
    }
}

impl Connection<ClientHandshake> {
    /// Start a handshake with `server_name`: the ClientHello is ready in `write_tls` on return.
    /// `now` is used for ticket ages and certificate validity.
    ///
    /// TLS 1.3 and TLS 1.2 are offered as `config.versions` enables them, each only if at least
    /// one of its cipher suites is configured; a config that leaves neither is refused. The
    /// server's ServerHello picks the version (RFC 8446 §4.1.3, with its downgrade protection).
    ///
    /// Errors: [`ApiError::InvalidConfig`] for a config that offers no version;
    /// [`ApiError::Failed`] when the ClientHello cannot be built (e.g. the random source
    /// failed, or the config holds values no ClientHello can carry: a config made with
    /// [`ClientConfig::builder`] has none).
    ///
    /// # Random bytes
    ///
    /// Every random byte comes from `config.provider.random`, drawn in this order, so that a
    /// scripted source reproduces a published trace:
    ///
    /// 1. here: the ClientHello random (32 bytes);
    /// 2. here, in middlebox compatibility mode with TLS 1.3 offered only: the legacy_session_id
    ///    (32 bytes). [`resume`](Self::resume) draws it also when offering a TLS 1.2 ticket
    ///    (RFC 5077 §3.4), and never when offering a TLS 1.2 session ID (which is sent
    ///    instead). When both are drawn they come in one call of 64 bytes (random first): one
    ///    system call for the OS source, and the same bytes as two calls of 32 from
    ///    `ScriptedRandom` and `SeededRandom` (whose blocks are 32 bytes);
    /// 3. here, with TLS 1.3 offered only: one ephemeral private key per key share, for the
    ///    first `key_share_count` groups of `config.groups` that the provider implements, in
    ///    that order (X25519 draws 32 bytes, secp256r1 32 and secp384r1 48, more if a draw is
    ///    out of range; X25519MLKEM768 draws 32 + 32 for ML-KEM then 32 for X25519). [`resume`](Self::resume) with a TLS 1.3 ticket and `psk_ke` as the only
    ///    PSK mode sends no key share and draws nothing here. Nothing else of a resumption
    ///    (binder, 0-RTT keys) is random;
    /// 4. TLS 1.3, on a HelloRetryRequest that names a group: that group's private key;
    ///    TLS 1.2, once the ServerKeyExchange has verified: the ECDHE private key for its curve;
    /// 5. when answering a CertificateRequest with a local RSA-PSS key: the signature's salt (in
    ///    TLS 1.2 after the ECDHE key of step 4); an external key's signer draws its own.
    ///
    /// # Stored sessions
    ///
    /// With `config.session_store`, the newest stored session for the server name that is
    /// unexpired at `now` and that [`resume`](Self::resume) would offer is offered, exactly as
    /// `resume` offers it (and with its random draws); a TLS 1.3 ticket leaves the store, a
    /// TLS 1.2 session stays. With nothing usable stored, the handshake is a full one and no
    /// event says so. Otherwise `now` is not used here: certificate validity is checked
    /// against the `now` of the call that delivers the server's Certificate.
    pub fn new(
        config: Arc<ClientConfig>,
        server_name: ServerName<'static>,
        now: UnixTime,
    ) -> Result<Self, ApiError> {
        let offer = session_store::stored_offer(&config, &server_name, now);
        Self::start(config, server_name, offer)
    }

    /// Build and send the first ClientHello, offering `offer` if there is one (see
    /// [`resume`](Self::resume)); with 0-RTT, the early write keys are installed on return.
    fn start(
        config: Arc<ClientConfig>,
        server_name: ServerName<'static>,
        offer: Option<Offer>,
    ) -> Result<Self, ApiError> {
        if hello::offered_versions(&config).is_empty() {
            return Err(ApiError::InvalidConfig(
                "the config enables neither TLS 1.3 nor TLS 1.2 together with one of its \
                 cipher suites",
            ));
        }
        let mut common = Common::new(Arc::clone(&config.provider), config.limits);
        common.trace_side(true);
        let _entered = common.enter_span();
        common.set_key_log(config.key_log.clone());
        // The handshake seam: the first flight goes through it like every later one.
        let mut out = common.output();
        let resuming = offer.as_ref().map(|o| Resuming {
            data: &o.data,
            obfuscated_ticket_age: o.obfuscated_ticket_age,
            early_data: o.early_data,
        });
        // The server_name extension's host name (`send_sni`), computed once for the hello and
        // the connection info.
        let sni = hello::sni_host_name(&server_name).filter(|_| config.send_sni);
        let sent = match hello::first_client_hello(&config, sni.as_deref(), resuming.as_ref()) {
            Ok(sent) => sent,
            Err(e) => return Err(ApiError::Failed(out.fail(e))),
        };
        if config.send_sni {
            out.record(NegotiatedValue::ServerName(sni));
        }
        // RFC 8446 §5.1: the initial ClientHello may carry legacy_record_version 0x0301, which
        // old middleboxes expect; every later record carries 0x0303.
        out.set_plaintext_version(ProtocolVersion::TLS1_0);
        let written = out.send_handshake(&sent.encoded);
        out.set_plaintext_version(ProtocolVersion::TLS1_2);
        if let Err(e) = written {
            return Err(ApiError::Failed(out.fail(e)));
        }
        out.client_hello_random(&sent.hello.random);
        let mut cx = ClientContext {
            config,
            server_name,
            sent_ccs: false,
            received_ccs: false,
            offered: None,
            early_data: None,
            store: StoreLink::default(),
        };
        if let Some(offer) = offer {
            out.record(NegotiatedValue::ResumptionOffered);
            cx.store.offered = offer.from_store;
            let early = offer.early_data && sent.hello.early_data_offered();
            if early {
                if let Err(e) = tls13::start_early_data(&mut cx, &mut out, &offer.data, &sent) {
                    return Err(ApiError::Failed(out.fail(e)));
                }
            }
            cx.offered = Some(offer.data);
        }
        let mut transcript = TranscriptBuffer::default();
        transcript.add(&sent.encoded);
        let state = ClientState::Tls13(tls13::State::ExpectServerHello(alloc::boxed::Box::new(
            ExpectServerHello { sent, transcript },
        )));
        Ok(Self {
            common,
            hs: ClientHandshake {
                cx: alloc::boxed::Box::new(cx),
                state,
            },
        })
    }
}

impl HandshakeMachine for ClientHandshake {
    fn handle_message(
        &mut self,
        common: &mut dyn HandshakeOutput,
        message: HandshakeMessage,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<(), Error> {
        // The state is consumed by the transition; on error the machine stays `Failed`.
        let state = core::mem::replace(&mut self.state, ClientState::failed());
        let (from, input) = (state.name(), Input::Message(message.typ()));
        let next = state.handle(&mut self.cx, common, message, encoded, now);
        self.state = trace::step(from, input, next, ClientState::name)?;
        Ok(())
    }

    /// TLS 1.2: the server's ChangeCipherSpec switches the read keys (RFC 5246 §7.1).
    ///
    /// TLS 1.3 (and before the version is known), RFC 8446 §5: an unprotected
    /// change_cipher_spec "at any time after the first ClientHello message has been sent or
    /// received and before the peer's Finished message has been received" is dropped, however
    /// many arrive (a Java 17 server sends one after its HelloRetryRequest and another after
    /// its ServerHello; `Common` counts them like empty records); before or after that window
    /// it is unexpected_message.
    fn handle_change_cipher_spec(&mut self, common: &mut dyn HandshakeOutput) -> Result<(), Error> {
        let tls13 = match core::mem::replace(&mut self.state, ClientState::failed()) {
            ClientState::Tls12(state) => {
                let from = state.name();
                let next = state.handle_change_cipher_spec(common);
                let next = trace::step(from, Input::ChangeCipherSpec, next, tls12::State::name)?;
                self.state = ClientState::Tls12(next);
                return Ok(());
            }
            ClientState::Tls13(state) => state,
        };
        let accepted = tls13.accepts_compat_ccs();
        self.state = ClientState::Tls13(tls13);
        if !accepted {
            return Err(Error::unexpected(
                "change_cipher_spec outside the middlebox compatibility window (RFC 8446 §5)",
            ));
        }
        self.cx.received_ccs = true;
        Ok(())
    }

    fn update_keys(
        &mut self,
        common: &mut dyn HandshakeOutput,
        request_peer: bool,
    ) -> Result<(), ApiError> {
        let connected = match &mut self.state {
            ClientState::Tls13(tls13::State::Connected(connected)) => connected,
            // KeyUpdate is a TLS 1.3 message (RFC 8446 §4.6.3); TLS 1.2 has no way to change
            // keys short of renegotiation, which we never do.
            ClientState::Tls12(_) => {
                return Err(ApiError::Unsupported("key updates do not exist in TLS 1.2"))
            }
            ClientState::Tls13(_) => return Err(ApiError::HandshakeNotComplete),
        };
        connected.send_key_update(common, request_peer)
    }

    fn version(&self) -> Option<ProtocolVersion> {
        self.state.version()
    }

    fn is_client(&self) -> bool {
        true
    }

    fn failed(&mut self, error: &Error) {
        self.cx.connection_failed(error);
    }

    /// Paused for the certificate that answers a CertificateRequest, or for our
    /// CertificateVerify signature (`client/tls13/client_auth.rs`, `client/tls12/client_auth.rs`).
    fn pending(&self) -> Option<&Request> {
        self.state.pending()
    }

    fn answer(
        &mut self,
        common: &mut dyn HandshakeOutput,
        answer: Answer,
        _now: UnixTime,
    ) -> Result<(), Error> {
        // As in handle_message: if the transition fails, the machine stays failed.
        let state = core::mem::replace(&mut self.state, ClientState::failed());
        let from = state.name();
        let next = state.answer(common, answer);
        self.state = trace::step(from, Input::Answer, next, ClientState::name)?;
        Ok(())
    }

    /// `client_auth` is the chosen certificate unless `defer.certificate`; a local key signs at
    /// once, an external one leaves the signature to the application.
    fn instant_answer(&self, now: UnixTime) -> Option<Answer> {
        let request = self.state.pending()?;
        if let Some(key) = self.state.signing_key() {
            return local_signature(key, request, self.cx.config.provider.random.as_ref());
        }
        instant::client_answer_now(&self.cx.config, request, now)
    }
}

/// The alert for a key-schedule failure: only a provider or programming fault can cause one.
pub(crate) fn schedule_error(_: crate::key_schedule::KeyScheduleError) -> Error {
    Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "TLS 1.3 key schedule derivation failed",
    )
}
