//! The demo's server: one thread on a loopback port, serving one connection at a time and
//! reporting what it saw of each to the demo.

use std::io::{self, Read};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use ferrotls_core::config::CertifiedKey;
use ferrotls_core::crypto::CryptoProvider;
use ferrotls_core::resumption::SingleUseAntiReplay;
use ferrotls_core::ServerConnection;
use ferrotls_core::{CertResolver, ConnectionInfo, DeclineReason, Event, ServerConfig};
use ferrotls_io::Stream;

/// 0-RTT data the server accepts per connection: enough for the demo's request.
pub(crate) const MAX_EARLY_DATA: u32 = 16_384;
/// Bounds every read and write, so a demo step that goes wrong fails instead of hanging.
pub(crate) const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// What the server saw of one connection.
#[derive(Debug)]
pub(crate) struct ServerReport {
    /// The negotiated parameters, or why the handshake failed.
    pub(crate) result: Result<ConnectionInfo, String>,
    /// The 0-RTT data received.
    pub(crate) early_data: Vec<u8>,
    /// Why an offered session was not resumed, if one was not.
    pub(crate) declined: Option<DeclineReason>,
}

/// The running server; stopped (and its thread joined) when dropped.
#[derive(Debug)]
pub(crate) struct DemoServer {
    pub(crate) addr: SocketAddr,
    reports: Receiver<ServerReport>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl DemoServer {
    /// A server with `key` for every name, the library's default session handling (two TLS 1.3
    /// tickets per handshake, TLS 1.2 tickets and session-ID cache), and 0-RTT accepted behind a
    /// single-use replay check.
    pub(crate) fn start(
        provider: &Arc<CryptoProvider>,
        key: Arc<CertifiedKey>,
    ) -> Result<Self, String> {
        let mut resolver = CertResolver::new();
        resolver.add_default(key);
        let mut config = ServerConfig::new(Arc::clone(provider), Arc::new(resolver));
        config.max_early_data = MAX_EARLY_DATA;
        config.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(1024)));
        let config = Arc::new(config);
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .map_err(|e| format!("cannot listen on a loopback port: {e}"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("cannot read the listening address: {e}"))?;
        let (tx, reports) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = thread::spawn(move || accept_loop(&listener, &config, &tx, &stopping));
        Ok(Self {
            addr,
            reports,
            stop,
            thread: Some(thread),
        })
    }

    /// The report of the next connection served.
    pub(crate) fn next_report(&self) -> Result<ServerReport, String> {
        self.reports
            .recv_timeout(IO_TIMEOUT * 2)
            .map_err(|_| "the server reported nothing about the connection".to_string())
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the thread up from accept(); it sees the flag and ends.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn accept_loop(
    listener: &TcpListener,
    config: &Arc<ServerConfig>,
    reports: &Sender<ServerReport>,
    stop: &AtomicBool,
) {
    for tcp in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let report = match tcp {
            Ok(tcp) => serve(config, tcp),
            Err(e) => ServerReport {
                result: Err(format!("accept failed: {e}")),
                early_data: Vec::new(),
                declined: None,
            },
        };
        if reports.send(report).is_err() {
            // The demo is gone.
            return;
        }
    }
}

/// Complete the handshake, note what happened, then read until the client closes.
fn serve(config: &Arc<ServerConfig>, tcp: TcpStream) -> ServerReport {
    let mut report = ServerReport {
        result: Err(String::new()),
        early_data: Vec::new(),
        declined: None,
    };
    let set = tcp
        .set_read_timeout(Some(IO_TIMEOUT))
        .and_then(|()| tcp.set_write_timeout(Some(IO_TIMEOUT)));
    if let Err(e) = set {
        report.result = Err(format!("cannot set socket timeouts: {e}"));
        return report;
    }
    let conn = match ServerConnection::new(Arc::clone(config)) {
        Ok(conn) => conn,
        Err(e) => {
            report.result = Err(format!("cannot start the server connection: {e}"));
            return report;
        }
    };
    let mut stream = Stream::new(conn, tcp);
    if let Err(e) = stream.complete_handshake() {
        report.result = Err(format!("server handshake failed: {e}"));
        return report;
    }
    for event in stream.events() {
        if let Event::ResumptionDeclined { reason } = event {
            report.declined = Some(reason);
        }
    }
    let mut chunk = [0; 4096];
    loop {
        match stream.read_early_data(&mut chunk) {
            Ok(0) => break,
            Ok(n) => report.early_data.extend_from_slice(&chunk[..n]),
            Err(e) => {
                report.result = Err(format!("cannot read the early data: {e}"));
                return report;
            }
        }
    }
    report.result = Ok(stream.conn().info().clone());
    // The client closes when it has its tickets; answering its close_notify ends cleanly. A
    // failure here comes after everything the demo checks, so it is not reported.
    let mut sink = [0; 1024];
    let drained: io::Result<()> = (|| {
        while stream.read(&mut sink)? > 0 {}
        stream.close()
    })();
    drop(drained);
    report
}
