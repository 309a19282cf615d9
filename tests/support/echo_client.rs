//! One blocking client connection through ferrotls-io's `Stream`: the handshake, one echoed
//! line, close_notify. For tests that count many handshakes against a server that echoes
//! (the CLI server, or a test's own).

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{ClientConfig, ClientConnection};
use ferrotls_io::Stream;

use crate::certs;
use crate::interop::TIMEOUT;

/// Connect to `addr` as a client of [`certs::SERVER_NAME`], send `ping`, expect it back, close.
/// Returns whether the session was resumed.
pub fn echo_handshake(config: &Arc<ClientConfig>, addr: SocketAddr) -> Result<bool, String> {
    let tcp = TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| e.to_string())?;
    tcp.set_read_timeout(Some(TIMEOUT))
        .map_err(|e| e.to_string())?;
    let name = ServerName::try_from(certs::SERVER_NAME)
        .map_err(|e| e.to_string())?
        .to_owned();
    let conn = ClientConnection::new(Arc::clone(config), name, UnixTime::now())
        .map_err(|e| e.to_string())?;
    let mut stream = Stream::new(conn, tcp);
    stream.complete_handshake().map_err(|e| e.to_string())?;
    let resumed = stream.conn().info().resumed;
    stream.write_all(b"ping\n").map_err(|e| e.to_string())?;
    let mut line = String::new();
    BufReader::new(&mut stream)
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    if line != "ping\n" {
        return Err(format!("echo {line:?}"));
    }
    stream.close().map_err(|e| e.to_string())?;
    Ok(resumed)
}
