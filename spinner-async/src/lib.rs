//! The async spinner of *Fluent Python* (2nd ed., ch. 19, `spinner_async.py`, and 1st
//! ed., ch. 18, `18-asyncio/spinner_asyncio.py` and `spinner_await.py`), in Rust with tokio.
//!
//! The twin of `spinner-thread`: same names, same output, only the concurrency differs.
//! A task draws the spinner while [`supervisor`] awaits the slow work on the same thread;
//! then the supervisor cancels the task. The binaries run a single-threaded runtime
//! (`current_thread`), like asyncio's one event loop, so a task that blocks that thread
//! stops every other task: the variants in `src/bin` show it on purpose.
//!
//! # Cancellation: Rust drops, Python raises
//!
//! asyncio's `Task.cancel()` raises `CancelledError` inside the coroutine, at the
//! `await` where it is suspended. The coroutine can catch it, run code after its loop
//! (the book's `spin` does: it breaks out, then clears its line), even refuse to stop.
//!
//! tokio's [`JoinHandle::abort`](tokio::task::JoinHandle::abort) *drops* the future at
//! the `.await` where it is suspended. There is nothing to catch and no code after that
//! point ever runs: the only cleanup is the `Drop` of the values the future owns. So
//! [`spin`] keeps its writer inside a guard that clears the line when dropped, and the
//! supervisor awaits the aborted task, so that the line is clean before it returns.
//!
//! The options, the terminal, the editions' frames and `is_prime` are `spinner-common`'s,
//! re-exported here, as in the `spinner-thread` and `spinner-proc` siblings. Binaries: `src/bin/spinner_async.rs` (the default,
//! `cargo run -p spinner-async`), `spinner_asyncio_1e.rs`, `spinner_async_experiment.rs`, `spinner_prime_async_broken.rs`,
//! `spinner_prime_async_nap.rs` and `spinner_prime_async_to_thread.rs`.

pub use spinner_common::{Edition, FRAME_INTERVAL, cli, frames, is_prime, primes};

use std::io::{self, Write};
use std::panic;
use std::time::Duration;

use tokio::time;

// ANCHOR: spinner
/// Draws `msg` behind a turning bar on `out`, as `edition` of the book does, until the
/// task running it is cancelled.
///
/// Each frame is drawn over the one before. Cancelled, it clears its line on the way out.
/// Returns only if writing to `out` fails.
pub async fn spin(edition: Edition, msg: String, out: impl Write) -> io::Result<()> {
    // New: the line is cleared by a guard, because code after the loop would never run.
    let mut line = ClearOnDrop::new(edition, out);
    for frame in edition.frames().iter().cycle() {
        line.draw(&format!("{frame} {msg}"))?;
        // Cancellation drops this future right here, and `line` with it.
        time::sleep(FRAME_INTERVAL).await;
    }
    unreachable!("the frames cycle forever; only cancellation ends the spinner")
}

/// The slow function: waits for `delay` (the book: 3 s) without blocking the thread,
/// then returns the answer.
pub async fn slow(delay: Duration) -> u64 {
    time::sleep(delay).await;
    42
}

/// Awaits `work` while a spinner task draws `msg` on `out` like `edition`; cancels the
/// spinner, then returns what `work` returned.
///
/// `work` is `slow` in `spinner_async`, and a prime check in the other binaries. Prints
/// the `spinner object:` line on stdout, like the book; if stdout is closed
/// (`| head -0`), cancels the spinner and returns that error at once.
pub async fn supervisor<T>(
    edition: Edition,
    msg: &str,
    out: impl Write + Send + 'static,
    work: impl Future<Output = T>,
) -> io::Result<T> {
    // The task may outlive this call (tokio cannot know it will not), so it owns its message.
    let spinner = tokio::spawn(spin(edition, msg.to_owned(), out));
    if let Err(closed) = writeln!(io::stdout(), "spinner object: {spinner:?}") {
        spinner.abort(); // nobody is watching: no spinner, no work
        return Err(closed);
    }
    let result = work.await;
    spinner.abort();
    // New: await the aborted task. When this returns, its future has been dropped, and
    // the guard in `spin` has cleared the line.
    match spinner.await {
        Err(cancelled) if cancelled.is_cancelled() => Ok(result),
        Err(panicked) => panic::resume_unwind(panicked.into_panic()), // a bug: pass it on
        Ok(drawn) => drawn.map(|()| result), // the spinner had stopped: a write failed
    }
}
// ANCHOR_END: spinner

/// The spinner's line: draws a status over the previous one, and clears it when
/// dropped, whether the spinner ended by an error or by cancellation.
struct ClearOnDrop<W: Write> {
    edition: Edition,
    out: W,
    status: String,
}

impl<W: Write> ClearOnDrop<W> {
    fn new(edition: Edition, out: W) -> Self {
        let status = String::new();
        Self {
            edition,
            out,
            status,
        }
    }

    fn draw(&mut self, status: &str) -> io::Result<()> {
        status.clone_into(&mut self.status);
        self.edition.draw(&mut self.out, status)
    }
}

impl<W: Write> Drop for ClearOnDrop<W> {
    fn drop(&mut self) {
        // `drop` can neither return an error nor await: a failed clear is ignored.
        let _ = self.edition.clear(&mut self.out, &self.status);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use tokio::time::Instant;

    /// "\\ thinking!" is 11 characters; the 2nd edition's clear writes 12 blanks.
    const CLEAR: &str = "\r            \r";

    /// Reads what was drawn through a pipe, once every writer has been dropped.
    fn screen(mut drawn: io::PipeReader) -> String {
        let mut screen = String::new();
        drawn.read_to_string(&mut screen).unwrap();
        screen
    }

    // Time is paused: the runtime jumps to the next timer when every task is waiting.
    #[tokio::test(start_paused = true)]
    async fn slow_waits_then_answers() {
        let start = Instant::now();
        assert_eq!(slow(Duration::from_secs(3)).await, 42);
        assert_eq!(start.elapsed(), Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn spin_draws_a_frame_every_interval_and_clears_when_cancelled() {
        let (drawn, out) = io::pipe().unwrap();
        let spinner = tokio::spawn(spin(Edition::Second, "thinking!".into(), out));
        time::sleep(Duration::from_millis(350)).await; // frames at 0, 100, 200 and 300 ms
        spinner.abort();
        assert!(spinner.await.unwrap_err().is_cancelled());
        let frames = "\r\\ thinking!\r| thinking!\r/ thinking!\r- thinking!";
        assert_eq!(screen(drawn), format!("{frames}{CLEAR}"));
    }

    #[tokio::test(start_paused = true)]
    async fn supervisor_returns_the_answer_as_soon_as_slow_does() {
        let (drawn, out) = io::pipe().unwrap();
        let start = Instant::now();
        let answer = supervisor(
            Edition::Second,
            "thinking!",
            out,
            slow(Duration::from_millis(250)),
        )
        .await;
        assert_eq!(answer.unwrap(), 42);
        // Paused time: not a wall-clock measure. No waiting for the next frame at 300 ms.
        assert_eq!(start.elapsed(), Duration::from_millis(250));
        let frames = "\r\\ thinking!\r| thinking!\r/ thinking!";
        assert_eq!(screen(drawn), format!("{frames}{CLEAR}"));
    }

    #[tokio::test(start_paused = true)]
    async fn supervisor_spins_the_whole_time() {
        let (drawn, out) = io::pipe().unwrap();
        let answer = supervisor(
            Edition::Second,
            "thinking!",
            out,
            slow(Duration::from_millis(2_950)),
        )
        .await;
        assert_eq!(answer.unwrap(), 42);
        let screen = screen(drawn);
        let cycle = "\r\\ thinking!\r| thinking!\r/ thinking!\r- thinking!";
        // Frames at 0, 0.1, ... 2.9 s: 30 frames, seven turns and a half.
        let frames = format!("{}\r\\ thinking!\r| thinking!", cycle.repeat(7));
        assert_eq!(screen, format!("{frames}{CLEAR}"));
    }

    #[tokio::test]
    async fn a_spinner_cancelled_before_it_ran_draws_nothing() {
        let (drawn, out) = io::pipe().unwrap();
        let spinner = tokio::spawn(spin(Edition::Second, "thinking!".into(), out));
        spinner.abort(); // before the first poll: the future is dropped without running
        assert!(spinner.await.unwrap_err().is_cancelled());
        assert_eq!(screen(drawn), "");
    }

    #[tokio::test(start_paused = true)]
    async fn the_first_edition_spinner_backs_up_and_clears_with_backspaces() {
        let (drawn, out) = io::pipe().unwrap();
        let answer = supervisor(
            Edition::First,
            "thinking!",
            out,
            slow(Duration::from_millis(150)),
        )
        .await;
        assert_eq!(answer.unwrap(), 42);
        let back = "\x08".repeat(11);
        let blanks = " ".repeat(11);
        let frames = format!("| thinking!{back}/ thinking!{back}");
        assert_eq!(screen(drawn), format!("{frames}{blanks}{back}"));
    }
}
