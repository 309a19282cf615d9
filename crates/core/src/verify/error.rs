//! Why a peer's certificate or handshake signature was refused, and the alert each reason sends.

use core::fmt;

use ferrotls_record::AlertDescription;

/// A refused certificate chain or handshake signature.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertificateError {
    /// The peer sent no certificate where one was required.
    NoCertificate,
    /// The certificate could not be parsed.
    BadEncoding,
    /// The certificate's notAfter is before the `now` the connection was given.
    Expired,
    /// The certificate's notBefore is after the `now` the connection was given.
    NotValidYet,
    /// The certificate was revoked.
    Revoked,
    /// No path to a trust anchor.
    UnknownIssuer,
    /// The certificate does not name the server we connected to.
    NotValidForName,
    /// Key usage, basic constraints or EKU forbid this use.
    InappropriateUsage,
    /// The handshake signature (CertificateVerify, ServerKeyExchange) did not verify.
    BadSignature,
    /// The peer used a signature scheme we did not offer or cannot verify, or one its key cannot make.
    UnsupportedSignatureScheme,
    /// Anything else webpki refused, described.
    Other(&'static str),
}

impl CertificateError {
    /// The alert to send (RFC 8446 §6.2, RFC 5246 §7.2.2).
    pub fn alert(&self) -> AlertDescription {
        match self {
            Self::NoCertificate => AlertDescription::CERTIFICATE_REQUIRED,
            Self::BadEncoding => AlertDescription::BAD_CERTIFICATE,
            Self::Expired | Self::NotValidYet => AlertDescription::CERTIFICATE_EXPIRED,
            Self::Revoked => AlertDescription::CERTIFICATE_REVOKED,
            Self::UnknownIssuer => AlertDescription::UNKNOWN_CA,
            Self::NotValidForName | Self::InappropriateUsage | Self::Other(_) => {
                AlertDescription::BAD_CERTIFICATE
            }
            // A signature that fails over the handshake transcript is decrypt_error (RFC 8446 §6.2).
            Self::BadSignature => AlertDescription::DECRYPT_ERROR,
            Self::UnsupportedSignatureScheme => AlertDescription::ILLEGAL_PARAMETER,
        }
    }
}

impl From<webpki::Error> for CertificateError {
    fn from(e: webpki::Error) -> Self {
        use webpki::Error as W;
        match e {
            W::BadDer | W::BadDerTime | W::TrailingData(_) | W::MalformedExtensions => {
                Self::BadEncoding
            }
            W::CertExpired { .. } => Self::Expired,
            W::CertNotValidYet { .. } => Self::NotValidYet,
            W::CertRevoked => Self::Revoked,
            W::UnknownIssuer => Self::UnknownIssuer,
            W::CertNotValidForName(_) => Self::NotValidForName,
            W::CaUsedAsEndEntity
            | W::EndEntityUsedAsCa
            | W::RequiredEkuNotFoundContext(_)
            | W::PathLenConstraintViolated
            | W::NameConstraintViolation => Self::InappropriateUsage,
            W::InvalidSignatureForPublicKey => Self::BadSignature,
            W::UnsupportedSignatureAlgorithmContext(_)
            | W::UnsupportedSignatureAlgorithmForPublicKeyContext(_)
            | W::SignatureAlgorithmMismatch => Self::UnsupportedSignatureScheme,
            W::UnsupportedCertVersion => Self::Other("unsupported certificate version"),
            W::UnsupportedCriticalExtension => Self::Other("unsupported critical extension"),
            W::MaximumPathDepthExceeded
            | W::MaximumPathBuildCallsExceeded
            | W::MaximumSignatureChecksExceeded => Self::Other("path building limit exceeded"),
            _ => Self::Other("certificate rejected"),
        }
    }
}

impl fmt::Display for CertificateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoCertificate => f.write_str("no certificate"),
            Self::BadEncoding => f.write_str("malformed certificate"),
            Self::Expired => f.write_str("certificate expired"),
            Self::NotValidYet => f.write_str("certificate not valid yet"),
            Self::Revoked => f.write_str("certificate revoked"),
            Self::UnknownIssuer => f.write_str("certificate issuer unknown"),
            Self::NotValidForName => f.write_str("certificate not valid for the server name"),
            Self::InappropriateUsage => f.write_str("certificate not usable for this purpose"),
            Self::BadSignature => f.write_str("handshake signature did not verify"),
            Self::UnsupportedSignatureScheme => f.write_str("unsupported signature scheme"),
            Self::Other(why) => f.write_str(why),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for CertificateError {}
