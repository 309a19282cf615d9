//! The extensions a HelloRetryRequest may carry (RFC 8446 §4.1.4: supported_versions,
//! key_share with the selected group, cookie).

use ferrotls_crypto::NamedGroup;
use ferrotls_record::ProtocolVersion;

use super::set::extension_set;
use super::Cookie;

extension_set! {
    /// One HelloRetryRequest extension.
    HelloRetryExtension {
        /// key_share: the group the client must send a share for (RFC 8446 §4.2.8).
        KeyShare(NamedGroup) = KEY_SHARE,
        /// cookie (RFC 8446 §4.2.2).
        Cookie(Cookie) = COOKIE,
        /// supported_versions: the selected version (RFC 8446 §4.2.1).
        SupportedVersions(ProtocolVersion) = SUPPORTED_VERSIONS,
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
    fn selected_group_is_two_bytes() {
        let b = Bounds::u16(0, 0xffff);
        let exts =
            decode_extensions::<HelloRetryExtension>(&[0, 6, 0, 51, 0, 2, 0, 0x17], b).unwrap();
        assert_eq!(exts, [HelloRetryExtension::KeyShare(NamedGroup::SECP256R1)]);
        assert_eq!(
            decode_extensions::<HelloRetryExtension>(&[0, 7, 0, 51, 0, 3, 0, 0x17, 0], b),
            Err(DecodeError::TrailingBytes)
        );
        assert_eq!(
            decode_extensions::<HelloRetryExtension>(&[0, 4, 0, 42, 0, 0], b),
            Err(DecodeError::ExtensionNotAllowed(ExtensionType::EARLY_DATA))
        );
    }
}
