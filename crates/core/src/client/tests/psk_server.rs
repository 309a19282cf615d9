//! A hand-driven TLS 1.3 server that knows one PSK, for the client's resumption tests: it reads
//! the ClientHello and any 0-RTT records, and answers with whatever ServerHello a test builds,
//! deriving keys from the PSK when its ServerHello selects it.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::kx::ActiveKx;
use ferrotls_crypto::{CryptoProvider, HashOutput, NamedGroup};
use ferrotls_record::{ContentType, ProtocolVersion, RecordProtection, RecordReader, RecordWriter};

use super::fake_server::provider;
use crate::client::ClientConnection;
use crate::key_schedule::{EarlySecret, HandshakeSecret, HashPrimitives, TrafficSecret};
use crate::msgs::enums::CompressionMethod;
use crate::msgs::extensions::{KeyShareEntry, ServerExtension};
use crate::msgs::handshake::{ClientHello, Finished, HandshakeMessage, ServerHello, Version};
use crate::suites::SupportedCipherSuite;

/// The server half of a resumption.
pub(super) struct PskServer {
    provider: Arc<CryptoProvider>,
    pub(super) suite: &'static SupportedCipherSuite,
    psk: Vec<u8>,
    pub(super) transcript: Vec<u8>,
    reader: RecordReader,
    writer: RecordWriter,
    /// Client bytes not read yet.
    pending: Vec<u8>,
    kx: Option<Box<dyn ActiveKx>>,
    keys: Option<(HandshakeSecret, TrafficSecret, TrafficSecret)>,
}

impl PskServer {
    /// A server holding `psk`, negotiating `suite`.
    pub(super) fn new(suite: &'static SupportedCipherSuite, psk: &[u8]) -> Self {
        Self {
            provider: provider(3),
            suite,
            psk: psk.to_vec(),
            transcript: Vec::new(),
            reader: RecordReader::new(),
            writer: RecordWriter::new(),
            pending: Vec::new(),
            kx: None,
            keys: None,
        }
    }

    pub(super) fn prims(&self) -> HashPrimitives {
        HashPrimitives::from_provider(&self.provider, self.suite.hash).expect("prims")
    }

    fn hash(&self) -> HashOutput {
        self.prims().hash.hash(&self.transcript)
    }

    fn protection(&self, secret: &TrafficSecret) -> RecordProtection {
        let keys = secret.traffic_keys(self.suite.aead).expect("keys");
        let aead = self.provider.aead(self.suite.aead).expect("aead");
        RecordProtection::tls13(
            aead.new_key(keys.key().as_bytes()).expect("key"),
            keys.iv().as_bytes(),
        )
        .expect("protection")
    }

    /// The next record of what the client wrote, opened with the current read keys.
    pub(super) fn next_record(
        &mut self,
        client: &mut ClientConnection,
    ) -> Option<(ContentType, Vec<u8>)> {
        client.write_tls(&mut self.pending);
        let (record, used) = self
            .reader
            .read(&mut self.pending)
            .expect("client record")?;
        let out = (record.content_type, record.payload.to_vec());
        self.pending.drain(..used);
        Some(out)
    }

    /// Everything the client wrote so far is read.
    pub(super) fn drained(&mut self, client: &mut ClientConnection) -> bool {
        client.write_tls(&mut self.pending);
        self.pending.is_empty()
    }

    /// The client's next ClientHello, added to the transcript, and its encoding.
    pub(super) fn client_hello(&mut self, client: &mut ClientConnection) -> (ClientHello, Vec<u8>) {
        let (typ, payload) = self.next_record(client).expect("a ClientHello record");
        assert_eq!(typ, ContentType::HANDSHAKE);
        self.transcript.extend_from_slice(&payload);
        match HandshakeMessage::decode(&payload, Version::Tls13) {
            Ok(HandshakeMessage::ClientHello(ch)) => (ch, payload),
            other => panic!("not a ClientHello: {other:?}"),
        }
    }

    /// Read the 0-RTT records that follow the ClientHello: client_early_traffic_secret over the
    /// transcript so far (RFC 8446 §7.1).
    pub(super) fn install_early_read(&mut self) {
        let early = EarlySecret::new(self.prims(), Some(&self.psk));
        let secret = early
            .client_early_traffic_secret(&self.hash())
            .expect("c e traffic");
        self.reader.install(self.protection(&secret));
    }

    /// A ServerHello answering `ch`: `select` as pre_shared_key (none: a full handshake), with
    /// an X25519 share when `dhe`.
    pub(super) fn server_hello(
        &mut self,
        ch: &ClientHello,
        select: Option<u16>,
        dhe: bool,
    ) -> ServerHello {
        let mut extensions = vec![ServerExtension::SupportedVersions(ProtocolVersion::TLS1_3)];
        if dhe {
            let kx = self
                .provider
                .kx_group(NamedGroup::X25519)
                .expect("x25519")
                .start(self.provider.random.as_ref())
                .expect("key");
            extensions.push(ServerExtension::KeyShare(KeyShareEntry {
                group: NamedGroup::X25519,
                key_exchange: kx.public_key().to_vec(),
            }));
            self.kx = Some(kx);
        }
        if let Some(index) = select {
            extensions.push(ServerExtension::PreSharedKey(index));
        }
        ServerHello {
            legacy_version: ProtocolVersion::TLS1_2,
            random: [0x77; 32],
            session_id: ch.session_id.clone(),
            cipher_suite: self.suite.suite,
            compression_method: CompressionMethod::NULL,
            extensions,
        }
    }

    /// Send `message` in a plaintext record (adding it to the transcript); a ServerHello moves
    /// the server to its handshake keys, from the PSK if it selects one. The read side stays
    /// on the early keys if they are installed (the client's 0-RTT data and EndOfEarlyData).
    pub(super) fn send_plain(&mut self, message: &HandshakeMessage, ch: &ClientHello) -> Vec<u8> {
        let encoded = message.to_bytes().expect("encode");
        self.transcript.extend_from_slice(&encoded);
        let mut out = Vec::new();
        self.writer
            .write(ContentType::HANDSHAKE, &encoded, &mut out)
            .expect("write");
        if let HandshakeMessage::ServerHello(sh) = message {
            let shared = match (self.kx.take(), sh.key_share()) {
                (Some(kx), Some(theirs)) => ch
                    .key_shares()
                    .and_then(|s| s.iter().find(|e| e.group == theirs.group))
                    .map(|share| kx.complete(&share.key_exchange).expect("kx")),
                _ => None,
            };
            let psk = sh.selected_psk().map(|_| self.psk.clone());
            let secret = EarlySecret::new(self.prims(), psk.as_deref())
                .into_handshake_secret(shared.as_ref().map(|s| s.as_bytes()))
                .expect("hs");
            let hash = self.hash();
            let client = secret.client_handshake_traffic_secret(&hash).expect("c");
            let server = secret.server_handshake_traffic_secret(&hash).expect("s");
            self.writer.install(self.protection(&server));
            self.keys = Some((secret, client, server));
        }
        out
    }

    /// The client's handshake keys now protect what it sends.
    pub(super) fn install_client_handshake_read(&mut self) {
        let (_, client, _) = self.keys.as_ref().expect("handshake keys");
        let protection = self.protection(client);
        self.reader.install(protection);
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

    /// Read one handshake message of the client (adding it to the transcript); a Finished must
    /// verify under the client handshake keys.
    pub(super) fn client_message(&mut self, client: &mut ClientConnection) -> HandshakeMessage {
        let (typ, payload) = self.next_record(client).expect("a client record");
        assert_eq!(typ, ContentType::HANDSHAKE, "{payload:?}");
        let message = HandshakeMessage::decode(&payload, Version::Tls13).expect("message");
        if let HandshakeMessage::Finished(f) = &message {
            let (_, client_hs, _) = self.keys.as_ref().expect("handshake keys");
            let expected = client_hs
                .finished_key()
                .and_then(|k| k.verify_data(&self.hash()))
                .expect("finished");
            assert!(expected.ct_eq(&f.verify_data), "client Finished verifies");
        }
        self.transcript.extend_from_slice(&payload);
        message
    }

    /// After the client's Finished: both sides move to the application keys.
    pub(super) fn enter_application(&mut self, server_finished_hash: &HashOutput) {
        let (secret, _, _) = self.keys.take().expect("handshake keys");
        let master = secret.into_master_secret().expect("master");
        let c = master
            .client_application_traffic_secret(server_finished_hash)
            .expect("c ap");
        let s = master
            .server_application_traffic_secret(server_finished_hash)
            .expect("s ap");
        self.reader.install(self.protection(&c));
        self.writer.install(self.protection(&s));
    }

    /// The transcript hash now (to keep the hash through the server Finished).
    pub(super) fn transcript_hash(&self) -> HashOutput {
        self.hash()
    }
}
