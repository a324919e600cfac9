//! `spinner_prime_async_broken.py` (*Fluent Python*, 2nd ed., ch. 19): the async spinner
//! around CPU-bound work, the book's `is_prime(5_000_111_000_222_021)`, done wrong.
//!
//! ```text
//! cargo run --release -p spinner-async --bin spinner_prime_async_broken -- --number 9223372036854775783
//! cargo run --release -p spinner-async --bin spinner_prime_async_broken
//! ```
//!
//! Rust checks the book's 5_000_111_000_222_021 in about 0.1 s in release (CPython
//! needs seconds): too fast to watch. The first line checks the largest prime below
//! 2^63 instead, about 4 s of dividing; the second, the book's number.
//!
//! Watch for: the `spinner object:` line, then a frozen screen until the answer. `check`
//! is an `async fn`, but `is_prime` inside it never awaits: it divides from start to end
//! on the runtime's only thread, and the spinner task never gets a turn. An `async fn`
//! that never awaits is a blocking call in disguise. Compare `spinner_prime_thread`.

use std::io::{self, Write};
use std::process::ExitCode;

use spinner_async::cli::{self, PrimeArgs, Terminal};
use spinner_async::primes::{is_prime, with_commas};
use spinner_async::{Edition, supervisor};

// ANCHOR: check
async fn check(n: u64) -> bool {
    is_prime(n) // Warning: CPU-bound work on the runtime's only thread!
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
    use std::io::{self, Read};

    #[tokio::test] // a current-thread runtime, like main's
    async fn the_spinner_freezes_while_check_divides() {
        let (mut drawn, out) = io::pipe().unwrap();
        let result = supervisor(Edition::Second, "thinking!", out, check(999_999_999_989)).await;
        assert!(result.unwrap());
        let mut screen = String::new();
        drawn.read_to_string(&mut screen).unwrap();
        assert_eq!(screen, "", "not one frame while the check held the thread");
    }
}
