//! The `ferrotls` binary's s_client / gnutls-cli / s_server parity options, each against a real
//! peer on loopback where a peer can show it (`openssl` and `gnutls-serv`; a missing one skips
//! loudly, and fails under `CI=true`):
//!
//! - [`showcerts`]: `--showcerts` prints the chain `s_server` sent, summarized and in PEM.
//! - [`keylog`]: `--keylog FILE` and `SSLKEYLOGFILE` log what OpenSSL's `-keylogfile` logs.
//! - [`suites`]: `--ciphers` / `--suites` choose what is negotiated, on both sides.
//! - [`export`]: `--export LABEL:LEN` equals OpenSSL's `-keymatexport`, on both sides.
//! - [`address`]: `HOST:PORT` resolved by name.
//! - [`ign_eof`]: `--ign-eof` keeps the connection open for the server's late reply.
//! - [`ems`]: `--no-require-ems` against an OpenSSL without the extended master secret.
//! - [`server_certs`]: an optional client certificate, and certificates chosen by SNI.

mod address;
mod ems;
mod export;
mod ign_eof;
mod keylog;
mod peers;
mod server_certs;
mod showcerts;
mod suites;
