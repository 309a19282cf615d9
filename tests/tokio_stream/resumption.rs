//! Resumption and 0-RTT through the tokio driver: tickets arrive as events, a ticket resumes,
//! early data is accepted and read apart from 1-RTT data, and early data the server refuses is
//! handed back to the client, whose handshake still completes.

use std::sync::Arc;

use ferrotls_core::resumption::SingleUseAntiReplay;
use ferrotls_core::{
    ClientConfig, DeclineReason, EarlyDataStatus, Event, ProtocolVersion, ResumptionData,
    ServerConfig,
};
use ferrotls_io::tokio::{EarlyData, TlsAcceptor, TlsConnector};
use ferrotls_tests::certs::{self, KeyKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{acceptor, connected, connector, name, run, tcp_pair};

const EARLY: &[u8] = b"GET /early HTTP/1.1\r\nHost: localhost\r\n\r\n";

fn client_config(version: ProtocolVersion) -> ClientConfig {
    let mut config = certs::client_config();
    config.versions = vec![version];
    config.enable_early_data = true;
    config
}

/// A server that issues tickets allowing 0-RTT and refuses a replayed flight's early data.
fn server_config() -> ServerConfig {
    let mut config = certs::server_config(KeyKind::EcdsaP256);
    config.max_early_data = 16384;
    config.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(1024)));
    config
}

/// A full handshake; the server greets and closes. Returns the sessions the client received.
async fn first_visit(client: &TlsConnector, server: &TlsAcceptor) -> Vec<ResumptionData> {
    let (mut c, mut s) = connected(client, server).await;
    assert!(!c.conn().is_resumed());
    s.write_all(b"hello").await.unwrap();
    s.shutdown().await.unwrap();
    let mut greeting = Vec::new();
    c.read_to_end(&mut greeting).await.unwrap();
    assert_eq!(greeting, b"hello");
    c.events()
        .filter_map(|e| match e {
            Event::TicketReceived(data) => Some(data),
            _ => None,
        })
        .collect()
}

/// A server that answers a client's early data (or, without it, its first line) with the
/// bytes it got, then closes; returns whether it had 0-RTT data.
async fn answer_early(server: TlsAcceptor, io: tokio::net::TcpStream) -> (bool, bool) {
    let mut s = server.accept(io).await.expect("server handshake");
    let mut early = vec![0; 1024];
    let n = s.read_early_data(&mut early).unwrap();
    early.truncate(n);
    let had_early = !early.is_empty();
    if !had_early {
        // The client sends its request again as ordinary data.
        early.resize(EARLY.len(), 0);
        s.read_exact(&mut early).await.unwrap();
    }
    assert_eq!(early, EARLY);
    s.write_all(&early).await.unwrap();
    s.shutdown().await.unwrap();
    let resumed = s.conn().is_resumed();
    (had_early, resumed)
}

#[test]
fn tls13_tickets_resume_and_carry_early_data() {
    run(async {
        let client = connector(client_config(ProtocolVersion::TLS1_3));
        let config = server_config();
        let server = acceptor(config.clone());
        let tickets = first_visit(&client, &server).await;
        assert_eq!(tickets.len(), 2, "two tickets by default");

        // 0-RTT with the first ticket: accepted, read apart from 1-RTT data.
        let (c, s) = tcp_pair().await;
        let serving = tokio::spawn(answer_early(server.clone(), s));
        let (mut stream, outcome) = client
            .connect_early(name(), tickets[0].clone(), EARLY.to_vec(), c)
            .await
            .expect("client handshake");
        assert_eq!(outcome, EarlyData::Accepted);
        assert!(stream.conn().is_resumed());
        assert_eq!(stream.conn().info().early_data, EarlyDataStatus::Accepted);
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        assert_eq!(answer, EARLY);
        assert_eq!(serving.await.unwrap(), (true, true));

        // The same ticket at a server (same ticket key) that has turned 0-RTT off since: the
        // early data comes back to the client, which sends it as ordinary data; the session
        // still resumes.
        let mut off = config.clone();
        off.max_early_data = 0;
        let (c, s) = tcp_pair().await;
        let serving = tokio::spawn(answer_early(acceptor(off), s));
        let (mut stream, outcome) = client
            .connect_early(name(), tickets[0].clone(), EARLY.to_vec(), c)
            .await
            .expect("client handshake");
        assert_eq!(outcome, EarlyData::NotAccepted(EARLY.to_vec()));
        assert!(stream
            .events()
            .any(|e| matches!(e, Event::EarlyDataRejected { data, .. } if data == EARLY)));
        let EarlyData::NotAccepted(again) = outcome else {
            unreachable!()
        };
        stream.write_all(&again).await.unwrap();
        stream.flush().await.unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        assert_eq!(answer, EARLY);
        assert_eq!(serving.await.unwrap(), (false, true));

        // The second ticket, without early data.
        let server = acceptor(config);
        let (c, s) = tcp_pair().await;
        let (stream, server_stream) = tokio::join!(
            client.resume(name(), tickets[1].clone(), c),
            server.accept(s)
        );
        assert!(stream.unwrap().conn().is_resumed());
        assert!(server_stream.unwrap().conn().is_resumed());
    });
}

/// The server's 0-RTT data: all of it, read apart from 1-RTT data.
async fn read_all_early(server: TlsAcceptor, io: tokio::net::TcpStream) -> Vec<u8> {
    let mut s = server.accept(io).await.expect("server handshake");
    let mut early = Vec::new();
    let mut buf = [0; 4096];
    while let Ok(n @ 1..) = s.read_early_data(&mut buf) {
        early.extend_from_slice(&buf[..n]);
    }
    early
}

/// More early data than the client's `max_send_buffer` (the ticket allows more still):
/// `connect_early` sends it in buffer-sized takes, all of it, and gets all of it back when the
/// server refuses it.
#[test]
fn early_data_larger_than_the_send_buffer_goes_out_whole() {
    run(async {
        let mut config = client_config(ProtocolVersion::TLS1_3);
        config.limits.max_send_buffer = 2048;
        let client = connector(config);
        let server_config = server_config();
        let tickets = first_visit(&client, &acceptor(server_config.clone())).await;
        assert!(tickets[0].max_early_data_size() > 12_000);
        let early: Vec<u8> = (0..12_000u32).map(|i| (i % 251) as u8).collect();

        let (c, s) = tcp_pair().await;
        let serving = tokio::spawn(read_all_early(acceptor(server_config.clone()), s));
        let (stream, outcome) = client
            .connect_early(name(), tickets[0].clone(), early.clone(), c)
            .await
            .expect("client handshake");
        assert_eq!(outcome, EarlyData::Accepted);
        assert_eq!(stream.conn().info().early_data, EarlyDataStatus::Accepted);
        assert_eq!(serving.await.unwrap(), early);

        let mut off = server_config;
        off.max_early_data = 0;
        let (c, s) = tcp_pair().await;
        let serving = tokio::spawn(read_all_early(acceptor(off), s));
        let (mut stream, outcome) = client
            .connect_early(name(), tickets[1].clone(), early.clone(), c)
            .await
            .expect("client handshake");
        assert_eq!(outcome, EarlyData::NotAccepted(early.clone()));
        assert!(stream
            .events()
            .any(|e| matches!(e, Event::EarlyDataRejected { data, .. } if data == early)));
        assert!(serving.await.unwrap().is_empty());
    });
}

#[test]
fn tls12_sessions_resume() {
    run(async {
        let client = connector(client_config(ProtocolVersion::TLS1_2));
        let server = acceptor(server_config());
        let sessions = first_visit(&client, &server).await;
        assert_eq!(sessions.len(), 1, "one session per TLS 1.2 handshake");
        let (c, s) = tcp_pair().await;
        let (stream, server_stream) = tokio::join!(
            client.resume(name(), sessions[0].clone(), c),
            server.accept(s)
        );
        let (mut stream, server_stream) = (stream.unwrap(), server_stream.unwrap());
        assert!(stream.conn().is_resumed() && server_stream.conn().is_resumed());
        assert_eq!(stream.conn().info().version, Some(ProtocolVersion::TLS1_2));
        // No early data in TLS 1.2: asking for it hands the data straight back.
        drop(server_stream);
        let (c, s) = tcp_pair().await;
        let serving = tokio::spawn(answer_early(server.clone(), s));
        let (mut early_stream, outcome) = client
            .connect_early(name(), sessions[0].clone(), EARLY.to_vec(), c)
            .await
            .unwrap();
        assert_eq!(outcome, EarlyData::NotAccepted(EARLY.to_vec()));
        early_stream.write_all(EARLY).await.unwrap();
        let mut answer = Vec::new();
        early_stream.read_to_end(&mut answer).await.unwrap();
        assert_eq!(answer, EARLY);
        assert_eq!(serving.await.unwrap(), (false, true));
        assert!(!stream
            .events()
            .any(|e| matches!(e, Event::ResumptionDeclined { .. })));
    });
}

#[test]
fn a_declined_session_is_reported_and_the_handshake_completes() {
    run(async {
        let client = connector(client_config(ProtocolVersion::TLS1_3));
        let tickets = first_visit(&client, &acceptor(server_config())).await;
        // Another server: its ticket key cannot open the ticket.
        let stranger = acceptor(server_config());
        let (c, s) = tcp_pair().await;
        let (stream, server_stream) = tokio::join!(
            client.resume(name(), tickets[0].clone(), c),
            stranger.accept(s)
        );
        let mut stream = stream.unwrap();
        assert!(!stream.conn().is_resumed());
        assert!(!server_stream.unwrap().conn().is_resumed());
        assert!(stream.events().any(|e| e
            == Event::ResumptionDeclined {
                reason: DeclineReason::DeclinedByServer
            }));
    });
}
