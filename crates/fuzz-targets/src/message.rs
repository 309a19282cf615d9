//! The `message` target: the whole input goes through every decoder of `ferrotls_core::msgs`.
//!
//! - `HandshakeMessage::decode` and `decode_all` under TLS 1.2 and TLS 1.3;
//! - each message body type on its own (its `Codec`), and the header-less forms;
//! - every extension-list context (`decode_extensions` with the two-byte block prefix), and
//!   every extension body type;
//! - `Alert` and `ChangeCipherSpec`.
//!
//! Rule checked for each success (the codec's documented contract): encoding the value succeeds,
//! gives back exactly the input bytes, and decodes to the same value.

use core::fmt::Debug;

use ferrotls_core::msgs::codec::Bounds;
use ferrotls_core::msgs::extensions::{
    decode_extensions, put_extensions, CertificateExtension, CertificateRequestExtension,
    CertificateStatus, CertificateStatusRequest, ClientExtension, Cookie, ECPointFormatList,
    EncryptedExtension, ExtensionCodec, HelloRetryExtension, KeyShareClientHello, KeyShareEntry,
    MaxEarlyDataSize, NamedGroupList, NewSessionTicketExtension, OfferedPsks, Padding,
    ProtocolName, ProtocolNameList, ProtocolVersionList, PskBinder, PskIdentity,
    PskKeyExchangeModes, RecordSizeLimit, RenegotiationInfo, ResponderId, SelectedProtocol,
    ServerExtension, ServerName, ServerNameList, SessionTicket, SignatureSchemeList,
};
use ferrotls_core::msgs::handshake::{
    CertificateDer, CertificateEntry, CertificateRequestTls12, CertificateRequestTls13,
    CertificateTls12, CertificateTls13, CertificateVerify, ClientHello, ClientKeyExchange,
    EcdheParams, EncryptedExtensions, EndOfEarlyData, Finished, HelloRequest, HelloRetryRequest,
    KeyUpdate, MessageHash, NewSessionTicketTls12, NewSessionTicketTls13, ServerHello,
    ServerHelloDone, ServerKeyExchange,
};
use ferrotls_core::msgs::{Alert, ChangeCipherSpec, Codec, HandshakeMessage, Version};

/// The block bounds used for the extension contexts: any two-byte-prefixed list.
const ANY_BLOCK: Bounds = Bounds::u16(0, 0xffff);

pub(crate) fn run(data: &[u8]) {
    for version in [Version::Tls12, Version::Tls13] {
        handshake_message(data, version);
        if let Ok(all) = HandshakeMessage::decode_all(data, version) {
            let mut again = Vec::new();
            for m in &all {
                m.encode(&mut again)
                    .unwrap_or_else(|e| panic!("decoded {m:?} does not encode: {e:?}"));
            }
            if !all.iter().any(drops_empty_extensions) {
                assert_eq!(
                    again, data,
                    "decode_all → encode changed the bytes ({version:?})"
                );
            }
        }
    }

    // The message bodies, without the handshake header.
    codec::<ClientHello>(data);
    codec::<ServerHello>(data);
    codec::<HelloRetryRequest>(data);
    codec::<NewSessionTicketTls12>(data);
    codec::<NewSessionTicketTls13>(data);
    codec::<EncryptedExtensions>(data);
    codec::<CertificateTls12>(data);
    codec::<CertificateTls13>(data);
    codec::<CertificateEntry>(data);
    codec::<CertificateDer>(data);
    codec::<ServerKeyExchange>(data);
    codec::<EcdheParams>(data);
    codec::<CertificateRequestTls12>(data);
    codec::<CertificateRequestTls13>(data);
    codec::<CertificateVerify>(data);
    codec::<ClientKeyExchange>(data);
    codec::<Finished>(data);
    codec::<KeyUpdate>(data);
    codec::<MessageHash>(data);
    codec::<HelloRequest>(data);
    codec::<ServerHelloDone>(data);
    codec::<EndOfEarlyData>(data);
    codec::<Alert>(data);
    codec::<ChangeCipherSpec>(data);

    // Extension blocks of every context.
    extensions::<ClientExtension>(data);
    extensions::<ServerExtension>(data);
    extensions::<HelloRetryExtension>(data);
    extensions::<EncryptedExtension>(data);
    extensions::<CertificateExtension>(data);
    extensions::<CertificateRequestExtension>(data);
    extensions::<NewSessionTicketExtension>(data);

    // Extension bodies.
    codec::<ServerName>(data);
    codec::<ServerNameList>(data);
    codec::<RenegotiationInfo>(data);
    codec::<SessionTicket>(data);
    codec::<ProtocolName>(data);
    codec::<ProtocolNameList>(data);
    codec::<SelectedProtocol>(data);
    codec::<PskIdentity>(data);
    codec::<PskBinder>(data);
    codec::<OfferedPsks>(data);
    codec::<ResponderId>(data);
    codec::<CertificateStatusRequest>(data);
    codec::<CertificateStatus>(data);
    codec::<Cookie>(data);
    codec::<RecordSizeLimit>(data);
    codec::<MaxEarlyDataSize>(data);
    codec::<Padding>(data);
    codec::<KeyShareEntry>(data);
    codec::<KeyShareClientHello>(data);
    codec::<ECPointFormatList>(data);
    codec::<NamedGroupList>(data);
    codec::<ProtocolVersionList>(data);
    codec::<PskKeyExchangeModes>(data);
    codec::<SignatureSchemeList>(data);
}

fn handshake_message(data: &[u8], version: Version) {
    let Ok(m) = HandshakeMessage::decode(data, version) else {
        return;
    };
    let bytes = m
        .to_bytes()
        .unwrap_or_else(|e| panic!("decoded {m:?} does not encode: {e:?}"));
    if !drops_empty_extensions(&m) {
        assert_eq!(
            bytes, data,
            "decode → encode changed the bytes of {m:?} ({version:?})"
        );
    }
    let again = HandshakeMessage::decode(&bytes, version);
    assert_eq!(
        again.as_ref(),
        Ok(&m),
        "re-decoding gave another value ({version:?})"
    );
    if let HandshakeMessage::ClientHello(ch) = &m {
        // The binder transcript input is the message up to the binders (RFC 8446 §4.2.11.2).
        let partial = ch
            .encode_partial()
            .unwrap_or_else(|e| panic!("decoded ClientHello has no partial form: {e:?}"));
        assert!(
            bytes.starts_with(&partial),
            "partial ClientHello is not a prefix"
        );
        let binders = ch.binders_len().unwrap_or(0);
        assert_eq!(
            partial.len() + binders,
            bytes.len(),
            "partial + binders != whole"
        );
    }
}

/// Documented exception to byte-identical re-encoding: ClientHello and ServerHello encode an
/// empty extension list as an absent one (RFC 5246 form), so a received empty block `00 00` is
/// not reproduced. (Reported to the codec's owner: the module docs promise byte identity.)
fn drops_empty_extensions(m: &HandshakeMessage) -> bool {
    match m {
        HandshakeMessage::ClientHello(ch) => ch.extensions.is_empty(),
        HandshakeMessage::ServerHello(sh) => sh.extensions.is_empty(),
        _ => false,
    }
}

fn codec<T: Codec + PartialEq + Debug>(data: &[u8]) {
    let Ok(value) = T::decode(data) else {
        return;
    };
    let name = core::any::type_name::<T>();
    let bytes = value
        .to_bytes()
        .unwrap_or_else(|e| panic!("decoded {name} {value:?} does not encode: {e:?}"));
    if bytes != data {
        // Documented exception: ClientHello and ServerHello encode an empty extension list as
        // an absent one (RFC 5246 form), so a received empty block `00 00` is not reproduced.
        let hello = name.ends_with("::ClientHello") || name.ends_with("::ServerHello");
        let empty_block_dropped = data.len() == bytes.len() + 2 && data.ends_with(&[0, 0]);
        assert!(
            hello && empty_block_dropped && data.starts_with(&bytes),
            "{name}: decode → encode changed the bytes\n  in:  {data:02x?}\n  out: {bytes:02x?}"
        );
    }
    assert_eq!(
        T::decode(&bytes).as_ref(),
        Ok(&value),
        "{name}: re-decoding gave another value"
    );
}

fn extensions<E: ExtensionCodec + PartialEq + Debug>(data: &[u8]) {
    let Ok(block) = decode_extensions::<E>(data, ANY_BLOCK) else {
        return;
    };
    let name = core::any::type_name::<E>();
    let mut bytes = Vec::new();
    put_extensions(&mut bytes, ANY_BLOCK, &block)
        .unwrap_or_else(|e| panic!("decoded {name} block {block:?} does not encode: {e:?}"));
    assert_eq!(bytes, data, "{name}: decode → encode changed the bytes");
    assert_eq!(
        decode_extensions::<E>(&bytes, ANY_BLOCK).as_ref(),
        Ok(&block),
        "{name}: re-decoding gave another value"
    );
}
