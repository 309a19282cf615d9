//! A deferring driver: the in-memory [`Pair`] with an application that answers each side's
//! pending request (`Connection::pending`, `crate::deferred` in ferrotls-core) after a chosen
//! delay, with a pluggable request→answer function.
//!
//! [`Timing`] says when an answer is given, counted from the moment the driver first sees the
//! side paused:
//! - `Immediately`: before any further I/O;
//! - `AfterRounds(n)`: after `n` more rounds of I/O (a round delivers the client's output to
//!   the server, then the server's to the client; the paused side consumes nothing meanwhile);
//! - `AfterPeerFlight`: only once the peer's next output has been delivered and offered to the
//!   paused side's `handle_tls` (0-RTT records, the rest of a flight), so the answer meets input
//!   that already waits.
//!
//! The default answerers ([`server_answers`], [`client_answers`]) answer from the configs'
//! synchronous objects (`deferred::instant::server_answer`), so a run with `Defer` flags on must
//! give byte for byte what the same configs give without them. Other answerers (a certificate
//! chosen by name, an external signer) plug in through [`Answerer`]. Store writes
//! (`Event::StoreSession`) go to a [`StoreWrites`] hook, by default `put` into the config's store,
//! either as they come or held until [`Deferring::flush_store_writes`] (a late application).

use std::fmt;
use std::sync::Arc;

use ferrotls_core::deferred::{instant, Answer, Request, StoreWrite};
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{ClientConfig, Event, ServerConfig};

use crate::pair::{HandshakeFailure, Pair};

/// When the application answers a pending request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    Immediately,
    AfterRounds(usize),
    AfterPeerFlight,
}

/// The four timings every deferrable scenario is run with.
pub const TIMINGS: [Timing; 4] = [
    Timing::Immediately,
    Timing::AfterRounds(1),
    Timing::AfterRounds(5),
    Timing::AfterPeerFlight,
];

/// The application's answer to one request, at the given time.
pub type Answerer = Box<dyn FnMut(&Request, UnixTime) -> Answer>;

/// What the application does with a session the server reports for its store.
pub type StoreWrites = Box<dyn FnMut(&StoreWrite, UnixTime)>;

/// Answers from `config`'s synchronous objects, whatever its `defer` flags say.
pub fn server_answers(config: Arc<ServerConfig>) -> Answerer {
    Box::new(move |request, now| {
        instant::server_answer(&config, request, now)
            .unwrap_or_else(|| panic!("the server config has nothing to answer {request:?}"))
    })
}

/// Answers from `config`'s synchronous objects (its client certificate).
pub fn client_answers(config: Arc<ClientConfig>) -> Answerer {
    Box::new(move |request, now| {
        instant::client_answer(&config, request, now)
            .unwrap_or_else(|| panic!("the client config has nothing to answer {request:?}"))
    })
}

/// Puts each reported session into `config`'s synchronous store.
pub fn store_into(config: Arc<ServerConfig>) -> StoreWrites {
    Box::new(move |write, now| {
        let store = config
            .session_store
            .as_ref()
            .expect("a store to write the reported sessions to");
        store.put(&write.id, write.state.clone(), now);
    })
}

/// One side's wait for its answer.
#[derive(Clone, Copy, Debug)]
struct Wait {
    /// The round in which the driver saw the side paused (0-based; `Deferring::round` counts
    /// the rounds completed, so `round > since + n` means `n` whole rounds went by since).
    since: usize,
    /// The peer's output has been offered to the paused side since.
    peer_delivered: bool,
}

/// A [`Pair`] driven by an application that answers late.
pub struct Deferring {
    pub pair: Pair,
    timing: Timing,
    server: Option<Answerer>,
    client: Option<Answerer>,
    store: Option<StoreWrites>,
    /// Hold the store writes until [`flush_store_writes`](Self::flush_store_writes).
    hold_store_writes: bool,
    /// How many of the server's events have been looked at for store writes.
    seen_server_events: usize,
    held: Vec<StoreWrite>,
    round: usize,
    server_wait: Option<Wait>,
    client_wait: Option<Wait>,
    /// Every request answered, with the side (true: server), in order.
    pub answered: Vec<(bool, Request)>,
    /// How many store writes the server reported.
    pub store_writes: usize,
}

impl fmt::Debug for Deferring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deferring")
            .field("timing", &self.timing)
            .field("round", &self.round)
            .field("answered", &self.answered)
            .finish_non_exhaustive()
    }
}

/// Rounds after which a handshake that neither completes nor fails is stuck (the longest wait,
/// five rounds, may come twice in one handshake, plus the flights themselves).
const MAX_ROUNDS: usize = 40;

impl Deferring {
    pub fn new(pair: Pair, timing: Timing) -> Self {
        Self {
            pair,
            timing,
            server: None,
            client: None,
            store: None,
            hold_store_writes: false,
            seen_server_events: 0,
            held: Vec::new(),
            round: 0,
            server_wait: None,
            client_wait: None,
            answered: Vec::new(),
            store_writes: 0,
        }
    }

    /// The pair, after the driving.
    pub fn into_pair(self) -> Pair {
        self.pair
    }

    /// A handshake driver for `matrix::run_setup_driven`: the handshake answered at `timing`
    /// by `server` (and `client`), then the pair back for the rest of the run.
    pub fn driver(
        timing: Timing,
        server: Option<Answerer>,
        client: Option<Answerer>,
    ) -> impl FnOnce(Pair) -> (Pair, Result<(), HandshakeFailure>) {
        move |pair| {
            let mut d = Self::new(pair, timing);
            d.server = server;
            d.client = client;
            let result = d.handshake();
            (d.into_pair(), result)
        }
    }

    /// Who answers the server's requests.
    pub fn server_answerer(mut self, answerer: Answerer) -> Self {
        self.server = Some(answerer);
        self
    }

    /// Who answers the client's requests.
    pub fn client_answerer(mut self, answerer: Answerer) -> Self {
        self.client = Some(answerer);
        self
    }

    /// Where the server's store writes go; `hold`: only at [`flush_store_writes`](Self::flush_store_writes).
    pub fn store_writes(mut self, writes: StoreWrites, hold: bool) -> Self {
        self.store = Some(writes);
        self.hold_store_writes = hold;
        self
    }

    /// Exchange flights, answering as the timing says, until both sides complete the
    /// handshake, one fails (after its alert reached the peer), or nothing can move (no bytes,
    /// no answer given, none awaited).
    pub fn handshake(&mut self) -> Result<(), HandshakeFailure> {
        for _ in 0..MAX_ROUNDS {
            let before = self.answered.len();
            let moved = self.round_trip() + (self.answered.len() - before);
            let failed = self.pair.client.conn.failure().is_some()
                || self.pair.server.conn.failure().is_some();
            if failed {
                self.pump();
                return Err(self.failure(false));
            }
            if self.pair.client.handshake_done() && self.pair.server.handshake_done() {
                return Ok(());
            }
            if moved == 0 && self.server_wait.is_none() && self.client_wait.is_none() {
                return Err(self.failure(true));
            }
        }
        Err(self.failure(true))
    }

    /// Deliver in both directions (answering as the timing says) until nothing is left to
    /// send and nothing waits for an answer.
    pub fn pump(&mut self) -> usize {
        let mut total = 0;
        for _ in 0..MAX_ROUNDS {
            let before = self.answered.len();
            let moved = self.round_trip();
            total += moved;
            let answered = self.answered.len() > before;
            if moved == 0 && !answered && self.server_wait.is_none() && self.client_wait.is_none() {
                break;
            }
        }
        total
    }

    /// One round of I/O (see [`Timing`]); returns how many bytes moved.
    pub fn pump_once(&mut self) -> usize {
        self.round_trip()
    }

    /// One round: the client's output to the server, the server's to the client, and the
    /// answers that are due. Returns how many bytes moved.
    fn round_trip(&mut self) -> usize {
        let mut moved = self.pair.client_to_server();
        if moved > 0 {
            if let Some(w) = &mut self.server_wait {
                w.peer_delivered = true;
            }
        }
        self.tend(true, false);
        let back = self.pair.server_to_client();
        if back > 0 {
            if let Some(w) = &mut self.client_wait {
                w.peer_delivered = true;
            }
        }
        moved += back;
        self.tend(false, false);
        self.round += 1;
        self.tend(true, true);
        self.tend(false, true);
        self.collect_store_writes();
        moved
    }

    fn failure(&self, stalled: bool) -> HandshakeFailure {
        HandshakeFailure {
            client: self.pair.client.conn.failure().cloned(),
            server: self.pair.server.conn.failure().cloned(),
            stalled,
        }
    }

    /// Look at one side: start its wait when it is newly paused, answer when the wait is over.
    /// `round_end`: called after the round's deliveries (the rounds count there).
    fn tend(&mut self, server: bool, round_end: bool) {
        loop {
            let paused = if server {
                self.pair.server.conn.pending().is_some()
            } else {
                self.pair.client.conn.pending().is_some()
            };
            let wait = if server {
                &mut self.server_wait
            } else {
                &mut self.client_wait
            };
            if !paused {
                *wait = None;
                return;
            }
            let w = *wait.get_or_insert(Wait {
                since: self.round,
                peer_delivered: false,
            });
            let due = match self.timing {
                Timing::Immediately => true,
                Timing::AfterRounds(n) => round_end && self.round > w.since + n,
                // With nothing more coming from the peer, waiting longer cannot change what the
                // answer meets: a round without a delivery counts as the peer's (empty) flight.
                Timing::AfterPeerFlight => {
                    w.peer_delivered || (round_end && self.round > w.since + 1)
                }
            };
            if !due {
                return;
            }
            *wait = None;
            self.answer(server);
        }
    }

    /// Answer the side's pending request now, and let it take the input it left waiting.
    fn answer(&mut self, server: bool) {
        let now = self.pair.now();
        let request = if server {
            self.pair.server.conn.pending().cloned()
        } else {
            self.pair.client.conn.pending().cloned()
        };
        let Some(request) = request else { return };
        let answerer = if server {
            self.server.as_mut()
        } else {
            self.client.as_mut()
        };
        let answerer =
            answerer.unwrap_or_else(|| panic!("no answerer for {request:?} (server: {server})"));
        let answer = answerer(&request, now);
        self.answered.push((server, request));
        let result = if server {
            self.pair.server.conn.answer(answer, now)
        } else {
            self.pair.client.conn.answer(answer, now)
        };
        // A failure of the resumed handshake is the connection's; it shows in failure().
        let _ = result;
        // What arrived while paused waits in the inbox: offer it again (this also polls the
        // events and reads the data, as after any handle_tls).
        if server {
            self.pair.server.receive(&[], now);
        } else {
            self.pair.client.receive(&[], now);
        }
    }

    /// Hand the server's new `StoreSession` events to the store hook (or hold them).
    fn collect_store_writes(&mut self) {
        self.take_store_writes();
        if !self.hold_store_writes {
            self.flush_store_writes();
        }
    }

    /// Give the held store writes to the store hook now.
    pub fn flush_store_writes(&mut self) {
        self.take_store_writes();
        let now = self.pair.now();
        if let Some(store) = &mut self.store {
            for write in self.held.drain(..) {
                store(&write, now);
            }
        }
    }

    /// Move the server's `StoreSession` events not seen yet into `held`.
    fn take_store_writes(&mut self) {
        let events = &self.pair.server.events;
        let start = self.seen_server_events.min(events.len());
        let new: Vec<StoreWrite> = events[start..]
            .iter()
            .filter_map(|e| match e {
                Event::StoreSession(w) => Some(StoreWrite::clone(w)),
                _ => None,
            })
            .collect();
        self.seen_server_events = events.len();
        self.store_writes += new.len();
        self.held.extend(new);
    }
}
