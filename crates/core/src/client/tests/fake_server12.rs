//! A hand-driven TLS 1.2 server for the client's unit tests: it frames and protects whatever
//! messages a test gives it, computing keys and Finished values independently of the client's
//! state machine (from the key schedule's primitives), so each test can break exactly one rule.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::kx::ActiveKx;
use ferrotls_crypto::{CryptoProvider, NamedGroup, SignatureScheme};
use ferrotls_record::{ContentType, ProtocolVersion, RecordProtection, RecordReader, RecordWriter};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;

use super::fake_server::{provider, GOOD_SIGNATURE};
use crate::client::ClientConnection;
use crate::key_schedule::{HashPrimitives, Side, Tls12MasterSecret, Tls12WriteKeys};
use crate::msgs::enums::{CipherSuite, CompressionMethod, ECPointFormat};
use crate::msgs::extensions::{ECPointFormatList, RenegotiationInfo, ServerExtension};
use crate::msgs::handshake::{
    self, CertificateTls12, ClientHello, EcdheParams, Finished, HandshakeMessage, ServerHello,
    ServerHelloDone, ServerKeyExchange, Version,
};
use crate::suites::{self, SupportedCipherSuite};

pub(super) const ECDSA_CERT: &str =
    include_str!("../../../../../vectors/certs/server-ecdsa-p256.pem");
pub(super) const RSA_CERT: &str = include_str!("../../../../../vectors/certs/server-rsa2048.pem");
pub(super) const REAL_CERTS: [&str; 2] = [ECDSA_CERT, RSA_CERT];

pub(super) fn der(pem: &str) -> CertificateDer<'static> {
    CertificateDer::from_pem_slice(pem.as_bytes()).expect("test PEM")
}

/// The TLS 1.2 server half.
pub(super) struct FakeServer12 {
    provider: Arc<CryptoProvider>,
    pub(super) suite: &'static SupportedCipherSuite,
    pub(super) ems: bool,
    /// Every handshake message so far, for the hashes.
    pub(super) transcript: Vec<u8>,
    reader: RecordReader,
    writer: RecordWriter,
    client_random: [u8; 32],
    pub(super) server_random: [u8; 32],
    kx: Option<Box<dyn ActiveKx>>,
    master: Option<Tls12MasterSecret>,
    server_write: Option<RecordProtection>,
}

impl FakeServer12 {
    pub(super) fn new(suite: CipherSuite) -> Self {
        Self {
            provider: provider(3),
            suite: suites::lookup(suite).expect("suite"),
            ems: true,
            transcript: Vec::new(),
            reader: RecordReader::new(),
            writer: RecordWriter::new(),
            client_random: [0; 32],
            server_random: [0x12; 32],
            kx: None,
            master: None,
            server_write: None,
        }
    }

    fn prims(&self) -> HashPrimitives {
        HashPrimitives::from_provider(&self.provider, self.suite.hash).expect("prims")
    }

    fn hash(&self) -> ferrotls_crypto::HashOutput {
        self.prims().hash.hash(&self.transcript)
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

    pub(super) fn client_hello(&mut self, client: &mut ClientConnection) -> ClientHello {
        let (_, payload) = self.receive(client).remove(0);
        self.transcript.extend_from_slice(&payload);
        match HandshakeMessage::decode(&payload, Version::Tls12) {
            Ok(HandshakeMessage::ClientHello(ch)) => {
                self.client_random = ch.random;
                ch
            }
            other => panic!("not a ClientHello: {other:?}"),
        }
    }

    /// A valid TLS 1.2 ServerHello: renegotiation_info, EMS (if `self.ems`), point formats.
    pub(super) fn server_hello(&self) -> ServerHello {
        let mut extensions = vec![
            ServerExtension::RenegotiationInfo(RenegotiationInfo::default()),
            ServerExtension::EcPointFormats(ECPointFormatList(vec![ECPointFormat::UNCOMPRESSED])),
        ];
        if self.ems {
            extensions.push(ServerExtension::ExtendedMasterSecret);
        }
        ServerHello {
            legacy_version: ProtocolVersion::TLS1_2,
            random: self.server_random,
            session_id: vec![7; 32],
            cipher_suite: self.suite.suite,
            compression_method: CompressionMethod::NULL,
            extensions,
        }
    }

    pub(super) fn certificate(pem: &str) -> HandshakeMessage {
        HandshakeMessage::CertificateTls12(CertificateTls12 {
            chain: vec![handshake::CertificateDer(der(pem).as_ref().to_vec())],
        })
    }

    /// A ServerKeyExchange with a fresh share of `group`, "signed" for the TestVerifier.
    pub(super) fn server_key_exchange(
        &mut self,
        group: NamedGroup,
        scheme: SignatureScheme,
    ) -> HandshakeMessage {
        let kx = self
            .provider
            .kx_group(group)
            .expect("group")
            .start(self.provider.random.as_ref())
            .expect("key");
        let public = kx.public_key().to_vec();
        self.kx = Some(kx);
        HandshakeMessage::ServerKeyExchange(ServerKeyExchange {
            params: EcdheParams { group, public },
            scheme,
            signature: GOOD_SIGNATURE.to_vec(),
        })
    }

    /// The whole valid first flight for an ECDSA suite.
    pub(super) fn first_flight(&mut self) -> Vec<HandshakeMessage> {
        let cert = match self.suite.tls12_auth {
            Some(crate::suites::Tls12Auth::Rsa) => RSA_CERT,
            _ => ECDSA_CERT,
        };
        let scheme = match self.suite.tls12_auth {
            Some(crate::suites::Tls12Auth::Rsa) => SignatureScheme::RSA_PKCS1_SHA256,
            _ => SignatureScheme::ECDSA_NISTP256_SHA256,
        };
        vec![
            HandshakeMessage::ServerHello(self.server_hello()),
            Self::certificate(cert),
            self.server_key_exchange(NamedGroup::X25519, scheme),
            HandshakeMessage::ServerHelloDone(ServerHelloDone),
        ]
    }

    /// Frame `messages` in one record under the current keys, adding them to the transcript.
    pub(super) fn send(&mut self, messages: &[HandshakeMessage]) -> Vec<u8> {
        let mut payload = Vec::new();
        for m in messages {
            payload.extend_from_slice(&m.to_bytes().expect("encode"));
        }
        if let Some(HandshakeMessage::ServerHello(sh)) = messages.first() {
            self.server_random = sh.random;
        }
        self.transcript.extend_from_slice(&payload);
        self.send_record(ContentType::HANDSHAKE, &payload)
    }

    pub(super) fn send_record(&mut self, typ: ContentType, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.writer.write(typ, payload, &mut out).expect("write");
        out
    }

    fn protection(&self, keys: &Tls12WriteKeys) -> RecordProtection {
        let aead = self.provider.aead(self.suite.aead).expect("aead");
        RecordProtection::tls12(
            aead.new_key(keys.key().as_bytes()).expect("key"),
            keys.fixed_iv().as_bytes(),
        )
        .expect("protection")
    }

    /// (client_write, server_write) from the master secret.
    fn protections(&self) -> (RecordProtection, RecordProtection) {
        let block = self.master.as_ref().expect("master secret").key_block(
            self.suite.aead,
            &self.client_random,
            &self.server_random,
        );
        (
            self.protection(&block.client),
            self.protection(&block.server),
        )
    }

    /// Read the client's flight: its handshake messages, checking that a ChangeCipherSpec
    /// precedes its Finished and that the Finished verifies.
    pub(super) fn receive_client_flight(
        &mut self,
        client: &mut ClientConnection,
    ) -> Vec<HandshakeMessage> {
        let mut bytes = Vec::new();
        client.write_tls(&mut bytes);
        let mut messages = Vec::new();
        let mut at = 0;
        let mut saw_ccs = false;
        while at < bytes.len() {
            let (typ, payload) = {
                let (record, used) = self
                    .reader
                    .read(&mut bytes[at..])
                    .expect("client record")
                    .expect("complete record");
                at += used;
                (record.content_type, record.payload.to_vec())
            };
            if typ == ContentType::CHANGE_CIPHER_SPEC {
                assert_eq!(payload, [1]);
                let (client_write, server_write) = self.protections();
                self.reader.install(client_write);
                self.server_write = Some(server_write);
                saw_ccs = true;
                continue;
            }
            assert_eq!(typ, ContentType::HANDSHAKE);
            for m in HandshakeMessage::decode_all(&payload, Version::Tls12).expect("flight") {
                match &m {
                    HandshakeMessage::ClientKeyExchange(cke) => {
                        self.transcript.extend_from_slice(&m.to_bytes().unwrap());
                        let kx = self.kx.take().expect("server share");
                        let pms = kx.complete(&cke.public).expect("client point");
                        self.master = Some(if self.ems {
                            Tls12MasterSecret::derive_extended(
                                self.prims(),
                                pms.as_bytes(),
                                &self.hash(),
                            )
                            .expect("ems")
                        } else {
                            Tls12MasterSecret::derive(
                                self.prims(),
                                pms.as_bytes(),
                                &self.client_random,
                                &self.server_random,
                            )
                        });
                    }
                    HandshakeMessage::Finished(f) => {
                        assert!(saw_ccs, "Finished after ChangeCipherSpec");
                        let master = self.master.as_ref().expect("master");
                        assert!(
                            master.verify_finished(Side::Client, &self.hash(), &f.verify_data),
                            "client Finished verifies"
                        );
                        self.transcript.extend_from_slice(&m.to_bytes().unwrap());
                    }
                    _ => self.transcript.extend_from_slice(&m.to_bytes().unwrap()),
                }
                messages.push(m);
            }
        }
        messages
    }

    /// ChangeCipherSpec, then our Finished under the new keys.
    pub(super) fn change_cipher_spec(&mut self) -> Vec<u8> {
        let out = self.send_record(ContentType::CHANGE_CIPHER_SPEC, &[1]);
        self.writer.install(
            self.server_write
                .take()
                .expect("keys from the client flight"),
        );
        out
    }

    pub(super) fn finished(&self) -> HandshakeMessage {
        let verify_data = self
            .master
            .as_ref()
            .expect("master")
            .verify_data(Side::Server, &self.hash())
            .expect("verify_data");
        HandshakeMessage::Finished(Finished::new(verify_data.as_bytes()).expect("verify_data"))
    }
}
