//! `spinner_prime_async_nap.py` (*Fluent Python*, 2nd ed., ch. 19): the broken async
//! prime spinner, patched by having `is_prime` give the thread back now and then.
//!
//! ```text
//! cargo run --release -p spinner-async --bin spinner_prime_async_nap -- --number 9223372036854775783
//! cargo run --release -p spinner-async --bin spinner_prime_async_nap
//! ```
//!
//! Rust checks the book's 5_000_111_000_222_021 in about 0.1 s in release (CPython
//! needs seconds): too fast to watch. The first line checks the largest prime below
//! 2^63 instead, about 4 s of dividing; the second, the book's number.
//!
//! Watch for: the bar turns again. `yield_now` is the book's `asyncio.sleep(0)`: a
//! cooperative scheduler switches tasks only where a task awaits, so CPU-bound code must
//! await on purpose. The book's run gets slower; here the 30,000 naps of the big check
//! are lost in the noise (time it against `spinner_prime_async_broken`). The catch is
//! elsewhere: the naps are placed by hand, and between two of them no other task runs.
//! The right fix takes the work off the runtime: `spinner_prime_async_to_thread`.

use std::io::{self, Write};
use std::process::ExitCode;

use spinner_async::cli::{self, PrimeArgs, Terminal};
use spinner_async::primes::with_commas;
use spinner_async::{Edition, supervisor};
use tokio::task;

// ANCHOR: is_prime
/// The book's `is_prime`, made async: the same trial division, with a nap.
async fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n == 2 {
        return true;
    }
    if n.is_multiple_of(2) {
        return false;
    }
    let root = n.isqrt();
    for i in (3..=root).step_by(2) {
        if n.is_multiple_of(i) {
            return false;
        }
        // New: every 100,000 values of `i` (50,000 divisions), let other tasks run.
        if i % 100_000 == 1 {
            task::yield_now().await;
        }
    }
    true
}
// ANCHOR_END: is_prime

async fn check(n: u64) -> bool {
    is_prime(n).await
}

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
    use std::io::{self, Read};

    #[tokio::test]
    async fn the_nap_agrees_with_the_books_is_prime() {
        for n in (0..2_000).chain([1_000_000_007, 999_983 * 999_983, 999_999_999_989]) {
            assert_eq!(is_prime(n).await, spinner_async::primes::is_prime(n), "{n}");
        }
    }

    #[tokio::test] // a current-thread runtime, like main's
    async fn the_spinner_turns_during_the_naps() {
        let (mut drawn, out) = io::pipe().unwrap();
        // A prime above 100,000²: its check naps at least once, so the spinner draws.
        let result = supervisor(Edition::Second, "thinking!", out, check(999_999_999_989)).await;
        assert!(result.unwrap());
        let mut screen = String::new();
        drawn.read_to_string(&mut screen).unwrap();
        assert!(screen.starts_with("\r\\ thinking!"), "{screen:?}");
        assert!(screen.ends_with("\r            \r"), "{screen:?}");
    }
}
