//! Many TLS connections in one thread, on `mio`: an echo server that drives each connection's
//! sans-IO `Connection` by hand from readiness events, with bounded memory per connection.
//!
//! ```text
//! cargo run -p ferrotls-io --example mio_echo_server -- [--listen 127.0.0.1:8443]
//! ```
//!
//! Each connection keeps its received bytes and the connection itself; nothing else. The echo
//! takes from the connection only as much plaintext as its send buffer has room for, and the
//! socket is read only while the connection consumes, so a client that sends without reading
//! its echo is slowed down by TCP, not buffered here.

mod common;

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::sync::Arc;

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{ServerConfig, ServerConnection};
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};

const LISTENER: Token = Token(usize::MAX);
/// One transport read: a maximum-size TLS record with its header and expansion.
const READ_CHUNK: usize = 16_384 + 256 + 5;
/// Received bytes a connection may hold while its unread data is at its limit: a little more
/// than one of the largest records (TLS 1.2's 2^14 + 2048).
const MAX_RECEIVED: usize = 2 * READ_CHUNK + 2048;

/// One client.
#[derive(Debug)]
struct Client {
    sock: TcpStream,
    conn: ServerConnection,
    received: Vec<u8>,
    /// The transport ended (we saw end of stream, or sent ours after the close).
    done: bool,
}

impl Client {
    /// Do everything the connection and the socket allow now; `Ok(true)` when the connection
    /// is over (both close_notifys exchanged and sent).
    fn drive(&mut self, scratch: &mut [u8]) -> io::Result<bool> {
        loop {
            let mut progress = self.echo(scratch)?;
            progress |= self.flush()?;
            progress |= self.receive()?;
            if self.conn.peer_closed() && self.conn.readable() == 0 {
                // Everything echoed: answer the close_notify, and end once it is sent.
                self.conn.close();
                self.flush()?;
                if self.conn.pending_tls().is_empty() {
                    let _ = self.sock.shutdown(std::net::Shutdown::Write);
                    return Ok(true);
                }
            }
            if let Some(e) = self.conn.failure().cloned() {
                // The alert, if any, goes out before the connection is dropped.
                self.flush()?;
                return Err(io::Error::new(io::ErrorKind::InvalidData, e));
            }
            if !progress {
                return Ok(self.done);
            }
        }
    }

    /// Move the peer's data back into the send buffer, as much as it has room for.
    fn echo(&mut self, scratch: &mut [u8]) -> io::Result<bool> {
        let mut moved = false;
        loop {
            let room = self.conn.send_capacity().min(scratch.len());
            if room == 0 {
                return Ok(moved);
            }
            let n = self
                .conn
                .read(&mut scratch[..room])
                .map_err(io::Error::other)?;
            if n == 0 {
                return Ok(moved);
            }
            let taken = self.conn.send(&scratch[..n]).map_err(io::Error::other)?;
            assert_eq!(taken, n, "send_capacity said there was room");
            moved = true;
        }
    }

    /// Hand the socket what the connection has queued, until it would block.
    fn flush(&mut self) -> io::Result<bool> {
        let mut sent = false;
        while !self.conn.pending_tls().is_empty() {
            match self.sock.write(self.conn.pending_tls()) {
                Ok(n) => {
                    self.conn.consume_tls(n);
                    sent = true;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(sent)
    }

    /// Give the connection what it has not consumed yet, else read the socket once (unless the
    /// connection's unread data holds the input back).
    fn receive(&mut self) -> io::Result<bool> {
        if self.process()? > 0 {
            return Ok(true);
        }
        if self.done || self.received.len() >= MAX_RECEIVED {
            return Ok(false);
        }
        let old = self.received.len();
        self.received.resize(old + READ_CHUNK, 0);
        let read = self.sock.read(&mut self.received[old..]);
        let n = match read {
            Ok(n) => n,
            Err(e) => {
                self.received.truncate(old);
                return match e.kind() {
                    io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted => Ok(false),
                    _ => Err(e),
                };
            }
        };
        self.received.truncate(old + n);
        if n == 0 {
            self.done = true;
            // A truncation unless the client closed first (RFC 9846 §6.1).
            self.conn
                .handle_eof()
                .map_err(|e| io::Error::new(io::ErrorKind::UnexpectedEof, e))?;
            return Ok(true);
        }
        self.process()?;
        Ok(true)
    }

    fn process(&mut self) -> io::Result<usize> {
        if self.received.is_empty() {
            return Ok(0);
        }
        let used = self
            .conn
            .handle_tls(&mut self.received, UnixTime::now())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        self.received.drain(..used);
        // This server needs no events: data is pulled with `read`, the close seen in
        // `peer_closed`.
        while self.conn.poll_event().is_some() {}
        Ok(used)
    }
}

/// What a run of the server saw.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Served {
    /// Connections that ended with both close_notifys.
    pub closed: usize,
    /// Connections that ended with an error.
    pub failed: usize,
    /// The most connections open at once.
    pub most_open: usize,
}

/// Serve on `listener` in this thread until `limit` connections have ended (forever without).
pub fn serve(
    mut listener: TcpListener,
    config: ServerConfig,
    limit: Option<usize>,
) -> io::Result<Served> {
    let config = Arc::new(config);
    let mut poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let mut events = Events::with_capacity(256);
    let mut clients: HashMap<Token, Client> = HashMap::new();
    let mut next = 0usize;
    let mut served = Served::default();
    let mut scratch = vec![0; 16 * 1024];
    while limit.is_none_or(|limit| served.closed + served.failed < limit) {
        poll.poll(&mut events, None)?;
        for event in &events {
            if event.token() == LISTENER {
                loop {
                    let (mut sock, _) = match listener.accept() {
                        Ok(accepted) => accepted,
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                        Err(e) => return Err(e),
                    };
                    let token = Token(next);
                    next += 1;
                    poll.registry().register(
                        &mut sock,
                        token,
                        Interest::READABLE | Interest::WRITABLE,
                    )?;
                    let conn =
                        ServerConnection::new(Arc::clone(&config)).map_err(io::Error::other)?;
                    let client = Client {
                        sock,
                        conn,
                        received: Vec::new(),
                        done: false,
                    };
                    clients.insert(token, client);
                    served.most_open = served.most_open.max(clients.len());
                }
                continue;
            }
            let Some(client) = clients.get_mut(&event.token()) else {
                continue;
            };
            // Readiness is edge-triggered: drive until nothing more can happen now.
            let outcome = client.drive(&mut scratch);
            if !matches!(outcome, Ok(false)) {
                let mut client = clients.remove(&event.token()).expect("present");
                poll.registry().deregister(&mut client.sock)?;
                match outcome {
                    Ok(_) => served.closed += 1,
                    Err(e) => {
                        eprintln!("connection {}: {e}", event.token().0);
                        served.failed += 1;
                    }
                }
            }
        }
    }
    Ok(served)
}

#[cfg_attr(test, allow(dead_code))]
fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let listen = common::option(&args, "--listen").unwrap_or("127.0.0.1:8443");
    let listener = TcpListener::bind(listen.parse().map_err(io::Error::other)?)?;
    println!("listening on {}", listener.local_addr()?);
    let served = serve(listener, common::demo_server_config(), None)?;
    println!("{served:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_core::pki_types::ServerName;
    use ferrotls_io::tokio::TlsConnector;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const CLIENTS: usize = 40;
    const EACH: usize = 100_000;

    /// All clients connected at once (each holds its connection until every one has its echo),
    /// each sending more than the server's send buffer in one go.
    #[test]
    fn forty_clients_at_once_in_one_thread() {
        let listener = TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            serve(listener, common::demo_server_config(), Some(CLIENTS))
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let connector = TlsConnector::new(Arc::new(common::demo_client_config()));
            let all_echoed = Arc::new(tokio::sync::Barrier::new(CLIENTS));
            let mut tasks = Vec::new();
            for i in 0..CLIENTS {
                let connector = connector.clone();
                let all_echoed = Arc::clone(&all_echoed);
                tasks.push(tokio::spawn(async move {
                    let data: Vec<u8> = (0..EACH).map(|k| (k * 7 + i) as u8).collect();
                    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
                    let name = ServerName::try_from("localhost").unwrap();
                    let tls = connector.connect(name, tcp).await.unwrap();
                    let (mut r, mut w) = tokio::io::split(tls);
                    let sent = data.clone();
                    let writer = tokio::spawn(async move {
                        w.write_all(&sent).await.unwrap();
                        w.flush().await.unwrap();
                        w
                    });
                    let mut back = vec![0; EACH];
                    r.read_exact(&mut back).await.unwrap();
                    assert!(back == data, "client {i}: the echo differs");
                    all_echoed.wait().await;
                    let mut w = writer.await.unwrap();
                    w.shutdown().await.unwrap();
                    let mut rest = Vec::new();
                    r.read_to_end(&mut rest).await.expect("close_notify");
                    assert!(rest.is_empty());
                }));
            }
            for task in tasks {
                task.await.unwrap();
            }
        });
        let served = server.join().unwrap().unwrap();
        assert_eq!(
            served,
            Served {
                closed: CLIENTS,
                failed: 0,
                most_open: CLIENTS
            }
        );
    }
}
