//! The fix for `spinner_prime_async_broken` (*Fluent Python*, 2nd ed., ch. 19, and the
//! book's advice: `asyncio.to_thread` / `loop.run_in_executor` for blocking work).
//!
//! ```text
//! cargo run --release -p spinner-async --bin spinner_prime_async_to_thread -- --number 9223372036854775783
//! cargo run --release -p spinner-async --bin spinner_prime_async_to_thread
//! ```
//!
//! Rust checks the book's 5_000_111_000_222_021 in about 0.1 s in release (CPython
//! needs seconds): too fast to watch. The first line checks the largest prime below
//! 2^63 instead, about 4 s of dividing; the second, the book's number.
//!
//! Watch for: the bar turns at full speed, and the check runs at the speed of the broken
//! version: `spawn_blocking` runs the book's unchanged `is_prime` on tokio's blocking
//! thread pool, and `check` just awaits its result, so the runtime's only thread stays
//! free for the spinner. Unlike Python's `to_thread`, the check really runs in parallel
//! with the runtime: Rust has no GIL.

use std::io::{self, Write};
use std::process::ExitCode;

use spinner_async::cli::{self, PrimeArgs, Terminal};
use spinner_async::primes::{is_prime, with_commas};
use spinner_async::{Edition, supervisor};
use tokio::task;

// ANCHOR: check
async fn check(n: u64) -> bool {
    // New: the CPU-bound call moves to a thread of its own; this task awaits the result.
    let checked = task::spawn_blocking(move || is_prime(n)).await;
    checked.expect("is_prime panicked") // a bug: a panic is the right answer
}
// ANCHOR_END: check

#[tokio::main(flavor = "current_thread")] // one thread, one loop: like `asyncio.run`
async fn main() -> ExitCode {
    cli::exit_status(run().await) // quietly 141 if stdout was closed (`| head -1`)
}

async fn run() -> anyhow::Result<()> {
    let args: PrimeArgs = cli::parse();
    let terminal = Terminal::open()?; // cursor hidden until dropped, Ctrl-C or SIGTERM
    let n = args.number;
    let result = supervisor(Edition::Second, &args.message, terminal.frames(), check(n)).await?;
    let msg = if result { "is" } else { "is not" };
    writeln!(io::stdout(), "{} {msg} prime", with_commas(n))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{self, Write};
    use std::sync::mpsc;
    use std::time::Duration;

    #[tokio::test]
    async fn check_is_right() {
        assert!(check(999_999_999_989).await);
        assert!(!check(999_999_999_987).await);
    }

    /// Tells the test each time a frame is drawn (the spinner flushes once per frame).
    struct Frames(mpsc::Sender<()>);

    impl Write for Frames {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            let _ = self.0.send(()); // the test may have stopped listening
            Ok(())
        }
    }

    #[tokio::test] // a current-thread runtime, like main's
    async fn the_spinner_turns_while_a_blocking_thread_works() {
        let (drew, frames) = mpsc::channel();
        // Blocking work that waits for the spinner to draw three frames: they come only
        // if the runtime's thread stays free. (Bounded, so a failure cannot hang.)
        let wait = Duration::from_secs(30);
        let work = task::spawn_blocking(move || {
            (0..3).filter(|_| frames.recv_timeout(wait).is_ok()).count()
        });
        let drawn = supervisor(Edition::Second, "thinking!", Frames(drew), async {
            work.await.unwrap()
        });
        assert_eq!(drawn.await.unwrap(), 3);
    }
}
