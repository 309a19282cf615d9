//! A minimal TLS 1.3 client written straight on the key schedule and the record layer, so the
//! server's resumption can be tested on its own: it builds ClientHellos with any PSK offer
//! (binders computed, or tampered), sends 0-RTT data and EndOfEarlyData, reads the server's
//! flight (checking its Finished, not its certificate), sends Finished and reads the
//! NewSessionTickets, deriving each ticket's PSK (RFC 8446 §4.6.1).

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::kx::ActiveKx;
use ferrotls_crypto::random::SeededRandom;
use ferrotls_crypto::rustcrypto::provider_with_random;
use ferrotls_crypto::{CryptoProvider, NamedGroup, Secret};
use ferrotls_record::{ContentType, RecordProtection, RecordReader, RecordWriter};

use super::{hello, replace};
use crate::key_schedule::{
    EarlySecret, HandshakeSecret, HashPrimitives, MasterSecret, PskKind, TrafficSecret,
};
use crate::msgs::enums::PskKeyExchangeMode;
use crate::msgs::extensions::{
    ClientExtension, EncryptedExtension, KeyShareClientHello, KeyShareEntry, OfferedPsks,
    PskBinder, PskIdentity, PskKeyExchangeModes, ServerExtension,
};
use crate::msgs::handshake::{ClientHello, HandshakeMessage, Version};
use crate::suites::{SupportedCipherSuite, TLS_AES_128_GCM_SHA256};
use crate::transcript::Transcript;

/// A ticket as the client received it, with its PSK.
#[derive(Clone, Debug)]
pub(super) struct Ticket {
    pub(super) ticket: Vec<u8>,
    pub(super) lifetime: u32,
    pub(super) age_add: u32,
    pub(super) nonce: Vec<u8>,
    pub(super) max_early_data: Option<u32>,
    pub(super) psk: Secret,
}

/// One offered identity: `age_ms` is the client's ticket age, obfuscated here.
#[derive(Clone, Debug)]
pub(super) struct Offered {
    pub(super) ticket: Ticket,
    pub(super) age_ms: u32,
}

impl Offered {
    pub(super) fn new(ticket: &Ticket) -> Self {
        Self {
            ticket: ticket.clone(),
            age_ms: 0,
        }
    }
}

/// What the ClientHello offers for resumption.
#[derive(Clone, Debug)]
pub(super) struct Resume {
    pub(super) identities: Vec<Offered>,
    pub(super) modes: Vec<PskKeyExchangeMode>,
    pub(super) early_data: bool,
    /// Flip a bit of the first binder.
    pub(super) tamper_binder: bool,
}

impl Resume {
    pub(super) fn with(ticket: &Ticket) -> Self {
        Self {
            identities: vec![Offered::new(ticket)],
            modes: vec![PskKeyExchangeMode::PSK_DHE_KE],
            early_data: false,
            tamper_binder: false,
        }
    }
}

/// What the server's flight said.
#[derive(Debug, Default)]
pub(super) struct FlightSeen {
    pub(super) selected_psk: Option<u16>,
    pub(super) server_share: bool,
    pub(super) early_data_accepted: bool,
    pub(super) certificate: bool,
    /// The server's record_size_limit in EncryptedExtensions.
    pub(super) record_size_limit: Option<u16>,
    /// The TLSInnerPlaintext length of each protected record of the flight.
    pub(super) protected_record_lens: Vec<usize>,
    /// EncryptedExtensions' ticket_request: the tickets the server expects to send.
    pub(super) expected_tickets: Option<u8>,
}

pub(super) struct MiniClient {
    suite: &'static SupportedCipherSuite,
    prims: HashPrimitives,
    provider: Arc<CryptoProvider>,
    kx: Option<Box<dyn ActiveKx>>,
    transcript: Transcript,
    /// The PSK of the first identity (the one 0-RTT uses) and of each offered identity.
    psks: Vec<Secret>,
    early_traffic: Option<TrafficSecret>,
    client_handshake: Option<TrafficSecret>,
    master: Option<MasterSecret>,
    client_application: Option<TrafficSecret>,
    resumption: Option<crate::key_schedule::ResumptionMasterSecret>,
    reader: RecordReader,
    writer: RecordWriter,
    pub(super) seen: FlightSeen,
}

impl MiniClient {
    pub(super) fn new(seed: u8) -> Self {
        let provider = Arc::new(provider_with_random(Arc::new(SeededRandom::new(
            [seed; 32],
        ))));
        let suite = &TLS_AES_128_GCM_SHA256;
        let prims = HashPrimitives::from_provider(&provider, suite.hash).unwrap();
        Self {
            suite,
            prims,
            kx: None,
            transcript: Transcript::new(prims.hash),
            psks: Vec::new(),
            early_traffic: None,
            client_handshake: None,
            master: None,
            client_application: None,
            resumption: None,
            reader: RecordReader::new(),
            writer: RecordWriter::new(),
            seen: FlightSeen::default(),
            provider,
        }
    }

    fn protection(&self, secret: &TrafficSecret) -> RecordProtection {
        let keys = secret.traffic_keys(self.suite.aead).unwrap();
        let aead = self.provider.aead(self.suite.aead).unwrap();
        let key = aead.new_key(keys.key().as_bytes()).unwrap();
        RecordProtection::tls13(key, keys.iv().as_bytes()).unwrap()
    }

    /// The baseline hello with our own X25519 share, and the resumption offer if any. Returns
    /// the ClientHello record.
    pub(super) fn hello(&mut self, resume: Option<&Resume>) -> Vec<u8> {
        self.hello_from(hello(), resume)
    }

    pub(super) fn hello_from(&mut self, base: ClientHello, resume: Option<&Resume>) -> Vec<u8> {
        self.build_hello(base, resume, NamedGroup::X25519, None)
    }

    /// The answer to the HelloRetryRequest at the start of `server_output`: `base` again with a
    /// share for the group asked for, the cookie, and the PSK offer with binders over the new
    /// transcript (RFC 8446 §4.2.11.2); never early data (§4.2.10).
    pub(super) fn retry(
        &mut self,
        server_output: &[u8],
        base: ClientHello,
        resume: Option<&Resume>,
    ) -> Vec<u8> {
        let len = usize::from(u16::from_be_bytes([server_output[3], server_output[4]]));
        let message = &server_output[5..5 + len];
        let Ok(HandshakeMessage::HelloRetryRequest(hrr)) =
            HandshakeMessage::decode(message, Version::Tls13)
        else {
            panic!("expected a HelloRetryRequest");
        };
        self.transcript.roll_up_for_retry();
        self.transcript.add(message);
        let resume = resume.map(|r| Resume {
            early_data: false,
            ..r.clone()
        });
        let group = hrr.selected_group().unwrap();
        let cookie = hrr.cookie().cloned();
        self.build_hello(base, resume.as_ref(), group, cookie)
    }

    fn build_hello(
        &mut self,
        base: ClientHello,
        resume: Option<&Resume>,
        group: NamedGroup,
        cookie: Option<crate::msgs::extensions::Cookie>,
    ) -> Vec<u8> {
        let kx = self
            .provider
            .kx_group(group)
            .unwrap()
            .start(self.provider.random.as_ref())
            .unwrap();
        let mut ch = replace(
            base,
            ClientExtension::KeyShare(KeyShareClientHello(vec![KeyShareEntry {
                group,
                key_exchange: kx.public_key().to_vec(),
            }])),
        );
        if let Some(cookie) = cookie {
            ch.extensions.push(ClientExtension::Cookie(cookie));
        }
        self.kx = Some(kx);
        let encoded = match resume {
            None => HandshakeMessage::ClientHello(ch).to_bytes().unwrap(),
            Some(resume) => {
                ch = replace(
                    ch,
                    ClientExtension::PskKeyExchangeModes(PskKeyExchangeModes(resume.modes.clone())),
                );
                if resume.early_data {
                    ch.extensions.push(ClientExtension::EarlyData);
                }
                let len = self.prims.output_len();
                ch.extensions
                    .push(ClientExtension::PreSharedKey(OfferedPsks {
                        identities: resume
                            .identities
                            .iter()
                            .map(|o| PskIdentity {
                                identity: o.ticket.ticket.clone(),
                                obfuscated_ticket_age: o.age_ms.wrapping_add(o.ticket.age_add),
                            })
                            .collect(),
                        binders: resume
                            .identities
                            .iter()
                            .map(|_| PskBinder(vec![0; len]))
                            .collect(),
                    }));
                let partial = ch.encode_partial().unwrap();
                let binder_hash = self.transcript.hash_with(&partial);
                let mut binders: Vec<PskBinder> = resume
                    .identities
                    .iter()
                    .map(|o| {
                        let early = EarlySecret::new(self.prims, Some(o.ticket.psk.as_bytes()));
                        let key = early.binder_key(PskKind::Resumption).unwrap();
                        PskBinder(key.binder(&binder_hash).unwrap().as_bytes().to_vec())
                    })
                    .collect();
                if resume.tamper_binder {
                    binders[0].0[0] ^= 1;
                }
                let mut encoded = HandshakeMessage::ClientHello(ch).to_bytes().unwrap();
                OfferedPsks::write_binders(&mut encoded, &binders).unwrap();
                self.psks = resume
                    .identities
                    .iter()
                    .map(|o| o.ticket.psk.clone())
                    .collect();
                encoded
            }
        };
        self.transcript.add(&encoded);
        if resume.is_some_and(|r| r.early_data) {
            let early = EarlySecret::new(self.prims, Some(self.psks[0].as_bytes()));
            let secret = early
                .client_early_traffic_secret(&self.transcript.current())
                .unwrap();
            self.writer.install(self.protection(&secret));
            self.early_traffic = Some(secret);
        }
        record(ContentType::HANDSHAKE, &encoded)
    }

    /// 0-RTT application data under the early traffic keys.
    pub(super) fn early_data(&mut self, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.writer
            .write(ContentType::APPLICATION_DATA, data, &mut out)
            .unwrap();
        out
    }

    /// Read the server's flight up to its Finished (which must verify).
    pub(super) fn read_flight(&mut self, bytes: &[u8]) {
        let mut buf = bytes.to_vec();
        let mut at = 0;
        let mut handshake: Option<HandshakeSecret> = None;
        let mut server_handshake: Option<TrafficSecret> = None;
        // Messages may span records (a small record_size_limit of ours splits them).
        let mut joined = Vec::new();
        loop {
            let protected = self.reader.protection_kind().is_some();
            let (content_type, payload, used) = {
                let (record, used) = self.reader.read(&mut buf[at..]).unwrap().unwrap();
                (record.content_type, record.payload.to_vec(), used)
            };
            at += used;
            if content_type == ContentType::CHANGE_CIPHER_SPEC {
                continue;
            }
            if protected {
                // The payload plus the inner content type byte (no padding from this server).
                self.seen.protected_record_lens.push(payload.len() + 1);
            }
            assert_eq!(content_type, ContentType::HANDSHAKE);
            joined.extend_from_slice(&payload);
            let complete = complete_messages(&mut joined);
            for message in complete {
                match HandshakeMessage::decode(&message, Version::Tls13).unwrap() {
                    HandshakeMessage::ServerHello(sh) => {
                        self.transcript.add(&message);
                        let mut shared = None;
                        for e in &sh.extensions {
                            match e {
                                ServerExtension::PreSharedKey(i) => {
                                    self.seen.selected_psk = Some(*i)
                                }
                                ServerExtension::KeyShare(k) => {
                                    self.seen.server_share = true;
                                    let kx = self.kx.take().unwrap();
                                    shared = Some(kx.complete(&k.key_exchange).unwrap());
                                }
                                _ => {}
                            }
                        }
                        let psk = self
                            .seen
                            .selected_psk
                            .map(|i| self.psks[usize::from(i)].clone());
                        let hs = EarlySecret::new(self.prims, psk.as_ref().map(|p| p.as_bytes()))
                            .into_handshake_secret(shared.as_ref().map(|s| s.as_bytes()))
                            .unwrap();
                        let hash = self.transcript.current();
                        let s_hs = hs.server_handshake_traffic_secret(&hash).unwrap();
                        self.client_handshake =
                            Some(hs.client_handshake_traffic_secret(&hash).unwrap());
                        self.reader.install(self.protection(&s_hs));
                        server_handshake = Some(s_hs);
                        handshake = Some(hs);
                    }
                    HandshakeMessage::EncryptedExtensions(ee) => {
                        self.seen.early_data_accepted = ee
                            .extensions
                            .iter()
                            .any(|e| matches!(e, EncryptedExtension::EarlyData));
                        self.seen.record_size_limit = ee.extensions.iter().find_map(|e| match e {
                            EncryptedExtension::RecordSizeLimit(l) => Some(l.0),
                            _ => None,
                        });
                        self.seen.expected_tickets = ee.extensions.iter().find_map(|e| match e {
                            EncryptedExtension::TicketRequest(hint) => Some(hint.0),
                            _ => None,
                        });
                        self.transcript.add(&message);
                    }
                    HandshakeMessage::Finished(f) => {
                        let key = server_handshake.as_ref().unwrap().finished_key().unwrap();
                        assert!(key.verify(&self.transcript.current(), &f.verify_data));
                        self.transcript.add(&message);
                        let master = handshake.take().unwrap().into_master_secret().unwrap();
                        let hash = self.transcript.current();
                        let s_ap = master.server_application_traffic_secret(&hash).unwrap();
                        self.client_application =
                            Some(master.client_application_traffic_secret(&hash).unwrap());
                        self.reader.install(self.protection(&s_ap));
                        self.master = Some(master);
                        assert_eq!(at, buf.len(), "the flight ends with the Finished");
                        return;
                    }
                    HandshakeMessage::CertificateTls13(_) => {
                        self.seen.certificate = true;
                        self.transcript.add(&message);
                    }
                    _ => self.transcript.add(&message),
                }
            }
        }
    }

    /// EndOfEarlyData (if 0-RTT was accepted) and Finished.
    pub(super) fn finish(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        if self.seen.early_data_accepted {
            let eoed = [5, 0, 0, 0];
            self.writer
                .write(ContentType::HANDSHAKE, &eoed, &mut out)
                .unwrap();
            self.transcript.add(&eoed);
        }
        let c_hs = self.client_handshake.take().unwrap();
        self.writer.install(self.protection(&c_hs));
        let verify_data = c_hs
            .finished_key()
            .unwrap()
            .verify_data(&self.transcript.current())
            .unwrap();
        let mut finished = vec![20, 0, 0, verify_data.len() as u8];
        finished.extend_from_slice(verify_data.as_bytes());
        self.writer
            .write(ContentType::HANDSHAKE, &finished, &mut out)
            .unwrap();
        self.transcript.add(&finished);
        let rms = self
            .master
            .as_ref()
            .unwrap()
            .resumption_master_secret(&self.transcript.current())
            .unwrap();
        self.resumption = Some(rms);
        let c_ap = self.client_application.take().unwrap();
        self.writer.install(self.protection(&c_ap));
        out
    }

    /// The NewSessionTickets in `bytes` (records under the server's application keys).
    pub(super) fn read_tickets(&mut self, bytes: &[u8]) -> Vec<Ticket> {
        let mut buf = bytes.to_vec();
        let mut at = 0;
        let mut tickets = Vec::new();
        while at < buf.len() {
            let (content_type, payload, used) = {
                let (record, used) = self.reader.read(&mut buf[at..]).unwrap().unwrap();
                (record.content_type, record.payload.to_vec(), used)
            };
            at += used;
            if content_type != ContentType::HANDSHAKE {
                continue;
            }
            for message in split_messages(&payload) {
                let Ok(HandshakeMessage::NewSessionTicketTls13(t)) =
                    HandshakeMessage::decode(&message, Version::Tls13)
                else {
                    panic!("not a NewSessionTicket");
                };
                let psk = self
                    .resumption
                    .as_ref()
                    .unwrap()
                    .ticket_psk(&t.nonce)
                    .unwrap();
                tickets.push(Ticket {
                    max_early_data: t.max_early_data_size(),
                    ticket: t.ticket,
                    lifetime: t.lifetime,
                    age_add: t.age_add,
                    nonce: t.nonce,
                    psk,
                });
            }
        }
        tickets
    }
}

impl MiniClient {
    /// One record of application data under our current keys, of any size (the record layer
    /// bounds it by 2^14 only: no record_size_limit is set on this writer).
    pub(super) fn application_data(&mut self, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.writer
            .write(ContentType::APPLICATION_DATA, data, &mut out)
            .unwrap();
        out
    }

    /// The (content type, TLSInnerPlaintext length) of every record in `bytes`.
    pub(super) fn read_records(&mut self, bytes: &[u8]) -> Vec<(ContentType, usize)> {
        let mut buf = bytes.to_vec();
        let mut at = 0;
        let mut out = Vec::new();
        while at < buf.len() {
            let (record, used) = self.reader.read(&mut buf[at..]).unwrap().unwrap();
            out.push((record.content_type, record.payload.len() + 1));
            at += used;
        }
        out
    }
}

/// Takes the complete handshake messages (headers included) off the front of `joined`.
fn complete_messages(joined: &mut Vec<u8>) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let [_, a, b, c, ..] = joined[..] else {
            return out;
        };
        let len = 4 + (usize::from(a) << 16 | usize::from(b) << 8 | usize::from(c));
        if joined.len() < len {
            return out;
        }
        out.push(joined.drain(..len).collect());
    }
}

fn record(content_type: ContentType, payload: &[u8]) -> Vec<u8> {
    super::record(content_type, payload)
}

/// The handshake messages (headers included) in a record payload.
fn split_messages(payload: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = payload;
    while rest.len() >= 4 {
        let len = usize::from(rest[1]) << 16 | usize::from(rest[2]) << 8 | usize::from(rest[3]);
        out.push(rest[..4 + len].to_vec());
        rest = &rest[4 + len..];
    }
    out
}
