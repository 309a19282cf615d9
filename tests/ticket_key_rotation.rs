//! Ticket key rotation through real handshakes, TLS 1.2 and TLS 1.3, on the virtual clock:
//! two servers A and B whose key rings are made from one secret file (a fleet), a client that
//! gets a ticket from A in the last seconds of key k's encrypt window and resumes on B:
//! - still in period k: resumed, and the new ticket is under k;
//! - at the end of k's decrypt window (12 periods later): resumed, and the new ticket is under
//!   the current key, counted as a renewal of generation k;
//! - from the end of k's decrypt window on: a full handshake (`Undecryptable` on the server,
//!   `DeclinedByServer` on the client).
//!
//! The client's own copy of the first ticket would expire before key k does (a ticket never
//! outlives the decrypt window it was announced with), so the last offer is made from a copy
//! relabelled with a longer lifetime: a client that keeps tickets too long.
#![forbid(unsafe_code)]

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::crypto::rustcrypto::default_provider;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{ResumptionKind, TICKET_KEY_NAME_LEN};
use ferrotls_core::{
    ClientConfig, DeclineReason, Event, ProtocolVersion, ResumptionData, ServerConfig,
};
use ferrotls_session_cache::{Rotation, TicketKeyRing};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::pair::{Pair, START_TIME};
use ferrotls_tests::sessions::{self, declines};

const E: u64 = 3600;
const D: u64 = 12 * 3600;

fn secs(t: u64) -> Duration {
    Duration::from_secs(t)
}

fn at(t: u64) -> UnixTime {
    UnixTime::since_unix_epoch(secs(t))
}

struct Server {
    config: Arc<ServerConfig>,
    ring: Arc<TicketKeyRing>,
}

fn server(version: ProtocolVersion, secret_file: &std::path::Path, made: u64) -> Server {
    let ring = Arc::new(
        TicketKeyRing::from_secret_file(
            &default_provider(),
            secret_file,
            Rotation::default(),
            at(made),
        )
        .expect("ring"),
    );
    let mut config = certs::server_config(KeyKind::EcdsaP256);
    config.versions = vec![version];
    config.ticket_sealer = Some(ring.clone());
    // Tickets only: every resumption goes through the ring.
    config.session_store = None;
    Server {
        config: Arc::new(config),
        ring,
    }
}

fn client(version: ProtocolVersion) -> Arc<ClientConfig> {
    let mut config = certs::client_config();
    config.versions = vec![version];
    config.tls12_session_tickets = true;
    Arc::new(config)
}

/// A handshake at `t`, resuming `data` if given, with the tickets delivered afterwards.
fn connect(
    client: &Arc<ClientConfig>,
    server: &Server,
    data: Option<ResumptionData>,
    t: u64,
) -> Pair {
    match data {
        Some(data) => sessions::resumed_handshake(client, &server.config, data, &[], secs(t)),
        None => sessions::full_handshake(client, &server.config, secs(t)),
    }
}

/// The last ticket the client got, and the name of the key it is sealed under.
fn newest_ticket(pair: &Pair) -> (ResumptionData, [u8; TICKET_KEY_NAME_LEN]) {
    let data = pair
        .client
        .events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::TicketReceived(data) => Some(ResumptionData::clone(data)),
            _ => None,
        })
        .expect("a ticket");
    let name = data.ticket()[..TICKET_KEY_NAME_LEN].try_into().unwrap();
    (data, name)
}

/// `data` with the same ticket and secret, offered for `lifetime` seconds.
fn kept_longer(data: &ResumptionData, lifetime: u32) -> ResumptionData {
    match data.kind() {
        ResumptionKind::Tls13Ticket => ResumptionData::tls13_ticket(
            data.params().clone(),
            data.ticket().to_vec(),
            data.received(),
            lifetime,
            data.ticket_age_add(),
            data.max_early_data_size(),
        ),
        _ => ResumptionData::tls12_ticket(
            data.params().clone(),
            data.ticket().to_vec(),
            data.session_id().to_vec(),
            data.received(),
            lifetime,
        ),
    }
    .unwrap()
}

fn rotation_through_handshakes(version: ProtocolVersion) {
    let dir = std::env::temp_dir().join(format!(
        "ferrotls-rotation-{}-{:?}",
        std::process::id(),
        version
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let secret_file = dir.join("ticket-secret");
    std::fs::write(
        &secret_file,
        b"fleet secret: 32 bytes or more, shared by A and B",
    )
    .unwrap();

    let start = START_TIME.as_secs();
    assert_eq!(start % E, 0, "the clock starts a period");
    let k = start / E;
    let issued = start + E - 10;
    // Servers started at different times still share every key.
    let a = server(version, &secret_file, start);
    let b = server(version, &secret_file, start + 5 * E);
    let client = client(version);
    let key_k = a.ring.key_name_of(k).unwrap();
    assert_eq!(b.ring.key_name_of(k), Some(key_k));

    let full = connect(&client, &a, None, issued);
    assert!(!full.client.conn.is_resumed());
    let (first, name) = newest_ticket(&full);
    assert_eq!(name, key_k, "{version:?}: sealed under the current key");
    assert_eq!(
        u64::from(first.lifetime()),
        D,
        "the decrypt window is announced"
    );

    // Still period k, on the other server: resumed, the new ticket under k.
    let same = connect(&client, &b, Some(first.clone()), issued + 5);
    assert!(same.client.conn.is_resumed() && same.server.conn.is_resumed());
    assert_eq!(newest_ticket(&same).1, key_k);

    // The end of k's decrypt window: k only opens; the new ticket is under the current key.
    let late = start + E + D - 20;
    assert!(first.received().as_secs() + u64::from(first.lifetime()) > late);
    let renewal = connect(&client, &b, Some(first.clone()), late);
    assert!(
        renewal.client.conn.is_resumed() && renewal.server.conn.is_resumed(),
        "{version:?}: resumed under a key that only decrypts"
    );
    let (renewed, renewed_name) = newest_ticket(&renewal);
    assert_ne!(renewed_name, key_k);
    assert_eq!(renewed_name, b.ring.current_key_name(at(late)).unwrap());
    assert_eq!(Some(renewed_name), a.ring.key_name_of(late / E));
    let generation_k = b.ring.counters().snapshot();
    let generation_k = generation_k.generation(k).unwrap();
    assert_eq!((generation_k.accepted, generation_k.renewed), (2, 1));

    // The renewed ticket resumes on either server, as long as the session lasts (a renewal
    // never extends it: RFC 5077 §3.3 leaves it to us, RFC 9846 §4.7.1 recommends a limit).
    assert_eq!(
        renewed.received().as_secs() + u64::from(renewed.lifetime()),
        issued + D
    );
    for server in [&a, &b] {
        let again = connect(&client, server, Some(renewed.clone()), late + 5);
        assert!(again.client.conn.is_resumed() && again.server.conn.is_resumed());
    }

    // From the end of k's decrypt window: k is gone, a full handshake on either server.
    let after = start + E + D;
    for server in [&a, &b] {
        let fallback = connect(
            &client,
            server,
            Some(kept_longer(&first, 2 * D as u32)),
            after,
        );
        assert!(!fallback.client.conn.is_resumed() && !fallback.server.conn.is_resumed());
        assert_eq!(
            declines(&fallback.server.events),
            vec![DeclineReason::Undecryptable]
        );
        assert_eq!(
            declines(&fallback.client.events),
            vec![DeclineReason::DeclinedByServer]
        );
        assert!(server.ring.counters().snapshot().tickets_unknown_key >= 1);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tls12_tickets_rotate_renew_and_retire() {
    rotation_through_handshakes(ProtocolVersion::TLS1_2);
}

#[test]
fn tls13_tickets_rotate_renew_and_retire() {
    rotation_through_handshakes(ProtocolVersion::TLS1_3);
}
