//! A blocking `Read + Write` stream: a loop over the sans-IO connection and a transport.

use std::collections::VecDeque;
use std::io::{self, Read, Write};

use ferrotls_core::conn::Handshake;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{Connection, Event};

use crate::error::{api_to_io_error, to_io_error};

/// How much the receive buffer grows by per transport read: one maximum-size TLS record
/// (2^14 plaintext + 256 expansion + 5 header) so a record usually arrives in one read.
const READ_CHUNK: usize = 16_384 + 256 + 5;

/// A TLS connection over a blocking transport, usable as `std::io::Read + Write`.
///
/// Reading returns the peer's application data; `Ok(0)` means the peer sent close_notify. A
/// transport that ends without close_notify is an `UnexpectedEof` error (a truncation, RFC 8446
/// §6.1). Protocol failures are `io::Error`s wrapping the ferrotls [`Error`](ferrotls_core::Error)
/// (see [`tls_error`](crate::tls_error)), returned after the alert went out.
///
/// A transport error (including a read timeout) leaves the stream usable: the call can be
/// retried.
#[derive(Debug)]
pub struct Stream<H, S> {
    conn: Connection<H>,
    sock: S,
    /// Received TLS bytes the connection has not consumed yet (an incomplete record).
    received: Vec<u8>,
    /// Decrypted application data not yet read.
    plaintext: VecDeque<u8>,
    /// Every event except application data, for [`events`](Self::events).
    events: VecDeque<Event>,
    /// Scratch buffer for `write_tls`, kept to avoid an allocation per flush.
    outgoing: Vec<u8>,
}

impl<H: Handshake, S: Read + Write> Stream<H, S> {
    /// Drive `conn` over `sock`. Nothing is sent until the first call that needs the transport.
    pub fn new(conn: Connection<H>, sock: S) -> Self {
        Self {
            conn,
            sock,
            received: Vec::new(),
            plaintext: VecDeque::new(),
            events: VecDeque::new(),
            outgoing: Vec::new(),
        }
    }

    /// Exchange handshake messages until the handshake completes (`Ok`) or fails (the error).
    pub fn complete_handshake(&mut self) -> io::Result<()> {
        loop {
            self.flush_tls()?;
            if let Some(e) = self.conn.failure() {
                return Err(to_io_error(e.clone()));
            }
            if !self.conn.is_handshaking() {
                return Ok(());
            }
            if self.conn.peer_closed() {
                return Err(io::Error::new(
                    io::ErrorKind::ConnectionAborted,
                    "peer closed the connection during the handshake",
                ));
            }
            self.receive()?;
        }
    }

    /// Send close_notify and flush it. Reading may continue until the peer's close_notify.
    pub fn close(&mut self) -> io::Result<()> {
        self.conn.close();
        self.flush_tls()
    }

    /// Take the events seen so far other than application data (which `read` returns):
    /// `HandshakeComplete`, `KeyUpdated`, `PeerClosed`, `Alert`, and the resumption events:
    /// `TicketReceived` (client), `EarlyData` (server: the 0-RTT bytes, kept apart from the
    /// 1-RTT data `read` returns because they may be replays), `EarlyDataAccepted`,
    /// `EarlyDataRejected` (client: the data to send again) and `ResumptionDeclined`.
    pub fn events(&mut self) -> std::collections::vec_deque::Drain<'_, Event> {
        self.events.drain(..)
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
            if self.events.iter().any(&mut wanted) {
                return Ok(true);
            }
            if let Some(e) = self.conn.failure() {
                return Err(to_io_error(e.clone()));
            }
            // The transport's end is an error unless the peer closed first, so this also
            // covers a transport that ended cleanly.
            if self.conn.peer_closed() {
                return Ok(false);
            }
            self.flush_tls()?;
            self.receive()?;
        }
    }

    /// The connection, for `info()` and the like.
    pub fn conn(&self) -> &Connection<H> {
        &self.conn
    }

    /// The connection, for `update_keys` and the like. Anything it queues is sent on the next
    /// write, flush or read.
    pub fn conn_mut(&mut self) -> &mut Connection<H> {
        &mut self.conn
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

    /// Take the stream apart. Received bytes not yet processed and plaintext not yet read are
    /// dropped.
    pub fn into_parts(self) -> (Connection<H>, S) {
        (self.conn, self.sock)
    }

    /// Send everything the connection has queued.
    fn flush_tls(&mut self) -> io::Result<()> {
        if !self.conn.wants_write() {
            return Ok(());
        }
        self.outgoing.clear();
        self.conn.write_tls(&mut self.outgoing);
        let sent = self.sock.write_all(&self.outgoing);
        self.outgoing.clear();
        sent?;
        self.sock.flush()
    }

    /// One transport read, handed to the connection. A failed connection's alert is sent before
    /// its error is returned; the transport's end is reported through `handle_eof`.
    fn receive(&mut self) -> io::Result<()> {
        let old = self.received.len();
        self.received.resize(old + READ_CHUNK, 0);
        let read = loop {
            match self.sock.read(&mut self.received[old..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let n = match read {
            Ok(n) => n,
            Err(e) => {
                self.received.truncate(old);
                return Err(e);
            }
        };
        self.received.truncate(old + n);
        if n == 0 {
            return self.conn.handle_eof().map_err(to_io_error);
        }
        let processed = self.conn.handle_tls(&mut self.received, UnixTime::now());
        self.collect_events();
        match processed {
            Ok(used) => {
                self.received.drain(..used);
                // Post-handshake answers (a KeyUpdate, the client's Finished) go out at once.
                self.flush_tls()
            }
            Err(e) => {
                // The alert matters more to the peer than a transport error does to us.
                let _ = self.flush_tls();
                Err(to_io_error(e))
            }
        }
    }

    fn collect_events(&mut self) {
        while let Some(event) = self.conn.poll_event() {
            match event {
                Event::ApplicationData(data) => self.plaintext.extend(data),
                other => self.events.push_back(other),
            }
        }
    }
}

impl<H: Handshake, S: Read + Write> Read for Stream<H, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if !self.plaintext.is_empty() {
                let n = self.plaintext.read(buf)?;
                return Ok(n);
            }
            if self.conn.peer_closed() {
                return Ok(0);
            }
            if let Some(e) = self.conn.failure() {
                return Err(to_io_error(e.clone()));
            }
            self.flush_tls()?;
            self.receive()?;
        }
    }
}

impl<H: Handshake, S: Read + Write> Write for Stream<H, S> {
    /// Completes the handshake first if needed, so a write never waits in the connection for a
    /// read that nobody makes.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.conn.is_handshaking() {
            self.complete_handshake()?;
        }
        self.conn.send(buf).map_err(api_to_io_error)?;
        self.flush_tls()?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.flush_tls()?;
        self.sock.flush()
    }
}

mod resume;
#[cfg(test)]
mod tests;
