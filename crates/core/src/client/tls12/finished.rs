//! Up to the server's Finished: its optional NewSessionTicket (RFC 5077 §3.3), its
//! ChangeCipherSpec (RFC 5246 §7.1) and its Finished (§7.4.9); after it, in an abbreviated
//! handshake, our own ChangeCipherSpec and Finished.

use alloc::boxed::Box;

use ferrotls_crypto::{AeadAlgorithm, Secret};
use ferrotls_record::{AlertDescription, ProtocolVersion};
use rustls_pki_types::UnixTime;

use super::session::{emit_session, ReceivedTicket};
use super::transcript::HandshakeLog;
use super::State;
use crate::client::ClientContext;
use crate::conn::{DirectionKeys, HandshakeOutput, Level};
use crate::error::Error;
use crate::key_schedule::{
    Side, Tls12KeyBlock, Tls12MasterSecret, Tls12WriteKeys, TLS12_VERIFY_DATA_LEN,
};
use crate::msgs::handshake::Finished;
use crate::msgs::handshake::NewSessionTicketTls12;
use crate::resumption::ResumptionData;
use crate::tls12::{abbreviated_secrets, AbbreviatedSecrets};
use crate::tls13::finished_message;

/// What the server's ChangeCipherSpec and Finished lead to. Held inline in a boxed state;
/// boxing the record protection (an inline AEAD key) would cost an allocation per handshake.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub(crate) enum Ending {
    /// Full handshake: our Finished went first; the server writes with `server_write`.
    Full { server_write: Tls12WriteKeys },
    /// Abbreviated handshake (RFC 5246 §7.3 Figure 2) resuming `session`: the key block of the
    /// two randoms is derived when the server's ChangeCipherSpec arrives, with both Finished;
    /// our ChangeCipherSpec and Finished answer the server's.
    Abbreviated {
        aead: AeadAlgorithm,
        client_random: [u8; 32],
        server_random: [u8; 32],
        session: ResumptionData,
    },
}

/// What the states up to the server's ChangeCipherSpec carry: ExpectNewSessionTicket (when the
/// ServerHello promised one) and ExpectChangeCipherSpec share it, and its allocation.
#[derive(Debug)]
pub(crate) struct AwaitServerFinished {
    pub(crate) master: Tls12MasterSecret,
    pub(crate) log: HandshakeLog,
    pub(crate) ending: Ending,
    /// The NewSessionTicket, once it arrived (RFC 5077 §3.3: not valid before the server's
    /// Finished verifies).
    pub(crate) ticket: Option<ReceivedTicket>,
}

/// The server's ChangeCipherSpec arrived and its keys are installed.
#[derive(Debug)]
pub(crate) struct ExpectFinished {
    master: Tls12MasterSecret,
    /// The server's verify_data: its Finished is the next handshake message, so the
    /// handshake_messages it covers are known at its ChangeCipherSpec (RFC 5246 §7.4.9).
    expected: Secret,
    finishing: Finishing,
    ticket: Option<ReceivedTicket>,
}

/// What follows a verified server Finished.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
enum Finishing {
    Full,
    /// Our ChangeCipherSpec and Finished (`verify_data`) under `client_write`.
    Abbreviated {
        client_write: Tls12WriteKeys,
        verify_data: Secret,
        session: ResumptionData,
    },
}

impl AwaitServerFinished {
    /// The state that waits for what comes next: the NewSessionTicket the ServerHello promised
    /// (RFC 5077 §3.3: "the server MUST send a NewSessionTicket handshake message" before its
    /// ChangeCipherSpec), or the ChangeCipherSpec.
    pub(crate) fn into_state(self, ticket_expected: bool) -> State {
        let awaiting = Box::new(self);
        if ticket_expected {
            State::ExpectNewSessionTicket(awaiting)
        } else {
            State::ExpectChangeCipherSpec(awaiting)
        }
    }

    /// The ticket is decoded strictly and hashed (it is a handshake message, RFC 5077 §3.3),
    /// and kept, with the time it arrived, until the server's Finished verifies. An empty
    /// ticket means the server changed its mind, which is allowed (§3.3).
    pub(crate) fn handle_new_session_ticket(
        mut self: Box<Self>,
        ticket: NewSessionTicketTls12,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<State, Error> {
        self.log.add(encoded);
        self.ticket = (!ticket.ticket.is_empty()).then_some(ReceivedTicket {
            ticket: ticket.ticket,
            lifetime_hint: ticket.lifetime_hint,
            received: now,
        });
        Ok(State::ExpectChangeCipherSpec(self))
    }

    /// RFC 5246 §7.1: "Reception of this message causes the receiver to instruct the record
    /// layer to immediately copy the read pending state into the read current state." The
    /// handshake bytes before it must end on a record boundary, as at every key change.
    ///
    /// The server's Finished, the next handshake message, covers every message so far, so its
    /// verify_data is derived now. In an abbreviated handshake so is ours, which covers the
    /// server's Finished as it must read if it verifies (§7.3 Figure 2), and the key block:
    /// all under one keying of the PRF.
    pub(crate) fn handle_change_cipher_spec(
        self: Box<Self>,
        common: &mut dyn HandshakeOutput,
    ) -> Result<State, Error> {
        let AwaitServerFinished {
            master,
            log,
            ending,
            ticket,
        } = *self;
        let (server_write, expected, finishing) = match ending {
            Ending::Full { server_write } => {
                let expected = master
                    .verify_data(Side::Server, &log.current())
                    .map_err(|_| Error::internal("server Finished derivation failed"))?;
                (server_write, expected, Finishing::Full)
            }
            Ending::Abbreviated {
                aead,
                client_random,
                server_random,
                session,
            } => {
                let AbbreviatedSecrets {
                    keys:
                        Tls12KeyBlock {
                            client: client_write,
                            server: server_write,
                        },
                    server_verify_data: expected,
                    client_verify_data: verify_data,
                    ..
                } = abbreviated_secrets(
                    &master,
                    aead,
                    &client_random,
                    &server_random,
                    log.current(),
                    |more| log.current_with(more),
                )
                .ok_or(Error::internal("Finished derivation failed"))?;
                let finishing = Finishing::Abbreviated {
                    client_write,
                    verify_data,
                    session,
                };
                (server_write, expected, finishing)
            }
        };
        common.install_read_keys(Level::Application, DirectionKeys::Tls12(&server_write))?;
        Ok(State::ExpectFinished(Box::new(ExpectFinished {
            master,
            expected,
            finishing,
            ticket,
        })))
    }
}

impl ExpectFinished {
    pub(crate) fn handle(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        finished: Finished,
        now: UnixTime,
    ) -> Result<State, Error> {
        // RFC 5246 §7.4.9: verify_data is 12 bytes for every suite we implement
        // (verify_data_length); another length is a malformed message (decode_error, §7.2.2).
        if finished.verify_data.len() != TLS12_VERIFY_DATA_LEN {
            return Err(Error::protocol(
                AlertDescription::DECODE_ERROR,
                "Finished verify_data is not 12 bytes (RFC 5246 §7.4.9)",
            ));
        }
        // "Recipients of Finished messages MUST verify that the contents are correct." §7.2.2:
        // decrypt_error when "unable to [...] validate a Finished message". The comparison is
        // constant-time.
        if !self.expected.ct_eq(&finished.verify_data) {
            return Err(Error::protocol(
                AlertDescription::DECRYPT_ERROR,
                "server Finished does not verify (RFC 5246 §7.4.9)",
            ));
        }
        let Self {
            master,
            finishing,
            ticket,
            ..
        } = *self;
        let resumed = match finishing {
            Finishing::Full => None,
            Finishing::Abbreviated {
                client_write,
                verify_data,
                session,
            } => {
                let ours = finished_message(verify_data.as_bytes())?;
                common.send_change_cipher_spec()?;
                common
                    .install_write_keys(Level::Application, DirectionKeys::Tls12(&client_write))?;
                common.send_handshake(&ours)?;
                Some(session)
            }
        };
        common.complete_handshake(ProtocolVersion::TLS1_2)?;
        emit_session(cx, common, &master, ticket, resumed.as_ref(), now);
        Ok(State::Connected)
    }
}
