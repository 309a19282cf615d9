//! Byte-level builders for forged TLS input: length prefixes, plaintext records, handshake
//! messages, extension blocks (the codec refuses to build most mistakes, so the bad-input tables
//! work on raw bytes).

/// `v` as a big-endian u16 length.
pub fn u16b(v: usize) -> [u8; 2] {
    u16::try_from(v).expect("fits u16").to_be_bytes()
}

/// `v` as a big-endian uint24 length.
pub fn u24b(v: usize) -> [u8; 3] {
    let b = u32::try_from(v).expect("fits").to_be_bytes();
    [b[1], b[2], b[3]]
}

/// A plaintext record (record version 0x0303).
pub fn plaintext(ct: u8, payload: &[u8]) -> Vec<u8> {
    let mut r = vec![ct, 3, 3];
    r.extend_from_slice(&u16b(payload.len()));
    r.extend_from_slice(payload);
    r
}

/// A handshake message: type, uint24 length, body.
pub fn message(typ: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![typ];
    m.extend_from_slice(&u24b(body.len()));
    m.extend_from_slice(body);
    m
}

/// Splits a buffer of whole handshake messages.
pub fn split_messages(mut bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while bytes.len() >= 4 {
        let len = usize::from(bytes[1]) << 16 | usize::from(bytes[2]) << 8 | usize::from(bytes[3]);
        out.push(bytes[..4 + len].to_vec());
        bytes = &bytes[4 + len..];
    }
    assert!(bytes.is_empty(), "whole handshake messages");
    out
}

/// A u16-length-prefixed list of u16 code points.
pub fn u16_list(values: &[u16]) -> Vec<u8> {
    let mut out = u16b(values.len() * 2).to_vec();
    for v in values {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out
}

/// An extension block: u16 length, then (type, u16 length, body) entries.
pub fn encode_extensions(exts: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (t, data) in exts {
        body.extend_from_slice(&t.to_be_bytes());
        body.extend_from_slice(&u16b(data.len()));
        body.extend_from_slice(data);
    }
    let mut out = u16b(body.len()).to_vec();
    out.extend_from_slice(&body);
    out
}
