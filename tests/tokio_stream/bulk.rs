//! 100 MiB each way at once, through `tokio::io::split` halves driven by four tasks, in writes
//! of random sizes, each direction ended by close_notify.

use ferrotls_core::ProtocolVersion;
use ferrotls_tests::certs::{self, KeyKind};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::{acceptor, connected, connector, run};

const TOTAL: u64 = 100 << 20;
/// Largest single write: several records and more than the send buffer holds, so writes are
/// taken in part.
const MAX_WRITE: usize = 200_000;

/// Byte `i` of the stream in direction `direction`: no period a misplaced record could hide in.
fn byte_at(direction: u8, i: u64) -> u8 {
    (i.wrapping_mul(31) ^ (i >> 11) ^ (i >> 19)) as u8 ^ direction
}

/// xorshift64: a repeatable sequence of write sizes.
struct Sizes(u64);

impl Sizes {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        // Mostly small writes, some large: a tenth of them up to MAX_WRITE.
        let limit = if self.0.is_multiple_of(10) {
            MAX_WRITE
        } else {
            4096
        };
        1 + (self.0 >> 8) as usize % limit
    }
}

/// Write the whole stream of `direction` in random sizes, then close_notify.
async fn send(mut w: impl AsyncWrite + Unpin, direction: u8, seed: u64) -> u64 {
    let mut sizes = Sizes(seed);
    let mut chunk = vec![0u8; MAX_WRITE];
    let mut at = 0u64;
    while at < TOTAL {
        let n = sizes.next().min((TOTAL - at) as usize);
        for (k, b) in chunk[..n].iter_mut().enumerate() {
            *b = byte_at(direction, at + k as u64);
        }
        w.write_all(&chunk[..n]).await.expect("write");
        at += n as u64;
    }
    w.shutdown().await.expect("close_notify");
    at
}

/// Read until close_notify, checking every byte of `direction`'s stream.
async fn receive(mut r: impl AsyncRead + Unpin, direction: u8) -> u64 {
    let mut buf = vec![0u8; 70_000];
    let mut at = 0u64;
    loop {
        let n = r.read(&mut buf).await.expect("read");
        if n == 0 {
            return at;
        }
        for (k, &b) in buf[..n].iter().enumerate() {
            let i = at + k as u64;
            assert_eq!(
                b,
                byte_at(direction, i),
                "byte {i} of direction {direction}"
            );
        }
        at += n as u64;
    }
}

fn both_ways(version: ProtocolVersion) {
    run(async move {
        let mut client_config = certs::client_config();
        client_config.versions = vec![version];
        let (client, server) = connected(
            &connector(client_config),
            &acceptor(certs::server_config(KeyKind::EcdsaP256)),
        )
        .await;
        assert_eq!(client.conn().info().version, Some(version));
        let (client_r, client_w) = tokio::io::split(client);
        let (server_r, server_w) = tokio::io::split(server);
        let up = tokio::spawn(send(client_w, 1, 0x9e37_79b9_7f4a_7c15));
        let down = tokio::spawn(send(server_w, 2, 0xd1b5_4a32_d192_ed03));
        let got_up = tokio::spawn(receive(server_r, 1));
        let got_down = tokio::spawn(receive(client_r, 2));
        for task in [up, down, got_up, got_down] {
            assert_eq!(task.await.expect("task"), TOTAL);
        }
    });
}

#[test]
fn hundred_mib_each_way_at_once_tls13() {
    both_ways(ProtocolVersion::TLS1_3);
}

#[test]
fn hundred_mib_each_way_at_once_tls12() {
    both_ways(ProtocolVersion::TLS1_2);
}
