//! `ferrotls demo`: the library's session handling shown end to end, with nothing to set up.
//!
//! A server thread on a loopback port with a certificate made on the spot ([`cert`]), and a
//! client trusting it, go through seven connections: TLS 1.3 full, resumed with a ticket,
//! resumed with 0-RTT data; TLS 1.2 full, resumed by session ID, full again, resumed with an RFC
//! 5077 ticket. Each connection's parameters, as both sides report them, are printed and
//! checked; the first surprise ends the demo with a message naming the step.

mod cert;
mod server;

use std::io::Read;
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferrotls_core::crypto::rustcrypto::default_provider;
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::resumption::ResumptionKind;
use ferrotls_core::{
    ClientConfig, ClientConnection, ConnectionInfo, EarlyDataStatus, Event, ProtocolVersion,
    ResumptionData, RootStore,
};
use ferrotls_io::Stream;

use crate::handshake_line::hex;
use server::{DemoServer, ServerReport, IO_TIMEOUT};

/// What the 0-RTT connection sends before the handshake completes.
const EARLY_REQUEST: &[u8] = b"GET /hello HTTP/1.1 (sent as 0-RTT early data)";
/// How long a client waits for a TLS 1.3 ticket after its handshake.
const TICKET_WAIT: Duration = Duration::from_secs(5);
/// Session IDs are shown by their first bytes: enough to see which are the same.
const SHOWN_ID_BYTES: usize = 8;

/// Run the demo, printing its transcript; `Err` names the step that went wrong.
pub(crate) fn run() -> Result<(), String> {
    let provider = Arc::new(default_provider());
    let pki = cert::generate(&provider, UnixTime::now())?;
    let server = DemoServer::start(&provider, pki.server)?;
    let roots = Arc::new(pki.roots);
    println!(
        "ferrotls demo: server on {} with a certificate for {:?} made for this run;",
        server.addr,
        cert::SERVER_NAME
    );
    println!("a client that trusts it connects seven times.");
    let mut demo = Demo {
        server,
        roots,
        provider,
        step: 0,
    };
    demo.tls13()?;
    demo.tls12()?;
    println!();
    println!("All {} connections behaved as expected.", demo.step);
    Ok(())
}

/// The client side of the demo and the step counter.
struct Demo {
    server: DemoServer,
    roots: Arc<RootStore>,
    provider: Arc<ferrotls_core::crypto::CryptoProvider>,
    step: usize,
}

/// What one connection did, seen from both sides.
struct Outcome {
    client: ConnectionInfo,
    server: ConnectionInfo,
    server_early_data: Vec<u8>,
    /// Sessions the client received, in order.
    sessions: Vec<ResumptionData>,
    handshake: Duration,
}

/// How a step connects.
struct Plan<'a> {
    title: &'a str,
    config: Arc<ClientConfig>,
    offer: Option<ResumptionData>,
    early_data: &'a [u8],
    /// Wait for a TLS 1.3 ticket after the handshake.
    wait_for_ticket: bool,
}

impl Demo {
    fn tls13(&mut self) -> Result<(), String> {
        let config = Arc::new(self.client_config(ProtocolVersion::TLS1_3, false, true));
        let full = self.connect(Plan {
            title: "TLS 1.3, full handshake",
            config: Arc::clone(&config),
            offer: None,
            early_data: &[],
            wait_for_ticket: true,
        })?;
        self.expect(&full, false, EarlyDataStatus::NotOffered)?;
        let ticket = self.session(&full, ResumptionKind::Tls13Ticket)?;
        let resumed = self.connect(Plan {
            title: "TLS 1.3, resumed with a ticket from connection 1",
            config,
            offer: Some(ticket),
            early_data: &[],
            wait_for_ticket: true,
        })?;
        self.expect(&resumed, true, EarlyDataStatus::NotOffered)?;
        self.same_server_session(&full, &resumed, 1)?;
        let ticket = self.session(&resumed, ResumptionKind::Tls13Ticket)?;
        let early_config = Arc::new(self.client_config(ProtocolVersion::TLS1_3, true, true));
        let zero_rtt = self.connect(Plan {
            title: "TLS 1.3, resumed with a ticket from connection 2, with 0-RTT data",
            config: early_config,
            offer: Some(ticket),
            early_data: EARLY_REQUEST,
            wait_for_ticket: false,
        })?;
        self.expect(&zero_rtt, true, EarlyDataStatus::Accepted)?;
        self.same_server_session(&full, &zero_rtt, 1)?;
        if zero_rtt.server_early_data != EARLY_REQUEST {
            return Err(self.failed(&format!(
                "the server received {:?} as early data, not the {} bytes sent",
                String::from_utf8_lossy(&zero_rtt.server_early_data),
                EARLY_REQUEST.len()
            )));
        }
        Ok(())
    }

    fn tls12(&mut self) -> Result<(), String> {
        let ids = Arc::new(self.client_config(ProtocolVersion::TLS1_2, false, false));
        let full = self.connect(Plan {
            title: "TLS 1.2, full handshake (client asks for no ticket: session ID)",
            config: Arc::clone(&ids),
            offer: None,
            early_data: &[],
            wait_for_ticket: false,
        })?;
        self.expect(&full, false, EarlyDataStatus::NotOffered)?;
        let session = self.session(&full, ResumptionKind::Tls12SessionId)?;
        let resumed = self.connect(Plan {
            title: "TLS 1.2, resumed by session ID",
            config: ids,
            offer: Some(session),
            early_data: &[],
            wait_for_ticket: false,
        })?;
        self.expect(&resumed, true, EarlyDataStatus::NotOffered)?;
        self.same_server_session(&full, &resumed, self.step - 1)?;
        if resumed.client.session_id != full.client.session_id {
            return Err(self.failed("the server answered with another session ID"));
        }

        let tickets = Arc::new(self.client_config(ProtocolVersion::TLS1_2, false, true));
        let full = self.connect(Plan {
            title: "TLS 1.2, full handshake (client asks for an RFC 5077 ticket)",
            config: Arc::clone(&tickets),
            offer: None,
            early_data: &[],
            wait_for_ticket: false,
        })?;
        self.expect(&full, false, EarlyDataStatus::NotOffered)?;
        let ticket = self.session(&full, ResumptionKind::Tls12Ticket)?;
        let resumed = self.connect(Plan {
            title: "TLS 1.2, resumed with the session ticket",
            config: tickets,
            offer: Some(ticket),
            early_data: &[],
            wait_for_ticket: false,
        })?;
        self.expect(&resumed, true, EarlyDataStatus::NotOffered)?;
        self.same_server_session(&full, &resumed, self.step - 1)?;
        Ok(())
    }

    fn client_config(
        &self,
        version: ProtocolVersion,
        early_data: bool,
        tls12_tickets: bool,
    ) -> ClientConfig {
        let mut config = ClientConfig::new(Arc::clone(&self.provider), Arc::clone(&self.roots));
        config.versions = vec![version];
        config.enable_early_data = early_data;
        config.tls12_session_tickets = tls12_tickets;
        config
    }

    /// One connection: handshake, sessions, close; then the transcript entry.
    fn connect(&mut self, plan: Plan<'_>) -> Result<Outcome, String> {
        self.step += 1;
        println!();
        println!("{}. {}", self.step, plan.title);
        let outcome = self.exchange(&plan).map_err(|e| self.failed(&e))?;
        print_outcome(&outcome, &plan);
        Ok(outcome)
    }

    fn exchange(&self, plan: &Plan<'_>) -> Result<Outcome, String> {
        let name = ServerName::try_from(cert::SERVER_NAME)
            .map_err(|e| format!("bad server name: {e}"))?
            .to_owned();
        let started = Instant::now();
        let tcp = connect_tcp(self.server.addr)?;
        let mut stream = match plan.offer.clone() {
            Some(data) => Stream::resume(Arc::clone(&plan.config), name, data, tcp)
                .map_err(|e| format!("cannot offer the session: {e}"))?,
            None => {
                let conn = ClientConnection::new(Arc::clone(&plan.config), name, UnixTime::now())
                    .map_err(|e| format!("cannot start the handshake: {e}"))?;
                Stream::new(conn, tcp)
            }
        };
        if !plan.early_data.is_empty() {
            let sent = stream
                .send_early_data(plan.early_data)
                .map_err(|e| format!("cannot send early data: {e}"))?;
            if sent != plan.early_data.len() {
                return Err(format!(
                    "only {sent} of {} bytes were taken as early data",
                    plan.early_data.len()
                ));
            }
        }
        stream
            .complete_handshake()
            .map_err(|e| format!("client handshake failed: {e}"))?;
        let handshake = started.elapsed();
        if plan.wait_for_ticket {
            match stream.wait_for_event(|e| matches!(e, Event::TicketReceived(_))) {
                Ok(true) => {}
                Ok(false) => return Err("the server closed before sending a ticket".into()),
                Err(e) => return Err(format!("no ticket within {TICKET_WAIT:?}: {e}")),
            }
        }
        let client = stream.conn().info().clone();
        stream
            .close()
            .map_err(|e| format!("cannot send close_notify: {e}"))?;
        let mut sink = [0; 1024];
        loop {
            match stream.read(&mut sink) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => return Err(format!("the connection did not close cleanly: {e}")),
            }
        }
        let sessions = stream
            .events()
            .filter_map(|e| match e {
                Event::TicketReceived(data) => Some(data),
                _ => None,
            })
            .collect();
        let ServerReport {
            result,
            early_data,
            declined,
        } = self.server.next_report()?;
        let server = result?;
        if let Some(reason) = declined {
            println!("   server: the offered session was declined: {reason}");
        }
        Ok(Outcome {
            client,
            server,
            server_early_data: early_data,
            sessions,
            handshake,
        })
    }

    /// Both sides agree on `resumed` and on what happened to early data.
    fn expect(
        &self,
        outcome: &Outcome,
        resumed: bool,
        early_data: EarlyDataStatus,
    ) -> Result<(), String> {
        for (side, info) in [("client", &outcome.client), ("server", &outcome.server)] {
            if info.resumed != resumed {
                return Err(self.failed(&format!(
                    "the {side} reports resumed={}, expected {}",
                    yes_no(info.resumed),
                    yes_no(resumed)
                )));
            }
            if info.early_data != early_data {
                return Err(self.failed(&format!(
                    "the {side} reports early_data={}, expected {}",
                    info.early_data.name(),
                    early_data.name()
                )));
            }
        }
        Ok(())
    }

    /// The newest session of `kind` the client received on the connection.
    fn session(&self, outcome: &Outcome, kind: ResumptionKind) -> Result<ResumptionData, String> {
        outcome
            .sessions
            .iter()
            .rev()
            .find(|d| d.kind() == kind)
            .cloned()
            .ok_or_else(|| {
                let got: Vec<ResumptionKind> = outcome.sessions.iter().map(|d| d.kind()).collect();
                self.failed(&format!("expected a {kind:?} session, received {got:?}"))
            })
    }

    /// The server's session identifier survives resumption.
    fn same_server_session(
        &self,
        original: &Outcome,
        resumed: &Outcome,
        original_step: usize,
    ) -> Result<(), String> {
        let (a, b) = (&original.server.session_id, &resumed.server.session_id);
        if a.is_empty() || a != b {
            return Err(self.failed(&format!(
                "the server's session ID changed from connection {original_step}: {} -> {}",
                hex(a),
                hex(b)
            )));
        }
        println!("   server session ID is the one of connection {original_step}");
        Ok(())
    }

    fn failed(&self, what: &str) -> String {
        format!("demo step {} did not behave as expected: {what}", self.step)
    }
}

fn connect_tcp(addr: SocketAddr) -> Result<TcpStream, String> {
    let tcp = TcpStream::connect_timeout(&addr, IO_TIMEOUT)
        .map_err(|e| format!("cannot connect to the demo server: {e}"))?;
    tcp.set_read_timeout(Some(TICKET_WAIT.min(IO_TIMEOUT)))
        .and_then(|()| tcp.set_write_timeout(Some(IO_TIMEOUT)))
        .map_err(|e| format!("cannot set socket timeouts: {e}"))?;
    Ok(tcp)
}

fn print_outcome(outcome: &Outcome, plan: &Plan<'_>) {
    let c = &outcome.client;
    let group = c
        .group
        .map_or_else(|| "-".to_string(), |g| g.name().unwrap_or("?").to_string());
    println!(
        "   {} {} group={} resumed={} handshake {:.1} ms",
        c.version_name(),
        c.suite.map_or("-", |s| s.name()),
        group,
        yes_no(c.resumed),
        outcome.handshake.as_secs_f64() * 1000.0
    );
    println!(
        "   session ID: client sees {}, server {}",
        short_id(&c.session_id),
        short_id(&outcome.server.session_id)
    );
    let early = match c.early_data {
        EarlyDataStatus::Accepted => format!(
            "accepted; the server received {:?}",
            String::from_utf8_lossy(&outcome.server_early_data)
        ),
        other if plan.early_data.is_empty() => other.name().to_string(),
        other => format!("{} ({} bytes offered)", other.name(), plan.early_data.len()),
    };
    println!("   early data: {early}");
    if !outcome.sessions.is_empty() {
        let kinds: Vec<&str> = outcome
            .sessions
            .iter()
            .map(|d| kind_name(d.kind()))
            .collect();
        println!("   client received: {}", kinds.join(", "));
    }
}

fn short_id(id: &[u8]) -> String {
    match id.len() {
        0 => "(none)".to_string(),
        n if n <= SHOWN_ID_BYTES => hex(id),
        n => format!("{}.. ({n} bytes)", hex(&id[..SHOWN_ID_BYTES])),
    }
}

fn kind_name(kind: ResumptionKind) -> &'static str {
    match kind {
        ResumptionKind::Tls12SessionId => "a TLS 1.2 session ID",
        ResumptionKind::Tls12Ticket => "a TLS 1.2 ticket",
        ResumptionKind::Tls13Ticket => "a TLS 1.3 ticket",
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}
