//! A `redis-server` of the bench's own: no persistence, on a free loopback port, killed when
//! dropped. A missing binary is said loudly and the Redis rows are skipped, not the run.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The running server.
#[derive(Debug)]
pub struct RedisProcess {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
}

impl RedisProcess {
    /// Starts one, or says on stderr why there is none.
    pub fn start() -> Result<Self, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| format!("no free loopback port: {e}"))?;
        let dir = std::env::temp_dir().join(format!("ferrotls-bench-redis-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "redis-server could not be started ({e}): install it (apt-get install -y \
                     redis-server) to measure the Redis stores"
                )
            })?;
        let mut process = Self { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline || process.child.try_wait().ok().flatten().is_some() {
                return Err(format!("redis-server did not listen on 127.0.0.1:{port}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        process.port = port;
        Ok(process)
    }

    /// `redis://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }
}

impl Drop for RedisProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
