//! The extensions EncryptedExtensions may carry (RFC 8446 §4.2 table, "EE").

use super::set::extension_set;
use super::{NamedGroupList, RecordSizeLimit, SelectedProtocol, TicketRequestHint};
use crate::msgs::enums::MaxFragmentLength;

extension_set! {
    /// One EncryptedExtensions extension.
    EncryptedExtension {
        /// server_name acknowledged (RFC 6066 §3), empty.
        ServerName = SERVER_NAME,
        /// max_fragment_length accepted (RFC 6066 §4).
        MaxFragmentLength(MaxFragmentLength) = MAX_FRAGMENT_LENGTH,
        /// The server's groups, informational (RFC 8446 §4.2.7).
        SupportedGroups(NamedGroupList) = SUPPORTED_GROUPS,
        /// The selected application protocol (RFC 7301 §3.1).
        Alpn(SelectedProtocol) = APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
        /// early_data accepted (RFC 8446 §4.2.10), empty.
        EarlyData = EARLY_DATA,
        /// record_size_limit (RFC 8449 §4).
        RecordSizeLimit(RecordSizeLimit) = RECORD_SIZE_LIMIT,
        /// The tickets the server expects to send (RFC 9149 §3).
        TicketRequest(TicketRequestHint) = TICKET_REQUEST,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::codec::Bounds;
    use crate::msgs::enums::ExtensionType;
    use crate::msgs::error::DecodeError;
    use crate::msgs::extensions::decode_extensions;

    #[test]
    fn rfc8448_section4_block_decodes() {
        // RFC 8448 §4 EncryptedExtensions: supported_groups, record_size_limit, server_name,
        // early_data.
        let bytes = [
            0x00, 0x26, 0x00, 0x0a, 0x00, 0x14, 0x00, 0x12, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18,
            0x00, 0x19, 0x01, 0x00, 0x01, 0x01, 0x01, 0x02, 0x01, 0x03, 0x01, 0x04, 0x00, 0x1c,
            0x00, 0x02, 0x40, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a, 0x00, 0x00,
        ];
        let exts = decode_extensions::<EncryptedExtension>(&bytes, Bounds::u16(0, 0xffff)).unwrap();
        assert_eq!(exts.len(), 4);
        assert_eq!(
            exts[1],
            EncryptedExtension::RecordSizeLimit(RecordSizeLimit(0x4001))
        );
        assert_eq!(exts[2], EncryptedExtension::ServerName);
        assert_eq!(exts[3], EncryptedExtension::EarlyData);
    }

    #[test]
    fn key_share_is_not_allowed() {
        let bytes = [0, 4, 0, 51, 0, 0];
        assert_eq!(
            decode_extensions::<EncryptedExtension>(&bytes, Bounds::u16(0, 0xffff)),
            Err(DecodeError::ExtensionNotAllowed(ExtensionType::KEY_SHARE))
        );
    }
}
