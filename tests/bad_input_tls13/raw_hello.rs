//! A ClientHello or ServerHello taken apart byte by byte, and the extension bodies the cases put
//! into one.

use ferrotls_tests::tls_bytes::{encode_extensions, message, u16_list, u16b};

pub(crate) fn parse_extensions(bytes: &[u8]) -> Vec<(u16, Vec<u8>)> {
    let total = usize::from(u16::from_be_bytes([bytes[0], bytes[1]]));
    let mut rest = &bytes[2..2 + total];
    let mut exts = Vec::new();
    while !rest.is_empty() {
        let t = u16::from_be_bytes([rest[0], rest[1]]);
        let len = usize::from(u16::from_be_bytes([rest[2], rest[3]]));
        exts.push((t, rest[4..4 + len].to_vec()));
        rest = &rest[4 + len..];
    }
    exts
}

/// A ClientHello key_share body.
pub(crate) fn client_key_share(entries: &[(u16, &[u8])]) -> Vec<u8> {
    let mut list = Vec::new();
    for (group, key) in entries {
        list.extend_from_slice(&group.to_be_bytes());
        list.extend_from_slice(&u16b(key.len()));
        list.extend_from_slice(key);
    }
    let mut out = u16b(list.len()).to_vec();
    out.extend_from_slice(&list);
    out
}

/// A ClientHello or ServerHello taken apart, to be changed field by field and put back
/// together (the codec refuses to build most of these mistakes, so this works on raw bytes).
#[derive(Clone, Debug)]
pub(crate) struct RawHello {
    pub(crate) typ: u8,
    pub(crate) version: [u8; 2],
    pub(crate) random: Vec<u8>,
    pub(crate) session_id: Vec<u8>,
    /// ClientHello: the u16 code points; ServerHello: the selected one.
    pub(crate) suites: Vec<u16>,
    /// ClientHello: the methods; ServerHello: the selected one.
    pub(crate) compression: Vec<u8>,
    pub(crate) exts: Vec<(u16, Vec<u8>)>,
    /// Bytes after the extension block, inside the message.
    pub(crate) trailing: Vec<u8>,
}

impl RawHello {
    pub(crate) fn parse(msg: &[u8]) -> Self {
        let typ = msg[0];
        let b = &msg[4..];
        let version = [b[0], b[1]];
        let random = b[2..34].to_vec();
        let sid_len = usize::from(b[34]);
        let session_id = b[35..35 + sid_len].to_vec();
        let mut at = 35 + sid_len;
        let (suites, compression) = if typ == 1 {
            let n = usize::from(u16::from_be_bytes([b[at], b[at + 1]]));
            let suites = b[at + 2..at + 2 + n]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            at += 2 + n;
            let m = usize::from(b[at]);
            let comp = b[at + 1..at + 1 + m].to_vec();
            at += 1 + m;
            (suites, comp)
        } else {
            let suite = u16::from_be_bytes([b[at], b[at + 1]]);
            let comp = vec![b[at + 2]];
            at += 3;
            (vec![suite], comp)
        };
        let exts = parse_extensions(&b[at..]);
        Self {
            typ,
            version,
            random,
            session_id,
            suites,
            compression,
            exts,
            trailing: Vec::new(),
        }
    }

    pub(crate) fn body(&self) -> Vec<u8> {
        let mut b = self.version.to_vec();
        b.extend_from_slice(&self.random);
        b.push(u8::try_from(self.session_id.len()).expect("sid"));
        b.extend_from_slice(&self.session_id);
        if self.typ == 1 {
            b.extend_from_slice(&u16_list(&self.suites));
            b.push(u8::try_from(self.compression.len()).expect("methods"));
        } else {
            b.extend_from_slice(&self.suites[0].to_be_bytes());
        }
        b.extend_from_slice(&self.compression);
        b.extend_from_slice(&encode_extensions(&self.exts));
        b.extend_from_slice(&self.trailing);
        b
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        message(self.typ, &self.body())
    }

    pub(crate) fn ext(&self, t: u16) -> &[u8] {
        &self
            .exts
            .iter()
            .find(|(typ, _)| *typ == t)
            .unwrap_or_else(|| panic!("no extension {t}"))
            .1
    }

    pub(crate) fn set_ext(&mut self, t: u16, body: Vec<u8>) {
        match self.exts.iter_mut().find(|(typ, _)| *typ == t) {
            Some(e) => e.1 = body,
            None => self.exts.push((t, body)),
        }
    }

    pub(crate) fn remove_ext(&mut self, t: u16) {
        self.exts.retain(|(typ, _)| *typ != t);
    }
}
