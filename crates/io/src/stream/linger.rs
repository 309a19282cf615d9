//! Getting our fatal alert to the peer. Closing a TCP socket while the peer's input is still
//! unread makes the kernel send a reset, and a reset can destroy the alert before the peer reads
//! it. So after a failure we flush the alert, end our sending direction (the peer sees the alert,
//! then the end of the stream) and read and drop what the peer still sends, within bounds,
//! before the transport is closed.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use ferrotls_core::conn::Handshake;

use super::Stream;

/// How long a failed stream waits for the peer to close after our fatal alert.
pub const DRAIN_TIME: Duration = Duration::from_secs(2);
/// How much of the peer's input a failed stream reads and drops while it waits.
pub const DRAIN_BYTES: usize = 256 * 1024;

/// A transport whose sending direction can be ended on its own, and whose reads can be bounded
/// in time: what [`Stream::linger_after_alert`] needs.
pub trait HalfClose {
    /// End the sending direction (TCP: a FIN after the data sent).
    fn shutdown_write(&self) -> io::Result<()>;
    /// Bound each later read to `timeout`.
    fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()>;
    /// Bound each later write to `timeout`.
    fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()>;
}

impl HalfClose for TcpStream {
    fn shutdown_write(&self) -> io::Result<()> {
        self.shutdown(Shutdown::Write)
    }

    fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        TcpStream::set_read_timeout(self, timeout)
    }

    fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        TcpStream::set_write_timeout(self, timeout)
    }
}

impl<H: Handshake, S: Read + Write + HalfClose> Stream<H, S> {
    /// After the connection failed with a fatal alert of ours: send it if it has not gone out,
    /// half-close the transport, and read and drop the peer's input until the peer closes, for
    /// at most [`DRAIN_TIME`] and [`DRAIN_BYTES`]. Call it before dropping the transport when a
    /// call returned a protocol error; without a sent alert it does nothing. Errors are the
    /// transport's; the stream is finished either way.
    pub fn linger_after_alert(&mut self) -> io::Result<()> {
        if self
            .driver
            .conn
            .failure()
            .and_then(|e| e.alert_sent())
            .is_none()
        {
            return Ok(());
        }
        // A peer that reads nothing must not hold us here: the alert's write is bounded too.
        self.sock.set_write_timeout(Some(DRAIN_TIME))?;
        self.flush_tls()?;
        self.sock.shutdown_write()?;
        let deadline = Instant::now() + DRAIN_TIME;
        let mut sink = [0u8; 4096];
        let mut drained = 0usize;
        while drained < DRAIN_BYTES {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            self.sock.set_read_timeout(Some(left))?;
            match self.sock.read(&mut sink) {
                Ok(0) => break,
                Ok(n) => drained += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // A timeout or a reset ends the wait: the alert has had its chance.
                Err(_) => break,
            }
        }
        Ok(())
    }
}
