//! The server's TLS 1.3 machine driven through a `HandshakeOutput` that has no records: what a
//! transport such as QUIC would receive from it (handshake bytes and keys per encryption level,
//! no change_cipher_spec when the client asks for no compatibility mode).

use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::{CryptoProvider, Secret};
use ferrotls_record::{AlertDescription, ProtocolVersion};

use super::{config, hello, now};
use crate::conn::{
    ConnectionInfo, DirectionKeys, EarlyDataSkip, HandshakeMachine, HandshakeOutput, Level,
    NegotiatedValue,
};
use crate::error::Error;
use crate::events::Event;
use crate::key_log::KeyLogLabel;
use crate::key_schedule::{ExporterSecret, Tls12MasterSecret};
use crate::msgs::codec::Reader;
use crate::msgs::enums::HandshakeType;
use crate::msgs::handshake::{HandshakeHeader, HandshakeMessage};
use crate::resumption::ResumptionData;
use crate::server::ServerConnection;

/// Records what the machine asks of its transport, by level.
struct Levels {
    provider: Arc<CryptoProvider>,
    info: ConnectionInfo,
    write_level: Level,
    /// Each handshake message sent, with the level of the write keys it went under.
    sent: Vec<(Level, HandshakeType)>,
    /// Each key installation: (is it for writing, level).
    keys: Vec<(bool, Level)>,
    change_cipher_specs: usize,
    events: Vec<Event>,
    completed: Option<ProtocolVersion>,
}

impl Levels {
    fn new(provider: Arc<CryptoProvider>) -> Self {
        Self {
            provider,
            info: ConnectionInfo::default(),
            write_level: Level::Initial,
            sent: Vec::new(),
            keys: Vec::new(),
            change_cipher_specs: 0,
            events: Vec::new(),
            completed: None,
        }
    }
}

impl HandshakeOutput for Levels {
    fn send_handshake(&mut self, encoded: &[u8]) -> Result<(), Error> {
        // One call may carry a flight of several messages.
        let mut r = Reader::new(encoded);
        while !r.is_empty() {
            let header = HandshakeHeader::read(&mut r).unwrap();
            r.take(header.len).unwrap();
            self.sent.push((self.write_level, header.typ));
        }
        Ok(())
    }

    fn send_change_cipher_spec(&mut self) -> Result<(), Error> {
        self.change_cipher_specs += 1;
        Ok(())
    }

    fn sent_close(&self) -> bool {
        false
    }

    fn send_warning_alert(&mut self, alert: AlertDescription) -> Result<(), Error> {
        panic!("no warning alert in a TLS 1.3 handshake: {alert:?}");
    }

    fn install_write_keys(&mut self, level: Level, keys: DirectionKeys<'_>) -> Result<(), Error> {
        assert!(
            matches!(keys, DirectionKeys::Tls13 { .. }),
            "a secret per level"
        );
        self.write_level = level;
        self.keys.push((true, level));
        Ok(())
    }

    fn set_write_record_size_limit(&mut self, _: u16) -> Result<(), Error> {
        Ok(())
    }

    fn set_plaintext_version(&mut self, _: ProtocolVersion) {}

    fn install_read_keys(&mut self, level: Level, keys: DirectionKeys<'_>) -> Result<(), Error> {
        assert!(
            matches!(keys, DirectionKeys::Tls13 { .. }),
            "a secret per level"
        );
        self.keys.push((false, level));
        Ok(())
    }

    fn set_read_record_size_limit(&mut self, _: u16) -> Result<(), Error> {
        Ok(())
    }

    fn accept_early_data(&mut self, _: u32) {}

    fn end_early_data(&mut self) {}

    fn skip_early_data(&mut self, _: EarlyDataSkip) {}

    fn record(&mut self, value: NegotiatedValue) {
        self.info.record(value);
    }

    fn info(&self) -> &ConnectionInfo {
        &self.info
    }

    fn emit(&mut self, event: Event) {
        self.events.push(event);
    }

    fn ticket_received(&mut self, data: ResumptionData) {
        self.events.push(Event::TicketReceived(data));
    }

    fn complete_handshake(&mut self, version: ProtocolVersion) -> Result<(), Error> {
        self.completed = Some(version);
        Ok(())
    }

    fn provider(&self) -> &Arc<CryptoProvider> {
        &self.provider
    }

    // The exporter and the key log are not what this double watches.
    fn client_hello_random(&mut self, _: &[u8; 32]) {}

    fn log_secret(&self, _: KeyLogLabel, _: &Secret) {}

    fn tls13_exporter_secret(&mut self, _: ExporterSecret) {}

    fn tls13_early_exporter_secret(&mut self, _: Option<ExporterSecret>) {}

    fn tls12_master_secret(&mut self, _: &Tls12MasterSecret, _: &[u8; 32], _: &[u8; 32]) {}

    fn fail(&mut self, e: Error) -> Error {
        e
    }
}

#[test]
fn the_first_flight_goes_out_per_level_without_records() {
    let config = Arc::new(config());
    let mut hs = ServerConnection::new(Arc::clone(&config)).unwrap().hs;
    let mut out = Levels::new(Arc::clone(&config.provider));
    let ch = HandshakeMessage::ClientHello(hello());
    let encoded = ch.to_bytes().unwrap();
    hs.handle_message(&mut out, ch, &encoded, now()).unwrap();
    // The certificate choice and the signature pause the step; the connection answers them
    // from the config at once (crate::deferred), as here.
    while hs.pending().is_some() {
        let answer = hs.instant_answer(now()).expect("the config answers");
        hs.answer(&mut out, answer, now()).unwrap();
    }

    use HandshakeType as T;
    use Level::{Application, Handshake as Hs, Initial};
    assert_eq!(
        out.sent,
        [
            (Initial, T::SERVER_HELLO),
            (Hs, T::ENCRYPTED_EXTENSIONS),
            (Hs, T::CERTIFICATE),
            (Hs, T::CERTIFICATE_VERIFY),
            (Hs, T::FINISHED),
        ]
    );
    // Our handshake keys, our application keys after our Finished, then the client's handshake
    // keys for its Finished (RFC 8446 §2's message flow; RFC 9001 §4.1.4 per level).
    assert_eq!(out.keys, [(true, Hs), (true, Application), (false, Hs)]);
    // The ClientHello carried no legacy_session_id: no compatibility change_cipher_spec
    // (RFC 8446 §D.4), as a QUIC client never asks for one (RFC 9001 §8.4).
    assert_eq!(out.change_cipher_specs, 0);
    assert_eq!(out.info.version, Some(ProtocolVersion::TLS1_3));
    assert_eq!(out.info.server_name.as_deref(), Some("example.com"));
    assert_eq!(
        out.completed, None,
        "the client's Finished is still to come"
    );
    assert!(hs.version() == Some(ProtocolVersion::TLS1_3));
}
