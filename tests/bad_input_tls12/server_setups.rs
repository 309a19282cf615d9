//! Our server against a scripted client: the server's configuration and the client flights that
//! bring it to the point of a case.

use std::sync::Arc;

use ferrotls_core::{ServerConfig, ServerConnection};
use ferrotls_record::ContentType;
use ferrotls_tests::bad_input::AnyConn;
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::code_points::{HS_CERTIFICATE_REQUEST, HS_CERTIFICATE_VERIFY};
use ferrotls_tests::tls_bytes::{message, split_messages};

use crate::harness::Run;
use crate::messages::{certificate, digitally_signed, sign, Ch, ECDSA_P256_SHA256};
use crate::scripted_peer::{Role, Script};

pub(crate) fn server_config() -> ServerConfig {
    certs::server_config(KeyKind::EcdsaP256)
}

pub(crate) fn server_with(config: ServerConfig) -> Run {
    let conn = ServerConnection::new(Arc::new(config)).expect("server");
    Run {
        conn: AnyConn::Server(conn),
        s: Script::new(Role::Client),
        result: Ok(0),
    }
}

/// The server given a ClientHello after `change`.
pub(crate) fn server_gets_ch(change: impl FnOnce(&mut Ch)) -> Run {
    let mut ch = Ch::default();
    change(&mut ch);
    let mut run = server_with(server_config());
    let hello = run.s.hs(&[ch.encode()]);
    run.feed(&hello);
    run
}

impl Run {
    /// ClientHello in, the server's first flight read.
    pub(crate) fn hello(mut self) -> Self {
        let hello = self.s.hs(&[Ch::default().encode()]);
        self.ok(&hello);
        self.take();
        self
    }

    /// Through our ClientKeyExchange (no client certificate).
    pub(crate) fn through_cke(mut self) -> Self {
        self = self.hello();
        let cke = self.s.cke();
        let cke = self.s.hs(&[cke]);
        self.ok(&cke);
        self
    }

    /// Through our ChangeCipherSpec.
    pub(crate) fn through_ccs(mut self) -> Self {
        self = self.through_cke();
        let ccs = self.s.ccs();
        self.ok(&ccs);
        self
    }

    /// A completed handshake with our server.
    pub(crate) fn server_connected(mut self) -> Self {
        self = self.through_ccs();
        let fin = self.s.finished();
        let fin = self.s.hs(&[fin]);
        self.ok(&fin);
        self.take();
        assert!(!self.conn.is_handshaking(), "handshake complete");
        self
    }

    /// With client authentication requested: our Certificate (ECDSA client certificate) and
    /// ClientKeyExchange are in, the server waits for the CertificateVerify.
    pub(crate) fn through_client_cert(mut self) -> Self {
        self = self.hello();
        assert!(
            self.s
                .received
                .iter()
                .any(|(t, p)| *t == ContentType::HANDSHAKE
                    && split_messages(p)
                        .iter()
                        .any(|m| m[0] == HS_CERTIFICATE_REQUEST)),
            "the server asked for a certificate"
        );
        let cert = self.s.hs(&[certificate(&["client-ecdsa-p256.pem"])]);
        self.ok(&cert);
        let cke = self.s.cke();
        let cke = self.s.hs(&[cke]);
        self.ok(&cke);
        self
    }

    /// A CertificateVerify over the transcript so far, signed by the client key, naming
    /// `scheme`; `tamper` changes the signed bytes.
    pub(crate) fn certificate_verify(&self, scheme: u16, tamper: bool) -> Vec<u8> {
        let mut tbs = self.s.transcript.clone();
        if tamper {
            tbs[10] ^= 1;
        }
        let signature = sign("client-ecdsa-p256.key", ECDSA_P256_SHA256, &tbs);
        message(HS_CERTIFICATE_VERIFY, &digitally_signed(scheme, &signature))
    }
}

pub(crate) fn server_requiring_auth() -> Run {
    server_with(certs::server_config_requiring_client_auth(
        KeyKind::EcdsaP256,
    ))
}
