//! What every driver does the same way, whatever its I/O model: the bytes received but not yet
//! consumed, the events kept for the application, and the next step the transport must take.
//!
//! A driver (the blocking [`Stream`](crate::Stream), the tokio `TlsStream`) owns a transport and
//! a [`Driver`]. It asks the driver what to do next ([`Driver::handshake_step`],
//! [`Driver::read_step`]), performs the transport operation in its own way (a blocking call, a
//! poll), and hands the result back ([`Driver::read_space`] / [`Driver::filled`],
//! `pending_tls` / `consume_tls`). No driver makes a protocol decision of its own.

use std::collections::VecDeque;
use std::io;

use ferrotls_core::conn::Handshake;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{Connection, Error, Event};

use crate::error::{api_to_io_error, to_io_error};

/// How much the receive buffer grows by per transport read: one maximum-size TLS record
/// (2^14 plaintext + 256 expansion + 5 header) so a record usually arrives in one read.
pub(crate) const READ_CHUNK: usize = 16_384 + 256 + 5;

/// The largest record of either version (TLS 1.2 allows 2^14 + 2048 bytes of ciphertext,
/// RFC 5246 §6.2.3): a buffer this long holds at least one complete record.
const MAX_RECORD: usize = 16_384 + 2048 + 5;

/// The next thing the handshake needs from the transport.
#[derive(Debug)]
pub(crate) enum HandshakeStep {
    /// The handshake is complete (send what is queued, then return).
    Complete,
    /// The handshake waits for the application's answer to `Connection::pending`
    /// (`ferrotls_core::deferred`); the connection takes no input until it comes.
    Paused,
    /// More of the peer's input is needed.
    Receive,
}

/// What a read of application data found.
#[derive(Debug)]
pub(crate) enum ReadStep {
    /// Application data is unread: [`Driver::received`] lends it, [`Driver::read`] copies it.
    Data,
    /// The peer sent close_notify: the end of the stream.
    End,
    /// Nothing to return yet: send what is queued and receive.
    Receive,
}

/// What a stream holds in memory for one connection, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Buffered {
    /// Received TLS bytes not yet opened (an incomplete record, or records waiting while the
    /// unread data is at its limit).
    pub received: usize,
    /// Decrypted data the application has not read.
    pub unread: usize,
    /// Records sealed and not yet taken by the transport (plus data waiting for the handshake).
    pub to_send: usize,
}

impl Buffered {
    /// All of it.
    pub fn total(&self) -> usize {
        self.received + self.unread + self.to_send
    }
}

/// The connection with the bytes and events a driver keeps beside it.
#[derive(Debug)]
pub(crate) struct Driver<H> {
    pub(crate) conn: Connection<H>,
    /// Received TLS bytes the connection has not consumed yet: an incomplete record, or
    /// records it left for later while its unread plaintext is at its limit.
    received: Vec<u8>,
    /// Every event except the data notifications, for `events`.
    events: VecDeque<Event>,
}

impl<H: Handshake> Driver<H> {
    pub(crate) fn new(conn: Connection<H>) -> Self {
        Self {
            conn,
            received: Vec::new(),
            events: VecDeque::new(),
        }
    }

    /// Where the handshake stands: `Err` once it failed (the alert, if any, is queued) or the
    /// peer closed before it completed.
    pub(crate) fn handshake_step(&self) -> io::Result<HandshakeStep> {
        if let Some(e) = self.conn.failure() {
            return Err(to_io_error(e.clone()));
        }
        if !self.conn.is_handshaking() {
            return Ok(HandshakeStep::Complete);
        }
        if self.conn.pending().is_some() {
            return Ok(HandshakeStep::Paused);
        }
        if self.conn.peer_closed() {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "peer closed the connection during the handshake",
            ));
        }
        Ok(HandshakeStep::Receive)
    }

    /// Whether application data is there to read, or what must happen first. With data
    /// received before a failure, that data comes first and the error after it.
    pub(crate) fn read_step(&self) -> io::Result<ReadStep> {
        if !self.received()?.is_empty() {
            return Ok(ReadStep::Data);
        }
        if self.conn.peer_closed() {
            return Ok(ReadStep::End);
        }
        Ok(ReadStep::Receive)
    }

    /// The unread application data, in place (`Connection::received`): what `BufRead::fill_buf`
    /// returns once [`read_step`](Self::read_step) said `Data` or `End` (then it is empty).
    pub(crate) fn received(&self) -> io::Result<&[u8]> {
        self.conn.received().map_err(api_to_io_error)
    }

    /// Copy unread application data into `buf` (`Connection::read`).
    pub(crate) fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.conn.read(buf).map_err(api_to_io_error)
    }

    /// The first `n` bytes of [`received`](Self::received) were used: they free room for the
    /// input as reading them would.
    pub(crate) fn consume(&mut self, n: usize) {
        self.conn.consume_received(n);
    }

    /// Hand the connection the records already received but not consumed. Returns how many
    /// bytes it consumed: 0 when it needs more input, or holds as much unread data as it may.
    /// On a failure the alert is queued: send it, then return the error.
    pub(crate) fn process(&mut self) -> Result<usize, Error> {
        if self.received.is_empty() {
            return Ok(0);
        }
        let processed = self.conn.handle_tls(&mut self.received, UnixTime::now());
        self.collect_events();
        let used = processed?;
        self.received.drain(..used);
        Ok(used)
    }

    /// Whether reading the transport now could only pile up bytes: after a
    /// [`process`](Self::process) that consumed nothing, a complete record is waiting, so it is
    /// the application's unread data that holds the input back.
    pub(crate) fn input_blocked(&self) -> bool {
        self.conn.readable() > 0 && self.received.len() >= MAX_RECORD
    }

    /// The error for a handshake paused on a request that this driver has no way to answer.
    pub(crate) fn paused_error(&self) -> io::Error {
        let request = self.conn.pending();
        io::Error::new(
            io::ErrorKind::WouldBlock,
            format!(
                "the handshake waits for an answer to {request:?}: give it with \
                 Connection::answer, then drive the handshake again"
            ),
        )
    }

    /// The error for a wait that cannot go on until the application reads.
    pub(crate) fn blocked_error() -> io::Error {
        io::Error::other(
            "unread application data holds the input back: read it before waiting for more",
        )
    }

    /// Room at the end of the receive buffer for one transport read; follow with
    /// [`filled`](Self::filled) or [`unfilled`](Self::unfilled).
    pub(crate) fn read_space(&mut self) -> &mut [u8] {
        let old = self.received.len();
        self.received.resize(old + READ_CHUNK, 0);
        &mut self.received[old..]
    }

    /// The transport read nothing into [`read_space`](Self::read_space) (an error, or not ready).
    pub(crate) fn unfilled(&mut self) {
        self.received.truncate(self.received.len() - READ_CHUNK);
    }

    /// The transport read `n` bytes into [`read_space`](Self::read_space); 0 means it ended,
    /// which is an error unless the peer closed first (a truncation, RFC 9846 §6.1). The bytes
    /// are processed at once.
    pub(crate) fn filled(&mut self, n: usize) -> Result<(), Error> {
        let old = self.received.len() - READ_CHUNK;
        self.received.truncate(old + n);
        if n == 0 {
            return self.conn.handle_eof();
        }
        self.process().map(drop)
    }

    /// Keep every event but the data notifications: the data itself is pulled by `read` (or
    /// lent by `received`).
    fn collect_events(&mut self) {
        while let Some(event) = self.conn.poll_event() {
            if event != Event::ApplicationData {
                self.events.push_back(event);
            }
        }
    }

    /// The events kept so far.
    pub(crate) fn events(&mut self) -> std::collections::vec_deque::Drain<'_, Event> {
        self.events.drain(..)
    }

    /// Take out the kept events for which `wanted` is true, keeping the others in order.
    #[cfg(feature = "tokio")]
    pub(crate) fn take_events(&mut self, mut wanted: impl FnMut(&Event) -> bool) -> Vec<Event> {
        let mut taken = Vec::new();
        self.events.retain(|e| {
            if wanted(e) {
                taken.push(e.clone());
                false
            } else {
                true
            }
        });
        taken
    }

    /// Whether an event for which `wanted` is true is kept.
    pub(crate) fn has_event(&self, wanted: impl FnMut(&Event) -> bool) -> bool {
        self.events.iter().any(wanted)
    }

    /// What the driver and its connection hold, for memory accounting.
    pub(crate) fn buffered(&self) -> Buffered {
        Buffered {
            received: self.received.len(),
            unread: self.conn.readable() + self.conn.early_data_readable(),
            to_send: self.conn.pending_tls().len(),
        }
    }

    pub(crate) fn into_conn(self) -> Connection<H> {
        self.conn
    }
}
