//! A reader that stalls: the sender's memory stays within its send buffer, the receiver's
//! within its unread limit, and the rest waits in the transport, whatever the sender offers.
//! Over tokio's in-memory duplex pipe, whose fixed capacity stands for the TCP windows, and
//! polled by hand, so that "the writer is blocked" is an observed `Pending`, not a timing.

use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use ferrotls_core::client::ClientHandshake;
use ferrotls_core::{Event, Limits};
use ferrotls_io::tokio::TlsStream;
use ferrotls_tests::certs::{self, KeyKind};
use tokio::io::{AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};

use super::{acceptor, connector, name, run};

/// The pipe's capacity in each direction.
const PIPE: usize = 64 << 10;
/// What the writer offers: far more than every buffer on the way together.
const OFFERED: usize = 16 << 20;
/// The largest record of either version (TLS 1.2: 2^14 + 2048 bytes of ciphertext) with its
/// header, and one transport read of the driver.
const MAX_RECORD: usize = 16_384 + 2048 + 5;
const READ_CHUNK: usize = 16_384 + 256 + 5;
/// Sealing overhead the send buffer may pass its limit by (under one record: header, tag,
/// content type and padding).
const SEAL_OVERHEAD: usize = 5 + 16 + 1 + 256;

struct Noop;

impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

/// Write `data[*taken..]` until the stream returns `Pending`; returns how much it took.
fn write_until_blocked(
    stream: &mut TlsStream<DuplexStream, ClientHandshake>,
    data: &[u8],
    taken: &mut usize,
) -> usize {
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    let before = *taken;
    loop {
        match Pin::new(&mut *stream).poll_write(&mut cx, &data[*taken..]) {
            Poll::Ready(Ok(n)) => {
                assert!(n > 0, "a write took nothing without blocking");
                *taken += n;
            }
            Poll::Ready(Err(e)) => panic!("write failed: {e}"),
            Poll::Pending => return *taken - before,
        }
    }
}

/// Poll `future` once.
async fn poll_once<F: Future>(mut future: Pin<&mut F>) -> Poll<F::Output> {
    poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx))).await
}

fn byte_at(i: usize) -> u8 {
    (i.wrapping_mul(13) ^ (i >> 10)) as u8
}

#[test]
fn a_stalled_reader_bounds_what_both_ends_hold() {
    run(async {
        let limits = Limits::default();
        let data: Vec<u8> = (0..OFFERED).map(byte_at).collect();
        let (c, s) = tokio::io::duplex(PIPE);
        let (client, server) = tokio::join!(
            connector(certs::client_config()).connect(name(), c),
            acceptor(certs::server_config(KeyKind::EcdsaP256)).accept(s)
        );
        let (mut client, mut server) = (client.unwrap(), server.unwrap());

        // The server waits for an event that never comes, reading the transport without
        // handing data to the application: its unread data grows to the limit, then the wait
        // gives up instead of reading on.
        let mut taken = 0;
        {
            let mut wait = pin!(server.wait_for_event(|e| matches!(e, Event::KeyUpdated { .. })));
            let mut rounds = 0;
            let error = loop {
                write_until_blocked(&mut client, &data, &mut taken);
                if let Poll::Ready(result) = poll_once(wait.as_mut()).await {
                    break result.expect_err("the wait stops at the unread limit");
                }
                rounds += 1;
                assert!(rounds < 1000, "the unread limit was never reached");
            };
            assert!(error.to_string().contains("unread"), "{error}");
        }
        // The writer fills what is left of the pipe, then blocks.
        write_until_blocked(&mut client, &data, &mut taken);
        assert_eq!(write_until_blocked(&mut client, &data, &mut taken), 0);

        let sender = client.buffered();
        let receiver = server.buffered();
        eprintln!("taken {taken} of {OFFERED}; sender {sender:?}; receiver {receiver:?}");
        assert!(
            sender.total() <= limits.max_send_buffer + SEAL_OVERHEAD,
            "sender holds {sender:?}"
        );
        assert!(
            receiver.unread <= limits.max_unread_plaintext.max(16_384),
            "receiver holds {receiver:?}"
        );
        assert!(
            receiver.received < MAX_RECORD + READ_CHUNK,
            "receiver holds {receiver:?}"
        );
        // Everything taken is in one of these places (ciphertext is never smaller than its
        // plaintext), and it is a small part of what was offered.
        let everywhere = sender.to_send + PIPE + receiver.received + receiver.unread;
        assert!(taken <= everywhere, "taken {taken}, held {everywhere}");
        assert!(taken < OFFERED / 16, "taken {taken} of {OFFERED}");

        // The reader resumes: everything arrives, in order.
        let rest = data[taken..].to_vec();
        let writer = tokio::spawn(async move {
            client.write_all(&rest).await.unwrap();
            client.shutdown().await.unwrap();
        });
        let mut got = Vec::with_capacity(OFFERED);
        server
            .read_to_end(&mut got)
            .await
            .expect("read until close_notify");
        writer.await.unwrap();
        assert!(got.len() == OFFERED && got == data, "the data differs");
    });
}
