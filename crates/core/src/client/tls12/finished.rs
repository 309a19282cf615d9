//! From our Finished to the server's: its optional NewSessionTicket (RFC 5077 §3.3), its
//! ChangeCipherSpec (RFC 5246 §7.1) and its Finished (§7.4.9).

use alloc::boxed::Box;

use ferrotls_record::{AlertDescription, ProtocolVersion, RecordProtection};

use super::transcript::HandshakeLog;
use super::{decode, wrong_variant, State};
use crate::conn::Common;
use crate::error::Error;
use crate::key_schedule::{Side, Tls12MasterSecret, TLS12_VERIFY_DATA_LEN};
use crate::msgs::handshake::HandshakeMessage;

/// What every state between our Finished and the server's carries.
#[derive(Debug)]
pub(crate) struct AwaitServerFinished {
    pub(crate) master: Tls12MasterSecret,
    /// Installed when the server's ChangeCipherSpec arrives.
    pub(crate) server_write: RecordProtection,
    pub(crate) log: HandshakeLog,
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
}

impl ExpectNewSessionTicket {
    /// The ticket is decoded strictly and hashed (it is a handshake message, RFC 5077 §3.3) but
    /// not kept: TLS 1.2 resumption is not implemented yet. An empty ticket means the server
    /// changed its mind, which is allowed.
    pub(crate) fn handle(self: Box<Self>, encoded: &[u8]) -> Result<State, Error> {
        let HandshakeMessage::NewSessionTicketTls12(_) = decode(encoded)? else {
            return Err(wrong_variant());
        };
        let mut awaiting = self.awaiting;
        awaiting.log.add(encoded);
        Ok(State::ExpectChangeCipherSpec(Box::new(
            ExpectChangeCipherSpec { awaiting },
        )))
    }
}

impl ExpectChangeCipherSpec {
    /// RFC 5246 §7.1: "Reception of this message causes the receiver to instruct the record
    /// layer to immediately copy the read pending state into the read current state." The
    /// handshake bytes before it must end on a record boundary, as at every key change.
    pub(crate) fn handle(self: Box<Self>, common: &mut Common) -> Result<State, Error> {
        let AwaitServerFinished {
            master,
            server_write,
            log,
        } = self.awaiting;
        common.install_read(server_write)?;
        Ok(State::ExpectFinished(Box::new(ExpectFinished {
            master,
            log,
        })))
    }
}

impl ExpectFinished {
    pub(crate) fn handle(&self, common: &mut Common, encoded: &[u8]) -> Result<State, Error> {
        let HandshakeMessage::Finished(finished) = decode(encoded)? else {
            return Err(wrong_variant());
        };
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
        common.complete_handshake(ProtocolVersion::TLS1_2)?;
        Ok(State::Connected)
    }
}
