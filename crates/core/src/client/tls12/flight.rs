//! Our flight after ServerHelloDone (RFC 5246 §7.3 Figure 1): [Certificate,] ClientKeyExchange,
//! [CertificateVerify,] ChangeCipherSpec, Finished, and the master secret between them.

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::client_auth::SignCertificateVerify;
use super::finished::{AwaitServerFinished, Ending};
use super::server_hello_done::ClientAuth;
use super::server_key_exchange::KeyExchange;
use super::transcript::HandshakeLog;
use super::{primitives, Negotiated, State};
use crate::conn::{DirectionKeys, HandshakeOutput, Level};
use crate::error::Error;
use crate::key_schedule::{Side, Tls12MasterSecret};
use crate::msgs::handshake::{ClientKeyExchange, HandshakeMessage};
use crate::suites::SupportedCipherSuite;
use crate::tls12::{record_keys, Tls12RecordKeys};
use crate::tls13::finished_message;
use crate::tls13::{encode, tls12_certificate_message};

pub(super) fn send_flight(
    common: &mut dyn HandshakeOutput,
    negotiated: Negotiated,
    kx: KeyExchange,
    client_auth: Option<ClientAuth>,
) -> Result<State, Error> {
    let Negotiated {
        hello,
        suite,
        server_random,
        ems,
        ticket_expected,
        mut log,
        ..
    } = negotiated;
    let prims = primitives(common, suite)?;
    let mut flight = Vec::new();

    // RFC 5246 §7.4.6: "This is the first message the client can send after receiving a
    // ServerHelloDone message. This message is only sent if the server requests a certificate.
    // If no suitable certificate is available, the client MUST send a certificate message
    // containing no certificates."
    let signer = match client_auth {
        Some(auth) => {
            let chain = auth
                .signer
                .as_ref()
                .map_or(&[][..], |(key, _)| key.chain.as_slice());
            let certificate = tls12_certificate_message(chain)?;
            log.add(&certificate);
            flight.extend_from_slice(&certificate);
            auth.signer
        }
        None => None,
    };

    // RFC 8422 §5.7: ClientKeyExchange carries our ephemeral public point.
    let cke = encode(&HandshakeMessage::ClientKeyExchange(ClientKeyExchange {
        public: kx.public,
    }))?;
    log.add(&cke);
    flight.extend_from_slice(&cke);

    // RFC 7627 §4: with the extension, `session_hash` is the hash of the handshake "up to and
    // including the ClientKeyExchange message"; without it, RFC 5246 §8.1's randoms.
    let master = if ems {
        Tls12MasterSecret::derive_extended(prims, kx.premaster.as_bytes(), &log.current())
            .map_err(|_| Error::internal("extended master secret derivation failed"))?
    } else {
        Tls12MasterSecret::derive(
            prims,
            kx.premaster.as_bytes(),
            &hello.random,
            &server_random,
        )
    };
    drop(kx.premaster);
    common.tls12_master_secret(&master, &hello.random, &server_random);

    let end = FlightEnd {
        suite,
        client_random: hello.random,
        server_random,
        ticket_expected,
        master,
        log,
        flight,
    };
    // RFC 5246 §7.4.8: with a certificate, the CertificateVerify signature is asked for
    // (`Request::Sign`) and the flight waits for it.
    match signer {
        Some((key, scheme)) => Ok(State::SignCertificateVerify(Box::new(
            SignCertificateVerify::new(end, key, scheme),
        ))),
        None => end.finish(common),
    }
}

/// The rest of our flight once the ClientKeyExchange is in it: [CertificateVerify,]
/// ChangeCipherSpec, Finished. What it needs is kept here across a pause for the signature.
#[derive(Debug)]
pub(crate) struct FlightEnd {
    suite: &'static SupportedCipherSuite,
    client_random: [u8; 32],
    server_random: [u8; 32],
    ticket_expected: bool,
    master: Tls12MasterSecret,
    pub(crate) log: HandshakeLog,
    /// The handshake messages so far, sent in one go with the CertificateVerify.
    flight: Vec<u8>,
}

impl FlightEnd {
    /// Append a message of our flight.
    pub(crate) fn add(&mut self, message: &[u8]) {
        self.log.add(message);
        self.flight.extend_from_slice(message);
    }

    pub(crate) fn finish(self, common: &mut dyn HandshakeOutput) -> Result<State, Error> {
        let Self {
            suite,
            client_random,
            server_random,
            ticket_expected,
            master,
            mut log,
            flight,
        } = self;
        log.stop_keeping();
        common.send_handshake(&flight)?;

        // RFC 5246 §7.1: ChangeCipherSpec switches our writing to the new keys; Finished is the
        // first message they protect (§7.4.9).
        common.send_change_cipher_spec()?;
        let Tls12RecordKeys {
            client_write,
            server_write,
        } = record_keys(suite, &master, &client_random, &server_random);
        common.install_write_keys(Level::Application, DirectionKeys::Tls12(&client_write))?;
        let verify_data = master
            .verify_data(Side::Client, &log.current())
            .map_err(|_| Error::internal("Finished computation failed"))?;
        let finished = finished_message(verify_data.as_bytes())?;
        log.add(&finished);
        common.send_handshake(&finished)?;

        let awaiting = AwaitServerFinished {
            master,
            log,
            ending: Ending::Full { server_write },
            ticket: None,
        };
        Ok(awaiting.into_state(ticket_expected))
    }
}
