//! A blocking `Read + Write` stream: a loop over the sans-IO connection and a transport.

use std::io::{self, BufRead, Read, Write};

use ferrotls_core::conn::Handshake;
use ferrotls_core::{Connection, Event};

use crate::driver::{Driver, HandshakeStep, ReadStep};
use crate::error::{api_to_io_error, to_io_error};

/// A TLS connection over a blocking transport, usable as `std::io::Read + Write` and
/// `BufRead`.
///
/// Reading copies the peer's application data straight out of the connection's buffer
/// (`Connection::read`); `Ok(0)` means the peer sent close_notify. `BufRead` lends it there
/// instead (`Connection::received`, `fill_buf` returning empty at close_notify), so `read_line`
/// and `lines` need no `BufReader` and no second buffer; `read` and `fill_buf` may be mixed.
/// Writing takes what the connection's send buffer has room for (`Connection::send`), sends it
/// and returns how much was taken, so a large write is a loop of bounded ones and nothing piles
/// up in memory. A transport that ends without close_notify is an `UnexpectedEof` error (a
/// truncation, RFC 8446 §6.1). Protocol failures are `io::Error`s wrapping the ferrotls [`Error`](ferrotls_core::Error)
/// (see [`tls_error`](crate::tls_error)), returned after the alert went out.
///
/// A transport error (including a read timeout) leaves the stream usable: the call can be
/// retried. After a protocol error over TCP, call
/// [`linger_after_alert`](Self::linger_after_alert) before closing the socket, so that our fatal
/// alert is not destroyed by the reset a close with unread input causes.
#[derive(Debug)]
pub struct Stream<H, S> {
    driver: Driver<H>,
    sock: S,
}

impl<H: Handshake, S: Read + Write> Stream<H, S> {
    /// Drive `conn` over `sock`. Nothing is sent until the first call that needs the transport.
    pub fn new(conn: Connection<H>, sock: S) -> Self {
        Self {
            driver: Driver::new(conn),
            sock,
        }
    }

    /// Exchange handshake messages until the handshake completes (`Ok`) or fails (the error).
    ///
    /// The config's synchronous stores, resolvers and keys answer the handshake's requests at
    /// once. A request the config defers to the application (`ferrotls_core::deferred::Defer`,
    /// an external key) stops the handshake with a `WouldBlock` error: answer
    /// `conn().pending()` with `conn_mut().answer(..)` and call this again.
    pub fn complete_handshake(&mut self) -> io::Result<()> {
        loop {
            self.flush_tls()?;
            match self.driver.handshake_step()? {
                HandshakeStep::Complete => return Ok(()),
                HandshakeStep::Paused => return Err(self.driver.paused_error()),
                HandshakeStep::Receive => self.receive()?,
            }
        }
    }

    /// Send close_notify and flush it. Reading may continue until the peer's close_notify.
    pub fn close(&mut self) -> io::Result<()> {
        self.driver.conn.close();
        self.flush_tls()
    }

    /// Take the events seen so far other than `ApplicationData` (whose data `read` returns):
    /// `HandshakeComplete`, `KeyUpdated`, `PeerClosed`, `Alert`, and the resumption events:
    /// `TicketReceived` (client), `EarlyData` (server: 0-RTT data is waiting for
    /// [`read_early_data`](Self::read_early_data), kept apart from the 1-RTT data `read`
    /// returns because it may be a replay), `EarlyDataAccepted`, `EarlyDataRejected` (client:
    /// the data to send again) and `ResumptionDeclined`.
    pub fn events(&mut self) -> std::collections::vec_deque::Drain<'_, Event> {
        self.driver.events()
    }

    /// Read from the transport until an event for which `wanted` is true is queued; the event
    /// stays queued for [`events`](Self::events). `Ok(false)` if the peer closed first.
    /// Application data arriving meanwhile is kept for `read`.
    ///
    /// This is how a client waits for a TLS 1.3 NewSessionTicket, which comes after the
    /// handshake and carries no application data. Each transport read blocks as long as the
    /// transport lets it: set a read timeout on the socket to bound the wait (its expiry is
    /// returned as the transport's `WouldBlock` / `TimedOut` error, and the stream stays usable).
    pub fn wait_for_event(&mut self, mut wanted: impl FnMut(&Event) -> bool) -> io::Result<bool> {
        loop {
            if self.driver.has_event(&mut wanted) {
                return Ok(true);
            }
            if let Some(e) = self.driver.conn.failure() {
                return Err(to_io_error(e.clone()));
            }
            // The transport's end is an error unless the peer closed first, so this also
            // covers a transport that ended cleanly.
            if self.driver.conn.peer_closed() {
                return Ok(false);
            }
            self.flush_tls()?;
            self.receive()?;
        }
    }

    /// Server: copy accepted 0-RTT data (RFC 8446 §4.2.10) received so far into `buf`; `Ok(0)`
    /// when there is none (now: it arrives with the ClientHello, so once the handshake is
    /// complete, none is left to come). It may be a replay: act on it only if that is safe.
    pub fn read_early_data(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.driver.conn.read_early_data(buf) {
            Ok(n) => Ok(n),
            Err(e) => Err(api_to_io_error(e)),
        }
    }

    /// The connection, for `info()` and the like.
    pub fn conn(&self) -> &Connection<H> {
        &self.driver.conn
    }

    /// The connection, for `update_keys` and the like. Anything it queues is sent on the next
    /// write, flush or read.
    pub fn conn_mut(&mut self) -> &mut Connection<H> {
        &mut self.driver.conn
    }

    /// What the stream holds in memory, for the application's accounting.
    pub fn buffered(&self) -> crate::Buffered {
        self.driver.buffered()
    }

    /// The transport.
    pub fn sock(&self) -> &S {
        &self.sock
    }

    /// The transport, for socket options such as timeouts. Reading or writing it directly
    /// desynchronizes the TLS stream.
    pub fn sock_mut(&mut self) -> &mut S {
        &mut self.sock
    }

    /// Take the stream apart. Received bytes not yet processed are dropped; plaintext not yet
    /// read stays in the connection.
    pub fn into_parts(self) -> (Connection<H>, S) {
        (self.driver.into_conn(), self.sock)
    }

    /// Send everything the connection has queued, straight from its buffer: the transport may
    /// take it in parts (`pending_tls` / `consume_tls`), and nothing is copied.
    fn flush_tls(&mut self) -> io::Result<()> {
        let conn = &mut self.driver.conn;
        if !conn.wants_write() {
            return Ok(());
        }
        loop {
            let pending = conn.pending_tls();
            if pending.is_empty() {
                break;
            }
            match self.sock.write(pending) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "the transport took no bytes",
                    ))
                }
                Ok(n) => conn.consume_tls(n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.sock.flush()
    }

    /// Hand the connection the records already received but not consumed (it leaves them while
    /// its unread plaintext is at its limit). Returns how many bytes it consumed.
    fn process_received(&mut self) -> io::Result<usize> {
        match self.driver.process() {
            Ok(used) => {
                // Post-handshake answers (a KeyUpdate, the client's Finished) go out at once.
                self.flush_tls()?;
                Ok(used)
            }
            Err(e) => Err(self.failed(e)),
        }
    }

    /// The connection failed: send its alert (it matters more to the peer than a transport
    /// error does to us) and return the error.
    fn failed(&mut self, e: ferrotls_core::Error) -> io::Error {
        let _ = self.flush_tls();
        to_io_error(e)
    }

    /// Process what was received already if the connection takes any of it, else one transport
    /// read, handed to the connection. A failed connection's alert is sent before its error is
    /// returned; the transport's end is reported through `handle_eof`.
    fn receive(&mut self) -> io::Result<()> {
        if self.process_received()? > 0 {
            return Ok(());
        }
        if self.driver.conn.pending().is_some() {
            return Err(self.driver.paused_error());
        }
        if self.driver.input_blocked() {
            return Err(Driver::<H>::blocked_error());
        }
        let space = self.driver.read_space();
        let read = loop {
            match self.sock.read(space) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        match read {
            Ok(n) => match self.driver.filled(n) {
                Ok(()) => self.flush_tls(),
                Err(e) => Err(self.failed(e)),
            },
            Err(e) => {
                self.driver.unfilled();
                Err(e)
            }
        }
    }

    /// Drive the connection until application data is unread or the peer's close_notify ended
    /// the stream: the loop under both `read` and `fill_buf`. Data received before a failure
    /// is returned first, then the error.
    fn wait_for_data(&mut self) -> io::Result<()> {
        loop {
            match self.driver.read_step()? {
                ReadStep::Data | ReadStep::End => return Ok(()),
                ReadStep::Receive => {}
            }
            self.flush_tls()?;
            self.receive()?;
        }
    }
}

impl<H: Handshake, S: Read + Write> Read for Stream<H, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        self.wait_for_data()?;
        self.driver.read(buf)
    }
}

/// The data lent where the connection decrypted it (`Connection::received`), without the copy
/// `read` makes; an empty slice is the peer's close_notify. Consuming frees room for the input
/// exactly as reading does.
impl<H: Handshake, S: Read + Write> BufRead for Stream<H, S> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.wait_for_data()?;
        self.driver.received()
    }

    fn consume(&mut self, amt: usize) {
        self.driver.consume(amt);
    }
}

impl<H: Handshake, S: Read + Write> Write for Stream<H, S> {
    /// Completes the handshake first if needed, so a write never waits in the connection for a
    /// read that nobody makes.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.driver.conn.is_handshaking() {
            self.complete_handshake()?;
        }
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let taken = self.driver.conn.send(buf).map_err(api_to_io_error)?;
            // Sent at once, so the next write finds the buffer empty again.
            self.flush_tls()?;
            if taken > 0 {
                return Ok(taken);
            }
            if self.driver.conn.send_capacity() == 0 {
                // Still no room with nothing queued: a send buffer limit of zero.
                return Err(io::Error::other("the connection's send buffer has no room"));
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.flush_tls()?;
        self.sock.flush()
    }
}

mod linger;
mod resume;

pub use linger::{HalfClose, DRAIN_BYTES, DRAIN_TIME};
#[cfg(test)]
mod tests;
