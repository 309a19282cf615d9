//! Heap allocations per handshake, counted by a global allocator (`stats_alloc`, no unsafe code
//! on our side): a full TLS 1.3 handshake (X25519, ECDSA P-256, the server's default two
//! tickets, both received), a TLS 1.3 ticket resumption of it and a TLS 1.2 RFC 5077 ticket
//! resumption, each client and server together, from the connections' construction to the last
//! byte the client reads. A reallocation (a growing buffer) counts as an allocation: it is a trip
//! to the allocator too.
//!
//! Allocation counts are deterministic for a given build of the code, so each is asserted as an
//! exact regression bound: the figure this code reached. A change that allocates more on the
//! handshake path fails here; one that allocates less should lower the bound. The counts are
//! process-wide, which is why this is a test target of its own with a single test, and why the
//! driver below moves bytes through buffers reserved before counting starts.
#![forbid(unsafe_code)]

use std::alloc::System;
use std::sync::Arc;

use ferrotls_core::conn::Handshake;
use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{
    ClientConfig, ClientConnection, Connection, Event, ProtocolVersion, ServerConfig,
    ServerConnection,
};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::pair::START_TIME;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations of one full TLS 1.3 handshake, client and server (issue 11's target: 170; 234
/// when this test was written; 129 before the key schedule kept each stage's PRK keyed into
/// HMAC, one boxed keyed state per connection, rekeyed stage by stage; 130 before Finished was
/// encoded on the stack, a ticket moved into the session rather than copied and the flights
/// were reserved whole; 120 before the server's chain was shared by the tickets rather than
/// copied into each; 115 before our Certificate message was encoded straight from the chain;
/// 113 before the certificate resolver stopped lower-casing the client's name and collecting
/// its candidates; 111 before the ServerHello echoed the legacy_session_id from the ClientHello
/// instead of a copy; 110 before an extension block's duplicate check kept the types on the
/// stack; 107 before the default verifiers stopped collecting the supported schemes for each
/// handshake signature; 106 before the client checked the server's CertificateVerify against
/// content built on the stack; 105 before a received Finished kept its verify_data inline).
const TLS13_FULL_BOUND: usize = 103;

/// Allocations of one TLS 1.2 ticket resumption, client and server (issue 11's target: 115;
/// 167 when this test was written; 74 before Finished was encoded on the stack, the client kept
/// the TLS 1.2 messages only when it may sign them and a handshake's first record found room;
/// 66 before the session's chain was shared by the resumption and its ticket rather than copied;
/// 62 before the server encoded its ServerHello and NewSessionTicket straight into one flight
/// and renewed the ticket's state in place, the abbreviated handshakes' last states shared
/// their allocations and the duplicate check of extension blocks kept the types on the stack;
/// 49 before a received Finished kept its verify_data inline).
const TLS12_RESUMPTION_BOUND: usize = 47;

/// Allocations of one TLS 1.3 ticket resumption (psk_dhe_ke, X25519; the server's default two
/// tickets, both received), client and server (127 when this test was written, before the
/// session's chain was shared by the resumption and its tickets rather than copied; 121 before
/// the server stopped choosing a certificate for a handshake that resumes; 116 before the
/// legacy_session_id echo was borrowed and the resumed session's id was copied once, not
/// three times; 113 before an extension block's duplicate check kept the types on the stack;
/// 110 before the client's Early Secret, extracted for the binder, went on into the Handshake
/// Secret instead of being extracted again; 109 before a received Finished kept its
/// verify_data inline).
const TLS13_RESUMPTION_BOUND: usize = 107;

/// Room for any flight of these handshakes, reserved before counting.
const WIRE_CAPACITY: usize = 64 * 1024;

fn now() -> UnixTime {
    UnixTime::since_unix_epoch(START_TIME)
}

fn server_name() -> ServerName<'static> {
    ServerName::try_from(certs::SERVER_NAME.to_string()).expect("server name")
}

/// The wire between the two sides: one buffer per direction, reserved once.
struct Wire {
    to_server: Vec<u8>,
    to_client: Vec<u8>,
}

impl Wire {
    fn new() -> Self {
        Self {
            to_server: Vec::with_capacity(WIRE_CAPACITY),
            to_client: Vec::with_capacity(WIRE_CAPACITY),
        }
    }

    /// Room for any flight again, before counting: `write_tls` swaps our empty buffer for the
    /// connection's records, and a connection gives the allocation it holds back once its
    /// handshake's flights are taken, so after a handshake these may be small.
    fn reserve(&mut self) {
        self.to_server.reserve(WIRE_CAPACITY);
        self.to_client.reserve(WIRE_CAPACITY);
    }
}

/// Give `conn` everything in `buf` and drop its events (each was allocated by the connection,
/// so it is counted; keeping it would count our storage too). Returns how many
/// `TicketReceived` events there were.
fn deliver<H: Handshake>(conn: &mut Connection<H>, buf: &mut Vec<u8>) -> usize {
    let used = conn.handle_tls(buf, now()).expect("handshake step");
    assert_eq!(used, buf.len(), "whole flights are delivered");
    buf.clear();
    let mut tickets = 0;
    while let Some(event) = conn.poll_event() {
        tickets += usize::from(matches!(event, Event::TicketReceived(_)));
    }
    tickets
}

/// Move bytes both ways until neither side has anything to say; returns the number of tickets
/// the client received.
fn run(client: &mut ClientConnection, server: &mut ServerConnection, wire: &mut Wire) -> usize {
    let mut tickets = 0;
    loop {
        client.write_tls(&mut wire.to_server);
        let moved_up = !wire.to_server.is_empty();
        if moved_up {
            deliver(server, &mut wire.to_server);
        }
        server.write_tls(&mut wire.to_client);
        let moved_down = !wire.to_client.is_empty();
        if moved_down {
            tickets += deliver(client, &mut wire.to_client);
        }
        if !moved_up && !moved_down {
            break;
        }
    }
    assert!(!client.is_handshaking() && client.failure().is_none());
    assert!(!server.is_handshaking() && server.failure().is_none());
    tickets
}

/// Count the allocations and reallocations of `f`; what it returns is dropped outside the count.
fn count<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let region = Region::new(GLOBAL);
    let out = f();
    let stats = region.change();
    (out, stats.allocations + stats.reallocations)
}

/// Default configurations (the client offers TLS 1.3 and 1.2; the server sends two tickets),
/// the server with an ECDSA P-256 certificate, except the client's groups: the classical ones
/// with one X25519 key share, the handshake these bounds were measured on (the default adds
/// X25519MLKEM768 and its share first).
///
/// Both sides draw from seeded random sources made afresh for each call, so the warm-up and the
/// measured handshake see the same bytes: with operating-system randomness the count varied by
/// a few allocations from run to run (e.g. DER-encoded ECDSA signatures differ in length).
fn tls13_configs() -> (Arc<ClientConfig>, Arc<ServerConfig>) {
    let mut client = certs::client_config();
    client.provider = certs::seeded_provider(1);
    client.groups = vec![
        NamedGroup::X25519,
        NamedGroup::SECP256R1,
        NamedGroup::SECP384R1,
    ];
    client.key_share_count = 1;
    let mut server = certs::server_config(KeyKind::EcdsaP256);
    certs::seed_server(&mut server, 2);
    (Arc::new(client), Arc::new(server))
}

/// A TLS 1.2-only client asking for RFC 5077 tickets; the server as above, seeded likewise.
fn tls12_configs() -> (Arc<ClientConfig>, Arc<ServerConfig>) {
    let mut client = certs::client_config();
    client.provider = certs::seeded_provider(3);
    client.versions = vec![ProtocolVersion::TLS1_2];
    client.tls12_session_tickets = true;
    let mut server = certs::server_config(KeyKind::EcdsaP256);
    certs::seed_server(&mut server, 4);
    (Arc::new(client), Arc::new(server))
}

fn tls13_full_handshake(wire: &mut Wire) -> usize {
    let (client_config, server_config) = tls13_configs();
    let name = server_name();
    wire.reserve();
    let ((client, server, tickets), allocations) = count(|| {
        let mut client = ClientConnection::new(client_config, name, now()).expect("client");
        let mut server = ServerConnection::new(server_config).expect("server");
        let tickets = run(&mut client, &mut server, wire);
        (client, server, tickets)
    });
    assert_eq!(tickets, 2, "the server's default two tickets");
    assert_eq!(client.info().version, Some(ProtocolVersion::TLS1_3));
    assert_eq!(client.info().group, Some(NamedGroup::X25519));
    assert!(!client.is_resumed());
    drop((client, server));
    allocations
}

fn tls13_ticket_resumption(wire: &mut Wire) -> usize {
    let (client_config, server_config) = tls13_configs();
    // The session to resume, from a full handshake outside the count.
    let mut client = ClientConnection::new(client_config.clone(), server_name(), now()).unwrap();
    let mut server = ServerConnection::new(server_config.clone()).unwrap();
    assert_eq!(run(&mut client, &mut server, wire), 2);
    let data = client.resumption_data().expect("a TLS 1.3 ticket");
    drop((client, server));

    let name = server_name();
    wire.reserve();
    let ((client, server, tickets), allocations) = count(|| {
        let mut client =
            ClientConnection::resume(client_config, name, data, now()).expect("client");
        let mut server = ServerConnection::new(server_config).expect("server");
        let tickets = run(&mut client, &mut server, wire);
        (client, server, tickets)
    });
    assert_eq!(tickets, 2, "the server's default two tickets");
    assert_eq!(client.info().version, Some(ProtocolVersion::TLS1_3));
    assert_eq!(client.info().group, Some(NamedGroup::X25519));
    assert!(client.is_resumed() && server.is_resumed(), "a resumption");
    drop((client, server));
    allocations
}

fn tls12_ticket_resumption(wire: &mut Wire) -> usize {
    let (client_config, server_config) = tls12_configs();
    // The session to resume, from a full handshake outside the count.
    let mut client = ClientConnection::new(client_config.clone(), server_name(), now()).unwrap();
    let mut server = ServerConnection::new(server_config.clone()).unwrap();
    assert_eq!(run(&mut client, &mut server, wire), 1);
    let data = client.resumption_data().expect("a TLS 1.2 session");
    drop((client, server));

    let name = server_name();
    wire.reserve();
    let ((client, server), allocations) = count(|| {
        let mut client =
            ClientConnection::resume(client_config, name, data, now()).expect("client");
        let mut server = ServerConnection::new(server_config).expect("server");
        run(&mut client, &mut server, wire);
        (client, server)
    });
    assert_eq!(client.info().version, Some(ProtocolVersion::TLS1_2));
    assert!(client.is_resumed() && server.is_resumed(), "a resumption");
    drop((client, server));
    allocations
}

#[test]
fn allocations_per_handshake() {
    let mut wire = Wire::new();
    // Warm up once: first uses in the process (lazy statics, thread-locals) are not the
    // handshake's.
    tls13_full_handshake(&mut wire);
    tls13_ticket_resumption(&mut wire);
    tls12_ticket_resumption(&mut wire);

    let tls13 = tls13_full_handshake(&mut wire);
    let tls13_resumed = tls13_ticket_resumption(&mut wire);
    let tls12 = tls12_ticket_resumption(&mut wire);
    println!("full TLS 1.3 handshake (X25519, ECDSA P-256, 2 tickets): {tls13} allocations");
    println!("TLS 1.3 ticket resumption (psk_dhe_ke, 2 tickets): {tls13_resumed} allocations");
    println!("TLS 1.2 ticket resumption: {tls12} allocations");
    assert!(
        tls13 <= TLS13_FULL_BOUND,
        "TLS 1.3 full: {tls13} allocations"
    );
    assert!(
        tls13_resumed <= TLS13_RESUMPTION_BOUND,
        "TLS 1.3 resumption: {tls13_resumed} allocations"
    );
    assert!(
        tls12 <= TLS12_RESUMPTION_BOUND,
        "TLS 1.2 resumption: {tls12} allocations"
    );
}
