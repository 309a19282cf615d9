//! Full handshakes and resumptions of both versions, traced from start to close_notify, and
//! records sealed in place.

use std::sync::Arc;

use ferrotls_core::{Event, ProtocolVersion};
use ferrotls_tests::certs;
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::pair::Pair;
use tracing::Level;

use crate::capture::{Capture, Record};
use crate::secrets::assert_no_secret;
use crate::{
    assert_closed, assert_completed, by_connection, client_full_tls13, configs, count, dump, full,
    handshake_debug, resumed, resumption_debug, server_full_tls13, transitions, walk, Secrets,
};

/// TLS 1.3, a full handshake then a resumption with accepted 0-RTT: both sides' transitions
/// in order, the negotiated values, two tickets issued and received, the resumption and the
/// 0-RTT data accepted, close_notify both ways, every record at trace level; no secret
/// anywhere.
#[test]
fn tls13_full_then_resumed_with_early_data() {
    let secrets = Arc::new(Secrets::default());
    let (client, server) = configs(ProtocolVersion::TLS1_3, &secrets);
    let (records, (tickets, resumed_pair)) = Capture::run(|| {
        let tickets = full(&client, &server);
        let pair = resumed(&client, &server, tickets[0].clone(), b"early data");
        (tickets, pair)
    });
    assert!(resumed_pair.client.saw(&Event::EarlyDataAccepted));
    let conns = by_connection(&records);
    let sides: Vec<&str> = conns.iter().map(|(side, _)| side.as_str()).collect();
    assert_eq!(
        sides,
        ["client", "server", "client", "server"],
        "{}",
        dump(&records)
    );
    let [(_, client_full), (_, server_full), (_, client_resumed), (_, server_resumed)] = &conns[..]
    else {
        unreachable!()
    };

    assert_eq!(transitions(client_full), client_full_tls13());
    assert_eq!(transitions(server_full), server_full_tls13());
    assert_eq!(
        transitions(client_resumed),
        walk(
            "ExpectServerHello",
            &[
                ("server_hello", "ExpectEncryptedExtensions"),
                ("encrypted_extensions", "ExpectFinished"),
                ("finished", "Connected"),
            ],
        ),
    );
    assert_eq!(
        transitions(server_resumed),
        walk(
            "ExpectClientHello",
            &[
                ("client_hello", "Paused"),
                ("answer", "ExpectEndOfEarlyData"),
                ("end_of_early_data", "ExpectFinished"),
                ("finished", "Connected"),
            ],
        ),
    );
    // Post-handshake messages that leave the state as it is are traced at trace level.
    let kept: Vec<&Record> = client_full
        .iter()
        .filter(|r| r.message() == "input handled")
        .collect();
    assert_eq!(kept.len(), 2, "{}", dump(client_full));
    for r in kept {
        assert_eq!(r.level, Level::TRACE);
        assert_eq!(r.field("state"), Some("Connected"));
        assert_eq!(r.field("input"), Some("new_session_ticket"));
    }

    for (side, records) in &conns {
        assert_completed(side, records, "TLSv1.3");
        assert_closed(side, records);
        let suite = handshake_debug(records, "suite negotiated");
        assert_eq!(suite[0].field("suite"), Some("TLS_AES_128_GCM_SHA256"));
        assert!(
            count(records, "group negotiated") == 1,
            "{side}:\n{}",
            dump(records)
        );
        assert_eq!(count(records, "fatal alert sent"), 0);
        // Every record both ways, with its type and length.
        let sent = records
            .iter()
            .filter(|r| r.message() == "record" && r.field("dir") == Some("sent"));
        let received = records
            .iter()
            .filter(|r| r.message() == "record" && r.field("dir") == Some("received"));
        for r in sent.clone().chain(received.clone()) {
            assert_eq!(
                (r.level, r.target.as_str()),
                (Level::TRACE, "ferrotls::record")
            );
            assert!(
                r.field("content_type").is_some() && r.field("len").is_some(),
                "{r}"
            );
        }
        assert!(sent.count() >= 2 && received.count() >= 2, "{side}");
    }

    // Tickets: two issued by each server, as sealed tickets allowing 0-RTT, and two received.
    for server in [server_full, server_resumed] {
        let issued = resumption_debug(server, "session issued");
        assert_eq!(issued.len(), 2);
        for r in issued {
            assert_eq!(r.field("kind"), Some("sealed ticket"));
            assert_eq!(r.field("max_early_data"), Some("16384"));
            assert_eq!(r.field("version"), Some("TLSv1.3"));
        }
    }
    for client in [client_full, client_resumed] {
        let received = resumption_debug(client, "ticket received");
        assert_eq!(received.len(), 2);
        assert_eq!(received[0].field("kind"), Some("Tls13Ticket"));
    }

    // The resumption and its 0-RTT data, accepted by both sides; nothing of it in the full
    // handshakes.
    for records in [client_resumed, server_resumed] {
        for message in [
            "resumption offered",
            "resumption accepted",
            "0-RTT accepted",
        ] {
            let found = resumption_debug(records, message);
            assert_eq!(found.len(), 1, "{message}:\n{}", dump(records));
        }
        assert_eq!(count(records, "resumption declined"), 0);
    }
    for records in [client_full, server_full] {
        assert_eq!(count(records, "resumption offered"), 0);
        assert_eq!(count(records, "resumption accepted"), 0);
    }

    let mut all_secrets = secrets.all();
    assert!(
        all_secrets.len() >= 20,
        "{} secrets logged",
        all_secrets.len()
    );
    for ticket in &tickets {
        all_secrets.push(ticket.secret().as_bytes().to_vec());
        all_secrets.push(ticket.ticket().to_vec());
    }
    all_secrets.push(b"early data".to_vec());
    assert_no_secret(&records, &all_secrets);
}

/// TLS 1.2, a full handshake then an abbreviated one from its ticket: the TLS 1.2 machines'
/// transitions (ChangeCipherSpec among the inputs), the session stored under its ID and the
/// ticket issued, renewed on resumption.
#[test]
fn tls12_full_then_resumed() {
    let secrets = Arc::new(Secrets::default());
    let (client, server) = configs(ProtocolVersion::TLS1_2, &secrets);
    let (records, tickets) = Capture::run(|| {
        let tickets = full(&client, &server);
        resumed(&client, &server, tickets[0].clone(), b"");
        tickets
    });
    let conns = by_connection(&records);
    let [(_, client_full), (_, server_full), (_, client_resumed), (_, server_resumed)] = &conns[..]
    else {
        panic!("{}", dump(&records))
    };
    assert_eq!(
        transitions(client_full),
        walk(
            "ExpectServerHello",
            &[
                ("server_hello", "Tls12ExpectCertificate"),
                ("certificate", "Tls12ExpectServerKeyExchange"),
                ("server_key_exchange", "Tls12ExpectCertificateRequestOrDone"),
                ("server_hello_done", "Tls12ExpectNewSessionTicket"),
                ("new_session_ticket", "Tls12ExpectChangeCipherSpec"),
                ("change_cipher_spec", "Tls12ExpectFinished"),
                ("finished", "Tls12Connected"),
            ],
        ),
    );
    assert_eq!(
        transitions(server_full),
        walk(
            "ExpectClientHello",
            &[
                ("client_hello", "Paused"),
                ("answer", "ExpectClientKeyExchange"),
                ("client_key_exchange", "ExpectChangeCipherSpec"),
                ("change_cipher_spec", "ExpectFinished"),
                ("finished", "Connected"),
            ],
        ),
    );
    assert_eq!(
        transitions(client_resumed),
        walk(
            "ExpectServerHello",
            &[
                ("server_hello", "Tls12ExpectNewSessionTicket"),
                ("new_session_ticket", "Tls12ExpectChangeCipherSpec"),
                ("change_cipher_spec", "Tls12ExpectFinished"),
                ("finished", "Tls12Connected"),
            ],
        ),
    );
    assert_eq!(
        transitions(server_resumed),
        walk(
            "ExpectClientHello",
            &[
                ("client_hello", "ExpectResumedChangeCipherSpec"),
                ("change_cipher_spec", "ExpectResumedFinished"),
                ("finished", "Connected"),
            ],
        ),
    );
    for (side, records) in &conns {
        assert_completed(side, records, "TLSv1.2");
        assert_closed(side, records);
        let ems = handshake_debug(records, "extended master secret");
        assert_eq!(ems[0].field("ems"), Some("true"), "{side}");
    }
    let issued = |records: &[Record]| -> Vec<String> {
        resumption_debug(records, "session issued")
            .iter()
            .map(|r| r.field("kind").unwrap().to_string())
            .collect()
    };
    assert_eq!(issued(server_full), ["session ID", "ticket"]);
    assert_eq!(issued(server_resumed), ["ticket"]);
    for records in [client_resumed, server_resumed] {
        assert_eq!(
            count(records, "resumption accepted"),
            1,
            "{}",
            dump(records)
        );
    }
    let mut all_secrets = secrets.all();
    all_secrets.extend(tickets.iter().map(|t| t.secret().as_bytes().to_vec()));
    all_secrets.extend(tickets.iter().map(|t| t.ticket().to_vec()));
    assert_no_secret(&records, &all_secrets);
}

/// A record sealed in the caller's buffer (`seal_in_place`) is traced like every other record,
/// in its connection's span.
#[test]
fn records_sealed_in_place_are_traced() {
    let secrets = Arc::new(Secrets::default());
    let (client, server) = configs(ProtocolVersion::TLS1_3, &secrets);
    let (records, ()) = Capture::run(|| {
        let mut pair = Pair::new(client, server, certs::SERVER_NAME, Delivery::Flights);
        pair.handshake().expect("handshake");
        let layout = pair.client.conn.send_layout().expect("keys installed");
        let mut record = vec![0; layout.record_len(300)];
        record[layout.data_range(300)].fill(b'x');
        pair.client.conn.seal_in_place(&mut record, 300).unwrap();
    });
    let conns = by_connection(&records);
    let (side, client_records) = &conns[0];
    assert_eq!(side, "client");
    let sealed: Vec<&Record> = client_records
        .iter()
        .filter(|r| {
            r.message() == "record"
                && r.field("dir") == Some("sent")
                && r.field("content_type") == Some("application_data")
        })
        .collect();
    assert_eq!(sealed.len(), 1, "{}", dump(client_records));
    assert_eq!(sealed[0].field("len"), Some("300"));
    assert_eq!(sealed[0].level, Level::TRACE);
}
