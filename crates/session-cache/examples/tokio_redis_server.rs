//! A tokio TLS echo server for a fleet behind a load balancer: every server started with the
//! same Redis URL (and the same ticket secret file) resumes the sessions any of them made.
//!
//! - TLS 1.2 session IDs live in Redis (`GET`, so a session ID resumes on any server, many
//!   times, until it expires).
//! - TLS 1.3 tickets are either stateful, their states in Redis and taken once fleet-wide
//!   (`GETDEL`), or, with `--ticket-secret FILE`, sealed under keys every server derives from
//!   that file (`TicketKeyRing::from_secret_file`): no Redis round trip to resume.
//! - 0-RTT flights are checked against anti-replay records in Redis (`SET NX`), so a flight
//!   accepted by one server is refused by all the others (RFC 9846 §8).
//!
//! The config defers those lookups and checks (`Defer::sessions`, `Defer::anti_replay`): the
//! acceptor pauses each handshake at them and awaits [`RedisAnswerer`], so a Redis round trip
//! never blocks a runtime thread. An unreachable or slow Redis costs only the handshakes that
//! wait for it, each at most the store's command timeout, and never fails one: the session is
//! not resumed, or the 0-RTT data is refused and sent again by the client after the handshake.
//!
//! ```text
//! redis-server --port 6379 --save '' &
//! head -c 32 /dev/urandom > ticket.secret     # copy it to every server; keep it like a key
//! cargo run -p ferrotls-session-cache --features redis --example tokio_redis_server -- \
//!     --redis redis://127.0.0.1:6379/0 --listen 127.0.0.1:8443 \
//!     --cert vectors/certs/server-ecdsa-p256.pem --key vectors/certs/server-ecdsa-p256.key \
//!     --ticket-secret ticket.secret
//! openssl s_client -connect 127.0.0.1:8443 -CAfile vectors/certs/ca.pem -reconnect
//! ```
//!
//! It prints `listening on ADDR`, then one line per handshake (`PEER version=.. resumed=..
//! early_data=.. hits=..`, with the store's counters) and echoes what the client sends, 0-RTT
//! data first. `tests/tokio_redis_example.rs` runs two of them against a real `redis-server`.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ferrotls_core::crypto::rustcrypto::default_provider;
use ferrotls_core::deferred::{Answer, Defer, Request, SessionLookup, StoreWrite};
use ferrotls_core::pem;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{Event, ServerConfig};
use ferrotls_io::tokio::{AnswerFuture, Answerer, ServerTlsStream, TlsAcceptor};
use ferrotls_session_cache::redis::{AsyncRedisStore, RedisConfig};
use ferrotls_session_cache::{Counters, Rotation, TicketKeyRing};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// What the command line chose.
struct Options {
    redis: String,
    listen: String,
    cert: PathBuf,
    key: PathBuf,
    ticket_secret: Option<PathBuf>,
    max_early_data: u32,
}

const USAGE: &str = "usage: tokio_redis_server --redis redis://HOST:PORT[/DB] --listen ADDR \
                     --cert CHAIN.pem --key KEY.pem [--ticket-secret FILE] [--max-early-data N]";

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let (mut redis, mut listen, mut cert, mut key) = (None, None, None, None);
        let mut ticket_secret = None;
        let mut max_early_data = 16 * 1024;
        while let Some(flag) = args.next() {
            let value = args.next().ok_or(format!("{flag} needs a value"))?;
            match flag.as_str() {
                "--redis" => redis = Some(value),
                "--listen" => listen = Some(value),
                "--cert" => cert = Some(PathBuf::from(value)),
                "--key" => key = Some(PathBuf::from(value)),
                "--ticket-secret" => ticket_secret = Some(PathBuf::from(value)),
                "--max-early-data" => {
                    max_early_data = value.parse().map_err(|e| format!("{flag}: {e}"))?;
                }
                _ => return Err(format!("unknown option {flag}")),
            }
        }
        let missing = |name: &str| format!("{name} is required");
        Ok(Self {
            redis: redis.ok_or_else(|| missing("--redis"))?,
            listen: listen.ok_or_else(|| missing("--listen"))?,
            cert: cert.ok_or_else(|| missing("--cert"))?,
            key: key.ok_or_else(|| missing("--key"))?,
            ticket_secret,
            max_early_data,
        })
    }
}

/// Answers the acceptor's deferred requests from Redis, and writes the sessions handshakes
/// make resumable there.
struct RedisAnswerer(Arc<AsyncRedisStore>);

impl Answerer for RedisAnswerer {
    fn answer(&self, request: Request) -> AnswerFuture {
        let store = Arc::clone(&self.0);
        Box::pin(async move {
            // The config defers only session lookups and 0-RTT checks, which the store always
            // answers (`Unavailable` when Redis is not there). Another request would be a
            // mistake in `config`; its answer of the wrong kind fails that one accept.
            let answer = store.answer(&request, UnixTime::now()).await;
            answer.unwrap_or(Answer::Session(SessionLookup::Unavailable))
        })
    }

    fn store(&self, write: StoreWrite) {
        // The handshake does not wait for the write: a client that reconnects within the
        // round trip may miss it (a full handshake); a failed write is counted by the store.
        let store = Arc::clone(&self.0);
        tokio::spawn(async move { store.store(&write, UnixTime::now()).await });
    }
}

/// The server's config: `cert`/`key`, session lookups and 0-RTT checks deferred to the
/// application (Redis), TLS 1.3 tickets sealed by `ring` or, without one, stateful.
fn config(
    cert: &Path,
    key: &Path,
    ring: Option<TicketKeyRing>,
    max_early_data: u32,
) -> Result<ServerConfig, Error> {
    let provider = Arc::new(default_provider());
    let chain = pem::load_certs(cert)?;
    let key = pem::load_signing_key(&provider, key)?;
    let mut config = ServerConfig::builder(provider).cert(chain, key).build()?;
    // No sealer: a TLS 1.3 ticket is the ID of a state kept in Redis, usable once.
    config.ticket_sealer = ring.map(|ring| Arc::new(ring) as _);
    // Deferred: the answerer's Redis replaces the in-process store and replay record.
    config.session_store = None;
    config.anti_replay = None;
    config.defer = Defer {
        sessions: true,
        anti_replay: true,
        ..Defer::default()
    };
    // TLS 1.2 resumes by session ID, found in Redis by any server; RFC 5077 tickets would
    // work across the fleet too (with the ring), but one TLS 1.2 path is simpler to operate.
    config.tls12_tickets = false;
    // Tickets allow this much 0-RTT data; each flight is accepted once, fleet-wide.
    config.max_early_data = max_early_data;
    Ok(config)
}

/// One connection: the handshake (answered from Redis), a line saying how it went, then the
/// echo of the 0-RTT data and of everything after it until the client's close_notify.
async fn connection(
    acceptor: TlsAcceptor,
    tcp: TcpStream,
    peer: SocketAddr,
    counters: Arc<Counters>,
) -> io::Result<()> {
    let mut tls = acceptor.accept(tcp).await?;
    let mut declined = Vec::new();
    for event in tls.events() {
        match event {
            Event::ResumptionDeclined { reason } => declined.push(format!("resumption {reason}")),
            Event::EarlyDataRejected { reason, .. } => declined.push(format!("0-RTT {reason}")),
            _ => {}
        }
    }
    // 0-RTT data waits apart from the 1-RTT data (`read` never returns it): take it first.
    // It may be a replay within the anti-replay record's limits; an echo is safe to repeat.
    let mut early = Vec::new();
    let mut buf = vec![0; 16 * 1024];
    loop {
        let n = tls.read_early_data(&mut buf)?;
        if n == 0 {
            break;
        }
        early.extend_from_slice(&buf[..n]);
    }
    print_handshake(&tls, peer, early.len(), &declined, &counters);
    tls.write_all(&early).await?;
    loop {
        let n = tls.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        tls.write_all(&buf[..n]).await?;
    }
    tls.shutdown().await
}

/// `PEER version=.. resumed=yes|no early_data=accepted|rejected|no early_bytes=N
/// session_id=HEX hits=.. misses=.. store_errors=.. zero_rtt_accepted=.. replays_refused=..
/// tickets_accepted=.. [declined=..]`: the handshake and the store's counters so far.
fn print_handshake(
    tls: &ServerTlsStream<TcpStream>,
    peer: SocketAddr,
    early_bytes: usize,
    declined: &[String],
    counters: &Counters,
) {
    let info = tls.conn().info();
    let m = counters.snapshot();
    let session_id: String = info.session_id.iter().map(|b| format!("{b:02x}")).collect();
    let mut line = format!(
        "{peer} version={} resumed={} early_data={} early_bytes={early_bytes} session_id={session_id} \
         hits={} misses={} store_errors={} zero_rtt_accepted={} replays_refused={} tickets_accepted={}",
        info.version_name(),
        if info.resumed { "yes" } else { "no" },
        info.early_data.name(),
        m.hits,
        m.misses,
        m.store_errors,
        m.zero_rtt_accepted,
        m.replays_refused,
        m.tickets_accepted,
    );
    if !declined.is_empty() {
        line.push_str(&format!(
            " declined={}",
            declined.join(",").replace(' ', "_")
        ));
    }
    println!("{line}");
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    if std::env::args().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return Ok(());
    }
    let options = Options::parse(std::env::args().skip(1)).unwrap_or_else(|e| {
        eprintln!("{e}\n{USAGE}");
        std::process::exit(2);
    });
    // One set of counters for the Redis store and the key ring, printed per handshake.
    let counters = Arc::new(Counters::new());
    let store = AsyncRedisStore::with_counters(
        RedisConfig::from_url(&options.redis)?,
        Arc::clone(&counters),
    )?;
    // Redis away at start-up is no reason not to serve: handshakes go on in full meanwhile,
    // and the store reconnects by itself.
    if store.ping().await.is_err() {
        eprintln!(
            "{}: not answering yet; serving without resumption until it does",
            options.redis
        );
    }
    let ring = match &options.ticket_secret {
        Some(path) => Some(
            TicketKeyRing::from_secret_file(
                &default_provider(),
                path,
                Rotation::default(),
                UnixTime::now(),
            )
            .map_err(|e| format!("{}: {e}", path.display()))?
            .with_counters(Arc::clone(&counters)),
        ),
        None => None,
    };
    let config = config(&options.cert, &options.key, ring, options.max_early_data)?;
    let acceptor =
        TlsAcceptor::new(Arc::new(config)).with_answerer(Arc::new(RedisAnswerer(Arc::new(store))));

    let listener = TcpListener::bind(&options.listen).await?;
    println!("listening on {}", listener.local_addr()?);
    loop {
        let (tcp, peer) = listener.accept().await?;
        let (acceptor, counters) = (acceptor.clone(), Arc::clone(&counters));
        tokio::spawn(async move {
            if let Err(e) = connection(acceptor, tcp, peer, counters).await {
                println!("{peer} error: {e}");
            }
        });
    }
}
