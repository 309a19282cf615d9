//! A tokio TLS echo server whose sessions live in Redis, for a fleet behind a load balancer:
//! TLS 1.2 session IDs and TLS 1.3 stateful tickets are written to Redis, looked up (or taken,
//! single use) there, and 0-RTT flights are checked against the fleet's anti-replay records.
//! The acceptor pauses each handshake at those points and [`AsyncRedisStore`] answers on the
//! runtime, so a Redis round trip never blocks a thread and a slow or absent Redis costs only
//! the handshakes waiting for it (a full handshake, never a failure).
//!
//! ```text
//! redis-server --port 6379 &
//! cargo run -p ferrotls-session-cache --features redis --example tokio_redis_server -- \
//!     [--listen 127.0.0.1:8443] [--redis redis://127.0.0.1:6379/0]
//! ```
//!
//! It presents the repository's test certificate for `localhost`; resume with e.g.
//! `openssl s_client -connect 127.0.0.1:8443 -CAfile vectors/certs/ca.pem -reconnect`.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ferrotls_core::crypto::rustcrypto::default_provider;
use ferrotls_core::deferred::{Answer, Defer, Request, SessionLookup, StoreWrite};
use ferrotls_core::pem;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::ServerConfig;
use ferrotls_io::tokio::{AnswerFuture, Answerer, ServerTlsStream, TlsAcceptor};
use ferrotls_session_cache::redis::{AsyncRedisStore, RedisConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Answers the acceptor's deferred requests from Redis.
#[derive(Debug)]
pub struct RedisAnswerer(pub Arc<AsyncRedisStore>);

impl Answerer for RedisAnswerer {
    fn answer(&self, request: Request) -> AnswerFuture {
        let store = Arc::clone(&self.0);
        Box::pin(async move {
            // The config defers only sessions and 0-RTT checks (see `config`), which the store
            // always answers; anything else would be answered wrongly and fail that accept
            // with an io::Error, not the process.
            store
                .answer(&request, UnixTime::now())
                .await
                .unwrap_or(Answer::Session(SessionLookup::Unavailable))
        })
    }

    fn store(&self, write: StoreWrite) {
        // The handshake does not wait for the write; a failed one is counted by the store.
        let store = Arc::clone(&self.0);
        tokio::spawn(async move { store.store(&write, UnixTime::now()).await });
    }
}

/// A server config presenting `cert`/`key` whose sessions live in Redis: TLS 1.2 session IDs,
/// and TLS 1.3 tickets that are stateful (no ticket sealer) so each is taken once, fleet-wide;
/// 0-RTT up to `max_early_data` bytes, each flight checked against the fleet's records.
pub fn config(cert: &Path, key: &Path, max_early_data: u32) -> io::Result<ServerConfig> {
    let invalid = |e: String| io::Error::new(io::ErrorKind::InvalidData, e);
    let provider = default_provider();
    let chain = pem::load_certs(cert).map_err(|e| invalid(e.to_string()))?;
    let key = pem::load_signing_key(&provider, key).map_err(|e| invalid(e.to_string()))?;
    let mut config = ServerConfig::builder(Arc::new(provider))
        .cert(chain, key)
        .build()
        .map_err(|e| invalid(e.to_string()))?;
    config.ticket_sealer = None;
    config.session_store = None;
    config.tls12_tickets = false;
    config.max_early_data = max_early_data;
    config.defer = Defer {
        sessions: true,
        anti_replay: true,
        ..Defer::default()
    };
    Ok(config)
}

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
        stream.flush().await?;
        echoed += n as u64;
    }
    stream.shutdown().await?;
    Ok(echoed)
}

/// Serve `limit` connections (or forever), each in its own task, answering from `store`.
pub async fn serve(
    listener: TcpListener,
    config: ServerConfig,
    store: Arc<AsyncRedisStore>,
    limit: Option<usize>,
) -> io::Result<()> {
    let acceptor = TlsAcceptor::new(Arc::new(config)).with_answerer(Arc::new(RedisAnswerer(store)));
    let mut tasks = Vec::new();
    while limit.is_none_or(|limit| tasks.len() < limit) {
        let (tcp, peer) = listener.accept().await?;
        let acceptor = acceptor.clone();
        tasks.push(tokio::spawn(async move {
            let result = async { echo(acceptor.accept(tcp).await?).await }.await;
            if let Err(e) = &result {
                eprintln!("{peer}: {e}");
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    Ok(())
}

fn repo_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../vectors/certs")
        .join(name)
}

#[allow(dead_code)] // the tests call `serve` instead
#[tokio::main]
async fn main() -> io::Result<()> {
    let mut listen = String::from("127.0.0.1:8443");
    let mut redis = String::from("redis://127.0.0.1:6379/0");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next();
        match (flag.as_str(), value) {
            ("--listen", Some(v)) => listen = v,
            ("--redis", Some(v)) => redis = v,
            _ => {
                eprintln!(
                    "usage: tokio_redis_server [--listen ADDR] [--redis redis://HOST:PORT/DB]"
                );
                std::process::exit(2);
            }
        }
    }
    let input =
        |e: &dyn std::fmt::Display| io::Error::new(io::ErrorKind::InvalidInput, e.to_string());
    let redis = RedisConfig::from_url(&redis).map_err(|e| input(&e))?;
    let store = Arc::new(AsyncRedisStore::new(redis).map_err(|e| input(&e))?);
    let config = config(
        &repo_file("server-ecdsa-p256.pem"),
        &repo_file("server-ecdsa-p256.key"),
        16384,
    )?;
    let listener = TcpListener::bind(&listen).await?;
    println!("listening on {}", listener.local_addr()?);
    serve(listener, config, store, None).await
}
