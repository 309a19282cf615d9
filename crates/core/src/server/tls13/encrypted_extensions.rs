//! The server's EncryptedExtensions (RFC 8446 §4.3.1).

use alloc::vec::Vec;

use ferrotls_crypto::CryptoProvider;

use super::client_hello::{our_groups, Negotiated};
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

/// The record_size_limit we advertise: only to a client that sent the extension (RFC 8449 §4,
/// RFC 8446 §4.2: no unsolicited responses), and never above the TLS 1.3 maximum.
pub(super) fn advertised_record_size_limit(
    config: &ServerConfig,
    negotiated: &Negotiated,
) -> Option<u16> {
    negotiated.client_record_size_limit?;
    config
        .limits
        .record_size_limit
        .map(|l| l.min(TLS13_MAX_RECORD_SIZE_LIMIT))
}

/// EncryptedExtensions, in the order RFC 8448's server uses: supported_groups,
/// record_size_limit, server_name; then ALPN.
pub(super) fn encrypted_extensions(
    config: &ServerConfig,
    provider: &CryptoProvider,
    negotiated: &Negotiated,
) -> Result<Vec<u8>, Error> {
    let mut extensions = Vec::new();
    // RFC 8446 §4.2.7: servers may tell the client their groups, for later connections.
    let groups = our_groups(config, provider);
    if !groups.is_empty() {
        extensions.push(EncryptedExtension::SupportedGroups(NamedGroupList(groups)));
    }
    if let Some(limit) = advertised_record_size_limit(config, negotiated) {
        extensions.push(EncryptedExtension::RecordSizeLimit(RecordSizeLimit(limit)));
    }
    // RFC 6066 §3: an empty server_name tells the client its name was used to pick the
    // certificate.
    if negotiated.server_name.is_some() {
        extensions.push(EncryptedExtension::ServerName);
    }
    if let Some(protocol) = &negotiated.alpn {
        extensions.push(EncryptedExtension::Alpn(SelectedProtocol(ProtocolName(
            protocol.clone(),
        ))));
    }
    encode(&HandshakeMessage::EncryptedExtensions(
        EncryptedExtensions { extensions },
    ))
}
