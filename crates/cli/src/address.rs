//! The client's `HOST[:PORT]`: port 443 unless given, IPv6 literals in brackets (`[::1]:4433`)
//! or bare without a port (`::1`), names resolved by the system resolver, and each resolved
//! address tried in turn within the connect timeout.

use std::io;
use std::net::{Ipv6Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

/// The port when `HOST` has none: HTTPS (RFC 9110 §4.2.2).
pub const DEFAULT_PORT: u16 = 443;

/// A server to connect to, as given on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The host: a DNS name or an IP address (without brackets).
    pub host: String,
    /// The TCP port.
    pub port: u16,
}

impl Target {
    /// `HOST`, `HOST:PORT`, `[IPv6]`, `[IPv6]:PORT` or a bare IPv6 address.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("{text:?} is not HOST[:PORT]");
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            let (host, rest) = rest.split_once(']').ok_or_else(bad)?;
            if host.parse::<Ipv6Addr>().is_err() {
                return Err(format!("{text:?}: [{host}] is not an IPv6 address"));
            }
            match rest {
                "" => (host, None),
                _ => (host, Some(rest.strip_prefix(':').ok_or_else(bad)?)),
            }
        } else if text.parse::<Ipv6Addr>().is_ok() {
            (text, None)
        } else {
            match text.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (text, None),
            }
        };
        if host.is_empty() || host.contains(['/', ' ']) {
            return Err(bad());
        }
        let port = match port {
            None => DEFAULT_PORT,
            Some(p) => p
                .parse()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| format!("{text:?}: {p:?} is not a port (1 to 65535)"))?,
        };
        Ok(Self {
            host: host.to_string(),
            port,
        })
    }

    /// Every address the host resolves to (an IP literal resolves to itself).
    pub fn resolve(&self) -> io::Result<Vec<SocketAddr>> {
        let addrs: Vec<SocketAddr> = (self.host.as_str(), self.port).to_socket_addrs()?.collect();
        if addrs.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} resolves to no address", self.host),
            ));
        }
        Ok(addrs)
    }

    /// A TCP connection to the first resolved address that answers, each tried for at most
    /// `timeout`; the error names the last failure.
    pub fn connect(&self, timeout: Duration) -> Result<TcpStream, String> {
        let addrs = self
            .resolve()
            .map_err(|e| format!("cannot resolve {}: {e}", self.host))?;
        let mut last = None;
        for addr in &addrs {
            match TcpStream::connect_timeout(addr, timeout) {
                Ok(tcp) => return Ok(tcp),
                Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                    last = Some(format!(
                        "cannot connect to {addr}: no answer within {} s",
                        timeout.as_secs_f32()
                    ));
                }
                Err(e) => last = Some(format!("cannot connect to {addr}: {e}")),
            }
        }
        Err(last.unwrap_or_else(|| format!("cannot connect to {self}")))
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn target(host: &str, port: u16) -> Target {
        Target {
            host: host.into(),
            port,
        }
    }

    #[test]
    fn hosts_ports_and_brackets() {
        for (text, want) in [
            ("example.com", target("example.com", 443)),
            ("example.com:4433", target("example.com", 4433)),
            ("127.0.0.1", target("127.0.0.1", 443)),
            ("127.0.0.1:1", target("127.0.0.1", 1)),
            ("[::1]", target("::1", 443)),
            ("[::1]:4433", target("::1", 4433)),
            ("::1", target("::1", 443)),
            ("fe80::1:2", target("fe80::1:2", 443)),
        ] {
            assert_eq!(Target::parse(text), Ok(want.clone()), "{text}");
            let shown = want.to_string();
            assert_eq!(Target::parse(&shown), Ok(want), "{shown}");
        }
    }

    #[test]
    fn bad_addresses_say_why() {
        for (text, needle) in [
            ("", "is not HOST[:PORT]"),
            (":443", "is not HOST[:PORT]"),
            ("host:http", "is not a port"),
            ("host:0", "is not a port"),
            ("host:65536", "is not a port"),
            ("[::1]443", "is not HOST[:PORT]"),
            ("[::1", "is not HOST[:PORT]"),
            ("[localhost]:1", "is not an IPv6 address"),
            ("a b:1", "is not HOST[:PORT]"),
        ] {
            let e = Target::parse(text).unwrap_err();
            assert!(e.contains(needle), "{text:?}: {e}");
        }
    }

    #[test]
    fn names_resolve_and_connect_on_loopback() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let t = target("localhost", port);
        assert!(t.resolve().unwrap().iter().any(|a| a.ip().is_loopback()));
        let tcp = t.connect(Duration::from_secs(5)).unwrap();
        assert_eq!(tcp.peer_addr().unwrap().port(), port);
    }

    #[test]
    fn a_refused_connection_names_the_address() {
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let e = target("127.0.0.1", port)
            .connect(Duration::from_secs(5))
            .unwrap_err();
        assert!(
            e.starts_with(&format!("cannot connect to 127.0.0.1:{port}: ")),
            "{e}"
        );
    }
}
