//! Version negotiation between our own client and server, in memory: client versions {[1.2],
//! [1.3], [1.3, 1.2]} × server versions {[1.2], [1.3], [1.3, 1.2]} (9 cells), each run with
//! whole flights, one byte at a time and random chunks, with identical results. The highest
//! version both have wins (RFC 8446 §4.2.1); with none in common the server refuses with
//! protocol_version: a 1.2-only ClientHello has no supported_versions and names TLS 1.2 in
//! legacy_version, which a 1.3-only server cannot serve (RFC 8446 §D.2, RFC 5246 Appendix E.1);
//! a 1.3-only ClientHello's supported_versions is all a server may look at (RFC 8446 §4.2.1,
//! "MUST NOT use the ClientHello.legacy_version value"), and it has nothing a 1.2-only server
//! speaks.
//!
//! Then the downgrade protection of RFC 8446 §4.1.3: a server that could speak TLS 1.3 but
//! negotiates 1.2 ends its ServerHello.random with `DOWNGRD\x01`, a 1.2-only server does not,
//! and a client that offered 1.3 aborts with illegal_parameter when it sees the sentinel (an
//! on-path attacker stripping supported_versions; a rewritten random).
#![forbid(unsafe_code)]

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::msgs::handshake::{TLS11_DOWNGRADE_SENTINEL, TLS12_DOWNGRADE_SENTINEL};
use ferrotls_core::suites::{self, ALL_CIPHER_SUITES};
use ferrotls_core::{AlertDescription, ClientConfig, Error, ProtocolVersion, ServerConfig};
use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::matrix::{self, Cell, Direction, Setup, Tampered};

type A = AlertDescription;
type V = ProtocolVersion;

/// supported_versions (RFC 8446 §4.2.1).
const SUPPORTED_VERSIONS: u16 = 43;

const VERSION_LISTS: [&[ProtocolVersion]; 3] =
    [&[V::TLS1_2], &[V::TLS1_3], &[V::TLS1_3, V::TLS1_2]];

fn show(versions: &[ProtocolVersion]) -> String {
    let names: Vec<&str> = versions.iter().map(|v| v.name().unwrap_or("?")).collect();
    format!("[{}]", names.join(", "))
}

/// What client `c` and server `s` must agree on: the highest version both have.
fn expected_version(c: &[ProtocolVersion], s: &[ProtocolVersion]) -> Option<ProtocolVersion> {
    [V::TLS1_3, V::TLS1_2]
        .into_iter()
        .find(|v| c.contains(v) && s.contains(v))
}

/// The configs of a cell: default suites and groups on both sides (the server prefers its own
/// order), an ECDSA P-256 server key, no client authentication, seeded randomness; the
/// expectations are those of a matrix cell of the negotiated version with the suite the
/// server's order puts first.
fn setup(c: &[ProtocolVersion], s: &[ProtocolVersion], version: ProtocolVersion) -> Setup {
    let suite = if version == V::TLS1_3 {
        &suites::TLS_AES_128_GCM_SHA256
    } else {
        &suites::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    };
    let cell = Cell {
        version,
        suite,
        server_picks_suite: false,
        group: NamedGroup::X25519,
        server_key: KeyKind::EcdsaP256,
        hello_retry: false,
        client_key: None,
    };
    let mut setup = cell.setup();
    setup.client.versions = c.to_vec();
    setup.client.cipher_suites = ALL_CIPHER_SUITES.to_vec();
    setup.server.versions = s.to_vec();
    setup.server.cipher_suites = ALL_CIPHER_SUITES.to_vec();
    setup
}

/// The configs of a cell whose negotiation fails (the expectations are unused).
fn configs(
    c: &'static [ProtocolVersion],
    s: &'static [ProtocolVersion],
) -> (impl Fn() -> ClientConfig, impl Fn() -> ServerConfig) {
    (
        move || setup(c, s, V::TLS1_3).client,
        move || setup(c, s, V::TLS1_3).server,
    )
}

/// The last 8 bytes of the ServerHello.random in `server_wrote` (the server's first flight).
fn random_tail(server_wrote: &[u8]) -> [u8; 8] {
    let mut wire = server_wrote.to_vec();
    let random = matrix::server_hello_random(&mut wire).expect("a ServerHello first");
    random[24..].try_into().unwrap()
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
fn the_version_matrix() {
    let mut cells = 0;
    for (ci, &c) in VERSION_LISTS.iter().enumerate() {
        for (si, &s) in VERSION_LISTS.iter().enumerate() {
            cells += 1;
            let name = format!("client {} × server {}", show(c), show(s));
            let salt = 200_000 + 100 * (3 * ci + si) as u64;
            match expected_version(c, s) {
                Some(version) => {
                    let outcome = matrix::check_setup(
                        &name,
                        || setup(c, s, version),
                        &matrix::deliveries(salt),
                    )
                    .unwrap_or_else(|e| panic!("{e}"));
                    assert_eq!(outcome.client.info.version, Some(version), "{name}");
                    assert_eq!(outcome.server.info.version, Some(version), "{name}");
                    // Only a client offering TLS 1.3 sends supported_versions (RFC 8446 §4.2.1;
                    // a TLS 1.2 ClientHello names its version in legacy_version).
                    let mut hello = outcome.client.wrote.clone();
                    assert_eq!(
                        matrix::strip_extension(&mut hello, SUPPORTED_VERSIONS),
                        c.contains(&V::TLS1_3),
                        "{name}"
                    );
                    // RFC 8446 §4.1.3: the sentinel exactly when a TLS 1.3-capable server
                    // negotiates TLS 1.2.
                    let tail = random_tail(&outcome.server.wrote);
                    let sentinel = version == V::TLS1_2 && s.contains(&V::TLS1_3);
                    assert_eq!(
                        tail == TLS12_DOWNGRADE_SENTINEL,
                        sentinel,
                        "{name}: {tail:?}"
                    );
                    assert_ne!(tail, TLS11_DOWNGRADE_SENTINEL, "{name}");
                }
                None => {
                    let (client, server) = configs(c, s);
                    let run = matrix::tampered_everywhere(client, server, salt, |_, _, _| {});
                    assert_refused(&run, false, A::PROTOCOL_VERSION);
                    // The ClientHello is answered with nothing but the alert (a 7-byte
                    // plaintext record), and no version was agreed.
                    assert_eq!(run.server.wrote.len(), 7, "{name}");
                    assert_eq!(run.client.info.version, None, "{name}");
                    assert_eq!(run.server.info.version, None, "{name}");
                }
            }
        }
    }
    assert_eq!(cells, 9);
}

#[test]
fn the_expected_outcomes_follow_the_issue() {
    let both: &[V] = &[V::TLS1_3, V::TLS1_2];
    assert_eq!(expected_version(both, both), Some(V::TLS1_3));
    assert_eq!(expected_version(&[V::TLS1_2], both), Some(V::TLS1_2));
    assert_eq!(expected_version(both, &[V::TLS1_2]), Some(V::TLS1_2));
    assert_eq!(expected_version(&[V::TLS1_3], both), Some(V::TLS1_3));
    assert_eq!(expected_version(&[V::TLS1_2], &[V::TLS1_3]), None);
    assert_eq!(expected_version(&[V::TLS1_3], &[V::TLS1_2]), None);
}

#[test]
fn stripping_supported_versions_is_caught_by_the_downgrade_sentinel() {
    // An on-path attacker removes supported_versions from a ClientHello offering both: the
    // server, able to speak TLS 1.3, negotiates 1.2 as the ClientHello now asks, and marks its
    // random; the client, which offered 1.3, aborts (RFC 8446 §4.1.3: illegal_parameter).
    let both: &'static [V] = &[V::TLS1_3, V::TLS1_2];
    let (client, server) = configs(both, both);
    let run = matrix::tampered_everywhere(client, server, 300, |d, flight, wire| {
        if d == Direction::ToServer && flight == 0 {
            assert!(matrix::strip_extension(wire, SUPPORTED_VERSIONS));
        }
    });
    assert_eq!(random_tail(&run.server.wrote), TLS12_DOWNGRADE_SENTINEL);
    assert_refused(&run, true, A::ILLEGAL_PARAMETER);
    assert_eq!(run.client.info.version, None);
    assert_eq!(run.server.info.version, Some(V::TLS1_2));
}

#[test]
fn a_sentinel_written_into_a_tls12_servers_random_is_refused_by_a_client_offering_tls13() {
    for sentinel in [TLS12_DOWNGRADE_SENTINEL, TLS11_DOWNGRADE_SENTINEL] {
        let (client, server) = configs(&[V::TLS1_3, V::TLS1_2], &[V::TLS1_2]);
        let run = matrix::tampered_everywhere(client, server, 310, |d, flight, wire| {
            if d == Direction::ToClient && flight == 0 {
                let random = matrix::server_hello_random(wire).expect("a ServerHello");
                assert_ne!(
                    random[24..],
                    sentinel,
                    "the 1.2-only server wrote a sentinel"
                );
                random[24..].copy_from_slice(&sentinel);
            }
        });
        assert_refused(&run, true, A::ILLEGAL_PARAMETER);
    }
}

#[test]
fn a_tls12_only_client_does_not_look_for_the_sentinel() {
    // RFC 8446 §4.1.3 binds TLS 1.3 clients only. A 1.2-only client accepts the rewritten
    // ServerHello; the rewrite is then caught because the ServerKeyExchange signature covers
    // both randoms (RFC 8422 §5.4): not illegal_parameter but decrypt_error.
    let (client, server) = configs(&[V::TLS1_2], &[V::TLS1_2]);
    let run = matrix::tampered_everywhere(client, server, 320, |d, flight, wire| {
        if d == Direction::ToClient && flight == 0 {
            let random = matrix::server_hello_random(wire).expect("a ServerHello");
            random[24..].copy_from_slice(&TLS12_DOWNGRADE_SENTINEL);
        }
    });
    assert_refused(&run, true, A::DECRYPT_ERROR);
}
