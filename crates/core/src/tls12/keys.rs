//! From the master secret to record protection for both directions (RFC 5246 §6.3; RFC 5288 §3
//! for AES-GCM's 4-byte salt, RFC 7905 §2 for ChaCha20-Poly1305's 12-byte IV).
//!
//! The handshake carries each direction's key and IV bytes until that direction's
//! ChangeCipherSpec, and the record layer builds the keyed AEAD from their [`key_material`]
//! where it keeps it: a keyed AEAD can hold an AES key schedule inline (hundreds of bytes),
//! which would otherwise be copied through every handshake state and call on its way there.

use ferrotls_crypto::CryptoProvider;
use ferrotls_record::{AlertDescription, KeyMaterial, RecordFormat};

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

/// What one direction's record protection is made of, lent from its keys.
pub(crate) fn key_material<'a>(
    provider: &'a CryptoProvider,
    keys: &'a Tls12WriteKeys,
) -> Result<KeyMaterial<'a>, Error> {
    let aead = provider.aead(keys.aead()).ok_or(Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "provider lacks the suite's AEAD",
    ))?;
    Ok(KeyMaterial {
        aead,
        key: keys.key().as_bytes(),
        iv: keys.fixed_iv().as_bytes(),
        format: RecordFormat::Tls12,
    })
}

/// One direction's record protection from its keys, made whole (the tests' peers, which hold
/// it in a reader or writer of their own).
#[cfg(test)]
pub(crate) fn protection(
    provider: &CryptoProvider,
    keys: &Tls12WriteKeys,
) -> Result<ferrotls_record::RecordProtection, Error> {
    let material = key_material(provider, keys)?;
    let key = material.aead.new_key(material.key)?;
    Ok(ferrotls_record::RecordProtection::tls12(key, material.iv)?)
}
