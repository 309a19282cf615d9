//! A hand-driven TLS 1.3 server for the client's unit tests: it frames and protects whatever
//! messages a test gives it, so each test can break exactly one rule.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::kx::ActiveKx;
use ferrotls_crypto::random::SeededRandom;
use ferrotls_crypto::rustcrypto::provider_with_random;
use ferrotls_crypto::{CryptoProvider, NamedGroup, SignatureScheme};
use ferrotls_record::{ContentType, ProtocolVersion, RecordProtection, RecordReader, RecordWriter};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use crate::client::ClientConnection;
use crate::config::ClientConfig;
use crate::key_schedule::{EarlySecret, HandshakeSecret, HashPrimitives, TrafficSecret};
use crate::msgs::enums::{CipherSuite, CompressionMethod};
use crate::msgs::extensions::{KeyShareEntry, ServerExtension};
use crate::msgs::handshake::{
    self, CertificateEntry, CertificateTls13, CertificateVerify, ClientHello, EncryptedExtensions,
    Finished, HandshakeMessage, ServerHello, Version,
};
use crate::suites::TLS_AES_128_GCM_SHA256;
use crate::verify::{CertificateError, ServerCertVerifier};

/// The only certificate [`TestVerifier`] accepts.
pub(super) const CERT: &[u8] = b"test certificate";
/// The only CertificateVerify signature [`TestVerifier`] accepts.
pub(super) const GOOD_SIGNATURE: &[u8] = b"good signature";

/// Accepts [`CERT`] and [`GOOD_SIGNATURE`], nothing else.
#[derive(Debug)]
pub(super) struct TestVerifier;

impl ServerCertVerifier for TestVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: UnixTime,
    ) -> Result<(), CertificateError> {
        // The TLS 1.2 client also reads the key type from the certificate, so those tests use
        // the real test PKI's certificates.
        let real = super::fake_server12::REAL_CERTS
            .iter()
            .any(|pem| super::fake_server12::der(pem).as_ref() == end_entity.as_ref());
        if end_entity.as_ref() == CERT || real {
            Ok(())
        } else {
            Err(CertificateError::UnknownIssuer)
        }
    }

    fn verify_signature(
        &self,
        _: &CertificateDer<'_>,
        _: SignatureScheme,
        _: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        if signature == GOOD_SIGNATURE {
            Ok(())
        } else {
            Err(CertificateError::BadSignature)
        }
    }

    fn verify_tls12_signature(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        self.verify_signature(end_entity, scheme, message, signature)
    }

    fn supported_schemes(&self) -> Vec<SignatureScheme> {
        vec![
            SignatureScheme::ED25519,
            SignatureScheme::ECDSA_NISTP256_SHA256,
            SignatureScheme::RSA_PSS_RSAE_SHA256,
            SignatureScheme::RSA_PKCS1_SHA256,
        ]
    }
}

pub(super) fn now() -> UnixTime {
    UnixTime::since_unix_epoch(core::time::Duration::from_secs(1_700_000_000))
}

pub(super) fn provider(seed: u8) -> Arc<CryptoProvider> {
    Arc::new(provider_with_random(Arc::new(SeededRandom::new(
        [seed; 32],
    ))))
}

/// A config for the fake server: TLS 1.3 suites, default groups, no compatibility mode.
/// A TLS 1.3-only client (the version these tests are about), without compatibility mode.
pub(super) fn config() -> ClientConfig {
    let mut config = ClientConfig::with_verifier(provider(1), Arc::new(TestVerifier));
    config.versions = alloc::vec![ferrotls_record::ProtocolVersion::TLS1_3];
    config.middlebox_compat = false;
    config
}

pub(super) fn connect(config: ClientConfig) -> ClientConnection {
    let name = ServerName::try_from("example.com").expect("name");
    ClientConnection::new(Arc::new(config), name, now()).expect("client starts")
}

/// The server half. Records are framed and protected exactly as a real server would.
pub(super) struct FakeServer {
    provider: Arc<CryptoProvider>,
    transcript: Vec<u8>,
    reader: RecordReader,
    writer: RecordWriter,
    kx: Option<Box<dyn ActiveKx>>,
    keys: Option<(HandshakeSecret, TrafficSecret, TrafficSecret)>,
}

impl FakeServer {
    pub(super) fn new() -> Self {
        Self {
            provider: provider(2),
            transcript: Vec::new(),
            reader: RecordReader::new(),
            writer: RecordWriter::new(),
            kx: None,
            keys: None,
        }
    }

    /// Everything the client wrote, as (content type, plaintext) per record.
    pub(super) fn receive(&mut self, client: &mut ClientConnection) -> Vec<(ContentType, Vec<u8>)> {
        let mut bytes = Vec::new();
        client.write_tls(&mut bytes);
        let mut records = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let (record, used) = self
                .reader
                .read(&mut bytes[at..])
                .expect("client record")
                .expect("complete record");
            records.push((record.content_type, record.payload.to_vec()));
            at += used;
        }
        records
    }

    /// Read the client's ClientHello (adding it to the transcript).
    pub(super) fn client_hello(&mut self, client: &mut ClientConnection) -> ClientHello {
        let records = self.receive(client);
        let (_, payload) = records
            .into_iter()
            .rfind(|(t, _)| *t == ContentType::HANDSHAKE)
            .expect("a handshake record");
        self.transcript.extend_from_slice(&payload);
        match HandshakeMessage::decode(&payload, Version::Tls13) {
            Ok(HandshakeMessage::ClientHello(ch)) => ch,
            other => panic!("not a ClientHello: {other:?}"),
        }
    }

    /// A valid ServerHello answering `ch` with an X25519 share.
    pub(super) fn server_hello(&mut self, ch: &ClientHello) -> ServerHello {
        let kx = self
            .provider
            .kx_group(NamedGroup::X25519)
            .expect("x25519")
            .start(self.provider.random.as_ref())
            .expect("key");
        let share = KeyShareEntry {
            group: NamedGroup::X25519,
            key_exchange: kx.public_key().to_vec(),
        };
        self.kx = Some(kx);
        ServerHello {
            legacy_version: ProtocolVersion::TLS1_2,
            random: [0x5a; 32],
            session_id: ch.session_id.clone(),
            cipher_suite: CipherSuite::TLS_AES_128_GCM_SHA256,
            compression_method: CompressionMethod::NULL,
            extensions: vec![
                ServerExtension::SupportedVersions(ProtocolVersion::TLS1_3),
                ServerExtension::KeyShare(share),
            ],
        }
    }

    /// Frame `message` in a plaintext record, add it to the transcript, and, for a ServerHello
    /// carrying our share, switch to the handshake keys.
    pub(super) fn send_plain(&mut self, message: &HandshakeMessage, ch: &ClientHello) -> Vec<u8> {
        let encoded = message.to_bytes().expect("encode");
        self.transcript.extend_from_slice(&encoded);
        let mut out = Vec::new();
        self.writer
            .write(ContentType::HANDSHAKE, &encoded, &mut out)
            .expect("write");
        if let HandshakeMessage::ServerHello(sh) = message {
            if let (Some(kx), Some(theirs)) = (self.kx.take(), sh.key_share()) {
                // A test breaking the group rule, or replacing our X25519 share with another
                // group's, gets no keys: the client refuses first.
                let client_share = ch
                    .key_shares()
                    .filter(|_| theirs.group == kx.group())
                    .and_then(|s| s.iter().find(|e| e.group == theirs.group));
                if let Some(share) = client_share {
                    let shared = kx.complete(&share.key_exchange).expect("kx");
                    self.enter_handshake(shared.as_bytes());
                }
            }
        }
        out
    }

    fn prims(&self) -> HashPrimitives {
        HashPrimitives::from_provider(&self.provider, TLS_AES_128_GCM_SHA256.hash).expect("prims")
    }

    fn hash(&self) -> ferrotls_crypto::HashOutput {
        self.prims().hash.hash(&self.transcript)
    }

    fn protection(&self, secret: &TrafficSecret) -> RecordProtection {
        let keys = secret
            .traffic_keys(TLS_AES_128_GCM_SHA256.aead)
            .expect("keys");
        let aead = self
            .provider
            .aead(TLS_AES_128_GCM_SHA256.aead)
            .expect("aead");
        RecordProtection::tls13(
            aead.new_key(keys.key().as_bytes()).expect("key"),
            keys.iv().as_bytes(),
        )
        .expect("protection")
    }

    fn enter_handshake(&mut self, shared: &[u8]) {
        let secret = EarlySecret::new(self.prims(), None)
            .into_handshake_secret(Some(shared))
            .expect("hs");
        let hash = self.hash();
        let client = secret.client_handshake_traffic_secret(&hash).expect("c");
        let server = secret.server_handshake_traffic_secret(&hash).expect("s");
        self.writer.install(self.protection(&server));
        self.reader.install(self.protection(&client));
        self.keys = Some((secret, client, server));
    }

    /// Protect `messages` in one record (adding them to the transcript).
    pub(super) fn send(&mut self, messages: &[HandshakeMessage]) -> Vec<u8> {
        let mut payload = Vec::new();
        for m in messages {
            payload.extend_from_slice(&m.to_bytes().expect("encode"));
        }
        self.transcript.extend_from_slice(&payload);
        let mut out = Vec::new();
        self.writer
            .write(ContentType::HANDSHAKE, &payload, &mut out)
            .expect("write");
        out
    }

    /// The server Finished for the transcript so far.
    pub(super) fn finished(&self) -> HandshakeMessage {
        let (_, _, server) = self.keys.as_ref().expect("handshake keys");
        let verify_data = server
            .finished_key()
            .and_then(|k| k.verify_data(&self.hash()))
            .expect("finished");
        HandshakeMessage::Finished(Finished::new(verify_data.as_bytes()).expect("verify_data"))
    }

    /// After the server Finished went out: the client's flight (checking its Finished) under the
    /// client handshake keys; then both sides move to application keys.
    pub(super) fn receive_client_flight(
        &mut self,
        client: &mut ClientConnection,
    ) -> Vec<HandshakeMessage> {
        let (secret, client_hs, _) = self.keys.take().expect("handshake keys");
        let server_finished_hash = self.hash();
        let mut messages = Vec::new();
        for (typ, payload) in self.receive(client) {
            if typ != ContentType::HANDSHAKE {
                continue;
            }
            for m in HandshakeMessage::decode_all(&payload, Version::Tls13).expect("flight") {
                if let HandshakeMessage::Finished(f) = &m {
                    let expected = client_hs
                        .finished_key()
                        .and_then(|k| k.verify_data(&self.hash()))
                        .expect("finished");
                    assert!(expected.ct_eq(&f.verify_data), "client Finished verifies");
                }
                self.transcript
                    .extend_from_slice(&m.to_bytes().expect("encode"));
                messages.push(m);
            }
        }
        let master = secret.into_master_secret().expect("master");
        let c = master
            .client_application_traffic_secret(&server_finished_hash)
            .expect("c ap");
        let s = master
            .server_application_traffic_secret(&server_finished_hash)
            .expect("s ap");
        self.reader.install(self.protection(&c));
        self.writer.install(self.protection(&s));
        messages
    }

    /// Protect an application-epoch record of `content_type`.
    pub(super) fn send_record(&mut self, content_type: ContentType, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.writer
            .write(content_type, payload, &mut out)
            .expect("write");
        out
    }
}

/// The default server flight after the ServerHello: EncryptedExtensions, Certificate,
/// CertificateVerify (Finished is computed separately, over the transcript).
pub(super) fn encrypted_extensions() -> HandshakeMessage {
    HandshakeMessage::EncryptedExtensions(EncryptedExtensions::default())
}

pub(super) fn certificate(cert: &[u8]) -> HandshakeMessage {
    HandshakeMessage::CertificateTls13(CertificateTls13 {
        context: Vec::new(),
        entries: vec![CertificateEntry {
            cert: handshake::CertificateDer(cert.to_vec()),
            extensions: Vec::new(),
        }],
    })
}

pub(super) fn certificate_verify(scheme: SignatureScheme, signature: &[u8]) -> HandshakeMessage {
    HandshakeMessage::CertificateVerify(CertificateVerify {
        scheme,
        signature: signature.to_vec(),
    })
}
