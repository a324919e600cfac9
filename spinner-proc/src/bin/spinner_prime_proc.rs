//! `spinner_prime_proc.py` (*Fluent Python*, 2nd ed., ch. 19): the process spinner
//! around CPU-bound work, the book's `is_prime(5_000_111_000_222_021)`.
//!
//! ```text
//! cargo run --release -p spinner-proc --bin spinner_prime_proc -- --number 9223372036854775783
//! cargo run --release -p spinner-proc --bin spinner_prime_proc
//! ```
//!
//! Rust checks the book's 5_000_111_000_222_021 in about 0.1 s in release (CPython
//! needs seconds): too fast to watch. The first line checks the largest prime below
//! 2^63 instead, about 4 s of dividing; the second, the book's number.
//!
//! Watch for: the bar keeps turning at full speed while the main process divides, as
//! with `spinner_prime_thread`. In CPython this is where processes beat threads (no GIL
//! to share); in Rust both run in parallel, and the process only costs more to start.

use std::io::{self, Write};
use std::process::ExitCode;

use spinner_proc::cli::{self, PrimeArgs};
use spinner_proc::primes::{is_prime, with_commas};
use spinner_proc::supervisor;

fn check(n: u64) -> bool {
    is_prime(n)
}

fn main() -> ExitCode {
    spinner_proc::spin_if_child(); // the spinner process draws here, and exits
    cli::exit_status(run()) // quietly 141 if stdout was closed (`| head -1`)
}

fn run() -> anyhow::Result<()> {
    let args: PrimeArgs = cli::parse();
    // No `Terminal` here: the spinner process draws, so it owns the terminal.
    let n = args.number;
    let result = supervisor(&args.message, || check(n))?;
    let msg = if result { "is" } else { "is not" };
    writeln!(io::stdout(), "{} {msg} prime", with_commas(n))?;
    Ok(())
}
