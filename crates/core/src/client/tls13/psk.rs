//! The client's TLS 1.3 PSK offer (RFC 8446 §4.2.11): the ticket as pre_shared_key identity,
//! its binder over the partial ClientHello, and what the server's ServerHello says about it.

use alloc::vec;

use ferrotls_crypto::CryptoProvider;
use ferrotls_record::AlertDescription;

use crate::client::hello::SentHello;
use crate::client::schedule_error;
use crate::error::Error;
use crate::key_schedule::{EarlySecret, HashPrimitives, PskKind};
use crate::msgs::enums::PskKeyExchangeMode;
use crate::msgs::extensions::{ClientExtension, OfferedPsks, PskBinder, PskIdentity};
use crate::msgs::handshake::{ClientHello, ServerHello};
use crate::resumption::ResumptionData;
use crate::suites::{self, SupportedCipherSuite};
use crate::transcript::Transcript;

/// The suite a TLS 1.3 ticket was issued under: its hash is the PSK's (RFC 8446 §4.2.11) and
/// its AEAD protects 0-RTT data (§4.2.10). `ResumptionData` only holds suites we implement, so
/// a miss is our own inconsistency.
pub(crate) fn ticket_suite(data: &ResumptionData) -> Result<&'static SupportedCipherSuite, Error> {
    suites::lookup(data.cipher_suite()).ok_or(Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "resumption data names a cipher suite this library lacks",
    ))
}

/// The early secret of the ticket's PSK: `HKDF-Extract(0, PSK)` under the ticket's hash
/// (RFC 8446 §7.1). Extracted once per offer, into `SentHello::psk_early`, which every later
/// use borrows or consumes.
pub(crate) fn early_secret(
    provider: &CryptoProvider,
    data: &ResumptionData,
) -> Result<EarlySecret, Error> {
    let suite = ticket_suite(data)?;
    let prims = HashPrimitives::from_provider(provider, suite.hash).map_err(schedule_error)?;
    Ok(EarlySecret::new(prims, Some(data.secret().as_bytes())))
}

/// pre_shared_key with the ticket as its only identity and a zero binder of the hash's length,
/// which [`bind`] overwrites once the rest of the ClientHello is final.
pub(crate) fn offer_extension(
    data: &ResumptionData,
    obfuscated_ticket_age: u32,
) -> Result<ClientExtension, Error> {
    let binder_len = ticket_suite(data)?.hash.output_len();
    Ok(ClientExtension::PreSharedKey(OfferedPsks {
        identities: vec![PskIdentity {
            identity: data.ticket().to_vec(),
            obfuscated_ticket_age,
        }],
        binders: vec![PskBinder(vec![0; binder_len])],
    }))
}

/// Compute the binder of the PSK offered in `sent`, under its Early Secret (`sent.psk_early`),
/// and write it into both the encoded message and the kept copy. RFC 8446 §4.2.11.2: the
/// binder is an HMAC, under the "res binder" key, over the transcript hash of the ClientHello
/// truncated before the binders list; after a HelloRetryRequest that transcript starts with
/// `prefix`, i.e. message_hash(ClientHello1) and the HelloRetryRequest.
pub(crate) fn bind(sent: &mut SentHello, prefix: Option<&Transcript>) -> Result<(), Error> {
    let early = sent.psk_early.as_ref().ok_or_else(no_early_secret)?;
    let binders_len = sent.hello.binders_len().ok_or_else(own_encoding)?;
    let partial_len = sent
        .encoded
        .len()
        .checked_sub(binders_len)
        .ok_or_else(own_encoding)?;
    let partial = sent.encoded.get(..partial_len).ok_or_else(own_encoding)?;
    let hash = match prefix {
        None => early.primitives().hash.hash(partial),
        Some(transcript) => transcript.current_with(partial),
    };
    let binder = early
        .binder_key(PskKind::Resumption)
        .and_then(|key| key.binder(&hash))
        .map_err(schedule_error)?;
    let binders = [PskBinder(binder.as_bytes().to_vec())];
    OfferedPsks::write_binders(&mut sent.encoded, &binders).map_err(|_| own_encoding())?;
    if let Some(ClientExtension::PreSharedKey(offer)) = sent.hello.extensions.last_mut() {
        offer.binders = binders.to_vec();
    }
    Ok(())
}

/// Whether the server's ServerHello selects our PSK (RFC 8446 §4.2.11). We offer exactly one
/// identity, so the only valid selection is 0: "Clients MUST verify that the server's
/// selected_identity is within the range supplied by the client, that the server selected a
/// cipher suite indicating a Hash associated with the PSK, and that a server "key_share"
/// extension is present if required by the ClientHello "psk_key_exchange_modes" extension. If
/// these values are not consistent, the client MUST abort the handshake with an
/// "illegal_parameter" alert." An answer to an offer we did not make was already refused as
/// unsolicited (§4.2).
pub(crate) fn psk_selected(
    hello: &ClientHello,
    sh: &ServerHello,
    suite: &SupportedCipherSuite,
    data: Option<&ResumptionData>,
) -> Result<bool, Error> {
    let Some(selected) = sh.selected_psk() else {
        return Ok(false);
    };
    let data = data.filter(|_| hello.psk().is_some()).ok_or(illegal(
        "ServerHello selects a PSK we did not offer (RFC 8446 §4.2.11)",
    ))?;
    if selected != 0 {
        return Err(illegal(
            "ServerHello selected_identity out of range (RFC 8446 §4.2.11)",
        ));
    }
    if ticket_suite(data)?.hash != suite.hash {
        return Err(illegal(
            "ServerHello suite's hash differs from the PSK's (RFC 8446 §4.2.11)",
        ));
    }
    // RFC 8446 §4.2.9: psk_ke is "PSK-only key establishment. In this mode, the server MUST
    // NOT supply a "key_share" value"; psk_dhe_ke requires one. Which one the server used shows
    // in its key_share, and it must be a mode we offered.
    let mode = if sh.key_share().is_some() {
        PskKeyExchangeMode::PSK_DHE_KE
    } else {
        PskKeyExchangeMode::PSK_KE
    };
    if !hello.psk_modes().unwrap_or_default().contains(&mode) {
        return Err(illegal(if mode == PskKeyExchangeMode::PSK_KE {
            "ServerHello without key_share, and we did not offer psk_ke (RFC 8446 §4.2.11)"
        } else {
            "ServerHello key_share, and we offered only psk_ke (RFC 8446 §4.2.9, §4.2.11)"
        }));
    }
    Ok(true)
}

fn illegal(rule: &'static str) -> Error {
    Error::protocol(AlertDescription::ILLEGAL_PARAMETER, rule)
}

/// A ClientHello offering a ticket always keeps its Early Secret (`SentHello::psk_early`): a
/// miss is our bug, not the peer's doing.
pub(crate) fn no_early_secret() -> Error {
    Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "our ClientHello offers a PSK but kept no Early Secret for it",
    )
}

/// Our own ClientHello does not have the shape we built: a bug, not the peer's doing.
fn own_encoding() -> Error {
    Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "could not place the PSK binder in our own ClientHello",
    )
}
