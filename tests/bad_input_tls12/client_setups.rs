//! Our client against a scripted server: the client's configuration and the server flights
//! that bring it to the point of a case.

use std::sync::Arc;

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::pki_types::ServerName;
use ferrotls_core::{ClientConfig, ClientConnection, ProtocolVersion};
use ferrotls_tests::bad_input::AnyConn;
use ferrotls_tests::certs;
use ferrotls_tests::code_points::{HS_SERVER_HELLO_DONE, X25519};
use ferrotls_tests::tls_bytes::message;

use crate::harness::{now, Run};
use crate::messages::{certificate, Sh, ECDSA_P256_SHA256};
use crate::scripted_peer::{Role, Script};

pub(crate) fn client_config() -> ClientConfig {
    let mut config = certs::client_config();
    config.versions = vec![ProtocolVersion::TLS1_2];
    config.groups = vec![NamedGroup::X25519, NamedGroup::SECP256R1];
    config
}

/// A client built from `configure`d defaults, its ClientHello read by the script.
pub(crate) fn client_with(configure: impl FnOnce(&mut ClientConfig)) -> Run {
    let mut config = client_config();
    configure(&mut config);
    let name = ServerName::try_from("localhost").expect("name");
    let conn = ClientConnection::new(Arc::new(config), name, now()).expect("client");
    let mut run = Run {
        conn: AnyConn::Client(conn),
        s: Script::new(Role::Server),
        result: Ok(0),
    };
    run.take();
    run
}

pub(crate) fn client() -> Run {
    client_with(|_| {})
}

impl Run {
    /// The server's first flight (ServerHello, Certificate, `ske`, ServerHelloDone), with
    /// `change` applied to the list of messages first. `ske` builds the ServerKeyExchange once
    /// the ServerHello is in the transcript (it signs the randoms).
    pub(crate) fn server_flight(
        &mut self,
        sh: Sh,
        ske: impl FnOnce(&mut Script) -> Vec<u8>,
        change: impl FnOnce(&mut Vec<Vec<u8>>),
    ) -> Vec<u8> {
        let sh = sh.encode();
        let cert = certificate(&["server-ecdsa-p256.pem"]);
        // The ServerHello's random is needed for the signature: note it without sending.
        self.s.server_random.copy_from_slice(&sh[6..38]);
        let ske = ske(&mut self.s);
        let mut messages = vec![sh, cert, ske, message(HS_SERVER_HELLO_DONE, &[])];
        change(&mut messages);
        self.s.hs(&messages)
    }

    pub(crate) fn good_flight(&mut self) -> Vec<u8> {
        self.server_flight(Sh::default(), |s| s.ske(X25519, ECDSA_P256_SHA256), |_| {})
    }

    /// Through the client's Finished: the client waits for our ChangeCipherSpec.
    pub(crate) fn client_flight_done(mut self) -> Self {
        let flight = self.good_flight();
        self.ok(&flight);
        self.take();
        self
    }

    /// A completed handshake with our client.
    pub(crate) fn client_connected(mut self) -> Self {
        self = self.client_flight_done();
        let ccs = self.s.ccs();
        self.ok(&ccs);
        let fin = self.s.finished();
        let fin = self.s.hs(&[fin]);
        self.ok(&fin);
        assert!(!self.conn.is_handshaking(), "handshake complete");
        self
    }
}

/// The client given a first flight whose ServerHello is `change`d.
pub(crate) fn client_gets_sh(change: impl FnOnce(&mut Sh)) -> Run {
    let mut run = client();
    let mut sh = Sh::default();
    change(&mut sh);
    let flight = run.server_flight(sh, |s| s.ske(X25519, ECDSA_P256_SHA256), |_| {});
    run.feed(&flight);
    run
}

/// A client offering TLS 1.3 and 1.2 given a first flight whose ServerHello is `change`d; the
/// closure also gets the session id of the client's hello.
pub(crate) fn dual_client_gets_sh(change: impl FnOnce(&mut Sh, &[u8])) -> Run {
    let mut run = client_with(|c| {
        c.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
    });
    let t = &run.s.transcript;
    let session_id = t[39..39 + usize::from(t[38])].to_vec();
    let mut sh = Sh::default();
    change(&mut sh, &session_id);
    let flight = run.server_flight(sh, |s| s.ske(X25519, ECDSA_P256_SHA256), |_| {});
    run.feed(&flight);
    run
}

/// The client given a first flight with its ServerKeyExchange built by `ske`.
pub(crate) fn client_gets_ske(ske: impl FnOnce(&mut Script) -> Vec<u8>) -> Run {
    let mut run = client();
    let flight = run.server_flight(Sh::default(), ske, |_| {});
    run.feed(&flight);
    run
}

/// The client given a first flight's messages after `change`.
pub(crate) fn client_gets_flight(change: impl FnOnce(&mut Vec<Vec<u8>>)) -> Run {
    let mut run = client();
    let flight = run.server_flight(Sh::default(), |s| s.ske(X25519, ECDSA_P256_SHA256), change);
    run.feed(&flight);
    run
}
