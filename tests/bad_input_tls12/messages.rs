//! What the scripted peer sends, field by field: the suite and scheme code points, the TLS 1.2
//! ClientHello and ServerHello, Certificate, signatures, ECDH parameters and ClientKeyExchange.

use ferrotls_core::crypto::rustcrypto::default_provider;
use ferrotls_core::crypto::SignatureScheme;
use ferrotls_tests::certs;
use ferrotls_tests::code_points::{
    EXT_EC_POINT_FORMATS, EXT_EMS, EXT_RENEGOTIATION_INFO, EXT_SIGNATURE_ALGORITHMS,
    EXT_SUPPORTED_GROUPS, HS_CERTIFICATE, HS_CLIENT_HELLO, HS_CLIENT_KEY_EXCHANGE, HS_SERVER_HELLO,
    SECP256R1, X25519,
};
use ferrotls_tests::tls_bytes::{encode_extensions, message, u16_list, u16b, u24b};

pub(crate) const ECDHE_ECDSA_AES128_GCM_SHA256: u16 = 0xc02b;
pub(crate) const RSA_AES128_GCM_SHA256: u16 = 0x009c;
pub(crate) const TLS13_AES128_GCM_SHA256: u16 = 0x1301;
pub(crate) const FALLBACK_SCSV: u16 = 0x5600;

pub(crate) const ECDSA_P256_SHA256: u16 = 0x0403;
pub(crate) const ECDSA_SHA1: u16 = 0x0203;
pub(crate) const RSA_PKCS1_SHA256: u16 = 0x0401;
pub(crate) const RSA_PSS_RSAE_SHA256: u16 = 0x0804;
pub(crate) const ED25519: u16 = 0x0807;

/// RFC 8446 §4.1.3: the last 8 bytes of a TLS 1.3 server's random when it negotiates TLS 1.2.
pub(crate) const DOWNGRADE_TLS12: [u8; 8] = [0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01];

pub(crate) fn set_ext(exts: &mut Vec<(u16, Vec<u8>)>, t: u16, body: Vec<u8>) {
    match exts.iter_mut().find(|(typ, _)| *typ == t) {
        Some(e) => e.1 = body,
        None => exts.push((t, body)),
    }
}

pub(crate) fn remove_ext(exts: &mut Vec<(u16, Vec<u8>)>, t: u16) {
    exts.retain(|(typ, _)| *typ != t);
}

/// A TLS 1.2 ClientHello, field by field.
#[derive(Clone, Debug)]
pub(crate) struct Ch {
    pub(crate) version: [u8; 2],
    pub(crate) random: [u8; 32],
    pub(crate) suites: Vec<u16>,
    pub(crate) compression: Vec<u8>,
    pub(crate) exts: Vec<(u16, Vec<u8>)>,
}

impl Default for Ch {
    /// What a TLS 1.2-only client would send: one ECDHE_ECDSA suite, X25519 and P-256,
    /// uncompressed points, ECDSA/RSA/EdDSA schemes, secure renegotiation and EMS.
    fn default() -> Self {
        Self {
            version: [3, 3],
            random: [0x11; 32],
            suites: vec![ECDHE_ECDSA_AES128_GCM_SHA256],
            compression: vec![0],
            exts: vec![
                (EXT_SUPPORTED_GROUPS, u16_list(&[X25519, SECP256R1])),
                (EXT_EC_POINT_FORMATS, vec![1, 0]),
                (
                    EXT_SIGNATURE_ALGORITHMS,
                    u16_list(&[
                        ECDSA_P256_SHA256,
                        RSA_PSS_RSAE_SHA256,
                        RSA_PKCS1_SHA256,
                        ED25519,
                    ]),
                ),
                (EXT_RENEGOTIATION_INFO, vec![0]),
                (EXT_EMS, Vec::new()),
            ],
        }
    }
}

impl Ch {
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut b = self.version.to_vec();
        b.extend_from_slice(&self.random);
        b.push(0);
        b.extend_from_slice(&u16_list(&self.suites));
        b.push(u8::try_from(self.compression.len()).expect("methods"));
        b.extend_from_slice(&self.compression);
        b.extend_from_slice(&encode_extensions(&self.exts));
        message(HS_CLIENT_HELLO, &b)
    }
}

/// A TLS 1.2 ServerHello, field by field.
#[derive(Clone, Debug)]
pub(crate) struct Sh {
    pub(crate) version: [u8; 2],
    pub(crate) random: [u8; 32],
    pub(crate) session_id: Vec<u8>,
    pub(crate) suite: u16,
    pub(crate) compression: u8,
    pub(crate) exts: Vec<(u16, Vec<u8>)>,
}

impl Default for Sh {
    fn default() -> Self {
        Self {
            version: [3, 3],
            random: [0x22; 32],
            // A fresh session id the client never offered.
            session_id: vec![7; 32],
            suite: ECDHE_ECDSA_AES128_GCM_SHA256,
            compression: 0,
            exts: vec![
                (EXT_RENEGOTIATION_INFO, vec![0]),
                (EXT_EMS, Vec::new()),
                (EXT_EC_POINT_FORMATS, vec![1, 0]),
            ],
        }
    }
}

impl Sh {
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut b = self.version.to_vec();
        b.extend_from_slice(&self.random);
        b.push(u8::try_from(self.session_id.len()).expect("sid"));
        b.extend_from_slice(&self.session_id);
        b.extend_from_slice(&self.suite.to_be_bytes());
        b.push(self.compression);
        b.extend_from_slice(&encode_extensions(&self.exts));
        message(HS_SERVER_HELLO, &b)
    }
}

/// A Certificate message carrying the first certificate of each PEM file.
pub(crate) fn certificate(pems: &[&str]) -> Vec<u8> {
    let mut list = Vec::new();
    for pem in pems {
        let cert = certs::certs(pem).remove(0);
        list.extend_from_slice(&u24b(cert.as_ref().len()));
        list.extend_from_slice(cert.as_ref());
    }
    let mut body = u24b(list.len()).to_vec();
    body.extend_from_slice(&list);
    message(HS_CERTIFICATE, &body)
}

pub(crate) fn sign(key_file: &str, scheme: u16, message: &[u8]) -> Vec<u8> {
    certs::key(key_file)
        .sign(
            SignatureScheme(scheme),
            message,
            default_provider().random.as_ref(),
        )
        .expect("sign")
}

/// `SignatureAndHashAlgorithm` + `opaque signature<0..2^16-1>` (RFC 5246 §4.7).
pub(crate) fn digitally_signed(scheme: u16, signature: &[u8]) -> Vec<u8> {
    let mut out = scheme.to_be_bytes().to_vec();
    out.extend_from_slice(&u16b(signature.len()));
    out.extend_from_slice(signature);
    out
}

/// `ServerECDHParams` (RFC 8422 §5.4): curve type, named curve, point.
pub(crate) fn ecdh_params(curve_type: u8, group: u16, point: &[u8]) -> Vec<u8> {
    let mut p = vec![curve_type];
    p.extend_from_slice(&group.to_be_bytes());
    p.push(u8::try_from(point.len()).expect("point"));
    p.extend_from_slice(point);
    p
}

pub(crate) fn cke_message(point: &[u8]) -> Vec<u8> {
    let mut body = vec![u8::try_from(point.len()).expect("point")];
    body.extend_from_slice(point);
    message(HS_CLIENT_KEY_EXCHANGE, &body)
}
