//! `rustls-peer`: one TLS connection with rustls, for the interop tests.
//!
//! ```text
//! rustls-peer client ADDR CA_PEM SERVER_NAME   connect, send "hello from rustls\n", print
//!                                              what comes back until the server closes
//! rustls-peer server CERT_PEM KEY_PEM          listen on 127.0.0.1:0, print "listening on
//!                                              PORT", serve one connection: echo one line
//!                                              prefixed "rustls: ", then close_notify
//! ```
//!
//! Both print, once the handshake is done, `negotiated: version=V suite=S group=G`, with the
//! names rustls's `Debug` gives (`TLSv1_3`, `TLS13_AES_128_GCM_SHA256`, `X25519MLKEM768`).
//! The configuration is rustls's default (aws-lc-rs provider, X25519MLKEM768 first). Errors go
//! to standard error with a non-zero exit.
#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, ServerConfig, ServerConnection};

type Result<T> = std::result::Result<T, String>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["client", addr, ca, name] => client(addr, ca, name),
        ["server", cert, key] => server(cert, key),
        _ => Err("usage: rustls-peer client ADDR CA_PEM NAME | server CERT KEY".into()),
    };
    if let Err(e) = result {
        eprintln!("rustls-peer: {e}");
        std::process::exit(1);
    }
}

fn negotiated(common: &rustls::CommonState) -> String {
    format!(
        "negotiated: version={:?} suite={:?} group={:?}",
        common.protocol_version(),
        common.negotiated_cipher_suite().map(|s| s.suite()),
        common.negotiated_key_exchange_group().map(|g| g.name()),
    )
    .replace("Some(", "")
    .replace(')', "")
}

fn client(addr: &str, ca: &str, name: &str) -> Result<()> {
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca).map_err(|e| format!("{ca}: {e}"))? {
        roots
            .add(cert.map_err(|e| format!("{ca}: {e}"))?)
            .map_err(|e| format!("{ca}: {e}"))?;
    }
    let config = ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = ServerName::try_from(name.to_string()).map_err(|e| e.to_string())?;
    let mut conn = ClientConnection::new(Arc::new(config), name).map_err(|e| e.to_string())?;
    let mut sock = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
    while conn.is_handshaking() {
        conn.complete_io(&mut sock)
            .map_err(|e| format!("handshake: {e}"))?;
    }
    println!("{}", negotiated(&conn));
    let mut tls = rustls::Stream::new(&mut conn, &mut sock);
    tls.write_all(b"hello from rustls\n")
        .map_err(|e| format!("write: {e}"))?;
    tls.conn.send_close_notify();
    tls.flush().map_err(|e| format!("flush: {e}"))?;
    let mut received = Vec::new();
    tls.read_to_end(&mut received)
        .map_err(|e| format!("read: {e}"))?;
    print!("{}", String::from_utf8_lossy(&received));
    Ok(())
}

fn server(cert: &str, key: &str) -> Result<()> {
    let chain = CertificateDer::pem_file_iter(cert)
        .map_err(|e| format!("{cert}: {e}"))?
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| format!("{cert}: {e}"))?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("{key}: {e}"))?;
    let config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| e.to_string())?;
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    println!("listening on {port}");
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    let (mut sock, _) = listener.accept().map_err(|e| e.to_string())?;
    let mut conn = ServerConnection::new(Arc::new(config)).map_err(|e| e.to_string())?;
    while conn.is_handshaking() {
        conn.complete_io(&mut sock)
            .map_err(|e| format!("handshake: {e}"))?;
    }
    println!("{}", negotiated(&conn));
    let mut tls = BufReader::new(rustls::Stream::new(&mut conn, &mut sock));
    let mut line = String::new();
    tls.read_line(&mut line).map_err(|e| format!("read: {e}"))?;
    println!("received: {}", line.trim_end());
    let tls = tls.get_mut();
    tls.write_all(format!("rustls: {line}").as_bytes())
        .map_err(|e| format!("write: {e}"))?;
    tls.conn.send_close_notify();
    tls.flush().map_err(|e| format!("flush: {e}"))?;
    Ok(())
}
