//! What a config's builder checks before handing the config out: each mistake that would
//! otherwise surface only at connect time (as an internal_error or a refused signature) becomes
//! a [`ConfigError`] naming the field.

use alloc::vec::Vec;
use core::fmt;

use ferrotls_crypto::{CryptoProvider, NamedGroup};
use ferrotls_record::ProtocolVersion;

use super::{CertifiedKey, ClientConfig, ServerConfig};
use crate::suites::{SupportedCipherSuite, ALL_CIPHER_SUITES};
use crate::verify::verify_tls12_signature;

/// A config mistake found by `build()`. `field` is the name of the config field at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A list that must not be empty is (`versions`, `cipher_suites`, `groups`).
    Empty {
        /// The field.
        field: &'static str,
    },
    /// A protocol version other than TLS 1.2 and TLS 1.3.
    UnknownVersion {
        /// The field.
        field: &'static str,
        /// The version.
        version: ProtocolVersion,
    },
    /// A cipher suite that is not one of ferrotls' suites.
    UnknownCipherSuite {
        /// The field.
        field: &'static str,
        /// The suite's IANA code point.
        suite: u16,
    },
    /// No cipher suite for this enabled version: nothing could be negotiated with it.
    NoSuiteForVersion {
        /// The field.
        field: &'static str,
        /// The version left without a suite.
        version: ProtocolVersion,
    },
    /// A suite whose version is not enabled in `versions`.
    SuiteForDisabledVersion {
        /// The field.
        field: &'static str,
        /// The suite's IANA code point.
        suite: u16,
    },
    /// A group the crypto provider cannot do.
    UnknownGroup {
        /// The field.
        field: &'static str,
        /// The group.
        group: NamedGroup,
    },
    /// An ALPN protocol name that is empty or longer than 255 bytes (RFC 7301 §3.1).
    InvalidAlpn {
        /// The field.
        field: &'static str,
        /// The position of the bad name in the list.
        index: usize,
        /// Its length in bytes.
        len: usize,
    },
    /// The private key does not belong to the end-entity certificate: a probe signed with the
    /// key does not verify with the certificate's public key.
    KeyMismatch {
        /// The field.
        field: &'static str,
    },
    /// A certified key with no certificate.
    EmptyChain {
        /// The field.
        field: &'static str,
    },
    /// Client authentication without trust anchors: no client certificate could ever verify.
    ClientAuthWithoutRoots {
        /// The field.
        field: &'static str,
    },
    /// Early data announced without the replay check that accepting it needs (RFC 9846 §8):
    /// neither `anti_replay` nor `defer.anti_replay`.
    EarlyDataWithoutAntiReplay {
        /// The field.
        field: &'static str,
    },
    /// A value out of its range (e.g. `key_share_count` 0 or more than `groups`).
    OutOfRange {
        /// The field.
        field: &'static str,
    },
    /// A certificate's server name that is not a DNS name (RFC 6066 §3: SNI carries only
    /// host names).
    InvalidServerName {
        /// The field.
        field: &'static str,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty { field } => write!(f, "{field}: must not be empty"),
            Self::UnknownVersion { field, version } => {
                write!(f, "{field}: unknown version {version:?}")
            }
            Self::UnknownCipherSuite { field, suite } => {
                write!(f, "{field}: unknown cipher suite {suite:#06x}")
            }
            Self::NoSuiteForVersion { field, version } => {
                write!(
                    f,
                    "{field}: no cipher suite for enabled version {version:?}"
                )
            }
            Self::SuiteForDisabledVersion { field, suite } => write!(
                f,
                "{field}: cipher suite {suite:#06x} belongs to no enabled version"
            ),
            Self::UnknownGroup { field, group } => {
                write!(f, "{field}: the crypto provider has no group {group:?}")
            }
            Self::InvalidAlpn { field, index, len } => write!(
                f,
                "{field}[{index}]: an ALPN name must be 1 to 255 bytes, not {len} (RFC 7301 §3.1)"
            ),
            Self::KeyMismatch { field } => {
                write!(f, "{field}: the private key does not match the certificate")
            }
            Self::EmptyChain { field } => write!(f, "{field}: no certificate"),
            Self::ClientAuthWithoutRoots { field } => write!(
                f,
                "{field}: client authentication needs trust anchors, and there are none"
            ),
            Self::EarlyDataWithoutAntiReplay { field } => write!(
                f,
                "{field}: 0-RTT needs `anti_replay` (early data can be replayed, RFC 9846 §8)"
            ),
            Self::OutOfRange { field } => write!(f, "{field}: value out of range"),
            Self::InvalidServerName { field } => {
                write!(f, "{field}: not a DNS name (RFC 6066 §3)")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ConfigError {}

fn versions_and_suites(
    versions: &[ProtocolVersion],
    suites: &[&'static SupportedCipherSuite],
) -> Result<(), ConfigError> {
    if versions.is_empty() {
        return Err(ConfigError::Empty { field: "versions" });
    }
    if let Some(&version) = versions
        .iter()
        .find(|v| ![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2].contains(v))
    {
        return Err(ConfigError::UnknownVersion {
            field: "versions",
            version,
        });
    }
    if suites.is_empty() {
        return Err(ConfigError::Empty {
            field: "cipher_suites",
        });
    }
    for s in suites {
        if !ALL_CIPHER_SUITES
            .iter()
            .any(|k| core::ptr::eq(*k, *s) || **k == **s)
        {
            return Err(ConfigError::UnknownCipherSuite {
                field: "cipher_suites",
                suite: s.suite.0,
            });
        }
        if !versions.contains(&s.version) {
            return Err(ConfigError::SuiteForDisabledVersion {
                field: "cipher_suites",
                suite: s.suite.0,
            });
        }
    }
    if let Some(&version) = versions
        .iter()
        .find(|v| !suites.iter().any(|s| s.version == **v))
    {
        return Err(ConfigError::NoSuiteForVersion {
            field: "cipher_suites",
            version,
        });
    }
    Ok(())
}

fn groups(provider: &CryptoProvider, groups: &[NamedGroup]) -> Result<(), ConfigError> {
    if groups.is_empty() {
        return Err(ConfigError::Empty { field: "groups" });
    }
    match groups
        .iter()
        .find(|g| !provider.kx_groups.iter().any(|k| k.name() == **g))
    {
        Some(&group) => Err(ConfigError::UnknownGroup {
            field: "groups",
            group,
        }),
        None => Ok(()),
    }
}

fn alpn(names: &[Vec<u8>]) -> Result<(), ConfigError> {
    match names
        .iter()
        .enumerate()
        .find(|(_, n)| n.is_empty() || n.len() > 255)
    {
        Some((index, n)) => Err(ConfigError::InvalidAlpn {
            field: "alpn_protocols",
            index,
            len: n.len(),
        }),
        None => Ok(()),
    }
}

/// Sign a probe with the key and verify it with the end-entity certificate's public key, through
/// the same verification code the handshake uses. A key held outside the process (an HSM) signs
/// nothing here and is not probed.
pub(super) fn certified_key(
    provider: &CryptoProvider,
    key: &CertifiedKey,
    field: &'static str,
) -> Result<(), ConfigError> {
    let end_entity = key.end_entity().ok_or(ConfigError::EmptyChain { field })?;
    if key.key.is_external() {
        return Ok(());
    }
    let schemes = key.key.schemes();
    let scheme = *schemes.first().ok_or(ConfigError::KeyMismatch { field })?;
    let probe = b"ferrotls: does this key belong to this certificate?";
    let signature = key
        .key
        .sign(scheme, probe, &*provider.random)
        .map_err(|_| ConfigError::KeyMismatch { field })?;
    verify_tls12_signature(
        &provider.verification,
        schemes,
        end_entity,
        scheme,
        probe,
        &signature,
    )
    .map_err(|_| ConfigError::KeyMismatch { field })
}

/// Every check of a server config, in field order.
pub(super) fn server(config: &ServerConfig) -> Result<(), ConfigError> {
    versions_and_suites(&config.versions, &config.cipher_suites)?;
    groups(&config.provider, &config.groups)?;
    alpn(&config.alpn_protocols)?;
    if config.max_early_data > 0 && config.anti_replay.is_none() && !config.defer.anti_replay {
        return Err(ConfigError::EarlyDataWithoutAntiReplay {
            field: "max_early_data",
        });
    }
    Ok(())
}

/// Every check of a client config, in field order.
pub(super) fn client(config: &ClientConfig) -> Result<(), ConfigError> {
    versions_and_suites(&config.versions, &config.cipher_suites)?;
    groups(&config.provider, &config.groups)?;
    if config.key_share_count == 0 || config.key_share_count > config.groups.len() {
        return Err(ConfigError::OutOfRange {
            field: "key_share_count",
        });
    }
    alpn(&config.alpn_protocols)?;
    // RFC 8449 §4: "Endpoints MUST NOT send a \"record_size_limit\" extension with a value
    // smaller than 64".
    if config.limits.record_size_limit.is_some_and(|l| l < 64) {
        return Err(ConfigError::OutOfRange {
            field: "record_size_limit",
        });
    }
    if let Some(key) = &config.client_auth {
        certified_key(&config.provider, key, "client_auth")?;
    }
    Ok(())
}
