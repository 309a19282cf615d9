//! TLS 1.3 between our own client and server, in memory: the matrix of every suite × group ×
//! server key type (ECDSA P-256, Ed25519, RSA-PSS 2048) × HelloRetryRequest yes/no × client
//! authentication yes/no (108 cells; the groups are X25519MLKEM768, X25519 and secp256r1, and
//! the retries go into and out of the hybrid), each run with whole flights, one byte at a time
//! and random chunks, with identical results (`ferrotls_tests::matrix` says what is checked); then the
//! failures and choices that need two real endpoints: no common suite, a missing client
//! certificate, an unknown CA, an ALPN mismatch, and certificate selection by SNI.
#![forbid(unsafe_code)]

use std::sync::Arc;

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::suites::{self, SupportedCipherSuite};
use ferrotls_core::{
    AlertDescription, CertResolver, ClientConfig, Error, ProtocolVersion, ServerConfig,
};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::matrix::{self, Cell};
use ferrotls_tests::pair::Pair;

type A = AlertDescription;

const SUITES: [&SupportedCipherSuite; 3] = [
    &suites::TLS_AES_128_GCM_SHA256,
    &suites::TLS_AES_256_GCM_SHA384,
    &suites::TLS_CHACHA20_POLY1305_SHA256,
];

/// The hybrid first, as in the default preference; `matrix::other_group` gives each group's
/// HelloRetryRequest partner.
const GROUPS: [NamedGroup; 3] = [
    NamedGroup::X25519MLKEM768,
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
];

/// The 12 cells of one server key type and suite: group × HRR × client auth. The client's key
/// type rotates with the cell so every client key type meets every server key type and suite;
/// which side restricts the suite alternates.
fn cells(server_key: KeyKind, suite: &'static SupportedCipherSuite) -> Vec<Cell> {
    let key_index = KeyKind::ALL.iter().position(|&k| k == server_key).unwrap();
    let suite_index = SUITES.iter().position(|&s| s == suite).unwrap();
    let mut cells = Vec::new();
    for (group_index, &group) in GROUPS.iter().enumerate() {
        for hello_retry in [false, true] {
            let rotation = key_index + suite_index + group_index + usize::from(hello_retry);
            for client_key in [None, Some(KeyKind::ALL[rotation % 3])] {
                cells.push(Cell {
                    version: ProtocolVersion::TLS1_3,
                    suite,
                    server_picks_suite: (rotation + usize::from(client_key.is_some())) % 2 == 1,
                    group,
                    server_key,
                    hello_retry,
                    client_key,
                });
            }
        }
    }
    cells
}

fn check(server_key: KeyKind, suite: &'static SupportedCipherSuite) {
    let key_index = KeyKind::ALL.iter().position(|&k| k == server_key).unwrap();
    let suite_index = SUITES.iter().position(|&s| s == suite).unwrap();
    let salt = 1000 * (3 * key_index + suite_index) as u64;
    matrix::check_cells(&cells(server_key, suite), salt);
}

macro_rules! matrix_tests {
    ($($name:ident: $kind:ident, $suite:ident;)*) => {
        $(
            #[test]
            fn $name() {
                check(KeyKind::$kind, &suites::$suite);
            }
        )*
    };
}

matrix_tests! {
    ecdsa_p256_aes_128_gcm: EcdsaP256, TLS_AES_128_GCM_SHA256;
    ecdsa_p256_aes_256_gcm: EcdsaP256, TLS_AES_256_GCM_SHA384;
    ecdsa_p256_chacha20_poly1305: EcdsaP256, TLS_CHACHA20_POLY1305_SHA256;
    ed25519_aes_128_gcm: Ed25519, TLS_AES_128_GCM_SHA256;
    ed25519_aes_256_gcm: Ed25519, TLS_AES_256_GCM_SHA384;
    ed25519_chacha20_poly1305: Ed25519, TLS_CHACHA20_POLY1305_SHA256;
    rsa2048_aes_128_gcm: Rsa2048, TLS_AES_128_GCM_SHA256;
    rsa2048_aes_256_gcm: Rsa2048, TLS_AES_256_GCM_SHA384;
    rsa2048_chacha20_poly1305: Rsa2048, TLS_CHACHA20_POLY1305_SHA256;
}

#[test]
fn the_matrix_has_108_distinct_cells_and_every_client_key_type() {
    let all: Vec<Cell> = KeyKind::ALL
        .iter()
        .flat_map(|&k| SUITES.iter().flat_map(move |&s| cells(k, s)))
        .collect();
    assert_eq!(all.len(), 108);
    let names: std::collections::BTreeSet<String> = all.iter().map(|c| c.to_string()).collect();
    assert_eq!(names.len(), 108);
    // Retries into the hybrid and out of it, under every suite.
    for suite in SUITES {
        for group in [NamedGroup::X25519MLKEM768, NamedGroup::SECP256R1] {
            assert!(all
                .iter()
                .any(|c| c.suite == suite && c.group == group && c.hello_retry));
        }
    }
    // The secp256r1 retry cells start from a hybrid share: out of it.
    assert_eq!(
        matrix::other_group(NamedGroup::SECP256R1, ProtocolVersion::TLS1_3),
        NamedGroup::X25519MLKEM768
    );
    for server_key in KeyKind::ALL {
        for client_key in KeyKind::ALL {
            assert!(
                all.iter()
                    .any(|c| c.server_key == server_key && c.client_key == Some(client_key)),
                "{server_key:?} server never meets a {client_key:?} client"
            );
        }
    }
    for suite in SUITES {
        for server_picks_suite in [false, true] {
            assert!(all
                .iter()
                .any(|c| c.suite == suite && c.server_picks_suite == server_picks_suite));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Failures and choices between two real endpoints.

/// Every delivery the negative cases run with.
fn all_deliveries() -> Vec<Delivery> {
    let mut all = vec![Delivery::Flights];
    all.extend(matrix::deliveries(77));
    all
}

fn seeded_client(config: ClientConfig) -> ClientConfig {
    ClientConfig {
        provider: certs::seeded_provider(1),
        ..config
    }
}

fn seeded_server(mut config: ServerConfig) -> ServerConfig {
    certs::seed_server(&mut config, 2);
    config
}

/// How a failed handshake ended: each side's error, and what each side wrote.
#[derive(Debug, PartialEq, Eq)]
struct Failure {
    client: Option<Error>,
    server: Option<Error>,
    client_wrote: Vec<u8>,
    server_wrote: Vec<u8>,
}

/// Run a handshake that must fail in every delivery mode, identically; returns the failure.
fn failing_handshake(
    client: impl Fn() -> ClientConfig,
    server: impl Fn() -> ServerConfig,
    server_name: &str,
) -> Failure {
    let mut reference: Option<Failure> = None;
    for delivery in all_deliveries() {
        let mut pair = Pair::new(
            Arc::new(seeded_client(client())),
            Arc::new(seeded_server(server())),
            server_name,
            delivery,
        );
        let result = pair.handshake();
        assert!(result.is_err(), "{delivery:?}: the handshake completed");
        let failure = Failure {
            client: pair.client.conn.failure().cloned(),
            server: pair.server.conn.failure().cloned(),
            client_wrote: pair.client_wrote,
            server_wrote: pair.server_wrote,
        };
        match &reference {
            None => reference = Some(failure),
            Some(r) => assert_eq!(r, &failure, "{delivery:?} differs from Flights"),
        }
    }
    reference.unwrap()
}

/// `sender` sent the fatal `alert` and the other side received exactly that alert.
fn assert_alert(failure: &Failure, sender_is_client: bool, alert: AlertDescription) {
    let (sent, received) = if sender_is_client {
        (&failure.client, &failure.server)
    } else {
        (&failure.server, &failure.client)
    };
    assert_eq!(
        sent.as_ref().and_then(Error::alert_sent),
        Some(alert),
        "sender's error: {sent:?}"
    );
    assert_eq!(received, &Some(Error::AlertReceived(alert)));
}

#[test]
fn no_common_suite_is_a_handshake_failure() {
    let failure = failing_handshake(
        || ClientConfig {
            cipher_suites: vec![&suites::TLS_AES_128_GCM_SHA256],
            ..certs::client_config()
        },
        || ServerConfig {
            cipher_suites: vec![
                &suites::TLS_AES_256_GCM_SHA384,
                &suites::TLS_CHACHA20_POLY1305_SHA256,
            ],
            ..certs::server_config(KeyKind::EcdsaP256)
        },
        certs::SERVER_NAME,
    );
    assert_alert(&failure, false, A::HANDSHAKE_FAILURE);
}

#[test]
fn a_required_client_certificate_that_is_missing_is_certificate_required() {
    for kind in KeyKind::ALL {
        let failure = failing_handshake(
            certs::client_config,
            || certs::server_config_requiring_client_auth(kind),
            certs::SERVER_NAME,
        );
        assert_alert(&failure, false, A::CERTIFICATE_REQUIRED);
    }
}

#[test]
fn a_client_trusting_another_ca_sends_unknown_ca() {
    for kind in KeyKind::ALL {
        let failure = failing_handshake(
            || ClientConfig::new(certs::provider(), certs::roots("untrusted-ca.pem")),
            || certs::server_config(kind),
            certs::SERVER_NAME,
        );
        assert_alert(&failure, true, A::UNKNOWN_CA);
    }
}

#[test]
fn no_alpn_protocol_in_common_is_no_application_protocol() {
    let failure = failing_handshake(
        || ClientConfig {
            alpn_protocols: vec![b"h2".to_vec(), b"spdy/3".to_vec()],
            ..certs::client_config()
        },
        || ServerConfig {
            alpn_protocols: vec![b"http/1.1".to_vec()],
            ..certs::server_config(KeyKind::Ed25519)
        },
        certs::SERVER_NAME,
    );
    assert_alert(&failure, false, A::NO_APPLICATION_PROTOCOL);
}

/// Connect in every delivery mode, check it completes, and return the pair of the Flights run
/// after checking the others negotiated the same.
fn connect(
    client: impl Fn() -> ClientConfig,
    server: impl Fn() -> ServerConfig,
    server_name: &str,
) -> Pair {
    let mut reference: Option<(Pair, matrix::Negotiated, matrix::Negotiated)> = None;
    for delivery in all_deliveries() {
        let mut pair = Pair::new(
            Arc::new(seeded_client(client())),
            Arc::new(seeded_server(server())),
            server_name,
            delivery,
        );
        pair.handshake()
            .unwrap_or_else(|e| panic!("{server_name} {delivery:?}: handshake failed: {e}"));
        let infos = (
            matrix::Negotiated::from(pair.client.conn.info()),
            matrix::Negotiated::from(pair.server.conn.info()),
        );
        match &reference {
            None => reference = Some((pair, infos.0, infos.1)),
            Some((r, client, server)) => {
                assert_eq!((client, server), (&infos.0, &infos.1), "{delivery:?}");
                assert_eq!(r.client_wrote, pair.client_wrote, "{delivery:?}");
                assert_eq!(r.server_wrote, pair.server_wrote, "{delivery:?}");
            }
        }
    }
    reference.unwrap().0
}

#[test]
fn alpn_follows_the_server_preference_among_the_client_offers() {
    let pair = connect(
        || ClientConfig {
            alpn_protocols: vec![b"h2".to_vec(), b"http/1.1".to_vec()],
            ..certs::client_config()
        },
        || ServerConfig {
            alpn_protocols: vec![b"http/1.1".to_vec(), b"h2".to_vec()],
            ..certs::server_config(KeyKind::EcdsaP256)
        },
        certs::SERVER_NAME,
    );
    assert_eq!(
        pair.client.conn.info().alpn.as_deref(),
        Some(&b"http/1.1"[..])
    );
    assert_eq!(
        pair.server.conn.info().alpn.as_deref(),
        Some(&b"http/1.1"[..])
    );
}

/// A server with a certificate for other.ferrotls and a default one for everything else.
fn two_certificate_server() -> ServerConfig {
    let mut resolver = CertResolver::new();
    resolver.add("other.ferrotls", certs::certified_key("other-name"));
    resolver.add_default(certs::server_key(KeyKind::Rsa2048));
    ServerConfig::new(certs::provider(), Arc::new(resolver))
}

#[test]
fn the_server_certificate_is_chosen_by_server_name() {
    let other = certs::certs("other-name.pem");
    let default = certs::server_key(KeyKind::Rsa2048).chain.clone();
    for (name, chain, sent_name) in [
        ("other.ferrotls", &other, "other.ferrotls"),
        ("OTHER.Ferrotls", &other, "other.ferrotls"),
        ("localhost", &default, "localhost"),
        ("testserver.ferrotls", &default, "testserver.ferrotls"),
    ] {
        let pair = connect(certs::client_config, two_certificate_server, name);
        let client = pair.client.conn.info();
        let server = pair.server.conn.info();
        assert_eq!(&client.peer_certificates, chain, "{name}");
        assert_eq!(server.server_name.as_deref(), Some(sent_name), "{name}");
        let scheme = if chain == &other {
            matrix::signature_scheme(KeyKind::EcdsaP256)
        } else {
            matrix::signature_scheme(KeyKind::Rsa2048)
        };
        assert_eq!(client.peer_signature_scheme, Some(scheme), "{name}");
    }
}

#[test]
fn a_client_without_sni_gets_the_default_certificate() {
    let pair = connect(
        || ClientConfig {
            send_sni: false,
            ..certs::client_config()
        },
        two_certificate_server,
        certs::SERVER_NAME,
    );
    assert_eq!(
        pair.client.conn.info().peer_certificates,
        certs::server_key(KeyKind::Rsa2048).chain
    );
    assert_eq!(pair.server.conn.info().server_name, None);
}
