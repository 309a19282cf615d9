//! The TLS 1.3 freshness check (RFC 8446 §8.3): does a ClientHello's ticket age agree with the
//! time the server issued the ticket?

use rustls_pki_types::UnixTime;

use super::server_state::ServerSessionState;

/// The resolution of [`UnixTime`]: whole seconds. Both the issue time and `now` may be up to
/// this much off, so it widens every window.
const CLOCK_RESOLUTION_MS: u64 = 1000;

/// Whether a ClientHello's `obfuscated_ticket_age` for the ticket whose state is `state` puts
/// its expected arrival time within `tolerance_ms` of `now` (RFC 8446 §8.3).
///
/// The client's view of the ticket age is `obfuscated_ticket_age - ticket_age_add` (modulo
/// 2^32, §4.2.11.1); the server's is `now - created`. They may differ by the round trip, by the
/// client's clock rate and, because the clock counts whole seconds, by up to one second more,
/// which is added to `tolerance_ms` here. §8.3 suggests windows "on the order of ten seconds"
/// for clients on the Internet.
///
/// Only a fresh ClientHello may have 0-RTT accepted; a stale one still completes a 1-RTT
/// handshake. Freshness alone does not stop replays within the window: combine it with an
/// [`AntiReplay`](super::AntiReplay), which then needs to remember a ClientHello only for
/// as long as [`replay_window_end`] says.
pub fn ticket_age_is_fresh(
    state: &ServerSessionState,
    obfuscated_ticket_age: u32,
    now: UnixTime,
    tolerance_ms: u32,
) -> bool {
    let clients_age = u64::from(obfuscated_ticket_age.wrapping_sub(state.ticket_age_add()));
    let Some(servers_age_s) = now.as_secs().checked_sub(state.created().as_secs()) else {
        // A ticket from the future: the clocks disagree, so no age can be trusted.
        return false;
    };
    let servers_age = servers_age_s.saturating_mul(1000);
    let allowed = u64::from(tolerance_ms) + CLOCK_RESOLUTION_MS;
    clients_age.abs_diff(servers_age) <= allowed
}

/// Until when an anti-replay record of a ClientHello that [`ticket_age_is_fresh`] accepted
/// must be kept (RFC 8446 §8.2): the first second at which the same ClientHello, with the same
/// `obfuscated_ticket_age`, is no longer fresh and so is refused 0-RTT without the record: the
/// least `valid_until` for [`AntiReplay::check`](super::AntiReplay::check). The server passes
/// more, the ticket's expiry plus the freshness window, so that the record does not depend on
/// every server of a fleet agreeing on the time (RFC 9846 §8).
pub fn replay_window_end(
    state: &ServerSessionState,
    obfuscated_ticket_age: u32,
    tolerance_ms: u32,
) -> UnixTime {
    let clients_age = u64::from(obfuscated_ticket_age.wrapping_sub(state.ticket_age_add()));
    let allowed = u64::from(tolerance_ms) + CLOCK_RESOLUTION_MS;
    // Fresh while (now - created) * 1000 <= clients_age + allowed, i.e. up to and including
    // the second below; the record may go one second later.
    let last_fresh = state
        .created()
        .as_secs()
        .saturating_add((clients_age + allowed) / 1000);
    UnixTime::since_unix_epoch(core::time::Duration::from_secs(
        last_fresh.saturating_add(1),
    ))
}
