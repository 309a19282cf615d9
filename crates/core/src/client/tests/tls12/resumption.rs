//! The TLS 1.2 client resuming a session against the fake TLS 1.2 server: the abbreviated
//! handshake (RFC 5246 §7.3 Figure 2) by session ID and by RFC 5077 ticket, the session reported
//! after it, and the refusals of a ServerHello that resumes with other parameters.

use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_record::{
    AlertDescription, ContentType, RecordProtection, RecordReader, RecordWriter,
};
use rustls_pki_types::ServerName;

use super::super::alert;
use super::super::fake_server::{config, now, provider};
use super::super::fake_server12::{der, FakeServer12, ECDSA_CERT};
use super::{tls12_only, ECDSA_SUITE};
use crate::client::ClientConnection;
use crate::config::ClientConfig;
use crate::error::Error;
use crate::events::Event;
use crate::key_schedule::{HashPrimitives, Side, Tls12MasterSecret, Tls12WriteKeys};
use crate::msgs::enums::CipherSuite;
use crate::msgs::extensions::{ClientExtension, ServerExtension};
use crate::msgs::handshake::{ClientHello, Finished, HandshakeMessage, NewSessionTicketTls12};
use crate::resumption::{DeclineReason, ResumptionData, ResumptionKind, SessionParams};
use crate::suites;

const MASTER: [u8; 48] = [9; 48];
const SESSION_ID: [u8; 32] = [7; 32];

fn params(ems: bool) -> SessionParams {
    SessionParams {
        cipher_suite: ECDSA_SUITE,
        secret: ferrotls_crypto::Secret::new(&MASTER),
        server_name: Some("example.com".into()),
        alpn: None,
        extended_master_secret: ems,
        peer_certificates: vec![der(ECDSA_CERT)].into(),
    }
}

fn session_id_data() -> ResumptionData {
    ResumptionData::tls12_session_id(params(true), SESSION_ID.to_vec(), now(), 3600).unwrap()
}

fn ticket_data() -> ResumptionData {
    ResumptionData::tls12_ticket(params(true), vec![0x7e; 60], Vec::new(), now(), 3600).unwrap()
}

fn resume(config: ClientConfig, data: ResumptionData) -> ClientConnection {
    let name = ServerName::try_from("example.com").unwrap();
    ClientConnection::resume(Arc::new(config), name, data, now()).unwrap()
}

/// The server half of an abbreviated handshake, on top of the fake server's framing: keys from
/// [`MASTER`] and the two randoms.
struct Abbreviated {
    server: FakeServer12,
    ch: ClientHello,
    master: Tls12MasterSecret,
    prims: HashPrimitives,
}

impl Abbreviated {
    fn new(client: &mut ClientConnection) -> Self {
        let mut server = FakeServer12::new(ECDSA_SUITE);
        let ch = server.client_hello(client);
        let suite = suites::lookup(ECDSA_SUITE).unwrap();
        let prims = HashPrimitives::from_provider(&provider(3), suite.hash).unwrap();
        let master = Tls12MasterSecret::from_bytes(prims, &MASTER).unwrap();
        Self {
            server,
            ch,
            master,
            prims,
        }
    }

    /// A ServerHello echoing the client's session ID.
    fn server_hello(
        &self,
        edit: impl FnOnce(&mut crate::msgs::handshake::ServerHello),
    ) -> HandshakeMessage {
        let mut sh = self.server.server_hello();
        sh.session_id = self.ch.session_id.clone();
        edit(&mut sh);
        HandshakeMessage::ServerHello(sh)
    }

    fn protection(&self, keys: &Tls12WriteKeys) -> RecordProtection {
        let suite = suites::lookup(ECDSA_SUITE).unwrap();
        let aead = provider(3).aead(suite.aead).unwrap();
        RecordProtection::tls12(
            aead.new_key(keys.key().as_bytes()).unwrap(),
            keys.fixed_iv().as_bytes(),
        )
        .unwrap()
    }

    /// (client_write, server_write).
    fn keys(&self) -> (RecordProtection, RecordProtection) {
        let suite = suites::lookup(ECDSA_SUITE).unwrap();
        let block = self
            .master
            .key_block(suite.aead, &self.ch.random, &self.server.server_random);
        (
            self.protection(&block.client),
            self.protection(&block.server),
        )
    }

    fn verify_data(&self, side: Side) -> Vec<u8> {
        let hash = self.prims.hash.hash(&self.server.transcript);
        self.master
            .verify_data(side, &hash)
            .unwrap()
            .as_bytes()
            .to_vec()
    }

    /// Send `hello` (and whatever follows it in the same record), then ChangeCipherSpec and a
    /// Finished (with a flipped bit if `tamper`); returns what the client made of it and the
    /// client's write keys.
    fn run(
        &mut self,
        client: &mut ClientConnection,
        messages: &[HandshakeMessage],
        tamper: bool,
    ) -> Result<RecordProtection, Error> {
        let mut bytes = self.server.send(messages);
        client.handle_tls(&mut bytes, now())?;
        let (client_write, server_write) = self.keys();
        let mut verify_data = self.verify_data(Side::Server);
        if tamper {
            verify_data[0] ^= 1;
        }
        let finished = HandshakeMessage::Finished(Finished::new(&verify_data).unwrap())
            .to_bytes()
            .unwrap();
        let mut bytes = self
            .server
            .send_record(ContentType::CHANGE_CIPHER_SPEC, &[1]);
        let mut writer = RecordWriter::new();
        writer.install(server_write);
        writer
            .write(ContentType::HANDSHAKE, &finished, &mut bytes)
            .unwrap();
        self.server.transcript.extend_from_slice(&finished);
        client.handle_tls(&mut bytes, now())?;
        Ok(client_write)
    }

    /// The client's answer: ChangeCipherSpec, then a Finished over everything before it.
    fn check_client_finished(&self, client: &mut ClientConnection, client_write: RecordProtection) {
        let mut bytes = Vec::new();
        client.write_tls(&mut bytes);
        assert_eq!(bytes[..6], [20, 3, 3, 0, 1, 1], "ChangeCipherSpec first");
        let mut reader = RecordReader::new();
        reader.install(client_write);
        let (record, _) = reader.read(&mut bytes[6..]).unwrap().unwrap();
        assert_eq!(record.content_type, ContentType::HANDSHAKE);
        let expected = self.verify_data(Side::Client);
        assert_eq!(record.payload[..4], [20, 0, 0, 12]);
        assert_eq!(record.payload[4..], expected[..]);
    }
}

fn tickets(client: &mut ClientConnection) -> Vec<ResumptionData> {
    core::iter::from_fn(|| client.poll_event())
        .filter_map(|e| match e {
            Event::TicketReceived(data) => Some(data),
            _ => None,
        })
        .collect()
}

#[test]
fn a_session_id_resumes_and_is_reported_again() {
    let data = session_id_data();
    let mut client = resume(tls12_only(), data.clone());
    let mut server = Abbreviated::new(&mut client);
    assert_eq!(server.ch.session_id, SESSION_ID);
    let hello = server.server_hello(|_| {});
    let client_write = server.run(&mut client, &[hello], false).unwrap();
    server.check_client_finished(&mut client, client_write);
    assert!(!client.is_handshaking());
    let info = client.info();
    assert!(info.resumed && info.resumption_offered && info.extended_master_secret);
    assert!(info.safe_renegotiation);
    assert_eq!(info.session_id, SESSION_ID);
    assert_eq!(info.peer_certificates, [der(ECDSA_CERT)]);
    assert_eq!(info.group, None);
    assert_eq!(tickets(&mut client), [data]);
}

#[test]
fn a_ticket_resumes_with_a_renewed_ticket() {
    let mut client = resume(tls12_only(), ticket_data());
    let mut server = Abbreviated::new(&mut client);
    // RFC 5077 §3.4: the ticket, with a made-up session ID to be echoed.
    assert_eq!(server.ch.session_id.len(), 32);
    assert!(server
        .ch
        .extensions
        .iter()
        .any(|e| matches!(e, ClientExtension::SessionTicket(t) if t.0 == [0x7e; 60])));
    let hello = server.server_hello(|sh| sh.extensions.push(ServerExtension::SessionTicket));
    let renewed = HandshakeMessage::NewSessionTicketTls12(NewSessionTicketTls12 {
        lifetime_hint: 0,
        ticket: vec![0x5a; 80],
    });
    let client_write = server.run(&mut client, &[hello, renewed], false).unwrap();
    server.check_client_finished(&mut client, client_write);
    assert!(client.is_resumed());
    let reported = tickets(&mut client);
    assert_eq!(reported.len(), 1);
    let data = &reported[0];
    assert_eq!(data.kind(), ResumptionKind::Tls12Ticket);
    assert_eq!(data.ticket(), [0x5a; 80]);
    assert_eq!(data.secret().as_bytes(), MASTER);
    // A hint of 0 is "unspecified" (RFC 5077 §3.3): the client's default.
    assert_eq!(data.lifetime(), super::DEFAULT_TLS12_SESSION_LIFETIME);
}

#[test]
fn a_full_handshake_instead_is_a_decline() {
    let mut client = resume(tls12_only(), session_id_data());
    let mut server = FakeServer12::new(ECDSA_SUITE);
    server.client_hello(&mut client);
    // The fake's own session ID is [7; 32], the one we offered: use another.
    let mut flight = server.first_flight();
    if let HandshakeMessage::ServerHello(sh) = &mut flight[0] {
        sh.session_id = vec![8; 32];
    }
    let mut bytes = server.send(&flight);
    client.handle_tls(&mut bytes, now()).unwrap();
    assert!(!client.is_resumed());
    assert!(core::iter::from_fn(|| client.poll_event()).any(|e| e
        == Event::ResumptionDeclined {
            reason: DeclineReason::DeclinedByServer
        }));
}

#[test]
fn resuming_with_other_parameters_is_refused() {
    // Another suite than the session's: RFC 5246 §7.4.1.3.
    let mut client = resume(tls12_only(), session_id_data());
    let mut server = Abbreviated::new(&mut client);
    let hello = server.server_hello(|sh| {
        sh.cipher_suite = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;
    });
    assert_eq!(
        alert(server.run(&mut client, &[hello], false)),
        AlertDescription::ILLEGAL_PARAMETER
    );
    // Without the extended master secret the session had: RFC 7627 §5.3 (even for a client
    // that would accept a full handshake without it).
    let mut lenient = tls12_only();
    lenient.require_ems = false;
    let mut client = resume(lenient, session_id_data());
    let mut server = Abbreviated::new(&mut client);
    let hello = server.server_hello(|sh| {
        sh.extensions
            .retain(|e| !matches!(e, ServerExtension::ExtendedMasterSecret));
    });
    assert_eq!(
        alert(server.run(&mut client, &[hello], false)),
        AlertDescription::HANDSHAKE_FAILURE
    );
    // A promised ticket that does not come (RFC 5077 §3.3: it "MUST be sent").
    let mut client = resume(tls12_only(), session_id_data());
    let mut server = Abbreviated::new(&mut client);
    let hello = server.server_hello(|sh| sh.extensions.push(ServerExtension::SessionTicket));
    assert_eq!(
        alert(server.run(&mut client, &[hello], false)),
        AlertDescription::UNEXPECTED_MESSAGE
    );
    // A Finished that does not verify.
    let mut client = resume(tls12_only(), session_id_data());
    let mut server = Abbreviated::new(&mut client);
    let hello = server.server_hello(|_| {});
    assert_eq!(
        alert(server.run(&mut client, &[hello], true)),
        AlertDescription::DECRYPT_ERROR
    );
}

#[test]
fn an_echo_without_an_offer_is_refused() {
    // Compatibility-mode session ID (TLS 1.3 offered too), no session: an echo is a lie.
    let mut c = config();
    c.versions = vec![
        ferrotls_record::ProtocolVersion::TLS1_3,
        ferrotls_record::ProtocolVersion::TLS1_2,
    ];
    c.middlebox_compat = true;
    let mut client = super::super::fake_server::connect(c);
    let mut server = Abbreviated::new(&mut client);
    assert_eq!(server.ch.session_id.len(), 32);
    let hello = server.server_hello(|_| {});
    assert_eq!(
        alert(server.run(&mut client, &[hello], false)),
        AlertDescription::ILLEGAL_PARAMETER
    );
}
