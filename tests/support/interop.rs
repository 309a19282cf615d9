//! Running real peers (`openssl`, `gnutls-cli`, `gnutls-serv`, later `redis-server`) and the
//! `ferrotls` binary on loopback, with a hard timeout on everything so no test can hang.
//!
//! A peer binary missing from PATH skips the test with a loud `SKIPPED:` line, except under
//! `CI=true`, where it fails it: CI must not pass by testing nothing.
//!
//! The `ferrotls` binary under test is the `ferrotls-under-test` target of this package (the CLI
//! library's `main_with_args` behind a one-line `main`), so Cargo builds it before the tests and
//! hands its path over in `CARGO_BIN_EXE_ferrotls-under-test`: see the `ferrotls_exe!` macro.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

/// The bound for starting a peer, a connection, or a whole exchange, unless a test says less.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The path of the `ferrotls` binary under test. A macro because Cargo gives the path only to
/// integration-test crates, at their compile time.
#[macro_export]
macro_rules! ferrotls_exe {
    () => {
        ::std::path::Path::new(env!("CARGO_BIN_EXE_ferrotls-under-test"))
    };
}

/// Whether the tests run under CI, where a missing peer is a failure.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// `name` as found on PATH, if it is there.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// The peer binary `name`, or `None` after announcing the skip (see the module documentation).
/// Use as `let Some(openssl) = interop::require("openssl") else { return };`.
pub fn require(name: &str) -> Option<PathBuf> {
    require_with(name, ci())
}

fn require_with(name: &str, ci: bool) -> Option<PathBuf> {
    let found = find_on_path(name);
    if found.is_none() {
        assert!(
            !ci,
            "{name} not found on PATH, and CI=true forbids skipping"
        );
        eprintln!("SKIPPED: {name} not found");
    }
    found
}

/// A loopback port nobody listens on, for tests that need a refused connection, held bound (not
/// listening) for as long as the guard lives, so that no other socket can bind it and listen
/// there meanwhile: the cli_parity test that expects "connection refused" got a connection reset
/// twice in CI, on a port that was only checked free, not held. It is taken below the kernel's
/// ephemeral range (`ip_local_port_range`), where a server binding port 0 and outgoing
/// connections never land, so it cannot become a connecting socket's own source port (a TCP
/// self-connect). It comes from the lower half of that range, [`server_port`] from the upper
/// half, so a server started by another test never looks there.
pub fn refused_port() -> RefusedPort {
    let (refused, _) = below_ephemeral_halves();
    let span = u32::from(refused.end - refused.start).max(1);
    for _ in 0..span {
        let port = unbound_port(refused.clone());
        // A plain socket, bound without SO_REUSEADDR and never listening: a SYN to it is
        // answered with RST, and a bind of the same port by anyone else fails. It can be lost
        // to a racing bind between the probe and here: then try the next port.
        let socket = tokio::net::TcpSocket::new_v4()
            .unwrap_or_else(|e| panic!("cannot create a socket: {e}"));
        if socket
            .bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
            .is_ok()
        {
            return RefusedPort {
                _socket: socket,
                port,
            };
        }
    }
    panic!("no loopback port in {refused:?} could be held")
}

/// A port that refuses connections while this lives (see [`refused_port`]).
#[derive(Debug)]
pub struct RefusedPort {
    _socket: tokio::net::TcpSocket,
    port: u16,
}

impl RefusedPort {
    /// The port number.
    pub fn port(&self) -> u16 {
        self.port
    }
}

/// A loopback port for a child server that cannot bind port 0 and report the port it got
/// (`gnutls-serv`, `redis-server`). Like [`refused_port`] it lies below the ephemeral range, so
/// no outgoing connection takes it as its source port, and each call in a process moves on to
/// another port, so servers started at once by one test binary do not race for the same one.
/// Another test process can still bind it first (rarely: each process starts elsewhere): the
/// caller must notice the child's failed bind and try again with a new port.
pub fn server_port() -> u16 {
    let (_, servers) = below_ephemeral_halves();
    unbound_port(servers)
}

/// The ports below the ephemeral range, as two halves: refused ports, then server ports.
fn below_ephemeral_halves() -> (std::ops::Range<u16>, std::ops::Range<u16>) {
    let ephemeral_low = ephemeral_low();
    let low = 10_000.min(ephemeral_low / 2);
    let middle = low + (ephemeral_low - low) / 2;
    (low..middle, middle..ephemeral_low)
}

/// A port of `range` that can be bound now, starting the search at a place of this process and
/// call: parallel test processes (different ids) and successive calls probe different ports.
fn unbound_port(range: std::ops::Range<u16>) -> u16 {
    static CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let span = u32::from(range.end - range.start).max(1);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // Primes spread the start places of processes over the range, and of successive calls 97
    // ports apart, so a call never lands on the previous call's port (unless 97 in a row are taken).
    let start = std::process::id()
        .wrapping_mul(7919)
        .wrapping_add(call.wrapping_mul(97))
        % span;
    (0..span)
        .map(|i| range.start + ((start + i) % span) as u16)
        .find(|&port| TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok())
        .unwrap_or_else(|| panic!("no free loopback port in {range:?}"))
}

/// The first port of the kernel's ephemeral range (Linux's default when it cannot be read).
fn ephemeral_low() -> u16 {
    std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|range| range.split_whitespace().next()?.parse::<u16>().ok())
        .unwrap_or(32768)
}

/// Wait until `addr` accepts TCP connections. The probe connection is closed at once, so the
/// server sees one more (failed) connection: do not use with servers that count connections
/// (for `ferrotls server`, wait for its `listening on` line instead).
pub fn wait_for_port(addr: SocketAddr, timeout: Duration) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(format!(
                "nothing accepted connections on {addr} within {timeout:?}"
            ));
        }
        match TcpStream::connect_timeout(&addr, left.min(Duration::from_millis(500))) {
            Ok(_) => return Ok(()),
            Err(_) => thread::sleep(Duration::from_millis(20).min(left)),
        }
    }
}

/// Output captured from one pipe of a child, filled by a reader thread.
#[derive(Debug, Default)]
struct Captured {
    state: Mutex<(Vec<u8>, bool)>,
    changed: Condvar,
}

impl Captured {
    fn lock(&self) -> MutexGuard<'_, (Vec<u8>, bool)> {
        // A reader thread that panicked holds nothing worth refusing.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.lock().0).into_owned()
    }

    fn collect(self: Arc<Self>, mut pipe: impl Read + Send + 'static) {
        thread::spawn(move || {
            let mut buf = [0; 4096];
            loop {
                let n = pipe.read(&mut buf).unwrap_or(0);
                let mut state = self.lock();
                if n == 0 {
                    state.1 = true;
                } else {
                    state.0.extend_from_slice(&buf[..n]);
                }
                drop(state);
                self.changed.notify_all();
                if n == 0 {
                    return;
                }
            }
        });
    }

    /// Wait until `done` holds for the captured bytes or the pipe closes, within `timeout`.
    fn wait_until(&self, timeout: Duration, done: impl Fn(&[u8]) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let mut state = self.lock();
        loop {
            if done(&state.0) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if state.1 || left.is_zero() {
                return false;
            }
            state = self
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

/// What a finished child left behind.
#[derive(Debug)]
pub struct Output {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// A running child process with piped stdin and captured stdout/stderr. Killed when dropped.
#[derive(Debug)]
pub struct Peer {
    label: String,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Arc<Captured>,
    stderr: Arc<Captured>,
}

impl Peer {
    /// Start `program` with `args`.
    pub fn spawn(program: &Path, args: &[&str]) -> Self {
        let mut command = Command::new(program);
        command.args(args);
        Self::spawn_command(command)
    }

    /// Start a prepared command; its stdio is replaced by pipes.
    pub fn spawn_command(mut command: Command) -> Self {
        let label = format!("{command:?}");
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {label}: {e}"));
        let stdout = Arc::new(Captured::default());
        let stderr = Arc::new(Captured::default());
        if let Some(pipe) = child.stdout.take() {
            Arc::clone(&stdout).collect(pipe);
        }
        if let Some(pipe) = child.stderr.take() {
            Arc::clone(&stderr).collect(pipe);
        }
        let stdin = child.stdin.take();
        Self {
            label,
            child,
            stdin,
            stdout,
            stderr,
        }
    }

    /// The process id, for messages.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Write to the child's standard input.
    pub fn write_stdin(&mut self, data: &[u8]) {
        let stdin = self
            .stdin
            .as_mut()
            .unwrap_or_else(|| panic!("{}: stdin already closed", self.label));
        stdin
            .write_all(data)
            .and_then(|()| stdin.flush())
            .unwrap_or_else(|e| panic!("{}: cannot write stdin: {e}", self.label));
    }

    /// Close the child's standard input (its end of input).
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Standard output so far.
    pub fn stdout(&self) -> String {
        self.stdout.text()
    }

    /// Standard error so far.
    pub fn stderr(&self) -> String {
        self.stderr.text()
    }

    /// Wait until standard output contains `needle`; returns the output so far. The error holds
    /// everything captured, for the test's failure message.
    pub fn wait_for_stdout(&self, needle: &str, timeout: Duration) -> Result<String, String> {
        let found = self
            .stdout
            .wait_until(timeout, |out| String::from_utf8_lossy(out).contains(needle));
        if found {
            Ok(self.stdout())
        } else {
            Err(format!(
                "{needle:?} not seen within {timeout:?}\n{}",
                self.report()
            ))
        }
    }

    /// Wait until standard error contains `needle` (e.g. a capture tool's start message);
    /// returns the error output so far.
    pub fn wait_for_stderr(&self, needle: &str, timeout: Duration) -> Result<String, String> {
        let found = self
            .stderr
            .wait_until(timeout, |out| String::from_utf8_lossy(out).contains(needle));
        if found {
            Ok(self.stderr())
        } else {
            Err(format!(
                "{needle:?} not seen on stderr within {timeout:?}\n{}",
                self.report()
            ))
        }
    }

    /// Wait until a whole line (ended by a newline) on standard output or standard error
    /// contains `needle`, and return that line. The error holds everything captured; it comes
    /// early when the child closed both pipes (it ended) without such a line.
    pub fn wait_for_line(&self, needle: &str, timeout: Duration) -> Result<String, String> {
        let deadline = Instant::now() + timeout;
        loop {
            // Read before looking: once both pipes are closed, all there was has been captured.
            let ended = self.stdout.lock().1 && self.stderr.lock().1;
            let line = [&self.stdout, &self.stderr].iter().find_map(|captured| {
                captured
                    .text()
                    .split_inclusive('\n')
                    .find(|l| l.ends_with('\n') && l.contains(needle))
                    .map(str::to_owned)
            });
            if let Some(line) = line {
                return Ok(line);
            }
            if ended || Instant::now() >= deadline {
                return Err(format!(
                    "no line with {needle:?} {}\n{}",
                    if ended { "before the end" } else { "in time" },
                    self.report()
                ));
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Wait for the child to exit; after `timeout` it is killed and the error says so.
    pub fn wait(&mut self, timeout: Duration) -> Result<ExitStatus, String> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Ok(status),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
                Ok(None) => {
                    self.kill();
                    return Err(format!("killed after {timeout:?}\n{}", self.report()));
                }
                Err(e) => return Err(format!("{}: cannot wait: {e}", self.label)),
            }
        }
    }

    /// Wait for the exit (bounded as in [`wait`](Self::wait)) and for the output pipes to close.
    pub fn finish(mut self, timeout: Duration) -> Result<Output, String> {
        let status = self.wait(timeout)?;
        // A grandchild may keep the pipes open; what was captured by then is the output.
        let drained = Duration::from_secs(2);
        self.stdout.wait_until(drained, |_| false);
        self.stderr.wait_until(drained, |_| false);
        Ok(Output {
            status,
            stdout: self.stdout(),
            stderr: self.stderr(),
        })
    }

    /// Kill the child (if it still runs) and reap it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The command and everything it printed, for failure messages.
    pub fn report(&self) -> String {
        format!(
            "command: {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.label,
            self.stdout(),
            self.stderr()
        )
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Run `program` to completion with its stdin closed, killing it after `timeout`; panics with
/// the captured output if it had to be killed.
pub fn run(program: &Path, args: &[&str], timeout: Duration) -> Output {
    run_peer(Peer::spawn(program, args), timeout)
}

/// [`run`] for a child already started: its stdin closed, run to completion.
pub fn run_peer(mut peer: Peer, timeout: Duration) -> Output {
    peer.close_stdin();
    peer.finish(timeout).unwrap_or_else(|e| panic!("{e}"))
}

/// The address a server announced in its first line once bound to a port of its choosing:
/// `listening on ADDR` (`ferrotls server`, the tokio-redis example) or `listening on PORT` on
/// 127.0.0.1 (our rustls and JSSE peers). `what` names the server in the failure message.
pub fn listening_address(server: &Peer, what: &str) -> SocketAddr {
    let out = server
        .wait_for_stdout("\n", TIMEOUT)
        .unwrap_or_else(|e| panic!("{what} did not start: {e}"));
    out.lines()
        .find_map(|l| l.strip_prefix("listening on "))
        .map(str::trim)
        .and_then(|a| {
            a.parse().ok().or_else(|| {
                a.parse()
                    .ok()
                    .map(|port: u16| SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
            })
        })
        .unwrap_or_else(|| {
            panic!(
                "no 'listening on ADDR' line from {what}\n{}",
                server.report()
            )
        })
}

/// Start `ferrotls server` with `args` on a port of its choosing (`--listen 127.0.0.1:0`) and
/// return it with the address it reported.
pub fn ferrotls_server(exe: &Path, args: &[&str]) -> (Peer, SocketAddr) {
    ferrotls_server_env(exe, args, &[])
}

/// [`ferrotls_server`] with environment variables set (e.g. `SSLKEYLOGFILE`).
pub fn ferrotls_server_env(exe: &Path, args: &[&str], env: &[(&str, &str)]) -> (Peer, SocketAddr) {
    let mut command = Command::new(exe);
    command
        .args(["server", "--listen", "127.0.0.1:0"])
        .args(args)
        .envs(env.iter().copied());
    let peer = Peer::spawn_command(command);
    let addr = listening_address(&peer, "ferrotls server");
    (peer, addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listening_port_is_waited_for() {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        assert_eq!(wait_for_port(addr, Duration::from_secs(5)), Ok(()));
    }

    #[test]
    fn waiting_for_a_closed_port_gives_up_in_time() {
        let refused = refused_port();
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, refused.port()));
        let start = Instant::now();
        assert!(wait_for_port(addr, Duration::from_millis(200)).is_err());
        assert!(start.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn server_ports_are_below_the_ephemeral_range_apart_from_refused_ones_and_differ() {
        let (a, b) = (server_port(), server_port());
        assert_ne!(a, b, "two calls in a row gave the same port");
        let refused = refused_port().port();
        for port in [a, b] {
            assert!(port < ephemeral_low());
            assert!(
                port > refused,
                "{port} is in the refused ports' half ({refused})"
            );
            TcpListener::bind((Ipv4Addr::LOCALHOST, port)).unwrap();
        }
    }

    #[test]
    fn a_refused_port_is_below_the_ephemeral_range_and_refuses() {
        let refused = refused_port();
        let port = refused.port();
        assert!(port < ephemeral_low());
        let err = std::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::ConnectionRefused);
        // Held: nobody can listen there while the guard lives.
        assert!(TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_err());
        drop(refused);
        TcpListener::bind((Ipv4Addr::LOCALHOST, port)).unwrap();
    }

    #[test]
    fn a_hung_child_is_killed_at_its_timeout() {
        let sleep = find_on_path("sleep").expect("sleep(1) on PATH");
        let mut peer = Peer::spawn(&sleep, &["30"]);
        let start = Instant::now();
        let e = peer.wait(Duration::from_millis(200)).unwrap_err();
        assert!(e.starts_with("killed after"), "{e}");
        assert!(start.elapsed() < Duration::from_secs(5));
        assert!(
            peer.child.try_wait().unwrap().is_some(),
            "the child is gone"
        );
    }

    #[test]
    fn output_is_captured_and_stdin_is_piped() {
        let sh = find_on_path("sh").expect("sh on PATH");
        let out = run(&sh, &["-c", "echo out; echo err >&2; exit 3"], TIMEOUT);
        assert_eq!(
            (out.stdout.as_str(), out.stderr.as_str()),
            ("out\n", "err\n")
        );
        assert_eq!(out.status.code(), Some(3));

        let cat = find_on_path("cat").expect("cat on PATH");
        let mut peer = Peer::spawn(&cat, &[]);
        peer.write_stdin(b"line one\n");
        assert!(peer.wait_for_stdout("line one", TIMEOUT).is_ok());
        peer.close_stdin();
        let out = peer.finish(TIMEOUT).unwrap();
        assert!(out.status.success());
        assert_eq!(out.stdout, "line one\n");
    }

    #[test]
    fn waiting_for_output_that_never_comes_reports_what_came() {
        let sh = find_on_path("sh").expect("sh on PATH");
        let peer = Peer::spawn(&sh, &["-c", "echo something else; sleep 30"]);
        let e = peer
            .wait_for_stdout("ready", Duration::from_millis(300))
            .unwrap_err();
        assert!(e.contains("something else"), "{e}");
    }

    #[test]
    fn binaries_are_found_on_path_or_skipped_outside_ci() {
        assert!(find_on_path("sh").is_some());
        assert_eq!(require_with("ferrotls-no-such-binary", false), None);
    }

    #[test]
    #[should_panic(expected = "CI=true forbids skipping")]
    fn a_missing_binary_fails_under_ci() {
        require_with("ferrotls-no-such-binary", true);
    }
}
