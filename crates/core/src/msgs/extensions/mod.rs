//! Extensions (RFC 8446 §4.2 and the RFCs each names): one module per extension body, and one
//! enum per message context listing what that message may carry.
//!
//! Decoding rules shared by every context: an extension block keeps its order (so re-encoding is
//! byte-identical), refuses a repeated type (illegal_parameter), parses the bodies it knows with
//! exact lengths, refuses a known extension the message may not carry (illegal_parameter) and
//! keeps unknown ones verbatim.

mod set;

mod alpn;
mod code_point_lists;
mod cookie;
mod early_data;
mod key_share;
mod list;
mod padding;
mod pre_shared_key;
mod record_size_limit;
mod renegotiation_info;
mod server_name;
mod session_ticket;
mod status_request;
mod ticket_request;
mod unknown;

mod certificate_entry;
mod certificate_request;
mod client_hello;
mod encrypted;
mod hello_retry;
mod new_session_ticket;
mod server_hello;

pub use alpn::{ProtocolName, ProtocolNameList, SelectedProtocol};
pub use code_point_lists::{
    ECPointFormatList, NamedGroupList, ProtocolVersionList, PskKeyExchangeModes,
    SignatureSchemeList,
};
pub use cookie::Cookie;
pub use early_data::MaxEarlyDataSize;
pub use key_share::{KeyShareClientHello, KeyShareEntry};
pub use list::{
    decode_extensions, put_extension, put_extension_with, put_extensions, read_extensions,
    ExtensionCodec,
};
pub use padding::Padding;
pub use pre_shared_key::{OfferedPsks, PskBinder, PskIdentity};
pub use record_size_limit::RecordSizeLimit;
pub use renegotiation_info::RenegotiationInfo;
pub use server_name::{ServerName, ServerNameList};
pub use session_ticket::SessionTicket;
pub use status_request::{CertificateStatus, CertificateStatusRequest, ResponderId};
pub use ticket_request::{TicketRequest, TicketRequestHint};
pub use unknown::UnknownExtension;

pub use certificate_entry::CertificateExtension;
pub use certificate_request::CertificateRequestExtension;
pub use client_hello::ClientExtension;
pub use encrypted::EncryptedExtension;
pub use hello_retry::HelloRetryExtension;
pub use new_session_ticket::NewSessionTicketExtension;
pub use server_hello::ServerExtension;

use super::enums::ExtensionType;

/// Whether some context of this codec parses `typ`. Such a type in a message whose context does
/// not list it is refused (RFC 8446 §4.2: "If an implementation receives an extension which it
/// recognizes and which is not specified for the message in which it appears, it MUST abort
/// the handshake with an illegal_parameter alert"); any other type is kept as `Unknown`.
pub fn is_parsed(typ: ExtensionType) -> bool {
    matches!(
        typ,
        ExtensionType::SERVER_NAME
            | ExtensionType::MAX_FRAGMENT_LENGTH
            | ExtensionType::STATUS_REQUEST
            | ExtensionType::SUPPORTED_GROUPS
            | ExtensionType::EC_POINT_FORMATS
            | ExtensionType::SIGNATURE_ALGORITHMS
            | ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION
            | ExtensionType::PADDING
            | ExtensionType::EXTENDED_MASTER_SECRET
            | ExtensionType::RECORD_SIZE_LIMIT
            | ExtensionType::SESSION_TICKET
            | ExtensionType::PRE_SHARED_KEY
            | ExtensionType::EARLY_DATA
            | ExtensionType::SUPPORTED_VERSIONS
            | ExtensionType::COOKIE
            | ExtensionType::PSK_KEY_EXCHANGE_MODES
            | ExtensionType::POST_HANDSHAKE_AUTH
            | ExtensionType::SIGNATURE_ALGORITHMS_CERT
            | ExtensionType::KEY_SHARE
            | ExtensionType::RENEGOTIATION_INFO
            | ExtensionType::TICKET_REQUEST
    )
}
