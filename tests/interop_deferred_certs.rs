//! Our server, run in this process over loopback TCP, chooses its certificate by SNI and signs
//! its handshake with keys held outside its config; `openssl s_client` and `gnutls-cli` connect
//! with TLS 1.3 (the CertificateVerify, RFC 9846 §4.5.2) and TLS 1.2 (the ServerKeyExchange,
//! RFC 5246 §7.4.3) and must each get the certificate their server_name asked for (RFC 6066
//! §3), verify it, and exchange a line of data.
//!
//! Two certificates of the test PKI (`vectors/certs/generate.sh`), both ECDSA P-256 so their
//! signatures are deterministic (RFC 6979): `server-ecdsa-p256` for `localhost`, and
//! `other-name` for `other.ferrotls`. The server's loop is written out here
//! ([`serve_one`]): it answers what the connection asks (`Connection::pending`) only after
//! some more turns of its I/O loop, as an application waiting on a key server would.

use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use ferrotls_core::deferred::{Answer, Request};
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{CertResolver, CertifiedKey, Event, ServerConfig, ServerConnection};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::external_signer::ExternalSigner;
use ferrotls_tests::interop::{self, Peer, TIMEOUT};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::{gnutls_priority, path};

/// The name served by `server-ecdsa-p256.pem` (among others), and its subject CN.
const DEFAULT_NAME: &str = "localhost";
/// The name served by `other-name.pem`, and its subject CN.
const OTHER_NAME: &str = "other.ferrotls";

/// The two certificates, local keys.
fn local_keys() -> [(&'static str, Arc<CertifiedKey>); 2] {
    [
        (DEFAULT_NAME, certs::server_key(KeyKind::EcdsaP256)),
        (OTHER_NAME, certs::certified_key("other-name")),
    ]
}

/// The base64 body of the PEM file of the certificate for `name`, without line breaks.
fn certificate_base64(name: &str) -> String {
    let file = if name == OTHER_NAME {
        "other-name.pem"
    } else {
        "server-ecdsa-p256.pem"
    };
    let pem = std::fs::read_to_string(certs::path(file)).expect("the certificate file");
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

/// How our server chooses and signs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ServerMode {
    /// The config's resolver and local keys: the requests are answered at once, inside the
    /// connection.
    Instant,
    /// `defer.certificate` and external keys: the loop answers `ChooseCertificate` by name and
    /// `Sign` with the private key it holds, each after [`ANSWER_AFTER_TURNS`] turns.
    Deferred,
}

/// How many turns of the server's loop (each a read with a 5 ms timeout) a request waits
/// before its answer: an application waiting on a key server.
const ANSWER_AFTER_TURNS: usize = 4;

fn server_config(mode: ServerMode, tls13: bool) -> ServerConfig {
    let mut resolver = CertResolver::new();
    match mode {
        ServerMode::Instant => {
            for (name, key) in local_keys() {
                resolver.add(name, key);
            }
        }
        ServerMode::Deferred => {}
    }
    let mut config = ServerConfig::new(certs::provider(), Arc::new(resolver));
    config.defer.certificate = mode == ServerMode::Deferred;
    config.versions = if tls13 {
        vec![ferrotls_core::ProtocolVersion::TLS1_3]
    } else {
        vec![ferrotls_core::ProtocolVersion::TLS1_2]
    };
    config
}

/// What the server saw of its one connection.
#[derive(Debug, Default)]
struct Served {
    /// The server_name the client sent.
    server_name: Option<String>,
    /// The line the client sent (echoed back).
    echoed: Vec<u8>,
    /// The requests the loop answered, in order.
    answered: Vec<String>,
}

/// The application's side of [`ServerMode::Deferred`]: the certificates by name, with their
/// private keys held here.
struct KeyServer {
    by_name: Vec<(&'static str, ExternalSigner)>,
    /// The signer of the certificate chosen for this connection.
    chosen: Option<usize>,
}

impl KeyServer {
    fn new() -> Self {
        Self {
            by_name: local_keys()
                .into_iter()
                .map(|(name, key)| (name, ExternalSigner::new(&key)))
                .collect(),
            chosen: None,
        }
    }

    fn answer(&mut self, request: &Request) -> Result<Answer, String> {
        match request {
            Request::ChooseCertificate(query) => {
                self.chosen = self
                    .by_name
                    .iter()
                    .position(|(name, _)| Some(*name) == query.server_name.as_deref());
                Ok(Answer::Certificate(
                    self.chosen
                        .map(|i| Arc::clone(&self.by_name[i].1.certified)),
                ))
            }
            Request::Sign { .. } => {
                let i = self.chosen.ok_or("a signature before a certificate")?;
                self.by_name[i]
                    .1
                    .answer(request)
                    .ok_or_else(|| "not a Sign".to_string())
            }
            other => Err(format!("unexpected request {other:?}")),
        }
    }
}

fn now() -> UnixTime {
    UnixTime::since_unix_epoch(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default(),
    )
}

/// Accept one connection on `listener` and serve it until the client closes: a loop over
/// the socket (read with a short timeout, so the loop turns while the client is silent) and
/// the connection, echoing each line.
fn serve_one(listener: TcpListener, config: Arc<ServerConfig>) -> Result<Served, String> {
    let (mut tcp, _) = listener.accept().map_err(|e| format!("accept: {e}"))?;
    tcp.set_read_timeout(Some(Duration::from_millis(5)))
        .map_err(|e| e.to_string())?;
    let mut conn = ServerConnection::new(config).map_err(|e| format!("{e:?}"))?;
    let mut served = Served::default();
    let mut input = Vec::new();
    let mut out = Vec::new();
    let mut buf = vec![0; 16 * 1024];
    let mut keys = KeyServer::new();
    let mut waited = 0;
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if Instant::now() > deadline {
            return Err("the connection did not finish in time".into());
        }
        if let Some(request) = conn.pending().cloned() {
            waited += 1;
            if waited > ANSWER_AFTER_TURNS {
                waited = 0;
                let answer = keys.answer(&request)?;
                served.answered.push(match request {
                    Request::ChooseCertificate(q) => format!("certificate for {:?}", q.server_name),
                    Request::Sign { scheme, .. } => format!("signature {scheme:?}"),
                    _ => "other".into(),
                });
                conn.answer(answer, now())
                    .map_err(|e| format!("answer: {e:?}"))?;
            }
        }
        out.clear();
        conn.write_tls(&mut out);
        tcp.write_all(&out).map_err(|e| format!("write: {e}"))?;
        while let Some(event) = conn.poll_event() {
            match event {
                Event::HandshakeComplete { .. } => {
                    served.server_name = conn.info().server_name.clone();
                }
                Event::ApplicationData => {
                    let n = conn.read(&mut buf).map_err(|e| format!("read: {e:?}"))?;
                    served.echoed.extend_from_slice(&buf[..n]);
                    conn.send(&buf[..n]).map_err(|e| format!("send: {e:?}"))?;
                }
                Event::PeerClosed => {
                    conn.close();
                    out.clear();
                    conn.write_tls(&mut out);
                    // The client may be gone already.
                    let _ = tcp.write_all(&out);
                    return Ok(served);
                }
                _ => {}
            }
        }
        if let Some(e) = conn.failure() {
            return Err(format!("our server failed: {e}"));
        }
        match tcp.read(&mut buf) {
            Ok(0) => {
                conn.handle_eof().map_err(|e| format!("eof: {e}"))?;
                return Ok(served);
            }
            Ok(n) => input.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) => return Err(format!("read: {e}")),
        }
        let used = conn
            .handle_tls(&mut input, now())
            .map_err(|e| format!("handle_tls: {e}"))?;
        input.drain(..used);
    }
}

/// Our server on a loopback port, on its own thread, for one connection.
fn start_server(
    mode: ServerMode,
    tls13: bool,
) -> (SocketAddr, thread::JoinHandle<Result<Served, String>>) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let config = Arc::new(server_config(mode, tls13));
    (addr, thread::spawn(move || serve_one(listener, config)))
}

/// Which real client.
#[derive(Clone, Copy, Debug)]
enum Client {
    OpenSsl,
    GnuTls,
}

/// One handshake of `client` asking for `name`, with the TLS version `tls13` says; checks that
/// it completed, verified the certificate for `name` and echoed a line.
fn connect(client: Client, mode: ServerMode, tls13: bool, name: &str) {
    let binary = match client {
        Client::OpenSsl => "openssl",
        Client::GnuTls => "gnutls-cli",
    };
    let Some(program) = interop::require(binary) else {
        return;
    };
    let (addr, server) = start_server(mode, tls13);
    let ca = path("ca.pem");
    let connect = addr.to_string();
    let port = addr.port().to_string();
    let priority = gnutls_priority(
        if tls13 { "TLS1.3" } else { "TLS1.2" },
        &["SECP256R1", "X25519"],
        &[],
    );
    let mut peer = match client {
        Client::OpenSsl => Peer::spawn(
            &program,
            &[
                "s_client",
                "-connect",
                &connect,
                if tls13 { "-tls1_3" } else { "-tls1_2" },
                "-CAfile",
                &ca,
                "-servername",
                name,
                "-verify_hostname",
                name,
                "-verify_return_error",
                "-showcerts",
            ],
        ),
        Client::GnuTls => Peer::spawn(
            &program,
            &[
                "--port",
                &port,
                "--x509cafile",
                &ca,
                "--sni-hostname",
                name,
                "--verify-hostname",
                name,
                "--priority",
                &priority,
                "--print-cert",
                "127.0.0.1",
            ],
        ),
    };
    let case = format!(
        "{client:?} {} {name} {mode:?}",
        if tls13 { "TLS 1.3" } else { "TLS 1.2" }
    );
    let ready = match client {
        Client::OpenSsl => "Verify return code: 0 (ok)",
        Client::GnuTls => "- Handshake was completed",
    };
    let line = format!("deferred certificates to {name}");
    let talked = peer.wait_for_stdout(ready, TIMEOUT).and_then(|_| {
        peer.write_stdin(format!("{line}\n").as_bytes());
        peer.wait_for_stdout(&line, TIMEOUT)
    });
    peer.close_stdin();
    let output = peer.finish(TIMEOUT);
    let served = server.join().expect("the server thread");
    let report = match &output {
        Ok(out) => describe(out),
        Err(e) => e.clone(),
    };
    let report = format!("{case}\n=== peer ===\n{report}\n=== our server ===\n{served:?}");
    check(
        talked.is_ok(),
        &format!("{case}: the exchange ({talked:?})"),
        &report,
    );
    let served = served.unwrap_or_else(|e| panic!("{case}: {e}\n{report}"));
    let out = output.unwrap_or_else(|e| panic!("{case}: {e}"));
    check(
        served.server_name.as_deref() == Some(name),
        "the server saw the name",
        &report,
    );
    if mode == ServerMode::Deferred {
        // Both requests went through the loop, late: the certificate for the name, then the
        // signature (TLS 1.3 CertificateVerify, TLS 1.2 ServerKeyExchange) with ECDSA P-256.
        check(
            served.answered
                == [
                    format!("certificate for {:?}", Some(name)),
                    "signature ecdsa_secp256r1_sha256".to_string(),
                ],
            &format!("{case}: the requests answered: {:?}", served.answered),
            &report,
        );
    }
    check(
        served.echoed == format!("{line}\n").into_bytes(),
        "the line reached our server",
        &report,
    );
    // The certificate: its subject names the server_name asked for (each certificate's CN is
    // its name), and the client trusted it.
    let (subject, trusted) = match client {
        Client::OpenSsl => (
            format!("0 s:CN = {name}, O = ferrotls tests"),
            "Verify return code: 0 (ok)",
        ),
        Client::GnuTls => (
            format!("subject `O=ferrotls tests,CN={name}'"),
            "- Status: The certificate is trusted.",
        ),
    };
    check(
        out.stdout.contains(&subject),
        &format!("{case}: the certificate for {name}"),
        &report,
    );
    // And the very certificate: its DER, as base64, in the PEM the client printed.
    let expected = certificate_base64(name);
    let printed: String = out.stdout.split_whitespace().collect();
    check(
        printed.contains(&expected),
        &format!("{case}: the certificate is the one of {name}'s file"),
        &report,
    );
    check(
        out.stdout.contains(trusted),
        &format!("{case}: trusted"),
        &report,
    );
    let version = match (client, tls13) {
        (Client::OpenSsl, true) => "Protocol  : TLSv1.3",
        (Client::OpenSsl, false) => "Protocol  : TLSv1.2",
        (Client::GnuTls, true) => "- Description: (TLS1.3-X.509)",
        (Client::GnuTls, false) => "- Description: (TLS1.2-X.509)-(ECDHE-",
    };
    check(
        out.stdout.contains(version),
        &format!("{case}: {version}"),
        &report,
    );
}

fn every_case(mode: ServerMode) {
    for tls13 in [true, false] {
        for name in [DEFAULT_NAME, OTHER_NAME] {
            connect(Client::OpenSsl, mode, tls13, name);
            connect(Client::GnuTls, mode, tls13, name);
        }
    }
}

#[test]
fn instant_answers_pick_the_certificate_by_name() {
    every_case(ServerMode::Instant);
}

#[test]
fn late_answers_pick_the_certificate_by_name_and_sign_outside_the_config() {
    every_case(ServerMode::Deferred);
}
