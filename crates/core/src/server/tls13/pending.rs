//! What the server holds between sending its Finished and receiving the client's.

use super::tickets::SessionContext;
use crate::key_schedule::{MasterSecret, TrafficSecret};
use crate::suites::SupportedCipherSuite;

/// Traffic secrets derived by the server flight that are not installed yet (client handshake
/// secret: installed, kept for its Finished key) or are needed once the client's Finished
/// verifies (RFC 8446 §7.1), and what the session's tickets will describe.
#[derive(Debug)]
pub(crate) struct PendingTraffic {
    pub(super) suite: &'static SupportedCipherSuite,
    /// client_handshake_traffic_secret: its Finished key checks the client's Finished.
    pub(super) client_handshake: TrafficSecret,
    /// client_application_traffic_secret_0: read keys after the client's Finished.
    pub(super) client_application: TrafficSecret,
    /// server_application_traffic_secret_0: already our write keys; kept for KeyUpdate.
    pub(super) server_application: TrafficSecret,
    /// The Master Secret: the resumption master secret comes from it once the transcript
    /// includes the client's Finished (RFC 8446 §7.1).
    pub(super) master: MasterSecret,
    pub(super) session: SessionContext,
}
