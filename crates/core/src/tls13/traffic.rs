//! Application traffic after the handshake: KeyUpdate in both directions (RFC 9846 §4.7.3),
//! with its bounds on what we send: one update_requested outstanding at a time, and a sending
//! epoch that never exceeds 2^48-1.

use ferrotls_record::AlertDescription;

use super::encode;
use crate::conn::{DirectionKeys, HandshakeOutput, Level};
use crate::error::{ApiError, Error};
use crate::events::Event;
use crate::key_schedule::TrafficSecret;
use crate::msgs::enums::KeyUpdateRequest;
use crate::msgs::handshake::{HandshakeMessage, KeyUpdate};
use crate::suites::SupportedCipherSuite;

/// RFC 9846 §4.7.3: "sending implementations MUST NOT allow the epoch -- and hence the number of
/// key updates -- to exceed 2^48-1" (receivers "MUST NOT enforce this rule", so only our sending
/// side counts).
const MAX_EPOCH: u64 = (1 << 48) - 1;

/// The epoch of the first application traffic keys, counting the cleartext, early and handshake
/// epochs before them as DTLS 1.3 numbers them (RFC 9147 §6.1); TLS does not number them, and
/// counting them costs three updates out of 2^48.
const FIRST_APPLICATION_EPOCH: u64 = 3;

/// The current application traffic secrets of both directions.
#[derive(Debug)]
pub(crate) struct ApplicationTraffic {
    suite: &'static SupportedCipherSuite,
    read: TrafficSecret,
    write: TrafficSecret,
    /// The epoch of our current write keys.
    write_epoch: u64,
    /// We sent update_requested and the peer has not sent a KeyUpdate since.
    awaiting_peer_update: bool,
}

impl ApplicationTraffic {
    /// `read`/`write`: the peer's and our application traffic secrets, already installed.
    pub(crate) fn new(
        suite: &'static SupportedCipherSuite,
        read: TrafficSecret,
        write: TrafficSecret,
    ) -> Self {
        Self {
            suite,
            read,
            write,
            write_epoch: FIRST_APPLICATION_EPOCH,
            awaiting_peer_update: false,
        }
    }

    /// The peer's KeyUpdate: move to its next secret; if it asked and we may still send, answer
    /// with our own (update_not_requested, so the two cannot ping-pong) and move ours.
    pub(crate) fn handle_key_update(
        &mut self,
        common: &mut dyn HandshakeOutput,
        ku: KeyUpdate,
    ) -> Result<(), Error> {
        let requested = match ku.request_update {
            KeyUpdateRequest::UPDATE_NOT_REQUESTED => false,
            KeyUpdateRequest::UPDATE_REQUESTED => true,
            _ => {
                return Err(Error::protocol(
                    AlertDescription::ILLEGAL_PARAMETER,
                    "KeyUpdate request_update is neither 0 nor 1 (RFC 8446 §4.6.3)",
                ))
            }
        };
        // After our close_notify the request goes unanswered (RFC 9846 §6.1).
        let answer = requested && !common.sent_close();
        self.read = next(&self.read)?;
        // install_read_keys refuses a KeyUpdate that does not end its record (RFC 8446 §5.1).
        common.install_read_keys(
            Level::Application,
            DirectionKeys::Tls13 {
                suite: self.suite,
                secret: &self.read,
            },
        )?;
        // Any KeyUpdate from the peer, its answer or one of its own, ends our wait (§4.7.3).
        self.awaiting_peer_update = false;
        // §4.7.3: at the epoch limit we "MUST NOT send [our] own KeyUpdate [...] and SHOULD
        // instead ignore the update_requested flag".
        let answer = answer && self.write_epoch < MAX_EPOCH;
        if answer {
            self.send_key_update(common, false)?;
        }
        common.emit(Event::KeyUpdated {
            we_updated_too: answer,
        });
        Ok(())
    }

    /// The application asks for new write keys (and, with `request_peer`, for the peer's too).
    /// RFC 9846 §4.7.3: "Until receiving a subsequent KeyUpdate from the peer, the sender MUST
    /// NOT send another KeyUpdate with request_update set to update_requested": while one is
    /// outstanding, a further request updates only our keys. At the epoch limit the request is
    /// refused ([`ApiError::Unsupported`]) and the connection goes on; it must be closed before
    /// the keys' usage limit (§5.5), which the record layer enforces.
    pub(crate) fn request_key_update(
        &mut self,
        common: &mut dyn HandshakeOutput,
        request_peer: bool,
    ) -> Result<(), ApiError> {
        if self.write_epoch >= MAX_EPOCH {
            return Err(ApiError::Unsupported(
                "no more key updates: the sending epoch is at 2^48-1 (RFC 9846 §4.7.3)",
            ));
        }
        let request_peer = request_peer && !self.awaiting_peer_update;
        self.send_key_update(common, request_peer)
            .map_err(|e| ApiError::Failed(common.fail(e)))
    }

    /// Send a KeyUpdate under the current keys, then switch to the next write secret. The
    /// callers have checked the epoch limit.
    fn send_key_update(
        &mut self,
        common: &mut dyn HandshakeOutput,
        request_peer: bool,
    ) -> Result<(), Error> {
        let request_update = if request_peer {
            KeyUpdateRequest::UPDATE_REQUESTED
        } else {
            KeyUpdateRequest::UPDATE_NOT_REQUESTED
        };
        common.send_handshake(&encode(&HandshakeMessage::KeyUpdate(KeyUpdate {
            request_update,
        }))?)?;
        self.write = next(&self.write)?;
        self.write_epoch += 1;
        self.awaiting_peer_update |= request_peer;
        common.install_write_keys(
            Level::Application,
            DirectionKeys::Tls13 {
                suite: self.suite,
                secret: &self.write,
            },
        )
    }
}

fn next(secret: &TrafficSecret) -> Result<TrafficSecret, Error> {
    secret.next().map_err(|_| {
        Error::protocol(
            AlertDescription::INTERNAL_ERROR,
            "traffic secret update failed",
        )
    })
}

#[cfg(test)]
mod tests {
    use alloc::sync::Arc;
    use alloc::vec::Vec;

    use ferrotls_crypto::random::SeededRandom;
    use ferrotls_crypto::rustcrypto::provider_with_random;
    use ferrotls_crypto::CryptoProvider;
    use ferrotls_record::{RecordProtection, RecordReader};

    use super::*;
    use crate::config::Limits;
    use crate::conn::Common;
    use crate::error::ApiError;
    use crate::key_schedule::{EarlySecret, HashPrimitives};
    use crate::suites::TLS_AES_128_GCM_SHA256;

    /// Reads what we send, following our KeyUpdates.
    struct Peer {
        provider: Arc<CryptoProvider>,
        secret: TrafficSecret,
        reader: RecordReader,
    }

    impl Peer {
        fn install(&mut self) {
            let keys = self
                .secret
                .traffic_keys(TLS_AES_128_GCM_SHA256.aead)
                .unwrap();
            let aead = self.provider.aead(TLS_AES_128_GCM_SHA256.aead).unwrap();
            let key = aead.new_key(keys.key().as_bytes()).unwrap();
            self.reader
                .install(RecordProtection::tls13(key, keys.iv().as_bytes()).unwrap());
        }

        /// The request_update byte of every KeyUpdate we wrote since the last call.
        fn sent_requests(&mut self, common: &mut Common) -> Vec<u8> {
            let mut out = Vec::new();
            common.write_tls(&mut out);
            let mut requests = Vec::new();
            let mut at = 0;
            while at < out.len() {
                let (record, used) = self.reader.read(&mut out[at..]).unwrap().unwrap();
                assert_eq!(record.payload[0], 24, "a KeyUpdate");
                requests.push(record.payload[4]);
                at += used;
                self.secret = self.secret.next().unwrap();
                self.install();
            }
            requests
        }
    }

    /// Application traffic over a fresh connection core, and the peer reading it.
    fn traffic() -> (Common, ApplicationTraffic, Peer) {
        let provider = Arc::new(provider_with_random(Arc::new(SeededRandom::new([5; 32]))));
        let prims = HashPrimitives::from_provider(&provider, TLS_AES_128_GCM_SHA256.hash).unwrap();
        let master = EarlySecret::new(prims, None)
            .into_handshake_secret(Some(&[1; 32]))
            .unwrap()
            .into_master_secret()
            .unwrap();
        let hash = prims.hash.hash(b"transcript");
        let client = master.client_application_traffic_secret(&hash).unwrap();
        let server = master.server_application_traffic_secret(&hash).unwrap();
        let suite = &TLS_AES_128_GCM_SHA256;
        let mut common = Common::new(Arc::clone(&provider), Limits::default());
        for (install, secret) in [(true, &client), (false, &server)] {
            let keys = DirectionKeys::Tls13 { suite, secret };
            if install {
                common
                    .output()
                    .install_write_keys(Level::Application, keys)
                    .unwrap();
            } else {
                common
                    .output()
                    .install_read_keys(Level::Application, keys)
                    .unwrap();
            }
        }
        let mut peer = Peer {
            provider,
            secret: client.clone(),
            reader: RecordReader::new(),
        };
        peer.install();
        (common, ApplicationTraffic::new(suite, server, client), peer)
    }

    fn key_update(request: KeyUpdateRequest) -> KeyUpdate {
        KeyUpdate {
            request_update: request,
        }
    }

    /// RFC 9846 §4.7.3: "Until receiving a subsequent KeyUpdate from the peer, the sender MUST
    /// NOT send another KeyUpdate with request_update set to update_requested."
    #[test]
    fn one_update_request_outstanding_at_a_time() {
        let (mut common, mut t, mut peer) = traffic();
        t.request_key_update(&mut common.output(), true).unwrap();
        t.request_key_update(&mut common.output(), true).unwrap();
        assert_eq!(peer.sent_requests(&mut common), [1, 0]);
        // The peer's KeyUpdate (its answer, or one of its own) allows the next request.
        t.handle_key_update(
            &mut common.output(),
            key_update(KeyUpdateRequest::UPDATE_NOT_REQUESTED),
        )
        .unwrap();
        t.request_key_update(&mut common.output(), true).unwrap();
        assert_eq!(peer.sent_requests(&mut common), [1]);
    }

    /// RFC 9846 §4.7.3: the sending epoch never exceeds 2^48-1; at the limit the application's
    /// request is refused without failing the connection, and a peer's update_requested is
    /// ignored ("SHOULD instead ignore the update_requested flag"), its own update still taken.
    #[test]
    fn the_sending_epoch_stops_at_2_48_minus_1() {
        let (mut common, mut t, mut peer) = traffic();
        t.write_epoch = MAX_EPOCH - 1;
        t.request_key_update(&mut common.output(), false).unwrap();
        assert_eq!(t.write_epoch, MAX_EPOCH);
        assert!(matches!(
            t.request_key_update(&mut common.output(), false),
            Err(ApiError::Unsupported(_))
        ));
        assert!(common.failure().is_none());
        assert_eq!(peer.sent_requests(&mut common), [0]);
        t.handle_key_update(
            &mut common.output(),
            key_update(KeyUpdateRequest::UPDATE_REQUESTED),
        )
        .unwrap();
        assert_eq!(peer.sent_requests(&mut common), []);
        assert_eq!(
            common.poll_event(),
            Some(Event::KeyUpdated {
                we_updated_too: false
            })
        );
        assert_eq!(t.write_epoch, MAX_EPOCH);
    }
}
