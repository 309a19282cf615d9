//! The decisions a connection traces with their reasons: a declined resumption, rejected
//! 0-RTT data, a deferred request and its answer, fatal alerts.

use std::sync::Arc;

use ferrotls_core::deferred::{Answer, Defer};
use ferrotls_core::{ClientConfig, Event, ProtocolVersion, ServerConfig};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::pair::Pair;
use tracing::Level;

use crate::capture::{Capture, Record};
use crate::{
    alerts, by_connection, client_full_tls13, configs, count, dump, full, handshake_debug, resumed,
    resumption_debug, server_full_tls13, transitions, Secrets,
};

/// The reason field of each record with `message`.
fn reasons(records: &[Record], message: &str) -> Vec<String> {
    resumption_debug(records, message)
        .iter()
        .map(|r| r.field("reason").unwrap().to_string())
        .collect()
}

/// A full handshake with `server`, then a resumption of its first ticket with 0-RTT data at
/// `resuming`, traced: the resumed pair, and the records of its client and of its server.
fn resumed_at(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
    resuming: &Arc<ServerConfig>,
) -> (Pair, Vec<Record>, Vec<Record>) {
    let (records, pair) = Capture::run(|| {
        let tickets = full(client, server);
        resumed(client, resuming, tickets[0].clone(), b"early data")
    });
    let conns = by_connection(&records);
    let [_, _, (_, client_records), (_, server_records)] = &conns[..] else {
        panic!("{}", dump(&records))
    };
    (pair, client_records.clone(), server_records.clone())
}

/// A server that cannot open the ticket (another config, so another ticket key): it traces
/// the `DeclineReason` (undecryptable), the client traces the server's refusal of the
/// resumption and of its 0-RTT data, each with the reason its event carries; the handshake
/// is a full one, traced as such.
#[test]
fn declined_resumption_traces_its_reason() {
    let secrets = Arc::new(Secrets::default());
    let (client, server) = configs(ProtocolVersion::TLS1_3, &secrets);
    let (_, stranger) = configs(ProtocolVersion::TLS1_3, &secrets);
    let (pair, client_records, server_records) = resumed_at(&client, &server, &stranger);
    let (client_records, server_records) = (&client_records[..], &server_records[..]);
    let event_reasons = |events: &[Event]| -> Vec<String> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::ResumptionDeclined { reason } => Some(reason.to_string()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        reasons(server_records, "resumption declined"),
        ["ticket undecryptable"]
    );
    assert_eq!(
        reasons(server_records, "resumption declined"),
        event_reasons(&pair.server.events)
    );
    assert_eq!(
        reasons(client_records, "resumption declined"),
        event_reasons(&pair.client.events)
    );
    assert_eq!(
        reasons(client_records, "resumption declined"),
        ["declined by the server"]
    );
    // The client's 0-RTT data is handed back, all 10 bytes of it, and the trace says so.
    let rejected = resumption_debug(client_records, "0-RTT rejected");
    assert_eq!(rejected.len(), 1, "{}", dump(client_records));
    assert_eq!(rejected[0].field("returned"), Some("10"));
    assert_eq!(rejected[0].field("reason"), Some("declined by the server"));
    for records in [client_records, server_records] {
        assert_eq!(count(records, "resumption accepted"), 0);
        assert_eq!(count(records, "0-RTT accepted"), 0);
    }
    assert_eq!(transitions(client_records), client_full_tls13());
    assert_eq!(transitions(server_records), server_full_tls13());
}

/// A resumption accepted with its 0-RTT data refused (the server's config no longer allows
/// early data, same ticket key): the resumption traced as accepted, the 0-RTT rejection with
/// the server's reason on the server and the client's view of it on the client.
#[test]
fn rejected_early_data_traces_its_reason() {
    let secrets = Arc::new(Secrets::default());
    let (client, server) = configs(ProtocolVersion::TLS1_3, &secrets);
    let mut no_early = (*server).clone();
    no_early.max_early_data = 0;
    let no_early = Arc::new(no_early);
    let (pair, client_records, server_records) = resumed_at(&client, &server, &no_early);
    let (client_records, server_records) = (&client_records[..], &server_records[..]);
    let event_reason = |events: &[Event]| -> Vec<String> {
        events
            .iter()
            .filter_map(|e| match e {
                Event::EarlyDataRejected { reason, .. } => Some(reason.to_string()),
                _ => None,
            })
            .collect()
    };
    let server_reasons = reasons(server_records, "0-RTT rejected");
    assert_eq!(server_reasons, event_reason(&pair.server.events));
    assert_eq!(server_reasons, ["disabled by configuration"]);
    assert_eq!(
        reasons(client_records, "0-RTT rejected"),
        event_reason(&pair.client.events)
    );
    for records in [client_records, server_records] {
        assert_eq!(
            count(records, "resumption accepted"),
            1,
            "{}",
            dump(records)
        );
        assert_eq!(count(records, "resumption declined"), 0);
        assert_eq!(count(records, "0-RTT accepted"), 0);
    }
}

/// A deferred certificate choice: the pause with the request's kind, the application's
/// answer, and the transitions around them.
#[test]
fn deferred_pause_and_answer() {
    let secrets = Arc::new(Secrets::default());
    let (client, server) = configs(ProtocolVersion::TLS1_3, &secrets);
    let mut deferring = (*server).clone();
    deferring.defer = Defer {
        certificate: true,
        ..Defer::default()
    };
    let (records, ()) = Capture::run(|| {
        let mut pair = Pair::new(
            Arc::clone(&client),
            Arc::new(deferring),
            certs::SERVER_NAME,
            Delivery::Flights,
        );
        pair.client_to_server();
        assert!(pair.server.saw(&Event::Paused));
        let now = pair.now();
        let key = certs::server_key(KeyKind::EcdsaP256);
        pair.server
            .conn
            .answer(Answer::Certificate(Some(key)), now)
            .unwrap();
        pair.handshake().expect("handshake after the answer");
    });
    let conns = by_connection(&records);
    let [_, (_, server_records)] = &conns[..] else {
        panic!("{}", dump(&records))
    };
    let paused = handshake_debug(server_records, "paused");
    assert_eq!(paused.len(), 1, "{}", dump(server_records));
    assert_eq!(paused[0].field("request"), Some("ChooseCertificate"));
    let answered: Vec<(&str, &str)> = handshake_debug(server_records, "answered")
        .iter()
        .map(|r| (r.field("answer").unwrap(), r.field("by").unwrap()))
        .collect();
    assert_eq!(
        answered,
        [("certificate", "application"), ("signature", "config")]
    );
    assert_eq!(transitions(server_records), server_full_tls13());
}

/// A certificate refused for its name: the client's fatal alert with its cause at warn, the
/// server's receipt of it at warn, and the failed transition at debug.
#[test]
fn fatal_alerts_both_ways() {
    let secrets = Arc::new(Secrets::default());
    let (client, server) = configs(ProtocolVersion::TLS1_3, &secrets);
    let (records, ()) = Capture::run(|| {
        let mut pair = Pair::new(client, server, "other.example", Delivery::Flights);
        pair.handshake().expect_err("the name does not match");
    });
    let conns = by_connection(&records);
    let [(_, client_records), (_, server_records)] = &conns[..] else {
        panic!("{}", dump(&records))
    };
    let sent = alerts(client_records, "fatal alert sent", Level::WARN);
    assert_eq!(sent.len(), 1, "{}", dump(client_records));
    assert_eq!(sent[0].field("alert"), Some("bad_certificate"));
    assert!(
        sent[0].field("cause").unwrap().contains("server name"),
        "{}",
        sent[0]
    );
    let failed = handshake_debug(client_records, "transition failed");
    assert_eq!(failed.len(), 1);
    assert_eq!(
        failed[0].field("from"),
        Some("ExpectCertificateOrCertificateRequest")
    );
    assert_eq!(failed[0].field("input"), Some("certificate"));
    let received = alerts(server_records, "fatal alert received", Level::WARN);
    assert_eq!(received.len(), 1, "{}", dump(server_records));
    assert_eq!(received[0].field("alert"), Some("bad_certificate"));
    for records in [client_records, server_records] {
        assert_eq!(count(records, "handshake complete"), 0);
    }
}
