//! The zero-copy sending path: the application writes its data into a buffer of its own, where
//! the record will lie, and the connection seals it there.
//!
//! ```text
//! let layout = conn.send_layout()?;                 // once the handshake is complete
//! let mut record = vec![0; layout.record_len(layout.max_data_len())];
//! let n = produce(&mut record[layout.data_range(len)]);   // the application's bytes, in place
//! let sealed = conn.seal_in_place(&mut record, n)?;
//! transport.write_all(conn.pending_tls())?;          // records sealed before it go first
//! conn.consume_tls(conn.pending_tls().len());
//! transport.write_all(&record[..sealed])?;
//! ```
//!
//! [`Connection::seal_into`] is the same record sealed from the application's own buffer into
//! the record buffer, for data that is already somewhere: the encryption reads it there.
//!
//! The record never enters the connection, so `Limits::max_send_buffer` is not involved: the
//! caller's buffer bounds what is in flight. Records the connection writes itself (a KeyUpdate
//! before the keys wear out, alerts, answers to the peer) go to `pending_tls` as usual, and
//! anything pending once `seal_in_place` returns was sealed before that record, so it is sent
//! first.

use core::ops::Range;

use ferrotls_record::InPlaceLayout;

use super::connection::Connection;
use super::handshake::Handshake;
use crate::error::ApiError;

/// Where application data goes in a record sealed by [`Connection::seal_in_place`], from
/// [`Connection::send_layout`]: [`header_len`](Self::header_len) bytes of room, the data (at
/// most [`max_data_len`](Self::max_data_len) bytes), then room for the rest of the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SendLayout {
    inner: InPlaceLayout,
}

impl SendLayout {
    /// Bytes before the data: the record header (and TLS 1.2 AES-GCM's explicit nonce).
    pub fn header_len(&self) -> usize {
        self.inner.prefix_len
    }

    /// The most data one record carries (2^14 bytes, or less after the peer's
    /// record_size_limit, RFC 8449).
    pub fn max_data_len(&self) -> usize {
        self.inner.max_content_len
    }

    /// The most bytes a record takes after its data (TLS 1.3's inner content type and padding,
    /// the AEAD tag).
    pub fn trailer_len(&self) -> usize {
        self.inner.max_suffix_len
    }

    /// The buffer a record of `data_len` bytes of data needs: header, data and trailer.
    pub fn record_len(&self, data_len: usize) -> usize {
        self.header_len() + data_len + self.trailer_len()
    }

    /// Where `data_len` bytes of data go in the record buffer.
    pub fn data_range(&self, data_len: usize) -> Range<usize> {
        self.header_len()..self.header_len() + data_len
    }
}

impl<H: Handshake> Connection<H> {
    /// How to lay out a record for [`seal_in_place`](Self::seal_in_place). Available once the
    /// handshake is complete ([`ApiError::HandshakeNotComplete`] before); fails as `send` does
    /// once the connection is closed or failed. The layout holds for the connection's lifetime
    /// except that a peer's record_size_limit is known only after the handshake.
    pub fn send_layout(&self) -> Result<SendLayout, ApiError> {
        self.common.send_layout().map(|inner| SendLayout { inner })
    }

    /// Seal `len` bytes of application data as one record where they lie, in a buffer of
    /// yours: `record[layout.data_range(len)]` holds the data, and `record` is at least
    /// `layout.record_len(len)` bytes long (see [`send_layout`](Self::send_layout)). Returns the
    /// record's length: send `record[..n]` after everything [`pending_tls`](Self::pending_tls)
    /// holds once this returns (records sealed before it, among them the KeyUpdate this call
    /// queues first when the keys near their usage limit, RFC 9846 §5.5). `Ok(0)` for
    /// `len == 0`: nothing to send.
    ///
    /// No copy and no allocation: the data is encrypted where the application wrote it and the
    /// record never enters the connection's buffer, so `Limits::max_send_buffer` does not apply
    /// (your buffer bounds it). A buffer too short or more data than
    /// [`SendLayout::max_data_len`] is [`ApiError::InvalidArgument`] and leaves the connection
    /// as it was; a sealing failure fails the connection as `send` does.
    ///
    /// ```
    /// use std::io::Write;
    ///
    /// use ferrotls_core::ClientConnection;
    ///
    /// /// Send `message` over `socket`, each record built in `record` and sealed there.
    /// fn send_message(
    ///     conn: &mut ClientConnection,
    ///     socket: &mut impl Write,
    ///     record: &mut Vec<u8>,
    ///     message: &[u8],
    /// ) -> Result<(), Box<dyn std::error::Error>> {
    ///     let layout = conn.send_layout()?;
    ///     for chunk in message.chunks(layout.max_data_len()) {
    ///         record.resize(layout.record_len(chunk.len()), 0);
    ///         // The application's bytes, written where the record will carry them.
    ///         record[layout.data_range(chunk.len())].copy_from_slice(chunk);
    ///         let n = conn.seal_in_place(record, chunk.len())?;
    ///         // Records the connection sealed before this one (if any) go first.
    ///         socket.write_all(conn.pending_tls())?;
    ///         conn.consume_tls(conn.pending_tls().len());
    ///         socket.write_all(&record[..n])?;
    ///     }
    ///     Ok(())
    /// }
    /// ```
    pub fn seal_in_place(&mut self, record: &mut [u8], len: usize) -> Result<usize, ApiError> {
        let result = self.common.seal_in_place(&mut self.hs, record, len);
        if matches!(result, Err(ApiError::Failed(_))) {
            self.report_failure();
        }
        result
    }

    /// Seal `data` as one record into `record`, a buffer of yours laid out as for
    /// [`seal_in_place`](Self::seal_in_place) (at least `layout.record_len(data.len())` bytes;
    /// what `record[layout.data_range(..)]` held does not matter): the data is read from where
    /// it lies by the encryption itself, so for data the application already has in a buffer
    /// of its own there is no copy at all where the provider encrypts from one buffer into
    /// another (aws-lc-rs; RustCrypto under TLS 1.2, whose AEAD API takes TLS 1.3's inner
    /// content type only in the same buffer), and one copy (the one `seal_in_place` asks of
    /// the application) otherwise. Returns the record's length, with the same ordering rule,
    /// limits and errors as `seal_in_place`.
    ///
    /// ```
    /// use std::io::Write;
    ///
    /// use ferrotls_core::ClientConnection;
    ///
    /// /// Send `message` over `socket`, each record sealed from `message` into `record`.
    /// fn send_message(
    ///     conn: &mut ClientConnection,
    ///     socket: &mut impl Write,
    ///     record: &mut Vec<u8>,
    ///     message: &[u8],
    /// ) -> Result<(), Box<dyn std::error::Error>> {
    ///     let layout = conn.send_layout()?;
    ///     record.resize(layout.record_len(layout.max_data_len()), 0);
    ///     for chunk in message.chunks(layout.max_data_len()) {
    ///         let n = conn.seal_into(chunk, record)?;
    ///         socket.write_all(conn.pending_tls())?;
    ///         conn.consume_tls(conn.pending_tls().len());
    ///         socket.write_all(&record[..n])?;
    ///     }
    ///     Ok(())
    /// }
    /// ```
    pub fn seal_into(&mut self, data: &[u8], record: &mut [u8]) -> Result<usize, ApiError> {
        let result = self.common.seal_into(&mut self.hs, data, record);
        if matches!(result, Err(ApiError::Failed(_))) {
            self.report_failure();
        }
        result
    }
}
