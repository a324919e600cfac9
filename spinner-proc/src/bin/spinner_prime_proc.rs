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

use clap::Parser;
use spinner_proc::cli::PrimeArgs;
use spinner_proc::primes::{is_prime, with_commas};
use spinner_proc::supervisor;

fn check(n: u64) -> bool {
    is_prime(n)
}

fn main() -> anyhow::Result<()> {
    spinner_proc::spin_if_child(); // the spinner process draws here, and exits
    let args = PrimeArgs::parse();
    // No `Terminal` here: the spinner process draws, so it owns the terminal.
    let n = args.number;
    let result = supervisor(&args.message, || check(n))?;
    let msg = if result { "is" } else { "is not" };
    spinner_proc::say(format_args!("{} {msg} prime", with_commas(n)))?; // a closed stdout ends quietly
    Ok(())
}
