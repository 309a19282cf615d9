//! `ferrotls client`: connect, print the handshake, send the input, print the replies. With
//! `--resume`, `--session-file` and `--early-data` it also resumes sessions and sends 0-RTT
//! data; every decision about them is the library's, this only moves sessions around.

use std::fs;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use ferrotls_core::client::ClientHandshake;
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::resumption::ResumptionKind;
use ferrotls_core::{ClientConfig, ClientConnection, Event, ResumptionData};
use ferrotls_io::Stream;

use crate::export::Exports;
use crate::handshake_line::handshake_line;
use crate::options::ClientOptions;
use crate::session_file;
use crate::{cert_info, configs};

/// How often the loop looks at the input while waiting for the server: the stream is driven
/// from one thread, so reading it blocks only this long.
const POLL: Duration = Duration::from_millis(50);
/// How long to wait for the server's close_notify after sending ours.
const CLOSE_WAIT: Duration = Duration::from_secs(10);
/// `--resume`: how long to wait for a session after the first handshake. TLS 1.3 servers send
/// their NewSessionTickets right after the client's Finished, so this is generous; a server
/// that sends none costs this much before the second (full) handshake.
const TICKET_WAIT: Duration = Duration::from_secs(5);
/// `--resume`: how long to wait for the server's close_notify on the first connection. The
/// answer does not matter (the session is already ours); waiting for it lets the server finish
/// the connection cleanly, which some servers need to keep the session in their cache.
const FIRST_CLOSE_WAIT: Duration = Duration::from_secs(2);

type ClientStream = Stream<ClientHandshake, TcpStream>;

pub(crate) fn run(opts: &ClientOptions) -> Result<(), String> {
    let mut config = configs::client_config(opts)?;
    let early = match &opts.early_data {
        Some(path) => {
            config.enable_early_data = true;
            fs::read(path)
                .map_err(|e| format!("{}: cannot read early data: {e}", path.display()))?
        }
        None => Vec::new(),
    };
    let config = Arc::new(config);
    let name = ServerName::try_from(opts.name_to_verify().to_string()).map_err(|e| {
        format!(
            "{:?} is not a valid server name: {e}",
            opts.name_to_verify()
        )
    })?;
    let mut sessions = Sessions::new(opts.session_file.clone());
    let mut offer = sessions.load(&name);
    if opts.resume {
        let (mut first, _) = connect(opts, &config, &name, offer.take(), &[])?;
        println!("{}", handshake_line(first.conn().info()));
        let mut ignored = Vec::new();
        sessions.take_events(&mut first, &mut ignored);
        wait_for_session(&mut first, &mut sessions)?;
        close_first(&mut first, &mut sessions);
        offer = sessions.latest.take();
        if offer.is_none() {
            eprintln!(
                "ferrotls: the server sent no session within {} s; the second connection is a \
                 full handshake",
                TICKET_WAIT.as_secs()
            );
        }
    }
    let (mut stream, early_sent) = connect(opts, &config, &name, offer, &early)?;
    stream
        .sock_mut()
        .set_write_timeout(None)
        .map_err(|e| format!("cannot reset the socket timeout: {e}"))?;
    println!("{}", handshake_line(stream.conn().info()));
    if opts.showcerts {
        print!(
            "{}",
            cert_info::show_chain(&stream.conn().info().peer_certificates)
        );
    }
    let exports = Exports {
        keying: opts.exports.clone(),
        early: opts.early_exports.clone(),
    };
    exports.report(
        stream.conn(),
        |line| println!("{line}"),
        |notice| eprintln!("ferrotls: {notice}"),
    )?;
    // 0-RTT data the server refused comes back in an event; it goes first, then whatever did
    // not fit in 0-RTT (or was never sent as 0-RTT), then the input.
    let mut after_handshake = Vec::new();
    sessions.take_events(&mut stream, &mut after_handshake);
    after_handshake.extend_from_slice(&early[early_sent..]);
    let input = match &opts.send {
        Some(text) => text_input(text),
        None => stdin_input(),
    };
    let at_end = if opts.ign_eof {
        InputEnd::WaitForServer
    } else {
        InputEnd::Close
    };
    exchange(&mut stream, &after_handshake, &input, at_end, &mut sessions)
        .map_err(|e| format!("connection failed: {e}"))
}

/// Where sessions go: the newest one for `--resume`, and every one into `--session-file`.
#[derive(Debug)]
struct Sessions {
    file: Option<PathBuf>,
    latest: Option<ResumptionData>,
}

impl Sessions {
    fn new(file: Option<PathBuf>) -> Self {
        Self { file, latest: None }
    }

    /// The session in `--session-file`, if there is a usable one; a bad file is reported and
    /// then ignored: it is no reason not to connect.
    fn load(&self, name: &ServerName<'_>) -> Option<ResumptionData> {
        let path = self.file.as_ref()?;
        let sni = session_file::sni_of(name);
        match session_file::load(path, sni.as_deref(), UnixTime::now()) {
            Ok(data) => data,
            Err(message) => {
                eprintln!("ferrotls: {message}; ignoring it (full handshake)");
                None
            }
        }
    }

    /// Act on the stream's queued events: store sessions, collect refused early data into
    /// `resend`, and say why an offered session was not resumed.
    fn take_events(&mut self, stream: &mut ClientStream, resend: &mut Vec<u8>) {
        let events: Vec<Event> = stream.events().collect();
        for event in events {
            match event {
                Event::TicketReceived(data) => self.store(data),
                Event::EarlyDataRejected { data, reason } => {
                    eprintln!(
                        "ferrotls: the server refused the early data ({reason}); sending it \
                         after the handshake"
                    );
                    resend.extend_from_slice(&data);
                }
                Event::ResumptionDeclined { reason } => {
                    eprintln!("ferrotls: the session was not resumed: {reason}");
                }
                _ => {}
            }
        }
    }

    fn store(&mut self, data: ResumptionData) {
        let kind = match data.kind() {
            ResumptionKind::Tls13Ticket => "TLS 1.3 ticket",
            ResumptionKind::Tls12Ticket => "TLS 1.2 ticket",
            ResumptionKind::Tls12SessionId => "TLS 1.2 session ID",
        };
        eprintln!("ferrotls: session received ({kind})");
        if let Some(path) = &self.file {
            if let Err(e) = session_file::save(path, &data) {
                eprintln!(
                    "ferrotls: cannot write the session to {}: {e}",
                    path.display()
                );
            }
        }
        self.latest = Some(data);
    }
}

/// Connect and complete a handshake, offering `offer` if given, with `early` as 0-RTT data if
/// the session allows it. Returns the stream and how much of `early` went as 0-RTT.
fn connect(
    opts: &ClientOptions,
    config: &Arc<ClientConfig>,
    name: &ServerName<'static>,
    offer: Option<ResumptionData>,
    early: &[u8],
) -> Result<(ClientStream, usize), String> {
    let early_limit = offer
        .as_ref()
        .map_or(0, |data| early_data_limit(config, data));
    let conn = client_connection(config, name, offer)?;
    let tcp = opts.target.connect(opts.connect_timeout)?;
    // Bounds the handshake only: `exchange` sets its own timeouts afterwards.
    tcp.set_read_timeout(Some(opts.handshake_timeout))
        .and_then(|()| tcp.set_write_timeout(Some(opts.handshake_timeout)))
        .map_err(|e| format!("cannot set socket timeouts: {e}"))?;
    let mut stream = Stream::new(conn, tcp);
    let mut early_sent = 0;
    if !early.is_empty() {
        if early_limit == 0 {
            eprintln!(
                "ferrotls: no session that allows early data; sending it after the handshake"
            );
        } else {
            let part = &early[..early.len().min(early_limit)];
            match stream.send_early_data(part) {
                Ok(n) => early_sent = n,
                Err(e) => eprintln!(
                    "ferrotls: early data not sent as 0-RTT ({e}); sending it after the handshake"
                ),
            }
        }
    }
    let handshake = stream.complete_handshake();
    if handshake.is_err() {
        // Our fatal alert, if we sent one, must reach the server before the socket closes.
        let _ = stream.linger_after_alert();
    }
    handshake.map_err(|e| match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => format!(
            "handshake failed: no answer from the server within {} s",
            opts.handshake_timeout.as_secs()
        ),
        _ => format!("handshake failed: {e}"),
    })?;
    Ok((stream, early_sent))
}

/// How much 0-RTT data `data` lets us send: a TLS 1.3 ticket's max_early_data_size, when the
/// config enables early data at all.
fn early_data_limit(config: &ClientConfig, data: &ResumptionData) -> usize {
    if !config.enable_early_data || data.kind() != ResumptionKind::Tls13Ticket {
        return 0;
    }
    usize::try_from(data.max_early_data_size()).unwrap_or(usize::MAX)
}

/// A connection offering `offer`, or a plain one when there is none or the library will not
/// offer it (it says why; the user gets a full handshake, not an error).
fn client_connection(
    config: &Arc<ClientConfig>,
    name: &ServerName<'static>,
    offer: Option<ResumptionData>,
) -> Result<ClientConnection, String> {
    let now = UnixTime::now();
    if let Some(data) = offer {
        match ClientConnection::resume(Arc::clone(config), name.clone(), data, now) {
            Ok(conn) => return Ok(conn),
            Err(e) => eprintln!("ferrotls: cannot offer the stored session ({e}); full handshake"),
        }
    }
    ClientConnection::new(Arc::clone(config), name.clone(), now)
        .map_err(|e| format!("cannot start the handshake: {e}"))
}

/// `--resume`, first connection: read until a session arrives (TLS 1.2 has one at the end of
/// the handshake; TLS 1.3 tickets come after it), at most `TICKET_WAIT`.
fn wait_for_session(stream: &mut ClientStream, sessions: &mut Sessions) -> Result<(), String> {
    if sessions.latest.is_some() {
        return Ok(());
    }
    stream
        .sock_mut()
        .set_read_timeout(Some(TICKET_WAIT))
        .map_err(|e| format!("cannot set the socket timeout: {e}"))?;
    let waited = stream.wait_for_event(|e| matches!(e, Event::TicketReceived(_)));
    let mut ignored = Vec::new();
    sessions.take_events(stream, &mut ignored);
    match waited {
        Ok(_) => Ok(()),
        Err(e) if is_timeout(&e) => Ok(()),
        Err(e) => Err(format!(
            "connection failed while waiting for a session ticket: {e}"
        )),
    }
}

/// `--resume`, first connection: close_notify, then a short wait for the server's. Failures
/// only get a note: the session is already stored.
fn close_first(stream: &mut ClientStream, sessions: &mut Sessions) {
    let closed = stream
        .close()
        .and_then(|()| stream.sock_mut().set_read_timeout(Some(FIRST_CLOSE_WAIT)));
    if let Err(e) = closed {
        eprintln!("ferrotls: closing the first connection: {e}");
        return;
    }
    let deadline = Instant::now() + FIRST_CLOSE_WAIT;
    let mut sink = [0; 4096];
    while Instant::now() < deadline {
        match stream.read(&mut sink) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if is_timeout(&e) => break,
            Err(e) => {
                eprintln!("ferrotls: closing the first connection: {e}");
                break;
            }
        }
    }
    let mut ignored = Vec::new();
    sessions.take_events(stream, &mut ignored);
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
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

/// What the client does when its input ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InputEnd {
    /// Send close_notify at once, then read until the server's (at most `CLOSE_WAIT`). The
    /// default: a server that answers after reading everything gets its answer out, but
    /// some TLS 1.2 servers drop a reply that is still pending when close_notify arrives.
    Close,
    /// `--ign-eof` (as `openssl s_client -ign_eof`): send nothing more and keep reading until
    /// the server closes; then answer its close_notify.
    WaitForServer,
}

/// Send `first`, then the input, then (unless `at_end` says to wait) close_notify; print what
/// arrives until the server's close_notify. Sessions arriving meanwhile are stored.
fn exchange(
    stream: &mut ClientStream,
    first: &[u8],
    input: &Receiver<Vec<u8>>,
    at_end: InputEnd,
    sessions: &mut Sessions,
) -> io::Result<()> {
    stream.sock_mut().set_read_timeout(Some(POLL))?;
    if !first.is_empty() {
        stream.write_all(first)?;
    }
    let mut closed_at: Option<Instant> = None;
    let mut input_ended = false;
    let mut buf = vec![0; 16 * 1024];
    let mut out = io::stdout();
    // Early data is settled at the end of the handshake: nothing more to resend.
    let mut no_resend = Vec::new();
    loop {
        if !input_ended {
            loop {
                match input.try_recv() {
                    Ok(data) => stream.write_all(&data)?,
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        input_ended = true;
                        if at_end == InputEnd::Close {
                            stream.close()?;
                            closed_at = Some(Instant::now());
                        }
                        break;
                    }
                }
            }
        }
        let read = stream.read(&mut buf);
        sessions.take_events(stream, &mut no_resend);
        match read {
            Ok(0) => {
                // The server closed first: answer, then we are done.
                return stream.close();
            }
            Ok(n) => {
                out.write_all(&buf[..n])?;
                out.flush()?;
            }
            Err(e) if is_timeout(&e) => {
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
