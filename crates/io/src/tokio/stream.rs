//! `TlsStream`: `AsyncRead + AsyncWrite` over the sans-IO connection and a tokio transport.

use std::future::poll_fn;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll, Waker};

use ::tokio::io::{AsyncBufRead, AsyncRead, AsyncWrite, ReadBuf};
use ferrotls_core::conn::Handshake;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{Connection, Error, Event};

use super::answerer::Answerer;
use super::wakers::{Side, Wakers};
use crate::driver::{Buffered, Driver, HandshakeStep, ReadStep};
use crate::error::{api_to_io_error, to_io_error};

/// A TLS connection over an asynchronous transport (usually a `tokio::net::TcpStream`),
/// usable as `AsyncRead + AsyncWrite` and `AsyncBufRead`. Made by
/// [`TlsConnector`](super::TlsConnector) and [`TlsAcceptor`](super::TlsAcceptor) once the
/// handshake is complete.
///
/// - **Reading** copies the peer's data out of the connection. The connection stops consuming
///   input while its unread data is at `Limits::max_unread_plaintext`, and the stream reads the
///   transport only when a read finds nothing to return, so a task that stops reading stops
///   the transport too: the peer's sender waits (TCP flow control) and nothing piles up here.
///   `Ok` with nothing read is the peer's close_notify; a transport that ends without one is an
///   `UnexpectedEof` error (a truncation, RFC 9846 §6.1). `AsyncBufRead` lends the data where
///   the connection holds it instead (`Connection::received`; an empty slice at close_notify),
///   so `read_line` and `lines` need no `BufReader`; reads and `poll_fill_buf` may be mixed.
/// - **Writing** takes what the connection's send buffer (`Limits::max_send_buffer`) has room
///   for and starts sending it; a full buffer that the transport does not drain is `Pending`.
///   Flush to make sure everything went out.
/// - **Shutdown** sends close_notify, flushes and shuts the transport's writing direction. The
///   peer's data can still be read until its own close_notify.
/// - **Splitting**: `tokio::io::split` works; both halves progress, since every transport poll
///   wakes the latest reading and the latest writing task.
///
/// Protocol failures are `io::Error`s wrapping the ferrotls [`Error`] (see
/// [`tls_error`](crate::tls_error)), returned after the alert was sent. Dropping the stream
/// without a shutdown sends no close_notify: the peer sees a truncation.
#[derive(Debug)]
pub struct TlsStream<IO, H> {
    io: IO,
    driver: Driver<H>,
    wakers: Arc<Wakers>,
    /// The fan-out waker every transport poll is made with.
    waker: Waker,
}

impl<IO, H: Handshake> TlsStream<IO, H>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    /// Drive `conn` over `io`: the handshake runs on the first read or write (or
    /// [`handshake`](Self::handshake)).
    pub fn new(conn: Connection<H>, io: IO) -> Self {
        let (wakers, waker) = Wakers::new_waker();
        Self {
            io,
            driver: Driver::new(conn),
            wakers,
            waker,
        }
    }

    /// Exchange handshake messages until the handshake completes (`Ok`) or fails. A request
    /// the config defers to the application (`ferrotls_core::deferred`) is a `WouldBlock` error
    /// here: use [`handshake_answering`](Self::handshake_answering) for those.
    pub async fn handshake(&mut self) -> io::Result<()> {
        match self.handshake_step().await? {
            HandshakeStep::Paused => Err(self.driver.paused_error()),
            _ => Ok(()),
        }
    }

    /// Exchange handshake messages until the handshake completes, awaiting `answerer` for each
    /// request the handshake pauses on (a session lookup, a certificate, a signature: see
    /// [`Answerer`]). The transport is not read while an answer is awaited; what the peer sends
    /// meanwhile waits in it. Sessions the handshake makes resumable
    /// (`Event::StoreSession`) are handed to [`Answerer::store`] instead of
    /// [`events`](Self::events).
    pub async fn handshake_answering(&mut self, answerer: &dyn Answerer) -> io::Result<()> {
        loop {
            let step = self.handshake_step().await;
            for event in self
                .driver
                .take_events(|e| matches!(e, Event::StoreSession(_)))
            {
                if let Event::StoreSession(write) = event {
                    answerer.store(*write);
                }
            }
            match step? {
                HandshakeStep::Paused => {
                    // A pause always has its request; were that broken, the task gets an error, not a panic.
                    let request = self.driver.conn.pending().cloned().ok_or_else(|| {
                        io::Error::other("handshake paused without a pending request")
                    })?;
                    let answer = answerer.answer(request).await;
                    self.driver
                        .conn
                        .answer(answer, UnixTime::now())
                        .map_err(api_to_io_error)?;
                }
                _ => return Ok(()),
            }
        }
    }

    /// Drive the handshake until it is complete (and our last flight sent) or paused.
    async fn handshake_step(&mut self) -> io::Result<HandshakeStep> {
        poll_fn(|cx| {
            let waker = self.fan_out(Side::Write, cx);
            self.poll_handshake(&mut Context::from_waker(&waker))
        })
        .await
    }

    /// Send everything the connection has queued (e.g. to make room in its send buffer).
    pub(super) async fn send_tls(&mut self) -> io::Result<()> {
        poll_fn(|cx| {
            let waker = self.fan_out(Side::Write, cx);
            self.poll_send_tls(&mut Context::from_waker(&waker))
        })
        .await
    }

    /// Take the events seen so far other than `ApplicationData` (whose data `read` returns):
    /// `HandshakeComplete`, `KeyUpdated`, `PeerClosed`, `Alert`, and the resumption events:
    /// `TicketReceived` (client), `EarlyData` (server: 0-RTT data waits for
    /// [`read_early_data`](Self::read_early_data)), `EarlyDataAccepted`, `EarlyDataRejected`
    /// (client: the data to send again) and `ResumptionDeclined`.
    pub fn events(&mut self) -> std::collections::vec_deque::Drain<'_, Event> {
        self.driver.events()
    }

    /// Read from the transport until an event for which `wanted` is true is kept; the event
    /// stays for [`events`](Self::events). `Ok(false)` if the peer closed first. Application
    /// data arriving meanwhile is kept for reading, up to the connection's unread limit: a wait
    /// that would need more is an error (read the data first).
    ///
    /// This is how a client waits for a TLS 1.3 NewSessionTicket, which comes after the
    /// handshake and carries no data. Bound the wait with `tokio::time::timeout` if needed.
    pub async fn wait_for_event(
        &mut self,
        mut wanted: impl FnMut(&Event) -> bool,
    ) -> io::Result<bool> {
        poll_fn(|cx| {
            let waker = self.fan_out(Side::Read, cx);
            let cx = &mut Context::from_waker(&waker);
            loop {
                if self.driver.has_event(&mut wanted) {
                    return Poll::Ready(Ok(true));
                }
                if let Some(e) = self.driver.conn.failure() {
                    return Poll::Ready(Err(to_io_error(e.clone())));
                }
                if self.driver.conn.peer_closed() {
                    return Poll::Ready(Ok(false));
                }
                if let Poll::Ready(Err(e)) = self.poll_send_tls(cx) {
                    return Poll::Ready(Err(e));
                }
                ready!(self.poll_receive(cx))?;
            }
        })
        .await
    }

    /// Whether an event for which `wanted` is true is kept.
    pub(super) fn has_event(&self, wanted: impl FnMut(&Event) -> bool) -> bool {
        self.driver.has_event(wanted)
    }

    /// Server: copy accepted 0-RTT data (RFC 9846 §4.3.10) into `buf`; `Ok(0)` when there is
    /// none. It arrives before the handshake completes, so a stream from
    /// [`TlsAcceptor`](super::TlsAcceptor) already holds all of it. It may be a replay: act on
    /// it only if that is safe (RFC 9846 §8).
    pub fn read_early_data(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.driver
            .conn
            .read_early_data(buf)
            .map_err(api_to_io_error)
    }

    /// The connection, for `info()`, `resumption_data()` and the like.
    pub fn conn(&self) -> &Connection<H> {
        &self.driver.conn
    }

    /// The connection, for `update_keys` and the like. Anything it queues is sent on the next
    /// write, flush or read.
    pub fn conn_mut(&mut self) -> &mut Connection<H> {
        &mut self.driver.conn
    }

    /// The transport.
    pub fn get_ref(&self) -> &IO {
        &self.io
    }

    /// The transport. Reading or writing it directly desynchronizes the TLS stream.
    pub fn get_mut(&mut self) -> &mut IO {
        &mut self.io
    }

    /// What the stream holds in memory, for the application's accounting.
    pub fn buffered(&self) -> Buffered {
        self.driver.buffered()
    }

    /// Take the stream apart. Received bytes not yet processed are dropped; plaintext not yet
    /// read stays in the connection.
    pub fn into_parts(self) -> (Connection<H>, IO) {
        (self.driver.into_conn(), self.io)
    }

    /// Advance the handshake: `Complete` once it is and our last flight is sent, `Paused`
    /// when it waits for the application's answer (what is queued is being sent).
    fn poll_handshake(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<HandshakeStep>> {
        loop {
            let sent = self.poll_send_tls(cx)?;
            match self.driver.handshake_step()? {
                HandshakeStep::Complete => return sent.map(|()| Ok(HandshakeStep::Complete)),
                HandshakeStep::Paused => return Poll::Ready(Ok(HandshakeStep::Paused)),
                HandshakeStep::Receive => ready!(self.poll_receive(cx))?,
            }
        }
    }

    /// Send everything the connection has queued, straight from its buffer, and flush the
    /// transport. `Ready(Ok)` once all of it was taken.
    fn poll_send_tls(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if !self.driver.conn.wants_write() {
            return Poll::Ready(Ok(()));
        }
        loop {
            let pending = self.driver.conn.pending_tls();
            if pending.is_empty() {
                break;
            }
            match ready!(Pin::new(&mut self.io).poll_write(cx, pending))? {
                0 => {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "the transport took no bytes",
                    )))
                }
                n => self.driver.conn.consume_tls(n),
            }
        }
        Pin::new(&mut self.io).poll_flush(cx)
    }

    /// Make progress on the input: let the connection take what was received already, else
    /// read the transport once and hand it the bytes.
    fn poll_receive(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.driver.process() {
            Ok(0) => {}
            Ok(_) => return Poll::Ready(Ok(())),
            Err(e) => return Poll::Ready(Err(self.failed(cx, e))),
        }
        if self.driver.conn.pending().is_some() {
            return Poll::Ready(Err(self.driver.paused_error()));
        }
        if self.driver.input_blocked() {
            return Poll::Ready(Err(Driver::<H>::blocked_error()));
        }
        let mut space = ReadBuf::new(self.driver.read_space());
        match Pin::new(&mut self.io).poll_read(cx, &mut space) {
            Poll::Ready(Ok(())) => {
                let n = space.filled().len();
                match self.driver.filled(n) {
                    Ok(()) => Poll::Ready(Ok(())),
                    Err(e) => Poll::Ready(Err(self.failed(cx, e))),
                }
            }
            Poll::Ready(Err(e)) => {
                self.driver.unfilled();
                Poll::Ready(Err(e))
            }
            Poll::Pending => {
                self.driver.unfilled();
                Poll::Pending
            }
        }
    }

    /// Drive the connection until application data is unread or the peer's close_notify ended
    /// the stream: the loop under both `poll_read` and `poll_fill_buf`. Data received before a
    /// failure is returned first, then the error.
    fn poll_wait_for_data(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let waker = self.fan_out(Side::Read, cx);
        let cx = &mut Context::from_waker(&waker);
        loop {
            match self.driver.read_step()? {
                ReadStep::Data | ReadStep::End => return Poll::Ready(Ok(())),
                ReadStep::Receive => {}
            }
            // Handshake flights and answers to post-handshake messages (a KeyUpdate) go out
            // without waiting for the transport to take them.
            if let Poll::Ready(Err(e)) = self.poll_send_tls(cx) {
                return Poll::Ready(Err(e));
            }
            ready!(self.poll_receive(cx))?;
        }
    }

    /// The connection failed: start sending its alert (it matters more to the peer than a
    /// transport error does to us) and return the error.
    fn failed(&mut self, cx: &mut Context<'_>, e: Error) -> io::Error {
        let _ = self.poll_send_tls(cx);
        to_io_error(e)
    }

    /// `cx` for a transport poll on behalf of the `side` task: the fan-out waker.
    fn fan_out(&self, side: Side, cx: &Context<'_>) -> Waker {
        self.wakers.register(side, cx.waker());
        self.waker.clone()
    }
}

// Nothing inside is ever pinned: the stream moves its transport only by `&mut`.
impl<IO: Unpin, H> Unpin for TlsStream<IO, H> {}

impl<IO, H: Handshake> AsyncRead for TlsStream<IO, H>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        ready!(this.poll_wait_for_data(cx))?;
        // Copied from where the connection lent it, into the unfilled part only: a `ReadBuf`
        // that is not yet initialized is not zero-filled first (up to its whole capacity).
        let data = this.driver.received()?;
        let n = data.len().min(buf.remaining());
        buf.put_slice(&data[..n]);
        this.driver.consume(n);
        Poll::Ready(Ok(()))
    }
}

/// The data lent where the connection decrypted it (`Connection::received`), without the copy
/// `poll_read` makes; an empty slice is the peer's close_notify. Consuming frees room for the
/// input exactly as reading does.
impl<IO, H: Handshake> AsyncBufRead for TlsStream<IO, H>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let this = self.get_mut();
        ready!(this.poll_wait_for_data(cx))?;
        Poll::Ready(this.driver.received())
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        self.get_mut().driver.consume(amt);
    }
}

impl<IO, H: Handshake> AsyncWrite for TlsStream<IO, H>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    /// Completes the handshake first if needed, so a write never waits in the connection for a
    /// read that nobody makes.
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let waker = this.fan_out(Side::Write, cx);
        let cx = &mut Context::from_waker(&waker);
        if this.driver.conn.is_handshaking() {
            if let HandshakeStep::Paused = ready!(this.poll_handshake(cx))? {
                return Poll::Ready(Err(this.driver.paused_error()));
            }
        }
        if buf.is_empty() {
            return Poll::Ready(Ok(0));
        }
        loop {
            let taken = this.driver.conn.send(buf).map_err(api_to_io_error)?;
            if taken > 0 {
                // Start sending; what the transport does not take now waits in the bounded
                // send buffer for the next write or flush.
                if let Poll::Ready(Err(e)) = this.poll_send_tls(cx) {
                    return Poll::Ready(Err(e));
                }
                return Poll::Ready(Ok(taken));
            }
            // The send buffer is full: nothing more is taken until the transport drains it.
            ready!(this.poll_send_tls(cx))?;
            if this.driver.conn.send_capacity() == 0 {
                return Poll::Ready(Err(io::Error::other(
                    "the connection's send buffer has no room",
                )));
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let waker = this.fan_out(Side::Write, cx);
        let cx = &mut Context::from_waker(&waker);
        ready!(this.poll_send_tls(cx))?;
        Pin::new(&mut this.io).poll_flush(cx)
    }

    /// Send close_notify (once), flush, and shut down the transport's writing direction.
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let waker = this.fan_out(Side::Write, cx);
        let cx = &mut Context::from_waker(&waker);
        this.driver.conn.close();
        ready!(this.poll_send_tls(cx))?;
        Pin::new(&mut this.io).poll_shutdown(cx)
    }
}
