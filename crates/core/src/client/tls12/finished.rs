//! Up to the server's Finished: its optional NewSessionTicket (RFC 5077 §3.3), its
//! ChangeCipherSpec (RFC 5246 §7.1) and its Finished (§7.4.9); after it, in an abbreviated
//! handshake, our own ChangeCipherSpec and Finished.

use alloc::boxed::Box;

use ferrotls_record::{AlertDescription, ProtocolVersion};
use rustls_pki_types::UnixTime;

use super::session::{emit_session, ReceivedTicket};
use super::transcript::HandshakeLog;
use super::State;
use crate::client::ClientContext;
use crate::conn::{DirectionKeys, HandshakeOutput, Level};
use crate::error::Error;
use crate::key_schedule::{Side, Tls12MasterSecret, Tls12WriteKeys, TLS12_VERIFY_DATA_LEN};
use crate::msgs::handshake::Finished;
use crate::msgs::handshake::NewSessionTicketTls12;
use crate::resumption::ResumptionData;
use crate::tls13::finished_message;

/// How the handshake ends once the server's Finished verifies. Held inline in a boxed state;
/// boxing the record protection (an inline AEAD key) would cost an allocation per handshake.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub(crate) enum Ending {
    /// Full handshake: our Finished went first; nothing more to send.
    Full,
    /// Abbreviated handshake (RFC 5246 §7.3 Figure 2): our ChangeCipherSpec and Finished
    /// answer the server's, under `client_write`. `session` is the one resumed.
    Abbreviated {
        client_write: Tls12WriteKeys,
        session: ResumptionData,
    },
}

/// What every state up to the server's Finished carries.
#[derive(Debug)]
pub(crate) struct AwaitServerFinished {
    pub(crate) master: Tls12MasterSecret,
    /// Installed when the server's ChangeCipherSpec arrives.
    pub(crate) server_write: Tls12WriteKeys,
    pub(crate) log: HandshakeLog,
    pub(crate) ending: Ending,
    /// The NewSessionTicket, once it arrived (RFC 5077 §3.3: not valid before the server's
    /// Finished verifies).
    pub(crate) ticket: Option<ReceivedTicket>,
}

/// The ServerHello promised a ticket: "the server MUST send a NewSessionTicket handshake
/// message" (RFC 5077 §3.3) before its ChangeCipherSpec.
#[derive(Debug)]
pub(crate) struct ExpectNewSessionTicket {
    pub(crate) awaiting: AwaitServerFinished,
}

#[derive(Debug)]
pub(crate) struct ExpectChangeCipherSpec {
    pub(crate) awaiting: AwaitServerFinished,
}

/// The server's ChangeCipherSpec arrived and its keys are installed.
#[derive(Debug)]
pub(crate) struct ExpectFinished {
    master: Tls12MasterSecret,
    log: HandshakeLog,
    ending: Ending,
    ticket: Option<ReceivedTicket>,
}

impl ExpectNewSessionTicket {
    /// The ticket is decoded strictly and hashed (it is a handshake message, RFC 5077 §3.3),
    /// and kept, with the time it arrived, until the server's Finished verifies. An empty
    /// ticket means the server changed its mind, which is allowed (§3.3).
    pub(crate) fn handle(
        self: Box<Self>,
        ticket: NewSessionTicketTls12,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<State, Error> {
        let mut awaiting = self.awaiting;
        awaiting.log.add(encoded);
        awaiting.ticket = (!ticket.ticket.is_empty()).then_some(ReceivedTicket {
            ticket: ticket.ticket,
            lifetime_hint: ticket.lifetime_hint,
            received: now,
        });
        Ok(State::ExpectChangeCipherSpec(Box::new(
            ExpectChangeCipherSpec { awaiting },
        )))
    }
}

impl ExpectChangeCipherSpec {
    /// RFC 5246 §7.1: "Reception of this message causes the receiver to instruct the record
    /// layer to immediately copy the read pending state into the read current state." The
    /// handshake bytes before it must end on a record boundary, as at every key change.
    pub(crate) fn handle(
        self: Box<Self>,
        common: &mut dyn HandshakeOutput,
    ) -> Result<State, Error> {
        let AwaitServerFinished {
            master,
            server_write,
            log,
            ending,
            ticket,
        } = self.awaiting;
        common.install_read_keys(Level::Application, DirectionKeys::Tls12(&server_write))?;
        Ok(State::ExpectFinished(Box::new(ExpectFinished {
            master,
            log,
            ending,
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
        encoded: &[u8],
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
        if !self
            .master
            .verify_finished(Side::Server, &self.log.current(), &finished.verify_data)
        {
            return Err(Error::protocol(
                AlertDescription::DECRYPT_ERROR,
                "server Finished does not verify (RFC 5246 §7.4.9)",
            ));
        }
        let Self {
            master,
            mut log,
            ending,
            ticket,
        } = *self;
        let resumed = match ending {
            Ending::Full => None,
            Ending::Abbreviated {
                client_write,
                session,
            } => {
                // RFC 5246 §7.3 Figure 2: our Finished covers the server's.
                log.add(encoded);
                let verify_data =
                    master
                        .verify_data(Side::Client, &log.current())
                        .map_err(|_| {
                            Error::protocol(
                                AlertDescription::INTERNAL_ERROR,
                                "Finished computation failed",
                            )
                        })?;
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
