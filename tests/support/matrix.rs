//! The in-memory pair matrix, for any protocol version. A [`Cell`] is one combination of
//! version, cipher suite, key-exchange group, server key type, forced HelloRetryRequest and
//! client authentication; [`check_cell`] runs it once with whole flights and again with every
//! other delivery of [`deliveries`], and checks that
//! - the handshake completes on both sides with exactly the parameters the cell implies
//!   ([`Cell::expected_client`], [`Cell::expected_server`]);
//! - application data crosses both ways intact (a short message, then one of 40 KiB that needs
//!   several records); in TLS 1.3 a KeyUpdate with update_requested is answered and data flows
//!   under the new keys; close_notify both ways gives `PeerClosed` and a clean EOF;
//! - every run is identical to the whole-flights run: negotiated parameters, the event sequence
//!   of each side, and every byte each side wrote. Both providers are seeded
//!   ([`certs::seeded_provider`]), so nothing may depend on how the input was cut.
//!
//! Each cell runs with its client on one crypto provider and its server on another, the pairs
//! ([`providers::provider_pairs`], mixed ones included) taken in turn cell by cell
//! ([`on_provider_pair`]), so every pair meets many kinds of cell without the matrix
//! running once per pair.
//!
//! `pair_matrix_tls13` enumerates the TLS 1.3 cells; `pair_matrix_tls12` reuses them with
//! `version: ProtocolVersion::TLS1_2`, `hello_retry: false` and suites matching the server key
//! (instead of a KeyUpdate, TLS 1.2 checks that `update_keys` is refused as `Unsupported` and
//! writes nothing). A [`Setup`] is a cell's configs and expectations, open to adjustment
//! (`require_ems`, version lists) before [`run_setup`] / [`check_setup`].
//!
//! [`tampered`] drives a handshake whose flights an on-path attacker may rewrite
//! ([`strip_extension`], [`server_hello_random`]), for the failures no honest pair produces.

use std::fmt;
use std::sync::Arc;

use ferrotls_core::conn::Handshake;
use ferrotls_core::crypto::{NamedGroup, SignatureScheme};
use ferrotls_core::pki_types::{CertificateDer, ServerName, UnixTime};
use ferrotls_core::suites::{SupportedCipherSuite, ALL_CIPHER_SUITES};
use ferrotls_core::{
    ApiError, ClientConfig, ClientConnection, Connection, ConnectionInfo, Error, Event,
    ProtocolVersion, ServerConfig, ServerConnection,
};

use ferrotls_record::deframe;
use ferrotls_record::limits::MAX_TLS13_CIPHERTEXT_LEN;

use crate::certs::{self, KeyKind};
use crate::chunks::{Chunker, Delivery};
use crate::pair::Pair;
use crate::providers;

/// Size of the large application data message: more than two full records.
pub const BIG_MESSAGE_LEN: usize = 40 * 1024;

/// One combination of the matrix.
#[derive(Clone, Copy, Debug)]
pub struct Cell {
    pub version: ProtocolVersion,
    /// The suite to negotiate.
    pub suite: &'static SupportedCipherSuite,
    /// `false`: the client offers only `suite` and the server accepts every suite of the
    /// version (`suite` last). `true`: the other way round.
    pub server_picks_suite: bool,
    /// The only group the server accepts.
    pub group: NamedGroup,
    pub server_key: KeyKind,
    /// TLS 1.3: the client lists (and sends its one key share for) the other group first, so
    /// the server must ask for `group` with a HelloRetryRequest.
    pub hello_retry: bool,
    /// `Some(kind)`: the server requires a certificate chaining to `client-ca.pem` and the client
    /// presents its `kind` certificate.
    pub client_key: Option<KeyKind>,
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{} {}{} {:?} server={:?} hrr={} client_auth={:?}]",
            self.version.name().unwrap_or("?"),
            self.suite.name(),
            if self.server_picks_suite {
                " (server's only)"
            } else {
                ""
            },
            self.group,
            self.server_key,
            self.hello_retry,
            self.client_key,
        )
    }
}

/// The group the client lists besides `group`, first (with its one key share) in a
/// HelloRetryRequest cell, where the server's retry leads away from it. In TLS 1.3 the hybrid
/// takes part both ways: its own cells list X25519 besides it (a retry from X25519 into the
/// hybrid), the secp256r1 cells list the hybrid (a retry out of it). TLS 1.2, which never
/// offers the hybrid, pairs secp256r1 with X25519.
pub fn other_group(group: NamedGroup, version: ProtocolVersion) -> NamedGroup {
    match group {
        NamedGroup::SECP256R1 if version == ProtocolVersion::TLS1_3 => NamedGroup::X25519MLKEM768,
        NamedGroup::X25519 => NamedGroup::SECP256R1,
        _ => NamedGroup::X25519,
    }
}

/// The scheme a key of `kind` signs with when the peer offers everything we support (TLS 1.3:
/// RSA keys sign with PSS, RFC 8446 §4.2.3).
pub fn signature_scheme(kind: KeyKind) -> SignatureScheme {
    match kind {
        KeyKind::EcdsaP256 => SignatureScheme::ECDSA_NISTP256_SHA256,
        KeyKind::Ed25519 => SignatureScheme::ED25519,
        KeyKind::Rsa2048 => SignatureScheme::RSA_PSS_RSAE_SHA256,
    }
}

impl Cell {
    /// Every suite of the cell's version, the cell's last.
    fn all_suites(&self) -> Vec<&'static SupportedCipherSuite> {
        ALL_CIPHER_SUITES
            .iter()
            .copied()
            .filter(|s| s.version == self.version && *s != self.suite)
            .chain([self.suite])
            .collect()
    }

    /// The client: trusts `ca.pem`, offers only the cell's version, randomness from `seed`.
    pub fn client_config(&self, seed: u8) -> ClientConfig {
        let mut config = match self.client_key {
            Some(kind) => certs::client_config_with_cert(kind),
            None => certs::client_config(),
        };
        config.provider = Arc::new(providers::client_provider().seeded(seed));
        config.versions = vec![self.version];
        config.cipher_suites = if self.server_picks_suite {
            self.all_suites()
        } else {
            vec![self.suite]
        };
        let other = other_group(self.group, self.version);
        config.groups = if self.hello_retry {
            vec![other, self.group]
        } else {
            vec![self.group, other]
        };
        config.key_share_count = 1;
        config
    }

    /// The server: presents its `server_key` certificate, accepts only the cell's version and
    /// group, randomness from `seed`.
    pub fn server_config(&self, seed: u8) -> ServerConfig {
        let mut config = match self.client_key {
            Some(_) => certs::server_config_requiring_client_auth(self.server_key),
            None => certs::server_config(self.server_key),
        };
        certs::seed_server(&mut config, seed);
        config.versions = vec![self.version];
        config.cipher_suites = if self.server_picks_suite {
            vec![self.suite]
        } else {
            self.all_suites()
        };
        config.groups = vec![self.group];
        config
    }

    fn common(&self) -> Negotiated {
        Negotiated {
            version: Some(self.version),
            suite: Some(self.suite),
            group: Some(self.group),
            alpn: None,
            server_name: Some(certs::SERVER_NAME.to_string()),
            peer_certificates: Vec::new(),
            peer_signature_scheme: None,
            hello_retry: self.hello_retry,
            client_authenticated: self.client_key.is_some(),
            extended_master_secret: true,
        }
    }

    /// What the client's `info()` must say once connected.
    pub fn expected_client(&self) -> Negotiated {
        Negotiated {
            peer_certificates: certs::server_key(self.server_key).chain.clone(),
            peer_signature_scheme: Some(signature_scheme(self.server_key)),
            ..self.common()
        }
    }

    /// What the server's `info()` must say once connected.
    pub fn expected_server(&self) -> Negotiated {
        Negotiated {
            peer_certificates: self
                .client_key
                .map(|kind| certs::client_key(kind).chain.clone())
                .unwrap_or_default(),
            peer_signature_scheme: self.client_key.map(signature_scheme),
            ..self.common()
        }
    }
}

/// Everything one run needs: both configs, the version they must agree on, and what each side's
/// `info()` must say. [`Cell::setup`] builds one; other matrices (version negotiation, TLS 1.2
/// with `require_ems` varied) build or adjust their own and use [`run_setup`] / [`check_setup`].
#[derive(Clone, Debug)]
pub struct Setup {
    pub client: ClientConfig,
    pub server: ServerConfig,
    pub version: ProtocolVersion,
    pub expected_client: Negotiated,
    pub expected_server: Negotiated,
}

impl Cell {
    /// The cell's configs (seeded with [`CLIENT_SEED`] and [`SERVER_SEED`]) and expectations.
    pub fn setup(&self) -> Setup {
        Setup {
            client: self.client_config(CLIENT_SEED),
            server: self.server_config(SERVER_SEED),
            version: self.version,
            expected_client: self.expected_client(),
            expected_server: self.expected_server(),
        }
    }
}

/// The comparable part of a [`ConnectionInfo`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Negotiated {
    pub version: Option<ProtocolVersion>,
    pub suite: Option<&'static SupportedCipherSuite>,
    pub group: Option<NamedGroup>,
    pub alpn: Option<Vec<u8>>,
    pub server_name: Option<String>,
    pub peer_certificates: Vec<CertificateDer<'static>>,
    pub peer_signature_scheme: Option<SignatureScheme>,
    pub hello_retry: bool,
    pub client_authenticated: bool,
    pub extended_master_secret: bool,
}

impl From<&ConnectionInfo> for Negotiated {
    fn from(info: &ConnectionInfo) -> Self {
        Self {
            version: info.version,
            suite: info.suite,
            group: info.group,
            alpn: info.alpn.clone(),
            server_name: info.server_name.clone(),
            peer_certificates: info.peer_certificates.to_vec(),
            peer_signature_scheme: info.peer_signature_scheme,
            hello_retry: info.hello_retry,
            client_authenticated: info.client_authenticated,
            extended_master_secret: info.extended_master_secret,
        }
    }
}

/// What one side of a run showed.
#[derive(Clone, PartialEq, Eq)]
pub struct Side {
    /// `info()` right after the handshake.
    pub info: Negotiated,
    /// Every event, in order.
    pub events: Vec<Event>,
    /// Every byte it wrote.
    pub wrote: Vec<u8>,
}

impl fmt::Debug for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Side")
            .field("info", &self.info)
            .field(
                "events",
                &self.events.iter().map(show_event).collect::<Vec<_>>(),
            )
            .field(
                "wrote",
                &format_args!("{} bytes, fnv {:016x}", self.wrote.len(), fnv(&self.wrote)),
            )
            .finish()
    }
}

/// What a run showed on both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub client: Side,
    pub server: Side,
}

/// An event, shortly (a received ticket is long).
pub fn show_event(event: &Event) -> String {
    match event {
        Event::TicketReceived(_) => "TicketReceived(..)".to_string(),
        other => format!("{other:?}"),
    }
}

/// How many records `wire` holds (whole records, as a side wrote them).
fn record_count(mut wire: &[u8]) -> usize {
    let mut count = 0;
    while let Ok(Some(record)) = deframe(wire, MAX_TLS13_CIPHERTEXT_LEN) {
        wire = &wire[record.total_len()..];
        count += 1;
    }
    count
}

/// FNV-1a, to name a byte string in a message.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Where two sides differ, in a few words.
pub fn side_difference(a: &Side, b: &Side) -> Option<String> {
    if a.info != b.info {
        return Some(format!("info {:?} vs {:?}", a.info, b.info));
    }
    if a.events != b.events {
        let at = a
            .events
            .iter()
            .zip(&b.events)
            .position(|(x, y)| x != y)
            .unwrap_or(a.events.len().min(b.events.len()));
        let show = |events: &[Event]| events.iter().map(show_event).collect::<Vec<_>>();
        return Some(format!(
            "events differ from #{at}: {:?} vs {:?}",
            show(&a.events[at..]),
            show(&b.events[at..])
        ));
    }
    if a.wrote != b.wrote {
        let at = a
            .wrote
            .iter()
            .zip(&b.wrote)
            .position(|(x, y)| x != y)
            .unwrap_or(a.wrote.len().min(b.wrote.len()));
        return Some(format!(
            "wrote {} vs {} bytes, first difference at offset {at}",
            a.wrote.len(),
            b.wrote.len()
        ));
    }
    None
}

/// `len` bytes of a pattern that differs per `tag`, so swapped or shifted data shows.
pub fn pattern(tag: u8, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(tag) ^ (i >> 8) as u8)
        .collect()
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

/// Check that `got` is `want` (application data, compared without printing it whole).
fn same_data(what: &str, got: &[u8], want: &[u8]) -> Result<(), String> {
    ensure!(
        got == want,
        "{what}: received {} bytes (fnv {:016x}), expected {} (fnv {:016x})",
        got.len(),
        fnv(got),
        want.len(),
        fnv(want)
    );
    Ok(())
}

/// The seeds of the client's and the server's providers for a cell: fixed, so every delivery
/// of the cell replays the same randomness.
pub const CLIENT_SEED: u8 = 0xc1;
pub const SERVER_SEED: u8 = 0x5e;

/// Run `cell` once with `delivery`; `Err` says which step failed.
pub fn run(cell: &Cell, delivery: Delivery) -> Result<Outcome, String> {
    run_setup(cell.setup(), delivery)
}

/// Run `setup` once with `delivery`: handshake, infos, data both ways, a KeyUpdate (TLS 1.3) or
/// the refusal of one (TLS 1.2), close_notify both ways; `Err` says which step failed.
pub fn run_setup(setup: Setup, delivery: Delivery) -> Result<Outcome, String> {
    run_setup_driven(setup, delivery, |mut pair| {
        let result = pair.handshake();
        (pair, result)
    })
}

/// [`run_setup`] with the handshake made by `handshake` instead of [`Pair::handshake`]: it takes
/// the fresh pair and returns it with the handshake's result (e.g.
/// [`Deferring::driver`](crate::deferring::Deferring::driver), whose application answers late).
pub fn run_setup_driven(
    setup: Setup,
    delivery: Delivery,
    handshake: impl FnOnce(Pair) -> (Pair, Result<(), crate::pair::HandshakeFailure>),
) -> Result<Outcome, String> {
    let Setup {
        client,
        server,
        version,
        expected_client,
        expected_server,
    } = setup;
    let pair = Pair::new(
        Arc::new(client),
        Arc::new(server),
        certs::SERVER_NAME,
        delivery,
    );
    let (mut pair, result) = handshake(pair);
    result.map_err(|e| format!("handshake failed: {e}"))?;
    let complete = Event::HandshakeComplete { version };
    ensure!(
        pair.client.saw(&complete) && pair.server.saw(&complete),
        "no HandshakeComplete: client {:?}, server {:?}",
        pair.client.events,
        pair.server.events
    );
    let client_info = Negotiated::from(pair.client.conn.info());
    let server_info = Negotiated::from(pair.server.conn.info());
    let want = expected_client;
    ensure!(
        client_info == want,
        "client info\n  got  {client_info:?}\n  want {want:?}"
    );
    let want = expected_server;
    ensure!(
        server_info == want,
        "server info\n  got  {server_info:?}\n  want {want:?}"
    );

    // What each side has sent so far, to compare with what the other received.
    let mut to_server = Vec::new();
    let mut to_client = Vec::new();
    let mut exchange = |pair: &mut Pair, from_client: &[u8], from_server: &[u8], step: &str| {
        pair.client_send(from_client);
        pair.server_send(from_server);
        pair.pump();
        to_server.extend_from_slice(from_client);
        to_client.extend_from_slice(from_server);
        same_data(
            &format!("{step}, server"),
            &pair.server.received_data(),
            &to_server,
        )?;
        same_data(
            &format!("{step}, client"),
            &pair.client.received_data(),
            &to_client,
        )
    };

    exchange(
        &mut pair,
        b"hello from the client",
        b"hello from the server",
        "short messages",
    )?;
    // Counted on the wire: the receiver's notifications stand for any number of records.
    let before = (pair.server_wrote.len(), pair.client_wrote.len());
    exchange(
        &mut pair,
        &pattern(1, BIG_MESSAGE_LEN),
        &pattern(2, BIG_MESSAGE_LEN),
        "40 KiB messages",
    )?;
    let records = (
        record_count(&pair.server_wrote[before.0..]),
        record_count(&pair.client_wrote[before.1..]),
    );
    ensure!(
        records.0 >= 3 && records.1 >= 3,
        "a 40 KiB message came in (client, server) = {records:?} records, expected at least 3"
    );

    if version == ProtocolVersion::TLS1_2 {
        // TLS 1.2 has no KeyUpdate: the API says so and nothing goes on the wire.
        let wrote = (pair.client_wrote.len(), pair.server_wrote.len());
        for request_peer in [false, true] {
            let results = (
                pair.client.conn.update_keys(request_peer),
                pair.server.conn.update_keys(request_peer),
            );
            ensure!(
                matches!(
                    results,
                    (Err(ApiError::Unsupported(_)), Err(ApiError::Unsupported(_)))
                ),
                "update_keys({request_peer}) in TLS 1.2: {results:?}, expected Unsupported"
            );
        }
        pair.pump();
        ensure!(
            (pair.client_wrote.len(), pair.server_wrote.len()) == wrote,
            "a refused update_keys wrote bytes"
        );
        exchange(
            &mut pair,
            b"after the refused update_keys",
            b"still the same keys",
            "after update_keys",
        )?;
    }
    if version == ProtocolVersion::TLS1_3 {
        pair.client
            .conn
            .update_keys(true)
            .map_err(|e| format!("update_keys: {e:?}"))?;
        exchange(
            &mut pair,
            b"after the client's KeyUpdate",
            b"after the server's answering KeyUpdate",
            "after KeyUpdate",
        )?;
        ensure!(
            pair.server.saw(&Event::KeyUpdated {
                we_updated_too: true
            }),
            "server events {:?}",
            pair.server
                .events
                .iter()
                .map(show_event)
                .collect::<Vec<_>>()
        );
        ensure!(
            pair.client.saw(&Event::KeyUpdated {
                we_updated_too: false
            }),
            "client events {:?}",
            pair.client
                .events
                .iter()
                .map(show_event)
                .collect::<Vec<_>>()
        );
    }

    pair.client.conn.close();
    pair.pump();
    ensure!(
        pair.server.saw(&Event::PeerClosed),
        "server did not see the client's close_notify"
    );
    pair.server.conn.close();
    pair.pump();
    ensure!(
        pair.client.saw(&Event::PeerClosed),
        "client did not see the server's close_notify"
    );
    ensure!(
        pair.client_hangs_up() == Ok(()) && pair.server_hangs_up() == Ok(()),
        "EOF after close_notify was not clean"
    );
    ensure!(
        pair.client.error.is_none() && pair.server.error.is_none(),
        "errors: client {:?}, server {:?}",
        pair.client.error,
        pair.server.error
    );

    Ok(Outcome {
        client: Side {
            info: client_info,
            events: pair.client.events,
            wrote: pair.client_wrote,
        },
        server: Side {
            info: server_info,
            events: pair.server.events,
            wrote: pair.server_wrote,
        },
    })
}

/// The deliveries every cell is repeated with besides whole flights: one byte at a time, and
/// random chunks from small to larger than a record, seeded from `salt`.
pub fn deliveries(salt: u64) -> Vec<Delivery> {
    vec![
        Delivery::Bytewise,
        Delivery::Random {
            seed: salt,
            max_chunk: 3,
        },
        Delivery::Random {
            seed: salt + 1,
            max_chunk: 17,
        },
        Delivery::Random {
            seed: salt + 2,
            max_chunk: 300,
        },
        Delivery::Random {
            seed: salt + 3,
            max_chunk: 2_000,
        },
        Delivery::Random {
            seed: salt + 4,
            max_chunk: 20_000,
        },
    ]
}

/// Run `cell` with whole flights and then with each of `others`; `Err` names the first failing
/// run, or the first that differs from the whole-flights one.
pub fn check_cell(cell: &Cell, others: &[Delivery]) -> Result<(), String> {
    check_setup(cell, || cell.setup(), others).map(drop)
}

/// [`check_cell`] for any [`Setup`]: `make` builds a fresh one per run, `name` names it.
pub fn check_setup(
    name: &dyn fmt::Display,
    make: impl Fn() -> Setup,
    others: &[Delivery],
) -> Result<Outcome, String> {
    let reference =
        run_setup(make(), Delivery::Flights).map_err(|e| format!("{name} Flights: {e}"))?;
    for &delivery in others {
        let outcome =
            run_setup(make(), delivery).map_err(|e| format!("{name} {delivery:?}: {e}"))?;
        for (side, a, b) in [
            ("client", &reference.client, &outcome.client),
            ("server", &reference.server, &outcome.server),
        ] {
            if let Some(diff) = side_difference(a, b) {
                return Err(format!(
                    "{name} {delivery:?}: {side} differs from the Flights run: {diff}"
                ));
            }
        }
    }
    Ok(reference)
}

/// Run `check`, the check of the `i`th cell of a matrix, with the client and the server on the
/// `i`th provider pair (in turn, [`providers::provider_pairs`]); an error names the pair.
pub fn on_provider_pair<T>(
    i: usize,
    check: impl FnOnce() -> Result<T, String>,
) -> Result<T, String> {
    let pairs = providers::provider_pairs();
    let (client, server) = pairs[i % pairs.len()];
    providers::with_pair(client, server, check)
        .map_err(|e| format!("client on {}, server on {}: {e}", client.name, server.name))
}

/// Check every cell; panics listing every failure.
pub fn check_cells(cells: &[Cell], salt: u64) {
    let failures: Vec<String> = cells
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| {
            on_provider_pair(i, || check_cell(cell, &deliveries(salt + 10 * i as u64))).err()
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cells failed:\n{}",
        failures.len(),
        cells.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Handshakes with flights rewritten on the way.

/// Which way a flight travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    ToServer,
    ToClient,
}

/// One side of a [`tampered`] handshake.
struct Wired<H> {
    conn: Connection<H>,
    inbox: Vec<u8>,
    events: Vec<Event>,
    wrote: Vec<u8>,
}

impl<H: Handshake> Wired<H> {
    fn new(conn: Connection<H>) -> Self {
        Self {
            conn,
            inbox: Vec::new(),
            events: Vec::new(),
            wrote: Vec::new(),
        }
    }

    /// What `write_tls` has queued (logged in `wrote` as written, before any rewriting).
    fn take_flight(&mut self) -> Vec<u8> {
        let mut wire = Vec::new();
        self.conn.write_tls(&mut wire);
        self.wrote.extend_from_slice(&wire);
        wire
    }

    /// Deliver `wire` in the chunks `chunker` cuts; stops at the first error.
    fn deliver(&mut self, wire: &[u8], chunker: &mut Chunker, now: UnixTime) {
        for chunk in chunker.split(wire) {
            if self.conn.failure().is_some() {
                return;
            }
            self.inbox.extend_from_slice(chunk);
            let result = self.conn.handle_tls(&mut self.inbox, now);
            while let Some(event) = self.conn.poll_event() {
                self.events.push(event);
            }
            match result {
                Ok(used) => drop(self.inbox.drain(..used)),
                Err(_) => return,
            }
        }
    }

    fn done(&self) -> bool {
        !self.conn.is_handshaking() && self.conn.failure().is_none()
    }

    fn outcome(self) -> TamperedSide {
        TamperedSide {
            completed: self.done(),
            failure: self.conn.failure().cloned(),
            info: Negotiated::from(self.conn.info()),
            events: self.events.iter().map(show_event).collect(),
            wrote: self.wrote,
        }
    }
}

/// What one side of a [`tampered`] handshake showed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TamperedSide {
    /// The handshake completed and the side has not failed.
    pub completed: bool,
    /// The error the connection failed with.
    pub failure: Option<Error>,
    /// `info()` at the end (whatever was negotiated before a failure).
    pub info: Negotiated,
    /// Its events, as [`show_event`] shows them.
    pub events: Vec<String>,
    /// Every byte it wrote, before any rewriting.
    pub wrote: Vec<u8>,
}

/// How a [`tampered`] handshake ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tampered {
    pub client: TamperedSide,
    pub server: TamperedSide,
}

/// A handshake between `client` and `server` (for [`certs::SERVER_NAME`]) in which `edit` sees,
/// and may rewrite, every flight before it is delivered in `delivery`'s chunks: `edit(direction,
/// index of the flight in that direction, bytes)`. Stops when both sides completed, one failed
/// (after its alert was delivered), or nothing moves.
pub fn tampered(
    client: ClientConfig,
    server: ServerConfig,
    delivery: Delivery,
    mut edit: impl FnMut(Direction, usize, &mut Vec<u8>),
) -> Tampered {
    let now = UnixTime::since_unix_epoch(crate::pair::START_TIME);
    let name = ServerName::try_from(certs::SERVER_NAME).expect("a valid name");
    let mut c = Wired::new(ClientConnection::new(Arc::new(client), name, now).expect("client"));
    let mut s = Wired::new(ServerConnection::new(Arc::new(server)).expect("server"));
    let mut chunker = Chunker::new(delivery);
    let mut flights = (0, 0);
    for _ in 0..16 {
        let failed_before = c.conn.failure().is_some() || s.conn.failure().is_some();
        let mut wire = c.take_flight();
        let mut moved = wire.len();
        if !wire.is_empty() {
            edit(Direction::ToServer, flights.0, &mut wire);
            flights.0 += 1;
            s.deliver(&wire, &mut chunker, now);
        }
        let mut wire = s.take_flight();
        moved += wire.len();
        if !wire.is_empty() {
            edit(Direction::ToClient, flights.1, &mut wire);
            flights.1 += 1;
            c.deliver(&wire, &mut chunker, now);
        }
        if failed_before || moved == 0 || (c.done() && s.done()) {
            break;
        }
    }
    // Whatever is still queued (an alert written in the last round) reaches the peer.
    let wire = c.take_flight();
    s.deliver(&wire, &mut chunker, now);
    let wire = s.take_flight();
    c.deliver(&wire, &mut chunker, now);
    Tampered {
        client: c.outcome(),
        server: s.outcome(),
    }
}

/// Run [`tampered`] with whole flights and every delivery of [`deliveries`]`(salt)`; every run
/// must end the same way (errors, infos, events, written bytes). Returns that ending.
pub fn tampered_everywhere(
    client: impl Fn() -> ClientConfig,
    server: impl Fn() -> ServerConfig,
    salt: u64,
    edit: impl Fn(Direction, usize, &mut Vec<u8>),
) -> Tampered {
    let reference = tampered(client(), server(), Delivery::Flights, &edit);
    for delivery in deliveries(salt) {
        let run = tampered(client(), server(), delivery, &edit);
        assert_eq!(run, reference, "{delivery:?} differs from the Flights run");
    }
    reference
}

/// The first handshake message of the first record of `wire`, if the record is a handshake
/// record holding the whole message: (offset of the message header in `wire`, message type,
/// body length).
fn first_message(wire: &[u8]) -> Option<(usize, u8, usize)> {
    let record_len = usize::from(u16::from_be_bytes([*wire.get(3)?, *wire.get(4)?]));
    let message = wire.get(5..5 + record_len)?;
    if wire[0] != 22 || message.len() < 4 {
        return None;
    }
    let len =
        usize::from(message[1]) << 16 | usize::from(message[2]) << 8 | usize::from(message[3]);
    (4 + len <= message.len()).then_some((5, message[0], len))
}

/// Remove extension `ext` from the ClientHello or ServerHello at the start of `wire` (the first
/// record), fixing the extensions, message and record lengths. Returns whether it was there.
pub fn strip_extension(wire: &mut Vec<u8>, ext: u16) -> bool {
    let Some((at, kind, len)) = first_message(wire) else {
        return false;
    };
    let body = at + 4;
    // legacy_version and random, then session_id<0..32>.
    let mut pos = body + 2 + 32;
    pos += 1 + usize::from(wire[pos]);
    match kind {
        // ClientHello: cipher_suites<2..2^16-2>, compression_methods<1..2^8-1>.
        1 => {
            pos += 2 + usize::from(u16::from_be_bytes([wire[pos], wire[pos + 1]]));
            pos += 1 + usize::from(wire[pos]);
        }
        // ServerHello: cipher_suite, compression_method.
        2 => pos += 3,
        _ => return false,
    }
    let extensions_at = pos;
    let end = body + len;
    pos += 2;
    while pos + 4 <= end {
        let kind = u16::from_be_bytes([wire[pos], wire[pos + 1]]);
        let ext_len = 4 + usize::from(u16::from_be_bytes([wire[pos + 2], wire[pos + 3]]));
        if kind == ext {
            wire.drain(pos..pos + ext_len);
            let shrink = |wire: &mut Vec<u8>, at: usize, bytes: usize| {
                let mut value = 0usize;
                for b in &wire[at..at + bytes] {
                    value = value << 8 | usize::from(*b);
                }
                let value = value - ext_len;
                for (i, b) in wire[at..at + bytes].iter_mut().enumerate() {
                    *b = (value >> (8 * (bytes - 1 - i))) as u8;
                }
            };
            shrink(wire, extensions_at, 2);
            shrink(wire, at + 1, 3);
            shrink(wire, 3, 2);
            return true;
        }
        pos += ext_len;
    }
    false
}

/// The random of the ServerHello at the start of `wire` (the server's first flight).
pub fn server_hello_random(wire: &mut [u8]) -> Option<&mut [u8]> {
    match first_message(wire)? {
        (at, 2, len) if len >= 34 => Some(&mut wire[at + 6..at + 38]),
        _ => None,
    }
}
