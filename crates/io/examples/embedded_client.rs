//! A TLS client driven by hand the way a small device would drive it: no `std` networking, no
//! growing buffers for I/O. The transport is a [`Link`] that moves one small frame at a time
//! (a UART, a modem, a radio); the client sends from fixed frames and receives into one fixed
//! array, and the server's data is lent in place where it was decrypted
//! (`Connection::handle_tls_in_place`), then copied into a fixed response array.
//!
//! The client asks the server for small records (record_size_limit, RFC 8449), so its receive
//! array needs room for one small record (and the plaintext ServerHello), not for 16 KiB.
//!
//! ```text
//! cargo run -p ferrotls-io --example embedded_client
//! ```
//!
//! Here the other end of the link is a ferrotls server in the same process (the "host"); on a
//! device, `Link` would be the driver of its serial line and `UnixTime::now()` its real-time
//! clock, and the crypto provider would take its randomness from the device's generator.

mod common;

use std::sync::Arc;

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{
    AppData, ClientConfig, ClientConnection, Error, ServerConfig, ServerConnection,
};

/// Largest frame the link carries.
const FRAME: usize = 256;
/// The record size the client asks the server for (RFC 8449): plaintext bytes per record.
const RECORD_LIMIT: u16 = 512;
/// The receive array: a protected record of RECORD_LIMIT bytes needs about 550, the plaintext
/// ServerHello with a hybrid X25519MLKEM768 key share about 1,200.
const RX: usize = 2048;
/// The response array.
const RESPONSE: usize = 1024;

/// A byte pipe moving at most one frame per call; 0 means nothing moved now.
pub trait Link {
    fn send(&mut self, frame: &[u8]) -> usize;
    fn receive(&mut self, into: &mut [u8]) -> usize;
}

/// Why a fetch failed.
#[derive(Debug)]
pub enum Failure {
    Tls(Error),
    /// A record did not fit the receive array, or the response did not fit its array.
    TooLarge,
    /// The link went quiet before the server closed.
    LinkQuiet,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self::Tls(e)
    }
}

/// What a fetch got.
#[derive(Debug)]
pub struct Fetched {
    pub response: [u8; RESPONSE],
    pub len: usize,
    /// The most bytes the receive array ever held.
    pub rx_peak: usize,
}

/// Send `request` once the handshake is done and collect the response until close_notify.
pub fn fetch(
    config: ClientConfig,
    link: &mut impl Link,
    request: &[u8],
) -> Result<Fetched, Failure> {
    let mut config = config;
    config.limits.record_size_limit = Some(RECORD_LIMIT);
    let name = ServerName::try_from("localhost").expect("a valid name");
    let api = |e| Failure::Tls(Error::unexpected(api_error_text(e)));
    let mut conn = ClientConnection::new(Arc::new(config), name, UnixTime::now()).map_err(api)?;
    let mut frame = [0u8; FRAME];
    let mut rx = [0u8; RX];
    let mut rx_len = 0;
    let mut out = Fetched {
        response: [0; RESPONSE],
        len: 0,
        rx_peak: 0,
    };
    let mut request_sent = false;
    let mut quiet = 0;
    loop {
        send_queued(&mut conn, link, &mut frame);
        if !conn.is_handshaking() && !request_sent {
            // One small request: the send buffer takes all of it.
            let taken = conn.send(request).map_err(api)?;
            assert_eq!(taken, request.len());
            request_sent = true;
            continue;
        }
        if conn.peer_closed() {
            conn.close();
            send_queued(&mut conn, link, &mut frame);
            return Ok(out);
        }
        // In: one frame into the receive array, then every complete record in place.
        if rx_len == RX {
            return Err(Failure::TooLarge);
        }
        let n = link.receive(&mut rx[rx_len..]);
        rx_len += n;
        out.rx_peak = out.rx_peak.max(rx_len);
        quiet = if n == 0 { quiet + 1 } else { 0 };
        if quiet > 2 {
            return Err(Failure::LinkQuiet);
        }
        let mut records = conn.handle_tls_in_place(&mut rx[..rx_len], UnixTime::now());
        let mut failed = None;
        loop {
            match records.next_data() {
                Ok(Some(AppData::Data(bytes))) => {
                    let end = out.len + bytes.len();
                    let Some(space) = out.response.get_mut(out.len..end) else {
                        failed = Some(Failure::TooLarge);
                        break;
                    };
                    space.copy_from_slice(bytes);
                    out.len = end;
                }
                Ok(Some(AppData::EarlyData(_))) => {} // a server's kind only
                Ok(None) => break,
                Err(e) => {
                    failed = Some(Failure::Tls(e));
                    break;
                }
            }
        }
        let used = records.consumed();
        rx.copy_within(used..rx_len, 0);
        rx_len -= used;
        if let Some(failure) = failed {
            // Our alert, if the connection failed, is owed to the peer.
            send_queued(&mut conn, link, &mut frame);
            return Err(failure);
        }
    }
}

/// Hand the link what the connection queued, one frame at a time, until it takes no more.
fn send_queued(conn: &mut ClientConnection, link: &mut impl Link, frame: &mut [u8; FRAME]) {
    while !conn.pending_tls().is_empty() {
        let pending = conn.pending_tls();
        let n = pending.len().min(FRAME);
        frame[..n].copy_from_slice(&pending[..n]);
        let taken = link.send(&frame[..n]);
        if taken == 0 {
            return;
        }
        conn.consume_tls(taken);
    }
}

fn api_error_text(e: ferrotls_core::ApiError) -> &'static str {
    match e {
        ferrotls_core::ApiError::Closed => "closed",
        _ => "the connection refused a call",
    }
}

/// The host at the other end of the link: a ferrotls server answering one request, in frames.
#[derive(Debug)]
pub struct Host {
    conn: ServerConnection,
    from_device: Vec<u8>,
    to_device: Vec<u8>,
    answered: bool,
    /// The largest record the host sent, and the largest protected one (content type 23), in
    /// bytes on the wire.
    pub largest_record: usize,
    pub largest_protected: usize,
}

impl Host {
    pub fn new(config: ServerConfig) -> Self {
        Self {
            conn: ServerConnection::new(Arc::new(config)).expect("a server connection"),
            from_device: Vec::new(),
            to_device: Vec::new(),
            answered: false,
            largest_record: 0,
            largest_protected: 0,
        }
    }

    fn run(&mut self) {
        // A failed host (the device's alert ended it) just stops answering.
        let Ok(used) = self.conn.handle_tls(&mut self.from_device, UnixTime::now()) else {
            return;
        };
        self.from_device.drain(..used);
        let mut request = [0u8; 512];
        let n = self.conn.read(&mut request).unwrap_or(0);
        if n > 0 && !self.answered {
            let body = b"hello, device\n";
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            self.conn.send(head.as_bytes()).unwrap();
            self.conn.send(body).unwrap();
            self.conn.close();
            self.answered = true;
        }
        let start = self.to_device.len();
        self.conn.write_tls(&mut self.to_device);
        // Note each record's size: with record_size_limit they stay small.
        let mut at = start;
        while at + 5 <= self.to_device.len() {
            let len =
                5 + u16::from_be_bytes([self.to_device[at + 3], self.to_device[at + 4]]) as usize;
            self.largest_record = self.largest_record.max(len);
            if self.to_device[at] == 23 {
                self.largest_protected = self.largest_protected.max(len);
            }
            at += len;
        }
    }
}

impl Link for Host {
    fn send(&mut self, frame: &[u8]) -> usize {
        self.from_device.extend_from_slice(frame);
        self.run();
        frame.len()
    }

    fn receive(&mut self, into: &mut [u8]) -> usize {
        self.run();
        let n = self.to_device.len().min(into.len()).min(FRAME);
        into[..n].copy_from_slice(&self.to_device[..n]);
        self.to_device.drain(..n);
        n
    }
}

#[cfg_attr(test, allow(dead_code))]
fn main() {
    let mut host = Host::new(common::demo_server_config());
    let request = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    match fetch(common::demo_client_config(), &mut host, request) {
        Ok(got) => {
            print!("{}", String::from_utf8_lossy(&got.response[..got.len]));
            println!(
                "(receive array peak {} of {RX} bytes; largest record from the host {} bytes, \
                 largest protected one {} bytes)",
                got.rx_peak, host.largest_record, host.largest_protected
            );
        }
        Err(e) => {
            eprintln!("fetch failed: {e:?}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_through_fixed_buffers_and_small_records() {
        let mut host = Host::new(common::demo_server_config());
        let got = fetch(
            common::demo_client_config(),
            &mut host,
            b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
        )
        .expect("the fetch");
        let response = &got.response[..got.len];
        assert!(response.starts_with(b"HTTP/1.1 200 OK\r\n"));
        assert!(response.ends_with(b"\r\n\r\nhello, device\n"));
        assert!(got.rx_peak <= RX);
        // Every protected record within the limit the device asked for (plus the inner content
        // type, the AEAD tag and the header); only the plaintext ServerHello is larger.
        let limit = 5 + RECORD_LIMIT as usize + 1 + 16;
        assert!(
            host.largest_protected > 0 && host.largest_protected <= limit,
            "{} > {limit}",
            host.largest_protected
        );
        assert!(host.largest_record < RX, "{}", host.largest_record);
        assert!(
            host.conn.peer_closed(),
            "the device's close_notify reached the host"
        );
    }

    #[test]
    fn a_server_the_device_does_not_trust_fails_the_fetch() {
        let mut host = Host::new(common::demo_server_config());
        let config = common::client_config(&common::demo_file("client-ca.pem")).unwrap();
        let e = fetch(config, &mut host, b"GET /").unwrap_err();
        assert!(
            matches!(e, Failure::Tls(ref e) if e.alert_sent().is_some()),
            "{e:?}"
        );
        // The alert went over the link: the host failed with it.
        assert!(
            matches!(host.conn.failure(), Some(Error::AlertReceived(_))),
            "{:?}",
            host.conn.failure()
        );
    }
}
