//! The pair matrix's whole run (handshake, data, KeyUpdate, close) through the shared deferring
//! driver, with late certificates and external keys.

use super::*;

/// Matrix cells whose server certificate is chosen late by name and signed by an external
/// key, and (with client authentication) whose client certificate is chosen late and signed
/// by an external key, at every timing: the same bytes, infos and events (but `Paused`) as the
/// cell with a resolver and local keys. ECDSA P-256 (RFC 6979) and Ed25519 sign
/// deterministically; with a HelloRetryRequest the second ClientHello keeps the first's choice.
#[test]
fn matrix_cells_with_late_certificates_and_external_keys_match_the_synchronous_ones() {
    use ferrotls_core::crypto::NamedGroup;
    use ferrotls_core::suites::{TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    use ferrotls_tests::deferring::{Answerer, Deferring, TIMINGS as DRIVER_TIMINGS};
    use ferrotls_tests::matrix::{run_setup, run_setup_driven, Cell};

    let mut cells = Vec::new();
    for server_key in [KeyKind::EcdsaP256, KeyKind::Ed25519] {
        for client_key in [None, Some(KeyKind::EcdsaP256), Some(KeyKind::Ed25519)] {
            for hello_retry in [false, true] {
                cells.push(Cell {
                    version: ProtocolVersion::TLS1_3,
                    suite: &TLS_AES_128_GCM_SHA256,
                    server_picks_suite: false,
                    group: NamedGroup::X25519,
                    server_key,
                    hello_retry,
                    client_key,
                });
            }
            cells.push(Cell {
                version: ProtocolVersion::TLS1_2,
                suite: &TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                server_picks_suite: false,
                group: NamedGroup::X25519,
                server_key,
                hello_retry: false,
                client_key,
            });
        }
    }
    // The server's application: the certificate for the matrix's name, signed by its held key.
    let server_answerer = |kind: KeyKind| -> Answerer {
        let signer = ExternalSigner::new(&certs::server_key(kind));
        Box::new(move |request, _now| match request {
            Request::ChooseCertificate(query) => Answer::Certificate(
                (query.server_name.as_deref() == Some(certs::SERVER_NAME))
                    .then(|| Arc::clone(&signer.certified)),
            ),
            Request::Sign { .. } => signer.answer(request).expect("a Sign"),
            other => panic!("server: unexpected {other:?}"),
        })
    };
    let client_answerer = |kind: KeyKind| -> Answerer {
        let signer = ExternalSigner::new(&certs::client_key(kind));
        Box::new(move |request, _now| match request {
            Request::ChooseClientCertificate(_) => {
                Answer::Certificate(Some(Arc::clone(&signer.certified)))
            }
            Request::Sign { .. } => signer.answer(request).expect("a Sign"),
            other => panic!("client: unexpected {other:?}"),
        })
    };
    let mut runs = 0;
    for cell in &cells {
        let reference =
            run_setup(cell.setup(), Delivery::Flights).unwrap_or_else(|e| panic!("{cell}: {e}"));
        for timing in DRIVER_TIMINGS {
            let mut setup = cell.setup();
            setup.server.defer.certificate = true;
            let client = cell.client_key.map(|kind| {
                setup.client.defer.certificate = true;
                client_answerer(kind)
            });
            let driver = Deferring::driver(timing, Some(server_answerer(cell.server_key)), client);
            let outcome = run_setup_driven(setup, Delivery::Flights, driver)
                .unwrap_or_else(|e| panic!("{cell} {timing:?}: {e}"));
            for (side, deferred, reference) in [
                ("client", &outcome.client, &reference.client),
                ("server", &outcome.server, &reference.server),
            ] {
                assert!(
                    deferred.wrote == reference.wrote,
                    "{cell} {timing:?}: the {side}'s bytes differ"
                );
                assert_eq!(deferred.info, reference.info, "{cell} {timing:?} {side}");
                assert_eq!(
                    without_pauses(&deferred.events),
                    reference.events,
                    "{cell} {timing:?} {side}"
                );
            }
            // The server paused twice (certificate, signature); the client twice with a
            // certificate to present.
            let pauses = |events: &[Event]| events.iter().filter(|e| **e == Event::Paused).count();
            assert_eq!(pauses(&outcome.server.events), 2, "{cell} {timing:?}");
            assert_eq!(
                pauses(&outcome.client.events),
                if cell.client_key.is_some() { 2 } else { 0 },
                "{cell} {timing:?}"
            );
            runs += 1;
        }
    }
    assert_eq!(runs, 18 * 4);
}
