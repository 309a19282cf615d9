//! The extensions a ClientHello may carry (RFC 8446 §4.2 table, plus the TLS 1.2 ones).

use ferrotls_record::ProtocolVersion;

use super::set::extension_set;
use super::{
    CertificateStatusRequest, Cookie, ECPointFormatList, ExtensionCodec, KeyShareClientHello,
    NamedGroupList, OfferedPsks, Padding, ProtocolNameList, ProtocolVersionList,
    PskKeyExchangeModes, RecordSizeLimit, RenegotiationInfo, ServerNameList, SessionTicket,
    SignatureSchemeList, TicketRequest,
};
use crate::msgs::enums::{ExtensionType, MaxFragmentLength};
use crate::msgs::error::DecodeError;

extension_set! {
    /// One ClientHello extension.
    ClientExtension where block = check_psk_last; {
        /// server_name (RFC 6066 §3).
        ServerName(ServerNameList) = SERVER_NAME,
        /// max_fragment_length (RFC 6066 §4).
        MaxFragmentLength(MaxFragmentLength) = MAX_FRAGMENT_LENGTH,
        /// status_request (RFC 6066 §8).
        StatusRequest(CertificateStatusRequest) = STATUS_REQUEST,
        /// supported_groups (RFC 8446 §4.2.7).
        SupportedGroups(NamedGroupList) = SUPPORTED_GROUPS,
        /// ec_point_formats (RFC 8422 §5.1.2).
        EcPointFormats(ECPointFormatList) = EC_POINT_FORMATS,
        /// signature_algorithms (RFC 8446 §4.2.3).
        SignatureAlgorithms(SignatureSchemeList) = SIGNATURE_ALGORITHMS,
        /// application_layer_protocol_negotiation (RFC 7301 §3.1).
        Alpn(ProtocolNameList) = APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
        /// padding (RFC 7685).
        Padding(Padding) = PADDING,
        /// extended_master_secret (RFC 7627 §5.1), empty.
        ExtendedMasterSecret = EXTENDED_MASTER_SECRET,
        /// record_size_limit (RFC 8449 §4).
        RecordSizeLimit(RecordSizeLimit) = RECORD_SIZE_LIMIT,
        /// session_ticket (RFC 5077 §3.2).
        SessionTicket(SessionTicket) = SESSION_TICKET,
        /// pre_shared_key (RFC 8446 §4.2.11); must be last.
        PreSharedKey(OfferedPsks) = PRE_SHARED_KEY,
        /// early_data (RFC 8446 §4.2.10), empty.
        EarlyData = EARLY_DATA,
        /// supported_versions (RFC 8446 §4.2.1).
        SupportedVersions(ProtocolVersionList) = SUPPORTED_VERSIONS,
        /// cookie (RFC 8446 §4.2.2).
        Cookie(Cookie) = COOKIE,
        /// psk_key_exchange_modes (RFC 8446 §4.2.9).
        PskKeyExchangeModes(PskKeyExchangeModes) = PSK_KEY_EXCHANGE_MODES,
        /// post_handshake_auth (RFC 8446 §4.2.6), empty.
        PostHandshakeAuth = POST_HANDSHAKE_AUTH,
        /// signature_algorithms_cert (RFC 8446 §4.2.3).
        SignatureAlgorithmsCert(SignatureSchemeList) = SIGNATURE_ALGORITHMS_CERT,
        /// key_share (RFC 8446 §4.2.8).
        KeyShare(KeyShareClientHello) = KEY_SHARE,
        /// renegotiation_info (RFC 5746 §3.2).
        RenegotiationInfo(RenegotiationInfo) = RENEGOTIATION_INFO,
        /// ticket_request (RFC 9149 §3).
        TicketRequest(TicketRequest) = TICKET_REQUEST,
    }
}

/// "The pre_shared_key extension MUST be the last extension in the ClientHello [...] Servers
/// MUST check that it is the last extension and otherwise fail the handshake with an
/// illegal_parameter alert" (RFC 8446 §4.2.11).
fn check_psk_last(extensions: &[ClientExtension]) -> Result<(), DecodeError> {
    let last = extensions.len().saturating_sub(1);
    match extensions
        .iter()
        .position(|e| e.ext_type() == ExtensionType::PRE_SHARED_KEY)
    {
        Some(i) if i != last => Err(DecodeError::PreSharedKeyNotLast),
        _ => Ok(()),
    }
}

impl ClientExtension {
    /// supported_versions for a TLS 1.3 ClientHello offering only 1.3.
    pub fn tls13_only() -> Self {
        Self::SupportedVersions(ProtocolVersionList(alloc::vec![ProtocolVersion::TLS1_3]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::codec::Bounds;
    use crate::msgs::extensions::{decode_extensions, put_extensions, UnknownExtension};
    use alloc::vec;
    use alloc::vec::Vec;

    const BLOCK: Bounds = Bounds::u16(0, 0xffff);

    fn encode(exts: &[ClientExtension]) -> Vec<u8> {
        let mut out = Vec::new();
        put_extensions(&mut out, BLOCK, exts).unwrap();
        out
    }

    #[test]
    fn every_variant_round_trips_in_order() {
        let exts = vec![
            ClientExtension::Unknown(UnknownExtension {
                typ: ExtensionType(0x0a0a),
                data: vec![],
            }),
            ClientExtension::ServerName(ServerNameList::host_name(b"example.com")),
            ClientExtension::MaxFragmentLength(MaxFragmentLength::LEN_2_12),
            ClientExtension::StatusRequest(CertificateStatusRequest::Ocsp {
                responder_ids: vec![],
                request_extensions: vec![],
            }),
            ClientExtension::ExtendedMasterSecret,
            ClientExtension::RecordSizeLimit(RecordSizeLimit(16385)),
            ClientExtension::SessionTicket(SessionTicket(vec![])),
            ClientExtension::EarlyData,
            ClientExtension::tls13_only(),
            ClientExtension::Cookie(Cookie(vec![1, 2])),
            ClientExtension::PostHandshakeAuth,
            ClientExtension::RenegotiationInfo(RenegotiationInfo::default()),
            ClientExtension::Padding(Padding(4)),
        ];
        let bytes = encode(&exts);
        assert_eq!(
            decode_extensions::<ClientExtension>(&bytes, BLOCK),
            Ok(exts)
        );
    }

    #[test]
    fn duplicates_are_illegal_parameter() {
        let exts = [
            ClientExtension::EarlyData,
            ClientExtension::ExtendedMasterSecret,
            ClientExtension::EarlyData,
        ];
        let bytes = encode(&exts);
        let err = decode_extensions::<ClientExtension>(&bytes, BLOCK).unwrap_err();
        assert_eq!(
            err,
            DecodeError::DuplicateExtension(ExtensionType::EARLY_DATA)
        );
        // Unknown types count too.
        let unknown = ClientExtension::Unknown(UnknownExtension {
            typ: ExtensionType(0xaaaa),
            data: vec![],
        });
        let bytes = encode(&[unknown.clone(), unknown]);
        assert!(matches!(
            decode_extensions::<ClientExtension>(&bytes, BLOCK),
            Err(DecodeError::DuplicateExtension(ExtensionType(0xaaaa)))
        ));
    }

    #[test]
    fn pre_shared_key_must_be_last() {
        use crate::msgs::extensions::{PskBinder, PskIdentity};
        let psk = ClientExtension::PreSharedKey(OfferedPsks {
            identities: vec![PskIdentity {
                identity: vec![1],
                obfuscated_ticket_age: 0,
            }],
            binders: vec![PskBinder(vec![0; 32])],
        });
        let good = encode(&[ClientExtension::EarlyData, psk.clone()]);
        assert!(decode_extensions::<ClientExtension>(&good, BLOCK).is_ok());
        let bad = encode(&[psk, ClientExtension::EarlyData]);
        assert_eq!(
            decode_extensions::<ClientExtension>(&bad, BLOCK),
            Err(DecodeError::PreSharedKeyNotLast)
        );
    }

    #[test]
    fn empty_extensions_refuse_a_body() {
        let bytes = [0, 5, 0, 23, 0, 1, 0];
        assert_eq!(
            decode_extensions::<ClientExtension>(&bytes, BLOCK),
            Err(DecodeError::TrailingBytes)
        );
    }

    #[test]
    fn framing_errors() {
        // Extension data longer than the block, a block shorter than its entries.
        assert_eq!(
            decode_extensions::<ClientExtension>(&[0, 4, 0, 23, 0, 1], BLOCK),
            Err(DecodeError::Truncated)
        );
        assert_eq!(
            decode_extensions::<ClientExtension>(&[0, 3, 0, 23, 0], BLOCK),
            Err(DecodeError::Truncated)
        );
        assert_eq!(
            decode_extensions::<ClientExtension>(&[0, 0, 0], BLOCK),
            Err(DecodeError::TrailingBytes)
        );
        // A body that parses but leaves bytes behind inside the extension.
        let cookie_with_tail = [0, 7, 0, 44, 0, 3, 0, 0, 9];
        assert_eq!(
            decode_extensions::<ClientExtension>(&cookie_with_tail, BLOCK),
            Err(DecodeError::LengthOutOfRange)
        );
        let cookie_with_tail = [0, 8, 0, 44, 0, 4, 0, 1, 9, 9];
        assert_eq!(
            decode_extensions::<ClientExtension>(&cookie_with_tail, BLOCK),
            Err(DecodeError::TrailingBytes)
        );
    }
}
