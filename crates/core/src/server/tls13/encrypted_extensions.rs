//! The server's EncryptedExtensions (RFC 8446 §4.3.1).

use alloc::vec::Vec;

use ferrotls_crypto::CryptoProvider;

use super::client_hello::our_groups;
use crate::config::ServerConfig;
use crate::error::Error;
use crate::msgs::extensions::{
    EncryptedExtension, NamedGroupList, ProtocolName, RecordSizeLimit, SelectedProtocol,
    TicketRequestHint,
};
use crate::msgs::handshake::{EncryptedExtensions, HandshakeMessage};
use crate::tls13::encode;

/// What EncryptedExtensions answers.
#[derive(Debug)]
pub(super) struct EncryptedExtensionsParams<'a> {
    /// The client's SNI name was used.
    pub(super) server_name: bool,
    pub(super) alpn: Option<&'a [u8]>,
    /// Our record_size_limit, when the client sent one (`server::record_size_limit`).
    pub(super) record_size_limit: Option<u16>,
    /// 0-RTT accepted (RFC 8446 §4.2.10).
    pub(super) early_data: bool,
    /// The client sent ticket_request: the tickets we expect to send (RFC 9149 §3).
    pub(super) expected_tickets: Option<u8>,
}

/// EncryptedExtensions, in the order RFC 8448's server uses: supported_groups,
/// record_size_limit, server_name, early_data (§4); then ALPN and ticket_request.
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
    if let Some(limit) = params.record_size_limit {
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
    if let Some(expected) = params.expected_tickets {
        extensions.push(EncryptedExtension::TicketRequest(TicketRequestHint(
            expected,
        )));
    }
    encode(&HandshakeMessage::EncryptedExtensions(
        EncryptedExtensions { extensions },
    ))
}
