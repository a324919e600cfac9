//! `spinner_prime_thread.py` (*Fluent Python*, 2nd ed., ch. 19): the thread spinner
//! around CPU-bound work, the book's `is_prime(5_000_111_000_222_021)`.
//!
//! ```text
//! cargo run --release -p spinner-thread --bin spinner_prime_thread -- --number 9223372036854775783
//! cargo run --release -p spinner-thread --bin spinner_prime_thread
//! ```
//!
//! Rust checks the book's 5_000_111_000_222_021 in about 0.1 s in release (CPython
//! needs seconds): too fast to watch. The first line checks the largest prime below
//! 2^63 instead, about 4 s of dividing; the second, the book's number.
//!
//! Watch for: the bar keeps turning, at full speed, the whole time the main thread divides.
//! In CPython the spinner turns too, but only because the GIL is handed over every few
//! milliseconds, and two threads never run Python code at once. Rust has no GIL: the check
//! and the spinner are two OS threads that run truly in parallel, one per core (`top`
//! shows 100% CPU).

use std::io::{self, Write};
use std::process::ExitCode;

use spinner_thread::cli::{self, PrimeArgs, Terminal};
use spinner_thread::primes::{is_prime, with_commas};
use spinner_thread::{Edition, supervisor};

fn check(n: u64) -> bool {
    is_prime(n)
}

fn main() -> ExitCode {
    cli::exit_status(run()) // quietly 141 if stdout was closed (`| head -1`)
}

fn run() -> anyhow::Result<()> {
    let args: PrimeArgs = cli::parse();
    let terminal = Terminal::open()?; // cursor hidden until dropped, Ctrl-C or SIGTERM
    let n = args.number;
    let result = supervisor(Edition::Second, &args.message, terminal.frames(), || {
        check(n)
    })?;
    let msg = if result { "is" } else { "is not" };
    writeln!(io::stdout(), "{} {msg} prime", with_commas(n))?;
    Ok(())
}
