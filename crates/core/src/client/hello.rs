//! Building the ClientHello (RFC 8446 §4.1.2) and its retry after a HelloRetryRequest
//! (§4.1.4).
//!
//! The extensions always go out in one fixed order, [`EXTENSION_ORDER`]. It is the order NSS uses,
//! which is what RFC 8448's traces were made with, so a client configured like the trace's
//! reproduces its ClientHellos byte for byte.

use alloc::boxed::Box;
use alloc::vec::Vec;

use ferrotls_crypto::kx::ActiveKx;
use ferrotls_crypto::NamedGroup;
use ferrotls_record::ProtocolVersion;
use rustls_pki_types::ServerName;

use crate::config::ClientConfig;
use crate::error::Error;
use crate::key_schedule::EarlySecret;
use crate::msgs::enums::{CompressionMethod, ECPointFormat, ExtensionType, PskKeyExchangeMode};
use crate::msgs::extensions::{
    ClientExtension, Cookie, ECPointFormatList, ExtensionCodec, KeyShareClientHello, KeyShareEntry,
    NamedGroupList, Padding, ProtocolName, ProtocolNameList, ProtocolVersionList,
    PskKeyExchangeModes, RecordSizeLimit, RenegotiationInfo, ServerNameList, SessionTicket,
    SignatureSchemeList, TicketRequest,
};
use crate::msgs::handshake::ClientHello;
use crate::msgs::EncodeError;
use crate::resumption::{ResumptionData, ResumptionKind};

use super::tls13::psk;

/// The wire order of ClientHello extensions. pre_shared_key must be last (RFC 8446 §4.2.11);
/// padding goes just before it so that it can be sized once everything else is known.
const EXTENSION_ORDER: &[ExtensionType] = &[
    ExtensionType::SERVER_NAME,
    ExtensionType::EXTENDED_MASTER_SECRET,
    ExtensionType::RENEGOTIATION_INFO,
    ExtensionType::SUPPORTED_GROUPS,
    ExtensionType::EC_POINT_FORMATS,
    ExtensionType::SESSION_TICKET,
    ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
    ExtensionType::STATUS_REQUEST,
    ExtensionType::KEY_SHARE,
    ExtensionType::EARLY_DATA,
    ExtensionType::SUPPORTED_VERSIONS,
    ExtensionType::SIGNATURE_ALGORITHMS,
    ExtensionType::SIGNATURE_ALGORITHMS_CERT,
    ExtensionType::COOKIE,
    ExtensionType::PSK_KEY_EXCHANGE_MODES,
    ExtensionType::POST_HANDSHAKE_AUTH,
    ExtensionType::RECORD_SIZE_LIMIT,
    ExtensionType::TICKET_REQUEST,
    ExtensionType::PADDING,
    ExtensionType::PRE_SHARED_KEY,
];

/// A ClientHello whose encoded length falls in this range is padded up to
/// [`PAD_TARGET`] bytes: some middleboxes hang on ClientHellos of 256 to 511 bytes (RFC 7685 §1
/// describes the padding extension for exactly this), and NSS, BoringSSL and OpenSSL pad the
/// same way.
const PAD_RANGE: core::ops::Range<usize> = 256..512;
const PAD_TARGET: usize = 512;
/// Four bytes of extension header plus at least one byte of data: some servers choke on an empty
/// last extension.
const MIN_PADDING_EXTENSION: usize = 5;

/// The ClientHello we sent and the secrets behind its offers: the ephemeral keys of its key
/// shares and the Early Secret of its PSK.
pub(crate) struct SentHello {
    /// The message as sent: the record of everything we offered.
    pub(crate) hello: ClientHello,
    /// The encoded message (header included), for the transcript.
    pub(crate) encoded: Vec<u8>,
    /// One ephemeral key per key_share entry, in the same order.
    pub(crate) key_shares: Vec<Box<dyn ActiveKx>>,
    /// TLS 1.3, offering a ticket: the Early Secret of its PSK, extracted once for the binder
    /// ([`psk::bind`]) and kept for the 0-RTT keys and, if the server selects the PSK, to be
    /// consumed into the Handshake Secret (RFC 9846 §7.1). A retry keeps it: it depends on the
    /// PSK and its hash only.
    pub(crate) psk_early: Option<EarlySecret>,
}

impl core::fmt::Debug for SentHello {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SentHello")
            .field("hello", &self.hello)
            .field(
                "key_shares",
                &self
                    .key_shares
                    .iter()
                    .map(|k| k.group())
                    .collect::<Vec<_>>(),
            )
            .field("psk_early", &self.psk_early.is_some())
            .finish()
    }
}

/// The versions we offer, in the config's order: TLS 1.3 and TLS 1.2 when the config enables
/// them and lists at least one cipher suite for them (a version without a suite could never be
/// negotiated). Anything older is never offered (RFC 8996).
pub(crate) fn offered_versions(config: &ClientConfig) -> OfferedVersions {
    config
        .versions
        .iter()
        .copied()
        .filter(|v| *v == ProtocolVersion::TLS1_3 || *v == ProtocolVersion::TLS1_2)
        .filter(|v| config.suites_for(*v).next().is_some())
        .fold(OfferedVersions::default(), |mut offered, v| {
            if !offered.contains(&v) {
                offered.push(v);
            }
            offered
        })
}

/// The (at most two) versions a ClientHello offers, without a heap allocation: it is asked for
/// several times per handshake.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OfferedVersions {
    versions: [ProtocolVersion; 2],
    len: usize,
}

impl Default for OfferedVersions {
    fn default() -> Self {
        Self {
            versions: [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2],
            len: 0,
        }
    }
}

impl OfferedVersions {
    /// Only TLS 1.3 and 1.2 are ever pushed, each once, so the array has room.
    fn push(&mut self, version: ProtocolVersion) {
        if let Some(slot) = self.versions.get_mut(self.len) {
            *slot = version;
            self.len += 1;
        }
    }
}

impl core::ops::Deref for OfferedVersions {
    type Target = [ProtocolVersion];

    fn deref(&self) -> &[ProtocolVersion] {
        self.versions.get(..self.len).unwrap_or(&[])
    }
}

/// The host name to send in server_name: only DNS names (RFC 6066 §3: "Literal IPv4 and IPv6
/// addresses are not permitted in HostName"), without a trailing dot, lower-cased.
pub(crate) fn sni_host_name(server_name: &ServerName<'_>) -> Option<alloc::string::String> {
    match server_name {
        ServerName::DnsName(name) => {
            let name = name.as_ref();
            let name = name.strip_suffix('.').unwrap_or(name);
            (!name.is_empty()).then(|| name.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// The session a ClientHello offers (`ClientConnection::resume`), already checked against the
/// config: its version is offered and its suite usable.
pub(crate) struct Resuming<'a> {
    pub(crate) data: &'a ResumptionData,
    /// TLS 1.3: the PSK identity's obfuscated_ticket_age (RFC 8446 §4.2.11.1).
    pub(crate) obfuscated_ticket_age: u32,
    /// TLS 1.3: offer 0-RTT data with the ticket (RFC 8446 §4.2.10).
    pub(crate) early_data: bool,
}

/// Build and encode the first ClientHello. Random bytes are drawn in this order: the client
/// random (32 bytes); the legacy_session_id (32 bytes), in middlebox compatibility mode with
/// TLS 1.3 offered or when offering a TLS 1.2 ticket; then one private key per key share (TLS
/// 1.3 offered only, and none when resuming in psk_ke mode only), in the order of
/// `config.groups`. The PSK binder is computed last and draws nothing.
///
/// What goes in depends on the versions offered (RFC 8446 §4.1.2, §D; RFC 5246 §7.4.1.2):
/// legacy_version is always 0x0303; supported_versions, key_share and psk_key_exchange_modes
/// only with TLS 1.3; ec_point_formats and extended_master_secret only with TLS 1.2; the TLS 1.3
/// suites come before the TLS 1.2 ones. A session in `resuming` adds its session ID, its
/// RFC 5077 ticket, or its TLS 1.3 ticket as pre_shared_key (with early_data if asked).
pub(crate) fn first_client_hello(
    config: &ClientConfig,
    sni: Option<&str>,
    resuming: Option<&Resuming<'_>>,
) -> Result<SentHello, Error> {
    let versions = offered_versions(config);
    let tls13 = versions.contains(&ProtocolVersion::TLS1_3);
    let tls12 = versions.contains(&ProtocolVersion::TLS1_2);
    let kind = resuming.map(|r| r.data.kind());
    let psk = resuming.filter(|r| tls13 && r.data.kind() == ResumptionKind::Tls13Ticket);
    let rng = config.provider.random.as_ref();
    let resumed_id = resuming
        .filter(|r| r.data.kind() == ResumptionKind::Tls12SessionId)
        .map(|r| r.data.session_id());
    // RFC 5077 §3.4: with a ticket the client may send a fresh session ID, which the server
    // echoes when it accepts the ticket: that is how the client learns it did. RFC 8446 §D.4:
    // a non-empty legacy_session_id puts a TLS 1.3 client in compatibility mode.
    let fresh_id = resumed_id.is_none()
        && (kind == Some(ResumptionKind::Tls12Ticket) || (config.middlebox_compat && tls13));
    // The random and a fresh session ID are the first two draws, back to back: one trip to the
    // source (a system call for the OS's) gives both, the same bytes in the same order.
    let mut drawn = [0u8; 64];
    let drawn = &mut drawn[..if fresh_id { 64 } else { 32 }];
    rng.fill(drawn)?;
    let (random_bytes, id_bytes) = drawn.split_at(32);
    let mut random = [0u8; 32];
    random.copy_from_slice(random_bytes);
    let session_id = match resumed_id {
        // RFC 5246 §7.4.1.2: the ID of the session to resume. Non-empty, so it also serves as
        // the compatibility-mode session ID (RFC 8446 §D.4) if the server picks TLS 1.3.
        Some(id) => id.to_vec(),
        // Empty without a fresh ID: without a session, a TLS 1.2-only ClientHello sends none:
        // there it would ask to resume one (RFC 5246 §7.4.1.2).
        None => id_bytes.to_vec(),
    };

    // Key shares for the first key_share_count groups the provider implements (RFC 8446
    // §4.2.8: shares in the same order as supported_groups). Resuming with psk_ke as the only
    // mode needs none (§4.2.9); key_share still goes out, empty, as §9.2 pairs it with
    // supported_groups, and a server that declines the PSK asks for a share by
    // HelloRetryRequest.
    let psk_ke_only = psk.is_some() && !config.psk_modes.contains(&PskKeyExchangeMode::PSK_DHE_KE);
    let share_count = if tls13 && !psk_ke_only {
        config.key_share_count
    } else {
        0
    };
    let mut key_shares = Vec::with_capacity(share_count);
    for group in config
        .groups
        .iter()
        .filter_map(|g| config.provider.kx_group(*g))
        .take(share_count)
    {
        key_shares.push(group.start(rng)?);
    }

    // Room for every extension this function may add (and the padding), so the list is
    // allocated once.
    let mut extensions = Vec::with_capacity(EXTENSION_ORDER.len());
    if let Some(host) = sni {
        extensions.push(ClientExtension::ServerName(ServerNameList::host_name(
            host.as_bytes(),
        )));
    }
    // RFC 5746 §3.4: the signal that we support secure renegotiation (we never renegotiate, which
    // is the safe answer to every renegotiation attack); free to send.
    extensions.push(ClientExtension::RenegotiationInfo(
        RenegotiationInfo::default(),
    ));
    // A TLS 1.2-only hello lists only what TLS 1.2 ECDHE can use: not the TLS 1.3-only hybrid
    // KEMs (draft-ietf-tls-ecdhe-mlkem §1).
    extensions.push(ClientExtension::SupportedGroups(NamedGroupList(
        config
            .groups
            .iter()
            .copied()
            .filter(|g| tls13 || g.is_tls12_ecdhe_curve())
            .collect(),
    )));
    if tls12 {
        // RFC 8422 §5.1.2: deprecated except for this one value, which must still be sent.
        extensions.push(ClientExtension::EcPointFormats(ECPointFormatList(
            alloc::vec![ECPointFormat::UNCOMPRESSED],
        )));
        // RFC 7627 §5.2: "In all handshakes, a client implementing this document MUST send the
        // "extended_master_secret" extension in its ClientHello."
        extensions.push(ClientExtension::ExtendedMasterSecret);
    }
    if let Some(r) = resuming.filter(|r| r.data.kind() == ResumptionKind::Tls12Ticket) {
        // RFC 5077 §3.1: the ticket goes back to the server in the extension.
        extensions.push(ClientExtension::SessionTicket(SessionTicket(
            r.data.ticket().to_vec(),
        )));
    } else if config.tls12_session_tickets && psk.is_none() {
        // RFC 5077 §3.2: an empty ticket asks a TLS 1.2 server for one. Sent whenever
        // configured, even to a TLS 1.3-only offer, where servers ignore it: NSS does, and RFC
        // 8448 §3's ClientHello carries it. Like NSS, not while resuming a TLS 1.3 session,
        // which is what RFC 8448 §4's ClientHello shows.
        extensions.push(ClientExtension::SessionTicket(SessionTicket(Vec::new())));
    }
    if !config.alpn_protocols.is_empty() {
        extensions.push(ClientExtension::Alpn(ProtocolNameList(
            config
                .alpn_protocols
                .iter()
                .map(|p| ProtocolName(p.clone()))
                .collect(),
        )));
    }
    if tls13 {
        extensions.push(key_share_extension(&key_shares));
        if psk.is_some_and(|r| r.early_data) {
            // RFC 8446 §4.2.10: 0-RTT data follows the ClientHello.
            extensions.push(ClientExtension::EarlyData);
        }
        // RFC 8446 §4.2.1: every version we offer; a TLS 1.2 server ignores the extension and
        // answers from legacy_version.
        extensions.push(ClientExtension::SupportedVersions(ProtocolVersionList(
            versions.to_vec(),
        )));
    }
    // The verifier's schemes include RSA PKCS#1 v1.5 where it can check them: TLS 1.2 servers
    // sign ServerKeyExchange with it, and TLS 1.3 refuses it only in CertificateVerify.
    extensions.push(ClientExtension::SignatureAlgorithms(SignatureSchemeList(
        config.verifier.supported_schemes(),
    )));
    if tls13 && !config.psk_modes.is_empty() {
        // The configured modes (psk_dhe_ke by default, which keeps forward secrecy on
        // resumption), in every TLS 1.3 ClientHello: servers send tickets only to clients that
        // sent the extension, and only for modes it lists (RFC 8446 §4.2.9, §4.6.1).
        extensions.push(ClientExtension::PskKeyExchangeModes(PskKeyExchangeModes(
            config.psk_modes.clone(),
        )));
    }
    if let Some(limit) = advertised_record_size_limit(config, tls13) {
        extensions.push(ClientExtension::RecordSizeLimit(RecordSizeLimit(limit)));
    }
    if let Some(request) = config.ticket_request.filter(|_| tls13) {
        // RFC 9149 §3: how many TLS 1.3 tickets we want after a full handshake and after
        // resuming the ticket offered here; a hello that offers none asks for 0 on resumption,
        // as §3 recommends for a new connection. A retried hello copies this one unchanged
        // (§3), even when it drops the offer. The extension is TLS 1.3's only (§1).
        let resumption_count = if psk.is_some() {
            request.resumption_count
        } else {
            0
        };
        extensions.push(ClientExtension::TicketRequest(TicketRequest {
            resumption_count,
            ..request
        }));
    }
    if let Some(r) = psk {
        // RFC 8446 §4.2.11: the ticket as the one identity; the binder is a placeholder of the
        // right length until the whole message, padding included, is known.
        extensions.push(psk::offer_extension(r.data, r.obfuscated_ticket_age)?);
    }

    // The TLS 1.3 suites first: a server that speaks both picks by version first anyway, and
    // the order within each version is the config's preference.
    let mut cipher_suites = Vec::with_capacity(config.cipher_suites.len());
    cipher_suites.extend(
        [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2]
            .into_iter()
            .filter(|v| versions.contains(v))
            .flat_map(|v| config.suites_for(v))
            .map(|s| s.suite),
    );
    let hello = ClientHello {
        legacy_version: ProtocolVersion::TLS1_2,
        random,
        session_id,
        cipher_suites,
        compression_methods: alloc::vec![CompressionMethod::NULL],
        extensions,
    };
    let mut sent = finish(hello, key_shares)?;
    if let Some(r) = psk {
        // RFC 8446 §4.2.11.2: the binder covers the partial ClientHello.
        sent.psk_early = Some(psk::early_secret(&config.provider, r.data)?);
        psk::bind(&mut sent, None)?;
    }
    Ok(sent)
}

/// The ClientHello after a HelloRetryRequest (RFC 8446 §4.1.2): the same message except for a
/// new key share (if the server named a group), the echoed cookie, no early_data, and padding
/// sized anew. `keep_psk` false drops the pre_shared_key offer (one whose hash is not the
/// selected suite's, §4.1.4); a kept one still carries the old binder, which the caller
/// recomputes over the new transcript (§4.2.11.2), and keeps its Early Secret.
pub(crate) fn retry_client_hello(
    previous: SentHello,
    new_share: Option<Box<dyn ActiveKx>>,
    cookie: Option<&Cookie>,
    keep_psk: bool,
) -> Result<SentHello, Error> {
    let mut hello = previous.hello;
    let key_shares = match new_share {
        Some(share) => alloc::vec![share],
        None => previous.key_shares,
    };
    let psk_early = previous.psk_early.filter(|_| keep_psk);
    hello.extensions.retain(|e| {
        !matches!(
            e,
            ClientExtension::KeyShare(_)
                | ClientExtension::EarlyData
                | ClientExtension::Padding(_)
                | ClientExtension::Cookie(_)
        ) && (keep_psk || !matches!(e, ClientExtension::PreSharedKey(_)))
    });
    hello.extensions.push(key_share_extension(&key_shares));
    if let Some(cookie) = cookie {
        hello
            .extensions
            .push(ClientExtension::Cookie(cookie.clone()));
    }
    let mut sent = finish(hello, key_shares)?;
    sent.psk_early = psk_early;
    Ok(sent)
}

/// The record_size_limit value we advertise, if the config sets a limit (2^14 by default: RFC
/// 8449 §4, "Endpoints SHOULD advertise the \"record_size_limit\" extension, even if they have
/// no need to limit the size of records [...] For clients, this allows servers to advertise a
/// limit at their discretion"). The config holds the largest plaintext we accept, 64 to 2^14
/// (more counts as 2^14). A ClientHello offering TLS 1.3 also counts the inner content type
/// byte, so 2^14 goes out as 2^14 + 1, the TLS 1.3 maximum; a TLS 1.2 server reads that as above
/// its own maximum, which it must accept ("A server MUST NOT enforce this restriction"). A
/// ClientHello offering TLS 1.2 only never exceeds 2^14, the TLS 1.2 maximum.
pub(crate) fn advertised_record_size_limit(config: &ClientConfig, tls13: bool) -> Option<u16> {
    const MAX_CONTENT: u16 = 1 << 14;
    let content = config
        .limits
        .record_size_limit?
        .clamp(RecordSizeLimit::MIN - 1, MAX_CONTENT);
    Some(if tls13 {
        content + 1
    } else {
        content.max(RecordSizeLimit::MIN)
    })
}

fn key_share_extension(shares: &[Box<dyn ActiveKx>]) -> ClientExtension {
    ClientExtension::KeyShare(KeyShareClientHello(
        shares
            .iter()
            .map(|k| KeyShareEntry {
                group: k.group(),
                key_exchange: k.public_key().to_vec(),
            })
            .collect(),
    ))
}

fn rank(typ: ExtensionType) -> usize {
    EXTENSION_ORDER
        .iter()
        .position(|t| *t == typ)
        .unwrap_or(EXTENSION_ORDER.len())
}

/// Put the extensions in their fixed order, pad, and encode. A pre_shared_key offer counts
/// towards the padding with its placeholder binder, which has the real one's length: RFC 8448
/// §4's resumed ClientHello is padded to 512 bytes binders included.
///
/// The message is built once and encoded once: the padding is sized from the computed length.
fn finish(mut hello: ClientHello, key_shares: Vec<Box<dyn ActiveKx>>) -> Result<SentHello, Error> {
    // A stable sort keeps the relative order of anything EXTENSION_ORDER does not list.
    hello.extensions.sort_by_key(|e| rank(e.ext_type()));
    let unpadded = hello.message_len().map_err(unencodable)?;
    if PAD_RANGE.contains(&unpadded) {
        let extension_len = (PAD_TARGET - unpadded).max(MIN_PADDING_EXTENSION);
        // Where a stable sort would put it: after everything ranked at or before it.
        let padding_rank = rank(ExtensionType::PADDING);
        let at = hello
            .extensions
            .iter()
            .position(|e| rank(e.ext_type()) > padding_rank)
            .unwrap_or(hello.extensions.len());
        hello
            .extensions
            .insert(at, ClientExtension::Padding(Padding(extension_len - 4)));
    }
    let encoded = hello.message_bytes().map_err(unencodable)?;
    Ok(SentHello {
        hello,
        encoded,
        key_shares,
        psk_early: None,
    })
}

/// Failure to encode a message we built ourselves is our bug: internal_error, not a panic.
fn unencodable(_: EncodeError) -> Error {
    Error::protocol(
        ferrotls_record::AlertDescription::INTERNAL_ERROR,
        "could not encode our own message",
    )
}

/// Whether `group` got a key share in `hello`.
pub(crate) fn has_share_for(hello: &ClientHello, group: NamedGroup) -> bool {
    hello
        .key_shares()
        .is_some_and(|shares| shares.iter().any(|s| s.group == group))
}
