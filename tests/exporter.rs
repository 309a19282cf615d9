//! `Connection::export_keying_material` through the public API: both ends of a pair export the
//! same bytes in TLS 1.3 (RFC 9846 §7.5) and TLS 1.2 (RFC 5705), full and resumed, for every
//! suite; the context rules of each version; the refusal before the handshake completes; and
//! RFC 8448 §3's exporter secret reached from a replayed client; the early exporter (RFC 9846
//! §7.5) only while 0-RTT is in use, the same on both ends (RFC 8448 §4's early exporter secret
//! is checked in `rfc8448_resumption_client` and `rfc8448_resumption_server`).
//! (Agreement with OpenSSL is in `interop_exporter`.)

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::resumption::SingleUseAntiReplay;
use ferrotls_core::suites::{SupportedCipherSuite, Tls12Auth, ALL_CIPHER_SUITES};
use ferrotls_core::{ApiError, ClientConnection, Connection, ProtocolVersion, ServerConnection};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::pair::Pair;
use ferrotls_tests::rfc8448_replay::replay_client;
use ferrotls_tests::rfc8448_session::{ScriptedConfig, Section, Session, TRACE_SERVER_NAME};
use ferrotls_tests::tls13_exporter::tls_exporter;

const LABEL: &[u8] = b"EXPORTER-ferrotls-test";

fn export<H: ferrotls_core::conn::Handshake>(
    conn: &Connection<H>,
    label: &[u8],
    context: Option<&[u8]>,
    len: usize,
) -> Vec<u8> {
    let mut out = vec![0u8; len];
    conn.export_keying_material(&mut out, label, context)
        .unwrap_or_else(|e| panic!("export {label:?} {context:?}: {e}"));
    out
}

fn configs(
    suite: &'static SupportedCipherSuite,
) -> (
    Arc<ferrotls_core::ClientConfig>,
    Arc<ferrotls_core::ServerConfig>,
) {
    let kind = match suite.tls12_auth {
        Some(Tls12Auth::Rsa) => KeyKind::Rsa2048,
        Some(Tls12Auth::Ecdsa) | None => KeyKind::EcdsaP256,
    };
    let mut client = certs::client_config();
    client.versions = vec![suite.version];
    client.cipher_suites = vec![suite];
    (Arc::new(client), Arc::new(certs::server_config(kind)))
}

/// Both ends agree on every request; the context rules of the version hold; other labels and
/// lengths give other bytes. Returns the client's 32-byte export under [`LABEL`].
fn check_agreement(pair: &Pair, what: &str) -> Vec<u8> {
    let (client, server) = (&pair.client.conn, &pair.server.conn);
    let tls13 = client.info().version == Some(ProtocolVersion::TLS1_3);
    for context in [None, Some(&b""[..]), Some(&b"a context"[..])] {
        for len in [1, 32, 100] {
            assert_eq!(
                export(client, LABEL, context, len),
                export(server, LABEL, context, len),
                "{what}: {context:?} {len}"
            );
        }
    }
    let absent = export(client, LABEL, None, 32);
    let empty = export(client, LABEL, Some(b""), 32);
    // RFC 9846 §7.5: "providing no context computes the same value as providing an empty
    // context"; RFC 5705 §4 puts the context's length in the seed, so TLS 1.2 tells them apart.
    assert_eq!(absent == empty, tls13, "{what}: absent vs empty context");
    assert_ne!(
        absent,
        export(client, LABEL, Some(b"a context"), 32),
        "{what}"
    );
    assert_ne!(
        absent,
        export(client, b"EXPORTER-other", None, 32),
        "{what}"
    );
    // A longer output is not the shorter one extended in TLS 1.3 (the length is in the
    // HkdfLabel), but it is in TLS 1.2 (the PRF stream).
    let long = export(client, LABEL, None, 100);
    assert_eq!(long[..32] == absent[..], !tls13, "{what}: prefix");
    absent
}

#[test]
fn both_ends_agree_for_every_suite_full_and_resumed() {
    for suite in ALL_CIPHER_SUITES {
        let what = suite.name();
        let (client_config, server_config) = configs(suite);
        let mut pair = Pair::new(
            Arc::clone(&client_config),
            Arc::clone(&server_config),
            certs::SERVER_NAME,
            Delivery::Flights,
        );
        let mut out = [0u8; 32];
        assert_eq!(
            pair.client
                .conn
                .export_keying_material(&mut out, LABEL, None),
            Err(ApiError::HandshakeNotComplete),
            "{what}"
        );
        pair.client_to_server();
        // The server has sent its whole flight but has not seen the client's Finished.
        assert_eq!(
            pair.server
                .conn
                .export_keying_material(&mut out, LABEL, None),
            Err(ApiError::HandshakeNotComplete),
            "{what}"
        );
        pair.handshake().unwrap_or_else(|e| panic!("{what}: {e}"));
        pair.pump();
        let full = check_agreement(&pair, what);

        // The resumed session exports other bytes: new randoms (TLS 1.2), a new transcript
        // (TLS 1.3).
        let data = pair.client.conn.resumption_data().expect("resumption data");
        let name = ServerName::try_from(certs::SERVER_NAME).expect("name");
        let client = ClientConnection::resume(client_config, name, data, pair.now())
            .expect("client resumes");
        let server = ServerConnection::new(server_config).expect("server");
        let mut resumed = Pair::from_connections(client, server, Delivery::Flights, pair.clock());
        resumed
            .handshake()
            .unwrap_or_else(|e| panic!("{what} resumed: {e}"));
        assert!(resumed.client.conn.is_resumed(), "{what}");
        assert!(resumed.server.conn.is_resumed(), "{what}");
        assert_ne!(check_agreement(&resumed, what), full, "{what}");
    }
}

#[test]
fn a_failed_connection_exports_nothing() {
    let (client_config, server_config) = configs(ALL_CIPHER_SUITES[0]);
    let mut pair = Pair::new(
        client_config,
        server_config,
        certs::SERVER_NAME,
        Delivery::Flights,
    );
    pair.handshake().expect("handshake");
    assert!(pair.client.conn.handle_eof().is_err());
    let mut out = [0u8; 32];
    assert!(matches!(
        pair.client
            .conn
            .export_keying_material(&mut out, LABEL, None),
        Err(ApiError::Failed(_))
    ));
}

/// RFC 8448 §3's client, replayed record by record, exports what RFC 9846 §7.5 computes from
/// the trace's own "exp master" value.
#[test]
fn rfc8448_section3_exporter_secret_through_the_public_call() {
    let session = Session::for_replay(Section::Simple1Rtt);
    let trace = &session.trace;
    let exp_master = trace
        .step("{server} derive secret \"tls13 exp master\"")
        .hex("expanded");
    let ScriptedConfig { config, .. } = session.client_setup();
    let now = UnixTime::since_unix_epoch(Duration::from_secs(1_500_000_000));
    let name = ServerName::try_from(TRACE_SERVER_NAME).expect("dns name");
    let mut conn = ClientConnection::new(Arc::new(config), name, now).expect("client starts");
    replay_client(trace, &mut conn, now);
    assert!(!conn.is_handshaking() && conn.failure().is_none());

    for context in [&b""[..], b"RFC 8448"] {
        let expected = tls_exporter(&exp_master, LABEL, context, 32);
        assert_eq!(export(&conn, LABEL, Some(context), 32), expected);
    }
}

fn early_export<H: ferrotls_core::conn::Handshake>(
    conn: &Connection<H>,
    context: Option<&[u8]>,
) -> Result<Vec<u8>, ApiError> {
    let mut out = vec![0u8; 32];
    conn.export_early_keying_material(&mut out, LABEL, context)
        .map(|()| out)
}

/// A full handshake with a server whose tickets allow 0-RTT, then a resumption offering it to
/// that server or (`accept` false) to one with the same ticket keys that takes no early data;
/// returns the resumed pair with the client's ClientHello and early data queued, not delivered.
fn resumed_with_early_data(accept: bool) -> Pair {
    let (client_config, server_config) = configs(ALL_CIPHER_SUITES[0]);
    let mut client_config = (*client_config).clone();
    client_config.enable_early_data = true;
    let client_config = Arc::new(client_config);
    let mut server_config = (*server_config).clone();
    server_config.max_early_data = 16384;
    server_config.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(16)));
    let mut pair = Pair::new(
        Arc::clone(&client_config),
        Arc::new(server_config.clone()),
        certs::SERVER_NAME,
        Delivery::Flights,
    );
    pair.handshake().expect("full handshake");
    pair.pump();
    // Full handshakes have no early exporter.
    for e in [
        early_export(&pair.client.conn, None),
        early_export(&pair.server.conn, None),
    ] {
        assert_eq!(e, Err(ApiError::EarlyDataUnavailable));
    }
    let data = pair.client.conn.resumption_data().expect("a ticket");
    let name = ServerName::try_from(certs::SERVER_NAME).expect("name");
    let mut client =
        ClientConnection::resume(client_config, name, data, pair.now()).expect("client resumes");
    client.send_early_data(b"early").expect("0-RTT offered");
    if !accept {
        server_config.max_early_data = 0;
    }
    let server = ServerConnection::new(Arc::new(server_config)).expect("server");
    Pair::from_connections(client, server, Delivery::Flights, pair.clock())
}

/// RFC 9846 §7.5: the early exporter exists where 0-RTT is in use. The client has it from its
/// offer on (its 0-RTT data may carry exported values), the server once it accepts; both agree,
/// before and after the handshake, and it is not the exporter.
#[test]
fn early_exporter_agrees_while_0rtt_is_in_use() {
    let mut pair = resumed_with_early_data(true);
    let offered = early_export(&pair.client.conn, Some(b"ctx")).expect("client: offered");
    assert_eq!(
        early_export(&pair.client.conn, None),
        early_export(&pair.client.conn, Some(b""))
    );
    assert_ne!(early_export(&pair.client.conn, None).unwrap(), offered);
    assert_eq!(
        early_export(&pair.server.conn, Some(b"ctx")),
        Err(ApiError::EarlyDataUnavailable),
        "the server has not seen the ClientHello"
    );
    pair.client_to_server();
    assert!(pair.server.saw(&ferrotls_core::Event::EarlyDataAccepted));
    assert_eq!(
        early_export(&pair.server.conn, Some(b"ctx")),
        Ok(offered.clone())
    );
    pair.handshake().expect("resumed handshake");
    assert!(pair.client.saw(&ferrotls_core::Event::EarlyDataAccepted));
    for conn_export in [
        early_export(&pair.client.conn, Some(b"ctx")),
        early_export(&pair.server.conn, Some(b"ctx")),
    ] {
        assert_eq!(conn_export, Ok(offered.clone()));
    }
    assert_ne!(export(&pair.client.conn, LABEL, Some(b"ctx"), 32), offered);
    // Argument checks as for the exporter.
    let mut out = [0u8; 16];
    assert!(matches!(
        pair.client
            .conn
            .export_early_keying_material(&mut out, &[b'a'; 250], None),
        Err(ApiError::InvalidArgument(_))
    ));
}

/// A server that does not take the 0-RTT data has no early exporter, and the client's goes when
/// the refusal arrives: what it exported belonged to data the server never read.
#[test]
fn early_exporter_goes_when_0rtt_is_rejected() {
    let mut pair = resumed_with_early_data(false);
    assert!(early_export(&pair.client.conn, None).is_ok(), "offered");
    pair.handshake().expect("resumed handshake");
    assert!(pair.client.conn.is_resumed());
    assert!(pair
        .client
        .events
        .iter()
        .any(|e| matches!(e, ferrotls_core::Event::EarlyDataRejected { .. })));
    for conn_export in [
        early_export(&pair.client.conn, None),
        early_export(&pair.server.conn, None),
    ] {
        assert_eq!(conn_export, Err(ApiError::EarlyDataUnavailable));
    }
}
