//! Our exported keying material equals OpenSSL's `-keymatexport` for the same connection:
//! our client against `s_server`, `s_client` against our server, TLS 1.3 and TLS 1.2. OpenSSL's
//! tools export without a context, so this also pins down what "no context" means in each
//! version (RFC 9846 §7.5: the same as empty; RFC 5705 §4: no length bytes in the seed).

use ferrotls_core::ProtocolVersion;
use ferrotls_tests::interop::{self, TIMEOUT};

use crate::ends::{
    client_config, keying_material, openssl_client, openssl_server, our_client, our_server,
    server_config, VERSIONS,
};

const LABEL: &str = "EXPERIMENTAL-ferrotls-interop";

fn ours<H: ferrotls_core::conn::Handshake>(
    conn: &ferrotls_core::Connection<H>,
    context: Option<&[u8]>,
) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    conn.export_keying_material(&mut out, LABEL.as_bytes(), context)
        .unwrap_or_else(|e| panic!("export: {e}"));
    out
}

#[test]
fn our_client_exports_what_openssl_s_server_exports() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for version in VERSIONS {
        let (mut server, addr) = openssl_server(
            &openssl,
            version,
            &["-keymatexport", LABEL, "-keymatexportlen", "32"],
        );
        let mut client = our_client(client_config(version), addr);
        let theirs = keying_material(&server).unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(ours(client.conn(), None), theirs, "{version:?}");
        let empty = ours(client.conn(), Some(b""));
        assert_eq!(
            empty == theirs,
            version == ProtocolVersion::TLS1_3,
            "{version:?}: an empty context"
        );
        let _ = client.close();
        drop(client);
        server.close_stdin();
        let _ = server.wait(TIMEOUT);
    }
}

#[test]
fn openssl_s_client_exports_what_our_server_exports() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for version in VERSIONS {
        let (addr, ours_thread) = our_server(server_config(version), |stream| {
            let exported = ours(stream.conn(), None);
            let _ = stream.close();
            exported
        });
        let mut client = openssl_client(
            &openssl,
            version,
            addr,
            &["-keymatexport", LABEL, "-keymatexportlen", "32"],
        );
        let theirs = keying_material(&client).unwrap_or_else(|e| panic!("{version:?}: {e}"));
        let exported = ours_thread
            .join()
            .expect("server thread")
            .unwrap_or_else(|e| panic!("{version:?}: {e}\n{}", client.report()));
        assert_eq!(exported, theirs, "{version:?}");
        client.close_stdin();
        let _ = client.wait(TIMEOUT);
    }
}
