//! A TLS 1.2 ServerHello (RFC 5246 §7.4.1.3) and its extensions: the checks that pick the suite
//! and the session's properties.

use alloc::boxed::Box;

use ferrotls_record::{AlertDescription, ProtocolVersion};

use super::abbreviated;
use super::certificate::ExpectCertificate;
use super::transcript::HandshakeLog;
use super::{illegal, primitives, Negotiated, State};
use crate::client::hello::SentHello;
use crate::client::tls13::check_solicited;
use crate::client::ClientContext;
use crate::conn::{HandshakeOutput, NegotiatedValue};
use crate::error::Error;
use crate::msgs::enums::{CompressionMethod, ECPointFormat};
use crate::msgs::extensions::{ClientExtension, ServerExtension};
use crate::msgs::handshake::{ClientHello, ServerHello};
use crate::resumption::{ResumptionData, ResumptionKind};
use crate::suites::{self, SupportedCipherSuite};
use crate::transcript::TranscriptBuffer;

/// Enter the TLS 1.2 handshake with the ServerHello `sh` (already known to select TLS 1.2, see
/// [`crate::client::version`]). `transcript` holds our ClientHello.
pub(crate) fn start(
    cx: &mut ClientContext,
    common: &mut dyn HandshakeOutput,
    sent: SentHello,
    transcript: TranscriptBuffer,
    sh: &ServerHello,
    encoded: &[u8],
) -> Result<State, Error> {
    // RFC 5246 §7.1: a ChangeCipherSpec is only valid after the server's part of the key
    // exchange; one dropped earlier under TLS 1.3's middlebox rule was out of order after all.
    if cx.received_ccs {
        return Err(Error::unexpected(
            "change_cipher_spec before a TLS 1.2 ServerHello (RFC 5246 §7.1)",
        ));
    }
    let hello = sent.hello;
    let suite = check_fields(&hello, sh)?;
    let resumed = resumed_session(cx, &hello, sh)?;
    let flags = check_extensions(cx, common, &hello, sh)?;
    let prims = primitives(common, suite)?;
    // RFC 5246 §7.4.8: only a CertificateVerify signs the messages themselves; without a
    // certificate to offer (ours or the application's, `defer.certificate`) or in an abbreviated
    // handshake there is none.
    let may_sign =
        resumed.is_none() && (cx.config.client_auth.is_some() || cx.config.defer.certificate);
    let mut log = HandshakeLog::new(transcript.start(prims.hash), &sent.encoded, may_sign);
    log.add(encoded);
    common.record(NegotiatedValue::Version(ProtocolVersion::TLS1_2));
    common.record(NegotiatedValue::Suite(suite));
    common.record(NegotiatedValue::ExtendedMasterSecret(flags.ems));
    // check_extensions refused a server without renegotiation_info (RFC 5746 §3.4).
    common.record(NegotiatedValue::SafeRenegotiation(true));
    common.record(NegotiatedValue::SessionId(sh.session_id.clone()));
    let negotiated = Negotiated {
        hello,
        suite,
        server_random: sh.random,
        ems: flags.ems,
        ticket_expected: flags.ticket,
        log,
    };
    if let Some(session) = resumed {
        return abbreviated::start(common, negotiated, session);
    }
    // Whatever we offered, the server answered with a full handshake; it does not say why.
    if cx.offered.is_some() {
        cx.declined_by_server(common);
    }
    Ok(State::ExpectCertificate(Box::new(ExpectCertificate {
        negotiated,
    })))
}

/// The TLS 1.2 session this ServerHello resumes, if any. RFC 5246 §7.4.1.3: a server resumes by
/// echoing the session_id we sent; RFC 5077 §3.4 makes it the same for a ticket, where we sent
/// a random session_id so that the echo tells a resumption from a full handshake. Then the
/// session's parameters hold: the same suite (§7.4.1.3: "it must be resumed using the same
/// cipher suite it was originally negotiated with"), illegal_parameter otherwise, and the same
/// extended-master-secret state (RFC 7627 §5.3: the client "MUST abort the handshake" if the
/// ServerHello's differs from the original session's).
fn resumed_session(
    cx: &ClientContext,
    hello: &ClientHello,
    sh: &ServerHello,
) -> Result<Option<ResumptionData>, Error> {
    if hello.session_id.is_empty() || sh.session_id != hello.session_id {
        return Ok(None);
    }
    // Our session_id is TLS 1.3's compatibility-mode random value (RFC 8446 §D.4) unless we
    // offered a TLS 1.2 session: an echo then resumes something that never existed.
    let offered = cx.offered.as_ref().filter(|d| match d.kind() {
        ResumptionKind::Tls12SessionId => d.session_id() == hello.session_id.as_slice(),
        ResumptionKind::Tls12Ticket => true,
        ResumptionKind::Tls13Ticket => false,
    });
    let Some(offered) = offered else {
        return Err(illegal(
            "server resumes a session we did not offer (RFC 5246 §7.4.1.3, RFC 8446 §D.4)",
        ));
    };
    if sh.cipher_suite != offered.cipher_suite() {
        return Err(illegal(
            "server resumes our session with another cipher suite (RFC 5246 §7.4.1.3)",
        ));
    }
    let ems = sh
        .extensions
        .iter()
        .any(|e| matches!(e, ServerExtension::ExtendedMasterSecret));
    if ems != offered.extended_master_secret() {
        return Err(Error::protocol(
            AlertDescription::HANDSHAKE_FAILURE,
            "server resumes our session with another extended_master_secret state \
             (RFC 7627 §5.3)",
        ));
    }
    Ok(Some(offered.clone()))
}

/// The fixed fields: cipher_suite, compression_method (session_id: [`resumed_session`]).
fn check_fields(
    hello: &ClientHello,
    sh: &ServerHello,
) -> Result<&'static SupportedCipherSuite, Error> {
    // RFC 5246 §7.4.1.3: "cipher_suite: The single cipher suite selected by the server from the
    // list in ClientHello.cipher_suites." A TLS 1.3 suite cannot be used with TLS 1.2.
    let offered = hello.cipher_suites.contains(&sh.cipher_suite);
    let suite = suites::lookup(sh.cipher_suite)
        .filter(|s| offered && s.version == ProtocolVersion::TLS1_2)
        .ok_or(illegal(
            "server chose a cipher suite we did not offer for TLS 1.2 (RFC 5246 §7.4.1.3)",
        ))?;
    // "compression_method: The single compression algorithm selected by the server from the
    // list in ClientHello.compression_methods." We offer only null.
    if sh.compression_method != CompressionMethod::NULL {
        return Err(illegal(
            "server chose a compression method we did not offer (RFC 5246 §7.4.1.3)",
        ));
    }
    Ok(suite)
}

/// What the extensions settled.
struct Flags {
    ems: bool,
    ticket: bool,
}

fn check_extensions(
    cx: &ClientContext,
    common: &mut dyn HandshakeOutput,
    hello: &ClientHello,
    sh: &ServerHello,
) -> Result<Flags, Error> {
    // RFC 5246 §7.4.1.4: "If a client receives an extension type in ServerHello that it did not
    // request in the associated ClientHello, it MUST abort the handshake with an
    // unsupported_extension fatal alert." (Duplicates were refused by the codec.)
    check_solicited(hello, &sh.extensions, None)?;
    let mut flags = Flags {
        ems: false,
        ticket: false,
    };
    let mut renegotiation_info = false;
    for extension in &sh.extensions {
        match extension {
            // RFC 5746 §3.4: "The client MUST then verify that the length of the
            // "renegotiated_connection" field is zero, and if it is not, MUST abort the
            // handshake (by sending a fatal handshake_failure alert)."
            ServerExtension::RenegotiationInfo(info) if !info.0.is_empty() => {
                return Err(Error::protocol(
                    AlertDescription::HANDSHAKE_FAILURE,
                    "renegotiation_info not empty in an initial handshake (RFC 5746 §3.4)",
                ));
            }
            ServerExtension::RenegotiationInfo(_) => renegotiation_info = true,
            ServerExtension::ExtendedMasterSecret => flags.ems = true,
            ServerExtension::SessionTicket => flags.ticket = true,
            // RFC 8422 §5.2: the server's list "MUST contain the value 0 (uncompressed)"; we can
            // parse nothing else.
            ServerExtension::EcPointFormats(formats)
                if !formats.0.contains(&ECPointFormat::UNCOMPRESSED) =>
            {
                return Err(illegal(
                    "ec_point_formats without uncompressed (RFC 8422 §5.2)",
                ));
            }
            ServerExtension::Alpn(selected) => {
                // RFC 7301 §3.1: the server selects one of the protocols the client offered.
                let offered = hello
                    .alpn()
                    .is_some_and(|list| list.0.contains(&selected.0));
                if !offered {
                    return Err(illegal(
                        "server selected an ALPN protocol we did not offer (RFC 7301 §3.1)",
                    ));
                }
                common.record(NegotiatedValue::Alpn(Some(selected.0 .0.clone())));
            }
            ServerExtension::RecordSizeLimit(limit) => {
                // RFC 8449 §4: under TLS 1.2 the value bounds the plaintext of protected records
                // both ways; ours was advertised in the ClientHello.
                common.set_write_record_size_limit(limit.0)?;
                let ours = hello.extensions.iter().find_map(|e| match e {
                    ClientExtension::RecordSizeLimit(ours) => Some(ours.0),
                    _ => None,
                });
                if let Some(ours) = ours {
                    common.set_read_record_size_limit(ours)?;
                }
            }
            // RFC 8446 §4.2: an extension "which it recognizes and which is not specified for
            // the message in which it appears" is illegal_parameter; these exist only in
            // TLS 1.3 (supported_versions was handled by the version check).
            ServerExtension::KeyShare(_)
            | ServerExtension::PreSharedKey(_)
            | ServerExtension::SupportedVersions(_) => {
                return Err(illegal(
                    "TLS 1.3 extension in a TLS 1.2 ServerHello (RFC 8446 §4.2)",
                ));
            }
            // server_name is a bare acknowledgement (RFC 6066 §3); anything else was refused by
            // check_solicited, since we never ask for it.
            _ => {}
        }
    }
    // RFC 5746 §3.4: without the extension "the server does not support secure renegotiation
    // [...] some clients may want to terminate the handshake instead of continuing; see
    // Section 4.1". We do: such a server can be made to splice an attacker's session with ours
    // (RFC 5746 §1), and every maintained TLS 1.2 server sends it.
    if !renegotiation_info {
        return Err(Error::protocol(
            AlertDescription::HANDSHAKE_FAILURE,
            "server does not support secure renegotiation (RFC 5746 §3.4, §4.1)",
        ));
    }
    // RFC 7627 §5.2: "If a client receives a ServerHello without the extension, it SHOULD abort
    // the handshake if it does not wish to interoperate with legacy servers." ("abort the
    // handshake" is a fatal handshake_failure there.)
    if !flags.ems && cx.config.require_ems {
        return Err(Error::protocol(
            AlertDescription::HANDSHAKE_FAILURE,
            "server did not negotiate the extended master secret, which the config requires \
             (RFC 7627 §5.2)",
        ));
    }
    Ok(flags)
}
