//! The extensions a ServerHello may carry: TLS 1.3 (RFC 8446 §4.2 "SH") and TLS 1.2 answers to
//! the client's requests.

use ferrotls_record::ProtocolVersion;

use super::set::extension_set;
use super::{
    ECPointFormatList, KeyShareEntry, RecordSizeLimit, RenegotiationInfo, SelectedProtocol,
};
use crate::msgs::enums::MaxFragmentLength;

extension_set! {
    /// One ServerHello extension.
    ServerExtension {
        /// server_name acknowledged (RFC 6066 §3), empty.
        ServerName = SERVER_NAME,
        /// max_fragment_length accepted (RFC 6066 §4).
        MaxFragmentLength(MaxFragmentLength) = MAX_FRAGMENT_LENGTH,
        /// status_request acknowledged (RFC 6066 §8), empty.
        StatusRequest = STATUS_REQUEST,
        /// ec_point_formats (RFC 8422 §5.2).
        EcPointFormats(ECPointFormatList) = EC_POINT_FORMATS,
        /// The selected application protocol (RFC 7301 §3.1).
        Alpn(SelectedProtocol) = APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
        /// extended_master_secret (RFC 7627 §5.2), empty.
        ExtendedMasterSecret = EXTENDED_MASTER_SECRET,
        /// record_size_limit (RFC 8449 §4).
        RecordSizeLimit(RecordSizeLimit) = RECORD_SIZE_LIMIT,
        /// session_ticket: a ticket will follow (RFC 5077 §3.2), empty.
        SessionTicket = SESSION_TICKET,
        /// pre_shared_key: the index of the selected identity (RFC 8446 §4.2.11).
        PreSharedKey(u16) = PRE_SHARED_KEY,
        /// supported_versions: the selected version (RFC 8446 §4.2.1).
        SupportedVersions(ProtocolVersion) = SUPPORTED_VERSIONS,
        /// key_share: the server's share (RFC 8446 §4.2.8).
        KeyShare(KeyShareEntry) = KEY_SHARE,
        /// renegotiation_info (RFC 5746 §3.2).
        RenegotiationInfo(RenegotiationInfo) = RENEGOTIATION_INFO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::codec::Bounds;
    use crate::msgs::enums::ExtensionType;
    use crate::msgs::error::DecodeError;
    use crate::msgs::extensions::{decode_extensions, put_extensions};
    use alloc::vec;
    use alloc::vec::Vec;
    use ferrotls_crypto::NamedGroup;

    const BLOCK: Bounds = Bounds::u16(0, 0xffff);

    #[test]
    fn round_trips_tls12_and_tls13_forms() {
        let exts = vec![
            ServerExtension::ServerName,
            ServerExtension::RenegotiationInfo(RenegotiationInfo::default()),
            ServerExtension::ExtendedMasterSecret,
            ServerExtension::SessionTicket,
            ServerExtension::StatusRequest,
            ServerExtension::PreSharedKey(0),
            ServerExtension::SupportedVersions(ProtocolVersion::TLS1_3),
            ServerExtension::KeyShare(KeyShareEntry {
                group: NamedGroup::X25519,
                key_exchange: vec![1; 32],
            }),
        ];
        let mut out = Vec::new();
        put_extensions(&mut out, BLOCK, &exts).unwrap();
        assert_eq!(decode_extensions::<ServerExtension>(&out, BLOCK), Ok(exts));
    }

    #[test]
    fn client_only_extensions_are_illegal_parameter() {
        // supported_groups (type 10) in a ServerHello.
        let bytes = [0, 8, 0, 10, 0, 4, 0, 2, 0, 0x1d];
        assert_eq!(
            decode_extensions::<ServerExtension>(&bytes, BLOCK),
            Err(DecodeError::ExtensionNotAllowed(
                ExtensionType::SUPPORTED_GROUPS
            ))
        );
    }
}
