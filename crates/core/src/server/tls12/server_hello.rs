//! The TLS 1.2 ServerHello (RFC 5246 §7.4.1.3) of a full or an abbreviated handshake.

use alloc::vec;
use alloc::vec::Vec;

use ferrotls_record::ProtocolVersion;

use super::client_hello::Agreed;
use crate::config::ServerConfig;
use crate::conn::HandshakeOutput;
use crate::error::Error;
use crate::msgs::enums::{CompressionMethod, ECPointFormat};
use crate::msgs::extensions::{
    ECPointFormatList, ProtocolName, RecordSizeLimit, RenegotiationInfo, SelectedProtocol,
    ServerExtension,
};
use crate::msgs::handshake::{HandshakeMessage, ServerHello, TLS12_DOWNGRADE_SENTINEL};
use crate::suites::SupportedCipherSuite;
use crate::tls13::encode;

/// What differs between the ServerHellos of the two handshakes.
pub(super) struct Hello<'a> {
    pub(super) suite: &'a SupportedCipherSuite,
    pub(super) session_id: Vec<u8>,
    /// An abbreviated handshake.
    pub(super) resumed: bool,
    /// A NewSessionTicket follows (RFC 5077 §3.2: the server's session_ticket is empty).
    pub(super) ticket: bool,
}

/// The ServerHello's random, drawn from the provider. RFC 8446 §4.1.3: "TLS 1.3 servers which
/// negotiate TLS 1.2 or below in response to a ClientHello MUST set the last 8 bytes of their
/// Random value specially [...] 44 4F 57 4E 47 52 44 01". A server with TLS 1.3 disabled is a
/// TLS 1.2 server and must not.
pub(super) fn server_random(
    config: &ServerConfig,
    common: &dyn HandshakeOutput,
) -> Result<[u8; 32], Error> {
    let mut random = [0u8; 32];
    common.fill_random(&mut random)?;
    Ok(downgrade_sentinel(config, random))
}

/// `random` (32 bytes drawn from the provider) with the downgrade sentinel, if TLS 1.3 is
/// enabled, as [`server_random`] makes it.
pub(super) fn downgrade_sentinel(config: &ServerConfig, mut random: [u8; 32]) -> [u8; 32] {
    if config.versions.contains(&ProtocolVersion::TLS1_3) {
        random[24..].copy_from_slice(&TLS12_DOWNGRADE_SENTINEL);
    }
    random
}

/// The encoded ServerHello. Extensions answer only what the client sent (RFC 5246 §7.4.1.4),
/// with the one exception RFC 5746 §3.6 makes for a client that sent only the SCSV.
pub(super) fn server_hello(
    agreed: &Agreed,
    hello: Hello<'_>,
    random: [u8; 32],
) -> Result<Vec<u8>, Error> {
    // Room for every extension below, so that answering them all costs one allocation.
    let mut extensions = Vec::with_capacity(7);
    // RFC 5746 §3.6: "If the secure_renegotiation flag is set to TRUE, the server MUST include
    // an empty "renegotiation_info" extension in the ServerHello message."
    if agreed.secure_renegotiation {
        extensions.push(ServerExtension::RenegotiationInfo(
            RenegotiationInfo::default(),
        ));
    }
    // RFC 7627 §5.2: "If a server implementing this document receives the
    // "extended_master_secret" extension, it MUST include the extension in its ServerHello";
    // §5.3 repeats it for an abbreviated handshake.
    if agreed.ems {
        extensions.push(ServerExtension::ExtendedMasterSecret);
    }
    // RFC 8422 §5.2: answering a client's ec_point_formats, with uncompressed, the only format.
    if agreed.point_formats {
        extensions.push(ServerExtension::EcPointFormats(ECPointFormatList(vec![
            ECPointFormat::UNCOMPRESSED,
        ])));
    }
    // RFC 6066 §3: an empty server_name tells the client its name picked the certificate;
    // "When resuming a session, the server MUST NOT include a server_name extension in the
    // server hello."
    if agreed.server_name.is_some() && !hello.resumed {
        extensions.push(ServerExtension::ServerName);
    }
    // RFC 5077 §3.2: "The server uses a zero-length SessionTicket extension to indicate to the
    // client that it will send a new session ticket using the NewSessionTicket handshake
    // message".
    if hello.ticket {
        extensions.push(ServerExtension::SessionTicket);
    }
    // RFC 8449 §4: our own limit answers the client's, on every handshake.
    if let Some(limits) = &agreed.record_size_limit {
        extensions.push(ServerExtension::RecordSizeLimit(RecordSizeLimit(
            limits.ours,
        )));
    }
    if let Some(protocol) = &agreed.alpn {
        extensions.push(ServerExtension::Alpn(SelectedProtocol(ProtocolName(
            protocol.clone(),
        ))));
    }
    encode(&HandshakeMessage::ServerHello(ServerHello {
        legacy_version: ProtocolVersion::TLS1_2,
        random,
        session_id: hello.session_id,
        cipher_suite: hello.suite.suite,
        compression_method: CompressionMethod::NULL,
        extensions,
    }))
}
