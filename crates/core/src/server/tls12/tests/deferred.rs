//! The TLS 1.2 session-ID lookup as a deferred request (crate::deferred): the pause, what it
//! holds back, the answer, and each misuse of `answer` leaving the connection as it was.

use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_record::{AlertDescription, ContentType};

use super::resumption::{events, session, storing, with_session_id, ID};
use super::support::*;
use crate::config::ServerConfig;
use crate::deferred::{Answer, ReplayVerdict, Request, SessionLookup};
use crate::error::{ApiError, Error};
use crate::events::Event;
use crate::msgs::handshake::{ClientHello, HandshakeMessage};
use crate::resumption::DeclineReason;
use crate::server::ServerConnection;

/// What the application can observe of a connection, to show a refused call changed nothing.
#[derive(Debug, PartialEq)]
struct Observed {
    pending: Option<Request>,
    wants_write: bool,
    output: Vec<u8>,
    failure: Option<Error>,
    handshaking: bool,
}

fn observe(conn: &ServerConnection) -> Observed {
    Observed {
        pending: conn.pending().cloned(),
        wants_write: conn.wants_write(),
        output: conn.pending_tls().to_vec(),
        failure: conn.failure().cloned(),
        handshaking: conn.is_handshaking(),
    }
}

/// A server whose sessions are looked up by the application, its store (which the application
/// reads in these tests) holding [`ID`].
fn deferring() -> ServerConfig {
    let mut config = storing(config(), session(true));
    config.defer.sessions = true;
    config
}

fn hello_record(ch: &ClientHello) -> Vec<u8> {
    let encoded = HandshakeMessage::ClientHello(ch.clone())
        .to_bytes()
        .unwrap();
    record(ContentType::HANDSHAKE, &encoded)
}

/// The store's answer, as the application would give it.
fn from_store(conn_config: &ServerConfig) -> Answer {
    let state = conn_config.session_store.as_ref().unwrap().get(&ID, now());
    Answer::Session(state.map_or(SessionLookup::NotFound, SessionLookup::Found))
}

/// A server paused on the lookup of [`ID`].
fn paused() -> (ServerConnection, Arc<ServerConfig>) {
    let cfg = Arc::new(deferring());
    let mut conn = ServerConnection::new(Arc::clone(&cfg)).unwrap();
    let used = feed(&mut conn, &hello_record(&with_session_id(hello()))).unwrap();
    assert!(used > 0);
    assert_eq!(
        conn.pending(),
        Some(&Request::LookupSession { id: ID.to_vec() })
    );
    assert_eq!(events(&mut conn), [Event::Paused]);
    (conn, cfg)
}

#[test]
fn a_paused_lookup_consumes_nothing_more_and_resumes_as_the_store_would() {
    let (mut conn, cfg) = paused();
    assert!(!conn.wants_write(), "nothing sent before the answer");
    // While paused, nothing is taken: records stay in the caller's buffer.
    let mut more = record(ContentType::CHANGE_CIPHER_SPEC, &[1]);
    assert_eq!(conn.handle_tls(&mut more, now()), Ok(0));
    assert!(conn.pending().is_some());
    conn.answer(from_store(&cfg), now()).unwrap();
    assert!(conn.pending().is_none());
    // Byte for byte what the synchronous store gives (the same seeded random source).
    let (mut sync, result) = run(storing(config(), session(true)), &with_session_id(hello()));
    result.unwrap();
    let (mut late, mut at_once) = (Vec::new(), Vec::new());
    conn.write_tls(&mut late);
    sync.write_tls(&mut at_once);
    assert!(!late.is_empty());
    assert_eq!(late, at_once);
    assert!(conn.info().resumed && sync.info().resumed);
}

#[test]
fn messages_after_the_paused_one_wait_in_the_joiner_for_the_answer() {
    // A second ClientHello in the same record as the first: with a synchronous store it is
    // refused in the abbreviated handshake's state; paused, it waits and meets the same fate.
    let ch = with_session_id(hello());
    let encoded = HandshakeMessage::ClientHello(ch.clone())
        .to_bytes()
        .unwrap();
    let both = record(ContentType::HANDSHAKE, &[encoded.clone(), encoded].concat());
    let mut sync = ServerConnection::new(Arc::new(storing(config(), session(true)))).unwrap();
    let sync_error = feed(&mut sync, &both).unwrap_err();
    assert_eq!(
        sync_error.alert_sent(),
        Some(AlertDescription::UNEXPECTED_MESSAGE)
    );

    let cfg = Arc::new(deferring());
    let mut conn = ServerConnection::new(Arc::clone(&cfg)).unwrap();
    assert_eq!(feed(&mut conn, &both), Ok(both.len()));
    assert!(conn.pending().is_some() && conn.failure().is_none());
    let answered = conn.answer(from_store(&cfg), now());
    assert_eq!(answered, Err(ApiError::Failed(sync_error.clone())));
    assert_eq!(conn.failure(), Some(&sync_error));
    let (mut late, mut at_once) = (Vec::new(), Vec::new());
    conn.write_tls(&mut late);
    sync.write_tls(&mut at_once);
    assert_eq!(late, at_once, "the same flight and alert");
}

#[test]
fn an_unavailable_store_means_a_full_handshake() {
    let (mut conn, _) = paused();
    conn.answer(Answer::Session(SessionLookup::Unavailable), now())
        .unwrap();
    assert!(!conn.info().resumed && conn.failure().is_none());
    assert!(conn.wants_write(), "the full flight");
    assert_eq!(
        events(&mut conn),
        [Event::ResumptionDeclined {
            reason: DeclineReason::StoreUnavailable
        }]
    );
}

#[test]
fn an_answer_with_nothing_pending_changes_nothing() {
    let mut conn = ServerConnection::new(Arc::new(deferring())).unwrap();
    let before = observe(&conn);
    let answer = Answer::Session(SessionLookup::NotFound);
    assert_eq!(conn.answer(answer, now()), Err(ApiError::NothingPending));
    assert_eq!(observe(&conn), before);
    // The handshake still runs.
    feed(&mut conn, &hello_record(&hello())).unwrap();
    assert!(conn.wants_write() && conn.pending().is_none());
}

#[test]
fn an_answer_of_the_wrong_kind_changes_nothing() {
    let (mut conn, cfg) = paused();
    let before = observe(&conn);
    for wrong in [
        Answer::Replay(ReplayVerdict::Fresh),
        Answer::Certificate(None),
        Answer::Signature(Ok(Vec::new())),
    ] {
        assert_eq!(
            conn.answer(wrong, now()),
            Err(ApiError::WrongAnswer {
                expected: "Answer::Session"
            })
        );
        assert_eq!(observe(&conn), before);
        assert!(conn.poll_event().is_none());
    }
    // The right one still works.
    conn.answer(from_store(&cfg), now()).unwrap();
    assert!(conn.info().resumed);
}

#[test]
fn a_second_answer_changes_nothing() {
    let (mut conn, cfg) = paused();
    conn.answer(from_store(&cfg), now()).unwrap();
    let before = observe(&conn);
    assert!(before.wants_write && before.pending.is_none());
    assert_eq!(
        conn.answer(from_store(&cfg), now()),
        Err(ApiError::NothingPending)
    );
    assert_eq!(observe(&conn), before);
}

#[test]
fn an_answer_after_a_failure_changes_nothing() {
    let (mut conn, cfg) = paused();
    // The transport ended while the lookup was out.
    assert_eq!(conn.handle_eof(), Err(Error::UnexpectedEof));
    let before = observe(&conn);
    assert_eq!(
        before.pending, None,
        "a failed connection waits for nothing"
    );
    assert_eq!(
        conn.answer(from_store(&cfg), now()),
        Err(ApiError::Failed(Error::UnexpectedEof))
    );
    assert_eq!(observe(&conn), before);
}

#[test]
fn a_synchronous_store_answers_at_once_through_the_same_path() {
    let mut conn = ServerConnection::new(Arc::new(storing(config(), session(true)))).unwrap();
    feed(&mut conn, &hello_record(&with_session_id(hello()))).unwrap();
    assert!(conn.pending().is_none() && conn.info().resumed);
    assert!(!events(&mut conn).contains(&Event::Paused));
}
