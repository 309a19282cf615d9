//! The TLS 1.3 stateful ticket take as a deferred request (crate::deferred): the server pauses
//! on `TakeSession`, the client's 0-RTT records wait in the caller's buffer (their keys depend
//! on the answer), and the late answer resumes the handshake as the store would have.

use alloc::sync::Arc;

use super::harness::{first_ticket, later, zero_rtt_config, Started};
use super::hello;
use super::mini_client::{MiniClient, Resume, Ticket};
use crate::config::ServerConfig;
use crate::deferred::{Answer, ReplayVerdict, Request, SessionLookup};
use crate::events::Event;
use crate::resumption::{DeclineReason, InMemorySessionStore, ServerSessionStore};
use crate::server::ServerConnection;

/// Two configs over one store of stateful tickets (no sealer), 0-RTT on: the first answers
/// from the store itself, the second leaves the lookups to the application.
fn stateful() -> (
    Arc<InMemorySessionStore>,
    Arc<ServerConfig>,
    Arc<ServerConfig>,
) {
    let store = Arc::new(InMemorySessionStore::new(16));
    let mut base = zero_rtt_config(1000);
    base.ticket_sealer = None;
    base.session_store = Some(Arc::clone(&store) as Arc<dyn ServerSessionStore>);
    let mut deferring = base.clone();
    deferring.defer.sessions = true;
    (store, Arc::new(base), Arc::new(deferring))
}

/// A server paused on taking `ticket`, offered with 0-RTT data; returns what it left unread.
fn paused(config: &Arc<ServerConfig>, ticket: &Ticket) -> (Started, usize) {
    let mut server = ServerConnection::new(Arc::clone(config)).unwrap();
    let mut client = MiniClient::new(200);
    let resume = Resume {
        early_data: true,
        ..Resume::with(ticket)
    };
    let mut sent = client.hello_from(hello(), Some(&resume));
    let hello_len = sent.len();
    sent.extend(client.early_data(b"GET /"));
    let mut buf = sent.clone();
    let used = server.handle_tls(&mut buf, later(1)).unwrap();
    assert_eq!(used, hello_len, "only the ClientHello is taken");
    assert_eq!(
        server.pending(),
        Some(&Request::TakeSession {
            id: ticket.ticket.clone()
        })
    );
    assert_eq!(server.poll_event(), Some(Event::Paused));
    assert!(!server.wants_write());
    // Offered again while paused: nothing is taken.
    assert_eq!(server.handle_tls(&mut buf[used..], later(1)), Ok(0));
    (
        Started {
            server,
            client,
            sent,
        },
        used,
    )
}

#[test]
fn a_late_take_resumes_and_the_early_data_waits_for_its_keys() {
    let (store, sync, deferring) = stateful();
    let (_, ticket) = first_ticket(&sync);
    let (mut started, used) = paused(&deferring, &ticket);
    // The application takes the ticket from its store, later.
    let state = store.take(&ticket.ticket, later(2));
    assert!(state.is_some());
    let answer = Answer::Session(state.map_or(SessionLookup::NotFound, SessionLookup::Found));
    started.server.answer(answer, later(2)).unwrap();
    assert!(started.server.pending().is_none() && started.server.wants_write());
    // Now the early data can be read with the keys the answer decided.
    let mut rest = started.sent[used..].to_vec();
    let len = rest.len();
    assert_eq!(started.server.handle_tls(&mut rest, later(2)), Ok(len));
    let mut done = started.finish(later(2)).unwrap();
    assert!(done.server.info().resumed);
    assert_eq!(done.early_data(), b"GET /");
    assert!(done.events.contains(&Event::EarlyDataAccepted));
}

#[test]
fn an_unavailable_store_declines_the_ticket_and_skips_the_early_data() {
    let (_, sync, deferring) = stateful();
    let (_, ticket) = first_ticket(&sync);
    let (mut started, used) = paused(&deferring, &ticket);
    started
        .server
        .answer(Answer::Session(SessionLookup::Unavailable), later(2))
        .unwrap();
    let mut rest = started.sent[used..].to_vec();
    let len = rest.len();
    assert_eq!(started.server.handle_tls(&mut rest, later(2)), Ok(len));
    let done = started.finish(later(2)).unwrap();
    assert!(!done.server.info().resumed);
    assert_eq!(done.declined(), Some(DeclineReason::StoreUnavailable));
    assert_eq!(done.early_rejected(), Some(DeclineReason::StoreUnavailable));
}

/// A 0-RTT config whose anti-replay check is the application's, with no `AntiReplay` object.
fn replay_deferred() -> (Arc<ServerConfig>, Ticket) {
    let mut config = zero_rtt_config(1000);
    config.anti_replay = None;
    config.defer.anti_replay = true;
    let config = Arc::new(config);
    let (_, ticket) = first_ticket(&config);
    assert_eq!(
        ticket.max_early_data,
        Some(1000),
        "0-RTT allowed without an AntiReplay"
    );
    (config, ticket)
}

/// Offer `ticket` with 0-RTT data; the server pauses on the replay check of the binder.
fn paused_on_replay(config: &Arc<ServerConfig>, ticket: &Ticket) -> (Started, usize) {
    let mut server = ServerConnection::new(Arc::clone(config)).unwrap();
    let mut client = MiniClient::new(201);
    let resume = Resume {
        early_data: true,
        ..Resume::with(ticket)
    };
    let mut sent = client.hello_from(hello(), Some(&resume));
    let hello_len = sent.len();
    sent.extend(client.early_data(b"GET /"));
    let mut buf = sent.clone();
    let used = server.handle_tls(&mut buf, later(1)).unwrap();
    assert_eq!(used, hello_len);
    // The record lasts until the ticket (issued at `now()`) expires, plus the 11 s freshness
    // window (RFC 9846 §8), not only while this ClientHello is fresh.
    let record_end = super::now().as_secs() + u64::from(ticket.lifetime) + 11;
    assert!(matches!(
        server.pending(),
        Some(Request::CheckReplay { key, valid_until })
            if !key.is_empty() && valid_until.as_secs() == record_end
    ));
    assert_eq!(server.poll_event(), Some(Event::Paused));
    (
        Started {
            server,
            client,
            sent,
        },
        used,
    )
}

fn finish_with(mut started: Started, used: usize, verdict: ReplayVerdict) -> super::harness::Done {
    started
        .server
        .answer(Answer::Replay(verdict), later(2))
        .unwrap();
    let mut rest = started.sent[used..].to_vec();
    let len = rest.len();
    assert_eq!(started.server.handle_tls(&mut rest, later(2)), Ok(len));
    started.finish(later(2)).unwrap()
}

#[test]
fn early_data_is_accepted_only_on_a_fresh_verdict() {
    let (config, ticket) = replay_deferred();
    let (started, used) = paused_on_replay(&config, &ticket);
    let mut done = finish_with(started, used, ReplayVerdict::Fresh);
    assert!(done.server.info().resumed);
    assert_eq!(done.early_data(), b"GET /");

    let (started, used) = paused_on_replay(&config, &ticket);
    let done = finish_with(started, used, ReplayVerdict::Replayed);
    assert!(done.server.info().resumed, "the PSK is still good");
    assert_eq!(done.early_rejected(), Some(DeclineReason::Replay));
}

#[test]
fn an_unavailable_replay_store_rejects_the_early_data_and_the_handshake_completes() {
    let (config, ticket) = replay_deferred();
    let (started, used) = paused_on_replay(&config, &ticket);
    let done = finish_with(started, used, ReplayVerdict::Unavailable);
    assert!(done.server.info().resumed);
    assert_eq!(done.early_rejected(), Some(DeclineReason::StoreUnavailable));
    assert!(!done.client.seen.early_data_accepted);
}

#[test]
fn stateful_tickets_of_a_deferred_store_are_reported_not_stored() {
    let (store, _, deferring) = stateful();
    let mut no_store = (*deferring).clone();
    no_store.session_store = None;
    for config in [deferring, Arc::new(no_store)] {
        let (done, _) = first_ticket(&config);
        let writes: alloc::vec::Vec<_> = done
            .events
            .iter()
            .filter_map(|e| match e {
                Event::StoreSession(w) => Some(w.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(writes.len(), done.tickets.len(), "one write per ticket");
        for (write, ticket) in writes.iter().zip(&done.tickets) {
            assert_eq!(write.id, ticket.ticket, "the ticket is the id");
            assert_eq!(write.state.session_id(), done.server.info().session_id);
        }
        assert!(store.get(&writes[0].id, later(1)).is_none(), "not put");
    }
}
