//! The session a completed TLS 1.2 handshake leaves the application: one `TicketReceived`
//! with a ticket (RFC 5077) if the server sent one, else with the session ID if the server gave
//! one (RFC 5246 §7.4.1.3), else nothing (`resumption_data()` then says `NotResumable`).

use alloc::vec::Vec;

use rustls_pki_types::UnixTime;

use crate::client::ClientContext;
use crate::conn::HandshakeOutput;
use crate::key_schedule::Tls12MasterSecret;
use crate::resumption::{ResumptionData, SessionParams};

/// How long we offer a TLS 1.2 session whose server named no lifetime: a session ID (TLS 1.2
/// has no way to say) or a ticket with `ticket_lifetime_hint` 0 ("unspecified", RFC 5077
/// §3.3). Two hours, OpenSSL's default session timeout: long enough for the reconnections
/// resumption is for, short enough that a server is likely to still hold the session.
pub(crate) const DEFAULT_TLS12_SESSION_LIFETIME: u32 = 7200;

/// A non-empty NewSessionTicket, kept until the server's Finished verifies (RFC 5077 §3.3:
/// "The client MUST NOT treat the ticket as valid until it has verified the server's Finished
/// message").
#[derive(Debug)]
pub(crate) struct ReceivedTicket {
    pub(crate) ticket: Vec<u8>,
    pub(crate) lifetime_hint: u32,
    pub(crate) received: UnixTime,
}

/// After the server's Finished verified: report the session the handshake leaves. `resumed`
/// is the session an abbreviated handshake resumed; without a new ticket it is reported again
/// unchanged (same master secret, receive time and lifetime), so the application always holds
/// the newest data for the server.
pub(crate) fn emit_session(
    cx: &mut ClientContext,
    common: &mut dyn HandshakeOutput,
    master: &Tls12MasterSecret,
    ticket: Option<ReceivedTicket>,
    resumed: Option<&ResumptionData>,
    now: UnixTime,
) {
    let data = match (ticket, resumed) {
        (Some(ticket), resumed) => {
            let params = match resumed {
                Some(session) => Some(session.params().clone()),
                None => params(common, master),
            };
            let lifetime = match ticket.lifetime_hint {
                0 => DEFAULT_TLS12_SESSION_LIFETIME,
                hint => hint,
            };
            // RFC 5077 §3.4: "If the client receives a session ticket from the server, then it
            // discards any Session ID that was sent in the ServerHello."
            params.and_then(|params| {
                ResumptionData::tls12_ticket(
                    params,
                    ticket.ticket,
                    Vec::new(),
                    ticket.received,
                    lifetime,
                )
                .ok()
            })
        }
        (None, Some(session)) => Some(session.clone()),
        // RFC 5246 §7.4.1.3: an empty session_id says "the session will not be cached and
        // therefore cannot be resumed".
        (None, None) if common.info().session_id.is_empty() => None,
        (None, None) => params(common, master).and_then(|params| {
            ResumptionData::tls12_session_id(
                params,
                common.info().session_id.clone(),
                now,
                DEFAULT_TLS12_SESSION_LIFETIME,
            )
            .ok()
        }),
    };
    if let Some(data) = data {
        cx.session_received(common, data);
    }
}

/// The session's parameters, from what the full handshake negotiated (the suite is always known
/// by then).
fn params(common: &dyn HandshakeOutput, master: &Tls12MasterSecret) -> Option<SessionParams> {
    let info = common.info();
    Some(SessionParams {
        cipher_suite: info.suite?.suite,
        secret: master.secret().clone(),
        server_name: info.server_name.clone(),
        alpn: info.alpn.clone(),
        extended_master_secret: info.extended_master_secret,
        peer_certificates: info.peer_certificates.clone(),
    })
}
