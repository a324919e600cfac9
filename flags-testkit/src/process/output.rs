//! What a running binary printed: its pipes read on threads of their own as the bytes
//! come, into buffers the test may look at while it runs.

use std::io::Read;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// What a running binary printed so far, and a bell rung at each piece.
#[derive(Debug, Default)]
pub(super) struct Printed {
    pub(super) streams: Mutex<Streams>,
    pub(super) bell: Condvar,
}

#[derive(Debug, Default)]
pub(super) struct Streams {
    pub(super) stdout: Vec<u8>,
    pub(super) stderr: Vec<u8>,
    /// Pipes still being read: once none is, nothing more will come.
    pub(super) open: usize,
    /// Whether the test's end of the stdout pipe is closed.
    pub(super) stdout_closed: bool,
}

/// What becomes of a piped stdout.
pub(super) enum Reading {
    /// Read to its end.
    Collect,
    /// Read up to the line for which the function holds, then closed (`| head`).
    Head(Last),
    /// Left to the test ([`Running::take_stdout`]).
    Leave,
}

/// Which stream a reader fills.
#[derive(Debug, Clone, Copy)]
pub(super) enum Stream {
    Stdout,
    Stderr,
}

/// Decides, for each line of stdout, whether it is the last one read (`| head`).
pub(super) type Last = Box<dyn FnMut(&str) -> bool + Send>;

impl Printed {
    pub(super) fn lock(&self) -> MutexGuard<'_, Streams> {
        self.streams.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for the bell (more output, or a pipe closed), at most `left`.
    pub(super) fn wait<'a>(
        &self,
        streams: MutexGuard<'a, Streams>,
        left: Duration,
    ) -> MutexGuard<'a, Streams> {
        let (streams, _) = self
            .bell
            .wait_timeout(streams, left)
            .unwrap_or_else(PoisonError::into_inner);
        streams
    }
}

/// The end (past its newline) and the text of the first whole line of `bytes` that
/// `matches`.
pub(super) fn find_line(bytes: &[u8], matches: impl Fn(&str) -> bool) -> Option<(usize, String)> {
    let mut start = 0;
    while let Some(newline) = bytes[start..].iter().position(|&b| b == b'\n') {
        let end = start + newline + 1;
        let line = String::from_utf8_lossy(&bytes[start..end - 1]);
        if matches(&line) {
            return Some((end, line.into_owned()));
        }
        start = end;
    }
    None
}

/// Reads a pipe into `printed` as the bytes come (a line without its newline yet, such
/// as a row of codes printed one by one, shows at once), on a thread of its own: to its
/// end, or, with `last`, up to the line for which it holds; then the pipe is closed.
pub(super) fn read(
    mut pipe: impl Read + Send + 'static,
    stream: Stream,
    printed: &Arc<Printed>,
    mut last: Option<Last>,
) -> JoinHandle<()> {
    let printed = Arc::clone(printed);
    printed.lock().open += 1;
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        // The start of a line that `last` has not seen whole yet.
        let mut partial = Vec::new();
        while let Ok(n @ 1..) = pipe.read(&mut buf) {
            let mut is_last = false;
            if let Some(last) = last.as_mut() {
                partial.extend_from_slice(&buf[..n]);
                while let Some(newline) = partial.iter().position(|&b| b == b'\n') {
                    let line: Vec<u8> = partial.drain(..=newline).collect();
                    if last(String::from_utf8_lossy(&line).trim_end()) {
                        is_last = true;
                        break;
                    }
                }
            }
            let mut streams = printed.lock();
            match stream {
                Stream::Stdout => streams.stdout.extend_from_slice(&buf[..n]),
                Stream::Stderr => streams.stderr.extend_from_slice(&buf[..n]),
            }
            drop(streams);
            printed.bell.notify_all();
            if is_last {
                break;
            }
        }
        drop(pipe); // the read end closes here, before anyone hears of it
        let mut streams = printed.lock();
        streams.open -= 1;
        if let Stream::Stdout = stream {
            streams.stdout_closed = true;
        }
        drop(streams);
        printed.bell.notify_all();
    })
}
