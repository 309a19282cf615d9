//! The Redis keys and expiry times the store uses, shared by the blocking and the async flavour
//! so that both write the same records: a fleet may mix them.
//!
//! - `PREFIX` `s:` hex(id): a session state (a TLS 1.2 session ID, or a stateful TLS 1.3
//!   ticket), its value the [`ServerSessionState`] encoding, expiring with the session (`PX`).
//! - `PREFIX` `r:` hex(key): a used 0-RTT anti-replay key (a binder, one per ClientHello), its
//!   value `1`, expiring when the ticket it was made with expires plus the freshness window
//!   (the core's `valid_until`, RFC 9846 §8), plus the fleet's clock margin.
//!
//! Hex keeps the keys readable in `redis-cli` (`SCAN 0 MATCH ferrotls:*`) at twice the bytes.

use std::time::Duration;

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::ServerSessionState;

/// The longest session ID or anti-replay key accepted: a stateful TLS 1.3 ticket's identity
/// is the longest thing stored under an ID, and the core's are far shorter. Longer input is
/// refused before it reaches Redis (it comes from the network).
pub const MAX_ID_LEN: usize = 512;

/// The key of the session stored under `id`, or `None` if `id` is empty or too long.
pub(crate) fn session_key(prefix: &str, id: &[u8]) -> Option<Vec<u8>> {
    key(prefix, b"s:", id)
}

/// The key of the anti-replay record of `key`, or `None` if `key` is empty or too long.
pub(crate) fn replay_key(prefix: &str, key: &[u8]) -> Option<Vec<u8>> {
    self::key(prefix, b"r:", key)
}

fn key(prefix: &str, kind: &[u8], id: &[u8]) -> Option<Vec<u8>> {
    if id.is_empty() || id.len() > MAX_ID_LEN {
        return None;
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut key = Vec::with_capacity(prefix.len() + kind.len() + 2 * id.len());
    key.extend_from_slice(prefix.as_bytes());
    key.extend_from_slice(kind);
    for b in id {
        key.push(HEX[usize::from(b >> 4)]);
        key.push(HEX[usize::from(b & 0xf)]);
    }
    Some(key)
}

/// How long `state` stays in Redis (`PX`, milliseconds): until it expires, or `None` if it
/// already has.
pub(crate) fn session_ttl_ms(state: &ServerSessionState, now: UnixTime) -> Option<u64> {
    let left = state.expires_at().as_secs().checked_sub(now.as_secs())?;
    let ms = left.saturating_mul(1000);
    (ms > 0).then_some(ms)
}

/// How long an anti-replay record stays (`PX`, milliseconds): until `valid_until`, plus
/// `margin` for the clock differences between the fleet's servers; never 0.
pub(crate) fn replay_ttl_ms(valid_until: UnixTime, now: UnixTime, margin: Duration) -> u64 {
    let left = valid_until.as_secs().saturating_sub(now.as_secs());
    let margin = u64::try_from(margin.as_millis()).unwrap_or(u64::MAX);
    left.saturating_mul(1000).saturating_add(margin).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> UnixTime {
        UnixTime::since_unix_epoch(Duration::from_secs(secs))
    }

    #[test]
    fn keys_are_prefix_kind_and_hex() {
        assert_eq!(
            session_key("ferrotls:", &[0x00, 0xab, 0xff]).unwrap(),
            b"ferrotls:s:00abff"
        );
        assert_eq!(replay_key("p", &[0x12]).unwrap(), b"pr:12");
    }

    #[test]
    fn empty_and_oversized_ids_have_no_key() {
        assert_eq!(session_key("p", &[]), None);
        assert_eq!(replay_key("p", &[7; MAX_ID_LEN + 1]), None);
        assert!(replay_key("p", &[7; MAX_ID_LEN]).is_some());
    }

    #[test]
    fn replay_records_outlive_their_window_by_the_margin() {
        let margin = Duration::from_secs(10);
        assert_eq!(replay_ttl_ms(at(1_010), at(1_000), margin), 20_000);
        // A window already over (or a clock ahead): the margin alone, never 0.
        assert_eq!(replay_ttl_ms(at(900), at(1_000), margin), 10_000);
        assert_eq!(replay_ttl_ms(at(900), at(1_000), Duration::ZERO), 1);
    }
}
