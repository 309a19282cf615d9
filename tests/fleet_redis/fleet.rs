//! Servers of one fleet and what they print.

use std::net::SocketAddr;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, Peer};
use ferrotls_tests::interop_peers::server_files;
use ferrotls_tests::redis_server::RedisServer;

/// `ferrotls server` for `connections` connections, keeping its sessions in `redis` under the
/// prefix `fleet:`, with `extra` options.
pub(crate) fn server(
    redis: &RedisServer,
    connections: usize,
    extra: &[&str],
) -> (Peer, SocketAddr) {
    let (cert, key) = server_files(KeyKind::EcdsaP256);
    let count = connections.to_string();
    let url = redis.url();
    let mut args = vec![
        "--cert",
        &cert,
        "--key",
        &key,
        "--max-connections",
        &count,
        "--session-store",
        &url,
        "--session-prefix",
        "fleet:",
    ];
    args.extend_from_slice(extra);
    interop::ferrotls_server(ferrotls_exe!(), &args)
}

/// The `handshake:` lines of an output.
pub(crate) fn handshake_lines(out: &str) -> Vec<&str> {
    out.lines()
        .filter_map(|l| l.strip_prefix("handshake: "))
        .collect()
}

/// The value of `key=` in a handshake line, or "" if absent.
pub(crate) fn field<'a>(line: &'a str, key: &str) -> &'a str {
    line.split(' ')
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or("")
}

/// A ticket secret file for a fleet (64 random bytes, owner-only) in `dir`, as an argument.
pub(crate) fn ticket_secret(dir: &std::path::Path) -> String {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut secret = [0u8; 64];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut secret))
        .expect("random bytes");
    let path = dir.join("ticket-secret");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .expect("the secret file");
    std::io::Write::write_all(&mut file, &secret).expect("the secret");
    path.display().to_string()
}
