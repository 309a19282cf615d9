//! From the master secret to record protection for both directions (RFC 5246 §6.3; RFC 5288 §3
//! for AES-GCM's 4-byte salt, RFC 7905 §2 for ChaCha20-Poly1305's 12-byte IV).

use ferrotls_crypto::CryptoProvider;
use ferrotls_record::{AlertDescription, RecordProtection};

use crate::error::Error;
use crate::key_schedule::{Tls12MasterSecret, Tls12WriteKeys};
use crate::suites::SupportedCipherSuite;

/// Record protection for each direction, ready to install when the change_cipher_spec is sent
/// (write) or received (read).
#[derive(Debug)]
pub(crate) struct Tls12Protections {
    pub(crate) client_write: RecordProtection,
    pub(crate) server_write: RecordProtection,
}

/// Expand the key block for `suite` and build both directions' protection.
pub(crate) fn record_protections(
    provider: &CryptoProvider,
    suite: &SupportedCipherSuite,
    master: &Tls12MasterSecret,
    client_random: &[u8; 32],
    server_random: &[u8; 32],
) -> Result<Tls12Protections, Error> {
    let block = master.key_block(suite.aead, client_random, server_random);
    Ok(Tls12Protections {
        client_write: protection(provider, suite, &block.client)?,
        server_write: protection(provider, suite, &block.server)?,
    })
}

fn protection(
    provider: &CryptoProvider,
    suite: &SupportedCipherSuite,
    keys: &Tls12WriteKeys,
) -> Result<RecordProtection, Error> {
    let aead = provider.aead(suite.aead).ok_or(Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "provider lacks the suite's AEAD",
    ))?;
    let key = aead.new_key(keys.key().as_bytes())?;
    Ok(RecordProtection::tls12(key, keys.fixed_iv().as_bytes())?)
}
