//! The offered PSK's Early Secret is extracted once per connection (RFC 9846 §7.1): the stage
//! made for the binder also gives the 0-RTT keys and a retried hello's binder, and is consumed
//! into the Handshake Secret when the server selects the PSK.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicUsize, Ordering};

use ferrotls_crypto::hkdf::{Hkdf, HkdfPrk};
use ferrotls_crypto::{CryptoError, CryptoProvider, HashAlgorithm, Secret};

use super::fake_server::{config, now, provider};
use super::psk_server::PskServer;
use super::resumption::{answer_resumption, events, resume, ticket};
use crate::config::ClientConfig;
use crate::conn::EarlyDataStatus;
use crate::events::Event;
use crate::msgs::enums::CipherSuite;
use crate::msgs::extensions::{Cookie, EncryptedExtension, HelloRetryExtension};
use crate::msgs::handshake::{HandshakeMessage, HelloRetryRequest};
use crate::suites::TLS_AES_128_GCM_SHA256;
use ferrotls_record::ProtocolVersion;

/// The provider's HKDF, counting the Extracts whose input keying material is `psk`: the Early
/// Secret's (RFC 9846 §7.1), the only Extract a PSK goes into.
struct CountingHkdf {
    inner: &'static dyn Hkdf,
    psk: Vec<u8>,
    extracts: AtomicUsize,
}

impl CountingHkdf {
    fn count(&self, ikm: &[u8]) {
        if ikm == self.psk.as_slice() {
            self.extracts.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Hkdf for CountingHkdf {
    fn hash_algorithm(&self) -> HashAlgorithm {
        self.inner.hash_algorithm()
    }

    fn extract(&self, salt: Option<&[u8]>, ikm: &[u8]) -> Secret {
        self.count(ikm);
        self.inner.extract(salt, ikm)
    }

    fn prk(&self, prk: &[u8]) -> Box<dyn HkdfPrk> {
        self.inner.prk(prk)
    }

    fn with_prk(&self, prk: &[u8], f: &mut dyn FnMut(&dyn HkdfPrk)) {
        self.inner.with_prk(prk, f);
    }

    fn extract_keyed(&self, salt: Option<&[u8]>, ikm: &[u8]) -> (Secret, Box<dyn HkdfPrk>) {
        self.count(ikm);
        self.inner.extract_keyed(salt, ikm)
    }

    fn expand(&self, prk: &[u8], info: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError> {
        self.inner.expand(prk, info, out)
    }
}

/// The test client's config on a provider whose SHA-256 HKDF counts the Extracts of the
/// tickets' PSK (`ticket`: 32 bytes of 0x42). The provider's tables are `'static`, so the
/// counter and the table are leaked, once per test.
fn counting_config(early_data: bool) -> (ClientConfig, &'static CountingHkdf) {
    let mut p: CryptoProvider = (*provider(1)).clone();
    let counting: &'static CountingHkdf = Box::leak(Box::new(CountingHkdf {
        inner: p.hkdf(HashAlgorithm::Sha256).expect("SHA-256 HKDF"),
        psk: vec![0x42; 32],
        extracts: AtomicUsize::new(0),
    }));
    let mut hkdfs: Vec<&'static dyn Hkdf> = vec![counting];
    hkdfs.extend(
        p.hkdfs
            .iter()
            .copied()
            .filter(|h| h.hash_algorithm() != HashAlgorithm::Sha256),
    );
    p.hkdfs = Box::leak(hkdfs.into_boxed_slice());
    let mut c = config();
    c.provider = Arc::new(p);
    c.enable_early_data = early_data;
    (c, counting)
}

fn extracts(counting: &CountingHkdf) -> usize {
    counting.extracts.load(Ordering::Relaxed)
}

#[test]
fn a_resumption_extracts_the_early_secret_once() {
    let (config, counting) = counting_config(false);
    let mut client = resume(config, ticket(&TLS_AES_128_GCM_SHA256, 0));
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &[0x42; 32]);
    let (ch, _) = server.client_hello(&mut client);
    assert_eq!(extracts(counting), 1, "for the binder");
    answer_resumption(&mut client, &mut server, &ch, vec![]).expect("resumed flight");
    assert!(client.is_resumed());
    assert_eq!(
        extracts(counting),
        1,
        "the binder's, into the Handshake Secret"
    );
}

#[test]
fn early_data_keys_come_from_the_binders_early_secret() {
    let (config, counting) = counting_config(true);
    let mut client = resume(config, ticket(&TLS_AES_128_GCM_SHA256, 100));
    assert_eq!(client.send_early_data(b"early"), Ok(5));
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &[0x42; 32]);
    let (ch, _) = server.client_hello(&mut client);
    server.install_early_read();
    assert!(server.next_record(&mut client).is_some());
    assert_eq!(extracts(counting), 1, "the binder and the 0-RTT keys");
    answer_resumption(
        &mut client,
        &mut server,
        &ch,
        vec![EncryptedExtension::EarlyData],
    )
    .expect("resumed flight");
    assert_eq!(client.info().early_data, EarlyDataStatus::Accepted);
    assert_eq!(
        events(&mut client),
        [
            Event::EarlyDataAccepted,
            Event::HandshakeComplete {
                version: ProtocolVersion::TLS1_3
            }
        ]
    );
    assert_eq!(extracts(counting), 1, "and the Handshake Secret");
}

#[test]
fn a_retried_hello_binds_with_the_same_early_secret() {
    let (config, counting) = counting_config(false);
    let mut client = resume(config, ticket(&TLS_AES_128_GCM_SHA256, 0));
    let mut server = PskServer::new(&TLS_AES_128_GCM_SHA256, &[0x42; 32]);
    let (ch1, _) = server.client_hello(&mut client);
    let hrr = HandshakeMessage::HelloRetryRequest(HelloRetryRequest {
        legacy_version: ProtocolVersion::TLS1_2,
        session_id: ch1.session_id.clone(),
        cipher_suite: CipherSuite::TLS_AES_128_GCM_SHA256,
        compression_method: crate::msgs::enums::CompressionMethod::NULL,
        extensions: vec![
            HelloRetryExtension::SupportedVersions(ProtocolVersion::TLS1_3),
            HelloRetryExtension::Cookie(Cookie(b"cookie".to_vec())),
        ],
    });
    let mut record = server.send_plain(&hrr, &ch1);
    client
        .handle_tls(&mut record, now())
        .expect("HelloRetryRequest");
    let (ch2, _) = server.client_hello(&mut client);
    // The binder itself is checked in `resumption::hello_retry_recomputes_the_binder`.
    assert!(ch2.psk().is_some());
    assert_eq!(extracts(counting), 1, "both binders");
}
