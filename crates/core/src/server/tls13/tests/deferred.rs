//! The TLS 1.3 stateful ticket take as a deferred request (crate::deferred): the server pauses
//! on `TakeSession`, the client's 0-RTT records wait in the caller's buffer (their keys depend
//! on the answer), and the late answer resumes the handshake as the store would have.

use alloc::sync::Arc;

use super::harness::{first_ticket, later, zero_rtt_config, Started};
use super::hello;
use super::mini_client::{MiniClient, Resume, Ticket};
use crate::config::ServerConfig;
use crate::deferred::{Answer, Request, SessionLookup};
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
