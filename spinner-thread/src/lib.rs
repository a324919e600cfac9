//! The thread spinner of *Fluent Python* (2nd ed., ch. 19, `spinner_thread.py`, and 1st
//! ed., ch. 18, `18-asyncio/spinner_thread.py`), in Rust.
//!
//! The main thread runs a slow function while a second thread draws a spinner
//! (`\ thinking!`, `| thinking!`, `/ thinking!`, `- thinking!`, redrawn in place every
//! 0.1 s; the 1st edition starts at `|` and backs up with backspaces: see [`Edition`]).
//! When the answer arrives, the main thread sets an [`Event`]; the spinner, which waits
//! on that event between frames, wakes at once, clears its line and ends, and the main
//! thread joins it. The printed 1st edition stopped it with a [`Signal`] instead: a flag
//! the spinner reads only after each 0.1 s sleep, so it stops up to a frame late.
//!
//! The concurrency is std only: [`std::thread`] and an [`Event`] built from a `Mutex` and
//! a `Condvar`. The plumbing (the options, the terminal, each edition's frames, the book's
//! `is_prime`) is `spinner-common`'s, re-exported here as [`cli`], [`frames`] and
//! [`primes`], and shared with the `spinner-async` and `spinner-proc` siblings, so that
//! the diff between the crates is the concurrency alone.
//!
//! Binaries: `src/bin/spinner_thread.rs` (the default, `cargo run -p spinner-thread`),
//! `src/bin/spinner_prime_thread.rs` and `src/bin/spinner_thread_1e.rs`.

pub use spinner_common::{Edition, FRAME_INTERVAL, cli, frames, is_prime, primes};

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

// ANCHOR: spinner
/// Draws `msg` behind a turning bar on `out`, as `edition` of the book does, until
/// `done` is set, then clears the line.
///
/// Each frame is drawn over the one before. Returns early only if writing to `out` fails.
pub fn spin(edition: Edition, msg: &str, done: &impl Done, mut out: impl Write) -> io::Result<()> {
    let mut status = String::new();
    for frame in edition.frames().iter().cycle() {
        status = format!("{frame} {msg}");
        edition.draw(&mut out, &status)?;
        // One call paces the frames *and* hears the stop.
        if done.wait(FRAME_INTERVAL) {
            break;
        }
    }
    edition.clear(&mut out, &status)
}

/// The slow function: blocks the calling thread for `delay` (the book: 3 s), then
/// returns the answer.
pub fn slow(delay: Duration) -> u64 {
    thread::sleep(delay);
    42
}

/// Runs `work` on this thread while a spinner thread draws `msg` on `out` like
/// `edition`; stops the spinner with an [`Event`] and joins it, then returns what `work`
/// returned.
///
/// `work` is `slow` in `spinner_thread` and the book's `is_prime` in
/// `spinner_prime_thread`. Prints the `spinner object:` line on stdout, like the book;
/// if stdout is closed (`| head -0`), stops the spinner and returns that error at once.
pub fn supervisor<T>(
    edition: Edition,
    msg: &str,
    out: impl Write + Send + 'static,
    work: impl FnOnce() -> T,
) -> io::Result<T> {
    supervisor_with(edition, Event::new(), msg, out, work)
}

/// [`supervisor`], stopping the spinner with `done`: an [`Event`], or the printed 1st
/// edition's [`Signal`].
pub fn supervisor_with<T>(
    edition: Edition,
    done: impl Done,
    msg: &str,
    out: impl Write + Send + 'static,
    work: impl FnOnce() -> T,
) -> io::Result<T> {
    let done = Arc::new(done);
    // A Rust thread runs from the moment it is spawned (there is no separate `start()`):
    // hold stdout until our line is printed, so the first frame cannot come before it.
    let mut stdout = io::stdout().lock();
    // Not `thread::scope`: if `work` panicked, the scope would wait forever for a spinner
    // that nobody stops. A detached thread dies with the process instead.
    let spinner = thread::Builder::new().name("spinner".into()).spawn({
        let (msg, done) = (msg.to_owned(), Arc::clone(&done));
        move || spin(edition, &msg, &*done, out)
    })?;
    let said = writeln!(stdout, "spinner object: {:?}", spinner.thread());
    drop(stdout);
    if let Err(closed) = said {
        done.set(); // nobody is watching: no spinner, no work
        let _ = spinner.join();
        return Err(closed);
    }
    let result = work();
    done.set();
    // A panic in the spinner is a bug: pass it on. A failed write is an error.
    spinner.join().expect("the spinner thread panicked")?;
    Ok(result)
}
// ANCHOR_END: spinner

/// How the supervisor tells the spinner thread to stop.
pub trait Done: Send + Sync + 'static {
    /// Tells the spinner to stop.
    fn set(&self);
    /// Paces one frame: waits up to `timeout`; returns whether the spinner must stop.
    fn wait(&self, timeout: Duration) -> bool;
}

impl Done for Event {
    fn set(&self) {
        Event::set(self);
    }
    fn wait(&self, timeout: Duration) -> bool {
        Event::wait(self, timeout)
    }
}

/// The printed 1st edition's `Signal` (Example 18-1): a flag, `go`, that the spinner
/// reads after each frame's sleep. Nothing wakes the sleep: the spinner stops up to one
/// frame (0.1 s) after the answer is ready. (The book's repository later replaced it
/// with the [`Event`], which the 2nd edition kept.)
#[derive(Debug)]
pub struct Signal {
    go: AtomicBool,
}

impl Signal {
    /// A signal saying go.
    pub fn new() -> Self {
        Self {
            go: AtomicBool::new(true),
        }
    }
}

impl Default for Signal {
    fn default() -> Self {
        Self::new()
    }
}

impl Done for Signal {
    /// The book's `signal.go = False`.
    fn set(&self) {
        self.go.store(false, Ordering::Relaxed); // a lone flag: no other memory to order
    }
    /// The book's `time.sleep(.1)`, then `if not signal.go: break`.
    fn wait(&self, timeout: Duration) -> bool {
        thread::sleep(timeout);
        !self.go.load(Ordering::Relaxed)
    }
}

/// The book's `threading.Event`: a flag that one thread sets and others wait for.
#[derive(Debug, Default)]
pub struct Event {
    is_set: Mutex<bool>,
    changed: Condvar,
}

impl Event {
    /// A new event, not set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the flag and wakes every thread waiting in [`Event::wait`].
    pub fn set(&self) {
        *self.lock() = true;
        self.changed.notify_all();
    }

    /// Waits until the flag is set or `timeout` has passed; returns whether it is set.
    ///
    /// Like Python's `Event.wait(timeout)`, it returns the moment the flag is set, not
    /// when the timeout ends. Spurious wake-ups are handled by `wait_timeout_while`.
    pub fn wait(&self, timeout: Duration) -> bool {
        let (is_set, _timeout) = self
            .changed
            .wait_timeout_while(self.lock(), timeout, |is_set| !*is_set)
            .expect(POISONED);
        *is_set
    }

    fn lock(&self) -> MutexGuard<'_, bool> {
        self.is_set.lock().expect(POISONED)
    }
}

// Poisoning needs a panic while the lock is held, which these few lines cannot do.
const POISONED: &str = "a thread panicked while holding the event's lock";

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::sync::mpsc;

    /// "\\ thinking!" is 11 characters; the 2nd edition's clear writes 12 blanks.
    const CLEAR: &str = "\r            \r";

    /// A writer that records everything and sets `done` once `frames` frames are
    /// drawn (`spin` flushes once per frame), so a test decides when the spinner stops.
    struct StopAfter {
        frames: usize,
        done: Arc<Event>,
        written: Vec<u8>,
    }

    impl Write for StopAfter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.written.write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            self.frames = self.frames.saturating_sub(1);
            if self.frames == 0 {
                self.done.set();
            }
            Ok(())
        }
    }

    fn spin_until(frames: usize) -> String {
        let done = Arc::new(Event::new());
        let mut out = StopAfter {
            frames,
            done: Arc::clone(&done),
            written: Vec::new(),
        };
        spin(Edition::Second, "thinking!", &*done, &mut out).unwrap();
        String::from_utf8(out.written).unwrap()
    }

    #[test]
    fn spin_draws_each_frame_over_the_last_then_clears_the_line() {
        let frames = "\r\\ thinking!\r| thinking!\r/ thinking!\r- thinking!\r\\ thinking!";
        assert_eq!(spin_until(5), format!("{frames}{CLEAR}"));
    }

    #[test]
    fn spin_draws_no_frame_after_done_is_set() {
        assert_eq!(spin_until(1), format!("\r\\ thinking!{CLEAR}"));
    }

    #[test]
    fn spin_writes_to_any_writer() {
        let done = Event::new();
        done.set();
        let mut out = Vec::new();
        spin(Edition::Second, "héllo", &done, &mut out).unwrap();
        // Blanks are counted in characters, not bytes.
        assert_eq!(String::from_utf8(out).unwrap(), "\r\\ héllo\r        \r");
    }

    #[test]
    fn the_first_edition_spins_with_backspaces() {
        let done = Event::new();
        done.set();
        let mut out = Vec::new();
        spin(Edition::First, "thinking!", &done, &mut out).unwrap();
        let back = "\x08".repeat(11);
        let blanks = " ".repeat(11);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("| thinking!{back}{blanks}{back}")
        );
    }

    #[test]
    fn event_wait_wakes_when_set_not_when_the_timeout_ends() {
        let done = Arc::new(Event::new());
        let (woke, woken) = mpsc::channel();
        let waiter = thread::spawn({
            let done = Arc::clone(&done);
            move || woke.send(done.wait(Duration::from_secs(3600))).unwrap()
        });
        done.set();
        // A generous bound so a broken `wait` fails the test instead of hanging it.
        let was_set = woken.recv_timeout(Duration::from_secs(60));
        assert_eq!(
            was_set,
            Ok(true),
            "the waiter did not wake up when the event was set"
        );
        waiter.join().unwrap();
    }

    #[test]
    fn a_signal_says_go_until_set_and_stops_the_spinner_after_its_sleep() {
        let signal = Signal::new();
        assert!(!Done::wait(&signal, Duration::ZERO));
        Done::set(&signal);
        assert!(Done::wait(&signal, Duration::ZERO));
        // Set before the first frame: the spinner still draws it, sleeps, then stops.
        let mut out = Vec::new();
        spin(Edition::First, "thinking!", &signal, &mut out).unwrap();
        let back = "\x08".repeat(11);
        let blanks = " ".repeat(11);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("| thinking!{back}{blanks}{back}")
        );
    }

    #[test]
    fn supervisor_with_a_signal_returns_the_answer_and_joins_the_spinner() {
        let (mut drawn, out) = io::pipe().unwrap();
        let answer = supervisor_with(Edition::First, Signal::new(), "thinking!", out, || {
            slow(Duration::ZERO)
        });
        assert_eq!(answer.unwrap(), 42);
        let mut screen = String::new();
        drawn.read_to_string(&mut screen).unwrap();
        assert!(screen.starts_with("| thinking!\x08"), "{screen:?}");
        assert!(screen.ends_with(&format!("{}{}", " ".repeat(11), "\x08".repeat(11))));
    }

    #[test]
    fn event_wait_times_out_when_not_set() {
        assert!(!Event::new().wait(Duration::from_millis(1)));
    }

    #[test]
    fn supervisor_returns_the_answer_after_stopping_and_joining_the_spinner() {
        let (mut drawn, out) = io::pipe().unwrap();
        let answer =
            supervisor(Edition::Second, "thinking!", out, || slow(Duration::ZERO)).unwrap();
        assert_eq!(answer, 42);
        // The spinner thread owned the pipe's writer: joined, so the pipe is closed.
        let mut screen = String::new();
        drawn.read_to_string(&mut screen).unwrap();
        assert!(screen.starts_with("\r\\ thinking!"), "{screen:?}");
        assert!(screen.ends_with(CLEAR), "{screen:?}");
    }
}
