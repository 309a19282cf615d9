//! Reassembly of handshake messages from handshake record payloads (RFC 8446 §5.1,
//! RFC 5246 §6.2.1): a message may span records, a record may hold several messages.

use alloc::vec::Vec;

use crate::error::RecordError;
use crate::types::ContentType;

/// Bytes of a handshake message header: msg_type (1) and a 24-bit length (RFC 8446 §4).
pub const HANDSHAKE_HEADER_LEN: usize = 4;

/// A complete handshake message, lent from the joiner until the next call on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandshakeMessage<'a> {
    /// `msg_type`.
    pub typ: u8,
    /// The message body, after the 4-byte header.
    pub body: &'a [u8],
    /// Header and body exactly as received: what goes into the transcript hash.
    pub encoded: &'a [u8],
}

/// Joins handshake record payloads into handshake messages.
///
/// Feed each handshake record's payload to [`push`](Self::push), then drain
/// [`next_message`](Self::next_message) until it returns `None`. Before accepting a record of
/// another type, call [`check_interleave`](Self::check_interleave); before installing new keys,
/// [`check_key_change`](Self::check_key_change).
#[derive(Debug)]
pub struct HandshakeJoiner {
    buf: Vec<u8>,
    /// Bytes of `buf` already handed out as messages.
    consumed: usize,
    max_message_len: usize,
    /// One message type allowed a longer body, and its limit (see [`Self::allow_longer`]).
    longer: Option<(u8, usize)>,
}

impl Default for HandshakeJoiner {
    fn default() -> Self {
        Self::new()
    }
}

impl HandshakeJoiner {
    /// Largest message body accepted by default. Handshake lengths go to 2^24 - 1, which would
    /// let a peer make us buffer 16 MiB; 64 KiB holds any sane certificate chain.
    pub const DEFAULT_MAX_MESSAGE_LEN: usize = 64 * 1024;

    /// A joiner with the default maximum message size.
    pub fn new() -> Self {
        Self::with_max_message_len(Self::DEFAULT_MAX_MESSAGE_LEN)
    }

    /// A joiner refusing message bodies longer than `max_message_len` bytes.
    pub fn with_max_message_len(max_message_len: usize) -> Self {
        Self {
            buf: Vec::new(),
            consumed: 0,
            max_message_len,
            longer: None,
        }
    }

    /// Let messages of type `typ` be up to `max_len` bytes long (if that is more than the
    /// general limit): a server must accept any legal ClientHello, which can be twice the
    /// default limit, while every other message keeps it.
    pub fn allow_longer(&mut self, typ: u8, max_len: usize) {
        self.longer = Some((typ, max_len));
    }

    /// The largest body accepted for a message of type `typ`.
    fn limit_for(&self, typ: u8) -> usize {
        match self.longer {
            Some((t, max_len)) if t == typ => max_len.max(self.max_message_len),
            _ => self.max_message_len,
        }
    }

    /// Adds one handshake record's payload.
    ///
    /// Every message header completed by these bytes is checked against the maximum size
    /// before anything is buffered, so a peer claiming a huge message gets an error, not memory;
    /// the buffer only ever holds bytes that were actually received.
    pub fn push(&mut self, payload: &[u8]) -> Result<(), RecordError> {
        if self.consumed > 0 {
            self.buf.drain(..self.consumed);
            self.consumed = 0;
        }
        self.check_headers(payload)?;
        self.buf.extend_from_slice(payload);
        Ok(())
    }

    /// Walks the message headers of the buffered bytes followed by `more`.
    fn check_headers(&self, more: &[u8]) -> Result<(), RecordError> {
        let pending = self.buf.get(self.consumed..).unwrap_or_default();
        let byte_at = |i: usize| match i.checked_sub(pending.len()) {
            None => pending.get(i).copied(),
            Some(j) => more.get(j).copied(),
        };
        let total = pending.len() + more.len();
        let mut at = 0usize;
        while at + HANDSHAKE_HEADER_LEN <= total {
            let (Some(typ), Some(a), Some(b), Some(c)) = (
                byte_at(at),
                byte_at(at + 1),
                byte_at(at + 2),
                byte_at(at + 3),
            ) else {
                break;
            };
            let len = usize::from(a) << 16 | usize::from(b) << 8 | usize::from(c);
            let limit = self.limit_for(typ);
            if len > limit {
                return Err(RecordError::HandshakeMessageTooLarge { len, limit });
            }
            at = at.saturating_add(HANDSHAKE_HEADER_LEN + len);
        }
        Ok(())
    }

    /// The next complete message, if one is buffered. The previous message's bytes are released
    /// when this is called again or when more is pushed.
    pub fn next_message(&mut self) -> Option<HandshakeMessage<'_>> {
        let pending = self.buf.get(self.consumed..)?;
        let (header, _) = pending.split_first_chunk::<HANDSHAKE_HEADER_LEN>()?;
        let [typ, a, b, c] = *header;
        let len = usize::from(a) << 16 | usize::from(b) << 8 | usize::from(c);
        let end = HANDSHAKE_HEADER_LEN.checked_add(len)?;
        pending.get(..end)?;
        let start = self.consumed;
        self.consumed += end;
        let encoded = self.buf.get(start..self.consumed)?;
        let body = encoded.get(HANDSHAKE_HEADER_LEN..)?;
        Some(HandshakeMessage { typ, body, encoded })
    }

    /// The complete messages that one handshake record's `payload` completes, lent without
    /// copying where they lie: from `payload` itself when nothing is buffered (the common case:
    /// whole messages in one record), from the buffer when a message spans records. What is
    /// left of `payload` after its last complete message is buffered once the messages are
    /// drained; a caller that stops early loses it (its connection failed) unless it calls
    /// [`Messages::keep_rest`]. Called with an empty `payload`, it lends the messages kept.
    ///
    /// Every header is checked against the maximum size first, as [`push`](Self::push) does.
    pub fn messages<'a>(&'a mut self, payload: &'a [u8]) -> Result<Messages<'a>, RecordError> {
        if self.has_pending() {
            self.push(payload)?;
            let Self { buf, consumed, .. } = self;
            return Ok(Messages {
                source: Source::Buffered {
                    buf: buf.as_slice(),
                    consumed,
                },
            });
        }
        self.check_headers(payload)?;
        self.buf.clear();
        self.consumed = 0;
        Ok(Messages {
            source: Source::InPlace {
                rest: payload,
                buf: &mut self.buf,
            },
        })
    }

    /// Whether received bytes are waiting that do not yet form a complete message.
    pub fn is_partial(&self) -> bool {
        self.has_pending() && !self.has_complete_message()
    }

    /// Whether any received bytes have not been handed out as messages yet.
    pub fn has_pending(&self) -> bool {
        self.buf.len() > self.consumed
    }

    fn has_complete_message(&self) -> bool {
        let Some(pending) = self.buf.get(self.consumed..) else {
            return false;
        };
        let Some((&[_, a, b, c], body)) = pending.split_first_chunk::<HANDSHAKE_HEADER_LEN>()
        else {
            return false;
        };
        let len = usize::from(a) << 16 | usize::from(b) << 8 | usize::from(c);
        body.len() >= len
    }

    /// Call before handling a record of `content_type`: RFC 8446 §5.1 forbids other records
    /// between the fragments of one handshake message.
    pub fn check_interleave(&self, content_type: ContentType) -> Result<(), RecordError> {
        if content_type != ContentType::HANDSHAKE && self.is_partial() {
            return Err(RecordError::InterleavedContentType(content_type));
        }
        Ok(())
    }

    /// Call before installing new read keys: RFC 8446 §5.1 requires the messages preceding a key
    /// change to end on a record boundary, so nothing may be left over, not even whole messages
    /// that would otherwise be read under the old keys.
    pub fn check_key_change(&self) -> Result<(), RecordError> {
        if self.has_pending() {
            return Err(RecordError::KeyChangeNotOnRecordBoundary);
        }
        Ok(())
    }
}

/// The complete messages of one record, from [`HandshakeJoiner::messages`].
#[derive(Debug)]
pub struct Messages<'a> {
    source: Source<'a>,
}

#[derive(Debug)]
enum Source<'a> {
    /// Nothing was buffered: messages are lent from the record; the incomplete tail, if any,
    /// goes to the buffer at the end.
    InPlace {
        rest: &'a [u8],
        buf: &'a mut Vec<u8>,
    },
    /// A message spanned records: the record was appended to the buffer, whose messages are
    /// lent from `*consumed` on.
    Buffered {
        buf: &'a [u8],
        consumed: &'a mut usize,
    },
}

impl<'a> Messages<'a> {
    /// The next complete message. The messages outlive this iterator's borrow, so a caller
    /// may ask [`has_more`](Self::has_more) while holding one.
    pub fn next_message(&mut self) -> Option<HandshakeMessage<'a>> {
        match &mut self.source {
            Source::InPlace { rest, buf } => match split_message(rest) {
                Some((message, after)) => {
                    *rest = after;
                    Some(message)
                }
                None => {
                    // The incomplete tail waits for the next record.
                    buf.extend_from_slice(rest);
                    *rest = &[];
                    None
                }
            },
            Source::Buffered { buf, consumed } => {
                let (message, _) = split_message(buf.get(**consumed..)?)?;
                **consumed += message.encoded.len();
                Some(message)
            }
        }
    }

    /// Stop here and keep what follows the message last returned in the joiner, complete
    /// messages included, for a later [`HandshakeJoiner::messages`] (a handshake that paused
    /// after this message takes the rest once it resumes).
    pub fn keep_rest(&mut self) {
        if let Source::InPlace { rest, buf } = &mut self.source {
            buf.extend_from_slice(rest);
            *rest = &[];
        }
    }

    /// Whether received handshake bytes follow the message last returned (RFC 8446 §5.1: a
    /// key change must not leave any behind).
    pub fn has_more(&self) -> bool {
        match &self.source {
            Source::InPlace { rest, buf } => !rest.is_empty() || !buf.is_empty(),
            Source::Buffered { buf, consumed } => buf.len() > **consumed,
        }
    }
}

/// The first complete message of `bytes` and what follows it.
fn split_message(bytes: &[u8]) -> Option<(HandshakeMessage<'_>, &[u8])> {
    let (&[typ, a, b, c], _) = bytes.split_first_chunk::<HANDSHAKE_HEADER_LEN>()?;
    let len = usize::from(a) << 16 | usize::from(b) << 8 | usize::from(c);
    let end = HANDSHAKE_HEADER_LEN.checked_add(len)?;
    let encoded = bytes.get(..end)?;
    let body = encoded.get(HANDSHAKE_HEADER_LEN..)?;
    Some((HandshakeMessage { typ, body, encoded }, bytes.get(end..)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn message(typ: u8, body_len: usize) -> Vec<u8> {
        let mut m = vec![typ];
        m.extend_from_slice(&u32::try_from(body_len).unwrap().to_be_bytes()[1..]);
        m.extend((0..body_len).map(|i| i as u8));
        m
    }

    #[test]
    fn one_message_one_record() {
        let m = message(1, 10);
        let mut j = HandshakeJoiner::new();
        j.push(&m).unwrap();
        let got = j.next_message().unwrap();
        assert_eq!(got.typ, 1);
        assert_eq!(got.encoded, m);
        assert_eq!(got.body, &m[4..]);
        assert!(j.next_message().is_none());
        assert!(!j.has_pending());
        assert!(j.check_key_change().is_ok());
    }

    #[test]
    fn several_messages_in_one_record() {
        let (a, b, c) = (message(8, 3), message(11, 0), message(15, 7));
        let mut j = HandshakeJoiner::new();
        j.push(&[a.clone(), b.clone(), c.clone()].concat()).unwrap();
        assert_eq!(j.next_message().unwrap().encoded, a);
        let m = j.next_message().unwrap();
        assert_eq!(
            (m.typ, m.body),
            (11, &[][..]),
            "empty bodies are fine (ServerHelloDone)"
        );
        assert_eq!(j.next_message().unwrap().encoded, c);
        assert!(j.next_message().is_none());
    }

    #[test]
    fn message_split_byte_by_byte() {
        let a = message(11, 300);
        let b = message(20, 32);
        let all = [a.clone(), b.clone()].concat();
        let mut j = HandshakeJoiner::new();
        let mut got = Vec::new();
        for byte in &all {
            j.push(core::slice::from_ref(byte)).unwrap();
            while let Some(m) = j.next_message() {
                got.push(m.encoded.to_vec());
            }
        }
        assert_eq!(got, [a, b]);
        assert!(!j.has_pending());
    }

    #[test]
    fn partial_message_state() {
        let m = message(11, 100);
        let mut j = HandshakeJoiner::new();
        j.push(&m[..2]).unwrap();
        assert!(j.is_partial(), "a partial header counts");
        j.push(&m[2..50]).unwrap();
        assert!(j.is_partial());
        assert!(j.next_message().is_none());
        assert_eq!(
            j.check_interleave(ContentType::APPLICATION_DATA),
            Err(RecordError::InterleavedContentType(
                ContentType::APPLICATION_DATA
            ))
        );
        assert_eq!(
            j.check_interleave(ContentType::ALERT),
            Err(RecordError::InterleavedContentType(ContentType::ALERT))
        );
        assert_eq!(j.check_interleave(ContentType::HANDSHAKE), Ok(()));
        assert_eq!(
            j.check_key_change(),
            Err(RecordError::KeyChangeNotOnRecordBoundary)
        );
        assert_eq!(
            j.check_key_change().unwrap_err().alert(),
            crate::AlertDescription::UNEXPECTED_MESSAGE
        );
        j.push(&m[50..]).unwrap();
        assert!(!j.is_partial());
        assert!(j.check_interleave(ContentType::ALERT).is_ok());
        assert_eq!(j.next_message().unwrap().encoded, m);
        assert!(j.check_key_change().is_ok());
    }

    #[test]
    fn key_change_refused_with_whole_messages_left_over() {
        // ServerHello and EncryptedExtensions in one plaintext record: EE must not be read under
        // the old keys.
        let mut j = HandshakeJoiner::new();
        j.push(&[message(2, 5), message(8, 2)].concat()).unwrap();
        assert_eq!(j.next_message().unwrap().typ, 2);
        assert!(!j.is_partial());
        assert_eq!(
            j.check_key_change(),
            Err(RecordError::KeyChangeNotOnRecordBoundary)
        );
    }

    #[test]
    fn oversized_claim_refused_without_buffering() {
        let mut j = HandshakeJoiner::new();
        // A 1 MiB claim followed by 6 body bytes.
        let err = j
            .push(&[11, 0x10, 0x00, 0x00, 1, 2, 3, 4, 5, 6])
            .unwrap_err();
        assert_eq!(
            err,
            RecordError::HandshakeMessageTooLarge {
                len: 1 << 20,
                limit: 64 * 1024
            }
        );
        assert_eq!(err.alert(), crate::AlertDescription::ILLEGAL_PARAMETER);
        assert!(j.buf.capacity() < 64, "nothing was buffered");
    }

    #[test]
    fn oversized_claim_split_across_pushes() {
        let mut j = HandshakeJoiner::with_max_message_len(100);
        j.push(&[11, 0x00]).unwrap();
        assert_eq!(
            j.push(&[0x00, 101]),
            Err(RecordError::HandshakeMessageTooLarge {
                len: 101,
                limit: 100
            })
        );
        let mut j = HandshakeJoiner::with_max_message_len(100);
        j.push(&message(1, 100)).unwrap();
        // The second message's header is checked even though the first is not drained yet.
        assert!(j.push(&[2, 0, 0, 101]).is_err());
    }

    /// Drains `messages` into owned copies, with `has_more` after each.
    fn drain(j: &mut HandshakeJoiner, payload: &[u8]) -> Vec<(Vec<u8>, bool)> {
        let mut messages = j.messages(payload).unwrap();
        let mut got = Vec::new();
        while let Some(m) = messages.next_message() {
            got.push((m.encoded.to_vec(), messages.has_more()));
        }
        got
    }

    #[test]
    fn messages_whole_in_the_record_are_lent_from_it() {
        let (a, b) = (message(2, 5), message(8, 2));
        let record = [a.clone(), b.clone()].concat();
        let mut j = HandshakeJoiner::new();
        let mut messages = j.messages(&record).unwrap();
        let first = messages.next_message().unwrap();
        assert!(
            core::ptr::eq(first.encoded.as_ptr(), record.as_ptr()),
            "not copied"
        );
        assert_eq!(first.encoded, a);
        assert!(
            messages.has_more(),
            "a key change after the first is refused"
        );
        assert_eq!(messages.next_message().unwrap().encoded, b);
        assert!(!messages.has_more());
        assert!(messages.next_message().is_none());
        assert!(!j.has_pending());
        assert_eq!(j.buf.capacity(), 0, "nothing was buffered");
    }

    #[test]
    fn messages_spanning_records_come_from_the_buffer() {
        let (a, b, c) = (message(11, 300), message(15, 7), message(20, 12));
        let all = [a.clone(), b.clone(), c.clone()].concat();
        // Every split point: what the records complete is the same whatever the fragmentation.
        for cut in 0..=all.len() {
            let mut j = HandshakeJoiner::new();
            let mut got = drain(&mut j, &all[..cut]);
            assert_eq!(
                j.has_pending(),
                cut > 0 && got.iter().map(|m| m.0.len()).sum::<usize>() < cut
            );
            got.extend(drain(&mut j, &all[cut..]));
            let encoded: Vec<_> = got.iter().map(|m| m.0.clone()).collect();
            assert_eq!(encoded, [a.clone(), b.clone(), c.clone()], "cut at {cut}");
            assert!(!got.last().unwrap().1, "nothing follows the last message");
            assert!(!j.has_pending());
        }
    }

    #[test]
    fn messages_has_more_sees_a_buffered_tail() {
        let (a, b) = (message(20, 12), message(4, 10));
        let record = [a.clone(), b[..3].to_vec()].concat();
        let mut j = HandshakeJoiner::new();
        assert_eq!(drain(&mut j, &record), [(a, true)]);
        assert!(j.is_partial());
        assert_eq!(
            j.check_key_change(),
            Err(RecordError::KeyChangeNotOnRecordBoundary)
        );
        assert_eq!(drain(&mut j, &b[3..]), [(b, false)]);
    }

    #[test]
    fn messages_checks_every_header_before_lending_any() {
        let mut j = HandshakeJoiner::with_max_message_len(100);
        let record = [message(1, 10), vec![2, 0, 0, 101]].concat();
        assert_eq!(
            j.messages(&record).map(|_| ()),
            Err(RecordError::HandshakeMessageTooLarge {
                len: 101,
                limit: 100
            })
        );
        let mut j = HandshakeJoiner::with_max_message_len(100);
        j.push(&[1, 0]).unwrap();
        assert!(
            j.messages(&[0, 101]).is_err(),
            "a header split across records"
        );
    }

    #[test]
    fn one_type_may_be_longer() {
        let mut j = HandshakeJoiner::with_max_message_len(100);
        j.allow_longer(1, 300);
        j.push(&message(1, 300)).unwrap();
        assert_eq!(j.next_message().unwrap().body.len(), 300);
        assert_eq!(
            j.push(&[1, 0, 1, 45]),
            Err(RecordError::HandshakeMessageTooLarge {
                len: 301,
                limit: 300
            })
        );
        let mut j = HandshakeJoiner::with_max_message_len(100);
        j.allow_longer(1, 300);
        assert_eq!(
            j.push(&[11, 0, 0, 101]),
            Err(RecordError::HandshakeMessageTooLarge {
                len: 101,
                limit: 100
            })
        );
        // A smaller exception does not lower the general limit.
        let mut j = HandshakeJoiner::with_max_message_len(100);
        j.allow_longer(1, 50);
        j.push(&message(1, 100)).unwrap();
    }

    #[test]
    fn limit_is_inclusive() {
        let mut j = HandshakeJoiner::with_max_message_len(100);
        j.push(&message(1, 100)).unwrap();
        assert_eq!(j.next_message().unwrap().body.len(), 100);
    }

    #[test]
    fn keep_rest_keeps_the_messages_after_a_stop_for_later() {
        let (a, b, c) = (message(1, 3), message(2, 5), message(3, 40));
        let record: Vec<u8> = [a.clone(), b.clone(), c[..10].to_vec()].concat();
        let mut j = HandshakeJoiner::new();
        let mut messages = j.messages(&record).unwrap();
        assert_eq!(messages.next_message().unwrap().encoded, a);
        messages.keep_rest();
        assert!(j.has_pending() && !j.is_partial());
        // Later, with nothing new: the kept whole message, then the partial one waits.
        let mut messages = j.messages(&[]).unwrap();
        assert_eq!(messages.next_message().unwrap().encoded, b);
        assert!(messages.next_message().is_none());
        assert!(j.is_partial());
        let mut messages = j.messages(&c[10..]).unwrap();
        assert_eq!(messages.next_message().unwrap().encoded, c);
        assert!(!j.has_pending());
    }
}
