//! Application traffic after the handshake: KeyUpdate in both directions (RFC 8446 §4.6.3).

use ferrotls_record::AlertDescription;

use super::encode;
use crate::conn::{DirectionKeys, HandshakeOutput, Level};
use crate::error::Error;
use crate::events::Event;
use crate::key_schedule::TrafficSecret;
use crate::msgs::enums::KeyUpdateRequest;
use crate::msgs::handshake::{HandshakeMessage, KeyUpdate};
use crate::suites::SupportedCipherSuite;

/// The current application traffic secrets of both directions.
#[derive(Debug)]
pub(crate) struct ApplicationTraffic {
    suite: &'static SupportedCipherSuite,
    read: TrafficSecret,
    write: TrafficSecret,
}

impl ApplicationTraffic {
    /// `read`/`write`: the peer's and our application traffic secrets, already installed.
    pub(crate) fn new(
        suite: &'static SupportedCipherSuite,
        read: TrafficSecret,
        write: TrafficSecret,
    ) -> Self {
        Self { suite, read, write }
    }

    /// The peer's KeyUpdate: move to its next secret; if it asked, answer with our own
    /// (update_not_requested, so the two cannot ping-pong) and move ours.
    pub(crate) fn handle_key_update(
        &mut self,
        common: &mut dyn HandshakeOutput,
        ku: KeyUpdate,
    ) -> Result<(), Error> {
        let answer = match ku.request_update {
            KeyUpdateRequest::UPDATE_NOT_REQUESTED => false,
            KeyUpdateRequest::UPDATE_REQUESTED => true,
            _ => {
                return Err(Error::protocol(
                    AlertDescription::ILLEGAL_PARAMETER,
                    "KeyUpdate request_update is neither 0 nor 1 (RFC 8446 §4.6.3)",
                ))
            }
        };
        self.read = next(&self.read)?;
        // install_read_keys refuses a KeyUpdate that does not end its record (RFC 8446 §5.1).
        common.install_read_keys(
            Level::Application,
            DirectionKeys::Tls13 {
                suite: self.suite,
                secret: &self.read,
            },
        )?;
        if answer {
            self.send_key_update(common, false)?;
        }
        common.emit(Event::KeyUpdated {
            we_updated_too: answer,
        });
        Ok(())
    }

    /// Send a KeyUpdate under the current keys, then switch to the next write secret.
    pub(crate) fn send_key_update(
        &mut self,
        common: &mut dyn HandshakeOutput,
        request_peer: bool,
    ) -> Result<(), Error> {
        let request_update = if request_peer {
            KeyUpdateRequest::UPDATE_REQUESTED
        } else {
            KeyUpdateRequest::UPDATE_NOT_REQUESTED
        };
        common.send_handshake(&encode(&HandshakeMessage::KeyUpdate(KeyUpdate {
            request_update,
        }))?)?;
        self.write = next(&self.write)?;
        common.install_write_keys(
            Level::Application,
            DirectionKeys::Tls13 {
                suite: self.suite,
                secret: &self.write,
            },
        )
    }
}

fn next(secret: &TrafficSecret) -> Result<TrafficSecret, Error> {
    secret.next().map_err(|_| {
        Error::protocol(
            AlertDescription::INTERNAL_ERROR,
            "traffic secret update failed",
        )
    })
}
