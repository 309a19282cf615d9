//! The server side of RFC 8448 §3's ticket and §4's resumption: a ticket sealer that hands out
//! the trace's ticket, the session state behind that ticket, and scripted providers holding what
//! the trace's server draws.
//!
//! The ticket itself cannot come from our sealer: the trace's server encrypted it with a key the
//! RFC does not publish. [`TraceTicketSealer`] stands in for the sealer: `seal` records the
//! plaintext (the [`ServerSessionState`] encoding) and returns the trace's ticket; `open` maps
//! that ticket back to the recorded (or a given) plaintext. Everything around the ticket — the
//! state's contents, the lifetime, `ticket_age_add`, the nonce, the PSK — is the server's own
//! work, checked byte for byte against the trace.

use std::sync::{Arc, Mutex};

use ferrotls_core::crypto::random::ScriptedRandom;
use ferrotls_core::crypto::{CryptoProvider, Secret, SecureRandom};
use ferrotls_core::msgs::enums::CipherSuite;
use ferrotls_core::msgs::handshake::{HandshakeMessage, NewSessionTicketTls13, Version};
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{SealError, ServerSessionState, SessionParams, TicketSealer};
use ferrotls_core::zeroize::Zeroizing;
use ferrotls_record::ContentType;

use crate::rfc8448_session::{server_kx_groups, trace_now, Peer, Section, Session};
use crate::vectors::rfc8448;

/// The persistent session id the §3 server draws after the client's Finished (the trace has no
/// such value; any 32 bytes do).
pub const SECTION3_SESSION_ID: [u8; 32] = [0x5e; 32];

/// The §3 NewSessionTicket, decoded.
pub fn section3_new_session_ticket() -> NewSessionTicketTls13 {
    let bytes = rfc8448::simple_1rtt()
        .step("{server} construct a NewSessionTicket")
        .hex("NewSessionTicket");
    match HandshakeMessage::decode(&bytes, Version::Tls13) {
        Ok(HandshakeMessage::NewSessionTicketTls13(t)) => t,
        other => panic!("not a NewSessionTicket: {other:?}"),
    }
}

/// The state behind the §3 ticket, as the §3 server makes it: the ticket's PSK (the trace's
/// "resumption" secret), TLS_AES_128_GCM_SHA256, SNI "server", no ALPN, no client
/// certificate, issued at [`trace_now`] for the ticket's lifetime with its `ticket_age_add` and
/// max_early_data_size.
pub fn section3_state() -> ServerSessionState {
    let trace = rfc8448::simple_1rtt();
    let psk = trace
        .step("{server} generate resumption secret")
        .hex("expanded");
    let nst = section3_new_session_ticket();
    ServerSessionState::tls13(
        SessionParams {
            cipher_suite: CipherSuite::TLS_AES_128_GCM_SHA256,
            secret: Secret::new(&psk),
            server_name: Some("server".into()),
            alpn: None,
            extended_master_secret: true,
            peer_certificates: ferrotls_core::CertificateChain::empty(),
        },
        SECTION3_SESSION_ID.to_vec(),
        trace_now(),
        nst.lifetime,
        nst.age_add,
        nst.max_early_data_size().unwrap_or(0),
    )
    .expect("a valid state")
}

/// Hands out the trace's ticket and maps it back to a state's plaintext.
#[derive(Debug)]
pub struct TraceTicketSealer {
    pub ticket: Vec<u8>,
    pub lifetime_hint: u32,
    /// What `seal` was given last (or what `open` should return).
    pub plaintext: Mutex<Option<Zeroizing<Vec<u8>>>>,
}

impl TraceTicketSealer {
    /// The §3 ticket, nothing sealed yet.
    pub fn section3() -> Self {
        let nst = section3_new_session_ticket();
        Self {
            ticket: nst.ticket,
            lifetime_hint: nst.lifetime,
            plaintext: Mutex::new(None),
        }
    }

    /// The §3 ticket, opening to `state`.
    pub fn section3_opening_to(state: &ServerSessionState) -> Self {
        let sealer = Self::section3();
        *sealer.plaintext.lock().expect("not poisoned") = Some(state.to_bytes());
        sealer
    }

    /// The last plaintext sealed.
    pub fn sealed(&self) -> Option<Vec<u8>> {
        self.plaintext
            .lock()
            .expect("not poisoned")
            .as_ref()
            .map(|p| p.to_vec())
    }
}

impl TicketSealer for TraceTicketSealer {
    fn seal(
        &self,
        plaintext: &[u8],
        _: &dyn SecureRandom,
        _: UnixTime,
    ) -> Result<Vec<u8>, SealError> {
        *self.plaintext.lock().expect("not poisoned") = Some(Zeroizing::new(plaintext.to_vec()));
        Ok(self.ticket.clone())
    }

    fn open(&self, ticket: &[u8], _: UnixTime) -> Option<Zeroizing<Vec<u8>>> {
        if ticket != self.ticket.as_slice() {
            return None;
        }
        self.plaintext.lock().expect("not poisoned").clone()
    }

    fn lifetime_hint(&self) -> u32 {
        self.lifetime_hint
    }
}

/// A provider like the trace server's (the [server](crate::providers::server_provider) one, with the
/// placeholder groups) whose random source hands out exactly `script`.
pub fn scripted_server_provider(script: Vec<u8>) -> (Arc<CryptoProvider>, Arc<ScriptedRandom>) {
    let random = Arc::new(ScriptedRandom::new(script));
    let provider = Arc::new(CryptoProvider {
        kx_groups: server_kx_groups(),
        ..(crate::providers::server_provider().with_random)(
            Arc::clone(&random) as Arc<dyn SecureRandom>
        )
    });
    (provider, random)
}

/// What the §4 server draws: its ServerHello random and its ephemeral X25519 private key (a
/// resumption signs nothing and, issuing no ticket, draws nothing after the handshake).
pub fn section4_server_script() -> Vec<u8> {
    let trace = rfc8448::resumed_0rtt();
    let hello = trace
        .step("{server} construct a ServerHello")
        .hex("ServerHello");
    let mut script = hello[6..38].to_vec();
    script.extend_from_slice(
        &trace
            .step("{server} create an ephemeral")
            .hex("private key"),
    );
    script
}

/// One record of the §4 trace.
#[derive(Clone, Debug)]
pub struct Section4Record {
    pub sender: Peer,
    pub content_type: ContentType,
    pub payload: Vec<u8>,
    pub complete: Vec<u8>,
}

/// The §4 records in trace order.
pub fn section4_records() -> Vec<Section4Record> {
    rfc8448::resumed_0rtt()
        .steps
        .iter()
        .filter(|s| s.title.ends_with(" record") && s.title.contains("} send "))
        .map(|s| {
            let sender = if s.title.starts_with("{client}") {
                Peer::Client
            } else {
                Peer::Server
            };
            let content_type = match s.title.split(" send ").nth(1) {
                Some("handshake record") => ContentType::HANDSHAKE,
                Some("application_data record") => ContentType::APPLICATION_DATA,
                Some("alert record") => ContentType::ALERT,
                other => panic!("unknown record kind {other:?}"),
            };
            Section4Record {
                sender,
                content_type,
                payload: s.hex("payload"),
                complete: s.hex("complete record"),
            }
        })
        .collect()
}

/// The §3 trace session, for the server configuration §4's server shares with it.
pub fn section3_session() -> Session {
    Session::for_replay(Section::Simple1Rtt)
}
