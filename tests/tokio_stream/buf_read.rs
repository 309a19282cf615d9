//! `AsyncBufRead` on the stream itself (no `BufReader`): lines across record boundaries,
//! `poll_fill_buf` / `consume` mixed with reads on one cursor, close_notify as an empty buffer,
//! and the data before a truncation lent before its error.

use ferrotls_core::Error;
use ferrotls_io::tls_error;
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::lines;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};

use super::{acceptor, connected, connector, run, truncated_after};

#[test]
fn lines_across_records_and_the_end() {
    run(async {
        let client = connector(certs::client_config());
        let server = acceptor(certs::server_config(KeyKind::Ed25519));
        let (mut client, mut server) = connected(&client, &server).await;
        let writer = tokio::spawn(async move {
            for piece in lines::pieces() {
                server.write_all(&piece).await.unwrap();
            }
            server.shutdown().await.unwrap();
        });
        let mut line = String::new();
        assert_eq!(client.read_line(&mut line).await.unwrap(), 6);
        assert_eq!(line, "alpha\n");
        line.clear();
        client.read_line(&mut line).await.unwrap();
        assert_eq!(line, "beta\n", "a line from two records");
        // "gam" is one record: whatever else has arrived, it is lent whole.
        let lent = client.fill_buf().await.unwrap();
        assert!(lent.starts_with(b"gam"), "{:?}", &lent[..lent.len().min(8)]);
        assert_eq!(
            client.fill_buf().await.unwrap()[..3],
            *b"gam",
            "not consumed: lent again"
        );
        client.consume(1);
        let mut two = [0; 2];
        assert_eq!(client.read(&mut two).await.unwrap(), 2);
        assert_eq!(&two, b"am", "a read goes on where consume left off");
        line.clear();
        client.read_line(&mut line).await.unwrap();
        assert_eq!(line, "ma\n");
        let mut rest = Vec::new();
        let mut reader = (&mut client).lines();
        while let Some(line) = reader.next_line().await.unwrap() {
            rest.push(line);
        }
        lines::check_last_lines(&rest);
        // close_notify: an empty buffer, as often as asked, and reads agree.
        assert_eq!(client.fill_buf().await.unwrap(), b"");
        assert_eq!(client.fill_buf().await.unwrap(), b"");
        assert_eq!(client.read(&mut two).await.unwrap(), 0);
        assert!(client.conn().peer_closed());
        writer.await.unwrap();
    });
}

#[test]
fn the_data_before_a_truncation_is_lent_first() {
    run(async {
        let mut client = truncated_after(b"partial").await;
        assert_eq!(client.fill_buf().await.unwrap(), b"partial");
        client.consume(7);
        let e = client.fill_buf().await.unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof);
        assert_eq!(tls_error(&e), Some(&Error::UnexpectedEof));
    });
}

/// `poll_read` copies from the lent data into the unfilled part of the caller's buffer and
/// initializes nothing more: an uninitialized 64 KiB `ReadBuf` that gets 5 bytes has 5
/// initialized, not 64 KiB zero-filled first.
#[test]
fn a_read_initializes_only_what_it_fills() {
    run(async {
        let client = connector(certs::client_config());
        let server = acceptor(certs::server_config(KeyKind::Ed25519));
        let (mut client, mut server) = connected(&client, &server).await;
        server.write_all(b"hello").await.unwrap();
        server.flush().await.unwrap();
        let mut storage = vec![std::mem::MaybeUninit::<u8>::uninit(); 64 * 1024];
        let mut buf = tokio::io::ReadBuf::uninit(&mut storage);
        std::future::poll_fn(|cx| {
            tokio::io::AsyncRead::poll_read(std::pin::Pin::new(&mut client), cx, &mut buf)
        })
        .await
        .unwrap();
        assert_eq!(buf.filled(), b"hello");
        assert_eq!(buf.initialized().len(), 5);
        drop(server);
    });
}
