//! HelloRetryRequest (RFC 8446 §4.1.4) and the second ClientHello that answers it (§4.1.2).

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::NamedGroup;
use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use super::client_hello::{self, illegal, HelloInProgress, Negotiated, ServerAuth, WhichHello};
use super::psk;
use super::state::State;
use crate::config::ServerConfig;
use crate::conn::{HandshakeOutput, NegotiatedValue};
use crate::error::Error;
use crate::msgs::enums::{CompressionMethod, ExtensionType};
use crate::msgs::extensions::{ClientExtension, Cookie, ExtensionCodec, HelloRetryExtension};
use crate::msgs::handshake::{ClientHello, HandshakeMessage, HelloRetryRequest};
use crate::suites::SupportedCipherSuite;
use crate::tls13::encode;
use crate::transcript::Transcript;

/// After a HelloRetryRequest: what the second ClientHello must agree with.
#[derive(Debug)]
pub(crate) struct ExpectSecondClientHello {
    ch1: ClientHello,
    suite: &'static SupportedCipherSuite,
    group: NamedGroup,
    /// The cookie we sent (empty: none), to be echoed (RFC 8446 §4.2.2).
    cookie: Vec<u8>,
    /// `message_hash(ClientHello1) || HelloRetryRequest` (RFC 8446 §4.4.1).
    transcript: Transcript,
    /// The certificate chosen for the first ClientHello: the second repeats the extensions it
    /// was chosen on (§4.1.2), so it is not asked for again. `None` when the first offered a
    /// PSK: then it is chosen only if the second's PSK is declined.
    auth: Option<ServerAuth>,
}

/// Send a HelloRetryRequest for `group` (RFC 8446 §4.1.4). Its extensions are in the order of
/// RFC 8448 §5: key_share, cookie, supported_versions.
pub(super) fn send(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    ch1: ClientHello,
    negotiated: &Negotiated,
    group: NamedGroup,
    mut transcript: Transcript,
) -> Result<State, Error> {
    let mut cookie = vec![0u8; config.hrr_cookie_len];
    common.fill_random(&mut cookie)?;
    let mut extensions = vec![HelloRetryExtension::KeyShare(group)];
    if !cookie.is_empty() {
        extensions.push(HelloRetryExtension::Cookie(Cookie(cookie.clone())));
    }
    extensions.push(HelloRetryExtension::SupportedVersions(
        ProtocolVersion::TLS1_3,
    ));
    let hrr = encode(&HandshakeMessage::HelloRetryRequest(HelloRetryRequest {
        legacy_version: ProtocolVersion::TLS1_2,
        session_id: ch1.session_id.clone(),
        cipher_suite: negotiated.suite.suite,
        compression_method: CompressionMethod::NULL,
        extensions,
    }))?;
    transcript.roll_up_for_retry();
    transcript.add(&hrr);
    common.send_handshake(&hrr)?;
    // RFC 8446 §D.4: the compatibility change_cipher_spec follows our first handshake message,
    // which this is; the ServerHello will not repeat it.
    if !ch1.session_id.is_empty() {
        common.send_change_cipher_spec()?;
    }
    common.record(NegotiatedValue::HelloRetry);
    Ok(State::ExpectSecondClientHello(Box::new(
        ExpectSecondClientHello {
            suite: negotiated.suite,
            group,
            cookie,
            transcript,
            auth: negotiated.auth.clone(),
            ch1,
        },
    )))
}

impl ExpectSecondClientHello {
    /// The second ClientHello: the same as the first but for what §4.1.2 lets change, with a
    /// share for the group we asked for. No second HelloRetryRequest is ever sent.
    pub(super) fn handle(
        self,
        config: &Arc<ServerConfig>,
        common: &mut dyn HandshakeOutput,
        ch2: ClientHello,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<State, Error> {
        check_same_hello(&self.ch1, &ch2)?;
        // RFC 8446 §4.2.2: the cookie must come back unchanged. It is not secret (it travelled
        // in clear), so a plain comparison is fine.
        let echoed = ch2.cookie().map(|c| c.0.as_slice()).unwrap_or(&[]);
        if echoed != self.cookie.as_slice() {
            return Err(illegal(
                "second ClientHello does not echo the cookie (RFC 8446 §4.2.2)",
            ));
        }
        if ch2.early_data_offered() {
            return Err(illegal(
                "early_data in the second ClientHello (RFC 8446 §4.2.10)",
            ));
        }
        let offer = psk::Offer::from_hello(config, &ch2)?;
        let mut negotiated = client_hello::negotiate(config, common.provider(), &ch2)?;
        negotiated.auth = self.auth;
        // RFC 8446 §4.1.4: the suite of the HelloRetryRequest is the one negotiated.
        if negotiated.suite != self.suite {
            return Err(Error::internal("suite changed across HelloRetryRequest"));
        }
        // RFC 8446 §4.1.2: the new key_share must hold a share for the indicated group.
        if !client_hello::key_shares(&ch2)?
            .iter()
            .any(|s| s.group == self.group)
        {
            return Err(illegal(
                "second ClientHello has no share for the group asked for (RFC 8446 §4.1.2)",
            ));
        }
        // The PSK is judged on this ClientHello: its binders cover the transcript through the
        // HelloRetryRequest and the truncated ClientHello2 (RFC 8446 §4.2.11.2).
        let offered = offer.is_some();
        let hello = HelloInProgress {
            ch: ch2,
            negotiated,
            before: self.transcript,
            which: WhichHello::Second { group: self.group },
        };
        client_hello::start_psk(config, common, hello, encoded, offered, now)
    }
}

/// RFC 8446 §4.1.2: after a HelloRetryRequest the client "MUST send the same ClientHello
/// without modification, except" key_share, early_data (removed), cookie, pre_shared_key
/// (updated) and padding. Anything else that differs is illegal_parameter.
fn check_same_hello(ch1: &ClientHello, ch2: &ClientHello) -> Result<(), Error> {
    let is_fixed = |e: &&ClientExtension| {
        !matches!(
            e.ext_type(),
            ExtensionType::KEY_SHARE
                | ExtensionType::EARLY_DATA
                | ExtensionType::COOKIE
                | ExtensionType::PRE_SHARED_KEY
                | ExtensionType::PADDING
        )
    };
    let fixed1: Vec<&ClientExtension> = ch1.extensions.iter().filter(is_fixed).collect();
    let fixed2: Vec<&ClientExtension> = ch2.extensions.iter().filter(is_fixed).collect();
    let same = ch1.legacy_version == ch2.legacy_version
        && ch1.random == ch2.random
        && ch1.session_id == ch2.session_id
        && ch1.cipher_suites == ch2.cipher_suites
        && ch1.compression_methods == ch2.compression_methods
        && fixed1 == fixed2;
    if same {
        Ok(())
    } else {
        Err(illegal(
            "second ClientHello changed more than RFC 8446 §4.1.2 allows",
        ))
    }
}
