//! `primes.py` (*Fluent Python*, 2nd ed., ch. 19): checks `is_prime` against the book's
//! fixture and prints each number with its answer.
//!
//! ```text
//! cargo run --release -p primes --bin primes
//! ```
//!
//! Watch for: twenty lines, `n true` or `n false`, as the book's `print(n, prime)`; a
//! wrong answer stops the run with exit status 1, as the book's `assert` would.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::ensure;
use clap::Parser;
use primes::cli::finish;
use primes::{PRIME_FIXTURE, is_prime};

/// Check is_prime against the book's 20 numbers (primes.py).
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)] // the doc comment above is the --help text
struct Args {}

fn run(mut out: impl Write) -> anyhow::Result<()> {
    for (n, prime) in PRIME_FIXTURE {
        let prime_res = is_prime(n);
        ensure!(
            prime_res == prime,
            "is_prime({n}) is {prime_res}, the book says {prime}"
        );
        writeln!(out, "{n} {prime}")?;
    }
    Ok(())
}

fn main() -> ExitCode {
    Args::parse();
    finish(run(io::stdout().lock()))
}
