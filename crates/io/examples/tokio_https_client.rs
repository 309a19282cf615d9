//! An HTTPS GET on tokio: connect, send the request, read the response until the server's
//! close_notify (a connection cut short is an error, not a short page), close.
//!
//! ```text
//! cargo run -p ferrotls-io --features tokio --example tokio_https_client -- \
//!     HOST[:PORT] [--path /] [--cafile FILE] [--connect ADDR]
//! ```
//!
//! `--cafile` defaults to the system bundle (`/etc/ssl/certs/ca-certificates.crt`); `--connect`
//! overrides the address the name resolves to. Against a local test server:
//!
//! ```text
//! openssl s_server -www -accept 127.0.0.1:8443 -cert vectors/certs/server-ecdsa-p256.pem \
//!     -key vectors/certs/server-ecdsa-p256.key &
//! cargo run -p ferrotls-io --features tokio --example tokio_https_client -- \
//!     localhost:8443 --connect 127.0.0.1:8443 --cafile vectors/certs/ca.pem
//! ```

mod common;

use std::io;
use std::path::Path;
use std::sync::Arc;

use ferrotls_core::pki_types::ServerName;
use ferrotls_core::ClientConfig;
use ferrotls_io::tokio::TlsConnector;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// GET `path` from `host` over a TCP connection to `addr`; returns the whole response.
pub async fn get(config: ClientConfig, host: &str, addr: &str, path: &str) -> io::Result<Vec<u8>> {
    let name = ServerName::try_from(host.to_string())
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let tcp = TcpStream::connect(addr).await?;
    let mut tls = TlsConnector::new(Arc::new(config))
        .connect(name, tcp)
        .await?;
    let info = tls.conn().info();
    eprintln!("connected: {:?}, {:?}", info.version, info.group);
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nAccept: */*\r\n\r\n");
    tls.write_all(request.as_bytes()).await?;
    tls.flush().await?;
    let mut response = Vec::new();
    tls.read_to_end(&mut response).await?;
    tls.shutdown().await?;
    Ok(response)
}

#[cfg_attr(test, allow(dead_code))]
#[tokio::main]
async fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(target) = args.first().filter(|a| !a.starts_with("--")) else {
        eprintln!(
            "usage: tokio_https_client HOST[:PORT] [--path /] [--cafile FILE] [--connect ADDR]"
        );
        std::process::exit(2);
    };
    let (host, port) = match target.rsplit_once(':') {
        Some((host, port)) => (host, port),
        None => (target.as_str(), "443"),
    };
    let addr = common::option(&args, "--connect")
        .map(str::to_string)
        .unwrap_or_else(|| format!("{host}:{port}"));
    let cafile = common::option(&args, "--cafile").unwrap_or("/etc/ssl/certs/ca-certificates.crt");
    let path = common::option(&args, "--path").unwrap_or("/");
    let config = common::client_config(Path::new(cafile))?;
    let response = get(config, host, &addr, path).await?;
    print!("{}", String::from_utf8_lossy(&response));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_io::tokio::TlsAcceptor;
    use tokio::io::AsyncBufReadExt;

    /// A one-page HTTPS server for one connection: reads the request head, answers, closes.
    /// The stream is `AsyncBufRead` itself: its lines are read where it decrypted them.
    async fn one_page(listener: tokio::net::TcpListener) -> String {
        let acceptor = TlsAcceptor::new(Arc::new(common::demo_server_config()));
        let (tcp, _) = listener.accept().await.unwrap();
        let mut tls = acceptor.accept(tcp).await.unwrap();
        let mut head = String::new();
        while !head.ends_with("\r\n\r\n") {
            assert!(tls.read_line(&mut head).await.unwrap() > 0, "{head}");
        }
        tls.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello\n")
            .await
            .unwrap();
        tls.shutdown().await.unwrap();
        head
    }

    #[tokio::test]
    async fn gets_a_page_until_close_notify() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let server = tokio::spawn(one_page(listener));
        let response = get(
            common::demo_client_config(),
            "localhost",
            &addr,
            "/index.html",
        )
        .await
        .unwrap();
        assert!(response.starts_with(b"HTTP/1.1 200 OK\r\n"));
        assert!(response.ends_with(b"\r\n\r\nhello\n"));
        let head = server.await.unwrap();
        assert!(
            head.starts_with("GET /index.html HTTP/1.1\r\nHost: localhost\r\n"),
            "{head}"
        );
    }

    #[tokio::test]
    async fn a_server_it_does_not_trust_is_an_error() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let server = tokio::spawn(async move {
            let acceptor = TlsAcceptor::new(Arc::new(common::demo_server_config()));
            let (tcp, _) = listener.accept().await.unwrap();
            acceptor.accept(tcp).await.map(drop)
        });
        // The client CA did not issue the server's certificate.
        let config = common::client_config(&common::demo_file("client-ca.pem")).unwrap();
        let e = get(config, "localhost", &addr, "/").await.unwrap_err();
        assert!(ferrotls_io::tls_error(&e).is_some(), "{e}");
        assert!(server.await.unwrap().is_err());
    }
}
