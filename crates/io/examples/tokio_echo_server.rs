//! A TLS echo server on tokio: every connection gets back what it sends, until its
//! close_notify, which the server answers with its own.
//!
//! ```text
//! cargo run -p ferrotls-io --features tokio --example tokio_echo_server -- \
//!     [--listen 127.0.0.1:8443] [--cert FILE --key FILE]
//! ```
//!
//! Without `--cert`/`--key` it presents the repository's demo certificate for `localhost`; try
//! it with `openssl s_client -connect 127.0.0.1:8443 -CAfile vectors/certs/ca.pem`.

mod common;

use std::io;
use std::path::Path;
use std::sync::Arc;

use ferrotls_core::ServerConfig;
use ferrotls_io::tokio::{ServerTlsStream, TlsAcceptor};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Echo on one connection until the client's close_notify; returns how many bytes.
pub async fn echo(mut stream: ServerTlsStream<TcpStream>) -> io::Result<u64> {
    let mut buf = vec![0; 16 * 1024];
    let mut echoed = 0;
    loop {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        stream.write_all(&buf[..n]).await?;
        // The client may wait for this answer before it sends more.
        stream.flush().await?;
        echoed += n as u64;
    }
    stream.shutdown().await?;
    Ok(echoed)
}

/// Accept connections on `listener` and serve each in its own task; after `limit` connections
/// (if given), wait for them to finish and return how many bytes each echoed.
pub async fn serve(
    listener: TcpListener,
    config: ServerConfig,
    limit: Option<usize>,
) -> io::Result<Vec<u64>> {
    let acceptor = TlsAcceptor::new(Arc::new(config));
    let mut tasks = Vec::new();
    while limit.is_none_or(|limit| tasks.len() < limit) {
        let (tcp, peer) = listener.accept().await?;
        let acceptor = acceptor.clone();
        tasks.push(tokio::spawn(async move {
            let served = async { echo(acceptor.accept(tcp).await?).await };
            let result = served.await;
            if let Err(e) = &result {
                eprintln!("{peer}: {e}");
            }
            result
        }));
    }
    let mut echoed = Vec::new();
    for task in tasks {
        echoed.push(task.await.map_err(io::Error::other)??);
    }
    Ok(echoed)
}

#[cfg_attr(test, allow(dead_code))]
#[tokio::main]
async fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let listen = common::option(&args, "--listen").unwrap_or("127.0.0.1:8443");
    let config = match (
        common::option(&args, "--cert"),
        common::option(&args, "--key"),
    ) {
        (Some(cert), Some(key)) => common::server_config(Path::new(cert), Path::new(key))?,
        _ => common::demo_server_config(),
    };
    let listener = TcpListener::bind(listen).await?;
    println!("listening on {}", listener.local_addr()?);
    serve(listener, config, None).await.map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_core::pki_types::ServerName;
    use ferrotls_io::tokio::TlsConnector;

    #[tokio::test]
    async fn clients_get_their_bytes_back_and_a_close_notify() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(serve(listener, common::demo_server_config(), Some(3)));
        let connector = TlsConnector::new(Arc::new(common::demo_client_config()));
        for size in [1usize, 1000, 300_000] {
            let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let tcp = TcpStream::connect(addr).await.unwrap();
            let name = ServerName::try_from("localhost").unwrap();
            let mut tls = connector.connect(name, tcp).await.unwrap();
            // Written and read at once: the echo of a large write comes back while it is sent.
            let (mut r, mut w) = tokio::io::split(tls);
            let writer = tokio::spawn(async move {
                w.write_all(&data).await.unwrap();
                w.shutdown().await.unwrap();
                (w, data)
            });
            let mut back = Vec::new();
            r.read_to_end(&mut back)
                .await
                .expect("the echo, then close_notify");
            let (w, data) = writer.await.unwrap();
            assert!(back == data, "{size} bytes echoed");
            tls = r.unsplit(w);
            assert!(tls.conn().peer_closed());
        }
        assert_eq!(server.await.unwrap().unwrap(), [1, 1000, 300_000]);
    }
}
