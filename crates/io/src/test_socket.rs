//! A scripted in-memory transport for the stream's tests: it plays back fixed input in reads of
//! bounded size, accepts writes in bounded pieces, and records what was written.

use std::cell::Cell;
use std::io::{self, Read, Write};
use std::time::Duration;

use crate::HalfClose;

#[derive(Debug, Default)]
pub(crate) struct ScriptedSocket {
    input: Vec<u8>,
    position: usize,
    /// Largest read returned (models a network that delivers bytes piecemeal).
    max_read: usize,
    /// Largest write accepted (models short writes).
    max_write: usize,
    pub(crate) written: Vec<u8>,
    pub(crate) reads: usize,
    /// Whether the sending direction was shut down, and the last read timeout set.
    pub(crate) shut_down: Cell<bool>,
    pub(crate) read_timeout: Cell<Option<Duration>>,
}

impl ScriptedSocket {
    /// A transport that delivers `input` then reports end of stream.
    pub(crate) fn new(input: &[u8]) -> Self {
        Self {
            input: input.to_vec(),
            max_read: usize::MAX,
            max_write: usize::MAX,
            ..Self::default()
        }
    }

    pub(crate) fn max_read(mut self, n: usize) -> Self {
        self.max_read = n;
        self
    }

    pub(crate) fn max_write(mut self, n: usize) -> Self {
        self.max_write = n;
        self
    }

    pub(crate) fn unread(&self) -> usize {
        self.input.len() - self.position
    }
}

impl Read for ScriptedSocket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reads += 1;
        let rest = &self.input[self.position..];
        let n = rest.len().min(buf.len()).min(self.max_read);
        buf[..n].copy_from_slice(&rest[..n]);
        self.position += n;
        Ok(n)
    }
}

impl Write for ScriptedSocket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = buf.len().min(self.max_write);
        self.written.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl HalfClose for ScriptedSocket {
    fn shutdown_write(&self) -> io::Result<()> {
        self.shut_down.set(true);
        Ok(())
    }

    fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        self.read_timeout.set(timeout);
        Ok(())
    }

    fn set_write_timeout(&self, _: Option<Duration>) -> io::Result<()> {
        Ok(())
    }
}
