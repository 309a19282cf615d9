//! The client's resumption entry points: a stream that offers a stored session, and 0-RTT.

use std::io::{self, Read, Write};
use std::sync::Arc;

use ferrotls_core::client::ClientHandshake;
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{ApiError, ClientConfig, ClientConnection, ResumptionData};

use super::Stream;
use crate::error::api_to_io_error;

impl<S: Read + Write> Stream<ClientHandshake, S> {
    /// A client stream that offers the stored session `data` to `server_name`
    /// ([`ClientConnection::resume`]). If the server declines it, the handshake completes in
    /// full: [`is_resumed`](ferrotls_core::Connection::is_resumed) says which happened, and a `ResumptionDeclined` event
    /// says why the client thinks so.
    pub fn resume(
        config: Arc<ClientConfig>,
        server_name: ServerName<'static>,
        data: ResumptionData,
        sock: S,
    ) -> Result<Self, ApiError> {
        let conn = ClientConnection::resume(config, server_name, data, UnixTime::now())?;
        Ok(Self::new(conn, sock))
    }

    /// Send `data` as 0-RTT early data (RFC 8446 §4.2.10) right behind the ClientHello: call it
    /// before anything else drives the handshake. All of `data` is taken, the connection's
    /// send buffer (`Limits::max_send_buffer`) being written to the socket whenever it is full;
    /// more than the ticket's max_early_data_size in total is refused whole
    /// (`EarlyDataTooLarge`): send it normally after the handshake. Returns how much was taken
    /// (less than `data` only with a `max_send_buffer` of 0). Whether the server accepted it
    /// arrives as `EarlyDataAccepted` or `EarlyDataRejected { data, .. }` among the
    /// [`events`](Self::events); rejected data is not resent by the stream, since only the
    /// application knows whether it still makes sense.
    pub fn send_early_data(&mut self, data: &[u8]) -> io::Result<usize> {
        let mut taken = 0;
        loop {
            let rest = data.get(taken..).unwrap_or_default();
            let n = self
                .driver
                .conn
                .send_early_data(rest)
                .map_err(api_to_io_error)?;
            taken += n;
            // Nothing taken with nothing queued to free room: no room will come.
            let stalled = n == 0 && !self.driver.conn.wants_write();
            self.flush_tls()?;
            if taken >= data.len() || stalled {
                return Ok(taken);
            }
        }
    }
}
