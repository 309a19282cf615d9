//! `ferrotls client`: connect, print the handshake, send the input, print the replies.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::ClientConnection;
use ferrotls_io::Stream;

use crate::configs;
use crate::handshake_line::handshake_line;
use crate::options::ClientOptions;

/// How often the loop looks at the input while waiting for the server: the stream is driven
/// from one thread, so reading it blocks only this long.
const POLL: Duration = Duration::from_millis(50);
/// How long to wait for the server's close_notify after sending ours.
const CLOSE_WAIT: Duration = Duration::from_secs(10);

pub(crate) fn run(opts: &ClientOptions) -> Result<(), String> {
    let config = Arc::new(configs::client_config(opts)?);
    let name = ServerName::try_from(opts.name_to_verify().to_string()).map_err(|e| {
        format!(
            "{:?} is not a valid server name: {e}",
            opts.name_to_verify()
        )
    })?;
    let tcp = TcpStream::connect(&opts.address)
        .map_err(|e| format!("cannot connect to {}: {e}", opts.address))?;
    // Bounds the handshake only: `exchange` sets its own timeouts afterwards.
    tcp.set_read_timeout(Some(opts.handshake_timeout))
        .and_then(|()| tcp.set_write_timeout(Some(opts.handshake_timeout)))
        .map_err(|e| format!("cannot set socket timeouts: {e}"))?;
    let conn = ClientConnection::new(config, name, UnixTime::now())
        .map_err(|e| format!("cannot start the handshake: {e}"))?;
    let mut stream = Stream::new(conn, tcp);
    stream.complete_handshake().map_err(|e| match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => format!(
            "handshake failed: no answer from the server within {} s",
            opts.handshake_timeout.as_secs()
        ),
        _ => format!("handshake failed: {e}"),
    })?;
    stream
        .sock_mut()
        .set_write_timeout(None)
        .map_err(|e| format!("cannot reset the socket timeout: {e}"))?;
    println!("{}", handshake_line(stream.conn().info()));
    let input = match &opts.send {
        Some(text) => text_input(text),
        None => stdin_input(),
    };
    exchange(&mut stream, &input).map_err(|e| format!("connection failed: {e}"))
}

/// `--send TEXT` as the whole input, ending in a newline so a line-based server answers it.
fn text_input(text: &str) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    let mut bytes = text.as_bytes().to_vec();
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    // The receiver is alive: it is returned below.
    let _ = tx.send(bytes);
    rx
}

/// Standard input, read on its own thread; the channel closes at its end.
fn stdin_input() -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut stdin = io::stdin().lock();
        let mut buf = vec![0; 16 * 1024];
        while let Ok(n @ 1..) = stdin.read(&mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    rx
}

/// Send the input, then close_notify; print what arrives until the server's close_notify.
fn exchange<H, S>(stream: &mut Stream<H, S>, input: &Receiver<Vec<u8>>) -> io::Result<()>
where
    H: ferrotls_core::conn::Handshake,
    S: Read + Write + ReadTimeout,
{
    stream.sock_mut().set_poll_timeout(POLL)?;
    let mut closed_at: Option<Instant> = None;
    let mut buf = vec![0; 16 * 1024];
    let mut out = io::stdout();
    loop {
        if closed_at.is_none() {
            loop {
                match input.try_recv() {
                    Ok(data) => stream.write_all(&data)?,
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        stream.close()?;
                        closed_at = Some(Instant::now());
                        break;
                    }
                }
            }
        }
        match stream.read(&mut buf) {
            Ok(0) => {
                // The server closed first: answer, then we are done.
                return stream.close();
            }
            Ok(n) => {
                out.write_all(&buf[..n])?;
                out.flush()?;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if closed_at.is_some_and(|at| at.elapsed() > CLOSE_WAIT) {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the server did not answer close_notify",
                    ));
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// A transport whose reads can be bounded in time.
trait ReadTimeout {
    fn set_poll_timeout(&mut self, timeout: Duration) -> io::Result<()>;
}

impl ReadTimeout for TcpStream {
    fn set_poll_timeout(&mut self, timeout: Duration) -> io::Result<()> {
        self.set_read_timeout(Some(timeout))
    }
}
