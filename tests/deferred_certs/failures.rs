//! Failures the RFCs name for late certificate and signature answers, and the misuse of
//! `Connection::answer` with these kinds.

use super::*;

/// the ClientHello delivered: the server waits for `ChooseCertificate`.
fn server_waiting_for_certificate(version: ProtocolVersion, name: &str) -> Pair {
    let case = Case {
        version,
        name: DEFAULT_NAME,
        client_auth: false,
    };
    let (client, server) = configs(case, true);
    let mut pair = Pair::new(Arc::new(client), Arc::new(server), name, Delivery::Flights);
    pair.client_to_server();
    assert!(
        matches!(
            pair.server.conn.pending(),
            Some(Request::ChooseCertificate(_))
        ),
        "{:?}",
        pair.server.conn.pending()
    );
    pair
}

/// `conn.answer(answer)` is refused as `error`, and the connection is as it was: the same
/// request pending, nothing more to write.
#[track_caller]
fn refused<H: Handshake>(conn: &mut Connection<H>, answer: Answer, error: ApiError) {
    let before = conn.pending().cloned();
    let queued = conn.pending_tls().to_vec();
    let now =
        ferrotls_core::pki_types::UnixTime::since_unix_epoch(ferrotls_tests::pair::START_TIME);
    assert_eq!(conn.answer(answer, now), Err(error));
    assert_eq!(conn.pending().cloned(), before);
    assert_eq!(
        conn.pending_tls(),
        queued,
        "a refused answer wrote something"
    );
    assert!(conn.failure().is_none());
}

fn wrong(expected: &'static str) -> ApiError {
    ApiError::WrongAnswer { expected }
}

#[test]
fn each_request_takes_only_its_kind_of_answer_once() {
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        let mut pair = server_waiting_for_certificate(version, OTHER_NAME);
        let app = Application::new();
        let conn = &mut pair.server.conn;
        refused(
            conn,
            Answer::Signature(Ok(vec![1, 2])),
            wrong("Answer::Certificate"),
        );
        refused(
            conn,
            Answer::Replay(ReplayVerdict::Fresh),
            wrong("Answer::Certificate"),
        );
        let now = pair.now();
        let signer = &app.by_name[1].1;
        let conn = &mut pair.server.conn;
        conn.answer(
            Answer::Certificate(Some(Arc::clone(&signer.certified))),
            now,
        )
        .unwrap();
        let Some(sign @ Request::Sign { .. }) = conn.pending().cloned() else {
            panic!(
                "{version:?}: no Sign after the certificate: {:?}",
                conn.pending()
            );
        };
        refused(conn, Answer::Certificate(None), wrong("Answer::Signature"));
        conn.answer(signer.answer(&sign).unwrap(), now).unwrap();
        refused(
            conn,
            Answer::Signature(Ok(Vec::new())),
            ApiError::NothingPending,
        );
        pair.handshake()
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(
            pair.client.conn.info().peer_certificates,
            certs::certs("other-name.pem")
        );
    }
}

#[test]
fn no_certificate_is_the_alert_the_rfc_names() {
    // RFC 6066 §3: a name we have no certificate for is unrecognized_name; without a name
    // (the client connects to an address, so sends no SNI) it is handshake_failure
    // (RFC 9846 §4.5.1.2 / RFC 5246 §7.4.2: no certificate to present).
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        for (name, alert) in [
            (DEFAULT_NAME, AlertDescription::UNRECOGNIZED_NAME),
            ("127.0.0.1", AlertDescription::HANDSHAKE_FAILURE),
        ] {
            let mut pair = server_waiting_for_certificate(version, name);
            let now = pair.now();
            let result = pair.server.conn.answer(Answer::Certificate(None), now);
            let Err(ApiError::Failed(error)) = result else {
                panic!("{version:?} {name}: {result:?}");
            };
            assert_eq!(error.alert_sent(), Some(alert), "{version:?} {name}");
            // After the failure: nothing pending, and an answer is refused as the failure.
            assert!(pair.server.conn.pending().is_none());
            assert_eq!(
                pair.server.conn.answer(Answer::Certificate(None), now),
                Err(ApiError::Failed(error.clone()))
            );
            pair.pump();
            assert_eq!(
                pair.client.alert_received(),
                Some(alert),
                "{version:?} {name}"
            );
        }
    }
}

#[test]
fn a_failed_signature_is_internal_error() {
    // RFC 9846 §6.2 (RFC 5246 §7.2.2): "internal_error: An internal error unrelated to the
    // peer or the correctness of the protocol".
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        let mut pair = server_waiting_for_certificate(version, DEFAULT_NAME);
        let app = Application::new();
        let now = pair.now();
        let conn = &mut pair.server.conn;
        conn.answer(
            Answer::Certificate(Some(Arc::clone(&app.by_name[0].1.certified))),
            now,
        )
        .unwrap();
        let result = conn.answer(Answer::Signature(Err(SignFailed)), now);
        let Err(ApiError::Failed(error)) = result else {
            panic!("{version:?}: {result:?}");
        };
        assert_eq!(error.alert_sent(), Some(AlertDescription::INTERNAL_ERROR));
        pair.pump();
        assert_eq!(
            pair.client.alert_received(),
            Some(AlertDescription::INTERNAL_ERROR)
        );
        // Nothing of the unsigned flight went out: only the alert.
        assert!(pair.client.conn.info().peer_certificates.is_empty());
    }
}

/// A pair with client authentication whose client leaves its certificate to the application,
/// run until the client waits for `ChooseClientCertificate`.
fn client_waiting_for_certificate(version: ProtocolVersion, mandatory: bool) -> Pair {
    let case = Case {
        version,
        name: DEFAULT_NAME,
        client_auth: true,
    };
    let (client, mut server) = configs(case, true);
    let verifier =
        WebPkiClientVerifier::new(certs::roots("client-ca.pem"), server.provider.verification);
    server.client_verifier = Some(Arc::new(if mandatory {
        verifier
    } else {
        verifier.optional()
    }));
    let mut pair = Pair::new(
        Arc::new(client),
        Arc::new(server),
        DEFAULT_NAME,
        Delivery::Flights,
    );
    let mut app = Application::new();
    for _ in 0..MAX_ROUNDS {
        pair.client_to_server();
        pair.server_to_client();
        let now = pair.now();
        if let Some(request) = pair.server.conn.pending().cloned() {
            let answer = app.answer(false, &request);
            pair.server.conn.answer(answer, now).unwrap();
        }
        if let Some(Request::ChooseClientCertificate(query)) = pair.client.conn.pending() {
            assert_eq!(query.version, version);
            assert!(!query.schemes.is_empty());
            // Our server names the client CA (certificate_authorities, RFC 9846 §4.3.4; the
            // TLS 1.2 CertificateRequest's list) or none; either way the list is passed on.
            return pair;
        }
    }
    panic!("{version:?}: the client never asked for its certificate");
}

#[test]
fn a_client_certificate_request_takes_only_a_certificate() {
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        let mut pair = client_waiting_for_certificate(version, true);
        let conn = &mut pair.client.conn;
        refused(
            conn,
            Answer::Signature(Ok(vec![0])),
            wrong("Answer::Certificate"),
        );
        refused(
            conn,
            Answer::Replay(ReplayVerdict::Unavailable),
            wrong("Answer::Certificate"),
        );
        let app = Application::new();
        let now = pair.now();
        let conn = &mut pair.client.conn;
        conn.answer(
            Answer::Certificate(Some(Arc::clone(&app.client.certified))),
            now,
        )
        .unwrap();
        let Some(sign @ Request::Sign { .. }) = conn.pending().cloned() else {
            // TLS 1.3: the Sign comes with the server's Finished, still in the client's input.
            pair.client.receive(&[], now);
            let Some(sign @ Request::Sign { .. }) = pair.client.conn.pending().cloned() else {
                panic!("{version:?}: no Sign: {:?}", pair.client.conn.pending());
            };
            finish_client_auth(&mut pair, &app, sign, version);
            continue;
        };
        finish_client_auth(&mut pair, &app, sign, version);
    }
}

fn finish_client_auth(pair: &mut Pair, app: &Application, sign: Request, version: ProtocolVersion) {
    let now = pair.now();
    let conn = &mut pair.client.conn;
    refused(conn, Answer::Certificate(None), wrong("Answer::Signature"));
    conn.answer(app.client.answer(&sign).unwrap(), now).unwrap();
    refused(conn, Answer::Certificate(None), ApiError::NothingPending);
    pair.client.receive(&[], now);
    pair.handshake()
        .unwrap_or_else(|e| panic!("{version:?}: {e}"));
    assert!(pair.server.conn.info().client_authenticated);
    assert_eq!(
        pair.server.conn.info().peer_certificates,
        certs::certs("client-ecdsa-p256.pem")
    );
}

#[test]
fn no_client_certificate_sends_an_empty_one() {
    // RFC 9846 §4.5.1 / RFC 5246 §7.4.6: without a suitable certificate the client sends an
    // empty Certificate; a server that requires one refuses (as with no `client_auth`), one
    // that does not goes on without.
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        for mandatory in [true, false] {
            let mut pair = client_waiting_for_certificate(version, mandatory);
            let now = pair.now();
            pair.client
                .conn
                .answer(Answer::Certificate(None), now)
                .unwrap();
            assert!(
                pair.client.conn.pending().is_none(),
                "no signature without a certificate"
            );
            pair.client.receive(&[], now);
            let result = pair.handshake();
            // The same without deferring: a client with no `client_auth`.
            let case = Case {
                version,
                name: DEFAULT_NAME,
                client_auth: true,
            };
            let (mut client, mut server) = configs(case, false);
            client.client_auth = None;
            let verifier = WebPkiClientVerifier::new(
                certs::roots("client-ca.pem"),
                server.provider.verification,
            );
            server.client_verifier = Some(Arc::new(if mandatory {
                verifier
            } else {
                verifier.optional()
            }));
            let mut plain = Pair::new(
                Arc::new(client),
                Arc::new(server),
                DEFAULT_NAME,
                Delivery::Flights,
            );
            let expected = plain.handshake();
            assert_eq!(
                result.is_ok(),
                !mandatory,
                "{version:?} mandatory={mandatory}"
            );
            assert_eq!(
                result.is_ok(),
                expected.is_ok(),
                "{version:?} mandatory={mandatory}"
            );
            assert_eq!(
                pair.server.alert_sent(),
                plain.server.alert_sent(),
                "{version:?} mandatory={mandatory}"
            );
            if mandatory {
                assert!(pair.server.alert_sent().is_some());
            } else {
                assert!(!pair.server.conn.info().client_authenticated);
            }
        }
    }
}

#[test]
fn a_failed_client_signature_is_internal_error() {
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        let mut pair = client_waiting_for_certificate(version, true);
        let app = Application::new();
        let now = pair.now();
        pair.client
            .conn
            .answer(
                Answer::Certificate(Some(Arc::clone(&app.client.certified))),
                now,
            )
            .unwrap();
        pair.client.receive(&[], now);
        assert!(matches!(
            pair.client.conn.pending(),
            Some(Request::Sign { .. })
        ));
        let result = pair
            .client
            .conn
            .answer(Answer::Signature(Err(SignFailed)), now);
        let Err(ApiError::Failed(error)) = result else {
            panic!("{version:?}: {result:?}");
        };
        assert_eq!(error.alert_sent(), Some(AlertDescription::INTERNAL_ERROR));
        pair.pump();
        assert_eq!(
            pair.server.alert_received(),
            Some(AlertDescription::INTERNAL_ERROR)
        );
    }
}

/// A `Sign` request carries exactly what RFC 9846 §4.5.2 has signed: 64 spaces, the context
/// string, a zero byte and the transcript hash; the external signature verifies against the
/// certificate's public key as a local one would (same bytes: RFC 6979).
#[test]
fn the_tls13_sign_request_is_the_certificate_verify_content() {
    let mut pair = server_waiting_for_certificate(ProtocolVersion::TLS1_3, DEFAULT_NAME);
    let app = Application::new();
    let now = pair.now();
    pair.server
        .conn
        .answer(
            Answer::Certificate(Some(Arc::clone(&app.by_name[0].1.certified))),
            now,
        )
        .unwrap();
    let Some(Request::Sign { message, .. }) = pair.server.conn.pending().cloned() else {
        panic!("no Sign");
    };
    let context = b"TLS 1.3, server CertificateVerify";
    assert_eq!(
        message.len(),
        64 + context.len() + 1 + 32,
        "SHA-256 transcript hash"
    );
    assert!(message[..64].iter().all(|b| *b == 0x20));
    assert_eq!(&message[64..64 + context.len()], context);
    assert_eq!(message[64 + context.len()], 0);
}

// ---------------------------------------------------------------------------------------------
// The pair matrix's whole run (handshake, data, KeyUpdate, close) through the deferring driver.
