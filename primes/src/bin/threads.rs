//! `threads.py` (*Fluent Python*, 2nd ed., ch. 19): worker threads take numbers from a
//! job queue and put results on a result queue; a 0 per worker stops them.
//!
//! ```text
//! cargo run --release -p primes --bin threads        # one thread per CPU
//! cargo run --release -p primes --bin threads -- 1   # compare with sequential
//! ```
//!
//! Watch for: the book's point turned around. CPython's threads are slower than its
//! sequential code here (the GIL); Rust threads check numbers in parallel, so with 2
//! workers on 2 cores the total is about half of `sequential`'s. Lines come in the order
//! the checks finish, not the order of the numbers.

use std::io;
use std::process::ExitCode;

use clap::Parser;
use primes::cli::{cpu_count, finish, parse_workers};

/// Check the book's 20 numbers on worker threads (threads.py).
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_BIN_NAME"), version)] // the doc comment above is the --help text
struct Args {
    /// How many worker threads [default: the number of CPUs]
    #[arg(value_parser = parse_workers, allow_negative_numbers = true)]
    workers: Option<usize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let workers = args.workers.unwrap_or_else(cpu_count);
    finish(primes::threads::main(workers, io::stdout().lock()).map_err(Into::into))
}
