//! What the test server answers to each line it receives.

/// The server's answer to one received line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Reply {
    /// Send these bytes back and keep going.
    Echo(Vec<u8>),
    /// Send this HTTP response, then close the connection.
    Http(Vec<u8>),
}

/// Echo `line`, unless it is an HTTP GET: that gets an HTTP/1.0 response whose body is
/// `fields` (the negotiated parameters) and a newline.
pub(crate) fn reply(line: &[u8], fields: &str) -> Reply {
    if !line.starts_with(b"GET ") {
        return Reply::Echo(line.to_vec());
    }
    let body = format!("{fields}\n");
    let response = format!(
        "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    Reply::Http(response.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_echoed_verbatim() {
        assert_eq!(reply(b"hello\n", "x"), Reply::Echo(b"hello\n".to_vec()));
        assert_eq!(reply(b"GET", "x"), Reply::Echo(b"GET".to_vec()));
    }

    #[test]
    fn get_is_answered_with_the_parameters() {
        let Reply::Http(response) = reply(b"GET / HTTP/1.0\r\n", "version=TLSv1.3") else {
            panic!("an HTTP reply expected");
        };
        let text = String::from_utf8(response).unwrap();
        assert!(text.starts_with("HTTP/1.0 200 OK\r\n"), "{text}");
        assert!(text.contains("Content-Length: 16\r\n"), "{text}");
        assert!(text.ends_with("\r\n\r\nversion=TLSv1.3\n"), "{text}");
    }
}
