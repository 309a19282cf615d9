//! `ferrotls server`: accept connections, one thread each, and answer lines (echo or HTTP).
//! 0-RTT data is printed apart (`early-data: ...`) and then answered like the lines after it.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use ferrotls_core::server::ServerHandshake;
use ferrotls_core::{Event, ServerConfig, ServerConnection};
use ferrotls_io::Stream;

use crate::export::Exports;
use crate::handshake_line::{handshake_line, negotiated_fields};
use crate::options::ServerOptions;
use crate::responder::{reply, Reply};
use crate::{configs, logger, stats};

/// After answering a GET and sending close_notify, how long to wait for the client's own
/// close_notify: closing with unread data would reset the TCP connection and could destroy the
/// response before the client reads it.
const LINGER: Duration = Duration::from_secs(5);

/// Serve until `--max-connections` connections have been served (or forever).
pub(crate) fn run(opts: &ServerOptions) -> Result<(), String> {
    logger::install();
    let setup = configs::server_config(opts)?;
    stats::watch(setup.counters, opts.stats_every.map(Duration::from_secs))?;
    let config = Arc::new(setup.config);
    let listener = TcpListener::bind(opts.listen)
        .map_err(|e| format!("cannot listen on {}: {e}", opts.listen))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    print_line(&format!("listening on {local}"));
    let exports = Arc::new(Exports {
        keying: opts.exports.clone(),
        early: opts.early_exports.clone(),
    });
    let mut workers = Vec::new();
    let mut accepted = 0usize;
    while opts.max_connections.is_none_or(|max| accepted < max) {
        let (tcp, peer) = match listener.accept() {
            Ok(conn) => conn,
            Err(e) => {
                eprintln!("accept failed: {e}");
                continue;
            }
        };
        accepted += 1;
        let config = Arc::clone(&config);
        let exports = Arc::clone(&exports);
        let worker = thread::spawn(move || {
            if let Err(e) = serve(config, tcp, &exports) {
                eprintln!("connection from {peer}: {e}");
            }
        });
        // Without a limit the server runs until killed; there is nothing to join.
        if opts.max_connections.is_some() {
            workers.push(worker);
        }
    }
    for worker in workers {
        let _ = worker.join();
    }
    Ok(())
}

/// Print one line to stdout and flush it, so a test reading the pipe sees it at once.
pub(crate) fn print_line(line: &str) {
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn serve(config: Arc<ServerConfig>, tcp: TcpStream, exports: &Exports) -> io::Result<()> {
    let conn = ServerConnection::new(config).map_err(io::Error::other)?;
    let mut stream = Stream::new(conn, tcp);
    let served = converse(&mut stream, exports);
    if served.is_err() {
        // What the handshake decided before it failed: a 0-RTT flight replayed by someone
        // without the client's keys never completes, and its rejection is the news.
        print_session_events(&mut stream);
        // Our fatal alert, if we sent one, must reach the client before the socket closes.
        let _ = stream.linger_after_alert();
    }
    served
}

/// `resumption declined: REASON`, `early data accepted`, `early data rejected: REASON`, for
/// the session events queued so far.
fn print_session_events(stream: &mut Stream<ServerHandshake, TcpStream>) {
    for event in stream.events() {
        match event {
            Event::ResumptionDeclined { reason } => {
                print_line(&format!("resumption declined: {reason}"));
            }
            Event::EarlyDataAccepted => print_line("early data accepted"),
            Event::EarlyDataRejected { reason, .. } => {
                print_line(&format!("early data rejected: {reason}"));
            }
            _ => {}
        }
    }
}

/// The handshake, `--export`'s and `--export-early`'s keying material, and the lines after it,
/// until either side closes.
fn converse(stream: &mut Stream<ServerHandshake, TcpStream>, exports: &Exports) -> io::Result<()> {
    stream.complete_handshake()?;
    print_line(&handshake_line(stream.conn().info()));
    exports
        .report(stream.conn(), print_line, |notice| eprintln!("{notice}"))
        .map_err(io::Error::other)?;
    // Early data arrived during the handshake; it starts the input, like data sent after it.
    let mut pending = Vec::new();
    print_session_events(stream);
    let mut chunk = [0; 4096];
    loop {
        let n = stream.read_early_data(&mut chunk)?;
        if n == 0 {
            break;
        }
        pending.extend_from_slice(&chunk[..n]);
    }
    if !pending.is_empty() {
        print_line(&early_data_line(&pending));
    }
    let fields = negotiated_fields(stream.conn().info());
    let mut buf = vec![0; 16 * 1024];
    loop {
        while let Some(end) = pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = pending.drain(..=end).collect();
            match reply(&line, &fields) {
                Reply::Echo(bytes) => stream.write_all(&bytes)?,
                Reply::Http(response) => {
                    stream.write_all(&response)?;
                    stream.close()?;
                    return linger(stream);
                }
            }
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            // The client's close_notify: an unfinished last line is echoed too, then ours.
            if !pending.is_empty() {
                stream.write_all(&pending)?;
            }
            return stream.close();
        }
        pending.extend_from_slice(&buf[..n]);
    }
}

/// `early-data: TEXT`, with TEXT's line ends and other control characters escaped so the
/// report stays one line.
pub(crate) fn early_data_line(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    format!("early-data: {}", text.escape_debug())
}

/// Read and drop whatever the client still sends until its close_notify, its end or `LINGER`.
fn linger(stream: &mut Stream<ServerHandshake, TcpStream>) -> io::Result<()> {
    stream.sock_mut().set_read_timeout(Some(LINGER))?;
    let mut sink = [0; 4096];
    // Whatever ends the wait ends the connection; the response is already out.
    while let Ok(1..) = stream.read(&mut sink) {}
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn early_data_is_reported_on_one_line() {
        assert_eq!(early_data_line(b"hello\n"), "early-data: hello\\n");
        assert_eq!(early_data_line(b"a\tb\xff"), "early-data: a\\tb\u{fffd}");
    }
}
