//! NewSessionTicket issuance (RFC 8446 §4.6.1): count, nonces, lifetimes, stateless and
//! stateful tickets, `send_tickets`, and none for a client that cannot resume (RFC 9846 §4.3.9).

use alloc::sync::Arc;
use alloc::vec;

use super::harness::{connect, first_ticket, later, output, start, zero_rtt_config, Done};
use super::mini_client::Resume;
use super::{config, hello, now, replace, without};
use crate::config::ServerConfig;
use crate::error::ApiError;
use crate::events::Event;
use crate::msgs::enums::{ExtensionType, PskKeyExchangeMode};
use crate::msgs::extensions::{ClientExtension, PskKeyExchangeModes, TicketRequest};
use crate::msgs::handshake::ClientHello;
use crate::resumption::{
    AeadTicketSealer, DeclineReason, InMemorySessionStore, ServerSessionStore,
    MAX_TLS13_TICKET_LIFETIME,
};
use crate::server::ServerConnection;

#[test]
fn a_full_handshake_issues_the_configured_number_of_tickets() {
    for n in [0, 1, 2, 5] {
        let mut config = config();
        config.tls13_tickets = n;
        let done = connect(&Arc::new(config), None, None, now()).unwrap();
        assert_eq!(done.tickets.len(), n, "tls13_tickets = {n}");
        // The nonce is a two-byte counter from 00 00 (RFC 8448 §3's first ticket).
        for (i, t) in done.tickets.iter().enumerate() {
            assert_eq!(t.nonce, (i as u16).to_be_bytes());
            // The default lifetime: a day, the sealer's hint.
            assert_eq!(t.lifetime, 86_400);
            assert_eq!(t.max_early_data, None, "0-RTT is off by default");
        }
        // Each ticket has its own age_add and PSK.
        if n >= 2 {
            assert_ne!(done.tickets[0].age_add, done.tickets[1].age_add);
            assert_ne!(done.tickets[0].psk, done.tickets[1].psk);
        }
        let info = done.server.info();
        assert_eq!(
            info.session_id.len(),
            32,
            "a persistent session id is drawn"
        );
        assert!(!info.resumed);
    }
}

#[test]
fn full_handshakes_get_distinct_session_ids() {
    let config = Arc::new(config());
    let a = connect(&config, None, None, now()).unwrap();
    let b = connect(&config, None, None, now()).unwrap();
    assert_ne!(a.server.info().session_id, b.server.info().session_id);
}

#[test]
fn send_tickets_issues_more_later() {
    let config = Arc::new(config());
    // Before the handshake completes: refused, and nothing changes.
    let mut fresh = ServerConnection::new(Arc::clone(&config)).unwrap();
    assert_eq!(
        fresh.send_tickets(1, now()),
        Err(ApiError::HandshakeNotComplete)
    );
    let mut done = connect(&config, None, None, now()).unwrap();
    assert_eq!(done.tickets.len(), 2);
    done.server.send_tickets(3, later(10)).unwrap();
    let more = done.client.read_tickets(&output(&mut done.server));
    assert_eq!(more.len(), 3);
    // The nonces go on counting, so every PSK of the connection differs.
    assert_eq!(more[0].nonce, [0, 2]);
    assert_eq!(more[2].nonce, [0, 4]);
    // A later ticket resumes like the first.
    let resumed = connect(&config, Some(&Resume::with(&more[2])), None, later(20)).unwrap();
    assert!(resumed.server.info().resumed);
    assert_eq!(
        resumed.server.info().session_id,
        done.server.info().session_id
    );
    // After close_notify nothing more goes out (RFC 8446 §6.1).
    done.server.close();
    let _ = output(&mut done.server);
    assert_eq!(
        done.server.send_tickets(1, later(30)),
        Err(ApiError::Closed)
    );
    assert!(output(&mut done.server).is_empty());
}

#[test]
fn lifetimes_are_capped() {
    // Seven days at most (RFC 8446 §4.6.1), whatever the config and the sealer say.
    let mut config = config();
    config.session_lifetime = 30 * 86_400;
    config.ticket_sealer = Some(Arc::new(
        AeadTicketSealer::new(&config.provider, u32::MAX).unwrap(),
    ));
    let (_, ticket) = first_ticket(&Arc::new(config.clone()));
    assert_eq!(ticket.lifetime, MAX_TLS13_TICKET_LIFETIME);
    // The sealer's hint caps it too.
    config.ticket_sealer = Some(Arc::new(
        AeadTicketSealer::new(&config.provider, 600).unwrap(),
    ));
    let (_, ticket) = first_ticket(&Arc::new(config.clone()));
    assert_eq!(ticket.lifetime, 600);
    // And the config's session lifetime.
    config.session_lifetime = 300;
    let config = Arc::new(config);
    let (_, ticket) = first_ticket(&config);
    assert_eq!(ticket.lifetime, 300);
    // A resumption's tickets never outlive the resumed one: 100 s after issue, 200 s remain.
    let resumed = connect(&config, Some(&Resume::with(&ticket)), None, later(100)).unwrap();
    assert!(resumed.server.info().resumed);
    assert!(resumed.tickets.iter().all(|t| t.lifetime == 200));
    // With nothing left, no ticket at all.
    let mut last = connect(&config, Some(&Resume::with(&ticket)), None, later(299)).unwrap();
    assert!(last.tickets.iter().all(|t| t.lifetime == 1));
    last.server.send_tickets(1, later(300)).unwrap();
    assert!(output(&mut last.server).is_empty());
}

#[test]
fn stateful_tickets_are_stored_and_taken_once() {
    let store = Arc::new(InMemorySessionStore::new(16));
    let mut config = config();
    config.ticket_sealer = None;
    config.session_store = Some(Arc::clone(&store) as Arc<dyn ServerSessionStore>);
    let config = Arc::new(config);
    let (full, ticket) = first_ticket(&config);
    assert_eq!(ticket.ticket.len(), 32, "a random id");
    assert!(store.get(&ticket.ticket, now()).is_some());
    let resumed = connect(&config, Some(&Resume::with(&ticket)), None, later(1)).unwrap();
    assert!(resumed.server.info().resumed);
    assert_eq!(
        resumed.server.info().session_id,
        full.server.info().session_id
    );
    assert!(store.get(&ticket.ticket, now()).is_none(), "taken");
    // Single use: the second offer of the same ticket falls back to a full handshake.
    let again = connect(&config, Some(&Resume::with(&ticket)), None, later(2)).unwrap();
    assert!(!again.server.info().resumed);
    assert_eq!(again.declined(), Some(DeclineReason::UnknownSession));
    // An id the store never had.
    let mut forged = ticket.clone();
    forged.ticket = vec![0x42; 32];
    let unknown = connect(&config, Some(&Resume::with(&forged)), None, later(3)).unwrap();
    assert_eq!(unknown.declined(), Some(DeclineReason::UnknownSession));
}

#[test]
fn no_sealer_and_no_store_means_no_tickets() {
    let mut config = config();
    config.ticket_sealer = None;
    config.session_store = None;
    let mut done = connect(&Arc::new(config), None, None, now()).unwrap();
    assert!(done.tickets.is_empty());
    assert_eq!(done.server.info().session_id.len(), 32);
    done.server.send_tickets(2, now()).unwrap();
    assert!(output(&mut done.server).is_empty());
}

#[test]
fn tickets_allow_early_data_only_with_replay_protection() {
    let (_, ticket) = first_ticket(&Arc::new(zero_rtt_config(1000)));
    assert_eq!(ticket.max_early_data, Some(1000));
    let mut no_replay_check = zero_rtt_config(1000);
    no_replay_check.anti_replay = None;
    let (_, ticket) = first_ticket(&Arc::new(no_replay_check));
    assert_eq!(ticket.max_early_data, None);
}

/// The baseline hello asking for tickets (RFC 9149 §3).
fn asking(new_session_count: u8, resumption_count: u8) -> ClientHello {
    let mut hello = super::hello();
    hello
        .extensions
        .push(ClientExtension::TicketRequest(TicketRequest {
            new_session_count,
            resumption_count,
        }));
    hello
}

#[test]
fn a_ticket_request_is_honoured_up_to_the_maximum_and_announced() {
    for (new, max, expected) in [(0, 8, 0), (1, 8, 1), (5, 8, 5), (5, 3, 3), (5, 0, 0)] {
        let mut config = config();
        config.max_requested_tickets = max;
        // tls13_tickets is for clients that do not ask.
        config.tls13_tickets = 2;
        let config = Arc::new(config);
        let done = start(&config, asking(new, 9), None, None, now())
            .unwrap()
            .finish(now())
            .unwrap();
        assert_eq!(done.tickets.len(), expected, "asked {new}, max {max}");
        assert_eq!(done.client.seen.expected_tickets, Some(expected as u8));
        // The nonces still count from 0.
        for (i, t) in done.tickets.iter().enumerate() {
            assert_eq!(t.nonce, (i as u16).to_be_bytes());
        }
    }
    // Without a request: the default, and no ticket_request in EncryptedExtensions (RFC 8446
    // §4.2: no unsolicited extensions).
    let done = connect(&Arc::new(config()), None, None, now()).unwrap();
    assert_eq!(done.tickets.len(), 2);
    assert_eq!(done.client.seen.expected_tickets, None);
}

#[test]
fn a_resumption_uses_the_resumption_count() {
    let mut config = config();
    config.max_requested_tickets = 4;
    let config = Arc::new(config);
    for (resumption, expected) in [(0, 0), (1, 1), (6, 4)] {
        let (_, ticket) = first_ticket(&config);
        let done = start(
            &config,
            asking(9, resumption),
            Some(&Resume::with(&ticket)),
            None,
            now(),
        )
        .unwrap()
        .finish(now())
        .unwrap();
        assert!(done.server.info().resumed);
        assert_eq!(done.tickets.len(), expected, "asked {resumption}");
        assert_eq!(done.client.seen.expected_tickets, Some(expected as u8));
    }
    // A config that cannot keep tickets announces none.
    let mut none = Arc::unwrap_or_clone(config);
    none.ticket_sealer = None;
    none.session_store = None;
    let done = start(&Arc::new(none), asking(5, 5), None, None, now())
        .unwrap()
        .finish(now())
        .unwrap();
    assert!(done.tickets.is_empty());
    assert_eq!(done.client.seen.expected_tickets, Some(0));
}

/// The baseline hello with `modes` as its psk_key_exchange_modes (`None`: without them).
fn with_modes(modes: Option<&[PskKeyExchangeMode]>) -> ClientHello {
    let hello = without(hello(), ExtensionType::PSK_KEY_EXCHANGE_MODES);
    match modes {
        None => hello,
        Some(modes) => replace(
            hello,
            ClientExtension::PskKeyExchangeModes(PskKeyExchangeModes(modes.to_vec())),
        ),
    }
}

/// Run a full handshake from `base` (which may carry a ticket_request).
fn full(config: &Arc<ServerConfig>, base: ClientHello) -> Done {
    start(config, base, None, None, now())
        .unwrap()
        .finish(now())
        .unwrap()
}

#[test]
fn a_client_that_cannot_resume_gets_no_tickets() {
    // RFC 9846 §4.3.9: "Servers SHOULD NOT send NewSessionTicket with tickets that are not
    // compatible with the advertised modes".
    let mut dhe_only = config();
    dhe_only.psk_modes = vec![PskKeyExchangeMode::PSK_DHE_KE];
    let dhe_only = Arc::new(dhe_only);
    let mut disabled = config();
    disabled.psk_modes = vec![];
    let disabled = Arc::new(disabled);
    let default = Arc::new(config());
    let psk_ke: &[_] = &[PskKeyExchangeMode::PSK_KE];
    let unknown: &[_] = &[PskKeyExchangeMode(7)];
    for (config, modes, why) in [
        (&default, None, "no psk_key_exchange_modes"),
        (&default, Some(unknown), "only a mode we do not know"),
        (
            &dhe_only,
            Some(psk_ke),
            "psk_ke only, we take psk_dhe_ke only",
        ),
        (&disabled, Some(psk_ke), "resumption off"),
    ] {
        let mut done = full(config, with_modes(modes));
        assert!(done.tickets.is_empty(), "{why}");
        assert_eq!(done.client.seen.expected_tickets, None, "{why}");
        // The session still gets its persistent id (the random draws do not change).
        assert_eq!(done.server.info().session_id.len(), 32, "{why}");
        // Nor later on request.
        done.server.send_tickets(2, later(1)).unwrap();
        assert!(output(&mut done.server).is_empty(), "{why}");
        // A ticket_request is answered with the count we will send: none (RFC 9149 §3).
        let mut asking = with_modes(modes);
        asking
            .extensions
            .push(ClientExtension::TicketRequest(TicketRequest {
                new_session_count: 3,
                resumption_count: 3,
            }));
        let done = full(config, asking);
        assert!(done.tickets.is_empty(), "{why}, asking");
        assert_eq!(done.client.seen.expected_tickets, Some(0), "{why}, asking");
    }
    // A mode in common, the client's own preference aside: tickets as configured.
    let both: &[_] = &[PskKeyExchangeMode::PSK_KE, PskKeyExchangeMode::PSK_DHE_KE];
    for (config, modes) in [
        (&default, psk_ke),
        (&dhe_only, both),
        (&default, &[PskKeyExchangeMode::PSK_DHE_KE][..]),
    ] {
        let done = full(config, with_modes(Some(modes)));
        assert_eq!(done.tickets.len(), 2, "{modes:?}");
        let resumed = connect(
            config,
            Some(&Resume::with(&done.tickets[0])),
            None,
            later(2),
        );
        assert!(resumed.unwrap().server.info().resumed, "{modes:?}");
    }
}

#[test]
fn no_session_is_stored_for_a_client_that_cannot_resume() {
    // Stateful tickets: nothing goes into the store.
    let store = Arc::new(InMemorySessionStore::new(16));
    let mut config = config();
    config.ticket_sealer = None;
    config.session_store = Some(Arc::clone(&store) as Arc<dyn ServerSessionStore>);
    let config = Arc::new(config);
    let mut done = full(&config, with_modes(None));
    done.server.send_tickets(1, later(1)).unwrap();
    assert!(done.tickets.is_empty());
    assert!(store.is_empty(), "nothing stored");
    // With the store deferred to the application: no Event::StoreSession.
    let mut deferring = Arc::unwrap_or_clone(config);
    deferring.defer.sessions = true;
    let deferring = Arc::new(deferring);
    let done = full(&deferring, with_modes(None));
    assert!(done.tickets.is_empty());
    assert!(!done
        .events
        .iter()
        .any(|e| matches!(e, Event::StoreSession(_))));
    // The same configs with psk_key_exchange_modes: stored, reported.
    let done = full(&deferring, hello());
    assert_eq!(done.tickets.len(), 2);
    assert_eq!(
        done.events
            .iter()
            .filter(|e| matches!(e, Event::StoreSession(_)))
            .count(),
        2
    );
    assert!(store.is_empty(), "deferred: reported, not put");
}
