//! The `--help` texts.

/// `ferrotls --help`.
pub(crate) const MAIN: &str = "\
ferrotls: a TLS 1.3 / 1.2 client and test server

Usage:
  ferrotls demo
  ferrotls server --cert CERT.pem --key KEY.pem [options]
  ferrotls client HOST:PORT [options]

'ferrotls demo' needs no files: it shows full and resumed handshakes of both versions.
Run 'ferrotls server --help' or 'ferrotls client --help' for the options.
";

/// `ferrotls demo --help`.
pub(crate) const DEMO: &str = "\
Usage: ferrotls demo

Starts a server on a loopback port with a certificate made on the spot, and a client that
trusts it, then runs: a full TLS 1.3 handshake, a resumption with the ticket it received, a
resumption with 0-RTT early data; a full TLS 1.2 handshake, a session-ID resumption, another
full handshake and a session-ticket resumption. Prints, for each connection, the version,
suite, group, whether it resumed, the session IDs both sides report (the server's stays the
same across resumptions of a session), early data and the handshake time. Exits non-zero,
saying which step, if anything does not behave as expected. Takes no options.
";

/// `ferrotls server --help`.
pub(crate) const SERVER: &str = "\
Usage: ferrotls server --cert CERT.pem --key KEY.pem [options]

Serves TLS connections, one thread each. Every line received is echoed back; a line starting
with 'GET ' gets an HTTP/1.0 200 response naming the negotiated parameters, then close_notify.
Prints 'listening on ADDR' at startup, one 'handshake: ...' line per completed handshake,
'early-data: TEXT' for 0-RTT data received (which is then answered like the lines after it),
'resumption declined: REASON' when a client's session could not be resumed, and 'early data
accepted' or 'early data rejected: REASON' for a 0-RTT flight (also when the handshake then
fails).

Sessions: TLS 1.3 clients get NewSessionTickets; TLS 1.2 clients get an RFC 5077 ticket if
they ask, and a session ID kept in an in-memory cache, or in Redis with --session-store, where
every server given the same URL finds it (then the 0-RTT records are shared too, so a flight
is accepted by one server of the fleet at most). A store that fails is reported on standard
error and costs full handshakes and refused 0-RTT, never a failed connection. Each ticket key
seals tickets for an hour and opens them for twelve more; the keys are random and live in this
process only, unless --ticket-secret-file derives them from a file that every server of a fleet
shares (a ticket made on one then resumes on any). Session metrics are printed as 'stats: ...'
lines on SIGINT (which then stops the server) and every --stats-every seconds.

Options:
  --cert FILE            certificate chain (PEM, end entity first)
  --key FILE             private key of the end-entity certificate (PEM)
  --listen ADDR          address to listen on [default: 127.0.0.1:4433]; port 0 picks one
  --tls12 | --tls13      accept only this version
  --alpn LIST            comma-separated ALPN protocols, in preference order
  --groups LIST          accept only these key-exchange groups, in preference order
                         (X25519MLKEM768, x25519, secp256r1, secp384r1) [default: all four,
                         in that order; X25519MLKEM768, the post-quantum hybrid, is TLS 1.3
                         only]
  --client-ca FILE       require a client certificate chaining to a CA in FILE (PEM)
  --max-connections N    exit after serving N connections
  --tickets N            TLS 1.3 session tickets sent after each handshake (0 to 16)
                         [default: 2]
  --max-requested-tickets N
                         the most TLS 1.3 tickets a client gets by asking for a number
                         (RFC 9149 ticket_request; 0 to 255) [default: 8]
  --no-tickets           issue no session tickets, in either version
  --no-session-cache     keep no session-ID cache (TLS 1.2 session-ID resumption off)
  --max-early-data N     accept up to N bytes of TLS 1.3 0-RTT data, each ticket once
                         (single-use anti-replay) [default: 0, refused]; with
                         --ticket-secret-file, refused for the first 13 key periods, as the
                         replays recorded for older tickets are not in this process
                         (with --session-store redis://..., they are: no such wait)
  --ticket-secret-file F
                         derive the ticket keys from F's bytes (at least 32; e.g.
                         'head -c 32 /dev/urandom > F'): servers sharing F share keys
  --ticket-rotate SECS   a new ticket key every SECS seconds, each opening tickets for 12
                         times as long [default: 3600]
  --stats-every N        print the session metrics every N seconds
  --session-store STORE  where sessions and 0-RTT records live: 'memory' (this process) or
                         redis://HOST:PORT[/DB] (shared by a fleet) [default: memory]
  --session-prefix P     prefix of every Redis key, so fleets can share one Redis
                         [default: ferrotls:]
  --stateful-tickets     TLS 1.3 tickets name states kept in the session store, each usable
                         once (TLS 1.2 then gets no tickets)
  --record-size-limit N  accept records of at most N bytes of content (64 to 16384), answered
                         to a client's record_size_limit (RFC 8449) [default: 16384]
  -h, --help             this text
";

/// `ferrotls client --help`.
pub(crate) const CLIENT: &str = "\
Usage: ferrotls client HOST:PORT [options]

Connects, prints a 'handshake: ...' line, sends TEXT (or standard input until its end), then
close_notify, and prints what comes back until the server's close_notify. Exits 0 on a clean
close, non-zero with a message on standard error otherwise. The 'handshake:' line reports
resumed=yes|no, the session_id the server sent, and early_data=accepted|rejected|no.
Each session (ticket) received is noted on standard error.

Options:
  --cafile FILE          trusted CA certificates (PEM) [default: $SSL_CERT_FILE, or
                         /etc/ssl/certs/ca-certificates.crt]
  --server-name NAME     name to verify (and send as SNI) [default: the HOST part]
  --handshake-timeout S  give up if the handshake takes longer than S seconds [default: 30]
  --tls12 | --tls13      offer only this version
  --alpn LIST            comma-separated ALPN protocols to offer, in preference order
  --groups LIST          offer only these key-exchange groups, in preference order, with a
                         key share for the first (X25519MLKEM768, x25519, secp256r1,
                         secp384r1) [default: all four, in that order, with key shares for
                         X25519MLKEM768 and x25519; X25519MLKEM768, the post-quantum hybrid,
                         is TLS 1.3 only]
  --cert FILE            client certificate chain (PEM), with --key
  --key FILE             private key of the client certificate (PEM), with --cert
  --send TEXT            send TEXT (a newline is added if it has none) instead of standard input
  --resume               connect, wait for a session (ticket), close, connect again resuming it,
                         then exchange data; prints a 'handshake:' line for each connection
  --session-file F       resume the session stored in F, if there is one (a bad or expired file
                         is reported and ignored); store every session received in F
  --session-cache F      keep a session cache in F (created 0600 if missing; up to 4 sessions
                         per server, TLS 1.3 tickets offered once, expired ones never):
                         every connection offers from it and stores into it
  --early-data FILE      send FILE as TLS 1.3 0-RTT data when resuming a session that allows it;
                         sent again after the handshake if the server refuses it (or if there
                         is no such session)
  --session-store STORE  where sessions and 0-RTT records live: 'memory' (this process) or
                         redis://HOST:PORT[/DB] (shared by a fleet) [default: memory]
  --session-prefix P     prefix of every Redis key, so fleets can share one Redis
                         [default: ferrotls:]
  --stateful-tickets     TLS 1.3 tickets name states kept in the session store, each usable
                         once (TLS 1.2 then gets no tickets)
  --record-size-limit N  accept records of at most N bytes of content (64 to 16384), offered
                         with record_size_limit (RFC 8449) [default: not offered]
  --request-tickets N    ask a TLS 1.3 server for N session tickets, after a full handshake
                         and after a resumption (RFC 9149 ticket_request; 0 to 255)
  -h, --help             this text
";
