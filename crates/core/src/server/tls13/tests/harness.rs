//! Running whole handshakes between the server and the [`MiniClient`], on a virtual clock.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU8, Ordering};
use core::time::Duration;

use rustls_pki_types::UnixTime;

use super::mini_client::{MiniClient, Resume, Ticket};
use super::{config, now};
use crate::config::ServerConfig;
use crate::error::Error;
use crate::events::Event;
use crate::msgs::handshake::ClientHello;
use crate::resumption::{DeclineReason, SingleUseAntiReplay};
use crate::server::ServerConnection;

/// `now()` plus `secs`.
pub(super) fn later(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(now().as_secs() + secs))
}

/// The test config with 0-RTT on: `max` bytes and a single-use anti-replay record.
pub(super) fn zero_rtt_config(max: u32) -> ServerConfig {
    let mut config = config();
    config.max_early_data = max;
    config.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(100)));
    config
}

/// One connection's outcome.
pub(super) struct Done {
    pub(super) server: ServerConnection,
    pub(super) client: MiniClient,
    pub(super) tickets: Vec<Ticket>,
    pub(super) events: Vec<Event>,
}

impl Done {
    pub(super) fn declined(&self) -> Option<DeclineReason> {
        self.events.iter().find_map(|e| match e {
            Event::ResumptionDeclined { reason } => Some(*reason),
            _ => None,
        })
    }

    pub(super) fn early_rejected(&self) -> Option<DeclineReason> {
        self.events.iter().find_map(|e| match e {
            Event::EarlyDataRejected { reason, data } => {
                assert!(data.is_empty(), "a server hands back nothing");
                Some(*reason)
            }
            _ => None,
        })
    }

    /// The 0-RTT data the server accepted, read the way an application reads it. It never
    /// comes out of `read`, which returns only 1-RTT data.
    pub(super) fn early_data(&mut self) -> Vec<u8> {
        let mut data = Vec::new();
        let mut buf = [0; 7];
        while let Ok(n @ 1..) = self.server.read_early_data(&mut buf) {
            data.extend_from_slice(&buf[..n]);
        }
        assert_eq!(
            self.server.read(&mut buf),
            Ok(0),
            "0-RTT data never mixes with 1-RTT"
        );
        data
    }
}

pub(super) fn output(server: &mut ServerConnection) -> Vec<u8> {
    let mut out = Vec::new();
    server.write_tls(&mut out);
    out
}

fn events(server: &mut ServerConnection) -> Vec<Event> {
    core::iter::from_fn(|| server.poll_event()).collect()
}

/// The start of a connection: the client's hello (and 0-RTT data) handled by the server.
pub(super) struct Started {
    pub(super) server: ServerConnection,
    pub(super) client: MiniClient,
    /// What the client sent: ClientHello record and early data records.
    pub(super) sent: Vec<u8>,
}

/// Send the client's first flight (`base` hello with `resume`, then `early` as 0-RTT data).
pub(super) fn start(
    config: &Arc<ServerConfig>,
    base: ClientHello,
    resume: Option<&Resume>,
    early: Option<&[u8]>,
    at: UnixTime,
) -> Result<Started, Error> {
    let mut server = ServerConnection::new(Arc::clone(config)).unwrap();
    // A fresh key share per connection, so that no two ClientHellos (and binders) are alike.
    static SEED: AtomicU8 = AtomicU8::new(0);
    let mut client = MiniClient::new(SEED.fetch_add(1, Ordering::Relaxed));
    let mut sent = client.hello_from(base, resume);
    if let Some(data) = early {
        sent.extend(client.early_data(data));
    }
    let mut buf = sent.clone();
    server.handle_tls(&mut buf, at)?;
    Ok(Started {
        server,
        client,
        sent,
    })
}

impl Started {
    /// Read the server's flight, send Finished, read the tickets.
    pub(super) fn finish(self, at: UnixTime) -> Result<Done, Error> {
        let Self {
            mut server,
            mut client,
            ..
        } = self;
        client.read_flight(&output(&mut server));
        let mut fin = client.finish();
        server.handle_tls(&mut fin, at)?;
        let tickets = client.read_tickets(&output(&mut server));
        let events = events(&mut server);
        assert!(
            events.contains(&Event::HandshakeComplete {
                version: ferrotls_record::ProtocolVersion::TLS1_3
            }),
            "{events:?}"
        );
        Ok(Done {
            server,
            client,
            tickets,
            events,
        })
    }

    /// Answer the server's HelloRetryRequest with the second ClientHello.
    pub(super) fn retry(
        &mut self,
        base: ClientHello,
        resume: Option<&Resume>,
        at: UnixTime,
    ) -> Result<(), Error> {
        let out = output(&mut self.server);
        let mut hello = self.client.retry(&out, base, resume);
        self.server.handle_tls(&mut hello, at).map(|_| ())
    }

    pub(super) fn events(&mut self) -> Vec<Event> {
        events(&mut self.server)
    }
}

/// A whole handshake with the baseline hello.
pub(super) fn connect(
    config: &Arc<ServerConfig>,
    resume: Option<&Resume>,
    early: Option<&[u8]>,
    at: UnixTime,
) -> Result<Done, Error> {
    start(config, super::hello(), resume, early, at)?.finish(at)
}

/// A full handshake's first ticket.
pub(super) fn first_ticket(config: &Arc<ServerConfig>) -> (Done, Ticket) {
    let done = connect(config, None, None, now()).unwrap();
    let ticket = done.tickets.first().expect("a ticket").clone();
    (done, ticket)
}
