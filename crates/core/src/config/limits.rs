//! Bounds on the work and memory a peer can make us spend.
//!
//! Every limit is checked before the work it bounds is done (before buffering, decoding or
//! deriving keys), and exceeding one fails the connection like any protocol error: the alert
//! named below is sent and the connection is terminal, with `Cause::Limit` naming the field.
//! "In a row" counters count consecutive records or messages that make no progress; what resets
//! each is said on the field.

/// Resource limits. Each has a safe default; exceeding one fails the connection with the alert
/// its documentation names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest handshake message body accepted (default 64 KiB), checked against the header
    /// before buffering, so a claimed length costs no memory. Exceeding it: illegal_parameter
    /// (as BoringSSL and OpenSSL answer an excessive message size).
    pub max_handshake_message: usize,
    /// Largest record content we accept in protected records (RFC 8449 §4), 64 to 2^14 (more
    /// counts as 2^14; default 2^14, the protocol maximum). A client offers it in
    /// record_size_limit (plus one byte for TLS 1.3's inner content type): by default too, since
    /// only a client that sends the extension lets a constrained server announce a smaller limit
    /// (RFC 8449 §4: "Endpoints SHOULD advertise the "record_size_limit" extension, even if
    /// they have no need to limit the size of records"); it costs 6 bytes. A server answers every client that sent the
    /// extension with it (2^14 when `None`), in EncryptedExtensions or the TLS 1.2 ServerHello.
    /// Each side sends records within the peer's value; a protected record larger than what we
    /// announced is record_overflow. `None`: 2^14, and a client does not offer the extension.
    pub record_size_limit: Option<u16>,
    /// Most certificates in the peer's Certificate message (default 10: a leaf, a few
    /// intermediates and an optional root; real chains carry 2 to 4). Exceeding it:
    /// bad_certificate, since the message is well formed and it is the chain that is refused.
    pub max_certificate_chain_len: usize,
    /// Most bytes of the peer's `certificate_list` (default 64 KiB; TLS 1.3 entry extensions
    /// included). The message limit bounds it too; this one says what a chain may cost on its
    /// own. Exceeding it: bad_certificate.
    pub max_certificate_chain_bytes: usize,
    /// Most extensions in one extension block of any message (default 64: a browser's
    /// ClientHello carries about 18, GREASE included). Exceeding it: decode_error, the alert for
    /// a field outside its range (RFC 8446 §6.2); this limit narrows that range.
    pub max_extensions: usize,
    /// Most KeyUpdate messages received with no application data between them (default 32, as
    /// BoringSSL). Each one costs a key derivation and may make us send one back; a record of
    /// application data with payload resets the count, so the rule bounds key-update work per
    /// byte of data rather than per second (the core has no clock of its own to rate-limit
    /// with). Exceeding it: unexpected_message.
    pub max_key_updates_without_data: usize,
    /// Most warning alerts received in a row (default 4, as BoringSSL): TLS 1.2 warnings and
    /// user_canceled, the only alerts that do not end the connection (RFC 5246 §7.2,
    /// RFC 8446 §6.1). Any non-empty record other than an alert resets the count. Exceeding it:
    /// unexpected_message.
    pub max_warning_alerts_in_row: usize,
    /// Most records with an empty plaintext received in a row (default 32, as BoringSSL):
    /// zero-length application data, which both versions allow, including TLS 1.3 records whose
    /// inner plaintext is only padding. Any record with payload resets the count. Exceeding it:
    /// unexpected_message.
    pub max_empty_records_in_row: usize,
    /// Most bytes of 0-RTT records a server reads or skips on one connection (default 16 KiB).
    /// This server never accepts early data, so it skips the records a client sends anyway
    /// (RFC 8446 §4.2.10: "up to the configured max_early_data_size"), counting each skipped
    /// record's whole protected payload since padding cannot be told from content without the
    /// keys. Exceeding it: unexpected_message (RFC 8446 §4.2.10).
    pub max_early_data: usize,
    /// Most NewSessionTicket messages a client processes on one connection (default 16; servers
    /// send one or two). Exceeding it: unexpected_message.
    pub max_tickets_per_connection: usize,
    /// Most bytes a connection holds for sending (default 64 KiB): application data accepted
    /// but not sealed yet (before the handshake completes) plus records not yet taken with
    /// `write_tls` / `consume_tls`. `send` takes only what fits and says how much, like
    /// `Write::write`; `send_capacity` tells the room left. Sealing adds each record's header,
    /// tag and padding, so the records held may pass the limit by that much (under one record).
    /// Handshake messages, alerts and KeyUpdates are always written: they count toward the
    /// limit but are never refused. Not a peer limit: the application's own backpressure.
    pub max_send_buffer: usize,
    /// Most unread application data a connection keeps (default 64 KiB). `handle_tls` opens no
    /// further record while one more could take the unread data past this (an empty buffer
    /// always takes one), leaving those records in the caller's input buffer until the
    /// application reads: the connection then holds at most `max(max_unread_plaintext, 2^14)`
    /// bytes of plaintext, however much the peer sends. Accepted 0-RTT data is not counted: the
    /// server's max_early_data_size bounds it. Not an error: flow control.
    pub max_unread_plaintext: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_handshake_message: 64 * 1024,
            record_size_limit: Some(1 << 14),
            max_certificate_chain_len: 10,
            max_certificate_chain_bytes: 64 * 1024,
            max_extensions: 64,
            max_key_updates_without_data: 32,
            max_warning_alerts_in_row: 4,
            max_empty_records_in_row: 32,
            max_early_data: 16 * 1024,
            max_tickets_per_connection: 16,
            max_send_buffer: 64 * 1024,
            max_unread_plaintext: 64 * 1024,
        }
    }
}
