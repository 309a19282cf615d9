//! The server's EncryptedExtensions (RFC 8446 §4.3.1).

use alloc::vec::Vec;

use ferrotls_crypto::CryptoProvider;

use super::client_hello::our_groups;
use crate::config::ServerConfig;
use crate::error::Error;
use crate::msgs::extensions::{
    EncryptedExtension, NamedGroupList, ProtocolName, RecordSizeLimit, SelectedProtocol,
};
use crate::msgs::handshake::{EncryptedExtensions, HandshakeMessage};
use crate::tls13::encode;

/// The largest record_size_limit TLS 1.3 allows: 2^14 plus the content type byte
/// (RFC 8449 §4: "TLS 1.3 uses a limit of 2^14+1 octets").
const TLS13_MAX_RECORD_SIZE_LIMIT: u16 = (1 << 14) + 1;

/// What EncryptedExtensions answers.
#[derive(Debug)]
pub(super) struct EncryptedExtensionsParams<'a> {
    /// The client's SNI name was used.
    pub(super) server_name: bool,
    pub(super) alpn: Option<&'a [u8]>,
    /// The client's record_size_limit, if it sent one.
    pub(super) client_record_size_limit: Option<u16>,
    /// 0-RTT accepted (RFC 8446 §4.2.10).
    pub(super) early_data: bool,
}

/// The record_size_limit we advertise: only to a client that sent the extension (RFC 8449 §4,
/// RFC 8446 §4.2: no unsolicited responses), and never above the TLS 1.3 maximum.
pub(super) fn advertised_record_size_limit(
    config: &ServerConfig,
    client_record_size_limit: Option<u16>,
) -> Option<u16> {
    client_record_size_limit?;
    config
        .limits
        .record_size_limit
        .map(|l| l.min(TLS13_MAX_RECORD_SIZE_LIMIT))
}

/// EncryptedExtensions, in the order RFC 8448's server uses: supported_groups,
/// record_size_limit, server_name, early_data (§4); then ALPN.
pub(super) fn encrypted_extensions(
    config: &ServerConfig,
    provider: &CryptoProvider,
    params: &EncryptedExtensionsParams<'_>,
) -> Result<Vec<u8>, Error> {
    let mut extensions = Vec::new();
    // RFC 8446 §4.2.7: servers may tell the client their groups, for later connections.
    let groups = our_groups(config, provider);
    if !groups.is_empty() {
        extensions.push(EncryptedExtension::SupportedGroups(NamedGroupList(groups)));
    }
    if let Some(limit) = advertised_record_size_limit(config, params.client_record_size_limit) {
        extensions.push(EncryptedExtension::RecordSizeLimit(RecordSizeLimit(limit)));
    }
    // RFC 6066 §3: an empty server_name tells the client its name was used to pick the
    // certificate.
    if params.server_name {
        extensions.push(EncryptedExtension::ServerName);
    }
    if params.early_data {
        extensions.push(EncryptedExtension::EarlyData);
    }
    if let Some(protocol) = params.alpn {
        extensions.push(EncryptedExtension::Alpn(SelectedProtocol(ProtocolName(
            protocol.to_vec(),
        ))));
    }
    encode(&HandshakeMessage::EncryptedExtensions(
        EncryptedExtensions { extensions },
    ))
}
