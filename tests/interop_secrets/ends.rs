//! Our two ends, in-process over loopback TCP (so a test can call the connection's API), and
//! the OpenSSL peers they meet.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{
    ClientConfig, ClientConnection, ProtocolVersion, ServerConfig, ServerConnection,
};
use ferrotls_io::Stream;
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::hex;
use ferrotls_tests::interop::{Peer, TIMEOUT};
use ferrotls_tests::interop_peers;

/// The versions every test here runs.
pub(crate) const VERSIONS: [ProtocolVersion; 2] =
    [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];

/// A directory of its own under the system's temporary directory, removed when dropped.
pub(crate) struct Scratch(PathBuf);

impl Scratch {
    pub(crate) fn new(name: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("ferrotls-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        Self(dir)
    }

    pub(crate) fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The openssl switch for `version`.
pub(crate) fn openssl_version(version: ProtocolVersion) -> &'static str {
    if version == ProtocolVersion::TLS1_3 {
        "-tls1_3"
    } else {
        "-tls1_2"
    }
}

fn now() -> UnixTime {
    UnixTime::now()
}

/// A client config of the test PKI offering only `version`.
pub(crate) fn client_config(version: ProtocolVersion) -> ClientConfig {
    let mut config = certs::client_config();
    config.versions = vec![version];
    config
}

/// A server config of the test PKI (ECDSA P-256) accepting only `version`.
pub(crate) fn server_config(version: ProtocolVersion) -> ServerConfig {
    let mut config = certs::server_config(KeyKind::EcdsaP256);
    config.versions = vec![version];
    config
}

/// Our client, connected to `addr` with its handshake complete.
pub(crate) fn our_client(
    config: ClientConfig,
    addr: SocketAddr,
) -> Stream<ferrotls_core::client::ClientHandshake, TcpStream> {
    let sock = TcpStream::connect_timeout(&addr, TIMEOUT)
        .unwrap_or_else(|e| panic!("cannot connect to {addr}: {e}"));
    sock.set_read_timeout(Some(TIMEOUT)).expect("read timeout");
    let name = ServerName::try_from(certs::SERVER_NAME).expect("name");
    let conn = ClientConnection::new(Arc::new(config), name, now()).expect("client starts");
    let mut stream = Stream::new(conn, sock);
    stream
        .complete_handshake()
        .unwrap_or_else(|e| panic!("our client's handshake: {e}"));
    stream
}

/// Our server: one connection on a loopback port, handshaken in a thread that hands the
/// stream to `then` and returns its answer.
pub(crate) fn our_server<T: Send + 'static>(
    config: ServerConfig,
    then: impl FnOnce(&mut Stream<ferrotls_core::server::ServerHandshake, TcpStream>) -> T
        + Send
        + 'static,
) -> (SocketAddr, JoinHandle<Result<T, String>>) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let handle = thread::spawn(move || {
        let (sock, _) = listener.accept().map_err(|e| format!("accept: {e}"))?;
        sock.set_read_timeout(Some(TIMEOUT))
            .map_err(|e| format!("timeout: {e}"))?;
        let conn = ServerConnection::new(Arc::new(config)).map_err(|e| format!("{e}"))?;
        let mut stream = Stream::new(conn, sock);
        stream
            .complete_handshake()
            .map_err(|e| format!("our server's handshake: {e}"))?;
        Ok(then(&mut stream))
    });
    (addr, handle)
}

/// `openssl s_server` for one connection of `version`, with `extra` arguments.
pub(crate) fn openssl_server(
    openssl: &Path,
    version: ProtocolVersion,
    extra: &[&str],
) -> (Peer, SocketAddr) {
    interop_peers::openssl_server(openssl, openssl_version(version), KeyKind::EcdsaP256, extra)
}

/// `openssl s_client` of `version` to `addr`, verifying against ca.pem, with `extra`.
pub(crate) fn openssl_client(
    openssl: &Path,
    version: ProtocolVersion,
    addr: SocketAddr,
    extra: &[&str],
) -> Peer {
    interop_peers::openssl_client(openssl, openssl_version(version), addr, extra)
}

/// The hex after `Keying material: ` in an OpenSSL tool's output (`-keymatexport`), once its
/// line is complete.
pub(crate) fn keying_material(peer: &Peer) -> Result<Vec<u8>, String> {
    const PREFIX: &str = "Keying material: ";
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let out = peer.wait_for_stdout(PREFIX, TIMEOUT)?;
        let line = out
            .split_inclusive('\n')
            .filter(|l| l.ends_with('\n'))
            .find_map(|l| l.trim().strip_prefix(PREFIX));
        if let Some(hex) = line {
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!("not keying material: {hex:?}\n{}", peer.report()));
            }
            return Ok(hex::decode(&hex.to_ascii_lowercase()));
        }
        if Instant::now() > deadline {
            return Err(format!(
                "no complete keying material line\n{}",
                peer.report()
            ));
        }
        thread::sleep(Duration::from_millis(10));
    }
}
