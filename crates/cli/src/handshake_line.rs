//! The `handshake:` line both subcommands print, which tests parse.

use ferrotls_core::ConnectionInfo;

/// Placeholder for a parameter that is unknown or does not apply.
const NONE: &str = "-";

/// The negotiated parameters as `key=value` pairs:
/// `version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=x25519 alpn=- resumed=no session_id=- early_data=no ems=yes`.
///
/// `resumed` says whether an earlier session was resumed; `session_id` is the session ID as
/// this side knows it in hex (a client: the one in the ServerHello; a server: its persistent
/// identifier of the session, the same in every resumption of it), `-` if empty; `early_data`
/// is `accepted`, `rejected` or `no` (none offered). `ems` says whether the master secret is
/// bound to the handshake (RFC 7627 in TLS 1.2; always in TLS 1.3).
pub fn negotiated_fields(info: &ConnectionInfo) -> String {
    let suite = info.suite.map_or(NONE, |s| s.name());
    let group = match info.group {
        Some(g) => g
            .name()
            .map_or_else(|| format!("0x{:04x}", g.0), str::to_string),
        None => NONE.to_string(),
    };
    let alpn = match &info.alpn {
        Some(p) => String::from_utf8_lossy(p).into_owned(),
        None => NONE.to_string(),
    };
    let session_id = if info.session_id.is_empty() {
        NONE.to_string()
    } else {
        hex(&info.session_id)
    };
    format!(
        "version={} suite={suite} group={group} alpn={alpn} resumed={} session_id={session_id} \
         early_data={} ems={}",
        info.version_name(),
        yes_no(info.resumed),
        info.early_data.name(),
        yes_no(info.extended_master_secret),
    )
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// Lower-case hex, as OpenSSL and GnuTLS print session IDs.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `handshake: ` and [`negotiated_fields`].
pub fn handshake_line(info: &ConnectionInfo) -> String {
    format!("handshake: {}", negotiated_fields(info))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_core::crypto::NamedGroup;
    use ferrotls_core::suites::TLS_AES_128_GCM_SHA256;
    use ferrotls_core::{EarlyDataStatus, ProtocolVersion};

    #[test]
    fn a_complete_tls13_handshake() {
        let info = ConnectionInfo {
            version: Some(ProtocolVersion::TLS1_3),
            suite: Some(&TLS_AES_128_GCM_SHA256),
            group: Some(NamedGroup::X25519),
            extended_master_secret: true,
            ..ConnectionInfo::default()
        };
        assert_eq!(
            handshake_line(&info),
            "handshake: version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=x25519 alpn=- \
             resumed=no session_id=- early_data=no ems=yes"
        );
    }

    #[test]
    fn the_hybrid_group_by_its_iana_name() {
        let info = ConnectionInfo {
            group: Some(NamedGroup::X25519MLKEM768),
            ..ConnectionInfo::default()
        };
        assert!(negotiated_fields(&info).contains(" group=X25519MLKEM768 "));
    }

    #[test]
    fn alpn_and_unknown_values() {
        let info = ConnectionInfo {
            group: Some(NamedGroup(0x6399)),
            alpn: Some(b"http/1.1".to_vec()),
            ..ConnectionInfo::default()
        };
        assert_eq!(
            negotiated_fields(&info),
            "version=- suite=- group=0x6399 alpn=http/1.1 resumed=no session_id=- early_data=no ems=no"
        );
    }

    #[test]
    fn a_resumption_with_early_data() {
        let info = ConnectionInfo {
            version: Some(ProtocolVersion::TLS1_3),
            suite: Some(&TLS_AES_128_GCM_SHA256),
            group: None,
            resumed: true,
            session_id: vec![0x00, 0xab, 0x10],
            early_data: EarlyDataStatus::Accepted,
            extended_master_secret: true,
            ..ConnectionInfo::default()
        };
        assert_eq!(
            negotiated_fields(&info),
            "version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=- alpn=- resumed=yes \
             session_id=00ab10 early_data=accepted ems=yes"
        );
        let rejected = ConnectionInfo {
            early_data: EarlyDataStatus::Rejected,
            ..info
        };
        assert!(negotiated_fields(&rejected).contains(" early_data=rejected "));
    }
}
