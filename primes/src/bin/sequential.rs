//! `sequential.py` (*Fluent Python*, 2nd ed., ch. 19): the baseline for the primes
//! experiments, every number checked in turn on the main thread.
//!
//! ```text
//! cargo run --release -p primes --bin sequential
//! ```
//!
//! Watch for: one line per number, in the book's order; the cheap ones (even, or with a
//! small factor) take microseconds, the primes and the products of two big primes tenths
//! of a second. The total is the time every other version is measured against.

use std::io;
use std::process::ExitCode;

use clap::Parser;
use primes::cli::finish;

/// Check the book's 20 numbers one after the other (sequential.py).
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)] // the doc comment above is the --help text
struct Args {}

fn main() -> ExitCode {
    Args::parse();
    finish(primes::sequential::main(io::stdout().lock()).map_err(Into::into))
}
