//! `ferrotls server`: accept connections, one thread each, and answer lines (echo or HTTP).

use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use ferrotls_core::{ServerConfig, ServerConnection};
use ferrotls_io::Stream;

use crate::configs;
use crate::handshake_line::{handshake_line, negotiated_fields};
use crate::options::ServerOptions;
use crate::responder::{reply, Reply};

/// After answering a GET and sending close_notify, how long to wait for the client's own
/// close_notify: closing with unread data would reset the TCP connection and could destroy the
/// response before the client reads it.
const LINGER: Duration = Duration::from_secs(5);

/// Serve until `--max-connections` connections have been served (or forever).
pub(crate) fn run(opts: &ServerOptions) -> Result<(), String> {
    let config = Arc::new(configs::server_config(opts)?);
    let listener = TcpListener::bind(opts.listen)
        .map_err(|e| format!("cannot listen on {}: {e}", opts.listen))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    print_line(&format!("listening on {local}"));
    let mut workers = Vec::new();
    let mut accepted = 0usize;
    while opts.max_connections.map_or(true, |max| accepted < max) {
        let (tcp, peer) = match listener.accept() {
            Ok(conn) => conn,
            Err(e) => {
                eprintln!("accept failed: {e}");
                continue;
            }
        };
        accepted += 1;
        let config = Arc::clone(&config);
        let worker = thread::spawn(move || {
            if let Err(e) = serve(config, tcp) {
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
fn print_line(line: &str) {
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn serve(config: Arc<ServerConfig>, tcp: TcpStream) -> io::Result<()> {
    let conn = ServerConnection::new(config).map_err(io::Error::other)?;
    let mut stream = Stream::new(conn, tcp);
    stream.complete_handshake()?;
    print_line(&handshake_line(stream.conn().info()));
    let fields = negotiated_fields(stream.conn().info());
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            // The client's close_notify: answer with ours.
            return reader.get_mut().close();
        }
        match reply(&line, &fields) {
            Reply::Echo(bytes) => reader.get_mut().write_all(&bytes)?,
            Reply::Http(response) => {
                let stream = reader.get_mut();
                stream.write_all(&response)?;
                stream.close()?;
                return linger(stream);
            }
        }
    }
}

/// Read and drop whatever the client still sends until its close_notify, its end or `LINGER`.
fn linger(
    stream: &mut Stream<ferrotls_core::server::ServerHandshake, TcpStream>,
) -> io::Result<()> {
    stream.sock_mut().set_read_timeout(Some(LINGER))?;
    let mut sink = [0; 4096];
    // Whatever ends the wait ends the connection; the response is already out.
    while let Ok(1..) = io::Read::read(stream, &mut sink) {}
    Ok(())
}
