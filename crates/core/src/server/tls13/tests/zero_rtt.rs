//! 0-RTT on the server (RFC 8446 §4.2.10, §8): accepted only when every condition holds, with
//! the precise reason otherwise; replays refused; the early data budget enforced.

use alloc::sync::Arc;
use alloc::vec;

use ferrotls_crypto::NamedGroup;
use ferrotls_record::AlertDescription;

use super::harness::{connect, first_ticket, later, start, zero_rtt_config};
use super::mini_client::{Offered, Resume, Ticket};
use super::{hello, replace};
use crate::config::ServerConfig;
use crate::conn::EarlyDataStatus;
use crate::events::Event;
use crate::msgs::enums::CipherSuite;
use crate::msgs::extensions::{ClientExtension, ProtocolName, ProtocolNameList};
use crate::msgs::handshake::ClientHello;
use crate::resumption::DeclineReason;
use crate::server::ServerConnection;

fn with_early(ticket: &Ticket) -> Resume {
    Resume {
        early_data: true,
        ..Resume::with(ticket)
    }
}

fn zero_rtt() -> (Arc<ServerConfig>, Ticket) {
    let config = Arc::new(zero_rtt_config(1000));
    let (_, ticket) = first_ticket(&config);
    (config, ticket)
}

#[test]
fn early_data_is_accepted_and_delivered() {
    let (config, ticket) = zero_rtt();
    let mut done = connect(
        &config,
        Some(&with_early(&ticket)),
        Some(b"GET /"),
        later(1),
    )
    .unwrap();
    assert!(
        done.client.seen.early_data_accepted,
        "early_data in EncryptedExtensions"
    );
    assert_eq!(done.early_data(), b"GET /");
    let accepted = done
        .events
        .iter()
        .position(|e| *e == Event::EarlyDataAccepted)
        .expect("EarlyDataAccepted");
    let data = done
        .events
        .iter()
        .position(|e| *e == Event::EarlyData)
        .unwrap();
    assert!(accepted < data);
    let info = done.server.info();
    assert!(info.resumed);
    assert_eq!(info.early_data, EarlyDataStatus::Accepted);
    // The tickets of a 0-RTT connection allow 0-RTT again.
    assert_eq!(done.tickets[0].max_early_data, Some(1000));
}

/// Offer `resume` with 0-RTT data; the server must resume (if `resumed`) but refuse the data for
/// `reason`, skip it, and still complete the handshake.
fn rejected(
    config: &Arc<ServerConfig>,
    base: ClientHello,
    resume: &Resume,
    resumed: bool,
) -> DeclineReason {
    let mut done = start(config, base, Some(resume), Some(b"0-RTT"), later(1))
        .unwrap()
        .finish(later(1))
        .unwrap();
    assert!(!done.client.seen.early_data_accepted);
    assert!(done.early_data().is_empty());
    assert_eq!(done.server.info().resumed, resumed);
    assert_eq!(done.server.info().early_data, EarlyDataStatus::Rejected);
    done.early_rejected().expect("EarlyDataRejected")
}

#[test]
fn early_data_is_refused_for_each_reason() {
    let (config, ticket) = zero_rtt();
    // The server has 0-RTT off now (no anti-replay).
    let mut off = (*config).clone();
    off.anti_replay = None;
    assert_eq!(
        rejected(&Arc::new(off), hello(), &with_early(&ticket), true),
        DeclineReason::Disabled
    );
    let mut off = (*config).clone();
    off.max_early_data = 0;
    assert_eq!(
        rejected(&Arc::new(off), hello(), &with_early(&ticket), true),
        DeclineReason::Disabled
    );
    // A ticket issued without 0-RTT.
    let mut plain = (*config).clone();
    plain.anti_replay = None;
    let (_, no_early) = first_ticket(&Arc::new(plain));
    assert_eq!(
        rejected(&config, hello(), &with_early(&no_early), true),
        DeclineReason::Disabled
    );
    // The client's ticket age is a minute off ours.
    let mut stale = with_early(&ticket);
    stale.identities[0].age_ms = 60_000;
    assert_eq!(
        rejected(&config, hello(), &stale, true),
        DeclineReason::NotFresh
    );
    // The PSK is not the first identity (RFC 8446 §4.2.10).
    let mut forged = ticket.clone();
    forged.ticket = vec![3; 60];
    let second = Resume {
        identities: vec![Offered::new(&forged), Offered::new(&ticket)],
        ..with_early(&ticket)
    };
    assert_eq!(
        rejected(&config, hello(), &second, true),
        DeclineReason::Undecryptable
    );
    // No PSK accepted at all: the decline's reason.
    assert_eq!(
        rejected(&config, hello(), &with_early(&forged), false),
        DeclineReason::Undecryptable
    );
}

#[test]
fn early_data_needs_the_same_alpn_and_suite() {
    let mut config = zero_rtt_config(1000);
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let config = Arc::new(config);
    let alpn = |p: &[u8]| ClientExtension::Alpn(ProtocolNameList(vec![ProtocolName(p.to_vec())]));
    let h2 = replace(hello(), alpn(b"h2"));
    let done = start(&config, h2.clone(), None, None, super::now())
        .unwrap()
        .finish(super::now())
        .unwrap();
    let ticket = done.tickets[0].clone();
    let http1 = replace(hello(), alpn(b"http/1.1"));
    assert_eq!(
        rejected(&config, http1, &with_early(&ticket), true),
        DeclineReason::AlpnMismatch
    );
    // Same ALPN: accepted.
    let started = start(
        &config,
        h2,
        Some(&with_early(&ticket)),
        Some(b"x"),
        later(1),
    )
    .unwrap();
    assert_eq!(started.server.info().early_data, EarlyDataStatus::Accepted);
    // Another suite of the same hash resumes, but without 0-RTT (RFC 8446 §4.2.10).
    let chacha = ClientHello {
        cipher_suites: vec![CipherSuite::TLS_CHACHA20_POLY1305_SHA256],
        ..hello()
    };
    let mut started = start(&config, chacha, Some(&with_early(&ticket)), None, later(1)).unwrap();
    assert!(started.server.info().resumed);
    assert!(started.events().contains(&Event::EarlyDataRejected {
        data: vec![],
        reason: DeclineReason::CipherSuiteMismatch
    }));
}

#[test]
fn a_replayed_hello_gets_no_early_data() {
    let (config, ticket) = zero_rtt();
    let first = start(
        &config,
        hello(),
        Some(&with_early(&ticket)),
        Some(b"pay"),
        later(1),
    )
    .unwrap();
    assert_eq!(first.server.info().early_data, EarlyDataStatus::Accepted);
    // An attacker sends the very same bytes again to another connection.
    let mut replay = ServerConnection::new(Arc::clone(&config)).unwrap();
    let mut bytes = first.sent.clone();
    replay.handle_tls(&mut bytes, later(2)).unwrap();
    let events: vec::Vec<Event> = core::iter::from_fn(|| replay.poll_event()).collect();
    assert!(events.contains(&Event::EarlyDataRejected {
        data: vec![],
        reason: DeclineReason::Replay
    }));
    assert!(!events.contains(&Event::EarlyData));
    assert_eq!(replay.info().early_data, EarlyDataStatus::Rejected);
}

#[test]
fn a_hello_retry_refuses_early_data() {
    let mut config = zero_rtt_config(1000);
    config.groups = vec![NamedGroup::SECP256R1, NamedGroup::X25519];
    config.retry_for_preferred_group = true;
    let config = Arc::new(config);
    // The ticket comes from a server with the usual groups and the same sealer.
    let mut issuing = (*config).clone();
    issuing.retry_for_preferred_group = false;
    let (_, ticket) = first_ticket(&Arc::new(issuing));
    let mut started = start(
        &config,
        hello(),
        Some(&with_early(&ticket)),
        Some(b"x"),
        later(1),
    )
    .unwrap();
    assert!(started.server.info().hello_retry);
    assert!(started.events().contains(&Event::EarlyDataRejected {
        data: vec![],
        reason: DeclineReason::HelloRetry
    }));
    assert_eq!(started.server.info().early_data, EarlyDataStatus::Rejected);
    // The early data is skipped; the second ClientHello resumes (1-RTT).
    started
        .retry(hello(), Some(&with_early(&ticket)), later(1))
        .unwrap();
    let mut done = started.finish(later(1)).unwrap();
    assert!(done.server.info().resumed);
    assert!(done.early_data().is_empty());
}

#[test]
fn too_much_early_data_is_unexpected_message() {
    let config = Arc::new(zero_rtt_config(10));
    let (_, ticket) = first_ticket(&config);
    assert_eq!(ticket.max_early_data, Some(10));
    // Exactly the budget is fine (the anti-replay record is per binder, and each connection's
    // ClientHello differs).
    assert!(start(
        &config,
        hello(),
        Some(&with_early(&ticket)),
        Some(&[1; 10]),
        later(1)
    )
    .is_ok());
    let err = start(
        &config,
        hello(),
        Some(&with_early(&ticket)),
        Some(&[1; 11]),
        later(1),
    )
    .err()
    .expect("refused");
    assert_eq!(err.alert_sent(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}
