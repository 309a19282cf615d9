//! The TLS 1.2 ServerHello (RFC 5246 §7.4.1.3) of a full or an abbreviated handshake.

use alloc::vec::Vec;

use ferrotls_record::{AlertDescription, ProtocolVersion};

use super::client_hello::Agreed;
use crate::config::ServerConfig;
use crate::conn::HandshakeOutput;
use crate::error::Error;
use crate::msgs::codec::{put_list, LenCounter, Output};
use crate::msgs::enums::{ECPointFormat, ExtensionType};
use crate::msgs::error::EncodeError;
use crate::msgs::extensions::{
    put_extension, put_extension_with, ECPointFormatList, RecordSizeLimit, RenegotiationInfo,
    SelectedProtocol, ServerExtension,
};
use crate::msgs::handshake::{put_server_hello, TLS12_DOWNGRADE_SENTINEL};
use crate::suites::SupportedCipherSuite;

/// What differs between the ServerHellos of the two handshakes.
pub(super) struct Hello<'a> {
    pub(super) suite: &'a SupportedCipherSuite,
    pub(super) session_id: &'a [u8],
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

/// The length of the ServerHello [`append_server_hello`] writes.
pub(super) fn server_hello_len(
    agreed: &Agreed,
    hello: &Hello<'_>,
    random: &[u8; 32],
) -> Result<usize, Error> {
    let mut counter = LenCounter::default();
    encode(&mut counter, agreed, hello, random).map_err(|_| unencodable())?;
    Ok(counter.0)
}

/// Append the ServerHello to `out`, a flight being built. Extensions answer only what the
/// client sent (RFC 5246 §7.4.1.4), with the one exception RFC 5746 §3.6 makes for a client
/// that sent only the SCSV. Encoded as it goes: no message value, no extension list.
pub(super) fn append_server_hello(
    out: &mut Vec<u8>,
    agreed: &Agreed,
    hello: &Hello<'_>,
    random: &[u8; 32],
) -> Result<(), Error> {
    encode(out, agreed, hello, random).map_err(|_| unencodable())
}

fn unencodable() -> Error {
    Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "could not encode our own ServerHello",
    )
}

fn encode<O: Output>(
    out: &mut O,
    agreed: &Agreed,
    hello: &Hello<'_>,
    random: &[u8; 32],
) -> Result<(), EncodeError> {
    // RFC 6066 §3: an empty server_name tells the client its name picked the certificate;
    // "When resuming a session, the server MUST NOT include a server_name extension in the
    // server hello."
    let server_name = agreed.server_name.is_some() && !hello.resumed;
    let any = agreed.secure_renegotiation
        || agreed.ems
        || agreed.point_formats
        || server_name
        || hello.ticket
        || agreed.record_size_limit.is_some()
        || agreed.alpn.is_some();
    let extensions = |out: &mut O| {
        // RFC 5746 §3.6: "If the secure_renegotiation flag is set to TRUE, the server MUST
        // include an empty "renegotiation_info" extension in the ServerHello message."
        if agreed.secure_renegotiation {
            put_extension(
                out,
                &ServerExtension::RenegotiationInfo(RenegotiationInfo::default()),
            )?;
        }
        // RFC 7627 §5.2: "If a server implementing this document receives the
        // "extended_master_secret" extension, it MUST include the extension in its
        // ServerHello"; §5.3 repeats it for an abbreviated handshake.
        if agreed.ems {
            put_extension(out, &ServerExtension::ExtendedMasterSecret)?;
        }
        // RFC 8422 §5.2: answering a client's ec_point_formats, with uncompressed, the only
        // format.
        if agreed.point_formats {
            put_extension_with(out, ExtensionType::EC_POINT_FORMATS, |out| {
                put_list(
                    out,
                    ECPointFormatList::BOUNDS,
                    &[ECPointFormat::UNCOMPRESSED],
                )
            })?;
        }
        if server_name {
            put_extension(out, &ServerExtension::ServerName)?;
        }
        // RFC 5077 §3.2: "The server uses a zero-length SessionTicket extension to indicate to
        // the client that it will send a new session ticket using the NewSessionTicket
        // handshake message".
        if hello.ticket {
            put_extension(out, &ServerExtension::SessionTicket)?;
        }
        // RFC 8449 §4: our own limit answers the client's, on every handshake.
        if let Some(limits) = &agreed.record_size_limit {
            put_extension(
                out,
                &ServerExtension::RecordSizeLimit(RecordSizeLimit(limits.ours)),
            )?;
        }
        if let Some(protocol) = &agreed.alpn {
            put_extension_with(
                out,
                ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                |out| SelectedProtocol::put(out, protocol),
            )?;
        }
        Ok(())
    };
    // Without extensions the block is absent, the RFC 5246 form.
    put_server_hello(
        out,
        ProtocolVersion::TLS1_2,
        random,
        hello.session_id,
        hello.suite.suite,
        any.then_some(extensions),
    )
}
