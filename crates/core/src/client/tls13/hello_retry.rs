//! Answering a HelloRetryRequest (RFC 8446 §4.1.4) with a second ClientHello.

use alloc::boxed::Box;

use ferrotls_record::{AlertDescription, ProtocolVersion};

use super::extensions::check_solicited;
use super::psk;
use super::server_hello::{
    check_hello_fields, illegal, primitives, ExpectServerHello, ExpectServerHelloAfterRetry,
};
use super::State;
use crate::client::hello::{has_share_for, retry_client_hello};
use crate::client::ClientContext;
use crate::conn::{DirectionKeys, HandshakeOutput, Level, NegotiatedValue};
use crate::error::Error;
use crate::msgs::enums::ExtensionType;
use crate::msgs::handshake::HelloRetryRequest;
use crate::resumption::DeclineReason;
use crate::suites::SupportedCipherSuite;

pub(super) fn handle_hello_retry(
    cx: &mut ClientContext,
    common: &mut dyn HandshakeOutput,
    state: ExpectServerHello,
    hrr: &HelloRetryRequest,
    encoded: &[u8],
) -> Result<State, Error> {
    let hello = &state.sent.hello;
    // RFC 8446 §4.1.4: the HelloRetryRequest "MUST contain" supported_versions, and §4.2.1
    // refuses a version we did not offer.
    match hrr.selected_version() {
        Some(ProtocolVersion::TLS1_3) => {}
        Some(_) => {
            return Err(illegal(
                "HelloRetryRequest selects a version we did not offer (RFC 8446 §4.2.1)",
            ))
        }
        None => {
            return Err(Error::protocol(
                AlertDescription::MISSING_EXTENSION,
                "HelloRetryRequest without supported_versions (RFC 8446 §4.1.4)",
            ))
        }
    }
    // "A client which receives a HelloRetryRequest MUST check the legacy_version,
    // legacy_session_id_echo, cipher_suite, and legacy_compression_method as specified in
    // Section 4.1.3".
    let suite = check_hello_fields(
        hello,
        &hrr.session_id,
        hrr.cipher_suite,
        hrr.compression_method,
    )?;
    // The cookie is the one extension a server may send unasked (RFC 8446 §4.2).
    check_solicited(hello, &hrr.extensions, Some(ExtensionType::COOKIE))?;

    let group = hrr.selected_group();
    let cookie = hrr.cookie();
    // "Clients MUST abort the handshake with an "illegal_parameter" alert if the
    // HelloRetryRequest would not result in any change in the ClientHello."
    if group.is_none() && cookie.is_none() {
        return Err(illegal(
            "HelloRetryRequest asks for no change to the ClientHello (RFC 8446 §4.1.4)",
        ));
    }
    let new_share = match group {
        None => None,
        Some(group) => {
            // RFC 8446 §4.2.8: the selected group "MUST correspond to a group which was provided
            // in the "supported_groups" extension in the original ClientHello and [...] MUST NOT
            // correspond to a group which was provided in the "key_share" extension".
            let supported = hello.supported_groups().unwrap_or_default();
            if !supported.contains(&group) {
                return Err(illegal(
                    "HelloRetryRequest selects a group we do not support (RFC 8446 §4.2.8)",
                ));
            }
            if has_share_for(hello, group) {
                return Err(illegal(
                    "HelloRetryRequest selects a group we already sent a share for \
                     (RFC 8446 §4.2.8)",
                ));
            }
            // Only possible when the config lists groups the provider lacks.
            let kx = common.provider().kx_group(group).ok_or(Error::protocol(
                AlertDescription::HANDSHAKE_FAILURE,
                "HelloRetryRequest selects a group the crypto provider does not implement",
            ))?;
            Some(kx.start(common.provider().random.as_ref())?)
        }
    };

    // RFC 8446 §4.4.1: ClientHello1 becomes message_hash(ClientHello1), then the
    // HelloRetryRequest and ClientHello2 follow. The suite, and so the hash, is fixed now.
    let prims = primitives(common, suite)?;
    let mut transcript = state.transcript.start(prims.hash);
    transcript.roll_up_for_retry();
    transcript.add(encoded);

    // RFC 8446 §4.2.10: "Early data is not permitted after a HelloRetryRequest": what was sent
    // is lost, and the retried ClientHello goes out in the clear, not under the 0-RTT keys
    // (§5.1: handshake messages before the ServerHello are unprotected).
    if let Some(early) = cx.early_data.take() {
        early.reject(common, DeclineReason::HelloRetry);
        common.install_write_keys(Level::Initial, DirectionKeys::Plaintext)?;
    }
    // RFC 8446 §4.1.2: the PSK stays with a recomputed binder, unless its hash is not the
    // selected suite's: "the client SHOULD NOT offer any pre-shared keys associated with a hash
    // other than that of the selected cipher suite" (§4.1.4).
    let keep_psk = hello.psk().is_some() && psk_fits(cx, suite)?;
    let mut sent = retry_client_hello(state.sent, new_share, cookie, keep_psk)?;
    if keep_psk {
        // The Early Secret of the first binder: the same PSK under the same hash.
        psk::bind(&mut sent, Some(&transcript))?;
    }
    // RFC 8446 §D.4: in compatibility mode the dummy change_cipher_spec goes "immediately before
    // its second flight", here the second ClientHello.
    if cx.config.middlebox_compat && !cx.sent_ccs {
        common.send_change_cipher_spec()?;
        cx.sent_ccs = true;
    }
    common.send_handshake(&sent.encoded)?;
    transcript.add(&sent.encoded);
    common.record(NegotiatedValue::HelloRetry);
    Ok(State::ExpectServerHelloAfterRetry(Box::new(
        ExpectServerHelloAfterRetry {
            sent,
            transcript,
            suite,
            retry_group: group,
        },
    )))
}

/// Whether the offered ticket's hash is that of `suite`, the HelloRetryRequest's.
fn psk_fits(cx: &ClientContext, suite: &SupportedCipherSuite) -> Result<bool, Error> {
    match cx.offered.as_ref() {
        Some(data) => Ok(psk::ticket_suite(data)?.hash == suite.hash),
        None => Ok(false),
    }
}
