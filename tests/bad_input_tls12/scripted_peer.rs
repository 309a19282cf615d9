//! The scripted peer: one side of a TLS 1.2 handshake done by hand. It frames its own records
//! and computes every key itself (its ECDHE share, the extended master secret of RFC 7627, the
//! key block and Finished values, with `Tls12MasterSecret`), so it can break exactly one rule
//! and still read everything the endpoint under test writes, protected or not.

use ferrotls_core::crypto::kx::ActiveKx;
use ferrotls_core::crypto::rustcrypto::default_provider;
use ferrotls_core::crypto::{CryptoProvider, HashOutput, NamedGroup, Secret};
use ferrotls_core::key_schedule::{HashPrimitives, Side, Tls12MasterSecret, Tls12WriteKeys};
use ferrotls_core::suites::{self, SupportedCipherSuite};
use ferrotls_record::{ContentType, RecordProtection, RecordReader, RecordWriter};
use ferrotls_tests::code_points::{
    HS_CLIENT_HELLO, HS_CLIENT_KEY_EXCHANGE, HS_FINISHED, HS_HELLO_REQUEST, HS_SERVER_HELLO,
    HS_SERVER_KEY_EXCHANGE,
};
use ferrotls_tests::tls_bytes::{message, split_messages};

use crate::messages::{
    cke_message, digitally_signed, ecdh_params, sign, ECDHE_ECDSA_AES128_GCM_SHA256,
    ECDSA_P256_SHA256,
};

// ---- the scripted peer ----

/// Which side the script plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Client,
    Server,
}

/// One side of a TLS 1.2 handshake, done by hand: the transcript, the record layer in both
/// directions, and the key schedule.
pub(crate) struct Script {
    pub(crate) role: Role,
    pub(crate) provider: CryptoProvider,
    pub(crate) suite: &'static SupportedCipherSuite,
    /// Every handshake message so far (HelloRequest excepted, RFC 5246 §7.4.9).
    pub(crate) transcript: Vec<u8>,
    /// Reads what the endpoint under test writes.
    pub(crate) reader: RecordReader,
    /// Writes our records.
    pub(crate) writer: RecordWriter,
    pub(crate) client_random: [u8; 32],
    pub(crate) server_random: [u8; 32],
    /// Our ECDHE share, until the premaster secret is computed.
    pub(crate) kx: Option<Box<dyn ActiveKx>>,
    /// The peer's ECDHE point (from its ServerKeyExchange), when we are the client.
    pub(crate) peer_point: Option<(u16, Vec<u8>)>,
    /// Set when we play the client and have computed the premaster secret already.
    pub(crate) premaster: Option<Secret>,
    pub(crate) master: Option<Tls12MasterSecret>,
    /// Installed on the peer's ChangeCipherSpec.
    pub(crate) pending_read: Option<RecordProtection>,
    /// Installed on ours.
    pub(crate) pending_write: Option<RecordProtection>,
    /// Every record read: (content type, plaintext).
    pub(crate) received: Vec<(ContentType, Vec<u8>)>,
}

impl Script {
    pub(crate) fn new(role: Role) -> Self {
        Self {
            role,
            provider: default_provider(),
            suite: suites::lookup(ferrotls_core::msgs::enums::CipherSuite(
                ECDHE_ECDSA_AES128_GCM_SHA256,
            ))
            .expect("suite"),
            transcript: Vec::new(),
            reader: RecordReader::new(),
            writer: RecordWriter::new(),
            client_random: [0; 32],
            server_random: [0; 32],
            kx: None,
            peer_point: None,
            premaster: None,
            master: None,
            pending_read: None,
            pending_write: None,
            received: Vec::new(),
        }
    }

    pub(crate) fn prims(&self) -> HashPrimitives {
        HashPrimitives::from_provider(&self.provider, self.suite.hash).expect("prims")
    }

    pub(crate) fn hash(&self) -> HashOutput {
        self.prims().hash.hash(&self.transcript)
    }

    /// Adds a handshake message (ours or the peer's) to the transcript, noting what it tells.
    pub(crate) fn add(&mut self, m: &[u8]) {
        match m[0] {
            HS_HELLO_REQUEST => return,
            HS_CLIENT_HELLO => self.client_random.copy_from_slice(&m[6..38]),
            HS_SERVER_HELLO => {
                self.server_random.copy_from_slice(&m[6..38]);
                let sid = usize::from(m[38]);
                let suite = u16::from_be_bytes([m[39 + sid], m[40 + sid]]);
                if let Some(s) = suites::lookup(ferrotls_core::msgs::enums::CipherSuite(suite)) {
                    self.suite = s;
                }
            }
            HS_SERVER_KEY_EXCHANGE if self.role == Role::Client => {
                let group = u16::from_be_bytes([m[5], m[6]]);
                let len = usize::from(m[7]);
                self.peer_point = Some((group, m[8..8 + len].to_vec()));
            }
            _ => {}
        }
        self.transcript.extend_from_slice(m);
        if m[0] == HS_CLIENT_KEY_EXCHANGE {
            let premaster = match self.premaster.take() {
                Some(p) => p,
                None => self
                    .kx
                    .take()
                    .expect("our share")
                    .complete(&m[5..])
                    .expect("the client's point"),
            };
            self.derive(&premaster);
        }
    }

    /// RFC 7627 §4: the extended master secret over the transcript through ClientKeyExchange,
    /// then the key block (RFC 5246 §6.3).
    pub(crate) fn derive(&mut self, premaster: &Secret) {
        let master =
            Tls12MasterSecret::derive_extended(self.prims(), premaster.as_bytes(), &self.hash())
                .expect("ems");
        let block = master.key_block(self.suite.aead, &self.client_random, &self.server_random);
        let client = self.protection(&block.client);
        let server = self.protection(&block.server);
        let (read, write) = match self.role {
            Role::Client => (server, client),
            Role::Server => (client, server),
        };
        self.pending_read = Some(read);
        self.pending_write = Some(write);
        self.master = Some(master);
    }

    pub(crate) fn protection(&self, keys: &Tls12WriteKeys) -> RecordProtection {
        let aead = self.provider.aead(self.suite.aead).expect("aead");
        RecordProtection::tls12(
            aead.new_key(keys.key().as_bytes()).expect("key"),
            keys.fixed_iv().as_bytes(),
        )
        .expect("protection")
    }

    /// Reads everything the endpoint wrote; returns the records' (type, plaintext).
    pub(crate) fn read(&mut self, mut bytes: Vec<u8>) -> Vec<(ContentType, Vec<u8>)> {
        let mut records = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let (typ, payload, used) = {
                let (record, used) = self
                    .reader
                    .read(&mut bytes[at..])
                    .expect("a record the script can open")
                    .expect("a complete record");
                (record.content_type, record.payload.to_vec(), used)
            };
            at += used;
            if typ == ContentType::CHANGE_CIPHER_SPEC {
                if let Some(p) = self.pending_read.take() {
                    self.reader.install(p);
                }
            } else if typ == ContentType::HANDSHAKE {
                for m in split_messages(&payload) {
                    self.add(&m);
                }
            }
            records.push((typ, payload));
        }
        self.received.extend(records.iter().cloned());
        records
    }

    /// One record of ours, under the current write keys.
    pub(crate) fn record(&mut self, typ: ContentType, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.writer.write(typ, payload, &mut out).expect("write");
        out
    }

    /// Handshake messages of ours in one record, added to the transcript.
    pub(crate) fn hs(&mut self, messages: &[Vec<u8>]) -> Vec<u8> {
        let mut payload = Vec::new();
        for m in messages {
            self.add(m);
            payload.extend_from_slice(m);
        }
        self.record(ContentType::HANDSHAKE, &payload)
    }

    /// Our ChangeCipherSpec; our write keys take effect after it.
    pub(crate) fn ccs(&mut self) -> Vec<u8> {
        let out = self.record(ContentType::CHANGE_CIPHER_SPEC, &[1]);
        if let Some(p) = self.pending_write.take() {
            self.writer.install(p);
        }
        out
    }

    /// Our Finished over the transcript so far (not added to it).
    pub(crate) fn finished(&self) -> Vec<u8> {
        let side = match self.role {
            Role::Client => Side::Client,
            Role::Server => Side::Server,
        };
        let verify_data = self
            .master
            .as_ref()
            .expect("master secret")
            .verify_data(side, &self.hash())
            .expect("verify_data");
        message(HS_FINISHED, verify_data.as_bytes())
    }

    // -- as the server --

    /// A ServerKeyExchange for `params` (curve type, group, point as given), signed by the
    /// ECDSA server key over the randoms and `signed_params` (RFC 8422 §5.4), naming `scheme`.
    pub(crate) fn ske_raw(&self, params: &[u8], signed_params: &[u8], scheme: u16) -> Vec<u8> {
        let mut tbs = self.client_random.to_vec();
        tbs.extend_from_slice(&self.server_random);
        tbs.extend_from_slice(signed_params);
        let signature = sign("server-ecdsa-p256.key", ECDSA_P256_SHA256, &tbs);
        let mut body = params.to_vec();
        body.extend_from_slice(&digitally_signed(scheme, &signature));
        message(HS_SERVER_KEY_EXCHANGE, &body)
    }

    /// A correctly signed ServerKeyExchange for a named curve and this point.
    pub(crate) fn ske_with_point(&self, group: u16, point: &[u8]) -> Vec<u8> {
        let params = ecdh_params(3, group, point);
        self.ske_raw(&params, &params, ECDSA_P256_SHA256)
    }

    /// A valid ServerKeyExchange with a fresh share of `group`.
    pub(crate) fn ske(&mut self, group: u16, scheme: u16) -> Vec<u8> {
        let kx = self
            .provider
            .kx_group(NamedGroup(group))
            .expect("group")
            .start(self.provider.random.as_ref())
            .expect("share");
        let params = ecdh_params(3, group, kx.public_key());
        self.kx = Some(kx);
        self.ske_raw(&params, &params, scheme)
    }

    // -- as the client --

    /// Our ClientKeyExchange for the server's point, with the premaster secret noted.
    pub(crate) fn cke(&mut self) -> Vec<u8> {
        let (group, point) = self.peer_point.clone().expect("the server's share");
        let kx = self
            .provider
            .kx_group(NamedGroup(group))
            .expect("group")
            .start(self.provider.random.as_ref())
            .expect("share");
        let public = kx.public_key().to_vec();
        self.premaster = Some(kx.complete(&point).expect("the server's point"));
        cke_message(&public)
    }
}
