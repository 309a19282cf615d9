//! From the master secret to record protection for both directions (RFC 5246 §6.3; RFC 5288 §3
//! for AES-GCM's 4-byte salt, RFC 7905 §2 for ChaCha20-Poly1305's 12-byte IV).
//!
//! The handshake carries each direction's key and IV bytes until that direction's
//! ChangeCipherSpec, and [`protection`] builds the keyed AEAD only when the record layer installs
//! it: a keyed AEAD can hold an AES key schedule inline (about 1 KiB), which would otherwise be
//! copied through every handshake state and call on its way to the record layer.

use ferrotls_crypto::CryptoProvider;
use ferrotls_record::{AlertDescription, RecordProtection};

use crate::error::Error;
use crate::key_schedule::{Tls12MasterSecret, Tls12WriteKeys};
use crate::suites::SupportedCipherSuite;

/// Each direction's keys, to install when the change_cipher_spec is sent (write) or received
/// (read).
#[derive(Debug)]
pub(crate) struct Tls12RecordKeys {
    pub(crate) client_write: Tls12WriteKeys,
    pub(crate) server_write: Tls12WriteKeys,
}

/// Expand the key block for `suite`.
pub(crate) fn record_keys(
    suite: &SupportedCipherSuite,
    master: &Tls12MasterSecret,
    client_random: &[u8; 32],
    server_random: &[u8; 32],
) -> Tls12RecordKeys {
    let block = master.key_block(suite.aead, client_random, server_random);
    Tls12RecordKeys {
        client_write: block.client,
        server_write: block.server,
    }
}

/// One direction's record protection from its keys.
pub(crate) fn protection(
    provider: &CryptoProvider,
    keys: &Tls12WriteKeys,
) -> Result<RecordProtection, Error> {
    let aead = provider.aead(keys.aead()).ok_or(Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "provider lacks the suite's AEAD",
    ))?;
    let key = aead.new_key(keys.key().as_bytes())?;
    Ok(RecordProtection::tls12(key, keys.fixed_iv().as_bytes())?)
}
