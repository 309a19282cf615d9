//! Counting what a peer makes us do without progress: the "in a row" and per-connection limits
//! of [`Limits`], kept in one place so every record and message of both sides and both versions
//! passes the same checks. The per-message list limits are in [`super::message_limits`].

use ferrotls_record::{AlertDescription, ContentType, Deframed};

use crate::config::Limits;
use crate::error::{Cause, Error};
use crate::msgs::enums::HandshakeType;

/// The failure for a flood limit: unexpected_message, as BoringSSL answers too many empty
/// records, warning alerts or KeyUpdates; RFC 8446 §4.2.10 names it for excess early data.
fn flood(limit: &'static str) -> Error {
    Error::fatal(AlertDescription::UNEXPECTED_MESSAGE, Cause::Limit(limit))
}

/// How a server that did not accept 0-RTT gets past the early data a client sent anyway
/// (RFC 8446 §4.2.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EarlyDataSkip {
    /// No early data to skip.
    Off,
    /// After a HelloRetryRequest: every record with the outer type application_data is early
    /// data, until the second ClientHello makes us install handshake keys.
    Protected,
    /// After a ServerHello: records that fail to decrypt under the handshake keys are early data;
    /// the first that decrypts ends the skipping.
    UndecryptableProtected,
}

/// The counters behind the flood limits of [`Limits`].
#[derive(Debug)]
pub(crate) struct PeerCounters {
    limits: Limits,
    empty_records: usize,
    warning_alerts: usize,
    key_updates: usize,
    tickets: usize,
    early_data: usize,
    pub(crate) early_data_skip: EarlyDataSkip,
}

impl PeerCounters {
    pub(crate) fn new(limits: Limits) -> Self {
        Self {
            limits,
            empty_records: 0,
            warning_alerts: 0,
            key_updates: 0,
            tickets: 0,
            early_data: 0,
            early_data_skip: EarlyDataSkip::Off,
        }
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Every record, before it is processed. A record with payload other than change_cipher_spec
    /// is progress and resets the empty-record count; a non-empty record other than an alert resets the warning count;
    /// only application data with payload resets the KeyUpdate count, so KeyUpdates cannot be
    /// spaced out with records that carry nothing to the application.
    pub(crate) fn record(&mut self, content_type: ContentType, len: usize) -> Result<(), Error> {
        // A change_cipher_spec carries nothing either: TLS 1.3 drops any number of them in its
        // window (RFC 9846 §5), so they count against the same limit.
        if len == 0 || content_type == ContentType::CHANGE_CIPHER_SPEC {
            self.empty_records += 1;
            if self.empty_records > self.limits.max_empty_records_in_row {
                return Err(flood("max_empty_records_in_row"));
            }
            return Ok(());
        }
        self.empty_records = 0;
        if content_type != ContentType::ALERT {
            self.warning_alerts = 0;
        }
        if content_type == ContentType::APPLICATION_DATA {
            self.key_updates = 0;
        }
        Ok(())
    }

    /// A warning alert that does not end the connection.
    pub(crate) fn warning_alert(&mut self) -> Result<(), Error> {
        self.warning_alerts += 1;
        if self.warning_alerts > self.limits.max_warning_alerts_in_row {
            return Err(flood("max_warning_alerts_in_row"));
        }
        Ok(())
    }

    /// Every handshake message, before the state machine sees it. Counting here rather than in
    /// the states keeps one rule for client and server; a message the state does not accept is
    /// refused by it anyway.
    pub(crate) fn handshake_message(&mut self, typ: HandshakeType) -> Result<(), Error> {
        if typ == HandshakeType::KEY_UPDATE {
            self.key_updates += 1;
            if self.key_updates > self.limits.max_key_updates_without_data {
                return Err(flood("max_key_updates_without_data"));
            }
        } else if typ == HandshakeType::NEW_SESSION_TICKET {
            self.tickets += 1;
            if self.tickets > self.limits.max_tickets_per_connection {
                return Err(flood("max_tickets_per_connection"));
            }
        }
        Ok(())
    }

    /// Whether `record` is to be skipped unopened as early data (after a HelloRetryRequest).
    pub(crate) fn skips_unopened(&self, record: &Deframed) -> bool {
        self.early_data_skip == EarlyDataSkip::Protected
            && record.header.content_type == ContentType::APPLICATION_DATA
    }

    /// Whether a record that failed to decrypt is early data to skip.
    pub(crate) fn skips_undecryptable(&self) -> bool {
        self.early_data_skip == EarlyDataSkip::UndecryptableProtected
    }

    /// Charge a skipped early-data record against the budget. Its whole protected payload
    /// counts: without the keys, padding and tag cannot be told from content.
    pub(crate) fn skipped_early_data(&mut self, protected_len: usize) -> Result<(), Error> {
        self.early_data = self.early_data.saturating_add(protected_len);
        if self.early_data > self.limits.max_early_data {
            return Err(flood("max_early_data"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit_of(e: Error) -> (AlertDescription, Cause) {
        match e {
            Error::AlertSent { alert, cause } => (alert, cause),
            other => panic!("not a sent alert: {other:?}"),
        }
    }

    #[test]
    fn empty_records_fail_after_the_limit_and_payload_resets() {
        let mut c = PeerCounters::new(Limits {
            max_empty_records_in_row: 2,
            ..Limits::default()
        });
        let data = ContentType::APPLICATION_DATA;
        c.record(data, 0).unwrap();
        c.record(data, 0).unwrap();
        c.record(data, 1).unwrap();
        c.record(data, 0).unwrap();
        c.record(data, 0).unwrap();
        assert_eq!(
            limit_of(c.record(data, 0).unwrap_err()),
            (
                AlertDescription::UNEXPECTED_MESSAGE,
                Cause::Limit("max_empty_records_in_row")
            )
        );
    }

    #[test]
    fn change_cipher_specs_count_as_empty_records() {
        let mut c = PeerCounters::new(Limits {
            max_empty_records_in_row: 2,
            ..Limits::default()
        });
        let ccs = ContentType::CHANGE_CIPHER_SPEC;
        c.record(ccs, 1).unwrap();
        c.record(ContentType::APPLICATION_DATA, 0).unwrap();
        assert!(c.record(ccs, 1).is_err());
        let mut c = PeerCounters::new(Limits {
            max_empty_records_in_row: 1,
            ..Limits::default()
        });
        c.record(ccs, 1).unwrap();
        c.record(ContentType::HANDSHAKE, 4).unwrap();
        c.record(ccs, 1).unwrap();
    }

    #[test]
    fn warnings_reset_by_progress_not_by_alerts_or_empty_records() {
        let mut c = PeerCounters::new(Limits {
            max_warning_alerts_in_row: 2,
            ..Limits::default()
        });
        c.warning_alert().unwrap();
        c.record(ContentType::ALERT, 2).unwrap();
        c.record(ContentType::APPLICATION_DATA, 0).unwrap();
        c.warning_alert().unwrap();
        assert!(c.warning_alert().is_err());
        let mut c = PeerCounters::new(Limits {
            max_warning_alerts_in_row: 1,
            ..Limits::default()
        });
        c.warning_alert().unwrap();
        c.record(ContentType::HANDSHAKE, 4).unwrap();
        c.warning_alert().unwrap();
    }

    #[test]
    fn key_updates_reset_only_by_application_data() {
        let mut c = PeerCounters::new(Limits {
            max_key_updates_without_data: 1,
            ..Limits::default()
        });
        c.handshake_message(HandshakeType::KEY_UPDATE).unwrap();
        c.record(ContentType::HANDSHAKE, 5).unwrap();
        c.record(ContentType::APPLICATION_DATA, 0).unwrap();
        assert_eq!(
            limit_of(c.handshake_message(HandshakeType::KEY_UPDATE).unwrap_err()).1,
            Cause::Limit("max_key_updates_without_data")
        );
        c.record(ContentType::APPLICATION_DATA, 1).unwrap();
        c.handshake_message(HandshakeType::KEY_UPDATE).unwrap();
    }

    #[test]
    fn tickets_are_counted_per_connection() {
        let mut c = PeerCounters::new(Limits {
            max_tickets_per_connection: 2,
            ..Limits::default()
        });
        for _ in 0..2 {
            c.handshake_message(HandshakeType::NEW_SESSION_TICKET)
                .unwrap();
            c.record(ContentType::APPLICATION_DATA, 10).unwrap();
        }
        assert_eq!(
            limit_of(
                c.handshake_message(HandshakeType::NEW_SESSION_TICKET)
                    .unwrap_err()
            ),
            (
                AlertDescription::UNEXPECTED_MESSAGE,
                Cause::Limit("max_tickets_per_connection")
            )
        );
    }
}
