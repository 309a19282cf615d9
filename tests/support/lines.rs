//! The text the `BufRead` / `AsyncBufRead` tests of both drivers (`tests/io_stream.rs`,
//! `tests/tokio_stream/buf_read.rs`) send: one write each, so one record or more each.

/// The length of the long line, without its end: more than two records' worth.
pub const LONG_LINE: usize = 40_000;

/// Lines split across records, a line longer than two records, and a last line without an
/// end. "gam" is a record of its own: a reader is lent it whole.
pub fn pieces() -> Vec<Vec<u8>> {
    let mut long = vec![b'x'; LONG_LINE];
    long.push(b'\n');
    [
        &b"alpha\nbe"[..],
        b"ta\n",
        b"gam",
        b"ma\ndel",
        b"ta\n",
        &long,
        b"last, without an end",
    ]
    .map(<[u8]>::to_vec)
    .to_vec()
}

/// What `lines` yields after "gamma": the rest of [`pieces`].
pub fn check_last_lines(lines: &[String]) {
    let lengths: Vec<usize> = lines.iter().map(String::len).collect();
    assert_eq!(lengths, [5, LONG_LINE, 20], "{lengths:?}");
    assert_eq!(lines[0], "delta");
    assert!(lines[1].bytes().all(|b| b == b'x'));
    assert_eq!(lines[2], "last, without an end");
}
