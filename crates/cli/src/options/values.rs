//! Value checks that clap's built-in parsers do not make: each turns one option's text into a
//! value or into a message saying what is wrong, which clap shows with the option's name and
//! exit status 2.

use std::net::SocketAddr;

use ferrotls_core::config::DEFAULT_GROUPS;
use ferrotls_core::crypto::NamedGroup;

/// `--listen`: an IP address and port, no name to resolve.
pub(super) fn ip_port(text: &str) -> Result<SocketAddr, String> {
    text.parse()
        .map_err(|_| format!("{text:?} is not an IP:PORT address"))
}

/// `--alpn h2,http/1.1`: protocol names in preference order, each 1 to 255 bytes (RFC 7301 §3.1).
pub(super) fn alpn(list: &str) -> Result<Vec<Vec<u8>>, String> {
    list.split(',')
        .map(|name| match name.len() {
            1..=255 => Ok(name.as_bytes().to_vec()),
            0 => Err(format!("{list:?} has an empty protocol name")),
            _ => Err(format!("protocol name too long: {name:?}")),
        })
        .collect()
}

/// `--groups X25519MLKEM768,x25519`: key-exchange groups in preference order, each one the
/// library offers by default ([`DEFAULT_GROUPS`]) by its exact IANA name, none twice.
pub(super) fn groups(list: &str) -> Result<Vec<NamedGroup>, String> {
    let mut groups = Vec::new();
    for name in list.split(',') {
        let group = DEFAULT_GROUPS
            .iter()
            .copied()
            .find(|g| g.name() == Some(name))
            .ok_or_else(|| {
                let known: Vec<&str> = DEFAULT_GROUPS.iter().filter_map(|g| g.name()).collect();
                format!("unknown group {name:?} (known: {})", known.join(", "))
            })?;
        if groups.contains(&group) {
            return Err(format!("names {name:?} twice"));
        }
        groups.push(group);
    }
    Ok(groups)
}

/// The smallest `--record-size-limit` (RFC 8449 §4: "Endpoints MUST NOT send a
/// record_size_limit extension with a value smaller than 64").
pub(super) const MIN_RECORD_SIZE_LIMIT: i64 = 64;
/// The largest: 2^14, the protocol's maximum record content.
pub(super) const MAX_RECORD_SIZE_LIMIT: i64 = 1 << 14;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_addresses_are_ip_and_port() {
        assert_eq!(ip_port("127.0.0.1:0").unwrap().port(), 0);
        assert!(ip_port("localhost:1")
            .unwrap_err()
            .contains("not an IP:PORT"));
    }

    #[test]
    fn alpn_lists_are_split_and_checked() {
        assert_eq!(
            alpn("h2,http/1.1").unwrap(),
            [b"h2".to_vec(), b"http/1.1".to_vec()]
        );
        assert!(alpn("h2,,x").unwrap_err().contains("empty protocol name"));
        assert!(alpn("").is_err());
        assert!(alpn(&"x".repeat(256)).unwrap_err().contains("too long"));
        assert_eq!(alpn(&"x".repeat(255)).unwrap()[0].len(), 255);
    }

    #[test]
    fn group_lists_are_split_and_checked() {
        assert_eq!(
            groups("secp256r1,x25519").unwrap(),
            [NamedGroup::SECP256R1, NamedGroup::X25519]
        );
        assert_eq!(groups("secp384r1").unwrap(), [NamedGroup::SECP384R1]);
        assert_eq!(
            groups("X25519MLKEM768,x25519").unwrap(),
            [NamedGroup::X25519MLKEM768, NamedGroup::X25519]
        );
        for (list, needle) in [
            (
                "x448",
                "unknown group \"x448\" (known: X25519MLKEM768, x25519, secp256r1, secp384r1)",
            ),
            ("x25519,", "unknown group \"\""),
            ("", "unknown group \"\""),
            ("X25519", "unknown group"),
            ("x25519,secp256r1,x25519", "names \"x25519\" twice"),
        ] {
            let e = groups(list).unwrap_err();
            assert!(e.contains(needle), "{list:?}: {e}");
        }
    }
}
