//! The `--help` texts.

/// `ferrotls --help`.
pub(crate) const MAIN: &str = "\
ferrotls: a TLS 1.3 / 1.2 client and test server

Usage:
  ferrotls server --cert CERT.pem --key KEY.pem [options]
  ferrotls client HOST:PORT [options]

Run 'ferrotls server --help' or 'ferrotls client --help' for the options.
";

/// `ferrotls server --help`.
pub(crate) const SERVER: &str = "\
Usage: ferrotls server --cert CERT.pem --key KEY.pem [options]

Serves TLS connections, one thread each. Every line received is echoed back; a line starting
with 'GET ' gets an HTTP/1.0 200 response naming the negotiated parameters, then close_notify.
Prints 'listening on ADDR' at startup and one 'handshake: ...' line per completed handshake.

Options:
  --cert FILE            certificate chain (PEM, end entity first)
  --key FILE             private key of the end-entity certificate (PEM)
  --listen ADDR          address to listen on [default: 127.0.0.1:4433]; port 0 picks one
  --tls12 | --tls13      accept only this version
  --alpn LIST            comma-separated ALPN protocols, in preference order
  --groups LIST          accept only these key-exchange groups, in preference order
                         (x25519, secp256r1, secp384r1) [default: all three]
  --client-ca FILE       require a client certificate chaining to a CA in FILE (PEM)
  --max-connections N    exit after serving N connections
  -h, --help             this text
";

/// `ferrotls client --help`.
pub(crate) const CLIENT: &str = "\
Usage: ferrotls client HOST:PORT [options]

Connects, prints a 'handshake: ...' line, sends TEXT (or standard input until its end), then
close_notify, and prints what comes back until the server's close_notify. Exits 0 on a clean
close, non-zero with a message on standard error otherwise.

Options:
  --cafile FILE          trusted CA certificates (PEM) [default: $SSL_CERT_FILE, or
                         /etc/ssl/certs/ca-certificates.crt]
  --server-name NAME     name to verify (and send as SNI) [default: the HOST part]
  --handshake-timeout S  give up if the handshake takes longer than S seconds [default: 30]
  --tls12 | --tls13      offer only this version
  --alpn LIST            comma-separated ALPN protocols to offer, in preference order
  --groups LIST          offer only these key-exchange groups, in preference order, with a
                         key share for the first (x25519, secp256r1, secp384r1) [default: all
                         three, x25519 first]
  --cert FILE            client certificate chain (PEM), with --key
  --key FILE             private key of the client certificate (PEM), with --cert
  --send TEXT            send TEXT (a newline is added if it has none) instead of standard input
  -h, --help             this text
";
