//! Which operations a config leaves to the application.

/// What the application answers itself (through `Connection::answer`) instead of the config's
/// synchronous objects. Default: nothing; every request is answered at once by the config.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Defer {
    /// Server: session lookups (`LookupSession`, `TakeSession`) go to the application, and new
    /// sessions are reported as `Event::StoreSession` instead of `put` into `session_store`
    /// (which is then not needed).
    pub sessions: bool,
    /// Server: the 0-RTT anti-replay check (`CheckReplay`) goes to the application; tickets then
    /// allow early data (`max_early_data`) without an `AntiReplay` object.
    pub anti_replay: bool,
    /// The certificate choice (`ChooseCertificate` on a server, `ChooseClientCertificate` on a
    /// client) goes to the application.
    pub certificate: bool,
}
