//! Resumed handshakes through each store, client and server in this thread, one after the
//! other: a TLS 1.2 session ID (`get`: the session stays) and a TLS 1.3 stateful ticket (`take`
//! on resumption, a `put` of the one new ticket the server issues), on the `ring` provider.
//! A stateless ticket row (no store) gives the handshake's own cost.
//!
//! The in-memory and the blocking Redis store sit in the config (`session_store`), answered at
//! once as the CLI server uses them; the async Redis store answers the core's deferred requests
//! (`Defer::sessions`): the handshake pauses on `LookupSession` / `TakeSession`, the driver
//! awaits the store's answer, and carries out the `Event::StoreSession` writes.

use std::sync::Arc;
use std::time::Instant;

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::deferred::{Answer, Defer, Request, StoreWrite};
use ferrotls_core::pki_types::ServerName;
use ferrotls_core::resumption::ServerSessionStore;
use ferrotls_core::{
    CertResolver, CertifiedKey, ClientConfig, ClientConnection, Event, ProtocolVersion,
    ResumptionData, RootStore, ServerConfig, ServerConnection,
};
use ferrotls_session_cache::deferred::AnswersRequests;
use ferrotls_session_cache::redis::{AsyncRedisStore, RedisStore};
use ferrotls_session_cache::MemoryStore;

use super::{now, Figure};
use crate::certs::{self, KeyType};

/// What is resumed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Tls12SessionId,
    Tls13StatefulTicket,
}

impl Kind {
    /// What is resumed with `store` (without a store, the stateless ticket of that version).
    pub fn label(self, store: &Store) -> &'static str {
        match (self, store) {
            (Self::Tls12SessionId, Store::Stateless) => "TLS 1.2 ticket (RFC 5077)",
            (Self::Tls12SessionId, _) => "TLS 1.2 session ID",
            (Self::Tls13StatefulTicket, Store::Stateless) => "TLS 1.3 stateless ticket",
            (Self::Tls13StatefulTicket, _) => "TLS 1.3 stateful ticket",
        }
    }
}

/// Where the sessions are kept.
#[derive(Debug)]
pub enum Store {
    /// No store: stateless tickets (RFC 5077 for TLS 1.2), the handshake's own cost.
    Stateless,
    Memory(Arc<MemoryStore>),
    RedisBlocking(Arc<RedisStore>),
    RedisAsync(Arc<AsyncRedisStore>, tokio::runtime::Runtime),
}

impl Store {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Stateless => "none (stateless ticket)",
            Self::Memory(_) => "in memory (MemoryStore)",
            Self::RedisBlocking(_) => "Redis, blocking (RedisStore)",
            Self::RedisAsync(..) => "Redis, async (AsyncRedisStore, deferred)",
        }
    }

    fn answer(&self, request: &Request) -> Answer {
        let answer = match self {
            Self::Memory(store) => store.answer(request, now()),
            Self::RedisBlocking(store) => store.answer(request, now()),
            Self::RedisAsync(store, runtime) => runtime.block_on(store.answer(request, now())),
            Self::Stateless => None,
        };
        answer.unwrap_or_else(|| panic!("no store answers {request:?}"))
    }

    fn store(&self, write: StoreWrite) {
        let stored = match self {
            Self::Memory(store) => AnswersRequests::store(&**store, write, now()),
            Self::RedisBlocking(store) => store.store(&write, now()),
            Self::RedisAsync(store, runtime) => runtime.block_on(store.store(&write, now())),
            Self::Stateless => false,
        };
        assert!(stored, "the store keeps the session");
    }
}

fn configs(kind: Kind, store: &Store) -> (Arc<ClientConfig>, Arc<ServerConfig>) {
    let provider = Arc::new(ferrotls_crypto::ring::provider());
    let mut roots = RootStore::new();
    for cert in certs::chain(certs::CA) {
        roots.add(&cert).expect("the CA is a usable root");
    }
    let mut client = ClientConfig::new(Arc::clone(&provider), Arc::new(roots));
    let stateless = matches!(store, Store::Stateless);
    client.versions = vec![match kind {
        Kind::Tls12SessionId => ProtocolVersion::TLS1_2,
        Kind::Tls13StatefulTicket => ProtocolVersion::TLS1_3,
    }];
    client.tls12_session_tickets = stateless;
    // One X25519 share, as in the comparison's resumed scenarios (the default would add the
    // post-quantum hybrid's cost to every TLS 1.3 row and hide the store's share); P-256 names
    // the curve of the server's ECDSA certificate to a TLS 1.2 server (RFC 8422 §5.1.2).
    client.groups = vec![NamedGroup::X25519, NamedGroup::SECP256R1];
    client.key_share_count = 1;

    let key = KeyType::EcdsaP256;
    let signing_key = provider
        .key_loader
        .load_private_key(&certs::key(key.key_pem()))
        .expect("the provider loads the server key");
    let mut resolver = CertResolver::new();
    resolver.add_default(Arc::new(CertifiedKey::new(
        certs::chain(key.cert_pem()),
        signing_key,
    )));
    let mut server = ServerConfig::new(provider, Arc::new(resolver));
    server.tls13_tickets = 1;
    if !stateless {
        server.ticket_sealer = None;
    }
    match store {
        Store::Stateless => {}
        Store::Memory(s) => {
            server.session_store = Some(Arc::clone(s) as Arc<dyn ServerSessionStore>)
        }
        Store::RedisBlocking(s) => {
            server.session_store = Some(Arc::clone(s) as Arc<dyn ServerSessionStore>);
        }
        Store::RedisAsync(..) => {
            server.session_store = None;
            server.defer = Defer {
                sessions: true,
                ..Defer::default()
            };
        }
    }
    (Arc::new(client), Arc::new(server))
}

/// One handshake, flights passed whole, the server's requests answered by `store`.
fn drive(client: &mut ClientConnection, server: &mut ServerConnection, store: &Store) {
    let now = now();
    let (mut to_server, mut to_client) = (Vec::new(), Vec::new());
    for _ in 0..32 {
        client.write_tls(&mut to_server);
        let mut moved = !to_server.is_empty();
        let mut at = 0;
        loop {
            at += server
                .handle_tls(&mut to_server[at..], now)
                .unwrap_or_else(|e| panic!("server: {e}"));
            let Some(request) = server.pending().cloned() else {
                break;
            };
            server
                .answer(store.answer(&request), now)
                .unwrap_or_else(|e| panic!("answer: {e}"));
        }
        assert_eq!(at, to_server.len(), "whole flights are read");
        to_server.clear();
        while let Some(event) = server.poll_event() {
            if let Event::StoreSession(write) = event {
                store.store(*write);
            }
        }
        server.write_tls(&mut to_client);
        moved |= !to_client.is_empty();
        let len = to_client.len();
        let used = client
            .handle_tls(&mut to_client, now)
            .unwrap_or_else(|e| panic!("client: {e}"));
        assert_eq!(used, len, "whole flights are read");
        to_client.clear();
        while client.poll_event().is_some() {}
        if !moved && !client.is_handshaking() && !server.is_handshaking() {
            return;
        }
    }
    panic!("the handshake did not finish");
}

fn connect(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
    store: &Store,
    session: Option<ResumptionData>,
) -> ResumptionData {
    let name = ServerName::try_from(certs::SERVER_NAME).expect("a DNS name");
    let resuming = session.is_some();
    let mut c = match session {
        Some(data) => ClientConnection::resume(Arc::clone(client), name, data, now()),
        None => ClientConnection::new(Arc::clone(client), name, now()),
    }
    .expect("the client starts");
    let mut s = ServerConnection::new(Arc::clone(server)).expect("the server starts");
    drive(&mut c, &mut s, store);
    assert_eq!(c.is_resumed(), resuming, "client resumed");
    assert_eq!(s.is_resumed(), resuming, "server resumed");
    c.resumption_data().expect("a session to resume")
}

/// `handshakes` resumptions of `kind` through `store`, after a full handshake and a warm-up.
pub fn measure(kind: Kind, store: &Store, handshakes: usize) -> Figure {
    let (client, server) = configs(kind, store);
    let mut session = connect(&client, &server, store, None);
    for _ in 0..handshakes.min(50) {
        session = connect(&client, &server, store, Some(session));
    }
    let start = Instant::now();
    for _ in 0..handshakes {
        session = connect(&client, &server, store, Some(session));
    }
    Figure::new(handshakes, start.elapsed())
}
