//! The `client` and `server` targets: a connection under test (the target) and an honest peer
//! (our own implementation of the other side), with the fuzz input as a script.
//!
//! Input: byte 0 picks the configuration ([`Setup::from_byte`]); byte 1 picks the mode:
//!
//! - even: **peer mode**. The rest is a list of operations, each an opcode byte plus its
//!   arguments (see [`Op`]). The peer's records are delivered to the target as they are, flipped,
//!   truncated, duplicated, reordered or dropped; raw bytes can be injected; each side can be
//!   made to send data, update keys, close, see EOF; the clock can move. When the script ends,
//!   the two sides exchange honestly until quiet, then send each other data. If the script never
//!   disturbed the wire, the handshake must have completed and the data must have arrived.
//!   Bits 1-3 of the mode byte (peer mode) make it a **resumption**: an honest full handshake
//!   first gives the client a session, and the scripted connection resumes it, with the
//!   server's session lookups and 0-RTT anti-replay check deferred (`ferrotls_core::deferred`):
//!   bit 1 on; bit 2 stateful sessions (no ticket sealer: TLS 1.3 stateful tickets taken, TLS
//!   1.2 session IDs looked up); bit 3 the client sends 0-RTT data. Bit 4 (server target)
//!   leaves the server's certificate to the application (`Defer::certificate`) and holds its
//!   key outside the config, so a full handshake asks `ChooseCertificate` and `Sign`. The opcode
//!   [`Op::Respond`] answers the target's pending request with an answer of a fuzzer-chosen
//!   kind, when the script says (so after any delay), misuse included; the honest exchange
//!   after the script answers what is still pending as the config's stores would.
//! - odd: **raw mode**. The rest is chunks (`len: u8`, then `len` bytes) fed to the target as
//!   the peer's bytes; the honest peer is not used.
//!
//! Checked at every step: nothing panics; `handle_tls` never claims more bytes than it was given;
//! no application data is delivered before the handshake completed; a failed connection stays
//! failed; an answer the connection refuses (nothing pending, wrong kind, after a failure) is
//! the right `ApiError` and changes nothing observable. Data is pulled with `read` after `handle_tls`, or, for deliveries in odd-sized
//! pieces, lent in place by `handle_tls_in_place`, so both receiving paths are fuzzed.

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::conn::Handshake;
use ferrotls_core::crypto::sign::ExternalKey;
use ferrotls_core::deferred::{instant, Answer, ReplayVerdict, Request, SessionLookup, SignFailed};
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::resumption::{ResumptionData, SingleUseAntiReplay};
use ferrotls_core::{
    ApiError, AppData, CertifiedKey, ClientConfig, ClientConnection, Connection, Event, Limits,
    ServerConfig, ServerConnection,
};

use crate::input::Input;
use crate::peers::{Setup, SERVER_NAME, START_SECS};

/// Operations per script (a run stays well under libFuzzer's timeout).
const MAX_OPS: usize = 96;
/// Honest rounds after the script.
const FINISH_ROUNDS: usize = 8;
/// Raw-mode chunks per run.
const MAX_RAW_CHUNKS: usize = 256;

/// One side: its connection, the received bytes it has not consumed, and what it reported.
struct Side<H> {
    conn: Connection<H>,
    inbox: Vec<u8>,
    failed: bool,
    completed: bool,
    data: Vec<u8>,
    /// Bytes of accepted 0-RTT data received (server).
    early_data: usize,
    name: &'static str,
    /// KeyUpdates this side started since it last sent application data: past the peer's
    /// `max_key_updates_without_data` the peer rightly refuses, so such a run is not "undisturbed".
    key_updates_without_data: usize,
}

impl<H: Handshake> Side<H> {
    fn new(conn: Connection<H>, name: &'static str) -> Self {
        Self {
            conn,
            inbox: Vec::new(),
            failed: false,
            completed: false,
            data: Vec::new(),
            early_data: 0,
            name,
            key_updates_without_data: 0,
        }
    }

    /// Offer the bytes already in the inbox again (after an answer unpaused the handshake).
    fn receive_more(&mut self, now: UnixTime) {
        if !self.inbox.is_empty() && !self.failed {
            self.receive_pieces(&[], 0, now);
        }
    }

    /// Deliver `bytes`, in pieces of `chunk` bytes (0: all at once).
    fn receive(&mut self, bytes: &[u8], chunk: usize, now: UnixTime) {
        if bytes.is_empty() {
            return;
        }
        self.receive_pieces(bytes, chunk, now);
    }

    fn receive_pieces(&mut self, bytes: &[u8], chunk: usize, now: UnixTime) {
        let chunk = if chunk == 0 {
            bytes.len().max(1)
        } else {
            chunk
        };
        let in_place = chunk % 2 == 1;
        let pieces: Vec<&[u8]> = if bytes.is_empty() {
            vec![&[]]
        } else {
            bytes.chunks(chunk).collect()
        };
        for piece in pieces {
            self.inbox.extend_from_slice(piece);
            // Until no more is consumed: with unread data at its limit `handle_tls` stops early.
            loop {
                let len = self.inbox.len();
                let before = self.data.len();
                let result = if in_place {
                    self.handle_in_place(now)
                } else {
                    self.conn.handle_tls(&mut self.inbox, now)
                };
                self.drain_events();
                assert!(
                    self.completed || self.data.len() == before,
                    "{}: application data lent before HandshakeComplete",
                    self.name
                );
                self.read_data();
                match result {
                    Ok(used) => {
                        assert!(
                            used <= len,
                            "{}: handle_tls consumed {used} of {len} bytes",
                            self.name
                        );
                        assert!(!self.failed, "{}: handle_tls Ok after a failure", self.name);
                        self.inbox.drain(..used);
                        if used == 0 {
                            break;
                        }
                    }
                    Err(_) => {
                        assert!(
                            self.conn.failure().is_some(),
                            "{}: handle_tls failed but failure() is None",
                            self.name
                        );
                        if self.failed {
                            // Once failed, feeding more must keep failing, without panicking.
                            return;
                        }
                        self.failed = true;
                        break;
                    }
                }
            }
        }
    }

    /// `handle_tls_in_place` over the inbox: the data lent in place joins `data`.
    fn handle_in_place(&mut self, now: UnixTime) -> Result<usize, ferrotls_core::Error> {
        let mut records = self.conn.handle_tls_in_place(&mut self.inbox, now);
        loop {
            match records.next_data() {
                Ok(Some(AppData::Data(d))) => {
                    assert!(!d.is_empty(), "{}: empty data lent", self.name);
                    self.data.extend_from_slice(d);
                }
                // A server's accepted 0-RTT data (resumption runs): kept apart, it may come
                // before the handshake completes.
                Ok(Some(AppData::EarlyData(d))) => self.early_data += d.len(),
                Ok(None) => return Ok(records.consumed()),
                Err(e) => return Err(e),
            }
        }
    }

    /// Pull the application data the connection holds.
    fn read_data(&mut self) {
        let mut buf = [0; 1000];
        while let Ok(n @ 1..) = self.conn.read(&mut buf) {
            assert!(
                self.completed,
                "{}: application data before HandshakeComplete",
                self.name
            );
            self.data.extend_from_slice(&buf[..n]);
        }
        while let Ok(n @ 1..) = self.conn.read_early_data(&mut buf) {
            self.early_data += n;
        }
    }

    fn drain_events(&mut self) {
        while let Some(event) = self.conn.poll_event() {
            match event {
                Event::HandshakeComplete { .. } => {
                    assert!(!self.completed, "{}: handshake completed twice", self.name);
                    self.completed = true;
                }
                Event::ApplicationData => {
                    assert!(
                        self.completed,
                        "{}: application data before HandshakeComplete",
                        self.name
                    );
                }
                _ => {}
            }
        }
    }

    /// What this side wants to send.
    fn output(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let n = self.conn.write_tls(&mut out);
        assert_eq!(n, out.len(), "{}: write_tls miscounted", self.name);
        assert!(
            !self.conn.wants_write(),
            "{}: wants_write after write_tls",
            self.name
        );
        out
    }

    /// An API call chosen by the script. Errors are fine; panics are not.
    fn act(&mut self, input: &mut Input<'_>) -> bool {
        match input.u8() % 5 {
            0 => {
                let len = usize::from(input.u8());
                let data = input.bytes(len);
                if matches!(self.conn.send(data), Ok(1..)) {
                    self.key_updates_without_data = 0;
                }
                false
            }
            1 => {
                if self.conn.update_keys(input.u8() & 1 == 1).is_ok() {
                    self.key_updates_without_data += 1;
                }
                // A requested update makes the peer answer with its own, so count against
                // half the limit: beyond it a refusal is the limit working, not a failure.
                self.key_updates_without_data * 2 > Limits::default().max_key_updates_without_data
            }
            2 => {
                self.conn.close();
                true
            }
            3 => {
                let _ = self.conn.handle_eof();
                true
            }
            _ => {
                let info = self.conn.info();
                let _ = info.version_name();
                let _ = self.conn.is_handshaking();
                let _ = self.conn.peer_closed();
                false
            }
        }
    }

    /// The application answers the pending request (or, misusing the API, answers with
    /// nothing pending): `kind` 0 is the honest answer (`honest`), others pick an answer of
    /// any kind. A refused answer must be the right `ApiError` and change nothing. Returns
    /// whether the answer may fail an honest handshake (a missing certificate, a bad signature).
    fn respond(&mut self, kind: u8, honest: &Honest, now: UnixTime) -> bool {
        let pending = self.conn.pending().cloned();
        let answer = match kind % 10 {
            1 => Answer::Session(SessionLookup::NotFound),
            2 => Answer::Session(SessionLookup::Unavailable),
            3 => Answer::Replay(ReplayVerdict::Fresh),
            4 => Answer::Replay(ReplayVerdict::Replayed),
            5 => Answer::Replay(ReplayVerdict::Unavailable),
            6 => Answer::Certificate(None),
            7 => Answer::Signature(Err(SignFailed)),
            8 => Answer::Signature(Ok(vec![kind; usize::from(kind >> 2)])),
            _ => match pending.as_ref().and_then(|r| honest(r, now)) {
                Some(answer) => answer,
                // Nothing to answer honestly: misuse with the commonest kind.
                None => Answer::Session(SessionLookup::NotFound),
            },
        };
        let harmful = matches!(answer, Answer::Certificate(_) | Answer::Signature(_));
        let fits = pending.as_ref().is_some_and(|r| r.accepts(&answer));
        let failed_before = self.conn.failure().cloned();
        let observed = |conn: &Connection<H>| {
            (
                conn.pending().cloned(),
                conn.wants_write(),
                conn.pending_tls().to_vec(),
                conn.failure().cloned(),
                conn.is_handshaking(),
            )
        };
        let before = observed(&self.conn);
        match self.conn.answer(answer, now) {
            Ok(()) => assert!(
                fits && failed_before.is_none(),
                "{}: an answer was taken that should have been refused",
                self.name
            ),
            Err(ApiError::Failed(e)) if fits && failed_before.is_none() => {
                // Resuming failed the handshake: as in handle_tls, the connection failed.
                assert_eq!(
                    self.conn.failure(),
                    Some(&e),
                    "{}: answer failed",
                    self.name
                );
                self.failed = true;
            }
            Err(e) => {
                let expected = match (&failed_before, &pending) {
                    (Some(f), _) => ApiError::Failed(f.clone()),
                    (None, None) => ApiError::NothingPending,
                    (None, Some(r)) => ApiError::WrongAnswer {
                        expected: r.expected(),
                    },
                };
                assert_eq!(
                    e, expected,
                    "{}: misuse refused with the wrong error",
                    self.name
                );
                assert!(
                    observed(&self.conn) == before,
                    "{}: a refused answer changed the connection",
                    self.name
                );
            }
        }
        self.drain_events();
        self.read_data();
        // What arrived while paused waits in the inbox.
        self.receive_more(now);
        fits && harmful
    }

    fn healthy(&self) -> bool {
        !self.failed && self.conn.failure().is_none()
    }
}

/// The script's opcodes (the low nibble of the opcode byte: 10 is [`Op::Respond`], others
/// modulo 10; the high nibble is the delivery chunk size where one applies).
#[derive(Clone, Copy, Debug)]
enum Op {
    /// Deliver the peer's pending bytes.
    Deliver,
    /// `offset: u16, mask: u8`: XOR one byte of them, then deliver.
    Flip,
    /// `n: u16`: deliver only the first `n % (len + 1)` bytes; the rest is lost.
    Truncate,
    /// Deliver them twice.
    Duplicate,
    /// `k: u8`: rotate their records by `k`, then deliver.
    Reorder,
    /// `len: u8`, then `len` bytes delivered to the target before anything pending.
    Inject,
    /// Deliver the target's pending bytes to the peer.
    Answer,
    /// An API call on the target (see [`Side::act`]).
    TargetAct,
    /// An API call on the peer.
    PeerAct,
    /// Lose the peer's pending bytes, or with the high nibble set, move the clock by `u16`
    /// seconds.
    DropOrWait,
    /// `kind: u8`: the application answers the target's pending request (see
    /// [`Side::respond`]); low nibble 10 only.
    Respond,
}

impl Op {
    fn from_byte(b: u8) -> Self {
        if b & 0x0f == 10 {
            return Self::Respond;
        }
        match (b & 0x0f) % 10 {
            0 => Self::Deliver,
            1 => Self::Flip,
            2 => Self::Truncate,
            3 => Self::Duplicate,
            4 => Self::Reorder,
            5 => Self::Inject,
            6 => Self::Answer,
            7 => Self::TargetAct,
            8 => Self::PeerAct,
            _ => Self::DropOrWait,
        }
    }
}

/// Splits `wire` at record boundaries as the headers say (the last piece may be partial).
fn split_records(wire: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = wire;
    while !rest.is_empty() {
        let len = match rest.get(3..5) {
            Some(l) => 5 + usize::from(u16::from_be_bytes([l[0], l[1]])),
            None => rest.len(),
        };
        let (head, tail) = rest.split_at(len.min(rest.len()));
        out.push(head);
        rest = tail;
    }
    out
}

struct Run<T, P> {
    target: Side<T>,
    peer: Side<P>,
    /// Peer → target bytes not delivered yet.
    to_target: Vec<u8>,
    /// Target → peer bytes not delivered yet.
    to_peer: Vec<u8>,
    clock: Duration,
    disturbed: bool,
    /// The application's honest answers to the target's requests: the config's stores.
    honest: Honest,
}

/// The honest answer to a request, from the target's config.
type Honest = Box<dyn Fn(&Request, UnixTime) -> Option<Answer>>;

impl<T: Handshake, P: Handshake> Run<T, P> {
    fn now(&self) -> UnixTime {
        UnixTime::since_unix_epoch(self.clock)
    }

    fn collect(&mut self) {
        let out = self.peer.output();
        self.to_target.extend_from_slice(&out);
        let out = self.target.output();
        self.to_peer.extend_from_slice(&out);
    }

    fn deliver_to_target(&mut self, bytes: &[u8], chunk: usize) {
        let now = self.now();
        self.target.receive(bytes, chunk, now);
    }

    fn step(&mut self, op_byte: u8, input: &mut Input<'_>) {
        self.collect();
        let chunk = usize::from(op_byte >> 4);
        let pending = std::mem::take(&mut self.to_target);
        match Op::from_byte(op_byte) {
            Op::Deliver => self.deliver_to_target(&pending, chunk),
            Op::Flip => {
                let mut bytes = pending;
                let offset = usize::from(input.u16());
                let mask = input.u8() | 1;
                if !bytes.is_empty() {
                    let i = offset % bytes.len();
                    bytes[i] ^= mask;
                    self.disturbed = true;
                }
                self.deliver_to_target(&bytes, chunk);
            }
            Op::Truncate => {
                let n = usize::from(input.u16()) % (pending.len() + 1);
                self.disturbed |= n < pending.len();
                self.deliver_to_target(&pending[..n], chunk);
            }
            Op::Duplicate => {
                self.disturbed |= !pending.is_empty();
                self.deliver_to_target(&pending, chunk);
                self.deliver_to_target(&pending, chunk);
            }
            Op::Reorder => {
                let mut records = split_records(&pending);
                let k = usize::from(input.u8());
                if records.len() > 1 && k % records.len() != 0 {
                    let k = k % records.len();
                    records.rotate_left(k);
                    self.disturbed = true;
                }
                let bytes = records.concat();
                self.deliver_to_target(&bytes, chunk);
            }
            Op::Inject => {
                let len = usize::from(input.u8());
                let raw = input.bytes(len);
                self.disturbed |= !raw.is_empty();
                self.deliver_to_target(raw, chunk);
                self.to_target = pending;
            }
            Op::Answer => {
                self.to_target = pending;
                let bytes = std::mem::take(&mut self.to_peer);
                let now = self.now();
                self.peer.receive(&bytes, chunk, now);
            }
            Op::TargetAct => {
                self.to_target = pending;
                self.disturbed |= self.target.act(input);
            }
            Op::PeerAct => {
                self.to_target = pending;
                self.disturbed |= self.peer.act(input);
            }
            Op::Respond => {
                self.to_target = pending;
                let now = self.now();
                self.disturbed |= self.target.respond(input.u8(), &self.honest, now);
            }
            Op::DropOrWait => {
                if chunk == 0 {
                    self.disturbed |= !pending.is_empty();
                } else {
                    self.to_target = pending;
                    self.clock += Duration::from_secs(u64::from(input.u16()));
                }
            }
        }
    }

    /// Exchange honestly until nothing moves, answering the target's requests as its stores
    /// would.
    fn settle(&mut self) {
        for _ in 0..FINISH_ROUNDS {
            let now = self.now();
            while self.target.conn.pending().is_some() {
                self.target.respond(0, &self.honest, now);
            }
            self.collect();
            if self.to_target.is_empty() && self.to_peer.is_empty() {
                break;
            }
            let to_target = std::mem::take(&mut self.to_target);
            self.deliver_to_target(&to_target, 0);
            let to_peer = std::mem::take(&mut self.to_peer);
            let now = self.now();
            self.peer.receive(&to_peer, 0, now);
        }
    }

    fn finish(&mut self) {
        self.settle();
        let both_up = self.target.healthy() && self.peer.healthy();
        if !self.disturbed {
            assert!(
                both_up && self.target.completed && self.peer.completed,
                "undisturbed handshake did not complete: {} failure {:?}, {} failure {:?}, \
                 completed {}/{}",
                self.target.name,
                self.target.conn.failure(),
                self.peer.name,
                self.peer.conn.failure(),
                self.target.completed,
                self.peer.completed,
            );
        }
        if !(both_up && self.target.completed && self.peer.completed) {
            return;
        }
        let (before_t, before_p) = (self.target.data.len(), self.peer.data.len());
        let sent_t = self.target.conn.send(b"from the target");
        let sent_p = self.peer.conn.send(b"from the peer");
        self.settle();
        if !self.disturbed {
            assert!(
                sent_t == Ok(15) && sent_p == Ok(13),
                "send failed after an honest handshake: {sent_t:?} {sent_p:?}"
            );
            assert_eq!(&self.peer.data[before_p..], b"from the target");
            assert_eq!(&self.target.data[before_t..], b"from the peer");
        }
        // Close both ways: close_notify must go through.
        self.target.conn.close();
        self.peer.conn.close();
        self.settle();
        if !self.disturbed {
            assert!(self.target.conn.peer_closed() && self.peer.conn.peer_closed());
            assert!(self.target.conn.handle_eof().is_ok());
        }
    }
}

fn script<T: Handshake, P: Handshake>(
    target: Side<T>,
    peer: Side<P>,
    input: &mut Input<'_>,
    raw: bool,
    honest: Honest,
) {
    let mut run = Run {
        target,
        peer,
        to_target: Vec::new(),
        to_peer: Vec::new(),
        clock: Duration::from_secs(START_SECS),
        disturbed: false,
        honest,
    };
    if raw {
        for _ in 0..MAX_RAW_CHUNKS {
            if input.is_empty() {
                break;
            }
            let len = usize::from(input.u8());
            let chunk = input.bytes(len);
            let _ = run.target.output();
            run.deliver_to_target(chunk, 0);
        }
        let _ = run.target.output();
        let _ = run.target.conn.handle_eof();
        return;
    }
    for _ in 0..MAX_OPS {
        if input.is_empty() {
            break;
        }
        let op = input.u8();
        run.step(op, input);
    }
    run.finish();
}

fn start() -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(START_SECS))
}

fn name() -> ServerName<'static> {
    ServerName::try_from(SERVER_NAME).expect("a valid name")
}

fn client_conn(config: &Arc<ClientConfig>) -> ClientConnection {
    ClientConnection::new(Arc::clone(config), name(), start())
        .expect("the fuzz client config is valid")
}

fn server_conn(config: &Arc<ServerConfig>) -> ServerConnection {
    ServerConnection::new(Arc::clone(config)).expect("the fuzz server config is valid")
}

/// What the mode byte's bits 1-3 ask for (see the module documentation).
#[derive(Clone, Copy, Debug)]
struct Resumption {
    on: bool,
    stateful: bool,
    early_data: bool,
}

impl Resumption {
    fn from_mode(mode: u8) -> Self {
        Self {
            on: mode & 1 == 0 && mode & 2 != 0,
            stateful: mode & 4 != 0,
            early_data: mode & 8 != 0,
        }
    }

    fn configs(&self, setup: &Setup) -> (ClientConfig, ServerConfig) {
        let (mut client, mut server) = (setup.client_config(), setup.server_config());
        if self.on {
            server.defer.sessions = true;
            server.defer.anti_replay = true;
            if self.stateful {
                server.ticket_sealer = None;
            }
            if self.early_data {
                server.max_early_data = 1024;
                server.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(16)));
                client.enable_early_data = true;
            }
        }
        (client, server)
    }

    /// The client of the scripted run: resuming the session of an honest full handshake (its
    /// store writes kept as the application would), with 0-RTT data if asked for.
    fn client(&self, client: &Arc<ClientConfig>, server: &Arc<ServerConfig>) -> ClientConnection {
        let data = if self.on { prime(client, server) } else { None };
        let Some(data) = data else {
            return client_conn(client);
        };
        let Ok(mut conn) = ClientConnection::resume(Arc::clone(client), name(), data, start())
        else {
            return client_conn(client);
        };
        if self.early_data {
            let _ = conn.send_early_data(b"early data of the resumption");
        }
        conn
    }
}

/// An honest full handshake at the start time; the client's first session.
fn prime(client: &Arc<ClientConfig>, server: &Arc<ServerConfig>) -> Option<ResumptionData> {
    let now = start();
    let mut c = client_conn(client);
    let mut s = server_conn(server);
    let mut data = None;
    for _ in 0..FINISH_ROUNDS {
        let mut wire = Vec::new();
        c.write_tls(&mut wire);
        s.handle_tls(&mut wire, now).ok()?;
        while let Some(request) = s.pending().cloned() {
            let answer = instant::server_answer(server, &request, now)?;
            s.answer(answer, now).ok()?;
        }
        while let Some(event) = s.poll_event() {
            if let (Event::StoreSession(write), Some(store)) = (event, &server.session_store) {
                store.put(&write.id, write.state, now);
            }
        }
        let mut wire = Vec::new();
        s.write_tls(&mut wire);
        c.handle_tls(&mut wire, now).ok()?;
        while let Some(event) = c.poll_event() {
            if let Event::TicketReceived(d) = event {
                data.get_or_insert(d);
            }
        }
    }
    data
}

pub(crate) fn run_client(data: &[u8]) {
    let mut input = Input::new(data);
    let setup = Setup::from_byte(input.u8());
    let raw = input.u8() & 1 == 1;
    let client = Arc::new(setup.client_config());
    let server = Arc::new(setup.server_config());
    let target = Side::new(client_conn(&client), "client");
    let peer = Side::new(server_conn(&server), "server");
    let honest: Honest = Box::new(move |r, now| instant::client_answer(&client, r, now));
    script(target, peer, &mut input, raw, honest);
}

pub(crate) fn run_server(data: &[u8]) {
    let mut input = Input::new(data);
    let setup = Setup::from_byte(input.u8());
    let mode = input.u8();
    let resumption = Resumption::from_mode(mode);
    let (client, server) = resumption.configs(&setup);
    let (client, server) = (Arc::new(client), Arc::new(server));
    let peer = Side::new(resumption.client(&client, &server), "client");
    let (server, honest): (_, Honest) = if external_keys(mode) {
        // The session of a resumption run was primed with the config as it was.
        let mut deferring = ServerConfig::clone(&server);
        deferring.defer.certificate = true;
        let deferring = Arc::new(deferring);
        let config = Arc::clone(&deferring);
        (
            deferring,
            Box::new(move |r, now| external_answer(&config, r, now)),
        )
    } else {
        let config = Arc::clone(&server);
        (
            server,
            Box::new(move |r, now| instant::server_answer(&config, r, now)),
        )
    };
    let target = Side::new(server_conn(&server), "server");
    script(target, peer, &mut input, mode & 1 == 1, honest);
}

/// Mode bit 4 (peer mode): the server's certificate chosen by the application, its key external.
fn external_keys(mode: u8) -> bool {
    mode & 1 == 0 && mode & 0x10 != 0
}

/// The honest application of a server whose private key is held outside its config: the
/// resolver's certificate with an external key in its place, and the signature of the key the
/// resolver holds (the fuzz configs have one certificate).
fn external_answer(server: &ServerConfig, request: &Request, now: UnixTime) -> Option<Answer> {
    match request {
        Request::ChooseCertificate(_) => match instant::server_answer(server, request, now)? {
            Answer::Certificate(Some(local)) => {
                let external = ExternalKey::new(
                    local.key.kind(),
                    local.key.schemes().to_vec(),
                    local.key.public_key_spki(),
                );
                Some(Answer::Certificate(Some(Arc::new(CertifiedKey::new(
                    local.chain.clone(),
                    Arc::new(external),
                )))))
            }
            other => Some(other),
        },
        Request::Sign { scheme, message } => {
            let local = server.cert_resolver.resolve(None, &[*scheme])?;
            let signature = local
                .key
                .sign(*scheme, message, server.provider.random.as_ref())
                .map_err(|_| SignFailed);
            Some(Answer::Signature(signature))
        }
        _ => instant::server_answer(server, request, now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The resumption runs really pause the target: the client's first flight makes the server
    /// ask for what each mode defers.
    #[test]
    fn resumption_modes_make_the_server_pause() {
        for (config, mode, first) in [
            (0x00, 0x02, None),
            (0x00, 0x06, Some("TakeSession")),
            (0x00, 0x0a, Some("CheckReplay")),
            (0x00, 0x0e, Some("TakeSession")),
            (0x01, 0x06, Some("LookupSession")),
            (0x04, 0x06, Some("TakeSession")),
        ] {
            let setup = Setup::from_byte(config);
            let resumption = Resumption::from_mode(mode);
            let (client, server) = resumption.configs(&setup);
            let (client, server) = (Arc::new(client), Arc::new(server));
            let mut server_conn = server_conn(&server);
            let mut client_conn = resumption.client(&client, &server);
            let mut wire = Vec::new();
            client_conn.write_tls(&mut wire);
            server_conn.handle_tls(&mut wire, start()).unwrap();
            let asked = server_conn.pending().map(|r| match r {
                Request::TakeSession { .. } => "TakeSession",
                Request::LookupSession { .. } => "LookupSession",
                Request::CheckReplay { .. } => "CheckReplay",
                _ => "other",
            });
            assert_eq!(asked, first, "config {config:02x} mode {mode:02x}");
        }
    }

    /// Mode bit 4: the server asks for its certificate, then for the signature with the key it
    /// does not hold, and the honest answers complete the handshake.
    #[test]
    fn external_key_mode_asks_for_the_certificate_and_the_signature() {
        for config in [0x00, 0x01] {
            let mode = 0x10;
            let setup = Setup::from_byte(config);
            let resumption = Resumption::from_mode(mode);
            let (client, mut server) = resumption.configs(&setup);
            server.defer.certificate = true;
            let (client, server) = (Arc::new(client), Arc::new(server));
            let mut s = server_conn(&server);
            let mut c = resumption.client(&client, &server);
            let mut asked = Vec::new();
            for _ in 0..FINISH_ROUNDS {
                let mut wire = Vec::new();
                c.write_tls(&mut wire);
                s.handle_tls(&mut wire, start()).unwrap();
                while let Some(request) = s.pending().cloned() {
                    asked.push(match request {
                        Request::ChooseCertificate(_) => "ChooseCertificate",
                        Request::Sign { .. } => "Sign",
                        _ => "other",
                    });
                    let answer = external_answer(&server, &request, start()).unwrap();
                    s.answer(answer, start()).unwrap();
                }
                let mut wire = Vec::new();
                s.write_tls(&mut wire);
                c.handle_tls(&mut wire, start()).unwrap();
            }
            assert_eq!(asked, ["ChooseCertificate", "Sign"], "config {config:02x}");
            assert!(
                !c.is_handshaking() && !s.is_handshaking(),
                "config {config:02x}"
            );
        }
    }
}
