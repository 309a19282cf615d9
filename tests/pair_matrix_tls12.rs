//! TLS 1.2 between our own client and server, in memory: every ECDHE suite × group (X25519,
//! secp256r1) × server key type the suite allows (ECDHE_ECDSA: ECDSA P-256 and Ed25519;
//! ECDHE_RSA: RSA 2048) × client authentication yes/no (the client's key type rotating through
//! all three) × `require_ems` on/off on each side: 36 × 4 = 144 cells, each run with whole
//! flights, one byte at a time and random chunks, with identical results (negotiated
//! parameters, events, every byte written; `ferrotls_tests::matrix` says what else is checked:
//! data both ways incl. 40 KiB, `update_keys` refused as `Unsupported`, close both ways).
//!
//! The extended master secret: our client always offers it (RFC 7627 §5.1 "MUST") and our
//! server always answers it when offered (§5.2), so `require_ems` only decides whether a peer
//! *without* it is refused; every honest cell negotiates EMS. The library has no switch to turn
//! EMS off on either side, and none should exist. A side without EMS is therefore simulated by
//! an on-path rewrite: the extension is stripped from the ClientHello or the ServerHello in
//! flight. Requiring EMS then refuses with handshake_failure on the side that requires it;
//! when neither side requires it, both sides go on without EMS and the Finished exchange
//! catches the rewrite (the transcript or master secret differs). A completed handshake without
//! EMS needs a genuinely legacy peer: the core's unit tests do that with scripted peers
//! (`server::tls12::tests::handshake::every_suite_and_the_classic_master_secret_complete`,
//! `client::tests::tls12::classic_master_secret_only_when_ems_is_not_required`).
#![forbid(unsafe_code)]

use std::fmt;

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::suites::{self, SupportedCipherSuite, Tls12Auth};
use ferrotls_core::{AlertDescription, ClientConfig, Error, ProtocolVersion, ServerConfig};
use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::matrix::{self, Cell, Direction, Setup, Tampered};

type A = AlertDescription;

const SUITES: [&SupportedCipherSuite; 6] = [
    &suites::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    &suites::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    &suites::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    &suites::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    &suites::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    &suites::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
];

const GROUPS: [NamedGroup; 2] = [NamedGroup::X25519, NamedGroup::SECP256R1];

/// extended_master_secret (RFC 7627 §5.1).
const EMS: u16 = 23;

/// The server key types that can serve `suite` in TLS 1.2 (RFC 8422 §2, §5.1.3: ECDHE_ECDSA
/// takes ECDSA and EdDSA certificates).
fn server_keys(suite: &SupportedCipherSuite) -> &'static [KeyKind] {
    match suite.tls12_auth {
        Some(Tls12Auth::Ecdsa) => &[KeyKind::EcdsaP256, KeyKind::Ed25519],
        Some(Tls12Auth::Rsa) => &[KeyKind::Rsa2048],
        None => panic!("{} is not a TLS 1.2 suite", suite.name()),
    }
}

/// A cell of the TLS 1.3-style matrix plus each side's `require_ems`.
#[derive(Clone, Copy, Debug)]
struct Tls12Cell {
    cell: Cell,
    client_requires_ems: bool,
    server_requires_ems: bool,
}

impl fmt::Display for Tls12Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} require_ems: client={} server={}",
            self.cell, self.client_requires_ems, self.server_requires_ems
        )
    }
}

impl Tls12Cell {
    fn setup(&self) -> Setup {
        let mut setup = self.cell.setup();
        setup.client.require_ems = self.client_requires_ems;
        setup.server.require_ems = self.server_requires_ems;
        // Both honest sides do EMS whatever they require (see the module comment).
        assert!(setup.expected_client.extended_master_secret);
        assert!(setup.expected_server.extended_master_secret);
        setup
    }
}

/// The 16 cells of one suite and server key type: group × client auth × require_ems on the
/// client × on the server. The client's key type rotates so every client key type meets every
/// server key type; which side restricts the suite alternates.
fn cells(suite: &'static SupportedCipherSuite, server_key: KeyKind) -> Vec<Tls12Cell> {
    let suite_index = SUITES.iter().position(|&s| s == suite).unwrap();
    let key_index = KeyKind::ALL.iter().position(|&k| k == server_key).unwrap();
    let mut cells = Vec::new();
    for (group_index, &group) in GROUPS.iter().enumerate() {
        for auth in [false, true] {
            for (ems_index, (client_requires_ems, server_requires_ems)) in
                [(true, true), (true, false), (false, true), (false, false)]
                    .into_iter()
                    .enumerate()
            {
                let rotation = suite_index + key_index + group_index + ems_index;
                cells.push(Tls12Cell {
                    cell: Cell {
                        version: ProtocolVersion::TLS1_2,
                        suite,
                        server_picks_suite: (rotation + usize::from(auth)) % 2 == 1,
                        group,
                        server_key,
                        hello_retry: false,
                        client_key: auth.then_some(KeyKind::ALL[rotation % 3]),
                    },
                    client_requires_ems,
                    server_requires_ems,
                });
            }
        }
    }
    cells
}

fn all_cells() -> Vec<Tls12Cell> {
    SUITES
        .iter()
        .flat_map(|&suite| {
            server_keys(suite)
                .iter()
                .flat_map(move |&k| cells(suite, k))
        })
        .collect()
}

fn check(suite: &'static SupportedCipherSuite, server_key: KeyKind) {
    let suite_index = SUITES.iter().position(|&s| s == suite).unwrap();
    let key_index = KeyKind::ALL.iter().position(|&k| k == server_key).unwrap();
    let salt = 100_000 + 1000 * (3 * suite_index + key_index) as u64;
    let cells = cells(suite, server_key);
    let failures: Vec<String> = cells
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| {
            matrix::on_provider_pair(i, || {
                matrix::check_setup(
                    cell,
                    || cell.setup(),
                    &matrix::deliveries(salt + 10 * i as u64),
                )
            })
            .err()
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

macro_rules! matrix_tests {
    ($($name:ident: $suite:ident, $kind:ident;)*) => {
        $(
            #[test]
            fn $name() {
                check(&suites::$suite, KeyKind::$kind);
            }
        )*
    };
}

matrix_tests! {
    ecdsa_aes_128_gcm_p256_key: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, EcdsaP256;
    ecdsa_aes_128_gcm_ed25519_key: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, Ed25519;
    ecdsa_aes_256_gcm_p256_key: TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, EcdsaP256;
    ecdsa_aes_256_gcm_ed25519_key: TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, Ed25519;
    ecdsa_chacha20_poly1305_p256_key: TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, EcdsaP256;
    ecdsa_chacha20_poly1305_ed25519_key: TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, Ed25519;
    rsa_aes_128_gcm: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, Rsa2048;
    rsa_aes_256_gcm: TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, Rsa2048;
    rsa_chacha20_poly1305: TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, Rsa2048;
}

#[test]
fn the_matrix_has_144_distinct_cells_covering_every_combination() {
    let all = all_cells();
    assert_eq!(all.len(), 144);
    let names: std::collections::BTreeSet<String> = all.iter().map(|c| c.to_string()).collect();
    assert_eq!(names.len(), 144);
    for suite in SUITES {
        for &server_key in server_keys(suite) {
            for group in GROUPS {
                for auth in [false, true] {
                    for ems in [(true, true), (true, false), (false, true), (false, false)] {
                        assert!(
                            all.iter().any(|c| c.cell.suite == suite
                                && c.cell.server_key == server_key
                                && c.cell.group == group
                                && c.cell.client_key.is_some() == auth
                                && (c.client_requires_ems, c.server_requires_ems) == ems),
                            "{} {server_key:?} {group:?} auth={auth} ems={ems:?} missing",
                            suite.name()
                        );
                    }
                }
            }
        }
        for server_picks_suite in [false, true] {
            assert!(all
                .iter()
                .any(|c| c.cell.suite == suite && c.cell.server_picks_suite == server_picks_suite));
        }
    }
    for server_key in KeyKind::ALL {
        for client_key in KeyKind::ALL {
            assert!(
                all.iter()
                    .any(|c| c.cell.server_key == server_key
                        && c.cell.client_key == Some(client_key)),
                "{server_key:?} server never meets a {client_key:?} client"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A side without the extended master secret, simulated by stripping the extension in flight.

/// The configs of one EMS case: ECDHE_ECDSA AES-128-GCM with a P-256 key over X25519.
fn ems_cell() -> Cell {
    Cell {
        version: ProtocolVersion::TLS1_2,
        suite: &suites::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        server_picks_suite: false,
        group: NamedGroup::X25519,
        server_key: KeyKind::EcdsaP256,
        hello_retry: false,
        client_key: None,
    }
}

fn client(requires_ems: bool) -> impl Fn() -> ClientConfig {
    move || ClientConfig {
        require_ems: requires_ems,
        ..ems_cell().setup().client
    }
}

fn server(requires_ems: bool) -> impl Fn() -> ServerConfig {
    move || ServerConfig {
        require_ems: requires_ems,
        ..ems_cell().setup().server
    }
}

/// Strip extended_master_secret from the first flight going `direction` (the ClientHello or the
/// ServerHello), checking it was there.
fn strip_ems(direction: Direction) -> impl Fn(Direction, usize, &mut Vec<u8>) {
    move |d, flight, wire| {
        if d == direction && flight == 0 {
            assert!(matrix::strip_extension(wire, EMS), "no EMS in {d:?} flight");
        }
    }
}

/// `sender` failed with `alert` and the peer received exactly it; neither completed.
fn assert_refused(run: &Tampered, sender_is_client: bool, alert: AlertDescription) {
    let (sent, received) = if sender_is_client {
        (&run.client, &run.server)
    } else {
        (&run.server, &run.client)
    };
    assert_eq!(
        sent.failure.as_ref().and_then(Error::alert_sent),
        Some(alert),
        "sender: {:?}",
        sent.failure
    );
    assert_eq!(received.failure, Some(Error::AlertReceived(alert)));
    assert!(!run.client.completed && !run.server.completed);
}

#[test]
fn an_honest_pair_always_negotiates_ems_whatever_each_side_requires() {
    // The same holds in every matrix cell; here the wire shows it: both hellos carry it.
    for (client_requires, server_requires) in [(false, false), (true, false), (false, true)] {
        let run = matrix::tampered_everywhere(
            client(client_requires),
            server(server_requires),
            1,
            |_, flight, wire| {
                if flight == 0 {
                    assert!(matrix::strip_extension(&mut wire.clone(), EMS));
                }
            },
        );
        assert!(run.client.completed && run.server.completed, "{run:?}");
        assert!(run.client.info.extended_master_secret);
        assert!(run.server.info.extended_master_secret);
    }
}

#[test]
fn a_client_hello_without_ems_is_refused_by_a_server_requiring_it() {
    for client_requires in [true, false] {
        let run = matrix::tampered_everywhere(
            client(client_requires),
            server(true),
            10,
            strip_ems(Direction::ToServer),
        );
        // RFC 7627 §5.2: the server aborts; "abort" is a fatal handshake_failure.
        assert_refused(&run, false, A::HANDSHAKE_FAILURE);
        assert!(run.server.wrote.len() == 7, "more than the alert: {run:?}");
    }
}

#[test]
fn a_lenient_server_answers_without_ems_and_a_client_requiring_it_refuses() {
    let run = matrix::tampered_everywhere(
        client(true),
        server(false),
        20,
        strip_ems(Direction::ToServer),
    );
    // The server went on with the classic master secret ...
    assert!(!run.server.info.extended_master_secret);
    // ... and the client, seeing a ServerHello without EMS, aborts (RFC 7627 §5.2).
    assert_refused(&run, true, A::HANDSHAKE_FAILURE);
    assert!(!run.client.info.extended_master_secret);
}

#[test]
fn without_ems_on_both_sides_the_finished_check_catches_the_stripped_extension() {
    // Neither side requires EMS, so both go on without it; but the server's transcript holds
    // the rewritten ClientHello and the client's the original, so the client's Finished does
    // not verify (RFC 5246 §7.4.9: decrypt_error).
    let run = matrix::tampered_everywhere(
        client(false),
        server(false),
        30,
        strip_ems(Direction::ToServer),
    );
    assert!(!run.client.info.extended_master_secret);
    assert!(!run.server.info.extended_master_secret);
    assert_refused(&run, false, A::DECRYPT_ERROR);
}

#[test]
fn a_server_hello_without_ems_is_refused_by_a_client_requiring_it() {
    for server_requires in [true, false] {
        let run = matrix::tampered_everywhere(
            client(true),
            server(server_requires),
            40,
            strip_ems(Direction::ToClient),
        );
        assert!(run.server.info.extended_master_secret);
        assert!(!run.client.info.extended_master_secret);
        assert_refused(&run, true, A::HANDSHAKE_FAILURE);
    }
}

#[test]
fn a_lenient_client_falls_back_to_the_classic_master_secret_and_finished_fails() {
    // The client computes the classic master secret, the server the extended one, so their
    // traffic keys differ: the server cannot even decrypt the client's Finished (RFC 5246
    // §7.2.2: bad_record_mac).
    let run = matrix::tampered_everywhere(
        client(false),
        server(false),
        50,
        strip_ems(Direction::ToClient),
    );
    assert!(run.server.info.extended_master_secret);
    assert!(!run.client.info.extended_master_secret);
    assert_refused(&run, false, A::BAD_RECORD_MAC);
}
