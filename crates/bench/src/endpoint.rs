//! One connection of either library behind one interface, and a client and server driven in
//! memory with each side's calls timed and counted apart.
//!
//! Both libraries are driven the same way: whole flights, TLS bytes copied out of the connection
//! into the driver's buffer (reserved before anything is counted), application data borrowed
//! where each library lends it (the application reads it there, as a parser would); everything
//! the connection hands out is dropped inside its side's span, so every allocation and free of a
//! call is that side's.

use crate::meter::{Cost, Meter};
use crate::run::Setup;

/// One side of a connection.
pub trait Endpoint {
    /// Append the TLS bytes waiting to be sent to `out`.
    fn write_tls(&mut self, out: &mut Wire);
    /// Process all of `input` (whole records), reading any application data where the library
    /// lends it (no copy into a buffer of the driver's: both libraries offer a borrowed read);
    /// returns how many application bytes that was. Panics on a TLS error: a benchmark with a
    /// failing handshake measures nothing.
    fn read_tls(&mut self, input: &mut [u8]) -> usize;
    /// Queue `data` to be sent (sealed by the next `write_tls` at the latest).
    fn send(&mut self, data: &[u8]);
    /// Send `data` and append every TLS byte waiting to be sent to `out`: the bulk path, which
    /// a library may serve with a faster API than `send` then `write_tls`.
    fn send_records(&mut self, data: &[u8], out: &mut Wire) {
        self.send(data);
        self.write_tls(out);
    }
    fn is_handshaking(&self) -> bool;
    fn is_resumed(&self) -> bool;
    /// The negotiated protocol version, cipher suite and group, for the run's sanity check.
    fn describe(&self) -> String;
    /// For a library's own setup to reach its own connection type.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// Room for any flight, and for a bulk record.
const WIRE_CAPACITY: usize = 64 * 1024;

/// The driver's buffer for one direction, as an application's socket buffer: allocated and
/// initialized once, reused for every flight and record (so a record can be sealed straight
/// into it without zero-filling its room first), with how much of it is filled.
#[derive(Debug)]
pub struct Wire {
    buf: Vec<u8>,
    len: usize,
}

impl Wire {
    fn new() -> Self {
        Self {
            buf: vec![0; WIRE_CAPACITY],
            len: 0,
        }
    }

    /// The bytes written so far, for the receiver (which may decrypt them in place).
    pub fn filled(&mut self) -> &mut [u8] {
        &mut self.buf[..self.len]
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn clear(&mut self) {
        self.len = 0;
    }

    /// The room after the filled bytes, to write a record into; [`commit`](Self::commit) then
    /// says how much of it was written.
    pub fn room(&mut self) -> &mut [u8] {
        &mut self.buf[self.len..]
    }

    pub fn commit(&mut self, n: usize) {
        assert!(n <= self.buf.len() - self.len, "past the wire's room");
        self.len += n;
    }

    /// Append `bytes`; the room is sized for any flight and record, more is a driver bug.
    pub fn extend_from_slice(&mut self, bytes: &[u8]) {
        self.room()[..bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }
}

impl std::io::Write for Wire {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = bytes.len().min(self.buf.len() - self.len);
        self.extend_from_slice(&bytes[..n]);
        Ok(n)
    }

    /// All of them, as `Vec<u8>`'s does (rustls hands its queued records over this way).
    fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
        let mut n = 0;
        for buf in bufs {
            n += self.write(buf)?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A client and a server with their costs.
pub struct Pair {
    pub client: Box<dyn Endpoint>,
    pub server: Box<dyn Endpoint>,
    pub client_cost: Cost,
    pub server_cost: Cost,
    /// Handshake bytes that crossed the wire, both ways.
    pub wire_bytes: usize,
    to_server: Wire,
    to_client: Wire,
}

impl std::fmt::Debug for Pair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pair")
            .field("client", &self.client.describe())
            .field("client_cost", &self.client_cost)
            .field("server_cost", &self.server_cost)
            .finish_non_exhaustive()
    }
}

/// The driver's buffers, reserved once so a measured span never allocates on their account.
#[derive(Debug)]
pub struct Buffers {
    to_server: Wire,
    to_client: Wire,
}

impl Default for Buffers {
    fn default() -> Self {
        Self {
            to_server: Wire::new(),
            to_client: Wire::new(),
        }
    }
}

impl Pair {
    /// A new client and server of `setup`, each constructed (and charged) as its side.
    pub fn new(meter: &Meter, buffers: Buffers, setup: &mut dyn Setup) -> Self {
        let mut client_cost = Cost::default();
        let mut server_cost = Cost::default();
        let client = meter.charge(&mut client_cost, || setup.client());
        let server = meter.charge(&mut server_cost, || setup.server());
        Self {
            client,
            server,
            client_cost,
            server_cost,
            wire_bytes: 0,
            to_server: buffers.to_server,
            to_client: buffers.to_client,
        }
    }

    /// Give the buffers back for the next pair.
    pub fn into_parts(self) -> (Box<dyn Endpoint>, Box<dyn Endpoint>, Buffers) {
        (
            self.client,
            self.server,
            Buffers {
                to_server: self.to_server,
                to_client: self.to_client,
            },
        )
    }

    /// Move flights both ways until neither side has anything to say; the handshake must have
    /// completed on both sides.
    pub fn handshake(&mut self, meter: &Meter) {
        loop {
            let up = self.client_to_server(meter);
            let down = self.server_to_client(meter);
            if up == 0 && down == 0 {
                break;
            }
        }
        assert!(
            !self.client.is_handshaking() && !self.server.is_handshaking(),
            "the handshake did not complete"
        );
    }

    fn client_to_server(&mut self, meter: &Meter) -> usize {
        let Self {
            client,
            server,
            to_server,
            ..
        } = self;
        meter.charge(&mut self.client_cost, || client.write_tls(to_server));
        let n = to_server.len();
        if n > 0 {
            meter.charge(&mut self.server_cost, || {
                server.read_tls(to_server.filled())
            });
            to_server.clear();
        }
        self.wire_bytes += n;
        n
    }

    fn server_to_client(&mut self, meter: &Meter) -> usize {
        let Self {
            client,
            server,
            to_client,
            ..
        } = self;
        meter.charge(&mut self.server_cost, || server.write_tls(to_client));
        let n = to_client.len();
        if n > 0 {
            meter.charge(&mut self.client_cost, || {
                client.read_tls(to_client.filled())
            });
            to_client.clear();
        }
        self.wire_bytes += n;
        n
    }

    /// `records` full records from the client to the server and as many back, one at a time;
    /// checks that every byte arrived.
    pub fn bulk(&mut self, meter: &Meter, records: usize, record: &[u8]) {
        for _ in 0..records {
            let Self {
                client,
                server,
                to_server,
                to_client,
                ..
            } = self;
            meter.charge(&mut self.client_cost, || {
                client.send_records(record, to_server);
            });
            let read = meter.charge(&mut self.server_cost, || {
                let n = server.read_tls(to_server.filled());
                server.send_records(record, to_client);
                n
            });
            to_server.clear();
            assert_eq!(read, record.len(), "the server read one record");
            let read = meter.charge(&mut self.client_cost, || {
                client.read_tls(to_client.filled())
            });
            to_client.clear();
            assert_eq!(read, record.len(), "the client read one record");
        }
    }
}
