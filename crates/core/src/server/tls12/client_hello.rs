//! The ClientHello of a TLS 1.2 handshake (RFC 5246 §7.4.1.2; RFC 8422 §5.1; RFC 7627 §5.2;
//! RFC 5746 §3.6): checking it and choosing the suite, certificate, signature scheme, group and
//! ALPN protocol.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::sign::KeyKind;
use ferrotls_crypto::{CryptoProvider, NamedGroup, SignatureScheme};
use ferrotls_record::{AlertDescription, ProtocolVersion};

use super::paused::Continuation;
use super::state::State;
use super::{abbreviated, flight, resume};
use super::{handshake_failure, illegal};
use rustls_pki_types::UnixTime;

use crate::config::{CertifiedKey, ServerConfig};
use crate::conn::HandshakeOutput;
use crate::deferred::{CertificateQuery, Request};
use crate::error::Error;
use crate::key_schedule::HashPrimitives;
use crate::msgs::enums::{CipherSuite, CompressionMethod, ECPointFormat, ExtensionType};
use crate::msgs::extensions::ClientExtension;
use crate::msgs::handshake::ClientHello;
use crate::resumption::{DeclineReason, ServerSessionState};
use crate::server::choices::{choose_alpn, offered_alpn, server_name};
use crate::server::paused::Paused;
use crate::server::record_size_limit;
use crate::suites::{self, SupportedCipherSuite, Tls12Auth};

/// What the ClientHello settles for either handshake, full or abbreviated.
#[derive(Debug)]
pub(crate) struct Agreed {
    /// The SNI host name (lower case), if the client sent one.
    pub(super) server_name: Option<String>,
    /// ALPN is chosen afresh on every handshake, resumed or not: RFC 7301 §3.1 "When session
    /// resumption or session tickets [RFC5077] are used, the previous contents of this
    /// extension are irrelevant, and only the values in the new handshake messages are
    /// considered."
    pub(super) alpn: Option<Vec<u8>>,
    /// The client offered extended_master_secret, so we answer with it and use it (RFC 7627).
    pub(super) ems: bool,
    /// RFC 5746 §3.6's secure_renegotiation flag: the client sent the SCSV or an empty
    /// renegotiation_info, so our ServerHello carries an empty renegotiation_info.
    pub(super) secure_renegotiation: bool,
    /// The client sent ec_point_formats, which our ServerHello then answers (RFC 8422 §5.2).
    pub(super) point_formats: bool,
    /// The client sent session_ticket (RFC 5077 §3.2) and we issue tickets: this handshake
    /// may end with a NewSessionTicket.
    pub(super) ticket_requested: bool,
    /// The client sent record_size_limit: the limits of both directions, ours answered in the
    /// ServerHello (RFC 8449 §4). Renegotiated on resumption too (§4).
    pub(super) record_size_limit: Option<record_size_limit::Negotiated>,
}

/// Everything chosen from the ClientHello for a full handshake.
#[derive(Debug)]
pub(super) struct Negotiated {
    pub(super) agreed: Agreed,
    pub(super) suite: &'static SupportedCipherSuite,
    pub(super) prims: HashPrimitives,
    pub(super) cert: Arc<CertifiedKey>,
    /// What our ServerKeyExchange is signed with.
    pub(super) scheme: SignatureScheme,
    pub(super) group: NamedGroup,
}

/// The first ClientHello (`ch`, decoded from `encoded`), once TLS 1.2 is chosen: answer with an
/// abbreviated handshake if it offers a session we can resume (RFC 5246 §7.3 Figure 2,
/// RFC 5077 §3.1), else with the full server flight.
pub(crate) fn handle_client_hello(
    config: &Arc<ServerConfig>,
    common: &mut dyn HandshakeOutput,
    ch: ClientHello,
    encoded: &[u8],
    now: UnixTime,
) -> Result<State, Error> {
    let agreed = agree(config, &ch)?;
    if let Some(limits) = agreed.record_size_limit {
        limits.apply(common)?;
    }
    match resume::offer(config, &ch, now) {
        resume::Offer::Nothing => full(config, common, ch, encoded, agreed),
        resume::Offer::Opened(found) => {
            after_lookup(config, common, ch, encoded, agreed, found, now)
        }
        // The store may be remote: the step pauses (crate::deferred) and goes on in
        // `after_lookup` with the answer, given at once by a synchronous store.
        resume::Offer::SessionId(id) => Ok(State::Paused(Paused::new(
            Request::LookupSession { id },
            Continuation::SessionLookup {
                ch,
                encoded: encoded.to_vec(),
                agreed,
            },
        ))),
    }
}

/// The offered session is known (`found`, or why none is): resume it if it fits, else a full
/// handshake.
pub(super) fn after_lookup(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    ch: ClientHello,
    encoded: &[u8],
    agreed: Agreed,
    found: Result<ServerSessionState, DeclineReason>,
    now: UnixTime,
) -> Result<State, Error> {
    let provider = Arc::clone(common.provider());
    if let Some(session) = resume::decide(config, &provider, common, &ch, &agreed, found)? {
        return abbreviated::start(config, common, &ch, encoded, agreed, session, now);
    }
    full(config, common, ch, encoded, agreed)
}

/// The full server flight. The certificate is the application's to choose: the step pauses
/// with `ChooseCertificate` (answered at once by the config's resolver unless
/// `defer.certificate`) and goes on in [`certificate_chosen`].
fn full(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    ch: ClientHello,
    encoded: &[u8],
    mut agreed: Agreed,
) -> Result<State, Error> {
    let usable = signable_schemes(config, common.provider(), &ch)?;
    // The name is lent to the query and comes back with the answer.
    let query = CertificateQuery {
        server_name: agreed.server_name.take(),
        schemes: usable,
        alpn: offered_alpn(&ch),
        version: ProtocolVersion::TLS1_2,
    };
    Ok(State::Paused(Paused::new(
        Request::ChooseCertificate(query),
        Continuation::CertificateChosen {
            ch,
            encoded: encoded.to_vec(),
            agreed,
        },
    )))
}

/// The answer to `ChooseCertificate` (`query` is the request, whose server name and schemes
/// come back): the rest of the choices, then the flight.
pub(super) fn certificate_chosen(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    ch: ClientHello,
    encoded: &[u8],
    mut agreed: Agreed,
    query: CertificateQuery,
    chosen: Option<Arc<CertifiedKey>>,
) -> Result<State, Error> {
    agreed.server_name = query.server_name;
    let provider = Arc::clone(common.provider());
    let negotiated = negotiate(config, &provider, &ch, agreed, &query.schemes, chosen)?;
    flight::send(config, common, &ch, negotiated, encoded)
}

/// The checks and choices every TLS 1.2 handshake makes, resumed or not.
pub(super) fn agree(config: &ServerConfig, ch: &ClientHello) -> Result<Agreed, Error> {
    // RFC 5246 §7.4.1.2: the compression list "MUST contain, and all implementations MUST
    // support, CompressionMethod.null"; we never compress.
    if !ch.compression_methods.contains(&CompressionMethod::NULL) {
        return Err(illegal(
            "compression_methods lacks null (RFC 5246 §7.4.1.2)",
        ));
    }
    let secure_renegotiation = check_renegotiation_info(ch)?;
    let ems = ch.has_extension(ExtensionType::EXTENDED_MASTER_SECRET);
    // RFC 7627 §5.2: "If the server receives a ClientHello without the extension, it SHOULD
    // abort the handshake if it does not wish to interoperate with legacy clients"; "abort"
    // there means a fatal handshake_failure.
    if !ems && config.require_ems {
        return Err(handshake_failure(
            "client does not offer extended_master_secret, which we require (RFC 7627 §5.2)",
        ));
    }
    let point_formats = check_point_formats(ch)?;
    let ticket_requested = ch.has_extension(ExtensionType::SESSION_TICKET)
        && config.tls12_tickets
        && config.ticket_sealer.is_some();
    Ok(Agreed {
        server_name: server_name(ch)?,
        alpn: choose_alpn(config, ch)?,
        ems,
        secure_renegotiation,
        point_formats,
        ticket_requested,
        record_size_limit: record_size_limit::Negotiated::new(
            &config.limits,
            ch.extensions.iter().find_map(|e| match e {
                ClientExtension::RecordSizeLimit(l) => Some(l.0),
                _ => None,
            }),
            ProtocolVersion::TLS1_2,
        ),
    })
}

/// The client's schemes a certificate may sign our ServerKeyExchange with in this handshake
/// (see [`usable_schemes`]): what `ChooseCertificate` offers.
fn signable_schemes(
    config: &ServerConfig,
    provider: &CryptoProvider,
    ch: &ClientHello,
) -> Result<Vec<SignatureScheme>, Error> {
    // RFC 5246 §7.4.1.4.1: without signature_algorithms the server must act as if the client
    // had sent {sha1,rsa} or {sha1,ecdsa}: SHA-1 signatures, which we never make. RFC 8422
    // §5.1.3 gives EdDSA no default either. So such a client gets handshake_failure.
    let offered_schemes = ch.signature_algorithms().ok_or(handshake_failure(
        "no signature_algorithms: RFC 5246 §7.4.1.4.1 then allows only SHA-1 signatures, which \
         we refuse",
    ))?;
    Ok(usable_schemes(
        offered_schemes,
        &client_auths(config, provider, ch),
        ch.supported_groups(),
    ))
}

/// Choose what a full handshake needs beyond `agreed` and the `chosen` certificate: suite,
/// signature scheme (among `usable`, see [`signable_schemes`]) and group.
pub(super) fn negotiate(
    config: &ServerConfig,
    provider: &CryptoProvider,
    ch: &ClientHello,
    agreed: Agreed,
    usable: &[SignatureScheme],
    chosen: Option<Arc<CertifiedKey>>,
) -> Result<Negotiated, Error> {
    let cert = chosen.ok_or(match agreed.server_name {
        // RFC 6066 §3: a name we have no certificate for.
        Some(_) => Error::protocol(
            AlertDescription::UNRECOGNIZED_NAME,
            "no certificate for the requested server name (RFC 6066 §3)",
        ),
        None => handshake_failure("no certificate to present"),
    })?;
    let suite = choose_suite(config, provider, ch, cert.key.kind())?;
    // RFC 5246 §7.4.3: the ServerKeyExchange signature uses a pair the client listed.
    let scheme = cert.key.choose_scheme(usable).ok_or(handshake_failure(
        "no signature scheme in common with the client for our key (RFC 5246 §7.4.1.4.1)",
    ))?;
    let prims = HashPrimitives::from_provider(provider, suite.hash)
        .map_err(|_| Error::internal("provider lacks the suite's hash"))?;
    Ok(Negotiated {
        agreed,
        suite,
        prims,
        cert,
        scheme,
        group: choose_group(config, provider, ch)?,
    })
}

/// RFC 5746 §3.6: the SCSV or a renegotiation_info extension sets secure_renegotiation; the
/// extension "MUST then" be empty on an initial handshake, "and if it is not, MUST abort the
/// handshake" (handshake_failure, as §3.4 has the client do). A client with neither is let in:
/// §4.3 allows serving unpatched clients as long as we never renegotiate, which we never do.
fn check_renegotiation_info(ch: &ClientHello) -> Result<bool, Error> {
    let extension = ch.extensions.iter().find_map(|e| match e {
        ClientExtension::RenegotiationInfo(info) => Some(info),
        _ => None,
    });
    if extension.is_some_and(|info| !info.0.is_empty()) {
        return Err(handshake_failure(
            "non-empty renegotiation_info on an initial handshake (RFC 5746 §3.6)",
        ));
    }
    let scsv = ch
        .cipher_suites
        .contains(&CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
    Ok(scsv || extension.is_some())
}

/// RFC 8422 §5.1.2: "If the client sends the extension and the extension does not contain the
/// uncompressed point format, and the client has used the Supported Groups extension to indicate
/// support for any of the curves defined in this specification, then the server MUST abort the
/// handshake and return an illegal_parameter alert." Every curve we offer is one of those, and a
/// client without supported_groups leaves the choice to us (§4), so the rule applies whenever
/// the list lacks uncompressed. Returns whether the client sent the extension.
fn check_point_formats(ch: &ClientHello) -> Result<bool, Error> {
    let formats = ch.extensions.iter().find_map(|e| match e {
        ClientExtension::EcPointFormats(f) => Some(&f.0),
        _ => None,
    });
    match formats {
        Some(f) if !f.contains(&ECPointFormat::UNCOMPRESSED) => Err(illegal(
            "ec_point_formats lacks uncompressed (RFC 8422 §5.1.2)",
        )),
        Some(_) => Ok(true),
        None => Ok(false),
    }
}

/// Whether we sign or accept `scheme` in TLS 1.2: anything but SHA-1, whose signatures
/// RFC 9155 deprecates for TLS 1.2 (and TLS 1.3 never allowed, RFC 8446 §4.2.3).
pub(super) fn usable_in_tls12(scheme: SignatureScheme) -> bool {
    !matches!(
        scheme,
        SignatureScheme::RSA_PKCS1_SHA1 | SignatureScheme::ECDSA_SHA1
    )
}

/// The authentication a scheme can provide in a TLS 1.2 suite (RFC 8422 §5.1.2: ECDHE_ECDSA
/// takes ECDSA or EdDSA keys; ECDHE_RSA takes RSA keys, PKCS#1 v1.5 or PSS).
fn scheme_auth(scheme: SignatureScheme) -> Option<Tls12Auth> {
    match scheme {
        SignatureScheme::ECDSA_NISTP256_SHA256
        | SignatureScheme::ECDSA_NISTP384_SHA384
        | SignatureScheme::ECDSA_NISTP521_SHA512
        | SignatureScheme::ED25519
        | SignatureScheme::ED448 => Some(Tls12Auth::Ecdsa),
        SignatureScheme::RSA_PKCS1_SHA256
        | SignatureScheme::RSA_PKCS1_SHA384
        | SignatureScheme::RSA_PKCS1_SHA512
        | SignatureScheme::RSA_PSS_RSAE_SHA256
        | SignatureScheme::RSA_PSS_RSAE_SHA384
        | SignatureScheme::RSA_PSS_RSAE_SHA512
        | SignatureScheme::RSA_PSS_PSS_SHA256
        | SignatureScheme::RSA_PSS_PSS_SHA384
        | SignatureScheme::RSA_PSS_PSS_SHA512 => Some(Tls12Auth::Rsa),
        _ => None,
    }
}

/// Whether our certificate key can serve a suite with `auth`: the key types of RFC 8422 §5.3
/// Table 2, and for an ECDSA key a curve the client lists. RFC 8422 §5.1: "A server
/// participating in an ECDHE_ECDSA key exchange may use different curves for the ECDSA or EdDSA
/// key in its certificate and for the ephemeral ECDH key in the ServerKeyExchange message. The
/// server MUST consider the extensions in both cases." (EdDSA is governed by
/// signature_algorithms alone, §5.1.3.)
fn key_fits(auth: Tls12Auth, key: KeyKind, client_groups: Option<&[NamedGroup]>) -> bool {
    let curve_listed = |curve| client_groups.is_none_or(|g| g.contains(&curve));
    match (auth, key) {
        (Tls12Auth::Ecdsa, KeyKind::EcdsaP256) => curve_listed(NamedGroup::SECP256R1),
        (Tls12Auth::Ecdsa, KeyKind::EcdsaP384) => curve_listed(NamedGroup::SECP384R1),
        (Tls12Auth::Ecdsa, KeyKind::Ed25519) | (Tls12Auth::Rsa, KeyKind::Rsa) => true,
        _ => false,
    }
}

/// The client's schemes we may sign with, restricted to the authentications of the suites we
/// could choose and, for ECDSA, to curves the client lists (see [`key_fits`]): the certificate
/// resolver then prefers a certificate that can serve such a suite (an RSA one for a client
/// offering only ECDHE_RSA, or listing no curve of our ECDSA key).
fn usable_schemes(
    offered: &[SignatureScheme],
    auths: &[Tls12Auth],
    client_groups: Option<&[NamedGroup]>,
) -> Vec<SignatureScheme> {
    let curve_listed = |s: SignatureScheme| match ecdsa_curve(s) {
        Some(curve) => client_groups.is_none_or(|g| g.contains(&curve)),
        None => true,
    };
    offered
        .iter()
        .copied()
        .filter(|s| usable_in_tls12(*s) && curve_listed(*s))
        .filter(|s| scheme_auth(*s).is_some_and(|a| auths.contains(&a)))
        .collect()
}

/// The curve of the keys that sign with an ECDSA scheme. In TLS 1.2 the code point only names
/// the hash (RFC 5246 §7.4.1.4.1), but our keys pair each curve with its TLS 1.3 scheme.
fn ecdsa_curve(scheme: SignatureScheme) -> Option<NamedGroup> {
    match scheme {
        SignatureScheme::ECDSA_NISTP256_SHA256 => Some(NamedGroup::SECP256R1),
        SignatureScheme::ECDSA_NISTP384_SHA384 => Some(NamedGroup::SECP384R1),
        SignatureScheme::ECDSA_NISTP521_SHA512 => Some(NamedGroup::SECP521R1),
        _ => None,
    }
}

/// The authentications of the TLS 1.2 suites both sides have.
fn client_auths(
    config: &ServerConfig,
    provider: &CryptoProvider,
    ch: &ClientHello,
) -> Vec<Tls12Auth> {
    runnable_suites(config, provider)
        .filter(|s| ch.cipher_suites.contains(&s.suite))
        .filter_map(|s| s.tls12_auth)
        .collect()
}

/// Our TLS 1.2 suites the provider can run, in our order.
pub(super) fn runnable_suites<'a>(
    config: &'a ServerConfig,
    provider: &'a CryptoProvider,
) -> impl Iterator<Item = &'static SupportedCipherSuite> + 'a {
    config
        .cipher_suites
        .iter()
        .copied()
        .filter(|s| s.tls12_auth.is_some() && provider.aead(s.aead).is_some())
}

/// The suite, by our preference (or the client's), whose authentication our key provides.
fn choose_suite(
    config: &ServerConfig,
    provider: &CryptoProvider,
    ch: &ClientHello,
    key: KeyKind,
) -> Result<&'static SupportedCipherSuite, Error> {
    let groups = ch.supported_groups();
    let fits =
        |s: &&'static SupportedCipherSuite| s.tls12_auth.is_some_and(|a| key_fits(a, key, groups));
    let ours: Vec<&'static SupportedCipherSuite> =
        runnable_suites(config, provider).filter(fits).collect();
    let chosen = if config.prefer_server_order {
        ours.iter()
            .copied()
            .find(|s| ch.cipher_suites.contains(&s.suite))
    } else {
        ch.cipher_suites
            .iter()
            .filter_map(|c| suites::lookup(*c))
            .find(|s| ours.contains(s))
    };
    // RFC 5246 §7.4.1.3: no acceptable suite is handshake_failure.
    chosen.ok_or(handshake_failure(
        "no TLS 1.2 cipher suite in common that our certificate's key can serve, its curve \
         included, with the client's groups (RFC 5246 §7.4.1.3, RFC 8422 §5.1.2)",
    ))
}

/// The ECDHE group: our first that the client lists. RFC 8422 §4: a client without
/// supported_groups leaves the server "free to choose any one of the elliptic curves"; such
/// clients predate X25519, so then it is secp256r1 when enabled (as OpenSSL chooses), else our
/// first. No common curve: no ECDHE suite can run, handshake_failure (§5.1).
fn choose_group(
    config: &ServerConfig,
    provider: &CryptoProvider,
    ch: &ClientHello,
) -> Result<NamedGroup, Error> {
    let mut ours = config
        .groups
        .iter()
        .copied()
        .filter(|g| g.is_tls12_ecdhe_curve() && provider.kx_group(*g).is_some());
    let chosen = match ch.supported_groups() {
        Some(client) => ours.find(|g| client.contains(g)),
        None => {
            let first = ours.next();
            if first == Some(NamedGroup::SECP256R1) || ours.any(|g| g == NamedGroup::SECP256R1) {
                Some(NamedGroup::SECP256R1)
            } else {
                first
            }
        }
    };
    chosen.ok_or(handshake_failure(
        "no ECDHE curve in common (RFC 8422 §5.1)",
    ))
}
