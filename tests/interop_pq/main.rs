//! X25519MLKEM768 (draft-ietf-tls-ecdhe-mlkem) against independent implementations on loopback:
//! rustls 0.23 with its default aws-lc-rs provider (a small peer program, `rustls_peer`) as
//! client of `ferrotls server` and as server for `ferrotls client`, and headless Chromium
//! fetching a page from `ferrotls server`. Every case runs both sides on their default groups
//! and checks that both report the hybrid: the peer's own account and our `handshake:` line.
//!
//! Missing peers (cargo cannot build the rustls program; no `chromium`) skip loudly, and fail
//! under `CI=true`, as in `ferrotls_tests::interop`.
#![forbid(unsafe_code)]

mod chromium;
mod rustls_peer;

#[test]
fn rustls_client_negotiates_x25519mlkem768_with_our_server() {
    rustls_peer::rustls_client_with_our_server();
}

#[test]
fn our_client_negotiates_x25519mlkem768_with_a_rustls_server() {
    rustls_peer::our_client_with_rustls_server();
}

#[test]
fn chromium_fetches_a_page_from_our_server_over_x25519mlkem768() {
    chromium::chromium_fetches_a_page_from_our_server();
}
