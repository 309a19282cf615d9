//! A real `redis-server` for the fleet tests: on a loopback port below the ephemeral range
//! ([`interop::server_port`]: no outgoing connection takes it, not even while it restarts), with
//! no persistence (no RDB snapshot, no append-only file, its working directory a fresh temporary
//! one), killed when dropped. A missing binary skips the test loudly, or fails it under
//! `CI=true`, as every peer of [`interop`] does.
//!
//! [`kill`](RedisServer::kill) and [`restart`](RedisServer::restart) stage an outage: the same
//! port comes back, empty, as a restarted cache would.

use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::interop::{self, Peer, TIMEOUT};

/// A running `redis-server` on 127.0.0.1.
#[derive(Debug)]
pub struct RedisServer {
    binary: PathBuf,
    dir: PathBuf,
    port: u16,
    process: Option<Peer>,
}

/// Tries at binding a port: another test process may take it between our probe and the server's
/// bind (a failed bind ends redis-server at once, so a try costs little).
const START_TRIES: usize = 5;

impl RedisServer {
    /// Start one, or `None` after announcing the skip (see the module documentation). Use as
    /// `let Some(redis) = RedisServer::start() else { return };`.
    pub fn start() -> Option<Self> {
        let binary = interop::require("redis-server")?;
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "ferrotls-redis-{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let mut last_error = String::new();
        for _ in 0..START_TRIES {
            let port = interop::server_port();
            match spawn(&binary, &dir, port) {
                Ok(process) => {
                    return Some(Self {
                        binary,
                        dir,
                        port,
                        process: Some(process),
                    })
                }
                Err(e) => last_error = e,
            }
        }
        panic!("redis-server did not start in {START_TRIES} tries: {last_error}");
    }

    /// `redis://127.0.0.1:PORT`, as `--session-store` takes it.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Whether it runs now.
    pub fn is_running(&self) -> bool {
        self.process.is_some()
    }

    /// Kill it (SIGKILL: no goodbye to its clients, as in a crash) and wait until the port is
    /// closed.
    pub fn kill(&mut self) {
        if let Some(mut process) = self.process.take() {
            process.kill();
        }
        let closed = (0..200).any(|_| {
            let refused =
                TcpStream::connect_timeout(&self.addr(), Duration::from_millis(100)).is_err();
            if !refused {
                std::thread::sleep(Duration::from_millis(10));
            }
            refused
        });
        assert!(
            closed,
            "redis-server on {} still accepts after kill",
            self.addr()
        );
    }

    /// Start it again on the same port, empty.
    pub fn restart(&mut self) {
        self.kill();
        let process = spawn(&self.binary, &self.dir, self.port)
            .unwrap_or_else(|e| panic!("redis-server did not restart: {e}"));
        self.process = Some(process);
    }

    /// What it printed, for failure messages.
    pub fn report(&self) -> String {
        self.process
            .as_ref()
            .map_or_else(|| "redis-server: not running".to_string(), Peer::report)
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(mut process) = self.process.take() {
            process.kill();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Start `redis-server` on `port` and wait for it to accept connections.
fn spawn(binary: &Path, dir: &Path, port: u16) -> Result<Peer, String> {
    let port_text = port.to_string();
    let dir_text = dir.display().to_string();
    let mut process = Peer::spawn(
        binary,
        &[
            "--port",
            &port_text,
            "--bind",
            "127.0.0.1",
            // No persistence: nothing written, nothing loaded at restart.
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            &dir_text,
            "--daemonize",
            "no",
            "--protected-mode",
            "yes",
            "--logfile",
            "",
        ],
    );
    match process.wait_for_stdout("Ready to accept connections", TIMEOUT) {
        Ok(_) => {
            let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
            interop::wait_for_port(addr, TIMEOUT)?;
            Ok(process)
        }
        Err(e) => {
            process.kill();
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use super::*;

    /// PING over a raw socket: `+PONG`.
    fn ping(addr: SocketAddr) -> String {
        let mut tcp = TcpStream::connect_timeout(&addr, TIMEOUT).unwrap();
        tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
        tcp.write_all(b"PING\r\n").unwrap();
        let mut buf = [0; 64];
        let n = tcp.read(&mut buf).unwrap();
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }

    #[test]
    fn it_answers_stops_and_comes_back_on_the_same_port() {
        let Some(mut redis) = RedisServer::start() else {
            return;
        };
        assert_eq!(ping(redis.addr()), "+PONG\r\n", "{}", redis.report());
        redis.kill();
        assert!(!redis.is_running());
        assert!(TcpStream::connect_timeout(&redis.addr(), Duration::from_secs(1)).is_err());
        redis.restart();
        assert_eq!(ping(redis.addr()), "+PONG\r\n", "{}", redis.report());
    }
}
