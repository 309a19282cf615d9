//! What a paused handshake waits for.

use alloc::string::String;
use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;
use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use super::answer::Answer;

/// A question the handshake cannot answer itself: it pauses until
/// [`Connection::answer`](crate::Connection::answer) brings the answer (or the config's
/// synchronous object gives it at once, see [`super::instant`]). Each variant names the
/// [`Answer`] it takes.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// TLS 1.2 server: the state stored under this session ID, left in place (a TLS 1.2 session
    /// may be resumed many times, RFC 5246 §7.4.1.2). [`Answer::Session`].
    LookupSession {
        /// The session ID the client offered (1 to 32 bytes).
        id: Vec<u8>,
    },
    /// TLS 1.3 server: the state of this stateful ticket, removed from the store: a ticket is
    /// used once (RFC 9846 §8.1; also what gives psk_ke resumption forward secrecy).
    /// [`Answer::Session`].
    TakeSession {
        /// The ticket's identity as the client sent it (the key it was stored under).
        id: Vec<u8>,
    },
    /// TLS 1.3 server: the 0-RTT anti-replay check (RFC 9846 §8): record `key` (a verified PSK
    /// binder, §8.2) as used until `valid_until` (the ticket's expiry plus the freshness
    /// window), and say whether it was fresh.
    /// [`Answer::Replay`].
    CheckReplay {
        /// What identifies this 0-RTT attempt: its verified PSK binder.
        key: Vec<u8>,
        /// Until when the record must be kept: after it the ticket has expired, so a replay is
        /// refused without the record.
        valid_until: UnixTime,
    },
    /// Server: the certificate chain and key for this ClientHello. [`Answer::Certificate`].
    ChooseCertificate(CertificateQuery),
    /// Client: the certificate to answer a CertificateRequest with. [`Answer::Certificate`]
    /// (`None`: an empty Certificate, RFC 9846 §4.5.1).
    ChooseClientCertificate(ClientCertificateQuery),
    /// Either side: sign `message`, the exact bytes to be signed (the TLS 1.3 CertificateVerify
    /// content of RFC 9846 §4.5.2; the TLS 1.2 ServerKeyExchange params of RFC 5246 §7.4.3, or
    /// the handshake messages a TLS 1.2 client's CertificateVerify covers, §7.4.8), with
    /// `scheme`, using the key of the chosen certificate. [`Answer::Signature`].
    Sign {
        /// The scheme to sign with (one the chosen key supports and the peer accepts).
        scheme: SignatureScheme,
        /// The exact bytes to sign (not a digest).
        message: Vec<u8>,
    },
}

/// What a server knows of the client when it chooses a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateQuery {
    /// The SNI host name (lower case), if the client sent one (RFC 6066 §3).
    pub server_name: Option<String>,
    /// The client's signature_algorithms (RFC 9846 §4.3.3).
    pub schemes: Vec<SignatureScheme>,
    /// The client's ALPN protocols, in its order (RFC 7301); empty if none.
    pub alpn: Vec<Vec<u8>>,
    /// The negotiated version.
    pub version: ProtocolVersion,
}

/// What a client knows of the server's CertificateRequest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientCertificateQuery {
    /// The signature schemes the server accepts (RFC 9846 §4.4.2; RFC 5246 §7.4.4).
    pub schemes: Vec<SignatureScheme>,
    /// The DER distinguished names of the CAs the server accepts (certificate_authorities);
    /// empty if it named none.
    pub authorities: Vec<Vec<u8>>,
    /// The negotiated version.
    pub version: ProtocolVersion,
}

impl Request {
    /// Whether `answer` is of the kind this request takes.
    pub fn accepts(&self, answer: &Answer) -> bool {
        matches!(
            (self, answer),
            (
                Self::LookupSession { .. } | Self::TakeSession { .. },
                Answer::Session(_)
            ) | (Self::CheckReplay { .. }, Answer::Replay(_))
                | (
                    Self::ChooseCertificate(_) | Self::ChooseClientCertificate(_),
                    Answer::Certificate(_)
                )
                | (Self::Sign { .. }, Answer::Signature(_))
        )
    }

    /// The name of the answer this request takes (for [`ApiError::WrongAnswer`](crate::ApiError::WrongAnswer)).
    pub fn expected(&self) -> &'static str {
        match self {
            Self::LookupSession { .. } | Self::TakeSession { .. } => "Answer::Session",
            Self::CheckReplay { .. } => "Answer::Replay",
            Self::ChooseCertificate(_) | Self::ChooseClientCertificate(_) => "Answer::Certificate",
            Self::Sign { .. } => "Answer::Signature",
        }
    }
}
