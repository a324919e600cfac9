//! The request log's way out: one line per request on stdout, written by a thread of its
//! own, so that a log nobody reads never costs a request.
//!
//! `println!` from a connection task would panic once stdout refuses writes (`| head -3`
//! gone, a full disk), and would block the runtime's thread once a pipe nobody drains is
//! full (`| less`, nobody scrolling). Here a request only queues its line, without waiting:
//! when the queue is full the line is dropped and counted, and the count is printed once
//! the writer catches up. When stdout fails, the writer says so once on stderr and the
//! server serves on without a log.

use std::io::{self, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TryRecvError, TrySendError};
use std::time::Duration;

/// Lines waiting for the writer: beyond this, new lines are dropped and counted.
const QUEUE: usize = 1024;

enum Message {
    Line(String),
    /// Answered once every line queued before it is written (or given up).
    Flush(mpsc::Sender<()>),
}

struct Log {
    queue: SyncSender<Message>,
    /// Lines dropped since the writer last said so.
    dropped: AtomicU64,
    /// Set when stdout failed: no more lines are queued.
    off: AtomicBool,
}

fn log() -> &'static Log {
    static LOG: OnceLock<Log> = OnceLock::new();
    LOG.get_or_init(|| {
        let (queue, lines) = mpsc::sync_channel(QUEUE);
        let spawned = std::thread::Builder::new()
            .name("flags-server log".into())
            .spawn(move || write_lines(lines, log()));
        let off = spawned.is_err();
        if let Err(err) = spawned {
            warn(&format!(
                "flags-server: no thread for the request log ({err}); serving on without it"
            ));
        }
        Log {
            queue,
            dropped: AtomicU64::new(0),
            off: AtomicBool::new(off),
        }
    })
}

/// Queues `line` for stdout. Never blocks, never panics: a line that finds the queue full
/// is dropped (and counted), and once stdout has failed every line is.
pub fn line(line: impl Into<String>) {
    let log = log();
    if log.off.load(Ordering::Relaxed) {
        return;
    }
    if let Err(TrySendError::Full(_)) = log.queue.try_send(Message::Line(line.into())) {
        log.dropped.fetch_add(1, Ordering::Relaxed);
    }
}

/// Waits until every line queued so far is written, or `within` has passed (stdout may be
/// a pipe nobody reads). Returns whether they were.
pub fn flush(within: Duration) -> bool {
    let log = log();
    let (done, written) = mpsc::channel();
    if log.queue.try_send(Message::Flush(done)).is_err() {
        return false; // queue full: stdout is not keeping up
    }
    written.recv_timeout(within).is_ok()
}

/// Writes `text` and a newline on stderr, ignoring a failure: there is nowhere left to
/// report it, and a message is never worth a panic.
pub fn warn(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// The writer thread: writes each queued line; says when lines were dropped; on the first
/// failed write, says so on stderr and turns the log off.
fn write_lines(lines: Receiver<Message>, log: &Log) {
    loop {
        let message = match lines.try_recv() {
            Ok(message) => message,
            Err(TryRecvError::Disconnected) => return,
            Err(TryRecvError::Empty) => {
                // Caught up: now is the time to say what was dropped meanwhile.
                let dropped = log.dropped.swap(0, Ordering::Relaxed);
                if dropped > 0 {
                    let notice =
                        format!("({dropped} log lines dropped: stdout was not keeping up)");
                    if !write_line(&notice, log) {
                        break;
                    }
                }
                match lines.recv() {
                    Ok(message) => message,
                    Err(_) => return,
                }
            }
        };
        match message {
            Message::Line(line) => {
                if !write_line(&line, log) {
                    break;
                }
            }
            Message::Flush(done) => {
                let _ = done.send(());
            }
        }
    }
    // The log is off: answer the flushes, forget the lines.
    for message in lines {
        if let Message::Flush(done) = message {
            let _ = done.send(());
        }
    }
}

/// Writes one line on stdout; on failure turns the log off, says so once, returns false.
fn write_line(line: &str, log: &Log) -> bool {
    let mut out = io::stdout().lock();
    let written = writeln!(out, "{line}").and_then(|()| out.flush());
    match written {
        Ok(()) => true,
        Err(err) => {
            log.off.store(true, Ordering::Relaxed);
            warn(&format!(
                "flags-server: cannot write the request log to stdout ({err}); serving on without it"
            ));
            false
        }
    }
}
