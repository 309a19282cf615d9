//! Extensions whose body is one list of code points: supported_groups (RFC 8446 §4.2.7),
//! ec_point_formats (RFC 8422 §5.1.2), signature_algorithms and signature_algorithms_cert
//! (RFC 8446 §4.2.3), supported_versions in a ClientHello (§4.2.1) and psk_key_exchange_modes
//! (§4.2.9).

use alloc::vec::Vec;

use ferrotls_crypto::{NamedGroup, SignatureScheme};
use ferrotls_record::ProtocolVersion;

use crate::msgs::codec::{put_list, read_list, Bounds, Codec, Output, Reader};
use crate::msgs::enums::{ECPointFormat, PskKeyExchangeMode};
use crate::msgs::error::{DecodeError, EncodeError};

macro_rules! code_point_list {
    ($(#[$m:meta])* $name:ident($item:ty), $bounds:expr) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name(pub Vec<$item>);

        impl $name {
            /// The list's length bounds, for encoding one from a slice (`put_list`).
            #[allow(dead_code)]
            pub(crate) const BOUNDS: Bounds = $bounds;
        }

        impl Codec for $name {
            fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
                read_list(r, Self::BOUNDS).map(Self)
            }

            fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
                put_list(out, Self::BOUNDS, &self.0)
            }
        }
    };
}

code_point_list! {
    /// `NamedGroup named_group_list<2..2^16-1>` (RFC 8446 §4.2.7).
    NamedGroupList(NamedGroup), Bounds::u16(2, 0xffff)
}

code_point_list! {
    /// `ECPointFormat ec_point_format_list<1..2^8-1>` (RFC 8422 §5.1.2).
    ECPointFormatList(ECPointFormat), Bounds::u8(1, 0xff)
}

code_point_list! {
    /// `SignatureScheme supported_signature_algorithms<2..2^16-2>` (RFC 8446 §4.2.3), the body of
    /// both signature_algorithms and signature_algorithms_cert.
    SignatureSchemeList(SignatureScheme), Bounds::u16(2, 0xfffe)
}

code_point_list! {
    /// `ProtocolVersion versions<2..254>`: a ClientHello's supported_versions (RFC 8446 §4.2.1).
    ProtocolVersionList(ProtocolVersion), Bounds::u8(2, 254)
}

code_point_list! {
    /// `PskKeyExchangeMode ke_modes<1..255>` (RFC 8446 §4.2.9).
    PskKeyExchangeModes(PskKeyExchangeMode), Bounds::u8(1, 255)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn groups_round_trip_rfc8448() {
        // RFC 8448 §3 supported_groups body.
        let bytes = [
            0x00, 0x12, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18, 0x00, 0x19, 0x01, 0x00, 0x01, 0x01,
            0x01, 0x02, 0x01, 0x03, 0x01, 0x04,
        ];
        let list = NamedGroupList::decode(&bytes).unwrap();
        assert_eq!(list.0.len(), 9);
        assert_eq!(list.0[0], NamedGroup::X25519);
        assert_eq!(list.0[8], NamedGroup::FFDHE8192);
        assert_eq!(list.to_bytes().unwrap(), bytes);
    }

    #[test]
    fn minimum_lengths_are_enforced() {
        assert_eq!(
            NamedGroupList::decode(&[0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            ECPointFormatList::decode(&[0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            SignatureSchemeList::decode(&[0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            ProtocolVersionList::decode(&[0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            ProtocolVersionList::decode(&[1, 3]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            PskKeyExchangeModes::decode(&[0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert!(NamedGroupList(Vec::new()).to_bytes().is_err());
    }

    #[test]
    fn maximum_lengths_are_enforced() {
        // 2^16-2 is the largest even length signature_algorithms allows; 0xffff is refused.
        let mut big = vec![0xff, 0xff];
        big.resize(2 + 0xffff, 4);
        assert_eq!(
            SignatureSchemeList::decode(&big),
            Err(DecodeError::LengthOutOfRange)
        );
        let mut versions = vec![255u8];
        versions.resize(256, 3);
        assert_eq!(
            ProtocolVersionList::decode(&versions),
            Err(DecodeError::LengthOutOfRange)
        );
        let many = ProtocolVersionList(vec![ProtocolVersion::TLS1_3; 127]);
        assert_eq!(many.to_bytes().unwrap().len(), 255);
        assert!(ProtocolVersionList(vec![ProtocolVersion::TLS1_3; 128])
            .to_bytes()
            .is_err());
    }

    #[test]
    fn odd_lengths_are_truncated_elements() {
        assert_eq!(
            NamedGroupList::decode(&[0, 3, 0, 0x1d, 0]),
            Err(DecodeError::Truncated)
        );
        assert_eq!(
            ProtocolVersionList::decode(&[3, 3, 4, 3]),
            Err(DecodeError::Truncated)
        );
    }

    #[test]
    fn modes_and_formats_round_trip() {
        let modes = PskKeyExchangeModes::decode(&[1, 1]).unwrap();
        assert_eq!(modes.0, [PskKeyExchangeMode::PSK_DHE_KE]);
        let formats = ECPointFormatList(vec![ECPointFormat::UNCOMPRESSED]);
        assert_eq!(formats.to_bytes().unwrap(), [1, 0]);
        let versions = ProtocolVersionList::decode(&[4, 3, 4, 3, 3]).unwrap();
        assert_eq!(
            versions.0,
            [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2]
        );
    }
}
