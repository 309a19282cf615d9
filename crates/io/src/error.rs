//! Turning connection errors into `std::io::Error`s the caller can still inspect.

use std::io;

use ferrotls_core::{ApiError, Error};

/// Wrap a connection error in an `io::Error`, keeping the original inside so [`tls_error`] can
/// recover it. The kind says how the connection ended, for callers that only look at kinds.
pub fn to_io_error(e: Error) -> io::Error {
    let kind = match &e {
        Error::UnexpectedEof => io::ErrorKind::UnexpectedEof,
        Error::AlertReceived(_) => io::ErrorKind::ConnectionAborted,
        _ => io::ErrorKind::InvalidData,
    };
    io::Error::new(kind, e)
}

/// An API error from `send` and friends as an `io::Error`: a failed connection reports its
/// original protocol error; writing after close is a broken pipe.
pub(crate) fn api_to_io_error(e: ApiError) -> io::Error {
    match e {
        ApiError::Failed(e) => to_io_error(e),
        ApiError::Closed => io::Error::new(io::ErrorKind::BrokenPipe, ApiError::Closed),
        other => io::Error::other(other),
    }
}

/// The ferrotls error inside an `io::Error` returned by a [`Stream`](crate::Stream), if it is one
/// (transport errors are not).
pub fn tls_error(e: &io::Error) -> Option<&Error> {
    e.get_ref()?.downcast_ref::<Error>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_core::AlertDescription;

    #[test]
    fn kinds_follow_how_the_connection_ended() {
        assert_eq!(
            to_io_error(Error::UnexpectedEof).kind(),
            io::ErrorKind::UnexpectedEof
        );
        let received = Error::AlertReceived(AlertDescription::HANDSHAKE_FAILURE);
        assert_eq!(
            to_io_error(received).kind(),
            io::ErrorKind::ConnectionAborted
        );
        let sent = Error::unexpected("test");
        assert_eq!(to_io_error(sent).kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn the_original_error_survives_the_wrapping() {
        let e = Error::AlertReceived(AlertDescription::BAD_CERTIFICATE);
        assert_eq!(tls_error(&to_io_error(e.clone())), Some(&e));
        assert_eq!(
            tls_error(&api_to_io_error(ApiError::Failed(e.clone()))),
            Some(&e)
        );
        assert_eq!(tls_error(&io::Error::other("plain")), None);
        assert_eq!(
            api_to_io_error(ApiError::Closed).kind(),
            io::ErrorKind::BrokenPipe
        );
    }
}
